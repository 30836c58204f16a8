"""Bring the training sentences to the PLOVER CAMEO crosswalk (openeventdata/PLOVER,
CAMEO2PLOVER-2021.txt, manual draft 0.8) where the first guidelines differed from it.

Run once (idempotent: a relabelled event no longer matches any rule):

    python training/relabel_crosswalk.py            # rewrites training/events/part-*.jsonl
    python training/relabel_crosswalk.py --dry-run  # counts only

The rules, each a line of the crosswalk:

- 057 "sign formal agreement" is SUPPORT: AGREE events whose trigger signs, seals or reaches
  an agreement, or "agreed" with a deal as its object, become SUPPORT. "agreed to <verb>"
  stays AGREE (03, "express intent to cooperate").
- 116 "find guilty or liable" is ACCUSE: convictions become ACCUSE with mode ``convict``;
  sentencing and jailing (173, "arrest, detain or charge with legal action") become COERCE
  ``arrest``.
- 163 "impose embargo, boycott or sanctions" is COERCE ``restrict``: sanctions, embargoes,
  asset freezes, blacklists and trade bans become COERCE. Breaking ties, expulsions, recalls
  and cutting aid stay SANCTION (161, 162, 164, 166).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SIGNED = re.compile(
    r"\b(?:sign(?:ed|s|ing)?|ink(?:ed|s)?|initial(?:l)?ed|seal(?:ed|s)?|conclud(?:ed|es)|"
    r"ratif(?:ied|ies|y)|finali[sz]ed|reached|reach(?:es)?|struck|strikes?|came to terms|"
    r"accord signed|agreement)\b",
    re.IGNORECASE,
)
_DEAL = re.compile(
    r"\s+(?:on\s+|to\s+)?(?:a|an|the|their|its|this|that|\d+|new|landmark|long-awaited)?\s*"
    r"[\w\-\s]{0,40}?\b(?:deal|agreement|accord|pact|treaty|memorandum|text|terms|"
    r"framework|protocol|charter|declaration|roadmap|package)s?\b",
    re.IGNORECASE,
)
_SENTENCED = re.compile(r"sentenc|jail|prison|term\b|imprison", re.IGNORECASE)
_SANCTIONS = re.compile(
    r"sanction|embargo|ban\b|bans\b|barred|freez|froze|blacklist|blockade|tariff|restrict|"
    r"listed|export|import|measures",
    re.IGNORECASE,
)


def relabel(record: dict) -> list[str]:
    """Relabel ``record``'s events in place; the rules applied, one per changed event."""
    applied = []
    text = record["text"]
    for event in record["events"]:
        kind, mode, trigger = event["event_type"], event.get("mode"), event.get("trigger") or ""
        if kind == "AGREE" and _signs(trigger, text):
            event["event_type"], event["mode"] = "SUPPORT", None
            applied.append("AGREE->SUPPORT (057)")
        elif kind == "SANCTION" and mode == "convict":
            if _SENTENCED.search(trigger):
                event["event_type"], event["mode"] = "COERCE", "arrest"
                applied.append("SANCTION convict->COERCE arrest (173)")
            else:
                event["event_type"], event["mode"] = "ACCUSE", "convict"
                applied.append("SANCTION convict->ACCUSE convict (116)")
        elif kind == "SANCTION" and mode is None and _SANCTIONS.search(trigger):
            event["event_type"], event["mode"] = "COERCE", "restrict"
            applied.append("SANCTION->COERCE restrict (163)")
    return applied


def _signs(trigger: str, text: str) -> bool:
    """True for signing or reaching a deal; "agreed to <verb>" is a commitment, not this."""
    if _SIGNED.search(trigger):
        return True
    if trigger.lower().startswith("agree"):
        at = text.find(trigger)
        rest = text[at + len(trigger) :] if at >= 0 else ""
        if re.match(r"\s+to\s+(?!a\b|an\b|the\b)[a-z]+", rest):
            return False  # "agreed to withdraw": a commitment
        return bool(_DEAL.match(rest))
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "training" / "events")
    parser.add_argument("--dry-run", action="store_true", help="count changes, write nothing")
    args = parser.parse_args(argv)
    counts: Counter[str] = Counter()
    for path in sorted(args.data.glob("part-*.jsonl")):
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for record in records:
            counts.update(relabel(record))
        if not args.dry_run:
            path.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                encoding="utf-8",
            )
    for rule, n in sorted(counts.items()):
        print(f"{n:5d}  {rule}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
