"""Web pages. ``include_web(app)`` mounts the pages and the static files."""

from __future__ import annotations

from fastapi import FastAPI


def include_web(app: FastAPI) -> None:
    """Attach the web UI's routes and static files to ``app``."""
