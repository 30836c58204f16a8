"""Pairing quotation marks: our own sentences, no model needed."""

from __future__ import annotations

from newsdesk.quotes.marks import Quotations, quoted_spans


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quoted_spans(text)]


def test_straight_and_curly_pairs() -> None:
    text = 'She said "we are ready," and he replied “not yet.”'
    assert texts(text) == ['"we are ready,"', "“not yet.”"]


def test_single_quotes_inside_double_quotes_stay_inside() -> None:
    text = "“He told me ‘never again,’ and I believed him,” Ana said. It's 'fine' now."
    assert texts(text) == ["“He told me ‘never again,’ and I believed him,”"]


def test_a_quote_inside_a_quote_is_part_of_the_outer_one() -> None:
    text = '"The host asked me: “Are you sure?” I said yes," the guest recalled.'
    assert texts(text) == ['"The host asked me: “Are you sure?” I said yes,"']


def test_an_unclosed_mark_does_not_run_on() -> None:
    text = 'The mayor said "the road is shut.\n\nTraffic moved again by noon. "All clear," he said.'
    assert texts(text) == ['"All clear,"']


def test_a_stray_closing_mark_is_ignored() -> None:
    assert texts("It rained all day.” The match went ahead.") == []


def test_a_quote_over_two_paragraphs() -> None:
    text = "“The first part goes on\n\n“and the second part ends here.”"
    spans = quoted_spans(text)
    assert [(s.open_ended, text[s.start : s.end]) for s in spans] == [
        (True, "“The first part goes on"),
        (False, "“and the second part ends here.”"),
    ]
    assert text[slice(*spans[0].inner)] == "The first part goes on"


def test_a_closing_mark_at_the_start_of_a_paragraph_opens() -> None:
    text = "Readers wrote in.\n\n”We want the old bus route back.” ― Ana Ruiz"
    assert texts(text) == ["”We want the old bus route back.”"]


def test_empty_and_quote_free_text() -> None:
    assert quoted_spans("") == []
    assert quoted_spans("No quotation here, only an apostrophe's mark.") == []


def test_positions_next_to_a_quote() -> None:
    text = '"We will win," she said. "Easily."'
    quotations = Quotations(text)
    assert quotations.at(3) == 0 and quotations.at(16) is None
    assert quotations.before(text.index("she")) == 0
    assert quotations.after(text.index("said") + 4) is None  # ". " is not a gap


def test_two_apostrophes_and_two_backticks_are_double_marks() -> None:
    # Archives such as the New York Times' write '' for both marks; TeX-style text opens
    # with `` and closes with ''.
    text = "The clerk asked: ''Is the ferry late?'' He added, ``Not today,'' and left."
    spans = quoted_spans(text)
    assert texts(text) == ["''Is the ferry late?''", "``Not today,''"]
    assert [text[s.inner[0] : s.inner[1]] for s in spans] == ["Is the ferry late?", "Not today,"]


def test_a_single_quote_closing_before_two_apostrophes() -> None:
    text = "She wrote: ''They promised 'a new bridge.''' Nobody believed it. Don't worry."
    assert texts(text) == ["''They promised 'a new bridge.'''"]


def test_apostrophes_of_plurals_and_contractions_are_not_marks() -> None:
    assert texts("The players' union and the owners' league can't agree.") == []
