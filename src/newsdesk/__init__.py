"""newsdesk: news streams into traceable event data, stories and source comparisons."""

from __future__ import annotations

import logging

from newsdesk._version import __version__
from newsdesk.config import Settings, load_settings
from newsdesk.desk import Desk
from newsdesk.errors import NewsdeskError
from newsdesk.ingest import read
from newsdesk.model import Article, Document, Failure, Source
from newsdesk.pipeline import IngestReport

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Article",
    "Desk",
    "Document",
    "Failure",
    "IngestReport",
    "NewsdeskError",
    "Settings",
    "Source",
    "__version__",
    "load_settings",
    "read",
]
