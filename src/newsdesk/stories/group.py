"""Group stored articles into stories as they arrive, merge each touched story's event
reports into events, and store both (``newsdesk stories`` runs this after extraction).

Articles not yet in a story are taken in arrival order (publication date and time, then
ingestion) and given one at a time to the streaming :class:`StoryClusterer`, whose state
is read from and written back to the store, so the past is never re-clustered. The people,
places and organisations it compares come from the actor mentions extraction stored
(no second parse), the event dates from the stored reports. Every batch is one transaction:
a run killed part-way keeps finished batches and the next run goes on from there. A story
an article joined is rebuilt when its article count has doubled and at the end of the run
(see :func:`run_stories`); until then it is marked pending and its record and merged events
are those of its last build.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.config import Settings
from newsdesk.model import Document, EventReport, Participant, utc_now
from newsdesk.store.base import Store, StoryWrite
from newsdesk.stories.build import build_story
from newsdesk.stories.cluster import StoryClusterer
from newsdesk.stories.features import StoryInput

STATE_PREFIX = "clusterer/"  # story_state rows: clusterer/head, clusterer/story:<id>
PENDING_PREFIX = "pending/"  # story_state rows: stories with articles added since built
LEGACY_KEY = "clusterer"  # the whole state in one row (before per-story rows)
ProgressCallback = Callable[[int, int | None], None]


@dataclass(slots=True)
class StoryReport:
    """What one grouping run did."""

    articles: int = 0
    new_stories: int = 0
    joined: int = 0
    stories_updated: int = 0
    events: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "new_stories": self.new_stories,
            "joined": self.joined,
            "stories_updated": self.stories_updated,
            "events": self.events,
            "seconds": round(self.seconds, 3),
        }


def run_stories(
    store: Store,
    settings: Settings,
    *,
    batch_size: int = 256,
    build_batch: int = 64,
    on_progress: ProgressCallback | None = None,
) -> StoryReport:
    """Give every article without a story to the clusterer, in arrival order, and rebuild
    the stories it touched (their record and merged events).

    A touched story is marked pending (a ``story_state`` row, written with the batch) and
    rebuilt from all its articles when its article count has doubled since it was last
    built, and at the end of the run: each story is built once or a few times per run, not
    after every batch (rebuilding a story of thousands of articles after every batch of
    256 made grouping quadratic in the story's size). A killed run leaves its stories
    pending and the next run builds them, even with no new articles."""
    del settings  # the clusterer's options are stored with its state
    started = time.perf_counter()
    report = StoryReport()
    state = store.story_state()
    clusterer, legacy = load_clusterer(store, state)
    # stories marked pending (in marking order), and their article counts when last built
    pending = {k.removeprefix(PENDING_PREFIX): None for k in state if k.startswith(PENDING_PREFIX)}
    built: dict[str, int] = dict.fromkeys(pending, 0)
    del state
    todo = store.unassigned_doc_ids()
    report.articles = len(todo)
    done = 0
    for start in range(0, len(todo), batch_size):
        chunk = todo[start : start + batch_size]
        documents = store.documents_by_id(chunk)
        inputs = story_inputs(
            documents,
            store.reports_of_documents(chunk),
            store.mentions_of_documents(chunk),
        )
        assignments = []
        touched: dict[str, None] = {}
        for item in inputs:
            before = clusterer.n_stories
            story_id = clusterer.add(item)
            if clusterer.n_stories > before:
                report.new_stories += 1
            else:
                report.joined += 1
            assignments.append((item.doc_id, story_id))
            touched[story_id] = None
        counts = {s: len(store.story_doc_ids(s)) for s in touched}  # stored before
        positions = _positions(counts, assignments)
        write = StoryWrite(
            assignments=[(d, s, positions[d], None) for d, s in assignments],
            state={STATE_PREFIX + k: v for k, v in clusterer.state_parts().items()},
        )
        if legacy:
            write.state[LEGACY_KEY] = None  # rewritten per story above
            legacy = False
        for story_id in touched:
            built.setdefault(story_id, counts[story_id])
            pending[story_id] = None
            write.state[PENDING_PREFIX + story_id] = True
        size = Counter(s for _, s in assignments) + Counter(counts)
        due = [s for s in touched if size[s] >= 2 * built[s]]
        _build(store, due, write, report, new=assignments)
        for story_id in due:
            built[story_id] = size[story_id]
            del pending[story_id]
        done += len(chunk)
        if on_progress is not None:
            on_progress(done, len(todo))
    last = list(pending)
    for start in range(0, len(last), build_batch):
        _build(store, last[start : start + build_batch], StoryWrite(), report)
    report.seconds = time.perf_counter() - started
    return report


def _build(
    store: Store,
    story_ids: list[str],
    write: StoryWrite,
    report: StoryReport,
    *,
    new: Sequence[tuple[str, str]] = (),
) -> None:
    """Rebuild ``story_ids`` from all their articles (those stored and the ``new``
    assignments of this write), clear their pending marks, and store ``write``."""
    members = {s: store.story_doc_ids(s) for s in story_ids}
    for doc_id, story_id in new:
        if story_id in members and doc_id not in members[story_id]:
            members[story_id].append(doc_id)
    now = utc_now()
    for story_id, doc_ids in members.items():
        docs = store.documents_by_id(doc_ids)
        order = {d: i for i, d in enumerate(doc_ids)}
        docs.sort(key=lambda d: order[d.doc_id])
        story, events = build_story(
            story_id, docs, store.reports_of_documents(doc_ids), updated_at=now
        )
        write.stories.append(story)
        write.events.extend(events)
        write.state[PENDING_PREFIX + story_id] = None
    store.write_stories(write)
    report.stories_updated += len(members)
    report.events += len(write.events)


def load_clusterer(
    store: Store, state: dict[str, Any] | None = None
) -> tuple[StoryClusterer, bool]:
    """The clusterer as the last grouping run left it (a fresh one for a new database),
    and whether it was read from the single row earlier versions wrote (the next batch
    rewrites it per story and deletes that row)."""
    if state is None:
        state = store.story_state()
    parts = {
        k.removeprefix(STATE_PREFIX): v for k, v in state.items() if k.startswith(STATE_PREFIX)
    }
    if parts:
        return StoryClusterer.from_parts(parts), False
    if LEGACY_KEY in state:
        clusterer = StoryClusterer.from_dict(state[LEGACY_KEY])
        clusterer.mark_all_changed()
        return clusterer, True
    return StoryClusterer(), False


def story_inputs(
    documents: Sequence[Document],
    reports: Sequence[EventReport],
    mentions: Sequence[tuple[str, int, Participant]],
) -> list[StoryInput]:
    """The clusterer's view of ``documents`` from what extraction stored."""
    people: dict[str, list[str]] = defaultdict(list)
    places: dict[str, list[str]] = defaultdict(list)
    organisations: dict[str, list[str]] = defaultdict(list)
    for doc_id, _, who in mentions:
        if not who.name:
            continue
        if who.kind == "person":
            people[doc_id].append(who.name)
        elif who.kind == "organisation":
            organisations[doc_id].append(who.name)
        elif who.kind == "country":
            places[doc_id].append(who.name)
    dates: dict[str, list[Any]] = defaultdict(list)
    for r in reports:
        if r.is_event and not r.historical and r.date is not None and r.date_status == "text":
            dates[r.doc_id].append(r.date)
        if r.is_event and r.place is not None and r.place.kind == "city":
            places[r.doc_id].append(r.place.name)
    return [
        StoryInput(
            doc_id=d.doc_id,
            title=d.title or "",
            text=d.text,
            pub_date=d.pub_date,
            people=tuple(people[d.doc_id]),
            places=tuple(places[d.doc_id]),
            organisations=tuple(organisations[d.doc_id]),
            event_dates=tuple(sorted(set(dates[d.doc_id]))),
        )
        for d in documents
    ]


def _positions(counts: dict[str, int], assignments: list[tuple[str, str]]) -> dict[str, int]:
    """Each new article's position in its story (after the ``counts`` stored before)."""
    counts = dict(counts)
    out = {}
    for doc_id, story_id in assignments:
        out[doc_id] = counts[story_id]
        counts[story_id] += 1
    return out
