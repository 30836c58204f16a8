"""PLOVER's coding conventions applied to a classified trigger.

The classifier says what kind of act a word names ("release", "deploy", "aid"); how PLOVER
codes the sentence also depends on the words around it. These rules follow the CAMEO to PLOVER
crosswalk of the PLOVER codebook (openeventdata/PLOVER, CAMEO2PLOVER-2021.txt; codes below):

- a promised, offered or announced act is the commitment (03 "express intent to ...": AGREE;
  13 "threaten ...": THREATEN with the act as its mode): "agreed to resign", "said it will free
  the hostages", "will boycott the vote". Verbal acts stay as they are ("will ask the court" is
  a future REQUEST);
- aid or cooperation that is cut, suspended or withheld is SANCTION "discontinue" (162): "reduced
  military aid to X";
- a cooperative act negated is its refusal (12 "reject", "decline to ..."): "will not lift the
  ban", "did not give permission", "will not accept refugees" are REJECT; a hostile act negated
  ("did not arrest anyone") stays a negated report, no event;
- peacekeepers deployed are AID (074, "provide military protection or peacekeeping");
  peacekeepers withdrawn are SANCTION "expel" (1661, "expel or withdraw peacekeepers").
"""

from __future__ import annotations

from newsdesk.nlp.annotate import Frame
from newsdesk.nlp.predicates import Predicate

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
_THREAT_MODES: dict[tuple[str, str | None], str] = {
    ("COERCE", "arrest"): "arrest",
    ("COERCE", "deport"): "expel",
    ("SANCTION", "expel"): "expel",
}
_THREAT_DEFAULT = {
    "ASSAULT": "violence",
    "MOBILIZE": "violence",
    "COERCE": "restrict",
    "SANCTION": "relations",
    "PROTEST": "relations",
}
# Governing words that take away what their object names: "cut aid", "suspension of aid".
_CUTTING = frozenset(
    {
        "cut",
        "reduce",
        "suspend",
        "suspension",
        "halt",
        "freeze",
        "stop",
        "withhold",
        "end",
        "slash",
        "cancel",
        "withdraw",
        "pause",
        "reduction",
        "cutback",
        "curtail",
        "terminate",
    }
)
_REFUSAL_MODES = {
    "AGREE": None,
    "CONSULT": "meet",
    "SUPPORT": None,
    "COOPERATE": "assist",
    "AID": "assist",
    "RETREAT": "yield",
    "CONCEDE": "change",
}
REFUSABLE = frozenset(_REFUSAL_MODES)
_GRANTING = frozenset(
    {"accept", "allow", "permit", "grant", "give", "approve", "agree", "recognize", "recognise"}
)
_PEACEKEEPING = ("peacekeep", "peace-keep", "blue helmet", "observer", "monitoring mission")


def commitment(event_type: str, mode: str | None) -> tuple[str, str | None]:
    """The type and mode of a promise or announcement of an act of ``event_type``."""
    if event_type in COOPERATIVE:
        return "AGREE", None
    if event_type in _THREAT_DEFAULT:
        return "THREATEN", _THREAT_MODES.get((event_type, mode), _THREAT_DEFAULT[event_type])
    return event_type, mode


def recode(
    event_type: str,
    mode: str | None,
    predicate: Predicate,
    frame: Frame,
    *,
    promised: bool = False,
) -> tuple[str, str | None]:
    """``(event_type, mode)`` after the conventions above; ``promised`` when the act is
    committed to or announced rather than done. A negated trigger comes back as REJECT when
    :func:`refused` says its negation is a refusal."""
    if event_type in ("AID", "COOPERATE") and (
        frame.governor in _CUTTING or predicate.lemma in _CUTTING
    ):
        event_type, mode = "SANCTION", "discontinue"
    elif event_type in ("MOBILIZE", "RETREAT") and _peacekeepers(predicate):
        if event_type == "MOBILIZE":
            event_type, mode = "AID", None
        elif mode in (None, "withdraw"):
            event_type, mode = "SANCTION", "expel"
    if refused(event_type, predicate):
        return "REJECT", _REFUSAL_MODES[event_type]
    if promised:
        return commitment(event_type, mode)
    return event_type, mode


def refused(event_type: str, predicate: Predicate) -> bool:
    """True when ``predicate`` is a negated cooperative act stated as a refusal, itself an
    event: a negated future or "would" ("will not release", "would not accept"), or a
    negated granting verb ("did not give permission"). "did not meet" is no refusal."""
    if not (predicate.negated and event_type in REFUSABLE):
        return False
    return predicate.future or predicate.modal == "would" or predicate.lemma in _GRANTING


def _peacekeepers(predicate: Predicate) -> bool:
    spans = [predicate.agent, predicate.patient, *(span for _, span in predicate.obliques)]
    return any(
        span is not None and any(word in span.text.lower() for word in _PEACEKEEPING)
        for span in spans
    )
