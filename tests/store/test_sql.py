from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import pg_database

from newsdesk.errors import NotFound, SchemaError
from newsdesk.model import Document, Failure, Source
from newsdesk.store import DocumentQuery, EventQuery, ExtractionWrite, SQLStore, open_store
from newsdesk.store.base import WriteBatch
from newsdesk.store.postgres import driver_url
from newsdesk.store.schema import SCHEMA_VERSION, schema_versions


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


def test_new_database_is_created_at_the_current_schema(db_url: str) -> None:
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    assert store.schema_version() == SCHEMA_VERSION
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        else:  # full-text search: a GIN index on the documents' text
            (definition,) = conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_documents_search'"
            ).one()
            assert "USING gin (to_tsvector('simple'::regconfig" in definition
    store.close()
    open_store(db_url).close()  # reopening changes nothing


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


def test_a_newer_schema_is_refused(db_url: str) -> None:
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    with store.engine.begin() as conn:
        conn.execute(
            schema_versions.insert().values(
                version=999, applied_at=datetime(2030, 1, 1, tzinfo=UTC), description="x"
            )
        )
    store.close()
    with pytest.raises(SchemaError, match="newer"):
        open_store(db_url)


def test_a_postgresql_database_of_another_program_is_refused_untouched(pg_url: str) -> None:
    engine = sa.create_engine(driver_url(pg_url))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE customers (id integer PRIMARY KEY, name text)")
    with pytest.raises(SchemaError, match=r"not a newsdesk database \(tables: customers\)"):
        open_store(pg_url)
    assert sa.inspect(engine).get_table_names() == ["customers"]
    engine.dispose()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    from newsdesk.errors import StoreError

    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "no" / "such" / "x.db"))


def _extraction(doc_id: str, n: int) -> ExtractionWrite:
    from newsdesk.model import Actor, EventReport, Extraction, Participant, Place, make_id

    france = Actor(
        actor_id="act_fra",
        name="France",
        kind="country",
        country="FRA",
        sector="GOV",
        aliases=("France", "Paris"),
    )
    russia = Actor(
        actor_id="act_rus",
        name="Russia",
        kind="country",
        country="RUS",
        sector="GOV",
        aliases=("Moscow",),
    )
    reports = [
        EventReport(
            report_id=make_id("evr", doc_id, str(i)),
            doc_id=doc_id,
            sentence=i,
            sentence_start=0,
            sentence_end=10,
            event_type="SANCTION" if i % 2 == 0 else "ACCUSE",
            mode="discontinue",
            trigger="cut",
            trigger_start=1,
            trigger_end=4,
            actor=Participant(
                text="France",
                start=0,
                end=6,
                actor_id="act_fra",
                name="France",
                kind="country",
                country="FRA",
                sector="GOV",
                via="phrase",
            ),
            recipient=Participant(
                text="Russia",
                start=8,
                end=14,
                actor_id="act_rus",
                name="Russia",
                kind="country",
                country="RUS",
            ),
            date=date(2024, 3, 1 + i),
            date_precision="day",
            date_status="text",
            place=Place(name="Paris", kind="city", country="FRA", latitude=48.85, longitude=2.35),
            hypothetical=i == n - 1,
            codebook="test",
        )
        for i in range(n)
    ]
    return ExtractionWrite(
        extractions=[
            Extraction(
                doc_id=doc_id,
                key=f"k{n}",
                status="done",
                n_sentences=n,
                n_reports=n,
                at=datetime(2024, 3, 9, tzinfo=UTC),
            )
        ],
        reports=reports,
        actors=[france, russia],
        mentions=[(doc_id, 0, reports[0].actor)],  # type: ignore[list-item]
    )


def test_event_reports_round_trip_and_filter(store, make_article) -> None:
    batch = _batch(make_article)
    store.write_batch(batch)
    doc_id = batch.documents[1].doc_id
    written = _extraction(doc_id, 4)
    store.write_extraction(written)
    real = store.event_reports(EventQuery(limit=None))
    assert len(real) == 3  # the hypothetical one is left out
    everything = store.event_reports(EventQuery(unreal=True, limit=None))
    assert sorted(everything, key=lambda r: r.sentence) == written.reports
    assert [r.event_type for r in store.event_reports(EventQuery(event_type="accuse"))] == [
        "ACCUSE"
    ]
    assert len(store.event_reports(EventQuery(actor="paris"))) == 3  # by alias
    assert len(store.event_reports(EventQuery(recipient="Russia", since=date(2024, 3, 2)))) == 2
    assert store.event_reports(EventQuery(country="DEU")) == []
    assert store.extraction_keys([doc_id]) == {doc_id: "k4"}


def test_extraction_replaces_reports_and_merges_aliases(store, make_article) -> None:
    batch = _batch(make_article)
    store.write_batch(batch)
    doc_id = batch.documents[1].doc_id
    store.write_extraction(_extraction(doc_id, 4))
    again = _extraction(doc_id, 2)
    again.actors[0] = again.actors[0].__class__(
        **{**again.actors[0].to_dict(), "aliases": ("the French government",)}
    )
    store.write_extraction(again)
    assert len(store.event_reports(EventQuery(unreal=True, limit=None))) == 2
    assert store.extraction_keys([doc_id]) == {doc_id: "k2"}
    assert set(store.actor("act_fra").aliases) == {"France", "Paris", "the French government"}
    assert [a.name for a in store.actors("moscow")] == ["Russia"]


_V3_TABLES = ("stories", "story_articles", "story_state", "events", "event_members", "quotes")


def _set_version(store: SQLStore, version: int) -> None:
    with store.engine.begin() as conn:
        conn.execute(schema_versions.delete())
        conn.execute(
            schema_versions.insert().values(
                version=version, applied_at=datetime(2024, 1, 1, tzinfo=UTC), description="old"
            )
        )


@pytest.fixture
def fresh_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second new database on the backend of ``db_url``."""
    if db_url.startswith("postgresql"):
        with pg_database() as url:
            yield url
    else:
        yield str(tmp_path / "fresh.db")


def test_a_version_1_database_is_migrated(db_url: str, fresh_url: str, make_article) -> None:
    from newsdesk.store.migrations import steps

    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    store.write_batch(_batch(make_article))
    later = ("actors", "extractions", "event_reports", "mentions", *_V3_TABLES)
    with store.engine.begin() as conn:  # back to how version 1 left it
        for table in later:
            conn.exec_driver_sql(f"DROP TABLE {table}")
    _set_version(store, 1)
    store.close()
    assert [v for v, _, _ in steps()] == list(range(2, SCHEMA_VERSION + 1))
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.counts()["documents"] == 3
    fresh = open_store(fresh_url)
    assert isinstance(fresh, SQLStore)
    for table in later:
        migrated = {c["name"]: str(c["type"]) for c in sa.inspect(store.engine).get_columns(table)}
        created = {c["name"]: str(c["type"]) for c in sa.inspect(fresh.engine).get_columns(table)}
        assert migrated == created, table
    store.close()
    fresh.close()


def test_a_version_3_database_gets_the_list_indexes(db_url: str, fresh_url: str) -> None:
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    with store.engine.begin() as conn:  # back to the indexes version 3 had
        for table in ("events", "event_reports"):
            for index in sa.inspect(conn).get_indexes(table):
                if index["name"].endswith(("_order", "_country")):
                    conn.exec_driver_sql(f"DROP INDEX {index['name']}")
            conn.exec_driver_sql(f"CREATE INDEX ix_{table}_type ON {table} (event_type)")
            conn.exec_driver_sql(f"CREATE INDEX ix_{table}_date ON {table} (date)")
    _set_version(store, 3)
    store.close()
    store = open_store(db_url)
    fresh = open_store(fresh_url)
    assert isinstance(store, SQLStore) and isinstance(fresh, SQLStore)
    assert store.schema_version() == SCHEMA_VERSION
    for table in ("events", "event_reports"):

        def indexes(engine: sa.Engine, table: str = table) -> dict[str, tuple[Any, Any]]:
            return {
                i["name"]: (i["column_names"], i.get("column_sorting"))
                for i in sa.inspect(engine).get_indexes(table)
            }

        migrated, created = indexes(store.engine), indexes(fresh.engine)
        assert migrated == created, table
        assert f"ix_{table}_order" in migrated and f"ix_{table}_type" not in migrated
    query = (  # as SQLStore.events writes it
        "SELECT data FROM events WHERE event_type = 'PROTEST' "
        "ORDER BY date DESC NULLS LAST, first_reported DESC NULLS LAST, event_id LIMIT 51"
    )
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = str(conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}").fetchall())
            assert "ix_events_type_order" in plan and "TEMP B-TREE" not in plan
        else:  # an empty table is read whole unless scans are made dear
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = str(conn.exec_driver_sql(f"EXPLAIN {query}").fetchall())
            assert "ix_events_type_order" in plan and "Sort" not in plan
    store.close()
    fresh.close()
