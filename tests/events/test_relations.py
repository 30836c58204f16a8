"""The actor network and dyad series built from merged events."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.errors import InputError
from newsdesk.events.relations import actor_network, dyad_series, edge_rows, ego_network, layout
from newsdesk.model import Event, Participant


def who(actor_id: str | None, name: str = "") -> Participant:
    return Participant(text=name or str(actor_id), start=0, end=1, actor_id=actor_id, name=name)


def event(n: int, a: str | None, b: str | None, day: date | None, score: float | None) -> Event:
    return Event(
        event_id=f"evt_{n}",
        event_type="ACCUSE",
        actor=who(a, a or "") if a else None,
        recipient=who(b, b or "") if b else None,
        date=day,
        score=score,
    )


EVENTS = [
    event(1, "A", "B", date(2024, 4, 1), -2.0),
    event(2, "A", "B", date(2024, 4, 20), -4.0),
    event(3, "B", "A", date(2024, 4, 2), 3.0),
    event(4, "A", "B", date(2024, 6, 3), None),
    event(5, "A", "C", date(2024, 4, 3), 7.0),
    event(6, "C", "D", None, 1.0),
    event(7, "A", None, date(2024, 4, 3), 1.0),
    event(1, "A", "B", date(2024, 4, 1), -2.0),  # the same event twice counts once
]


def test_dyad_series_by_month_in_both_directions() -> None:
    series = dyad_series(EVENTS, "A", "B", period="month")
    assert [p.period for p in series] == ["2024-04", "2024-06"]
    april, june = series
    assert (april.n_events, april.mean_score) == (2, -3.0)
    assert (april.n_reverse, april.mean_reverse) == (1, 3.0)
    assert (june.n_events, june.mean_score, june.n_reverse) == (1, None, 0)


def test_dyad_periods() -> None:
    assert [p.period for p in dyad_series(EVENTS, "A", "B", period="week")] == [
        "2024-W14", "2024-W16", "2024-W23"
    ]  # fmt: skip
    assert [p.period for p in dyad_series(EVENTS, "A", "B", period="year")] == ["2024"]
    assert len(dyad_series(EVENTS, "A", "B", period="day")) == 4
    with pytest.raises(InputError, match="period 'decade'"):
        dyad_series(EVENTS, "A", "B", period="decade")


def test_the_network_counts_events_per_pair() -> None:
    graph = actor_network(EVENTS)
    assert set(graph.nodes) == {"A", "B", "C", "D"}
    assert graph.edges["A", "B"]["n_events"] == 4
    assert graph.edges["A", "B"]["mean_score"] == round((-2 - 4 + 3) / 3, 2)
    assert graph.edges["C", "D"]["n_events"] == 1
    rows = edge_rows(graph, "A")
    assert [r["actor_id"] for r in rows] == ["B", "C"]
    ego = ego_network(graph, "A", limit=1)
    assert set(ego.nodes) == {"A", "B"}
    assert layout(ego) == layout(ego)  # deterministic
    assert not ego_network(graph, "Z")
