"""Article text as HTML with spans marked: sentences, event triggers, actor mentions, quotes
and a cited span.

Every piece of article text is escaped (``markupsafe.escape``) on its own; the only tags in
the result are the ones built here, with escaped attribute values. Spans may overlap in any
way: the text is cut at every span boundary and the open elements are closed and reopened
where needed, so the HTML always nests. An element cut in pieces keeps its ``id`` on the
first piece only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from markupsafe import Markup, escape

from newsdesk.model import Document, EventReport, Participant, Quote

# Outer elements first when spans start and end together.
_RANK = {"sentence": 0, "cited": 1, "quote": 2, "actor": 3, "trigger": 4, "cue": 5}


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` rendered as ``<tag class="kind" ...attrs>``."""

    start: int
    end: int
    kind: str
    tag: str = "span"
    attrs: Mapping[str, str] = field(default_factory=dict)

    def open(self, first: bool) -> str:
        attrs = {"class": self.kind, **self.attrs}
        if not first:
            attrs.pop("id", None)
        rendered = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())
        return f"<{self.tag}{rendered}>"

    def close(self) -> str:
        return f"</{self.tag}>"


def render_spans(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` escaped, with ``spans`` wrapped in their elements (properly nested)."""
    usable = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)),
        key=lambda s: (_RANK.get(s.kind, 9), s.start, -s.end),
    )  # list order is nesting order: outer elements first
    starting: dict[int, list[int]] = defaultdict(list)
    ending: dict[int, list[int]] = defaultdict(list)
    for number, span in enumerate(usable):
        starting[span.start].append(number)
        ending[span.end].append(number)
    cuts = sorted({0, len(text), *starting, *ending})
    out: list[str] = []
    stack: list[int] = []
    live: set[int] = set()
    opened: set[int] = set()
    for left, right in pairwise(cuts):
        live.difference_update(ending.get(left, ()))
        live.update(starting.get(left, ()))
        active = sorted(live)
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(usable[stack.pop()].close())
        for number in active[keep:]:
            out.append(usable[number].open(first=number not in opened))
            opened.add(number)
            stack.append(number)
        out.append(str(escape(text[left:right])))
    while stack:
        out.append(usable[stack.pop()].close())
    return Markup("".join(out))


def cite_id(start: int, end: int) -> str:
    """The element id of a cited span: ``c-<start>-<end>``."""
    return f"c-{start}-{end}"


def article_spans(
    document: Document,
    *,
    reports: Sequence[EventReport] = (),
    mentions: Sequence[tuple[str, int, Participant]] = (),
    quotes: Sequence[Quote] = (),
    cited: tuple[int, int] | None = None,
    actor_url: str = "/actors/{}",
) -> list[Span]:
    """The spans to mark in ``document``: its sentences (``id="s-N"``), the ``cited`` span
    (``<mark id="c-S-E">``), quotes and their cues, actor mentions (links to their actor)
    and event triggers. Overlapping mentions keep the longest; triggers likewise."""
    spans = [
        Span(start, end, "sentence", attrs={"id": f"s-{n}", "data-n": str(n)})
        for n, (start, end) in enumerate(document.sentences)
    ]
    if cited is not None:
        start, end = cited
        spans.append(Span(start, end, "cited", tag="mark", attrs={"id": cite_id(start, end)}))
    for quote in quotes:
        speaker = (quote.speaker.name or quote.speaker.text) if quote.speaker else "unattributed"
        for start, end in quote.content:
            spans.append(
                Span(start, end, "quote", attrs={"title": f"{quote.kind} quote: {speaker}"})
            )
        if quote.cue and quote.cue_end > quote.cue_start:
            spans.append(Span(quote.cue_start, quote.cue_end, "cue", attrs={"title": "speech cue"}))
    people = []
    for _, _, who in mentions:
        title = ", ".join(p for p in (who.name, who.kind, who.country, who.sector) if p)
        if who.actor_id:
            attrs = {"href": actor_url.format(who.actor_id), "title": title}
            people.append(Span(who.start, who.end, "actor", tag="a", attrs=attrs))
        else:
            people.append(Span(who.start, who.end, "actor", attrs={"title": title or who.text}))
    spans.extend(_longest_first(people))
    triggers = []
    for report in reports:
        if report.trigger_end <= report.trigger_start:
            continue
        flags = [f for f in ("negated", "hypothetical", "historical") if getattr(report, f)]
        what = report.event_type + (f" ({report.mode})" if report.mode else "")
        title = what + (f" [{', '.join(flags)}]" if flags else "")
        triggers.append(
            Span(
                report.trigger_start,
                report.trigger_end,
                "trigger",
                tag="mark",
                attrs={"title": title, "data-type": report.event_type},
            )
        )
    spans.extend(_longest_first(triggers))
    return spans


def _longest_first(spans: list[Span]) -> list[Span]:
    """Drop spans that overlap a longer one already kept (no two links nest)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)
