"""Readers: turn paths, globs, URLs and streams into :class:`~newsdesk.model.Article` records.

:func:`read` streams ``Article | Failure | Skip`` items in input order with constant memory;
a bad file or record becomes a :class:`~newsdesk.model.Failure` and reading goes on.
"""

from __future__ import annotations

import glob
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import cast

from newsdesk.config import Settings, load_settings
from newsdesk.errors import InputError
from newsdesk.ingest.common import Meta, build_article, check_size, decode_bytes
from newsdesk.ingest.feeds import read_feed_bytes, read_feed_file
from newsdesk.ingest.fetch import fetch_url
from newsdesk.ingest.html import page_url, read_html
from newsdesk.ingest.jsonl import read_json, read_jsonl
from newsdesk.ingest.text import read_text
from newsdesk.ingest.warc import read_warc
from newsdesk.model import Article, Failure, Skip, utc_now
from newsdesk.registry import readers

__all__ = ["Meta", "kind_of", "read", "read_path"]

Item = Article | Failure | Skip

readers.register("text", func=read_text)
readers.register("jsonl", func=read_jsonl)
readers.register("json", func=read_json)
readers.register("html", func=read_html)
readers.register("feed", func=read_feed_file)
readers.register("warc", func=read_warc)

_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".arc": "warc",
    ".arc.gz": "warc",
}


def kind_of(path: Path, *, sniff: bool = True) -> str | None:
    """Reader name for a file: by its suffix, else (``sniff``) by its first bytes."""
    name = path.name.lower()
    if name.endswith(".json") and any(path.with_suffix(s).is_file() for s in (".txt", ".text")):
        return "sidecar"
    for suffix, kind in sorted(_SUFFIXES.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            return kind
    if not sniff:
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError:
        return None
    return _sniff(head)


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\x1f\x8b"):
        return "warc" if b"WARC" in _gunzip_head(head) else None
    lowered = head.lstrip().lower()
    if lowered.startswith((b"warc/", b"filedesc://")):
        return "warc"
    if lowered.startswith(b"{"):
        return "jsonl"
    if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
        return "feed"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    return "text"


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 256)
    except zlib.error:
        return b""


def read(
    inputs: str | Path | Iterable[str | Path],
    *,
    meta: Meta | None = None,
    settings: Settings | None = None,
) -> Iterator[Item]:
    """Stream articles from files, directories, globs, ``-`` (stdin) and URLs.

    URLs are fetched only because the caller passed them. A path that does not exist, or
    a directory with nothing readable, yields a :class:`Failure`.
    """
    settings = settings or load_settings()
    meta = meta or Meta()
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    for item in inputs:
        yield from _read_one(str(item), meta, settings)


def _read_one(spec: str, meta: Meta, settings: Settings) -> Iterator[Item]:
    if spec.lower().startswith(("http://", "https://")):
        yield from _read_url(spec, meta, settings)
        return
    if spec == "-":
        yield from _read_stdin(meta, settings)
        return
    path = Path(spec)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
        yield from _read_files(files, spec, meta, settings)
    elif path.is_file():
        yield from read_path(path, meta=meta, settings=settings)
    elif any(ch in spec for ch in "*?["):
        files = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
        yield from _read_files(files, spec, meta, settings)
    else:
        yield Failure(
            origin=f"file:{spec}",
            stage="read",
            code="not_found",
            message=f"{spec}: no such file or directory",
        )


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _read_files(files: list[Path], spec: str, meta: Meta, settings: Settings) -> Iterator[Item]:
    n_articles = 0
    n_inputs = 0
    for file in files:
        kind = kind_of(file, sniff=False)
        if kind == "sidecar":
            continue
        if kind is None:
            yield Skip(
                origin=f"file:{file}",
                code="unsupported_file",
                reason=f"{file}: not an article file type (ingest it by name to try)",
            )
            continue
        n_inputs += 1
        for item in read_path(file, meta=meta, settings=settings):
            n_articles += isinstance(item, Article)
            yield item
    if n_articles == 0:
        what = "no files" if n_inputs == 0 else f"no readable articles in {n_inputs} file(s)"
        yield Failure(
            origin=f"file:{spec}", stage="read", code="nothing_readable", message=f"{spec}: {what}"
        )


def read_path(path: Path, *, meta: Meta, settings: Settings) -> Iterator[Item]:
    """Read one file with the reader its name or content calls for."""
    kind = kind_of(path)
    if kind is None or kind == "sidecar":
        yield Failure(
            origin=f"file:{path}",
            stage="read",
            code="unsupported",
            message=f"{path}: unsupported or unreadable file",
        )
        return
    yield from readers.get(kind)(path, meta=meta, settings=settings)


def _read_url(url: str, meta: Meta, settings: Settings) -> Iterator[Item]:
    try:
        fetched = fetch_url(url, settings)
    except InputError as err:
        yield Failure(origin=f"url:{url}", stage="read", code=err.code, message=str(err))
        return
    kind = _sniff(fetched.data[:2048])
    if "xml" in fetched.content_type or "rss" in fetched.content_type or kind == "feed":
        yield from read_feed_bytes(fetched.data, name=fetched.url, meta=meta, fetched_at=utc_now())
        return
    try:
        html = decode_bytes(fetched.url, fetched.data, fetched.charset)
    except InputError as err:
        yield Failure(origin=f"url:{url}", stage="read", code=err.code, message=str(err))
        return
    content_type = "text/html" if "html" in fetched.content_type or kind == "html" else "text/plain"
    page_link = page_url(html) if content_type == "text/html" else None
    yield build_article(
        origin=f"url:{url}",
        raw=html,
        content_type=content_type,
        meta=meta,
        url=page_link or fetched.url,
        fetched_at=utc_now(),
    )


def _read_stdin(meta: Meta, settings: Settings) -> Iterator[Item]:
    stream = io.BufferedReader(cast(io.RawIOBase, sys.stdin.buffer), buffer_size=4096)
    kind = _sniff(stream.peek(2048)[:2048])
    if kind == "jsonl":
        yield from read_jsonl("<stdin>", meta=meta, settings=settings, stream=stream)
        return
    data = stream.read(settings.ingest.max_bytes + 1)
    try:
        check_size("<stdin>", len(data), settings.ingest.max_bytes)
        raw = decode_bytes("<stdin>", data)
    except InputError as err:
        yield Failure(origin="stdin", stage="read", code=err.code, message=str(err))
        return
    content_type = "text/html" if kind == "html" else "text/plain"
    yield build_article(
        origin="stdin", raw=raw, content_type=content_type, meta=meta, id_content=data
    )
