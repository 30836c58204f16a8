"""Records as flat CSV tables (shared by the HTTP API and the web UI)."""

from __future__ import annotations

import csv
import io
from datetime import date

from newsdesk.export.tables import EVENTS, STORIES, csv_cell, csv_lines
from newsdesk.model import Event, Participant, Place, Story


def test_event_rows_round_trip_through_csv() -> None:
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
    rows = list(csv.DictReader(io.StringIO("".join(csv_lines([event, event], EVENTS)))))
    assert list(rows[0]) == EVENTS.columns and len(rows) == 2
    row = rows[0]
    assert row["date"] == "2024-04" and row["score"] == "-6.5" and row["n_sources"] == "2"
    assert row["actor_name"] == "'=HYPERLINK(1)"  # a spreadsheet would run it as a formula
    assert row["place_name"] == "Quito" and row["latitude"] == "-0.22"
    assert row["source_ids"] == "a.example;b.example" and row["historical"] == "false"
    assert row["recipient_id"] == ""


def test_an_empty_list_is_a_header() -> None:
    assert "".join(csv_lines([], STORIES)).strip() == ",".join(STORIES.columns)
    assert "".join(csv_lines([Story(story_id="sty_1")], STORIES)).count("\r\n") == 2


def test_numbers_keep_their_sign_and_formulas_are_defused() -> None:
    assert csv_cell(-3) == "-3" and csv_cell("-2.5") == "-2.5" and csv_cell("+1e3") == "+1e3"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)" and csv_cell("-cmd") == "'-cmd"
    assert csv_cell(None) == "" and csv_cell(True) == "true"
    assert csv_cell(("a", "b")) == "a;b" and csv_cell(date(2024, 1, 2)) == "2024-01-02"
