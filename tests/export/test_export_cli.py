"""``newsdesk export`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_fixtures import database
from typer.testing import CliRunner

from newsdesk.cli import app, main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(database(tmp_path_factory))


def test_export_writes_gdelt_files_and_reports_on_stderr(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", db, "export", "--format", "gdelt", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "6 events, 7 mentions" in result.output
    assert len((tmp_path / "events.tsv").read_text().splitlines()) == 7


def test_plover_goes_to_stdout_with_a_dash(db: str) -> None:
    result = CliRunner().invoke(
        app, ["--db", db, "-q", "export", "-f", "plover", "--until", "2024-05-31", "-"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4 and all(r["date"] <= "2024-05-31" for r in lines)


def test_no_header_option(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--db", db, "export", "-f", "gdelt", "--no-header", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "mentions.tsv").read_text().startswith("GlobalEventID")


def test_an_unknown_format_is_a_usage_error(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", db, "export", "-f", "xml", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown; use one of gdelt, jsonl, parquet, plover" in result.output


def test_a_bad_date_is_a_usage_error(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--db", db, "export", "-f", "jsonl", "--since", "May", str(tmp_path / "x")]
    )
    assert result.exit_code == 2 and "not a date" in result.output


def test_an_unwritable_output_is_a_one_line_error(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "export", "-f", "parquet", str(blocker / "out")])
    err = capsys.readouterr().err
    assert exit_info.value.code == 1
    assert err.startswith("Error: export parquet to ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
