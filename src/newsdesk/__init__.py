"""newsdesk: news streams into traceable event data, stories and source comparisons."""

from __future__ import annotations

import logging

from newsdesk._version import __version__
from newsdesk.config import Settings, load_settings
from newsdesk.desk import Desk
from newsdesk.errors import NewsdeskError
from newsdesk.ingest import read
from newsdesk.model import (
    Actor,
    Article,
    Document,
    EventReport,
    Extraction,
    Failure,
    Participant,
    Place,
    Source,
)
from newsdesk.pipeline import ExtractReport, IngestReport

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Actor",
    "Article",
    "Desk",
    "Document",
    "EventReport",
    "ExtractReport",
    "Extraction",
    "Failure",
    "IngestReport",
    "NewsdeskError",
    "Participant",
    "Place",
    "Settings",
    "Source",
    "__version__",
    "load_settings",
    "read",
]
