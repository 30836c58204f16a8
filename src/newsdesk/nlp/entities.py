"""Named entities of whole articles, as plain strings, for story grouping.

:func:`named_entities` runs the statistical NER of the default model over many texts with one
``nlp.pipe`` stream (parser, tagger and lemmatizer disabled: the recogniser only needs the
token vectors) and returns, for each text, the mentions of people, places and organisations
in text order (a name mentioned three times appears three times: repetition is salience).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newsdesk.nlp.load import DEFAULT_MODEL, load_nlp

_NER_ONLY = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter")
PEOPLE_LABELS = frozenset({"PERSON"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ORGANISATION_LABELS = frozenset({"ORG", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART"})


@dataclass(frozen=True, slots=True)
class NamedEntities:
    """The name mentions of one text, each kind in text order."""

    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()


def ner_pipeline(model: str = DEFAULT_MODEL) -> Any:
    """The cached spaCy pipeline with only the components NER needs."""
    return load_nlp(model, disable=_NER_ONLY)


def named_entities(
    texts: Iterable[str], *, nlp: Any = None, batch_size: int = 32
) -> Iterator[NamedEntities]:
    """The people, places and organisations each text names, in input order."""
    pipeline = nlp if nlp is not None else ner_pipeline()
    for doc in pipeline.pipe(texts, batch_size=batch_size):
        yield entities_of(doc)


def entities_of(doc: Any) -> NamedEntities:
    """Turn a parsed ``Doc`` into :class:`NamedEntities` (the one exit from spaCy here)."""
    people: list[str] = []
    places: list[str] = []
    organisations: list[str] = []
    for ent in doc.ents:
        text = " ".join(ent.text.split())
        if ent.label_ in PEOPLE_LABELS:
            people.append(text)
        elif ent.label_ in PLACE_LABELS:
            places.append(text)
        elif ent.label_ in ORGANISATION_LABELS:
            organisations.append(text)
    return NamedEntities(tuple(people), tuple(places), tuple(organisations))
