"""PLOVER's coding conventions (newsdesk.events.conventions), on their own and through the
whole extractor on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.events.conventions import commitment, recode, refused
from newsdesk.events.extract import Extractor
from newsdesk.model import Document, EventReport
from newsdesk.nlp.annotate import Frame
from newsdesk.nlp.predicates import Predicate, Span
from newsdesk.nlp.sentences import split_sentences


def predicate(
    lemma: str,
    *,
    patient: str | None = None,
    negated: bool = False,
    future: bool = False,
    modal: str | None = None,
) -> Predicate:
    return Predicate(
        sent_idx=0,
        start=0,
        end=len(lemma),
        text=lemma,
        lemma=lemma,
        pos="VERB",
        features=(),
        agent=None,
        patient=Span(0, len(patient), patient) if patient else None,
        obliques=(),
        negated=negated,
        modal=modal,
        conditional=False,
        future=future,
        reported_by=None,
    )


def frame(governor: str | None = None) -> Frame:
    return Frame(
        intent=None,
        plan=None,
        commit=None,
        commit_start=None,
        governor=governor,
        times=(),
        xcomp_patient=None,
        more_args=(),
    )


@pytest.mark.parametrize(
    ("event_type", "mode", "expected"),
    [
        ("RETREAT", "release", ("AGREE", None)),
        ("CONSULT", "visit", ("AGREE", None)),
        ("AID", None, ("AGREE", None)),
        ("ASSAULT", "aerial", ("THREATEN", "violence")),
        ("COERCE", "arrest", ("THREATEN", "arrest")),
        ("COERCE", "curfew", ("THREATEN", "restrict")),
        ("SANCTION", "expel", ("THREATEN", "expel")),
        ("PROTEST", "boycott", ("THREATEN", "relations")),
        ("REQUEST", "assist", ("REQUEST", "assist")),
        ("ACCUSE", None, ("ACCUSE", None)),
    ],
)
def test_a_promised_act_is_the_commitment(
    event_type: str, mode: str | None, expected: tuple[str, str | None]
) -> None:
    assert commitment(event_type, mode) == expected


def test_cut_aid_is_a_sanction_and_peacekeepers_are_aid() -> None:
    assert recode("AID", None, predicate("reduce"), frame()) == ("SANCTION", "discontinue")
    assert recode("AID", None, predicate("aid"), frame("suspend")) == ("SANCTION", "discontinue")
    assert recode("AID", None, predicate("send"), frame()) == ("AID", None)
    deploy = predicate("deploy", patient="500 peacekeepers")
    assert recode("MOBILIZE", "troops", deploy, frame()) == ("AID", None)
    withdraw = predicate("withdraw", patient="its peacekeepers")
    assert recode("RETREAT", "withdraw", withdraw, frame()) == ("SANCTION", "expel")
    troops = predicate("deploy", patient="two brigades")
    assert recode("MOBILIZE", "troops", troops, frame()) == ("MOBILIZE", "troops")


def test_negated_cooperation_is_a_refusal_only_when_stated_as_one() -> None:
    assert refused("RETREAT", predicate("release", negated=True, future=True))
    assert refused("AID", predicate("accept", negated=True))
    assert refused("CONCEDE", predicate("lift", negated=True, modal="would"))
    assert not refused("CONSULT", predicate("meet", negated=True))  # "did not meet"
    assert not refused("COERCE", predicate("arrest", negated=True, future=True))
    assert not refused("RETREAT", predicate("release"))
    assert recode("RETREAT", "release", predicate("free", negated=True, future=True), frame()) == (
        "REJECT",
        "yield",
    )


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def reports(extractor: Extractor, text: str) -> list[EventReport]:
    document = Document(
        doc_id="doc_conventions",
        text=text,
        sentences=next(split_sentences([text])),
        pub_date=date(2024, 4, 6),
        lang="en",
        content_hash=str(hash(text)),
    )
    return extractor.extract([document]).articles[0].reports


def coded(extractor: Extractor, text: str) -> list[tuple[str, str | None, str]]:
    return [(r.event_type, r.mode, r.trigger) for r in reports(extractor, text) if r.is_event]


def test_announced_release_is_an_agreement_not_a_release(extractor: Extractor) -> None:
    found = reports(extractor, "Colombian rebels said on Friday they will release two soldiers.")
    events = [r for r in found if r.is_event]
    assert [(r.event_type, r.trigger) for r in events] == [("AGREE", "release")]
    assert events[0].future and events[0].cameo == "030"


def test_agreeing_to_resign_is_one_agreement(extractor: Extractor) -> None:
    text = "The prime minister of Nepal agreed to resign after losing a confidence vote."
    assert coded(extractor, text) == [("AGREE", None, "agreed")]


def test_announced_boycott_is_a_threat(extractor: Extractor) -> None:
    text = "Venezuela's main opposition parties said they would boycott the December election."
    assert coded(extractor, text) == [("THREATEN", "relations", "boycott")]


def test_cut_aid_and_withdrawn_peacekeepers_reduce_relations(extractor: Extractor) -> None:
    assert coded(extractor, "The United States reduced military aid to Egypt by $100 million.") == [
        ("SANCTION", "discontinue", "reduced")
    ]
    assert coded(extractor, "The UN withdrew its peacekeepers from southern Lebanon.") == [
        ("SANCTION", "expel", "withdrew")
    ]


def test_refusal_and_plain_negation(extractor: Extractor) -> None:
    refusal = [r for r in reports(extractor, "Hungary will not accept refugees.") if r.is_event]
    assert [(r.event_type, r.trigger, r.negated) for r in refusal] == [("REJECT", "accept", False)]
    assert coded(extractor, "The two leaders did not meet in Geneva.") == []
    assert coded(extractor, "The army did not arrest anyone at the rally.") == []


def test_crosswalk_types_for_signing_convicting_and_sanctioning(extractor: Extractor) -> None:
    signed = coded(extractor, "Kenya and Tanzania signed a trade agreement in Arusha.")
    assert signed == [("SUPPORT", None, "signed")]
    convicted = reports(extractor, "A court in Lagos convicted the former governor of fraud.")
    assert [(r.event_type, r.mode, r.cameo) for r in convicted] == [("ACCUSE", "convict", "116")]
    sanctions = coded(extractor, "Britain imposed sanctions on three Russian banks.")
    assert sanctions == [("COERCE", "restrict", "imposed")]
