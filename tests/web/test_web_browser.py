"""End to end in headless Chromium: the app served by uvicorn over the seed pair plus a
hostile article (see conftest.py), driven with Playwright. Every request the pages make
must stay on the test server (no CDN), no page may log an error or open a dialog.

Set ``NEWSDESK_SCREENSHOTS=DIR`` to keep a screenshot of the story page in DIR."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk import Desk
from newsdesk.config import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Watch:
    """What a page did that it must not: dialogs, errors, requests off the server."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.offsite: list[str] = []

    def attach(self, page: Any) -> None:
        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        def console(message: Any) -> None:
            if message.type == "error":
                self.errors.append(message.text)

        def route(r: Any) -> None:
            if r.request.url.startswith(self.base) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                self.offsite.append(r.request.url)
                r.abort()

        page.on("dialog", dialog)
        page.on("console", console)
        page.on("pageerror", lambda err: self.errors.append(str(err)))
        page.route("**/*", route)

    def check(self) -> None:
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        assert not self.errors, f"errors in the page: {self.errors}"
        assert not self.offsite, f"requests off the server: {self.offsite}"


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    opened = context.new_page()
    watch = Watch(live_server)
    watch.attach(opened)
    yield opened, watch
    context.close()


@pytest.fixture(scope="module")
def seed_story(seed_settings: Settings) -> str:
    with Desk(settings=seed_settings) as desk:
        return desk.stories(order="sources", limit=1)[0].story_id


def test_the_story_page_draws_the_timeline_and_the_comparison(
    page: tuple[Any, Watch], live_server: str, seed_story: str, tmp_path: Path
) -> None:
    tab, watch = page
    tab.goto(f"{live_server}/stories/{seed_story}")
    tab.wait_for_selector("#timeline-chart.chart-ready svg.main-svg")
    assert tab.locator("#timeline-chart .scatterlayer .point").count() > 5
    headers = tab.locator("table.compare th.outlet-col").all_inner_texts()
    assert "Latin Post" in headers and len(headers) == 2
    assert tab.locator("table.compare tbody tr").count() > 5
    assert tab.locator("table.compare a.cell.reported").first.is_visible()
    assert "Jorge Glas" in tab.locator("#quotes").inner_text()
    shot = tmp_path / "story.png"
    tab.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("NEWSDESK_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(keep) / "story.png")
    watch.check()


def test_a_citation_opens_the_article_at_the_cited_sentence(
    page: tuple[Any, Watch], live_server: str, seed_story: str
) -> None:
    tab, watch = page
    tab.goto(f"{live_server}/stories/{seed_story}")
    cite = tab.locator("#brief .brief-list a.cite").nth(2)
    href = cite.get_attribute("href")
    assert href and "#c-" in href
    cite.click()
    tab.wait_for_url(f"{live_server}{href}")
    fragment = href.split("#", 1)[1]
    target = tab.locator(f"mark.cited#{fragment}")
    target.wait_for(state="visible")
    assert target.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }"
    ), "the cited sentence is not scrolled into view"
    colour = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    start, end = (int(x) for x in fragment.removeprefix("c-").split("-"))
    assert len(target.inner_text()) > 0.5 * (end - start)
    watch.check()


def test_a_hostile_article_renders_as_text(
    page: tuple[Any, Watch], live_server: str, seed_settings: Settings
) -> None:
    with Desk(settings=seed_settings) as desk:
        hostile = next(d for d in desk.articles(limit=None) if "<script>" in (d.title or ""))
        story = desk.store.story_assignments([hostile.doc_id])[hostile.doc_id]
    tab, watch = page
    tab.goto(f"{live_server}/articles/{hostile.doc_id}")
    assert tab.locator("h1").inner_text() == "<script>alert('title')</script> Norland port row"
    text = tab.locator("#article-text").inner_text()
    assert "<img src=x onerror=alert(2)>" in text and "<script>alert(1)</script>" in text
    tab.locator(".outlet-name").first.hover()
    assert tab.locator("img").count() == 0
    assert tab.locator("#article-text script, #article-text b").count() == 0
    for url in (f"/stories/{story}", "/search?q=Norland", "/"):
        tab.goto(f"{live_server}{url}")
        tab.mouse.move(10, 10)
        assert tab.locator("img").count() == 0
    tab.wait_for_timeout(300)
    watch.check()


def test_the_actor_network_is_drawn(
    page: tuple[Any, Watch], live_server: str, seed_settings: Settings
) -> None:
    with Desk(settings=seed_settings) as desk:
        mexico = next(a for a in desk.actors("Mexico") if a.name == "Mexico")
    tab, watch = page
    tab.goto(f"{live_server}/actors/{mexico.actor_id}")
    tab.wait_for_selector("#network-chart.chart-ready svg.main-svg")
    labels = tab.locator("#network-chart .textpoint").all_text_contents()
    assert "Mexico" in labels and "Ecuador" in labels
    watch.check()
