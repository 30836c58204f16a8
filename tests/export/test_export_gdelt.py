"""GDELT 2.0 export: the Event and Mentions tables' columns, values and offsets."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from export_fixtures import database

from newsdesk import Desk
from newsdesk.export import export
from newsdesk.export.codes import gdelt_event_id
from newsdesk.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS

INT_EVENT_COLUMNS = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "IsRootEvent",
    "QuadClass",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "Actor1Geo_Type",
    "Actor2Geo_Type",
    "ActionGeo_Type",
    "DATEADDED",
)
FLOAT_EVENT_COLUMNS = ("FractionDate", "GoldsteinScale", "ActionGeo_Lat", "ActionGeo_Long")
INT_MENTION_COLUMNS = (
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    opened = Desk(database(tmp_path_factory))
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def tables(desk: Desk, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    out = tmp_path_factory.mktemp("gdelt")
    report = desk.export("gdelt", out)
    assert report.rows == {"events": 6, "mentions": 7}
    return {name: _read(out / f"{name}.tsv") for name in ("events", "mentions")}


def _lines(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _read(path: Path) -> list[dict[str, str]]:
    header, *rows = _lines(path)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_column_lists_are_gdelts() -> None:
    assert len(EVENT_COLUMNS) == 61 and len(set(EVENT_COLUMNS)) == 61
    assert EVENT_COLUMNS[:6] == (
        "GlobalEventID",
        "Day",
        "MonthYear",
        "Year",
        "FractionDate",
        "Actor1Code",
    )
    assert EVENT_COLUMNS[15] == "Actor2Code" and EVENT_COLUMNS[24] == "Actor2Type3Code"
    assert EVENT_COLUMNS[25:35] == (
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    )
    assert EVENT_COLUMNS[35:43] == (
        "Actor1Geo_Type",
        "Actor1Geo_FullName",
        "Actor1Geo_CountryCode",
        "Actor1Geo_ADM1Code",
        "Actor1Geo_ADM2Code",
        "Actor1Geo_Lat",
        "Actor1Geo_Long",
        "Actor1Geo_FeatureID",
    )
    assert EVENT_COLUMNS[51] == "ActionGeo_Type" and EVENT_COLUMNS[-2:] == (
        "DATEADDED",
        "SOURCEURL",
    )
    assert len(MENTION_COLUMNS) == 16 and MENTION_COLUMNS[6] == "SentenceID"


def test_files_have_the_header_and_the_same_number_of_fields_on_every_row(
    desk: Desk, tmp_path: Path
) -> None:
    desk.export("gdelt", tmp_path)
    events, mentions = _lines(tmp_path / "events.tsv"), _lines(tmp_path / "mentions.tsv")
    assert tuple(events[0]) == EVENT_COLUMNS and tuple(mentions[0]) == MENTION_COLUMNS
    assert {len(row) for row in events} == {61}
    assert {len(row) for row in mentions} == {16}


def test_numeric_columns_parse(tables: dict[str, list[dict[str, str]]]) -> None:
    for row in tables["events"]:
        for name in INT_EVENT_COLUMNS:
            int(row[name])
        for name in FLOAT_EVENT_COLUMNS:
            if row[name]:
                float(row[name])
        assert 1 <= int(row["QuadClass"]) <= 4
        assert -10 <= float(row["GoldsteinScale"]) <= 10
        assert row["Day"].startswith(row["MonthYear"]) and row["MonthYear"].startswith(row["Year"])
    for row in tables["mentions"]:
        for name in INT_MENTION_COLUMNS:
            int(row[name])
        assert 0 <= int(row["Confidence"]) <= 100


def test_cameo_codes_stay_strings_with_their_leading_zeros(
    tables: dict[str, list[dict[str, str]]], desk: Desk
) -> None:
    visit = next(r for r in tables["events"] if r["Actor1CountryCode"] == "FRA")
    assert (visit["EventCode"], visit["EventBaseCode"], visit["EventRootCode"]) == (
        "042",
        "042",
        "04",
    )
    stored = {gdelt_event_id(e.event_id): e for e in desk.merged_events(limit=None)}
    for row in tables["events"]:
        event = stored[int(row["GlobalEventID"])]
        assert row["EventCode"] == event.cameo
        assert row["EventBaseCode"] == event.cameo[:3] and row["EventRootCode"] == event.cameo[:2]


def test_events_carry_the_merged_counts_codes_and_place(
    tables: dict[str, list[dict[str, str]]], desk: Desk
) -> None:
    stored = {gdelt_event_id(e.event_id): e for e in desk.merged_events(limit=None)}
    assert {int(r["GlobalEventID"]) for r in tables["events"]} == set(stored)
    for row in tables["events"]:
        event = stored[int(row["GlobalEventID"])]
        assert int(row["NumMentions"]) == event.n_reports
        assert int(row["NumSources"]) == event.n_sources
        assert int(row["NumArticles"]) == event.n_articles
        assert int(row["QuadClass"]) == event.quad
        assert row["Day"] == event.date.strftime("%Y%m%d")
    expulsion = next(r for r in tables["events"] if r["EventCode"] == "166")
    assert expulsion["Actor1Code"] == "KENGOV" and expulsion["Actor2CountryCode"] == "SOM"
    assert (expulsion["NumMentions"], expulsion["NumSources"]) == ("2", "2")
    assert expulsion["SOURCEURL"].startswith("https://")
    assert expulsion["IsRootEvent"] == "1"  # the first sentence of both articles
    visit = next(r for r in tables["events"] if r["EventCode"] == "042")
    assert visit["ActionGeo_Type"] == "4" and visit["ActionGeo_FullName"] == "Paris, France"
    assert visit["ActionGeo_CountryCode"] == "FR" and visit["ActionGeo_FeatureID"] == "2988507"
    assert abs(float(visit["ActionGeo_Lat"]) - 48.85) < 0.01
    assert visit["Actor1Geo_Type"] == "0" and visit["Actor1Geo_FullName"] == ""
    assert visit["AvgTone"] == "" and visit["DATEADDED"] == "20240612000000"


def test_romania_gets_its_cameo_country_code(tables: dict[str, list[dict[str, str]]]) -> None:
    codes = {r[f"Actor{n}CountryCode"] for r in tables["events"] for n in (1, 2)}
    assert "ROM" in codes and "ROU" not in codes
    critic = next(r for r in tables["events"] if r["EventCode"] == "111")
    assert critic["Actor1Code"] == "ROMGOV" and critic["Actor1Type1Code"] == "GOV"


def test_mentions_point_at_the_actor_recipient_and_trigger_in_the_document(
    tables: dict[str, list[dict[str, str]]], desk: Desk
) -> None:
    documents = {d.doc_id: d for d in desk.articles(limit=None)}
    urls = {desk.article(d).article.url: d for d in documents}
    reports = {
        (r.doc_id, r.trigger_start): r for r in desk.store.reports_of_documents(list(documents))
    }
    per_event = Counter(r["GlobalEventID"] for r in tables["mentions"])
    assert per_event == {r["GlobalEventID"]: int(r["NumMentions"]) for r in tables["events"]}
    for row in tables["mentions"]:
        doc_id = urls[row["MentionIdentifier"]]
        text = documents[doc_id].text
        report = reports[(doc_id, int(row["ActionCharOffset"]))]
        assert text[int(row["ActionCharOffset"]) :].startswith(report.trigger)
        assert int(row["SentenceID"]) == report.sentence + 1
        start, end = documents[doc_id].sentences[int(row["SentenceID"]) - 1]
        assert start <= int(row["ActionCharOffset"]) < end
        for column, who in (
            ("Actor1CharOffset", report.actor),
            ("Actor2CharOffset", report.recipient),
        ):
            if who is None:
                assert row[column] == "-1"
            else:
                assert text[int(row[column]) :].startswith(who.text)
        assert int(row["MentionDocLen"]) == len(text)
        assert row["MentionType"] == "1" and row["MentionSourceName"].endswith(".example")


def test_no_header_writes_only_data_rows(desk: Desk, tmp_path: Path) -> None:
    desk.export("gdelt", tmp_path, header=False)
    events = _lines(tmp_path / "events.tsv")
    assert len(events) == 6 and all(int(row[0]) > 0 for row in events)


def test_since_and_until_filter_on_the_event_date(desk: Desk, tmp_path: Path) -> None:
    report = desk.export("gdelt", tmp_path, since=date(2024, 6, 1), until=date(2024, 6, 30))
    rows = _read(tmp_path / "events.tsv")
    assert report.rows["events"] == len(rows) == 2
    assert all("20240601" <= r["Day"] <= "20240630" for r in rows)
    mentions = _read(tmp_path / "mentions.tsv")
    assert {m["GlobalEventID"] for m in mentions} == {r["GlobalEventID"] for r in rows}


def test_paging_does_not_change_the_output(desk: Desk, tmp_path: Path) -> None:
    export(desk, "gdelt", tmp_path / "one", page_size=1)
    export(desk, "gdelt", tmp_path / "all")
    for name in ("events.tsv", "mentions.tsv"):
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "all" / name).read_text()


def test_exporting_again_replaces_the_files(desk: Desk, tmp_path: Path) -> None:
    desk.export("gdelt", tmp_path)
    first = (tmp_path / "events.tsv").read_text()
    desk.export("gdelt", tmp_path)
    assert (tmp_path / "events.tsv").read_text() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.tsv", "mentions.tsv"]


def test_an_empty_database_gives_header_only_files(tmp_path: Path) -> None:
    with Desk(tmp_path / "empty.db") as empty:
        report = empty.export("gdelt", tmp_path / "out")
    assert report.rows == {"events": 0, "mentions": 0}
    assert _lines(tmp_path / "out" / "events.tsv") == [list(EVENT_COLUMNS)]
    assert _lines(tmp_path / "out" / "mentions.tsv") == [list(MENTION_COLUMNS)]
