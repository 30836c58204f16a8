"""JSON and JSONL articles. JSONL: one JSON object a line with ``text`` (or ``html``) and optional
``title``, ``url``, ``published``, ``outlet``, ``author``, ``id``. ``.jsonl.gz`` works too.

A ``.json`` file holds one such object or a list of them.
A bad line becomes a :class:`Failure` naming its line number; the other lines go on.
:func:`read_json_bytes` and ``read_jsonl(..., stream=...)`` read the same from bytes in
memory (an HTTP request body), with origins under another scheme (``api:body#L3``).
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from newsdesk.config import Settings
from newsdesk.errors import InputError
from newsdesk.ingest.common import Meta, build_article, check_size, meta_from_mapping
from newsdesk.model import Article, Failure


def read_jsonl(
    path: Path | str,
    *,
    meta: Meta,
    settings: Settings,
    stream: IO[bytes] | None = None,
    scheme: str = "file",
) -> Iterator[Article | Failure]:
    """Yield one article per good line; a failure per bad line. Origins are
    ``<scheme>:<path>#L<line>``."""
    name = str(path)
    try:
        handle = stream if stream is not None else _open(Path(path))
    except OSError as err:
        yield Failure(
            origin=f"{scheme}:{name}",
            stage="read",
            code="unreadable",
            message=f"{name}: cannot read ({err.strerror})",
        )
        return
    limit = settings.ingest.max_bytes
    n_lines = 0
    try:
        for number, line in enumerate(_lines(handle, limit), start=1):
            origin = f"{scheme}:{name}#L{number}"
            if line is None:
                yield Failure(
                    origin=origin,
                    stage="read",
                    code="too_large",
                    message=f"{name} line {number}: over the {limit / 1e6:.1f} MB "
                    "limit (setting ingest.max_bytes)",
                )
                continue
            if not line.strip():
                continue
            n_lines += 1
            try:
                yield _article(line, name, number, origin, meta)
            except InputError as err:
                yield Failure(origin=origin, stage="read", code=err.code, message=str(err))
    except (OSError, EOFError, zlib.error) as err:
        yield Failure(
            origin=f"{scheme}:{name}",
            stage="read",
            code="truncated",
            message=f"{name}: stopped reading, the file is damaged ({err})",
        )
    finally:
        if stream is None:
            handle.close()
    if n_lines == 0:
        yield Failure(
            origin=f"{scheme}:{name}", stage="read", code="empty", message=f"{name}: no JSON lines"
        )


def _open(path: Path) -> IO[bytes]:
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _lines(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines of the stream; ``None`` for a line over ``limit`` (skipped without loading)."""
    reader = (
        handle
        if isinstance(handle, io.BufferedIOBase)
        else io.BufferedReader(cast(io.RawIOBase, handle))
    )
    while True:
        line = reader.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = reader.readline(1 << 20)
            yield None
            continue
        yield line


def _article(line: bytes, name: str, number: int, origin: str, defaults: Meta) -> Article:
    where = f"{name} line {number}"
    try:
        record = json.loads(line.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as err:
        raise InputError(
            f"{where}: invalid JSON ({err.msg} at column {err.colno})", code="bad_json"
        ) from err
    return _from_record(record, where, origin, defaults)


def _from_record(record: object, where: str, origin: str, defaults: Meta) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object", code="bad_json")
    html = record.get("html")
    text = record.get("text")
    if isinstance(text, str) and text.strip():
        raw, content_type = text, "text/plain"
    elif isinstance(html, str) and html.strip():
        raw, content_type = html, "text/html"
    else:
        raise InputError(f"{where}: no 'text' (or 'html') field with content", code="no_text")
    meta = meta_from_mapping(record, where).fill(defaults)
    external = record.get("id")
    return build_article(
        origin=origin,
        raw=raw,
        content_type=content_type,
        meta=meta,
        external_id=str(external) if external is not None else None,
    )


def read_json(path: Path, *, meta: Meta, settings: Settings) -> Iterator[Article | Failure]:
    """A ``.json`` file with one article object or a list of them."""
    name = str(path)
    try:
        try:
            check_size(name, path.stat().st_size, settings.ingest.max_bytes)
            data = path.read_bytes()
        except OSError as err:
            raise InputError(f"{name}: cannot read ({err.strerror})", code="unreadable") from err
    except InputError as err:
        yield Failure(origin=f"file:{name}", stage="read", code=err.code, message=str(err))
        return
    yield from read_json_bytes(data, name=name, meta=meta)


def read_json_bytes(
    data: bytes, *, name: str, meta: Meta, scheme: str = "file"
) -> Iterator[Article | Failure]:
    """One article object or a list of them, as JSON bytes; a failure per bad item (or one
    for the whole input when it is not JSON). Origins are ``<scheme>:<name>[#<item>]``."""
    try:
        parsed = json.loads(data.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as err:
        yield Failure(
            origin=f"{scheme}:{name}",
            stage="read",
            code="bad_json",
            message=f"{name}: invalid JSON ({err.msg} at line {err.lineno})",
        )
        return
    records = parsed if isinstance(parsed, list) else [parsed]
    if not records:
        yield Failure(
            origin=f"{scheme}:{name}", stage="read", code="empty", message=f"{name}: empty list"
        )
    for number, record in enumerate(records, start=1):
        where = f"{name} item {number}" if isinstance(parsed, list) else name
        origin = f"{scheme}:{name}#{number}" if isinstance(parsed, list) else f"{scheme}:{name}"
        try:
            yield _from_record(record, where, origin, meta)
        except InputError as err:
            yield Failure(origin=origin, stage="read", code=err.code, message=str(err))
