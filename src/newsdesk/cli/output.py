"""Formatting shared by commands: tables, JSON, CSV and JSONL on stdout."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from rich.table import Table
from rich.text import Text

from newsdesk.cli.app import stdout

WIDE_COLUMNS = {"title", "message", "help", "aliases"}


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_rows(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: Format, title: str | None = None
) -> None:
    if fmt is Format.json:
        emit_json(list(rows))
    elif fmt is Format.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
    else:
        table = Table(title=title, show_lines=False, highlight=False)
        for column in columns:
            wide = column in WIDE_COLUMNS
            table.add_column(
                column,
                no_wrap=True,
                overflow="ellipsis" if wide else "fold",
                max_width=60 if wide else None,
                ratio=1 if wide else None,
            )
        for row in rows:
            table.add_row(*(Text(_cell(row.get(c))) for c in columns))
        stdout.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
