"""PLOVER JSON and newsdesk JSON lines: one merged event a line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from export_fixtures import database

from newsdesk import Desk
from newsdesk.errors import ConfigError, ExportError, InputError
from newsdesk.export import export, export_formats
from newsdesk.model import Event, EventReport

PLOVER_KEYS = {
    "id",
    "has_event",
    "date",
    "source",
    "recipient",
    "event",
    "mode",
    "context",
    "event_loc",
    "event_text",
    "quad_code",
    "event_scale",
    "text_info",
    "cite_info",
    "coder",
}
NEWSDESK_KEYS = {
    "date_precision",
    "date_status",
    "cameo",
    "historical",
    "future",
    "story_id",
    "n_reports",
    "n_articles",
    "n_sources",
    "source_ids",
    "first_reported",
    "last_reported",
    "reports",
}
ACTOR_KEYS = {"code", "sector", "actor_text", "identifier_id", "identifier_text", "kind"}
LOCATION_KEYS = {
    "geonameid",
    "name",
    "latitude",
    "longitude",
    "feature_class",
    "country_code",
    "cc3",
    "kind",
    "text",
}


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    opened = Desk(database(tmp_path_factory))
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def records(desk: Desk, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    path = tmp_path_factory.mktemp("plover") / "events.jsonl"
    assert desk.export("plover", path).rows == {"events": 6}
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_plover_records_have_the_documented_keys(records: list[dict[str, Any]]) -> None:
    assert len(records) == 6
    for record in records:
        assert set(record) == PLOVER_KEYS | NEWSDESK_KEYS
        assert len(record["event"]) == 1 and record["event"][0].isupper()
        assert record["quad_code"] in (1, 2, 3, 4)
        for actor in record["source"] + record["recipient"]:
            assert set(actor) == ACTOR_KEYS
        if record["event_loc"] is not None:
            assert set(record["event_loc"]) == LOCATION_KEYS
        assert record["coder"].startswith("newsdesk ")


def test_plover_records_hold_the_event_with_its_evidence(
    records: list[dict[str, Any]], desk: Desk
) -> None:
    stored = {e.event_id: e for e in desk.merged_events(limit=None)}
    assert {r["id"] for r in records} == set(stored)
    visit = next(r for r in records if r["event"] == ["CONSULT"])
    assert visit["date"] == "2024-06-11" and visit["mode"] == "visit"
    assert visit["source"][0]["code"] == "FRA" and visit["recipient"][0]["code"] == "ROU"
    assert visit["event_loc"]["geonameid"] == 2988507 and visit["event_loc"]["country_code"] == "FR"
    assert visit["event_text"] == [
        "The French president met the Romanian prime minister in Paris on Tuesday."
    ]
    assert visit["cite_info"]["url"] == "https://lakepost.example/teachers"
    assert visit["cite_info"]["publication"] == "Lake Post"
    expulsion = next(r for r in records if r["cameo"] == "166")
    assert expulsion["n_sources"] == 2 and len(expulsion["reports"]) == 2
    for record in records:
        event = stored[record["id"]]
        assert record["event_scale"] == event.score and record["n_reports"] == event.n_reports
        for text, evidence in zip(record["event_text"], record["reports"], strict=True):
            assert evidence["trigger"] in text


def test_jsonl_lines_are_events_with_their_reports(desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    desk.export("jsonl", path)
    stored = {e.event_id: e for e in desk.merged_events(limit=None)}
    lines = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len(lines) == len(stored)
    for line in lines:
        reports = [EventReport.from_dict(r) for r in line.pop("reports")]
        event = Event.from_dict(line)
        assert event == stored[event.event_id]
        assert [r.report_id for r in reports] == list(event.report_ids)


def test_stdout_is_written_with_a_dash(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    export(desk, "plover", "-", since=date(2024, 6, 1))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert all(json.loads(line)["date"] >= "2024-06-01" for line in lines)


def test_exporting_again_replaces_the_file(desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    desk.export("jsonl", path)
    desk.export("jsonl", path, until=date(2024, 5, 31))
    assert len(path.read_text("utf-8").splitlines()) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]


def test_bad_requests_fail_with_one_line_errors(desk: Desk, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown"):
        desk.export("csv", tmp_path / "x")
    with pytest.raises(ExportError, match="is a folder"):
        desk.export("plover", tmp_path)
    with pytest.raises(ExportError, match="give a folder, not -"):
        desk.export("parquet", "-")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot"):
        desk.export("jsonl", blocker / "events.jsonl")
    with pytest.raises(ExportError, match="not a folder"):
        desk.export("gdelt", blocker)
    with pytest.raises(InputError, match="after"):
        desk.export("jsonl", tmp_path / "x.jsonl", since=date(2024, 6, 1), until=date(2024, 5, 1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_the_built_in_formats_are_registered() -> None:
    assert {"gdelt", "jsonl", "parquet", "plover"} <= set(export_formats())


def test_an_empty_database_gives_an_empty_file(tmp_path: Path) -> None:
    with Desk(tmp_path / "empty.db") as empty:
        assert empty.export("plover", tmp_path / "out.jsonl").rows == {"events": 0}
    assert (tmp_path / "out.jsonl").read_text() == ""
