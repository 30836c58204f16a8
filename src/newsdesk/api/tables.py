"""``?format=csv``: list endpoints as flat CSV tables, one row per item. Nested records
are spread into prefixed columns (``actor_name``, ``place_country``), lists joined with
``;``. The next page's cursor travels in the ``X-Next-Cursor`` header (and ``Link``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from newsdesk.model import Actor, Document, Event, EventReport, Participant, Place, Story

CSV_TYPE = "text/csv; charset=utf-8"
T = TypeVar("T")


class OutputFormat(StrEnum):
    json = "json"
    csv = "csv"


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


def csv_response(
    request: Request, items: Iterable[T], table: Table[T], next_cursor: str | None
) -> Response:
    columns = table.columns
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for item in items:
        values = table.row(item)
        writer.writerow([_cell(values[c]) for c in columns])
    headers = {}
    if next_cursor:
        query = dict(request.query_params) | {"cursor": next_cursor}
        headers["X-Next-Cursor"] = next_cursor
        headers["Link"] = f'<{request.url.path}?{urlencode(query)}>; rel="next"'
    return Response(buffer.getvalue(), media_type=CSV_TYPE, headers=headers)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "With format=csv: a CSV table (header row, one row per item); the "
        "next page's cursor is in the X-Next-Cursor header.",
    }
}
