"""HTML pages saved as files: one page is one article. Text and metadata are extracted
later, in :mod:`newsdesk.clean.extract`; here the page is decoded and its canonical URL
(which gives the article its id) is read from ``<link rel=canonical>`` or ``og:url``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
from lxml.etree import ParserError

from newsdesk.config import Settings
from newsdesk.errors import InputError
from newsdesk.ingest.common import Meta, build_article, check_size, decode_bytes
from newsdesk.model import Article, Failure

_URL_XPATHS = (
    "//link[@rel='canonical']/@href",
    "//meta[@property='og:url']/@content",
)


def page_url(html: str) -> str | None:
    """The page's own canonical URL, if it declares one."""
    try:
        tree = lxml.html.fromstring(html.encode("utf-8", errors="replace"))
    except (ParserError, ValueError):
        return None
    for xpath in _URL_XPATHS:
        for value in tree.xpath(xpath):
            if str(value).strip().lower().startswith(("http://", "https://")):
                return str(value).strip()
    return None


def read_html(path: Path, *, meta: Meta, settings: Settings) -> Iterator[Article | Failure]:
    origin = f"file:{path}"
    try:
        try:
            size = path.stat().st_size
            check_size(str(path), size, settings.ingest.max_bytes)
            data = path.read_bytes()
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror})", code="unreadable") from err
        html = decode_bytes(str(path), data)
    except InputError as err:
        yield Failure(origin=origin, stage="read", code=err.code, message=str(err))
        return
    yield build_article(
        origin=origin,
        raw=html,
        content_type="text/html",
        meta=meta,
        url=meta.url or page_url(html),
        id_content=data,
    )
