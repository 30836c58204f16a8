#!/usr/bin/env python
"""Serve benchmark: requests/s and latency of ``newsdesk serve`` under 20 concurrent clients.

The database holds ``--articles`` (default 10,000) synthetic articles from the stream of
``stories.py`` beside this file (own words from its templates and ``newsgen.py``'s,
deterministic for a seed): each reports one of a few thousand events, 1 to ~30 articles
an event, 200 articles a day from ten outlets, so stories have realistic sizes. They go
through the real pipeline: ``Desk`` ingests them from a JSONL file, extracts events and
quotes with the full spaCy pipeline and groups stories; nothing is written to the store
by hand. That takes about fifteen minutes for 10,000 articles, so the database is built
once and reused from the cache folder (``--cache``, default
``$TMPDIR/newsdesk-benchmarks``); ``--rebuild`` builds it again.

Then ``uvicorn`` serves ``newsdesk.api:create_app`` on a free loopback port in a child
process, and ``--clients`` (default 20) concurrent ``httpx.AsyncClient`` loops send GET
requests for ``--seconds`` (default 20) or until ``--requests`` (default 20,000) are done,
whichever comes first, per target:

- ``events``: ``/api/v1/events`` with a rotating set of filters (none, event type, actor
  name, country, date range, ``min_sources``; ``limit=50``) and the next page of some;
- ``story``: ``--path`` (default ``/api/v1/stories/{id}``; give ``/stories/{id}`` for the
  web page) for 20 stories drawn at random (seeded) among those with two or more
  outlets, as readers of the story list would open them;
- then the largest story alone, ten times one after the other (its latency without
  queueing).

It prints requests/s, the p50/p95/p99 latency and the error count per target, and a
Markdown table to stdout; the raw numbers go to ``--out`` (default ``benchmarks/out/``).
The server is stopped at the end, whatever happens. Target: p95 under 200 ms for events.

Usage::

    .venv/bin/python benchmarks/serve.py                      # build (once) and measure
    .venv/bin/python benchmarks/serve.py --seconds 10 --clients 20
    .venv/bin/python benchmarks/serve.py --path '/stories/{id}'   # the web page
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest import log, machine_info, machine_lines, source_digest
from newsgen import OUTLETS

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "newsdesk-benchmarks"
TARGET_P95_MS = 200.0
EVENT_TYPES = ("PROTEST", "ACCUSE", "ASSAULT", "COERCE", "CONSULT", "AGREE", "AID", "DEMAND")
COUNTRIES = ("USA", "FRA", "DEU", "BRA", "KEN", "IND", "NGA", "GBR")


# ---------------------------------------------------------------------------------------
# The database.


def write_jsonl(path: Path, n: int, seed: int) -> None:
    """The ``n`` articles of the stories benchmark's stream as JSONL: each reports one of
    a few thousand synthetic events (1 to ~30 articles each, 200 articles a day) in a
    headline, two event sentences and three to six unrelated ``newsgen`` sentences, from
    one of ten outlets."""
    from stories import stream

    rng = random.Random(f"{seed}:outlets")
    with path.open("w", encoding="utf-8") as handle:
        for item, _event in stream(n, seed):
            name, domain = OUTLETS[rng.randrange(len(OUTLETS))]
            record = {
                "id": item.doc_id,
                "title": item.title,
                "text": item.text,
                "outlet": name,
                "url": f"https://www.{domain}/news/{item.pub_date:%Y/%m/%d}/{item.doc_id}",
                "published": item.pub_date.isoformat(),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def build_database(path: Path, n: int, seed: int) -> dict[str, Any]:
    """Run the whole pipeline on ``n`` generated articles into ``path`` (built beside it
    and renamed when finished, so an interrupted build is never reused)."""
    from newsdesk import Desk
    from newsdesk.config import load_settings

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    for old in path.parent.glob(partial.name + "*"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "articles.jsonl"
        write_jsonl(source, n, seed)
        started = time.perf_counter()
        with Desk(partial, settings=load_settings(env={})) as desk:
            log(f"building {path} from {n:,} articles (ingest, extract, group; ~1 min/1,000)")
            ingested = desk.ingest([source])
            log(f"  ingested {ingested.stored:,} in {ingested.seconds:.0f} s; extracting")
            extracted = desk.extract()
            log(f"  extracted {extracted.extracted:,} in {extracted.seconds:.0f} s; grouping")
            grouped = desk.group()
            counts = desk.store.counts()
    for suffix in ("-wal", "-shm"):
        leftover = Path(str(partial) + suffix)
        if leftover.exists():
            leftover.unlink()
    partial.replace(path)
    info = {
        "seconds": round(time.perf_counter() - started, 1),
        "ingest": ingested.to_dict() | {"failures": []},
        "extract": extracted.to_dict(),
        "stories": grouped.to_dict(),
        "counts": counts,
    }
    path.with_suffix(".json").write_text(json.dumps(info, indent=2), "utf-8")
    return info


def database(args: argparse.Namespace) -> Path:
    if args.db is not None:
        if not args.db.is_file():
            raise SystemExit(f"{args.db}: no such database")
        return Path(args.db)
    path = args.cache / f"serve-{args.articles}-s{args.seed}-v2.db"
    if args.rebuild or not path.is_file():
        build_database(path, args.articles, args.seed)
    else:
        log(f"reusing {path} (--rebuild to build it again)")
    return path


def _counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {
            table: con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("documents", "event_reports", "events", "actors", "stories")
        }
    finally:
        con.close()


def _story_sample(db: Path, size: int, seed: int) -> tuple[list[str], list[int], str]:
    """``size`` stories drawn at random (seeded) from those with 2+ outlets, as a reader
    of the story list would open them, their article counts, and the largest story."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT story_id, n_articles FROM stories WHERE n_sources >= 2 ORDER BY story_id"
        ).fetchall()
        largest = con.execute(
            "SELECT story_id FROM stories ORDER BY n_articles DESC, story_id LIMIT 1"
        ).fetchone()[0]
    finally:
        con.close()
    chosen = random.Random(f"{seed}:stories").sample(rows, min(size, len(rows)))
    return [r[0] for r in chosen], [r[1] for r in chosen], largest


def _actor_names(db: Path, limit: int) -> list[str]:
    """Names of the actors in the most events (so actor filters find something)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT a.name FROM events e JOIN actors a ON a.actor_id = e.actor_id "
            "GROUP BY a.actor_id ORDER BY COUNT(*) DESC LIMIT ?",
            (limit,),
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


# ---------------------------------------------------------------------------------------
# The server.


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(db: Path, port: int, workers: int) -> Iterator[str]:
    """``uvicorn`` on 127.0.0.1:``port`` in a child process, stopped on exit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env["NEWSDESK_DB"] = str(db)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "newsdesk.api:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    child = subprocess.Popen(command, env=env, cwd=tempfile.gettempdir())
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, child)
        yield base
    finally:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _wait_ready(base: str, child: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit(f"the server exited with {child.returncode} before it was ready")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise SystemExit("the server was not ready within 60 s")


# ---------------------------------------------------------------------------------------
# The clients.


def event_paths(actors: list[str], seed: int) -> list[str]:
    """A rotating mix of event queries a user of the API would send."""
    rng = random.Random(f"{seed}:events")
    paths = ["/api/v1/events?limit=50"]
    for event_type in EVENT_TYPES:
        paths.append(f"/api/v1/events?type={event_type}&limit=50")
    for name in actors[:8]:
        paths.append(f"/api/v1/events?actor={name.replace(' ', '%20')}&limit=50")
    for country in COUNTRIES:
        paths.append(f"/api/v1/events?country={country}&limit=50")
    for _ in range(8):
        month = rng.randint(1, 12)
        paths.append(f"/api/v1/events?since=2024-{month:02d}-01&until=2024-{month:02d}-28&limit=50")
    paths.append("/api/v1/events?min_sources=2&limit=50")
    paths.append("/api/v1/events?type=ACCUSE&country=USA&since=2024-03-01&limit=50")
    return paths


async def _client(
    base: str,
    paths: list[str],
    offset: int,
    deadline: float,
    budget: list[int],
    latencies: list[float],
    errors: list[str],
) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        i = offset
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                response = await client.get(path)
                problem = None if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.HTTPError as err:
                problem = f"{type(err).__name__}: {err}"
            latencies.append(time.perf_counter() - started)
            if problem is not None:
                errors.append(f"{path}: {problem}")


async def _load(
    base: str, paths: list[str], clients: int, seconds: float, requests: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    budget = [requests]
    started = time.perf_counter()
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        *(_client(base, paths, n * 7, deadline, budget, latencies, errors) for n in range(clients))
    )
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return (
            ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000 if ordered else 0
        )

    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(pct(0.50), 1),
        "p95_ms": round(pct(0.95), 1),
        "p99_ms": round(pct(0.99), 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
        "errors": len(errors),
        "error_samples": errors[:5],
        "distinct_paths": len(set(paths)),
    }


def measure(base: str, targets: dict[str, list[str]], args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    results = {}
    for name, paths in targets.items():
        for path in paths[:3]:  # warm caches and check the paths answer
            status = httpx.get(base + path, timeout=60).status_code
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status} before the run")
        log(f"{name}: {args.clients} clients, {args.seconds:g} s or {args.requests:,} requests")
        results[name] = asyncio.run(_load(base, paths, args.clients, args.seconds, args.requests))
        r = results[name]
        log(
            f"  {r['requests']:,} requests in {r['seconds']} s: {r['rps']} req/s, "
            f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms, "
            f"{r['errors']} errors"
        )
    return results


def sequential(base: str, path: str, n: int = 10) -> dict[str, Any]:
    """``n`` requests of ``path`` one after the other (latency without queueing)."""
    import httpx

    times = []
    errors = []
    with httpx.Client(base_url=base, timeout=60) as client:
        client.get(path)
        for _ in range(n):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                errors.append(f"{path}: HTTP {response.status_code}")
    ordered = sorted(times)
    return {
        "requests": n,
        "seconds": round(sum(times), 2),
        "rps": round(n / sum(times), 1),
        "p50_ms": round(ordered[n // 2] * 1000, 1),
        "p95_ms": round(ordered[-1] * 1000, 1),
        "p99_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(times) * 1000, 1),
        "errors": len(errors),
        "error_samples": errors[:5],
        "bytes": len(response.content),
    }


# ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="Articles in the database.")
    parser.add_argument("--seed", type=int, default=7, help="Generator seed.")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="Database cache folder.")
    parser.add_argument("--rebuild", action="store_true", help="Build the database again.")
    parser.add_argument("--db", type=Path, help="Measure this database instead (not built).")
    parser.add_argument("--build-only", action="store_true", help="Build (or reuse) and stop.")
    parser.add_argument("--clients", type=int, default=20, help="Concurrent clients.")
    parser.add_argument("--seconds", type=float, default=20.0, help="Time limit per target.")
    parser.add_argument("--requests", type=int, default=20_000, help="Request limit per target.")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    parser.add_argument(
        "--path",
        default="/api/v1/stories/{id}",
        help="Story path to load, {id} replaced by story ids (e.g. /stories/{id}).",
    )
    parser.add_argument(
        "--stories", type=int, default=20, help="Stories (2+ outlets, drawn at random) to rotate."
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Folder for the results.")
    args = parser.parse_args()

    digest_before = source_digest()
    db = database(args)
    if args.build_only:
        return 0
    counts = _counts(db)
    log(f"database {db}: {counts}")
    story_ids, sizes, largest = _story_sample(db, args.stories, args.seed)
    log(
        f"stories: {len(story_ids)} of those with 2+ outlets, {min(sizes)}-{max(sizes)} "
        f"articles (mean {statistics.fmean(sizes):.0f}); the largest is {largest}"
    )
    targets = {
        "events": event_paths(_actor_names(db, 8), args.seed),
        "story": [args.path.replace("{id}", s) for s in story_ids],
    }
    with serving(db, _free_port(), args.workers) as base:
        results = measure(base, targets, args)
        results["largest story, 1 client"] = sequential(base, args.path.replace("{id}", largest))
    machine = machine_info()
    source = {"digest": digest_before, "changed_during_run": source_digest() != digest_before}
    report = {
        "articles": args.articles,
        "counts": counts,
        "clients": args.clients,
        "workers": args.workers,
        "story_path": args.path,
        "story_sample": {
            "stories": len(sizes),
            "articles_min": min(sizes),
            "articles_mean": round(statistics.fmean(sizes), 1),
            "articles_max": max(sizes),
            "largest": largest,
        },
        "results": results,
        "machine": machine,
        "source": source,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"serve-{args.articles}.json").write_text(json.dumps(report, indent=2), "utf-8")
    lines = [
        f"{args.articles:,} articles ({counts['events']:,} merged events, "
        f"{counts['event_reports']:,} reports, {counts['stories']:,} stories); "
        f"{args.clients} concurrent clients, {args.workers} uvicorn worker(s); story pages of "
        f"{len(sizes)} stories with 2+ outlets ({min(sizes)}-{max(sizes)} articles, mean "
        f"{statistics.fmean(sizes):.0f}).",
        "",
        "| target | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['requests']:,} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | "
            f"{r['p99_ms']} | {r['errors']} |"
        )
    p95 = results["events"]["p95_ms"]
    verdict = "met" if p95 < TARGET_P95_MS else "NOT met"
    lines += ["", f"Target p95 < {TARGET_P95_MS:.0f} ms for events: {verdict} ({p95} ms)."]
    lines += machine_lines(machine, source)
    print("\n".join(lines))
    errors = sum(r["errors"] for r in results.values())
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
