"""Duplicates and outlets across partitions, with the local run's first-copy rules.

A local run links each document to the earliest document (in input order) with the same
content hash, else to the root of the most similar earlier document whose MinHash shares an
LSH band (:class:`newsdesk.clean.dedup.Deduplicator`). Spread over partitions:

1. documents are grouped by content hash; the first of each hash (its *representative*)
   is the only one that can be a near-duplicate, and the only one later documents need to
   be compared with (the others have the same signature and the same root);
2. representatives are grouped by band key (a shuffle); each bucket gives the pairs
   (later, earlier) at or above ``clean.near_duplicate_threshold`` (:func:`bucket_pairs`);
3. the driver walks the documents that have a same-hash predecessor or a similar pair,
   in input order, and gives each its original (:func:`resolve_duplicates`). Only those
   documents and pairs travel to the driver.

Outlets: a name-only outlet ("owned by Capital Dispatch") joins the first outlet with a
domain and the same name read before it (:func:`resolve_source`); an outlet's stored name is
the one of its first article in the last batch that names it (:func:`source_name_key`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newsdesk.clean.dedup import similarity
from newsdesk.dist.batch import Position
from newsdesk.model import Source


@dataclass(frozen=True, slots=True)
class Link:
    """What a document's ``duplicate_of``, ``duplicate_kind`` and ``similarity`` become."""

    duplicate_of: str
    kind: str
    similarity: float


def bucket_pairs(
    members: Iterable[tuple[Position, str, bytes]], threshold: float
) -> list[tuple[str, str, float]]:
    """``(later, earlier, score)`` for every pair of one band bucket similar enough."""
    ordered = sorted(members)
    pairs = []
    for i, (_, later, signature) in enumerate(ordered):
        for _, earlier, other in ordered[:i]:
            score = similarity(signature, other)
            if score >= threshold:
                pairs.append((later, earlier, score))
    return pairs


def resolve_duplicates(
    hash_groups: Iterable[list[tuple[Position, str]]],
    near_pairs: Iterable[tuple[str, str, float]],
    positions: Mapping[str, Position],
) -> dict[str, Link]:
    """The link of every duplicate. ``hash_groups`` are the documents of each content hash
    held by more than one; ``near_pairs`` ``(later, earlier, score)`` between
    representatives; ``positions`` the input position of every document in either."""
    same_hash: dict[str, str] = {}  # document -> the first document with its hash
    for group in hash_groups:
        ordered = sorted(group)
        first = ordered[0][1]
        for _, doc_id in ordered[1:]:
            same_hash[doc_id] = first
    candidates: dict[str, list[tuple[str, float]]] = {}
    for later, earlier, score in near_pairs:
        candidates.setdefault(later, []).append((earlier, score))
    todo = sorted(set(same_hash) | set(candidates), key=lambda d: positions[d])
    links: dict[str, Link] = {}

    def root(doc_id: str) -> str:
        link = links.get(doc_id)
        return link.duplicate_of if link is not None else doc_id

    for doc_id in todo:
        if doc_id in same_hash:
            links[doc_id] = Link(root(same_hash[doc_id]), "exact", 1.0)
            continue
        best: tuple[float, str] | None = None
        for earlier, score in candidates.get(doc_id, ()):
            found = (score, root(earlier))
            if best is None or found > best:
                best = found
        if best is not None:
            links[doc_id] = Link(best[1], "near", round(best[0], 4))
    return links


def resolve_source(
    source: Source | None, position: Position, named: Mapping[str, tuple[Position, Source]]
) -> Source | None:
    """A name-only ``source`` as the outlet with a domain and the same name first read
    before ``position`` (``named``: casefolded name -> first position and outlet)."""
    if source is None or source.url:
        return source
    found = named.get(source.name.casefold())
    if found is not None and found[0] < position:
        return found[1]
    return source


def source_name_key(batch: int, position: Position) -> tuple[int, int, int]:
    """Orders an outlet's articles so that the largest is the one whose name is stored:
    the last batch, and its first article."""
    return (batch, -position[0], -position[1])
