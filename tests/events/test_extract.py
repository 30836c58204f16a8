"""The extractor on articles written for these tests: arguments, actors, dates, places,
flags, and bad input (nothing crashes; a reason is recorded where nothing is extracted)."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.events.extract import Extractor
from newsdesk.model import Document, EventReport
from newsdesk.nlp.sentences import split_sentences


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def document(text: str, *, pub_date: date | None = date(2024, 4, 6), lang: str = "en") -> Document:
    return Document(
        doc_id="doc_test",
        text=text,
        sentences=next(split_sentences([text])),
        pub_date=pub_date,
        lang=lang,
        content_hash=str(hash(text)),
    )


def events(extractor: Extractor, text: str, **kwargs: object) -> list[EventReport]:
    found = extractor.extract([document(text, **kwargs)])  # type: ignore[arg-type]
    return [r for r in found.articles[0].reports if r.is_event]


def test_arrest_with_place_date_and_resolved_actors(extractor: Extractor) -> None:
    text = (
        "Kenyan police arrested opposition leader Raila Odinga in Nairobi on Thursday. "
        "Odinga's lawyers condemned the arrest."
    )
    reports = events(extractor, text)
    arrest = next(r for r in reports if r.event_type == "COERCE")
    assert arrest.actor is not None and arrest.actor.country == "KEN"
    assert arrest.actor.sector == "COP"
    assert arrest.recipient is not None and arrest.recipient.name == "Raila Odinga"
    assert arrest.date == date(2024, 4, 4) and arrest.date_status == "text"
    assert arrest.place is not None and arrest.place.name == "Nairobi"
    assert arrest.place.country == "KEN" and arrest.place.latitude is not None
    assert text[arrest.trigger_start : arrest.trigger_end] == arrest.trigger


def test_short_names_resolve_to_the_full_name_within_an_article(extractor: Extractor) -> None:
    text = (
        "Brazilian President Luiz Inacio Lula da Silva visited Beijing on Friday. "
        "Chinese officials welcomed Lula, and Lula signed a trade agreement with China."
    )
    found = extractor.extract([document(text)])
    names = {a.name: a for a in found.actors}
    assert "Luiz Inacio Lula da Silva" in names
    person = names["Luiz Inacio Lula da Silva"]
    assert person.country == "BRA" and person.kind == "person"
    assert "Lula" in person.aliases


def test_negated_and_hypothetical_reports_are_flagged_not_events(extractor: Extractor) -> None:
    text = (
        "The army did not attack the village on Monday. "
        "If talks fail, the government could impose sanctions on its neighbour. "
        "The ministry refused to release the detained journalists."
    )
    found = extractor.extract([document(text)]).articles[0]
    coded = {r.trigger: r for r in found.reports}
    assert "attack" not in coded or coded["attack"].negated
    assert "impose" not in coded or coded["impose"].hypothetical
    assert "release" not in coded or coded["release"].hypothetical
    assert not any(
        r.is_event and r.trigger in ("attack", "impose", "release") for r in found.reports
    )


def test_reported_speech_keeps_who_said_it(extractor: Extractor) -> None:
    text = "Witnesses said soldiers shot dead three protesters in Khartoum on Sunday."
    reports = events(extractor, text)
    assault = next(r for r in reports if r.event_type == "ASSAULT")
    assert assault.reported_by is not None and assault.reported_by.text == "Witnesses"
    assert assault.actor is not None and "soldiers" in assault.actor.text


def test_background_is_historical(extractor: Extractor) -> None:
    text = "The former minister was convicted of bribery in 2017 and sentenced to six years."
    reports = events(extractor, text)
    assert reports and all(r.historical for r in reports if r.date_iso() == "2017")


def test_without_publication_date_relative_dates_stay_unresolved(extractor: Extractor) -> None:
    text = "Ecuadorian police raided the Mexican embassy in Quito on Friday."
    reports = events(extractor, text, pub_date=None)
    assert reports
    for report in reports:
        assert report.date is None
        assert report.date_status in ("unresolved", "absent")


def test_no_sentences_is_skipped_with_a_reason(extractor: Extractor) -> None:
    empty = Document(doc_id="doc_empty", text="", sentences=(), lang="en", content_hash="x")
    result = extractor.extract([empty]).articles[0]
    assert result.extraction.status == "skipped"
    assert result.extraction.reason == "no sentences"
    assert result.reports == []


def test_other_language_is_skipped_with_a_reason(extractor: Extractor) -> None:
    text = "La policía detuvo al exvicepresidente en la embajada de México en Quito."
    result = extractor.extract([document(text, lang="es")]).articles[0]
    assert result.extraction.status == "skipped"
    assert "language 'es'" in (result.extraction.reason or "")


def test_tables_and_lists_are_not_parsed(extractor: Extractor) -> None:
    rows = "\n".join(f"| {2000 + i} | {i * 3.5:.1f} | {i * 17} | {i % 7} |" for i in range(40))
    result = extractor.extract([document(rows)]).articles[0]
    assert result.extraction.status == "skipped"
    assert (result.extraction.reason or "").startswith("no usable sentence")


def test_text_in_capitals_does_not_crash(extractor: Extractor) -> None:
    text = "FRANCE IMPOSED NEW SANCTIONS ON RUSSIA ON MONDAY. THE KREMLIN CONDEMNED THE MOVE."
    result = extractor.extract([document(text)]).articles[0]
    assert result.extraction.status == "done"
    assert result.extraction.n_reports > 0 or result.extraction.reason


def test_sentence_with_twenty_entities(extractor: Extractor) -> None:
    countries = (
        "France, Germany, Italy, Spain, Portugal, Poland, Austria, Belgium, Denmark, Sweden, "
        "Finland, Norway, Greece, Ireland, Estonia, Latvia, Lithuania, Romania, Bulgaria and "
        "Croatia"
    )
    text = f"Ministers from {countries} met in Brussels on Tuesday to discuss energy aid."
    result = extractor.extract([document(text)]).articles[0]
    assert result.extraction.status == "done"
    for report in result.reports:
        assert text[report.trigger_start : report.trigger_end] == report.trigger


def test_article_without_events_records_why(extractor: Extractor) -> None:
    text = "The weather was mild this spring. Gardens across the region bloomed early."
    result = extractor.extract([document(text)]).articles[0]
    assert result.extraction.status == "done"
    assert result.extraction.n_reports == 0
    assert result.extraction.reason == "no event found in 2 sentences"


@pytest.mark.slow
def test_hundred_thousand_token_article(extractor: Extractor) -> None:
    sentence = (
        "Officials in the northern province said the new road would open next year after "
        "long delays caused by heavy rain and rising costs for the builders involved. "
    )
    text = sentence * 3500  # ~100,000 tokens
    result = extractor.extract([document(text)]).articles[0]
    assert result.extraction.status == "done"
    assert result.extraction.n_sentences == 3500


def test_key_changes_with_text_and_date(extractor: Extractor) -> None:
    a = document("Police arrested ten protesters in Lagos.")
    b = document("Police arrested ten protesters in Lagos.", pub_date=date(2024, 4, 7))
    c = document("Police arrested eleven protesters in Lagos.")
    assert len({extractor.key(a), extractor.key(b), extractor.key(c)}) == 3
    assert extractor.key(a) == extractor.key(document("Police arrested ten protesters in Lagos."))


def test_reduced_participle_is_undated_background_with_its_noun_as_patient(
    extractor: Extractor,
) -> None:
    text = "Nigerian businessman Emeka Okafor, convicted twice for fraud, has lived in London."
    found = extractor.extract([document(text)]).articles[0].reports
    convicted = next(r for r in found if r.trigger == "convicted")
    assert convicted.event_type == "ACCUSE" and convicted.mode == "convict"
    assert convicted.actor is None  # Okafor was convicted; he convicted no one
    assert convicted.recipient is not None and convicted.recipient.name == "Emeka Okafor"
    assert convicted.historical and convicted.date is None
