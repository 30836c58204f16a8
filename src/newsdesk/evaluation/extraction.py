"""Scores of HTML main-text extraction against pages with known article text.

Input: JSONL records ``{"id", "url", "html", "text"?, "with"?, "without"?}`` (the
"extraction" format in docs). Two kinds of gold, usable together on one record:

- ``text`` (form 1): the article body a reader sees. Scored by bag-of-tokens overlap (tokens
  are lowercase ``\\w+`` runs), micro-averaged over pages, plus the mean per-page F1
  (``f1_macro``). Pages with empty gold text are left out of these scores.
- ``with`` / ``without`` (form 2): segments that must be kept or dropped. A segment is kept
  when its normalised form (lowercase, whitespace collapsed) occurs in the normalised
  extracted text.

A page whose extraction raises :class:`ExtractionError` counts as empty output.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsdesk.config import Settings, load_settings
from newsdesk.errors import ExtractionError, InputError
from newsdesk.evaluation.common import read_jsonl_records

logger = logging.getLogger(__name__)

Extractor = Callable[[str, str | None], str]

_TOKEN = re.compile(r"\w+")
# Typographic quotes: compared as straight quotes, since annotators and pages differ in them.
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractionScores:
    """Scores of one run. ``precision``/``recall``/``f1``/``f1_macro`` are None without pages
    with gold text; ``with_kept``/``without_dropped`` are None without such segments."""

    pages: int
    precision: float | None
    recall: float | None
    f1: float | None
    f1_macro: float | None
    with_kept: float | None
    without_dropped: float | None
    n_text_pages: int
    n_with: int
    n_without: int
    n_empty: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready scores: numbers rounded to 4 places, counts as integers."""
        return {
            key: round(value, 4) if isinstance(value, float) else value
            for key, value in asdict(self).items()
        }


@dataclass(frozen=True, slots=True)
class _Page:
    html: str
    url: str | None
    text: str | None
    with_segments: tuple[str, ...] | None
    without_segments: tuple[str, ...] | None


def extract_main_text(
    html: str, url: str | None = None, *, name: str = "page", settings: Settings | None = None
) -> str:
    """The text ingestion stores for ``html`` (the same cleaning path: trafilatura's main
    text, then boilerplate-line cleaning). Raises :class:`ExtractionError` when the page has
    no article text."""
    from newsdesk.clean import clean_article
    from newsdesk.ingest.common import Meta, build_article

    article = build_article(origin=name, raw=html, content_type="text/html", meta=Meta(), url=url)
    document, _ = clean_article(article, settings or load_settings())
    return document.text


def evaluate_extraction(
    path: str | Path, *, extract: Extractor | None = None, settings: Settings | None = None
) -> ExtractionScores:
    """Score ``extract(html, url) -> text`` (default :func:`extract_main_text`) on the pages
    of the JSONL file ``path``. Raises :class:`InputError` for an unreadable file or a
    malformed record (naming its line)."""
    name = str(path)
    pages = n_empty = overlap = n_predicted = n_gold = 0
    page_f1s: list[float] = []
    kept_with = total_with = kept_without = total_without = 0
    for number, record in read_jsonl_records(path):
        where = f"{name} line {number}"
        page = _page(record, where)
        page_id = str(record.get("id") or where)
        try:
            output = (
                extract(page.html, page.url)
                if extract is not None
                else extract_main_text(page.html, page.url, name=page_id, settings=settings)
            )
        except ExtractionError:
            output = ""
        pages += 1
        if not output.strip():
            n_empty += 1
        gold_tokens = tokens(page.text or "")
        if gold_tokens:
            output_tokens = tokens(output)
            common = (output_tokens & gold_tokens).total()
            overlap += common
            n_predicted += output_tokens.total()
            n_gold += gold_tokens.total()
            page_f1s.append(
                _f1(_share(common, output_tokens.total()), _share(common, gold_tokens.total()))
            )
        normalised = normalise(output)
        if page.with_segments is not None:
            total_with += len(page.with_segments)
            kept_with += sum(normalise(s) in normalised for s in page.with_segments)
        if page.without_segments is not None:
            total_without += len(page.without_segments)
            kept_without += sum(normalise(s) in normalised for s in page.without_segments)
        logger.debug("extraction eval %s: %d output characters", page_id, len(output))
    precision = _share(overlap, n_predicted) if page_f1s else None
    recall = _share(overlap, n_gold) if page_f1s else None
    logger.info(
        "extraction eval %s: %d pages, %d with gold text, %d kept/%d dropped segments",
        name,
        pages,
        len(page_f1s),
        total_with,
        total_without,
    )
    return ExtractionScores(
        pages=pages,
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall) if precision is not None and recall is not None else None,
        f1_macro=sum(page_f1s) / len(page_f1s) if page_f1s else None,
        with_kept=_share(kept_with, total_with) if total_with else None,
        without_dropped=(
            _share(total_without - kept_without, total_without) if total_without else None
        ),
        n_text_pages=len(page_f1s),
        n_with=total_with,
        n_without=total_without,
        n_empty=n_empty,
    )


def format_extraction(scores: ExtractionScores) -> str:
    """A short plain-text report of ``scores``."""
    lines = [f"Extraction: {scores.pages} pages ({scores.n_empty} with no text extracted)"]
    if scores.n_text_pages:
        lines.append(f"  gold text ({scores.n_text_pages} pages, token overlap):")
        lines.append(
            f"    precision {_pct(scores.precision)}  recall {_pct(scores.recall)}  "
            f"F1 {_pct(scores.f1)}  (macro F1 {_pct(scores.f1_macro)})"
        )
    else:
        lines.append("  gold text: no pages")
    if scores.with_kept is not None:
        lines.append(f"  segments to keep ({scores.n_with}): {_pct(scores.with_kept)} kept")
    if scores.without_dropped is not None:
        lines.append(
            f"  segments to drop ({scores.n_without}): {_pct(scores.without_dropped)} dropped"
        )
    return "\n".join(lines)


def tokens(text: str) -> Counter[str]:
    """Bag of lowercase ``\\w+`` tokens of ``text``."""
    return Counter(_TOKEN.findall(unicodedata.normalize("NFKC", text).lower()))


def normalise(text: str) -> str:
    """``text`` lowercased with whitespace collapsed (and quotes straightened), for
    segment matching."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return " ".join(text.split())


def _page(record: Mapping[str, Any], where: str) -> _Page:
    html = record.get("html")
    if not isinstance(html, str):
        raise InputError(
            f"{where}: no 'html' string field (each page needs its HTML)", code="bad_record"
        )
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        raise InputError(f"{where}: 'url' must be a string or null", code="bad_record")
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError(f"{where}: 'text' must be a string or null", code="bad_record")
    return _Page(
        html=html,
        url=url or None,
        text=text,
        with_segments=_segments(record, "with", where),
        without_segments=_segments(record, "without", where),
    )


def _segments(record: Mapping[str, Any], key: str, where: str) -> tuple[str, ...] | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise InputError(f"{where}: '{key}' must be a list of strings", code="bad_record")
    return tuple(s for s in value if s.strip())


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"
