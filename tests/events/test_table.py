"""Merged events as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from newsdesk.events.table import EVENT_COLUMNS, csv_lines, write_events_csv
from newsdesk.model import Event, Participant, Place


def test_rows_round_trip_through_csv() -> None:
    event = Event(
        event_id="evt_1",
        event_type="PROTEST",
        mode="demonstrate",
        score=-6.5,
        actor=Participant(
            text="=HYPERLINK(1)", start=0, end=1, actor_id="act_x", name="=HYPERLINK(1)"
        ),
        place=Place(name="Quito", kind="city", country="ECU", latitude=-0.22, longitude=-78.5),
        date=date(2024, 4, 5),
        date_precision="month",
        source_ids=("a.example", "b.example"),
        n_sources=2,
    )
    handle = io.StringIO()
    assert write_events_csv([event, event], handle) == 2
    rows = list(csv.DictReader(io.StringIO(handle.getvalue())))
    assert tuple(rows[0]) == EVENT_COLUMNS and len(rows) == 2
    row = rows[0]
    assert row["date"] == "2024-04" and row["score"] == "-6.5" and row["n_sources"] == "2"
    assert row["actor_name"] == "'=HYPERLINK(1)"  # a spreadsheet would run it as a formula
    assert row["place"] == "Quito" and row["latitude"] == "-0.22"
    assert row["source_ids"] == "a.example;b.example" and row["historical"] == "false"
    assert row["recipient_id"] == ""


def test_an_empty_list_is_a_header() -> None:
    assert "".join(csv_lines([])).strip() == ",".join(EVENT_COLUMNS)
