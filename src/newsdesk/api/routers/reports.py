"""``/reports``: event reports, each one event as one sentence of one article tells it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from newsdesk.api.deps import use_desk
from newsdesk.api.pagination import PageParams, page_of, page_params
from newsdesk.api.routers.events import (
    ActorFilter,
    Country,
    EventType,
    Format,
    Historical,
    MinSources,
    Mode,
    RecipientFilter,
    Since,
    StoryFilter,
    Until,
)
from newsdesk.api.routing import ApiRoute, error_responses
from newsdesk.api.schemas import ReportPage
from newsdesk.api.tables import CSV_RESPONSE, OutputFormat, csv_response
from newsdesk.api.workers import run_read
from newsdesk.desk import Desk
from newsdesk.export.tables import REPORTS

router = APIRouter(tags=["events"], route_class=ApiRoute)


@router.get(
    "/reports", response_model=ReportPage, responses={**CSV_RESPONSE, **error_responses(404, 422)}
)
async def list_reports(
    request: Request,
    desk: Annotated[Desk, Depends(use_desk)],
    page: Annotated[PageParams, Depends(page_params)],
    event_type: EventType = None,
    mode: Mode = None,
    actor: ActorFilter = None,
    recipient: RecipientFilter = None,
    country: Country = None,
    since: Since = None,
    until: Until = None,
    min_sources: MinSources = 0,
    story_id: StoryFilter = None,
    historical: Historical = None,
    article: Annotated[
        str | None, Query(description="Only this article's reports (id or unique prefix).")
    ] = None,
    unreal: Annotated[bool, Query(description="Include negated and hypothetical reports.")] = False,
    fmt: Format = OutputFormat.json,
) -> ReportPage | Response:
    """Event reports with their evidence offsets, newest event date first."""

    def work() -> ReportPage | Response:
        items, cursor = page_of(
            lambda limit, offset: desk.events(
                event_type=event_type,
                mode=mode,
                actor=actor,
                recipient=recipient,
                country=country,
                since=since,
                until=until,
                article=article,
                story_id=story_id,
                min_sources=min_sources,
                unreal=unreal,
                historical=historical,
                limit=limit,
                offset=offset,
            ),
            page,
        )
        if fmt is OutputFormat.csv:
            return csv_response(request, items, REPORTS, cursor)
        return ReportPage(items=items, next_cursor=cursor)

    return await run_read(request, work)
