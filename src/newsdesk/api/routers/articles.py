"""``/articles``: stored articles (list, search, one with its document) and adding new ones."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from newsdesk.api.deps import get_desk, use_desk
from newsdesk.api.pagination import PageParams, page_of, page_params
from newsdesk.api.routing import ApiError, ApiRoute, error_responses
from newsdesk.api.schemas import AddResult, ArticleDetail, ArticleIn, DocumentPage
from newsdesk.api.tables import CSV_RESPONSE, OutputFormat, csv_response
from newsdesk.api.workers import run_read, run_write
from newsdesk.api.writes import body_format, read_body, require_token
from newsdesk.desk import Desk
from newsdesk.export.tables import DOCUMENTS

router = APIRouter(tags=["articles"], route_class=ApiRoute)

ArticleId = Annotated[
    str, Path(description="An article id (art_…) or a unique prefix of 6+ characters.")
]

_ARTICLE_SCHEMA = ArticleIn.model_json_schema()


@router.get(
    "/articles",
    response_model=DocumentPage,
    responses={**CSV_RESPONSE, **error_responses(422)},
)
async def list_articles(
    request: Request,
    desk: Annotated[Desk, Depends(use_desk)],
    page: Annotated[PageParams, Depends(page_params)],
    outlet: Annotated[str | None, Query(description="Outlet id (domain) or name.")] = None,
    since: Annotated[date | None, Query(description="Published on or after.")] = None,
    until: Annotated[date | None, Query(description="Published on or before.")] = None,
    lang: Annotated[str | None, Query(description="ISO 639-1 language code.")] = None,
    q: Annotated[
        str | None, Query(description="Full-text search in titles and texts (all words).")
    ] = None,
    duplicates: Annotated[
        bool, Query(description="Include exact and near duplicates of earlier articles.")
    ] = True,
    fmt: Annotated[OutputFormat, Query(alias="format", description="json or csv.")] = (
        OutputFormat.json
    ),
) -> DocumentPage | Response:
    """Stored documents (clean articles), newest first."""

    def work() -> DocumentPage | Response:
        items, cursor = page_of(
            lambda limit, offset: desk.articles(
                outlet=outlet,
                since=since,
                until=until,
                lang=lang,
                search=q,
                duplicates=duplicates,
                limit=limit,
                offset=offset,
            ),
            page,
        )
        if fmt is OutputFormat.csv:
            return csv_response(request, items, DOCUMENTS, cursor)
        return DocumentPage(items=items, next_cursor=cursor)

    return await run_read(request, work)


@router.get(
    "/articles/{article_id}", response_model=ArticleDetail, responses=error_responses(404, 422)
)
async def get_article(
    request: Request, article_id: ArticleId, desk: Annotated[Desk, Depends(use_desk)]
) -> ArticleDetail:
    """One article (its id, or a unique prefix of 6+ characters) with its clean document,
    sentence offsets, outlet and story."""

    def work() -> ArticleDetail:
        found = desk.article(article_id)
        key = found.article.article_id
        return ArticleDetail(
            article=found.article,
            document=found.document,
            source=found.source,
            story_id=desk.store.story_assignments([key]).get(key),
        )

    return await run_read(request, work)


@router.post(
    "/articles",
    status_code=201,
    response_model=AddResult,
    responses={
        200: {"model": AddResult, "description": "Nothing new: every article was stored before."},
        **error_responses(401, 403, 413, 415, 422),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "anyOf": [_ARTICLE_SCHEMA, {"type": "array", "items": _ARTICLE_SCHEMA}]
                    }
                },
                "application/x-ndjson": {
                    "schema": {
                        "type": "string",
                        "description": "JSONL: one article object (as application/json) a "
                        "line; application/jsonl is accepted too.",
                    }
                },
            },
        }
    },
)
async def add_articles(
    request: Request,
    response: Response,
    _auth: Annotated[None, Depends(require_token)],
) -> AddResult:
    """Add articles: ingest, extract events and quotes, and group stories, in one go.

    The body is JSON (one article object or a list) or JSONL. Nothing is stored when any
    record is malformed (422 names it). Requires ``Authorization: Bearer <token>``.
    Writes are serialised; reads go on meanwhile."""
    kind = body_format(request.headers.get("content-type"))
    data = await read_body(request, request.app.state.settings.api.max_body_bytes)
    if not data.strip():
        raise ApiError(422, "body: empty; send one or more articles", code="empty")
    desk: Desk = get_desk(request)
    report = await run_write(request, lambda: desk.add(data, fmt=kind))
    if not report.article_ids:
        response.status_code = 200
    return AddResult.model_validate(report.to_dict())
