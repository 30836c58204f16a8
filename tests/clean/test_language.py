from __future__ import annotations

from newsdesk.clean import clean_article
from newsdesk.clean.language import detect_language
from newsdesk.pipeline import skip_reason

SPANISH = (
    "La policía de Ecuador entró en la embajada de México en Quito el viernes por la "
    "noche y detuvo al exvicepresidente, según informaron las autoridades."
)


def test_detects_english_and_spanish() -> None:
    assert detect_language("The harbour reopened on Monday after a week of talks.")[0] == "en"
    lang, score = detect_language(SPANISH)
    assert lang == "es" and score > 0.9


def test_no_letters_no_language() -> None:
    assert detect_language("12 345 -- 678") == (None, 0.0)


def test_other_language_is_stored_but_marked_for_skipping(make_article, settings) -> None:
    document, _ = clean_article(make_article(raw=SPANISH), settings)
    assert document.lang == "es"
    assert skip_reason(document, settings) == "language es is not in clean.languages"
    english, _ = clean_article(make_article(), settings)
    assert skip_reason(english, settings) is None
