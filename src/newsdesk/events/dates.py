"""Event dates: a temporal expression normalised against the article's publication date.

"late Friday night" in an article of Saturday 2024-04-06 is 2024-04-05 (day); "since
December" is 2023-12 (month); "in 2017" is 2017 (year). Weekdays and months without a year
are read as the latest such day or month on or before publication (news reports the past),
or the next one for events the sentence puts in the future. Without a publication date only
expressions that carry their own year resolve; the rest stay ``unresolved``, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from newsdesk.model import iso_at_precision

# Words that qualify a time without changing the calendar date it names.
_QUALIFIERS = re.compile(
    r"\b(?:late|early|mid|middle of|end of|beginning of|start of|the|on|since|in|by|until|"
    r"from|during|as of|around|about|before|after|night|nights|morning|mornings|evening|"
    r"afternoon|overnight|midday|noon|dawn|earlier|later|this past)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
_PRECISIONS = {"day": "day", "month": "month", "year": "year"}


@dataclass(frozen=True, slots=True)
class EventDate:
    """A resolved date (``value`` at ``precision``) or why there is none."""

    expression: str | None
    value: date | None = None
    precision: str | None = None  # day | month | year
    status: str = "absent"  # resolved | unresolved | absent

    def iso(self) -> str | None:
        """``2024-04-05``, ``2023-12`` or ``2017`` by precision."""
        return iso_at_precision(self.value, self.precision)


@lru_cache(maxsize=1)
def _parser_class() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser


@lru_cache(maxsize=256)
def _parser(base: datetime, future: bool) -> Any:
    """A dateparser parser for one reference moment (building one is costly)."""
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
    }
    return _parser_class()(languages=["en"], settings=settings)


def normalize_date(
    expression: str | None, pub_date: date | None, *, future: bool = False
) -> EventDate:
    """Resolve ``expression`` against ``pub_date``. Never guesses a missing year.
    (Cached: articles of one day repeat their time expressions.)"""
    return _normalize(expression, pub_date, future)


@lru_cache(maxsize=8192)
def _normalize(expression: str | None, pub_date: date | None, future: bool) -> EventDate:
    if not expression or not expression.strip():
        return EventDate(expression=None)
    cleaned = " ".join(_QUALIFIERS.sub(" ", expression).split()).strip(" ,.;-")
    if not cleaned:
        return EventDate(expression=expression, status="unresolved")
    explicit_year = _YEAR.search(cleaned)
    if pub_date is None and explicit_year is None:
        return EventDate(expression=expression, status="unresolved")
    weekday = _WEEKDAYS.get(cleaned.casefold())
    if pub_date is not None and weekday == pub_date.weekday():
        # "on Friday" in Friday's paper is that day, not a week before
        return EventDate(expression=expression, value=pub_date, precision="day", status="resolved")
    base = datetime.combine(
        pub_date or date(int(explicit_year.group(1)), 12, 31),  # type: ignore[union-attr]
        datetime.min.time(),
    ).replace(hour=12)
    parsed = _parser(base, future).get_date_data(cleaned)
    moment, period = getattr(parsed, "date_obj", None), getattr(parsed, "period", None)
    precision = _PRECISIONS.get(period or "")
    if moment is None or precision is None:
        return EventDate(expression=expression, status="unresolved")
    value = moment.date()
    if precision == "month":
        value = value.replace(day=1)
    elif precision == "year":
        value = value.replace(month=1, day=1)
    if explicit_year is not None and value.year != int(explicit_year.group(1)):
        return EventDate(expression=expression, status="unresolved")
    return EventDate(expression=expression, value=value, precision=precision, status="resolved")
