"""Candidate event triggers and their arguments, read off spaCy's dependency parse.

:func:`predicates` turns a parsed ``Doc`` into plain :class:`Predicate` records (character
offsets into the text, the features the event classifier reads, the argument spans), so
nothing outside ``nlp/`` touches spaCy objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Dependency labels of the token's children that carry meaning for its event type.
_CHILD_DEPS = {
    "dobj",
    "prt",
    "xcomp",
    "ccomp",
    "attr",
    "acomp",
    "agent",
    "dative",
    "oprd",
    "nsubj",
    "nsubjpass",
    "advmod",
    "amod",
    "compound",
    "npadvmod",
}
_SUBJECT_DEPS = {"nsubj", "csubj"}
_OBJECT_DEPS = {"dobj", "nsubjpass", "dative", "attr", "oprd"}
_RECIPIENT_PREPS = {
    "with",
    "against",
    "to",
    "on",
    "at",
    "into",
    "from",
    "for",
    "over",
    "toward",
    "towards",
    "upon",
}
_MODALS = {"could", "would", "might", "may", "should", "can", "must"}
_CONDITIONAL_MARKS = {"if", "unless", "whether"}
_SPEECH_LEMMAS = {
    "say",
    "tell",
    "state",
    "announce",
    "report",
    "claim",
    "add",
    "note",
    "confirm",
    "insist",
    "write",
    "declare",
    "accord",
}
_CONTENT_POS = {"NOUN", "VERB", "PROPN", "ADJ"}
CANDIDATE_POS = {"VERB", "NOUN"}


@dataclass(frozen=True, slots=True)
class Span:
    """An argument: character offsets into the text, its words, entity label, head lemma."""

    start: int
    end: int
    text: str
    label: str | None = None
    head: str = ""


@dataclass(frozen=True, slots=True)
class Predicate:
    """A candidate trigger with what the classifier and the argument resolver need."""

    sent_idx: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    features: tuple[str, ...]
    agent: Span | None
    patient: Span | None
    obliques: tuple[tuple[str, Span], ...]
    negated: bool
    modal: str | None
    conditional: bool
    future: bool
    reported_by: Span | None
    background: bool = False  # a reduced participle clause: "Glas, convicted twice, ..."


def predicates(doc: Any) -> list[Predicate]:
    """Every verb and noun of ``doc`` as a candidate trigger, in text order."""
    out = []
    for sent_idx, sent in enumerate(doc.sents):
        context = tuple(
            sorted(
                {f"W={t.lemma_.lower()}" for t in sent if t.pos_ in _CONTENT_POS and not t.is_stop}
            )
        )
        for token in sent:
            if token.pos_ in CANDIDATE_POS and token.is_alpha:
                out.append(_predicate(token, sent_idx, context))
    return out


def _predicate(token: Any, sent_idx: int, context: tuple[str, ...]) -> Predicate:
    lemma = token.lemma_.lower()
    features = [
        f"L={lemma}",
        f"P={token.pos_}",
        f"D={token.dep_}",
        f"LP={lemma}|{token.pos_}",
        f"H={token.head.lemma_.lower()}",
        f"HD={token.head.lemma_.lower()}|{token.dep_}",
    ]
    prt = ""
    for child in token.children:
        dep = child.dep_
        child_lemma = child.lemma_.lower()
        if dep == "prt":
            prt = child_lemma
        if dep in _CHILD_DEPS:
            features.append(f"C={dep}:{child_lemma}")
            if child.ent_type_:
                features.append(f"CE={dep}:{child.ent_type_}")
        elif dep == "prep":
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            features.append(f"PP={child_lemma}")
            for obj in objects:
                features.append(f"PP={child_lemma}:{obj.lemma_.lower()}")
                if obj.ent_type_:
                    features.append(f"PE={child_lemma}:{obj.ent_type_}")
        elif dep == "neg":
            features.append("NEG")
        elif dep == "aux" and child_lemma in _MODALS | {"will", "shall"}:
            features.append(f"MOD={child_lemma}")
    if prt:
        features.append(f"L={lemma}_{prt}")
    head = token.head
    if head.i != token.i:
        head_lemma = head.lemma_.lower()
        if any(c.dep_ == "neg" for c in head.children):
            features += ["HNEG", f"HNEG={head_lemma}", f"HNEGD={head_lemma}|{token.dep_}"]
        if head.dep_ == "prep" and head.head.i != head.i:
            features.append(f"GOV={head.head.lemma_.lower()}|{head_lemma}")
        elif head.dep_ in ("xcomp", "acomp", "ccomp") and head.head.i != head.i:
            features.append(f"HH={head.head.lemma_.lower()}")
    if token.i + 1 < len(token.doc) and token.nbor(1).lower_ in ("of", "by", "against", "on"):
        features.append(f"NX={lemma}|{token.nbor(1).lower_}")
    agent, patient, obliques = _arguments(token)
    reported_by = _reporter(token)
    if reported_by is not None:
        features.append("REPORTED")
    negated = any(c.dep_ == "neg" for c in token.children) or _negated_head(token)
    modal = next(
        (
            c.lemma_.lower()
            for c in token.children
            if c.dep_ == "aux" and c.lemma_.lower() in _MODALS
        ),
        None,
    )
    conditional = any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in token.children)
    future = any(c.dep_ == "aux" and c.lemma_.lower() in ("will", "shall") for c in token.children)
    return Predicate(
        sent_idx=sent_idx,
        start=token.idx,
        end=token.idx + len(token.text),
        text=token.text,
        lemma=lemma,
        pos=token.pos_,
        features=tuple(features) + context,
        agent=agent,
        patient=patient,
        obliques=obliques,
        negated=negated,
        modal=modal,
        conditional=conditional,
        future=future,
        reported_by=reported_by,
        background=_passive_participle(token) and token.dep_ != "acl",
    )


def _negated_head(token: Any) -> bool:
    """ "refused to X" and "did not X" style: a negated governing verb of an xcomp."""
    head = token.head
    return token.dep_ == "xcomp" and any(c.dep_ == "neg" for c in head.children)


def _span(token: Any) -> Span:
    """The noun phrase headed by ``token`` (its subtree, without trailing clauses)."""
    # the subtree without clauses hanging off it (one walk down, pruning at boundaries)
    start, end = token.idx, token.idx + len(token.text)
    stack = [c for c in token.children if c.dep_ not in _BOUNDARY_DEPS]
    while stack:
        word = stack.pop()
        if word.dep_ != "punct":
            start = min(start, word.idx)
            end = max(end, word.idx + len(word.text))
        stack.extend(c for c in word.children if c.dep_ not in _BOUNDARY_DEPS)
    label = token.ent_type_ or None
    return Span(
        start=start, end=end, text=token.doc.text[start:end], label=label, head=token.lemma_.lower()
    )


_BOUNDARY_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "conj", "cc"})


def _arguments(token: Any) -> tuple[Span | None, Span | None, tuple[tuple[str, Span], ...]]:
    agent = patient = None
    obliques: list[tuple[str, Span]] = []
    for child in token.children:
        if child.dep_ in _SUBJECT_DEPS and agent is None:
            agent = _span(child)
        elif child.dep_ == "agent":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                agent = _span(objects[0])
        elif child.dep_ in _OBJECT_DEPS and patient is None:
            patient = _span(child)
        elif child.dep_ == "prep" and child.lower_ in _RECIPIENT_PREPS | {"of", "in", "by"}:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    if child.lower_ == "by" and token.pos_ == "NOUN" and agent is None:
                        agent = _span(obj)
                    else:
                        obliques.append((child.lower_, _span(obj)))
    if agent is not None and _passive_participle(token) and patient is None:
        # a reduced passive parsed as a clause: "Glas, convicted twice, ..." with Glas as
        # its subject; a past participle with no auxiliary is not an active past tense
        agent, patient = None, agent
    elif agent is None and _passive_participle(token):
        # "Glas, convicted twice, has taken refuge": Glas was convicted, not convicting
        if patient is None:
            subject = token.head if token.dep_ == "acl" else _inherited_subject_token(token)
            if subject is not None and subject.pos_ in ("NOUN", "PROPN", "PRON"):
                patient = _span(subject)
    elif agent is None:
        agent = _inherited_subject(token)
    if token.pos_ == "NOUN" and agent is None:
        possessor = next((c for c in token.children if c.dep_ == "poss"), None)
        if possessor is not None:
            agent = _span(possessor)
    return agent, patient, tuple(obliques)


def _inherited_subject(token: Any) -> Span | None:
    """The subject of a governing verb for "X refused to provide", "X moved to expel"."""
    subject = _inherited_subject_token(token)
    return _span(subject) if subject is not None else None


def _inherited_subject_token(token: Any) -> Any:
    node = token
    for _ in range(3):
        if node.dep_ not in ("xcomp", "pcomp", "advcl", "conj") or node.head.i == node.i:
            return None
        node = node.head
        if node.dep_ == "prep":
            node = node.head
        for child in node.children:
            if child.dep_ in _SUBJECT_DEPS:
                return child
    return None


def _passive_participle(token: Any) -> bool:
    """A past participle heading a reduced clause with no auxiliary: "X, convicted of
    bribery, ..." and "the envoy expelled last week": its noun is the patient."""
    return (
        token.tag_ == "VBN"
        and token.dep_ in ("acl", "advcl", "ROOT")
        and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
    )


def _reporter(token: Any) -> Span | None:
    """Who a statement is attributed to: "X said (that) Y did Z" gives X for "did"."""
    node = token
    for _ in range(3):
        if node.dep_ not in ("ccomp", "parataxis") or node.head.i == node.i:
            return None
        node = node.head
        if node.lemma_.lower() in _SPEECH_LEMMAS:
            for child in node.children:
                if child.dep_ in _SUBJECT_DEPS:
                    return _span(child)
            return None
    return None
