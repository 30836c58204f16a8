"""Version 2: event extraction — actors, extractions, event_reports, mentions.

The step creates the four tables as version 2 defined them; a later change to one of them
comes with its own step that alters it.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsdesk.store.schema import UTCDateTime

VERSION = 2
DESCRIPTION = "event extraction: actors, extractions, event_reports, mentions"


def _tables() -> sa.MetaData:
    meta = sa.MetaData()
    sa.Table("documents", meta, sa.Column("doc_id", sa.Text, primary_key=True))
    sa.Table(
        "actors",
        meta,
        sa.Column("actor_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("sector", sa.Text),
        sa.Column("code", sa.Text),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Index("ix_actors_country", "country"),
    )
    sa.Table(
        "extractions",
        meta,
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), primary_key=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("n_sentences", sa.Integer, nullable=False),
        sa.Column("n_reports", sa.Integer, nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
    )
    columns: list[sa.schema.SchemaItem] = [
        sa.Column("report_id", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), nullable=False),
        *(
            sa.Column(n, sa.Integer, nullable=False)
            for n in ("sentence", "sentence_start", "sentence_end")
        ),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("mode", sa.Text),
        sa.Column("cameo", sa.Text),
        sa.Column("quad", sa.Integer),
        sa.Column("score", sa.Float),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
        sa.Column("actor_id", sa.Text),
        sa.Column("actor_country", sa.Text),
        sa.Column("actor", sa.JSON),
        sa.Column("recipient_id", sa.Text),
        sa.Column("recipient_country", sa.Text),
        sa.Column("recipient", sa.JSON),
        sa.Column("reported_by", sa.JSON),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.Text),
        sa.Column("date_expression", sa.Text),
        sa.Column("date_status", sa.Text, nullable=False),
        sa.Column("place", sa.JSON),
        sa.Column("place_country", sa.Text),
        *(
            sa.Column(n, sa.Boolean, nullable=False)
            for n in ("negated", "hypothetical", "future", "historical")
        ),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("codebook", sa.Text, nullable=False),
        sa.Column("pub_date", sa.Date),
    ]
    sa.Table(
        "event_reports",
        meta,
        *columns,
        sa.Index("ix_event_reports_doc_id", "doc_id"),
        sa.Index("ix_event_reports_type", "event_type"),
        sa.Index("ix_event_reports_actor_id", "actor_id"),
        sa.Index("ix_event_reports_recipient_id", "recipient_id"),
        sa.Index("ix_event_reports_date", "date"),
    )
    sa.Table(
        "mentions",
        meta,
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), primary_key=True),
        sa.Column("start", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Text, nullable=False),
        sa.Column("via", sa.Text),
        sa.Index("ix_mentions_actor_id", "actor_id"),
    )
    return meta


def upgrade(conn: Connection) -> None:
    meta = _tables()
    for name in ("actors", "extractions", "event_reports", "mentions"):
        meta.tables[name].create(conn)
