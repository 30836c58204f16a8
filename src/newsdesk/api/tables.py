"""``?format=csv``: list endpoints as flat CSV tables (the rows of
``newsdesk.export.tables``). The next page's cursor travels in the ``X-Next-Cursor``
header (and ``Link``)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from newsdesk.export.tables import Table, csv_lines

CSV_TYPE = "text/csv; charset=utf-8"
T = TypeVar("T")


class OutputFormat(StrEnum):
    json = "json"
    csv = "csv"


def csv_response(
    request: Request, items: Iterable[T], table: Table[T], next_cursor: str | None
) -> Response:
    headers = {}
    if next_cursor:
        query = dict(request.query_params) | {"cursor": next_cursor}
        headers["X-Next-Cursor"] = next_cursor
        headers["Link"] = f'<{request.url.path}?{urlencode(query)}>; rel="next"'
    return Response("".join(csv_lines(items, table)), media_type=CSV_TYPE, headers=headers)


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "With format=csv: a CSV table (header row, one row per item); the "
        "next page's cursor is in the X-Next-Cursor header.",
    }
}
