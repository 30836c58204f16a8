"""The ``newsdesk`` command line: one module per command group, no logic of its own."""

from __future__ import annotations

from newsdesk.cli import (  # noqa: F401
    articles,
    config,
    demo,
    evaluate,
    events,
    export,
    ingest,
    serve,
    spark,
    stories,
)
from newsdesk.cli.app import app, main

__all__ = ["app", "main"]
