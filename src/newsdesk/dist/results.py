"""Extraction results as a store keeps them, and what story grouping reads off them.

A local run writes each extraction batch in one transaction: rows with the same key are
kept once (the last one), and actors are merged into the actor table, the later batch's
name, kind and code replacing the earlier ones (country and sector kept when the later
record has none). Mentions are read back with their actor's stored name. These functions
do the same to the rows of :meth:`newsdesk.pipeline.Pipeline.process_batch`, so that the
distributed tables and story features equal the local ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.model import Actor, Document, EventReport, Participant, Quote
from newsdesk.stories.cluster import story_title
from newsdesk.stories.features import ArticleFeatures, article_features
from newsdesk.stories.group import story_inputs


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document's extraction as stored: reports (text order), resolved mentions
    ``(sentence, participant)`` with the extracted names, quotes."""

    doc_id: str
    reports: tuple[EventReport, ...]
    mentions: tuple[tuple[int, Participant], ...]
    quotes: tuple[Quote, ...]


def extracted(row: dict[str, Any]) -> Extracted:
    """A :meth:`~newsdesk.pipeline.Pipeline.process_batch` row as the store keeps it."""
    reports = _last_by((EventReport.from_dict(r) for r in row["reports"]), lambda r: r.report_id)
    mentions = _last_by(
        ((int(s), Participant.from_dict(p)) for s, p in row["mentions"] if p.get("actor_id")),
        lambda m: m[1].start,
    )
    quotes = _last_by((Quote.from_dict(q) for q in row["quotes"]), lambda q: q.quote_id)
    return Extracted(
        doc_id=row["doc_id"],
        reports=tuple(sorted(reports, key=lambda r: (r.sentence, r.trigger_start))),
        mentions=tuple(sorted(mentions, key=lambda m: m[1].start)),
        quotes=tuple(sorted(quotes, key=_quote_start)),
    )


def _last_by(items: Iterable[Any], key: Any) -> list[Any]:
    """One item per key: the last one, at the place of the first (as the store's insert)."""
    kept: dict[Any, Any] = {}
    for item in items:
        kept[key(item)] = item
    return list(kept.values())


def _quote_start(quote: Quote) -> int:
    return quote.content[0][0] if quote.content else quote.cue_start


def merge_actor(earlier: tuple[int, Actor], later: tuple[int, Actor]) -> tuple[int, Actor]:
    """Two batches' records of one actor as the actor table ends up after both (the
    batch numbers decide which is later; associative, so it can be reduced in any order)."""
    if later[0] < earlier[0]:
        earlier, later = later, earlier
    old, new = earlier[1], later[1]
    merged = Actor(
        actor_id=new.actor_id,
        name=new.name,
        kind=new.kind,
        country=new.country or old.country,
        sector=new.sector or old.sector,
        code=new.code,
        aliases=tuple(sorted(set(old.aliases) | set(new.aliases))),
    )
    return later[0], merged


def with_actor(mention: Participant, actor: Actor | None) -> Participant:
    """A stored mention as the store reads it back: the actor's current name and codes."""
    return Participant(
        text=mention.text,
        start=mention.start,
        end=mention.end,
        actor_id=mention.actor_id,
        name=actor.name if actor else None,
        kind=actor.kind if actor else None,
        country=actor.country if actor else None,
        sector=actor.sector if actor else None,
        via=mention.via,
    )


def story_features(
    document: Document,
    reports: Sequence[EventReport],
    mentions: Sequence[tuple[int, Participant]],
) -> tuple[str, ArticleFeatures]:
    """What the story clusterer reads off one document: the title a story it starts gets,
    and its features (as :func:`newsdesk.stories.group.story_inputs` builds them)."""
    item = story_inputs(
        [document], reports, [(document.doc_id, sentence, who) for sentence, who in mentions]
    )[0]
    return story_title(item), article_features(item)
