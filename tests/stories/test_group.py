"""Story grouping through the whole pipeline (ingest, extract, group) on awkward input:
a story of one article, hundreds of articles in one story, missing dates, identical
timestamps, re-ingested articles, runs split in pieces, and state from older versions.
Every article is written for these tests (the team's own words)."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsdesk import Desk
from newsdesk.briefs.brief import write_brief
from newsdesk.compare.sources import compare_sources
from newsdesk.store.base import StoryWrite
from newsdesk.stories.group import LEGACY_KEY, STATE_PREFIX, load_clusterer
from newsdesk.stories.timeline import build_timeline

FLOOD = [
    "The river Sava burst its banks near {town} on {day}, flooding {n} homes, "
    "the regional civil protection office said.",
    "Soldiers evacuated {m} residents of {town} by boat, and mayor Vera Kostic said "
    "the water had reached the first floors of the houses.",
    "Forecasters expect more rain over the Sava basin until the weekend.",
]
STRIKE = [
    "Dock workers in the port of Halden walked out on {day} over pay, halting the "
    "loading of {n} container ships, their union said.",
    "Union leader Tomas Berg said the strike would last until the port company "
    "Haldenport raised wages by {m} percent.",
]
TOWNS = ["Brcko", "Zupanja", "Slavonski Brod", "Sabac", "Obrenovac", "Gunja", "Orasje"]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return path


def flood(i: int, **fields: Any) -> dict[str, Any]:
    town = TOWNS[i % len(TOWNS)]
    text = " ".join(FLOOD).format(town=town, day="Tuesday", n=40 + i, m=100 + 3 * i)
    row = {
        "id": f"flood-{i}",
        "outlet": f"Outlet {i % 9}",
        "url": f"https://outlet{i % 9}.example/flood/{i}",
        "title": f"Sava floods homes in {town}",
        "text": text,
        "published": "2024-05-14",
    }
    row.update(fields)
    return {k: v for k, v in row.items() if v is not None}


def strike(i: int, **fields: Any) -> dict[str, Any]:
    text = " ".join(STRIKE).format(day="Monday", n=5 + i, m=8 + i)
    row = {
        "id": f"strike-{i}",
        "outlet": f"Harbour News {i}",
        "url": f"https://harbour{i}.example/strike",
        "title": "Halden dock workers strike over pay",
        "text": text,
        "published": "2024-05-13",
    }
    row.update(fields)
    return {k: v for k, v in row.items() if v is not None}


def assignments(desk: Desk) -> dict[str, str]:
    doc_ids = [d.doc_id for d in desk.articles(limit=None)]
    return desk.store.story_assignments(doc_ids)


def snapshot(desk: Desk) -> tuple[Any, ...]:
    stories = [s.to_dict() for s in desk.stories(limit=None)]
    for story in stories:
        story.pop("updated_at", None)
    events = sorted(json.dumps(e.to_dict(), sort_keys=True) for e in desk.merged_events(limit=None))
    return json.dumps(stories, sort_keys=True, default=str), events, assignments(desk)


def test_a_story_of_one_article_has_a_brief_timeline_and_comparison(tmp_path: Path) -> None:
    with Desk(tmp_path / "one.db") as desk:
        desk.run([write_jsonl(tmp_path / "one.jsonl", [flood(0)])])
        (story,) = desk.stories()
        assert story.n_articles == 1 and story.n_sources == 1
        view = desk.story(story.story_id)
        comparison = compare_sources(view)
        assert comparison.events and not comparison.agreed and not comparison.conflicts
        assert all(c.reported_by == comparison.sources for c in comparison.events)
        assert build_timeline(view)
        brief = write_brief(view)
        assert brief.sentences and all(s.citations for s in brief.sentences)


def test_articles_without_dates_and_with_identical_timestamps(tmp_path: Path) -> None:
    rows = [
        flood(1, published=None),
        strike(1, published=None),
        flood(2, published="2024-05-14T09:00:00Z"),
        strike(2, published="2024-05-14T09:00:00Z"),
        flood(3, published="2024-05-14T09:00:00Z"),
    ]
    results = []
    for name in ("a", "b"):
        with Desk(tmp_path / f"{name}.db") as desk:
            desk.run([write_jsonl(tmp_path / f"{name}.jsonl", rows)])
            results.append(snapshot(desk))
            kinds = {d.doc_id: (d.title or "").split()[0] for d in desk.articles(limit=None)}
            groups = sorted(
                sorted(kinds[d] for d in desk.store.story_doc_ids(s.story_id))
                for s in desk.stories()
            )
            for story in desk.stories():
                view = desk.story(story.story_id)
                assert build_timeline(view) is not None
                assert all(s.citations for s in write_brief(view).sentences)
    assert groups == [["Halden", "Halden"], ["Sava", "Sava", "Sava"]]
    assert results[0] == results[1]  # same input, same stories, events and positions


def test_reingesting_articles_after_their_story_was_built_changes_nothing(
    tmp_path: Path,
) -> None:
    path = write_jsonl(tmp_path / "batch.jsonl", [flood(i) for i in range(3)] + [strike(0)])
    with Desk(tmp_path / "again.db") as desk:
        desk.run([path])
        before = snapshot(desk)
        ingested, _, grouped = desk.run([path])
        assert ingested.stored == 0 and ingested.already_stored == 4
        assert grouped.articles == 0
        assert snapshot(desk) == before


def test_grouping_in_several_runs_equals_one_run(tmp_path: Path) -> None:
    rows = [flood(i) for i in range(4)] + [strike(i) for i in range(3)]
    random.Random(7).shuffle(rows)
    with Desk(tmp_path / "once.db") as once:
        once.run([write_jsonl(tmp_path / "all.jsonl", rows)])
        expected = snapshot(once)
        state = once.store.story_state()
    with Desk(tmp_path / "pieces.db") as pieces:
        for k in range(0, len(rows), 3):
            pieces.run([write_jsonl(tmp_path / f"part{k}.jsonl", rows[k : k + 3])])
        assert snapshot(pieces)[2] == expected[2]
        assert pieces.store.story_state() == state
    # One row per story plus the head, never a single row holding everything.
    assert sorted(state) == sorted(
        [f"{STATE_PREFIX}head"] + [f"{STATE_PREFIX}story:{s}" for s in set(expected[2].values())]
    )


def test_state_stored_in_one_row_by_earlier_versions_is_read_and_rewritten(
    tmp_path: Path,
) -> None:
    rows = [flood(i) for i in range(3)] + [strike(i) for i in range(2)]
    with Desk(tmp_path / "new.db") as new:
        new.run([write_jsonl(tmp_path / "all.jsonl", rows)])
        expected = snapshot(new)
    with Desk(tmp_path / "old.db") as old:
        old.run([write_jsonl(tmp_path / "first.jsonl", rows[:3])])
        clusterer, legacy = load_clusterer(old.store)
        assert not legacy
        parts = {k: None for k in old.store.story_state()}
        old.store.write_stories(StoryWrite(state={**parts, LEGACY_KEY: clusterer.to_dict()}))
        assert list(old.store.story_state()) == [LEGACY_KEY]
        old.run([write_jsonl(tmp_path / "second.jsonl", rows[3:])])
        state = old.store.story_state()
        assert LEGACY_KEY not in state and f"{STATE_PREFIX}head" in state
        assert snapshot(old)[2] == expected[2]


def test_five_hundred_articles_in_one_story(tmp_path: Path) -> None:
    rows = [flood(i) for i in range(500)]
    with Desk(tmp_path / "big.db") as desk:
        ingested, _, grouped = desk.run([write_jsonl(tmp_path / "big.jsonl", rows)])
        assert ingested.stored + ingested.near_duplicates + ingested.exact_duplicates == 500
        stories = desk.stories(order="sources", limit=None)
        biggest = stories[0]
        assert biggest.n_articles >= 0.95 * grouped.articles
        assert biggest.n_sources == 9
        view = desk.story(biggest.story_id)
        flood_events = [e for e in view.events if e.n_articles > 100]
        assert flood_events, "the flood is one event reported by hundreds of articles"
        assert all(e.n_sources <= 9 for e in view.events)  # outlets, not articles
        brief = write_brief(view)
        assert 0 < len(brief.sentences) < 40 and all(s.citations for s in brief.sentences)


@pytest.mark.parametrize("rows", [[], [{"id": "x", "text": ""}]])
def test_nothing_to_group(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    with Desk(tmp_path / "empty.db") as desk:
        if rows:
            desk.ingest([write_jsonl(tmp_path / "empty.jsonl", rows)])
        report = desk.group()
        assert report.articles == 0 and desk.stories() == []


def test_a_big_story_is_built_a_few_times_per_run_and_a_killed_build_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsdesk.stories.group as group

    rows = [flood(i) for i in range(40)] + [strike(i) for i in range(4)]
    path = write_jsonl(tmp_path / "all.jsonl", rows)
    with Desk(tmp_path / "once.db") as once:
        once.run([path])
        expected = snapshot(once)

    builds: list[tuple[str, int]] = []
    real_build = group.build_story

    def counting(story_id: str, docs: Any, reports: Any, **kw: Any) -> Any:
        builds.append((story_id, len(docs)))
        return real_build(story_id, docs, reports, **kw)

    monkeypatch.setattr(group, "build_story", counting)
    with Desk(tmp_path / "killed.db") as desk:
        desk.ingest([path])
        desk.extract()
        real_write = desk.store.write_stories

        def dies_at_the_end(write: StoryWrite) -> None:
            if not write.assignments:  # the builds after the last batch
                raise RuntimeError("killed")
            real_write(write)

        monkeypatch.setattr(desk.store, "write_stories", dies_at_the_end)
        with pytest.raises(RuntimeError):
            group.run_stories(desk.store, desk.settings, batch_size=4)
        n_batches = -(-len(rows) // 4)
        flood_id = Counter(expected[2].values()).most_common(1)[0][0]
        sizes = [n for s, n in builds if s == flood_id]
        # Built when it doubled, then at the end (tried: the kill came then), not after
        # each of the 11 batches.
        assert len(sizes) <= 7 < n_batches
        assert all(b >= 2 * a for a, b in itertools.pairwise(sizes[:-1])), sizes
        assert sizes[-1] == Counter(expected[2].values())[flood_id]
        pending = [k for k in desk.store.story_state() if k.startswith(group.PENDING_PREFIX)]
        assert pending, "the stories the killed run had not built are marked"

        monkeypatch.setattr(desk.store, "write_stories", real_write)
        builds.clear()
        report = group.run_stories(desk.store, desk.settings)
        assert report.articles == 0 and report.stories_updated == len(pending)
        assert sorted(s for s, _ in builds) == sorted(p.split("/", 1)[1] for p in pending)
        assert snapshot(desk) == expected
        assert not [k for k in desk.store.story_state() if k.startswith(group.PENDING_PREFIX)]
