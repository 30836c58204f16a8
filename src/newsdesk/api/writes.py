"""What write routes share: the bearer token check and reading a size-limited body
(``workers.run_write`` runs the work itself)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from newsdesk.api.routing import ApiError

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="The server's token (setting api.token, env NEWSDESK_TOKEN); write routes "
    "only. With no token configured every write is refused (403).",
)

JSON_TYPES = frozenset({"application/json"})
JSONL_TYPES = frozenset(
    {
        "application/x-ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/jsonlines",
        "application/json-lines",
    }
)


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """Let the request through only with ``Authorization: Bearer <api.token>``."""
    token: str = request.app.state.settings.api.token
    if not token:
        raise ApiError(
            403,
            "writes are disabled on this server: set NEWSDESK_TOKEN (setting api.token) "
            "and restart it",
            code="writes_disabled",
        )
    if credentials is None:
        raise ApiError(
            401,
            "missing token: send the header 'Authorization: Bearer <token>'",
            code="unauthorized",
            headers={"WWW-Authenticate": 'Bearer realm="newsdesk"'},
        )
    if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        raise ApiError(
            401,
            "wrong token",
            code="unauthorized",
            headers={"WWW-Authenticate": 'Bearer realm="newsdesk", error="invalid_token"'},
        )


def body_format(content_type: str | None) -> str:
    """``json`` or ``jsonl`` from the Content-Type header; a 415 for anything else."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in JSON_TYPES or (media.startswith("application/") and media.endswith("+json")):
        return "json"
    if media in JSONL_TYPES:
        return "jsonl"
    raise ApiError(
        415,
        f"content type {media or '(none)'!r}: send application/json (an object or a list) "
        "or application/x-ndjson (one object a line)",
        code="unsupported_media_type",
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes (whatever
    Content-Length says)."""
    too_large = ApiError(
        413,
        f"request body over the limit of {limit:,} bytes (setting api.max_body_bytes); "
        "send fewer articles per request",
        code="too_large",
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise too_large
    return bytes(data)
