"""The event coder: parsed sentences → candidate triggers → classified events with arguments.

This module finds and classifies triggers and picks their actor and recipient spans; the
extractor (:mod:`newsdesk.events.extract`) resolves actors, dates and places and applies
PLOVER's conventions (:mod:`newsdesk.events.conventions`).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from newsdesk.events.classifier import LinearModel, packaged_model
from newsdesk.events.conventions import REFUSABLE
from newsdesk.events.ontology import load_ontology
from newsdesk.nlp.load import load_nlp
from newsdesk.nlp.predicates import Predicate, Span, predicates

NONE = "NONE"


@lru_cache(maxsize=1)
def trigger_lexicon() -> dict[str, tuple[str, str | None]]:
    """``data/triggers.tsv``: verb lemma -> (event type, mode or None), checked against the
    ontology."""
    ontology = load_ontology()
    text = (resources.files("newsdesk.data") / "triggers.tsv").read_text("utf-8")
    rows = csv.DictReader(
        (line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"
    )
    found = {}
    for row in rows:
        event_type = ontology.event_type(row["event_type"]).name
        found[row["lemma"]] = (event_type, ontology.check_mode(event_type, row["mode"] or None))
    return found


DEFAULT_THRESHOLD = 0.5
# How likely a negated verb must be to name a cooperative act, negation set aside, to be
# coded as a refusal (measured on the dev sets: BENCHMARKS.md).
REFUSAL_THRESHOLD = 0.2


@dataclass(frozen=True, slots=True)
class TriggerEvent:
    """One event found at a trigger, before actors are resolved."""

    event_type: str
    mode: str | None
    confidence: float
    predicate: Predicate
    actor: Span | None
    recipient: Span | None


@dataclass(frozen=True)
class TriggerCoder:
    type_model: LinearModel
    mode_model: LinearModel
    threshold: float = DEFAULT_THRESHOLD
    backoff: float = 1.0
    lexicon: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)

    @classmethod
    def packaged(
        cls, threshold: float = DEFAULT_THRESHOLD, backoff: float = 1.0, *, lexicon: bool = True
    ) -> TriggerCoder:
        return cls(
            packaged_model("event_type"),
            packaged_model("event_mode"),
            threshold,
            backoff,
            trigger_lexicon() if lexicon else {},
        )

    def code_texts(
        self, texts: Sequence[str], *, batch_size: int = 128
    ) -> list[list[TriggerEvent]]:
        nlp = load_nlp()
        return [
            self.code_predicates(predicates(doc)) for doc in nlp.pipe(texts, batch_size=batch_size)
        ]

    def code_predicates(
        self, candidates: Sequence[Predicate], *, keep_unreal: bool = False
    ) -> list[TriggerEvent]:
        """The events among ``candidates``. Negated, conditional and modal ("could",
        "might"…) triggers are left out unless ``keep_unreal``; the caller then flags them."""
        if not candidates:
            return []
        probabilities = self.type_model.scores([p.features for p in candidates])
        found = []
        ontology = load_ontology()
        none = self.type_model.labels.index(NONE)
        events_only = probabilities.copy()
        events_only[:, none] = 0.0
        fallbacks = self._fallbacks(candidates, events_only)
        for index, (predicate, row) in enumerate(zip(candidates, probabilities, strict=True)):
            best = int(row.argmax())
            label = self.type_model.labels[best]
            known = self._lexicon_type(predicate) if self.lexicon else None
            if (label == NONE or row[best] < self.threshold) and known is not None:
                best = self.type_model.labels.index(known[0])
                label = known[0]
            elif label == NONE or row[best] < self.threshold:
                # A sentence-level backoff: the most event-like word of a batch of
                # candidates with no confident trigger, when it is likely enough.
                if index not in fallbacks or events_only[index].max() < self.backoff:
                    continue
                best = int(events_only[index].argmax())
                label = self.type_model.labels[best]
            if not keep_unreal and (
                predicate.negated
                or predicate.conditional
                or predicate.modal in ("could", "would", "might", "may", "should")
            ):
                continue
            mode = self._mode(label, predicate)
            if known is not None and known[0] == label and known[1]:
                mode = known[1]
            recipient = predicate.patient or (
                predicate.obliques[0][1] if predicate.obliques else None
            )
            found.append(
                TriggerEvent(
                    event_type=label,
                    mode=ontology.check_mode(label, mode),
                    confidence=round(float(row[best]), 4),
                    predicate=predicate,
                    actor=predicate.agent,
                    recipient=recipient,
                )
            )
        if keep_unreal:
            found.extend(self._refusals(candidates, found))
            found.sort(key=lambda e: e.predicate.start)
        return found

    def _refusals(
        self, candidates: Sequence[Predicate], found: Sequence[TriggerEvent]
    ) -> list[TriggerEvent]:
        """Negated verbs that name a cooperative act once the negation is set aside ("will
        not release", "did not give permission"): the extractor codes them as refusals. A
        verb whose object is already coded REJECT ("will not call off the strike", with
        "strike" the refused thing) is left alone."""
        coded = {e.predicate.start for e in found}
        rejected = [e.predicate.start for e in found if e.event_type == "REJECT"]
        negated = [
            p
            for p in candidates
            if p.negated
            and p.pos == "VERB"
            and p.start not in coded
            and not any(
                p.patient is not None and p.patient.start <= r < p.patient.end for r in rejected
            )
        ]
        if not negated:
            return []
        plain = [tuple(f for f in p.features if not f.startswith(("NEG", "HNEG"))) for p in negated]
        out = []
        ontology = load_ontology()
        none = self.type_model.labels.index(NONE)
        for predicate, row in zip(negated, self.type_model.scores(plain), strict=True):
            row[none] = 0.0
            best = int(row.argmax())
            label = self.type_model.labels[best]
            if label not in REFUSABLE or row[best] < REFUSAL_THRESHOLD:
                continue
            out.append(
                TriggerEvent(
                    event_type=label,
                    mode=ontology.check_mode(label, self._mode(label, predicate)),
                    confidence=round(float(row[best]), 4),
                    predicate=predicate,
                    actor=predicate.agent,
                    recipient=predicate.patient,
                )
            )
        return out

    def _lexicon_type(self, predicate: Predicate) -> tuple[str, str | None] | None:
        """The lexicon's type for a verb trigger with a subject, if it lists the verb."""
        if predicate.pos != "VERB" or predicate.agent is None:
            return None
        return self.lexicon.get(predicate.lemma)

    @staticmethod
    def _fallbacks(candidates: Sequence[Predicate], events_only: np.ndarray) -> set[int]:
        """Per sentence, the candidate most likely to be some event."""
        best: dict[int, int] = {}
        strength = events_only.max(axis=1)
        for index, predicate in enumerate(candidates):
            current = best.get(predicate.sent_idx)
            if current is None or strength[index] > strength[current]:
                best[predicate.sent_idx] = index
        return set(best.values())

    def _mode(self, event_type: str, predicate: Predicate) -> str | None:
        row = self.mode_model.scores([predicate.features])[0]
        options = [
            (p, label.split(":", 1)[1])
            for p, label in zip(row, self.mode_model.labels, strict=True)
            if label.startswith(f"{event_type}:")
        ]
        if not options:
            return None
        probability, mode = max(options)
        return mode if probability >= 0.05 else None
