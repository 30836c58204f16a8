"""Synthetic news articles for the benchmarks, written for newsdesk (no third-party text).

Deterministic from a seed: article ``i`` is built from ``random.Random(f"{seed}:story:{i}")``
with sentence templates and word lists (actors, verbs, places, numbers, dates), 150-400
words each. About 1% of articles are exact duplicates of an earlier one (same text under
another file name or URL, different page chrome) and about 3% syndicated near-copies (one
sentence rewritten, true 5-shingle Jaccard similarity >= 0.9). Copies are rebuilt from
their source's seed, so writing N articles keeps only the list of original indices in
memory.

Formats: ``text`` (a folder of ``.txt`` files with boilerplate lines such as
``READ MORE: ...`` and ``Share this story``) and ``warc`` (one ``.warc.gz`` written with
warcio: HTTP 200 HTML pages plus a few 404 responses).
"""

from __future__ import annotations

import html
import io
import random
import re
import shutil
import string
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FORMATS = ("text", "warc")
EXACT_SHARE = 0.01  # exact duplicates (same text, another file or URL)
NEAR_SHARE = 0.03  # syndicated near-copies (one sentence changed)
NEAR_MIN_JACCARD = 0.9  # true 5-shingle Jaccard of a generated near-copy to its source
KEY_PATTERN = re.compile(r"(a\d{7})(?:\.txt)?$")

# ---------------------------------------------------------------------------------------
# Word lists and sentence templates.

# fmt: off

FIRST_NAMES = (
    "Amara", "Tomas", "Leila", "Kenji", "Ines", "Rafael", "Priya", "Oskar", "Nadia", "Samuel",
    "Yara", "Mateo", "Zainab", "Lukas", "Mei", "Andre", "Fatima", "Ivan", "Chloe", "Emeka",
    "Sofia", "Dmitri", "Aylin", "Jonas", "Rosa", "Kwame", "Hana", "Pablo", "Elif", "Marek",
    "Aisha", "Bruno", "Lina", "Tariq", "Greta", "Victor", "Noor", "Felipe", "Asha", "Henrik",
)
LAST_NAMES = (
    "Okafor", "Lindqvist", "Haddad", "Moreau", "Castillo", "Nakamura", "Mensah", "Petrov",
    "Alvarez", "Novak", "Rahman", "Kowalski", "Delgado", "Osei", "Fischer", "Ibrahim", "Costa",
    "Tanaka", "Mwangi", "Bauer", "Santos", "Yilmaz", "Horvat", "Nguyen", "Duarte", "Karimi",
    "Ferreira", "Abebe", "Larsen", "Quispe", "Sato", "Boateng", "Reyes", "Hassan", "Varga",
    "Lopes", "Chukwu", "Berg", "Aziz", "Morales",
)
ROLES = (
    "President", "Prime Minister", "Interior Minister", "Finance Minister", "opposition leader",
    "Mayor", "army spokesman", "union leader", "police chief", "Health Minister",
    "Foreign Minister", "central bank governor", "Senator", "Governor", "party spokeswoman",
    "Energy Minister", "Justice Minister", "regional commissioner",
)
CITIES = (
    ("Lagos", "Nigeria"), ("Quito", "Ecuador"), ("Manila", "the Philippines"),
    ("Karachi", "Pakistan"), ("Lima", "Peru"), ("Nairobi", "Kenya"), ("Dhaka", "Bangladesh"),
    ("Tbilisi", "Georgia"), ("Accra", "Ghana"), ("Bogota", "Colombia"),
    ("Jakarta", "Indonesia"), ("Tunis", "Tunisia"), ("Kyiv", "Ukraine"),
    ("Yerevan", "Armenia"), ("La Paz", "Bolivia"), ("Dakar", "Senegal"),
    ("Colombo", "Sri Lanka"), ("Kampala", "Uganda"), ("Amman", "Jordan"),
    ("Caracas", "Venezuela"), ("Hanoi", "Vietnam"), ("Beirut", "Lebanon"),
    ("Harare", "Zimbabwe"), ("Santiago", "Chile"), ("Rabat", "Morocco"),
    ("Kathmandu", "Nepal"), ("Bishkek", "Kyrgyzstan"), ("Asuncion", "Paraguay"),
    ("Lusaka", "Zambia"), ("Baku", "Azerbaijan"), ("Mombasa", "Kenya"),
    ("Cebu", "the Philippines"), ("Guayaquil", "Ecuador"), ("Kumasi", "Ghana"),
    ("Medellin", "Colombia"), ("Surabaya", "Indonesia"),
)
ORGS = (
    "the electoral commission", "the central bank", "the ruling party",
    "the main opposition party", "the national teachers' union", "the transport workers' union",
    "the supreme court", "the finance ministry", "the interior ministry",
    "the United Nations refugee agency", "the World Food Programme", "the Red Cross",
    "a coalition of farmers' groups", "the chamber of commerce", "the state oil company",
    "rebel commanders", "the armed forces", "riot police", "the national parliament",
    "human rights groups", "the health ministry", "local authorities", "the port authority",
    "student groups", "the bar association", "the nurses' union", "the mining ministry",
    "the anti-corruption agency", "the city council", "the national police",
)
VERBS = (
    "condemned", "welcomed", "rejected", "approved", "postponed", "announced", "criticised",
    "defended", "called for an inquiry into", "threatened to block", "signed", "suspended",
    "backed", "challenged", "promised to review", "voted against", "cancelled", "extended",
    "questioned", "endorsed",
)
OBJECTS = (
    "the new fuel tax", "a ceasefire proposal", "the {year} budget",
    "plans to privatise the port", "the deal with foreign creditors",
    "a curfew in the capital", "the arrest of {person}", "changes to the electoral law",
    "a rise in bread prices", "the closure of the border crossing",
    "a mining licence for the northern region", "the pension reform", "emergency powers",
    "a loan from the International Monetary Fund", "the release of detained protesters",
    "new rules for foreign media", "the planned minimum wage increase",
    "the contract for the new highway", "cuts to fuel subsidies",
    "the results of the regional vote", "a ban on public gatherings", "the water tariff increase",
    "the sale of state land to developers", "a plan to relocate the main market",
)
EVENTS = (
    "a protest over fuel prices turned violent", "a bus collided with a lorry",
    "heavy rains caused flooding", "a fire broke out at a market",
    "clashes erupted between rival groups", "a building collapsed",
    "security forces dispersed a march", "a landslide buried several homes",
    "an explosion hit a warehouse", "a bridge gave way under a truck",
    "police fired tear gas at demonstrators", "a stampede broke out at a stadium",
)
GOODS = (
    "bread", "rice", "cooking oil", "fuel", "electricity", "maize flour", "sugar", "medicine",
    "cement", "public transport", "school uniforms", "fertiliser",
)
CONSEQUENCES = (
    "delay the vote by several months", "push inflation higher", "deepen the political crisis",
    "ease tensions in the region", "discourage foreign investment",
    "strain relations with neighbouring {country}", "trigger fresh protests",
    "reassure international lenders", "cost thousands of jobs", "speed up reconstruction",
    "weaken the currency further", "split the governing coalition",
)
DEMANDS = (
    "demanding higher wages", "calling for the minister's resignation",
    "protesting against the new tax", "demanding the release of detained activists",
    "calling for early elections", "demanding access to clean water",
    "demanding compensation for lost harvests", "calling for an end to power cuts",
)
QUOTES = (
    "We will not accept this decision", "The situation remains very tense",
    "Nobody has explained where the money went", "Our members have waited long enough",
    "This is a first step, not a solution", "We need guarantees before we return to talks",
    "The government has listened to the people", "Families here cannot afford another price rise",
    "We are counting the damage street by street", "The law is clear and it will be applied",
    "There is still time to find an agreement", "People are tired of empty promises",
)
GROUPS = (
    "protesters", "teachers", "farmers", "taxi drivers", "students", "nurses", "traders",
    "miners", "pensioners", "dock workers", "residents", "relatives of the detained",
)
BUILDINGS = (
    "the parliament building", "the presidential palace", "the finance ministry",
    "the central court", "the governor's office", "the city hall", "the election office",
    "the state television headquarters",
)
FUTURES = (
    "publish the full results", "present a revised plan", "reopen the border crossing",
    "resume talks with the unions", "appeal the ruling", "release the remaining detainees",
    "hold a referendum on the proposal", "lift the curfew", "cut the price of fuel",
    "send an assessment team to the area",
)
PURPOSES = (
    "rebuilding roads damaged by the floods", "school meals", "rural clinics",
    "border security", "housing for displaced families", "repairs to the power grid",
    "subsidies for small farmers", "a new water treatment plant",
)
DISTRICTS = (
    "northern", "southern", "eastern", "western", "central", "coastal", "highland", "border",
)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SECTIONS = ("world", "politics", "economy", "africa", "americas", "asia", "europe", "region")
OUTLETS = (
    ("Harbor Ledger", "harborledger.example"), ("Meridian Wire", "meridianwire.example"),
    ("The Daily Compass", "dailycompass.example"), ("Northgate Times", "northgatetimes.example"),
    ("Coastline Post", "coastlinepost.example"), ("Capital Observer", "capitalobserver.example"),
    ("Riverbend Herald", "riverbendherald.example"), ("Summit News", "summitnews.example"),
    ("Lantern Press", "lanternpress.example"), ("Open Plains Gazette", "openplains.example"),
)

TEMPLATES = (
    "{actor} {verb} {object} {when}, according to a statement published in {city}.",
    "{actor} {verb} {object} {when}.",
    "At least {n_small} people were injured in {city} {when} after {event}, {person} said.",
    "The decision follows {months} months of talks between {org} and {org2}.",
    '"{quote}," {person} told reporters in {city}.',
    '"{quote}," said {person}, who urged the government to act before {month}.',
    "Turnout in the {district} district was {pct} percent, according to {org}.",
    "Prices of {good} in {city} have risen by {pct} percent since {month}, official figures show.",
    "{org} said it would {future} by the end of {month}.",
    "Analysts in {city} said the move could {consequence}.",
    "About {n} {group} gathered outside {building} in {city} {when}, {demand}.",
    "The government of {country} has set aside {money} for {purpose} this year.",
    "{person} is due to travel to {city2} next week for talks with {org}.",
    "Officials said {n_small} suspects had been detained and {n_small2} others were questioned.",
    "Figures for {year} showed exports from {country} fell by {pct} percent.",
    "{org} denied the accusations and said it had acted within the law.",
    "In {city}, {group} stayed away from work for a {ordinal} day, {demand}.",
    "It was not immediately clear whether {org} would {future}.",
    "{person} told a news conference that {n} families had been moved to temporary shelters.",
    "Critics say {object} will hit poorer households in {country} hardest.",
    "Similar measures were introduced in {country} in {year} and withdrawn {months} months later.",
    "The next hearing in the case is scheduled for {day} {month}.",
    "Roads between {city} and {city2} were reopened {when} after {event}.",
    "{org} said {n} people had signed a petition against {object} since {month}.",
    "Opinion polls published {when} put support for {person} at {pct} percent.",
    "{actor} and {org2} are expected to meet in {city2} before the end of {month}.",
)
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh")
# fmt: on


def _person(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return f"{rng.choice(ROLES)} {name}" if rng.random() < 0.7 else name


def _when(rng: random.Random) -> str:
    choice = rng.randrange(5)
    if choice == 0:
        return f"on {rng.choice(WEEKDAYS)}"
    if choice == 1:
        return f"late on {rng.choice(WEEKDAYS)}"
    if choice == 2:
        return f"on {rng.randint(1, 28)} {rng.choice(MONTHS)}"
    if choice == 3:
        return rng.choice(("earlier this week", "last month", "over the weekend", "this morning"))
    return f"in early {rng.choice(MONTHS)}"


def _fill(rng: random.Random, phrase: str) -> str:
    return phrase.format(
        year=rng.randint(2015, 2025), person=_person(rng), country=rng.choice(CITIES)[1]
    )


def _actor(rng: random.Random) -> str:
    return rng.choice(ORGS) if rng.random() < 0.55 else _person(rng)


def headline(rng: random.Random) -> str:
    text = f"{_actor(rng)} {rng.choice(VERBS)} {_fill(rng, rng.choice(OBJECTS))}"
    text += f" in {rng.choice(CITIES)[0]}"
    return text[0].upper() + text[1:]


_LISTS: dict[str, tuple[str, ...]] = {
    "org": ORGS,
    "org2": ORGS,
    "verb": VERBS,
    "event": EVENTS,
    "good": GOODS,
    "demand": DEMANDS,
    "quote": QUOTES,
    "group": GROUPS,
    "building": BUILDINGS,
    "future": FUTURES,
    "purpose": PURPOSES,
    "district": DISTRICTS,
    "month": MONTHS,
    "ordinal": ORDINALS,
}
_RANGES: dict[str, tuple[int, int]] = {
    "n_small": (2, 60),
    "n_small2": (2, 90),
    "months": (2, 18),
    "day": (1, 28),
    "year": (2015, 2025),
}


def slot(name: str, rng: random.Random) -> str:
    """A value for the template field ``name``."""
    if name in _LISTS:
        return rng.choice(_LISTS[name])
    if name in _RANGES:
        return str(rng.randint(*_RANGES[name]))
    if name in ("city", "city2"):
        return rng.choice(CITIES)[0]
    if name == "country":
        return rng.choice(CITIES)[1]
    if name == "n":
        return f"{rng.randint(40, 25000):,}"
    if name == "pct":
        return str(rng.randint(2, 70)) if rng.random() < 0.6 else f"{rng.uniform(1, 60):.1f}"
    if name == "money":
        return f"{rng.randint(2, 950)} million dollars"
    if name == "object":
        return _fill(rng, rng.choice(OBJECTS))
    if name == "consequence":
        return _fill(rng, rng.choice(CONSEQUENCES))
    if name == "actor":
        return _actor(rng)
    if name == "person":
        return _person(rng)
    if name == "when":
        return _when(rng)
    raise KeyError(f"template field {name!r} has no filler")


_FIELDS = {t: [f for _, f, _, _ in string.Formatter().parse(t) if f] for t in TEMPLATES}


def sentence(rng: random.Random) -> str:
    template = rng.choice(TEMPLATES)
    values = {name: slot(name, rng) for name in _FIELDS[template]}
    text = template.format(**values)
    return text[0].upper() + text[1:] if text[0] != '"' else text[0] + text[1].upper() + text[2:]


# ---------------------------------------------------------------------------------------
# Stories: one per index, regenerated on demand from (seed, index) so that copies need no
# memory of earlier texts.


@dataclass(frozen=True, slots=True)
class Story:
    key: str
    headline: str
    paragraphs: tuple[tuple[str, ...], ...]
    author: str
    day: date
    section: str

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in p]


def make_story(seed: int, index: int) -> Story:
    rng = random.Random(f"{seed}:story:{index}")
    target = rng.randint(150, 400)
    sentences: list[str] = []
    n_words = 0
    while n_words < target - 8:
        text = sentence(rng)
        sentences.append(text)
        n_words += len(text.split())
    paragraphs: list[tuple[str, ...]] = []
    i = 0
    while i < len(sentences):
        size = rng.choice((1, 2, 2, 3))
        paragraphs.append(tuple(sentences[i : i + size]))
        i += size
    title = headline(rng)
    author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
    return Story(
        key=story_key(index),
        headline=title,
        paragraphs=tuple(paragraphs),
        author=author,
        day=day,
        section=rng.choice(SECTIONS),
    )


def story_key(index: int) -> str:
    return f"a{index:07d}"


_WORDS = re.compile(r"\w+")


def shingle_set(story: Story, size: int = 5) -> set[str]:
    words = _WORDS.findall(" ".join([story.headline, *story.sentences]).casefold())
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def near_copy(story: Story, index: int, seed: int) -> Story | None:
    """``story`` under a new key with one sentence rewritten, when some sentence can be
    changed keeping the true 5-shingle Jaccard similarity at or above NEAR_MIN_JACCARD."""
    rng = random.Random(f"{seed}:copy:{index}")
    original = shingle_set(story)
    positions = [(p, s) for p, para in enumerate(story.paragraphs) for s in range(len(para))]
    rng.shuffle(positions)
    for p, s in positions:
        paragraphs = [list(para) for para in story.paragraphs]
        paragraphs[p][s] = sentence(rng)
        copy = Story(
            key=story_key(index),
            headline=story.headline,
            paragraphs=tuple(tuple(para) for para in paragraphs),
            author=story.author,
            day=story.day,
            section=story.section,
        )
        changed = shingle_set(copy)
        # Not 1.0: a rewritten sentence can come out the same as the one it replaces.
        if NEAR_MIN_JACCARD <= len(original & changed) / len(original | changed) < 1.0:
            return copy
    return None


@dataclass(frozen=True, slots=True)
class Planned:
    story: Story
    outlet: int
    kind: str  # "original", "exact" or "near"
    source_key: str | None


def plan(n: int, seed: int) -> Iterator[Planned]:
    """The ``n`` articles in input order: originals, ~1% exact duplicates and ~3% near
    copies of earlier originals. Only the indices of originals are kept in memory."""
    rng = random.Random(f"{seed}:plan")
    originals: list[int] = []
    for index in range(n):
        draw = rng.random()
        outlet = rng.randrange(len(OUTLETS))
        if originals and draw < EXACT_SHARE:
            source = rng.choice(originals)
            story = make_story(seed, source)
            copy = Story(
                key=story_key(index),
                headline=story.headline,
                paragraphs=story.paragraphs,
                author=story.author,
                day=story.day,
                section=story.section,
            )
            yield Planned(copy, outlet, "exact", story.key)
            continue
        if originals and draw < EXACT_SHARE + NEAR_SHARE:
            for _ in range(20):
                source = rng.choice(originals)
                copy_or_none = near_copy(make_story(seed, source), index, seed)
                if copy_or_none is not None:
                    yield Planned(copy_or_none, outlet, "near", story_key(source))
                    break
            else:
                originals.append(index)
                yield Planned(make_story(seed, index), outlet, "original", None)
            continue
        originals.append(index)
        yield Planned(make_story(seed, index), outlet, "original", None)


# ---------------------------------------------------------------------------------------
# Writers.


def _teaser(rng: random.Random) -> str:
    other = headline(rng)
    return rng.choice(
        (
            f"READ MORE: {other}",
            f"ALSO READ: {other}",
            f"RELATED: {other}",
            "Share this story",
            "Share on Facebook",
            "Advertisement",
            "Follow us on Twitter for the latest updates",
            "Subscribe to our newsletter for daily briefings",
        )
    )


def render_text(item: Planned, seed: int) -> str:
    story = item.story
    rng = random.Random(f"{seed}:render:{story.key}")
    lines = [story.headline, ""]
    if rng.random() < 0.7:
        lines += [f"By {story.author}", ""]
    teaser_at = {rng.randrange(len(story.paragraphs)) for _ in range(rng.randint(1, 3))}
    for p, paragraph in enumerate(story.paragraphs):
        lines += [" ".join(paragraph), ""]
        if p in teaser_at:
            lines += [_teaser(rng), ""]
    outlet = OUTLETS[item.outlet][0]
    tail = rng.choice(
        (
            "Share this story",
            f"© 2024 {outlet}. All rights reserved.",
            f"This article first appeared in {outlet}.",
            None,
        )
    )
    if tail:
        lines.append(tail)
    return "\n".join(lines).rstrip() + "\n"


def story_url(item: Planned) -> str:
    story = item.story
    slug = "-".join(_WORDS.findall(story.headline.lower())[:7])
    domain = OUTLETS[item.outlet][1]
    return f"https://www.{domain}/{story.section}/{story.day:%Y/%m/%d}/{slug}-{story.key}"


def render_html(item: Planned, seed: int) -> str:
    story = item.story
    rng = random.Random(f"{seed}:html:{story.key}")
    outlet = OUTLETS[item.outlet][0]
    e = html.escape
    nav = "".join(f'<li><a href="/{s}">{s.title()}</a></li>' for s in SECTIONS)
    paragraphs = "\n".join(f"<p>{e(' '.join(p))}</p>" for p in story.paragraphs)
    related = "".join(
        f'<li><a href="/{rng.choice(SECTIONS)}/{rng.randrange(10**6)}">{e(headline(rng))}</a></li>'
        for _ in range(4)
    )
    published = f"{story.day.isoformat()}T{rng.randint(5, 22):02d}:{rng.randint(0, 59):02d}:00Z"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(story.headline)} | {e(outlet)}</title>
<meta property="og:site_name" content="{e(outlet)}">
<meta property="og:title" content="{e(story.headline)}">
<meta property="og:type" content="article">
<meta name="author" content="{e(story.author)}">
<meta property="article:published_time" content="{published}">
</head>
<body>
<header><a class="logo" href="/">{e(outlet)}</a>
<nav><ul>{nav}</ul></nav></header>
<main>
<article>
<h1>{e(story.headline)}</h1>
<p class="byline">By {e(story.author)}</p>
<time datetime="{published}">{story.day:%d %B %Y}</time>
{paragraphs}
</article>
<aside><h2>Most read</h2><ul>{related}</ul></aside>
</main>
<footer><p>&copy; 2024 {e(outlet)}. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy</a></li><li><a href="/contact">Contact</a></li></ul>
</footer>
</body>
</html>
"""


NOT_FOUND_HTML = """<!DOCTYPE html>
<html lang="en"><head><title>Page not found</title></head>
<body><h1>404</h1><p>The page you requested does not exist.</p></body></html>
"""


@dataclass(slots=True)
class Generated:
    fmt: str
    n: int
    path: Path
    bytes: int
    seconds: float
    n_exact: int = 0
    n_near: int = 0
    n_not_found: int = 0
    copies: list[tuple[str, str, str]] | None = None  # (key, source key, kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.fmt,
            "articles": self.n,
            "path": str(self.path),
            "mb": round(self.bytes / 1e6, 2),
            "seconds": round(self.seconds, 2),
            "exact_duplicates": self.n_exact,
            "near_duplicates": self.n_near,
            "not_found_pages": self.n_not_found,
        }


def generate(fmt: str, n: int, seed: int, root: Path) -> Generated:
    """Write ``n`` articles in ``fmt`` under ``root``, streaming (nothing kept in memory
    but the list of planned copies)."""
    started = time.perf_counter()
    copies: list[tuple[str, str, str]] = []
    root.mkdir(parents=True, exist_ok=True)
    if fmt == "text":
        path = root / f"text-{n}"
        remove_path(path)
        path.mkdir()
        size = 0
        for item in plan(n, seed):
            data = render_text(item, seed).encode("utf-8")
            (path / f"{item.story.key}.txt").write_bytes(data)
            size += len(data)
            if item.source_key:
                copies.append((item.story.key, item.source_key, item.kind))
        result = Generated(fmt, n, path, size, 0.0)
    elif fmt == "warc":
        result = _write_warc(root / f"news-{n}.warc.gz", n, seed, copies)
    else:
        raise SystemExit(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    result.seconds = time.perf_counter() - started
    result.copies = copies
    result.n_exact = sum(1 for c in copies if c[2] == "exact")
    result.n_near = sum(1 for c in copies if c[2] == "near")
    return result


def _write_warc(path: Path, n: int, seed: int, copies: list[tuple[str, str, str]]) -> Generated:
    import uuid

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    namespace = uuid.UUID("9b0c6f0e-7d1e-4c55-8d0b-6e3f3c2a1b00")
    rng = random.Random(f"{seed}:warc")
    n_not_found = max(3, n // 200)
    not_found_at = set(rng.sample(range(n), min(n, n_not_found)))

    def headers(uri: str, day: date, record: str) -> dict[str, str]:
        return {
            "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(namespace, record)}>",
            "WARC-Date": f"{day.isoformat()}T12:00:00Z",
            "WARC-Target-URI": uri,
        }

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        info = writer.create_warcinfo_record(path.name, {"software": "newsdesk benchmark"})
        info.rec_headers.replace_header(
            "WARC-Record-ID", f"<urn:uuid:{uuid.uuid5(namespace, 'info')}>"
        )
        info.rec_headers.replace_header("WARC-Date", "2024-12-31T00:00:00Z")
        writer.write_record(info)
        for index, item in enumerate(plan(n, seed)):
            if index in not_found_at:
                uri = f"https://www.{OUTLETS[item.outlet][1]}/missing/{index}"
                http = StatusAndHeaders(
                    "404 Not Found",
                    [("Content-Type", "text/html; charset=utf-8")],
                    protocol="HTTP/1.1",
                )
                writer.write_record(
                    writer.create_warc_record(
                        uri,
                        "response",
                        payload=io.BytesIO(NOT_FOUND_HTML.encode()),
                        http_headers=http,
                        warc_headers_dict=headers(uri, item.story.day, uri),
                    )
                )
            uri = story_url(item)
            body = render_html(item, seed).encode("utf-8")
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=http,
                    warc_headers_dict=headers(uri, item.story.day, uri),
                )
            )
            if item.source_key:
                copies.append((item.story.key, item.source_key, item.kind))
    result = Generated("warc", n, path, path.stat().st_size, 0.0)
    result.n_not_found = n_not_found
    return result


def key_of(url: str | None, origin: str) -> str | None:
    """The generator's article key (``a0000123``) in a stored URL or file origin."""
    found = KEY_PATTERN.search(url or origin.rsplit("/", 1)[-1])
    return found.group(1) if found else None


def remove_path(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
