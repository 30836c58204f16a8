"""Language identification (py3langid: the langid.py model, shipped in the package)."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import Any

from py3langid import langid

# langid's accuracy levels off well before this many characters of running text.
SAMPLE_CHARS = 1500
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """``(ISO 639-1 code, probability)`` of ``text``; ``(None, 0.0)`` when there are no
    letters to judge by."""
    sample = text[:SAMPLE_CHARS]
    if len(list(islice(_LETTER.finditer(sample), 3))) < 3:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), round(float(prob), 4)
