"""Query parameters of the web pages, checked here so a bad value gives a one-line 422 page
(``InputError``) rather than a validation dump. Empty strings mean "not given": a form
submits every field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit

from newsdesk.errors import InputError

_COUNTRY = re.compile(r"[A-Za-z]{3}")
_SPAN = re.compile(r"(\d{1,9})-(\d{1,9})")


def text(value: str | None) -> str | None:
    """The stripped value, or None when empty."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def iso_date(name: str, value: str | None) -> date | None:
    value = text(value)
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise InputError(f"{name} {value!r}: not a date (YYYY-MM-DD)", code="bad_date")
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise InputError(f"{name} {value!r}: not a date ({err})", code="bad_date") from err


def integer(name: str, value: str | None, *, default: int, low: int = 0, high: int = 10**9) -> int:
    value = text(value)
    if value is None:
        return default
    if not re.fullmatch(r"-?\d{1,10}", value):
        raise InputError(f"{name} {value!r}: not a whole number", code="bad_number")
    number = int(value)
    if not low <= number <= high:
        raise InputError(f"{name} {number}: expected {low} to {high}", code="bad_number")
    return number


def choice(name: str, value: str | None, options: tuple[str, ...], *, default: str) -> str:
    value = text(value)
    if value is None:
        return default
    if value not in options:
        raise InputError(
            f"{name} {value!r}: expected one of {', '.join(options)}", code="bad_choice"
        )
    return value


def country(value: str | None) -> str | None:
    value = text(value)
    if value is None:
        return None
    if not _COUNTRY.fullmatch(value):
        raise InputError(
            f"country {value!r}: expected an ISO 3166 alpha-3 code such as MEX", code="bad_country"
        )
    return value.upper()


def span(value: str | None) -> tuple[int, int] | None:
    """``hl=120-245``: a cited span of an article (start before end)."""
    value = text(value)
    if value is None:
        return None
    found = _SPAN.fullmatch(value)
    if found is None or int(found[1]) >= int(found[2]):
        raise InputError(f"hl {value!r}: expected START-END offsets, START < END", code="bad_span")
    return int(found[1]), int(found[2])


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: ``number`` from 1, ``size`` items."""

    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def page(value: str | None, size: int) -> Page:
    return Page(number=integer("page", value, default=1, low=1, high=1_000_000), size=size)


def query_string(params: dict[str, object], **changes: object) -> str:
    """``params`` with ``changes``, empty values left out, as ``?a=1&b=2`` (or "")."""
    merged = {**params, **changes}
    kept = {k: str(v) for k, v in merged.items() if v not in (None, "", False)}
    return "?" + urlencode(kept) if kept else ""


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) URL with a host, else None (never a ``javascript:``
    or ``data:`` link)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()
