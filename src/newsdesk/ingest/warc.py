"""WARC and WARC.gz archives such as CommonCrawl's CC-NEWS (warcio): every HTTP 200
``response`` record with an HTML payload is one article; other records are skipped with
a reason. A damaged or truncated archive keeps the records read before the damage.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsdesk.config import Settings
from newsdesk.errors import InputError
from newsdesk.ingest.common import Meta, build_article, decode_bytes, parse_datetime
from newsdesk.model import Article, Failure, Skip

_HTML_TYPES = {"text/html", "application/xhtml+xml"}


def read_warc(path: Path, *, meta: Meta, settings: Settings) -> Iterator[Article | Failure | Skip]:
    name = str(path)
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Failure(
            origin=f"warc:{name}",
            stage="read",
            code="unreadable",
            message=f"{name}: cannot read ({err.strerror})",
        )
        return
    n_records = 0
    end = 0
    with handle:
        size = path.stat().st_size
        records = ArchiveIterator(handle)
        try:
            for record in records:
                n_records += 1
                # records.offset, not get_record_offset(): that one consumes the record.
                item = _record(record, name, records.offset, meta, settings)
                if isinstance(item, Failure) and item.code == "truncated":
                    yield _damaged(name, n_records, records.offset, item.message)
                    return
                if item is not None:
                    yield item
                end = records.get_record_offset() + records.get_record_length()
        except _DAMAGE as err:
            yield _damaged(name, n_records, end, _reason(err))
            return
    if n_records == 0:
        yield Failure(
            origin=f"warc:{name}", stage="read", code="empty", message=f"{name}: no WARC records"
        )
    elif size - end > _SEPARATOR:
        yield _damaged(
            name,
            n_records,
            end,
            f"{size - end} bytes after the last complete record could not be read",
        )


# warcio raises all of these on damaged input (AttributeError on a truncated header).
_DAMAGE = (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError, IndexError)
_SEPARATOR = 4  # the CRLF CRLF that ends an uncompressed record


def _damaged(name: str, n_records: int, offset: int, reason: str) -> Failure:
    return Failure(
        origin=f"warc:{name}#{offset}",
        stage="read",
        code="truncated",
        message=f"{name}: archive damaged or truncated at record {n_records} "
        f"(offset {offset}); earlier records kept ({reason})",
    )


def _reason(err: BaseException) -> str:
    return " ".join(str(err).split())[:200] or type(err).__name__


def _record(
    record: Any, name: str, offset: int, meta: Meta, settings: Settings
) -> Article | Failure | Skip | None:
    if record.rec_type != "response":
        return None
    origin = f"warc:{name}#{offset}"
    uri = record.rec_headers.get_header("WARC-Target-URI")
    http = record.http_headers
    if http is None:
        return Skip(origin=origin, code="not_http", reason=f"{uri}: not an HTTP response")
    status = http.get_statuscode()
    if status != "200":
        return Skip(origin=origin, code=f"http_{status}", reason=f"{uri}: HTTP status {status}")
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES:
        return Skip(
            origin=origin,
            code="not_html",
            reason=f"{uri}: content type {content_type or 'missing'}",
        )
    limit = settings.ingest.max_bytes
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        return Failure(
            origin=origin,
            stage="read",
            code="too_large",
            message=f"{uri}: page over the {limit / 1e6:.1f} MB limit (setting ingest.max_bytes)",
        )
    if getattr(record.raw_stream, "limit", 0):
        return Failure(
            origin=origin, stage="read", code="truncated", message=f"record for {uri} ends early"
        )
    if not data:
        return Skip(origin=origin, code="empty", reason=f"{uri}: empty payload")
    charset = None
    for part in (http.get_header("Content-Type") or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    try:
        html = decode_bytes(uri or origin, data, charset)
    except InputError as err:
        return Failure(origin=origin, stage="read", code=err.code, message=str(err))
    fetched_at, _ = parse_datetime(record.rec_headers.get_header("WARC-Date"))
    return build_article(
        origin=origin, raw=html, content_type="text/html", meta=meta, url=uri, fetched_at=fetched_at
    )
