"""Version 3: stories — stories, story_articles, story_state, events, event_members, quotes.

The step creates the six tables as version 3 defined them; a later change to one of them
comes with its own step that alters it.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsdesk.store.schema import UTCDateTime

VERSION = 3
DESCRIPTION = "stories: stories, story_articles, story_state, events, event_members, quotes"


def _tables() -> sa.MetaData:
    meta = sa.MetaData()
    sa.Table("documents", meta, sa.Column("doc_id", sa.Text, primary_key=True))
    sa.Table(
        "stories",
        meta,
        sa.Column("story_id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text),
        *(
            sa.Column(n, sa.Integer, nullable=False)
            for n in ("n_articles", "n_sources", "n_events")
        ),
        sa.Column("first_seen", sa.Date),
        sa.Column("last_seen", sa.Date),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Index("ix_stories_last_seen", "last_seen"),
    )
    sa.Table(
        "story_articles",
        meta,
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), primary_key=True),
        sa.Column("story_id", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("score", sa.Float),
        sa.Index("ix_story_articles_story_id", "story_id"),
    )
    sa.Table(
        "story_state",
        meta,
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
    )
    sa.Table(
        "events",
        meta,
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
        *(
            sa.Column(n, sa.Integer, nullable=False)
            for n in ("n_reports", "n_articles", "n_sources")
        ),
        sa.Column("first_reported", sa.Date),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Index("ix_events_story_id", "story_id"),
        sa.Index("ix_events_type", "event_type"),
        sa.Index("ix_events_actor_id", "actor_id"),
        sa.Index("ix_events_recipient_id", "recipient_id"),
        sa.Index("ix_events_date", "date"),
    )
    sa.Table(
        "event_members",
        meta,
        sa.Column("report_id", sa.Text, primary_key=True),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Index("ix_event_members_event_id", "event_id"),
    )
    sa.Table(
        "quotes",
        meta,
        sa.Column("quote_id", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("speaker_actor_id", sa.Text),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Index("ix_quotes_doc_id", "doc_id"),
        sa.Index("ix_quotes_speaker", "speaker_actor_id"),
    )
    return meta


def upgrade(conn: Connection) -> None:
    meta = _tables()
    for name in ("stories", "story_articles", "story_state", "events", "event_members", "quotes"):
        meta.tables[name].create(conn)
