"""Event extraction: stored documents -> event reports with actors, dates, places, evidence.

For a batch of documents, every usable stored sentence goes through one ``nlp.pipe``
stream of the full spaCy pipeline (parser and NER); :func:`newsdesk.nlp.annotate.annotate`
reads triggers, mentions, times and places off each parse. Then, per article in reading
order: mentions are resolved to actors (:class:`~newsdesk.events.actors.ArticleActors`),
the trigger coder classifies candidates (:class:`~newsdesk.events.coder.TriggerCoder`),
and each event gets its actor and recipient (the first argument that names an actor:
object, then the prepositional objects, then the object of an embedded "to" clause), a
date (:func:`~newsdesk.events.dates.normalize_date` on the time expression nearest the
trigger in the parse tree, else the one of the sentence just before, else the publication
date, flagged as such), a place (a named city or country of the sentence, else a city of
a neighbouring sentence), and its flags: negated, hypothetical (under "if", a modal, or a
word of intent such as "refused to", "sought permission to"), future ("will", "plans
to"), historical (dated more than :data:`HISTORICAL_DAYS` before publication) and who
reports it ("X said Y did Z").

Documents in other languages and documents without usable sentences are skipped with a
recorded reason; a document with sentences but no event is ``done`` with 0 reports and a
reason saying so.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from importlib import resources
from typing import Any

from newsdesk.config import Settings, load_settings
from newsdesk.events.actors import ActorTable, ArticleActors
from newsdesk.events.coder import TriggerCoder, TriggerEvent
from newsdesk.events.conventions import recode, refused
from newsdesk.events.dates import EventDate, normalize_date
from newsdesk.events.gazetteer import Gazetteer, load_gazetteer
from newsdesk.events.lexicons import lookup_keys
from newsdesk.events.ontology import load_ontology
from newsdesk.model import (
    Actor,
    Document,
    EventReport,
    Extraction,
    Participant,
    Place,
    Quote,
    make_id,
    utc_now,
)
from newsdesk.nlp.annotate import Frame, Mention, SentenceParse, annotate
from newsdesk.nlp.load import load_nlp
from newsdesk.nlp.predicates import Predicate, Span
from newsdesk.quotes.extract import extract_quotes

EXTRACTOR_VERSION = "1"
HISTORICAL_DAYS = 30
MAX_SENTENCE_CHARS = 2_000
# Sentences per spaCy minibatch: sentences are short, and small minibatches cost more in
# per-batch overhead than they save (measured: BENCHMARKS.md, extraction speed).
PARSE_BATCH = 512
_UNREAL_MODALS = frozenset({"could", "would", "might", "may", "should"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "around"})
_RECIPIENT_ORDER = (
    "with",
    "against",
    "to",
    "on",
    "at",
    "into",
    "from",
    "for",
    "over",
    "toward",
    "towards",
    "upon",
    "of",
    "by",
)
_SPAN_PREPOSITIONS = frozenset({"since", "until", "till", "by", "for", "through"})
_SPAN_START = re.compile(r"(?:since|until|till|by|for|through)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(slots=True)
class ArticleEvents:
    """What extraction found in one document."""

    extraction: Extraction
    reports: list[EventReport] = field(default_factory=list)
    mentions: list[tuple[int, Participant]] = field(default_factory=list)  # (sentence, who)
    quotes: list[Quote] = field(default_factory=list)


@dataclass(slots=True)
class ExtractBatch:
    """The results of one batch of documents and the actors they name."""

    articles: list[ArticleEvents]
    actors: list[Actor]


def _usable(sentence: str) -> bool:
    """Prose worth parsing: not a table row, a list of numbers or an overlong run."""
    if len(sentence) > MAX_SENTENCE_CHARS:
        return False
    words = _WORD.findall(sentence)
    letters = sum(len(w) for w in words)
    return len(words) >= 3 and letters >= 0.5 * len(sentence.replace(" ", ""))


class Extractor:
    """Extracts event reports from documents; one per process is enough (it holds the
    spaCy pipeline and the models)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self.coder = TriggerCoder.packaged(
            self.settings.events.threshold,
            self.settings.events.backoff,
            lexicon=self.settings.events.lexicon,
        )
        self.gazetteer: Gazetteer = load_gazetteer()
        self.ontology = load_ontology()
        self.languages = set(self.settings.clean.languages)

    @cached_property
    def nlp(self) -> Any:
        return load_nlp()

    @cached_property
    def fingerprint(self) -> str:
        """Changes with the extractor's code version, codebook, models and settings."""
        digest = hashlib.blake2b(digest_size=8)
        digest.update(f"{EXTRACTOR_VERSION}|{self.ontology.version}".encode())
        digest.update(repr(self.settings.events).encode())
        models = resources.files("newsdesk.data") / "models"
        for name in ("event_type.npz", "event_mode.npz"):
            digest.update((models / name).read_bytes())
        return digest.hexdigest()

    def key(self, document: Document) -> str:
        """The extraction key of a document: its text, date and language with the
        extractor's fingerprint."""
        return make_id(
            "ext",
            self.fingerprint,
            document.content_hash,
            str(document.pub_date or ""),
            document.lang or "",
        )

    def extract(
        self, documents: Sequence[Document], *, batch_size: int = PARSE_BATCH
    ) -> ExtractBatch:
        """Event reports of ``documents`` (parsed in one ``nlp.pipe`` stream)."""
        table = ActorTable(self.gazetteer)
        results: list[ArticleEvents] = []
        jobs: list[tuple[int, int]] = []
        texts: list[str] = []
        skipped: dict[int, str] = {}
        skipped_sentences: dict[int, int] = {}
        for index, document in enumerate(documents):
            reason = self._skip_reason(document)
            if reason is not None:
                skipped[index] = reason
                continue
            for number, (start, end) in enumerate(document.sentences):
                sentence = document.text[start:end]
                if _usable(sentence):
                    jobs.append((index, number))
                    texts.append(sentence)
                else:
                    skipped_sentences[index] = skipped_sentences.get(index, 0) + 1
        parses: dict[int, dict[int, SentenceParse]] = {}
        docs: list[dict[int, Any]] = [{} for _ in documents]  # kept for the quotes
        for (index, number), doc in zip(
            jobs,
            self.nlp.pipe(texts, batch_size=batch_size),
            strict=True,
        ):
            parse = annotate(doc)
            parses.setdefault(index, {})[number] = parse
            docs[index][number] = (doc, parse.mentions)
        for index, document in enumerate(documents):
            key = self.key(document)
            if index in skipped:
                results.append(
                    ArticleEvents(self._record(document, key, "skipped", skipped[index]))
                )
                continue
            found = parses.get(index, {})
            if not found:
                reason = f"no usable sentence ({skipped_sentences.get(index, 0)} not prose)"
                results.append(ArticleEvents(self._record(document, key, "skipped", reason)))
                continue
            results.append(self._article(document, key, found, table))
        if self.settings.events.quotes:
            readable = [i for i, r in enumerate(results) if r.extraction.status == "done"]
            said = extract_quotes(
                [documents[i] for i in readable],
                table=table,
                parsed=[docs[i] for i in readable],
            )
            for i, quotes in zip(readable, said.quotes, strict=True):
                results[i].quotes = quotes
        return ExtractBatch(results, table.records())

    def _skip_reason(self, document: Document) -> str | None:
        if document.lang is not None and document.lang not in self.languages:
            return f"language {document.lang!r} is not processed (clean.languages)"
        if not document.sentences:
            return "no sentences"
        return None

    def _record(
        self,
        document: Document,
        key: str,
        status: str,
        reason: str | None,
        n_sentences: int = 0,
        n_reports: int = 0,
    ) -> Extraction:
        return Extraction(
            doc_id=document.doc_id,
            key=key,
            status=status,
            reason=reason,
            n_sentences=n_sentences,
            n_reports=n_reports,
            at=utc_now(),
        )

    # -- one article ---------------------------------------------------------------------

    def _article(
        self, document: Document, key: str, parses: dict[int, SentenceParse], table: ActorTable
    ) -> ArticleEvents:
        book = ArticleActors(table)
        result = ArticleEvents(self._record(document, key, "done", None))
        by_lemma: dict[str, Participant] = {}  # trigger lemma -> actor, for "the raid"
        last_date: tuple[int, EventDate] | None = None
        for number in sorted(parses):
            parse = parses[number]
            offset = document.sentences[number][0]
            mentions = self._mentions(parse, offset, number, book)
            result.mentions.extend((number, p) for p in mentions.values() if p.actor_id)
            coded = self.coder.code_predicates(parse.predicates, keep_unreal=True)
            frames = {p.start: f for p, f in zip(parse.predicates, parse.frames, strict=True)}
            sentence_reports: list[tuple[EventReport, Frame]] = []
            for event in coded:
                frame = frames[event.predicate.start]
                report = self._report(
                    document,
                    number,
                    offset,
                    parse,
                    event,
                    frame,
                    mentions,
                    book,
                    by_lemma,
                    parses,
                    last_date,
                )
                if report.actor is not None and report.actor.actor_id and report.is_event:
                    by_lemma.setdefault(event.predicate.lemma, report.actor)
                sentence_reports.append((report, frame))
            result.reports.extend(_without_restated(sentence_reports, offset))
            sentence_date = self._narrative_date(parse, document.pub_date)
            last_date = (number, sentence_date) if sentence_date is not None else None
        n = len([r for r in result.reports if r.is_event])
        reason = None if n else f"no event found in {len(parses)} sentences"
        result.extraction = self._record(document, key, "done", reason, len(parses), n)
        return result

    def _mentions(
        self, parse: SentenceParse, offset: int, number: int, book: ArticleActors
    ) -> dict[tuple[int, int], Participant]:
        resolved: dict[tuple[int, int], Participant] = {}
        for mention in parse.mentions:
            entities = tuple(
                (s - mention.start, e - mention.start, label, text)
                for s, e, label, text in mention.entities
            )
            there = parse.text[mention.end : mention.end + 6].lower() == " there"
            resolved[(mention.start, mention.end)] = book.resolve(
                mention.text + (" there" if there else ""),
                offset + mention.start,
                number,
                entities,
                subject=mention.subject,
                plural=mention.plural,
            )
        return resolved

    def _participant(
        self,
        span: Span | tuple[int, int] | None,
        parse: SentenceParse,
        offset: int,
        number: int,
        mentions: dict[tuple[int, int], Participant],
        book: ArticleActors,
        by_lemma: dict[str, Participant],
        exclude: str | None = None,
    ) -> Participant | None:
        if span is None:
            return None
        if isinstance(span, tuple):
            start, end = span
            head = ""
        else:
            start, end, head = span.start, span.end, span.head
        known = mentions.get((start, end))
        if known is not None and known.actor_id and known.actor_id != exclude:
            return known
        entities = _entities_within(parse.mentions, start, end)
        found = book.resolve(
            parse.text[start:end],
            offset + start,
            number,
            entities,
            exclude=exclude,
            remember=False,
        )
        if found.actor_id is None and head in by_lemma:
            # "calling the raid a violation": the raid's actor, from an earlier event
            earlier = by_lemma[head]
            found = Participant(
                **{
                    **earlier.to_dict(),
                    "text": found.text,
                    "start": found.start,
                    "end": found.end,
                    "via": "event",
                }
            )
        return found

    def _report(
        self,
        document: Document,
        number: int,
        offset: int,
        parse: SentenceParse,
        event: TriggerEvent,
        frame: Frame,
        mentions: dict[tuple[int, int], Participant],
        book: ArticleActors,
        by_lemma: dict[str, Participant],
        parses: dict[int, SentenceParse],
        last_date: tuple[int, EventDate] | None,
    ) -> EventReport:
        predicate = event.predicate

        def resolve(
            span: Span | tuple[int, int] | None, exclude: str | None = None
        ) -> Participant | None:
            return self._participant(span, parse, offset, number, mentions, book, by_lemma, exclude)

        actor = resolve(predicate.agent)
        exclude = actor.actor_id if actor else None
        recipient = self._recipient(
            predicate, frame, resolve, exclude, _other_party(predicate, mentions, actor)
        )
        place = self._place(document, parses, number)
        if (
            (actor is None or actor.actor_id is None)
            and predicate.patient is not None
            and place is not None
            and place.kind == "country"
            and place.sentence is None
            and (recipient is None or recipient.country != place.country)
        ):
            # "the envoy was expelled in Kenya": no agent, so the state where it happened
            here = book.table.country(place.country or "", "GOV")
            actor = Participant(
                text=place.text,
                start=place.start,
                end=place.end,
                actor_id=here.actor_id,
                name=here.name,
                kind=here.kind,
                country=here.country,
                sector=here.sector,
                via="context",
            )
        reported_by = resolve(predicate.reported_by)
        # "said it would free the prisoners": a reported future, not a hypothetical
        reported_would = predicate.modal == "would" and predicate.reported_by is not None
        future = predicate.future or frame.plan is not None or reported_would
        hypothetical = (
            predicate.conditional
            or (predicate.modal in _UNREAL_MODALS and not reported_would)
            or frame.intent is not None
        )
        negated = predicate.negated and not refused(event.event_type, predicate)
        promised = frame.commit is not None or (future and self.settings.events.promises)
        future = future or promised
        label, mode = recode(
            event.event_type,
            event.mode,
            predicate,
            frame,
            promised=promised and not (predicate.negated or hypothetical),
        )
        when = self._date(document, parse, frame, future, last_date, number)
        historical = _historical(when, document.pub_date)
        if predicate.background and when.status != "text":
            # "Glas, convicted twice for corruption, has taken refuge ...": background,
            # and not dated by the article's own date
            historical = True
            when = EventDate(expression=when.expression, status="absent")
        start, end = document.sentences[number]
        return EventReport(
            report_id=make_id(
                "evr", document.doc_id, str(number), str(predicate.start), event.event_type
            ),
            doc_id=document.doc_id,
            sentence=number,
            sentence_start=start,
            sentence_end=end,
            event_type=label,
            mode=mode,
            cameo=self.ontology.cameo_code(label, mode),
            quad=self.ontology.quad_code(label),
            score=self.ontology.score(label, mode),
            trigger=predicate.text,
            trigger_start=offset + predicate.start,
            trigger_end=offset + predicate.end,
            actor=actor,
            recipient=recipient,
            reported_by=reported_by,
            date=when.value,
            date_precision=when.precision,
            date_expression=when.expression,
            date_status=when.status,
            place=place,
            negated=negated,
            hypothetical=hypothetical,
            future=future,
            historical=historical,
            confidence=event.confidence,
            codebook=self.ontology.version,
            pub_date=document.pub_date,
        )

    @staticmethod
    def _recipient(
        predicate: Predicate,
        frame: Frame,
        resolve: object,
        exclude: str | None,
        context: Participant | None = None,
    ) -> Participant | None:
        """The first argument naming an actor other than the event's own actor."""
        spans: list[Span | tuple[int, int]] = []
        if predicate.patient is not None:
            spans.append(predicate.patient)
        obliques = sorted(
            (o for o in predicate.obliques if o[0] not in _LOCATIVE or o[0] == "at"),
            key=lambda o: _RECIPIENT_ORDER.index(o[0]) if o[0] in _RECIPIENT_ORDER else 99,
        )
        spans.extend(span for _, span in obliques)
        spans.extend(frame.more_args)
        if frame.xcomp_patient is not None:
            spans.append(frame.xcomp_patient)
        first: Participant | None = None
        for span in spans:
            found = resolve(span, exclude)  # type: ignore[operator]
            if found is None:
                continue
            if found.actor_id is not None and found.actor_id != exclude:
                return found  # type: ignore[no-any-return]
            first = first or found
        if context is not None and (first is None or first.actor_id is None):
            return context
        if first is not None and first.actor_id == exclude:
            return Participant(
                **{
                    **first.to_dict(),
                    "actor_id": None,
                    "name": None,
                    "kind": None,
                    "country": None,
                    "sector": None,
                    "via": None,
                }
            )
        return first

    @staticmethod
    def _narrative_date(parse: SentenceParse, pub_date: date | None) -> EventDate | None:
        """The date the next sentence inherits when it has none of its own: this
        sentence's first time expression outside relative clauses that names a point in
        time ("on Friday", not "since December")."""
        if pub_date is None:
            return None
        for index in parse.main_times:
            time = parse.times[index]
            if _SPAN_START.match(time.text) or time.preposition in _SPAN_PREPOSITIONS:
                continue
            found = normalize_date(time.text, pub_date)
            return found if found.status == "resolved" else None
        return None

    def _date(
        self,
        document: Document,
        parse: SentenceParse,
        frame: Frame,
        future: bool,
        last_date: tuple[int, EventDate] | None,
        number: int,
    ) -> EventDate:
        for index in frame.times[:1]:
            found = normalize_date(parse.times[index].text, document.pub_date, future=future)
            if found.status != "absent":
                return _with_status(found)
        if last_date is not None and last_date[0] == number - 1 and not future:
            return _with_status(last_date[1])
        if document.pub_date is not None:
            return EventDate(None, document.pub_date, "day", "publication")
        return EventDate(None)

    def _place(
        self, document: Document, parses: dict[int, SentenceParse], number: int
    ) -> Place | None:
        own = self._places_in(document, parses[number], number, countries=True)
        if own is not None:
            return own
        for neighbour in (number - 1, number + 1):
            if neighbour in parses:
                found = self._places_in(document, parses[neighbour], neighbour, countries=False)
                if found is not None:
                    return Place(**{**found.to_dict(), "sentence": neighbour})
        return None

    def _names_country(self, text: str) -> bool:
        """True for a country's name or demonym, False for a capital standing for it."""
        hit = self.gazetteer.countries.get(lookup_keys(text)[1])
        return hit is not None and hit.via != "government"

    def _places_in(
        self, document: Document, parse: SentenceParse, number: int, countries: bool
    ) -> Place | None:
        """The first city the sentence names, else (if ``countries``) a country it puts
        something "in" or "at"; offsets into the document."""
        offset = document.sentences[number][0]
        country: Place | None = None
        for place in parse.places:
            city = self.gazetteer.city_of(place.text)
            iso3 = self.gazetteer.country_of(place.text)
            if city is not None and iso3 is not None and not self._names_country(place.text):
                iso3 = None  # "Nairobi" is the city here, not Kenya's government
            where = {"text": place.text, "start": offset + place.start, "end": offset + place.end}
            if city is not None and iso3 is None:
                return Place(
                    name=city.name,
                    kind="city",
                    country=city.country,
                    latitude=city.latitude,
                    longitude=city.longitude,
                    geonameid=city.geonameid,
                    **where,  # type: ignore[arg-type]
                )
            if (
                iso3 is not None
                and countries
                and country is None
                and place.preposition in ("in", "at", "inside", "across")
            ):
                name = self.gazetteer.country_names.get(iso3, iso3)
                country = Place(name=name, kind="country", country=iso3, **where)  # type: ignore[arg-type]
        return country


def _other_party(
    predicate: Predicate, mentions: dict[tuple[int, int], Participant], actor: Participant | None
) -> Participant | None:
    """The first actor named after the trigger in its sentence that is not the event's own
    actor (nor of its country): the recipient when the arguments name none."""
    mine = {actor.actor_id, actor.country} if actor is not None else set()
    for (start, _), who in sorted(mentions.items()):
        if start < predicate.end or who.actor_id is None:
            continue
        if who.actor_id in mine or (who.country is not None and who.country in mine):
            continue
        return Participant(**{**who.to_dict(), "via": "context"})
    return None


def _with_status(found: EventDate) -> EventDate:
    status = "text" if found.status == "resolved" else found.status
    return EventDate(found.expression, found.value, found.precision, status)


def _historical(when: EventDate, pub_date: date | None) -> bool:
    """Dated in the text, and over a month before publication (the whole period)."""
    if when.status != "text" or when.value is None or pub_date is None:
        return False
    end = when.value
    if when.precision == "year":
        end = date(end.year, 12, 31)
    elif when.precision == "month":
        end = (end.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return end < pub_date - timedelta(days=HISTORICAL_DAYS)


def _entities_within(
    mentions: Iterable[Mention], start: int, end: int
) -> tuple[tuple[int, int, str, str], ...]:
    seen = set()
    out = []
    for mention in mentions:
        for s, e, label, text in mention.entities:
            if start <= s and e <= end and (s, e) not in seen:
                seen.add((s, e))
                out.append((s - start, e - start, label, text))
    return tuple(sorted(out))


def _without_restated(reports: list[tuple[EventReport, Frame]], offset: int) -> list[EventReport]:
    """Drop the promised act when its commitment word is itself coded with the same type:
    "agreed to resign" is one AGREE (at "agreed"), not also an AGREE at "resign"."""
    coded = {(r.trigger_start, r.event_type) for r, _ in reports}
    return [
        r
        for r, frame in reports
        if frame.commit_start is None or (offset + frame.commit_start, r.event_type) not in coded
    ]
