"""One router per resource, all under ``/api/v1``."""

from __future__ import annotations

from fastapi import FastAPI


def include_routers(app: FastAPI, *, prefix: str) -> None:
    """Attach every resource router to ``app``."""
    from newsdesk.api.routers import health

    app.include_router(health.router, prefix=prefix)
