"""Scores of story grouping against articles labelled with their story.

Input: JSONL records ``{"id", "title", "text", "date", "cluster", ...}`` (the "stories"
format in docs; unknown fields ignored). Records are fed to the streaming
:class:`~newsdesk.stories.cluster.StoryClusterer` in file order, after the named entities of
all of them have been found in one ``nlp.pipe`` stream; the story id each ``add`` returns is
the prediction (nothing is regrouped afterwards).

Scores: B-cubed precision/recall/F1 (per article: the share of its predicted story that is in
its gold story, and the reverse, averaged over articles), pairwise precision/recall/F1 (over
all pairs of articles put together), and the numbers of gold and predicted stories.

The baseline (:func:`baseline_stories`) is the plain batch TF-IDF grouping the dev set's
README describes: lowercase word tokens without stop words, the headline counted twice, raw
term frequency times ``ln(N / df)``, cosine similarity, average-link agglomerative clustering
(scikit-learn) merging while the similarity is at least 0.15. It sees the whole file at once.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from newsdesk.errors import ConfigError, InputError
from newsdesk.evaluation.common import read_jsonl_records
from newsdesk.stories.cluster import StoryClusterer, StoryOptions, with_entities
from newsdesk.stories.features import StoryInput

BASELINE_THRESHOLD = 0.15
_BASELINE_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """One labelled article of a stories file."""

    record_id: str
    title: str
    text: str
    pub_date: date | None
    cluster: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryScores:
    """Scores of one grouping of ``articles`` records."""

    articles: int
    gold_clusters: int
    predicted_clusters: int
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready scores: numbers rounded to 4 places, counts as integers."""
        return {
            key: round(value, 4) if isinstance(value, float) else value
            for key, value in asdict(self).items()
        }


def read_story_records(path: str | Path) -> list[StoryRecord]:
    """Every record of a stories file, in file order."""
    records = []
    for number, data in read_jsonl_records(path):
        where = f"{path} line {number}"
        cluster = data.get("cluster")
        if cluster is None or cluster == "":
            raise InputError(f"{where}: no 'cluster' label", code="bad_record")
        title, text = data.get("title") or "", data.get("text") or ""
        if not isinstance(title, str) or not isinstance(text, str):
            raise InputError(f"{where}: 'title' and 'text' must be strings", code="bad_record")
        records.append(
            StoryRecord(
                record_id=str(data.get("id") or f"line-{number}"),
                title=title,
                text=text,
                pub_date=_date(data.get("date"), where),
                cluster=str(cluster),
            )
        )
    return records


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise InputError(f"{where}: 'date' {value!r} is not YYYY-MM-DD", code="bad_record") from err


def stream_stories(
    records: Sequence[StoryRecord], options: StoryOptions | None = None, *, nlp: Any = None
) -> list[str]:
    """The story id of each record, grouped one record at a time in the given order."""
    items = with_entities(
        [
            StoryInput(doc_id=r.record_id, title=r.title, text=r.text, pub_date=r.pub_date)
            for r in records
        ],
        nlp=nlp,
    )
    clusterer = StoryClusterer(options)
    return [clusterer.add(item) for item in items]


def baseline_stories(
    records: Sequence[StoryRecord], *, threshold: float = BASELINE_THRESHOLD
) -> list[str]:
    """Batch TF-IDF + average-link grouping (see the module docstring); a label per record."""
    try:
        import numpy as np
        from sklearn.cluster import AgglomerativeClustering
    except ImportError as err:
        raise ConfigError(
            'the TF-IDF baseline needs scikit-learn: pip install "newsdesk[eval]"',
            code="missing_extra",
        ) from err
    if len(records) < 2:
        return [str(i) for i in range(len(records))]
    from spacy.lang.en.stop_words import STOP_WORDS

    counts = []
    for record in records:
        text = f"{record.title}\n{record.title}\n{record.text}".lower()
        counts.append(Counter(t for t in _BASELINE_TOKEN.findall(text) if t not in STOP_WORDS))
    n_docs = len(counts)
    df: Counter[str] = Counter(t for c in counts for t in c)
    vocabulary = {term: i for i, term in enumerate(sorted(df))}
    matrix = np.zeros((n_docs, max(1, len(vocabulary))))
    for row, found in enumerate(counts):
        for term, n in found.items():
            matrix[row, vocabulary[term]] = n * math.log(n_docs / df[term])
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.where(norms > 0.0, norms, 1.0)
    distances = np.clip(1.0 - matrix @ matrix.T, 0.0, None)
    np.fill_diagonal(distances, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - threshold + 1e-9,  # merge while similarity >= threshold
    ).fit_predict(distances)
    return [str(label) for label in labels]


def score_stories(gold: Sequence[str], predicted: Sequence[str]) -> StoryScores:
    """B-cubed and pairwise scores of ``predicted`` labels against ``gold`` labels."""
    if len(gold) != len(predicted):
        raise ValueError("one predicted story per gold label is needed")
    n = len(gold)
    gold_sizes = Counter(gold)
    predicted_sizes = Counter(predicted)
    overlap = Counter(zip(gold, predicted, strict=True))
    if n:
        precision = (
            sum(overlap[(g, p)] / predicted_sizes[p] for g, p in zip(gold, predicted, strict=True))
            / n
        )
        recall = (
            sum(overlap[(g, p)] / gold_sizes[g] for g, p in zip(gold, predicted, strict=True)) / n
        )
    else:
        precision = recall = 0.0
    together = sum(_pairs(k) for k in overlap.values())
    predicted_pairs = sum(_pairs(k) for k in predicted_sizes.values())
    gold_pairs = sum(_pairs(k) for k in gold_sizes.values())
    pair_precision = together / predicted_pairs if predicted_pairs else float(together == 0)
    pair_recall = together / gold_pairs if gold_pairs else float(together == 0)
    return StoryScores(
        articles=n,
        gold_clusters=len(gold_sizes),
        predicted_clusters=len(predicted_sizes),
        bcubed_precision=precision,
        bcubed_recall=recall,
        bcubed_f1=_f1(precision, recall),
        pairwise_precision=pair_precision,
        pairwise_recall=pair_recall,
        pairwise_f1=_f1(pair_precision, pair_recall),
    )


def evaluate_stories(
    path: str | Path, options: StoryOptions | None = None, *, baseline: bool = False
) -> tuple[StoryScores, StoryScores | None]:
    """Scores of the streaming clusterer on a stories file, and of the baseline if asked."""
    records = read_story_records(path)
    gold = [r.cluster for r in records]
    ours = score_stories(gold, stream_stories(records, options))
    theirs = score_stories(gold, baseline_stories(records)) if baseline else None
    return ours, theirs


def format_stories(scores: StoryScores, baseline: StoryScores | None = None) -> str:
    """A short plain-text report, the baseline's column beside ours when given."""
    rows = [
        ("B-cubed precision", "bcubed_precision"),
        ("B-cubed recall", "bcubed_recall"),
        ("B-cubed F1", "bcubed_f1"),
        ("pairwise precision", "pairwise_precision"),
        ("pairwise recall", "pairwise_recall"),
        ("pairwise F1", "pairwise_f1"),
        ("predicted stories", "predicted_clusters"),
    ]
    header = f"{'':<20}{'streaming':>10}" + (f"{'baseline':>10}" if baseline else "")
    lines = [
        f"Stories: {scores.articles} articles, {scores.gold_clusters} gold stories",
        header,
    ]
    for label, key in rows:
        line = f"{label:<20}{_cell(getattr(scores, key)):>10}"
        if baseline is not None:
            line += f"{_cell(getattr(baseline, key)):>10}"
        lines.append(line)
    return "\n".join(lines)


def _cell(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def _pairs(k: int) -> int:
    return k * (k - 1) // 2


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
