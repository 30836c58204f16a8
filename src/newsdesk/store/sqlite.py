"""Opening SQLite databases safely: a file that is not a newsdesk database is refused
before anything writes to it (even switching on WAL would change its header)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from newsdesk.errors import SchemaError, StoreError
from newsdesk.store.schema import SCHEMA_VERSION, VERSION_TABLE

_HEADER = b"SQLite format 3\x00"


def check_sqlite_file(path: Path) -> None:
    """Raise :class:`SchemaError` unless ``path`` is absent, empty, or a newsdesk database
    this version can read. Never modifies the file."""
    if not path.exists():
        if not path.parent.is_dir():
            raise StoreError(f"database {path}: folder {path.parent} does not exist")
        return
    if path.is_dir():
        raise StoreError(f"database {path}: is a directory, expected a file")
    if path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(_HEADER))
    if header != _HEADER:
        raise SchemaError(
            f"database {path}: not a SQLite database; refusing to touch it "
            "(choose another file with --db)"
        )
    uri = f"file:{path.resolve()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as err:
        raise SchemaError(f"database {path}: cannot open ({err})") from err
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return
        if VERSION_TABLE not in tables:
            listed = ", ".join(sorted(tables)[:5])
            raise SchemaError(
                f"database {path}: not a newsdesk database (tables: {listed}); "
                "refusing to modify it (choose another file with --db)"
            )
        row = conn.execute(f"SELECT MAX(version) FROM {VERSION_TABLE}").fetchone()
    except sqlite3.DatabaseError as err:
        raise SchemaError(f"database {path}: unreadable SQLite file ({err})") from err
    finally:
        conn.close()
    version = row[0] if row else None
    if version is None or version > SCHEMA_VERSION:
        raise SchemaError(
            f"database {path}: schema version {version} is newer than this "
            f"newsdesk understands ({SCHEMA_VERSION}); upgrade newsdesk"
        )


def sqlite_engine(target: str) -> Engine:
    """An engine on a SQLite file (checked first) or ``:memory:``, in WAL mode."""
    memory = target in (":memory:", "sqlite://", "sqlite:///:memory:")
    if memory:
        url = "sqlite://"
        from sqlalchemy.pool import StaticPool

        engine = sa.create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        path = Path(target.removeprefix("sqlite:///")).expanduser()
        check_sqlite_file(path)
        engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine
