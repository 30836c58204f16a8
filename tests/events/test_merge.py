"""Merging event reports across sentences, articles and outlets into events."""

from __future__ import annotations

from datetime import date, timedelta

from newsdesk.events.merge import DocumentInfo, merge_reports
from newsdesk.model import EventReport, Participant, Place

ECU = Participant(
    text="Ecuador",
    start=0,
    end=7,
    actor_id="act_ecu",
    name="Ecuador",
    kind="country",
    country="ECU",
    sector="GOV",
)
ECU_POLICE = Participant(
    text="police",
    start=0,
    end=6,
    actor_id="act_ecu_cop",
    name="Ecuador police",
    kind="organisation",
    country="ECU",
    sector="COP",
)
MEX = Participant(
    text="Mexico",
    start=0,
    end=6,
    actor_id="act_mex",
    name="Mexico",
    kind="country",
    country="MEX",
    sector="GOV",
)
GLAS = Participant(
    text="Glas",
    start=0,
    end=4,
    actor_id="act_glas",
    name="Jorge Glas",
    kind="person",
    country="ECU",
)
OTHER = Participant(
    text="Ortiz",
    start=0,
    end=5,
    actor_id="act_ortiz",
    name="Ana Ortiz",
    kind="person",
    country="ECU",
)
QUITO = Place(name="Quito", kind="city", country="ECU")


def report(
    doc_id: str,
    sentence: int,
    event_type: str = "COERCE",
    *,
    actor: Participant | None = ECU_POLICE,
    recipient: Participant | None = GLAS,
    when: date | None = date(2024, 4, 5),
    precision: str = "day",
    status: str = "text",
    pub_date: date = date(2024, 4, 6),
    **flags: bool,
) -> EventReport:
    return EventReport(
        report_id=f"evr_{doc_id}_{sentence}_{event_type}",
        doc_id=doc_id,
        sentence=sentence,
        sentence_start=0,
        sentence_end=10,
        event_type=event_type,
        mode="arrest" if event_type == "COERCE" else None,
        actor=actor,
        recipient=recipient,
        date=when,
        date_precision=precision if when else None,
        date_status=status if when else "absent",
        place=QUITO,
        pub_date=pub_date,
        **flags,
    )


DOCS = {
    "a": DocumentInfo(source_id="apnews.com", pub_date=date(2024, 4, 6)),
    "b": DocumentInfo(source_id="reuters.com", pub_date=date(2024, 4, 6)),
    "c": DocumentInfo(source_id="local.example", pub_date=date(2024, 4, 7), duplicate_of="a"),
    "d": DocumentInfo(source_id="bbc.co.uk", pub_date=date(2024, 4, 8)),
}


def test_one_event_reported_by_three_articles_and_two_independent_sources() -> None:
    events = merge_reports(
        [report("a", 1), report("b", 3, actor=ECU), report("c", 1), report("a", 5, when=None)],
        DOCS,
        story_id="sty_1",
    )
    assert len(events) == 1
    event = events[0]
    assert (event.n_reports, event.n_articles, event.n_sources) == (4, 3, 2)
    assert event.source_ids == ("apnews.com", "reuters.com")
    assert event.actor == ECU_POLICE  # the more specific of two compatible actors
    assert event.date == date(2024, 4, 5) and event.date_status == "text"
    assert event.first_reported == date(2024, 4, 6) and event.last_reported == date(2024, 4, 7)
    assert event.story_id == "sty_1" and event.place == QUITO


def test_different_people_types_and_dates_stay_apart() -> None:
    events = merge_reports(
        [
            report("a", 1),
            report("b", 1, recipient=OTHER),  # another person arrested
            report("d", 1, when=date(2024, 3, 20)),  # an arrest two weeks earlier
            report("b", 2, "ASSAULT"),
            report("d", 2, historical=True, when=None),  # background, not the news
        ],
        DOCS,
    )
    assert len(events) == 5


def test_dates_within_tolerance_merge_and_are_all_kept() -> None:
    events = merge_reports(
        [report("a", 1), report("b", 1, when=date(2024, 4, 6)), report("d", 1, when=None)],
        DOCS,
    )
    assert len(events) == 1
    assert events[0].dates_reported == ("2024-04-05", "2024-04-06")
    publication = merge_reports(
        [report("a", 1), report("d", 1, when=date(2024, 4, 8), status="publication")], DOCS
    )
    assert len(publication) == 1 and publication[0].date == date(2024, 4, 5)


def test_month_and_year_precision_compare_coarsely() -> None:
    events = merge_reports(
        [
            report("a", 1, when=date(2023, 12, 1), precision="month"),
            report("b", 1, when=date(2023, 12, 18)),
            report("d", 1, when=date(2023, 11, 1), precision="month"),
        ],
        DOCS,
    )
    assert sorted(e.n_reports for e in events) == [1, 2]
    merged = next(e for e in events if e.n_reports == 2)
    assert merged.date == date(2023, 12, 18) and merged.date_precision == "day"


def test_negated_and_hypothetical_reports_are_not_events_and_order_does_not_matter() -> None:
    reports = [report("a", 1), report("b", 1, negated=True), report("d", 1, hypothetical=True)]
    assert [e.n_reports for e in merge_reports(reports, DOCS)] == [1]
    forward = merge_reports([report("a", 1), report("b", 3), report("d", 2)], DOCS)
    backward = merge_reports([report("d", 2), report("b", 3), report("a", 1)], DOCS)
    assert forward == backward


def test_copies_of_an_unknown_original_count_once() -> None:
    docs = {
        "x": DocumentInfo(source_id="one.example", duplicate_of="zzz"),
        "y": DocumentInfo(source_id="two.example", duplicate_of="zzz"),
    }
    events = merge_reports([report("x", 1), report("y", 1)], docs)
    assert events[0].n_articles == 2 and events[0].n_sources == 1


def _reference_groups(reports: list[EventReport]) -> list[tuple[str, ...]]:
    """The merge rule checked pair by pair against every report of a group (the plain
    statement of what ``merge_reports`` computes from per-group summaries)."""

    def who_fit(a: Participant | None, b: Participant | None) -> int | None:
        if a is None or b is None or a.actor_id is None or b.actor_id is None:
            return 1
        if a.actor_id == b.actor_id:
            return 2
        same_state = a.country is not None and a.country == b.country
        kinds = {a.kind, b.kind}
        return 1 if same_state and "country" in kinds and "person" not in kinds else None

    def gap(a: EventReport, b: EventReport) -> int | None:
        if a.date is None or b.date is None:
            return 0
        ranks = {"day": 3, "month": 2, "year": 1}
        coarse = min(ranks[a.date_precision or "day"], ranks[b.date_precision or "day"])
        if coarse == 1:
            return 0 if a.date.year == b.date.year else None
        if coarse == 2:
            return 0 if (a.date.year, a.date.month) == (b.date.year, b.date.month) else None
        days = abs((a.date - b.date).days)
        limit = 1 if a.date_status == b.date_status == "text" else 3
        return days if days <= limit else None

    ordered = sorted(
        (r for r in reports if r.is_event),
        key=lambda r: (r.pub_date or date.max, r.doc_id, r.sentence, r.trigger_start, r.event_type),
    )
    groups: list[list[EventReport]] = []
    for r in ordered:
        best: tuple[int, int] | None = None
        chosen: list[EventReport] | None = None
        for g in groups:
            if (g[0].event_type, g[0].historical) != (r.event_type, r.historical):
                continue
            exact, widest, fits = 0, 0, True
            for o in g:
                a, b, d = who_fit(r.actor, o.actor), who_fit(r.recipient, o.recipient), gap(r, o)
                if a is None or b is None or d is None or (r.mode and o.mode and r.mode != o.mode):
                    fits = False
                    break
                exact, widest = exact + a + b, max(widest, d)
            if fits and (best is None or (exact, -widest) > best):
                best, chosen = (exact, -widest), g
        if chosen is None:
            groups.append([r])
        else:
            chosen.append(r)
    return [tuple(x.report_id for x in g) for g in groups]


def test_merging_equals_the_pairwise_rule_on_random_reports() -> None:
    import random
    from dataclasses import replace

    rng = random.Random(7)
    people = [ECU, ECU_POLICE, MEX, GLAS, OTHER, None, Participant(text="someone", start=0, end=7)]
    # days across a month's end and a year apart, so every precision rule is crossed
    days = [date(2024, 3, 27) + timedelta(days=k) for k in range(12)] + [date(2023, 4, 2)]
    reports = []
    for i in range(600):
        doc = rng.choice("abcd")
        base = report(
            doc,
            i,
            rng.choice(["COERCE", "ACCUSE", "CONSULT"]),
            actor=rng.choice(people),
            recipient=rng.choice(people),
            when=rng.choice([*days, None]),
            precision=rng.choice(["day", "day", "day", "month", "year"]),
            status=rng.choice(["text", "text", "publication"]),
            pub_date=date(2024, 4, rng.randint(5, 9)),
            historical=rng.random() < 0.1,
        )
        reports.append(replace(base, mode=rng.choice([None, "arrest", "detain"])))
    events = merge_reports(reports, DOCS)
    assert [e.report_ids for e in events] == _reference_groups(reports)
    assert 20 < len(events) < 500  # the random reports do merge, and not into one event
