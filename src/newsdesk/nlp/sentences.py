"""Sentence boundaries for clean text, as ``(start, end)`` character offsets.

Paragraphs (lines) are split first, then each paragraph by spaCy's rule-based
``sentencizer`` on a blank English pipeline (no model needed, fast). Later stages may
refine boundaries with the parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

_PARAGRAPH = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _sentencizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(
    texts: Iterable[str], *, batch_size: int = 64
) -> Iterator[tuple[tuple[int, int], ...]]:
    """Sentence offsets of each text, in order."""
    nlp = _sentencizer()
    for text in texts:
        paragraphs = [(m.start(), m.group()) for m in _PARAGRAPH.finditer(text)]
        spans: list[tuple[int, int]] = []
        docs = nlp.pipe((p for _, p in paragraphs), batch_size=batch_size)
        for (offset, paragraph), doc in zip(paragraphs, docs, strict=True):
            for sent in doc.sents:
                start = offset + sent.start_char
                end = offset + sent.end_char
                if paragraph[sent.start_char : sent.end_char].strip():
                    spans.append((start, end))
        yield tuple(spans)
