"""``/stories``: stories, and for one story its events, source comparison, timeline,
quotes and brief."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from newsdesk.api.deps import use_desk
from newsdesk.api.pagination import PageParams, page_of, page_params
from newsdesk.api.routing import ApiRoute, error_responses
from newsdesk.api.schemas import QuotePage, StoryArticle, StoryDetail, StoryPage, TimelinePage
from newsdesk.api.tables import CSV_RESPONSE, OutputFormat, csv_response
from newsdesk.api.workers import run_read
from newsdesk.briefs.brief import Brief
from newsdesk.compare.sources import Comparison
from newsdesk.desk import Desk
from newsdesk.export.tables import STORIES

router = APIRouter(tags=["stories"], route_class=ApiRoute)

StoryId = Annotated[str, Path(description="A story id (sty_…) or a unique prefix of one.")]


class StoryOrder(StrEnum):
    newest = "newest"
    sources = "sources"


@router.get(
    "/stories", response_model=StoryPage, responses={**CSV_RESPONSE, **error_responses(422)}
)
async def list_stories(
    request: Request,
    desk: Annotated[Desk, Depends(use_desk)],
    page: Annotated[PageParams, Depends(page_params)],
    since: Annotated[date | None, Query(description="Seen on or after.")] = None,
    min_sources: Annotated[int, Query(ge=0, description="At least this many outlets.")] = 0,
    order: Annotated[
        StoryOrder, Query(description="newest (last seen first) or sources (most outlets first).")
    ] = StoryOrder.newest,
    fmt: Annotated[OutputFormat, Query(alias="format", description="json or csv.")] = (
        OutputFormat.json
    ),
) -> StoryPage | Response:
    """Stories with their article, outlet and event counts."""

    def work() -> StoryPage | Response:
        items, cursor = page_of(
            lambda limit, offset: desk.stories(
                since=since, min_sources=min_sources, order=order.value, limit=limit, offset=offset
            ),
            page,
        )
        if fmt is OutputFormat.csv:
            return csv_response(request, items, STORIES, cursor)
        return StoryPage(items=items, next_cursor=cursor)

    return await run_read(request, work)


@router.get("/stories/{story_id}", response_model=StoryDetail, responses=error_responses(404, 422))
async def get_story(
    request: Request, story_id: StoryId, desk: Annotated[Desk, Depends(use_desk)]
) -> StoryDetail:
    """One story (id or unique prefix): its outlets, articles and merged events."""
    return await run_read(request, lambda: _story_detail(desk, story_id))


def _story_detail(desk: Desk, story_id: str) -> StoryDetail:
    view = desk.story(story_id, evidence=False)
    return StoryDetail(
        story=view.story,
        sources=view.sources,
        articles=[
            StoryArticle(
                doc_id=d.doc_id,
                title=d.title,
                source_id=d.source_id,
                counts_as=view.source_of(d.doc_id),
                pub_date=d.pub_date,
                published_at=d.published_at,
                lang=d.lang,
                duplicate_of=d.duplicate_of,
            )
            for d in view.documents.values()
        ],
        events=view.events,
    )


@router.get(
    "/stories/{story_id}/comparison",
    response_model=Comparison,
    responses=error_responses(404, 422),
)
async def get_comparison(
    request: Request, story_id: StoryId, desk: Annotated[Desk, Depends(use_desk)]
) -> Comparison:
    """What the story's outlets report and leave out, event by event, and where they
    contradict each other (dates, titles, numbers), with the sentences as evidence."""
    return await run_read(request, lambda: desk.comparison(story_id))


@router.get(
    "/stories/{story_id}/timeline",
    response_model=TimelinePage,
    responses=error_responses(404, 422),
)
async def get_timeline(
    request: Request,
    story_id: StoryId,
    desk: Annotated[Desk, Depends(use_desk)],
    page: Annotated[PageParams, Depends(page_params)],
) -> TimelinePage:
    """The story's events and dated background facts, oldest first, each with its
    sources and citations."""
    items, cursor = page.slice(await run_read(request, lambda: desk.timeline(story_id)))
    return TimelinePage(items=items, next_cursor=cursor)


@router.get(
    "/stories/{story_id}/quotes", response_model=QuotePage, responses=error_responses(404, 422)
)
async def get_quotes(
    request: Request,
    story_id: StoryId,
    desk: Annotated[Desk, Depends(use_desk)],
    page: Annotated[PageParams, Depends(page_params)],
) -> QuotePage:
    """Who said what in the story's articles: direct, mixed and indirect quotes with the
    speaker and the offsets of the quoted words."""
    quotes = await run_read(request, lambda: desk.story(story_id).quotes)
    items, cursor = page.slice(quotes)
    return QuotePage(items=items, next_cursor=cursor)


@router.get("/stories/{story_id}/brief", response_model=Brief, responses=error_responses(404, 422))
async def get_brief(
    request: Request, story_id: StoryId, desk: Annotated[Desk, Depends(use_desk)]
) -> Brief:
    """The story's brief: every sentence cites the article spans it rests on
    (``citations``: document id and offsets)."""
    brief, _view = await run_read(request, lambda: desk.brief(story_id))
    return brief
