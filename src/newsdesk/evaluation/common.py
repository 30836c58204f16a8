"""Reading annotated evaluation files: JSONL (``.jsonl`` or ``.jsonl.gz``), one object a line."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsdesk.errors import InputError

_GZIP_MAGIC = b"\x1f\x8b"


def read_jsonl_records(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` for each non-blank line of a JSONL file.

    Gzip-compressed files (``.jsonl.gz``, recognised by their content) are read too. Raises
    :class:`InputError` naming the file (and line) for a missing or unreadable file, a line
    that is not valid UTF-8 JSON, or a line that is not a JSON object.
    """
    name = str(path)
    try:
        handle = _open(Path(path))
    except OSError as err:
        reason = err.strerror or str(err)
        raise InputError(f"{name}: cannot read ({reason})", code="unreadable") from err
    with handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield number, _parse(line, name, number)
        except (OSError, EOFError, zlib.error) as err:
            raise InputError(
                f"{name}: stopped reading after line {number}, the file is damaged ({err})",
                code="truncated",
            ) from err


def _open(path: Path) -> io.BufferedIOBase:
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == _GZIP_MAGIC:
        return gzip.open(path, "rb")
    return path.open("rb")


def _parse(line: bytes, name: str, number: int) -> dict[str, Any]:
    where = f"{name} line {number}"
    try:
        record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(
            f"{where}: not UTF-8 text (byte {err.start + 1})", code="bad_json"
        ) from err
    except json.JSONDecodeError as err:
        raise InputError(
            f"{where}: invalid JSON ({err.msg} at column {err.colno})", code="bad_json"
        ) from err
    if not isinstance(record, dict):
        raise InputError(
            f"{where}: expected a JSON object, got {_json_kind(record)}", code="bad_json"
        )
    return record


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array"
