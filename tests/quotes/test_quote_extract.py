"""Quote extraction on sentences written for these tests: direct, split, indirect and
"according to" quotes, speakers resolved to actors, and bad input."""

from __future__ import annotations

from newsdesk.model import Document, Quote
from newsdesk.quotes import extract_quotes, quotes_in_text


def only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, [q.text for q in quotes]
    return quotes[0]


def contents(text: str, quote: Quote) -> list[str]:
    return [text[s:e] for s, e in quote.content]


def test_direct_quote_with_the_cue_after() -> None:
    text = '"The harbour will reopen on Friday," port director Tomas Reyes said.'
    quote = only(quotes_in_text(text))
    assert quote.kind == "direct"
    assert contents(text, quote) == ['"The harbour will reopen on Friday,"']
    assert quote.cue == "said" and text[quote.cue_start : quote.cue_end] == "said"
    assert quote.speaker is not None and quote.speaker.name == "Tomas Reyes"
    assert text[quote.speaker.start : quote.speaker.end] == quote.speaker.text


def test_split_quote_is_one_quote_in_two_segments() -> None:
    text = '"We are ready," Tomas Reyes said, "but the weather is not."'
    quote = only(quotes_in_text(text))
    assert contents(text, quote) == ['"We are ready,"', '"but the weather is not."']
    assert quote.kind == "direct" and quote.text == '"We are ready," … "but the weather is not."'
    assert quote.speaker is not None and quote.speaker.name == "Tomas Reyes"


def test_according_to() -> None:
    text = "According to Kenya's finance ministry, the budget deficit narrowed last year."
    quote = only(quotes_in_text(text))
    assert quote.kind == "indirect" and quote.cue == "According to"
    assert contents(text, quote) == ["the budget deficit narrowed last year"]
    assert quote.speaker is not None and quote.speaker.text == "Kenya's finance ministry"
    assert quote.speaker.country == "KEN"


def test_said_that_is_an_indirect_attribution() -> None:
    text = "The mayor of Valmora said that the bridge would reopen in May."
    quote = only(quotes_in_text(text))
    assert quote.kind == "indirect" and quote.cue == "said"
    assert contents(text, quote) == ["that the bridge would reopen in May"]
    assert quote.speaker is not None and quote.speaker.text == "The mayor of Valmora"


def test_a_verbal_act_with_an_object_is_an_indirect_attribution() -> None:
    text = "Opposition leader Ana Ruiz questioned the fairness of the recount."
    quote = only(quotes_in_text(text))
    assert quote.kind == "indirect" and quote.cue == "questioned"
    assert contents(text, quote) == ["the fairness of the recount"]
    assert quote.speaker is not None and quote.speaker.name == "Ana Ruiz"
    text = "The mayor urged residents to leave the coast before the storm."
    quote = only(quotes_in_text(text))
    assert quote.cue == "urged"
    assert contents(text, quote) == ["residents to leave the coast before the storm"]


def test_a_verbal_act_with_a_clause_is_an_indirect_attribution() -> None:
    text = "Opposition leader Ana Ruiz questioned whether the recount had been fair."
    quote = only(quotes_in_text(text))
    assert quote.cue == "questioned"
    assert contents(text, quote) == ["whether the recount had been fair"]
    assert quote.speaker is not None and quote.speaker.name == "Ana Ruiz"


def test_a_promise_or_a_directive_to_do_something_is_what_was_said() -> None:
    text = "The governor vowed to rebuild the flooded school before winter."
    quote = only(quotes_in_text(text))
    assert quote.cue == "vowed"
    assert contents(text, quote) == ["to rebuild the flooded school before winter"]
    text = "The minister told her staff to prepare a new budget."
    quote = only(quotes_in_text(text))
    assert quote.cue == "told"
    assert contents(text, quote) == ["her staff to prepare a new budget"]
    # "said" with an infinitive is not a statement of what to do ("said to be")
    assert quotes_in_text("The castle is said to be haunted.") == []


def test_a_finding_without_that_is_attributed_to_the_study() -> None:
    text = "A new survey shows most farmers expect a poor harvest."
    quote = only(quotes_in_text(text))
    assert quote.cue == "shows"
    assert contents(text, quote) == ["most farmers expect a poor harvest"]
    assert quote.speaker is not None and quote.speaker.text == "A new survey"
    assert quotes_in_text("The guide showed us the old harbour.") == []


def test_a_verbal_act_without_its_own_subject_or_object_is_no_attribution() -> None:
    assert quotes_in_text("The criticised plan was shelved on Monday.") == []
    assert quotes_in_text("The mayor complained.") == []


def test_quoted_words_inside_reported_speech_make_a_mixed_quote() -> None:
    text = 'Tomas Reyes said the delay was "entirely avoidable" and blamed the weather.'
    quote = only(quotes_in_text(text))
    assert quote.kind == "mixed"
    assert '"entirely avoidable"' in quote.text and quote.text.startswith("the delay")


def test_single_quotes_inside_a_quote() -> None:
    text = "\"He told me 'never again,' and I believed him,\" Ana Ruiz said."
    quote = only(quotes_in_text(text))
    assert contents(text, quote) == ["\"He told me 'never again,' and I believed him,\""]
    assert quote.speaker is not None and quote.speaker.name == "Ana Ruiz"


def test_a_verb_of_saying_inside_the_quote_is_not_a_cue() -> None:
    text = 'Maria Lopez runs the clinic. "I said no to the plan," she told reporters.'
    quote = only(quotes_in_text(text))
    assert quote.cue == "told" and quote.speaker is not None
    assert quote.speaker.text == "she" and quote.speaker.name == "Maria Lopez"


def test_unbalanced_quote_mark_neither_crashes_nor_runs_on() -> None:
    text = (
        'The council met on Tuesday. Its chair said "the vote is postponed.\n\n'
        "The next meeting is in June. Officials said the budget had been approved.\n\n"
        '"We expect a long session," the chair said.'
    )
    quotes = quotes_in_text(text)
    for quote in quotes:  # the stray mark opened nothing that crosses a paragraph
        for start, end in quote.content:
            assert "\n" not in text[start:end]
    assert any(text[s:e] == '"We expect a long session,"' for q in quotes for s, e in q.content)


def test_quote_only_article_gives_a_quote_without_speaker() -> None:
    text = '"We will not give up on this town."'
    quote = only(quotes_in_text(text))
    assert quote.kind == "direct" and quote.speaker is None and quote.cue == ""
    assert contents(text, quote) == [text]


def test_pronoun_speaker_is_the_last_person_named() -> None:
    text = (
        "Foreign Minister Lena Marsh arrived in Geneva on Monday. She met her counterparts. "
        '"We expect an apology," she told reporters. The talks went on late into the night. '
        'Nobody left early. Aides said little. "It was a long day," she added.'
    )
    quotes = quotes_in_text(text)
    speakers = [(q.speaker.text, q.speaker.name) for q in quotes if q.speaker and q.cue]
    assert ("she", "Lena Marsh") in speakers
    late = next(q for q in quotes if q.cue == "added")
    assert late.speaker is not None and late.speaker.name == "Lena Marsh"
    assert late.speaker.via == "pronoun"


def test_a_bare_role_resolves_to_the_country_named_before() -> None:
    text = (
        "Kenya's foreign ministry condemned the raid on Friday. "
        '"This is unacceptable," the ministry said.'
    )
    quote = only([q for q in quotes_in_text(text) if q.kind == "direct"])
    assert quote.speaker is not None and quote.speaker.text == "the ministry"
    assert quote.speaker.country == "KEN"


def test_a_quote_continues_in_the_next_paragraph() -> None:
    text = '"The water is rising," Tomas Reyes said.\n\n"We have moved the boats inland."'
    quote = only(quotes_in_text(text))
    assert contents(text, quote) == [
        '"The water is rising,"',
        '"We have moved the boats inland."',
    ]


def test_a_quote_signed_with_a_dash() -> None:
    text = "Readers wrote to us.\n\n“Bring back the night bus.” ― Ana Ruiz\n"
    quote = only(quotes_in_text(text))
    assert quote.cue == "―" and quote.speaker is not None and quote.speaker.name == "Ana Ruiz"


def test_empty_and_quote_free_documents() -> None:
    documents = [
        Document(doc_id="a", text=""),
        Document(doc_id="b", text="   \n\n  "),
        Document(doc_id="c", text="The bridge reopened on Friday after repairs."),
    ]
    assert extract_quotes(documents).quotes == [[], [], []]
    assert quotes_in_text("") == []


def test_documents_in_other_languages_give_no_quotes() -> None:
    text = '"Volveremos mañana," dijo la alcaldesa.'
    found = extract_quotes([Document(doc_id="es", text=text, lang="es")])
    assert found.quotes == [[]]


def test_ids_are_stable_and_records_round_trip() -> None:
    text = '"We are ready," Tomas Reyes said, "but the weather is not."'
    first = only(quotes_in_text(text, doc_id="doc_1"))
    again = only(quotes_in_text(text, doc_id="doc_1"))
    other = only(quotes_in_text(text, doc_id="doc_2"))
    assert first.quote_id == again.quote_id != other.quote_id
    assert first.quote_id.startswith("quo_")
    assert Quote.from_dict(first.to_dict()) == first


def test_speakers_become_actors_of_the_batch() -> None:
    text = '"The harbour will reopen on Friday," port director Tomas Reyes said.'
    found = extract_quotes([Document(doc_id="d", text=text)])
    speaker = found.quotes[0][0].speaker
    assert speaker is not None
    assert speaker.actor_id in {a.actor_id for a in found.actors}


def test_transcript_lines_name_their_speakers() -> None:
    text = (
        "UPDATE: The interview was edited for length.\n\n"
        "HOST: Will the ferry run this winter?\n\n"
        "REYES: It will run twice a week until March."
    )
    quotes = quotes_in_text(text)
    assert [(q.cue, q.speaker.text if q.speaker else None) for q in quotes] == [
        (":", "HOST"),
        (":", "REYES"),
    ]
    assert quotes[1].text == "It will run twice a week until March."


def test_a_quote_in_two_apostrophes_has_its_speaker() -> None:
    text = "''The harbour will reopen on Friday,'' port director Tomas Reyes said."
    quote = only(quotes_in_text(text))
    assert quote.kind == "direct"
    assert contents(text, quote) == ["''The harbour will reopen on Friday,''"]
    assert quote.speaker is not None and quote.speaker.name == "Tomas Reyes"
