"""GET /api/v1/articles and /api/v1/articles/{id} over the example corpus."""

from __future__ import annotations

import csv
import io
from datetime import date

from fastapi.testclient import TestClient


def _all(client: TestClient, path: str, **params: object) -> list[dict]:
    response = client.get(path, params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next_cursor"] is None
    return body["items"]


def test_list_is_newest_first_with_every_document(api_client: TestClient) -> None:
    items = _all(api_client, "/api/v1/articles")
    assert len(items) == 18
    dated = [i["pub_date"] for i in items if i["pub_date"]]
    assert dated == sorted(dated, reverse=True)
    assert items[-1]["pub_date"] is None  # undated last
    assert {"doc_id", "text", "sentences", "source_id", "duplicate_of"} <= set(items[0])


def test_filters_outlet_dates_language_and_duplicates(api_client: TestClient) -> None:
    outlet = _all(api_client, "/api/v1/articles", outlet="sahelmonitor.example")
    assert len(outlet) == 4 and {i["source_id"] for i in outlet} == {"sahelmonitor.example"}
    window = _all(api_client, "/api/v1/articles", since="2023-07-19", until="2023-07-28")
    assert window and all(
        date(2023, 7, 19) <= date.fromisoformat(i["pub_date"]) <= date(2023, 7, 28) for i in window
    )
    spanish = _all(api_client, "/api/v1/articles", lang="es")
    assert [i["lang"] for i in spanish] == ["es"]
    originals = _all(api_client, "/api/v1/articles", duplicates="false")
    assert len(originals) == 17 and all(i["duplicate_of"] is None for i in originals)


def test_full_text_search(api_client: TestClient) -> None:
    found = _all(api_client, "/api/v1/articles", q="ECOWAS standby")
    assert found
    for item in found:
        text = (item["title"] or "") + item["text"]
        assert "ECOWAS" in text and "standby" in text
    assert _all(api_client, "/api/v1/articles", q="zyxwvutsrq") == []


def test_one_article_with_document_sentences_source_and_story(api_client: TestClient) -> None:
    first = _all(api_client, "/api/v1/articles", lang="es")[0]
    response = api_client.get(f"/api/v1/articles/{first['doc_id']}")
    assert response.status_code == 200
    body = response.json()
    assert body["article"]["article_id"] == first["doc_id"]
    assert body["article"]["raw"]
    document = body["document"]
    assert document["sentences"], "sentence offsets are part of the document"
    for start, end in document["sentences"]:
        assert 0 <= start < end <= len(document["text"])
    assert body["source"]["source_id"] == document["source_id"]
    assert body["story_id"].startswith("sty_")


def test_a_unique_prefix_finds_the_article(api_client: TestClient) -> None:
    doc_id = _all(api_client, "/api/v1/articles", lang="es")[0]["doc_id"]
    response = api_client.get(f"/api/v1/articles/{doc_id[:12]}")
    assert response.status_code == 200
    assert response.json()["article"]["article_id"] == doc_id


def test_unknown_article_is_404_without_the_database_path(
    api_client: TestClient, example_db: object
) -> None:
    response = api_client.get("/api/v1/articles/art_00000000000000000000")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert str(example_db) not in body["detail"]


def test_path_like_ids_are_just_not_found(api_client: TestClient) -> None:
    for path in (
        "/api/v1/articles/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/articles/%2E%2E",
        "/api/v1/articles/..%5C..%5Cwindows",
        "/api/v1/stories/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/actors/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    ):
        response = api_client.get(path)
        assert response.status_code == 404, path
        assert "root:" not in response.text


def test_csv_parses_with_the_csv_module(api_client: TestClient) -> None:
    response = api_client.get("/api/v1/articles", params={"format": "csv", "limit": 5})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 5
    assert rows[0]["doc_id"].startswith("art_") and int(rows[0]["n_sentences"]) > 0
    assert response.headers["x-next-cursor"]
    assert 'rel="next"' in response.headers["link"]
