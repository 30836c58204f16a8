"""``newsdesk serve``: the HTTP API (and the web pages) over one database, with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli.app import STATE, app, stderr
from newsdesk.store.postgres import display_url


@app.command("serve")
def serve_cli(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or URL (default: the global --db, NEWSDESK_DB, newsdesk.db).",
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option(
            help="Address to listen on (default api.host, 127.0.0.1).", show_default=False
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(help="Port to listen on (default api.port, 8000).", show_default=False),
    ] = None,
) -> None:
    """Serve the JSON API under /api/v1 (contract at /openapi.json) and the web pages.

    Reads are open to anyone who can reach the address; POST /api/v1/articles needs
    'Authorization: Bearer <token>' with the token from NEWSDESK_TOKEN (setting
    api.token). Without a token every write is refused. Stop with Ctrl-C."""
    import uvicorn

    from newsdesk.api import create_app

    settings = STATE.settings()
    overrides: dict[str, object] = {}
    if db:
        overrides["store__url"] = db
    if host:
        overrides["api__host"] = host
    if port is not None:
        overrides["api__port"] = port
    settings = settings.replace(**overrides) if overrides else settings
    application = create_app(settings)
    api = settings.api
    writes = "writes need the token" if api.token else "writes disabled (set NEWSDESK_TOKEN)"
    stderr.print(
        f"newsdesk: serving {display_url(settings.store.url)} at http://{api.host}:{api.port} "
        f"(API /api/v1, contract /openapi.json; {writes})",
        markup=False,
        highlight=False,
    )
    log_level = "warning" if STATE.quiet else "debug" if STATE.verbose > 1 else "info"
    uvicorn.run(application, host=api.host, port=api.port, log_level=log_level)
