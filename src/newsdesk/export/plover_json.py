"""PLOVER JSON: one merged event a line, with the field names of the PLOVER specification's
"JSON Data Fields" (``id``, ``date``, ``source``, ``recipient``, ``event``, ``mode``,
``context``, ``event_loc``, ``event_text``, ``quad_code``, ``event_scale``, ``text_info``,
``cite_info``, ``coder``) and newsdesk's own fields after them (the specification invites
extra named fields). The mapping is documented in ``docs/exports.md``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsdesk._version import __version__
from newsdesk.export.codes import iso2_country
from newsdesk.export.common import (
    ActorCodes,
    ArticleCache,
    DocInfo,
    ExportOptions,
    TableWritten,
    event_pages,
    open_text,
    reports_of_events,
)
from newsdesk.model import Event, EventReport, Participant, Place
from newsdesk.store.base import Store

CODER = f"newsdesk {__version__}"
FEATURE_CLASS = {"city": "P", "country": "A", "region": "A"}


def export_plover(store: Store, out: str | Path, options: ExportOptions) -> list[TableWritten]:
    """Write the merged events in the window to ``out`` (a file or ``-``), one JSON a line."""
    articles = ArticleCache(store)
    codes = ActorCodes(store)
    rows = 0
    with open_text(out, "plover") as handle:
        for page in event_pages(store, options):
            reports = reports_of_events(store, page)
            for event in page:
                own = [reports[r] for r in event.report_ids if r in reports]
                docs = {d: articles.get(d) for d in event.doc_ids}
                record = plover_record(event, own, docs, codes)
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                rows += 1
    return [TableWritten("events", str(out), rows)]


def plover_record(
    event: Event,
    reports: Sequence[EventReport],
    docs: dict[str, DocInfo | None],
    codes: ActorCodes,
) -> dict[str, Any]:
    """One merged event as a PLOVER JSON record."""
    first = reports[0] if reports else None
    first_doc = docs.get(first.doc_id) if first else None
    return {
        "id": event.event_id,
        "has_event": True,
        "date": event.date.isoformat() if event.date else None,
        "source": [_actor(event.actor, codes)] if event.actor else [],
        "recipient": [_actor(event.recipient, codes)] if event.recipient else [],
        "event": [event.event_type],
        "mode": event.mode,
        "context": [],
        "event_loc": _location(event.place),
        "event_text": [_sentence(r, docs.get(r.doc_id)) for r in reports],
        "quad_code": event.quad,
        "event_scale": event.score,
        "text_info": (
            {
                "doc_id": first.doc_id,
                "sequence": first.sentence,
                "start": first.sentence_start,
                "end": first.sentence_end,
            }
            if first
            else None
        ),
        "cite_info": _citation(first_doc, first.codebook if first else None),
        "coder": CODER,
        # newsdesk's own fields
        "date_precision": event.date_precision,
        "date_status": event.date_status,
        "cameo": event.cameo,
        "historical": event.historical,
        "future": event.future,
        "story_id": event.story_id,
        "n_reports": event.n_reports,
        "n_articles": event.n_articles,
        "n_sources": event.n_sources,
        "source_ids": list(event.source_ids),
        "first_reported": event.first_reported.isoformat() if event.first_reported else None,
        "last_reported": event.last_reported.isoformat() if event.last_reported else None,
        "reports": [_evidence(r, docs.get(r.doc_id)) for r in reports],
    }


def _actor(who: Participant, codes: ActorCodes) -> dict[str, Any]:
    return {
        "code": who.country or codes.code(who) or None,
        "sector": who.sector,
        "actor_text": who.text,
        "identifier_id": who.actor_id,
        "identifier_text": who.name,
        "kind": who.kind,
    }


def _location(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "geonameid": place.geonameid,
        "name": place.name,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "feature_class": FEATURE_CLASS.get(place.kind),
        "country_code": iso2_country(place.country) or None,
        "cc3": place.country,
        "kind": place.kind,
        "text": place.text,
    }


def _citation(doc: DocInfo | None, codebook: str | None) -> dict[str, Any] | None:
    if doc is None:
        return None
    return {
        "url": doc.url,
        "citation": doc.origin,
        "title": doc.title,
        "language": doc.lang,
        "publication": doc.source_name or doc.source_id,
        "coder": CODER,
        "codebook": codebook,
    }


def _sentence(report: EventReport, doc: DocInfo | None) -> str:
    if doc is None:
        return ""
    return doc.text[report.sentence_start : report.sentence_end]


def _evidence(report: EventReport, doc: DocInfo | None) -> dict[str, Any]:
    return {
        "report_id": report.report_id,
        "doc_id": report.doc_id,
        "url": doc.locator if doc else None,
        "sentence": report.sentence,
        "start": report.sentence_start,
        "end": report.sentence_end,
        "trigger": report.trigger,
        "trigger_start": report.trigger_start,
        "trigger_end": report.trigger_end,
        "confidence": report.confidence,
    }
