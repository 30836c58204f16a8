"""Plain-text articles: one file is one article.

Metadata that plain text lacks comes from a sidecar ``NAME.json`` (``title``, ``date`` or
``published``, ``outlet``, ``author``, ``url``) or from the caller (``--date``, ``--outlet``,
``--title``); the sidecar wins over the caller.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from newsdesk.config import Settings
from newsdesk.errors import InputError
from newsdesk.ingest.common import Meta, build_article, check_size, decode_bytes, meta_from_mapping
from newsdesk.model import Article, Failure

SIDECAR_SUFFIX = ".json"


def sidecar_path(path: Path) -> Path:
    return path.with_suffix(SIDECAR_SUFFIX)


def read_text(path: Path, *, meta: Meta, settings: Settings) -> Iterator[Article | Failure]:
    """Yield the article in a text file, or one :class:`Failure` saying why not."""
    origin = f"file:{path}"
    try:
        data = _read_limited(path, settings.ingest.max_bytes)
        raw = decode_bytes(str(path), data)
        if not raw.strip():
            raise InputError(f"{path}: no text (only whitespace)", code="empty")
        file_meta = _sidecar_meta(path).fill(meta)
    except InputError as err:
        yield Failure(origin=origin, stage="read", code=err.code, message=str(err))
        return
    yield build_article(
        origin=origin, raw=raw, content_type="text/plain", meta=file_meta, id_content=data
    )


def _read_limited(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        check_size(str(path), size, limit)
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})", code="unreadable") from err


def _sidecar_meta(path: Path) -> Meta:
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return Meta()
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(
            f"{sidecar}: sidecar is not valid JSON ({err})", code="bad_sidecar"
        ) from err
    if not isinstance(data, dict):
        raise InputError(f"{sidecar}: sidecar must be a JSON object", code="bad_sidecar")
    return meta_from_mapping(data, str(sidecar))
