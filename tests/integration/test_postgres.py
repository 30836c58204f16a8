"""End to end on PostgreSQL: the example corpus through ingest, extract and group gives the
same records as on SQLite; two `newsdesk ingest` processes at once lose nothing (on both
backends). The PostgreSQL cases skip unless NEWSDESK_TEST_PG is set (tests/conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, PARAGRAPHS, pg_database
from fastapi.testclient import TestClient

from newsdesk import Desk
from newsdesk.api import create_app
from newsdesk.config import load_settings
from newsdesk.store import DocumentQuery, EventQuery, SQLStore, open_store
from newsdesk.store.base import StoryQuery


def _records(store: SQLStore) -> dict[str, Any]:
    """Everything the pipeline stored, as plain data (times of writing left out)."""

    def plain(record: Any, *drop: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(json.dumps(record.to_dict(), default=str))
        return {k: v for k, v in data.items() if k not in drop}

    return {
        "documents": [plain(d) for d in store.documents(DocumentQuery(limit=None))],
        "reports": [plain(r) for r in store.event_reports(EventQuery(unreal=True, limit=None))],
        "events": [plain(e) for e in store.events(EventQuery(limit=None))],
        "stories": [plain(s, "updated_at") for s in store.stories(StoryQuery(limit=None))],
        "actors": [plain(a) for a in store.actors(limit=None)],
        "sources": [plain(s) for s in store.sources()],
        "series": [str(row) for row in store.event_series(EventQuery())],
        "search": [d.doc_id for d in store.documents(DocumentQuery(search="ambassador said"))],
    }


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The example corpus run through the pipeline into SQLite and into PostgreSQL."""
    with pg_database() as pg_url:
        urls = {"sqlite": str(tmp_path_factory.mktemp("pg") / "examples.db"), "postgresql": pg_url}
        for url in urls.values():
            with Desk(url, settings=load_settings(env={})) as desk:
                desk.run([EXAMPLES])
        yield urls


def test_the_pipeline_stores_the_same_records_on_both_backends(both: dict[str, str]) -> None:
    found = {}
    for backend, url in both.items():
        store = open_store(url)
        assert isinstance(store, SQLStore) and store.engine.dialect.name == backend
        found[backend] = _records(store)
        store.close()
    sqlite, postgres = found["sqlite"], found["postgresql"]
    assert len(sqlite["events"]) > 50 and len(sqlite["stories"]) >= 3 and sqlite["search"]
    for table in sqlite:
        assert postgres[table] == sqlite[table], table


def test_the_events_route_answers_the_same_on_both_backends(both: dict[str, str]) -> None:
    pages = {}
    for backend, url in both.items():
        settings = load_settings(env={}, store__url=url)
        with TestClient(create_app(settings)) as client:
            response = client.get("/api/v1/events", params={"limit": 20, "country": "ECU"})
            assert response.status_code == 200, response.text
            pages[backend] = response.json()
            missing = client.get("/api/v1/stories/sty_00000000000000000000")
            assert missing.status_code == 404
            assert "newsdesk_test" not in missing.text and "127.0.0.1" not in missing.text
    assert pages["postgresql"]["items"], "the example corpus has events with Ecuador"
    assert pages["postgresql"] == pages["sqlite"]


def _corpus(folder: Path, numbers: range) -> Path:
    """Own-words articles, one file each; the same number gives the same file (and id)."""
    folder.mkdir(parents=True)
    for i in numbers:
        (folder / f"report-{i:04d}.txt").write_text(
            f"Harbour report {i}: inspectors in district {i} counted {i * 7 + 3} ships "
            f"and {i * 11 % 89} barges.\n\n{PARAGRAPHS[i % 3]} The tally for district {i} "
            f"was {i * 13 % 97}, the clerk for ward {i % 17} said.",
            encoding="utf-8",
        )
    return folder


def test_two_ingest_processes_at_once_lose_nothing(db_url: str, tmp_path: Path) -> None:
    """Two `newsdesk ingest` runs on overlapping inputs at the same moment, in small
    batches: both succeed and every article is stored exactly once."""
    first = _corpus(tmp_path / "first", range(0, 240))
    second = _corpus(tmp_path / "second", range(120, 360))  # 120 articles in both
    env = {**os.environ, "NEWSDESK_INGEST__BATCH_SIZE": "20", "NEWSDESK_DB": db_url}
    command = [sys.executable, "-m", "newsdesk", "-q"]
    runs = [  # one names the database with --db, the other through NEWSDESK_DB
        subprocess.Popen(
            [*command, "--db", db_url, "ingest", "--json", str(first)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
        subprocess.Popen(
            [*command, "ingest", "--json", str(second)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
    ]
    reports = []
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        reports.append(json.loads(out))
    assert [(r["read"], r["failed"]) for r in reports] == [(240, 0), (240, 0)]

    expected = {f"report-{i:04d}.txt" for i in range(360)}
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    counts = store.counts()
    assert counts["articles"] == counts["documents"] == 360 and counts["failures"] == 0
    ids = store.document_ids(DocumentQuery())
    assert len(ids) == len(set(ids)) == 360
    origins = {Path(store.article(i).article.origin.removeprefix("file:")).name for i in ids}
    assert origins == expected
    signatures = store.signatures(ids)
    assert len(signatures) == 360
    store.close()
