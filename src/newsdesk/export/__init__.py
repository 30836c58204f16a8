"""Analyst exports of a newsdesk database: GDELT 2.0 tables, PLOVER JSON, Parquet datasets
and newsdesk's own JSON lines.

>>> from newsdesk.export import export                       # doctest: +SKIP
>>> export(desk, "parquet", "exports/", since=date(2024, 1, 1))  # doctest: +SKIP

Exporters live in the ``exporters`` registry (``newsdesk.registry``, entry point group
``newsdesk_exporters``): a callable ``(store, out, options) -> list[TableWritten]``.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from newsdesk.errors import ConfigError, InputError
from newsdesk.export.common import PAGE_SIZE, ExportOptions, ExportReport, TableWritten
from newsdesk.export.gdelt import export_gdelt
from newsdesk.export.jsonl import export_jsonl
from newsdesk.export.parquet import export_parquet
from newsdesk.export.plover_json import export_plover
from newsdesk.registry import exporters
from newsdesk.store.base import Store

__all__ = [
    "ExportOptions",
    "ExportReport",
    "TableWritten",
    "export",
    "export_formats",
]

exporters.register("gdelt", func=export_gdelt)
exporters.register("plover", func=export_plover)
exporters.register("parquet", func=export_parquet)
exporters.register("jsonl", func=export_jsonl)

# Formats that write a folder of files; the others write one file or stdout (``-``).
FOLDER_FORMATS = frozenset({"gdelt", "parquet"})


@runtime_checkable
class _HasStore(Protocol):
    store: Store


def export_formats() -> list[str]:
    """Names of the export formats available (built in and from entry points)."""
    return sorted(exporters.get_all())


def export(
    source: Store | _HasStore,
    fmt: str,
    out: str | Path,
    *,
    since: date | None = None,
    until: date | None = None,
    header: bool = True,
    page_size: int | None = None,
) -> ExportReport:
    """Export the database behind ``source`` (a store or a ``Desk``) as ``fmt`` to ``out``:
    a folder for ``gdelt`` and ``parquet``, a file or ``-`` (stdout) for ``plover`` and
    ``jsonl``. ``since``/``until`` (inclusive) filter events and reports by event date and
    article tables by publication date."""
    store: Store = source.store if isinstance(source, _HasStore) else source
    try:
        exporter: Any = exporters.get(fmt)
    except (KeyError, ValueError, LookupError) as err:
        raise ConfigError(
            f"export format {fmt!r}: unknown (available: {', '.join(export_formats())})",
            code="unknown_format",
        ) from err
    if since and until and since > until:
        raise InputError(f"export {fmt}: since {since} is after until {until}", code="bad_date")
    if page_size is not None and page_size < 1:
        raise InputError(f"export {fmt}: page_size must be 1 or more, not {page_size}")
    options = ExportOptions(
        since=since, until=until, header=header, page_size=page_size or PAGE_SIZE
    )
    started = time.perf_counter()
    tables = exporter(store, out, options)
    return ExportReport(
        format=fmt,
        out=str(out),
        tables=tuple(tables),
        seconds=time.perf_counter() - started,
    )
