#!/usr/bin/env python
"""Ingest benchmark: throughput and peak memory of ``newsdesk`` ingestion.

Generates synthetic news articles (``newsgen.py`` beside this file: deterministic, with
syndicated near-copies and exact duplicates), ingests them into a fresh SQLite database in
a child process per run, and compares the speed with bare references on the same inputs:

* ``text``: a folder of ``.txt`` files; reference = read the files + spaCy
  ``blank("en")`` with the ``sentencizer`` over the texts (``nlp.pipe``).
* ``warc``: one ``.warc.gz`` of HTML pages; reference = warcio iteration +
  ``trafilatura.extract(html)`` per page.

Usage::

    .venv/bin/python benchmarks/ingest.py --sizes 1000,10000 --formats text,warc

A Markdown table goes to stdout and, with the raw JSON, to ``--out`` (default
``benchmarks/out/``). See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from newsgen import FORMATS, Generated, generate, key_of, remove_path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
WARMUP_N = 20
BARE_DESCRIPTION = {
    "text": "read files + spaCy blank('en') + sentencizer (nlp.pipe)",
    "warc": "warcio iteration + trafilatura.extract(html)",
}

# ---------------------------------------------------------------------------------------
# Child processes: each measures one run and prints one JSON line.


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_newsdesk(args: argparse.Namespace) -> dict[str, Any]:
    from newsdesk.config import load_settings
    from newsdesk.ingest import read
    from newsdesk.pipeline import run_ingest
    from newsdesk.store import open_store

    settings = load_settings(env={}, store__url=str(args.db))
    # Warm-up on a few other articles into an in-memory store: loads the lazily built
    # models (spaCy sentencizer, language id, trafilatura) outside the timed run.
    warm_started = time.perf_counter()
    warm_store = open_store(":memory:")
    run_ingest(read(str(args.warmup), settings=settings), warm_store, settings)
    warm_store.close()
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
    store = open_store(str(args.db))
    report = run_ingest(
        read(str(args.input), settings=settings), store, settings, on_progress=on_progress
    )
    store.close()
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(args.profile_out))
    peak = _peak_rss_mb()
    db_bytes = sum(p.stat().st_size for p in args.db.parent.glob(args.db.name + "*"))
    return {
        "kind": "newsdesk",
        "seconds": seconds,
        "warmup_seconds": warmup_seconds,
        "peak_rss_mb": peak,
        "rss_after_warmup_mb": rss_setup,
        "report": report.to_dict() | {"failures": report.to_dict()["failures"][:5]},
        "duplicates": _duplicate_pairs(args.db),
        "rate_first_tenth": _rate(progress, started, first=True),
        "rate_last_tenth": _rate(progress, started, first=False),
        "db_mb": db_bytes / 1e6,
    }


def _rate(progress: list[tuple[int, float]], started: float, *, first: bool) -> float | None:
    """Articles/s over the first or last tenth of the batches: does ingest slow down as
    the database grows?"""
    points = [(0, started), *progress]
    if len(points) < 3:
        return None
    span = max(1, (len(points) - 1) // 10)
    (n0, t0), (n1, t1) = (points[0], points[span]) if first else (points[-1 - span], points[-1])
    return (n1 - n0) / (t1 - t0) if t1 > t0 else None


def _duplicate_pairs(db: Path) -> list[tuple[str | None, str | None, str]]:
    """(key, key of the document it copies, kind) for every linked document, read with
    the standard library after the timed run."""
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT a.url, a.origin, d.duplicate_kind, r.url, r.origin FROM documents d "
            "JOIN articles a ON a.article_id = d.doc_id "
            "JOIN articles r ON r.article_id = d.duplicate_of "
            "WHERE d.duplicate_of IS NOT NULL"
        ).fetchall()
    finally:
        con.close()
    return [
        (key_of(url, origin), key_of(rurl, rorigin), kind)
        for url, origin, kind, rurl, rorigin in rows
    ]


def child_bare_text(args: argparse.Namespace) -> dict[str, Any]:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    warm_texts = [p.read_text("utf-8") for p in sorted(args.warmup.glob("*.txt"))]
    list(nlp.pipe(warm_texts))
    rss_setup = _peak_rss_mb()

    def texts() -> Iterator[str]:
        for path in sorted(args.input.glob("*.txt")):
            yield path.read_bytes().decode("utf-8")

    started = time.perf_counter()
    n_articles = n_sentences = 0
    for doc in nlp.pipe(texts(), batch_size=64):
        n_articles += 1
        n_sentences += sum(1 for _ in doc.sents)
    seconds = time.perf_counter() - started
    return {
        "kind": "bare",
        "seconds": seconds,
        "articles": n_articles,
        "sentences": n_sentences,
        "peak_rss_mb": _peak_rss_mb(),
        "rss_after_warmup_mb": rss_setup,
    }


def child_bare_warc(args: argparse.Namespace) -> dict[str, Any]:
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    def pages(path: Path) -> Iterator[str]:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                yield record.content_stream().read().decode("utf-8", "replace")

    for page in pages(args.warmup):
        trafilatura.extract(page)
    rss_setup = _peak_rss_mb()
    started = time.perf_counter()
    n_articles = n_extracted = 0
    for page in pages(args.input):
        n_articles += 1
        text = trafilatura.extract(page)
        n_extracted += bool(text and text.strip())
    seconds = time.perf_counter() - started
    return {
        "kind": "bare",
        "seconds": seconds,
        "articles": n_articles,
        "extracted": n_extracted,
        "peak_rss_mb": _peak_rss_mb(),
        "rss_after_warmup_mb": rss_setup,
    }


def run_child(
    kind: str,
    fmt: str,
    input_path: Path,
    warmup: Path,
    workdir: Path,
    db: Path | None = None,
    profile_out: Path | None = None,
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--formats",
        fmt,
        "--input",
        str(input_path),
        "--warmup",
        str(warmup),
    ]
    if db is not None:
        command += ["--db", str(db)]
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
        raise SystemExit(f"benchmark child {kind}/{fmt} failed (exit {done.returncode})")
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    result: dict[str, Any] = json.loads(lines[-1])
    result["process_seconds"] = wall
    return result


# ---------------------------------------------------------------------------------------
# Parent: generate, run, compare, report.


def machine_info() -> dict[str, Any]:
    cpu_model = None
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    mem_gb = None
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024**2, 1)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    versions = {}
    for name in ("newsdesk", "spacy", "trafilatura", "warcio", "datasketch", "SQLAlchemy"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "cpu_model": cpu_model,
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "sqlite": __import__("sqlite3").sqlite_version,
        "versions": versions,
    }


def compare_duplicates(
    generated: Generated, found: list[tuple[str | None, str | None, str]]
) -> dict[str, Any]:
    truth = {key: (source, kind) for key, source, kind in generated.copies or []}
    seen = {key: (source, kind) for key, source, kind in found}
    correct = sum(1 for key, value in seen.items() if truth.get(key or "") == value)
    return {
        "generated_exact": generated.n_exact,
        "generated_near": generated.n_near,
        "correct": correct,
        "missed": sorted(k for k in truth if k not in seen)[:20],
        "n_missed": sum(1 for k in truth if k not in seen),
        "spurious": sorted(str(k) for k in seen if k not in truth)[:20],
        "n_spurious": sum(1 for k in seen if k not in truth),
        "wrong_link": sum(1 for k, v in seen.items() if k in truth and truth[k] != v),
    }


def measure(fmt: str, n: int, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    log(f"[{fmt} {n:,}] generating …")
    generated = generate(fmt, n, args.seed, workdir / "inputs")
    log(
        f"[{fmt} {n:,}] {generated.bytes / 1e6:.1f} MB in {generated.seconds:.1f} s; "
        f"{generated.n_exact} exact + {generated.n_near} near copies planned"
    )
    warmup = (
        workdir / "warmup" / (f"text-{WARMUP_N}" if fmt == "text" else f"news-{WARMUP_N}.warc.gz")
    )
    db = workdir / "db" / f"{fmt}-{n}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    log(f"[{fmt} {n:,}] newsdesk ingest …")
    newsdesk_run = run_child("newsdesk", fmt, generated.path, warmup, workdir, db=db)
    log(
        f"[{fmt} {n:,}] newsdesk: {newsdesk_run['seconds']:.1f} s, "
        f"peak RSS {newsdesk_run['peak_rss_mb']:.0f} MB"
    )
    log(f"[{fmt} {n:,}] bare reference …")
    bare = run_child("bare", fmt, generated.path, warmup, workdir)
    log(f"[{fmt} {n:,}] bare: {bare['seconds']:.1f} s")
    report = newsdesk_run["report"]
    nd_rate = report["read"] / newsdesk_run["seconds"]
    bare_rate = bare["articles"] / bare["seconds"]
    result = {
        "format": fmt,
        "articles": n,
        "generated": generated.to_dict(),
        "newsdesk": {k: v for k, v in newsdesk_run.items() if k != "duplicates"}
        | {"articles_per_s": nd_rate},
        "bare": bare | {"articles_per_s": bare_rate, "what": BARE_DESCRIPTION[fmt]},
        "ratio": bare_rate / nd_rate,
        "duplicates": compare_duplicates(generated, newsdesk_run["duplicates"]),
    }
    if args.profile and n == min(args.sizes):
        profile_out = args.out / f"profile-{fmt}-{n}.pstats"
        db_profile = workdir / "db" / f"{fmt}-{n}-profile.db"
        log(f"[{fmt} {n:,}] profiled newsdesk ingest (cProfile) …")
        run_child(
            "newsdesk", fmt, generated.path, warmup, workdir, db=db_profile, profile_out=profile_out
        )
        result["profile"] = {
            "pstats": str(profile_out),
            "top": profile_top(profile_out, args.profile_top),
        }
    if not args.keep:
        remove_path(generated.path)
        for name in (db.name, f"{fmt}-{n}-profile.db"):
            for path in db.parent.glob(f"{name}*"):
                path.unlink()
    return result


def profile_top(path: Path, limit: int) -> str:
    import pstats

    parts = []
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        stats = pstats.Stats(str(path), stream=buffer)
        stats.strip_dirs().sort_stats(order).print_stats(limit)
        text = buffer.getvalue()
        start = text.find("   ncalls")
        parts.append(f"sorted by {order}:\n" + (text[start:] if start >= 0 else text).rstrip())
    return "\n\n".join(parts)


def _shown(path: str) -> str:
    """``path`` relative to the working folder when inside it (as a user would type it)."""
    try:
        return str(Path(path).absolute().relative_to(Path.cwd()))
    except ValueError:
        return path


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def source_digest() -> str | None:
    """Digest of the installed newsdesk package's files (code and data), to tell which
    version was measured and whether it changed during the run (it is imported only in
    the child processes)."""
    spec = importlib.util.find_spec("newsdesk")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def machine_lines(machine: dict[str, Any], source: dict[str, Any]) -> list[str]:
    """The machine notes closing a benchmark report (shared with ``extract.py``)."""
    versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items())
    lines = [
        "",
        f"Machine: {machine['cpu_count']} CPUs ({machine['cpus_usable']} usable"
        f"{', ' + machine['cpu_model'] if machine['cpu_model'] else ''}), "
        f"{machine['memory_gb']} GB RAM; {machine['implementation']} {machine['python']}; "
        f"{machine['platform']}; SQLite {machine['sqlite']}.",
        f"Packages: {versions}; newsdesk source digest {source['digest']}.",
    ]
    if source["changed_during_run"]:
        lines += [
            "",
            "**Warning:** the newsdesk source changed while the benchmark ran; the runs "
            "above may have measured different versions.",
        ]
    return lines


def markdown(
    results: list[dict[str, Any]], machine: dict[str, Any], command: str, source: dict[str, Any]
) -> str:
    lines = [
        "# newsdesk ingest benchmark",
        "",
        f"Command: `{command}`",
        "",
        "| format | articles | seconds | articles/s | peak RSS MB | bare reference articles/s "
        "| ratio | stored | exact dups found/generated | near dups found/generated |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        nd, bare, dups = r["newsdesk"], r["bare"], r["duplicates"]
        report = nd["report"]
        lines.append(
            f"| {r['format']} | {r['articles']:,} | {nd['seconds']:.1f} | "
            f"{nd['articles_per_s']:.0f} | {nd['peak_rss_mb']:.0f} | "
            f"{bare['articles_per_s']:.0f} | {r['ratio']:.1f}x | {report['stored']:,} | "
            f"{report['exact_duplicates']}/{dups['generated_exact']} | "
            f"{report['near_duplicates']}/{dups['generated_near']} |"
        )
    lines += [
        "",
        "ratio = bare reference articles/s ÷ newsdesk articles/s (how many times slower "
        "newsdesk's full ingest is than the bare library call it is built on). "
        "Bare references: " + "; ".join(f"{k}: {v}" for k, v in BARE_DESCRIPTION.items()) + ".",
        "Times exclude interpreter start-up and a warm-up ingest of "
        f"{WARMUP_N} other articles (model loading); peak RSS is the child process's "
        "`ru_maxrss` and includes them.",
        "",
    ]
    growth = growth_lines(results)
    lines += [*growth, ""] if growth else []
    lines += ["Details:", ""]
    for r in results:
        nd, dups, report = r["newsdesk"], r["duplicates"], r["newsdesk"]["report"]
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(report["skipped"].items())) or "none"
        lines.append(
            f"- {r['format']} {r['articles']:,}: input {r['generated']['mb']} MB; "
            f"read {report['read']:,}, stored {report['stored']:,}, already stored "
            f"{report['already_stored']}, failed {report['failed']}, skipped {skipped}; "
            f"duplicates linked correctly {dups['correct']}, missed {dups['n_missed']}, "
            f"spurious {dups['n_spurious']}, wrong link {dups['wrong_link']}; "
            f"articles/s over the first and last tenth of batches {_num(nd['rate_first_tenth'])} "
            f"and {_num(nd['rate_last_tenth'])}; "
            f"database {nd['db_mb']:.1f} MB; RSS after warm-up {nd['rss_after_warmup_mb']:.0f} "
            f"MB; warm-up {nd['warmup_seconds']:.1f} s; bare reference "
            f"{r['bare']['seconds']:.1f} s, peak RSS {r['bare']['peak_rss_mb']:.0f} MB."
        )
    lines += machine_lines(machine, source)
    for r in results:
        if "profile" in r:
            lines += [
                "",
                f"cProfile of the newsdesk run, {r['format']} {r['articles']:,} "
                "articles (profiled separately; not the timed run):",
                "",
                "```",
                r["profile"]["top"],
                "```",
            ]
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def growth_lines(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    for fmt in dict.fromkeys(r["format"] for r in results):
        runs = sorted((r for r in results if r["format"] == fmt), key=lambda r: r["articles"])
        if len(runs) < 2:
            continue
        small, large = runs[0]["newsdesk"], runs[-1]["newsdesk"]
        ratio = large["peak_rss_mb"] / small["peak_rss_mb"]
        grow_small = small["peak_rss_mb"] - small["rss_after_warmup_mb"]
        grow_large = large["peak_rss_mb"] - large["rss_after_warmup_mb"]
        lines.append(
            f"Memory growth {runs[0]['articles']:,}→{runs[-1]['articles']:,} articles ({fmt}): "
            f"peak RSS {small['peak_rss_mb']:.0f} → {large['peak_rss_mb']:.0f} MB "
            f"(x{ratio:.2f}; above the warmed-up process: {grow_small:.0f} → "
            f"{grow_large:.0f} MB)."
        )
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark newsdesk ingestion (speed and peak memory) on synthetic "
        "articles against bare library references.",
        epilog="Example: .venv/bin/python benchmarks/ingest.py --sizes 1000,10000 "
        "--formats text,warc",
    )
    parser.add_argument(
        "--sizes", default="1000,10000", help="comma-separated article counts (default: 1000,10000)"
    )
    parser.add_argument(
        "--formats",
        default="text,warc",
        help="comma-separated input formats: text, warc (default: both)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="folder for ingest.md and ingest.json (default: benchmarks/out)",
    )
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default: 7)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="folder for generated inputs and databases (default: a "
        "temporary folder, removed afterwards)",
    )
    parser.add_argument("--keep", action="store_true", help="keep generated inputs and databases")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also run newsdesk under cProfile at the smallest size and "
        "report the top functions by cumulative time",
    )
    parser.add_argument(
        "--profile-top",
        type=int,
        default=10,
        help="functions listed from the profile (default: 10)",
    )
    # Internal: one measured run in a child process.
    parser.add_argument("--child", choices=("newsdesk", "bare"), help=argparse.SUPPRESS)
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
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in args.formats if f not in FORMATS]
    if unknown or not args.formats:
        parser.error(f"--formats: choose from {', '.join(FORMATS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        if args.child == "newsdesk":
            result = child_newsdesk(args)
        elif args.formats[0] == "text":
            result = child_bare_text(args)
        else:
            result = child_bare_warc(args)
        print(json.dumps(result))
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
        for fmt in args.formats:
            # Warm-up inputs: a different seed, so nothing in them matches the measured set.
            generate(fmt, WARMUP_N, args.seed + 1_000_003, workdir / "warmup")
            for n in args.sizes:
                results.append(measure(fmt, n, args, workdir))
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
        "parent_peak_rss_mb": _peak_rss_mb(),
        "results": results,
    }
    (args.out / "ingest.md").write_text(text, encoding="utf-8")
    (args.out / "ingest.json").write_text(
        json.dumps(raw, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(text)
    log(
        f"wrote {args.out / 'ingest.md'} and {args.out / 'ingest.json'}; parent peak RSS "
        f"{raw['parent_peak_rss_mb']:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
