"""What differs between the SQL backends, kept in one place so the store has one code path.

- upserts: each dialect's ``INSERT … ON CONFLICT`` (rows in key order, so concurrent
  writers take row locks in the same order and cannot deadlock);
- full-text search over documents: SQLite's FTS5 table (every word must appear) against a
  GIN index on ``to_tsvector('simple', title || text)`` queried with
  ``websearch_to_tsquery`` on PostgreSQL (every word too, and "quoted phrases", ``or``,
  ``-word``);
- list indexes in ``DESC NULLS LAST`` order on PostgreSQL, as SQLite sorts by itself;
- the lock held while a schema is created or migrated: ``BEGIN IMMEDIATE`` on SQLite, a
  transaction-scoped advisory lock on PostgreSQL;
- text PostgreSQL cannot store (NUL characters), replaced by U+FFFD (offsets unchanged).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsdesk.errors import StoreError

SUPPORTED = ("sqlite", "postgresql")

# The PostgreSQL search expression: the index is built on it and queries repeat it
# verbatim (as SQL text, not bound parameters) so the planner matches the index. A
# tsvector holds at most 1 MB, so only a text's first 200,000 characters are indexed
# (news articles are far shorter; a huge page must not fail its whole batch).
PG_DOCUMENT_VECTOR = (
    "to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || left(\"text\", 200000))"
)
PG_SEARCH_INDEX = "ix_documents_search"

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "doc_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts (doc_id, title, text) VALUES (new.doc_id, new.title, new.text); "
    "END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    "DELETE FROM documents_fts WHERE doc_id = old.doc_id; END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
    "DELETE FROM documents_fts WHERE doc_id = old.doc_id; "
    "INSERT INTO documents_fts (doc_id, title, text) VALUES (new.doc_id, new.title, new.text); "
    "END",
)
# pg_advisory_xact_lock key: "newsdesk" in ASCII, as a signed 64-bit integer.
_SCHEMA_LOCK = int.from_bytes(b"newsdesk", "big", signed=True)


def check(dialect: str) -> None:
    if dialect not in SUPPORTED:
        raise StoreError(f"backend {dialect} is not supported (supported: {', '.join(SUPPORTED)})")


def create_search(conn: Connection) -> None:
    """Create the full-text search structures of a new database."""
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            conn.exec_driver_sql(statement)
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {PG_SEARCH_INDEX} ON documents "
            f"USING gin (({PG_DOCUMENT_VECTOR}))"
        )


def search_ids(dialect: str, text: str, documents: sa.Table) -> sa.Select[Any]:
    """Ids of the documents matching the search ``text``."""
    terms = re.findall(r"\w+", text)
    if not terms:
        return sa.select(documents.c.doc_id).where(sa.false())
    if dialect == "postgresql":
        query = sa.func.websearch_to_tsquery(sa.literal_column("'simple'::regconfig"), text)
        vector: sa.ColumnClause[Any] = sa.literal_column(PG_DOCUMENT_VECTOR)
        return sa.select(documents.c.doc_id).where(vector.op("@@")(query))
    match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
    fts = sa.table("documents_fts", sa.column("doc_id"), sa.column("documents_fts"))
    return sa.select(fts.c.doc_id).where(fts.c.documents_fts.op("MATCH")(match))


def list_indexes(
    name: str, *columns: sa.Column[Any], descending: Collection[str]
) -> list[sa.Index]:
    """Index ``name`` on ``columns`` in a list's order (``descending`` ones newest first),
    written for each backend so that both read a page in index order instead of sorting:
    SQLite sorts NULLs last in descending order by itself; PostgreSQL puts them first unless
    the index says ``NULLS LAST``, as the list queries do."""
    sqlite = [c.desc() if c.name in descending else c for c in columns]
    postgres = [c.desc().nulls_last() if c.name in descending else c for c in columns]
    return [
        sa.Index(name, *sqlite).ddl_if(dialect="sqlite"),
        sa.Index(name, *postgres).ddl_if(dialect="postgresql"),
    ]


def lock_schema(conn: Connection) -> None:
    """Hold, until the transaction ends, the lock that serialises schema changes between
    processes opening the same database at once."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_SCHEMA_LOCK)))


def upsert(
    conn: Connection, table: sa.Table, rows: Sequence[dict[str, Any]], update: Sequence[str]
) -> tuple[Any, list[dict[str, Any]]]:
    """The statement inserting ``rows`` into ``table`` (updating ``update`` columns of a
    row whose key exists, else leaving it) and the rows to pass it: one per key, in key
    order, made storable."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    else:
        raise StoreError(f"backend {dialect} is not supported")
    keys = [c.name for c in table.primary_key.columns]
    by_key = {tuple(r[k] for k in keys): r for r in rows}
    ordered = [by_key[k] for k in sorted(by_key)]
    if dialect == "postgresql":
        ordered = [_storable(r) for r in ordered]
    stmt = insert(table)
    if update:
        return stmt.on_conflict_do_update(
            index_elements=keys, set_={c: getattr(stmt.excluded, c) for c in update}
        ), ordered
    return stmt.on_conflict_do_nothing(index_elements=keys), ordered


def _storable(row: dict[str, Any]) -> dict[str, Any]:
    """PostgreSQL text cannot hold NUL characters: each becomes U+FFFD (same length)."""
    bad = [k for k, v in row.items() if isinstance(v, str) and "\x00" in v]
    if not bad:
        return row
    return row | {k: row[k].replace("\x00", "\ufffd") for k in bad}
