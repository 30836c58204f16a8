"""Merge the reports of one real event into one :class:`~newsdesk.model.Event`.

A report joins an event of its story when the two agree on what happened:

- the same PLOVER type and, where both have one, the same mode; the same
  background/current standing (``historical``);
- compatible actors and recipients: the same canonical actor, or one side unknown, or the
  same country where one side is the country itself and the other an institution
  ("Ecuador" and "Ecuador police"); two different persons or organisations never merge,
  nor a person and a country;
- compatible dates: dates from the text within one day at day precision (time zones), or the
  same month or year at coarser precision; a date that is only the publication date is
  within three days of another; an event without a date is compatible with any.

Reports are taken in a fixed order (publication date, document, sentence, trigger), each
joining the best compatible event (exact actor and recipient first, then the closest
date) or starting a new one, so the result does not depend on storage order. An event's
coded fields come from its best-resolved report: a date from the text over the
publication date, a day over a month over a year, the most often reported value first;
actors by the same rule of specificity. ``n_articles`` counts documents, ``n_sources``
independent outlets: a syndicated copy (a document marked ``duplicate_of`` another) counts
with its original's outlet; a document with no known outlet counts as its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from newsdesk.model import Event, EventReport, Participant, Place, make_id

_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}
_STATUS_RANK = {"text": 2, "publication": 1}
PUBLICATION_TOLERANCE_DAYS = 3
TEXT_TOLERANCE_DAYS = 1


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What merging needs to know about a report's document."""

    source_id: str | None = None
    pub_date: date | None = None
    duplicate_of: str | None = None


@dataclass(slots=True)
class _Group:
    reports: list[EventReport] = field(default_factory=list)

    @property
    def seed(self) -> EventReport:
        return self.reports[0]


def merge_reports(
    reports: Iterable[EventReport],
    documents: Mapping[str, DocumentInfo],
    *,
    story_id: str | None = None,
) -> list[Event]:
    """The events of one story (or any set of reports considered together): every report
    that is an event (not negated, not hypothetical) belongs to exactly one event."""
    ordered = sorted(
        (r for r in reports if r.is_event),
        key=lambda r: (
            r.pub_date or date.max,
            r.doc_id,
            r.sentence,
            r.trigger_start,
            r.event_type,
        ),
    )
    groups: list[_Group] = []
    by_type: dict[tuple[str, bool], list[_Group]] = {}
    for report in ordered:
        candidates = by_type.setdefault((report.event_type, report.historical), [])
        best: tuple[int, int] | None = None
        chosen: _Group | None = None
        for group in candidates:
            fit = _fit(report, group)
            if fit is not None and (best is None or fit > best):
                best, chosen = fit, group
        if chosen is None:
            chosen = _Group()
            candidates.append(chosen)
            groups.append(chosen)
        chosen.reports.append(report)
    return [_event(group, documents, story_id) for group in groups]


def _fit(report: EventReport, group: _Group) -> tuple[int, int] | None:
    """How well ``report`` fits ``group`` (higher is better), None when incompatible with
    any of its reports."""
    exact = 0
    gap = 0
    for other in group.reports:
        if report.mode and other.mode and report.mode != other.mode:
            return None  # "convict" and "disapprove" are two acts of ACCUSE
        actor = _participants_fit(report.actor, other.actor)
        recipient = _participants_fit(report.recipient, other.recipient)
        if actor is None or recipient is None:
            return None
        days = _date_gap(report, other)
        if days is None:
            return None
        exact += actor + recipient
        gap = max(gap, days)
    return exact, -gap


def _participants_fit(a: Participant | None, b: Participant | None) -> int | None:
    """2 for the same actor, 1 when compatible, None when they cannot be the same."""
    if a is None or b is None or a.actor_id is None or b.actor_id is None:
        return 1
    if a.actor_id == b.actor_id:
        return 2
    kinds = {a.kind, b.kind}
    if a.country and a.country == b.country and "country" in kinds and "person" not in kinds:
        return 1  # "Ecuador" and "Ecuador police"; a person is not the state
    return None


def _date_gap(a: EventReport, b: EventReport) -> int | None:
    """Days between the two reports' dates, 0 when either has none, None when the dates
    cannot be one event's."""
    if a.date is None or b.date is None:
        return 0
    precision = min(
        _PRECISION_RANK.get(a.date_precision or "day", 3),
        _PRECISION_RANK.get(b.date_precision or "day", 3),
    )
    if precision == 1:
        return 0 if a.date.year == b.date.year else None
    if precision == 2:
        same = (a.date.year, a.date.month) == (b.date.year, b.date.month)
        return 0 if same else None
    days = abs((a.date - b.date).days)
    from_text = a.date_status == "text" and b.date_status == "text"
    limit = TEXT_TOLERANCE_DAYS if from_text else PUBLICATION_TOLERANCE_DAYS
    return days if days <= limit else None


def _event(group: _Group, documents: Mapping[str, DocumentInfo], story_id: str | None) -> Event:
    reports = group.reports
    seed = group.seed
    dated = _best_dated(reports)
    doc_ids = tuple(dict.fromkeys(r.doc_id for r in reports))
    sources = tuple(sorted({source_key(doc_id, documents) for doc_id in doc_ids}))
    published = [d for d in (_pub_date(r, documents) for r in reports) if d is not None]
    modes = Counter(r.mode for r in reports if r.mode)
    mode = modes.most_common(1)[0][0] if modes else None
    chosen = next((r for r in reports if r.mode == mode), seed)
    return Event(
        event_id=make_id("evt", seed.report_id),
        story_id=story_id,
        event_type=seed.event_type,
        mode=mode,
        cameo=chosen.cameo,
        quad=chosen.quad,
        score=chosen.score,
        actor=_best_participant(r.actor for r in reports),
        recipient=_best_participant(r.recipient for r in reports),
        date=dated.date if dated else None,
        date_precision=dated.date_precision if dated else None,
        date_status=dated.date_status if dated else "absent",
        dates_reported=tuple(
            sorted({d for d in (r.date_iso() for r in reports if r.date_status == "text") if d})
        ),
        place=_best_place(r.place for r in reports),
        historical=seed.historical,
        future=all(r.future for r in reports),
        report_ids=tuple(r.report_id for r in reports),
        doc_ids=doc_ids,
        source_ids=sources,
        n_reports=len(reports),
        n_articles=len(doc_ids),
        n_sources=len(sources),
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
    )


def _best_dated(reports: list[EventReport]) -> EventReport | None:
    dated = [r for r in reports if r.date is not None]
    if not dated:
        return None
    counts = Counter((r.date, r.date_precision) for r in dated)
    return max(
        dated,
        key=lambda r: (
            _STATUS_RANK.get(r.date_status, 0),
            _PRECISION_RANK.get(r.date_precision or "day", 0),
            counts[(r.date, r.date_precision)],
            -r.date.toordinal(),  # type: ignore[union-attr]
        ),
    )


def _best_participant(found: Iterable[Participant | None]) -> Participant | None:
    known = [p for p in found if p is not None]
    if not known:
        return None
    counts = Counter(p.actor_id for p in known if p.actor_id)
    specificity = {"person": 3, "organisation": 2, "group": 2, "country": 1}
    return max(
        known,
        key=lambda p: (
            p.actor_id is not None,
            counts.get(p.actor_id, 0) if p.actor_id else 0,
            specificity.get(p.kind or "", 0),
        ),
    )


def _best_place(found: Iterable[Place | None]) -> Place | None:
    places = [p for p in found if p is not None]
    if not places:
        return None
    rank = {"city": 3, "region": 2, "country": 1}
    counts = Counter(p.name for p in places)
    return max(places, key=lambda p: (p.sentence is None, rank.get(p.kind, 0), counts[p.name]))


def source_key(doc_id: str, documents: Mapping[str, DocumentInfo]) -> str:
    """The outlet a document counts for: its own, or its original's when it is a
    syndicated copy; ``doc:<id>`` when the outlet is unknown."""
    info = documents.get(doc_id, DocumentInfo())
    seen = {doc_id}
    while info.duplicate_of and info.duplicate_of not in seen:
        seen.add(info.duplicate_of)
        doc_id = info.duplicate_of
        original = documents.get(doc_id)
        if original is None:
            return f"copy-of:{doc_id}"  # copies of one unseen original count once
        info = original
    return info.source_id or f"doc:{doc_id}"


def _pub_date(report: EventReport, documents: Mapping[str, DocumentInfo]) -> date | None:
    info = documents.get(report.doc_id)
    return (info.pub_date if info else None) or report.pub_date
