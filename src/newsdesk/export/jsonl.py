"""newsdesk's own records as JSON lines: one merged event a line (``Event.to_dict()``) with
its reports' evidence under ``reports`` (each ``EventReport.to_dict()``)."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.export.common import (
    ExportOptions,
    TableWritten,
    event_pages,
    open_text,
    reports_of_events,
)
from newsdesk.store.base import Store


def export_jsonl(store: Store, out: str | Path, options: ExportOptions) -> list[TableWritten]:
    """Write the merged events in the window to ``out`` (a file or ``-``), one JSON a line."""
    rows = 0
    with open_text(out, "jsonl") as handle:
        for page in event_pages(store, options):
            reports = reports_of_events(store, page)
            for event in page:
                record = event.to_dict()
                record["reports"] = [reports[r].to_dict() for r in event.report_ids if r in reports]
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                rows += 1
    return [TableWritten("events", str(out), rows)]
