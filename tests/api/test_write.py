"""POST /api/v1/articles: auth, body limits, malformed bodies, and the pipeline run."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

TOKEN = "test-token-5b0c"  # as in conftest.py
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# Articles written for these tests (our own words).
STRIKE = {
    "title": "Dock workers strike in Valmora",
    "outlet": "Harbour Wire",
    "url": "https://harbourwire.example/valmora-strike",
    "published": "2024-05-02",
    "text": (
        "Dock workers in Valmora went on strike on Tuesday, the port union said. "
        "The port authority accused the union of blocking the harbour. "
        "Police arrested three union leaders on Wednesday, a spokesman said."
    ),
}
STRIKE_2 = {
    "title": "Valmora port strike enters second day",
    "outlet": "Coast Courier",
    "url": "https://coastcourier.example/strike-day-two",
    "published": "2024-05-03",
    "text": (
        "The strike by dock workers in Valmora entered a second day on Wednesday. "
        "Police arrested three union leaders at the harbour, the union said. "
        "The port authority accused the union of blocking ships."
    ),
}


def _post(client: TestClient, body: object, **headers: str) -> object:
    return client.post("/api/v1/articles", json=body, headers=AUTH | headers)


def test_post_runs_the_pipeline_and_get_finds_article_and_story(
    write_client: TestClient,
) -> None:
    response = write_client.post("/api/v1/articles", json=[STRIKE, STRIKE_2], headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["ingest"]["stored"] == 2 and body["ingest"]["failed"] == 0
    assert body["extract"]["extracted"] == 2 and body["extract"]["events"] > 0
    new_ids = body["article_ids"]
    assert len(new_ids) == 2 and set(body["story_ids"]) == set(new_ids)

    article = write_client.get(f"/api/v1/articles/{new_ids[0]}").json()
    assert article["article"]["url"] == STRIKE["url"]
    assert article["document"]["title"] == STRIKE["title"]
    assert article["article"]["origin"].startswith("api:")
    story_id = body["story_ids"][new_ids[0]]
    assert article["story_id"] == story_id
    story = write_client.get(f"/api/v1/stories/{story_id}").json()
    assert new_ids[0] in story["story"]["doc_ids"]
    events = write_client.get("/api/v1/events", params={"story_id": story_id}).json()["items"]
    assert events and all(e["story_id"] == story_id for e in events)


def test_jsonl_body_and_a_repeat_is_200_with_nothing_new(write_client: TestClient) -> None:
    data = (json.dumps(STRIKE) + "\n\n" + json.dumps(STRIKE_2) + "\n").encode()
    headers = AUTH | {"Content-Type": "application/x-ndjson"}
    first = write_client.post("/api/v1/articles", content=data, headers=headers)
    assert first.status_code == 201 and len(first.json()["article_ids"]) == 2
    headers["Content-Type"] = "application/jsonl"
    again = write_client.post("/api/v1/articles", content=data, headers=headers)
    assert again.status_code == 200
    body = again.json()
    assert body["article_ids"] == [] and body["ingest"]["already_stored"] == 2
    assert set(body["story_ids"]) == set(first.json()["article_ids"])


def test_no_token_configured_refuses_every_write(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client()  # api.token is empty by default
    response = client.post("/api/v1/articles", json=STRIKE, headers=AUTH)
    assert response.status_code == 403
    assert response.json()["code"] == "writes_disabled"
    assert "NEWSDESK_TOKEN" in response.json()["detail"]
    assert client.get("/api/v1/articles").json()["items"] == []


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
     {"Authorization": f"Bearer {TOKEN}x"}],
)  # fmt: skip
def test_missing_or_wrong_token_is_401(write_client: TestClient, headers: dict) -> None:
    response = write_client.post("/api/v1/articles", json=STRIKE, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["code"] == "unauthorized"
    assert write_client.get("/api/v1/articles").json()["items"] == []


def test_body_over_the_limit_is_413(write_client: TestClient) -> None:
    big = STRIKE | {"text": STRIKE["text"] + " More words." * 3000}
    response = _post(write_client, big)
    assert response.status_code == 413
    assert "api.max_body_bytes" in response.json()["detail"]


def test_the_limit_holds_without_content_length(write_client: TestClient) -> None:
    """A chunked body that never says its length is cut off while it is read."""

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(50):
            yield b"x" * 1000
        yield b'"}'

    response = write_client.post(
        "/api/v1/articles",
        content=chunks(),
        headers=AUTH | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("content", "content_type", "words"),
    [
        (b'{"text": "unterminated', "application/json", "invalid JSON"),
        (b"[1, 2]", "application/json", "expected a JSON object"),
        (b'{"title": "no text here"}', "application/json", "no 'text'"),
        (b"[]", "application/json", "empty"),
        (b"   ", "application/json", "empty"),
        (b'{"text": "fine enough"}\n{oops\n', "application/x-ndjson", "line 2"),
        (b'{"text": "a", "published": "someday"}', "application/json", "date"),
    ],
)
def test_malformed_bodies_are_422_and_store_nothing(
    write_client: TestClient, content: bytes, content_type: str, words: str
) -> None:
    response = write_client.post(
        "/api/v1/articles", content=content, headers=AUTH | {"Content-Type": content_type}
    )
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert words in detail and "\n" not in detail
    assert write_client.get("/api/v1/articles").json()["items"] == []


def test_other_content_types_are_415(write_client: TestClient) -> None:
    response = write_client.post(
        "/api/v1/articles", content=b"text", headers=AUTH | {"Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_concurrent_writes_are_serialised_and_all_stored(write_client: TestClient) -> None:
    statuses: list[int] = []

    def post(article: dict) -> None:
        statuses.append(_post(write_client, article).status_code)

    threads = [threading.Thread(target=post, args=(a,)) for a in (STRIKE, STRIKE_2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 201]
    stored = write_client.get("/api/v1/articles").json()["items"]
    assert {d["title"] for d in stored} == {STRIKE["title"], STRIKE_2["title"]}
