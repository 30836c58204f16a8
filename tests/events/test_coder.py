"""The trigger coder on sentences written for these tests (the team's own words)."""

from __future__ import annotations

import pytest

from newsdesk.events.coder import TriggerCoder


@pytest.fixture(scope="module")
def coder() -> TriggerCoder:
    return TriggerCoder.packaged(threshold=0.4, backoff=0.1)


@pytest.mark.parametrize(
    ("sentence", "event_type", "mode", "actor", "recipient"),
    [
        (
            "Ghana expelled two Chinese diplomats on Tuesday.",
            "SANCTION",
            "expel",
            "Ghana",
            "two Chinese diplomats",
        ),
        (
            "Police arrested dozens of protesters in Nairobi on Monday.",
            "COERCE",
            "arrest",
            "Police",
            "dozens of protesters",
        ),
        (
            "Rebels shelled the town overnight, killing four civilians.",
            "ASSAULT",
            None,
            "Rebels",
            "the town",
        ),
    ],
)
def test_codes_type_mode_and_arguments(
    coder: TriggerCoder,
    sentence: str,
    event_type: str,
    mode: str | None,
    actor: str,
    recipient: str,
) -> None:
    events = coder.code_texts([sentence])[0]
    assert events, sentence
    event = events[0]
    assert event.event_type == event_type
    if mode is not None:
        assert event.mode == mode
    assert event.actor is not None and event.actor.text == actor
    assert event.recipient is not None and event.recipient.text == recipient
    assert sentence[event.predicate.start : event.predicate.end] == event.predicate.text
    assert 0.0 < event.confidence <= 1.0


@pytest.mark.parametrize(
    "sentence",
    [
        "The two leaders did not meet in Geneva.",
        "The government could impose a curfew if the unrest continues.",
        "The striker scored twice as the home side beat their rivals.",
    ],
)
def test_negated_hypothetical_and_non_political_give_nothing(
    coder: TriggerCoder, sentence: str
) -> None:
    assert coder.code_texts([sentence]) == [[]]


def test_empty_input(coder: TriggerCoder) -> None:
    assert coder.code_texts(["", "   "]) == [[], []]


def test_backoff_is_per_sentence(coder: TriggerCoder) -> None:
    one = "Ghana expelled two Chinese diplomats on Tuesday."
    two = "Police arrested dozens of protesters in Nairobi on Monday."
    together = coder.code_texts([f"{one} {two}"])[0]
    assert [e.event_type for e in together] == ["SANCTION", "COERCE"]
    assert {e.predicate.sent_idx for e in together} == {0, 1}
