"""Dyads: the merged events between two actors, in either direction, and how their
relation moves over time.

A time series bins the events by day, month or year of their date and gives, per period,
the number of events and the mean PLOVER cooperation–conflict ``score`` (−10 most
conflictual … +10 most cooperative) of those that have one. An event counts in a period
only when its date is at least as precise as the period (an event dated "2024-03" is in
March's bin but in no day's); undated and too coarse events are counted apart, in
``n_unplaced``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsdesk.model import Event, Record
from newsdesk.store.base import SeriesRow

INTERVALS = ("day", "month", "year")
_WIDTH = {"day": 10, "month": 7, "year": 4}
_RANK = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True, slots=True, kw_only=True)
class SeriesPoint(Record):
    """One period of a time series: ``period`` is ``2024-03-05``, ``2024-03`` or ``2024``."""

    period: str
    n_events: int
    n_scored: int
    mean_score: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Dyad(Record):
    """The events between ``actor`` and ``recipient`` (as asked: ids, names or parts of
    names), either way round, with their time series. ``events`` is the requested page,
    newest first; the counts and the series cover every matching event."""

    actor: str
    recipient: str
    interval: str
    n_events: int
    n_unplaced: int
    mean_score: float | None
    series: tuple[SeriesPoint, ...]
    events: tuple[Event, ...]


def bin_series(rows: Iterable[SeriesRow], interval: str) -> tuple[list[SeriesPoint], int]:
    """``(points oldest first, events left out)`` from per-date rows; periods without
    events are not listed."""
    if interval not in _WIDTH:
        from newsdesk.errors import InputError

        raise InputError(
            f"interval {interval!r}: not one of {', '.join(INTERVALS)}", code="bad_interval"
        )
    counts: dict[str, list[float]] = {}
    unplaced = 0
    for row in rows:
        precise = _RANK.get(row.precision or "day", 3) >= _RANK[interval]
        if row.date is None or not precise:
            unplaced += row.n_events
            continue
        key = row.date.isoformat()[: _WIDTH[interval]]
        found = counts.setdefault(key, [0, 0, 0.0])
        found[0] += row.n_events
        found[1] += row.n_scored
        found[2] += row.score_sum
    points = [
        SeriesPoint(
            period=period,
            n_events=int(n),
            n_scored=int(scored),
            mean_score=round(total / scored, 3) if scored else None,
        )
        for period, (n, scored, total) in sorted(counts.items())
    ]
    return points, unplaced


def overall_mean(rows: Iterable[SeriesRow]) -> float | None:
    """The mean score over every row, placed in a period or not."""
    scored = 0
    total = 0.0
    for row in rows:
        scored += row.n_scored
        total += row.score_sum
    return round(total / scored, 3) if scored else None
