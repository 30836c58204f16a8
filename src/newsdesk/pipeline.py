"""Composition of the stages. Ingestion: read → clean → link duplicates → store, in
batches, one transaction each, so a killed run loses at most the batch in flight and a
re-run stores only what is missing."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from newsdesk.clean import clean_articles
from newsdesk.clean.dedup import Deduplicator
from newsdesk.config import Settings
from newsdesk.errors import ExtractionError
from newsdesk.model import Article, Document, Failure, Skip, Source
from newsdesk.store.base import ExtractionWrite, Store, WriteBatch

log = logging.getLogger(__name__)

MAX_REPORTED_FAILURES = 1000

ProgressCallback = Callable[[int, int | None], None]


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did. ``stored`` counts new documents; ``already_stored``
    articles whose id was in the database before."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    other_language: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    failed: int = 0
    seconds: float = 0.0
    doc_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "exact_duplicates": self.exact_duplicates,
            "near_duplicates": self.near_duplicates,
            "other_language": dict(self.other_language),
            "skipped": dict(self.skipped),
            "failed": self.failed,
            "failures": [f.to_dict() for f in self.failures],
            "seconds": round(self.seconds, 3),
        }


class OutletIndex:
    """Outlets known by domain, so that an article naming its outlet but giving no URL
    ("This article is owned by Capital Dispatch.") joins the outlet's domain source."""

    def __init__(self, known: Iterable[Source]) -> None:
        self._by_name: dict[str, Source] = {}
        for source in known:
            self._remember(source)

    def _remember(self, source: Source) -> None:
        if source.url:
            self._by_name.setdefault(source.name.casefold(), source)

    def resolve(self, source: Source) -> Source:
        """The domain source of the same name for a name-only source, else ``source``."""
        self._remember(source)
        if source.url:
            return source
        return self._by_name.get(source.name.casefold(), source)


def skip_reason(document: Document, settings: Settings) -> str | None:
    """Why later stages leave this document out, or None when they process it."""
    if document.lang not in settings.clean.languages:
        return f"language {document.lang or 'unknown'} is not in clean.languages"
    return None


def run_ingest(
    items: Iterable[Article | Failure | Skip],
    store: Store,
    settings: Settings,
    *,
    on_progress: ProgressCallback | None = None,
    keep_ids: bool = False,
) -> IngestReport:
    """Store every article of ``items``; return counts. Never raises for one bad record."""
    started = time.perf_counter()
    report = IngestReport()
    deduplicator = Deduplicator(settings.clean, store)
    outlets = OutletIndex(store.sources())
    for articles, failures in _batches(items, settings.ingest.batch_size, report):
        _ingest_batch(articles, failures, store, settings, deduplicator, outlets, report, keep_ids)
        if on_progress is not None:
            on_progress(report.read, None)
    report.seconds = time.perf_counter() - started
    log.info(
        "ingest: read %d, stored %d, already stored %d, duplicates %d+%d, failed %d",
        report.read,
        report.stored,
        report.already_stored,
        report.exact_duplicates,
        report.near_duplicates,
        report.failed,
    )
    return report


def _batches(
    items: Iterable[Article | Failure | Skip], size: int, report: IngestReport
) -> Iterator[tuple[list[Article], list[Failure]]]:
    articles: list[Article] = []
    failures: list[Failure] = []
    for item in items:
        if isinstance(item, Article):
            report.read += 1
            articles.append(item)
        elif isinstance(item, Failure):
            failures.append(item)
        else:
            report.skipped[item.code] += 1
        if len(articles) >= size or len(failures) >= size:
            yield articles, failures
            articles, failures = [], []
    if articles or failures:
        yield articles, failures


def _ingest_batch(
    articles: list[Article],
    failures: list[Failure],
    store: Store,
    settings: Settings,
    deduplicator: Deduplicator,
    outlets: OutletIndex,
    report: IngestReport,
    keep_ids: bool,
) -> None:
    existing = store.existing_article_ids([a.article_id for a in articles])
    fresh: dict[str, Article] = {}
    for article in articles:
        if article.article_id in existing or article.article_id in fresh:
            report.already_stored += 1
        else:
            fresh[article.article_id] = article
    batch = WriteBatch(failures=list(failures))
    cleaned: list[Document] = []
    sources: dict[str, Source] = {}
    for article, result in zip(
        fresh.values(), clean_articles(list(fresh.values()), settings), strict=True
    ):
        if isinstance(result, ExtractionError):
            batch.failures.append(
                Failure(
                    origin=article.origin,
                    stage="clean",
                    code=result.code,
                    message=str(result),
                    article_id=article.article_id,
                )
            )
            continue
        document, source = result
        if source is not None:
            source = outlets.resolve(source)
            sources.setdefault(source.source_id, source)
            if document.source_id != source.source_id:
                document = replace(document, source_id=source.source_id)
            if article.source_id != source.source_id:
                article = replace(article, source_id=source.source_id)
        cleaned.append(document)
        batch.articles.append(article)
    batch.sources = list(sources.values())
    for document, fingerprint in deduplicator.link(cleaned):
        batch.documents.append(document)
        batch.fingerprints.append(fingerprint)
        if document.duplicate_kind == "exact":
            report.exact_duplicates += 1
        elif document.duplicate_kind == "near":
            report.near_duplicates += 1
        if document.lang not in settings.clean.languages:
            report.other_language[document.lang or "unknown"] += 1
        if keep_ids:
            report.doc_ids.append(document.doc_id)
    store.write_batch(batch)
    report.stored += len(batch.documents)
    report.failed += len(batch.failures)
    report.failures.extend(batch.failures[: max(0, MAX_REPORTED_FAILURES - len(report.failures))])


@dataclass(slots=True)
class ExtractReport:
    """What one extraction run did. ``unchanged`` documents were extracted before with
    the same text and extractor, and left alone."""

    documents: int = 0
    extracted: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    without_events: int = 0
    reports: int = 0
    events: int = 0  # reports that are not negated or hypothetical
    quotes: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "extracted": self.extracted,
            "unchanged": self.unchanged,
            "skipped": dict(self.skipped),
            "without_events": self.without_events,
            "reports": self.reports,
            "events": self.events,
            "quotes": self.quotes,
            "seconds": round(self.seconds, 3),
        }


def run_extract(
    doc_ids: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    force: bool = False,
    batch_size: int = 64,
    on_progress: ProgressCallback | None = None,
) -> ExtractReport:
    """Extract events from the stored documents ``doc_ids``, one transaction per batch.
    Documents extracted before with the same key are left alone unless ``force``; a run
    killed part-way keeps every finished batch, and the next run does the rest."""
    from newsdesk.events.extract import Extractor

    started = time.perf_counter()
    report = ExtractReport(documents=len(doc_ids))
    extractor = Extractor(settings)
    done = 0
    for start in range(0, len(doc_ids), batch_size):
        chunk = doc_ids[start : start + batch_size]
        documents = store.documents_by_id(chunk)
        if not force:
            keys = store.extraction_keys(chunk)
            todo = [d for d in documents if keys.get(d.doc_id) != extractor.key(d)]
            report.unchanged += len(documents) - len(todo)
            documents = todo
        if documents:
            found = extractor.extract(documents)
            batch = ExtractionWrite(actors=found.actors)
            for article in found.articles:
                batch.extractions.append(article.extraction)
                batch.reports.extend(article.reports)
                batch.mentions.extend(
                    (article.extraction.doc_id, sentence, who) for sentence, who in article.mentions
                )
                batch.quotes.extend(article.quotes)
                report.quotes += len(article.quotes)
                extraction = article.extraction
                if extraction.status == "skipped":
                    report.skipped[(extraction.reason or "skipped").split(" (")[0]] += 1
                else:
                    report.extracted += 1
                    report.without_events += extraction.n_reports == 0
                report.reports += len(article.reports)
                report.events += sum(r.is_event for r in article.reports)
            store.write_extraction(batch)
        done += len(chunk)
        if on_progress is not None:
            on_progress(done, len(doc_ids))
    report.seconds = time.perf_counter() - started
    log.info("extracted %d documents in %.1fs", report.extracted, report.seconds)
    return report


_EXTRACTORS: dict[str, Any] = {}  # one Extractor (spaCy pipeline, models) per process


def cached_extractor(settings: Settings) -> Any:
    """The process's :class:`~newsdesk.events.extract.Extractor` for ``settings``, built
    on first use (a worker of a distributed run loads the spaCy pipeline once)."""
    from newsdesk.events.extract import Extractor

    key = repr(settings)
    found = _EXTRACTORS.get(key)
    if found is None:
        found = _EXTRACTORS[key] = Extractor(settings)
    return found


@dataclass(frozen=True, slots=True)
class Pipeline:
    """The per-batch extraction of a run, for engines that send batches of rows to worker
    processes. Holds only settings (it pickles small); the spaCy pipeline is loaded once
    per process by :func:`cached_extractor` and never pickled."""

    settings: Settings

    def process_batch(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Extract events from one batch of documents (``Document.to_dict()`` rows, as a
        local run's extraction batch). Returns one row per document (``doc_id``,
        ``extraction``, ``reports``, ``mentions`` as ``[sentence, participant]``,
        ``quotes``), then one row ``{"actors": [...]}``: the batch's actor records."""
        documents = [Document.from_dict(r) for r in rows]
        found = cached_extractor(self.settings).extract(documents)
        out: list[dict[str, Any]] = [
            {
                "doc_id": article.extraction.doc_id,
                "extraction": article.extraction.to_dict(),
                "reports": [r.to_dict() for r in article.reports],
                "mentions": [[sentence, who.to_dict()] for sentence, who in article.mentions],
                "quotes": [q.to_dict() for q in article.quotes],
            }
            for article in found.articles
        ]
        out.append({"actors": [a.to_dict() for a in found.actors]})
        return out
