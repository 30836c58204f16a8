"""The Spark job in local mode equals ``newsdesk run`` + ``newsdesk export --format parquet``
on one machine: the same tables, row for row (marker ``spark``: pyspark and Java 17)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk.config import Settings, load_settings
from newsdesk.desk import Desk
from newsdesk.dist.tables import TABLE_NAMES

pytestmark = pytest.mark.spark

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
VOLATILE = {"updated_at"}  # when a story was last rebuilt
KEYS = {
    "articles": ("doc_id",),
    "mentions": ("doc_id", "start"),
    "reports": ("report_id",),
    "quotes": ("quote_id",),
    "events": ("event_id",),
    "stories": ("story_id",),
}

# Our own words, for the JSONL input of the generated corpus.
PIER = "\n\n".join(
    [
        "The harbour council in Valmora voted on Monday to close the eastern pier to cargo "
        "ships for a month while engineers repair the sea wall.",
        "Council members said the repairs could not wait until the spring, and the port "
        "authority agreed to move the ships to the western berths.",
        "Fishing crews protested outside the council building on Tuesday, saying the move "
        "would cost them a season of work.",
    ]
)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java 17 (java not on PATH)")
    from newsdesk.dist.spark import spark_session

    session = spark_session("local[2]", app_name="newsdesk-tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _tables(root: Path) -> dict[str, list[dict[str, Any]]]:
    import pyarrow.dataset as ds

    out = {}
    for table in TABLE_NAMES:
        data = ds.dataset(root / table, format="parquet", partitioning="hive")
        rows = [
            {k: v for k, v in row.items() if k not in VOLATILE}
            for row in data.to_table().to_pylist()
        ]
        out[table] = sorted(rows, key=lambda r: tuple(r[k] for k in KEYS[table]))
    return out


def _local(inputs: list[Path], out: Path, settings: Settings) -> dict[str, list[dict[str, Any]]]:
    with Desk(out / "local.db", settings=settings) as desk:
        desk.run([str(p) for p in inputs])
        desk.export("parquet", str(out / "local"))
    return _tables(out / "local")


def _assert_same(spark_tables: dict[str, Any], local_tables: dict[str, Any]) -> None:
    for table in TABLE_NAMES:
        got, expected = spark_tables[table], local_tables[table]
        assert [tuple(r[k] for k in KEYS[table]) for r in got] == [
            tuple(r[k] for k in KEYS[table]) for r in expected
        ], table
        for mine, theirs in zip(got, expected, strict=True):
            assert mine == theirs, (table, {k for k in mine if mine[k] != theirs.get(k)})


@pytest.fixture(scope="module")
def examples_run(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from typer.testing import CliRunner

    from newsdesk.cli import app

    out = tmp_path_factory.mktemp("examples")
    result = CliRunner().invoke(
        app, ["spark", "run", "--json", "--partitions", "2", str(EXAMPLES), str(out / "spark")]
    )
    assert result.exit_code == 0, result.output
    return {
        "report": json.loads(result.stdout),
        "spark": _tables(out / "spark"),
        "local": _local([EXAMPLES], out, load_settings()),
        "out": out,
    }


def test_examples_spark_tables_equal_the_local_run(examples_run: dict[str, Any]) -> None:
    _assert_same(examples_run["spark"], examples_run["local"])
    stories = examples_run["spark"]["stories"]
    assert len(stories) >= 3 and max(s["n_articles"] for s in stories) >= 3
    assert examples_run["spark"]["events"]


def test_examples_report_counts_what_was_written(examples_run: dict[str, Any]) -> None:
    report = examples_run["report"]
    assert report["stored"] == len(examples_run["spark"]["articles"])
    assert report["rows"] == {t: len(rows) for t, rows in examples_run["spark"].items()}
    assert report["skipped"]["unsupported_file"] >= 1  # README.md and the WARC's sources
    assert report["near_duplicates"] == sum(
        r["duplicate_kind"] == "near" for r in examples_run["spark"]["articles"]
    )


def test_examples_tables_are_partitioned_by_year_and_month(examples_run: dict[str, Any]) -> None:
    folders = {p.name for p in (examples_run["out"] / "spark" / "events").glob("year=*")}
    assert any(name.startswith("year=20") for name in folders)
    months = list((examples_run["out"] / "spark" / "articles").glob("year=*/month=*/*.parquet"))
    assert months


def _generated(root: Path) -> list[Path]:
    """A WARC of 120 synthetic pages (benchmarks/newsgen.py: near copies, 404s), then JSONL
    lines exercising the local run's first-copy rules, then a text file with a sidecar."""
    # in a child process: warcio's writer leaves temporary files to the garbage collector
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
        "import newsgen; newsgen.generate('warc', 120, 7, Path(sys.argv[2]))"
    )
    subprocess.run(
        [
            sys.executable,
            "-W",
            "ignore",
            "-c",
            script,
            str(ROOT / "benchmarks"),
            str(root / "warc"),
        ],
        check=True,
    )
    lines: list[Any] = [
        {"url": "https://dup.example/a", "text": "Too short.", "published": "2024-03-04"},
        {"outlet": "Valmora Courier", "text": PIER + "\n\nBy name, first.", "title": "Pier shut"},
        {
            "url": "https://courier.example/pier",
            "outlet": "Valmora Courier",
            "text": PIER,
            "title": "Pier to close",
            "published": "2024-03-04",
        },
        *(
            {
                "url": f"https://filler.example/{i}",
                "text": PIER.replace("Monday", f"day {i}") + f"\n\nFiller note {i} on the pier.",
                "published": "2024-03-05",
            }
            for i in range(8)
        ),
        {
            "url": "https://dup.example/a",
            "text": PIER + "\n\nA later copy.",
            "published": "2024-03-04",
        },
        {
            "outlet": "Valmora Courier",
            "text": PIER + "\n\nBy name, after the domain.",
            "published": "2024-03-04T10:00:00Z",
        },
        {"url": "https://dup.example/b", "text": PIER + "\n\nUrl b.", "published": "2024-03-06"},
        {
            "url": "https://dup.example/b",
            "text": PIER + "\n\nUrl b again.",
            "published": "2024-03-06",
        },
        "not json",
    ]
    (root / "jsonl").mkdir()
    (root / "jsonl" / "pier.jsonl").write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), "utf-8"
    )
    (root / "text").mkdir()
    (root / "text" / "pier.txt").write_text(PIER + "\n\nFrom a text file.", "utf-8")
    (root / "text" / "pier.json").write_text(
        json.dumps({"title": "Pier", "outlet": "Valmora Courier", "date": "2024-03-07"}), "utf-8"
    )
    return [root]


def test_generated_spark_tables_equal_the_local_run(
    spark: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from newsdesk.dist.spark import run_spark

    out = tmp_path_factory.mktemp("generated")
    inputs = _generated(out / "in")
    # small batches, so batch edges matter: which copy is kept, arrival order within a day
    settings = load_settings().replace(ingest__batch_size=7)
    report = run_spark([str(p) for p in inputs], str(out / "spark"), settings, partitions=3)
    spark_tables = _tables(out / "spark")
    _assert_same(spark_tables, _local(inputs, out, settings))
    articles = {r["url"]: r for r in spark_tables["articles"] if r["url"]}
    assert articles["https://dup.example/a"]["text"].endswith("A later copy.")
    assert articles["https://dup.example/b"]["text"].endswith("Url b.")
    by_name = [r for r in spark_tables["articles"] if r["url"] is None and r["outlet"]]
    assert {r["source_id"] for r in by_name} == {"valmora-courier", "courier.example"}
    assert report.already_stored == 1 and report.near_duplicates >= 3 and report.failed == 2
    assert len({r["story_id"] for r in spark_tables["stories"]}) >= 2
