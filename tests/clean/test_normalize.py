from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.clean import clean_article
from newsdesk.clean.normalize import clean_text, split_headline
from newsdesk.ingest import Meta, read


def _gold(seeds: Path) -> dict:
    return json.loads((seeds / "gold.json").read_text("utf-8"))


def test_seed_boilerplate_lines_are_gone_and_metadata_filled(seeds: Path, settings) -> None:
    gold = _gold(seeds)
    documents = {}
    for name in gold["story"]["articles"]:
        (article,) = list(read(seeds / name, settings=settings, meta=Meta()))
        document, source = clean_article(article, settings)
        documents[name[:3]] = (document, source)
    for key, lines in gold["boilerplate"].items():
        text = documents[key][0].text
        for line in lines:
            assert line.strip() not in text, f"boilerplate left in {key}: {line!r}"
    document, source = documents["003"]
    assert document.authors == (gold["metadata"]["003"]["author"],)
    assert source is not None and source.name == gold["metadata"]["003"]["outlet"]
    assert documents["000"][0].authors == ()
    assert documents["000"][1] is None, "a photo credit is not the outlet"


def _raw_lines(path: Path) -> list[str]:
    """Non-empty lines of a file, whitespace collapsed as cleaning does."""
    return [" ".join(line.split()) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_seed_content_and_subheadings_stay(seeds: Path, settings) -> None:
    gold = _gold(seeds)
    for name in gold["story"]["articles"]:
        removed = {line.strip() for line in gold["boilerplate"][name[:3]]}
        (article,) = list(read(seeds / name, settings=settings))
        document, _ = clean_article(article, settings)
        kept = [line for line in _raw_lines(seeds / name) if line not in removed]
        assert document.text.split("\n\n") == kept, f"{name}: content lines changed"


def test_sentences_are_offsets_into_the_text(seeds: Path, settings) -> None:
    path = seeds / "000_3556633dd7bc8f2a.txt"
    (article,) = list(read(path, settings=settings))
    document, _ = clean_article(article, settings)
    spans = [document.text[s:e] for s, e in document.sentences]
    lines = _raw_lines(path)
    assert spans[0] == lines[0], "the first line is one sentence"
    headings = [line for line in lines if not line.endswith((".", '"', "”"))]
    assert headings and all(h in spans for h in headings[:1]), "a subheading is its own sentence"
    assert all(s.strip() == s and s for s in spans)
    assert [s for s, _ in document.sentences] == sorted(s for s, _ in document.sentences)


@pytest.mark.parametrize(
    "line",
    [
        "READ MORE: Harbour strike enters its second week",
        "Read next: Ministers meet in Valmora",
        "WATCH: Ships leave the port at dawn",
        "Share this story",
        "Share on Facebook",
        "Subscribe to our newsletter for daily briefings",
        "Sign up for breaking news alerts",
        "Follow us on Twitter for live updates",
        "Advertisement",
        "© 2024 Valmora Herald. All rights reserved.",
        "Dock workers gather at the gates of the port Photo: Lena Ortiz/Valmora Herald",
        "Dock workers gather at the gates of the port on Monday morning Reuters",
        "Inspectors board the second vessel in the harbour Meridian Wire/Photo Desk",
        "Reporting by Ana Ruiz; editing by Tom Lee",
        "· 3 min read",
        "Share: Facebook X WhatsApp",
        "We and our partners use cookies to personalise content and measure traffic.",
        "Por Andrés Miró",
    ],
)
def test_boilerplate_line_is_dropped(line: str) -> None:
    body = "The harbour reopened on Monday after a week of talks between unions and owners."
    assert clean_text(f"{body}\n{line}").text == body


@pytest.mark.parametrize(
    "line",
    [
        "Talks collapse over wages",
        "The minister told Reuters the port would reopen.",
        "He said he would speak with AP",
        "By Friday, the talks had collapsed.",
        "Watch the video below:",
        "Share prices fell sharply on the news of the strike.",
        "Source: officials in Valmora said the hold was legal.",
    ],
)
def test_content_line_is_kept(line: str) -> None:
    assert line in clean_text(line).text


def test_byline_and_ownership_fill_metadata() -> None:
    result = clean_text(
        "Body of the story goes here, long enough.\nWritten by: Ana Ruiz and "
        "Tom Lee\nThis article is owned by Coast Times."
    )
    assert result.authors == ["Ana Ruiz", "Tom Lee"]
    assert result.outlet == "Coast Times"
    assert result.text == "Body of the story goes here, long enough."


def test_mojibake_and_whitespace_are_repaired() -> None:
    result = clean_text(
        "The minister\u2019s  statement   was clear.\r\n\r\n\r\nâ€œWe will stay,â€\x9d she said."
    )
    assert result.text == (
        "The minister\u2019s statement was clear.\n\n\u201cWe will stay,\u201d she said."
    )


def test_hard_wrapped_lines_are_joined_but_headings_are_not() -> None:
    text = (
        "Port talks resume\nThe union and the owners met on Monday and agreed\n"
        "to meet again next week, officials said."
    )
    assert clean_text(text).text == (
        "Port talks resume\n\nThe union and the owners met on "
        "Monday and agreed to meet again next week, officials "
        "said."
    )


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        (
            "Ships held at Valmora\n\nThe port said two ships were held.",
            None,
            ("Ships held at Valmora", "The port said two ships were held."),
        ),
        (
            "Ships held at Valmora\n\nThe port said two ships were held.",
            "ships held at valmora",
            ("ships held at valmora", "The port said two ships were held."),
        ),
        (
            "The port said two ships were held.\n\nMore later.",
            None,
            (None, "The port said two ships were held.\n\nMore later."),
        ),
        ("Ships held at Valmora", None, (None, "Ships held at Valmora")),
        ("Ships held\n\nBody.", "Another title", ("Another title", "Ships held\n\nBody.")),
    ],
)
def test_headline_of_plain_text(text: str, title: str | None, expected: tuple) -> None:
    assert split_headline(text, title) == expected
