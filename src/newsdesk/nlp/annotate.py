"""What event extraction reads off one parsed sentence, as plain records.

:func:`annotate` turns a spaCy ``Doc`` of one sentence into a :class:`SentenceParse`: the
candidate triggers (:mod:`newsdesk.nlp.predicates`), the noun-phrase mentions that may name
actors, the time expressions and place names, and for each candidate the syntax the event
builder needs (tense, intent verbs governing it, linked clauses). Offsets are relative to
the sentence; nothing outside ``nlp/`` touches spaCy objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsdesk.nlp.predicates import Predicate, predicates

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PRONOUNS = frozenset(
    {"he", "she", "him", "her", "his", "they", "them", "their", "it", "its", "we", "our"}
)
# Words that put the clause under them out of the real world: "refused to provide",
# "sought permission to enter", "threatened to impose", "called for talks".
INTENT_LEMMAS = frozenset(
    {
        "seek",
        "want",
        "try",
        "attempt",
        "permission",
        "threaten",
        "threat",
        "ask",
        "urge",
        "call",
        "demand",
        "refuse",
        "reject",
        "deny",
        "decline",
        "hope",
        "propose",
        "offer",
        "consider",
        "aim",
        "push",
        "press",
        "fail",
        "need",
        "request",
        "plea",
        "bid",
        "effort",
        "order",
        "allow",
        "authorize",
        "able",
        "unable",
        "prevent",
        "avoid",
    }
)
# Words that put the clause under them in the (planned) future: "was planning to request".
PLAN_LEMMAS = frozenset(
    {
        "plan",
        "prepare",
        "intend",
        "expect",
        "schedule",
        "set",
        "go",
        "due",
    }
)
# Words that make the clause under them a commitment: "agreed to resign", "is willing to
# withdraw", "pledged to send". PLOVER codes the commitment (AGREE, or THREATEN for a hostile
# act), not the act, which has not happened (CAMEO 03 "express intent to cooperate").
COMMIT_LEMMAS = frozenset(
    {
        "agree",
        "promise",
        "pledge",
        "vow",
        "offer",
        "commit",
        "undertake",
        "consent",
        "willing",
        "ready",
        "prepared",
        "volunteer",
    }
)
_TIME_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|"
    r"jul|aug|sept?|oct|nov|dec|yesterday|today|tonight|tomorrow|(?:1[89]|20)\d\d|"
    r"last (?:week|month|year)|this (?:week|month|year)|next (?:week|month|year))\b",
    re.IGNORECASE,
)
_EMBEDDING_DEPS = frozenset(
    {"xcomp", "acl", "advcl", "ccomp", "pcomp", "pobj", "prep", "conj", "dobj"}
)
_ARGUMENT_PREPS = frozenset(
    {"to", "with", "against", "on", "of", "for", "from", "toward", "towards"}
)
_BOUNDARY_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "conj", "cc", "punct"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A noun phrase that may name an actor, with the entities inside it."""

    start: int
    end: int
    text: str
    subject: bool  # the subject of some clause
    plural: bool
    entities: tuple[tuple[int, int, str, str], ...]  # (start, end, label, text)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    start: int
    end: int
    text: str
    preposition: str | None = None  # "since" in "since December"


@dataclass(frozen=True, slots=True)
class PlaceName:
    start: int
    end: int
    text: str
    label: str
    preposition: str | None  # "in", "at", "near"... when the name is a prepositional object


@dataclass(frozen=True, slots=True)
class Frame:
    """Syntax around one candidate trigger the event builder needs."""

    intent: str | None  # lemma of a governing intent word ("refuse", "permission")
    plan: str | None  # lemma of a governing plan word ("plan")
    commit: str | None  # lemma of a governing commitment word ("agree", "willing")
    commit_start: int | None  # its character offset in the sentence
    governor: str | None  # lemma of the word taking the trigger as object ("cut" in "cut aid")
    times: tuple[int, ...]  # SentenceParse.times of the trigger's clause, nearest first
    xcomp_patient: tuple[int, int] | None  # object of an "X refused to provide Y" clause
    more_args: tuple[tuple[int, int], ...]  # second objects, objects' prepositional objects


@dataclass(frozen=True, slots=True)
class SentenceParse:
    text: str
    predicates: tuple[Predicate, ...]
    frames: tuple[Frame, ...]  # one per predicate
    mentions: tuple[Mention, ...]
    times: tuple[TimeExpression, ...]
    main_times: tuple[int, ...]  # times outside relative and adnominal clauses
    places: tuple[PlaceName, ...]


def annotate(doc: Any) -> SentenceParse:
    """Everything event extraction needs from one parsed sentence."""
    candidates = tuple(predicates(doc))
    times = tuple(
        TimeExpression(e.start_char, e.end_char, e.text, _preposition(e.root))
        for e in doc.ents
        if e.label_ == "DATE" and _TIME_WORDS.search(e.text)
    )
    time_roots = [
        doc[e.start : e.end].root.i
        for e in doc.ents
        if e.label_ == "DATE" and _TIME_WORDS.search(e.text)
    ]
    by_start = {t.idx: t for t in doc}
    frames = tuple(_frame(by_start[p.start], time_roots, doc) for p in candidates)
    return SentenceParse(
        text=doc.text,
        predicates=candidates,
        frames=frames,
        mentions=tuple(_mentions(doc)),
        times=times,
        main_times=tuple(k for k, r in enumerate(time_roots) if _main_clause(doc[r])),
        places=tuple(_places(doc)),
    )


def _frame(token: Any, time_roots: list[int], doc: Any) -> Frame:
    intent = plan = commit = None
    commit_start = None
    node = token
    for _ in range(5):
        if node.dep_ not in _EMBEDDING_DEPS or node.head.i == node.i:
            break
        via = node.dep_
        node = node.head
        lemma = node.lemma_.lower()
        if node.pos_ in ("VERB", "NOUN", "ADJ", "AUX"):
            if lemma in COMMIT_LEMMAS and via in ("xcomp", "ccomp", "acl"):
                commit, commit_start = lemma, int(node.idx)
                break
            if lemma in PLAN_LEMMAS:
                plan = plan or lemma
                break
            if lemma in INTENT_LEMMAS:
                intent = lemma
                break
    own = [k for k, root in enumerate(time_roots) if _clause_of(doc[root]) == _clause_of(token)]
    ordered = sorted(own, key=lambda k: (_distance(token, doc[time_roots[k]]), k))
    xcomp_patient = None
    for child in token.children:
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            for grandchild in child.children:
                if grandchild.dep_ in ("dobj", "dative"):
                    xcomp_patient = _extent(grandchild)
                    break
    return Frame(
        intent=intent,
        plan=plan,
        commit=commit,
        commit_start=commit_start,
        governor=_governor(token),
        times=tuple(ordered),
        xcomp_patient=xcomp_patient,
        more_args=tuple(_more_arguments(token)),
    )


def _governor(token: Any) -> str | None:
    """The word whose object ``token`` is: "cut" in "cut military aid", "suspension" in
    "a suspension of aid", "cut" in "aid was cut"."""
    if token.dep_ in ("dobj", "nsubjpass", "attr", "nsubj") and token.head.i != token.i:
        return str(token.head.lemma_.lower())
    head = token.head
    if (
        token.dep_ == "pobj"
        and head.dep_ == "prep"
        and head.lower_ in ("of", "in", "on", "to")
        and head.head.i != head.i
    ):
        return str(head.head.lemma_.lower())
    return None


def _clause_of(token: Any) -> int:
    """Index of the verb heading the clause ``token`` is in (itself for a verb)."""
    node = token
    for _ in range(40):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass", "xcomp"):
            return int(node.i)
        if node.head.i == node.i:
            return int(node.i)
        node = node.head
    return int(node.i)


def _main_clause(token: Any) -> bool:
    """True when no relative or adnominal clause lies between ``token`` and the root."""
    node = token
    for _ in range(40):
        if node.dep_ in ("relcl", "acl", "appos"):
            return False
        if node.head.i == node.i:
            return True
        node = node.head
    return True


def _more_arguments(token: Any) -> list[tuple[int, int]]:
    """Further places a recipient may hide: a second object ("granted asylum to X"), and
    the prepositional objects of the object ("relations with X", "the arrest of X")."""
    found: list[tuple[int, int]] = []
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "dative", "attr")]
    for child in token.children:
        if child.dep_ == "dative" and child.pos_ == "ADP":
            found.extend(_extent(g) for g in child.children if g.dep_ == "pobj")
    for obj in objects:
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ in _ARGUMENT_PREPS:
                found.extend(_extent(g) for g in prep.children if g.dep_ == "pobj")
    return found


def _distance(a: Any, b: Any) -> int:
    """Number of edges between two tokens of one parse tree."""
    up_a = [a.i]
    node = a
    while node.head.i != node.i:
        node = node.head
        up_a.append(node.i)
    position = {index: depth for depth, index in enumerate(up_a)}
    node, steps = b, 0
    while node.i not in position:
        if node.head.i == node.i:
            return 99
        node = node.head
        steps += 1
    return steps + position[node.i]


def _extent(token: Any) -> tuple[int, int]:
    """The noun phrase headed by ``token``, without the clauses and appositions it heads."""
    words = [t for t in token.subtree if _inside(t, token)]
    start = min(t.idx for t in words)
    last = max(words, key=lambda t: t.idx)
    return start, last.idx + len(last.text)


def _inside(word: Any, head: Any) -> bool:
    node = word
    while node.i != head.i:
        if node.dep_ in _BOUNDARY_DEPS or node.head.i == node.i:
            return False
        node = node.head
    return True


def _mentions(doc: Any) -> list[Mention]:
    entities = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    found = []
    seen: set[tuple[int, int]] = set()
    for chunk in doc.noun_chunks:
        root = chunk.root
        span = (chunk.start_char, chunk.end_char)
        seen.add(span)
        found.append(
            Mention(
                start=span[0],
                end=span[1],
                text=chunk.text,
                subject=root.dep_ in _SUBJECT_DEPS,
                plural=root.tag_ in ("NNS", "NNPS") or root.lower_ in ("they", "them", "their"),
                entities=tuple(e for e in entities if span[0] <= e[0] and e[1] <= span[1]),
            )
        )
        # a possessive pronoun inside a phrase ("its embassy") is a mention of its own
        for token in chunk:
            if token.dep_ == "poss" and token.lower_ in _PRONOUNS:
                found.append(
                    Mention(
                        start=token.idx,
                        end=token.idx + len(token.text),
                        text=token.text,
                        subject=False,
                        plural=token.lower_ == "their",
                        entities=(),
                    )
                )
    for start, end, label, text in entities:
        if label in ("PERSON", "ORG", "GPE", "NORP") and not any(
            s <= start and end <= e for s, e in seen
        ):
            found.append(Mention(start, end, text, False, False, ((start, end, label, text),)))
    return sorted(found, key=lambda m: (m.start, -m.end))


def _places(doc: Any) -> list[PlaceName]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        out.append(
            PlaceName(ent.start_char, ent.end_char, ent.text, ent.label_, _preposition(ent.root))
        )
    return out


def _preposition(token: Any) -> str | None:
    head = token.head
    return str(head.lower_) if token.dep_ == "pobj" and head.dep_ == "prep" else None
