"""The Spark job's steps (see :mod:`newsdesk.dist.spark` for the overview). Functions at
module level are what executors run; they import newsdesk, never pickle a spaCy object."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from operator import add
from typing import TYPE_CHECKING, Any

from newsdesk.config import Settings
from newsdesk.dist.batch import (
    ARTICLE,
    FAILURE,
    SKIP,
    BatchState,
    Cleaned,
    Copy,
    InputFile,
    advance,
    clean_copies,
    item_runs,
    kind_code,
    local_name,
    read_input,
)
from newsdesk.dist.dedup import (
    Link,
    bucket_pairs,
    resolve_duplicates,
    resolve_source,
    source_name_key,
)
from newsdesk.dist.listing import Listed, nothing_readable
from newsdesk.dist.results import Extracted, extracted, merge_actor, story_features, with_actor
from newsdesk.dist.tables import article_sources, mention_sources, write_table
from newsdesk.errors import InputError
from newsdesk.export.codes import gdelt_event_id
from newsdesk.model import Actor, Article, Document, Failure, Participant, Skip, Source, utc_now
from newsdesk.pipeline import Pipeline
from newsdesk.stories.build import build_story
from newsdesk.stories.cluster import StoryClusterer
from newsdesk.stories.features import StoryInput

if TYPE_CHECKING:
    from newsdesk.dist.spark import SparkReport

EXTRACT_BATCH = 64  # documents per extraction batch, as run_extract's default
_EPOCH = datetime(1, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Full:
    """One stored document with its extraction as the store reads it back."""

    cleaned: Cleaned
    extracted: Extracted
    mentions: tuple[tuple[int, Participant], ...]  # with the actors' stored names


def run_job(
    spark: Any, listed: list[Listed], output: str, settings: Settings, n: int
) -> SparkReport:
    from pyspark import StorageLevel

    from newsdesk.dist.spark import MAX_REPORTED_FAILURES, SparkReport

    sc = spark.sparkContext
    keep = StorageLevel.MEMORY_AND_DISK
    report = SparkReport()
    started = last = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal last
        now = time.perf_counter()
        report.seconds[stage] = now - last
        last = now

    files = [f for entry in listed for f in entry.files]
    report.files = len(files)
    _check_readable(spark, files)
    b_settings = sc.broadcast(settings)
    b_files = sc.broadcast({f.path: f for f in files})
    sidecars = sorted({f.sidecar for f in files if f.sidecar})
    found = _binary(spark, sidecars).collect() if sidecars else []
    b_sidecars = sc.broadcast({path: data for path, data in found})

    # 1. read every file; the driver replays the local batching over each file's runs
    raw = _binary(spark, [f.path for f in files]) if files else sc.emptyRDD()
    items = raw.flatMap(
        lambda row: _read_file(row, b_files.value, b_sidecars.value, b_settings.value)
    )
    items = items.persist(keep)
    summaries = {s[0]: s for s in items.mapPartitions(_summaries).collect()}
    starts, failures = _batch_starts(listed, summaries, settings.ingest.batch_size, report)
    lap("read")

    # 2. clean the copies of each article id together; keep those a local run keeps
    b_starts = sc.broadcast(starts)
    size = settings.ingest.batch_size
    copies = items.mapPartitions(lambda it: _copies(it, b_starts.value, size))
    cleaned = (
        copies.repartitionAndSortWithinPartitions(n, partitionFunc=_by_article)
        .values()
        .mapPartitions(lambda it: clean_copies(it, b_settings.value))
        .persist(keep)
    )
    counts = cleaned.map(_tag).countByValue()
    report.stored = counts.get("doc", 0)
    report.already_stored = counts.get("already", 0)
    failures += cleaned.filter(lambda x: isinstance(x, Failure)).take(MAX_REPORTED_FAILURES)
    report.failed += counts.get("failure", 0)
    report.failures = failures[:MAX_REPORTED_FAILURES]
    items.unpersist()
    lap("clean")

    # 3. duplicates and outlets, first copies by input order
    docs = cleaned.filter(lambda x: isinstance(x, Cleaned))
    links = _duplicates(sc, docs, settings.clean.near_duplicate_threshold, n)
    report.exact_duplicates = sum(link.kind == "exact" for link in links.values())
    report.near_duplicates = sum(link.kind == "near" for link in links.values())
    named = (
        docs.filter(lambda c: c.source is not None and bool(c.source.url))
        .map(lambda c: (c.source.name.casefold(), (c.position, c.source)))
        .reduceByKey(min)
        .collectAsMap()
    )
    b_links, b_named = sc.broadcast(links), sc.broadcast(named)
    final = docs.map(lambda c: _finalise(c, b_links.value, b_named.value)).persist(keep)
    names = (
        final.filter(lambda c: c.source is not None)
        .map(lambda c: (c.source.source_id, (source_name_key(c.batch, c.position), c.source.name)))
        .reduceByKey(max)
        .mapValues(lambda v: v[1])
        .collectAsMap()
    )
    final.count()
    cleaned.unpersist()
    lap("dedup")

    # 4. extraction in the local run's batches (oldest first, 64 a batch)
    n_batches = max(1, math.ceil(report.stored / EXTRACT_BATCH))
    batched = (
        final.keyBy(_extract_order)
        .sortByKey(numPartitions=n)
        .values()
        .zipWithIndex()
        .map(lambda cr: ((cr[1] // EXTRACT_BATCH, cr[1]), cr[0]))
        .repartitionAndSortWithinPartitions(n, partitionFunc=lambda key: key[0] * n // n_batches)
    )
    results = batched.mapPartitions(lambda it: _extract(it, b_settings.value)).persist(keep)
    actors = (
        results.filter(lambda r: r[0] == "actors")
        .flatMap(lambda r: [(a.actor_id, (r[1], a)) for a in r[2]])
        .reduceByKey(merge_actor)
        .mapValues(lambda v: v[1])
    )
    mentions = (
        results.filter(lambda r: r[0] == "doc")
        .flatMap(lambda r: [(p.actor_id, (r[2].doc_id, s, p)) for s, p in r[2].mentions])
        .leftOuterJoin(actors, n)
        .map(lambda kv: (kv[1][0][0], (kv[1][0][1], with_actor(kv[1][0][2], kv[1][1]))))
    )
    full = (
        results.filter(lambda r: r[0] == "doc")
        .map(lambda r: (r[2].doc_id, (r[1], r[2])))
        .cogroup(mentions, n)
        .map(_full)
        .persist(keep)
    )
    statuses = results.filter(lambda r: r[0] == "doc").map(lambda r: r[3]).countByValue()
    report.extracted = statuses.get("done", 0)
    report.reports = full.map(lambda f: len(f[1].extracted.reports)).sum() if statuses else 0
    final.unpersist()
    lap("extract")

    # 5. stories: the clusterer on the driver, articles streamed in arrival order
    features = full.map(
        lambda kv: (
            _arrival(kv[1].cleaned),
            (
                kv[0],
                *story_features(kv[1].cleaned.document, kv[1].extracted.reports, kv[1].mentions),
            ),
        )
    ).sortByKey(numPartitions=n)
    clusterer = StoryClusterer()
    assignments = []
    for seq, (_, (doc_id, title, found_features)) in enumerate(features.toLocalIterator()):
        story_id = clusterer.add(StoryInput(doc_id=doc_id), features=found_features, title=title)
        assignments.append((doc_id, (story_id, seq)))
    lap("group")

    # 6. each story's record and merged events, then the tables
    now = utc_now()
    built = (
        full.mapValues(lambda f: (_info(f.cleaned.document), f.extracted.reports))
        .join(sc.parallelize(assignments, n), n)  # (doc, ((info, reports), (story, seq)))
        .map(lambda kv: (kv[1][1][0], (kv[1][1][1], *kv[1][0])))
        .groupByKey(n)
        .map(lambda kv: build_story(kv[0], *_story_parts(kv[1]), updated_at=now))
        .persist(keep)
    )
    report.stories = built.count()
    report.events = built.map(lambda b: len(b[1])).sum() if report.stories else 0
    b_names = sc.broadcast(names)
    tables = {
        "articles": full.map(lambda kv: article_sources(kv[1], b_names.value)),
        "mentions": full.flatMap(lambda kv: mention_sources(kv[1])),
        "reports": full.flatMap(lambda kv: [{"report": r} for r in kv[1].extracted.reports]),
        "quotes": full.flatMap(
            lambda kv: [
                {"quote": q, "pub_date": kv[1].cleaned.document.pub_date}
                for q in kv[1].extracted.quotes
            ]
        ),
        "events": built.flatMap(
            lambda b: [{"event": e, "gdelt_event_id": gdelt_event_id(e.event_id)} for e in b[1]]
        ),
        "stories": built.map(lambda b: {"story": b[0]}),
    }
    for name, sources in tables.items():
        report.rows[name] = write_table(spark, sources, name, output)
    full.unpersist()
    built.unpersist()
    lap("stories_and_write")
    report.seconds["total"] = time.perf_counter() - started
    return report


# -- reading ------------------------------------------------------------------------------------


def _binary(spark: Any, paths: list[str]) -> Any:
    """``(path, bytes)`` of each file, read by Spark's binaryFile source."""
    frame = spark.read.format("binaryFile").load(paths).select("path", "content")
    return frame.rdd.map(lambda row: (row[0], bytes(row[1])))


def _check_readable(spark: Any, files: list[InputFile]) -> None:
    """Every listed file once, and Spark's binaryFile source reads each (it leaves out
    names it takes for hidden, such as ``_x.jsonl``)."""
    seen: set[str] = set()
    for file in files:
        if file.path in seen:
            raise InputError(f"spark run: {file.name} is named twice in the inputs", code="twice")
        seen.add(file.path)
    if not files:
        return
    found = {
        row[0]
        for row in spark.read.format("binaryFile").load(sorted(seen)).select("path").collect()
    }
    missing = sorted(seen - found)
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise InputError(
            f"spark run: Spark does not read {local_name(missing[0])}{more} "
            "(names starting with _ or . are hidden to Spark; rename them)",
            code="unreadable",
        )


def _read_file(
    row: tuple[str, bytes],
    files: dict[str, InputFile],
    sidecars: dict[str, bytes],
    settings: Settings,
) -> Iterator[tuple[int, int, str, Article | Failure | Skip]]:
    path, data = row
    file = files[path]
    sidecar = sidecars.get(file.sidecar) if file.sidecar else None
    for seq, item in enumerate(read_input(file, data, sidecar, settings)):
        yield file.index, seq, kind_code(item), item


def _summaries(
    items: Iterable[tuple[int, int, str, Any]],
) -> Iterator[tuple[int, list[tuple[str, int]], Counter[str], list[Failure]]]:
    """Per file (its items are contiguous): runs of articles and failures, skip codes,
    read failures."""
    current: int | None = None
    codes: list[str] = []
    skips: Counter[str] = Counter()
    failures: list[Failure] = []
    for index, _, code, item in items:
        if index != current:
            if current is not None:
                yield current, item_runs(codes), skips, failures
            current, codes, skips, failures = index, [], Counter(), []
        codes.append(code)
        if code == SKIP:
            skips[item.code] += 1
        elif code == FAILURE:
            failures.append(item)
    if current is not None:
        yield current, item_runs(codes), skips, failures


def _batch_starts(
    listed: list[Listed], summaries: dict[int, Any], size: int, report: SparkReport
) -> tuple[dict[int, BatchState], list[Failure]]:
    """Each file's batch state when a local run starts reading it; fills the read counts."""
    state = BatchState()
    starts: dict[int, BatchState] = {}
    failures: list[Failure] = []
    for entry in listed:
        report.skipped.update(s.code for s in entry.skips)
        if entry.failure is not None:
            failures.append(entry.failure)
            state = advance(state, [(FAILURE, 1)], size)
        n_articles = 0
        for file in entry.files:
            starts[file.index] = state
            _, runs, skips, read_failures = summaries.get(file.index, (0, [], Counter(), []))
            state = advance(state, runs, size)
            n_articles += sum(k for code, k in runs if code == ARTICLE)
            report.skipped.update(skips)
            failures += read_failures
        report.read += n_articles
        if entry.folder and n_articles == 0:
            failures.append(nothing_readable(entry.spec, len(entry.files)))
            state = advance(state, [(FAILURE, 1)], size)
    report.failed += len(failures)
    return starts, failures


def _copies(
    items: Iterable[tuple[int, int, str, Any]], starts: dict[int, BatchState], size: int
) -> Iterator[tuple[tuple[str, tuple[int, int]], Copy]]:
    current: int | None = None
    state = BatchState()
    for index, seq, code, item in items:
        if index != current:
            current, state = index, starts[index]
        if code == ARTICLE:
            yield (item.article_id, (index, seq)), Copy((index, seq), state.batch, item)
        if code != SKIP:
            state = advance(state, [(code, 1)], size)


def _by_article(key: tuple[str, Any]) -> int:
    from pyspark.rdd import portable_hash

    return int(portable_hash(key[0]))


def _tag(item: Any) -> str:
    if isinstance(item, Cleaned):
        return "doc"
    return "failure" if isinstance(item, Failure) else "already"


# -- duplicates and outlets ------------------------------------------------------------------------


def _duplicates(sc: Any, docs: Any, threshold: float, n: int) -> dict[str, Link]:
    groups = (
        docs.map(lambda c: (c.document.content_hash, [(c.position, c.document.doc_id)]))
        .reduceByKey(add)
        .values()
        .filter(lambda g: len(g) > 1)
        .collect()
    )
    reps = (
        docs.map(
            lambda c: (
                c.document.content_hash,
                (c.position, c.document.doc_id, c.signature, c.band_keys),
            )
        )
        .reduceByKey(min)
        .values()
    )
    pairs = (
        reps.flatMap(lambda r: [(key, (r[0], r[1], r[2])) for key in r[3]])
        .groupByKey(n)
        .flatMap(lambda kv: bucket_pairs(kv[1], threshold) if len(kv[1]) > 1 else [])
        .distinct()
        .collect()
    )
    positions = {doc_id: position for group in groups for position, doc_id in group}
    wanted = {d for pair in pairs for d in pair[:2]} - set(positions)
    if wanted:
        b_wanted = sc.broadcast(wanted)
        positions.update(
            docs.filter(lambda c: c.document.doc_id in b_wanted.value)
            .map(lambda c: (c.document.doc_id, c.position))
            .collectAsMap()
        )
    return resolve_duplicates(groups, pairs, positions)


def _finalise(
    cleaned: Cleaned, links: dict[str, Link], named: dict[str, tuple[Any, Source]]
) -> Cleaned:
    document, article = cleaned.document, cleaned.article
    link = links.get(document.doc_id)
    if link is not None:
        document = replace(
            document,
            duplicate_of=link.duplicate_of,
            duplicate_kind=link.kind,
            similarity=link.similarity,
        )
    source = resolve_source(cleaned.source, cleaned.position, named)
    if source is not None:
        if document.source_id != source.source_id:
            document = replace(document, source_id=source.source_id)
        if article.source_id != source.source_id:
            article = replace(article, source_id=source.source_id)
    return replace(cleaned, document=document, article=article, source=source)


# -- extraction and grouping --------------------------------------------------------------------


def _extract_order(cleaned: Cleaned) -> tuple[bool, date, str]:
    """run_extract's order: publication date (none first), then id."""
    day = cleaned.document.pub_date
    return (day is not None, day or date.min, cleaned.document.doc_id)


def _arrival(cleaned: Cleaned) -> tuple[bool, date, bool, datetime, int, str]:
    """run_stories' order: publication date and time (none last), ingestion batch, id."""
    document = cleaned.document
    return (
        document.pub_date is None,
        document.pub_date or date.min,
        document.published_at is None,
        document.published_at or _EPOCH,
        cleaned.batch,
        document.doc_id,
    )


def _extract(
    items: Iterable[tuple[tuple[int, int], Cleaned]], settings: Settings
) -> Iterator[tuple[Any, ...]]:
    pipeline = Pipeline(settings)
    batch: list[Cleaned] = []
    number: int | None = None
    for (index, _), cleaned in items:
        if number is not None and index != number:
            yield from _extract_batch(pipeline, number, batch)
            batch = []
        number = index
        batch.append(cleaned)
    if batch and number is not None:
        yield from _extract_batch(pipeline, number, batch)


def _extract_batch(
    pipeline: Pipeline, number: int, batch: list[Cleaned]
) -> Iterator[tuple[Any, ...]]:
    rows = pipeline.process_batch([c.document.to_dict() for c in batch])
    for cleaned, row in zip(batch, rows[:-1], strict=True):
        record = row["extraction"]
        yield "doc", cleaned, extracted(row), record["status"], record["n_reports"]
    yield "actors", number, [Actor.from_dict(a) for a in rows[-1]["actors"]]


def _full(kv: tuple[str, tuple[Iterable[Any], Iterable[Any]]]) -> tuple[str, Full]:
    doc_id, (found, mentions) = kv
    cleaned, result = next(iter(found))
    ordered = tuple(sorted(mentions, key=lambda m: m[1].start))
    return doc_id, Full(cleaned, result, ordered)


def _info(document: Document) -> Document:
    """What story building reads of a document (no text)."""
    return Document(
        doc_id=document.doc_id,
        text="",
        title=document.title,
        source_id=document.source_id,
        pub_date=document.pub_date,
        duplicate_of=document.duplicate_of,
    )


def _story_parts(members: Iterable[tuple[int, Document, Any]]) -> tuple[list[Document], list[Any]]:
    ordered = sorted(members, key=lambda m: m[0])
    return [m[1] for m in ordered], [r for m in ordered for r in m[2]]
