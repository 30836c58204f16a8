"""Exact and near-duplicate detection.

Exact: equal :func:`~newsdesk.clean.content_hash`. Near: MinHash signatures (datasketch)
of word shingles, indexed by LSH bands. The band index lives in the store (table
``doc_bands``) rather than in memory, so it persists across runs, stays consistent with
what was committed, and keeps memory flat however large the archive grows; candidates
are confirmed by the signatures' estimated Jaccard similarity. A duplicate points to the
first document of its group (``duplicate_of``), is kept, and never counts as a source.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

import numpy as np
from datasketch import MinHash

from newsdesk.config import CleanSettings
from newsdesk.model import Document

_WORDS = re.compile(r"\w+")
SCHEME = "affine32"


class DuplicateIndex(Protocol):
    """What the deduplicator needs from a store."""

    def roots_by_hash(self, hashes: Sequence[str]) -> dict[str, str]: ...

    def band_candidates(self, keys: Sequence[int]) -> dict[int, list[str]]: ...

    def signatures(self, doc_ids: Sequence[str]) -> dict[str, tuple[bytes, str | None]]: ...


@dataclass(frozen=True, slots=True)
class Fingerprint:
    doc_id: str
    signature: bytes
    band_keys: tuple[int, ...]


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=num_perm, seed=1, scheme=SCHEME).permutations  # type: ignore[no-any-return]


def shingles(text: str, size: int) -> set[bytes]:
    words = _WORDS.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def minhash(text: str, settings: CleanSettings) -> MinHash:
    mh = MinHash(
        num_perm=settings.num_perm,
        seed=1,
        scheme=SCHEME,
        permutations=_permutations(settings.num_perm),
    )
    mh.update_batch(list(shingles(text, settings.shingle_size)))
    return mh


def band_keys(hashvalues: np.ndarray, bands: int) -> tuple[int, ...]:
    """One signed 64-bit key per LSH band: the band's number and its rows, hashed."""
    rows = len(hashvalues) // bands
    keys = []
    for band in range(bands):
        chunk = hashvalues[band * rows : (band + 1) * rows].astype("<u8").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


def similarity(a: bytes, b: bytes) -> float:
    x = np.frombuffer(a, dtype="<u8")
    y = np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(x == y)) / len(x)


class Deduplicator:
    """Links each new document to an earlier copy in the store or in the same batch."""

    def __init__(self, settings: CleanSettings, index: DuplicateIndex) -> None:
        if settings.num_perm % settings.lsh_bands:
            from newsdesk.errors import ConfigError

            raise ConfigError(
                f"clean.num_perm ({settings.num_perm}) must be a multiple of "
                f"clean.lsh_bands ({settings.lsh_bands})"
            )
        self.settings = settings
        self.index = index

    def link(self, documents: Sequence[Document]) -> list[tuple[Document, Fingerprint]]:
        """``documents`` with ``duplicate_of`` set where they copy an earlier text, each
        with the fingerprint to store."""
        prints = [self._fingerprint(d) for d in documents]
        stored_roots = self.index.roots_by_hash([d.content_hash for d in documents])
        all_keys = sorted({k for p in prints for k in p.band_keys})
        stored_bands = self.index.band_candidates(all_keys)
        candidate_ids = sorted({i for ids in stored_bands.values() for i in ids})
        stored_sigs = self.index.signatures(candidate_ids)

        batch_roots: dict[str, str] = {}
        batch_bands: dict[int, list[str]] = {}
        batch_sigs: dict[str, tuple[bytes, str | None]] = {}
        out = []
        for document, fingerprint in zip(documents, prints, strict=True):
            linked = self._exact(document, stored_roots, batch_roots) or self._near(
                fingerprint, stored_bands, stored_sigs, batch_bands, batch_sigs
            )
            if linked is not None:
                document = replace(
                    document, duplicate_of=linked[0], duplicate_kind=linked[1], similarity=linked[2]
                )
            batch_roots.setdefault(document.content_hash, document.duplicate_of or document.doc_id)
            for key in fingerprint.band_keys:
                batch_bands.setdefault(key, []).append(document.doc_id)
            batch_sigs[document.doc_id] = (fingerprint.signature, document.duplicate_of)
            out.append((document, fingerprint))
        return out

    def _fingerprint(self, document: Document) -> Fingerprint:
        mh = minhash(document.text, self.settings)
        return Fingerprint(
            doc_id=document.doc_id,
            signature=mh.hashvalues.astype("<u8").tobytes(),
            band_keys=band_keys(mh.hashvalues, self.settings.lsh_bands),
        )

    @staticmethod
    def _exact(
        document: Document, stored: dict[str, str], batch: dict[str, str]
    ) -> tuple[str, str, float] | None:
        root = stored.get(document.content_hash) or batch.get(document.content_hash)
        if root is None or root == document.doc_id:
            return None
        return root, "exact", 1.0

    def _near(
        self,
        fingerprint: Fingerprint,
        stored_bands: dict[int, list[str]],
        stored_sigs: dict[str, tuple[bytes, str | None]],
        batch_bands: dict[int, list[str]],
        batch_sigs: dict[str, tuple[bytes, str | None]],
    ) -> tuple[str, str, float] | None:
        candidates: list[str] = []
        for key in fingerprint.band_keys:
            candidates.extend(stored_bands.get(key, ()))
            candidates.extend(batch_bands.get(key, ()))
        best: tuple[float, str] | None = None
        for candidate in dict.fromkeys(candidates):
            if candidate == fingerprint.doc_id:
                continue
            entry = batch_sigs.get(candidate) or stored_sigs.get(candidate)
            if entry is None:
                continue
            score = similarity(fingerprint.signature, entry[0])
            root = entry[1] or candidate
            if score >= self.settings.near_duplicate_threshold and (
                best is None or (score, root) > best
            ):
                best = (score, root)
        if best is None:
            return None
        return best[1], "near", round(best[0], 4)
