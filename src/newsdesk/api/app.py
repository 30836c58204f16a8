"""``create_app(settings)``: the FastAPI application behind ``newsdesk serve``.

JSON routes live under ``/api/v1`` (one router per resource in ``routers/``); the
server-rendered web UI (``newsdesk.web``) is mounted at ``/``. Errors from the library
map to HTTP as the house style says: ``NotFound`` → 404, input and config errors → 422,
anything else → 500, always with the body ``{"detail": message, "code": code}``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from newsdesk._version import __version__
from newsdesk.config import Settings, load_settings
from newsdesk.errors import ConfigError, InputError, NewsdeskError, NotFound
from newsdesk.store.postgres import display_url

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application over the database in ``settings.store.url``."""
    from newsdesk.desk import Desk

    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.desk.close()

    app = FastAPI(
        title="newsdesk",
        version=__version__,
        description="Articles, stories, merged events, actors and source comparisons "
        "from a newsdesk database.",
        lifespan=lifespan,
        docs_url=None,  # served offline by the web module, never from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.desk = Desk(settings=settings)

    @app.exception_handler(NewsdeskError)
    async def _newsdesk_error(_request: Request, err: NewsdeskError) -> JSONResponse:
        # The database's path is the server's business, not the client's.
        detail = err.message
        for shown in {settings.store.url, display_url(settings.store.url)} - {""}:
            detail = detail.replace(shown, "the database")
        return JSONResponse({"detail": detail, "code": err.code}, status_code=status_for(err))

    from newsdesk.api.routers import include_routers

    include_routers(app, prefix=API_PREFIX)
    from newsdesk.web.views import include_web

    include_web(app)
    return app


def status_for(err: NewsdeskError) -> int:
    if isinstance(err, NotFound):
        return 404
    if isinstance(err, InputError | ConfigError):
        return 422
    return 500
