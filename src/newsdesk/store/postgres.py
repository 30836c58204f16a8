"""Opening PostgreSQL databases: ``postgresql://user:password@host:port/db`` (also
``postgres://`` and ``postgresql+psycopg://``) through psycopg 3, which is an optional
extra (``pip install "newsdesk[postgres]"``) imported only when such a URL is opened."""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from newsdesk.errors import ConfigError

INSTALL = 'pip install "newsdesk[postgres]"'
SCHEMES = ("postgresql", "postgres")


def driver_url(url: str) -> sa.URL:
    """``url`` as an SQLAlchemy URL on the psycopg 3 driver; a clear error if unreadable or
    naming another driver."""
    scheme, _, rest = url.partition("://")
    name, _, driver = scheme.lower().partition("+")
    if name not in SCHEMES or not rest:
        raise ConfigError(f"database {display_url(url)}: not a postgresql:// URL")
    if driver not in ("", "psycopg"):
        raise ConfigError(
            f"database {display_url(url)}: driver {driver!r} is not supported; "
            "use postgresql:// or postgresql+psycopg://"
        )
    try:
        parsed = sa.make_url(f"postgresql+psycopg://{rest}")
    except sa.exc.ArgumentError as err:
        raise ConfigError(f"database {display_url(url)}: not a valid URL ({err})") from err
    return parsed


def display_url(url: str) -> str:
    """``url`` with any password masked, for messages and logs."""
    if "://" not in url or "@" not in url:
        return url
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://***@{rest.rpartition('@')[2]}"


def postgres_engine(url: str) -> Engine:
    """An engine on the PostgreSQL database at ``url``; :class:`ConfigError` naming the pip
    command when psycopg is not installed."""
    target = driver_url(url)
    try:
        importlib.import_module("psycopg")
    except ImportError as err:
        raise ConfigError(
            f"database {display_url(url)}: PostgreSQL needs the psycopg driver ({INSTALL})"
        ) from err
    return sa.create_engine(
        target,
        pool_pre_ping=True,
        connect_args={"application_name": "newsdesk", "connect_timeout": 10},
    )
