"""Scoring quote extraction against annotated articles (hand-made records)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.errors import InputError
from newsdesk.evaluation.quotes import (
    evaluate_quotes,
    format_quotes,
    read_quote_records,
    score_quotes,
)
from newsdesk.model import Participant, Quote

TEXT = '"The bridge is safe," the engineer said. The mayor said that repairs would start in May.'
QUOTED = (0, TEXT.index(",") + 2)  # "The bridge is safe,"
ENGINEER = (TEXT.index("the engineer"), TEXT.index("the engineer") + len("the engineer"))
INDIRECT = (TEXT.index("that repairs"), TEXT.index(" would") + len(" would start in May"))
MAYOR = (TEXT.index("The mayor"), TEXT.index("The mayor") + len("The mayor"))


def span(start: int, end: int) -> dict[str, object]:
    return {"start": start, "end": end, "text": TEXT[start:end]}


def write(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "quotes.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return path


ROW = {
    "id": "a1",
    "text": TEXT,
    "attributions": [
        {
            "id": "E1",
            "type": "Attribution",
            "source": [span(*ENGINEER)],
            "content": [span(*QUOTED)],
        },
        {"id": "E2", "type": "Attribution", "source": [span(*MAYOR)], "content": [span(*INDIRECT)]},
    ],
    "ignored": "extra fields are fine",
}


def quote(content: tuple[int, int], speaker: tuple[int, int] | None) -> Quote:
    who = None
    if speaker is not None:
        who = Participant(text=TEXT[speaker[0] : speaker[1]], start=speaker[0], end=speaker[1])
    return Quote(
        quote_id=f"quo_{content[0]}",
        doc_id="a1",
        kind="direct",
        content=(content,),
        text=TEXT[content[0] : content[1]],
        speaker=who,
    )


def test_reading_keeps_segments_and_flags_direct_quotes(tmp_path: Path) -> None:
    records = read_quote_records(write(tmp_path, [ROW]))
    assert [a.direct for a in records[0].attributions] == [True, False]
    assert records[0].attributions[1].content == (INDIRECT,)


def test_perfect_predictions_score_one(tmp_path: Path) -> None:
    records = read_quote_records(write(tmp_path, [ROW]))
    scores = score_quotes(records, [[quote(QUOTED, ENGINEER), quote(INDIRECT, MAYOR)]])
    for row in (scores.direct, scores.all):
        assert row.precision == row.recall == row.f1 == 1.0
        assert row.exact_f1 == 1.0 and row.speaker_accuracy == 1.0
    assert scores.direct.gold == 1 and scores.all.gold == 2


def test_partial_content_wrong_speaker_and_a_false_positive(tmp_path: Path) -> None:
    records = read_quote_records(write(tmp_path, [ROW]))
    half = (INDIRECT[0], INDIRECT[0] + len("that repairs"))  # 2 of 6 words
    scores = score_quotes(records, [[quote(half, ENGINEER), quote(MAYOR, None)]])
    assert scores.direct.predicted == 0 and scores.direct.recall == 0.0
    row = scores.all
    assert row.predicted == 2 and row.matched == 1
    assert row.precision == pytest.approx(2 / 4)  # 2 shared of 2 + 2 predicted words
    assert row.recall == pytest.approx(2 / 10)  # of 4 + 6 gold words
    assert row.exact_f1 == 0.0 and row.speaker_accuracy == 0.0
    assert "direct" in format_quotes(scores)


def test_scores_as_documented_json(tmp_path: Path) -> None:
    records = read_quote_records(write(tmp_path, [ROW]))
    data = score_quotes(records, [[]]).to_dict()
    assert data["articles"] == 1
    for key in ("direct", "all"):
        assert {"precision", "recall", "f1", "speaker_accuracy"} <= set(data[key])
    assert data["all"]["speaker_accuracy"] is None  # nothing matched, nothing to score


@pytest.mark.parametrize(
    "row",
    [
        {"id": "x"},
        {"id": "x", "text": "Hi.", "attributions": {}},
        {"id": "x", "text": "Hi.", "attributions": [{"content": [{"start": 0, "end": 99}]}]},
    ],
)
def test_bad_records_raise_input_errors(tmp_path: Path, row: dict[str, object]) -> None:
    with pytest.raises(InputError):
        read_quote_records(write(tmp_path, [row]))


def test_evaluate_runs_the_extractor(tmp_path: Path) -> None:
    scores = evaluate_quotes(read_quote_records(write(tmp_path, [ROW])))
    assert scores.direct.f1 == 1.0 and scores.direct.speaker_accuracy == 1.0
    assert scores.all.recall == 1.0
