"""Pagination of list endpoints: ``limit`` and an opaque ``cursor`` in, ``{"items": [...],
"next_cursor": str | null}`` out.

A cursor is the URL-safe base64 of ``o:<offset>`` into the endpoint's fixed order; clients
pass it back unchanged with the same filters. ``next_cursor`` is null on the last page.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Query, Request
from pydantic import BaseModel, Field

from newsdesk.api.routing import ApiError

T = TypeVar("T")
_PREFIX = "o:"


class Page(BaseModel, Generic[T]):
    items: list[T] = Field(description="This page's items, in the endpoint's order.")
    next_cursor: str | None = Field(
        description="Pass as ``cursor`` (same filters) for the next page; null on the last."
    )


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The offset in ``cursor``; a 422 for anything this API did not hand out."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    number = text.removeprefix(_PREFIX)
    if not text.startswith(_PREFIX) or not number.isdigit() or len(number) > 12:
        raise ApiError(
            422, f"cursor {cursor[:40]!r}: not a cursor this API handed out", code="bad_cursor"
        )
    return int(number)


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    offset: int

    def fetch(self) -> int:
        """How many items to ask for: one more than the page, to know if another follows."""
        return self.limit + 1

    def cut(self, items: Sequence[T]) -> tuple[list[T], str | None]:
        """This page's items and the next cursor, from ``fetch()`` items from ``offset``."""
        if len(items) > self.limit:
            return list(items[: self.limit]), encode_cursor(self.offset + self.limit)
        return list(items), None

    def slice(self, items: Sequence[T]) -> tuple[list[T], str | None]:
        """The page of a list held whole in memory."""
        return self.cut(items[self.offset : self.offset + self.fetch()])


async def page_params(
    request: Request,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            description="Items per page (default api.page_size, 50; at most "
            "api.max_page_size, 1000).",
        ),
    ] = None,
    cursor: Annotated[
        str | None,
        Query(description="The next_cursor of the previous page (opaque).", max_length=200),
    ] = None,
) -> PageParams:
    settings = request.app.state.settings.api
    if limit is None:
        limit = settings.page_size
    if limit > settings.max_page_size:
        raise ApiError(
            422,
            f"limit: {limit} is over the largest page, {settings.max_page_size} "
            "(setting api.max_page_size)",
            code="invalid_request",
        )
    return PageParams(limit=limit, offset=decode_cursor(cursor) if cursor else 0)


def page_of(
    fetch: Callable[[int, int], Sequence[T]], params: PageParams
) -> tuple[list[T], str | None]:
    """Call ``fetch(limit, offset)`` for one more than a page and cut it."""
    return params.cut(fetch(params.fetch(), params.offset))
