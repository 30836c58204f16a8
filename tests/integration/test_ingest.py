from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import PARAGRAPHS

from newsdesk import Desk
from newsdesk.store import open_store


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"story-{i:05d}.txt").write_text(
            f"Report {i}: inspectors in district {i} counted {i * 7 + 3} ships.\n\n"
            + PARAGRAPHS[i % 3]
            + f" The tally for district {i} was {i * 13 % 97}.",
            encoding="utf-8",
        )
    return folder


def test_reingesting_stores_nothing_new(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", 12)
    with Desk(db=tmp_path / "a.db") as desk:
        first = desk.ingest([corpus])
        second = desk.ingest([corpus])
        assert (first.read, first.stored, first.already_stored) == (12, 12, 0)
        assert (second.read, second.stored, second.already_stored) == (12, 0, 12)
        assert desk.store.counts()["documents"] == 12


def test_missing_path_and_empty_folder_are_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "picture.png").write_bytes(b"\x89PNG\r\n")
    with Desk(db=tmp_path / "a.db") as desk:
        report = desk.ingest([tmp_path / "nope", tmp_path / "empty"])
    messages = [f.message for f in report.failures]
    assert any("no such file or directory" in m and "nope" in m for m in messages)
    assert any("empty" in m and "no files" in m for m in messages)
    assert report.stored == 0


def test_bad_input_never_loses_what_was_stored(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", 3)
    with Desk(db=tmp_path / "a.db") as desk:
        desk.ingest([corpus])
        (corpus / "binary.txt").write_bytes(bytes(range(256)) * 10)
        (corpus / "broken.jsonl").write_text("{oops\n", "utf-8")
        report = desk.ingest([corpus])
        assert report.failed == 2
        assert desk.store.counts()["documents"] == 3


KILL_SCRIPT = textwrap.dedent("""
    import sys, time
    from newsdesk import Desk
    from newsdesk.pipeline import run_ingest
    import newsdesk.pipeline as pipeline

    original = pipeline._ingest_batch
    def slow_batch(*args, **kwargs):
        original(*args, **kwargs)
        print("batch", flush=True)
        time.sleep(0.3)
    pipeline._ingest_batch = slow_batch
    with Desk(db=sys.argv[1]) as desk:
        desk.ingest([sys.argv[2]])
""")


@pytest.mark.slow
def test_kill_mid_run_leaves_a_consistent_database_and_rerun_finishes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", 600)
    db = tmp_path / "killed.db"
    env = {**os.environ, "NEWSDESK_INGEST__BATCH_SIZE": "50"}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(db), str(corpus)],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    for _ in range(3):
        assert proc.stdout.readline().strip() == "batch"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL

    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n_docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        n_articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        n_sigs = conn.execute("SELECT COUNT(*) FROM doc_signatures").fetchone()[0]
        n_fts = conn.execute("SELECT COUNT(*) FROM documents_fts").fetchone()[0]
    conn.close()
    assert n_docs % 50 == 0 and 150 <= n_docs < 600, "whole batches only"
    assert n_docs == n_articles == n_sigs == n_fts

    with Desk(db=db) as desk:
        report = desk.ingest([corpus])
        assert report.already_stored == n_docs
        assert report.stored == 600 - n_docs
        assert desk.store.counts()["documents"] == 600


def test_cleaning_failure_is_recorded_and_retried_next_time(tmp_path: Path) -> None:
    page = tmp_path / "front.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    with Desk(db=tmp_path / "a.db") as desk:
        report = desk.ingest([page])
        assert report.failed == 1 and report.failures[0].stage == "clean"
        assert [f.code for f in desk.failures()] == ["no_text"]
        assert desk.ingest([page]).failed == 1, "not marked as stored, so tried again"


def test_stored_database_reopens_with_its_data(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", 2)
    with Desk(db=tmp_path / "a.db") as desk:
        desk.ingest([corpus])
    store = open_store(str(tmp_path / "a.db"))
    assert store.counts()["documents"] == 2
    store.close()
    assert json.loads(json.dumps(store.counts()))["articles"] == 2


def test_outlet_named_without_url_joins_its_domain_source(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(
        json.dumps(
            {"text": PARAGRAPHS[0], "url": "https://www.coast.example/a", "outlet": "Coast Times"}
        )
        + "\n",
        "utf-8",
    )
    (tmp_path / "in" / "b.txt").write_text(
        PARAGRAPHS[1] + "\n\nThis article is owned by Coast Times.", "utf-8"
    )
    with Desk(db=tmp_path / "a.db") as desk:
        desk.ingest([tmp_path / "in"])
        assert [s.source_id for s in desk.sources()] == ["coast.example"]
        assert {d.source_id for d in desk.articles()} == {"coast.example"}
        assert {desk.article(d.doc_id).article.source_id for d in desk.articles()} == {
            "coast.example"
        }
