"""GET /api/v1/actors, /api/v1/actors/{id} and /api/v1/dyads."""

from __future__ import annotations

from fastapi.testclient import TestClient


def _actor_id(client: TestClient, name: str) -> str:
    found = client.get("/api/v1/actors", params={"q": name, "limit": 1000}).json()["items"]
    return str(next(a["actor_id"] for a in found if a["name"] == name))


def test_search_matches_names_and_aliases(api_client: TestClient) -> None:
    found = api_client.get("/api/v1/actors", params={"q": "mexic"}).json()["items"]
    assert found
    for actor in found:
        words = " ".join([actor["actor_id"], actor["name"], *actor["aliases"]]).lower()
        assert "mexic" in words
    names = [a["name"] for a in found]
    assert names == sorted(names)


def test_one_actor_with_its_events_either_side(api_client: TestClient) -> None:
    actor_id = _actor_id(api_client, "Mexico")
    body = api_client.get(f"/api/v1/actors/{actor_id}", params={"limit": 1000}).json()
    assert body["actor"]["actor_id"] == actor_id
    events = body["events"]["items"]
    assert events and body["events"]["next_cursor"] is None
    for event in events:
        ids = {p["actor_id"] for p in (event["actor"], event["recipient"]) if p}
        assert actor_id in ids
    as_recipient = [e for e in events if (e["recipient"] or {}).get("actor_id") == actor_id]
    assert as_recipient, "events where the actor is acted on count too"

    page = api_client.get(f"/api/v1/actors/{actor_id}", params={"limit": 2}).json()
    assert len(page["events"]["items"]) == 2 and page["events"]["next_cursor"]


def test_unknown_actor_is_404(api_client: TestClient) -> None:
    response = api_client.get("/api/v1/actors/act_00000000000000000000")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def _matching(client: TestClient, text: str) -> set[str]:
    found = client.get("/api/v1/actors", params={"q": text, "limit": 1000}).json()["items"]
    return {a["actor_id"] for a in found}


def test_dyad_events_go_both_ways_with_a_series(api_client: TestClient) -> None:
    params = {"actor": "Ecuador", "recipient": "Mexico", "limit": 1000}
    body = api_client.get("/api/v1/dyads", params=params).json()
    events = body["items"]
    assert events and body["n_events"] == len(events)
    ecuador, mexico = _matching(api_client, "Ecuador"), _matching(api_client, "Mexico")
    directions = set()
    for event in events:
        pair = (event["actor"]["actor_id"], event["recipient"]["actor_id"])
        forward = pair[0] in ecuador and pair[1] in mexico
        assert forward or (pair[0] in mexico and pair[1] in ecuador)
        directions.add(forward)
    assert directions == {True, False}, "both directions are in the dyad"

    series = body["series"]
    assert body["interval"] == "month"
    assert sum(p["n_events"] for p in series) + body["n_unplaced"] == body["n_events"]
    assert [p["period"] for p in series] == sorted(p["period"] for p in series)
    assert all(len(p["period"]) == 7 for p in series)
    scores = [e["score"] for e in events if e["score"] is not None]
    assert body["mean_score"] == round(sum(scores) / len(scores), 3)
    assert -10 <= body["mean_score"] <= 10


def test_dyad_by_day_and_reversed_sides(api_client: TestClient) -> None:
    forward = api_client.get(
        "/api/v1/dyads", params={"actor": "Ecuador", "recipient": "Mexico", "interval": "day"}
    ).json()
    backward = api_client.get(
        "/api/v1/dyads", params={"actor": "Mexico", "recipient": "Ecuador", "interval": "day"}
    ).json()
    assert forward["n_events"] == backward["n_events"]
    assert len(forward["series"]) == len(backward["series"]) > 0
    for ahead, back in zip(forward["series"], backward["series"], strict=True):
        assert ahead["period"] == back["period"] and len(ahead["period"]) == 10
        assert ahead["n_events"] == back["n_events"] == ahead["n_forward"] + ahead["n_reverse"]
        assert (ahead["n_forward"], ahead["mean_forward"]) == (
            back["n_reverse"],
            back["mean_reverse"],
        )
    assert any(p["n_forward"] for p in forward["series"])
    assert any(p["n_reverse"] for p in forward["series"])


def test_dyad_needs_both_sides(api_client: TestClient) -> None:
    response = api_client.get("/api/v1/dyads", params={"actor": "Ecuador"})
    assert response.status_code == 422
    assert "recipient" in response.json()["detail"]
