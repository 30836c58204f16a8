"""Binning per-date event counts and scores into a dyad's time series."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.errors import InputError
from newsdesk.events.dyads import bin_series, next_period, overall_mean, period_label, period_start
from newsdesk.store.base import SeriesRow

ROWS = [
    SeriesRow(date(2024, 3, 5), "day", 2, 2, -6.0),
    SeriesRow(date(2024, 3, 20), "day", 1, 1, 3.0),
    SeriesRow(date(2024, 3, 1), "month", 1, 0, 0.0),
    SeriesRow(date(2024, 5, 2), "day", 1, 1, 7.0),
    SeriesRow(date(2017, 1, 1), "year", 1, 1, -10.0),
    SeriesRow(None, None, 2, 1, 4.0),
]


def test_months_take_day_and_month_dates_and_leave_the_rest_unplaced() -> None:
    points, unplaced = bin_series(ROWS, "month")
    assert [(p.period, p.n_events, p.n_scored, p.mean_score) for p in points] == [
        ("2024-03", 4, 3, -1.0),
        ("2024-05", 1, 1, 7.0),
    ]
    assert unplaced == 3  # the year-precision event and the two undated ones


def test_days_leave_out_month_precision() -> None:
    points, unplaced = bin_series(ROWS, "day")
    assert [p.period for p in points] == ["2024-03-05", "2024-03-20", "2024-05-02"]
    assert unplaced == 4


def test_years_take_every_dated_event() -> None:
    points, unplaced = bin_series(ROWS, "year")
    assert [(p.period, p.n_events) for p in points] == [("2017", 1), ("2024", 5)]
    assert unplaced == 2


def test_unscored_periods_have_no_mean() -> None:
    points, _ = bin_series([SeriesRow(date(2024, 1, 1), "day", 3, 0, 0.0)], "month")
    assert points[0].mean_score is None


def test_overall_mean_counts_every_scored_event() -> None:
    assert overall_mean(ROWS) == round((-6 + 3 + 7 - 10 + 4) / 6, 3)
    assert overall_mean([]) is None


def test_unknown_interval_is_an_input_error() -> None:
    with pytest.raises(InputError, match="interval 'decade'"):
        bin_series(ROWS, "decade")


def test_iso_weeks_take_day_dates_only() -> None:
    points, unplaced = bin_series(ROWS, "week")
    assert [(p.period, p.start) for p in points] == [
        ("2024-W10", date(2024, 3, 4)),
        ("2024-W12", date(2024, 3, 18)),
        ("2024-W18", date(2024, 4, 29)),
    ]
    assert unplaced == 4


def test_each_direction_is_binned_apart() -> None:
    forward = [SeriesRow(date(2024, 4, 1), "day", 2, 2, -6.0)]
    reverse = [SeriesRow(date(2024, 4, 2), "day", 1, 1, 3.0)]
    points, unplaced = bin_series([*forward, *reverse], "month", forward=forward, reverse=reverse)
    (april,) = points
    assert (april.n_events, april.mean_score) == (3, -1.0)
    assert (april.n_forward, april.mean_forward) == (2, -3.0)
    assert (april.n_reverse, april.mean_reverse) == (1, 3.0)
    assert unplaced == 0


def test_period_labels_and_steps_round_the_year() -> None:
    assert period_label(date(2024, 12, 30), "week") == "2025-W01"  # ISO week-year
    assert next_period(date(2024, 12, 1), "month") == date(2025, 1, 1)
    assert period_start(date(2024, 5, 17), "year") == date(2024, 1, 1)
