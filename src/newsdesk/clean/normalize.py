"""Text normalisation: Unicode repair (ftfy), whitespace, hard-wrapped lines, and
boilerplate lines (rules in ``data/boilerplate.toml``). Bylines and ownership lines are
not only dropped: they give the author and outlet when the article lacks them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import ftfy

_SPACES = re.compile(r"[^\S\n]+")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]…]$")
_HEADLINE_END = re.compile(r"[.!?:;,\"”…]$")
HEADLINE_WORDS = 25


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Boilerplate:
    rules: tuple[Rule, ...]
    credit: re.Pattern[str]


@dataclass(slots=True)
class CleanText:
    text: str
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    removed: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def boilerplate_rules() -> Boilerplate:
    data = tomllib.loads(
        resources.files("newsdesk.data").joinpath("boilerplate.toml").read_text("utf-8")
    )
    rules = tuple(Rule(r["name"], re.compile(r["pattern"], re.IGNORECASE)) for r in data["rule"])
    names = sorted(data["credits"]["names"], key=len, reverse=True)
    not_after = "|".join(re.escape(w) for w in data["credits"]["not_after"])
    credit = re.compile(
        rf"^(?=.{{25,300}}$)(?=\S)(?:.*\s)(?!(?i:{not_after})\s)\S+\s+"
        rf"(?:{'|'.join(re.escape(n) for n in names)})$"
    )
    return Boilerplate(rules=rules, credit=credit)


def fix_unicode(text: str) -> str:
    """Repair mojibake and odd characters, normalise line ends and spaces."""
    text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return text


def clean_text(text: str, *, boilerplate: bool = True) -> CleanText:
    """Clean plain article text; one paragraph a line, paragraphs separated by a blank line."""
    lines = [_SPACES.sub(" ", line).strip() for line in fix_unicode(text).split("\n")]
    result = CleanText(text="")
    paragraphs: list[str] = []
    for block in _blocks(lines):
        for line in _unwrap(block):
            if boilerplate and _is_boilerplate(line, result):
                continue
            paragraphs.append(line)
    result.text = "\n\n".join(paragraphs)
    return result


def split_headline(text: str, title: str | None) -> tuple[str | None, str]:
    """``(title, body)`` of plain text: a first paragraph that repeats ``title`` is dropped;
    without a title, a short first paragraph with no closing punctuation followed by more
    text is taken as the headline."""
    first, sep, rest = text.partition("\n\n")
    if not sep or not rest.strip():
        return title, text
    if title is not None:
        return (title, rest) if first.casefold() == title.casefold() else (title, text)
    words = first.split()
    if len(words) <= HEADLINE_WORDS and first[0].isupper() and not _HEADLINE_END.search(first):
        return first, rest
    return None, text


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _unwrap(block: list[str]) -> list[str]:
    """Join hard-wrapped lines: a line that does not end a sentence, followed by one that
    starts in lower case, continues the same paragraph."""
    out: list[str] = []
    for line in block:
        if out and not _SENTENCE_END.search(out[-1]) and (line[0].islower() or line[0] in ",;"):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _is_boilerplate(line: str, result: CleanText) -> bool:
    rules = boilerplate_rules()
    for rule in rules.rules:
        match = rule.pattern.match(line)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("author") and not result.authors:
            result.authors = _split_authors(groups["author"])
        if groups.get("outlet") and not result.outlet:
            result.outlet = groups["outlet"].strip().rstrip(".")
        result.removed.append(line)
        return True
    if not _SENTENCE_END.search(line) and rules.credit.match(line):
        result.removed.append(line)
        return True
    return False


def _split_authors(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", text.strip().rstrip("."))
    return [p for p in parts if p]
