from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED

from newsdesk.errors import InputError
from newsdesk.evaluation.events import (
    CodedEvent,
    Participant,
    evaluate_events,
    format_events,
    read_event_records,
    score_events,
)


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return path


ROWS = [
    {
        "id": "a",
        "text": "Valmora expelled the Sel envoy.",
        "date": "2024-03-02",
        "events": [
            {
                "event_type": "SANCTION",
                "mode": "expel",
                "source": [{"text": "Valmora", "code": "VAL", "sector": "GOV"}],
                "target": [{"text": "the Sel envoy", "code": "SEL"}],
            }
        ],
    },
    {
        "id": "b",
        "text": "Police arrested strikers who blocked the port.",
        "events": [
            {
                "event_type": "COERCE",
                "mode": "arrest",
                "source": [{"text": "Police"}],
                "target": [{"text": "strikers"}],
            },
            {
                "event_type": "PROTEST",
                "mode": "obstruct",
                "source": [{"text": "strikers"}],
                "target": [],
            },
        ],
    },
    {"id": "c", "text": "The talks did not take place.", "events": []},
    {"id": "d", "text": "A long story about a raid.", "event_type": "COERCE", "mode": "seize"},
]


def test_reads_both_record_shapes(tmp_path: Path) -> None:
    records = read_event_records(_write(tmp_path, ROWS))
    assert [r.record_id for r in records] == ["a", "b", "c", "d"]
    assert str(records[0].pub_date) == "2024-03-02"
    assert records[0].events[0].actors == (Participant("Valmora", "VAL", "GOV"),)
    assert records[2].events == ()
    assert records[3].events is None and records[3].label == "COERCE"


def test_scores_by_hand(tmp_path: Path) -> None:
    records = read_event_records(_write(tmp_path, ROWS))
    predictions = [
        [
            CodedEvent(
                "SANCTION",
                "withdraw",
                (Participant("Valmora", "VAL"),),
                (Participant("envoy", "XXX"),),
            )
        ],
        [
            CodedEvent(
                "COERCE", "arrest", (Participant("Police"),), (Participant("the strikers"),)
            ),
            CodedEvent("ASSAULT", None),
        ],
        [CodedEvent("CONSULT", "meet")],
        [CodedEvent("ASSAULT"), CodedEvent("COERCE")],
    ]
    scores = score_events(records, predictions)
    assert (scores.records, scores.gold_events, scores.predicted_events) == (4, 3, 4)
    assert scores.per_type["SANCTION"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert scores.per_type["PROTEST"]["recall"] == 0.0
    assert scores.per_type["ASSAULT"]["support"] == 0
    # micro: tp 2, predicted 4, gold 3 -> P 0.5, R 2/3
    assert scores.micro_f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    # macro over gold types: SANCTION 1, COERCE 1 (document records are scored apart), PROTEST 0
    assert scores.macro_f1 == pytest.approx((1 + 1 + 0) / 3)
    assert scores.mode_accuracy == 0.5
    assert scores.actor_accuracy == 1.0
    assert scores.recipient_accuracy == 0.5, "code XXX is wrong; span overlap is right"
    assert (scores.empty_records, scores.false_positives_on_empty) == (1, 1)
    assert (scores.documents, scores.doc_accuracy) == (1, 1.0)
    report = format_events(scores)
    assert "macro F1 66.7%" in report and "SANCTION" in report


def test_each_gold_event_is_matched_once() -> None:
    from newsdesk.evaluation.events import EvalRecord

    record = EvalRecord("x", "t", None, (CodedEvent("ASSAULT"),))
    scores = score_events([record], [[CodedEvent("ASSAULT"), CodedEvent("ASSAULT")]])
    assert scores.per_type["ASSAULT"]["precision"] == 0.5


def test_evaluate_runs_the_coder_in_batches(tmp_path: Path) -> None:
    records = read_event_records(_write(tmp_path, ROWS))
    calls = []

    def coder(batch):
        calls.append(len(batch))
        return [[] for _ in batch]

    scores = evaluate_events(records, coder)
    assert calls == [4]
    assert scores.micro_f1 == 0.0 and scores.false_positives_on_empty == 0


def test_bad_records_name_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [ROWS[0], {"id": "x", "text": "no label"}])
    with pytest.raises(InputError, match="line 2"):
        read_event_records(path)


def test_oracle_scores_perfectly_on_the_shared_format() -> None:
    path = SHARED / "data" / "events" / "sentences_dev.jsonl"
    if not path.is_file():
        pytest.skip("../shared/data is not available")
    records = read_event_records(path)
    scores = evaluate_events(records, lambda batch: [list(r.events or ()) for r in batch])
    assert scores.macro_f1 == 1.0 and scores.false_positives_on_empty == 0
    assert scores.empty_records == 4
