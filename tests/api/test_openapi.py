"""``/openapi.json`` is the contract: compared with tests/golden/openapi.json, and every
record field and list parameter documented."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsdesk.model import Actor, Document, Event, EventReport, Story

LISTS = (
    "/api/v1/articles",
    "/api/v1/stories",
    "/api/v1/events",
    "/api/v1/reports",
    "/api/v1/actors",
    "/api/v1/dyads",
    "/api/v1/stories/{story_id}/timeline",
    "/api/v1/stories/{story_id}/quotes",
    "/api/v1/actors/{actor_id}",
)


@pytest.fixture(scope="module")
def spec(api_client: TestClient) -> dict[str, Any]:
    response = api_client.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def test_openapi_matches_the_golden_copy(
    spec: dict[str, Any], golden: Callable[[str, Any], None]
) -> None:
    golden("openapi.json", spec)


@pytest.mark.parametrize("record", [Document, Story, Event, EventReport, Actor])
def test_every_record_field_is_documented(spec: dict[str, Any], record: type) -> None:
    schema = spec["components"]["schemas"][record.__name__]
    assert set(schema["properties"]) == {f.name for f in dataclasses.fields(record)}
    assert schema.get("description"), "the record's docstring describes it"


@pytest.mark.parametrize("path", LISTS)
def test_list_endpoints_take_limit_and_cursor(spec: dict[str, Any], path: str) -> None:
    operation = spec["paths"][path]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"limit", "cursor"} <= names
    for parameter in operation["parameters"]:
        assert parameter.get("description"), f"{path}: {parameter['name']} has no description"


def test_errors_are_documented_with_one_shape(spec: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorBody"), (path, status)


def test_writes_document_the_token_and_both_body_types(spec: dict[str, Any]) -> None:
    post = spec["paths"]["/api/v1/articles"]["post"]
    assert post["security"] == [{"token": []}]
    assert spec["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    assert {"application/json", "application/x-ndjson"} <= set(post["requestBody"]["content"])
    assert {"201", "401", "403", "413", "415", "422"} <= set(post["responses"])


def test_no_page_loads_anything_from_a_cdn(api_client: TestClient) -> None:
    text = json.dumps(api_client.get("/openapi.json").json())
    assert "cdn" not in text.lower()
    assert api_client.get("/redoc").status_code == 404
