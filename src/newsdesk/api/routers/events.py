"""``/events``: merged events (one per real-world event, reports merged across outlets)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from newsdesk.api.deps import use_desk
from newsdesk.api.pagination import PageParams, page_of, page_params
from newsdesk.api.routing import ApiRoute, error_responses
from newsdesk.api.schemas import EventPage
from newsdesk.api.tables import CSV_RESPONSE, OutputFormat, csv_response
from newsdesk.api.workers import run_read
from newsdesk.desk import Desk
from newsdesk.export.tables import EVENTS

router = APIRouter(tags=["events"], route_class=ApiRoute)

EventType = Annotated[
    str | None, Query(alias="type", description="PLOVER event type, e.g. PROTEST.")
]
Mode = Annotated[str | None, Query(description="PLOVER mode, e.g. arrest.")]
ActorFilter = Annotated[
    str | None, Query(description="Actor id, or part of a name or alias (case-insensitive).")
]
RecipientFilter = Annotated[
    str | None, Query(description="Recipient id, or part of a name or alias.")
]
Country = Annotated[
    str | None, Query(description="ISO 3166-1 alpha-3 code of the actor or the recipient.")
]
Since = Annotated[date | None, Query(description="Event date on or after.")]
Until = Annotated[date | None, Query(description="Event date on or before.")]
MinSources = Annotated[int, Query(ge=0, description="At least this many independent outlets.")]
StoryFilter = Annotated[str | None, Query(description="Only this story's (id or prefix).")]
Historical = Annotated[
    bool | None,
    Query(description="true: only background events; false: only current ones; default both."),
]
Format = Annotated[OutputFormat, Query(alias="format", description="json or csv.")]


@router.get(
    "/events", response_model=EventPage, responses={**CSV_RESPONSE, **error_responses(404, 422)}
)
async def list_events(
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
    fmt: Format = OutputFormat.json,
) -> EventPage | Response:
    """Merged events, newest event date first."""

    def work() -> EventPage | Response:
        items, cursor = page_of(
            lambda limit, offset: desk.merged_events(
                story_id=story_id,
                event_type=event_type,
                mode=mode,
                actor=actor,
                recipient=recipient,
                country=country,
                since=since,
                until=until,
                min_sources=min_sources,
                historical=historical,
                limit=limit,
                offset=offset,
            ),
            page,
        )
        if fmt is OutputFormat.csv:
            return csv_response(request, items, EVENTS, cursor)
        return EventPage(items=items, next_cursor=cursor)

    return await run_read(request, work)
