"""``/actors``: canonical actors and the events they take part in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from newsdesk.api.deps import use_desk
from newsdesk.api.pagination import PageParams, page_of, page_params
from newsdesk.api.routing import ApiRoute, error_responses
from newsdesk.api.schemas import ActorDetail, ActorPage, EventPage
from newsdesk.api.tables import CSV_RESPONSE, OutputFormat, csv_response
from newsdesk.api.workers import run_read
from newsdesk.desk import Desk
from newsdesk.export.tables import ACTORS

router = APIRouter(tags=["actors"], route_class=ApiRoute)

ActorId = Annotated[str, Path(description="An actor id (act_…).")]


@router.get("/actors", response_model=ActorPage, responses={**CSV_RESPONSE, **error_responses(422)})
async def list_actors(
    request: Request,
    desk: Annotated[Desk, Depends(use_desk)],
    page: Annotated[PageParams, Depends(page_params)],
    q: Annotated[
        str | None, Query(description="Part of an id, name or alias (case-insensitive).")
    ] = None,
    fmt: Annotated[OutputFormat, Query(alias="format", description="json or csv.")] = (
        OutputFormat.json
    ),
) -> ActorPage | Response:
    """Canonical actors (countries, people, organisations, groups), by name."""

    def work() -> ActorPage | Response:
        items, cursor = page_of(
            lambda limit, offset: desk.actors(q, limit=limit, offset=offset), page
        )
        if fmt is OutputFormat.csv:
            return csv_response(request, items, ACTORS, cursor)
        return ActorPage(items=items, next_cursor=cursor)

    return await run_read(request, work)


@router.get("/actors/{actor_id}", response_model=ActorDetail, responses=error_responses(404, 422))
async def get_actor(
    request: Request,
    actor_id: ActorId,
    desk: Annotated[Desk, Depends(use_desk)],
    page: Annotated[PageParams, Depends(page_params)],
) -> ActorDetail:
    """One actor and a page of the merged events in which it acts or is acted on, newest
    first (``limit`` and ``cursor`` page the events)."""

    def work() -> ActorDetail:
        actor = desk.actor(actor_id)
        items, cursor = page_of(
            lambda limit, offset: desk.actor_events(actor.actor_id, limit=limit, offset=offset),
            page,
        )
        return ActorDetail(actor=actor, events=EventPage(items=items, next_cursor=cursor))

    return await run_read(request, work)
