"""Request dependencies shared by the API routers and the web views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from newsdesk.config import Settings
    from newsdesk.desk import Desk


def get_desk(request: Request) -> Desk:
    """The application's ``Desk`` (one per app; the store pools its own connections)."""
    desk: Desk = request.app.state.desk
    return desk


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def use_desk(request: Request) -> Desk:
    """:func:`get_desk` as an async dependency: FastAPI calls it in the event loop, where
    a plain function would cost a trip through the thread pool on every request."""
    return get_desk(request)
