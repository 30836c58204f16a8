"""Scale benchmark: one machine (``newsdesk run`` into SQLite) against Spark ``local[2]`` on
the same synthetic WARC, per-stage articles/s per core beside bare trafilatura and bare spaCy
``nlp.pipe`` on the same input, and how the cheap stages' cost and peak memory grow.

    python benchmarks/scale.py                      # 10,000 articles; growth 1k, 10k, 100k
    python benchmarks/scale.py --articles 2000 --growth 1000,10000,100000

Every measurement runs in its own child process (peak RSS is that run's). Results go to
``benchmarks/out/scale.json``, the growth plot to ``benchmarks/scale-growth.png`` (needs
matplotlib), and a markdown summary to stdout (pasted into BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PLOT = HERE / "scale-growth.png"
SEED = 7


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _descendant_peaks_mb() -> dict[str, float]:
    """Peak RSS (VmHWM) of every live descendant process, summed by command (the JVM,
    Spark's Python workers)."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        pid = int(stat.parent.name)
        names[pid] = text[text.index("(") + 1 : text.rindex(")")]
        parents[pid] = int(text[text.rindex(")") + 2 :].split()[1])
    mine = {os.getpid()}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                changed = True
    peaks: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for pid in mine - {os.getpid()}:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kind = "jvm cpu s" if names[pid] == "java" else "python workers cpu s"
        peaks[kind] = peaks.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) / tick
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                name = "jvm" if names[pid] == "java" else "python workers"
                peaks[name] = peaks.get(name, 0.0) + int(line.split()[1]) / 1024
    return peaks


def _warm(settings: Any) -> None:
    """Load the models (spaCy pipelines, language id, trafilatura) outside the timed run."""
    from newsdesk.config import load_settings
    from newsdesk.desk import Desk

    del settings
    folder = OUT / "warm"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "warm.txt").write_text(
        "The harbour council in Valmora voted on Monday to close the eastern pier while "
        "engineers repair the sea wall, officials said.",
        "utf-8",
    )
    with Desk(":memory:", settings=load_settings(env={})) as desk:
        desk.run([str(folder / "warm.txt")])


# -- children --------------------------------------------------------------------------------------


def child_local(args: argparse.Namespace) -> dict[str, Any]:
    from newsdesk.config import load_settings
    from newsdesk.desk import Desk

    settings = load_settings(env={})
    _warm(settings)
    started = time.perf_counter()
    with Desk(args.db, settings=settings) as desk:
        ingested, extracted, grouped = desk.run([args.input])
    return {
        "seconds": time.perf_counter() - started,
        "stages": {
            "read_clean": ingested.seconds,
            "extract": extracted.seconds,
            "group": grouped.seconds,
        },
        "articles": ingested.read,
        "documents": ingested.stored,
        "reports": extracted.reports,
        "stories": grouped.new_stories,
        "peak_rss_mb": _peak_mb(),
        "cpu_seconds": time.process_time(),
    }


def child_spark(args: argparse.Namespace) -> dict[str, Any]:
    from newsdesk.config import load_settings
    from newsdesk.dist.spark import run_spark, spark_session

    started = time.perf_counter()
    spark = spark_session("local[2]", app_name="newsdesk-bench")
    spark.sparkContext.setLogLevel("ERROR")
    session_seconds = time.perf_counter() - started
    started = time.perf_counter()
    report = run_spark([args.input], args.out, load_settings(env={}), spark=spark)
    seconds = time.perf_counter() - started
    peaks = _descendant_peaks_mb()
    spark.stop()
    return {
        "seconds": seconds,
        "session_seconds": session_seconds,
        "stages": report.seconds,
        "articles": report.read,
        "documents": report.stored,
        "reports": report.reports,
        "stories": report.stories,
        "cpu_seconds": time.process_time(),
        "peak_rss_mb": _peak_mb(),
        "jvm_peak_rss_mb": peaks.get("jvm", 0.0),
        "workers_peak_rss_mb": peaks.get("python workers", 0.0),
        "workers_cpu_seconds": peaks.get("python workers cpu s", 0.0),
        "jvm_cpu_seconds": peaks.get("jvm cpu s", 0.0),
    }


def child_trafilatura(args: argparse.Namespace) -> dict[str, Any]:
    """Bare reference for read+clean: warcio iteration + trafilatura.extract per page."""
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    trafilatura.extract("<html><body><p>warm up text for the extractor</p></body></html>")
    started = time.perf_counter()
    n = 0
    with open(args.input, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type != "response" or record.http_headers.get_statuscode() != "200":
                continue
            html = record.content_stream().read().decode("utf-8", errors="replace")
            trafilatura.extract(html)
            n += 1
    return {"seconds": time.perf_counter() - started, "articles": n, "peak_rss_mb": _peak_mb()}


def child_spacy(args: argparse.Namespace) -> dict[str, Any]:
    """Bare reference for extraction: the same spaCy model's nlp.pipe over the documents
    the local run stored (one process, n_process=1)."""
    import sqlite3

    from newsdesk.nlp.load import DEFAULT_MODEL, load_nlp

    texts = [r[0] for r in sqlite3.connect(args.db).execute("select text from documents")]
    nlp = load_nlp(DEFAULT_MODEL)
    list(nlp.pipe(["A warm-up sentence for the parser."]))
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return {
        "seconds": time.perf_counter() - started,
        "articles": len(texts),
        "peak_rss_mb": _peak_mb(),
    }


class _Index:
    """An in-memory duplicate index (what the store keeps in doc_bands and signatures)."""

    def __init__(self) -> None:
        self.roots: dict[str, str] = {}
        self.bands: dict[int, list[str]] = {}
        self.sigs: dict[str, tuple[bytes, str | None]] = {}

    def roots_by_hash(self, hashes: Any) -> dict[str, str]:
        return {h: self.roots[h] for h in hashes if h in self.roots}

    def band_candidates(self, keys: Any) -> dict[int, list[str]]:
        return {k: list(self.bands[k]) for k in keys if k in self.bands}

    def signatures(self, doc_ids: Any) -> dict[str, tuple[bytes, str | None]]:
        return {d: self.sigs[d] for d in doc_ids if d in self.sigs}

    def add(self, document: Any, fingerprint: Any) -> None:
        self.roots.setdefault(document.content_hash, document.duplicate_of or document.doc_id)
        for key in fingerprint.band_keys:
            self.bands.setdefault(key, []).append(document.doc_id)
        self.sigs[document.doc_id] = (fingerprint.signature, document.duplicate_of)


def child_growth(args: argparse.Namespace) -> dict[str, Any]:
    """One cheap stage alone on ``args.articles`` articles: ``read`` (WARC to articles),
    ``dedup`` (MinHash LSH over the texts) or ``group`` (story clusterer, words only)."""
    sys.path.insert(0, str(HERE))
    import newsgen

    from newsdesk.config import load_settings
    from newsdesk.ingest import read

    settings = load_settings(env={})
    stage = args.stage
    if stage == "read":
        started = time.perf_counter()
        n = sum(1 for item in read(args.input, settings=settings) if hasattr(item, "raw"))
        return {"seconds": time.perf_counter() - started, "articles": n, "peak_rss_mb": _peak_mb()}
    items = [
        (item.story.key, newsgen.render_text(item, SEED), item.story.day)
        for item in newsgen.plan(args.articles, SEED)
    ]
    base = _peak_mb()
    started = time.perf_counter()
    if stage == "dedup":
        from newsdesk.clean import content_hash
        from newsdesk.clean.dedup import Deduplicator
        from newsdesk.model import Document

        index = _Index()
        deduplicator = Deduplicator(settings.clean, index)
        for start in range(0, len(items), 200):
            docs = [
                Document(doc_id=k, text=t, content_hash=content_hash(t))
                for k, t, _ in items[start : start + 200]
            ]
            for document, fingerprint in deduplicator.link(docs):
                index.add(document, fingerprint)
    else:
        from newsdesk.stories.cluster import StoryClusterer
        from newsdesk.stories.features import StoryInput

        clusterer = StoryClusterer()
        for key, text, day in items:
            title, _, body = text.partition("\n")
            clusterer.add(StoryInput(doc_id=key, title=title, text=body, pub_date=day))
    return {
        "seconds": time.perf_counter() - started,
        "articles": len(items),
        "peak_rss_mb": _peak_mb(),
        "input_rss_mb": base,
    }


CHILDREN = {
    "local": child_local,
    "spark": child_spark,
    "trafilatura": child_trafilatura,
    "spacy": child_spacy,
    "growth": child_growth,
}


def run_child(name: str, **options: Any) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name]
    for key, value in options.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"benchmark child {name} failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    result["load_before"] = load_before
    result["load_after"] = os.getloadavg()[0]
    log(f"{name} {options.get('stage', '')} done in {result['process_seconds']:.1f} s")
    return result


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- parent ----------------------------------------------------------------------------------------


def generate(n: int) -> Path:
    sys.path.insert(0, str(HERE))
    import newsgen

    path = OUT / f"news-{n}.warc.gz"
    if not path.is_file():
        newsgen.generate("warc", n, SEED, OUT)
    return path


def measure(args: argparse.Namespace) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    warc = generate(args.articles)
    db = OUT / f"scale-{args.articles}.db"
    for p in OUT.glob(db.name + "*"):
        p.unlink()
    results: dict[str, Any] = {"articles": args.articles, "input": str(warc)}
    results["local"] = run_child("local", input=warc, db=db)
    results["spark"] = run_child("spark", input=warc, out=OUT / f"spark-{args.articles}")
    results["trafilatura"] = run_child("trafilatura", input=warc)
    results["spacy"] = run_child("spacy", db=db)
    growth = []
    last = OUT / "scale.json"
    if not args.growth and last.is_file():
        growth = json.loads(last.read_text("utf-8")).get("growth", [])
    for n in args.growth:
        path = generate(n)
        for stage in ("read", "dedup", "group"):
            found = run_child("growth", stage=stage, articles=n, input=path)
            growth.append({"n": n, "stage": stage, **found})
    results["growth"] = growth
    from ingest import machine_info

    results["machine"] = machine_info()
    return results


def _rate(n: int, seconds: float, cores: int = 1) -> float:
    return n / seconds / cores if seconds else 0.0


def markdown(results: dict[str, Any]) -> str:
    local, spark = results["local"], results["spark"]
    n = local["articles"]
    docs = local["documents"]
    lines = [
        f"Same input: {n} synthetic articles in one WARC.gz ({docs} documents after cleaning).",
        "",
        "| run | wall s | CPU s (all processes) | articles/s | articles/s per core | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|",
        f"| `newsdesk run` (SQLite, 1 process) | {local['seconds']:.1f} | "
        f"{local['cpu_seconds']:.0f} | "
        f"{_rate(n, local['seconds']):.1f} | {_rate(n, local['seconds']):.1f} | "
        f"{local['peak_rss_mb']:.0f} |",
        f"| Spark `local[2]` (+{spark['session_seconds']:.0f} s session start) | "
        f"{spark['seconds']:.1f} | "
        f"{spark['cpu_seconds'] + spark['workers_cpu_seconds'] + spark['jvm_cpu_seconds']:.0f} | "
        f"{_rate(n, spark['seconds']):.1f} | "
        f"{_rate(n, spark['seconds'], 2):.1f} | driver {spark['peak_rss_mb']:.0f}, "
        f"JVM {spark['jvm_peak_rss_mb']:.0f}, Python workers "
        f"{spark['workers_peak_rss_mb']:.0f} (sum) |",
        "",
        "| stage | newsdesk, 1 core (art/s) | Spark local[2], per core (art/s) | bare reference "
        "(art/s, 1 core) |",
        "|---|---:|---:|---:|",
    ]
    stages = spark["stages"]
    bare_clean = _rate(results["trafilatura"]["articles"], results["trafilatura"]["seconds"])
    bare_nlp = _rate(results["spacy"]["articles"], results["spacy"]["seconds"])
    spark_clean = stages.get("read", 0) + stages.get("clean", 0) + stages.get("dedup", 0)
    lines += [
        f"| read + clean + dedup | {_rate(n, local['stages']['read_clean']):.1f} | "
        f"{_rate(n, spark_clean, 2):.1f} | trafilatura {bare_clean:.1f} |",
        f"| extract | {_rate(docs, local['stages']['extract']):.1f} | "
        f"{_rate(docs, stages.get('extract', 0), 2):.1f} | spaCy `nlp.pipe` {bare_nlp:.1f} |",
        f"| group (+ story build) | {_rate(docs, local['stages']['group']):.0f} | "
        f"{_rate(docs, stages.get('group', 0)):.0f} (driver, 1 core) | — |",
        "",
        f"Load average (1 min) before/after: local {local['load_before']:.1f}/"
        f"{local['load_after']:.1f}, Spark {spark['load_before']:.1f}/{spark['load_after']:.1f}; "
        f"Spark stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()),
        "",
        "| articles | stage | seconds | articles/s | peak RSS MB |",
        "|---:|---|---:|---:|---:|",
    ]
    for row in results["growth"]:
        lines.append(
            f"| {row['n']:,} | {row['stage']} | {row['seconds']:.1f} | "
            f"{_rate(row['articles'], row['seconds']):.0f} | {row['peak_rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def plot(results: dict[str, Any]) -> Path | None:
    if not results["growth"]:
        log("no growth rows: plot left as it was")
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib not installed: no plot")
        return None
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for stage in ("read", "dedup", "group"):
        rows = [r for r in results["growth"] if r["stage"] == stage]
        xs = [r["n"] for r in rows]
        left.plot(xs, [r["seconds"] for r in rows], marker="o", label=stage)
        right.plot(xs, [r["peak_rss_mb"] for r in rows], marker="o", label=stage)
    for axis, label in ((left, "seconds"), (right, "peak RSS (MB)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("articles")
        axis.set_ylabel(label)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    fig.suptitle("newsdesk: cost of the cheap stages, 1k to 100k articles")
    fig.tight_layout()
    fig.savefig(PLOT, dpi=100)
    return PLOT


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument(
        "--growth",
        type=lambda s: [int(x) for x in s.split(",") if x],
        default=[1_000, 10_000, 100_000],
        help="sizes for the cheap stages (comma-separated; empty: keep the growth rows of "
        "the last scale.json)",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN))
    parser.add_argument("--input")
    parser.add_argument("--db")
    parser.add_argument("--out")
    parser.add_argument("--stage")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return 0
    results = measure(args)
    (OUT / "scale.json").write_text(json.dumps(results, indent=2, default=str), "utf-8")
    where = plot(results)
    print(markdown(results))
    if where is not None:
        log(f"plot: {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
