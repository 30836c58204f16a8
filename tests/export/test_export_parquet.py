"""Parquet export: one hive-partitioned dataset per table, read back with DuckDB and pyarrow."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from export_fixtures import database

from newsdesk import Desk
from newsdesk.export.parquet import TABLES, PartitionedWriter
from newsdesk.model import Story

duckdb = pytest.importorskip("duckdb")

TABLE_NAMES = ("articles", "mentions", "reports", "events", "stories", "quotes")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    opened = Desk(database(tmp_path_factory))
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def exported(desk: Desk, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    report = desk.export("parquet", out)
    assert set(report.rows) == set(TABLE_NAMES)
    return out


def _sql(query: str) -> list[tuple]:
    return duckdb.sql(query).fetchall()


def _scan(folder: Path, table: str) -> str:
    return f"read_parquet('{folder}/{table}/*/*/*.parquet', hive_partitioning=true)"


def test_every_table_is_readable_by_duckdb_with_the_stored_counts(
    exported: Path, desk: Desk
) -> None:
    counts = desk.store.counts()
    expected = {
        "articles": counts["documents"],
        "reports": counts["event_reports"],
        "events": counts["events"],
        "stories": counts["stories"],
        "quotes": counts["quotes"],
    }
    for table, rows in expected.items():
        assert _sql(f"select count(*) from {_scan(exported, table)}") == [(rows,)], table
    documents = [d.doc_id for d in desk.articles(limit=None)]
    n_mentions = len(desk.store.mentions_of_documents(documents))
    assert n_mentions > 0
    assert _sql(f"select count(*) from {_scan(exported, 'mentions')}") == [(n_mentions,)]


def test_tables_are_partitioned_by_year_and_month(exported: Path) -> None:
    months = _sql(f"select distinct year, month from {_scan(exported, 'events')} order by 1, 2")
    assert months == [(2024, 5), (2024, 6)]
    assert (exported / "events" / "year=2024" / "month=5" / "part-0.parquet").is_file()
    dated = _sql(
        f"select count(*) from {_scan(exported, 'events')} "
        "where year(date) <> year or month(date) <> month"
    )
    assert dated == [(0,)]


def test_columns_have_explicit_types_and_flattened_participants(exported: Path) -> None:
    types = dict(
        (name, kind)
        for name, kind, *_ in duckdb.sql(
            f"describe select * from {_scan(exported, 'events')}"
        ).fetchall()
    )
    assert types["date"] == "DATE" and types["first_reported"] == "DATE"
    assert types["report_ids"] == "VARCHAR[]" and types["cameo"] == "VARCHAR"
    assert types["actor_country"] == "VARCHAR" and types["place_latitude"] == "DOUBLE"
    assert types["gdelt_event_id"] == "BIGINT"
    articles = dict(
        (name, kind)
        for name, kind, *_ in duckdb.sql(
            f"describe select * from {_scan(exported, 'articles')}"
        ).fetchall()
    )
    assert articles["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert articles["sentences"] == "BIGINT[][]" and "raw" not in articles
    rows = _sql(
        "select actor_name, actor_country, recipient_country, cameo "
        f"from {_scan(exported, 'events')} where event_type = 'CONSULT'"
    )
    assert rows == [("France", "FRA", "ROU", "042")]


def test_pyarrow_reads_the_datasets_with_the_declared_schemas(exported: Path) -> None:
    for name in TABLE_NAMES:
        table = ds.dataset(exported / name, format="parquet", partitioning="hive").to_table()
        declared = TABLES[name].schema
        assert table.schema.names[: len(declared)] == declared.names
        for field in declared:
            assert table.schema.field(field.name).type == field.type, (name, field.name)
        assert table.schema.field("year").type == pa.int32()


def test_pandas_reads_the_events(exported: Path) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(exported / "events")
    assert len(frame) == 6 and "actor_name" in frame.columns


def test_exporting_twice_overwrites_cleanly(desk: Desk, tmp_path: Path) -> None:
    desk.export("parquet", tmp_path)
    desk.export("parquet", tmp_path)
    assert _sql(f"select count(*) from {_scan(tmp_path, 'events')}") == [(6,)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(TABLE_NAMES)


def test_since_and_until_filter_events_by_date_and_articles_by_publication(
    desk: Desk, tmp_path: Path
) -> None:
    report = desk.export("parquet", tmp_path, since=date(2024, 6, 1), until=date(2024, 6, 30))
    assert report.rows["articles"] == 1 and report.rows["events"] == 2
    dates = _sql(f"select min(date), max(date) from {_scan(tmp_path, 'events')}")
    assert dates[0][0] >= date(2024, 6, 1) and dates[0][1] <= date(2024, 6, 30)
    published = _sql(f"select distinct pub_date from {_scan(tmp_path, 'articles')}")
    assert published == [(date(2024, 6, 12),)]
    assert _sql(f"select count(*) from {_scan(tmp_path, 'stories')}") == [(1,)]


def test_an_empty_database_gives_empty_tables_with_their_schemas(tmp_path: Path) -> None:
    with Desk(tmp_path / "empty.db") as empty:
        report = empty.export("parquet", tmp_path / "out")
    assert set(report.rows.values()) == {0}
    for name in TABLE_NAMES:
        scan = _scan(tmp_path / "out", name)
        assert _sql(f"select count(*) from {scan}") == [(0,)]
        columns = [c[0] for c in duckdb.sql(f"describe select * from {scan}").fetchall()]
        assert columns[: len(TABLES[name].columns)] == [c.name for c in TABLES[name].columns]


def test_rows_without_a_date_go_to_the_default_partition_and_read_as_null(tmp_path: Path) -> None:
    writer = PartitionedWriter(tmp_path / "stories", TABLES["stories"])
    writer.add({"story": Story(story_id="sty_a", first_seen=date(2023, 12, 30), doc_ids=("d1",))})
    writer.add({"story": Story(story_id="sty_b")})
    writer.close()
    assert writer.written.rows == 2
    assert (tmp_path / "stories" / "year=2023" / "month=12" / "part-0.parquet").is_file()
    rows = _sql(
        f"select story_id, year, month, doc_ids from {_scan(tmp_path, 'stories')} order by 1"
    )
    assert rows == [("sty_a", 2023, 12, ["d1"]), ("sty_b", None, None, [])]
