"""GET /api/v1/events (merged events) and /api/v1/reports (event reports)."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient


def _items(client: TestClient, path: str, **params: object) -> list[dict]:
    response = client.get(path, params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _sides(event: dict) -> list[dict]:
    return [p for p in (event["actor"], event["recipient"]) if p]


def test_events_are_newest_first(api_client: TestClient) -> None:
    events = _items(api_client, "/api/v1/events")
    assert len(events) > 50
    dated = [e["date"] for e in events if e["date"]]
    assert dated == sorted(dated, reverse=True)
    assert len({e["event_id"] for e in events}) == len(events)


def test_event_filters(api_client: TestClient) -> None:
    everything = _items(api_client, "/api/v1/events")
    accuse = _items(api_client, "/api/v1/events", type="accuse")
    assert accuse and all(e["event_type"] == "ACCUSE" for e in accuse)
    assert len(accuse) == sum(e["event_type"] == "ACCUSE" for e in everything)

    mexico = _items(api_client, "/api/v1/events", country="MEX")
    assert mexico and all("MEX" in {p["country"] for p in _sides(e)} for e in mexico)

    by_actor = _items(api_client, "/api/v1/events", actor="Ecuador")
    ecuador = {a["actor_id"] for a in _items(api_client, "/api/v1/actors", q="Ecuador")}
    assert by_actor and all(e["actor"]["actor_id"] in ecuador for e in by_actor)
    to_mexico = _items(api_client, "/api/v1/events", actor="Ecuador", recipient="Mexico")
    assert 0 < len(to_mexico) < len(by_actor)

    window = _items(api_client, "/api/v1/events", since="2023-07-20", until="2023-07-31")
    assert window and all("2023-07-20" <= e["date"] <= "2023-07-31" for e in window)

    wide = _items(api_client, "/api/v1/events", min_sources=2)
    assert wide and all(e["n_sources"] >= 2 for e in wide)
    assert len(wide) < len(everything)

    story_id = everything[0]["story_id"]
    in_story = _items(api_client, "/api/v1/events", story_id=story_id)
    assert in_story and all(e["story_id"] == story_id for e in in_story)

    mode = accuse[0]["mode"]
    with_mode = _items(api_client, "/api/v1/events", type="ACCUSE", mode=mode)
    assert with_mode and all(e["mode"] == mode for e in with_mode)


def test_reports_filters_and_evidence(api_client: TestClient) -> None:
    reports = _items(api_client, "/api/v1/reports")
    assert reports and not any(r["negated"] or r["hypothetical"] for r in reports)
    unreal = _items(api_client, "/api/v1/reports", unreal="true")
    assert len(unreal) > len(reports)

    doc_id = reports[0]["doc_id"]
    of_article = _items(api_client, "/api/v1/reports", article=doc_id)
    assert of_article and {r["doc_id"] for r in of_article} == {doc_id}
    article = api_client.get(f"/api/v1/articles/{doc_id}").json()["document"]
    for report in of_article:
        assert article["text"][report["trigger_start"] : report["trigger_end"]] == report["trigger"]

    events = _items(api_client, "/api/v1/events", min_sources=2)
    wide = _items(api_client, "/api/v1/reports", min_sources=2)
    assert {r["report_id"] for r in wide} <= {i for e in events for i in e["report_ids"]}
    assert wide

    story = api_client.get(f"/api/v1/stories/{events[0]['story_id']}").json()
    in_story = _items(api_client, "/api/v1/reports", story_id=story["story"]["story_id"])
    assert in_story and {r["doc_id"] for r in in_story} <= set(story["story"]["doc_ids"])


def test_events_csv(api_client: TestClient) -> None:
    response = api_client.get("/api/v1/events", params={"format": "csv", "limit": 1000})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    events = _items(api_client, "/api/v1/events")
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in events]
    first, event = rows[0], events[0]
    assert first["event_type"] == event["event_type"]
    assert first["n_sources"] == str(event["n_sources"])
    assert first["source_ids"].split(";") == event["source_ids"]
    assert "x-next-cursor" not in response.headers


def test_reports_csv(api_client: TestClient) -> None:
    response = api_client.get("/api/v1/reports", params={"format": "csv", "limit": 3})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 3
    assert {"report_id", "doc_id", "trigger", "actor_name", "score"} <= set(rows[0])
    assert response.headers["x-next-cursor"]


def test_csv_of_an_empty_page_still_has_its_header(api_client: TestClient) -> None:
    response = api_client.get("/api/v1/events", params={"format": "csv", "type": "NOSUCHTYPE"})
    reader = csv.reader(io.StringIO(response.text))
    header = next(reader)
    assert header[0] == "event_id" and list(reader) == []
