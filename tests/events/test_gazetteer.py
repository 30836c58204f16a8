from __future__ import annotations

from importlib import resources

import pycountry
import pytest

from newsdesk.events.gazetteer import (
    SECTORS,
    ActorHint,
    city_of,
    country_of,
    load_gazetteer,
    match_phrase,
    organisation,
    role,
)


def _tsv_rows(name: str) -> list[list[str]]:
    text = resources.files("newsdesk.data").joinpath(name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


# --- data files --------------------------------------------------------------------------


def test_demonyms_cover_un_members_and_six_more() -> None:
    codes = [row[0] for row in _tsv_rows("demonyms.tsv")]
    assert len(codes) == len(set(codes)) == 193 + 6
    known = {country.alpha_3 for country in pycountry.countries} | {"XKX"}
    assert set(codes) <= known
    assert {"PSE", "XKX", "TWN", "VAT", "ESH", "HKG"} <= set(codes)


def test_data_files_start_with_their_licence_line() -> None:
    for name in ("demonyms.tsv", "organisations.tsv", "roles.tsv"):
        first = resources.files("newsdesk.data").joinpath(name).read_text("utf-8").splitlines()[0]
        assert first == "# written by the newsdesk team; licence: the project's (Apache-2.0)"


def test_organisation_and_role_rows_use_known_sectors() -> None:
    orgs = _tsv_rows("organisations.tsv")
    roles = _tsv_rows("roles.tsv")
    assert len(orgs) >= 80 and len(roles) >= 150
    assert {row[4] for row in orgs} <= SECTORS
    assert {row[1] for row in roles} <= SECTORS


def test_gazetteer_is_cached_and_immutable() -> None:
    gazetteer = load_gazetteer()
    assert load_gazetteer() is gazetteer
    with pytest.raises(TypeError):
        gazetteer.countries["atlantis"] = gazetteer.countries["ecuador"]  # type: ignore[index]
    assert gazetteer.country_names["ECU"] == "Ecuador"


# --- country_of --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Ecuador", "ECU"),
        ("Ecuadorian", "ECU"),
        ("Ecuadorean", "ECU"),
        ("Ecuadoreans", "ECU"),
        ("ECUADOR", "ECU"),
        ("Ecuador's", "ECU"),
        ("Ecuador’s", "ECU"),
        ("Mexicans", "MEX"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("America", "USA"),
        ("Britain", "GBR"),
        ("U.K.", "GBR"),
        ("Britons", "GBR"),
        ("Ivory Coast", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("South Korea", "KOR"),
        ("Korea, Republic of", "KOR"),
        ("North Korea", "PRK"),
        ("Czech Republic", "CZE"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Filipino", "PHL"),
        ("Emirati", "ARE"),
        ("Saudis", "SAU"),
        ("Palestinians", "PSE"),
        ("Kosovo", "XKX"),
        ("Holy See", "VAT"),
        ("Western Sahara", "ESH"),
        ("Hong Kong", "HKG"),
        ("Viet Nam", "VNM"),  # pycountry's name
        ("Bolivarian Republic of Venezuela", "VEN"),  # pycountry's official name
    ],
)
def test_country_names_short_forms_and_demonyms(text: str, iso3: str) -> None:
    assert country_of(text) == iso3


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("the Kremlin", "RUS"),
        ("The White House", "USA"),
        ("Washington", "USA"),
        ("Downing Street", "GBR"),
        ("the Elysee", "FRA"),
        ("Élysée", "FRA"),
        ("Beijing", "CHN"),
        ("Zhongnanhai", "CHN"),
        ("the Blue House", "KOR"),
        ("Tehran", "IRN"),
    ],
)
def test_government_metonyms(text: str, iso3: str) -> None:
    assert country_of(text) == iso3


def test_niger_nigeria_and_their_demonyms_differ() -> None:
    assert [country_of(t) for t in ("Niger", "Nigerien", "Nigeria", "Nigerian")] == [
        "NER",
        "NER",
        "NGA",
        "NGA",
    ]


def test_georgia_is_the_country_not_the_us_state() -> None:
    assert country_of("Georgia") == "GEO"
    assert match_phrase("Georgia") == ActorHint(country="GEO", sector="GOV", kind="country")


def test_congo_alone_is_the_drc_as_in_news_copy() -> None:
    # Documented choice: pycountry's "Congo" is COG, but news copy uses it for the DRC.
    assert country_of("Congo") == "COD"
    assert country_of("Congolese") == "COD"
    assert country_of("DR Congo") == country_of("DRC") == "COD"
    assert country_of("Republic of Congo") == country_of("Congo-Brazzaville") == "COG"


def test_capitals_only_short_forms_need_capitals() -> None:
    assert country_of("US") == "USA"
    assert country_of("us") is None


@pytest.mark.parametrize("text", ["Atlantis", "", "the", "Latin American", "Brussels", "European"])
def test_unknown_or_non_country_words(text: str) -> None:
    assert country_of(text) is None


# --- city_of -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "iso3"),
    [
        ("Quito", "Quito", "ECU"),
        ("Paris", "Paris", "FRA"),
        ("Odesa", "Odesa", "UKR"),
        ("Odessa", "Odesa", "UKR"),  # not Odessa, Texas: the most populous wins
        ("Niamey", "Niamey", "NER"),
        ("Kiev", "Kyiv", "UKR"),
        ("Bogota", "Bogotá", "COL"),
        ("Brussels", "Brussels", "BEL"),
        ("Vaduz", "Vaduz", "LIE"),  # a capital below 100,000 people
    ],
)
def test_city_of(text: str, name: str, iso3: str) -> None:
    hit = city_of(text)
    assert hit is not None and (hit.name, hit.country) == (name, iso3)


def test_city_hit_has_coordinates_and_population() -> None:
    hit = city_of("Quito")
    assert hit is not None
    assert -1 < hit.latitude < 0 and -79 < hit.longitude < -78
    assert hit.population > 1_000_000 and hit.geonameid > 0


def test_washington_is_a_government_and_a_city() -> None:
    assert country_of("Washington") == "USA"
    hit = city_of("Washington")
    assert hit is not None and hit.country == "USA" and hit.population > 500_000


def test_unknown_city() -> None:
    assert city_of("Atlantis") is None
    assert city_of("White House") is None  # an alternate name of Casablanca, kept out


# --- organisation and role ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "sector", "country"),
    [
        ("United Nations", "UNO", "IGO", None),
        ("U.N.", "UNO", "IGO", None),
        ("UNHCR", "UNO", "IGO", None),
        ("Security Council", "UNO", "IGO", None),
        ("the European Union", "EUR", "IGO", None),
        ("NATO", "NAT", "IGO", None),
        ("International Court of Justice", "ICJ", "JUD", None),
        ("World Court", "ICJ", "JUD", None),
        ("ICC", "ICC", "JUD", None),
        ("hamas", "HAMAS", "REB", "PSE"),
        ("Ansar Allah", "HOUTHI", "REB", "YEM"),
        ("al-Shabaab", "SHABAAB", "REB", "SOM"),
        ("Rapid Support Forces", "RSF", "REB", "SDN"),
        ("the Taliban", "TALIBAN", "GOV", "AFG"),
        ("Doctors Without Borders", "MSF", "NGO", None),
        ("Reuters", "REUTERS", "MED", "GBR"),  # news outlets are media actors of a country
        ("Aljazeera", "ALJAZEERA", "MED", "QAT"),
        ("the Associated Press", "AP", "MED", "USA"),
    ],
)
def test_organisation(text: str, code: str, sector: str, country: str | None) -> None:
    hit = organisation(text)
    assert hit is not None and (hit.code, hit.sector, hit.country) == (code, sector, country)


def test_acronyms_match_only_in_capitals() -> None:
    assert organisation("WHO") is not None
    assert organisation("who") is None
    assert organisation("AP") is not None and organisation("ap") is None
    assert organisation("World Health Organization") == organisation("WHO")


@pytest.mark.parametrize(
    ("text", "sector", "kind"),
    [
        ("President", "GOV", "person"),
        ("foreign minister", "GOV", "person"),
        ("the government", "GOV", "organisation"),
        ("riot police", "COP", "group"),
        ("Attorney General", "JUD", "person"),
        ("lawmakers", "LEG", "group"),
        ("insurgents", "REB", "group"),
        ("gunmen", "UAF", "group"),
        ("demonstrators", "CVL", "group"),
        ("students", "EDU", "group"),
        ("unions", "LAB", "group"),
        ("journalists", "MED", "group"),
        ("imams", "REL", "group"),
        ("mayors", "GOV", "group"),  # plural of a listed role
        ("interior ministers", "GOV", "group"),
    ],
)
def test_role(text: str, sector: str, kind: str) -> None:
    hit = role(text)
    assert hit is not None and (hit.sector, hit.kind) == (sector, kind)


def test_unknown_role() -> None:
    assert role("astronaut") is None


# --- match_phrase ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "sector", "kind"),
    [
        ("Mexican President Andres Manuel Lopez Obrador", "MEX", "GOV", "person"),
        ("Ecuador's foreign ministry", "ECU", "GOV", "organisation"),
        ("the Ecuadorian presidency", "ECU", "GOV", "organisation"),
        ("security officials", None, "COP", "group"),
        ("Kenyan police", "KEN", "COP", "organisation"),
        ("the Kremlin", "RUS", "GOV", "country"),
        ("Hamas fighters", "PSE", "REB", "group"),
        ("U.N. Secretary-General Antonio Guterres", None, "IGO", "person"),
        ("the European Union", None, "IGO", "organisation"),
        ("Russian troops", "RUS", "MIL", "group"),
        ("protesters in Nairobi", "KEN", "CVL", "group"),
        ("Ecuador", "ECU", "GOV", "country"),
        ("Ecuadorians", "ECU", None, "country"),
        ("Odessa residents", "UKR", "CVL", "group"),
        ("police officers in Mombasa", "KEN", "COP", "group"),
        ("military spokesman", None, "MIL", "person"),
        ("government troops", None, "MIL", "group"),
        ("opposition lawmakers", None, "OPP", "group"),
    ],
)
def test_match_phrase(text: str, country: str | None, sector: str | None, kind: str) -> None:
    hint = match_phrase(text)
    assert hint is not None and (hint.country, hint.sector, hint.kind) == (country, sector, kind)


def test_match_phrase_reports_person_org_and_roles() -> None:
    hint = match_phrase("U.N. Secretary-General Antonio Guterres")
    assert hint is not None
    assert (hint.org_code, hint.roles, hint.person) == (
        "UNO",
        ("secretary-general",),
        "Antonio Guterres",
    )
    mexican = match_phrase("Mexican President Andres Manuel Lopez Obrador")
    assert mexican is not None and mexican.person == "Andres Manuel Lopez Obrador"


def test_match_phrase_head_decides_kind_after_a_possessive_name() -> None:
    hint = match_phrase("Prime Minister Benjamin Netanyahu's office")
    assert hint is not None and (hint.kind, hint.person) == ("organisation", None)


def test_match_phrase_keeps_compounds_and_blocked_phrases_out() -> None:
    separatists = match_phrase("pro-Russian separatists")
    assert separatists is not None and separatists.country is None
    leaders = match_phrase("Latin American leaders")
    assert leaders is not None and leaders.country is None


def test_match_phrase_unknown() -> None:
    assert match_phrase("Antonio Guterres") is None
    assert match_phrase("the weather") is None
    assert match_phrase("") is None
