#!/usr/bin/env python
"""Stories benchmark: time per article and peak memory of streaming story grouping.

Generates a synthetic news stream with known stories (word lists and sentence templates of
``newsgen.py`` beside this file, deterministic for a seed): events of a kind (a person, a
city, an organisation, casualty and crowd numbers, a day) each reported by 1 to ~30
articles over a few days, interleaved, about 200 articles a day. Every article has a
headline and 2 event sentences built from its event's facts plus 3 to 6 unrelated
``newsgen`` sentences; its people, places and organisations are given from the generator
(no NER: this benchmark times the grouping, ``StoryClusterer.add``, alone).

Each size runs in its own child process (peak RSS = its ``ru_maxrss``); only the ``add``
calls are timed (generation is not). Near-constant cost per article shows as the same
ms/article at every size and in the first and last tenth of each run.

Usage::

    .venv/bin/python benchmarks/stories.py                          # 1,000 and 10,000
    .venv/bin/python benchmarks/stories.py --sizes 1000,10000,100000

A Markdown table goes to stdout and, with the raw JSON, to ``--out`` (default
``benchmarks/out/``). See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ingest import _peak_rss_mb, _shown, log, machine_info, machine_lines, source_digest
from newsgen import CITIES, EVENTS, FIRST_NAMES, LAST_NAMES, ORGS, ROLES, WEEKDAYS, sentence

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
PER_DAY = 200  # articles a day
NEW_EVENT_SHARE = 0.3  # share of articles that start a new event
ACTIVE_EVENTS = 60  # an article that does not start an event reports one of the latest
START = date(2024, 1, 1)

SYLLABLES = (
    "ka", "lo", "mi", "ren", "to", "va", "sa", "ni", "por", "de", "lu", "ba", "mor", "ta",
    "vi", "el", "an", "gu", "shi", "ro", "dan", "fe", "li", "zu",
)  # fmt: skip
LANDMARKS = ("bridge", "market", "dam", "mine", "stadium", "school", "station", "port")
HEADLINES = (
    "{person} says {count} dead after {event} in {district}",
    "{count} killed near {name} {landmark} in {city}, says {org}",
    "{city}: {role} {person} visits {district} after {event}",
    "Death toll at {name} {landmark} rises to {count}",
)
EVENT_SENTENCES = (
    "At least {count} people were killed in the {district} district of {city} on {weekday} "
    "after {event} near the {name} {landmark}, {role} {person} said.",
    "{person} told reporters in {district} that {crowd} residents had left their homes "
    "around the {name} {landmark}.",
    "{org} said it had sent teams to {district} and that the toll of {count} could rise.",
    "Witnesses at the {name} {landmark} said {event} shortly before dawn; {person} called "
    "it a tragedy for {district}.",
    "The {role}, {person}, said {crowd} people from {district} were being housed in schools "
    "in {city}.",
    "Officials from {org} met {person} at the {name} {landmark} to discuss help for the "
    "{count} families.",
)


# ---------------------------------------------------------------------------------------
# The synthetic stream.


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _event(seed: int, index: int) -> dict[str, Any]:
    """One event's facts: a named person, a district, a landmark, numbers and a day."""
    rng = random.Random(f"{seed}:event:{index}")
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES) if rng.random() < 0.3 else _word(rng)
    return {
        "district": _word(rng),
        "name": _word(rng),
        "landmark": rng.choice(LANDMARKS),
        "person": f"{first} {last}",
        "surname": last,
        "role": rng.choice(ROLES),
        "city": rng.choice(CITIES)[0],
        "org": rng.choice(ORGS),
        "event": rng.choice(EVENTS),
        "count": str(rng.randint(2, 90)),
        "crowd": f"{rng.randint(100, 20000):,}",
        "weekday": rng.choice(WEEKDAYS),
    }


def stream(n: int, seed: int) -> Iterator[tuple[Any, int]]:
    """``n`` articles in arrival order, each as ``(StoryInput, true event index)``."""
    from newsdesk.stories.cluster import StoryInput

    rng = random.Random(f"{seed}:plan")
    active: deque[tuple[int, dict[str, Any], date]] = deque(maxlen=ACTIVE_EVENTS)
    n_events = 0
    for i in range(n):
        day = START + timedelta(days=i // PER_DAY)
        if not active or rng.random() < NEW_EVENT_SHARE:
            active.append((n_events, _event(seed, n_events), day))
            n_events += 1
            index, facts, _ = active[-1]
        else:
            index, facts, _ = active[int(len(active) * rng.random() ** 2) * -1 - 1]
        text_rng = random.Random(f"{seed}:article:{i}")
        title = text_rng.choice(HEADLINES).format(**facts)
        body = [t.format(**facts) for t in text_rng.sample(EVENT_SENTENCES, 2)]
        body += [sentence(text_rng) for _ in range(text_rng.randint(3, 6))]
        text_rng.shuffle(body)
        yield (
            StoryInput(
                doc_id=f"bench-{i:07d}",
                title=title,
                text="\n".join(body),
                pub_date=day,
                people=(facts["person"], facts["surname"]),
                places=(facts["district"], facts["city"], facts["district"]),
                organisations=(facts["org"],),
            ),
            index,
        )


def bcubed_f1(truth: list[int], predicted: list[str]) -> float:
    overlap = Counter(zip(truth, predicted, strict=True))
    sizes_t, sizes_p = Counter(truth), Counter(predicted)
    n = len(truth)
    precision = sum(overlap[(t, p)] / sizes_p[p] for t, p in zip(truth, predicted, strict=True))
    recall = sum(overlap[(t, p)] / sizes_t[t] for t, p in zip(truth, predicted, strict=True))
    precision, recall = precision / n, recall / n
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# ---------------------------------------------------------------------------------------
# Child: one run.


STATE_BATCH = 256  # articles per `newsdesk group` transaction (run_stories' batch_size)


def child(args: argparse.Namespace) -> dict[str, Any]:
    from newsdesk.stories.cluster import StoryClusterer

    clusterer = StoryClusterer()
    for item, _ in stream(50, args.seed + 1_000_003):  # warm-up: imports, tables
        clusterer.add(item)
    clusterer = StoryClusterer()
    rss_after_warmup = _peak_rss_mb()
    n = args.child
    times: list[float] = []
    truth: list[int] = []
    predicted: list[str] = []
    written: list[int] = []  # state bytes `newsdesk group` writes per batch (not timed)
    for item, event in stream(n, args.seed):
        started = time.perf_counter()
        story_id = clusterer.add(item)
        times.append(time.perf_counter() - started)
        truth.append(event)
        predicted.append(story_id)
        if len(times) % STATE_BATCH == 0:
            parts = clusterer.state_parts()
            written.append(sum(len(json.dumps(v)) for v in parts.values()))
    tenth = max(1, n // 10)
    ordered = sorted(times)
    return {
        "articles": n,
        "seconds": sum(times),
        "ms_per_article": 1000 * sum(times) / n,
        "ms_first_tenth": 1000 * sum(times[:tenth]) / tenth,
        "ms_last_tenth": 1000 * sum(times[-tenth:]) / tenth,
        "ms_p99": 1000 * ordered[min(n - 1, int(0.99 * n))],
        "ms_by_tenth": [
            1000 * sum(times[k * tenth : (k + 1) * tenth]) / len(times[k * tenth : (k + 1) * tenth])
            for k in range(10)
            if times[k * tenth : (k + 1) * tenth]
        ],
        "peak_rss_mb": _peak_rss_mb(),
        "rss_after_warmup_mb": rss_after_warmup,
        "true_stories": len(set(truth)),
        "stories": clusterer.n_stories,
        "open_stories": sum(1 for s in clusterer.stories() if s.open),
        "bcubed_f1": bcubed_f1(truth, predicted),
        "state_mb": len(json.dumps(clusterer.to_dict())) / 1e6,
        "state_head_mb": len(json.dumps(clusterer.to_dict_head())) / 1e6,
        "state_mb_per_batch_last": (
            sum(written[-max(1, len(written) // 10) :])
            / max(1, len(written[-max(1, len(written) // 10) :]))
            / 1e6
            if written
            else 0.0
        ),
    }


def run_child(n: int, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(n)]
    command += ["--seed", str(args.seed)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark child for {n} articles failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


# ---------------------------------------------------------------------------------------
# Parent: run each size, report.


def markdown(
    results: list[dict[str, Any]], machine: dict[str, Any], command: str, source: dict[str, Any]
) -> str:
    lines = [
        "# newsdesk stories benchmark",
        "",
        f"Command: `{command}`",
        "",
        "| articles | seconds | ms/article | first 10% | last 10% | p99 ms | peak RSS MB | "
        "stories (true) | open | B-cubed F1 | state MB (head) | MB written per batch |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['articles']:,} | {r['seconds']:.1f} | {r['ms_per_article']:.2f} | "
            f"{r['ms_first_tenth']:.2f} | {r['ms_last_tenth']:.2f} | {r['ms_p99']:.2f} | "
            f"{r['peak_rss_mb']:.0f} | {r['stories']:,} ({r['true_stories']:,}) | "
            f"{r['open_stories']:,} | {r['bcubed_f1']:.3f} | {r['state_mb']:.1f} "
            f"({r['state_head_mb']:.1f}) | {r['state_mb_per_batch_last']:.2f} |"
        )
    if len(results) > 1:
        small, large = results[0], results[-1]
        lines += [
            "",
            f"Cost per article {small['articles']:,}→{large['articles']:,}: "
            f"{small['ms_per_article']:.2f} → {large['ms_per_article']:.2f} ms "
            f"(x{large['ms_per_article'] / small['ms_per_article']:.2f}); peak RSS "
            f"{small['peak_rss_mb']:.0f} → {large['peak_rss_mb']:.0f} MB (after warm-up "
            f"{small['rss_after_warmup_mb']:.0f} / {large['rss_after_warmup_mb']:.0f} MB).",
        ]
    largest = results[-1]
    lines += [
        "",
        f"ms/article by tenth of the {largest['articles']:,}-article run: "
        + ", ".join(f"{v:.2f}" for v in largest["ms_by_tenth"])
        + ".",
    ]
    return "\n".join(lines + machine_lines(machine, source)) + "\n"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark streaming story grouping (ms per article, peak memory) on a "
        "synthetic stream with known stories.",
        epilog="Example: .venv/bin/python benchmarks/stories.py --sizes 1000,10000,100000",
    )
    parser.add_argument(
        "--sizes", default="1000,10000", help="comma-separated article counts (default: 1000,10000)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="folder for stories.md and stories.json (default: benchmarks/out)",
    )
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default: 7)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
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
        print(json.dumps(child(args)))
        return 0
    command = " ".join(
        [_shown(sys.executable), _shown(sys.argv[0]), *(sys.argv[1:] if argv is None else argv)]
    )
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    machine = machine_info()
    digest_before = source_digest()
    results = []
    for n in args.sizes:
        log(f"[{n:,}] grouping …")
        results.append(run_child(n, args))
        log(f"[{n:,}] {results[-1]['ms_per_article']:.2f} ms/article")
    source = {"digest": digest_before, "changed_during_run": source_digest() != digest_before}
    text = markdown(results, machine, command, source)
    raw = {"command": command, "machine": machine, "newsdesk_source": source, "results": results}
    (args.out / "stories.md").write_text(text, encoding="utf-8")
    (args.out / "stories.json").write_text(
        json.dumps(raw, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
