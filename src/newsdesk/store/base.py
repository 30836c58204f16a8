"""The storage contract every backend fulfils, and the records it takes and gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from newsdesk.clean.dedup import DuplicateIndex, Fingerprint
from newsdesk.model import Article, Document, Failure, Source


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
