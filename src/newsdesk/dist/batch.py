"""Reading and cleaning in a distributed run, one input file or one partition at a time.

- **Reading**: an executor gets an input file's bytes from the engine (any path scheme the
  engine reads), writes them to a local temporary file under the same name and reads it
  with the very reader a local run uses (:func:`newsdesk.ingest.read_path`), so WARC,
  WARC.gz, JSONL, JSON, HTML, feeds and text files with sidecars give the same articles.
  Origins name the input as the engine does (local files without ``file:``).
- **Batches**: a local run stores articles ``ingest.batch_size`` at a time, and the batch
  an article was stored in is part of its arrival order (its ``ingested_at``) and of which
  copy of a repeated article is kept. Each file's items are summarised as runs of articles
  and failures (:func:`item_runs`); the driver replays the local batching over those runs
  (:func:`advance`) and gives each file its starting state, from which
  :func:`article_batches` numbers the file's articles.
- **Cleaning**: :func:`clean_copies` cleans the copies of each article id (all copies of
  an id in one partition, in input order) and keeps the copies a local run keeps: a copy
  is left out when an earlier copy is in its batch, or an earlier copy was stored.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from newsdesk.clean import clean_articles
from newsdesk.clean.dedup import band_keys, minhash
from newsdesk.config import Settings
from newsdesk.errors import ExtractionError
from newsdesk.ingest import Meta, read_path
from newsdesk.model import Article, Document, Failure, Skip, Source

Position = tuple[int, int]  # (input file, item within the file)
Item = Article | Failure | Skip

ARTICLE = "A"
FAILURE = "F"
SKIP = "S"
CLEAN_CHUNK = 64  # articles cleaned together (sentence splitting runs per chunk)


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file, numbered in the order a local run reads it."""

    index: int
    path: str  # as the engine names it: file:/data/x.warc.gz, hdfs://..., s3a://...
    sidecar: str | None = None  # the engine path of a text file's NAME.json

    @property
    def name(self) -> str:
        """The name origins and messages give: local paths without ``file:``."""
        return local_name(self.path)


def local_name(path: str) -> str:
    """``file:/data/a.warc`` and ``file:///data/a.warc`` -> ``/data/a.warc``; other
    schemes unchanged."""
    if path.startswith("file://"):
        return path[len("file://") :]
    if path.startswith("file:"):
        return path[len("file:") :]
    return path


def read_input(
    file: InputFile, data: bytes, sidecar: bytes | None, settings: Settings
) -> list[Item]:
    """The items of one input file, as a local run reads them from ``file.name``."""
    base = PurePosixPath(file.name).name or "input"
    with tempfile.TemporaryDirectory(prefix="newsdesk-") as folder:
        target = Path(folder) / base
        target.write_bytes(data)
        if sidecar is not None:
            target.with_suffix(".json").write_bytes(sidecar)
        items = list(read_path(target, meta=Meta(), settings=settings))
    here = str(target)
    return [_renamed(item, here, file.name) for item in items]


def _renamed(item: Item, here: str, name: str) -> Item:
    """``item`` with the temporary file's path replaced by the input's name."""
    if isinstance(item, Article):
        return replace(item, origin=item.origin.replace(here, name))
    if isinstance(item, Failure):
        return replace(
            item, origin=item.origin.replace(here, name), message=item.message.replace(here, name)
        )
    return replace(
        item, origin=item.origin.replace(here, name), reason=item.reason.replace(here, name)
    )


def kind_code(item: Item) -> str:
    if isinstance(item, Article):
        return ARTICLE
    return FAILURE if isinstance(item, Failure) else SKIP


# -- the local run's batches ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchState:
    """Where the local batching stands: the batch being filled and what it holds."""

    batch: int = 0
    articles: int = 0
    failures: int = 0


def item_runs(codes: Iterable[str]) -> list[tuple[str, int]]:
    """Runs of articles and failures (skips do not count towards a batch)."""
    runs: list[tuple[str, int]] = []
    for code in codes:
        if code == SKIP:
            continue
        if runs and runs[-1][0] == code:
            runs[-1] = (code, runs[-1][1] + 1)
        else:
            runs.append((code, 1))
    return runs


def advance(state: BatchState, runs: Iterable[tuple[str, int]], size: int) -> BatchState:
    """The state after ``runs``: a batch is closed when it holds ``size`` articles or
    ``size`` failures (as :func:`newsdesk.pipeline.run_ingest` does)."""
    batch, articles, failures = state.batch, state.articles, state.failures
    for code, n in runs:
        total = (articles if code == ARTICLE else failures) + n
        if total >= size:
            batch += total // size
            articles = failures = 0
            rest = total % size
        else:
            rest = total
        if code == ARTICLE:
            articles = rest
        else:
            failures = rest
    return BatchState(batch, articles, failures)


def article_batches(codes: Iterable[str], state: BatchState, size: int) -> list[int]:
    """The batch of each article among ``codes``, starting from ``state``."""
    out = []
    for code in codes:
        if code == SKIP:
            continue
        if code == ARTICLE:
            out.append(state.batch)
        state = advance(state, [(code, 1)], size)
    return out


# -- cleaning -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Copy:
    """One article as read: where it was read and the local batch it would be stored in."""

    position: Position
    batch: int
    article: Article


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A stored document: its article (without the raw input), outlet and fingerprint."""

    position: Position
    batch: int
    document: Document
    article: Article
    source: Source | None
    signature: bytes
    band_keys: tuple[int, ...]


def clean_copies(copies: Iterable[Copy], settings: Settings) -> Iterator[Cleaned | Failure | str]:
    """Clean ``copies`` (all copies of an id together, in input order); yields each stored
    document, each cleaning failure, and the id of each copy left out as already stored."""
    group: list[Copy] = []
    chunk: list[list[Copy]] = []
    size = 0
    for copy in copies:
        if group and copy.article.article_id != group[0].article.article_id:
            chunk.append(group)
            size += len(group)
            group = []
            if size >= CLEAN_CHUNK:
                yield from _clean_chunk(chunk, settings)
                chunk, size = [], 0
        group.append(copy)
    if group:
        chunk.append(group)
    if chunk:
        yield from _clean_chunk(chunk, settings)


def _clean_chunk(groups: list[list[Copy]], settings: Settings) -> Iterator[Cleaned | Failure | str]:
    flat = [c for g in groups for c in sorted(g, key=_position)]
    results = iter(clean_articles([c.article for c in flat], settings))
    for group in groups:
        ordered = sorted(group, key=_position)
        cleaned = [next(results) for _ in ordered]
        stored = False
        batches: set[int] = set()
        for copy, result in zip(ordered, cleaned, strict=True):
            if stored or copy.batch in batches:
                yield copy.article.article_id
                continue
            batches.add(copy.batch)
            if isinstance(result, ExtractionError):
                yield Failure(
                    origin=copy.article.origin,
                    stage="clean",
                    code=result.code,
                    message=str(result),
                    article_id=copy.article.article_id,
                )
                continue
            stored = True
            yield _cleaned(copy, result[0], result[1], settings)


def _cleaned(copy: Copy, document: Document, source: Source | None, settings: Settings) -> Cleaned:
    mh = minhash(document.text, settings.clean)
    return Cleaned(
        position=copy.position,
        batch=copy.batch,
        document=document,
        article=replace(copy.article, raw=""),
        source=source,
        signature=mh.hashvalues.astype("<u8").tobytes(),
        band_keys=band_keys(mh.hashvalues, settings.clean.lsh_bands),
    )


def _position(copy: Copy) -> Position:
    return copy.position
