"""Scores of quote and attribution extraction against annotated articles.

Record shape (docs/formats.md, "quotes"): ``{"id", "text", "date"?, "attributions": [{"id",
"type", "source": [{"start", "end", "text"}], "cue": [...], "content": [...]}]}``; offsets
are ``str`` indices into ``text``, a role may have several segments or none.

Two sets are scored separately: **direct** (gold attributions whose content contains a
double quotation mark, and predicted quotes whose content does) and **all** attributions.
Content spans are compared as sets of word tokens (runs of letters and digits, so
punctuation and quotation marks never decide a match):

- *token overlap*: within an article, predicted and gold contents are paired one to one,
  largest shared-token count first; precision is the shared tokens of the pairs over all
  predicted content tokens, recall over all gold content tokens (as BBC Citron's overlap
  metric, but each gold content is credited once);
- *exact*: a predicted content matches a gold one with exactly the same tokens;
  precision and recall count those matches;
- *speaker accuracy*: over the token-overlap pairs whose gold has a source, the share
  where the predicted speaker's span overlaps the gold source span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.errors import InputError
from newsdesk.evaluation.common import read_jsonl_records
from newsdesk.model import Document, Quote

BATCH = 16
_WORD = re.compile(r"[^\W_]+")
_QUOTE_MARK = re.compile(r"[\"“”„«»]")

Segments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: Segments
    source: Segments
    direct: bool


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    record_id: str
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(slots=True)
class SpanScores:
    """Content P/R/F1 (token overlap, and exact), speaker accuracy, and the counts."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    exact_precision: float = 0.0
    exact_recall: float = 0.0
    exact_f1: float = 0.0
    speaker_accuracy: float | None = None
    speaker_scored: int = 0

    def to_dict(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in self.__slots__}
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in values.items()}


@dataclass(slots=True)
class QuoteScores:
    articles: int = 0
    direct: SpanScores = field(default_factory=SpanScores)
    all: SpanScores = field(default_factory=SpanScores)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "direct": self.direct.to_dict(),
            "all": self.all.to_dict(),
        }


def read_quote_records(path: str | Path) -> list[QuoteRecord]:
    """Every article of a quotes file."""
    records = []
    for number, data in read_jsonl_records(path):
        where = f"{path} line {number}"
        text = data.get("text")
        if not isinstance(text, str):
            raise InputError(f"{where}: no 'text' string", code="bad_record")
        items = data.get("attributions")
        if not isinstance(items, list):
            raise InputError(f"{where}: 'attributions' must be a list", code="bad_record")
        attributions = []
        for item in items:
            if not isinstance(item, dict):
                raise InputError(f"{where}: each attribution must be an object", code="bad_record")
            content = _segments(item.get("content"), len(text), where)
            if not content:
                continue
            attributions.append(
                GoldAttribution(
                    content=content,
                    source=_segments(item.get("source"), len(text), where),
                    direct=any(_QUOTE_MARK.search(text[s:e]) for s, e in content),
                )
            )
        record_id = str(data.get("id") or f"line-{number}")
        records.append(QuoteRecord(record_id, text, tuple(attributions)))
    return records


def _segments(value: Any, size: int, where: str) -> Segments:
    if value in (None, ""):
        return ()
    if not isinstance(value, list):
        raise InputError(f"{where}: a role must be a list of spans", code="bad_record")
    out = []
    for item in value:
        start = item.get("start") if isinstance(item, dict) else None
        end = item.get("end") if isinstance(item, dict) else None
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= size):
            raise InputError(f"{where}: span {item!r} is not inside the text", code="bad_record")
        out.append((start, end))
    return tuple(sorted(out))


def evaluate_quotes(records: Sequence[QuoteRecord]) -> QuoteScores:
    """Run :func:`~newsdesk.quotes.extract_quotes` over ``records`` and score it."""
    from newsdesk.quotes import extract_quotes

    predictions: list[list[Quote]] = []
    for start in range(0, len(records), BATCH):
        chunk = records[start : start + BATCH]
        documents = [Document(doc_id=r.record_id, text=r.text, lang="en") for r in chunk]
        predictions.extend(extract_quotes(documents).quotes)
    return score_quotes(records, predictions)


def score_quotes(
    records: Sequence[QuoteRecord], predictions: Sequence[Sequence[Quote]]
) -> QuoteScores:
    scores = QuoteScores(articles=len(records))
    for direct, target in ((True, scores.direct), (False, scores.all)):
        tallies = _Tally()
        for record, predicted in zip(records, predictions, strict=True):
            gold = [a for a in record.attributions if a.direct or not direct]
            mine = [
                q
                for q in predicted
                if not direct or any(_QUOTE_MARK.search(record.text[s:e]) for s, e in q.content)
            ]
            tallies.add(record.text, gold, mine)
        tallies.fill(target)
    return scores


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    shared_tokens: int = 0
    gold_tokens: int = 0
    predicted_tokens: int = 0
    speaker_right: int = 0
    speaker_scored: int = 0

    def add(self, text: str, gold: Sequence[GoldAttribution], predicted: Sequence[Quote]) -> None:
        gold_sets = [_tokens(text, g.content) for g in gold]
        mine_sets = [_tokens(text, q.content) for q in predicted]
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.gold_tokens += sum(len(s) for s in gold_sets)
        self.predicted_tokens += sum(len(s) for s in mine_sets)
        pairs = sorted(
            (
                (len(g & p), i, j)
                for i, g in enumerate(gold_sets)
                for j, p in enumerate(mine_sets)
                if g & p
            ),
            reverse=True,
        )
        free_gold, free_mine = set(range(len(gold))), set(range(len(predicted)))
        for shared, i, j in pairs:
            if i in free_gold and j in free_mine:
                free_gold.discard(i)
                free_mine.discard(j)
                self.matched += 1
                self.shared_tokens += shared
                if gold[i].source:
                    self.speaker_scored += 1
                    self.speaker_right += _speaker_agrees(gold[i].source, predicted[j])
        unmatched = list(range(len(predicted)))
        for g in gold_sets:
            hit = next((j for j in unmatched if g and mine_sets[j] == g), None)
            if hit is not None:
                unmatched.remove(hit)
                self.exact += 1

    def fill(self, target: SpanScores) -> None:
        target.gold, target.predicted, target.matched = self.gold, self.predicted, self.matched
        target.precision = _ratio(self.shared_tokens, self.predicted_tokens)
        target.recall = _ratio(self.shared_tokens, self.gold_tokens)
        target.f1 = _f1(target.precision, target.recall)
        target.exact_precision = _ratio(self.exact, self.predicted)
        target.exact_recall = _ratio(self.exact, self.gold)
        target.exact_f1 = _f1(target.exact_precision, target.exact_recall)
        target.speaker_scored = self.speaker_scored
        target.speaker_accuracy = (
            self.speaker_right / self.speaker_scored if self.speaker_scored else None
        )


def _tokens(text: str, segments: Segments) -> frozenset[int]:
    return frozenset(m.start() for s, e in segments for m in _WORD.finditer(text, s, e))


def _speaker_agrees(source: Segments, quote: Quote) -> bool:
    speaker = quote.speaker
    if speaker is None:
        return False
    return any(s < speaker.end and speaker.start < e for s, e in source)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def format_quotes(scores: QuoteScores) -> str:
    """A short plain-text report."""
    lines = [f"Quotes: {scores.articles} articles"]
    lines.append("  set      gold  pred   P(tok)  R(tok)  F1(tok)  F1(exact)  speaker")
    for name, row in (("direct", scores.direct), ("all", scores.all)):
        lines.append(
            f"  {name:<7} {row.gold:>5} {row.predicted:>5} {_pct(row.precision):>8}"
            f" {_pct(row.recall):>7} {_pct(row.f1):>8} {_pct(row.exact_f1):>10}"
            f" {_pct(row.speaker_accuracy):>8}"
        )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"
