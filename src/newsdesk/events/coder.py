"""The event coder: parsed sentences → candidate triggers → classified events with arguments.

Work in progress for issue 3: this module finds and classifies triggers and picks their
actor and recipient spans; actor resolution, dates, places and storage come next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.events.classifier import LinearModel, packaged_model
from newsdesk.events.ontology import load_ontology
from newsdesk.nlp.load import load_nlp
from newsdesk.nlp.predicates import Predicate, Span, predicates

NONE = "NONE"
DEFAULT_THRESHOLD = 0.5


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

    @classmethod
    def packaged(cls, threshold: float = DEFAULT_THRESHOLD, backoff: float = 1.0) -> TriggerCoder:
        return cls(packaged_model("event_type"), packaged_model("event_mode"), threshold, backoff)

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
            if label == NONE or row[best] < self.threshold:
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
        return found

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
