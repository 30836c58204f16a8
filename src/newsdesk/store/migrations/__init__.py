"""Numbered schema migrations, applied in order on open, each recorded in
``newsdesk_schema``. A new database is created at the current version directly
(:func:`newsdesk.store.schema.create_schema`); these steps bring older databases up to it.

Each step is a module ``vNNNN_<what>.py`` defining ``VERSION``, ``DESCRIPTION`` and
``upgrade(conn)``. Never edit a step once released: add a new one and bump
``SCHEMA_VERSION``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType

from sqlalchemy.engine import Connection


def steps() -> list[tuple[int, str, Callable[[Connection], None]]]:
    """Every migration step as ``(version, description, upgrade)``, in version order."""
    found: list[tuple[int, str, Callable[[Connection], None]]] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("v"):
            module: ModuleType = importlib.import_module(f"{__name__}.{info.name}")
            found.append((module.VERSION, module.DESCRIPTION, module.upgrade))
    return sorted(found, key=lambda step: step[0])
