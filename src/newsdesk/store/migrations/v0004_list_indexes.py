"""Version 4: indexes for listing merged events and event reports (the HTTP API's lists).

Lists are read newest first (``date DESC``, then the tie-breakers) with optional filters.
An index in that order lets the database read the first page without sorting every
matching row; one led by ``event_type`` does the same for a type filter, and one on each
side's country serves ``country=`` (either side). The plain ``date`` and ``event_type``
indexes of versions 2 and 3 are prefixes of the new ones and are dropped.

On PostgreSQL the descending columns are ``DESC NULLS LAST``, the lists' order (SQLite puts
NULLs last in descending order by itself).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

VERSION = 4
DESCRIPTION = "indexes: events and reports in list order, by type, by country"
_DROPPED = ("ix_events_type", "ix_events_date", "ix_event_reports_type", "ix_event_reports_date")


def _indexes(dialect: str) -> list[sa.Index]:
    meta = sa.MetaData()
    e = sa.Table(
        "events",
        meta,
        *(
            sa.Column(name, sa.Text)
            for name in ("event_id", "event_type", "actor_country", "recipient_country")
        ),
        sa.Column("date", sa.Date),
        sa.Column("first_reported", sa.Date),
    )
    r = sa.Table(
        "event_reports",
        meta,
        *(
            sa.Column(name, sa.Text)
            for name in ("report_id", "doc_id", "event_type", "actor_country", "recipient_country")
        ),
        sa.Column("date", sa.Date),
        sa.Column("sentence", sa.Integer),
        sa.Column("trigger_start", sa.Integer),
    )

    def newest(column: sa.Column[Any]) -> sa.UnaryExpression[Any]:
        first = column.desc()
        return first.nulls_last() if dialect == "postgresql" else first

    event_order = (newest(e.c.date), newest(e.c.first_reported), e.c.event_id)
    report_order = (newest(r.c.date), r.c.doc_id, r.c.sentence, r.c.trigger_start, r.c.report_id)
    return [
        sa.Index("ix_events_order", *event_order),
        sa.Index("ix_events_type_order", e.c.event_type, *event_order),
        sa.Index("ix_events_actor_country", e.c.actor_country),
        sa.Index("ix_events_recipient_country", e.c.recipient_country),
        sa.Index("ix_event_reports_order", *report_order),
        sa.Index("ix_event_reports_type_order", r.c.event_type, *report_order),
        sa.Index("ix_event_reports_actor_country", r.c.actor_country),
        sa.Index("ix_event_reports_recipient_country", r.c.recipient_country),
    ]


def upgrade(conn: Connection) -> None:
    for name in _DROPPED:
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
    for index in _indexes(conn.dialect.name):
        index.create(conn, checkfirst=True)
