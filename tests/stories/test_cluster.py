"""Streaming story grouping on hand-written articles (the team's own words)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from newsdesk.errors import ConfigError, InputError
from newsdesk.stories.cluster import (
    StoryClusterer,
    StoryInput,
    StoryOptions,
    cluster_stories,
    story_id_for,
)
from newsdesk.stories.features import article_features, dateline_date, surname

QUAKE_A = [
    "A magnitude 6.4 earthquake struck the hill town of Valmora before dawn on Tuesday, "
    "killing 31 people and flattening dozens of stone houses, the regional governor "
    "Ana Ruiz said.",
    "Rescue teams in Valmora dug through rubble with their hands as aftershocks shook the "
    "valley; Ruiz said the death toll could rise as villages cut off by landslides are "
    "reached.",
    "The quake was centred 12 kilometres south of Valmora at a shallow depth, the national "
    "seismology institute said.",
]
QUAKE_A2 = [
    "Survivors of Tuesday's magnitude 6.4 earthquake in Valmora spent a second night in "
    "tents as the death toll rose to 34, governor Ana Ruiz told reporters.",
    "Ruiz said army engineers had reopened the mountain road to Valmora and that field "
    "hospitals were treating more than 200 injured people from the earthquake.",
    "Aftershocks continued to rattle the valley, and the seismology institute warned of "
    "more landslides on the slopes above the town.",
]
QUAKE_B = [
    "A magnitude 5.8 earthquake hit the coastal city of Tarsen on Saturday, killing nine "
    "people and cracking the harbour wall, mayor Piet Okonjo said.",
    "Okonjo said fishing boats in Tarsen were damaged when the harbour wall gave way and "
    "that rescue teams were searching two collapsed apartment blocks.",
    "The earthquake was centred offshore, 20 kilometres west of Tarsen, the seismology "
    "institute said, and was followed by several aftershocks.",
]
FERRY = [
    "The ferry company Nordlys cancelled all crossings between Hallen and Brekke on Monday "
    "after a storm damaged the pier, its spokesman Lars Vik said.",
    "Vik said passengers holding tickets would be refunded and that repairs to the pier "
    "could take a week.",
]


def item(doc_id: str, paragraphs: list[str], **fields: object) -> StoryInput:
    return StoryInput(doc_id=doc_id, text="\n".join(paragraphs), **fields)  # type: ignore[arg-type]


def quake_a(doc_id: str, when: date | None = date(2021, 3, 2), **fields: object) -> StoryInput:
    return item(
        doc_id,
        QUAKE_A,
        title="Earthquake kills 31 in Valmora",
        pub_date=when,
        people=("Ana Ruiz", "Ruiz"),
        places=("Valmora", "Valmora", "Valmora"),
        **fields,
    )


def quake_a2(doc_id: str, when: date | None = date(2021, 3, 3)) -> StoryInput:
    return item(
        doc_id,
        QUAKE_A2,
        title="Valmora earthquake death toll rises to 34",
        pub_date=when,
        people=("Ana Ruiz", "Ruiz"),
        places=("Valmora", "Valmora"),
    )


def quake_b(doc_id: str, when: date | None = date(2023, 7, 15)) -> StoryInput:
    return item(
        doc_id,
        QUAKE_B,
        title="Earthquake kills nine in Tarsen",
        pub_date=when,
        people=("Piet Okonjo", "Okonjo"),
        places=("Tarsen", "Tarsen", "Tarsen"),
    )


def test_two_reports_of_one_event_join() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(quake_a("a1"))
    assert clusterer.add(quake_a2("a2")) == first
    assert first == story_id_for("a1")


def test_same_kind_of_event_elsewhere_and_later_stays_apart() -> None:
    clusterer = StoryClusterer()
    valmora = clusterer.add(quake_a("a1"))
    tarsen = clusterer.add(quake_b("b1"))
    assert tarsen != valmora
    # and each keeps its own follow-up
    assert clusterer.add(quake_a2("a2")) == valmora
    assert clusterer.add(quake_b("b2", when=date(2023, 7, 16))) == tarsen


ARREST_A = [
    "Harbor City Gulls receiver Tomas Reyes was arrested early Tuesday on suspicion of "
    "drunk driving, five days before the team's playoff game, police said.",
    "Reyes was stopped on the coast highway at about 2 a.m. after an officer saw his car "
    "drifting between lanes; he failed a roadside sobriety test and was released on bail.",
    "The Gulls said they were aware of the arrest of Reyes and would not comment further.",
]
ARREST_B = [
    "Harbor City Gulls lineman Kofi Mensah was arrested on suspicion of drunk driving after "
    "police stopped his pickup truck for speeding on Sunday morning.",
    "Mensah, 31, was booked into the county jail and released a few hours later; a blood "
    "test result has not been made public, a police spokesman said.",
    "It is the second arrest of a Gulls player for drunk driving in two months: receiver "
    "Tomas Reyes was arrested in the spring.",
    "Mensah did not return calls on Sunday.",
]


def test_two_arrests_of_one_team_stay_apart() -> None:
    """Same team, same charge, four months apart: the arrested player and the dates decide,
    even though the second report mentions the first arrest."""
    clusterer = StoryClusterer()
    reyes = clusterer.add(
        item(
            "r1",
            ARREST_A,
            title="Gulls receiver Reyes arrested",
            pub_date=date(2022, 1, 4),
            people=("Tomas Reyes", "Reyes", "Reyes"),
        )
    )
    mensah = clusterer.add(
        item(
            "m1",
            ARREST_B,
            title="Gulls lineman Mensah arrested for drunk driving",
            pub_date=date(2022, 5, 8),
            people=("Kofi Mensah", "Mensah", "Tomas Reyes", "Mensah"),
        )
    )
    assert mensah != reyes


def test_one_article_story() -> None:
    clusterer = StoryClusterer()
    story_id = clusterer.add(item("f1", FERRY, title="Storm halts Nordlys ferries"))
    [story] = clusterer.stories()
    assert story.story_id == story_id == story_id_for("f1")
    assert story.doc_ids == ("f1",)
    assert story.title == "Storm halts Nordlys ferries"
    assert clusterer.n_articles == 1 and clusterer.n_stories == 1


def test_unrelated_articles_get_their_own_stories() -> None:
    ids = cluster_stories([quake_a("a1"), item("f1", FERRY, pub_date=date(2021, 3, 2))])
    assert ids[0] != ids[1]


def test_five_hundred_articles_of_one_story() -> None:
    base = date(2021, 3, 2)
    items = [
        quake_a(f"a{i}", when=base + timedelta(days=i % 5)) if i % 2 else quake_a2(f"a{i}")
        for i in range(500)
    ]
    clusterer = StoryClusterer()
    ids = {clusterer.add(x) for x in items}
    assert ids == {story_id_for("a0")}
    [story] = clusterer.stories()
    assert len(story.doc_ids) == 500
    assert story.first_date == base and story.last_date == base + timedelta(days=4)
    # the stored centroid stays bounded however many articles join
    state = clusterer.to_dict()
    assert len(state["stories"][0]["vector"]) <= 2 * clusterer.options.max_story_terms


def test_articles_without_dates() -> None:
    ids = cluster_stories(
        [quake_a("a1", when=None), quake_b("b1", when=None), quake_a2("a2", when=None)]
    )
    assert ids[0] == ids[2] != ids[1]


def test_identical_timestamps() -> None:
    same = date(2022, 5, 1)
    items = [quake_a("a1", when=same), quake_b("b1", when=same), quake_a2("a2", when=same)]
    first, second = cluster_stories(items), cluster_stories(items)
    assert first == second  # deterministic
    assert first[0] == first[2] != first[1]


def test_readding_a_known_article_changes_nothing() -> None:
    clusterer = StoryClusterer()
    story_id = clusterer.add(quake_a("a1"))
    clusterer.add(quake_b("b1"))
    before = json.dumps(clusterer.to_dict(), sort_keys=True)
    changed = quake_b("a1")  # same id, other text: still the story it was given first
    assert clusterer.add(changed) == story_id
    assert clusterer.add(quake_a("a1")) == story_id
    assert json.dumps(clusterer.to_dict(), sort_keys=True) == before
    assert clusterer.story_of("a1") == story_id and clusterer.story_of("zz") is None


def test_state_round_trip_through_json() -> None:
    clusterer = StoryClusterer()
    clusterer.add_many([quake_a("a1"), quake_b("b1")])
    restored = StoryClusterer.from_dict(json.loads(json.dumps(clusterer.to_dict())))
    assert restored.to_dict() == clusterer.to_dict()
    assert restored.stories() == clusterer.stories()
    later = [quake_a2("a2"), item("f1", FERRY, pub_date=date(2021, 3, 3))]
    assert restored.add_many(later) == clusterer.add_many(later)
    assert restored.to_dict() == clusterer.to_dict()


def test_state_parts_hold_only_changed_stories_and_restore_the_same_clusterer() -> None:
    options = StoryOptions(max_open_stories=2)  # the ferry closes the oldest story
    clusterer = StoryClusterer(options)
    saved: dict[str, object] = {}
    clusterer.add_many([quake_a("a1"), quake_b("b1")])
    first = clusterer.state_parts()
    assert sorted(first) == sorted(
        ["head", f"story:{story_id_for('a1')}", f"story:{story_id_for('b1')}"]
    )
    assert "stories" not in first["head"]
    saved.update(json.loads(json.dumps(first)))
    clusterer.add(quake_a2("a2"))
    assert sorted(clusterer.state_parts()) == ["head", f"story:{story_id_for('a1')}"]
    clusterer.add(item("f1", FERRY, pub_date=date(2021, 3, 3)))
    third = clusterer.state_parts()  # the new story, and the one it closed
    assert sorted(third) == sorted(
        ["head", f"story:{story_id_for('f1')}", f"story:{story_id_for('b1')}"]
    )
    assert clusterer.state_parts() == {"head": clusterer.to_dict_head()}  # nothing changed
    # Parts saved batch by batch (later ones replacing earlier) rebuild the same state.
    replay = StoryClusterer(options)
    for batch in ([quake_a("a1"), quake_b("b1")], [quake_a2("a2")], [item("f1", FERRY)]):
        replay.add_many(batch)
        saved.update(json.loads(json.dumps(replay.state_parts())))
    restored = StoryClusterer.from_parts(saved)  # type: ignore[arg-type]
    assert restored.to_dict() == replay.to_dict()
    assert [s.story_id for s in restored.stories()] == [s.story_id for s in replay.stories()]


def test_state_parts_without_a_head_are_refused() -> None:
    with pytest.raises(InputError, match="head"):
        StoryClusterer.from_parts({"story:x": {}})


def test_state_of_another_format_is_refused() -> None:
    with pytest.raises(InputError, match="format"):
        StoryClusterer.from_dict({"format": "something/else"})


@pytest.mark.parametrize(
    "options", [{"max_open_stories": 0}, {"people_conflict": 1.5}, {"threshold": 0.0}]
)
def test_bad_options_are_refused(options: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        StoryOptions(**options)  # type: ignore[arg-type]


def test_empty_doc_id_is_refused() -> None:
    with pytest.raises(InputError, match="doc_id"):
        StoryClusterer().add(StoryInput(doc_id="", text="x"))


def test_empty_article_gets_a_story() -> None:
    clusterer = StoryClusterer()
    assert clusterer.add(StoryInput(doc_id="e1")) == story_id_for("e1")
    assert clusterer.add(StoryInput(doc_id="e2")) == story_id_for("e2")


def test_oldest_stories_close_beyond_the_limit() -> None:
    clusterer = StoryClusterer(StoryOptions(max_open_stories=1))
    valmora = clusterer.add(quake_a("a1"))
    clusterer.add(quake_b("b1"))
    assert [s.open for s in clusterer.stories()] == [False, True]
    # a closed story takes no more articles
    assert clusterer.add(quake_a2("a2")) != valmora


def test_candidate_search_is_bounded() -> None:
    options = StoryOptions(query_terms=4, max_postings=2, max_candidates=1)
    clusterer = StoryClusterer(options)
    for i in range(20):
        clusterer.add(item(f"f{i}", [FERRY[0].replace("Monday", f"day {i}")]))
    state = clusterer.to_dict()
    assert max(len(ids) for ids in state["postings"].values()) <= 2


def test_features() -> None:
    found = article_features(quake_a("a1"))
    assert "earthquake" in found.terms and "@valmora" in found.terms
    assert "the" not in found.terms and "31" not in found.terms
    assert found.people == {"ruiz": 2.0}  # two mentions, not in the headline
    assert found.places == {"valmora": 3.0 + 2.0}  # three mentions and the headline
    assert found.when == date(2021, 3, 2)
    assert surname("Jim O’Brien") == "o'brien"
    assert surname("the") is None


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("", "Posted: March 3, 2019 07:15 CET\nBody.", date(2019, 3, 3)),
        ("", "Thursday 21 October 2021 11. 02 GMT\nBody.", date(2021, 10, 21)),
        ("", "Revised 09:40 27 / 06 / 2018\nBody.", date(2018, 6, 27)),
        ("4 / 7 / 2016 at 6:05 PM", "Body.", date(2016, 4, 7)),
        ("", "Published 2024-04-05\nBody.", date(2024, 4, 5)),
        (
            "",
            "On Friday the council met.\nIt met again.\nAnd again.\nOn 3 May 2020 it voted.",
            None,
        ),
        ("", "February 30, 2020\nBody.", None),
    ],
)
def test_dateline(title: str, text: str, expected: date | None) -> None:
    assert dateline_date(title, text) == expected
