"""RSS and Atom feeds (feedparser): each entry is one article, its full content when the
feed carries it (``content:encoded``, Atom ``content``), else its summary. Linked pages are
not fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser

from newsdesk.config import Settings
from newsdesk.errors import InputError
from newsdesk.ingest.common import Meta, build_article, check_size, parse_datetime
from newsdesk.model import Article, Failure, Skip


def read_feed_file(
    path: Path, *, meta: Meta, settings: Settings
) -> Iterator[Article | Failure | Skip]:
    try:
        try:
            check_size(str(path), path.stat().st_size, settings.ingest.max_bytes)
            data = path.read_bytes()
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror})", code="unreadable") from err
    except InputError as err:
        yield Failure(origin=f"feed:{path}", stage="read", code=err.code, message=str(err))
        return
    yield from read_feed_bytes(data, name=str(path), meta=meta)


def read_feed_bytes(
    data: bytes, *, name: str, meta: Meta, fetched_at: datetime | None = None
) -> Iterator[Article | Failure | Skip]:
    """Articles from feed bytes (never a string: feedparser would take it for a URL)."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries", [])
    if not entries:
        reason = parsed.get("bozo_exception") if parsed.get("bozo") else "no entries"
        yield Failure(
            origin=f"feed:{name}",
            stage="read",
            code="bad_feed",
            message=f"{name}: not a readable RSS/Atom feed ({reason})",
        )
        return
    channel = parsed.get("feed", {})
    feed_meta = Meta(outlet=_clean(channel.get("title")), lang=_lang(channel.get("language")))
    for index, entry in enumerate(entries):
        origin = f"feed:{name}#{index}"
        body, content_type = _body(entry)
        if not body:
            yield Skip(
                origin=origin,
                code="no_content",
                reason=f"{name} entry {index}: no content or summary",
            )
            continue
        published_at, pub_date = parse_datetime(entry.get("published") or entry.get("updated"))
        authors = tuple(a["name"] for a in entry.get("authors", []) if a.get("name"))
        entry_meta = Meta(
            title=_clean(entry.get("title")),
            url=entry.get("link"),
            authors=authors,
            published_at=published_at,
            pub_date=pub_date,
        )
        yield build_article(
            origin=origin,
            raw=body,
            content_type=content_type,
            meta=meta.fill(entry_meta).fill(feed_meta),
            external_id=entry.get("id"),
            fetched_at=fetched_at,
        )


def _body(entry: Any) -> tuple[str, str]:
    candidates = [*entry.get("content", [])]
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    best = max(candidates, key=lambda c: len(c.get("value", "")), default=None)
    if best is None or not best.get("value", "").strip():
        return "", "text/plain"
    kind = best.get("type", "text/html")
    return best["value"], "text/html" if "html" in kind else "text/plain"


def _clean(value: Any) -> str | None:
    return str(value).strip() or None if value else None


def _lang(value: Any) -> str | None:
    return str(value).split("-")[0].lower() or None if value else None
