"""The ``newsdesk`` command line: one module per command group, no logic of its own."""

from __future__ import annotations

from newsdesk.cli import articles, config, demo, evaluate, events, ingest, serve, stories  # noqa: F401
from newsdesk.cli.app import app, main

__all__ = ["app", "main"]
