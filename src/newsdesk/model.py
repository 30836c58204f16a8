"""Plain records passed between stages.

Every record is a frozen, slotted, keyword-only dataclass with ``to_dict()`` /
``from_dict()`` that round-trip through JSON (dates and datetimes as ISO 8601,
tuples as lists). IDs are deterministic: ``<prefix>_<blake2b hex>`` of content.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Self

ID_BYTES = 10
Date = date  # for fields named ``date``


def make_id(prefix: str, *parts: str | bytes) -> str:
    """Return ``<prefix>_<hex>``, a stable id from the given content parts."""
    digest = hashlib.blake2b(digest_size=ID_BYTES)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return f"{prefix}_{digest.hexdigest()}"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso_at_precision(value: date | None, precision: str | None) -> str | None:
    """``2024-04-05``, ``2023-12`` or ``2017``: ``value`` written to its precision."""
    if value is None:
        return None
    width = {"day": 10, "month": 7, "year": 4}.get(precision or "day", 10)
    return value.isoformat()[:width]


class Record:
    """Mixin giving dataclass records JSON-friendly ``to_dict``/``from_dict``."""

    __slots__ = ()
    _hints: ClassVar[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _dump(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        values = {}
        for name, load in _loaders(cls):
            if name in data:
                value = data[name]
                values[name] = value if load is None or value is None else load(value)
        return cls(**values)


def _type_hints(cls: type) -> dict[str, Any]:
    cached = cls.__dict__.get("_hints_cache")
    if cached is None:
        cached = typing.get_type_hints(cls)
        type.__setattr__(cls, "_hints_cache", cached)
    return cached


Loader = Callable[[Any], Any]


def _loaders(cls: type) -> list[tuple[str, Loader | None]]:
    """Per field, the function turning its JSON value into the field's type (None: kept
    as it is), built once per class from its type hints."""
    cached = cls.__dict__.get("_loaders_cache")
    if cached is None:
        hints = _type_hints(cls)
        cached = [(f.name, _loader(hints[f.name])) for f in dataclasses.fields(cls)]
        type.__setattr__(cls, "_loaders_cache", cached)
    return cached


def _loader(hint: Any) -> Loader | None:
    """How to load a value of type ``hint`` from JSON: ISO text to ``date``/``datetime``,
    lists to tuples (element by element), objects to records; None when nothing is to do.
    ``X | None`` loads as ``X`` (None stays None); other unions are kept as they are."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _loader(options[0]) if len(options) == 1 else None
    if hint is datetime:
        return _load_datetime
    if hint is date:
        return _load_date
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            inner = _loader(args[0])
            if inner is None:
                return tuple
            return lambda value: tuple(None if v is None else inner(v) for v in value)
        loaders = [_loader(a) or _identity for a in args]
        return lambda value: tuple(
            None if v is None else load(v) for load, v in zip(loaders, value, strict=True)
        )
    if isinstance(hint, type) and issubclass(hint, Record):
        record = hint
        return lambda value: record.from_dict(value) if isinstance(value, dict) else value
    return None


def _identity(value: Any) -> Any:
    return value


def _load_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _load_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _dump(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Source(Record):
    """A news outlet. ``source_id`` is its registered domain or a slug of its name."""

    source_id: str
    name: str
    url: str | None = None
    country: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Article(Record):
    """One input item as received, before cleaning.

    ``raw`` is the decoded input (plain text or HTML); the other optional fields are
    metadata the input carried itself (JSONL fields, feed entries, sidecar files,
    command-line options).
    """

    article_id: str
    origin: str
    raw: str
    content_type: str = "text/plain"
    url: str | None = None
    source_id: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    pub_date: date | None = None
    lang: str | None = None
    external_id: str | None = None
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document(Record):
    """The clean text of one article and what cleaning learnt about it.

    ``sentences`` are ``(start, end)`` offsets into ``text`` (end exclusive).
    ``duplicate_of`` names the first document with the same or nearly the same text;
    duplicates are kept but never count as independent sources.
    """

    doc_id: str
    text: str
    title: str | None = None
    source_id: str | None = None
    lang: str | None = None
    lang_score: float | None = None
    pub_date: date | None = None
    published_at: datetime | None = None
    authors: tuple[str, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()
    content_hash: str = ""
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    similarity: float | None = None
    removed_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure(Record):
    """One input or record that a stage could not handle; runs continue past it."""

    origin: str
    stage: str
    code: str
    message: str
    article_id: str | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Skip(Record):
    """An input item that was deliberately not ingested (e.g. a WARC 404), with why."""

    origin: str
    code: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor(Record):
    """A canonical participant of events, shared by every article that names it.

    ``kind`` is country, person, organisation or group; ``country`` ISO 3166-1 alpha-3;
    ``sector`` a PLOVER sector (GOV, MIL, COP, JUD, OPP, REB, CVL, BUS, MED, IGO…);
    ``code`` an organisation code (UNO, EUR, NAT…); ``aliases`` every form seen in text.
    """

    actor_id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant(Record):
    """An actor as one sentence names it: the words, their document offsets, and the
    canonical actor they resolve to (``actor_id`` None when nothing is known)."""

    text: str
    start: int
    end: int
    actor_id: str | None = None
    name: str | None = None
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    via: str | None = None  # phrase | name | alias | description | inexact | pronoun | context


@dataclass(frozen=True, slots=True, kw_only=True)
class Place(Record):
    """Where an event happened: a city (with coordinates) or a country."""

    name: str
    kind: str  # city | country | region
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    text: str = ""
    start: int = 0  # document offsets of ``text``
    end: int = 0
    sentence: int | None = None  # the sentence that names it, when not the event's own


@dataclass(frozen=True, slots=True, kw_only=True)
class EventReport(Record):
    """One event as one sentence of one article reports it, with its evidence.

    Offsets (``sentence_*``, ``trigger_*`` and the participants') index the document's
    clean text. ``date_status`` says where the date comes from: ``text`` (a time
    expression of the sentence or the narrative just before it, normalised against the
    publication date), ``publication`` (none written: the article's date, an upper
    bound), ``unresolved`` (an expression that cannot be placed without a publication
    date) or ``absent``. ``reported_by`` is who the sentence attributes the event to
    ("X said Y did Z"); the event itself is Y's. Negated and hypothetical reports are
    kept and flagged; they are not events.
    """

    report_id: str
    doc_id: str
    sentence: int
    sentence_start: int
    sentence_end: int
    event_type: str
    mode: str | None = None
    cameo: str | None = None
    quad: int | None = None
    score: float | None = None
    trigger: str = ""
    trigger_start: int = 0
    trigger_end: int = 0
    actor: Participant | None = None
    recipient: Participant | None = None
    reported_by: Participant | None = None
    date: Date | None = None
    date_precision: str | None = None
    date_expression: str | None = None
    date_status: str = "absent"
    place: Place | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    confidence: float = 0.0
    codebook: str = ""
    pub_date: Date | None = None

    @property
    def is_event(self) -> bool:
        """True unless negated or hypothetical."""
        return not (self.negated or self.hypothetical)

    def date_iso(self) -> str | None:
        """``2024-04-05``, ``2023-12`` or ``2017`` by precision."""
        return iso_at_precision(self.date, self.date_precision)


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction(Record):
    """What event extraction did with one document: ``done`` with its event count, or
    ``skipped`` with the reason. ``key`` changes when the text or the extractor does,
    so re-running on unchanged documents does nothing."""

    doc_id: str
    key: str
    status: str  # done | skipped
    reason: str | None = None
    n_sentences: int = 0
    n_reports: int = 0
    at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Record):
    """One real-world event: the reports of it across sentences, articles and outlets,
    merged (``newsdesk.events.merge``). Coded fields are the best-resolved among the
    reports; ``report_ids`` keep every report's evidence. Counts are per event:
    ``n_sources`` counts independent outlets (a syndicated copy counts with its original)."""

    event_id: str
    story_id: str | None = None
    event_type: str
    mode: str | None = None
    cameo: str | None = None
    quad: int | None = None
    score: float | None = None
    actor: Participant | None = None
    recipient: Participant | None = None
    date: Date | None = None
    date_precision: str | None = None
    date_status: str = "absent"
    dates_reported: tuple[str, ...] = ()  # distinct dates the reports give, ISO by precision
    place: Place | None = None
    historical: bool = False
    future: bool = False
    report_ids: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    n_reports: int = 0
    n_articles: int = 0
    n_sources: int = 0
    first_reported: Date | None = None
    last_reported: Date | None = None

    def date_iso(self) -> str | None:
        """``2024-04-05``, ``2023-12`` or ``2017`` by precision."""
        return iso_at_precision(self.date, self.date_precision)


@dataclass(frozen=True, slots=True, kw_only=True)
class Story(Record):
    """Articles and events about one happening. Articles join in arrival order
    (``newsdesk.stories``); ``story_id`` is its first article's."""

    story_id: str
    title: str | None = None
    doc_ids: tuple[str, ...] = ()
    event_ids: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    n_articles: int = 0
    n_sources: int = 0
    n_events: int = 0
    first_seen: Date | None = None
    last_seen: Date | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation(Record):
    """A pointer to evidence: a span of a stored document."""

    doc_id: str
    start: int
    end: int
    sentence: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote(Record):
    """Attributed speech in one document: what was said, the cue, and who said it.

    ``kind`` is ``direct`` (the content is words in quotation marks), ``mixed`` (reported
    speech with quoted words in it: ``said the envoy was "a guest of the nation"``) or
    ``indirect`` ("X said that …", "according to X, …"). ``content`` holds the
    ``(start, end)`` offsets into ``Document.text`` of the content's segments in reading
    order (a split quote has two); ``text`` is those segments joined by " … ". ``cue`` is
    the word(s) introducing the speech ("said", "according to") at ``cue_start:cue_end``,
    empty when none is written. ``speaker`` is the speaker's mention (its words and
    offsets) with the actor it resolves to; None when no speaker is written. ``sentence``
    is the index in ``Document.sentences`` of the cue (else of the first segment).
    """

    quote_id: str
    doc_id: str
    kind: str  # direct | mixed | indirect
    content: tuple[tuple[int, int], ...]
    text: str
    cue: str = ""
    cue_start: int = 0
    cue_end: int = 0
    speaker: Participant | None = None
    sentence: int | None = None
