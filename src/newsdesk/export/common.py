"""What every exporter shares: options and report, paging through the store (memory stays
flat however large the database), a small cache of the articles an export page needs, and
writing output files so that a failed or repeated export never leaves half a file."""

from __future__ import annotations

import os
import sys
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from newsdesk.errors import ExportError, NotFound
from newsdesk.model import Event, EventReport, Participant, Story
from newsdesk.store.base import DocumentQuery, EventQuery, Store, StoryQuery

PAGE_SIZE = 500
CACHE_SIZE = 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportOptions:
    """``since``/``until`` (inclusive) filter events and reports on the event date, articles,
    mentions and quotes on the publication date, stories on the days they span; ``header``
    writes a header row in tab-separated files; rows are read ``page_size`` at a time."""

    since: date | None = None
    until: date | None = None
    header: bool = True
    page_size: int = PAGE_SIZE


@dataclass(frozen=True, slots=True)
class TableWritten:
    """One table of an export: its name, where it went, and how many rows."""

    table: str
    path: str
    rows: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportReport:
    """What an export wrote."""

    format: str
    out: str
    tables: tuple[TableWritten, ...] = ()
    seconds: float = 0.0

    @property
    def rows(self) -> dict[str, int]:
        return {t.table: t.rows for t in self.tables}

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "out": self.out,
            "tables": [{"table": t.table, "path": t.path, "rows": t.rows} for t in self.tables],
            "seconds": round(self.seconds, 3),
        }


# -- reading the store in pages --------------------------------------------------------------


def event_pages(store: Store, options: ExportOptions) -> Iterator[list[Event]]:
    """Merged events whose date lies in the window (all events when there is none), a page
    at a time; the store orders them totally (date, first report, id), so pages never
    overlap."""
    offset = 0
    while True:
        page = store.events(
            EventQuery(
                since=options.since,
                until=options.until,
                limit=options.page_size,
                offset=offset,
            )
        )
        if page:
            yield page
        if len(page) < options.page_size:
            return
        offset += len(page)


def doc_id_pages(
    store: Store, options: ExportOptions, *, by_date: bool = True
) -> Iterator[list[str]]:
    """Document ids (oldest first), a page at a time: those published in the window when
    ``by_date``, else all of them."""
    query = (
        DocumentQuery(since=options.since, until=options.until, limit=None)
        if by_date
        else DocumentQuery(limit=None)
    )
    doc_ids = store.document_ids(query)
    for start in range(0, len(doc_ids), options.page_size):
        yield doc_ids[start : start + options.page_size]


def story_pages(store: Store, options: ExportOptions) -> Iterator[list[Story]]:
    """Stories whose days (first to last seen) meet the window, a page at a time."""
    offset = 0
    while True:
        page = store.stories(
            StoryQuery(since=options.since, limit=options.page_size, offset=offset)
        )
        kept = [s for s in page if in_window(s.first_seen, options, end=s.last_seen)]
        if kept:
            yield kept
        if len(page) < options.page_size:
            return
        offset += len(page)


def in_window(day: date | None, options: ExportOptions, *, end: date | None = None) -> bool:
    """True when ``day`` (or the span ``day``…``end``) meets the window; a missing date
    meets only an open window."""
    if options.since is None and options.until is None:
        return True
    last = end or day
    if day is None or last is None:
        return False
    if options.since is not None and last < options.since:
        return False
    return not (options.until is not None and day > options.until)


def reports_of_events(store: Store, events: Sequence[Event]) -> dict[str, EventReport]:
    """The reports merged into ``events``, by report id."""
    doc_ids = sorted({d for e in events for d in e.doc_ids})
    wanted = {r for e in events for r in e.report_ids}
    return {r.report_id: r for r in store.reports_of_documents(doc_ids) if r.report_id in wanted}


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What exports say about a report's article (the raw input is left out)."""

    doc_id: str
    text: str
    url: str | None = None
    origin: str | None = None
    title: str | None = None
    lang: str | None = None
    source_id: str | None = None
    source_name: str | None = None
    published_at: datetime | None = None
    pub_date: date | None = None
    fetched_at: datetime | None = None

    @property
    def locator(self) -> str:
        """The article's URL, else where it was read from."""
        return self.url or self.origin or ""


class ArticleCache:
    """Articles by id, the most recently used ``capacity`` kept, so an export touches each
    article once per page and memory stays flat."""

    def __init__(self, store: Store, capacity: int = CACHE_SIZE) -> None:
        self.store = store
        self.capacity = capacity
        self._items: OrderedDict[str, DocInfo | None] = OrderedDict()

    def get(self, doc_id: str) -> DocInfo | None:
        if doc_id in self._items:
            self._items.move_to_end(doc_id)
            return self._items[doc_id]
        try:
            found = self.store.article(doc_id)
        except NotFound:
            info = None
        else:
            article, document, source = found.article, found.document, found.source
            info = DocInfo(
                doc_id=doc_id,
                text=document.text if document else "",
                url=article.url,
                origin=article.origin,
                title=(document.title if document else None) or article.title,
                lang=(document.lang if document else None) or article.lang,
                source_id=(document.source_id if document else None) or article.source_id,
                source_name=source.name if source else article.outlet,
                published_at=(document.published_at if document else None) or article.published_at,
                pub_date=(document.pub_date if document else None) or article.pub_date,
                fetched_at=article.fetched_at,
            )
        self._items[doc_id] = info
        if len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return info


class ActorCodes:
    """Organisation codes (``UNO``, ``NAT``…) of canonical actors, looked up once each."""

    def __init__(self, store: Store, capacity: int = 65536) -> None:
        self.store = store
        self.capacity = capacity
        self._codes: dict[str, str] = {}

    def code(self, who: Participant) -> str:
        if not who.actor_id or who.kind != "organisation":
            return ""
        if who.actor_id not in self._codes:
            if len(self._codes) >= self.capacity:
                self._codes.clear()
            try:
                found = self.store.actor(who.actor_id).code or ""
            except NotFound:
                found = ""
            self._codes[who.actor_id] = found
        return self._codes[who.actor_id]


# -- writing -------------------------------------------------------------------------------


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def prepare_dir(out: str | Path, fmt: str) -> Path:
    """The output folder, created if needed; a clear error when it cannot be."""
    if str(out) == "-":
        raise ExportError(f"export {fmt}: writes a folder of files; give a folder, not -")
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise ExportError(f"export {fmt} to {path}: not a folder; give a folder to write into")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"export {fmt} to {path}: cannot create it ({_reason(err)})") from err
    if not os.access(path, os.W_OK | os.X_OK):
        raise ExportError(f"export {fmt} to {path}: not writable; choose another folder")
    return path


@contextmanager
def open_text(out: str | Path, fmt: str) -> Iterator[TextIO]:
    """A text stream to ``out`` (``-`` is stdout). A file is written under a temporary name
    and renamed when complete, so readers never see half an export and a failed export
    leaves any earlier file as it was."""
    if str(out) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(out)
    if path.is_dir():
        raise ExportError(f"export {fmt} to {path}: is a folder; give a file name or - (stdout)")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tmp.open("w", encoding="utf-8", newline="\n")
    except OSError as err:
        raise ExportError(f"export {fmt} to {path}: cannot write ({_reason(err)})") from err
    try:
        with handle:
            yield handle
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"export {fmt} to {path}: cannot write ({_reason(err)})") from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
