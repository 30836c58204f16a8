"""Highlighted article text: escaped pieces, our own tags only, always properly nested."""

from __future__ import annotations

from newsdesk.model import Document, EventReport, Participant, Quote
from newsdesk.web.highlight import Span, article_spans, render_spans
from newsdesk.web.params import safe_url

from .htmltree import parse

TEXT = 'Ana <b>met</b> Bo & Cy. "We agree," Ana said.'


def test_every_piece_is_escaped_and_the_text_survives() -> None:
    html = render_spans(TEXT, [Span(0, 3, "actor"), Span(4, 14, "trigger", tag="mark")])
    assert "<b>" not in html and "&lt;b&gt;met&lt;/b&gt;" in html and "&amp; Cy" in html
    assert parse(html).text == TEXT


def test_overlapping_spans_nest_and_keep_their_id_once() -> None:
    spans = [
        Span(0, 23, "sentence", attrs={"id": "s-0"}),
        Span(24, len(TEXT), "sentence", attrs={"id": "s-1"}),
        Span(15, 30, "cited", tag="mark", attrs={"id": "c-15-30"}),  # crosses sentences
        Span(10, 17, "actor"),  # crosses the cited span's start
    ]
    tree = parse(render_spans(TEXT, spans))  # parse() fails on bad nesting
    assert tree.text == TEXT
    cited = tree.find_all("mark", class_="cited")
    assert len(cited) >= 2 and "".join(m.text for m in cited) == TEXT[15:30]
    assert [m.attrs.get("id") for m in cited].count("c-15-30") == 1
    assert [s.attrs["id"] for s in tree.find_all("span", class_="sentence")] == ["s-0", "s-1"]


def test_attribute_values_are_escaped() -> None:
    html = render_spans("x", [Span(0, 1, "actor", attrs={"title": '"><script>'})])
    assert "<script>" not in html and "&#34;&gt;&lt;script&gt;" in html


def test_spans_outside_the_text_are_ignored() -> None:
    assert render_spans("abc", [Span(2, 9, "actor"), Span(1, 1, "actor")]) == "abc"


def test_article_spans_cover_sentences_triggers_mentions_quotes_and_the_citation() -> None:
    document = Document(doc_id="art_1", text=TEXT, sentences=((0, 23), (24, len(TEXT))))
    ana = Participant(text="Ana", start=0, end=3, actor_id="act_ana", name="Ana Ruiz")
    report = EventReport(
        report_id="rep_1",
        doc_id="art_1",
        sentence=0,
        sentence_start=0,
        sentence_end=23,
        event_type="CONSULT",
        trigger="met",
        trigger_start=7,
        trigger_end=10,
        actor=ana,
    )
    quote = Quote(
        quote_id="quo_1", doc_id="art_1", kind="direct", content=((24, 35),), text='"We agree,"',
        cue="said", cue_start=40, cue_end=44, speaker=ana,
    )  # fmt: skip
    spans = article_spans(
        document,
        reports=[report],
        mentions=[("art_1", 0, ana), ("art_1", 0, Participant(text="An", start=0, end=2))],
        quotes=[quote],
        cited=(24, 35),
    )
    tree = parse(render_spans(TEXT, spans))
    assert tree.find("mark", class_="trigger").attrs["title"] == "CONSULT"
    actor = tree.find("a", class_="actor")  # the longer of two overlapping mentions
    assert actor.attrs["href"] == "/actors/act_ana" and actor.text == "Ana"
    assert tree.find("span", class_="quote").text == '"We agree,"'
    assert tree.find("mark", class_="cited").attrs["id"] == "c-24-35"
    assert tree.find("span", class_="cue").text == "said"


def test_only_http_links_are_rendered() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("http://example.org") == "http://example.org"
    for bad in (
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "//evil",
        "",
        None,
    ):
        assert safe_url(bad) is None
