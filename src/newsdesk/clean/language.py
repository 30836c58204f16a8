"""Language identification (py3langid: the langid.py model, shipped in the package)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from py3langid import langid

SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """``(ISO 639-1 code, probability)`` of ``text``; ``(None, 0.0)`` when there are no
    letters to judge by."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 3:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), round(float(prob), 4)
