"""The storage contract every backend fulfils, and the records it takes and gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from newsdesk.clean.dedup import DuplicateIndex, Fingerprint
from newsdesk.model import (
    Actor,
    Article,
    Document,
    Event,
    EventReport,
    Extraction,
    Failure,
    Participant,
    Quote,
    Source,
    Story,
)


@dataclass(slots=True)
class WriteBatch:
    """Everything one ingest batch writes, in one transaction."""

    sources: list[Source] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    fingerprints: list[Fingerprint] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.articles) + len(self.failures)


@dataclass(slots=True)
class ExtractionWrite:
    """What one extraction batch writes, in one transaction: per document its record, its
    event reports and actor mentions (replacing any earlier ones), and the actors named."""

    extractions: list[Extraction] = field(default_factory=list)
    reports: list[EventReport] = field(default_factory=list)
    mentions: list[tuple[str, int, Participant]] = field(default_factory=list)  # doc, sentence
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventQuery:
    """Filters for listing event reports and merged events; all optional, combined with AND.

    ``actor`` and ``recipient`` match an actor id, or a name or alias (case-insensitive,
    a part is enough); with ``both_ways`` either may be on either side (a dyad).
    ``participant`` is an actor id on either side; ``country`` matches the actor's or the
    recipient's ISO3 code. Negated and hypothetical reports are left out unless
    ``unreal``; historical ones unless ``historical`` is not False. For reports,
    ``story_id`` keeps those of the story's articles and ``min_sources`` those whose
    merged event has that many outlets.
    """

    event_type: str | None = None
    mode: str | None = None
    actor: str | None = None
    recipient: str | None = None
    country: str | None = None
    since: date | None = None
    until: date | None = None
    doc_id: str | None = None
    unreal: bool = False
    historical: bool | None = None
    story_id: str | None = None
    min_sources: int = 0
    participant: str | None = None
    both_ways: bool = False
    limit: int | None = 100
    offset: int = 0


@dataclass(frozen=True, slots=True)
class SeriesRow:
    """Merged events of one date (and date precision): how many, how many of them have a
    cooperation–conflict score, and the sum of those scores."""

    date: date | None
    precision: str | None
    n_events: int
    n_scored: int
    score_sum: float


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryQuery:
    """Filters for listing stories: seen on or after ``since``, with at least
    ``min_sources`` independent outlets; newest first, or by most sources."""

    since: date | None = None
    min_sources: int = 0
    order: str = "newest"  # newest | sources
    limit: int | None = 50
    offset: int = 0


@dataclass(slots=True)
class StoryWrite:
    """What one story-grouping run writes, in one transaction: the new articles' stories,
    the grouping state it changed, and for each story touched its record and its merged
    events (replacing the story's earlier events)."""

    assignments: list[tuple[str, str, int, float | None]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)  # story_state rows by key; None deletes
    stories: list[Story] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentQuery:
    """Filters for listing documents; all optional, combined with AND."""

    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    lang: str | None = None
    search: str | None = None
    duplicates: bool = True
    limit: int | None = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """One stored article with its clean document (absent if cleaning failed) and outlet."""

    article: Article
    document: Document | None
    source: Source | None


class Store(DuplicateIndex, Protocol):
    """Persistent storage of articles and what later stages derive from them."""

    url: str

    def close(self) -> None: ...

    def schema_version(self) -> int: ...

    def existing_article_ids(self, article_ids: Sequence[str]) -> set[str]: ...

    def write_batch(self, batch: WriteBatch) -> None: ...

    def documents(self, query: DocumentQuery) -> list[Document]: ...

    def article(self, article_id: str) -> StoredArticle: ...

    def sources(self) -> list[Source]: ...

    def failures(self, limit: int | None = None) -> list[Failure]: ...

    def counts(self) -> dict[str, int]: ...

    def document_ids(self, query: DocumentQuery) -> list[str]: ...

    def documents_by_id(self, doc_ids: Sequence[str]) -> list[Document]: ...

    def extraction_keys(self, doc_ids: Sequence[str]) -> dict[str, str]: ...

    def write_extraction(self, batch: ExtractionWrite) -> None: ...

    def extractions(self, doc_ids: Sequence[str]) -> list[Extraction]: ...

    def event_reports(self, query: EventQuery) -> list[EventReport]: ...

    def actors(
        self, search: str | None = None, limit: int | None = 100, offset: int = 0
    ) -> list[Actor]: ...

    def actor(self, actor_id: str) -> Actor: ...

    def unassigned_doc_ids(self, limit: int | None = None) -> list[str]: ...

    def story_assignments(self, doc_ids: Sequence[str]) -> dict[str, str]: ...

    def story_doc_ids(self, story_id: str) -> list[str]: ...

    def story_state(self, keys: Sequence[str] | None = None) -> dict[str, Any]: ...

    def write_stories(self, batch: StoryWrite) -> None: ...

    def stories(self, query: StoryQuery) -> list[Story]: ...

    def story(self, story_id: str) -> Story: ...

    def events(self, query: EventQuery) -> list[Event]: ...

    def reports_of_documents(self, doc_ids: Sequence[str]) -> list[EventReport]: ...

    def mentions_of_documents(
        self, doc_ids: Sequence[str]
    ) -> list[tuple[str, int, Participant]]: ...

    def story_ids(self, prefix: str, limit: int | None = None) -> list[str]: ...

    def quotes_of_documents(self, doc_ids: Sequence[str]) -> list[Quote]: ...

    def event_series(self, query: EventQuery) -> list[SeriesRow]: ...
