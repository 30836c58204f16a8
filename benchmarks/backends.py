#!/usr/bin/env python
"""Backend benchmark: the same articles through ingest, extract and group into SQLite and
into PostgreSQL, and two ingest processes at once into one database of each.

Generates synthetic news (``newsgen.py`` beside this file, ``text`` format, deterministic
for a seed). Every measured run is a child process of its own that first runs 20 other
articles through the whole pipeline into an in-memory store (loading spaCy and the other
models outside the timings), then times ``Desk(url).ingest``, ``.extract`` and ``.group``
on a fresh database. PostgreSQL databases are created through the admin URL given with
``--pg`` (or ``NEWSDESK_TEST_PG``) and dropped afterwards.

The "2 writers" row starts two ingest children at the same moment on overlapping halves
of the articles (the middle fifth in both) into one fresh database and reports the wall
time until both are done, and the articles stored (each must be there once).

Usage::

    .venv/bin/python benchmarks/backends.py --pg postgresql://user@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/backends.py --sizes 1000,5000 --pg ...

A Markdown table goes to stdout and, with the raw JSON, to ``--out`` (default
``benchmarks/out/``). See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ingest import _peak_rss_mb, log, machine_info, machine_lines, source_digest
from newsgen import generate

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
WARMUP_N = 20
PUB_DATE = "2024-12-31"  # text inputs carry no date; ingest gives them this one


def child(args: argparse.Namespace) -> dict[str, Any]:
    """One timed run in this process: the stages asked for, into ``args.url``."""
    from newsdesk import Desk
    from newsdesk.config import load_settings

    settings = load_settings(env={})
    with Desk(":memory:", settings=settings) as warm:
        warm.run([str(args.warmup)], date=PUB_DATE)
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}  # this process's CPU seconds (the server's are not in it)
    started = time.perf_counter()
    with Desk(args.url, settings=settings) as desk:
        times["open"] = time.perf_counter() - started
        if args.start_at:  # the two-writer run: both start together
            time.sleep(max(0.0, args.start_at - time.time()))
        began_at, begun, cpu0 = time.time(), time.perf_counter(), time.process_time()
        inputs = [str(p) for p in args.input]
        report = desk.ingest(inputs, date=PUB_DATE)
        times["ingest"] = time.perf_counter() - begun
        cpu["ingest"] = time.process_time() - cpu0
        for stage in ("extract", "group"):
            if stage in args.stages:
                begun, cpu0 = time.perf_counter(), time.process_time()
                getattr(desk, stage)()
                times[stage] = time.perf_counter() - begun
                cpu[stage] = time.process_time() - cpu0
        counts = desk.store.counts()
    return {
        "times": times,
        "cpu": cpu,
        "read": report.read,
        "stored": report.stored,
        "failed": report.failed,
        "counts": counts,
        "peak_rss_mb": _peak_rss_mb(),
        "began_at": began_at,
        "ended_at": time.time(),
    }


def _spawn(url: str, inputs: list[Path], warmup: Path, stages: str, start_at: float = 0.0):
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "--url",
        url,
        "--warmup",
        str(warmup),
        "--stages",
        stages,
        "--start-at",
        str(start_at),
        *(x for p in inputs for x in ("--input", str(p))),
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def _result(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"child failed with exit code {proc.returncode}")
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


@contextmanager
def database(backend: str, workdir: Path, admin: str | None) -> Iterator[str]:
    """A fresh database's URL on ``backend``, removed afterwards."""
    if backend == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.db"
        yield str(path)
        for extra in workdir.glob(path.name + "*"):
            extra.unlink()
        return
    import sqlalchemy as sa

    from newsdesk.store.postgres import driver_url

    assert admin
    target = driver_url(admin)
    name = f"newsdesk_bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(target, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield target.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        engine.dispose()


def _split(folder: Path) -> list[list[Path]]:
    """Two overlapping halves of the files in ``folder``: the middle fifth in both."""
    files = sorted(folder.iterdir())
    n = len(files)
    return [files[: n * 3 // 5], files[n * 2 // 5 :]]


def measure(n: int, args: argparse.Namespace, workdir: Path) -> list[dict[str, Any]]:
    generated = generate("text", n, args.seed, workdir / "in")
    warm = generate("text", WARMUP_N, args.seed + 1, workdir / "warm").path
    rows = []
    for backend in args.backends:
        with database(backend, workdir, args.pg) as url:
            log(f"{backend}: {n} articles, ingest + extract + group")
            result = _result(_spawn(url, [generated.path], warm, "ingest,extract,group"))
            rows.append({"backend": backend, "n": n, "mode": "1 process"} | result)
        with database(backend, workdir, args.pg) as url:
            log(f"{backend}: {n} articles, two ingest processes at once")
            from newsdesk.store import open_store

            open_store(url).close()  # created before the clock starts, as a team's is
            start_at = time.time() + 30.0  # after both children have loaded their models
            procs = [_spawn(url, half, warm, "ingest", start_at) for half in _split(generated.path)]
            results = [_result(p) for p in procs]
            store = open_store(url)
            counts = store.counts()
            store.close()
            wall = max(r["ended_at"] for r in results) - min(r["began_at"] for r in results)
            rows.append(
                {
                    "backend": backend,
                    "n": n,
                    "mode": "2 writers",
                    "times": {"ingest": wall},
                    "cpu": {"ingest": sum(r["cpu"]["ingest"] for r in results)},
                    "read": sum(r["read"] for r in results),
                    "failed": sum(r["failed"] for r in results),
                    "counts": counts,
                    "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
                }
            )
    return rows


def table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| backend | articles | run | ingest s | extract s | group s | total s "
        "| newsdesk CPU s | articles stored | events | failed |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        t = row["times"]
        stages = [t.get(k) for k in ("ingest", "extract", "group")]
        total = sum(s for s in stages if s is not None)
        shown = [f"{s:.1f}" if s is not None else "–" for s in stages]
        lines.append(
            f"| {row['backend']} | {row['n']:,} | {row['mode']} | {' | '.join(shown)} "
            f"| {total:.1f} | {sum(row['cpu'].values()):.1f} "
            f"| {row['counts']['articles']:,} | {row['counts']['events']:,} "
            f"| {row['failed']} |"
        )
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="article counts (default: 1000)")
    parser.add_argument(
        "--pg",
        default=os.environ.get("NEWSDESK_TEST_PG"),
        help="PostgreSQL admin URL that may create databases (default: $NEWSDESK_TEST_PG)",
    )
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default: 7)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report folder")
    parser.add_argument("--workdir", type=Path, help="where inputs go (default: a temp folder)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, action="append", help=argparse.SUPPRESS)
    parser.add_argument("--warmup", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stages", default="ingest,extract,group", help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.backends = ["sqlite", "postgresql"] if args.pg else ["sqlite"]
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child(args)))
        return
    if not args.pg:
        log("no --pg URL (or NEWSDESK_TEST_PG): measuring SQLite only")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsdesk-backends-"))
    digest = source_digest()
    rows: list[dict[str, Any]] = []
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            rows.extend(measure(n, args, workdir))
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    source = {"digest": digest, "changed_during_run": source_digest() != digest}
    lines = [*table(rows), *machine_lines(machine_info(), source)]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "backends.md").write_text(report, "utf-8")
    (args.out / "backends.json").write_text(json.dumps(rows, indent=2, default=str), "utf-8")


if __name__ == "__main__":
    main()
