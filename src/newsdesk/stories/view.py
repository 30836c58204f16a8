"""Everything known about one story, read from the store in one go: its articles, their
event reports and actor mentions, the merged events and the quotes. The comparison,
timeline and brief are built from this view, never from the network or a model."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from newsdesk.events.merge import DocumentInfo, source_key
from newsdesk.model import Document, Event, EventReport, Participant, Quote, Story
from newsdesk.store.base import EventQuery, Store


@dataclass(frozen=True)
class StoryView:
    story: Story
    documents: dict[str, Document]  # by doc_id, in the story's arrival order
    reports: list[EventReport]
    events: list[Event]
    mentions: list[tuple[str, int, Participant]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def source_of(self, doc_id: str) -> str:
        """The outlet a document counts for (a syndicated copy counts with its original;
        ``doc:<id>`` when the outlet is unknown), as in the merged events."""
        return source_key(doc_id, self.info)

    @cached_property
    def info(self) -> dict[str, DocumentInfo]:
        """What event merging knows of each document (built once per view)."""
        return document_info(self.documents.values())

    @property
    def sources(self) -> list[str]:
        """The story's outlets, in order of first appearance."""
        return list(dict.fromkeys(self.source_of(d) for d in self.documents))

    def sentence(self, doc_id: str, number: int) -> str:
        document = self.documents[doc_id]
        start, end = document.sentences[number]
        return document.text[start:end]


def load_story(store: Store, story_id: str, *, evidence: bool = True) -> StoryView:
    """The story ``story_id`` with its evidence (raises ``NotFound`` for an unknown id).
    ``evidence=False`` leaves the reports, mentions and quotes out: enough to list the
    story's articles, outlets and merged events, not to compare or brief it."""
    story = store.story(story_id)
    doc_ids = store.story_doc_ids(story_id)
    documents = {d.doc_id: d for d in store.documents_by_id(doc_ids)}
    ordered = {d: documents[d] for d in doc_ids if d in documents}
    return StoryView(
        story=story,
        documents=ordered,
        reports=store.reports_of_documents(doc_ids) if evidence else [],
        events=store.events(EventQuery(story_id=story_id, limit=None)),
        mentions=store.mentions_of_documents(doc_ids) if evidence else [],
        quotes=store.quotes_of_documents(doc_ids) if evidence else [],
    )


def document_info(documents: Iterable[Document]) -> dict[str, DocumentInfo]:
    """What event merging needs to know about each of ``documents``."""
    return {
        d.doc_id: DocumentInfo(
            source_id=d.source_id, pub_date=d.pub_date, duplicate_of=d.duplicate_of
        )
        for d in documents
    }
