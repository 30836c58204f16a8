"""The ``/docs`` page: the application's OpenAPI document (``app.openapi()``) as a plain
list of endpoints, parameters, bodies, responses and schemas, rendered on the server.
FastAPI's own docs page loads Swagger UI from a CDN; this one works offline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    type: Markup
    description: str = ""
    default: str | None = None


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    tags: list[str]
    parameters: list[Parameter]
    body: Markup | None
    responses: list[tuple[str, str, Markup | None]]
    secured: bool


@dataclass
class Schema:
    name: str
    description: str
    fields: list[Parameter] = field(default_factory=list)
    type: Markup | None = None  # for schemas without properties (enums, aliases)


@dataclass
class ApiDoc:
    title: str
    version: str
    description: str
    operations: list[Operation]
    schemas: list[Schema]
    tags: list[str]


def describe(spec: dict[str, Any]) -> ApiDoc:
    """The parts of the OpenAPI ``spec`` the docs page lists, in path order."""
    operations = []
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            operations.append(_operation(method, path, op, shared, spec))
    schemas = [
        _schema(name, body) for name, body in spec.get("components", {}).get("schemas", {}).items()
    ]
    tags = list(dict.fromkeys(t for op in operations for t in op.tags))
    info = spec.get("info", {})
    return ApiDoc(
        title=str(info.get("title", "API")),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        operations=operations,
        schemas=sorted(schemas, key=lambda s: s.name.lower()),
        tags=tags,
    )


def _operation(
    method: str, path: str, op: dict[str, Any], shared: list[Any], spec: dict[str, Any]
) -> Operation:
    parameters = []
    for raw in [*shared, *op.get("parameters", [])]:
        param = _deref(raw, spec)
        schema = param.get("schema", {})
        default = schema.get("default")
        parameters.append(
            Parameter(
                name=str(param.get("name", "")),
                location=str(param.get("in", "")),
                required=bool(param.get("required", False)),
                type=type_html(schema),
                description=str(param.get("description") or schema.get("description") or ""),
                default=None if default is None else str(default),
            )
        )
    body = None
    request = op.get("requestBody")
    if request:
        content = _deref(request, spec).get("content", {})
        body = Markup(", ").join(
            Markup("{}: {}").format(kind, type_html(media.get("schema", {})))
            for kind, media in content.items()
        )
    responses = []
    for code, raw in op.get("responses", {}).items():
        response = _deref(raw, spec)
        content = response.get("content", {})
        shown = [type_html(m.get("schema", {})) for m in content.values() if m.get("schema")]
        responses.append(
            (str(code), str(response.get("description", "")), shown[0] if shown else None)
        )
    anchor = f"op-{method}-{path}".replace("/", "-").replace("{", "").replace("}", "")
    return Operation(
        method=method.upper(),
        path=path,
        anchor=anchor,
        summary=str(op.get("summary", "")),
        description=str(op.get("description", "")),
        tags=[str(t) for t in op.get("tags", [])],
        parameters=parameters,
        body=body,
        responses=responses,
        secured=bool(op.get("security")),
    )


def _schema(name: str, body: dict[str, Any]) -> Schema:
    required = set(body.get("required", []))
    fields = [
        Parameter(
            name=prop,
            location="",
            required=prop in required,
            type=type_html(sub),
            description=str(sub.get("description", "")),
            default=None if sub.get("default") is None else str(sub.get("default")),
        )
        for prop, sub in body.get("properties", {}).items()
    ]
    return Schema(
        name=name,
        description=str(body.get("description", "")),
        fields=fields,
        type=None if fields else type_html(body),
    )


def _deref(node: Any, spec: dict[str, Any]) -> dict[str, Any]:
    """``node`` with a local ``$ref`` followed (one level)."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        found: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            found = found.get(part, {}) if isinstance(found, dict) else {}
        return found if isinstance(found, dict) else {}
    return node if isinstance(node, dict) else {}


def type_html(schema: Any) -> Markup:
    """A short type: ``string``, ``integer | null``, ``array of <a>Event</a>``, ``one of
    "a", "b"``; schema names link to their entry on the page."""
    if not isinstance(schema, dict) or not schema:
        return Markup("any")
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        return Markup('<a href="#schema-{}">{}</a>').format(name, name)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return Markup(" | ").join(type_html(s) for s in schema[key])
    if "allOf" in schema:
        return Markup(" & ").join(type_html(s) for s in schema["allOf"])
    if "enum" in schema:
        return Markup("one of ") + Markup(", ").join(
            Markup("<code>{}</code>").format(str(v)) for v in schema["enum"]
        )
    kind = schema.get("type")
    if kind == "array":
        return Markup("array of ") + type_html(schema.get("items", {}))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return Markup("object of ") + type_html(schema["additionalProperties"])
    if isinstance(kind, list):
        return Markup(" | ").join(escape(str(k)) for k in kind)
    text = str(kind or "any")
    if schema.get("format"):
        text += f" ({schema['format']})"
    return Markup(escape(text))
