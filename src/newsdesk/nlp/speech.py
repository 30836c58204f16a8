"""Reported speech read off one parsed sentence, as plain records.

:func:`read_speech` turns a spaCy ``Doc`` into a :class:`SpeechParse`: the cues of the
sentence with, for each, the words that say who speaks (the subject, never words inside
quotation marks; for a participle the subject of the clause it hangs from: "…, saying"),
the *frame* (the cue with its subject and adjuncts, "Smith told reporters on Monday",
stopping at quotation marks) and the content the parse gives it; and the noun-phrase
mentions that may name actors. Cues are verbs of saying (:data:`SPEECH_LEMMAS`, with their
complement clause; naming verbs with object and predicate: "called the vote a
sham"; commitments and directives with their infinitive: "vowed to rebuild", "told her
staff to prepare", :data:`TO_LEMMAS`), verbal acts with their object or clause ("questioned
the count", "questioned whether…", :data:`OBJECT_LEMMAS`), any verb with a "that"/"whether"
clause, findings with a clause ("the survey shows most farmers expect…",
:data:`EVIDENCE_LEMMAS`), "according to X" (the rest of the
clause), a clause ending in a colon before a quotation, and for each quoted span the verb
it is an argument of (``kind="governor"``). Offsets are relative to the sentence; nothing
outside ``nlp/`` touches spaCy objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.nlp.annotate import Mention
from newsdesk.nlp.annotate import _mentions as noun_mentions
from newsdesk.nlp.predicates import Span
from newsdesk.nlp.predicates import _span as noun_phrase

# Verbs that report what someone said, wrote or holds: "said", "told", "warned", "tweeted".
SPEECH_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "add",
        "warn",
        "state",
        "claim",
        "write",
        "note",
        "insist",
        "explain",
        "argue",
        "ask",
        "announce",
        "declare",
        "report",
        "tweet",
        "post",
        "continue",
        "recall",
        "reply",
        "respond",
        "answer",
        "acknowledge",
        "admit",
        "suggest",
        "deny",
        "allege",
        "assert",
        "maintain",
        "stress",
        "emphasize",
        "emphasise",
        "contend",
        "complain",
        "predict",
        "promise",
        "vow",
        "pledge",
        "joke",
        "quip",
        "shout",
        "yell",
        "scream",
        "chant",
        "sing",
        "confirm",
        "concede",
        "observe",
        "remark",
        "comment",
        "mention",
        "reveal",
        "disclose",
        "testify",
        "conclude",
        "caution",
        "charge",
        "boast",
        "brag",
        "counter",
        "retort",
        "repeat",
        "reiterate",
        "lament",
        "indicate",
        "hint",
        "agree",
        "believe",
        "think",
        "urge",
        "wonder",
        "estimate",
        "read",
        "recount",
        "describe",
        "call",
        "label",
        "dub",
        "brand",
    }
)
# Verbs of verbal acts whose object is what was said ("questioned the integrity of the
# vote", "cited the report", "accused her of lying", "complained about his microphone"):
# an attribution without a clause, made only when the verb has a subject.
OBJECT_LEMMAS = frozenset(
    {
        "question",
        "cite",
        "defend",
        "demand",
        "mock",
        "criticize",
        "criticise",
        "accuse",
        "praise",
        "dismiss",
        "blame",
        "condemn",
        "denounce",
        "applaud",
        "tout",
        "propose",
        "dispute",
        "challenge",
        "ridicule",
        "decry",
        "hail",
        "slam",
        "lambaste",
        "complain",
        "urge",
    }
)
# Verbs whose complement clause, even without "that", is a finding someone reports.
EVIDENCE_LEMMAS = frozenset({"show", "find"})
# Verbs of saying whose infinitive complement is what was said: commitments and directives.
TO_LEMMAS = frozenset({"promise", "vow", "pledge", "urge", "warn", "ask", "tell", "agree"})
_OBJECT_PREPS = frozenset({"about", "of", "for", "over", "against"})
# Cues whose content is an object and what it is called: "called the vote a sham".
NAMING_LEMMAS = frozenset({"call", "label", "dub", "brand", "describe"})
_NAMING_DEPS = frozenset({"dobj", "oprd", "xcomp", "acomp"})
# Dependents of a verb that carry what is said about something: "dismissed the plan as a
# "paper tiger"", "called for "calm heads"", "said it was "deeply troubled"".
_ARGUMENT_DEPS = frozenset({"dobj", "dative", "oprd", "xcomp", "ccomp", "attr", "acomp", "prep"})
_ARG_PREPS = frozenset(
    {"as", "to", "of", "for", "about", "with", "into", "against", "like", "over"}
)
_CLAUSE_DEPS = frozenset({"advcl", "conj", "cc", "parataxis", "relcl", "xcomp", "punct"})
_INHERIT_DEPS = frozenset({"advcl", "xcomp", "conj", "ccomp", "pcomp", "prep"})
_SUBJECT_DEPS = frozenset({"nsubj"})
_RELATIVE = frozenset({"who", "that", "which"})
_QUOTE_MARKS = frozenset({'"', "“", "”", "„", "«", "»", "''", "``"})


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue of a sentence: the cue words, the frame around them, the speaker's words,
    and the content spans the parse attaches to the cue (offsets into the sentence)."""

    start: int
    end: int
    text: str
    lemma: str
    frame: tuple[int, int]  # the cue clause without its content
    subject: Span | None  # the speaker's noun phrase, None when the parse names none
    inherited: bool  # the subject is that of a governing clause ("…, saying")
    content: tuple[tuple[int, int], ...]  # complement spans, in order
    kind: str = "speech"  # speech | according | colon | governor
    quote: int | None = None  # governor: start of the quoted span it governs


@dataclass(frozen=True, slots=True)
class SpeechParse:
    """The cues and the actor mentions of one parsed sentence."""

    text: str
    cues: tuple[Cue, ...]
    mentions: tuple[Mention, ...]


def read_speech(
    doc: Any,
    quoted: Sequence[tuple[int, int]] = (),
    mentions: Sequence[Mention] | None = None,
) -> SpeechParse:
    """Everything quote extraction needs from one parsed sentence. ``quoted`` are the
    character spans of the sentence inside quotation marks: for each, the verb whose
    argument it is gets a cue of its own (``kind="governor"``), so that a quoted phrase
    under any verb ("dismissed the plan as a "paper tiger"") finds its speaker.
    ``mentions``: the sentence's noun mentions when already read (event extraction's
    :func:`~newsdesk.nlp.annotate.annotate` reads the same ones)."""
    cues = []
    inside = frozenset(t.i for t in doc for start, end in quoted if start <= t.idx and t.idx < end)
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma == "accord" and token.lower_ == "according":
            cue = _according(token, inside)
        elif token.pos_ in ("VERB", "AUX") and lemma in SPEECH_LEMMAS:
            cue = _verb_cue(token, lemma, inside)
            if cue is not None and not cue.content and lemma in OBJECT_LEMMAS:
                cue = _object_cue(token, lemma, inside)
        elif token.pos_ == "VERB" and lemma in OBJECT_LEMMAS:
            cue = _object_cue(token, lemma, inside)
        elif token.pos_ == "VERB" and (
            _that_clause(token) or (lemma in EVIDENCE_LEMMAS and _clause(token))
        ):
            # "the survey showed that …", "officials fear that …": reported content too
            ccomps = [c for c in token.children if c.dep_ == "ccomp"]
            cue = _cue(token, lemma, ccomps, "speech", inside)
        else:
            cue = None
        if cue is not None:
            cues.append(cue)
    colon = _colon(doc, inside)
    if colon is not None:
        cues.append(colon)
    for start, end in quoted:
        cue = _governor(doc, start, end, inside)
        if cue is not None:
            cues.append(cue)
    found = noun_mentions(doc) if mentions is None else mentions
    return SpeechParse(text=doc.text, cues=tuple(cues), mentions=tuple(found))


def _verb_cue(token: Any, lemma: str, inside: frozenset[int]) -> Cue | None:
    if token.dep_ in ("amod", "compound", "aux", "auxpass"):
        return None  # "the said document", "a continued effort"
    contents = [c for c in token.children if c.dep_ == "ccomp"]
    if lemma in NAMING_LEMMAS:
        naming = [
            c
            for c in token.children
            if c.dep_ in _NAMING_DEPS or (c.dep_ == "prep" and c.lower_ == "as")
        ]
        if any(c.dep_ != "dobj" for c in naming):  # not "called the minister"
            contents.extend(naming)
    if not contents and lemma in TO_LEMMAS:
        # "vowed to rebuild the school", "told her staff to prepare a budget": the
        # infinitive (with whom it addresses) is what was said
        goals = [c for c in token.children if c.dep_ == "xcomp" and c.i > token.i]
        if goals:
            told = [c for c in token.children if c.dep_ in ("dobj", "dative") and c.i > token.i]
            contents = told + goals
    return _cue(token, lemma, contents, "speech", inside)


def _object_cue(token: Any, lemma: str, inside: frozenset[int]) -> Cue | None:
    """A verbal act with its object (and "of/about/for…" phrase) as the content, when the
    verb has a subject of its own."""
    if token.dep_ in ("amod", "compound", "aux", "auxpass", "acl", "relcl"):
        return None
    if not any(c.dep_ in _SUBJECT_DEPS for c in token.children):
        return None
    contents = [
        c
        for c in token.children
        if c.i > token.i
        and (
            c.dep_ in ("dobj", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS)
        )
    ]
    if not contents:
        return None
    cue = _cue(token, lemma, contents, "speech", inside)
    return cue if cue.subject is not None else None


def _clause(token: Any) -> bool:
    """True for a verb with a complement clause that has a subject of its own ("the survey
    shows most farmers expect a poor harvest", "the audit found the money was spent")."""
    return any(
        c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        for c in token.children
    )


def _that_clause(token: Any) -> bool:
    """True for a verb with a complement clause opened by "that" or "whether"."""
    return any(
        c.dep_ == "ccomp"
        and any(g.dep_ == "mark" and g.lower_ in ("that", "whether") for g in c.children)
        for c in token.children
    )


def _governor(doc: Any, start: int, end: int, inside: frozenset[int]) -> Cue | None:
    """The cue for a quoted span that is an argument of a verb outside it: the verb, its
    subject, and its complements after it as the content."""
    within = [t for t in doc if start <= t.idx and t.idx + len(t.text) <= end]
    roots = [t for t in within if not (start <= t.head.idx < end) or t.head.i == t.i]
    words = [t for t in roots if not t.is_punct]
    if not words:
        return None
    node = min(words, key=_depth)
    for _ in range(8):
        head = node.head
        if head.i == node.i:
            return None
        if head.pos_ == "VERB" and not start <= head.idx < end:
            break
        node = head
    else:
        return None
    if head.i > node.i:
        return None  # before its verb: a subject or a title ("On "Morning Harbour," …")
    if node.dep_ not in _ARGUMENT_DEPS or (node.dep_ == "prep" and node.lower_ not in _ARG_PREPS):
        return None
    lemma = head.lemma_.lower()
    if lemma in SPEECH_LEMMAS - NAMING_LEMMAS and node.dep_ in ("dobj", "dative", "prep"):
        return None  # "told Radio Valmora's "Early Tide"": who was told, not what
    contents = [c for c in head.children if c.i > head.i and c.dep_ in _ARGUMENT_DEPS]
    contents = [c for c in contents if c.dep_ != "prep" or c.lower_ in _ARG_PREPS]
    return _cue(head, lemma, contents, "governor", inside, quote=start)


def _colon(doc: Any, inside: frozenset[int]) -> Cue | None:
    """ "The minister made the following remark:" or "The paper ran her words as its
    headline:" before a quotation: the clause's verb is the cue, its subject the speaker;
    the quotation after the colon is the content (attached by position)."""
    marks = [t for t in doc if t.text == ":" and t.i not in inside]
    if not marks:
        return None
    mark = marks[-1]
    after = [t for t in doc[mark.i + 1 :] if not t.is_space]
    if after and after[0].i not in inside:
        return None  # the colon must end the sentence or open a quotation
    verb = mark.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in SPEECH_LEMMAS:
        return None
    ids = {t.i for t in verb.subtree if t.i < mark.i}
    start, end = _contiguous(verb, ids, inside)
    subject, inherited = _subject(verb, inside)
    if subject is None:
        return None
    return Cue(
        start=verb.idx,
        end=verb.idx + len(verb.text),
        text=verb.text,
        lemma=verb.lemma_.lower(),
        frame=(start, min(end, mark.idx)),
        subject=subject,
        inherited=inherited,
        content=(),
        kind="colon",
    )


def _depth(token: Any) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _cue(
    token: Any,
    lemma: str,
    contents: list[Any],
    kind: str,
    inside: frozenset[int],
    quote: int | None = None,
) -> Cue:
    content_ids = {t.i for c in contents for t in c.subtree}
    frame_ids = {token.i}
    for child in token.children:
        if child.i in content_ids or child.dep_ in _CLAUSE_DEPS:
            continue
        frame_ids.update(t.i for t in child.subtree if t.i not in content_ids)
    frame = _contiguous(token, frame_ids, inside)
    subject, inherited = _subject(token, inside)
    if subject is None:
        subject = _between_quote_and_verb(token, inside)
    spans = _content_spans(token.doc, contents, frame, content_ids)
    return Cue(
        start=token.idx,
        end=token.idx + len(token.text),
        text=token.text,
        lemma=lemma,
        frame=frame,
        subject=subject,
        inherited=inherited,
        content=spans,
        kind=kind,
        quote=quote,
    )


def _according(token: Any, inside: frozenset[int]) -> Cue | None:
    """ "according to X": X speaks; the content is the rest of the clause."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    doc = token.doc
    frame_ids = {t.i for t in token.subtree}
    frame = _contiguous(token, frame_ids, inside)
    clause = token.head
    within = doc if clause.i == token.i else clause.subtree
    clause_ids = {t.i for t in within}
    before = [i for i in clause_ids if i < token.i and i not in frame_ids]
    after = [i for i in clause_ids if i > token.i and i not in frame_ids]
    spans = []
    for ids in (before, after):
        if ids:
            span = _trim(doc, min(ids), max(ids))
            if span is not None:
                spans.append(span)
    end = to.idx + len(to.text)
    return Cue(
        start=token.idx,
        end=end,
        text=doc.text[token.idx : end],
        lemma="according to",
        frame=frame,
        subject=noun_phrase(obj),
        inherited=False,
        content=tuple(spans),
        kind="according",
    )


def _contiguous(token: Any, ids: set[int], inside: frozenset[int]) -> tuple[int, int]:
    """Character extent of the unbroken run of ``ids`` around ``token`` (punctuation
    inside the run is kept, at its edges dropped); it never enters a quotation."""
    doc = token.doc
    left = right = token.i
    probe = token.i - 1
    while probe >= 0 and probe not in inside and (probe in ids or doc[probe].is_punct):
        if probe in ids and not doc[probe].is_punct:
            left = probe
        probe -= 1
    probe = token.i + 1
    while probe < len(doc) and probe not in inside and (probe in ids or doc[probe].is_punct):
        if probe in ids and not doc[probe].is_punct:
            right = probe
        probe += 1
    last = doc[right]
    return doc[left].idx, last.idx + len(last.text)


def _subject(token: Any, inside: frozenset[int]) -> tuple[Span | None, bool]:
    """The speaker's noun phrase: the verb's own subject (never words inside quotation
    marks), the noun a relative clause hangs from ("Smith, who said"), or the subject of
    a governing clause."""
    node = token
    for step in range(5):
        for child in node.children:
            if child.dep_ in _SUBJECT_DEPS and child.i not in inside:
                if child.lower_ in _RELATIVE and node.dep_ == "relcl":
                    return noun_phrase(node.head), True
                if child.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "X", "ADJ", "DET"):
                    return noun_phrase(child), step > 0
                return None, False
        if node.dep_ not in _INHERIT_DEPS or node.head.i == node.i:
            return None, False
        node = node.head
    return None, False


def _between_quote_and_verb(token: Any, inside: frozenset[int]) -> Span | None:
    """ ""…," harbour police Chief Ana Ruiz said": the parse gave the verb no subject,
    but a name stands between the closing quotation mark and the verb."""
    doc = token.doc
    words = []
    probe = token.i - 1
    while probe >= 0 and probe not in inside:
        if doc[probe].pos_ in ("VERB", "AUX"):
            return None
        words.append(doc[probe])
        probe -= 1
    if probe < 0 or not words:
        return None
    words = [w for w in reversed(words) if not w.is_punct]
    if not words or not any(w.pos_ in ("PROPN", "NOUN", "PRON") for w in words):
        return None
    start, last = words[0].idx, words[-1]
    end = last.idx + len(last.text)
    return Span(start=start, end=end, text=doc.text[start:end], label=None, head=last.lemma_)


def _content_spans(
    doc: Any, contents: list[Any], frame: tuple[int, int], content_ids: set[int]
) -> tuple[tuple[int, int], ...]:
    """The content words on each side of the frame, trimmed of edge punctuation."""
    if not contents:
        return ()
    left = [i for i in content_ids if doc[i].idx + len(doc[i].text) <= frame[0]]
    right = [i for i in content_ids if doc[i].idx >= frame[1]]
    spans = []
    for ids in (left, right):
        if ids:
            span = _trim(doc, min(ids), max(ids))
            if span is not None:
                spans.append(span)
    return tuple(spans)


def _trim(doc: Any, first: int, last: int) -> tuple[int, int] | None:
    """Character extent of tokens ``first..last`` without punctuation at the edges
    (quotation marks stay: they belong to the quote)."""
    while first <= last and doc[first].is_punct and doc[first].text not in _QUOTE_MARKS:
        first += 1
    while last >= first and doc[last].is_punct and doc[last].text not in _QUOTE_MARKS:
        last -= 1
    if first > last:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last].text)
