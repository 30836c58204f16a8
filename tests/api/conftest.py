"""Fixtures of the HTTP API tests: one database built from the bundled example corpus
(the team's own articles) for every read test, and a fresh one per write test; each on
SQLite and on PostgreSQL (when NEWSDESK_TEST_PG is set, see tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from conftest import BACKENDS, pg_database
from fastapi.testclient import TestClient

from newsdesk import Desk
from newsdesk.api import create_app
from newsdesk.config import Settings, load_settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOKEN = "test-token-5b0c"


@pytest.fixture(scope="session", params=BACKENDS)
def example_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path | str]:
    """The example corpus ingested, extracted and grouped (once per session and backend):
    a SQLite file's path or a PostgreSQL database's URL."""
    with ExitStack() as stack:
        db: Path | str
        if request.param == "postgresql":
            db = stack.enter_context(pg_database())
        else:
            db = tmp_path_factory.mktemp("api") / "examples.db"
        with Desk(db, settings=load_settings(env={})) as desk:
            desk.run([EXAMPLES])
        yield db


def api_settings(db: Path | str, **overrides: Any) -> Settings:
    return load_settings(env={}, store__url=str(db), **overrides)


@pytest.fixture(scope="module")
def api_client(example_db: Path | str) -> Iterator[TestClient]:
    """A client of the application over the example database (read tests only)."""
    with TestClient(create_app(api_settings(example_db, api__token=TOKEN))) as client:
        yield client


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """``make_client(**settings)``: a client over an empty database of its own."""
    with ExitStack() as stack:

        def make(**overrides: Any) -> TestClient:
            settings = api_settings(tmp_path / f"db{len(made)}.db", **overrides)
            made.append(stack.enter_context(TestClient(create_app(settings))))
            return made[-1]

        made: list[TestClient] = []
        yield make


@pytest.fixture
def write_client(db_url: str) -> Iterator[TestClient]:
    """A client over an empty database of its own (each backend), writes allowed with
    ``TOKEN``."""
    settings = api_settings(db_url, api__token=TOKEN, api__max_body_bytes=20_000)
    with TestClient(create_app(settings)) as client:
        yield client
