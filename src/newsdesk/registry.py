"""Catalogue registries for pluggable parts, open to entry points (``newsdesk_readers``,
``newsdesk_stores``, ``newsdesk_exporters``…). Built-ins register here too."""

from __future__ import annotations

import catalogue

readers = catalogue.create("newsdesk", "readers", entry_points=True)
stores = catalogue.create("newsdesk", "stores", entry_points=True)
exporters = catalogue.create("newsdesk", "exporters", entry_points=True)
