"""``/dyads``: the events between two actors, either way round, and their relation over
time (count and mean cooperation–conflict score per day, ISO week, month or year, both
directions together and each apart)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from newsdesk.api.deps import use_desk
from newsdesk.api.pagination import PageParams, page_params
from newsdesk.api.routers.events import EventType
from newsdesk.api.routing import ApiRoute, error_responses
from newsdesk.api.schemas import DyadPage
from newsdesk.api.workers import run_read
from newsdesk.desk import Desk

router = APIRouter(tags=["actors"], route_class=ApiRoute)


class Interval(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


@router.get("/dyads", response_model=DyadPage, responses=error_responses(422))
async def get_dyad(
    request: Request,
    desk: Annotated[Desk, Depends(use_desk)],
    page: Annotated[PageParams, Depends(page_params)],
    actor: Annotated[
        str, Query(min_length=1, description="One side: actor id, or part of a name or alias.")
    ],
    recipient: Annotated[
        str, Query(min_length=1, description="The other side: id, or part of a name or alias.")
    ],
    interval: Annotated[Interval, Query(description="Bins of the series.")] = Interval.month,
    event_type: EventType = None,
    since: Annotated[date | None, Query(description="Event date on or after.")] = None,
    until: Annotated[date | None, Query(description="Event date on or before.")] = None,
) -> DyadPage:
    """Merged events between ``actor`` and ``recipient`` in either direction, newest first,
    with a time series of their number and mean PLOVER score (−10 conflict … +10
    cooperation)."""
    dyad = await run_read(
        request,
        lambda: desk.dyad(
            actor,
            recipient,
            interval=interval.value,
            event_type=event_type,
            since=since,
            until=until,
            limit=page.fetch(),
            offset=page.offset,
        ),
    )
    items, cursor = page.cut(dyad.events)
    return DyadPage(
        actor=dyad.actor,
        recipient=dyad.recipient,
        interval=dyad.interval,
        n_events=dyad.n_events,
        n_unplaced=dyad.n_unplaced,
        mean_score=dyad.mean_score,
        series=list(dyad.series),
        items=items,
        next_cursor=cursor,
    )
