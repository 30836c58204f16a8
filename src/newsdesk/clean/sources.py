"""Outlets: a :class:`~newsdesk.model.Source` from a URL (registered domain) or a name."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

from newsdesk.model import Source


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # The public suffix list bundled with tldextract; never fetched at run time.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str) -> str | None:
    """``news.bbc.co.uk`` → ``bbc.co.uk``; hosts without a public suffix keep their name."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return None
    parts = _extractor()(host)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    return host.removeprefix("www.")


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def source_for(url: str | None, outlet: str | None) -> Source | None:
    """The outlet of an article: by its URL's registered domain, else by its name."""
    domain = registered_domain(url) if url else None
    if domain:
        return Source(source_id=domain, name=outlet or domain, url=f"https://{domain}")
    if outlet and slug(outlet):
        return Source(source_id=slug(outlet), name=outlet)
    return None
