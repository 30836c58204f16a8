"""The engine-free steps of a distributed run give the local run's decisions (no Spark)."""

from __future__ import annotations

import pickle
import random
import sys
from collections.abc import Sequence

import pytest

from newsdesk.clean import content_hash
from newsdesk.clean.dedup import Deduplicator, Fingerprint
from newsdesk.config import load_settings
from newsdesk.dist.batch import (
    ARTICLE,
    FAILURE,
    SKIP,
    BatchState,
    InputFile,
    advance,
    article_batches,
    item_runs,
    local_name,
)
from newsdesk.dist.dedup import bucket_pairs, resolve_duplicates, resolve_source
from newsdesk.dist.listing import folder_files
from newsdesk.dist.results import merge_actor
from newsdesk.model import Actor, Article, Document, Failure, Skip, Source
from newsdesk.pipeline import IngestReport, Pipeline, _batches


def _item(code: str, i: int) -> Article | Failure | Skip:
    if code == ARTICLE:
        return Article(article_id=f"art_{i}", origin=f"test:{i}", raw="x")
    if code == FAILURE:
        return Failure(origin=f"test:{i}", stage="read", code="bad", message="bad")
    return Skip(origin=f"test:{i}", code="skip", reason="skip")


def test_batches_replayed_per_file_equal_the_local_batching() -> None:
    rng = random.Random(5)
    for size in (1, 2, 3, 7):
        codes = [rng.choice("AAAAFFS") for _ in range(300)]
        items = [_item(code, i) for i, code in enumerate(codes)]
        local = [
            number
            for number, (articles, _) in enumerate(_batches(items, size, IngestReport()))
            for _ in articles
        ]
        # the same stream cut into "files": each file starts from the state before it
        cuts = sorted(rng.sample(range(1, 300), 9))
        files = [codes[a:b] for a, b in zip([0, *cuts], [*cuts, 300], strict=True)]
        state = BatchState()
        replayed: list[int] = []
        for file_codes in files:
            replayed += article_batches(file_codes, state, size)
            state = advance(state, item_runs(file_codes), size)
        assert replayed == local, size


def test_item_runs_count_articles_and_failures_not_skips() -> None:
    assert item_runs([ARTICLE, ARTICLE, SKIP, ARTICLE, FAILURE, SKIP, FAILURE]) == [
        (ARTICLE, 3),
        (FAILURE, 2),
    ]


def test_local_name_drops_the_file_scheme_only() -> None:
    assert local_name("file:/data/a.warc.gz") == "/data/a.warc.gz"
    assert local_name("file:///data/a.warc.gz") == "/data/a.warc.gz"
    assert local_name("hdfs://nn:8020/cc/a.warc.gz") == "hdfs://nn:8020/cc/a.warc.gz"


def test_folder_files_follow_the_local_reader() -> None:
    root = "file:/in"
    paths = [
        "file:/in/b/z.jsonl",
        "file:/in/a-b/x.warc.gz",
        "file:/in/a/y.txt",
        "file:/in/a/y.json",
        "file:/in/a/notes.md",
        "file:/in/.hidden/h.jsonl",
        "file:/in/a/.h.jsonl",
        "file:/in/a/other.json",
    ]
    files, skips = folder_files("/in", root, paths, 4)
    # path order by parts ("a" before "a-b"), sidecar read with its text file, hidden left out
    assert [f.path for f in files] == [
        "file:/in/a/other.json",
        "file:/in/a/y.txt",
        "file:/in/a-b/x.warc.gz",
        "file:/in/b/z.jsonl",
    ]
    assert [f.index for f in files] == [4, 5, 6, 7]
    assert files[1] == InputFile(index=5, path="file:/in/a/y.txt", sidecar="file:/in/a/y.json")
    assert [s.code for s in skips] == ["unsupported_file"]
    assert skips[0].origin == "file:/in/a/notes.md"


class _Index:
    """An in-memory duplicate index filled batch by batch, as a store is."""

    def __init__(self) -> None:
        self.roots: dict[str, str] = {}
        self.bands: dict[int, list[str]] = {}
        self.sigs: dict[str, tuple[bytes, str | None]] = {}

    def roots_by_hash(self, hashes: Sequence[str]) -> dict[str, str]:
        return {h: self.roots[h] for h in hashes if h in self.roots}

    def band_candidates(self, keys: Sequence[int]) -> dict[int, list[str]]:
        return {k: list(self.bands[k]) for k in keys if k in self.bands}

    def signatures(self, doc_ids: Sequence[str]) -> dict[str, tuple[bytes, str | None]]:
        return {d: self.sigs[d] for d in doc_ids if d in self.sigs}

    def add(self, document: Document, fingerprint: Fingerprint) -> None:
        root = document.duplicate_of or document.doc_id
        self.roots[document.content_hash] = min(self.roots.get(document.content_hash, root), root)
        for key in fingerprint.band_keys:
            self.bands.setdefault(key, []).append(document.doc_id)
        self.sigs[document.doc_id] = (fingerprint.signature, document.duplicate_of)


def _texts(rng: random.Random, n: int) -> list[str]:
    words = [f"w{i}" for i in range(400)]
    texts: list[str] = []
    for _ in range(n):
        draw = rng.random()
        if texts and draw < 0.15:
            texts.append(rng.choice(texts).upper())  # an exact copy (case differs)
        elif texts and draw < 0.45:
            base = rng.choice(texts).split()
            at = rng.randrange(len(base))
            texts.append(" ".join([*base[:at], "changed", *base[at + 1 :]]))  # a near copy
        else:
            texts.append(" ".join(rng.choice(words) for _ in range(120)))
    return texts


def test_duplicates_resolved_across_partitions_equal_the_local_links() -> None:
    settings = load_settings()
    rng = random.Random(11)
    texts = _texts(rng, 120)
    documents = [
        Document(doc_id=f"doc_{i:03d}", text=t, content_hash=content_hash(t))
        for i, t in enumerate(texts)
    ]
    index = _Index()
    deduplicator = Deduplicator(settings.clean, index)
    local: dict[str, tuple[str | None, str | None, float | None]] = {}
    prints: dict[str, Fingerprint] = {}
    for start in range(0, len(documents), 9):  # batches of 9, as a store sees them
        for document, fingerprint in deduplicator.link(documents[start : start + 9]):
            index.add(document, fingerprint)
            prints[document.doc_id] = fingerprint
            local[document.doc_id] = (
                document.duplicate_of,
                document.duplicate_kind,
                document.similarity,
            )
    positions = {d.doc_id: (0, i) for i, d in enumerate(documents)}
    by_hash: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for d in documents:
        by_hash.setdefault(d.content_hash, []).append((positions[d.doc_id], d.doc_id))
    groups = [g for g in by_hash.values() if len(g) > 1]
    buckets: dict[int, list[tuple[tuple[int, int], str, bytes]]] = {}
    for group in by_hash.values():
        _, first = min(group)
        for key in prints[first].band_keys:
            buckets.setdefault(key, []).append((positions[first], first, prints[first].signature))
    threshold = settings.clean.near_duplicate_threshold
    pairs = {p for members in buckets.values() for p in bucket_pairs(members, threshold)}
    links = resolve_duplicates(groups, pairs, positions)
    spread = {
        d.doc_id: (
            (links[d.doc_id].duplicate_of, links[d.doc_id].kind, links[d.doc_id].similarity)
            if d.doc_id in links
            else (None, None, None)
        )
        for d in documents
    }
    assert spread == local
    kinds = {kind for _, kind, _ in local.values()}
    assert {"exact", "near", None} <= kinds  # the data has all three


def test_name_only_outlet_joins_the_domain_outlet_read_before_it() -> None:
    domain = Source(
        source_id="courier.example", name="Valmora Courier", url="https://courier.example"
    )
    named = {"valmora courier": ((0, 5), domain)}
    by_name = Source(source_id="valmora-courier", name="Valmora Courier")
    assert resolve_source(by_name, (0, 6), named) == domain
    assert resolve_source(by_name, (0, 4), named) == by_name
    assert resolve_source(domain, (0, 9), named) == domain
    assert resolve_source(None, (0, 9), named) is None


def test_actor_records_merge_as_the_actor_table_does() -> None:
    first = Actor(
        actor_id="act_1", name="Ana Lima", kind="person", country="BRA", aliases=("Lima",)
    )
    later = Actor(actor_id="act_1", name="ANA LIMA", kind="person", aliases=("Ana",))
    for merged in (merge_actor((1, first), (4, later)), merge_actor((4, later), (1, first))):
        assert merged == (
            4,
            Actor(
                actor_id="act_1",
                name="ANA LIMA",
                kind="person",
                country="BRA",
                aliases=("Ana", "Lima"),
            ),
        )


def test_pipeline_pickles_without_a_model() -> None:
    pipeline = Pipeline(load_settings())
    data = pickle.dumps(pipeline)
    assert len(data) < 20_000
    assert pickle.loads(data) == pipeline


def test_spark_run_needs_an_input_and_an_output() -> None:
    from typer.testing import CliRunner

    from newsdesk.cli import app

    result = CliRunner().invoke(app, ["spark", "run", "only-one-path"])
    assert result.exit_code == 2
    assert "OUTPUT" in result.output


def test_spark_entry_point_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    from newsdesk.dist.spark import main

    with pytest.raises(SystemExit) as stopped:
        main(["only-one-path"])
    assert stopped.value.code == 2
    assert "OUTPUT" in capsys.readouterr().err


def test_without_pyspark_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.dist.spark import spark_session
    from newsdesk.errors import ConfigError

    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(ConfigError, match=r'pip install "newsdesk\[spark\]"'):
        spark_session("local[1]")


def test_glob_matches_keep_hidden_names_and_skip_sidecars() -> None:
    matches = ["file:/in/.b.jsonl", "file:/in/a.txt", "file:/in/a.json", "file:/in/c.md"]
    files, skips = folder_files(
        "/in/*", "", matches, 0, present=[*matches, "file:/in/z.txt"], skip_hidden=False
    )
    assert [(f.path, f.sidecar) for f in files] == [
        ("file:/in/.b.jsonl", None),
        ("file:/in/a.txt", "file:/in/a.json"),
    ]
    assert [s.origin for s in skips] == ["file:/in/c.md"]
