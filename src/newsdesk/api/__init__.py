"""The HTTP API: ``create_app(settings)`` builds the FastAPI application that
``newsdesk serve`` runs (JSON under ``/api/v1``, the web UI at ``/``)."""

from __future__ import annotations

from newsdesk.api.app import create_app

__all__ = ["create_app"]
