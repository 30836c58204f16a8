from __future__ import annotations

from datetime import date

import pytest

from newsdesk.events.dates import normalize_date

SATURDAY = date(2024, 4, 6)


@pytest.mark.parametrize(
    ("expression", "expected", "precision"),
    [
        ("late Friday night", "2024-04-05", "day"),
        ("on Thursday", "2024-04-04", "day"),
        ("Friday", "2024-04-05", "day"),
        ("since December", "2023-12", "month"),
        ("in 2017", "2017", "year"),
        ("November 2022", "2022-11", "month"),
        ("August 2023", "2023-08", "month"),
        ("late last year", "2023", "year"),
        ("yesterday", "2024-04-05", "day"),
        ("April 4, 2024", "2024-04-04", "day"),
        ("early on Tuesday morning", "2024-04-02", "day"),
    ],
)
def test_relative_to_the_publication_date(expression: str, expected: str, precision: str) -> None:
    result = normalize_date(expression, SATURDAY)
    assert (result.status, result.iso(), result.precision) == ("resolved", expected, precision)
    assert result.expression == expression


def test_future_events_look_forward() -> None:
    assert normalize_date("on Monday", SATURDAY, future=True).iso() == "2024-04-08"
    assert normalize_date("on Monday", SATURDAY).iso() == "2024-04-01"


def test_without_a_publication_date_only_explicit_years_resolve() -> None:
    assert normalize_date("in 2017", None).iso() == "2017"
    assert normalize_date("November 2022", None).iso() == "2022-11"
    for expression in ("Friday", "since December", "yesterday", "last year"):
        result = normalize_date(expression, None)
        assert (result.status, result.value) == ("unresolved", None), expression


def test_no_expression_and_nonsense() -> None:
    assert normalize_date(None, SATURDAY).status == "absent"
    assert normalize_date("the other day", SATURDAY).status == "unresolved"
    assert normalize_date("hours before", SATURDAY).status == "unresolved"
