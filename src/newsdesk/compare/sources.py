"""Compare the outlets of one story, event by event and fact by fact.

For each merged event: the outlets that report it, those that do not (and of those, the
ones whose articles all appeared before the event's date, which could not have), with the
sentences as evidence. Then what outlets report incompatibly:

- ``date``: one event given different days by different outlets (within the merging
  tolerance), or two events of the same type between the same actors, told by disjoint
  sets of outlets, on different days;
- ``title``: a person called by a title that does not fit how the story names them
  elsewhere ("the former president" for the former vice president): the actor resolver
  marks such a mention ``inexact``;
- ``number``: the same event with different figures for the same thing ("12 people" and
  "15 people").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from newsdesk.model import Citation, Event, Record
from newsdesk.stories.view import StoryView

_NUMBER = re.compile(
    r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dozens|hundreds|thousands)\s+([a-z][a-z-]+)",
    re.IGNORECASE,
)
_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}  # fmt: skip
_UNITS_SKIP = frozenset({"percent", "per", "am", "pm", "a.m", "p.m", "and", "or", "of", "to"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim(Record):
    """What one outlet says on a point, with its evidence."""

    source_id: str
    value: str
    citation: Citation


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict(Record):
    kind: str  # date | title | number
    subject: str  # the event or actor the claims are about
    note: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage(Record):
    event_id: str
    label: str
    reported_by: tuple[str, ...]
    not_reported_by: tuple[str, ...]
    published_before: tuple[str, ...]  # of those not reporting: all their articles predate it
    evidence: tuple[Claim, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison(Record):
    story_id: str
    sources: tuple[str, ...]
    events: tuple[Coverage, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def agreed(self) -> list[Coverage]:
        """Events every outlet that could have reported them reports."""
        return [c for c in self.events if len(c.reported_by) > 1 and not self._missing(c)]

    @property
    def single_source(self) -> list[Coverage]:
        return [c for c in self.events if len(c.reported_by) == 1]

    @staticmethod
    def _missing(coverage: Coverage) -> list[str]:
        return [s for s in coverage.not_reported_by if s not in coverage.published_before]


def event_label(event: Event) -> str:
    """ "Ecuador SANCTION (expel) Mexico": who did what to whom, in codebook terms."""
    actor = event.actor.name if event.actor and event.actor.name else "someone"
    what = event.event_type + (f" ({event.mode})" if event.mode else "")
    target = event.recipient.name if event.recipient and event.recipient.name else None
    return " ".join(p for p in (actor, what, target) if p)


def compare_sources(view: StoryView) -> Comparison:
    """The comparison of ``view``'s outlets (deterministic: same view, same result)."""
    sources = tuple(view.sources)
    latest: dict[str, date] = {}
    for doc_id, document in view.documents.items():
        source = view.source_of(doc_id)
        if document.pub_date is not None:
            current = latest.get(source)
            if current is None or document.pub_date > current:
                latest[source] = document.pub_date
    reports = {r.report_id: r for r in view.reports}
    coverage = []
    for event in _ordered(view.events):
        claims = []
        for report_id in event.report_ids:
            report = reports.get(report_id)
            if report is None:
                continue
            claims.append(
                Claim(
                    source_id=view.source_of(report.doc_id),
                    value=view.sentence(report.doc_id, report.sentence),
                    citation=Citation(
                        doc_id=report.doc_id,
                        start=report.sentence_start,
                        end=report.sentence_end,
                        sentence=report.sentence,
                    ),
                )
            )
        reported = tuple(dict.fromkeys(c.source_id for c in claims))
        missing = tuple(s for s in sources if s not in reported)
        before = tuple(
            s
            for s in missing
            if event.date is not None
            and event.date_precision == "day"
            and s in latest
            and latest[s] < event.date
        )
        coverage.append(
            Coverage(
                event_id=event.event_id,
                label=event_label(event),
                reported_by=reported,
                not_reported_by=missing,
                published_before=before,
                evidence=tuple(claims),
            )
        )
    conflicts = [*_date_conflicts(view), *_title_conflicts(view), *_number_conflicts(view)]
    return Comparison(
        story_id=view.story.story_id,
        sources=sources,
        events=tuple(coverage),
        conflicts=tuple(conflicts),
    )


def _ordered(events: list[Event]) -> list[Event]:
    return sorted(
        events,
        key=lambda e: (e.historical, e.date or e.first_reported or date.max, e.event_id),
    )


def _date_conflicts(view: StoryView) -> list[Conflict]:
    reports = {r.report_id: r for r in view.reports}
    found = []
    for event in _ordered(view.events):
        by_day: dict[str, list[Claim]] = defaultdict(list)
        for report_id in event.report_ids:
            report = reports.get(report_id)
            if report is None or report.date_status != "text" or report.date_precision != "day":
                continue
            by_day[report.date_iso() or ""].append(_claim(view, report.doc_id, report.sentence))
        if len(by_day) > 1:
            found.append(
                Conflict(
                    kind="date",
                    subject=event.event_id,
                    note=f"{event_label(event)}: dated {', '.join(sorted(by_day))}",
                    claims=tuple(
                        Claim(source_id=c.source_id, value=day, citation=c.citation)
                        for day, claims in sorted(by_day.items())
                        for c in claims[:1]
                    ),
                )
            )
    dated = [e for e in view.events if e.date is not None and e.date_status == "text"]
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            if (
                a.event_type == b.event_type
                and a.historical == b.historical
                and a.actor is not None
                and b.actor is not None
                and a.actor.actor_id == b.actor.actor_id
                and (a.recipient and a.recipient.actor_id) == (b.recipient and b.recipient.actor_id)
                and a.date != b.date
                and not set(a.source_ids) & set(b.source_ids)
            ):
                found.append(
                    Conflict(
                        kind="date",
                        subject=a.event_id,
                        note=f"{event_label(a)}: {a.date_iso()} or {b.date_iso()}",
                        claims=(
                            _event_claim(view, a, a.date_iso() or ""),
                            _event_claim(view, b, b.date_iso() or ""),
                        ),
                    )
                )
    return found


def _title_conflicts(view: StoryView) -> list[Conflict]:
    found = []
    by_actor: dict[str, list[tuple[str, int, str, str]]] = defaultdict(list)
    for doc_id, sentence, who in view.mentions:
        if who.actor_id and who.kind == "person":
            by_actor[who.actor_id].append((doc_id, sentence, who.text, who.via or ""))
    for actor_id, seen in by_actor.items():
        inexact = [m for m in seen if m[3] == "inexact"]
        if not inexact:
            continue
        titled = list(
            {
                m[2]: m
                for m in seen
                if m[3] in ("description", "phrase", "name") and _has_title(m[2])
            }.values()
        )
        name = next((who.name for _, _, who in view.mentions if who.actor_id == actor_id), actor_id)
        claims = [
            Claim(
                source_id=view.source_of(doc_id),
                value=text,
                citation=_claim(view, doc_id, sentence).citation,
            )
            for doc_id, sentence, text, _ in [*inexact, *titled[:3]]
        ]
        found.append(
            Conflict(
                kind="title",
                subject=actor_id,
                note=(
                    f"{name} is called {', '.join(repr(m[2]) for m in inexact)}; elsewhere "
                    + (", ".join(repr(m[2]) for m in titled[:3]) or "by name only")
                ),
                claims=tuple(claims),
            )
        )
    return found


def _has_title(text: str) -> bool:
    return any(w[:1].islower() or w.lower() in _TITLE_WORDS for w in text.split()[:-1])


_TITLE_WORDS = frozenset({"president", "vice", "minister", "ambassador", "former", "leader"})


def _number_conflicts(view: StoryView) -> list[Conflict]:
    reports = {r.report_id: r for r in view.reports}
    found = []
    for event in _ordered(view.events):
        if event.n_sources < 2:
            continue
        by_noun: dict[str, dict[str, Claim]] = defaultdict(dict)
        for report_id in event.report_ids:
            report = reports.get(report_id)
            if report is None:
                continue
            text = view.sentence(report.doc_id, report.sentence)
            for number, noun in _NUMBER.findall(text):
                value = _WORDS.get(number.lower(), number.replace(",", ""))
                noun = noun.lower().rstrip("s")
                if noun in _UNITS_SKIP or re.fullmatch(r"(?:19|20)\d\d", value):
                    continue
                claim = _claim(view, report.doc_id, report.sentence)
                by_noun[noun].setdefault(value, Claim(
                    source_id=claim.source_id, value=f"{number} {noun}", citation=claim.citation
                ))  # fmt: skip
        for noun, values in sorted(by_noun.items()):
            sources = {c.source_id for c in values.values()}
            if len(values) > 1 and len(sources) > 1:
                found.append(
                    Conflict(
                        kind="number",
                        subject=event.event_id,
                        note=f"{event_label(event)}: {noun} given as {', '.join(sorted(values))}",
                        claims=tuple(values.values()),
                    )
                )
    return found


def _claim(view: StoryView, doc_id: str, sentence: int) -> Claim:
    start, end = view.documents[doc_id].sentences[sentence]
    return Claim(
        source_id=view.source_of(doc_id),
        value=view.documents[doc_id].text[start:end],
        citation=Citation(doc_id=doc_id, start=start, end=end, sentence=sentence),
    )


def _event_claim(view: StoryView, event: Event, value: str) -> Claim:
    reports = {r.report_id: r for r in view.reports}
    first = next((reports[r] for r in event.report_ids if r in reports), None)
    if first is None:
        return Claim(source_id="", value=value, citation=Citation(doc_id="", start=0, end=0))
    claim = _claim(view, first.doc_id, first.sentence)
    return Claim(source_id=claim.source_id, value=value, citation=claim.citation)
