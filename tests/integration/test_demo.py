"""The bundled example corpus: ingested end to end, and reproducible."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import EXAMPLES

from newsdesk import Desk
from newsdesk.cli import main


def test_example_corpus_ingests_cleanly(tmp_path: Path) -> None:
    with Desk(db=tmp_path / "demo.db") as desk:
        report = desk.ingest([EXAMPLES])
        assert (report.read, report.stored, report.failed) == (18, 18, 0)
        assert (report.exact_duplicates, report.near_duplicates) == (0, 1)
        assert dict(report.other_language) == {"es": 1}
        assert {"http_301", "http_404", "not_html"} <= set(report.skipped)
        assert sorted(s.source_id for s in desk.sources()) == [
            "capitaldispatch.example",
            "harborledger.example",
            "meridianwire.example",
            "observadorandino.example",
            "sahelmonitor.example",
        ]
        (copy,) = [d for d in desk.articles(limit=None) if d.duplicate_of]
        original = desk.article(copy.duplicate_of)
        assert original.source is not None and original.source.name == "Meridian Wire"
        assert copy.source_id == "capitaldispatch.example"
        (cp1252,) = desk.articles(search="diplomats Quito airport Canseco")
        assert "Andrés Manuel López Obrador" in cp1252.text
        for document in desk.articles(limit=None):
            assert "READ MORE" not in document.text and "Written by" not in document.text
        assert desk.ingest([EXAMPLES]).stored == 0


def test_demo_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(tmp_path / "demo.db"), "demo"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "stored 18 new" in out and "1 near" in out
    assert "Mexico takes Ecuador to World Court" in out


def test_example_warc_is_reproducible(tmp_path: Path) -> None:
    script = EXAMPLES / "warc" / "make_warc.py"
    spec = importlib.util.spec_from_file_location("make_warc", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(tmp_path / "rebuilt.warc.gz")
    assert built.read_bytes() == (EXAMPLES / "warc" / "cc-news-sample.warc.gz").read_bytes()
