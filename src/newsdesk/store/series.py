"""Aggregates of merged events for time series: per date (and date precision), how many
events match a query and the sum of their cooperation–conflict scores. Rolling the days up
into months or years is left to the caller (``newsdesk.events.dyads``), so the SQL stays
the same on every backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from newsdesk.store.base import EventQuery, SeriesRow
from newsdesk.store.schema import events

if TYPE_CHECKING:
    from newsdesk.store.sql import SQLStore


def event_series(store: SQLStore, query: EventQuery) -> list[SeriesRow]:
    """One row per (date, precision) of the merged events matching ``query`` (its limit
    and offset are ignored), oldest first, undated last."""
    e = events
    score = e.c.data["score"].as_float()
    precision = e.c.data["date_precision"].as_string()
    stmt = store._event_filters(
        sa.select(
            e.c.date,
            precision.label("precision"),
            sa.func.count().label("n_events"),
            sa.func.count(score).label("n_scored"),
            sa.func.coalesce(sa.func.sum(score), 0.0).label("score_sum"),
        ),
        e,
        query,
    )
    if query.story_id:
        stmt = stmt.where(e.c.story_id == query.story_id)
    if query.min_sources:
        stmt = stmt.where(e.c.n_sources >= query.min_sources)
    if query.historical is not None:
        stmt = stmt.where(e.c.historical == query.historical)
    stmt = stmt.group_by(e.c.date, precision).order_by(e.c.date.asc().nulls_last(), precision)
    with store.engine.connect() as conn:
        return [
            SeriesRow(
                date=row.date,
                precision=row.precision,
                n_events=int(row.n_events),
                n_scored=int(row.n_scored),
                score_sum=float(row.score_sum),
            )
            for row in conn.execute(stmt)
        ]
