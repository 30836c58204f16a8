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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

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


_Who = tuple[str, str | None, str | None] | None  # (actor_id, kind, country); None: unknown
_When = tuple[date, str | None, str | None]  # (date, precision, status)


class _Keys(NamedTuple):
    """What the fit test reads of one report, computed once per report."""

    actor: _Who
    recipient: _Who
    when: _When | None


@dataclass(slots=True)
class _Group:
    """The reports of one event, with what the fit test needs kept as distinct values and
    their counts: a report's fit against the group is computed over those, not over every
    report (the same result; a story's big events have hundreds of reports but a few
    distinct actors and dates)."""

    reports: list[EventReport] = field(default_factory=list)
    modes: set[str] = field(default_factory=set)
    actors: Counter[_Who] = field(default_factory=Counter)
    recipients: Counter[_Who] = field(default_factory=Counter)
    dates: set[_When] = field(default_factory=set)
    at: int = -1  # position among the events of its type and standing

    @property
    def seed(self) -> EventReport:
        return self.reports[0]

    def add(self, report: EventReport, keys: _Keys) -> None:
        self.reports.append(report)
        if report.mode:
            self.modes.add(report.mode)
        self.actors[keys.actor] += 1
        self.recipients[keys.recipient] += 1
        if keys.when is not None:
            self.dates.add(keys.when)


class _Bucket:
    """The events of one type and standing, in the order they were started, indexed so
    that a report is tried only against events it might fit: those whose known actors
    include one of its actor's id or country (a known actor of another id and country can
    never be compatible), the same for recipients, and those with a date near enough to
    its date. Events with no known value on a side are always tried on that side. The
    candidates keep their order, so ties go to the older event as in a scan of all."""

    def __init__(self) -> None:
        self.groups: list[_Group] = []
        self.actors = _Index(_who_keys, _who_keys)
        self.recipients = _Index(_who_keys, _who_keys)
        self.dates = _Index(_when_keys, _when_query)
        self._indexes = (self.actors, self.recipients, self.dates)  # in _Keys order

    def candidates(self, keys: _Keys) -> list[_Group]:
        found: set[int] | None = None
        for index, value in zip(self._indexes, keys, strict=True):
            some = index.candidates(value)
            if some is not None:
                found = some if found is None else found & some
        if found is None:
            return self.groups
        return [self.groups[i] for i in sorted(found)]

    def add(self, group: _Group, report: EventReport, keys: _Keys) -> None:
        if group.at < 0:
            group.at = len(self.groups)
            self.groups.append(group)
            for index in self._indexes:
                index.unknown.add(group.at)
        for index, value in zip(self._indexes, keys, strict=True):
            index.add(group.at, value)
        group.add(report, keys)


class _Index:
    """Events by keys of their known values (actors, or dates), and the events with none
    known. ``member_keys`` gives a known value's keys; ``query_keys`` the keys under which
    every event a value may fit has at least one of its values."""

    def __init__(
        self,
        member_keys: Callable[[Any], list[str]],
        query_keys: Callable[[Any], list[str]],
    ) -> None:
        self.unknown: set[int] = set()
        self.by_key: dict[str, set[int]] = {}
        self.member_keys = member_keys
        self.query_keys = query_keys

    def candidates(self, value: Any) -> set[int] | None:
        if value is None:
            return None  # fits any event on this side
        found = set(self.unknown)
        for key in self.query_keys(value):
            found |= self.by_key.get(key, set())
        return found

    def add(self, at: int, value: Any) -> None:
        if value is None:
            return
        self.unknown.discard(at)
        for key in self.member_keys(value):
            self.by_key.setdefault(key, set()).add(at)


def _who_keys(who: tuple[str, str | None, str | None]) -> list[str]:
    """An actor fits another only with the same id, or the same country."""
    return ["id:" + who[0], "in:" + who[2]] if who[2] else ["id:" + who[0]]


def _when_keys(when: _When) -> list[str]:
    """A known date's keys: its day, month and year at its own precision."""
    day, precision = when[0], _PRECISION_RANK.get(when[1] or "day", 3)
    if precision == 1:
        return [f"y:{day.year}"]
    if precision == 2:
        return [f"m:{day.year}-{day.month}", f"my:{day.year}"]
    return [f"d:{day.toordinal()}", f"dm:{day.year}-{day.month}", f"dy:{day.year}"]


def _when_query(when: _When) -> list[str]:
    """Where every event a date may fit has a date (see :func:`_date_gap`)."""
    day, precision = when[0], _PRECISION_RANK.get(when[1] or "day", 3)
    year, month = f"{day.year}", f"{day.year}-{day.month}"
    if precision == 1:
        return [f"dy:{year}", f"my:{year}", f"y:{year}"]
    if precision == 2:
        return [f"dm:{month}", f"m:{month}", f"y:{year}"]
    near = range(-PUBLICATION_TOLERANCE_DAYS, PUBLICATION_TOLERANCE_DAYS + 1)
    return [f"d:{day.toordinal() + k}" for k in near] + [f"m:{month}", f"y:{year}"]


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
    buckets: dict[tuple[str, bool], _Bucket] = {}
    for report in ordered:
        bucket = buckets.setdefault((report.event_type, report.historical), _Bucket())
        keys = _Keys(
            _who(report.actor),
            _who(report.recipient),
            None
            if report.date is None
            else (report.date, report.date_precision, report.date_status),
        )
        best: tuple[int, int] | None = None
        chosen: _Group | None = None
        for group in bucket.candidates(keys):
            fit = _fit(report.mode, keys, group)
            if fit is not None and (best is None or fit > best):
                best, chosen = fit, group
        if chosen is None:
            chosen = _Group()
            groups.append(chosen)
        bucket.add(chosen, report, keys)
    return [_event(group, documents, story_id) for group in groups]


def _fit(mode: str | None, keys: _Keys, group: _Group) -> tuple[int, int] | None:
    """How well a report (its ``mode`` and ``keys``) fits ``group`` (higher is better),
    None when incompatible with any of its reports: the sum over its reports of the actor
    and recipient fits, and the largest date gap."""
    if mode and any(m != mode for m in group.modes):
        return None  # "convict" and "disapprove" are two acts of ACCUSE
    exact = 0
    for who, theirs in ((keys.actor, group.actors), (keys.recipient, group.recipients)):
        for other, count in theirs.items():
            fit = _participants_fit(who, other)
            if fit is None:
                return None
            exact += fit * count
    gap = 0
    if keys.when is not None:
        for other_when in group.dates:
            days = _date_gap(keys.when, other_when)
            if days is None:
                return None
            gap = max(gap, days)
    return exact, -gap


def _who(p: Participant | None) -> _Who:
    return None if p is None or p.actor_id is None else (p.actor_id, p.kind, p.country)


def _participants_fit(a: _Who, b: _Who) -> int | None:
    """2 for the same actor, 1 when compatible, None when they cannot be the same."""
    if a is None or b is None:
        return 1
    if a[0] == b[0]:
        return 2
    kinds = {a[1], b[1]}
    if a[2] and a[2] == b[2] and "country" in kinds and "person" not in kinds:
        return 1  # "Ecuador" and "Ecuador police"; a person is not the state
    return None


def _date_gap(a: _When, b: _When) -> int | None:
    """Days between two reports' dates (both known), None when they cannot be one
    event's."""
    precision = min(_PRECISION_RANK.get(a[1] or "day", 3), _PRECISION_RANK.get(b[1] or "day", 3))
    if precision == 1:
        return 0 if a[0].year == b[0].year else None
    if precision == 2:
        return 0 if (a[0].year, a[0].month) == (b[0].year, b[0].month) else None
    days = abs((a[0] - b[0]).days)
    from_text = a[2] == "text" and b[2] == "text"
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
