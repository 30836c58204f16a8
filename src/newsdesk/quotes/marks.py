"""Pairing double quotation marks into quoted spans (the glue around the parse).

Straight (``"``), curly (``“ ”``), low (``„``) and angle (``« »``) double marks, and the
two-character marks of typewriter and TeX-style text (two apostrophes ``''``, which archives
such as the New York Times' use both to open and to close, and two backticks opening), are
read paragraph by paragraph (a paragraph is a line of the text). Which way a mark faces comes
from its neighbours first (space before and a word after opens; a word or punctuation
before and space after closes) and from its glyph only when the neighbours do not say, so
a mistyped closing mark used to open a quote still pairs. Marks nest: a quote inside a
quote (``"… “Night Ferry” …"``) stays inside its outer span; single quotes and apostrophes
are never read as marks.

A closing mark without an opening one is ignored. An opening mark that is never closed
gives a span to the end of its paragraph only when the next paragraph opens with a mark
too (the newspaper convention for a quote running over several paragraphs); otherwise it
is dropped, so one stray mark never swallows the rest of the article.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# ``''`` followed by a third apostrophe is a single quote closing before it: the last two
# of the three are the mark.
_MARKS = re.compile(r"``|''(?!')|[\"“”„«»]")
_OPENERS = frozenset({"“", "„", "«", "``"})
_CLOSERS = frozenset({"”", "»"})
_CURLY = frozenset("“”„«»")
_MARK_CHARS = frozenset('"“”„«»')  # a mark next to these is at a quote's edge
_OPEN_BEFORE = frozenset("([{—–-/\u00a0")  # a mark after these opens
_CLOSE_AFTER = frozenset(".,;:!?)]}—–-…")  # a mark before these closes
_PARAGRAPH = re.compile(r"[^\n]+")
_GAP = re.compile(r"[\s,;:—–-]*")  # what may separate a quote from its cue's frame


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Text between a pair of double quotation marks, marks included (``text[start:end]``).

    ``open_ended``: the span has no closing mark and runs to the end of its paragraph
    because the next paragraph carries the quote on.
    """

    start: int
    end: int
    open_ended: bool = False
    marks: tuple[int, int] = (1, 1)  # widths of the opening and closing marks

    @property
    def inner(self) -> tuple[int, int]:
        """The quoted words, without the marks."""
        return self.start + self.marks[0], self.end - (0 if self.open_ended else self.marks[1])


def _direction(text: str, at: int, mark: str, lo: int, hi: int) -> str:
    """``open``, ``close`` or ``either`` for ``mark`` at ``text[at]``; ``lo``/``hi``
    bound its paragraph."""
    if not text[lo:at].strip():
        return "open"  # nothing can close at the start of a paragraph
    before = text[at - 1]
    after = text[at + len(mark)] if at + len(mark) < hi else " "
    space_before = before.isspace() or before in _OPEN_BEFORE or before in _MARK_CHARS
    space_after = after.isspace() or after in _CLOSE_AFTER or after in _MARK_CHARS
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    return "either"


def quoted_spans(text: str) -> list[QuotedSpan]:
    """The outermost quoted spans of ``text``, in order; see the module docstring."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    found: list[QuotedSpan] = []
    for number, (lo, hi) in enumerate(paragraphs):
        stack: list[tuple[int, str]] = []  # open marks: position, mark
        for match in _MARKS.finditer(text, lo, hi):
            at, mark = match.start(), match.group()
            way = _direction(text, at, mark, lo, hi)
            if way == "either":
                top_straight = bool(stack) and stack[-1][1] not in _CURLY
                way = "close" if top_straight else "open"
            if way == "open":
                stack.append((at, mark))
                continue
            if not stack:
                continue  # a closing mark with nothing open: ignored
            family = mark in _CURLY
            depth = next(
                (k for k in range(len(stack) - 1, -1, -1) if (stack[k][1] in _CURLY) == family),
                len(stack) - 1,
            )
            start, opener = stack[depth]
            del stack[depth:]
            if not stack:
                found.append(QuotedSpan(start, at + len(mark), marks=(len(opener), len(mark))))
        if stack and _continues(text, paragraphs, number):
            end = hi
            start, opener = stack[0]
            while end > start + len(opener) and text[end - 1].isspace():
                end -= 1
            found.append(QuotedSpan(start, end, open_ended=True, marks=(len(opener), 0)))
    return found


def _continues(text: str, paragraphs: list[tuple[int, int]], number: int) -> bool:
    """True when the paragraph after ``number`` opens with a quotation mark."""
    if number + 1 >= len(paragraphs):
        return False
    lo, hi = paragraphs[number + 1]
    head = text[lo:hi].lstrip()
    return _MARKS.match(head) is not None


class Quotations:
    """The quoted spans of a text (:func:`quoted_spans`), searchable by position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = quoted_spans(text)
        self.starts = [s.start for s in self.spans]

    def at(self, position: int) -> int | None:
        """Index of the span containing ``position``, if any."""
        k = bisect.bisect_right(self.starts, position) - 1
        if k >= 0 and position < self.spans[k].end:
            return k
        return None

    def before(self, position: int) -> int | None:
        """The span ending at or before ``position`` with only a gap in between."""
        k = bisect.bisect_right(self.starts, position) - 1
        while k >= 0 and self.spans[k].end > position:
            k -= 1
        if k >= 0 and self._gap(self.spans[k].end, position):
            return k
        return None

    def after(self, position: int) -> int | None:
        """The span starting at or after ``position`` with only a gap in between."""
        k = bisect.bisect_left(self.starts, position)
        if k < len(self.spans) and self._gap(position, self.spans[k].start):
            return k
        return None

    def _gap(self, start: int, end: int) -> bool:
        """Only punctuation between ``start`` and ``end``, on one line unless a colon
        ends the line before (a quote introduced by "she said:" in its own paragraph)."""
        gap = self.text[start:end]
        return _GAP.fullmatch(gap) is not None and ("\n" not in gap or ":" in gap)

    def overlapping(self, start: int, end: int) -> list[int]:
        return [k for k, s in enumerate(self.spans) if s.start < end and start < s.end]
