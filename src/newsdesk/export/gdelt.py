"""GDELT 2.0 tables: ``events.tsv`` (the 61 columns of the Event table) and ``mentions.tsv``
(the 16 columns of the Mentions table), tab-separated, one merged event or one report a row.

Columns keep GDELT's names and order; what newsdesk does not know stays empty (tone,
ethnicity, religion, actor locations). The mapping is documented in ``docs/exports.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from newsdesk.export.codes import cameo_country, country_name, fips_country, gdelt_event_id
from newsdesk.export.common import (
    ActorCodes,
    ArticleCache,
    DocInfo,
    ExportOptions,
    TableWritten,
    event_pages,
    open_text,
    prepare_dir,
    reports_of_events,
)
from newsdesk.model import Event, EventReport, Participant, Place
from newsdesk.store.base import Store


def _actor_columns(prefix: str) -> tuple[str, ...]:
    return tuple(
        f"{prefix}{name}"
        for name in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    )


def _geo_columns(prefix: str) -> tuple[str, ...]:
    return tuple(
        f"{prefix}_{name}"
        for name in (
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        )
    )


EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    *_actor_columns("Actor1"),
    *_actor_columns("Actor2"),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *_geo_columns("Actor1Geo"),
    *_geo_columns("Actor2Geo"),
    *_geo_columns("ActionGeo"),
    "DATEADDED",
    "SOURCEURL",
)

MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)

WEB, CITATION_ONLY = 1, 2  # GDELT MentionType
REWRITTEN = {"pronoun", "context"}  # participants found through another mention


def export_gdelt(store: Store, out: str | Path, options: ExportOptions) -> list[TableWritten]:
    """Write ``OUT/events.tsv`` and ``OUT/mentions.tsv`` for the merged events in the window."""
    folder = prepare_dir(out, "gdelt")
    paths = {"events": folder / "events.tsv", "mentions": folder / "mentions.tsv"}
    articles = ArticleCache(store)
    codes = ActorCodes(store)
    counts = {"events": 0, "mentions": 0}
    with ExitStack() as stack:
        events_out = stack.enter_context(open_text(paths["events"], "gdelt"))
        mentions_out = stack.enter_context(open_text(paths["mentions"], "gdelt"))
        if options.header:
            _write(events_out, EVENT_COLUMNS)
            _write(mentions_out, MENTION_COLUMNS)
        for page in event_pages(store, options):
            reports = reports_of_events(store, page)
            for event in page:
                own = [reports[r] for r in event.report_ids if r in reports]
                docs = {d: articles.get(d) for d in event.doc_ids}
                added = _date_added(event, docs.values())
                _write(events_out, event_row(event, own, docs, codes, added))
                counts["events"] += 1
                for report in own:
                    _write(mentions_out, mention_row(event, report, docs.get(report.doc_id), added))
                    counts["mentions"] += 1
    return [TableWritten(name, str(paths[name]), counts[name]) for name in ("events", "mentions")]


def event_row(
    event: Event,
    reports: Sequence[EventReport],
    docs: dict[str, DocInfo | None],
    codes: ActorCodes,
    date_added: str,
) -> list[str]:
    """The 61 fields of one merged event."""
    day = event.date or event.first_reported
    cameo = event.cameo or ""
    first = docs.get(event.doc_ids[0]) if event.doc_ids else None
    row = [
        str(gdelt_event_id(event.event_id)),
        *_day_fields(day),
        *_actor_fields(event.actor, codes),
        *_actor_fields(event.recipient, codes),
        "1" if any(r.sentence == 0 for r in reports) else "0",
        cameo,
        cameo[:3],
        cameo[:2],
        _text(event.quad),
        _number(event.score),
        str(event.n_reports),
        str(event.n_sources),
        str(event.n_articles),
        "",  # AvgTone: newsdesk does not score tone
        *_geo_fields(None),
        *_geo_fields(None),
        *_geo_fields(event.place),
        date_added,
        first.locator if first else "",
    ]
    return [_clean(v) for v in row]


def mention_row(
    event: Event, report: EventReport, doc: DocInfo | None, event_time: str
) -> list[str]:
    """The 16 fields of one report of ``event``."""
    rewritten = any(p is not None and p.via in REWRITTEN for p in (report.actor, report.recipient))
    row = [
        str(gdelt_event_id(event.event_id)),
        event_time,
        _mention_time(doc),
        str(WEB if doc is not None and doc.url else CITATION_ONLY),
        (doc.source_id or doc.source_name or "") if doc else "",
        doc.locator if doc else "",
        str(report.sentence + 1),
        str(report.actor.start) if report.actor else "-1",
        str(report.recipient.start) if report.recipient else "-1",
        str(report.trigger_start),
        "0" if rewritten else "1",
        str(round(report.confidence * 100)),
        str(len(doc.text)) if doc else "",
        "",  # MentionDocTone
        "",  # MentionDocTranslationInfo
        "",  # Extras
    ]
    return [_clean(v) for v in row]


def _day_fields(day: date | None) -> list[str]:
    if day is None:
        return ["", "", "", ""]
    fraction = day.year + (day.month * 30 + day.day) / 365
    return [
        day.strftime("%Y%m%d"),
        f"{day.year:04d}{day.month:02d}",
        str(day.year),
        f"{fraction:.4f}",
    ]


def _actor_fields(who: Participant | None, codes: ActorCodes) -> list[str]:
    if who is None:
        return [""] * 10
    country = cameo_country(who.country)
    sector = who.sector or ""
    group = codes.code(who)
    code = country + sector + (group if len(group) == 3 and group != sector else "")
    return [code, who.name or who.text, country, group, "", "", "", sector, "", ""]


def _geo_fields(place: Place | None) -> list[str]:
    if place is None:
        return ["0", "", "", "", "", "", "", ""]
    usa = place.country == "USA"
    kind = {"country": 1, "city": 3 if usa else 4, "region": 2 if usa else 5}.get(place.kind, 4)
    fips = fips_country(place.country)
    if kind == 1:
        full = place.name or country_name(place.country)
    else:
        full = ", ".join(p for p in (place.name, country_name(place.country)) if p)
    return [
        str(kind),
        full,
        fips,
        fips if kind == 1 else "",
        "",
        _number(place.latitude),
        _number(place.longitude),
        _text(place.geonameid),
    ]


def _date_added(event: Event, docs: Iterable[DocInfo | None]) -> str:
    times = [d.published_at for d in docs if d is not None and d.published_at is not None]
    if times:
        return _timestamp(min(times))
    if event.first_reported:
        return event.first_reported.strftime("%Y%m%d") + "000000"
    return ""


def _mention_time(doc: DocInfo | None) -> str:
    if doc is None:
        return ""
    if doc.published_at is not None:
        return _timestamp(doc.published_at)
    if doc.pub_date is not None:
        return doc.pub_date.strftime("%Y%m%d") + "000000"
    return _timestamp(doc.fetched_at) if doc.fetched_at is not None else ""


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _clean(value: str) -> str:
    """Tabs and line breaks would break the row: they become spaces."""
    if "\t" in value or "\n" in value or "\r" in value:
        return " ".join(value.replace("\t", " ").splitlines())
    return value


def _write(handle: TextIO, fields: Sequence[str]) -> None:
    handle.write("\t".join(fields) + "\n")
