"""The actor network built from merged events."""

from __future__ import annotations

from datetime import date

from newsdesk.events.relations import actor_network, edge_rows, ego_network, layout
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
