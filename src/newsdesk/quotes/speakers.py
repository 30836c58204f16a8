"""Speakers: the words before a cue resolved to a canonical actor.

Mentions outside quotation marks go through :class:`~newsdesk.events.actors.ArticleActors`
in reading order (words inside quotation marks are someone's speech, so a name in a
quote is never the antecedent of the "he" who said it). A speaker is the cue's subject as
resolved there, with three rules for speech: a bare name that resolved to nothing, or to
an organisation while a person of the article bears it, is a person; and a "he" or "she"
the recent sentences do not resolve (or resolve to a plural group) is the last person
named in the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdesk.events.actors import ArticleActors
from newsdesk.events.lexicons import fold
from newsdesk.model import Participant
from newsdesk.nlp.annotate import Mention
from newsdesk.nlp.predicates import Span
from newsdesk.nlp.speech import SpeechParse
from newsdesk.quotes.marks import Quotations

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_NOT_NAMES = frozenset({"the", "a", "an", "this", "that", "these", "those", "it", "i", "we"})


def resolve_mentions(
    parse: SpeechParse, offset: int, number: int, quoted: Quotations, book: ArticleActors
) -> dict[tuple[int, int], Participant]:
    """Resolve the sentence's mentions outside quotation marks, in order, so later
    pronouns and descriptions find them (words inside quotes are someone's speech)."""
    resolved: dict[tuple[int, int], Participant] = {}
    for mention in parse.mentions:
        start = offset + mention.start
        if quoted.at(start) is not None:
            continue
        entities = tuple(
            (s - mention.start, e - mention.start, label, text)
            for s, e, label, text in mention.entities
        )
        resolved[(start, offset + mention.end)] = book.resolve(
            mention.text,
            start,
            number,
            entities,
            subject=mention.subject,
            plural=mention.plural,
        )
    return resolved


def resolve_speaker(
    subject: Span,
    start: int,
    parse: SpeechParse,
    offset: int,
    number: int,
    book: ArticleActors,
    known: Participant | None,
) -> Participant:
    """The speaker's actor: the phrase as resolved in context (``known`` when it is one
    of the sentence's mentions). Speakers are mostly people: a bare name that resolved to
    nothing, or to an organisation while a person of the article bears it ("Reyes"
    tagged as an organisation after "Tomas Reyes"), is resolved as a person; an
    unresolved "he"/"she" is the last person named."""
    text = subject.text
    end = start + len(text)
    found = known
    if found is None:
        entities = _entities_within(parse.mentions, start - offset, end - offset)
        found = book.resolve(text, start, number, entities, subject=True, remember=False)
    if (
        found.kind != "person"
        and _looks_like_name(text, book)
        and (
            _person_named(book, text)
            or (found.actor_id is None and (subject.label == "PERSON" or " " in text))
        )
    ):
        person = ((0, len(text), "PERSON", text),)
        found = book.resolve(text, start, number, person, subject=True)
    if text.lower() in _PERSON_PRONOUNS and not _singular(book, found.actor_id, start):
        last = _last_person(book, start)
        if last is not None:
            found = Participant(**{**last.to_dict(), "text": text, "start": start, "end": end})
    return found


def _singular(book: ArticleActors, actor_id: str | None, position: int) -> bool:
    """True when the actor was named in the singular before ``position`` ("Aides" is
    no "she")."""
    return any(
        s.actor.actor_id == actor_id and not s.plural and s.start < position for s in book.seen
    )


def _looks_like_name(text: str, book: ArticleActors) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 4
        and all(w[:1].isupper() and _NAME_WORD.fullmatch(w) for w in words)
        and words[0].lower() not in _NOT_NAMES
        and book.gazetteer.match_phrase(text) is None
    )


def _person_named(book: ArticleActors, text: str) -> bool:
    words = fold(text).split()
    return any(fold(p.name).split()[-len(words) :] == words for p in book.persons)


def _last_person(book: ArticleActors, position: int) -> Participant | None:
    """The last person named before ``position`` anywhere in the article."""
    for seen in reversed(book.seen):
        if seen.start < position and seen.actor.kind == "person" and not seen.plural:
            actor = seen.actor
            return Participant(
                text=actor.name,
                start=seen.start,
                end=seen.start,
                actor_id=actor.actor_id,
                name=actor.name,
                kind=actor.kind,
                country=actor.country,
                sector=actor.sector,
                via="pronoun",
            )
    return None


def _entities_within(
    mentions: Iterable[Mention], start: int, end: int
) -> tuple[tuple[int, int, str, str], ...]:
    seen = set()
    out = []
    for mention in mentions:
        for s, e, label, text in mention.entities:
            if start <= s and e <= end and (s, e) not in seen:
                seen.add((s, e))
                out.append((s - start, e - start, label, text))
    return tuple(sorted(out))
