"""Helpers shared by the readers: safe decoding, limits, metadata, ids."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import courlan
from charset_normalizer import from_bytes

from newsdesk.errors import InputError
from newsdesk.model import Article, make_id

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


@dataclass(frozen=True, slots=True)
class Meta:
    """Metadata a user or an input supplies next to the text itself."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    pub_date: date | None = None
    lang: str | None = None

    def fill(self, other: Meta) -> Meta:
        """Fields of ``self``, with blanks filled from ``other``."""
        return Meta(
            title=self.title or other.title,
            outlet=self.outlet or other.outlet,
            url=self.url or other.url,
            authors=self.authors or other.authors,
            published_at=self.published_at or other.published_at,
            pub_date=self.pub_date or other.pub_date,
            lang=self.lang or other.lang,
        )


def check_size(name: str, size: int, limit: int) -> None:
    if size == 0:
        raise InputError(f"{name}: empty input", code="empty")
    if size > limit:
        raise InputError(
            f"{name}: {size / 1e6:.1f} MB is over the {limit / 1e6:.1f} MB limit "
            "(setting ingest.max_bytes)",
            code="too_large",
        )


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding (NUL bytes, many control bytes)."""
    head = data[:8192]
    if b"\x00" in head and not (
        head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)
    ):
        return True
    return len(_CONTROL.findall(head)) > max(8, len(head) // 100)


def decode_bytes(name: str, data: bytes, declared: str | None = None) -> str:
    """Decode text bytes: BOM, then UTF-8, then a declared charset, then detection.

    Raises :class:`InputError` for binary data.
    """
    if looks_binary(data):
        raise InputError(f"{name}: binary data, not text", code="binary")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared is None:
        found = _META_CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii") if found else None
    if declared:
        try:
            codec = codecs.lookup(declared).name
            if codec not in {"utf-8", "ascii"}:
                return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
    # Not UTF-8 and nothing declared: Windows-1252 (a superset of Latin-1's printable
    # range, the de-facto default of Western web pages and editors) unless its reading
    # looks like another script rendered in accented Latin letters (Cyrillic in cp1252
    # reads "Ïðåçèäåíò"); then charset-normalizer decides.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _plausible_western(western):
        return western
    guess = from_bytes(data[:65536]).best()
    if guess is not None:
        try:
            return data.decode(guess.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return western if western is not None else data.decode("latin-1")


def _plausible_western(text: str) -> bool:
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if not letters:
        return True
    accented = sum(1 for ch in letters if not ch.isascii())
    return accented / len(letters) < 0.3


def canonical_url(url: str | None) -> str | None:
    """Normalised URL (lower-case host, no fragment or tracking parameters), or None."""
    if not url or not url.strip():
        return None
    url = url.strip()
    if not re.match(r"https?://", url, re.I):
        return None
    try:
        return courlan.normalize_url(url, strict=True, trailing_slash=False)
    except ValueError:
        return url


def article_id(url: str | None, raw: str | bytes) -> str:
    """Stable article id: from the canonical URL when there is one, else the raw content."""
    canonical = canonical_url(url)
    return make_id("art", "url", canonical) if canonical else make_id("art", "raw", raw)


def parse_datetime(value: Any) -> tuple[datetime | None, date | None]:
    """``(published_at in UTC, local publication date)`` from ISO text, a date or a datetime.

    A bare date gives ``(None, date)``; a naive datetime is taken as UTC. Unparseable
    values give ``(None, None)``: dates are never guessed.
    """
    if value is None or value == "":
        return None, None
    moment: datetime | None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return None, value
    else:
        text = str(value).strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return None, date.fromisoformat(text)
            except ValueError:
                return None, None
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = _parse_loose(text)
    if moment is None:
        return None, None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC), moment.date()


def _parse_loose(text: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def meta_from_mapping(data: Mapping[str, Any], name: str) -> Meta:
    """Metadata from a JSONL record or a sidecar file (``title url published/date outlet
    author/authors lang``)."""
    published = data.get("published", data.get("date"))
    published_at, pub_date = parse_datetime(published)
    if published not in (None, "") and pub_date is None:
        raise InputError(f"{name}: unreadable date {published!r} (use ISO 8601)", code="bad_date")
    authors = data.get("authors", data.get("author"))
    if isinstance(authors, str):
        authors = [a.strip() for a in re.split(r"\s*(?:,|;| and )\s*", authors) if a.strip()]
    return Meta(
        title=_text_or_none(data.get("title")),
        outlet=_text_or_none(data.get("outlet", data.get("source"))),
        url=_text_or_none(data.get("url")),
        authors=tuple(str(a) for a in authors or ()),
        published_at=published_at,
        pub_date=pub_date,
        lang=_text_or_none(data.get("lang")),
    )


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def build_article(
    *,
    origin: str,
    raw: str,
    content_type: str,
    meta: Meta,
    url: str | None = None,
    external_id: str | None = None,
    fetched_at: datetime | None = None,
    id_content: str | bytes | None = None,
) -> Article:
    """An :class:`Article` with its deterministic id (URL first, else content)."""
    from newsdesk.clean.sources import source_for

    link = canonical_url(url or meta.url)
    source = source_for(link, meta.outlet)
    return Article(
        article_id=article_id(link, id_content if id_content is not None else raw),
        origin=origin,
        raw=raw,
        content_type=content_type,
        url=link,
        source_id=source.source_id if source else None,
        outlet=meta.outlet,
        title=meta.title,
        authors=meta.authors,
        published_at=meta.published_at,
        pub_date=meta.pub_date,
        lang=meta.lang,
        external_id=external_id,
        fetched_at=fetched_at,
    )
