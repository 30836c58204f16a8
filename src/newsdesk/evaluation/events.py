"""Scores of event coding against annotated sentences or stories.

Two record shapes (docs/formats.md, "events"):

- sentence level: ``{"id", "text", "date"?, "events": [{"event_type", "mode", "source": [...],
  "target": [...]}]}``; ``events: []`` means the text reports no event.
- document level: ``{"id", "text", "event_type", "mode"}``: one label for the whole story.

Matching (sentence level): within a record, a predicted event matches a gold event of the same
type; each gold event is matched at most once, preferring the candidate whose actor and
recipient agree best. Per-type precision/recall/F1 follow; ``macro_f1`` averages the F1 of the
types that occur in the gold data. On matched events: mode accuracy (over gold events that
carry a mode), actor and recipient accuracy (over gold events that name one): right when a
predicted participant has the gold ``code``, or, where gold has no code, when their spans
overlap. ``false_positives_on_empty`` counts records with ``events: []`` that received a
prediction. Document level: ``doc_accuracy`` is the share of stories whose label is among the
predicted event types.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newsdesk.config import Settings
from newsdesk.errors import InputError
from newsdesk.evaluation.common import read_jsonl_records

BATCH = 256


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor or recipient: the span as written and its resolved code, if any."""

    text: str | None = None
    code: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class CodedEvent:
    """One event, gold or predicted, in the terms the scores need."""

    event_type: str
    mode: str | None = None
    actors: tuple[Participant, ...] = ()
    recipients: tuple[Participant, ...] = ()


@dataclass(frozen=True, slots=True)
class EvalRecord:
    record_id: str
    text: str
    pub_date: date | None
    events: tuple[CodedEvent, ...] | None  # None: document-level record
    label: str | None = None


Coder = Callable[[Sequence[EvalRecord]], list[list[CodedEvent]]]


@dataclass(slots=True)
class EventScores:
    records: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    micro_f1: float | None = None
    macro_f1: float | None = None
    per_type: dict[str, dict[str, float | int]] = field(default_factory=dict)
    mode_accuracy: float | None = None
    actor_accuracy: float | None = None
    recipient_accuracy: float | None = None
    empty_records: int = 0
    false_positives_on_empty: int = 0
    documents: int = 0
    doc_accuracy: float | None = None
    doc_per_type: dict[str, dict[str, float | int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def rounded(value: Any) -> Any:
            if isinstance(value, float):
                return round(value, 4)
            if isinstance(value, dict):
                return {k: rounded(v) for k, v in value.items()}
            return value

        return {name: rounded(getattr(self, name)) for name in self.__slots__}


def read_event_records(path: str | Path) -> list[EvalRecord]:
    """Every record of an events file, sentence or document level."""
    records = []
    for number, data in read_jsonl_records(path):
        where = f"{path} line {number}"
        text = data.get("text")
        if not isinstance(text, str):
            raise InputError(f"{where}: no 'text' string", code="bad_record")
        record_id = str(data.get("id") or f"line-{number}")
        pub_date = _date(data.get("date"), where)
        if "events" in data:
            if not isinstance(data["events"], list):
                raise InputError(f"{where}: 'events' must be a list", code="bad_record")
            events = tuple(_event(e, where) for e in data["events"])
            records.append(EvalRecord(record_id, text, pub_date, events))
        elif isinstance(data.get("event_type"), str):
            records.append(EvalRecord(record_id, text, pub_date, None, data["event_type"]))
        else:
            raise InputError(f"{where}: neither 'events' nor 'event_type'", code="bad_record")
    return records


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise InputError(f"{where}: 'date' {value!r} is not YYYY-MM-DD", code="bad_record") from err


def _event(data: Any, where: str) -> CodedEvent:
    if not isinstance(data, dict) or not isinstance(data.get("event_type"), str):
        raise InputError(f"{where}: each event needs an 'event_type'", code="bad_record")
    return CodedEvent(
        event_type=data["event_type"].upper(),
        mode=data.get("mode") or None,
        actors=_participants(data.get("source"), where),
        recipients=_participants(data.get("target"), where),
    )


def _participants(value: Any, where: str) -> tuple[Participant, ...]:
    if value in (None, ""):
        return ()
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(Participant(text=item))
        elif isinstance(item, dict):
            out.append(
                Participant(
                    text=item.get("text"),
                    code=item.get("code") or None,
                    sector=item.get("sector") or None,
                )
            )
        else:
            raise InputError(f"{where}: source/target items must be objects", code="bad_record")
    return tuple(out)


def evaluate_events(records: Sequence[EvalRecord], coder: Coder) -> EventScores:
    """Run ``coder`` over ``records`` (in batches) and score it."""
    predictions: list[list[CodedEvent]] = []
    for start in range(0, len(records), BATCH):
        chunk = records[start : start + BATCH]
        got = coder(chunk)
        if len(got) != len(chunk):
            raise ValueError("the coder must return one list of events per record")
        predictions.extend(got)
    return score_events(records, predictions)


def score_events(
    records: Sequence[EvalRecord], predictions: Sequence[Sequence[CodedEvent]]
) -> EventScores:
    scores = EventScores(records=len(records))
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    mode = [0, 0]
    actor = [0, 0]
    recipient = [0, 0]
    doc_hits: Counter[str] = Counter()
    doc_support: Counter[str] = Counter()
    for record, predicted in zip(records, predictions, strict=True):
        if record.events is None:
            label = record.label or ""
            scores.documents += 1
            doc_support[label] += 1
            doc_hits[label] += any(p.event_type == label for p in predicted)
            continue
        scores.gold_events += len(record.events)
        scores.predicted_events += len(predicted)
        if not record.events:
            scores.empty_records += 1
            scores.false_positives_on_empty += bool(predicted)
        n_gold.update(e.event_type for e in record.events)
        n_pred.update(p.event_type for p in predicted)
        for gold, pred in _match(record.events, predicted):
            tp[gold.event_type] += 1
            if gold.mode:
                mode[0] += gold.mode == pred.mode
                mode[1] += 1
            if gold.actors:
                actor[0] += _participants_agree(gold.actors, pred.actors)
                actor[1] += 1
            if gold.recipients:
                recipient[0] += _participants_agree(gold.recipients, pred.recipients)
                recipient[1] += 1
    _fill_type_scores(scores, tp, n_gold, n_pred)
    scores.mode_accuracy = _ratio(*mode)
    scores.actor_accuracy = _ratio(*actor)
    scores.recipient_accuracy = _ratio(*recipient)
    if scores.documents:
        scores.doc_accuracy = sum(doc_hits.values()) / scores.documents
        scores.doc_per_type = {
            t: {"accuracy": doc_hits[t] / doc_support[t], "support": doc_support[t]}
            for t in sorted(doc_support)
        }
    return scores


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _fill_type_scores(
    scores: EventScores, tp: Counter[str], n_gold: Counter[str], n_pred: Counter[str]
) -> None:
    if not n_gold and not n_pred:
        return
    f1s = []
    for event_type in sorted(set(n_gold) | set(n_pred)):
        precision = tp[event_type] / n_pred[event_type] if n_pred[event_type] else 0.0
        recall = tp[event_type] / n_gold[event_type] if n_gold[event_type] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.per_type[event_type] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": n_gold[event_type],
        }
        if n_gold[event_type]:
            f1s.append(f1)
    total_tp, total_gold, total_pred = sum(tp.values()), sum(n_gold.values()), sum(n_pred.values())
    precision = total_tp / total_pred if total_pred else 0.0
    recall = total_tp / total_gold if total_gold else 0.0
    scores.micro_f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    scores.macro_f1 = sum(f1s) / len(f1s) if f1s else None


def _match(
    gold: Sequence[CodedEvent], predicted: Sequence[CodedEvent]
) -> list[tuple[CodedEvent, CodedEvent]]:
    """Pairs of gold and predicted events of the same type, each used once; among
    candidates, the one whose participants agree best is taken."""
    free = list(predicted)
    pairs = []
    for event in gold:
        candidates = [p for p in free if p.event_type == event.event_type]
        if not candidates:
            continue
        best = max(
            candidates,
            key=lambda p: (
                _participants_agree(event.actors, p.actors)
                + _participants_agree(event.recipients, p.recipients)
            ),
        )
        free.remove(best)
        pairs.append((event, best))
    return pairs


def _participants_agree(gold: Sequence[Participant], predicted: Sequence[Participant]) -> bool:
    for g in gold:
        for p in predicted:
            if g.code:
                if p.code and p.code == g.code:
                    return True
            elif g.text and p.text and _overlap(g.text, p.text):
                return True
    return False


def _overlap(a: str, b: str) -> bool:
    words_a = {w for w in a.casefold().split() if len(w) > 2}
    words_b = {w for w in b.casefold().split() if len(w) > 2}
    return bool(words_a & words_b) or a.casefold() in b.casefold() or b.casefold() in a.casefold()


def extractor_coder(settings: Settings | None = None) -> Coder:
    """The whole extractor (:class:`~newsdesk.events.extract.Extractor`: parse, triggers,
    actor resolution, flags) as a :data:`Coder`: each record is a one-document article
    dated by its ``date``; negated and hypothetical reports are not events."""
    from newsdesk.events.extract import Extractor
    from newsdesk.model import Document
    from newsdesk.model import Participant as Who
    from newsdesk.nlp.sentences import split_sentences

    extractor = Extractor(settings)

    def participants(who: Who | None, codes: dict[str, str | None]) -> tuple[Participant, ...]:
        if who is None:
            return ()
        code = codes.get(who.actor_id or "") or who.country
        out = [Participant(who.text, code, who.sector)]
        if who.name and who.name != who.text:
            out.append(Participant(who.name, code, who.sector))
        return tuple(out)

    def run(batch: Sequence[EvalRecord]) -> list[list[CodedEvent]]:
        texts = [r.text for r in batch]
        documents = [
            Document(
                doc_id=f"eval-{i}",
                text=text,
                sentences=spans,
                pub_date=record.pub_date,
                lang="en",
                content_hash=str(i),
            )
            for i, (record, text, spans) in enumerate(
                zip(batch, texts, split_sentences(texts), strict=True)
            )
        ]
        found = extractor.extract(documents)
        codes = {a.actor_id: a.code for a in found.actors}
        return [
            [
                CodedEvent(
                    r.event_type,
                    r.mode,
                    participants(r.actor, codes),
                    participants(r.recipient, codes),
                )
                for r in article.reports
                if r.is_event
            ]
            for article in found.articles
        ]

    return run


def format_events(scores: EventScores) -> str:
    """A short plain-text report."""
    lines = [f"Events: {scores.records} records"]
    if scores.gold_events or scores.predicted_events:
        lines.append(f"  gold events {scores.gold_events}, predicted {scores.predicted_events}")
        lines.append(f"  micro F1 {_pct(scores.micro_f1)}  macro F1 {_pct(scores.macro_f1)}")
        lines.append(
            f"  mode accuracy {_pct(scores.mode_accuracy)}  actor accuracy "
            f"{_pct(scores.actor_accuracy)}  recipient accuracy "
            f"{_pct(scores.recipient_accuracy)}"
        )
        lines.append(
            f"  records without events: {scores.empty_records}, of which given an "
            f"event: {scores.false_positives_on_empty}"
        )
        lines.append("  type         precision  recall     F1  support")
        for event_type, row in scores.per_type.items():
            lines.append(
                f"  {event_type:<12} {_pct(row['precision']):>9} {_pct(row['recall']):>7}"
                f" {_pct(row['f1']):>6} {row['support']:>8}"
            )
    if scores.documents:
        lines.append(
            f"  documents {scores.documents}: label among predicted events "
            f"{_pct(scores.doc_accuracy)}"
        )
        for event_type, row in scores.doc_per_type.items():
            lines.append(f"  {event_type:<12} {_pct(row['accuracy']):>7} {row['support']:>8}")
    return "\n".join(lines)


def _pct(value: float | int | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"
