"""Actor resolution: the words a sentence uses for a participant -> a canonical actor.

Two levels:

- :class:`ActorTable` holds the canonical actors of a run (one per person name, organisation,
  country and sector), with every alias seen; the store merges it into one table across
  articles.
- :class:`ArticleActors` resolves mentions within one article, in reading order, so that
  later short forms find the full one: a surname or part of a name ("Glas", "Obrador",
  "Lopez Obrador") the person named in full before; a description ("the former vice
  president", "Mexico's ambassador") the last person given that role (and country); a
  bare role ("the presidency", "the foreign ministry") the country it was last seen with,
  else the country the sentence names; pronouns ("he", "they", "its embassy") the most
  salient compatible mention of this or the previous two sentences (subjects first).

The lexicons come from :mod:`newsdesk.events.gazetteer`; NER labels from the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.events.gazetteer import ActorHint, Gazetteer, load_gazetteer
from newsdesk.events.lexicons import fold
from newsdesk.model import Actor, Participant, make_id

SECTOR_NAMES = {
    "GOV": "government",
    "MIL": "military",
    "COP": "police",
    "JUD": "judiciary",
    "OPP": "opposition",
    "REB": "rebels",
    "UAF": "armed groups",
    "CVL": "civilians",
    "BUS": "business",
    "MED": "media",
    "LAB": "labour",
    "AGR": "farmers",
    "EDU": "education",
    "REL": "religious groups",
    "NGO": "NGOs",
    "IGO": "international bodies",
    "LEG": "legislature",
    "PTY": "political parties",
    "HLH": "health sector",
    "REF": "refugees",
}
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "we", "our", "us"})
_THING_PRONOUNS = frozenset({"it", "its"})
_COUNTRY_WORDS = re.compile(r"^(?:the )?(?:country|nation|state|government)(?:'s)?$")
_FORMER = re.compile(r"\b(?:former|ex-|erstwhile|onetime|one-time)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_POSSESSIVE = re.compile(r"^(its|their|his|her|the country's|the nation's)\s+", re.I)
_THERE = re.compile(r"\bthere\b", re.I)
_CLAUSE_CUT = re.compile(r"\s(?:of|about|with|in|for|over|to|on|against|from|that|who)\s")
_CONTEXT_WINDOW = 2
_TRAILING_NAME = re.compile(r"(?:\b[A-Z][\w&.-]*(?:\s+|$))+$")


_OWNER = re.compile(r"(?<=\w)['’]s?\s")  # "Mexico's decision", "Glas' arrest"

Entity = tuple[int, int, str, str]  # (start, end, label, text), offsets as the span's


@dataclass(slots=True)
class _Person:
    name: str
    country: str | None
    sector: str | None
    roles: set[str] = field(default_factory=set)
    former: set[str] = field(default_factory=set)  # roles held before: "former vice president"


@dataclass(frozen=True, slots=True)
class _Seen:
    """A resolved mention of the article, for pronouns and bare roles to point back to."""

    start: int
    sentence: int
    actor: Actor
    subject: bool
    plural: bool


class ActorTable:
    """The canonical actors of a run, keyed by id, with their aliases."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.actors: dict[str, Actor] = {}
        self._aliases: dict[str, set[str]] = {}

    def alias(self, actor: Actor, alias: str) -> None:
        alias = " ".join(alias.split())
        if alias:
            self._aliases.setdefault(actor.actor_id, set()).add(alias)

    def _add(self, actor: Actor) -> Actor:
        known = self.actors.setdefault(actor.actor_id, actor)
        if known.country is None and actor.country is not None:
            known = self.actors[actor.actor_id] = Actor(
                **{**known.to_dict(), "country": actor.country, "aliases": ()}
            )
        return known

    def country(self, iso3: str, sector: str | None) -> Actor:
        sector = sector or "GOV"
        name = self.gazetteer.country_names.get(iso3, iso3)
        if sector == "GOV":
            actor = Actor(
                actor_id=make_id("act", "country", iso3),
                name=name,
                kind="country",
                country=iso3,
                sector="GOV",
            )
        else:
            actor = Actor(
                actor_id=make_id("act", "group", iso3, sector),
                name=f"{name} {SECTOR_NAMES.get(sector, sector)}",
                kind="group",
                country=iso3,
                sector=sector,
            )
        return self._add(actor)

    def person(self, name: str, country: str | None, sector: str | None) -> Actor:
        actor = Actor(
            actor_id=make_id("act", "person", fold(name)),
            name=name,
            kind="person",
            country=country,
            sector=sector,
        )
        return self._add(actor)

    def organisation(
        self,
        name: str,
        code: str | None,
        country: str | None,
        sector: str | None,
        kind: str,
    ) -> Actor:
        actor = Actor(
            actor_id=make_id("act", "org", code or fold(name)),
            name=name,
            kind=kind if kind in ("organisation", "group") else "organisation",
            country=country,
            sector=sector,
            code=code,
        )
        return self._add(actor)

    def records(self) -> list[Actor]:
        """Every actor with its aliases, sorted by id."""
        return [
            Actor(**{**a.to_dict(), "aliases": tuple(sorted(self._aliases.get(i, ())))})
            for i, a in sorted(self.actors.items())
        ]


class ArticleActors:
    """Resolves the participants of one article, read in order."""

    def __init__(self, table: ActorTable) -> None:
        self.table = table
        self.gazetteer = table.gazetteer
        self.persons: list[_Person] = []
        self.seen: list[_Seen] = []
        self.role_memory: dict[str, Actor] = {}

    # -- the public entry point ----------------------------------------------------------

    def resolve(
        self,
        text: str,
        start: int,
        sentence: int,
        entities: tuple[Entity, ...] = (),
        *,
        subject: bool = False,
        plural: bool = False,
        exclude: str | None = None,
        remember: bool = True,
    ) -> Participant:
        """The participant named by ``text`` at document offset ``start``. ``entities``
        are the NER entities inside it (offsets relative to ``text``); ``exclude`` an actor
        the phrase cannot be (the other argument of the same event)."""
        clean = text.strip()
        actor, via = self._resolve(clean, start, sentence, entities, plural, exclude)
        if actor is not None and via in ("phrase", "name", "description", "alias", "context"):
            alias = self._alias(clean)
            if any(w[:1].isupper() for w in alias.split()[1:] or alias.split()) or (
                self.gazetteer.match_phrase(alias) is not None
            ):
                self.table.alias(actor, alias)
        if actor is not None and remember:
            self.seen.append(
                _Seen(start, sentence, actor, subject, plural or actor.kind == "group")
            )
        return Participant(
            text=text,
            start=start,
            end=start + len(text),
            actor_id=actor.actor_id if actor else None,
            name=actor.name if actor else None,
            kind=actor.kind if actor else None,
            country=actor.country if actor else None,
            sector=actor.sector if actor else None,
            via=via,
        )

    def _alias(self, text: str) -> str:
        """The part of a phrase that names its actor: "Mexico's decision to grant asylum"
        names Mexico; "Mexico's Foreign Ministry" is a name of its own."""
        text = _CLAUSE_CUT.split(text, maxsplit=1)[0]
        text = re.sub(r"\s+there$", "", text)
        mark = _OWNER.search(text)
        if mark is not None:
            owner, rest = text[: mark.start()], text[mark.end() :]
            if self.gazetteer.role(rest) is None and self.gazetteer.organisation(rest) is None:
                hint = self.gazetteer.match_phrase(rest)
                if hint is None or not hint.roles:
                    return owner
        return text

    def candidates(self, sentence: int, position: int) -> list[_Seen]:
        """Mentions seen before ``position`` in this and the previous sentences."""
        return [
            s
            for s in self.seen
            if sentence - _CONTEXT_WINDOW <= s.sentence <= sentence and s.start < position
        ]

    # -- resolution ----------------------------------------------------------------------

    def _resolve(
        self,
        text: str,
        start: int,
        sentence: int,
        entities: tuple[Entity, ...],
        plural: bool,
        exclude: str | None,
    ) -> tuple[Actor | None, str | None]:
        lower = text.lower()
        if lower in _PERSON_PRONOUNS:
            return self._antecedent(start, sentence, {"person"}, exclude), "pronoun"
        if lower in _PLURAL_PRONOUNS:
            found = self._antecedent(
                start, sentence, {"group", "country", "organisation"}, exclude, plural=True
            )
            return found, "pronoun"
        if lower in _THING_PRONOUNS or _COUNTRY_WORDS.match(lower):
            return self._antecedent(start, sentence, {"country", "organisation"}, exclude), (
                "pronoun"
            )
        owner = _LEADING_POSSESSIVE.match(text)
        hint = self.gazetteer.match_phrase(text)
        persons = [e for e in entities if e[2] == "PERSON"]
        if owner is not None and (hint is None or hint.country is None):
            # "its embassy", "their police forces": the owner's country, the noun's sector
            pronoun = owner.group(1).lower()
            kinds = {"person"} if pronoun in ("his", "her") else {"country", "organisation"}
            if pronoun.startswith("the "):
                kinds = {"country", "organisation", "person", "group"}
            antecedent = self._antecedent(start, sentence, kinds, None)
            if antecedent is not None and antecedent.country is not None:
                sector = hint.sector if hint and hint.sector else antecedent.sector
                if antecedent.kind == "person" or hint is None:
                    return antecedent, "pronoun"
                return self.table.country(antecedent.country, sector), "pronoun"
        former = _FORMER.search(text) is not None
        if hint is not None and hint.person:
            return self._person(hint.person, hint, former=former), "phrase"
        if persons:
            name = _POSSESSIVE.sub("", persons[-1][3]).strip()
            if len(name.split()) >= 1 and name[:1].isupper():
                return self._person(name, hint, former=former), "name"
        for _, _, label, words in entities:
            # "Brazilian construction company Odebrecht": the company, not Brazil's business
            name = _POSSESSIVE.sub("", words).strip()
            if (
                label == "ORG"
                and (hint is None or hint.org_code is None)
                and self.gazetteer.match_phrase(name) is None
            ):
                return self.table.organisation(
                    name,
                    None,
                    hint.country if hint else None,
                    hint.sector if hint else None,
                    "organisation",
                ), "name"
        named = _TRAILING_NAME.search(text)
        if (
            hint is not None
            and hint.kind in ("organisation", "group")
            and hint.org_code is None
            and named is not None
            and named.start() > 0
            and self.gazetteer.match_phrase(named.group()) is None
        ):
            # "construction company Odebrecht": a company named after its description
            return self.table.organisation(
                named.group(), None, hint.country, hint.sector, "organisation"
            ), "name"
        if hint is not None:
            return self._from_hint(hint, text, start, sentence, exclude)
        for _, _, label, words in entities:
            name = _POSSESSIVE.sub("", words).strip()
            if label == "ORG" and name:
                return self.table.organisation(name, None, None, None, "organisation"), ("name")
            if label in ("GPE", "NORP", "LOC"):
                iso3 = self.gazetteer.country_of(name)
                city = self.gazetteer.city_of(name) if iso3 is None else None
                if iso3 or city:
                    return self.table.country(iso3 or city.country, "GOV"), "name"  # type: ignore[union-attr]
        known = self._known_person(text)
        if known is not None:
            return known, "alias"
        return None, None

    def _from_hint(
        self, hint: ActorHint, text: str, start: int, sentence: int, exclude: str | None
    ) -> tuple[Actor | None, str | None]:
        if hint.kind == "person":
            described, exact = self._described(hint, former=_FORMER.search(text) is not None)
            if described is not None:
                return described, "description" if exact else "inexact"
        if hint.org_code is not None:
            org = self.gazetteer.organisations.get(hint.org_code.lower())
            name = org.name if org else hint.org_code
            return (
                self.table.organisation(
                    name, hint.org_code, hint.country, hint.sector, "organisation"
                ),
                "phrase",
            )
        roles = [r for r in hint.roles]
        if hint.country is not None:
            actor = self.table.country(hint.country, hint.sector)
            for role in roles:
                self.role_memory[role] = actor
            return actor, "phrase"
        for role in reversed(roles):
            remembered = self.role_memory.get(role)
            if remembered is not None:
                return self.table.country(remembered.country or "", hint.sector), "alias"
        context = self._antecedent(
            start,
            sentence,
            {"country", "group", "person", "organisation"},
            exclude,
            same_sentence_first=True,
            latest=_THERE.search(text) is not None,
        )
        if context is not None and context.country is not None:
            actor = self.table.country(context.country, hint.sector)
            return actor, "context"
        return None, None

    def _person(self, name: str, hint: ActorHint | None, *, former: bool = False) -> Actor:
        name = " ".join(
            _POSSESSIVE.sub("", w) if i == len(name.split()) - 1 else w
            for i, w in enumerate(name.split())
        )
        person = self._find_person(name)
        if person is None:
            person = _Person(name, None, None)
            self.persons.append(person)
        elif len(name.split()) > len(person.name.split()) and name.endswith(person.name):
            person.name = name  # "Glas" seen first, "Jorge Glas" later
        if hint is not None:
            person.country = person.country or hint.country
            if hint.kind == "person" or hint.person:
                person.sector = person.sector or hint.sector
                person.roles.update(hint.roles)
                if former:
                    person.former.update(hint.roles)
        return self.table.person(person.name, person.country, person.sector)

    def _find_person(self, name: str) -> _Person | None:
        """The person of the article this name is a part of (latest first)."""
        words = fold(name).split()
        if not words:
            return None
        for person in reversed(self.persons):
            full = fold(person.name).split()
            if words == full:
                return person
            if len(words) < len(full) and (
                words == full[-len(words) :] or (len(words) == 1 and words[0] in full[1:])
            ):
                return person
            if len(full) < len(words) and full == words[-len(full) :]:
                return person
        return None

    def _known_person(self, text: str) -> Actor | None:
        name = _POSSESSIVE.sub("", text).strip()
        if not name[:1].isupper():
            return None
        person = self._find_person(name)
        if person is None:
            return None
        return self.table.person(person.name, person.country, person.sector)

    def _described(self, hint: ActorHint, *, former: bool = False) -> tuple[Actor | None, bool]:
        """The latest person of the article given one of these roles (and this country),
        and whether the description fits exactly. "The former president" is the latest
        person called a former president; failing one, the latest former holder of a
        role containing it ("former vice president"), an inexact fit the source
        comparison reports as a title inconsistency; failing that, the latest president."""
        wanted = set(hint.roles)
        fits = [p for p in reversed(self.persons) if hint.country in (None, p.country)]
        if former:
            for person in fits:
                if person.former & wanted:
                    return self.table.person(person.name, person.country, person.sector), True
            words = {w for role in wanted for w in role.split()}
            for person in fits:
                if any(words & set(role.split()) for role in person.former):
                    return (
                        self.table.person(person.name, person.country, person.sector),
                        False,
                    )
        for person in fits:
            if person.roles & wanted:
                return self.table.person(person.name, person.country, person.sector), True
        return None, True

    def _antecedent(
        self,
        position: int,
        sentence: int,
        kinds: set[str],
        exclude: str | None,
        *,
        plural: bool = False,
        same_sentence_first: bool = False,
        latest: bool = False,
    ) -> Actor | None:
        options = [
            s
            for s in self.candidates(sentence, position)
            if s.actor.kind in kinds
            and s.actor.actor_id != exclude
            and (not plural or s.plural or s.actor.kind in ("country", "organisation"))
        ]
        if not options:
            return None
        if plural:
            groups = [s for s in options if s.plural]
            options = groups or options

        def rank(s: _Seen) -> tuple[int, int, int]:
            here = s.sentence == sentence
            if latest:  # "officials there": the place named last
                return (s.sentence, s.start, 0)
            return (
                int(here) if same_sentence_first else s.sentence,
                int(s.subject),
                s.start,
            )

        return max(options, key=rank).actor
