"""What the story, article, story list and search pages show, read through the Python API
(``Desk`` and the library functions it wraps). Templates only lay these values out."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup

from newsdesk.briefs.brief import BriefSentence, write_brief
from newsdesk.compare.sources import Claim, Comparison, compare_sources
from newsdesk.desk import Desk
from newsdesk.model import Citation, Document, Event, Story
from newsdesk.stories.timeline import TimelineEntry, build_timeline
from newsdesk.stories.view import StoryView
from newsdesk.web import charts
from newsdesk.web.highlight import Span, article_spans, cite_id, render_spans
from newsdesk.web.params import Page, safe_url

BRIEF_SECTIONS = (
    ("happened", "What happened"),
    ("background", "Background"),
    ("who", "Who is involved"),
    ("sources", "Where outlets agree and differ"),
)


class Outlets:
    """Display names of outlets: a source's name, or for an article whose outlet is not
    known (``doc:<id>``), "unknown outlet" with the article's id."""

    def __init__(self, desk: Desk) -> None:
        self.names = {s.source_id: s.name for s in desk.sources()}

    def __call__(self, key: str | None) -> str:
        if not key:
            return "unknown outlet"
        if key.startswith("doc:"):
            return f"unknown outlet ({key[4:14]})"
        return self.names.get(key, key)


def cite_url(citation: Citation) -> str:
    """The article page with the cited span marked and scrolled to."""
    start, end = citation.start, citation.end
    return f"/articles/{citation.doc_id}?hl={start}-{end}#{cite_id(start, end)}"


@dataclass
class Cite:
    """A numbered citation mark on a page."""

    number: int
    url: str
    outlet: str
    text: str


# Bounds that keep a big story's page readable (and its size in the hundreds of kB): the
# comparison shows the events most outlets report, the others are counted.
MAX_CITES = 6
MAX_COMPARISON_ROWS = 60
MAX_TIMELINE_ROWS = 200
MAX_QUOTES = 40
MAX_CONFLICTS = 25
MAX_ARTICLES = 60


@dataclass
class Citations:
    """Numbers citations in order of first use, one number per cited span."""

    view: StoryView
    outlet: Outlets
    notes: dict[tuple[str, int, int], Cite] = field(default_factory=dict)

    def __call__(self, citations: Iterable[Citation], limit: int | None = None) -> list[Cite]:
        """Numbers for the first ``limit`` (default ``MAX_CITES``) ``citations`` (a claim
        made by a hundred articles links to a few; the rest stay in the story's data)."""
        limit = MAX_CITES if limit is None else limit
        marks: list[Cite] = []
        for c in citations:
            if len(marks) >= limit:
                break
            key = (c.doc_id, c.start, c.end)
            if key not in self.notes:
                document = self.view.documents.get(c.doc_id)
                text = document.text[c.start : c.end] if document else ""
                outlet = self.outlet(self.view.source_of(c.doc_id)) if document else c.doc_id
                self.notes[key] = Cite(len(self.notes) + 1, cite_url(c), outlet, _clip(text, 200))
            marks.append(self.notes[key])
        return marks


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def document_title(document: Document | None, limit: int = 140) -> str:
    """A document's title, else its first sentence (clipped), else its id."""
    if document is None:
        return "(no text)"
    if document.title:
        return _clip(document.title, limit)
    if document.sentences:
        start, end = document.sentences[0]
        return _clip(document.text[start:end], limit)
    return _clip(document.text, limit) or document.doc_id


def story_title(story: Story, first: Document | None) -> str:
    return _clip(story.title, 140) if story.title else document_title(first)


# -- stories list --------------------------------------------------------------------------


def stories_page(
    desk: Desk, *, since: date | None, min_sources: int, order: str, page: Page
) -> dict[str, Any]:
    found = desk.stories(
        since=since, min_sources=min_sources, order=order, limit=page.size + 1, offset=page.offset
    )
    shown = found[: page.size]
    firsts = {
        d.doc_id: d for d in desk.store.documents_by_id([s.doc_ids[0] for s in shown if s.doc_ids])
    }
    outlet = Outlets(desk)
    rows = [
        {
            "story": s,
            "title": story_title(s, firsts.get(s.doc_ids[0]) if s.doc_ids else None),
            "outlets": [outlet(k) for k in s.source_ids],
        }
        for s in shown
    ]
    return {"rows": rows, "has_next": len(found) > page.size}


# -- one story -----------------------------------------------------------------------------


class StoryPages:
    """Story page contents by story and last update. A story changes only when grouping
    rebuilds it (which sets ``updated_at``), so each version's page is built once and
    then served from here; the least recently shown are dropped beyond ``size``."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple[str, str], threading.Lock] = {}

    def get(self, desk: Desk, story_id: str) -> dict[str, Any]:
        story = desk.story_record(story_id)
        key = (story.story_id, story.updated_at.isoformat() if story.updated_at else "")
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:  # one build per version, however many readers arrive at once
            with self._lock:
                if key in self._pages:
                    return self._pages[key]
            page = story_page(desk, story.story_id)
            with self._lock:
                self._pages[key] = page
                self._building.pop(key, None)
                while len(self._pages) > self.size:
                    self._pages.popitem(last=False)
        return page


def story_page(desk: Desk, story_id: str) -> dict[str, Any]:
    """Everything the story page shows, from one read of the story."""
    view = desk.story(story_id)
    comparison = compare_sources(view)
    timeline = build_timeline(view)
    brief = write_brief(view, comparison=comparison, timeline=timeline)
    outlet = Outlets(desk)
    cite = Citations(view, outlet)
    first = next(iter(view.documents.values()), None)
    title = story_title(view.story, first)
    lead = None if brief.headline.text == title else _sentence(brief.headline, cite)
    sections = []
    for key, heading in BRIEF_SECTIONS:
        chosen = [_sentence(s, cite) for s in brief.sentences if s.section == key]
        if chosen:
            sections.append({"key": key, "title": heading, "sentences": chosen})
    events = {e.event_id: e for e in view.events}
    quotes = _quotes(view, cite, outlet)
    return {  # no StoryView here: pages are kept in memory (StoryPages)
        "story": view.story,
        "title": title,
        "title_cites": cite(brief.headline.citations) if lead is None else [],
        "lead": lead,
        "brief": brief,
        "sections": sections,
        "outlets": [{"key": k, "name": outlet(k)} for k in comparison.sources],
        "timeline": [_timeline_row(e, events, cite, outlet) for e in timeline[:MAX_TIMELINE_ROWS]],
        "timeline_hidden": max(0, len(timeline) - MAX_TIMELINE_ROWS),
        "timeline_figure": charts.timeline_figure(
            timeline, {e.event_id: e.event_type for e in view.events}, outlet
        ),
        "comparison": comparison_table(comparison, events, cite, outlet),
        "conflicts": [
            {
                "kind": c.kind,
                "note": c.note,
                "claims": [_claim(x, cite, outlet) for x in c.claims],
            }
            for c in comparison.conflicts[:MAX_CONFLICTS]
        ],
        "conflicts_hidden": max(0, len(comparison.conflicts) - MAX_CONFLICTS),
        "quotes": quotes[:MAX_QUOTES],
        "quotes_hidden": max(0, len(quotes) - MAX_QUOTES),
        "articles_hidden": max(0, len(view.documents) - MAX_ARTICLES),
        "articles": [
            {
                "doc_id": d.doc_id,
                "title": document_title(d),
                "outlet": outlet(view.source_of(d.doc_id)),
                "date": d.pub_date,
                "duplicate_of": d.duplicate_of,
            }
            for d in list(view.documents.values())[:MAX_ARTICLES]
        ],
        "notes": cite.notes,
    }


def _sentence(sentence: BriefSentence, cite: Citations) -> dict[str, Any]:
    return {"text": sentence.text, "date": sentence.date, "cites": cite(sentence.citations)}


def _timeline_row(
    entry: TimelineEntry, events: dict[str, Event], cite: Citations, outlet: Outlets
) -> dict[str, Any]:
    return {
        "entry": entry,
        "event": events.get(entry.event_id) if entry.event_id else None,
        "sources": [outlet(s) for s in entry.sources],
        "cites": cite(entry.citations, limit=3),
    }


def _claim(claim: Claim, cite: Citations, outlet: Outlets) -> dict[str, Any]:
    return {
        "outlet": outlet(claim.source_id),
        "value": claim.value,
        "cite": cite([claim.citation])[0] if claim.citation.doc_id else None,
    }


def comparison_table(
    comparison: Comparison, events: dict[str, Event], cite: Citations, outlet: Outlets
) -> dict[str, Any]:
    """Events × outlets. A cell is ``reported`` (with the outlet's evidence),
    ``conflicting`` (the outlet's account differs: another date or figure), ``earlier``
    (every article of the outlet predates the event, so it could not report it) or
    ``missing`` (not reported)."""
    disputed: dict[tuple[str, str], tuple[str, Claim]] = {}
    for conflict in comparison.conflicts:
        if conflict.kind in ("date", "number"):
            for claim in conflict.claims:
                disputed.setdefault((conflict.subject, claim.source_id), (conflict.note, claim))
    rows = []
    shown = comparison.events
    if len(shown) > MAX_COMPARISON_ROWS:
        ranked = sorted(shown, key=lambda c: -len(c.reported_by))[:MAX_COMPARISON_ROWS]
        keep = {id(c) for c in ranked}
        shown = tuple(c for c in shown if id(c) in keep)
    for coverage in shown:
        event = events.get(coverage.event_id)
        cells = []
        by_source: dict[str, list[Claim]] = {}
        for c in coverage.evidence:
            by_source.setdefault(c.source_id, []).append(c)
        for source in comparison.sources:
            claims = by_source.get(source, [])
            if (coverage.event_id, source) in disputed:
                note, claim = disputed[(coverage.event_id, source)]
                cells.append(
                    {"status": "conflicting", "note": f"{note} — here: {claim.value}",
                     "cites": cite([claim.citation]), "n_claims": 1}
                )  # fmt: skip
            elif claims:
                cells.append(
                    {"status": "reported", "note": _clip(claims[0].value, 300),
                     "cites": cite([claims[0].citation]), "n_claims": len(claims)}
                )  # fmt: skip
            elif source in coverage.published_before:
                note = "all its articles appeared before the event"
                cells.append({"status": "earlier", "note": note, "cites": [], "n_claims": 0})
            else:
                cells.append(
                    {"status": "missing", "note": "not reported", "cites": [], "n_claims": 0}
                )
        rows.append(
            {
                "label": coverage.label,
                "event": event,
                "date": event.date_iso() if event is not None else None,
                "historical": bool(event.historical) if event is not None else False,
                "n_sources": len(coverage.reported_by),
                "cells": cells,
            }
        )
    return {
        "sources": [outlet(s) for s in comparison.sources],
        "rows": rows,
        "hidden": len(comparison.events) - len(rows),
    }


def _quotes(view: StoryView, cite: Citations, outlet: Outlets) -> list[dict[str, Any]]:
    order = list(view.documents)
    quotes = sorted(
        view.quotes,
        key=lambda q: (
            q.kind == "indirect",
            order.index(q.doc_id) if q.doc_id in order else 0,
            q.content[0] if q.content else (0, 0),
        ),
    )
    rows = []
    for quote in quotes:
        if not quote.content:
            continue
        speaker = quote.speaker
        start, end = quote.content[0][0], quote.content[-1][1]
        rows.append(
            {
                "kind": quote.kind,
                "text": quote.text,
                "speaker": (speaker.name or speaker.text) if speaker else None,
                "speaker_id": speaker.actor_id if speaker else None,
                "speaker_words": speaker.text if speaker else None,
                "outlet": outlet(view.source_of(quote.doc_id)),
                "cite": cite([Citation(doc_id=quote.doc_id, start=start, end=end)])[0],
            }
        )
    return rows


# -- one article ---------------------------------------------------------------------------


def article_page(desk: Desk, article_id: str, cited: tuple[int, int] | None) -> dict[str, Any]:
    stored = desk.article(article_id)
    article, document = stored.article, stored.document
    outlet = Outlets(desk)
    context: dict[str, Any] = {
        "article": article,
        "document": document,
        "source": stored.source,
        "outlet": stored.source.name if stored.source else outlet(article.source_id),
        "url": safe_url(article.url),
        "title": document_title(document) if document else (article.title or article.article_id),
        "body": None,
        "reports": [],
        "quotes": [],
        "story_id": None,
        "cited": None,
    }
    if document is None:
        return context
    doc_id = document.doc_id
    reports = desk.events(article=doc_id, unreal=True, historical=None, limit=None)
    mentions = desk.store.mentions_of_documents([doc_id])
    quotes = desk.store.quotes_of_documents([doc_id])
    if cited is not None and cited[1] > len(document.text):
        cited = None  # a stale link: show the article without a mark
    spans = article_spans(document, reports=reports, mentions=mentions, quotes=quotes, cited=cited)
    context.update(
        body=render_spans(document.text, spans),
        reports=sorted(reports, key=lambda r: (r.sentence, r.trigger_start)),
        quotes=quotes,
        story_id=desk.store.story_assignments([doc_id]).get(doc_id),
        cited=cite_id(*cited) if cited else None,
    )
    return context


# -- search --------------------------------------------------------------------------------


def search_page(desk: Desk, q: str | None, page: Page) -> dict[str, Any]:
    if not q:
        return {"q": "", "articles": [], "stories": [], "actors": [], "has_next": False}
    found = desk.articles(search=q, limit=page.size + 1, offset=page.offset)
    documents = found[: page.size]
    outlet = Outlets(desk)
    assigned = desk.store.story_assignments([d.doc_id for d in documents])
    story_ids = list(dict.fromkeys(assigned[d.doc_id] for d in documents if d.doc_id in assigned))
    stories: list[Story] = [desk.store.story(s) for s in story_ids[:20]]
    firsts = {
        d.doc_id: d
        for d in desk.store.documents_by_id([s.doc_ids[0] for s in stories if s.doc_ids])
    }
    return {
        "q": q,
        "articles": [
            {
                "doc_id": d.doc_id,
                "title": document_title(d),
                "outlet": outlet(d.source_id),
                "date": d.pub_date,
                "snippet": snippet(d, q),
                "story_id": assigned.get(d.doc_id),
            }
            for d in documents
        ],
        "stories": [
            {"story": s, "title": story_title(s, firsts.get(s.doc_ids[0]) if s.doc_ids else None)}
            for s in stories
        ],
        "actors": desk.actors(q, limit=20),
        "has_next": len(found) > page.size,
    }


def snippet(document: Document, q: str, width: int = 220) -> Markup:
    """The first sentence that contains a word of ``q``, escaped, the words in ``<b>``."""
    words = [w.lower() for w in q.split() if len(w) > 1]
    for start, end in document.sentences or ((0, len(document.text)),):
        sentence = document.text[start:end][:width]
        lowered = sentence.lower()
        spans = []
        for word in words:
            at = lowered.find(word)
            while at >= 0:
                spans.append(Span(at, at + len(word), "hit", tag="b"))
                at = lowered.find(word, at + len(word))
        if spans:
            return render_spans(sentence, _disjoint(spans))
    return render_spans(document.text[:width], [])


def _disjoint(spans: Sequence[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept
