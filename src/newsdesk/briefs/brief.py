"""A brief of one story in which every sentence cites the sentences it rests on.

Built only from the stored structure (merged events, the source comparison, the timeline,
quotes) and the articles' own sentences: no model writes text, so nothing can be invented.
Sentences the brief composes ("Both outlets report …", "Jorge Glas: person, Ecuador")
state structure and cite the evidence behind it; everything else is quoted from the
articles. The same stored story always gives the same brief.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from newsdesk.compare.sources import Comparison, compare_sources
from newsdesk.model import Citation, Record
from newsdesk.stories.timeline import TimelineEntry, build_timeline
from newsdesk.stories.view import StoryView

_QUOTE_MARKS = ' “”"'
METHOD = "extractive: structure + cited article sentences"
_SECTIONS = (
    ("happened", "What happened"),
    ("background", "Background"),
    ("who", "Who is involved"),
    ("sources", "Where outlets agree and differ"),
    ("quotes", "Key quotes"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BriefSentence(Record):
    section: str
    text: str
    citations: tuple[Citation, ...]
    date: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Brief(Record):
    story_id: str
    headline: BriefSentence
    sentences: tuple[BriefSentence, ...]
    sources: tuple[str, ...]
    method: str = METHOD


def write_brief(
    view: StoryView,
    *,
    comparison: Comparison | None = None,
    timeline: list[TimelineEntry] | None = None,
    max_events: int = 12,
) -> Brief:
    """The brief of ``view``."""
    comparison = comparison or compare_sources(view)
    timeline = timeline if timeline is not None else build_timeline(view)
    current = [e for e in timeline if e.kind == "event" and not e.historical]
    past = [e for e in timeline if e.historical]
    sentences: list[BriefSentence] = []
    seen: set[str] = set()
    told: set[str] = set()  # the events the brief tells
    for entry in _top(current, max_events):
        if entry.text in seen:
            continue
        seen.add(entry.text)
        told.add(entry.event_id or "")
        sentences.append(_entry("happened", entry))
    for entry in past[:max_events]:
        if entry.text in seen:
            continue
        seen.add(entry.text)
        sentences.append(_entry("background", entry))
    sentences.extend(_who(view))
    sentences.extend(_outlets(comparison, told, limit=max_events))
    sentences.extend(_quotes(view))
    headline = _headline(view, current or timeline)
    return Brief(
        story_id=view.story.story_id,
        headline=headline,
        sentences=tuple(sentences),
        sources=tuple(comparison.sources),
    )


def _top(entries: list[TimelineEntry], limit: int) -> list[TimelineEntry]:
    """The best-sourced ``limit`` entries, kept in timeline order."""
    ranked = sorted(entries, key=lambda e: (-len(e.sources), -len(e.citations)))[:limit]
    keep = {id(e) for e in ranked}
    return [e for e in entries if id(e) in keep]


def _entry(section: str, entry: TimelineEntry) -> BriefSentence:
    return BriefSentence(
        section=section, text=entry.text, citations=entry.citations[:3], date=entry.date
    )


def _headline(view: StoryView, entries: list[TimelineEntry]) -> BriefSentence:
    if view.story.title:
        first = next(iter(view.documents))
        document = view.documents[first]
        start, end = document.sentences[0] if document.sentences else (0, 0)
        return BriefSentence(
            section="headline",
            text=view.story.title,
            citations=(Citation(doc_id=first, start=start, end=end, sentence=0),),
        )
    if entries:
        best = max(entries, key=lambda e: (len(e.sources), len(e.citations), -_position(e)))
        return _entry("headline", best)
    first = next(iter(view.documents))
    document = view.documents[first]
    start, end = document.sentences[0] if document.sentences else (0, len(document.text))
    return BriefSentence(
        section="headline",
        text=document.text[start:end],
        citations=(Citation(doc_id=first, start=start, end=end, sentence=0),),
    )


def _position(entry: TimelineEntry) -> int:
    return min((c.sentence or 0) for c in entry.citations) if entry.citations else 0


def _who(view: StoryView) -> list[BriefSentence]:
    reports = {r.report_id: r for r in view.reports}
    counts: dict[str, int] = {}
    names: dict[str, Any] = {}
    evidence: dict[str, list[Citation]] = {}
    for event in view.events:
        for who in (event.actor, event.recipient):
            if who is None or who.actor_id is None:
                continue
            counts[who.actor_id] = counts.get(who.actor_id, 0) + 1
            names[who.actor_id] = who
            first = next((reports[r] for r in event.report_ids if r in reports), None)
            if first is not None:
                evidence.setdefault(who.actor_id, []).append(
                    Citation(
                        doc_id=first.doc_id,
                        start=first.sentence_start,
                        end=first.sentence_end,
                        sentence=first.sentence,
                    )
                )
    out = []
    for actor_id in sorted(counts, key=lambda a: (-counts[a], names[a].name or a))[:8]:
        who = names[actor_id]
        detail = ", ".join(p for p in (who.kind, who.country, who.sector) if p)
        n = counts[actor_id]
        out.append(
            BriefSentence(
                section="who",
                text=f"{who.name} ({detail}): in {n} event{'s' if n != 1 else ''}.",
                citations=tuple(evidence.get(actor_id, [])[:2]),
            )
        )
    return out


def _outlets(
    comparison: Comparison, told: set[str], *, limit: int, max_conflicts: int = 8
) -> list[BriefSentence]:
    """Who reports what, for at most ``limit`` events (those the brief tells first, then
    the best covered, in timeline order), and at most ``max_conflicts`` differences."""
    out = []
    n = len(comparison.sources)
    ranked = sorted(comparison.events, key=lambda c: (c.event_id not in told, -len(c.reported_by)))[
        :limit
    ]
    keep = {id(c) for c in ranked}
    for coverage in comparison.events:
        if id(coverage) not in keep:
            continue
        cited = tuple(c.citation for c in coverage.evidence[:3])
        if n > 1 and len(coverage.reported_by) == n:
            text = f"All {n} outlets report: {coverage.label}."
        elif n > 1 and len(coverage.reported_by) > 1:
            text = f"{len(coverage.reported_by)} of {n} outlets report: {coverage.label}."
        elif n > 1:
            late = " (the others published before it)" if coverage.published_before else ""
            text = f"Only {_outlet(coverage.reported_by[0])} reports: {coverage.label}{late}."
        else:
            continue
        out.append(BriefSentence(section="sources", text=text, citations=cited))
    for conflict in comparison.conflicts[:max_conflicts]:
        out.append(
            BriefSentence(
                section="sources",
                text=f"Outlets differ ({conflict.kind}): {conflict.note}.",
                citations=tuple(c.citation for c in conflict.claims),
            )
        )
    return out


def _outlet(source_id: str) -> str:
    return source_id.removeprefix("doc:")


def _quotes(view: StoryView, limit: int = 6) -> list[BriefSentence]:
    """Direct quotes with a resolved speaker first, longest first, in reading order."""
    chosen = [q for q in view.quotes if q.kind in ("direct", "mixed") and q.speaker and q.content]
    chosen = sorted(chosen, key=lambda q: -len(q.text))[:limit]
    order = list(view.documents)
    chosen.sort(key=lambda q: (order.index(q.doc_id) if q.doc_id in order else 0, q.content[0]))
    out = []
    for quote in chosen:
        speaker = quote.speaker
        name = (speaker.name or speaker.text) if speaker else "unattributed"
        start, end = quote.content[0][0], quote.content[-1][1]
        out.append(
            BriefSentence(
                section="quotes",
                text=f"{name}: “{_unquoted(quote.text)}”",
                citations=(
                    Citation(doc_id=quote.doc_id, start=start, end=end, sentence=quote.sentence),
                ),
            )
        )
    return out


# -- rendering ----------------------------------------------------------------------------


def render_markdown(brief: Brief, view: StoryView) -> str:
    """Markdown with numbered citations and the cited sentences listed at the end."""
    notes: dict[tuple[str, int, int], int] = {}

    def cite(citations: tuple[Citation, ...]) -> str:
        marks = []
        for c in citations:
            key = (c.doc_id, c.start, c.end)
            notes.setdefault(key, len(notes) + 1)
            marks.append(f"[{notes[key]}]")
        return "".join(marks)

    lines = [f"# {brief.headline.text} {cite(brief.headline.citations)}".rstrip(), ""]
    for section, title in _SECTIONS:
        chosen = [s for s in brief.sentences if s.section == section]
        if not chosen:
            continue
        lines += [f"## {title}", ""]
        for sentence in chosen:
            when = f"**{sentence.date}** " if sentence.date else ""
            lines.append(f"- {when}{sentence.text} {cite(sentence.citations)}".rstrip())
        lines.append("")
    lines += ["## Sources", ""]
    for (doc_id, start, end), number in notes.items():
        document = view.documents.get(doc_id)
        text = document.text[start:end] if document else ""
        outlet = _outlet(view.source_of(doc_id)) if document else doc_id
        lines.append(f"{number}. {outlet} ({doc_id}, characters {start}–{end}): {text}")
    return "\n".join(lines).rstrip() + "\n"


def render_html(brief: Brief, view: StoryView) -> str:
    """A standalone HTML fragment; every article-derived string is escaped, citations link
    to ``#cite-N`` anchors of the cited sentences."""
    notes: dict[tuple[str, int, int], int] = {}
    e = html.escape

    def cite(citations: tuple[Citation, ...]) -> str:
        marks = []
        for c in citations:
            key = (c.doc_id, c.start, c.end)
            notes.setdefault(key, len(notes) + 1)
            n = notes[key]
            marks.append(f'<a class="cite" href="#cite-{n}">[{n}]</a>')
        return "".join(marks)

    parts = [
        f'<article class="brief"><h1>{e(brief.headline.text)} {cite(brief.headline.citations)}</h1>'
    ]
    for section, title in _SECTIONS:
        chosen = [s for s in brief.sentences if s.section == section]
        if not chosen:
            continue
        parts.append(f"<h2>{e(title)}</h2><ul>")
        for sentence in chosen:
            when = f"<strong>{e(sentence.date)}</strong> " if sentence.date else ""
            parts.append(f"<li>{when}{e(sentence.text)} {cite(sentence.citations)}</li>")
        parts.append("</ul>")
    parts.append('<h2>Sources</h2><ol class="sources">')
    for (doc_id, start, end), number in notes.items():
        document = view.documents.get(doc_id)
        text = document.text[start:end] if document else ""
        outlet = _outlet(view.source_of(doc_id)) if document else doc_id
        parts.append(
            f'<li id="cite-{number}" data-doc="{e(doc_id)}" data-start="{start}" '
            f'data-end="{end}"><span class="outlet">{e(outlet)}</span> {e(text)}</li>'
        )
    parts.append("</ol></article>")
    return "\n".join(parts) + "\n"


def _unquoted(text: str) -> str:
    """``text`` without the quotation marks around it (also ``''…''`` and ````…''``)."""
    text = text.strip(_QUOTE_MARKS)
    text = text.removeprefix("``").removeprefix("''").removesuffix("''")
    return text.strip(_QUOTE_MARKS)
