"""Storage: :func:`open_store` gives a :class:`~newsdesk.store.base.Store` for a URL or path.

A plain path (``newsdesk.db``) or ``sqlite:///path`` opens SQLite; ``:memory:`` an
in-memory database for tests; ``postgresql://user@host/db`` (``postgres://``,
``postgresql+psycopg://``) PostgreSQL, with the optional psycopg driver
(``pip install "newsdesk[postgres]"``).
"""

from __future__ import annotations

from newsdesk.errors import ConfigError
from newsdesk.registry import stores
from newsdesk.store.base import (
    DocumentQuery,
    EventQuery,
    ExtractionWrite,
    Store,
    StoredArticle,
    WriteBatch,
)
from newsdesk.store.postgres import display_url, postgres_engine
from newsdesk.store.sql import SQLStore
from newsdesk.store.sqlite import sqlite_engine

__all__ = [
    "DocumentQuery",
    "EventQuery",
    "ExtractionWrite",
    "SQLStore",
    "Store",
    "StoredArticle",
    "WriteBatch",
    "open_store",
]


def open_sqlite(url: str) -> SQLStore:
    return SQLStore(sqlite_engine(url), url)


def open_postgres(url: str) -> SQLStore:
    return SQLStore(postgres_engine(url), url)


stores.register("sqlite", func=open_sqlite)
stores.register("postgresql", func=open_postgres)
stores.register("postgres", func=open_postgres)


def open_store(url: str) -> Store:
    """Open (creating or migrating as needed) the database at ``url``."""
    scheme = url.split("://", 1)[0].split("+", 1)[0].lower() if "://" in url else "sqlite"
    try:
        factory = stores.get(scheme)
    except (KeyError, ValueError, LookupError) as err:
        raise ConfigError(
            f"database {display_url(url)}: backend {scheme!r} is not available "
            "(built in: sqlite, postgresql)"
        ) from err
    return factory(url)  # type: ignore[no-any-return]
