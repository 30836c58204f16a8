"""Group stored articles into stories as they arrive, merge each touched story's event
reports into events, and store both (``newsdesk stories`` runs this after extraction).

Articles not yet in a story are taken in arrival order (publication date and time, then
ingestion) and given one at a time to the streaming :class:`StoryClusterer`, whose state
is read from and written back to the store, so the past is never re-clustered. The people,
places and organisations it compares come from the actor mentions extraction stored
(no second parse), the event dates from the stored reports. Every batch is one transaction:
a run killed part-way keeps finished batches and the next run goes on from there.
"""

from __future__ import annotations

import time
from collections import defaultdict
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
    on_progress: ProgressCallback | None = None,
) -> StoryReport:
    """Give every article without a story to the clusterer, in arrival order, and rebuild
    the stories it touched (their record and merged events)."""
    del settings  # the clusterer's options are stored with its state
    started = time.perf_counter()
    report = StoryReport()
    clusterer, legacy = load_clusterer(store)
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
        positions = _positions(store, assignments)
        write = StoryWrite(
            assignments=[(d, s, positions[d], None) for d, s in assignments],
            state={STATE_PREFIX + k: v for k, v in clusterer.state_parts().items()},
        )
        if legacy:
            write.state[LEGACY_KEY] = None  # rewritten per story above
            legacy = False
        members = _members(store, touched, assignments)
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
        store.write_stories(write)
        report.stories_updated += len(members)
        report.events += len(write.events)
        done += len(chunk)
        if on_progress is not None:
            on_progress(done, len(todo))
    report.seconds = time.perf_counter() - started
    return report


def load_clusterer(store: Store) -> tuple[StoryClusterer, bool]:
    """The clusterer as the last grouping run left it (a fresh one for a new database),
    and whether it was read from the single row earlier versions wrote (the next batch
    rewrites it per story and deletes that row)."""
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


def _positions(store: Store, assignments: list[tuple[str, str]]) -> dict[str, int]:
    """Each new article's position in its story (after the ones stored before)."""
    counts: dict[str, int] = {}
    out = {}
    for doc_id, story_id in assignments:
        if story_id not in counts:
            counts[story_id] = len(store.story_doc_ids(story_id))
        out[doc_id] = counts[story_id]
        counts[story_id] += 1
    return out


def _members(
    store: Store, touched: dict[str, None], assignments: list[tuple[str, str]]
) -> dict[str, list[str]]:
    """The articles of every touched story: those stored before, then the new ones."""
    members = {s: store.story_doc_ids(s) for s in touched}
    for doc_id, story_id in assignments:
        if doc_id not in members[story_id]:
            members[story_id].append(doc_id)
    return members
