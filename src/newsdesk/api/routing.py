"""The route class of every ``/api/v1`` router: errors leave as ``{"detail", "code"}``.

Request validation errors (a bad query parameter) become one-line 422s and HTTP errors
raised by the API (401, 403, 413, 415) keep the same body shape, without a global exception
handler that the web pages would share.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

_SLUGS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
}


class ErrorBody(BaseModel):
    """Every error response of the API."""

    detail: str = Field(description="What failed and why, in one line.")
    code: str = Field(description="A stable snake_case slug (not_found, invalid_request, …).")


class ApiError(HTTPException):
    """An HTTP error with a stable ``code``."""

    def __init__(
        self, status_code: int, detail: str, *, code: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status_code=status_code, detail=detail, headers=headers)
        self.code = code


def error_response(
    status_code: int, detail: str, code: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"detail": detail, "code": code}, status_code=status_code, headers=headers)


def describe_errors(errors: Sequence[Any]) -> str:
    """Pydantic's validation errors in one line: ``limit: Input should be … (got '0')``."""
    parts = []
    for error in errors:
        where = ".".join(
            str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body", "header")
        )
        message = str(error.get("msg", "invalid"))
        given = error.get("input")
        shown = f" (got {given!r})" if isinstance(given, str | int | float) else ""
        parts.append(f"{where}: {message}{shown}" if where else message + shown)
    return "; ".join(parts) or "invalid request"


class ApiRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await handle(request)
            except RequestValidationError as err:
                return error_response(422, describe_errors(err.errors()), "invalid_request")
            except StarletteHTTPException as err:
                code = getattr(err, "code", None) or _SLUGS.get(err.status_code, "http_error")
                return error_response(err.status_code, str(err.detail), code, err.headers)

        return handler


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route can answer with."""
    meaning = {
        401: "Missing or wrong bearer token.",
        403: "Writes are disabled: no token is configured (NEWSDESK_TOKEN).",
        404: "No such resource.",
        413: "The request body is over api.max_body_bytes.",
        415: "The body is neither JSON nor JSONL.",
        422: "A parameter or the body is invalid (the detail says which and why).",
    }
    return {s: {"model": ErrorBody, "description": meaning[s]} for s in statuses}
