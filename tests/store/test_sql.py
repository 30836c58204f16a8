from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from newsdesk.errors import NotFound, SchemaError
from newsdesk.model import Document, Failure, Source
from newsdesk.store import DocumentQuery, open_store
from newsdesk.store.base import WriteBatch
from newsdesk.store.schema import SCHEMA_VERSION


def _batch(make_article, n: int = 3) -> WriteBatch:
    batch = WriteBatch(sources=[Source(source_id="coast.example", name="Coast Times")])
    for i in range(n):
        article = make_article(
            url=f"https://coast.example/{i}",
            title=f"Story {i}",
            published_at=datetime(2024, 3, i + 1, 12, tzinfo=UTC),
            pub_date=date(2024, 3, i + 1),
        )
        batch.articles.append(article)
        batch.documents.append(
            Document(
                doc_id=article.article_id,
                text=f"Harbour story number {i} about ships and grain.",
                title=f"Story {i}",
                source_id="coast.example",
                lang="en" if i else "es",
                pub_date=date(2024, 3, i + 1),
                published_at=article.published_at,
                authors=("Ana Ruiz",),
                sentences=((0, 10),),
                content_hash=f"h{i}",
            )
        )
    return batch


def test_new_database_is_created_at_the_current_schema(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "new.db"))
    assert store.schema_version() == SCHEMA_VERSION
    store.close()
    with sqlite3.connect(tmp_path / "new.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_records_round_trip(store, make_article) -> None:
    batch = _batch(make_article)
    store.write_batch(batch)
    stored = store.article(batch.articles[1].article_id)
    assert stored.article == batch.articles[1]
    assert stored.document == batch.documents[1]
    assert stored.source == Source(source_id="coast.example", name="Coast Times")


def test_writes_are_idempotent(store, make_article) -> None:
    store.write_batch(_batch(make_article))
    store.write_batch(_batch(make_article))
    assert store.counts()["articles"] == 3
    assert store.counts()["documents"] == 3


def test_filters_and_full_text_search(store, make_article) -> None:
    store.write_batch(_batch(make_article))
    everything = store.documents(DocumentQuery())
    assert [d.title for d in everything] == ["Story 2", "Story 1", "Story 0"]
    assert [d.title for d in store.documents(DocumentQuery(since=date(2024, 3, 2)))] == [
        "Story 2",
        "Story 1",
    ]
    assert [d.title for d in store.documents(DocumentQuery(until=date(2024, 3, 1)))] == ["Story 0"]
    assert [d.title for d in store.documents(DocumentQuery(lang="es"))] == ["Story 0"]
    assert len(store.documents(DocumentQuery(outlet="coast times"))) == 3
    assert len(store.documents(DocumentQuery(outlet="coast.example"))) == 3
    assert store.documents(DocumentQuery(outlet="elsewhere")) == []
    assert [d.title for d in store.documents(DocumentQuery(search="number 1"))] == ["Story 1"]
    assert len(store.documents(DocumentQuery(search="SHIPS grain"))) == 3
    assert store.documents(DocumentQuery(search='"; DROP TABLE documents; --')) == []
    assert [d.title for d in store.documents(DocumentQuery(limit=1, offset=1))] == ["Story 1"]


def test_unknown_id_is_not_found_and_prefix_works(store, make_article) -> None:
    batch = _batch(make_article)
    store.write_batch(batch)
    with pytest.raises(NotFound, match="art_missing"):
        store.article("art_missing")
    article_id = batch.articles[0].article_id
    assert store.article(article_id[:12]).article.article_id == article_id


def test_failures_are_stored_once_per_origin_and_stage(store) -> None:
    failure = Failure(origin="file:x.txt", stage="read", code="binary", message="x.txt: binary")
    store.write_batch(WriteBatch(failures=[failure]))
    store.write_batch(WriteBatch(failures=[failure]))
    assert [f.code for f in store.failures()] == ["binary"]


def test_a_database_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO customers (name) VALUES ('Ada')")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaError, match="not a newsdesk database"):
        open_store(str(path))
    assert path.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list: bread, milk\n", "utf-8")
    with pytest.raises(SchemaError, match="not a SQLite database"):
        open_store(str(path))
    assert path.read_text("utf-8") == "shopping list: bread, milk\n"


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_store(str(path)).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO newsdesk_schema VALUES (999, '2030-01-01', 'x')")
    engine.dispose()
    with pytest.raises(SchemaError, match="newer"):
        open_store(str(path))


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    from newsdesk.errors import StoreError

    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "no" / "such" / "x.db"))
