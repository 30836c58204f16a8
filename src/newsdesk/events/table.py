"""Merged events as flat table rows, and CSV of them.

One row per event: its coded fields, both sides' canonical actor, the place and the counts.
Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return, and not a number) get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from newsdesk.model import Event

EVENT_COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "event_type",
    "mode",
    "quad",
    "cameo",
    "score",
    "actor_id",
    "actor_name",
    "actor_country",
    "actor_sector",
    "recipient_id",
    "recipient_name",
    "recipient_country",
    "recipient_sector",
    "place",
    "place_country",
    "latitude",
    "longitude",
    "historical",
    "future",
    "n_reports",
    "n_articles",
    "n_sources",
    "source_ids",
    "story_id",
    "first_reported",
    "last_reported",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def event_row(event: Event) -> dict[str, Any]:
    """``event`` as one flat row keyed by :data:`EVENT_COLUMNS`."""
    actor, recipient, place = event.actor, event.recipient, event.place
    return {
        "event_id": event.event_id,
        "date": event.date_iso(),
        "date_precision": event.date_precision,
        "event_type": event.event_type,
        "mode": event.mode,
        "quad": event.quad,
        "cameo": event.cameo,
        "score": event.score,
        "actor_id": actor.actor_id if actor else None,
        "actor_name": (actor.name or actor.text) if actor else None,
        "actor_country": actor.country if actor else None,
        "actor_sector": actor.sector if actor else None,
        "recipient_id": recipient.actor_id if recipient else None,
        "recipient_name": (recipient.name or recipient.text) if recipient else None,
        "recipient_country": recipient.country if recipient else None,
        "recipient_sector": recipient.sector if recipient else None,
        "place": place.name if place else None,
        "place_country": place.country if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "historical": event.historical,
        "future": event.future,
        "n_reports": event.n_reports,
        "n_articles": event.n_articles,
        "n_sources": event.n_sources,
        "source_ids": ";".join(event.source_ids),
        "story_id": event.story_id,
        "first_reported": event.first_reported.isoformat() if event.first_reported else None,
        "last_reported": event.last_reported.isoformat() if event.last_reported else None,
    }


def csv_lines(events: Iterable[Event]) -> Iterator[str]:
    """CSV text of ``events`` (header first), a chunk per event, for streaming."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EVENT_COLUMNS)
    yield _take(buffer)
    for event in events:
        row = event_row(event)
        writer.writerow([_cell(row[c]) for c in EVENT_COLUMNS])
        yield _take(buffer)


def write_events_csv(events: Iterable[Event], handle: IO[str]) -> int:
    """Write ``events`` as CSV to the text ``handle``; the number of rows written."""
    chunks = csv_lines(events)
    handle.write(next(chunks))
    n_rows = 0
    for chunk in chunks:
        handle.write(chunk)
        n_rows += 1
    return n_rows


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text.strip()) is not None
