"""Train the event-trigger classifiers shipped in ``src/newsdesk/data/models/``.

    python training/train_events.py [--data training/events] [--out src/newsdesk/data/models]

Training data: ``training/events/*.jsonl``, sentences written by the newsdesk team (see
``training/events/README.md``); nothing else is read. Every verb and noun of a sentence is a
candidate trigger (``newsdesk.nlp.predicates``); a candidate inside a gold event's trigger is
labelled with the event's type (and, for the mode model, ``TYPE:mode``), every other one
``NONE``. Two multinomial logistic regressions over hashed features are fitted (scikit-learn,
needed only here: ``pip install "newsdesk[train]"``) and exported for numpy inference.
Deterministic for the same data and library versions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
NONE = "NONE"
CLASS_WEIGHT: str | None = None


def load_records(folder: Path) -> list[dict]:
    records = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if line.strip():
                record = json.loads(line)
                record["_where"] = f"{path.name}:{number}"
                records.append(record)
    return records


def trigger_spans(record: dict) -> list[tuple[int, int, dict]]:
    """Character spans of the gold triggers in the record's text."""
    spans = []
    text = record["text"]
    for event in record.get("events", []):
        trigger = (event.get("trigger") or "").strip()
        if not trigger:
            continue
        start = text.find(trigger)
        if start < 0:
            start = text.lower().find(trigger.lower())
        if start >= 0:
            spans.append((start, start + len(trigger), event))
    return spans


def labelled_examples(
    records: list[dict], nlp
) -> tuple[list[tuple[str, ...]], list[str], list[tuple[str, ...]], list[str]]:
    from newsdesk.nlp.predicates import predicates

    type_x, type_y, mode_x, mode_y = [], [], [], []
    docs = nlp.pipe((r["text"] for r in records), batch_size=256)
    for record, doc in zip(records, docs, strict=True):
        spans = trigger_spans(record)
        used: set[int] = set()
        for predicate in predicates(doc):
            label, event = NONE, None
            for index, (start, end, gold) in enumerate(spans):
                if predicate.start < end and start < predicate.end:
                    if index in used:
                        label = "SKIP"  # a second word of a multi-word trigger
                    else:
                        label, event = gold["event_type"], gold
                        used.add(index)
                    break
            if label == "SKIP":
                continue
            if event is not None and (event.get("negated") or event.get("hypothetical")):
                label = NONE
            type_x.append(predicate.features)
            type_y.append(label)
            if event is not None and label != NONE and event.get("mode"):
                mode_x.append(predicate.features)
                mode_y.append(f"{label}:{event['mode']}")
    return type_x, type_y, mode_x, mode_y


def fit(rows: list[tuple[str, ...]], labels: list[str], c: float, meta: dict[str, str]):
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from newsdesk.events.classifier import LinearModel, feature_hash

    columns: dict[int, int] = {}
    indptr, indices = [0], []
    for features in rows:
        cols = {columns.setdefault(feature_hash(f), len(columns)) for f in features}
        indices.extend(sorted(cols))
        indptr.append(len(indices))
    matrix = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(columns)))
    classes = sorted(set(labels))
    model = LogisticRegression(C=c, max_iter=2000, class_weight=CLASS_WEIGHT)
    model.fit(matrix, labels)
    coef = model.coef_ if len(classes) > 2 else np.vstack([-model.coef_[0], model.coef_[0]])
    bias = (
        model.intercept_
        if len(classes) > 2
        else np.array([-model.intercept_[0], model.intercept_[0]])
    )
    return LinearModel(
        labels=tuple(model.classes_),
        bias=np.asarray(bias, dtype=np.float64),
        weights=np.asarray(coef, dtype=np.float32),
        columns=columns,
        meta=meta,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "training" / "events")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "newsdesk" / "data" / "models")
    parser.add_argument("--c", type=float, default=0.1, help="inverse regularisation strength")
    args = parser.parse_args(argv)

    from newsdesk.nlp.load import load_nlp

    records = load_records(args.data)
    digest = hashlib.sha256()
    for path in sorted(args.data.glob("*.jsonl")):
        digest.update(path.read_bytes())
    nlp = load_nlp()
    type_x, type_y, mode_x, mode_y = labelled_examples(records, nlp)
    meta = {
        "records": str(len(records)),
        "data_sha256": digest.hexdigest(),
        "spacy_model": f"{nlp.meta['name']}-{nlp.meta['version']}",
        "c": str(args.c),
    }
    print(
        f"{len(records)} records, {len(type_y)} candidates:",
        dict(sorted(Counter(type_y).items())),
        file=sys.stderr,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    fit(type_x, type_y, args.c, meta | {"kind": "event_type"}).save(args.out / "event_type.npz")
    fit(mode_x, mode_y, args.c, meta | {"kind": "event_mode"}).save(args.out / "event_mode.npz")
    print(f"wrote {args.out / 'event_type.npz'} and {args.out / 'event_mode.npz'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
