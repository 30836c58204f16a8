"""Attaching content to cues: which quoted spans and clauses each cue reports.

Positions decide where the parse cannot: a quoted span right before a cue's frame
(``"…," she said``) or right after it (``she said: "…"``) is that cue's direct quote when
the parse's complement lies inside it; otherwise the complement clause, widened to the
quoted spans it cuts, is the content. Then the glue for what has no verb of saying: a
quote signed with a dash and a name, transcript lines (``HOST: …``), continuation
quotes, quoted phrases under any verb, and quotations standing alone.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsdesk.events.actors import ArticleActors
from newsdesk.model import Participant
from newsdesk.quotes.marks import Quotations, QuotedSpan

MIN_UNATTRIBUTED_WORDS = 3  # a quotation with no cue counts when it is this long
_NO_WORDS = re.compile(r"[\W_]*")
_DASH_NAME = re.compile(r"\s*[―—–]\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\W*$")
_TRANSCRIPT = re.compile(
    r"^[ \t]*(?P<mark>[\"“]?)(?P<name>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):[ \t]+"
    r"(?P<said>\S[^\n]*)",
    re.MULTILINE,
)
# Capitalised labels that open a line without naming a speaker: "UPDATE: …", "WATCH: …".
_NOT_SPEAKERS = frozenset(
    {
        "NOTE",
        "EDITOR'S NOTE",
        "EDITOR’S NOTE",
        "UPDATE",
        "UPDATED",
        "CORRECTION",
        "CLARIFICATION",
        "WATCH",
        "READ",
        "READ MORE",
        "RELATED",
        "SEE ALSO",
        "VIDEO",
        "PHOTOS",
        "SOURCE",
        "SOURCES",
        "BREAKING",
        "DISCLOSURE",
        "WARNING",
    }
)


@dataclass(slots=True)
class CueAt:
    """A cue of the article in document offsets."""

    start: int
    end: int
    text: str
    frame: tuple[int, int]
    content: tuple[tuple[int, int], ...]
    sentence: int
    speaker: Participant | None


@dataclass(slots=True)
class Attribution:
    """An attribution being assembled."""

    cue: CueAt | None
    speaker: Participant | None
    segments: list[tuple[int, int]] = field(default_factory=list)

    @property
    def end(self) -> int:
        ends = [e for _, e in self.segments]
        if self.cue is not None:
            ends.append(self.cue.frame[1])
        return max(ends)


def attach(cue: CueAt, quoted: Quotations, used: set[int]) -> Attribution:
    """The content of one cue: quoted spans next to its frame, else its parse content.

    After a direct quote on the left only more quotation continues it (""…," he said of
    the budget, which he called fair …": that clause is another cue's); a clause on
    the left is dropped when the right has content too ("While he admitted X, Reyes
    noted Y": the parse took an adverbial clause for a complement)."""
    sides: dict[str, tuple[str, list[tuple[int, int]], set[int]]] = {}
    for side in ("left", "right"):
        if side == "right" and sides.get("left", ("",))[0] == "quote":
            parsed = []  # nothing but a quote may follow a direct quote
        else:
            parsed = [
                c
                for c in cue.content
                if (c[1] <= cue.frame[0] if side == "left" else c[0] >= cue.frame[1])
            ]
        found = _side(cue, quoted, used, side, parsed)
        if found is not None:
            sides[side] = found
    if "right" in sides and sides.get("left", ("",))[0] == "clause":
        del sides["left"]
    attribution = Attribution(cue, cue.speaker)
    for _, segments, taken in sides.values():
        attribution.segments.extend(segments)
        used.update(taken)
    attribution.segments.sort()
    return attribution


def _side(
    cue: CueAt, quoted: Quotations, used: set[int], side: str, parsed: list[tuple[int, int]]
) -> tuple[str, list[tuple[int, int]], set[int]] | None:
    """``("quote", [span], {k})`` for a quoted span next to the frame on ``side``,
    ``("clause", segments, quoted spans they cover)`` for parse content, else None."""
    k = quoted.before(cue.frame[0]) if side == "left" else quoted.after(cue.frame[1])
    if k is not None and k not in used:
        span = quoted.spans[k]
        inside = all(span.start <= s and e <= span.end for s, e in parsed)
        if (parsed and inside) or (not parsed and _clause_edge(quoted.text, span, side)):
            return "quote", [(span.start, span.end)], {k}
    if not parsed:
        return None
    segments = []
    taken: set[int] = set()
    for start, end in parsed:
        for j in quoted.overlapping(start, end):
            start = min(start, quoted.spans[j].start)
            end = max(end, quoted.spans[j].end)
            taken.add(j)
        tail = quoted.after(end) if side == "right" else None
        if tail is not None and tail not in used:
            # "adding that the envoy, recalled twice, "has no standing here"": the quote
            # finishes the clause the parse cut short
            end = quoted.spans[tail].end
            taken.add(tail)
        segments.append((start, end))
    return "clause", segments, taken


def govern(cue: CueAt, k: int, quoted: Quotations, used: set[int]) -> Attribution:
    """A quoted phrase no cue of saying took, given to the verb it is an argument of:
    the verb's complements widened to the quoted spans they cut, else the quote alone."""
    span = quoted.spans[k]
    found = Attribution(cue, cue.speaker)
    for start, end in cue.content:
        if start < span.end and span.start < end:
            for j in quoted.overlapping(start, end):
                start = min(start, quoted.spans[j].start)
                end = max(end, quoted.spans[j].end)
                used.add(j)
            found.segments.append((start, end))
    if not found.segments:
        found.segments.append((span.start, span.end))
        used.add(k)
    return found


def _clause_edge(text: str, span: QuotedSpan, side: str) -> bool:
    """True when the quote stands as a clause of its own next to the cue: nothing but
    punctuation between it and the start (left side) or end (right side) of its line,
    sentence or clause."""
    if side == "left":
        head = text[: span.start].rsplit("\n", 1)[-1]
        return not head.strip() or head.rstrip()[-1:] in (".", ":", "!", "?", ";")
    tail = text[span.end :].split("\n", 1)[0]
    return _NO_WORDS.fullmatch(tail[:3]) is not None or tail.lstrip()[:1] in (".", ";", "!", "?")


def dashed(
    quoted: Quotations, used: set[int], book: ArticleActors, sentences: Sequence[tuple[int, int]]
) -> list[Attribution]:
    """``"…" ― Ana Ruiz``: a quote signed with a dash and a name at the end of its line."""
    out = []
    starts = [s for s, _ in sentences]
    for k, span in enumerate(quoted.spans):
        if k in used:
            continue
        line_end = quoted.text.find("\n", span.end)
        line_end = len(quoted.text) if line_end < 0 else line_end
        match = _DASH_NAME.match(quoted.text, span.end, line_end)
        if match is None:
            continue
        start, end = match.span("name")
        number = max(bisect.bisect_right(starts, start) - 1, 0)
        speaker = book.resolve(
            match.group("name"), start, number, ((0, end - start, "PERSON", match["name"]),)
        )
        dash = quoted.text.find(match.group(0).strip()[0], span.end)
        cue = CueAt(dash, dash + 1, quoted.text[dash], (dash, end), (), number, speaker)
        used.add(k)
        out.append(Attribution(cue, speaker, [(span.start, span.end)]))
    return out


def transcript(
    quoted: Quotations, used: set[int], book: ArticleActors, sentences: Sequence[tuple[int, int]]
) -> list[Attribution]:
    """``HOST: Will the ferry run?``: a line of a transcript, its speaker in capitals."""
    out = []
    starts = [s for s, _ in sentences]
    for match in _TRANSCRIPT.finditer(quoted.text):
        if match.group("name") in _NOT_SPEAKERS:
            continue
        start, end = match.span("name")
        colon = end
        begin, stop = match.span("said")
        k = quoted.at(match.start("said") - 1) if match.group("mark") else None
        if k is not None and k in used:
            continue  # a cue of the text took it already
        if k is not None and quoted.spans[k].start == match.start("mark"):
            stop = quoted.spans[k].end
            used.add(k)
        for j in quoted.overlapping(begin, stop):
            used.add(j)
        number = max(bisect.bisect_right(starts, start) - 1, 0)
        name = match.group("name")
        speaker = book.resolve(name, start, number, ((0, end - start, "PERSON", name),))
        cue = CueAt(colon, colon + 1, ":", (start, colon + 1), (), number, speaker)
        out.append(Attribution(cue, speaker, [(begin, stop)]))
    return out


def unattributed(quoted: Quotations, used: set[int]) -> list[Attribution]:
    """Quotations no cue or verb takes but that stand as sentences of their own (a
    quote-only paragraph): direct quotes without a speaker."""
    out = []
    for k, span in enumerate(quoted.spans):
        if k in used:
            continue
        start, end = span.inner
        words = quoted.text[start:end].split()
        head = quoted.text[: span.start].rsplit("\n", 1)[-1].rstrip()
        if len(words) >= MIN_UNATTRIBUTED_WORDS and (not head or head[-1] in ".!?:"):
            used.add(k)
            out.append(Attribution(None, None, [(span.start, span.end)]))
    return out


def continue_quotes(
    found: list[Attribution],
    quoted: Quotations,
    used: set[int],
    sentences: Sequence[tuple[int, int]],
) -> None:
    """Give a quoted span no cue took to the quote before it that ends in quotation
    marks, when only punctuation and line breaks lie between them, or the rest of that
    quote's cue sentence (``"…," she said, laughing. "…"``); or to the quote whose cue
    ends right before it (``…, the mayor said. "…"``)."""
    for k, span in enumerate(quoted.spans):
        if k in used:
            continue
        before = [
            f
            for f in found
            if f.end <= span.start
            and (_ends_quoted(f, quoted) or _cue_just_before(f, quoted, span.start))
        ]
        if not before:
            continue
        last = max(before, key=lambda f: f.end)
        reach = last.end
        if last.cue is not None and last.cue.sentence < len(sentences):
            reach = max(reach, min(sentences[last.cue.sentence][1], span.start))
        if _NO_WORDS.fullmatch(quoted.text, reach, span.start):
            last.segments.append((span.start, span.end))
            used.add(k)


def _cue_just_before(found: Attribution, quoted: Quotations, position: int) -> bool:
    """ "…, the mayor said. "The other question …"": the cue ends right before the quote."""
    cue = found.cue
    return cue is not None and _NO_WORDS.fullmatch(quoted.text, cue.frame[1], position) is not None


def _ends_quoted(found: Attribution, quoted: Quotations) -> bool:
    tail = max(e for _, e in found.segments)
    return any(q.end == tail for q in quoted.spans)
