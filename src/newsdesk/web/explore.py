"""What the event explorer, actor and dyad pages show, read through the Python API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsdesk.desk import Desk
from newsdesk.errors import InputError
from newsdesk.events.ontology import load_ontology
from newsdesk.events.relations import (
    actor_network,
    edge_rows,
    ego_network,
    layout,
)
from newsdesk.export.tables import EVENTS, csv_lines
from newsdesk.model import Actor, Event
from newsdesk.web import charts
from newsdesk.web.params import Page, query_string

NETWORK_PARTNERS = 15  # partners whose own events are read to draw edges among them
NETWORK_EVENTS = 500  # events read per actor for the network
ACTOR_EVENTS = 2000  # events read on each side for an actor's page
DYAD_EVENTS = 200  # events listed on a dyad page (the chart and table count them all)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilters:
    """The event explorer's filters (the ``Desk.merged_events`` arguments)."""

    event_type: str | None = None
    mode: str | None = None
    actor: str | None = None
    recipient: str | None = None
    country: str | None = None
    since: date | None = None
    until: date | None = None
    min_sources: int = 0

    def check(self) -> EventFilters:
        """Raise ``ConfigError``/``InputError`` for an unknown type or mode, or an empty
        date range."""
        if self.event_type:
            kind = load_ontology().event_type(self.event_type)
            if self.mode and self.mode.lower() not in kind.modes:
                raise InputError(
                    f"mode {self.mode!r}: {kind.name} has "
                    + (", ".join(kind.modes) if kind.modes else "no modes"),
                    code="bad_mode",
                )
        if self.since and self.until and self.since > self.until:
            raise InputError(
                f"since {self.since} is after until {self.until}", code="bad_date_range"
            )
        return self

    def params(self) -> dict[str, object]:
        return {
            "event_type": self.event_type,
            "mode": self.mode,
            "actor": self.actor,
            "recipient": self.recipient,
            "country": self.country,
            "since": self.since,
            "until": self.until,
            "min_sources": self.min_sources or None,
        }

    def events(self, desk: Desk, *, limit: int | None, offset: int = 0) -> list[Event]:
        return desk.merged_events(
            event_type=self.event_type,
            mode=self.mode,
            actor=self.actor,
            recipient=self.recipient,
            country=self.country,
            since=self.since,
            until=self.until,
            min_sources=self.min_sources,
            limit=limit,
            offset=offset,
        )


def event_types() -> list[dict[str, Any]]:
    """PLOVER types with their modes, for the filter form."""
    return [
        {"name": t.name, "modes": list(t.modes), "description": t.description}
        for t in load_ontology().types.values()
    ]


def events_page(desk: Desk, filters: EventFilters, page: Page) -> dict[str, Any]:
    found = filters.events(desk, limit=page.size + 1, offset=page.offset)
    params = filters.params()
    return {
        "filters": filters,
        "params": params,
        "events": found[: page.size],
        "has_next": len(found) > page.size,
        "csv_url": "/events.csv" + query_string(params),
        "types": event_types(),
    }


def events_csv(desk: Desk, filters: EventFilters, chunk: int = 1000) -> Iterator[str]:
    """Every matching event as CSV, read ``chunk`` events at a time."""

    def events() -> Iterator[Event]:
        offset = 0
        while True:
            batch = filters.events(desk, limit=chunk, offset=offset)
            yield from batch
            if len(batch) < chunk:
                return
            offset += chunk

    return csv_lines(events(), EVENTS)


# -- actors --------------------------------------------------------------------------------


def actors_page(desk: Desk, q: str | None, page: Page) -> dict[str, Any]:
    found = desk.actors(q, limit=page.offset + page.size + 1)
    return {
        "q": q or "",
        "actors": found[page.offset : page.offset + page.size],
        "has_next": len(found) > page.offset + page.size,
    }


def actor_events(desk: Desk, actor_id: str, limit: int = ACTOR_EVENTS) -> list[Event]:
    """Merged events with the actor on either side, newest first."""
    acting = desk.merged_events(actor=actor_id, limit=limit)
    receiving = desk.merged_events(recipient=actor_id, limit=limit)
    merged = {e.event_id: e for e in [*acting, *receiving] if _involves(e, actor_id)}
    return sorted(
        merged.values(),
        key=lambda e: (e.date or e.first_reported or date.min, e.event_id),
        reverse=True,
    )


def _involves(event: Event, actor_id: str) -> bool:
    """The store matches names too; keep the events of this very actor."""
    return any(
        who is not None and who.actor_id == actor_id for who in (event.actor, event.recipient)
    )


def actor_page(desk: Desk, actor_id: str, page: Page) -> dict[str, Any]:
    actor = desk.actor(actor_id)
    events = actor_events(desk, actor.actor_id)
    partners = [r["actor_id"] for r in edge_rows(actor_network(events), actor.actor_id)]
    theirs = [e for p in partners[:NETWORK_PARTNERS] for e in actor_events(desk, p, NETWORK_EVENTS)]
    ego = ego_network(actor_network([*events, *theirs]), actor.actor_id)
    return {
        "actor": actor,
        "events": events[page.offset : page.offset + page.size],
        "n_events": len(events),
        "has_next": len(events) > page.offset + page.size,
        "partners": edge_rows(ego, actor.actor_id),
        "network_figure": _network(ego, actor),
    }


def _network(ego: Any, actor: Actor) -> str | None:
    if ego.number_of_nodes() < 2:
        return None
    positions = layout(ego)
    counts = {n: sum(d["n_events"] for _, _, d in ego.edges(n, data=True)) for n in ego.nodes}
    nodes = [
        {
            "id": n,
            "name": data.get("name") or n,
            "detail": ", ".join(str(x) for x in (data.get("kind"), data.get("country")) if x)
            + f" · {counts[n]} events",
            "n_events": counts[n],
            "url": f"/actors/{n}",
        }
        for n, data in ego.nodes(data=True)
    ]
    edges = [
        {
            "source": a,
            "target": b,
            "source_name": ego.nodes[a].get("name") or a,
            "target_name": ego.nodes[b].get("name") or b,
            "n_events": data["n_events"],
            "mean_score": data.get("mean_score"),
            "url": f"/dyads/{a}/{b}",
        }
        for a, b, data in ego.edges(data=True)
    ]
    return charts.network_figure(nodes, edges, positions, actor.actor_id)


# -- dyads ---------------------------------------------------------------------------------


def resolve_actor(desk: Desk, value: str, role: str) -> Actor:
    """The actor ``value`` names: an actor id, or a name or alias only one actor has."""
    found = desk.actors(value, limit=50)
    exact = [a for a in found if a.actor_id == value] or [
        a for a in found if a.name.lower() == value.lower()
    ]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError(f"{role} {value!r}: no actor has that id, name or alias", code="bad_actor")
    names = ", ".join(a.name for a in found[:5])
    raise InputError(
        f"{role} {value!r}: matches {len(found)} actors ({names}…); give an actor id",
        code="ambiguous_actor",
    )


def dyad_page(desk: Desk, actor: str, recipient: str, period: str) -> dict[str, Any]:
    a = resolve_actor(desk, actor, "actor")
    b = resolve_actor(desk, recipient, "recipient")
    dyad = desk.dyad(a.actor_id, b.actor_id, interval=period, limit=DYAD_EVENTS)
    return {
        "a": a,
        "b": b,
        "period": period,
        "series": dyad.series,
        "events": dyad.events,
        "n_events": dyad.n_events,
        "figure": charts.dyad_figure(dyad.series, a.name, b.name),
        "undated": dyad.n_unplaced,
    }
