"""Streaming story grouping: each article joins the story it best fits or starts a new one.

:class:`StoryClusterer` takes articles one at a time in arrival order and never revisits a
decision. For each article:

1. **Features** (:mod:`newsdesk.stories.features`): its distinct words and name tokens, the
   people and places it is mainly about, and a date (publication date, else a dateline).
2. **Weights**: TF-IDF with document frequencies counted over the stream so far, on top of a
   small packaged background table (so that the first articles are not weighted blind).
3. **Candidates**: an inverted index from terms to the stories most recently indexed under
   them (every term of a story's articles is indexed; a term keeps its ``max_postings`` most
   recent stories); the article's ``query_terms`` heaviest indexed terms are looked up, and
   the ``max_candidates`` stories sharing the most weight are scored. The work per article is
   bounded by these constants, whatever the number of stories stored.
4. **Score**: cosine between the article's TF-IDF vector and the story's centroid (the sum of
   its articles' unit vectors), then three checks against joining a *different event of the
   same kind*: the score is multiplied by ``people_conflict`` when the article's main people
   and the story's are disjoint, by ``place_conflict`` when their main places are, and by a
   half-life decay (``date_half_life_days``) on the days between the article's date and the
   story's dates beyond ``date_grace_days``.
5. **Decision**: the best story scoring at least ``threshold`` is joined; else the article
   starts a story whose id is ``sty_<blake2b>`` of its ``doc_id``.

Stories updated least recently are closed beyond ``max_open_stories`` (they keep their
articles but take no more). The whole state is plain data: :meth:`StoryClusterer.to_dict` /
:meth:`StoryClusterer.from_dict` round-trip it through JSON.
"""

from __future__ import annotations

import dataclasses
import heapq
import logging
import math
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsdesk.errors import ConfigError, InputError
from newsdesk.model import make_id
from newsdesk.stories.features import (
    NAME_PREFIX,
    ArticleFeatures,
    Background,
    StoryInput,
    article_features,
    background,
)

logger = logging.getLogger(__name__)

STATE_FORMAT = "newsdesk.stories/1"
_COUNT_OPTIONS = (
    "query_terms",
    "max_postings",
    "max_candidates",
    "max_story_terms",
    "max_story_people",
    "max_open_stories",
)

__all__ = [
    "StoryClusterer",
    "StoryInput",
    "StoryOptions",
    "StorySummary",
    "cluster_stories",
    "story_id_for",
    "story_title",
    "with_entities",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryOptions:
    """Settings of the story clusterer (defaults chosen on the ECB+ dev topics, see
    BENCHMARKS.md)."""

    threshold: float = 0.13
    name_weight: float = 1.0
    people_conflict: float = 0.5
    place_conflict: float = 0.75
    main_share: float = 0.3
    main_min: float = 2.0
    date_grace_days: int = 7
    date_half_life_days: float = 90.0
    background_weight: float = 1.0
    query_terms: int = 24
    max_postings: int = 64
    max_candidates: int = 48
    max_story_terms: int = 300
    max_story_people: int = 32
    max_open_stories: int = 10_000

    def __post_init__(self) -> None:
        for name in _COUNT_OPTIONS:
            if getattr(self, name) < 1:
                raise ConfigError(f"story option {name} must be at least 1", code="bad_setting")
        for name in ("people_conflict", "place_conflict"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ConfigError(f"story option {name} must be in 0..1", code="bad_setting")
        if self.threshold <= 0.0 or self.date_half_life_days <= 0.0:
            raise ConfigError(
                "story options threshold and date_half_life_days must be positive",
                code="bad_setting",
            )

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryOptions:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True, slots=True, kw_only=True)
class StorySummary:
    """One story as grouped so far: its seed's id and title, its articles in arrival order."""

    story_id: str
    title: str
    doc_ids: tuple[str, ...]
    first_date: date | None
    last_date: date | None
    open: bool


@dataclass(slots=True)
class _Story:
    story_id: str
    title: str
    doc_ids: list[str]
    first_date: date | None
    last_date: date | None
    updated: int
    started: int = 0  # the sequence number of its first article
    open: bool = True
    vector: dict[str, float] = dataclasses.field(default_factory=dict)
    people: dict[str, float] = dataclasses.field(default_factory=dict)
    places: dict[str, float] = dataclasses.field(default_factory=dict)
    norm: float = 0.0  # of the TF-IDF centroid, with the IDF of the last update

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "title": self.title,
            "doc_ids": list(self.doc_ids),
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "updated": self.updated,
            "started": self.started,
            "open": self.open,
            "vector": dict(self.vector),
            "people": dict(self.people),
            "places": dict(self.places),
            "norm": self.norm,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> _Story:
        return cls(
            story_id=str(data["story_id"]),
            title=str(data.get("title") or ""),
            doc_ids=[str(d) for d in data["doc_ids"]],
            first_date=_date(data.get("first_date")),
            last_date=_date(data.get("last_date")),
            updated=int(data["updated"]),
            started=int(data.get("started", 0)),
            open=bool(data.get("open", True)),
            vector={str(k): float(v) for k, v in data.get("vector", {}).items()},
            people={str(k): float(v) for k, v in data.get("people", {}).items()},
            places={str(k): float(v) for k, v in data.get("places", {}).items()},
            norm=float(data.get("norm", 0.0)),
        )


def story_id_for(doc_id: str) -> str:
    """The id of a story seeded by the article ``doc_id``: ``sty_<blake2b hex>``."""
    return make_id("sty", doc_id)


class StoryClusterer:
    """Groups a stream of articles into stories, one :meth:`add` at a time (see module doc)."""

    def __init__(
        self, options: StoryOptions | None = None, *, prior: Background | None = None
    ) -> None:
        self.options = options or StoryOptions()
        self._prior = prior if prior is not None else background()
        self._n_articles = 0
        self._seq = 0
        self._df: dict[str, int] = {}
        self._stories: dict[str, _Story] = {}
        self._open: OrderedDict[str, None] = OrderedDict()  # least recently updated first
        self._postings: dict[str, list[str]] = {}
        self._doc_story: dict[str, str] = {}
        self._dirty: dict[str, None] = {}  # stories changed since the last state_parts()

    # -- public -------------------------------------------------------------------------

    @property
    def n_articles(self) -> int:
        """Articles added (re-added ids not counted)."""
        return self._n_articles

    @property
    def n_stories(self) -> int:
        return len(self._stories)

    def story_of(self, doc_id: str) -> str | None:
        """The story ``doc_id`` was grouped into, or None if it was never added."""
        return self._doc_story.get(doc_id)

    def stories(self) -> list[StorySummary]:
        """Every story, in the order they were started."""
        return [
            StorySummary(
                story_id=s.story_id,
                title=s.title,
                doc_ids=tuple(s.doc_ids),
                first_date=s.first_date,
                last_date=s.last_date,
                open=s.open,
            )
            for s in self._stories.values()
        ]

    def add(
        self,
        item: StoryInput,
        *,
        features: ArticleFeatures | None = None,
        title: str | None = None,
    ) -> str:
        """Group one article; returns the id of the story it joined or started. An article
        whose ``doc_id`` was added before gets its story back and changes nothing.
        ``features`` and ``title`` are ``article_features(item)`` and ``story_title(item)``
        computed elsewhere: a distributed run computes them on the executors and sends
        only them and the doc id here."""
        if not item.doc_id:
            raise InputError("story grouping needs a doc_id for every article", code="bad_record")
        known = self._doc_story.get(item.doc_id)
        if known is not None:
            return known
        if features is None:
            features = article_features(item)
        weights = self._count_and_weigh(features)
        best, score = self._best_story(features, weights)
        if best is None:
            story = self._start(item, story_title(item) if title is None else title)
            logger.debug("story %s started by %s", story.story_id, item.doc_id)
        else:
            story = self._stories[best]
            logger.debug("%s joins story %s (%.3f)", item.doc_id, best, score)
        self._join(story, item.doc_id, features, weights)
        return story.story_id

    def add_many(self, items: Iterable[StoryInput]) -> list[str]:
        """:meth:`add` each item in order; the story ids in the same order."""
        return [self.add(item) for item in items]

    def to_dict(self) -> dict[str, Any]:
        """The whole state as JSON-ready plain data (options included)."""
        data = self.to_dict_head()
        data["stories"] = [s.to_dict() for s in self._stories.values()]
        return data

    def to_dict_head(self) -> dict[str, Any]:
        """The state without the stories."""
        return {
            "format": STATE_FORMAT,
            "options": self.options.to_dict(),
            "n_articles": self._n_articles,
            "seq": self._seq,
            "df": dict(self._df),
            "postings": {term: list(ids) for term, ids in self._postings.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, prior: Background | None = None) -> StoryClusterer:
        """Rebuild a clusterer from :meth:`to_dict` output."""
        return cls._restore(data, data.get("stories", []), prior=prior)

    def state_parts(self) -> dict[str, Any]:
        """The state as separately storable parts: ``"head"`` (options, counts, document
        frequencies, the term index) and ``"story:<id>"`` for each story changed since the
        last call. A store keeps one row per part, so a batch writes what it changed
        instead of the whole state."""
        head = self.to_dict_head()
        parts: dict[str, Any] = {"head": head}
        parts.update({f"story:{i}": self._stories[i].to_dict() for i in self._dirty})
        self._dirty = {}
        return parts

    def mark_all_changed(self) -> None:
        """Make the next :meth:`state_parts` return every story."""
        self._dirty = dict.fromkeys(self._stories)

    @classmethod
    def from_parts(
        cls, parts: dict[str, Any], *, prior: Background | None = None
    ) -> StoryClusterer:
        """Rebuild a clusterer from every part :meth:`state_parts` ever returned (later
        parts of one story replacing earlier ones)."""
        if "head" not in parts:
            raise InputError("story state has no head part", code="bad_state")
        stories = [v for k, v in parts.items() if k.startswith("story:")]
        return cls._restore(parts["head"], stories, prior=prior)

    @classmethod
    def _restore(
        cls, data: dict[str, Any], stories: Iterable[dict[str, Any]], *, prior: Background | None
    ) -> StoryClusterer:
        if data.get("format") != STATE_FORMAT:
            raise InputError(
                f"story state has format {data.get('format')!r}, expected {STATE_FORMAT!r}",
                code="bad_state",
            )
        clusterer = cls(StoryOptions.from_dict(data.get("options", {})), prior=prior)
        clusterer._n_articles = int(data["n_articles"])
        clusterer._seq = int(data["seq"])
        clusterer._df = {str(k): int(v) for k, v in data["df"].items()}
        loaded = sorted((_Story.from_dict(raw) for raw in stories), key=lambda s: s.updated)
        for story in sorted(loaded, key=_started):
            clusterer._stories[story.story_id] = story
            for doc_id in story.doc_ids:
                clusterer._doc_story[doc_id] = story.story_id
        for story in loaded:
            if story.open:
                clusterer._open[story.story_id] = None
        clusterer._postings = {str(k): [str(i) for i in v] for k, v in data["postings"].items()}
        return clusterer

    # -- scoring ------------------------------------------------------------------------

    def _idf(self, term: str) -> float:
        prior = self.options.background_weight
        bare = term[1:] if term[0] == NAME_PREFIX else term
        n_docs = self._n_articles + prior * self._prior.n_docs
        df = self._df.get(term, 0) + prior * self._prior.df.get(bare, 0)
        return math.log((n_docs + 1.0) / (df + 1.0))

    def _count_and_weigh(self, features: ArticleFeatures) -> _Weights:
        """Count the article into the document frequencies; its unit TF-IDF vector and the
        IDF of its terms."""
        self._n_articles += 1
        for term in features.terms:
            self._df[term] = self._df.get(term, 0) + 1
        name_weight = self.options.name_weight
        idf = {term: self._idf(term) for term in features.terms}
        raw = {
            term: (name_weight if term[0] == NAME_PREFIX else 1.0) * idf[term]
            for term in features.terms
        }
        norm = math.sqrt(sum(w * w for w in raw.values()))
        if norm == 0.0:
            return _Weights({}, {})
        unit = {term: w / norm for term, w in raw.items() if w > 0.0}
        return _Weights(unit, {term: idf[term] for term in unit})

    def _best_story(self, features: ArticleFeatures, weights: _Weights) -> tuple[str | None, float]:
        options = self.options
        best: str | None = None
        best_score = options.threshold
        main = _main_people(features.people, options.main_share, options.main_min)
        where = _main_people(features.places, options.main_share, options.main_min)
        query = {term: w * weights.idf[term] for term, w in weights.unit.items()}
        for story_id in self._candidates(weights.unit):
            story = self._stories[story_id]
            vector = story.vector
            dot = 0.0
            for term, weight in query.items():
                value = vector.get(term)
                if value is not None:
                    dot += weight * value
            score = dot / story.norm if story.norm > 0.0 else 0.0
            if score < best_score:
                continue  # the checks below only lower it
            if main:
                theirs = _main_people(story.people, options.main_share, 0.0)
                if theirs and not (main & theirs):
                    score *= options.people_conflict
            if where:
                theirs = _main_people(story.places, options.main_share, 0.0)
                if theirs and not (where & theirs):
                    score *= options.place_conflict
            score *= self._date_factor(features.when, story)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = story_id, score
        return best, best_score

    def _date_factor(self, when: date | None, story: _Story) -> float:
        if when is None or story.first_date is None or story.last_date is None:
            return 1.0
        if when < story.first_date:
            gap = (story.first_date - when).days
        elif when > story.last_date:
            gap = (when - story.last_date).days
        else:
            return 1.0
        excess = gap - self.options.date_grace_days
        if excess <= 0:
            return 1.0
        return float(0.5 ** (excess / self.options.date_half_life_days))

    def _candidates(self, weights: dict[str, float]) -> list[str]:
        """Open stories indexed under the article's heaviest indexed terms, most shared
        weight first."""
        options = self.options
        indexed = {term: w for term, w in weights.items() if term in self._postings}
        shared: dict[str, float] = {}
        for term, weight in _top_terms(indexed, options.query_terms):
            for story_id in self._postings[term]:
                shared[story_id] = shared.get(story_id, 0.0) + weight
        ranked = heapq.nsmallest(
            options.max_candidates, shared.items(), key=lambda item: (-item[1], item[0])
        )
        return [story_id for story_id, _ in ranked if self._stories[story_id].open]

    # -- updating -----------------------------------------------------------------------

    def _start(self, item: StoryInput, title: str) -> _Story:
        story_id = story_id_for(item.doc_id)
        story = _Story(
            story_id=story_id,
            title=title,
            doc_ids=[],
            first_date=None,
            last_date=None,
            updated=self._seq,
            started=self._seq + 1,
        )
        self._stories[story_id] = story
        self._open[story_id] = None
        self._dirty[story_id] = None
        self._close_oldest()
        return story

    def _join(
        self, story: _Story, doc_id: str, features: ArticleFeatures, weights: _Weights
    ) -> None:
        options = self.options
        self._seq += 1
        story.doc_ids.append(doc_id)
        story.updated = self._seq
        self._dirty[story.story_id] = None
        self._doc_story[doc_id] = story.story_id
        self._open.move_to_end(story.story_id)
        # Stored without IDF (applied at query time, with the counts of that time). The
        # centroid's norm is updated for the article's terms and recomputed in full (IDF of
        # every term refreshed) while the story is small, every 16th article, and on pruning.
        vector = story.vector
        squared = story.norm * story.norm
        for term, weight in weights.unit.items():
            idf = weights.idf[term]
            old = vector.get(term, 0.0)
            new = old + weight / idf
            vector[term] = new
            squared += (new * new - old * old) * idf * idf
        n_docs = len(story.doc_ids)
        if len(vector) > 2 * options.max_story_terms:
            story.vector = vector = _top(vector, options.max_story_terms)
            n_docs = 0
        if n_docs <= 16 or n_docs % 16 == 0:
            squared = sum((value * self._idf(term)) ** 2 for term, value in vector.items())
        story.norm = math.sqrt(max(squared, 0.0))
        total = sum(features.people.values())
        for person, salience in features.people.items():
            story.people[person] = story.people.get(person, 0.0) + salience / total
        if len(story.people) > 2 * options.max_story_people:
            story.people = _top(story.people, options.max_story_people)
        total = sum(features.places.values())
        for place, salience in features.places.items():
            story.places[place] = story.places.get(place, 0.0) + salience / total
        if len(story.places) > 2 * options.max_story_people:
            story.places = _top(story.places, options.max_story_people)
        when = features.when
        if when is not None:
            story.first_date = min(story.first_date or when, when)
            story.last_date = max(story.last_date or when, when)
        for term in weights.unit:
            posting = self._postings.setdefault(term, [])
            if story.story_id in posting:
                posting.remove(story.story_id)
            posting.append(story.story_id)
            if len(posting) > options.max_postings:
                del posting[0]

    def _close_oldest(self) -> None:
        while len(self._open) > self.options.max_open_stories:
            story_id, _ = self._open.popitem(last=False)
            story = self._stories[story_id]
            self._dirty[story_id] = None
            story.open = False
            story.vector = {}
            story.people = {}
            story.places = {}
            story.norm = 0.0


@dataclass(frozen=True, slots=True)
class _Weights:
    unit: dict[str, float]  # the article's unit TF-IDF vector
    idf: dict[str, float]  # the IDF of its terms when it arrived


def _main_people(people: dict[str, float], share: float, minimum: float) -> frozenset[str]:
    """The people with at least ``share`` of the top salience, if the top reaches ``minimum``."""
    if not people:
        return frozenset()
    top = max(people.values())
    if top < minimum or top <= 0.0:
        return frozenset()
    return frozenset(name for name, value in people.items() if value >= share * top)


def _top_terms(weights: dict[str, float], n: int) -> list[tuple[str, float]]:
    return heapq.nsmallest(n, weights.items(), key=lambda item: (-item[1], item[0]))


def _top(values: dict[str, float], n: int) -> dict[str, float]:
    kept = heapq.nsmallest(n, values.items(), key=lambda item: (-item[1], item[0]))
    return dict(sorted(kept))


def story_title(item: StoryInput) -> str:
    """The title a story started by ``item`` gets: its headline, else its first line."""
    return item.title.strip() or _first_line(item.text)


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0][:200] if text.strip() else ""


def _started(story: _Story) -> int:
    return story.started


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def with_entities(
    items: Sequence[StoryInput], *, nlp: Any = None, batch_size: int = 32
) -> list[StoryInput]:
    """``items`` with ``people``, ``places`` and ``organisations`` filled in by the NER of
    the default spaCy model (headline and text together, one ``nlp.pipe`` stream); items
    that already name any entity are kept as they are."""
    from newsdesk.nlp.entities import named_entities

    todo = [
        i for i, item in enumerate(items) if not (item.people or item.places or item.organisations)
    ]
    texts = [_ner_text(items[i]) for i in todo]
    out = list(items)
    for index, found in zip(
        todo, named_entities(texts, nlp=nlp, batch_size=batch_size), strict=True
    ):
        out[index] = dataclasses.replace(
            items[index],
            people=found.people,
            places=found.places,
            organisations=found.organisations,
        )
    return out


def _ner_text(item: StoryInput) -> str:
    return f"{item.title}\n{item.text}" if item.title else item.text


def cluster_stories(items: Iterable[StoryInput], options: StoryOptions | None = None) -> list[str]:
    """Group ``items`` in order with a fresh :class:`StoryClusterer`; their story ids."""
    return StoryClusterer(options).add_many(items)
