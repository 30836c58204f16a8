"""``GET /api/v1/health``: the server is up and which database it reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from newsdesk._version import __version__
from newsdesk.api.deps import get_desk
from newsdesk.desk import Desk

router = APIRouter(tags=["health"])


@router.get("/health")
def health(desk: Annotated[Desk, Depends(get_desk)]) -> dict[str, object]:
    """Version, schema version and row counts of the database."""
    return {
        "status": "ok",
        "version": __version__,
        "schema_version": desk.store.schema_version(),
        "counts": desk.store.counts(),
    }
