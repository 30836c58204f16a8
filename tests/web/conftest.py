"""Fixtures of the web UI tests: a small database built once per session from articles
written for these tests (one of them hostile: markup in its title, text and outlet), a
TestClient over the app, and a real server over the seed pair for the browser tests."""

from __future__ import annotations

import json
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from newsdesk import Desk
from newsdesk.api.app import create_app
from newsdesk.config import Settings, load_settings

with warnings.catch_warnings():
    # starlette's TestClient prefers httpx2 and says so when it imports httpx; that
    # notice (and only it) is not a failure here.
    warnings.filterwarnings(
        "ignore",
        message="Using `httpx` with `starlette.testclient` is deprecated",
        category=StarletteDeprecationWarning,
    )
    from fastapi.testclient import TestClient

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# Two outlets on one made-up row between two made-up countries (the team's own words), and
# a hostile article: markup in its title, its text and its outlet's name.
ARTICLES = [
    {
        "id": "h1",
        "outlet": "Harbour Gazette",
        "url": "https://harbourgazette.example/ports",
        "published": "2024-06-12",
        "title": "Norland closes its ports to Sarvian ships",
        "text": (
            "Norland closed its ports to Sarvian cargo ships on Tuesday, the transport "
            "ministry said. Police in Eskov arrested two Sarvian sailors on Monday. Sarvia has "
            'accused Norland of breaking the trade treaty since March 2023. "This is a '
            'blockade in all but name," Sarvian Foreign Minister Ilse Varga said. Norland and '
            "Sarvia signed the trade treaty in 2019."
        ),
    },
    {
        "id": "h2",
        "outlet": "Coastline Post",
        "url": "https://coastlinepost.example/ports-row",
        "published": "2024-06-13",
        "title": "Sarvia protests as Norland shuts harbours",
        "text": (
            "Norland closed its ports to Sarvian ships on Wednesday after a dispute over "
            "fishing quotas. Sarvia condemned the decision and recalled its ambassador from "
            "Norland. The Norland government promised to reopen the ports once inspections "
            'end. "We will not be bullied by our neighbour," Sarvian Prime Minister Tomas '
            "Brandt said."
        ),
    },
]
XSS_ARTICLE = {
    "id": "x1",
    "outlet": "<b onmouseover=alert(3)>Evil Times</b>",
    "url": "https://eviltimes.example/row",
    "published": "2024-06-13",
    "title": "<script>alert('title')</script> Norland port row",
    "text": (
        "Norland closed its ports to Sarvian ships <img src=x onerror=alert(2)> on Tuesday. "
        "<script>alert(1)</script> Sarvia condemned the decision."
    ),
}


def write_jsonl(path: Path, articles: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(a) for a in articles) + "\n", "utf-8")
    return path


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over a database holding the three articles, extracted and grouped."""
    folder = tmp_path_factory.mktemp("web")
    settings = load_settings(env={}, store__url=str(folder / "web.db"), api__page_size=5)
    with Desk(settings=settings) as desk:
        desk.run([write_jsonl(folder / "articles.jsonl", [*ARTICLES, XSS_ARTICLE])])
    return settings


@pytest.fixture(scope="session")
def web_desk(web_settings: Settings) -> Iterator[Desk]:
    """A second handle on the test database, for the expected values."""
    with Desk(settings=web_settings) as desk:
        yield desk


@pytest.fixture
def client(web_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(web_settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def xss_doc_id(web_desk: Desk) -> str:
    return next(d.doc_id for d in web_desk.articles(limit=None) if "<script>" in (d.title or ""))


# -- a real server for the browser -----------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The seed pair (read from ../shared/seeds at run time) and the hostile article."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not available")
    gold = json.loads((SEEDS / "gold.json").read_text("utf-8"))
    folder = tmp_path_factory.mktemp("seedweb")
    settings = load_settings(env={}, store__url=str(folder / "seed.db"))
    with Desk(settings=settings) as desk:
        for name, published in gold["publication_dates"].items():
            desk.run([SEEDS / name], date=published)
        desk.run([write_jsonl(folder / "xss.jsonl", [XSS_ARTICLE])])
    return settings


@pytest.fixture(scope="session")
def live_server(seed_settings: Settings) -> Iterator[str]:
    """uvicorn serving the app on 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(seed_settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
