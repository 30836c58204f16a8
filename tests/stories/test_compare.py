"""Source comparison, timeline and brief on a two-outlet story written for these tests
(grouping is forced here so these checks do not depend on the clusterer)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk import Desk
from newsdesk.briefs.brief import render_html, render_markdown, write_brief
from newsdesk.compare.sources import compare_sources
from newsdesk.store.base import StoryWrite
from newsdesk.stories.build import build_story
from newsdesk.stories.timeline import build_timeline
from newsdesk.stories.view import StoryView, load_story

ARTICLES = [
    {
        "id": "a1",
        "outlet": "Coast Daily",
        "url": "https://coastdaily.example/kenya-somalia",
        "published": "2024-05-08",
        "title": "Kenya expels Somali diplomats",
        "text": (
            "Kenya expelled two Somali diplomats on Tuesday, the foreign ministry said. "
            "Police in Nairobi arrested opposition figure Amina Yusuf on Monday. "
            "Former Vice President Ali Hassan criticized the expulsions. "
            "The former president said the decision was reckless."
        ),
    },
    {
        "id": "b1",
        "outlet": "Horn Wire",
        "url": "https://hornwire.example/diplomats",
        "published": "2024-05-08",
        "title": "Somali envoys told to leave Kenya",
        "text": (
            "Kenya expelled two Somali diplomats on Wednesday after a dispute over border "
            "patrols. Former Vice President Ali Hassan condemned the decision. Somalia has "
            'accused Kenya of meddling in its affairs since March 2023. "This is an insult to '
            'our people and our sovereignty," Somali Foreign Minister Ahmed Fiqi said. '
            "<script>alert(1)</script>"
        ),
    },
]


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoryView]:
    folder = tmp_path_factory.mktemp("compare")
    path = folder / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", "utf-8")
    desk = Desk(folder / "compare.db")
    report = desk.ingest([path])
    desk.extract()
    doc_ids = list(report.doc_ids)
    documents = desk.store.documents_by_id(doc_ids)
    story, events = build_story("sty_test", documents, desk.store.reports_of_documents(doc_ids))
    desk.store.write_stories(
        StoryWrite(
            assignments=[(d, "sty_test", i, None) for i, d in enumerate(doc_ids)],
            stories=[story],
            events=events,
        )
    )
    yield load_story(desk.store, "sty_test")
    desk.close()


def test_the_expulsion_is_one_event_from_both_outlets_with_conflicting_days(
    view: StoryView,
) -> None:
    expulsion = next(e for e in view.events if e.event_type == "SANCTION" and e.mode == "expel")
    assert expulsion.n_articles == 2 and expulsion.n_sources == 2
    comparison = compare_sources(view)
    assert len(comparison.sources) == 2
    coverage = next(c for c in comparison.events if c.event_id == expulsion.event_id)
    assert len(coverage.reported_by) == 2 and coverage.not_reported_by == ()
    dates = [c for c in comparison.conflicts if c.kind == "date"]
    assert any(c.subject == expulsion.event_id for c in dates)
    assert {c.value for c in dates[0].claims} == {"2024-05-07", "2024-05-08"}


def test_single_source_event_and_title_inconsistency(view: StoryView) -> None:
    comparison = compare_sources(view)
    arrest = next(c for c in comparison.events if "COERCE" in c.label)
    assert len(arrest.reported_by) == 1 and len(arrest.not_reported_by) == 1
    titles = [c for c in comparison.conflicts if c.kind == "title"]
    assert len(titles) == 1 and "the former president" in titles[0].note.lower()
    assert "Ali Hassan" in titles[0].note and "Former Vice President" in titles[0].note
    cited = titles[0].claims[0].citation
    document = view.documents[cited.doc_id]
    assert "former president" in document.text[cited.start : cited.end]


def test_timeline_orders_events_and_background(view: StoryView) -> None:
    timeline = build_timeline(view)
    dated = [e.date for e in timeline if e.date]
    assert dated == sorted(dated)
    # "has accused Kenya of meddling since March 2023": background, dated by the text
    assert any(e.date == "2023-03" and e.historical for e in timeline)
    assert timeline.index(next(e for e in timeline if e.date == "2023-03")) == 0
    assert all(e.citations for e in timeline)


def test_every_brief_sentence_cites_evidence_and_html_is_escaped(view: StoryView) -> None:
    brief = write_brief(view)
    assert brief.headline.citations
    assert {s.section for s in brief.sentences} >= {"happened", "who", "sources"}
    for sentence in (brief.headline, *brief.sentences):
        assert sentence.citations, sentence
        for c in sentence.citations:
            assert 0 <= c.start < c.end <= len(view.documents[c.doc_id].text)
    assert write_brief(view) == brief  # deterministic
    markdown = render_markdown(brief, view)
    assert "## What happened" in markdown and "[1]" in markdown
    page = render_html(brief, view)
    assert "<script>" not in page


def test_quotes_are_stored_with_their_speaker_and_briefed(view: StoryView) -> None:
    said = [q for q in view.quotes if q.kind == "direct"]
    assert len(said) == 1
    quote = said[0]
    assert quote.speaker is not None and quote.speaker.name == "Ahmed Fiqi"
    text = view.documents[quote.doc_id].text
    assert "insult to our people" in text[quote.content[0][0] : quote.content[-1][1]]
    lines = [s for s in write_brief(view).sentences if s.section == "quotes"]
    assert len(lines) == 1 and lines[0].text.startswith("Ahmed Fiqi: “This is an insult")


def test_brief_round_trips_as_json(view: StoryView, tmp_path: Path) -> None:
    brief = write_brief(view)
    data = json.loads(json.dumps(brief.to_dict()))
    assert type(brief).from_dict(data) == brief


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("She won the 2023 election by a wide margin.", []),  # a year naming a thing
        ("The 1961 Convention protects embassies.", []),
        ("He served as minister until 2017.", ["until 2017"]),
        ("The two states have quarrelled since March 2023.", ["since March 2023"]),
        ("In late 2023, the talks broke down.", ["In late 2023"]),
    ],
)
def test_background_dates_are_months_or_years_introduced_by_a_preposition(
    sentence: str, found: list[str]
) -> None:
    from newsdesk.stories.timeline import _DATE_EXPRESSION

    assert [m.group() for m in _DATE_EXPRESSION.finditer(sentence)] == found
