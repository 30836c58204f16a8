from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTICLE_TEXT

from newsdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_TEXT + "\n\nWritten by: Ana Ruiz", "utf-8")
    (folder / "b.jsonl").write_text(
        json.dumps(
            {
                "text": "El puerto de Valmora reabrió el lunes tras una semana de negociaciones "
                "entre los sindicatos y los armadores, según informaron las autoridades.",
                "url": "https://diario.example/puerto",
                "published": "2024-03-04",
                "outlet": "Diario",
            }
        )
        + "\n",
        "utf-8",
    )
    return folder


def test_ingest_then_list_show_and_search(capsys, tmp_path: Path, corpus: Path) -> None:
    db = str(tmp_path / "cli.db")
    code, out, err = run(
        capsys,
        "--db",
        db,
        "ingest",
        str(corpus),
        "--date",
        "2024-03-02",
        "--outlet",
        "Valmora Herald",
    )
    assert code == 0, err
    assert "read 2 articles" in out and "stored 2 new" in out and "es 1" in out
    code, out, _ = run(capsys, "--db", db, "articles", "--json")
    rows = json.loads(out)
    assert {r["outlet"] for r in rows} == {"Valmora Herald", "Diario"}
    assert {r["lang"] for r in rows} == {"en", "es"}
    doc_id = next(r["doc_id"] for r in rows if r["lang"] == "en")
    code, out, _ = run(capsys, "--db", db, "show", doc_id[:10])
    assert code == 0 and "Ana Ruiz" in out and "cargo ships" in out
    assert "removed:   Written by: Ana Ruiz" in out
    code, out, _ = run(capsys, "--db", db, "show", doc_id, "--json")
    assert json.loads(out)["document"]["authors"] == ["Ana Ruiz"]
    code, out, _ = run(capsys, "--db", db, "articles", "--search", "cargo ships", "--format", "csv")
    assert out.splitlines()[0].startswith("doc_id,pub_date,outlet")
    assert len(out.splitlines()) == 2
    code, out, _ = run(capsys, "--db", db, "articles", "--lang", "es", "--format", "jsonl")
    assert [json.loads(line)["outlet"] for line in out.splitlines()] == ["Diario"]
    _, out, _ = run(capsys, "--db", db, "ingest", str(corpus), "--json")
    assert json.loads(out)["already_stored"] == 2


def test_failures_exit_1_with_one_line_errors(capsys, tmp_path: Path, corpus: Path) -> None:
    (corpus / "c.jsonl").write_text("{broken\n", "utf-8")
    code, out, err = run(capsys, "--db", str(tmp_path / "x.db"), "ingest", str(corpus))
    assert code == 1
    assert "stored 2 new" in out
    error_lines = err.strip().splitlines()
    assert error_lines == [
        f"Error: {corpus / 'c.jsonl'} line 1: invalid JSON "
        "(Expecting property name enclosed in double quotes at column 2)"
    ]
    code, out, _ = run(capsys, "--db", str(tmp_path / "x.db"), "articles", "--failures", "--json")
    assert json.loads(out)[0]["code"] == "bad_json"


def test_not_a_newsdesk_database(capsys, tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("not a database", "utf-8")
    code, out, err = run(capsys, "--db", str(db), "ingest", str(corpus))
    assert code == 1 and out == ""
    assert err.startswith("Error: database ") and "not a SQLite database" in err
    assert len(err.strip().splitlines()) == 1
    assert db.read_text("utf-8") == "not a database"


def test_unknown_article_and_bad_dates(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "show", "art_nothing")
    assert code == 1 and err.strip() == f"Error: article art_nothing: not in {tmp_path / 'x.db'}"
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "articles", "--since", "May")
    assert code == 2 and "--since 'May': not a date" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "ingest", "x", "--date", "soon")
    assert code == 1 and "not an ISO 8601 date" in err


def test_usage_error_exits_2(capsys) -> None:
    code, _, err = run(capsys, "ingest")
    assert code == 2 and "Missing argument" in err


def test_config_show_reports_origins(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSDESK_INGEST__BATCH_SIZE", "7")
    code, out, _ = run(capsys, "--db", str(tmp_path / "c.db"), "config", "show", "--json")
    assert code == 0
    rows = {r["setting"]: r for r in json.loads(out)}
    assert rows["ingest.batch_size"]["value"] == 7
    assert rows["ingest.batch_size"]["origin"] == "environment"
    assert rows["store.url"]["origin"] == "argument"
    assert rows["clean.min_chars"]["origin"] == "default"


def test_every_command_has_help(capsys) -> None:
    for command in (
        ["ingest"],
        ["articles"],
        ["show"],
        ["demo"],
        ["config", "show"],
        ["eval", "extraction"],
        ["eval", "events"],
        ["eval", "quotes"],
        ["eval", "stories"],
        ["extract"],
        ["events"],
        ["actors"],
        ["group"],
        ["run"],
        ["stories"],
        ["story"],
        ["brief"],
    ):
        code, out, _ = run(capsys, *command, "--help")
        assert code == 0 and "Usage: newsdesk" in out


def test_stdin_jsonl(tmp_path: Path) -> None:
    record = json.dumps({"text": ARTICLE_TEXT, "url": "https://x.example/1"})
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "--db", str(tmp_path / "s.db"), "ingest", "-", "--json"],
        input=record + "\n",
        text=True,
        capture_output=True,
        env={**os.environ, "COLUMNS": "100"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["stored"] == 1


def test_eval_events_prints_the_documented_keys(capsys, tmp_path: Path) -> None:
    rows = [
        {
            "id": "1",
            "text": "Ghana expelled two Chinese diplomats on Tuesday.",
            "events": [
                {
                    "event_type": "SANCTION",
                    "mode": "expel",
                    "source": [{"text": "Ghana", "code": "GHA"}],
                    "target": [{"text": "two Chinese diplomats", "code": "CHN"}],
                }
            ],
        },
        {"id": "2", "text": "The two leaders did not meet in Geneva.", "events": []},
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    code, out, err = run(capsys, "eval", "events", str(path), "--json")
    assert code == 0, err
    scores = json.loads(out)
    for key in (
        "records",
        "gold_events",
        "predicted_events",
        "micro_f1",
        "macro_f1",
        "per_type",
        "mode_accuracy",
        "actor_accuracy",
        "recipient_accuracy",
        "false_positives_on_empty",
    ):
        assert key in scores
    assert scores["per_type"]["SANCTION"]["f1"] == 1.0
    assert scores["actor_accuracy"] == 1.0 and scores["recipient_accuracy"] == 1.0
    assert scores["false_positives_on_empty"] == 0


def test_eval_quotes_prints_the_documented_keys(capsys, tmp_path: Path) -> None:
    text = '"The bridge is safe," the engineer said on Monday.'
    row = {
        "id": "q1",
        "text": text,
        "attributions": [
            {
                "id": "E1",
                "type": "Attribution",
                "source": [{"start": 22, "end": 34, "text": "the engineer"}],
                "cue": [{"start": 35, "end": 39, "text": "said"}],
                "content": [{"start": 0, "end": 21, "text": '"The bridge is safe,"'}],
            }
        ],
    }
    path = tmp_path / "quotes.jsonl"
    path.write_text(json.dumps(row) + "\n", "utf-8")
    code, out, err = run(capsys, "eval", "quotes", str(path), "--json")
    assert code == 0, err
    scores = json.loads(out)
    assert scores["articles"] == 1
    for key in ("direct", "all"):
        assert {"precision", "recall", "f1", "speaker_accuracy"} <= set(scores[key])
    assert scores["direct"]["f1"] == 1.0 and scores["direct"]["speaker_accuracy"] == 1.0
    code, out, _ = run(capsys, "eval", "quotes", str(path))
    assert code == 0 and "direct" in out


EVENT_TEXT = (
    "Kenyan police arrested opposition leader Raila Odinga in Nairobi on Thursday.\n\n"
    "The European Union condemned the arrest and urged the government to free Odinga."
)


def test_extract_events_and_actors(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "events.db")
    article = tmp_path / "odinga.txt"
    article.write_text(EVENT_TEXT, "utf-8")
    assert run(capsys, "--db", db, "ingest", str(article), "--date", "2024-04-06")[0] == 0
    code, out, err = run(capsys, "--db", db, "extract", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["extracted"] == 1 and summary["events"] >= 1
    code, out, _ = run(capsys, "--db", db, "extract", "--json")
    assert json.loads(out)["unchanged"] == 1
    code, out, _ = run(capsys, "--db", db, "events", "--type", "COERCE", "--json")
    rows = json.loads(out)
    assert rows and rows[0]["recipient"]["name"] == "Raila Odinga"
    assert rows[0]["date"] == "2024-04-04" and rows[0]["place"]["name"] == "Nairobi"
    code, out, _ = run(capsys, "--db", db, "events", "--country", "KEN", "--format", "csv")
    assert out.splitlines()[0].startswith("date,event,actor,recipient")
    code, out, _ = run(capsys, "--db", db, "events", "--actor", "odinga", "--json")
    assert code == 0 and json.loads(out) == []  # Odinga is arrested, he does not act
    code, out, _ = run(capsys, "--db", db, "actors", "Odinga", "--json")
    assert [a["name"] for a in json.loads(out)] == ["Raila Odinga"]
    code, _, err = run(capsys, "--db", db, "events", "--since", "yesterday")
    assert code == 2 and "--since 'yesterday'" in err


STORY_KEYS = {
    "articles",
    "gold_clusters",
    "predicted_clusters",
    "bcubed_precision",
    "bcubed_recall",
    "bcubed_f1",
    "pairwise_precision",
    "pairwise_recall",
    "pairwise_f1",
}


def test_eval_stories_prints_the_documented_keys(capsys, tmp_path: Path) -> None:
    port = (
        "The port of Valmora closed on Monday after a storm damaged the main pier, officials said."
    )
    rows = [
        {
            "id": "1",
            "title": "Storm closes Valmora port",
            "text": port,
            "date": "2024-03-04",
            "cluster": "port",
        },
        {
            "id": "2",
            "title": "Valmora port shut by storm",
            "text": port.replace("Monday", "Monday night"),
            "date": "2024-03-05",
            "cluster": "port",
        },
        {
            "id": "3",
            "title": "",
            "text": "Parliament in Sel delayed the budget vote to June.",
            "date": None,
            "cluster": "budget",
        },
    ]
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    code, out, err = run(capsys, "eval", "stories", str(path), "--json")
    assert code == 0, err
    scores = json.loads(out)
    assert set(scores) == STORY_KEYS
    assert scores["articles"] == 3 and scores["gold_clusters"] == 2
    assert scores["bcubed_f1"] == 1.0 and scores["predicted_clusters"] == 2
    code, out, err = run(capsys, "eval", "stories", str(path), "--baseline")
    assert code == 0, err
    assert "B-cubed F1" in out and "baseline" in out
    code, out, err = run(capsys, "eval", "stories", str(path), "--baseline", "--json")
    assert set(json.loads(out)["baseline"]) == STORY_KEYS


EVENT_TEXT = (
    "Kenyan police arrested opposition leader Raila Odinga in Nairobi on Thursday.\n\n"
    "The European Union condemned the arrest and urged the government to free Odinga."
)


def test_group_stories_story_and_brief(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "stories.db")
    rows = [
        {
            "id": f"a{i}",
            "outlet": outlet,
            "published": "2024-05-08",
            "title": "Kenya expels two Somali diplomats",
            "text": (
                f"Kenya expelled two Somali diplomats on Tuesday, {outlet} reported. "
                "The foreign ministry in Nairobi said the envoys had ten days to leave. "
                "Somalia condemned the expulsions on Wednesday."
            ),
        }
        for i, outlet in enumerate(("Coast Daily", "Horn Wire"))
    ]
    path = tmp_path / "kenya.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    code, out, err = run(capsys, "--db", db, "run", str(path), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["ingest"]["stored"] == 2 and summary["stories"]["articles"] == 2
    code, out, err = run(capsys, "--db", db, "stories", "--json")
    assert code == 0, err
    stories = json.loads(out)
    assert len(stories) == 1 and stories[0]["n_sources"] == 2
    story_id = stories[0]["story_id"]
    code, out, err = run(capsys, "--db", db, "story", story_id[4:12], "--json")
    assert code == 0, err
    shown = json.loads(out)
    expel = [e for e in shown["events"] if e["event_type"] == "SANCTION"]
    assert expel and expel[0]["n_sources"] == 2
    code, out, err = run(capsys, "--db", db, "brief", story_id, "--format", "md")
    assert code == 0, err
    assert out.startswith("# ") and "## Sources" in out and "[1]" in out
    code, out, err = run(capsys, "--db", db, "group", "--json")
    assert code == 0 and json.loads(out)["articles"] == 0  # nothing new: nothing to do
    code, out, err = run(capsys, "--db", db, "story", "sty_nope")
    assert code == 1 and "not in the database" in err
