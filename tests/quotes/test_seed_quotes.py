"""Acceptance: the four quotes of ../shared/seeds/gold.json found in the cleaned seed
articles, each with its speaker resolved (a person by name, a country by ISO code)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsdesk.clean import clean_article
from newsdesk.config import load_settings
from newsdesk.events.lexicons import fold
from newsdesk.ingest import read
from newsdesk.model import Article, Quote
from newsdesk.quotes import extract_quotes


@pytest.fixture(scope="module")
def seed_quotes() -> tuple[dict[str, Any], dict[str, list[Quote]]]:
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not available")
    gold = json.loads((seeds / "gold.json").read_text("utf-8"))
    settings = load_settings(env={})
    documents = {}
    for path in sorted(seeds.glob("[0-9][0-9][0-9]_*.txt")):
        article = next(item for item in read([path], settings=settings))
        assert isinstance(article, Article)
        documents[path.name[:3]] = clean_article(article, settings)[0]
    found = extract_quotes(list(documents.values()))
    return gold, dict(zip(documents, found.quotes, strict=True))


def _speaker_matches(quote: Quote, expected: str, countries: dict[str, str]) -> bool:
    speaker = quote.speaker
    if speaker is None or speaker.actor_id is None:
        return False
    if expected in countries:  # a country actor: gold names it, we give its ISO code
        return speaker.country == countries[expected] and speaker.kind != "person"
    return speaker.kind == "person" and fold(speaker.name or "") == fold(expected)


def test_the_four_gold_quotes_with_their_speakers(
    seed_quotes: tuple[dict[str, Any], dict[str, list[Quote]]],
) -> None:
    gold, quotes = seed_quotes
    countries = {a["name"]: a["country"] for a in gold["actors"] if a["kind"] == "country"}
    assert len(gold["quotes"]) == 4
    for expected in gold["quotes"]:
        candidates = [q for q in quotes[expected["article"]] if expected["text"] in q.text]
        assert candidates, f"not found: {expected['text']!r}"
        assert any(_speaker_matches(q, expected["speaker"], countries) for q in candidates), (
            expected,
            [(q.text, q.speaker) for q in candidates],
        )
        if "speaker_text" in expected:
            assert any(
                q.speaker is not None and q.speaker.text.lower() == expected["speaker_text"]
                for q in candidates
            )


def test_seed_quotes_cite_their_text(
    seed_quotes: tuple[dict[str, Any], dict[str, list[Quote]]],
) -> None:
    _, quotes = seed_quotes
    assert all(quotes.values())
    for found in quotes.values():
        for quote in found:
            assert quote.quote_id.startswith("quo_") and quote.content
            assert all(0 <= s < e for s, e in quote.content)
