"""GET /api/v1/stories and one story's detail, comparison, timeline, quotes and brief."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def story_id(api_client: TestClient) -> str:
    """The story with the most outlets."""
    items = api_client.get("/api/v1/stories", params={"order": "sources"}).json()["items"]
    return str(items[0]["story_id"])


def test_list_orders_and_filters(api_client: TestClient) -> None:
    newest = api_client.get("/api/v1/stories").json()["items"]
    assert len(newest) == 4
    seen = [s["last_seen"] for s in newest]
    assert seen == sorted(seen, reverse=True)
    by_sources = api_client.get("/api/v1/stories", params={"order": "sources"}).json()["items"]
    counts = [s["n_sources"] for s in by_sources]
    assert counts == sorted(counts, reverse=True)
    several = api_client.get("/api/v1/stories", params={"min_sources": 2}).json()["items"]
    assert several and all(s["n_sources"] >= 2 for s in several)
    assert len(several) < len(newest)
    recent = api_client.get("/api/v1/stories", params={"since": "2024-01-01"}).json()["items"]
    assert recent and all(s["last_seen"] >= "2024-01-01" for s in recent)


def test_story_has_events_articles_and_outlets(api_client: TestClient, story_id: str) -> None:
    body = api_client.get(f"/api/v1/stories/{story_id}").json()
    story = body["story"]
    assert story["story_id"] == story_id
    assert [a["doc_id"] for a in body["articles"]] == story["doc_ids"]
    assert len(body["sources"]) == story["n_sources"] >= 2
    assert {a["counts_as"] for a in body["articles"]} == set(body["sources"])
    assert len(body["events"]) == story["n_events"] > 0
    assert all(e["story_id"] == story_id for e in body["events"])
    assert "text" not in body["articles"][0]


def test_comparison_timeline_quotes_and_brief(api_client: TestClient, story_id: str) -> None:
    comparison = api_client.get(f"/api/v1/stories/{story_id}/comparison").json()
    assert comparison["story_id"] == story_id and len(comparison["sources"]) >= 2
    assert comparison["events"] and comparison["events"][0]["reported_by"]

    timeline = api_client.get(f"/api/v1/stories/{story_id}/timeline", params={"limit": 1000})
    entries = timeline.json()["items"]
    assert entries and all(e["citations"] for e in entries)
    dated = [e["date"] for e in entries if e["date"]]
    assert dated == sorted(dated)

    quotes = api_client.get(f"/api/v1/stories/{story_id}/quotes", params={"limit": 2}).json()
    assert len(quotes["items"]) == 2 and quotes["next_cursor"]
    assert all(q["kind"] in {"direct", "mixed", "indirect"} for q in quotes["items"])

    brief = api_client.get(f"/api/v1/stories/{story_id}/brief").json()
    assert brief["story_id"] == story_id and brief["headline"]["text"]
    assert brief["sentences"] and all(s["citations"] for s in brief["sentences"])


def test_brief_citations_point_into_the_article_text(api_client: TestClient, story_id: str) -> None:
    brief = api_client.get(f"/api/v1/stories/{story_id}/brief").json()
    citation = brief["sentences"][0]["citations"][0]
    article = api_client.get(f"/api/v1/articles/{citation['doc_id']}").json()
    quoted = article["document"]["text"][citation["start"] : citation["end"]]
    assert quoted.strip()


def test_a_story_prefix_works_and_unknown_stories_are_404(
    api_client: TestClient, story_id: str
) -> None:
    assert api_client.get(f"/api/v1/stories/{story_id[:10]}").status_code == 200
    for sub in ("", "/comparison", "/timeline", "/quotes", "/brief"):
        response = api_client.get(f"/api/v1/stories/sty_ffffffffffffffffffff{sub}")
        assert response.status_code == 404, sub
        assert response.json()["code"] == "not_found"


def test_stories_csv(api_client: TestClient) -> None:
    response = api_client.get("/api/v1/stories", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 4 and all(r["story_id"].startswith("sty_") for r in rows)
