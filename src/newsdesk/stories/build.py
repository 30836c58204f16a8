"""A story's record and merged events, from its articles and their event reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from newsdesk.events.merge import merge_reports, source_key
from newsdesk.model import Document, Event, EventReport, Story
from newsdesk.stories.view import document_info


def build_story(
    story_id: str,
    documents: Sequence[Document],
    reports: Sequence[EventReport],
    *,
    updated_at: datetime | None = None,
) -> tuple[Story, list[Event]]:
    """The story ``story_id`` made of ``documents`` (in arrival order) and its events:
    the documents' reports merged (``newsdesk.events.merge``)."""
    info = document_info(documents)
    events = merge_reports(reports, info, story_id=story_id)
    dates = [d.pub_date for d in documents if d.pub_date is not None]
    sources = sorted({source_key(d.doc_id, info) for d in documents})
    title = next((d.title for d in documents if d.title), None)
    story = Story(
        story_id=story_id,
        title=title,
        doc_ids=tuple(d.doc_id for d in documents),
        event_ids=tuple(e.event_id for e in events),
        source_ids=tuple(sources),
        n_articles=len(documents),
        n_sources=len(sources),
        n_events=len(events),
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
        updated_at=updated_at,
    )
    return story, events
