"""Dyads: the merged events between two actors, in either direction, and how their
relation moves over time.

A time series bins the events by day, ISO week, month or year of their date and gives, per
period, the number of events and the mean PLOVER cooperation–conflict ``score`` (−10 most
conflictual … +10 most cooperative) of those that have one, in both directions together
and for each direction apart (``forward``: the first actor on the second; ``reverse``: the
other way round). An event counts in a period only when its date is at least as precise
as the period (an event dated "2024-03" is in March's bin but in no day's or week's);
undated and too coarse events are counted apart, in ``n_unplaced``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from newsdesk.errors import InputError
from newsdesk.model import Event, Record
from newsdesk.store.base import SeriesRow

INTERVALS = ("day", "week", "month", "year")
_RANK = {"day": 3, "week": 3, "month": 2, "year": 1}


@dataclass(frozen=True, slots=True, kw_only=True)
class SeriesPoint(Record):
    """One period of a dyad's series: ``period`` is ``2024-03-05``, ``2024-W10``,
    ``2024-03`` or ``2024``, starting on ``start``. ``n_events``/``mean_score`` count both
    directions; ``*_forward`` the first actor's acts on the second, ``*_reverse`` the
    second's on the first."""

    period: str
    start: date
    n_events: int
    n_scored: int
    mean_score: float | None
    n_forward: int = 0
    mean_forward: float | None = None
    n_reverse: int = 0
    mean_reverse: float | None = None


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


def check_interval(interval: str) -> str:
    if interval not in INTERVALS:
        raise InputError(
            f"interval {interval!r}: not one of {', '.join(INTERVALS)}", code="bad_interval"
        )
    return interval


def period_start(value: date, interval: str) -> date:
    """The first day of the ``interval`` that holds ``value``."""
    if interval == "year":
        return value.replace(month=1, day=1)
    if interval == "month":
        return value.replace(day=1)
    if interval == "week":
        return value - timedelta(days=value.weekday())
    return value


def next_period(start: date, interval: str) -> date:
    """The first day of the period after the one starting on ``start``."""
    if interval == "year":
        return start.replace(year=start.year + 1)
    if interval == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=7 if interval == "week" else 1)


def period_label(start: date, interval: str) -> str:
    """``2024``, ``2024-03``, ``2024-W10`` (ISO week) or ``2024-03-05``."""
    if interval == "year":
        return f"{start.year}"
    if interval == "month":
        return start.isoformat()[:7]
    if interval == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.isoformat()


def bin_series(
    rows: Iterable[SeriesRow],
    interval: str,
    *,
    forward: Iterable[SeriesRow] = (),
    reverse: Iterable[SeriesRow] = (),
) -> tuple[list[SeriesPoint], int]:
    """``(points oldest first, events left out)`` from per-date rows of both directions
    (``rows``) and, optionally, of each direction apart; periods without events are not
    listed."""
    check_interval(interval)
    both, unplaced = _bins(rows, interval)
    ahead, _ = _bins(forward, interval)
    back, _ = _bins(reverse, interval)
    empty = (0, 0, 0.0)
    points = []
    for start in sorted(both):
        n, scored, total = both[start]
        n_forward, scored_forward, total_forward = ahead.get(start, empty)
        n_reverse, scored_reverse, total_reverse = back.get(start, empty)
        points.append(
            SeriesPoint(
                period=period_label(start, interval),
                start=start,
                n_events=n,
                n_scored=scored,
                mean_score=_mean(total, scored),
                n_forward=n_forward,
                mean_forward=_mean(total_forward, scored_forward),
                n_reverse=n_reverse,
                mean_reverse=_mean(total_reverse, scored_reverse),
            )
        )
    return points, unplaced


def overall_mean(rows: Iterable[SeriesRow]) -> float | None:
    """The mean score over every row, placed in a period or not."""
    scored = 0
    total = 0.0
    for row in rows:
        scored += row.n_scored
        total += row.score_sum
    return _mean(total, scored)


def _bins(
    rows: Iterable[SeriesRow], interval: str
) -> tuple[dict[date, tuple[int, int, float]], int]:
    bins: dict[date, tuple[int, int, float]] = {}
    unplaced = 0
    for row in rows:
        precise = _RANK.get(row.precision or "day", 3) >= _RANK[interval]
        if row.date is None or not precise:
            unplaced += row.n_events
            continue
        start = period_start(row.date, interval)
        n, scored, total = bins.get(start, (0, 0, 0.0))
        bins[start] = (n + row.n_events, scored + row.n_scored, total + row.score_sum)
    return bins, unplaced


def _mean(total: float, scored: int) -> float | None:
    return round(total / scored, 3) if scored else None
