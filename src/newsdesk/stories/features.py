"""What the story clusterer reads off one article: words, names, main people and places, a date.

- **terms**: the distinct lowercase words of title and body (no stop words, no digits), plus
  the word tokens of every named person, place and organisation prefixed with ``@``
  (``@sukanya``, ``@aden``). Presence, not counts: repeated words say more about an outlet's
  style than about the event.
- **main people**: each person named, keyed by surname, weighted by the number of mentions
  plus a bonus when the surname is in the headline. Two reports of the same kind of event
  (two arrests of two players of one team) usually differ first in who they are about.
- **main places**: the words of place names, weighted the same way (two earthquakes in two
  towns).
- **date**: the publication date, else an explicit calendar date in the first lines of the
  text (a dateline such as ``Mar 3, 2019`` or ``Posted 21 October 2021``), else the
  middle of the pre-extracted event dates. Never guessed from relative expressions.

The background document frequencies in ``data/story_idf.tsv`` (built from the team's own
event sentences by ``training/build_story_idf.py``) give the first articles of a stream
sensible word weights before the stream's own counts mean anything.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

NAME_PREFIX = "@"
TITLE_BONUS = 2.0  # salience added to a person whose surname is in the headline
DATELINE_LINES = 3  # lines of text (after the headline) searched for a dateline

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_STOP = frozenset(STOP_WORDS) | {"s"}

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY}\s*,?\s*{_YEAR}\b", re.IGNORECASE),  # Mar 3, 2019
    re.compile(rf"\b{_DAY}\s+{_MONTH}\s*,?\s*{_YEAR}\b", re.IGNORECASE),  # 21 October 2021
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2021-10-21
    # 4 / 7 / 2016 (month first unless the first number cannot be a month)
    re.compile(r"\b(?P<mon>[0-3]?\d)\s*/\s*(?P<day>[0-3]?\d)\s*/\s*(?P<year>(?:19|20)\d\d)\b"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryInput:
    """One article as the story clusterer takes it.

    ``people``, ``places`` and ``organisations`` are name mentions in text order (repeats
    count), when they were extracted (see :func:`newsdesk.stories.cluster.with_entities`);
    ``event_dates`` are dates of events the article reports, if known.
    """

    doc_id: str
    title: str = ""
    text: str = ""
    pub_date: date | None = None
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    event_dates: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """The clusterer's view of one article (see the module docstring)."""

    terms: tuple[str, ...]
    people: dict[str, float] = field(default_factory=dict)
    places: dict[str, float] = field(default_factory=dict)
    when: date | None = None


@dataclass(frozen=True, slots=True)
class Background:
    """Document frequencies of words in a background corpus of ``n_docs`` documents."""

    n_docs: int
    df: dict[str, int]


def words(text: str) -> set[str]:
    """Distinct lowercase words of ``text`` without stop words, digits or one-letter tokens."""
    found: list[str] = _TOKEN.findall(text.replace("’", "'").lower())
    out: set[str] = set()
    for word in found:
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) > 1 and word not in _STOP:
            out.add(word)
    return out


def surname(mention: str) -> str | None:
    """A person mention's key: its last word, lowercase (``Jamal Williams`` -> ``williams``)."""
    found: list[str] = [
        w for w in _TOKEN.findall(mention.replace("’", "'").lower()) if w not in _STOP
    ]
    if not found:
        return None
    last = found[-1]
    return last[:-2] if last.endswith("'s") else last


def person_salience(people: Iterable[str], title: str) -> dict[str, float]:
    """Mentions per surname, plus :data:`TITLE_BONUS` for surnames in the headline."""
    counts: Counter[str] = Counter()
    for mention in people:
        key = surname(mention)
        if key:
            counts[key] += 1
    headline = words(title)
    return {key: n + (TITLE_BONUS if key in headline else 0.0) for key, n in counts.items()}


def place_salience(places: Iterable[str], title: str) -> dict[str, float]:
    """Mentions per place word (``Gulf of Aden`` counts for ``gulf`` and ``aden``), plus
    :data:`TITLE_BONUS` for words in the headline."""
    counts: Counter[str] = Counter()
    for mention in places:
        counts.update(sorted(words(mention)))
    headline = words(title)
    return {key: n + (TITLE_BONUS if key in headline else 0.0) for key, n in counts.items()}


def explicit_dates(text: str) -> list[date]:
    """Calendar dates written out with day, month and year in ``text``, in text order."""
    found: list[tuple[int, date]] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            day = int(groups["day"])
            month = _MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["mon"])
            if not groups.get("month") and month > 12 >= day:
                month, day = day, month  # 27 / 06 / 2018
            try:
                found.append((match.start(), date(int(groups["year"]), month, day)))
            except ValueError:
                continue
    return [value for _, value in sorted(found)]


def dateline_date(title: str, text: str) -> date | None:
    """The first explicit date in the headline or the first lines of the text, if any."""
    for line in [title, *text.split("\n", DATELINE_LINES)[:DATELINE_LINES]]:
        found = explicit_dates(line)
        if found:
            return found[0]
    return None


def article_features(item: StoryInput) -> ArticleFeatures:
    """The terms, main people and date of one article."""
    terms = words(item.title) | words(item.text)
    for mention in (*item.people, *item.places, *item.organisations):
        terms.update(NAME_PREFIX + w for w in words(mention))
    when = item.pub_date or dateline_date(item.title, item.text)
    if when is None and item.event_dates:
        ordered = sorted(item.event_dates)
        when = ordered[len(ordered) // 2]
    return ArticleFeatures(
        terms=tuple(sys.intern(t) for t in sorted(terms)),
        people=person_salience(item.people, item.title),
        places=place_salience(item.places, item.title),
        when=when,
    )


@lru_cache(maxsize=1)
def background() -> Background:
    """The packaged background document frequencies (``data/story_idf.tsv``)."""
    text = resources.files("newsdesk.data").joinpath("story_idf.tsv").read_text("utf-8")
    n_docs = 0
    df: dict[str, int] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            parts = line[1:].split()
            if len(parts) == 2 and parts[0] == "documents":
                n_docs = int(parts[1])
            continue
        word, count = line.split("\t")
        df[word] = int(count)
    return Background(n_docs=n_docs, df=df)
