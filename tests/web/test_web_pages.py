"""The web pages through a TestClient over a small database (see conftest.py): status, key
content, filters, error pages, CSV download, escaping of hostile article content."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from newsdesk import Desk
from newsdesk.export.tables import EVENTS

from .htmltree import Node, parse

OWN_SCRIPTS = {"/static/newsdesk.js", "/static/plotly.min.js"}


def page(client: Any, url: str, status: int = 200) -> Node:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return parse(response.text)


def story_id(desk: Desk) -> str:
    return desk.stories(limit=1)[0].story_id


# -- stories list ----------------------------------------------------------------------------


def test_the_story_list_links_every_story(client: Any, web_desk: Desk) -> None:
    tree = page(client, "/")
    links = {a.attrs["href"] for a in tree.find_all("a", class_="story-title")}
    assert links == {f"/stories/{s.story_id}" for s in web_desk.stories(limit=None)}
    assert "Norland closes its ports" in tree.find("a", class_="story-title").text


def test_the_story_list_filters(client: Any, web_desk: Desk) -> None:
    story = web_desk.stories(limit=1)[0]
    assert page(client, f"/?min_sources={story.n_sources}").find_all("li", class_="story-card")
    beyond = page(client, f"/?min_sources={story.n_sources + 1}")
    assert not beyond.find_all("li", class_="story-card")
    assert "No stories match these filters" in beyond.text
    assert not page(client, "/?since=2030-01-01").find_all("li", class_="story-card")
    assert page(client, "/?since=2024-01-01&order=sources").find_all("li", class_="story-card")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/?since=yesterday", "since 'yesterday': not a date (YYYY-MM-DD)"),
        ("/?min_sources=many", "min_sources 'many': not a whole number"),
        ("/?order=oldest", "order 'oldest': expected one of newest, sources"),
        ("/?page=0", "page 0: expected 1 to"),
        ("/events?country=Mexico", "country 'Mexico': expected an ISO 3166 alpha-3 code"),
        ("/events?event_type=PICNIC", "event type 'PICNIC' is not in PLOVER"),
        ("/events?event_type=COERCE&mode=tickle", "mode 'tickle': COERCE has"),
        ("/events?since=2024-05-01&until=2024-04-01", "since 2024-05-01 is after until"),
        ("/dyads?actor=Sarvia&recipient=Norland&period=decade", "period 'decade': expected"),
    ],
)
def test_bad_parameters_give_a_422_page_with_one_line(client: Any, url: str, words: str) -> None:
    tree = page(client, url, status=422)
    message = tree.find("p", class_="error-message").text
    assert words in message and "\n" not in message


# -- story page ------------------------------------------------------------------------------


def test_the_story_page_shows_brief_timeline_comparison_and_quotes(
    client: Any, web_desk: Desk
) -> None:
    sid = story_id(web_desk)
    view = web_desk.story(sid)
    tree = page(client, f"/stories/{sid}")
    assert tree.find("h1").text.startswith("Norland closes its ports")
    brief = tree.find("section", id="brief")
    assert brief.find_all("a", class_="cite")
    # the timeline: a chart with a figure and an HTML list with every entry
    chart = tree.find("div", id="timeline-chart")
    assert '"data"' in chart.attrs["data-figure"]
    items = tree.find("section", id="timeline").find_all("li", class_="tl-item")
    assert len(items) == len(web_desk.timeline(sid))
    # the comparison: a column per outlet, a row per merged event
    table = tree.find("table", class_="compare")
    headers = [th.text for th in table.find_all("th", class_="outlet-col")]
    assert {"Harbour Gazette", "Coastline Post"} <= set(headers)
    assert len(table.find("tbody").find_all("tr")) == len(view.events)
    # quotes keep their speakers
    quotes = tree.find("section", id="quotes")
    assert "Ilse Varga" in quotes.text and "blockade in all but name" in quotes.text


def test_comparison_cells_link_to_the_evidence_sentence(client: Any, web_desk: Desk) -> None:
    sid = story_id(web_desk)
    view = web_desk.story(sid)
    tree = page(client, f"/stories/{sid}")
    cells = tree.find("table", class_="compare").find_all("a", class_="cell")
    assert cells
    for cell in cells:
        found = re.fullmatch(
            r"/articles/(art_\w+)\?hl=(\d+)-(\d+)#c-(\d+)-(\d+)", cell.attrs["href"]
        )
        assert found, cell.attrs["href"]
        doc_id, start, end = found[1], int(found[2]), int(found[3])
        assert (start, end) == (int(found[4]), int(found[5]))
        assert (start, end) in view.documents[doc_id].sentences


def test_a_date_conflict_is_marked_in_the_table_and_listed(client: Any, web_desk: Desk) -> None:
    comparison = web_desk.comparison(story_id(web_desk))
    dated = [c for c in comparison.conflicts if c.kind == "date"]
    if not dated:
        pytest.skip("the extractor found no date conflict in the test articles")
    tree = page(client, f"/stories/{story_id(web_desk)}")
    assert tree.find("table", class_="compare").find_all("a", class_="conflicting")
    assert dated[0].note in tree.find("section", id="conflicts").text


def test_an_unknown_story_is_a_404_page(client: Any) -> None:
    tree = page(client, "/stories/sty_00000000000000000000", status=404)
    assert "story sty_00000000000000000000: not in the database" in tree.text


# -- article page ----------------------------------------------------------------------------


def test_the_article_page_marks_triggers_actors_and_sentences(client: Any, web_desk: Desk) -> None:
    document = next(
        d for d in web_desk.articles(limit=None) if d.source_id == "harbourgazette.example"
    )
    reports = web_desk.events(article=document.doc_id, unreal=True, limit=None)
    tree = page(client, f"/articles/{document.doc_id}")
    text = tree.find("div", id="article-text")
    assert text.text == document.text  # every character, once, in order
    assert len(text.find_all("span", class_="sentence")) == len(document.sentences)
    triggers = {m.text for m in text.find_all("mark", class_="trigger")}
    assert triggers and triggers <= {r.trigger for r in reports}
    actors = text.find_all("a", class_="actor")
    assert any(a.text == "Norland" and a.attrs["href"].startswith("/actors/act_") for a in actors)
    assert "Ilse Varga" in "".join(q.text for q in tree.find_all("aside"))


def test_a_cited_span_is_wrapped_in_a_mark_with_its_id(client: Any, web_desk: Desk) -> None:
    document = web_desk.articles(limit=1)[0]
    start, end = document.sentences[-1]
    tree = page(client, f"/articles/{document.doc_id}?hl={start}-{end}")
    marks = tree.find("div", id="article-text").find_all("mark", class_="cited")
    assert marks[0].attrs["id"] == f"c-{start}-{end}"
    assert "".join(m.text for m in marks) == document.text[start:end]
    assert len(tree.find_all(id=f"c-{start}-{end}")) == 1


def test_bad_or_stale_citations(client: Any, web_desk: Desk) -> None:
    document = web_desk.articles(limit=1)[0]
    page(client, f"/articles/{document.doc_id}?hl=9-3", status=422)
    stale = page(client, f"/articles/{document.doc_id}?hl=5-999999")
    assert not stale.find("div", id="article-text").find_all("mark", class_="cited")
    page(client, "/articles/art_nothing_here", status=404)


def test_hostile_article_content_is_shown_as_text(
    client: Any, web_desk: Desk, xss_doc_id: str
) -> None:
    sid = story_id(web_desk)
    for url in [f"/articles/{xss_doc_id}", f"/stories/{sid}", "/", "/search?q=Norland", "/events"]:
        body = client.get(url).text
        assert "<script>alert" not in body, url
        assert "<img" not in body, url
        assert "<b onmouseover" not in body, url
        scripts = re.findall(r"<script\b([^>]*)>", body)
        assert all(re.search(r'src="([^"?]+)', s)[1] in OWN_SCRIPTS for s in scripts), url
    article = parse(client.get(f"/articles/{xss_doc_id}").text)
    assert article.find("h1").text == "<script>alert('title')</script> Norland port row"
    assert "<img src=x onerror=alert(2)>" in article.find("div", id="article-text").text
    assert "<script>alert(1)</script>" in article.find("div", id="article-text").text
    assert (
        article.find("span", class_="outlet-name").text == "<b onmouseover=alert(3)>Evil Times</b>"
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(f"/articles/{xss_doc_id}").text


def test_pages_send_a_content_security_policy(client: Any, web_desk: Desk) -> None:
    for url in ["/", f"/stories/{story_id(web_desk)}", "/nope"]:
        policy = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert "content-security-policy" not in client.get("/api/v1/health").headers


# -- search ----------------------------------------------------------------------------------


def test_search_finds_articles_stories_and_actors(client: Any, web_desk: Desk) -> None:
    tree = page(client, "/search?q=fishing quotas")
    results = tree.find("ul", class_="results").find_all("li")
    expected = web_desk.articles(search="fishing quotas", limit=None)
    assert len(results) == len(expected) == 1
    assert results[0].find("b", class_="hit").text.lower() == "fishing"
    assert tree.find_all("a", href=f"/stories/{story_id(web_desk)}")
    actors = page(client, "/search?q=Norland").text
    assert "Actors" in actors and "Norland" in actors
    assert "No article contains" in page(client, "/search?q=zebra").text


# -- events ----------------------------------------------------------------------------------


def rows(tree: Node) -> list[Node]:
    return tree.find("table", class_="data").find("tbody").find_all("tr")


def test_the_event_explorer_lists_merged_events_and_filters(client: Any, web_desk: Desk) -> None:
    everything = web_desk.merged_events(limit=None)
    first = page(client, "/events")
    assert len(rows(first)) == min(5, len(everything))  # page size 5 in these tests
    if len(everything) > 5:
        second = page(client, "/events?page=2")
        assert len(rows(second)) == min(5, len(everything) - 5)
    coerce = page(client, "/events?event_type=coerce")
    types = {r.find("span", class_="etype").text for r in rows(coerce)}
    assert types == {"COERCE"}
    assert len(rows(coerce)) == len(web_desk.merged_events(event_type="COERCE", limit=None))
    wide = page(client, "/events?min_sources=2")
    assert len(rows(wide)) == len(web_desk.merged_events(min_sources=2, limit=None))
    none = page(client, "/events?since=2030-01-01")
    assert "No events match" in none.text
    dated = page(client, "/events?since=2024-06-11&until=2024-06-12")
    for row in rows(dated):
        assert "2024-06-11" <= row.find("td").text[:10] <= "2024-06-12"


def test_the_mode_filter(client: Any, web_desk: Desk) -> None:
    arrests = web_desk.merged_events(event_type="COERCE", mode="arrest", limit=None)
    tree = page(client, "/events?event_type=COERCE&mode=arrest")
    assert len(tree.find_all("tr")) - 1 == len(arrests)


def test_the_csv_download_has_the_same_filters(client: Any, web_desk: Desk) -> None:
    response = client.get("/events.csv?event_type=ACCUSE")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert list(table[0].keys()) == EVENTS.columns
    expected = web_desk.merged_events(event_type="ACCUSE", limit=None)
    assert [r["event_id"] for r in table] == [e.event_id for e in expected]
    assert {r["event_type"] for r in table} == {"ACCUSE"}
    everything = list(csv.DictReader(io.StringIO(client.get("/events.csv").text)))
    assert len(everything) == len(web_desk.merged_events(limit=None))
    link = page(client, "/events?event_type=ACCUSE").find("a", id="csv-link")
    assert link.attrs["href"] == "/events.csv?event_type=ACCUSE"
    assert client.get("/events.csv?since=never").status_code == 422


# -- actors and dyads ------------------------------------------------------------------------


def test_actor_list_and_search(client: Any, web_desk: Desk) -> None:
    tree = page(client, "/actors?q=sarvia")
    names = [a.text for a in tree.find("table", class_="data").find_all("a")]
    assert names == [a.name for a in web_desk.actors("sarvia")][:5]
    assert "No actors match" in page(client, "/actors?q=zebra").text


def test_the_actor_page_shows_events_network_and_dyad_links(client: Any, web_desk: Desk) -> None:
    norland = next(a for a in web_desk.actors("Norland") if a.name == "Norland")
    tree = page(client, f"/actors/{norland.actor_id}")
    assert tree.find("h1").text == "Norland"
    involved = [
        e
        for e in web_desk.merged_events(limit=None)
        if norland.actor_id in {e.actor and e.actor.actor_id, e.recipient and e.recipient.actor_id}
    ]
    assert f"{len(involved)} events" in tree.find("div", class_="story-meta").text
    partners = [
        e.actor.actor_id
        for e in involved
        if e.actor and e.recipient and e.recipient.actor_id == norland.actor_id
    ] + [
        e.recipient.actor_id
        for e in involved
        if e.actor and e.recipient and e.actor.actor_id == norland.actor_id
    ]
    partners = [p for p in partners if p]
    if not partners:
        pytest.skip("no resolved partner of Norland in the test articles")
    chart = tree.find("div", id="network-chart")
    assert '"customdata"' in chart.attrs["data-figure"]
    dyads = [
        a.attrs["href"] for a in tree.find_all("a") if a.attrs.get("href", "").startswith("/dyads/")
    ]
    assert f"/dyads/{norland.actor_id}/{partners[0]}" in dyads
    page(client, "/actors/act_nobody", status=404)


def test_the_dyad_page_shows_scores_over_time(client: Any, web_desk: Desk) -> None:
    sarvia = next(a for a in web_desk.actors("Sarvia") if a.name == "Sarvia")
    norland = next(a for a in web_desk.actors("Norland") if a.name == "Norland")
    events = web_desk.merged_events(actor=sarvia.actor_id, recipient=norland.actor_id, limit=None)
    if not events:
        pytest.skip("no Sarvia → Norland event in the test articles")
    tree = page(client, "/dyads?actor=Sarvia&recipient=Norland&period=day")
    table = tree.find("table", id="dyad-table")
    first = events[-1]
    row = next(
        r for r in table.find("tbody").find_all("tr") if r.find("td").text == str(first.date)
    )
    cells = [td.text.strip() for td in row.find_all("td")]
    same_day = [e for e in events if e.date == first.date and e.score is not None]
    assert cells[1] == str(len([e for e in events if e.date == first.date]))
    assert cells[2] == f"{sum(e.score for e in same_day) / len(same_day):+.1f}"  # type: ignore[misc]
    assert '"data"' in tree.find("div", id="dyad-chart").attrs["data-figure"]
    moved = client.get(f"/dyads/{sarvia.actor_id}/{norland.actor_id}", follow_redirects=False)
    assert moved.status_code == 307
    assert (
        moved.headers["location"] == f"/dyads?actor={sarvia.actor_id}&recipient={norland.actor_id}"
    )
    assert page(client, "/dyads").find("form", class_="filters")
    assert (
        "no actor has that id" in page(client, "/dyads?actor=Atlantis&recipient=Norland", 422).text
    )


# -- docs, static files, errors --------------------------------------------------------------


def test_the_docs_page_lists_the_api_offline(client: Any) -> None:
    response = client.get("/docs")
    tree = parse(response.text)
    spec = client.get("/openapi.json").json()
    listed = {c.text for c in tree.find_all("code")}
    assert set(spec["paths"]) <= listed
    assert "/api/v1/health" in listed
    assert not re.search(r"""(src|href)="(https?:)?//""", response.text)
    assert not any(path in spec["paths"] for path in ("/", "/events", "/stories/{story_id}"))


def test_plotly_js_comes_from_the_installed_package(client: Any) -> None:
    import plotly

    response = client.get(f"/static/plotly.min.js?v={plotly.__version__}")
    assert response.status_code == 200
    assert "immutable" in response.headers["cache-control"]
    assert "plotly.js" in response.text[:500]
    assert client.get("/static/newsdesk.css").status_code == 200
    assert client.get("/static/%2e%2e/views.py").status_code == 404


def test_unknown_pages_are_html_and_unknown_api_routes_stay_json(client: Any) -> None:
    tree = page(client, "/no/such/page", status=404)
    assert "no page at this address" in tree.find("p", class_="error-message").text
    response = client.get("/api/v1/no/such/route")
    assert response.status_code == 404 and response.headers["content-type"] == "application/json"


def test_story_pages_are_built_once_per_version_of_the_story(
    web_desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    from newsdesk.web.pages import StoryPages

    sid = story_id(web_desk)
    pages = StoryPages(size=1)
    first = pages.get(web_desk, sid)
    assert pages.get(web_desk, sid[:10]) is first  # a prefix names the same version
    record = web_desk.story_record(sid)
    later = replace(record, updated_at=datetime(2100, 1, 1, tzinfo=UTC))
    monkeypatch.setattr(web_desk, "story_record", lambda _: later)  # regrouped since
    rebuilt = pages.get(web_desk, sid)
    assert rebuilt is not first and rebuilt["title"] == first["title"]
    assert pages.get(web_desk, sid) is rebuilt and len(pages._pages) == 1


def test_a_big_story_page_is_bounded_and_says_what_it_leaves_out(
    client: Any, web_desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.web import pages

    sid = story_id(web_desk)
    view = web_desk.story(sid)
    assert len(view.documents) >= 2 and len(view.events) >= 2
    monkeypatch.setattr(pages, "MAX_ARTICLES", 1)
    monkeypatch.setattr(pages, "MAX_COMPARISON_ROWS", 1)
    monkeypatch.setattr(pages, "MAX_CITES", 1)
    tree = page(client, f"/stories/{sid}")
    assert len(tree.find("ul", class_="article-list").find_all("li")) == 1
    n_more = len(view.documents) - 1
    assert f"and {n_more} more article" in tree.text
    rows = tree.find("table", class_="compare").find("tbody").find_all("tr")
    assert len(rows) == 1 and "reported by fewer outlets are not shown" in tree.text
    for item in tree.find("section", id="brief").find_all("li"):
        assert len(item.find_all("a", class_="cite")) <= 1
