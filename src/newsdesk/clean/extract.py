"""Main text and metadata of an HTML page (trafilatura; dates by htmldate through it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import trafilatura

from newsdesk.errors import ExtractionError
from newsdesk.ingest.common import parse_datetime

# Dates only from the page's markup (meta tags, <time>, JSON-LD), never guessed from
# its text or URL patterns.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    pub_date: date | None = None
    sitename: str | None = None
    url: str | None = None
    lang: str | None = None


def extract_html(
    html: str, *, url: str | None = None, name: str = "page", focus: str = "balanced"
) -> ExtractedPage:
    """The article a reader sees on ``html``. Raises :class:`ExtractionError` when the page
    has no article text (a front page, an error page, a page of scripts)."""
    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        favor_precision=focus == "precision",
        favor_recall=focus == "recall",
        date_extraction_params=_DATE_PARAMS,
    )
    if result is None or isinstance(result, dict) or not (result.text or "").strip():
        raise ExtractionError(f"{name}: no article text found in the HTML")
    text: str = result.text or ""
    title = _clean(result.title)
    authors = tuple(a.strip() for a in (result.author or "").split(";") if a.strip())
    _, pub_date = parse_datetime(result.date)
    return ExtractedPage(
        text=text,
        title=title,
        authors=authors,
        pub_date=pub_date,
        sitename=_clean(result.sitename),
        url=_clean(result.url),
        lang=_clean(getattr(result, "language", None)),
    )


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None
