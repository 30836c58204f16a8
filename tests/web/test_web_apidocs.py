"""The offline API docs page's reading of an OpenAPI document."""

from __future__ import annotations

from newsdesk.web.apidocs import describe, type_html

THING = {"$ref": "#/components/schemas/Thing"}
NULLABLE_INT = {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": 50}
SPEC = {
    "info": {"title": "t", "version": "1", "description": "d"},
    "paths": {
        "/api/v1/things/{thing_id}": {
            "get": {
                "summary": "One thing",
                "tags": ["things"],
                "parameters": [
                    {"name": "thing_id", "in": "path", "required": True, "schema": {}},
                    {"name": "limit", "in": "query", "schema": NULLABLE_INT},
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": THING}},
                    },
                    "404": {"description": "Not found"},
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "properties": {
                    "names": {"type": "array", "items": {"type": "string"}},
                    "kind": {"enum": ["a", "<b>"]},
                },
                "required": ["names"],
            }
        }
    },
}


def test_operations_parameters_and_schemas() -> None:
    doc = describe(SPEC)
    (op,) = doc.operations
    assert (op.method, op.path, op.summary) == ("GET", "/api/v1/things/{thing_id}", "One thing")
    assert [(p.name, p.location, p.required) for p in op.parameters] == [
        ("thing_id", "path", True), ("limit", "query", False)
    ]  # fmt: skip
    assert str(op.parameters[1].type) == "integer | null" and op.parameters[1].default == "50"
    assert op.responses[0] == ("200", "OK", type_html({"$ref": "#/components/schemas/Thing"}))
    (thing,) = doc.schemas
    assert [(f.name, f.required) for f in thing.fields] == [("names", True), ("kind", False)]
    assert str(thing.fields[0].type) == "array of string"


def test_types_link_schemas_and_escape_values() -> None:
    assert (
        str(type_html({"$ref": "#/components/schemas/Event"}))
        == '<a href="#schema-Event">Event</a>'
    )
    assert "&lt;b&gt;" in str(type_html({"enum": ["<b>"]}))
    assert str(type_html({})) == "any"
