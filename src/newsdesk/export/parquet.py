"""Parquet datasets, one folder per table (``articles``, ``mentions``, ``reports``,
``events``, ``stories``, ``quotes``), hive-partitioned by the year and month of each table's
date (``events/year=2024/month=5/part-0.parquet``); rows without a date go to
``year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__``, which DuckDB and
pyarrow read as nulls. Schemas are explicit, derived from the records (``newsdesk.export.arrow``).

Each table is written into a temporary folder and swapped in when complete, so exporting
twice into the same folder replaces the tables (no duplicated rows) and a failed export
leaves the previous one in place.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsdesk.errors import ExportError, NotFound
from newsdesk.export.arrow import Column, column_value, record_columns, schema_of
from newsdesk.export.codes import gdelt_event_id
from newsdesk.export.common import (
    ExportOptions,
    TableWritten,
    doc_id_pages,
    event_pages,
    in_window,
    prepare_dir,
    story_pages,
)
from newsdesk.model import Article, Document, Event, EventReport, Participant, Quote, Story
from newsdesk.store.base import Store

DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"
MAX_OPEN_FILES = 128
ARTICLE_FIELDS = ("url", "origin", "content_type", "outlet", "external_id", "fetched_at")


@dataclass(frozen=True, slots=True)
class TableSpec:
    """An exported table: its columns (value paths into a dict of source records) and the
    date column it is partitioned by."""

    name: str
    columns: tuple[Column, ...]
    partition: str
    flush_rows: int = 500

    @property
    def schema(self) -> pa.Schema:
        return schema_of(self.columns)

    def row(self, sources: Mapping[str, Any]) -> dict[str, Any]:
        return {c.name: column_value(sources, c) for c in self.columns}


def _last(columns: list[Column], names: tuple[str, ...]) -> tuple[Column, ...]:
    """``columns`` with the named ones moved to the end (long text reads better last)."""
    return (
        *(c for c in columns if c.name not in names),
        *(c for n in names for c in columns if c.name == n),
    )


def _value(name: str, kind: pa.DataType) -> Column:
    return Column(name, kind, (name,))


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "articles",
            _last(
                [
                    *record_columns(Document, drop=("removed_lines",), path=("document",)),
                    *record_columns(Article, only=ARTICLE_FIELDS, path=("article",)),
                    Column("source_name", pa.string(), ("source", "name")),
                ],
                ("sentences", "text"),
            ),
            partition="pub_date",
            flush_rows=100,
        ),
        TableSpec(
            "mentions",
            (
                _value("doc_id", pa.string()),
                _value("sentence", pa.int64()),
                *record_columns(Participant, path=("participant",)),
                _value("pub_date", pa.date32()),
            ),
            partition="pub_date",
        ),
        TableSpec(
            "reports", tuple(record_columns(EventReport, path=("report",))), partition="date"
        ),
        TableSpec(
            "events",
            (
                *record_columns(Event, path=("event",)),
                _value("gdelt_event_id", pa.int64()),
            ),
            partition="date",
        ),
        TableSpec("stories", tuple(record_columns(Story, path=("story",))), partition="first_seen"),
        TableSpec(
            "quotes",
            (*record_columns(Quote, path=("quote",)), _value("pub_date", pa.date32())),
            partition="pub_date",
        ),
    )
}


def export_parquet(store: Store, out: str | Path, options: ExportOptions) -> list[TableWritten]:
    """Write every table's rows in the window under ``OUT/<table>/``."""
    folder = prepare_dir(out, "parquet")
    written: list[TableWritten] = []
    with (
        _table(folder, TABLES["articles"]) as articles,
        _table(folder, TABLES["mentions"]) as mentions,
        _table(folder, TABLES["quotes"]) as quotes,
    ):
        for doc_ids in doc_id_pages(store, options):
            pub_dates: dict[str, date | None] = {}
            for doc_id in doc_ids:
                try:
                    found = store.article(doc_id)
                except NotFound:
                    continue
                if found.document is None:
                    continue
                pub_dates[doc_id] = found.document.pub_date
                articles.add(
                    {"document": found.document, "article": found.article, "source": found.source}
                )
            for doc_id, sentence, participant in store.mentions_of_documents(doc_ids):
                mentions.add(
                    {
                        "doc_id": doc_id,
                        "sentence": sentence,
                        "participant": participant,
                        "pub_date": pub_dates.get(doc_id),
                    }
                )
            for quote in store.quotes_of_documents(doc_ids):
                quotes.add({"quote": quote, "pub_date": pub_dates.get(quote.doc_id)})
    written += [articles.written, mentions.written, quotes.written]
    with _table(folder, TABLES["reports"]) as reports:
        for doc_ids in doc_id_pages(store, options, by_date=False):
            for report in store.reports_of_documents(doc_ids):
                if in_window(report.date, options):
                    reports.add({"report": report})
    written.append(reports.written)
    with _table(folder, TABLES["events"]) as events:
        for page in event_pages(store, options):
            for event in page:
                events.add({"event": event, "gdelt_event_id": gdelt_event_id(event.event_id)})
    written.append(events.written)
    with _table(folder, TABLES["stories"]) as stories:
        for story_page in story_pages(store, options):
            for story in story_page:
                stories.add({"story": story})
    written.append(stories.written)
    return written


class PartitionedWriter:
    """Rows of one table into ``year=Y/month=M/part-N.parquet`` files under ``root``,
    buffered per partition and written a row group at a time."""

    def __init__(self, root: Path, spec: TableSpec) -> None:
        self.root = root
        self.spec = spec
        self.schema = spec.schema
        self.rows = 0
        self._buffers: dict[tuple[int, int] | None, list[dict[str, Any]]] = {}
        self._buffered = 0
        self._writers: dict[tuple[int, int] | None, pq.ParquetWriter] = {}
        self._parts: dict[tuple[int, int] | None, int] = {}
        self.written = TableWritten(spec.name, str(root), 0)

    def add(self, sources: Mapping[str, Any]) -> None:
        row = self.spec.row(sources)
        day = row[self.spec.partition]
        key = (day.year, day.month) if isinstance(day, date) else None
        buffer = self._buffers.setdefault(key, [])
        buffer.append(row)
        self.rows += 1
        self._buffered += 1
        if len(buffer) >= self.spec.flush_rows:
            self._flush(key)
        elif self._buffered >= 4 * self.spec.flush_rows:
            for waiting in list(self._buffers):
                self._flush(waiting)

    def _flush(self, key: tuple[int, int] | None) -> None:
        rows = self._buffers.pop(key, [])
        if not rows:
            return
        self._buffered -= len(rows)
        self._writer(key).write_table(pa.Table.from_pylist(rows, schema=self.schema))

    def _writer(self, key: tuple[int, int] | None) -> pq.ParquetWriter:
        writer = self._writers.pop(key, None)
        if writer is None:
            if len(self._writers) >= MAX_OPEN_FILES:
                oldest = next(iter(self._writers))
                self._writers.pop(oldest).close()
            part = self._parts.get(key, -1) + 1
            self._parts[key] = part
            year, month = (str(key[0]), str(key[1])) if key else (DEFAULT_PARTITION,) * 2
            folder = self.root / f"year={year}" / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(folder / f"part-{part}.parquet", self.schema)
        self._writers[key] = writer  # most recently used last
        return writer

    def close(self) -> None:
        for key in list(self._buffers):
            self._flush(key)
        if not self._parts:  # an empty table still has its schema
            self._writer(None)
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
        self.written = TableWritten(self.spec.name, str(self.root), self.rows)

    def abort(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()


@contextmanager
def _table(folder: Path, spec: TableSpec) -> Iterator[PartitionedWriter]:
    """A writer for ``folder/<table>``: rows go to a temporary folder that replaces the
    table's folder only when the writer finishes without error."""
    final = folder / spec.name
    tmp = folder / f".{spec.name}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    writer = PartitionedWriter(tmp, spec)
    try:
        tmp.mkdir(parents=True)
        yield writer
        writer.close()
        _swap(tmp, final)
    except OSError as err:
        writer.abort()
        shutil.rmtree(tmp, ignore_errors=True)
        reason = err.strerror or str(err)
        raise ExportError(
            f"export parquet to {folder}: cannot write {spec.name} ({reason})"
        ) from err
    except BaseException:
        writer.abort()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    writer.written = TableWritten(spec.name, str(final), writer.rows)


def _swap(tmp: Path, final: Path) -> None:
    old = final.with_name(f".{final.name}.{os.getpid()}.old")
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)
