#!/usr/bin/env python
"""Build ``src/newsdesk/data/story_idf.tsv``: background document frequencies for stories.

The story clusterer weights words by how rare they are among the documents it has seen; at
the start of a stream it has seen almost none. This table is its prior: the team's own event
sentences (``training/events/part-*.jsonl``, Apache-2.0) in file order, cut into
pseudo-documents of ``--group`` consecutive sentences, and for every word (as
:func:`newsdesk.stories.features.words` splits them) the number of pseudo-documents holding
it. Words in fewer than ``--min-df`` pseudo-documents are left out (absent = rare).

    python training/build_story_idf.py            # rewrites the packaged table
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from newsdesk.stories.features import words

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "training" / "events"
TARGET = ROOT / "src" / "newsdesk" / "data" / "story_idf.tsv"


def build(group: int, min_df: int) -> tuple[int, Counter[str]]:
    sentences: list[str] = []
    for path in sorted(SOURCES.glob("part-*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            sentences.extend(json.loads(line)["text"] for line in handle if line.strip())
    df: Counter[str] = Counter()
    n_docs = 0
    for start in range(0, len(sentences), group):
        df.update(set().union(*(words(s) for s in sentences[start : start + group])))
        n_docs += 1
    return n_docs, Counter({w: n for w, n in df.items() if n >= min_df})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", type=int, default=10, help="sentences per pseudo-document")
    parser.add_argument("--min-df", type=int, default=2, help="leave out rarer words")
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    n_docs, df = build(args.group, args.min_df)
    lines = [
        "# Background document frequencies for story grouping; built by",
        f"# training/build_story_idf.py --group {args.group} --min-df {args.min_df}",
        "# from training/events/part-*.jsonl (the newsdesk team's own sentences, Apache-2.0).",
        f"# documents {n_docs}",
        *(f"{word}\t{n}" for word, n in sorted(df.items())),
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(df)} words over {n_docs} pseudo-documents")


if __name__ == "__main__":
    main()
