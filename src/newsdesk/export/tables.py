"""Records as flat table rows, and CSV of them: one row per event, report, document,
story or actor. Nested records are spread into prefixed columns (``actor_name``,
``place_country``), lists joined with ``;``, dates in ISO 8601. Used by the HTTP API's
``?format=csv`` and the web UI's CSV downloads, so both give the same columns.

Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return, and not a number) get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from newsdesk.model import Actor, Document, Event, EventReport, Participant, Place, Story

T = TypeVar("T")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _who(prefix: str, who: Participant | None) -> dict[str, Any]:
    return {
        f"{prefix}_text": who.text if who else None,
        f"{prefix}_id": who.actor_id if who else None,
        f"{prefix}_name": who.name if who else None,
        f"{prefix}_country": who.country if who else None,
        f"{prefix}_sector": who.sector if who else None,
    }


def _place(place: Place | None) -> dict[str, Any]:
    return {
        "place_name": place.name if place else None,
        "place_country": place.country if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
    }


def event_row(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "story_id": event.story_id,
        "date": event.date_iso(),
        "date_precision": event.date_precision,
        "event_type": event.event_type,
        "mode": event.mode,
        "cameo": event.cameo,
        "quad": event.quad,
        "score": event.score,
        **_who("actor", event.actor),
        **_who("recipient", event.recipient),
        **_place(event.place),
        "historical": event.historical,
        "future": event.future,
        "n_reports": event.n_reports,
        "n_articles": event.n_articles,
        "n_sources": event.n_sources,
        "source_ids": event.source_ids,
        "first_reported": event.first_reported,
        "last_reported": event.last_reported,
    }


def report_row(report: EventReport) -> dict[str, Any]:
    return {
        "report_id": report.report_id,
        "doc_id": report.doc_id,
        "sentence": report.sentence,
        "sentence_start": report.sentence_start,
        "sentence_end": report.sentence_end,
        "date": report.date_iso(),
        "date_precision": report.date_precision,
        "date_status": report.date_status,
        "event_type": report.event_type,
        "mode": report.mode,
        "cameo": report.cameo,
        "quad": report.quad,
        "score": report.score,
        "trigger": report.trigger,
        "trigger_start": report.trigger_start,
        "trigger_end": report.trigger_end,
        **_who("actor", report.actor),
        **_who("recipient", report.recipient),
        **_place(report.place),
        "negated": report.negated,
        "hypothetical": report.hypothetical,
        "future": report.future,
        "historical": report.historical,
        "confidence": report.confidence,
        "codebook": report.codebook,
        "pub_date": report.pub_date,
    }


def document_row(document: Document) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "title": document.title,
        "source_id": document.source_id,
        "lang": document.lang,
        "pub_date": document.pub_date,
        "published_at": document.published_at,
        "authors": document.authors,
        "n_sentences": len(document.sentences),
        "n_chars": len(document.text),
        "duplicate_of": document.duplicate_of,
        "duplicate_kind": document.duplicate_kind,
    }


def story_row(story: Story) -> dict[str, Any]:
    return {
        "story_id": story.story_id,
        "title": story.title,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "n_articles": story.n_articles,
        "n_sources": story.n_sources,
        "n_events": story.n_events,
        "source_ids": story.source_ids,
    }


def actor_row(actor: Actor) -> dict[str, Any]:
    return actor.to_dict()


@dataclass(frozen=True, slots=True)
class Table(Generic[T]):
    """How one kind of item becomes a CSV row; ``columns`` come from a blank sample, so
    an empty page still has its header."""

    row: Callable[[T], dict[str, Any]]
    sample: T

    @property
    def columns(self) -> list[str]:
        return list(self.row(self.sample))


EVENTS = Table(event_row, Event(event_id="", event_type=""))
REPORTS = Table(
    report_row,
    EventReport(
        report_id="", doc_id="", sentence=0, sentence_start=0, sentence_end=0, event_type=""
    ),
)
DOCUMENTS = Table(document_row, Document(doc_id="", text=""))
STORIES = Table(story_row, Story(story_id=""))
ACTORS = Table(actor_row, Actor(actor_id="", name="", kind=""))


def csv_lines(items: Iterable[T], table: Table[T]) -> Iterator[str]:
    """CSV text of ``items`` (header first), a chunk per item, for streaming."""
    columns = table.columns
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    yield _take(buffer)
    for item in items:
        values = table.row(item)
        writer.writerow([csv_cell(values[c]) for c in columns])
        yield _take(buffer)


def csv_cell(value: Any) -> str:
    """One value as CSV text (see the module doc for formulas)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text.strip()):
        return "'" + text
    return text


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
