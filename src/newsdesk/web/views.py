"""Web pages. ``include_web(app)`` mounts the pages and the static files.

Every page reads through the Python API (``Desk``); ``pages.py`` and ``explore.py`` gather
what a page shows and the templates lay it out (autoescaping always on). Library errors
become an HTML error page with the same status the JSON API uses (``NotFound`` → 404,
input and config errors → 422). Pages are not part of the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, cast

import plotly
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk._version import __version__
from newsdesk.api.app import API_PREFIX, status_for
from newsdesk.api.deps import get_desk
from newsdesk.desk import Desk
from newsdesk.errors import NewsdeskError
from newsdesk.events.dyads import INTERVALS as PERIODS
from newsdesk.web import apidocs, explore, pages, params

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
STORY_ORDERS = ("newest", "sources")
PLOTLY_URL = f"/static/plotly.min.js?v={plotly.__version__}"
DeskDep = Annotated[Desk, Depends(get_desk)]


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("newsdesk.web", "templates"),
        autoescape=True,  # always, whatever the file name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        version=__version__,
        plotly_url=PLOTLY_URL,
        query_string=params.query_string,
        cite_url=pages.cite_url,
    )
    return Jinja2Templates(env=env)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates().TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    titles = {404: "Not found", 422: "Cannot show this", 500: "Something went wrong"}
    return render(
        request,
        "error.html",
        status_code=status_code,
        status=status_code,
        heading=titles.get(status_code, "Error"),
        message=message,
    )


class WebRoute(APIRoute):
    """A page route: library errors become an HTML error page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except NewsdeskError as err:
                return error_page(request, status_for(err), err.message)

        return route


router = APIRouter(route_class=WebRoute, include_in_schema=False)


# -- stories -------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def stories_view(
    request: Request,
    desk: DeskDep,
    since: str | None = None,
    min_sources: str | None = None,
    order: str | None = None,
    page: str | None = None,
) -> HTMLResponse:
    day = params.iso_date("since", since)
    least = params.integer("min_sources", min_sources, default=0, high=10_000)
    chosen = params.choice("order", order, STORY_ORDERS, default="newest")
    at = params.page(page, desk.settings.api.page_size)
    found = pages.stories_page(desk, since=day, min_sources=least, order=chosen, page=at)
    query = {
        "since": day,
        "min_sources": least or None,
        "order": None if chosen == "newest" else chosen,
    }
    return render(
        request,
        "stories.html",
        page=at,
        params=query,
        since=day,
        min_sources=least,
        order=chosen,
        **found,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_view(request: Request, desk: DeskDep, story_id: str) -> HTMLResponse:
    story_pages: pages.StoryPages = request.app.state.story_pages
    return render(request, "story.html", **story_pages.get(desk, story_id))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_view(
    request: Request, desk: DeskDep, article_id: str, hl: str | None = None
) -> HTMLResponse:
    return render(request, "article.html", **pages.article_page(desk, article_id, params.span(hl)))


@router.get("/search", response_class=HTMLResponse)
def search_view(
    request: Request, desk: DeskDep, q: str | None = None, page: str | None = None
) -> HTMLResponse:
    at = params.page(page, desk.settings.api.page_size)
    found = pages.search_page(desk, params.text(q), at)
    return render(request, "search.html", page=at, params={"q": found["q"]}, **found)


# -- events --------------------------------------------------------------------------------


def event_filters(
    event_type: str | None = None,
    mode: str | None = None,
    actor: str | None = None,
    recipient: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_sources: str | None = None,
) -> explore.EventFilters:
    """The explorer's filters from the query string (checked: bad values raise)."""
    kind = params.text(event_type)
    return explore.EventFilters(
        event_type=kind.upper() if kind else None,
        mode=(params.text(mode) or "").lower() or None,
        actor=params.text(actor),
        recipient=params.text(recipient),
        country=params.country(country),
        since=params.iso_date("since", since),
        until=params.iso_date("until", until),
        min_sources=params.integer("min_sources", min_sources, default=0, high=10_000),
    ).check()


def _filters(request: Request) -> explore.EventFilters:
    q = request.query_params
    return event_filters(**{k: q.get(k) for k in explore.EventFilters.__dataclass_fields__})


@router.get("/events", response_class=HTMLResponse)
def events_view(request: Request, desk: DeskDep, page: str | None = None) -> HTMLResponse:
    at = params.page(page, desk.settings.api.page_size)
    found = explore.events_page(desk, _filters(request), at)
    return render(request, "events.html", page=at, **found)


@router.get("/events.csv")
def events_csv_view(request: Request, desk: DeskDep) -> Response:
    filters = _filters(request)
    return StreamingResponse(
        explore.events_csv(desk, filters),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="events.csv"'},
    )


# -- actors and dyads ----------------------------------------------------------------------


@router.get("/actors", response_class=HTMLResponse)
def actors_view(
    request: Request, desk: DeskDep, q: str | None = None, page: str | None = None
) -> HTMLResponse:
    at = params.page(page, desk.settings.api.page_size)
    found = explore.actors_page(desk, params.text(q), at)
    return render(request, "actors.html", page=at, params={"q": found["q"]}, **found)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_view(
    request: Request, desk: DeskDep, actor_id: str, page: str | None = None
) -> HTMLResponse:
    at = params.page(page, desk.settings.api.page_size)
    return render(
        request, "actor.html", page=at, params={}, **explore.actor_page(desk, actor_id, at)
    )


@router.get("/dyads", response_class=HTMLResponse)
def dyads_view(
    request: Request,
    desk: DeskDep,
    actor: str | None = None,
    recipient: str | None = None,
    period: str | None = None,
) -> HTMLResponse:
    a, b = params.text(actor), params.text(recipient)
    chosen = params.choice("period", period, PERIODS, default="month")
    if a is None or b is None:
        return render(request, "dyad_form.html", actor=a or "", recipient=b or "", period=chosen)
    return render(request, "dyad.html", **explore.dyad_page(desk, a, b, chosen))


@router.get("/dyads/{actor_id}/{recipient_id}")
def dyad_path_view(actor_id: str, recipient_id: str, period: str | None = None) -> Response:
    query = params.query_string({"actor": actor_id, "recipient": recipient_id, "period": period})
    return RedirectResponse("/dyads" + query, status_code=307)


# -- API docs ------------------------------------------------------------------------------


@router.get("/docs", response_class=HTMLResponse)
def docs_view(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    return render(request, "docs.html", doc=apidocs.describe(spec))


# -- plumbing ------------------------------------------------------------------------------


def plotly_js_path() -> Path:
    """plotly.js as the installed plotly package ships it."""
    return Path(str(resources.files("plotly").joinpath("package_data", "plotly.min.js")))


class SecurityHeaders:
    """Adds a Content-Security-Policy (scripts only from this server) and related headers
    to every HTML response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    headers += [
                        (b"content-security-policy", CSP.encode()),
                        (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"same-origin"),
                        (b"x-frame-options", b"DENY"),
                    ]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def include_web(app: FastAPI) -> None:
    """Attach the web UI's routes and static files to ``app``."""
    app.state.story_pages = pages.StoryPages()

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        # The URL carries plotly's version, so the file may be cached for good.
        return FileResponse(
            plotly_js_path(),
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )

    static = Path(str(resources.files("newsdesk.web").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.include_router(router)
    app.add_middleware(SecurityHeaders)

    async def not_found(request: Request, exc: Exception) -> Response:
        """HTML error pages for pages; the JSON API keeps FastAPI's JSON errors."""
        exc = cast(StarletteHTTPException, exc)
        if request.url.path.startswith(API_PREFIX) or exc.status_code < 400:
            return await http_exception_handler(request, exc)
        message = "no page at this address" if exc.status_code == 404 else str(exc.detail)
        return error_page(request, exc.status_code, message)

    handler: Callable[[Request, Exception], Awaitable[Response]] = not_found
    app.add_exception_handler(StarletteHTTPException, handler)
