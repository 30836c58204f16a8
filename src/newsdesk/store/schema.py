"""The database schema (SQLAlchemy Core), current version.

A new database is created from these tables and stamped with :data:`SCHEMA_VERSION`; an
existing one is brought up to date by the numbered steps in :mod:`.migrations`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.types import TypeDecorator

from newsdesk.store.dialects import create_search, list_indexes

SCHEMA_VERSION = 4
VERSION_TABLE = "newsdesk_schema"


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every backend."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


metadata = sa.MetaData()

schema_versions = sa.Table(
    VERSION_TABLE,
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", UTCDateTime, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("country", sa.Text),
    sa.Column("lang", sa.Text),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("article_id", sa.Text, primary_key=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("content_type", sa.Text, nullable=False),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("source_id", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("authors", sa.JSON, nullable=False),
    sa.Column("published_at", UTCDateTime),
    sa.Column("pub_date", sa.Date),
    sa.Column("lang", sa.Text),
    sa.Column("external_id", sa.Text),
    sa.Column("fetched_at", UTCDateTime),
    sa.Column("ingested_at", UTCDateTime, nullable=False),
    sa.Index("ix_articles_url", "url"),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("doc_id", sa.Text, sa.ForeignKey("articles.article_id"), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("source_id", sa.Text, sa.ForeignKey("sources.source_id")),
    sa.Column("lang", sa.Text),
    sa.Column("lang_score", sa.Float),
    sa.Column("pub_date", sa.Date),
    sa.Column("published_at", UTCDateTime),
    sa.Column("authors", sa.JSON, nullable=False),
    sa.Column("sentences", sa.JSON, nullable=False),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("duplicate_of", sa.Text),
    sa.Column("duplicate_kind", sa.Text),
    sa.Column("similarity", sa.Float),
    sa.Column("removed_lines", sa.JSON, nullable=False),
    sa.Index("ix_documents_content_hash", "content_hash"),
    sa.Index("ix_documents_duplicate_of", "duplicate_of"),
    sa.Index("ix_documents_pub_date", "pub_date"),
    sa.Index("ix_documents_source_id", "source_id"),
)

doc_signatures = sa.Table(
    "doc_signatures",
    metadata,
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), primary_key=True),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

doc_bands = sa.Table(
    "doc_bands",
    metadata,
    sa.Column("band_key", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), primary_key=True),
    sqlite_with_rowid=False,
)

failures = sa.Table(
    "failures",
    metadata,
    sa.Column("failure_id", sa.Text, primary_key=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("article_id", sa.Text),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("actor_id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("country", sa.Text),
    sa.Column("sector", sa.Text),
    sa.Column("code", sa.Text),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Index("ix_actors_country", "country"),
)

extractions = sa.Table(
    "extractions",
    metadata,
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), primary_key=True),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("n_sentences", sa.Integer, nullable=False),
    sa.Column("n_reports", sa.Integer, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
)

event_reports = sa.Table(
    "event_reports",
    metadata,
    sa.Column("report_id", sa.Text, primary_key=True),
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("sentence_start", sa.Integer, nullable=False),
    sa.Column("sentence_end", sa.Integer, nullable=False),
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
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("hypothetical", sa.Boolean, nullable=False),
    sa.Column("future", sa.Boolean, nullable=False),
    sa.Column("historical", sa.Boolean, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("codebook", sa.Text, nullable=False),
    sa.Column("pub_date", sa.Date),
    sa.Index("ix_event_reports_doc_id", "doc_id"),
    sa.Index("ix_event_reports_actor_id", "actor_id"),
    sa.Index("ix_event_reports_recipient_id", "recipient_id"),
    sa.Index("ix_event_reports_actor_country", "actor_country"),
    sa.Index("ix_event_reports_recipient_country", "recipient_country"),
)
_report_order = (
    event_reports.c.date,
    event_reports.c.doc_id,
    event_reports.c.sentence,
    event_reports.c.trigger_start,
    event_reports.c.report_id,
)
# Lists read newest first: these let a page be read in order instead of sorted (v4).
list_indexes("ix_event_reports_order", *_report_order, descending={"date"})
list_indexes(
    "ix_event_reports_type_order", event_reports.c.event_type, *_report_order, descending={"date"}
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("actor_id", sa.Text, nullable=False),
    sa.Column("via", sa.Text),
    sa.Index("ix_mentions_actor_id", "actor_id"),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("story_id", sa.Text, primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("n_articles", sa.Integer, nullable=False),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("n_events", sa.Integer, nullable=False),
    sa.Column("first_seen", sa.Date),
    sa.Column("last_seen", sa.Date),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Index("ix_stories_last_seen", "last_seen"),
)

story_articles = sa.Table(
    "story_articles",
    metadata,
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), primary_key=True),
    sa.Column("story_id", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("score", sa.Float),
    sa.Index("ix_story_articles_story_id", "story_id"),
)

story_state = sa.Table(
    "story_state",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("data", sa.JSON, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("story_id", sa.Text),
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("mode", sa.Text),
    sa.Column("actor_id", sa.Text),
    sa.Column("actor_country", sa.Text),
    sa.Column("recipient_id", sa.Text),
    sa.Column("recipient_country", sa.Text),
    sa.Column("date", sa.Date),
    sa.Column("historical", sa.Boolean, nullable=False),
    sa.Column("n_reports", sa.Integer, nullable=False),
    sa.Column("n_articles", sa.Integer, nullable=False),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("first_reported", sa.Date),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Index("ix_events_story_id", "story_id"),
    sa.Index("ix_events_actor_id", "actor_id"),
    sa.Index("ix_events_recipient_id", "recipient_id"),
    sa.Index("ix_events_actor_country", "actor_country"),
    sa.Index("ix_events_recipient_country", "recipient_country"),
)
_event_order = (events.c.date, events.c.first_reported, events.c.event_id)
_newest = {"date", "first_reported"}
list_indexes("ix_events_order", *_event_order, descending=_newest)
list_indexes("ix_events_type_order", events.c.event_type, *_event_order, descending=_newest)

event_members = sa.Table(
    "event_members",
    metadata,
    sa.Column("report_id", sa.Text, primary_key=True),
    sa.Column("event_id", sa.Text, nullable=False),
    sa.Index("ix_event_members_event_id", "event_id"),
)

quotes = sa.Table(
    "quotes",
    metadata,
    sa.Column("quote_id", sa.Text, primary_key=True),
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("speaker_actor_id", sa.Text),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Index("ix_quotes_doc_id", "doc_id"),
    sa.Index("ix_quotes_speaker", "speaker_actor_id"),
)


def create_schema(conn: Connection) -> None:
    """Create every table of the current schema in an empty database and stamp it."""
    metadata.create_all(conn)
    create_search(conn)
    conn.execute(
        schema_versions.insert().values(
            version=SCHEMA_VERSION, applied_at=datetime.now(UTC), description="created"
        )
    )
