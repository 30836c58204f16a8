"""A story's timeline: its events and the dated background facts its articles recall,
ordered by normalised date, each with the sentences it rests on.

Events come from the merged events (date at its precision: "2024-04-05", "2023-12",
"2017"; undated events last). Background facts are sentences that date something well
before their article ("since December", "in November 2022", "in 2017") and report no event
with that date: the article's own words, cited. One fact told by several outlets is one entry
with every source (same date and mostly the same words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from newsdesk.compare.sources import event_label
from newsdesk.events.dates import normalize_date
from newsdesk.model import Citation, Record
from newsdesk.stories.view import StoryView

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_PREPOSITION = r"(?:since|in|from|until|by|on|during)\s+"
_SEASON = r"(?:(?:late|early|mid-?)\s*)?"
# A month (with day and year or not), "last year", or a bare year that a preposition
# introduces ("in 2019"): a year that modifies a noun ("the 2023 election") names a
# thing, not when the sentence's fact happened.
_DATE_EXPRESSION = re.compile(
    rf"\b(?:{_PREPOSITION})?{_SEASON}"
    rf"(?:{_MONTH}(?:\s+\d{{1,2}})?(?:,?\s+(?:19|20)\d\d)?|last year)\b"
    rf"|\b{_PREPOSITION}{_SEASON}(?:19|20)\d\d\b(?-i:(?!\s+[A-Z]))",
    re.IGNORECASE,
)
BACKGROUND_DAYS = 30
_WORD = re.compile(r"[a-z]{3,}")


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry(Record):
    date: str | None  # ISO at its precision
    precision: str | None
    kind: str  # event | background
    label: str
    text: str
    historical: bool
    sources: tuple[str, ...]
    citations: tuple[Citation, ...]
    event_id: str | None = None


def build_timeline(view: StoryView) -> list[TimelineEntry]:
    """Every entry of the story, oldest first; undated entries last."""
    reports = {r.report_id: r for r in view.reports}
    entries: list[TimelineEntry] = []
    covered: dict[tuple[str, int], set[str]] = {}
    for event in view.events:
        cited = [reports[r] for r in event.report_ids if r in reports]
        if not cited:
            continue
        first = min(cited, key=lambda r: (r.date_status != "text", r.pub_date or date.max))
        for r in cited:
            covered.setdefault((r.doc_id, r.sentence), set()).add(event.date_iso() or "")
        entries.append(
            TimelineEntry(
                date=event.date_iso(),
                precision=event.date_precision,
                kind="event",
                label=event_label(event),
                text=view.sentence(first.doc_id, first.sentence),
                historical=event.historical,
                sources=event.source_ids,
                citations=tuple(
                    Citation(
                        doc_id=r.doc_id,
                        start=r.sentence_start,
                        end=r.sentence_end,
                        sentence=r.sentence,
                    )
                    for r in cited
                ),
                event_id=event.event_id,
            )
        )
    entries.extend(_background(view, covered))
    return sorted(entries, key=_order)


def _order(entry: TimelineEntry) -> tuple[bool, str, int, str]:
    rank = {"year": 0, "month": 1, "day": 2}.get(entry.precision or "", 3)
    return (entry.date is None, entry.date or "", rank, entry.label)


def _background(view: StoryView, covered: dict[tuple[str, int], set[str]]) -> list[TimelineEntry]:
    facts: list[tuple[str, str, str, set[str], Citation]] = []  # iso, precision, text, words
    for doc_id, document in view.documents.items():
        if document.pub_date is None:
            continue  # relative dates cannot be resolved; never guessed
        limit = document.pub_date - timedelta(days=BACKGROUND_DAYS)
        for number, (start, end) in enumerate(document.sentences):
            text = document.text[start:end]
            for match in _DATE_EXPRESSION.finditer(text):
                found = normalize_date(match.group(), document.pub_date)
                if found.value is None or found.value > limit or found.precision is None:
                    continue
                if found.iso() in covered.get((doc_id, number), set()):
                    continue  # the sentence's event already carries this date
                citation = Citation(doc_id=doc_id, start=start, end=end, sentence=number)
                facts.append((found.iso() or "", found.precision, text, _words(text), citation))
                break
    merged: list[tuple[str, str, str, set[str], list[Citation]]] = []
    for iso, precision, text, words, citation in facts:
        for fact in merged:
            if fact[0] == iso and _overlap(fact[3], words) >= 0.3:
                fact[4].append(citation)
                break
        else:
            merged.append((iso, precision, text, words, [citation]))
    return [
        TimelineEntry(
            date=iso,
            precision=precision,
            kind="background",
            label="background",
            text=text,
            historical=True,
            sources=tuple(dict.fromkeys(view.source_of(c.doc_id) for c in citations)),
            citations=tuple(citations),
        )
        for iso, precision, text, _, citations in merged
    ]


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))
