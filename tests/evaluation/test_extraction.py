from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from newsdesk.errors import ExtractionError, InputError
from newsdesk.evaluation.common import read_jsonl_records
from newsdesk.evaluation.extraction import (
    ExtractionScores,
    evaluate_extraction,
    format_extraction,
    normalise,
    tokens,
)

PAGES = Path(__file__).resolve().parents[1] / "data" / "extraction" / "pages.jsonl"


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _stub(outputs: dict[str, str]):
    """An extractor returning ``outputs[html]``; an output of None raises ExtractionError."""

    def extract(html: str, url: str | None) -> str:
        output = outputs[html]
        if output is None:
            raise ExtractionError(f"{html}: no article text found in the HTML")
        return output

    return extract


def test_tokens_are_lowercase_unicode_word_runs() -> None:
    assert tokens("Ärger über Café-Preise, don't!") == {
        "ärger": 1,
        "über": 1,
        "café": 1,
        "preise": 1,
        "don": 1,
        "t": 1,
    }
    assert tokens("The the THE") == {"the": 3}


def test_normalise_folds_case_whitespace_and_quotes() -> None:
    assert normalise("  The\u00a0Union\u2019s\n\n  OFFER ") == "the union's offer"


def test_token_precision_recall_f1_micro_and_macro(tmp_path: Path) -> None:
    file = _write(
        tmp_path / "p.jsonl",
        [
            {"id": "1", "html": "h1", "text": "a b c d"},  # P 2/3, R 1/2, F1 4/7
            {"id": "2", "html": "h2", "text": "e e f"},  # P 1, R 2/3, F1 4/5
            {"id": "3", "html": "h3", "text": "  "},  # empty gold: not scored
        ],
    )
    scores = evaluate_extraction(file, extract=_stub({"h1": "a b x", "h2": "E e", "h3": "z z"}))
    assert scores.pages == 3
    assert scores.n_text_pages == 2
    assert scores.precision == pytest.approx(4 / 5)  # 4 common of 5 predicted
    assert scores.recall == pytest.approx(4 / 7)  # 4 common of 7 gold
    assert scores.f1 == pytest.approx(2 / 3)
    assert scores.f1_macro == pytest.approx((4 / 7 + 4 / 5) / 2)
    assert scores.with_kept is None
    assert scores.without_dropped is None


def test_repeated_tokens_count_as_a_multiset(tmp_path: Path) -> None:
    file = _write(tmp_path / "p.jsonl", [{"html": "h", "text": "yes yes no"}])
    scores = evaluate_extraction(file, extract=_stub({"h": "yes yes yes yes no"}))
    assert scores.precision == pytest.approx(3 / 5)
    assert scores.recall == pytest.approx(1.0)


def test_kept_and_dropped_segments(tmp_path: Path) -> None:
    file = _write(
        tmp_path / "p.jsonl",
        [
            {
                "id": "1",
                "html": "h1",
                "with": ["Alpha  Beta", "gamma"],
                "without": ["delta", "Epsilon zeta"],
                "notes": "extra fields are ignored",
            },
            {"id": "2", "html": "h2", "without": ["x y"]},
        ],
    )
    scores = evaluate_extraction(
        file, extract=_stub({"h1": "alpha beta\nDELTA epsilon", "h2": "X\n\n  Y"})
    )
    assert scores.with_kept == pytest.approx(1 / 2)
    assert scores.without_dropped == pytest.approx(1 / 3)
    assert (scores.n_with, scores.n_without) == (2, 3)
    assert scores.precision is None and scores.f1 is None and scores.f1_macro is None
    assert scores.to_dict()["precision"] is None


def test_extraction_error_counts_as_empty_output(tmp_path: Path) -> None:
    file = _write(
        tmp_path / "p.jsonl",
        [
            {"id": "ok", "html": "h1", "text": "a b"},
            {"id": "front", "html": "h2", "text": "c d", "with": ["c d"], "without": ["menu"]},
        ],
    )
    scores = evaluate_extraction(file, extract=_stub({"h1": "a b", "h2": None}))
    assert scores.pages == 2
    assert scores.n_empty == 1
    assert scores.precision == pytest.approx(1.0)
    assert scores.recall == pytest.approx(2 / 4)
    assert scores.f1_macro == pytest.approx(1 / 2)
    assert scores.with_kept == 0.0
    assert scores.without_dropped == 1.0


def test_invalid_json_line_names_file_and_line(tmp_path: Path) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_text('{"html": "h", "text": "a"}\n\n{"html": "h", oops}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl line 3: invalid JSON") as info:
        evaluate_extraction(file, extract=_stub({"h": "a"}))
    assert "\n" not in str(info.value)


def test_non_object_line_and_missing_html_are_input_errors(tmp_path: Path) -> None:
    listed = _write(tmp_path / "list.jsonl", [["not", "an", "object"]])
    with pytest.raises(InputError, match=r"list\.jsonl line 1: expected a JSON object"):
        list(read_jsonl_records(listed))
    no_html = _write(
        tmp_path / "nohtml.jsonl", [{"id": "a", "html": "h"}, {"id": "b", "text": "t"}]
    )
    with pytest.raises(InputError, match=r"nohtml\.jsonl line 2: .*'html'"):
        evaluate_extraction(no_html, extract=_stub({"h": ""}))


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"absent\.jsonl: cannot read"):
        evaluate_extraction(tmp_path / "absent.jsonl")


def test_reader_skips_blank_lines_and_keeps_line_numbers(tmp_path: Path) -> None:
    file = tmp_path / "r.jsonl"
    file.write_text('{"a": 1}\n\n   \n{"b": "é"}\n', encoding="utf-8")
    assert list(read_jsonl_records(file)) == [(1, {"a": 1}), (4, {"b": "é"})]


def test_gzipped_jsonl_gives_the_same_scores(tmp_path: Path) -> None:
    records = [{"html": "h1", "text": "a b c"}, {"html": "h2", "with": ["b"], "without": ["q"]}]
    plain = _write(tmp_path / "p.jsonl", records)
    packed = tmp_path / "p.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes(), mtime=0))
    extract = _stub({"h1": "a b", "h2": "b q"})
    assert evaluate_extraction(packed, extract=extract) == evaluate_extraction(
        plain, extract=extract
    )
    assert list(read_jsonl_records(packed))[1] == (2, records[1])


def test_scores_dict_and_report() -> None:
    scores = ExtractionScores(
        pages=3,
        precision=0.912345,
        recall=0.5,
        f1=0.64567,
        f1_macro=0.6,
        with_kept=None,
        without_dropped=0.75,
        n_text_pages=2,
        n_with=0,
        n_without=4,
        n_empty=1,
    )
    data = scores.to_dict()
    assert {"pages", "precision", "recall", "f1", "with_kept", "without_dropped"} <= set(data)
    assert data["precision"] == 0.9123
    assert data["with_kept"] is None
    assert isinstance(data["pages"], int)
    json.dumps(data)
    report = format_extraction(scores)
    assert "3 pages" in report
    assert "91.2%" in report and "75.0% dropped" in report
    assert "[" not in report, "plain text, no rich markup"


def test_default_extractor_on_team_pages() -> None:
    started = time.perf_counter()
    scores = evaluate_extraction(PAGES)
    assert time.perf_counter() - started < 5
    assert scores.pages == 8
    assert scores.n_text_pages == 6
    # Measured: P 0.985, R 1.0, F1 0.992, with kept 1.0, without dropped 0.870.
    assert scores.f1 is not None and scores.f1 >= 0.95
    assert scores.recall is not None and scores.recall >= 0.97
    assert scores.with_kept is not None and scores.with_kept >= 0.9
    assert scores.without_dropped is not None and scores.without_dropped >= 0.8
