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
    texts: Iterable[str], *, batch_size: int = 256
) -> Iterator[tuple[tuple[int, int], ...]]:
    """Sentence offsets of each text, in order. The paragraphs of all texts go through one
    ``nlp.pipe`` stream."""
    nlp = _sentencizer()
    texts = list(texts)
    paragraphs = [
        (i, m.start(), m.group()) for i, t in enumerate(texts) for m in _PARAGRAPH.finditer(t)
    ]
    spans: list[list[tuple[int, int]]] = [[] for _ in texts]
    docs = nlp.pipe((p for _, _, p in paragraphs), batch_size=batch_size)
    for (index, offset, paragraph), doc in zip(paragraphs, docs, strict=True):
        for sent in doc.sents:
            if paragraph[sent.start_char : sent.end_char].strip():
                spans[index].append((offset + sent.start_char, offset + sent.end_char))
    for found in spans:
        yield tuple(found)
