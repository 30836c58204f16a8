"""The team-written training sentences stay well-formed: the model is only as good as they are."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.events.ontology import load_ontology

DATA = Path(__file__).resolve().parents[1] / "training" / "events"
SECTORS = {
    "GOV",
    "MIL",
    "COP",
    "JUD",
    "OPP",
    "REB",
    "UAF",
    "CVL",
    "BUS",
    "MED",
    "LAB",
    "AGR",
    "EDU",
    "REL",
    "NGO",
    "IGO",
    "LEG",
    "PTY",
    "HLH",
    "REF",
    None,
}


def test_training_records_are_valid() -> None:
    ontology = load_ontology()
    files = sorted(DATA.glob("*.jsonl"))
    assert files
    ids, texts, problems = set(), set(), []
    n_records = n_empty = 0
    for path in files:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            where = f"{path.name}:{number}"
            record = json.loads(line)
            n_records += 1
            text = record["text"]
            if record["id"] in ids or text in texts:
                problems.append(f"{where}: duplicate id or text")
            ids.add(record["id"])
            texts.add(text)
            n_empty += not record["events"]
            for event in record["events"]:
                kind = ontology.event_type(event["event_type"])
                if event["mode"] is not None and event["mode"] not in kind.modes:
                    problems.append(f"{where}: mode {event['mode']} not in {kind.name}")
                spans = [p["text"] for p in event["source"] + event["target"]]
                spans += [event["trigger"]] + (
                    [event["reported_by"]] if event.get("reported_by") else []
                )
                problems += [f"{where}: {s!r} not in the text" for s in spans if s not in text]
                problems += [
                    f"{where}: sector {p.get('sector')}"
                    for p in event["source"] + event["target"]
                    if p.get("sector") not in SECTORS
                ]
    assert not problems, problems[:10]
    assert n_records >= 3000 and n_empty >= 300


def test_no_training_sentence_shares_a_phrase_with_the_dev_sets() -> None:
    import re

    import pytest
    from conftest import SHARED

    dev_files = [
        SHARED / "data" / "events" / n for n in ("plv_news_dev.jsonl", "sentences_dev.jsonl")
    ]
    if not all(f.is_file() for f in dev_files):
        pytest.skip("../shared/data is not available")

    def shingles(text: str, n: int = 7) -> set[str]:
        words = re.findall(r"\w+", text.lower())
        return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}

    dev: set[str] = set()
    for path in dev_files:
        for line in path.read_text("utf-8").splitlines():
            dev |= shingles(json.loads(line)["text"])
    shared = [
        json.loads(line)["id"]
        for path in sorted(DATA.glob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
        if shingles(json.loads(line)["text"]) & dev
    ]
    assert shared == []
