"""One router per resource, all under ``/api/v1``."""

from __future__ import annotations

from fastapi import FastAPI


def include_routers(app: FastAPI, *, prefix: str) -> None:
    """Attach every resource router to ``app``."""
    from newsdesk.api.routers import actors, articles, dyads, events, health, reports, stories

    app.include_router(health.router, prefix=prefix)
    for module in (articles, stories, events, reports, actors, dyads):
        app.include_router(module.router, prefix=prefix)
