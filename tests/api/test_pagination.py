"""Pagination: ``limit`` and ``cursor`` walk every item exactly once, in order; bad
parameters are 422 with a one-line reason."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

KEYS = {
    "/api/v1/articles": "doc_id",
    "/api/v1/events": "event_id",
    "/api/v1/reports": "report_id",
    "/api/v1/actors": "actor_id",
    "/api/v1/stories": "story_id",
}


@pytest.mark.parametrize(("path", "key"), sorted(KEYS.items()))
def test_cursor_walks_every_item_once(api_client: TestClient, path: str, key: str) -> None:
    whole = api_client.get(path, params={"limit": 1000}).json()
    assert whole["next_cursor"] is None
    expected = [item[key] for item in whole["items"]]
    assert len(expected) >= 4
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        body = api_client.get(path, params=params).json()
        assert len(body["items"]) <= 3
        seen += [item[key] for item in body["items"]]
        cursor = body["next_cursor"]
        pages += 1
        if cursor is None:
            break
        assert pages < 1000
    assert seen == expected
    assert len(set(seen)) == len(seen)


def test_default_page_size_comes_from_the_settings(api_client: TestClient) -> None:
    body = api_client.get("/api/v1/events").json()
    assert len(body["items"]) == 50 and body["next_cursor"]


def test_filters_stay_applied_across_pages(api_client: TestClient) -> None:
    first = api_client.get("/api/v1/events", params={"country": "MEX", "limit": 2}).json()
    second = api_client.get(
        "/api/v1/events", params={"country": "MEX", "limit": 2, "cursor": first["next_cursor"]}
    ).json()
    for event in first["items"] + second["items"]:
        countries = {p["country"] for p in (event["actor"], event["recipient"]) if p}
        assert "MEX" in countries


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "api.max_page_size"),
        ({"limit": "many"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "bzotNQ"}, "cursor"),  # base64 of "o:-5"
        ({"since": "yesterday"}, "since"),
        ({"until": "2024-13-01"}, "until"),
        ({"min_sources": -1}, "min_sources"),
        ({"historical": "maybe"}, "historical"),
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_parameters_are_422_in_one_line(
    api_client: TestClient, params: dict, words: str
) -> None:
    response = api_client.get("/api/v1/events", params=params)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert words in body["detail"] and "\n" not in body["detail"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/stories", {"order": "oldest"}),
        ("/api/v1/dyads", {"actor": "a", "recipient": "b", "interval": "decade"}),
        ("/api/v1/articles", {"duplicates": "perhaps"}),
        ("/api/v1/stories/sty_x/timeline", {"limit": 0}),
    ],
)
def test_bad_parameters_elsewhere(api_client: TestClient, path: str, params: dict) -> None:
    response = api_client.get(path, params=params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
