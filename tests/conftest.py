"""Shared fixtures. Third-party text (seeds, dev sets) is read from ../shared, never copied."""

from __future__ import annotations

import difflib
import gzip
import io
import itertools
import json
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from newsdesk.config import Settings, load_settings
from newsdesk.model import Article
from newsdesk.store import SQLStore, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"

# A paragraph written for these tests (the team's own words).
PARAGRAPHS = [
    "The port authority in Valmora said on Tuesday that two cargo ships had been held at "
    "anchor for a third day while inspectors checked their papers.",
    "Officials from the shipping ministry told reporters that the delay was routine, but "
    "the owners of both vessels said they had not been given a reason.",
    "Trade groups warned that a longer hold-up would push up the price of grain and fuel "
    "in the coastal towns that depend on the harbour for most of their supplies.",
]
ARTICLE_TEXT = "\n\n".join(PARAGRAPHS)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the files in tests/golden/ from the current outputs (review the diff).",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, Any], None]:
    """``golden(name, data)``: ``data`` as pretty JSON with sorted keys must equal
    ``tests/golden/<name>``; ``pytest --update-golden`` rewrites the file instead."""

    def check(name: str, data: Any) -> None:
        path = GOLDEN / name
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            return
        if not path.is_file():
            pytest.fail(f"{path} is missing: run pytest --update-golden and review it")
        expected = path.read_text("utf-8")
        if expected != text:
            diff = difflib.unified_diff(
                expected.splitlines(), text.splitlines(), f"golden/{name}", "now", lineterm=""
            )
            shown = "\n".join(list(diff)[:60])
            pytest.fail(f"{name} differs from the golden copy (pytest --update-golden):\n{shown}")

    return check


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sockets may only reach loopback."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in {"127.0.0.1", "localhost", "::1"}
            and not (host.startswith("/"))
        ):
            raise OSError(f"network access blocked in tests: {host}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(env={}, store__url=str(tmp_path / "test.db"))


# PostgreSQL: the tests that run on every backend run there too when NEWSDESK_TEST_PG names
# a server account that may create databases (.ci/run starts one); each test gets a new
# database of its own, dropped afterwards.
PG_ENV = "NEWSDESK_TEST_PG"
PG_SKIP = f"PostgreSQL tests need {PG_ENV}=postgresql://user@host:port/db (may create databases)"
BACKENDS = ["sqlite", "postgresql"]
_pg_serial = itertools.count()


def pg_admin_url() -> str:
    """The admin URL from the environment; skips the calling test when unset."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        pytest.skip(PG_SKIP)
    pytest.importorskip("psycopg", reason=f"{PG_ENV} is set but psycopg is not installed")
    return url


@contextmanager
def pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database (byte-order collation, as SQLite sorts text); its
    URL, then it is dropped with any connection left open to it."""
    import sqlalchemy as sa

    from newsdesk.store.postgres import driver_url

    admin = driver_url(pg_admin_url())
    name = f"newsdesk_test_{os.getpid()}_{next(_pg_serial)}_{uuid.uuid4().hex[:6]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'"
            )
        try:
            yield admin.set(database=name).render_as_string(hide_password=False)
        finally:
            with engine.connect() as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database (skips without NEWSDESK_TEST_PG)."""
    with pg_database() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database on each backend (SQLite file; PostgreSQL when
    NEWSDESK_TEST_PG is set, else that case skips)."""
    if request.param == "postgresql":
        with pg_database() as url:
            yield url
    else:
        yield str(tmp_path / "test.db")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest) -> Iterator[SQLStore]:
    """An empty store on each backend: in-memory SQLite, and PostgreSQL (see db_url)."""
    with pg_database() if request.param == "postgresql" else _memory() as url:
        opened = open_store(url)
        assert isinstance(opened, SQLStore)
        try:
            yield opened
        finally:
            opened.close()


@contextmanager
def _memory() -> Iterator[str]:
    yield ":memory:"


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not available")
    return SEEDS


@pytest.fixture
def make_article() -> Callable[..., Article]:
    def factory(**fields: Any) -> Article:
        from newsdesk.ingest.common import Meta, build_article

        raw = fields.pop("raw", ARTICLE_TEXT)
        meta = Meta(**{k: fields.pop(k) for k in list(fields) if k in Meta.__dataclass_fields__})
        return build_article(
            origin=fields.pop("origin", "test"),
            raw=raw,
            content_type=fields.pop("content_type", "text/plain"),
            meta=meta,
            **fields,
        )

    return factory


def html_page(
    title: str,
    paragraphs: list[str],
    *,
    url: str | None = None,
    site: str = "Valmora Herald",
    date: str = "2024-03-02",
) -> str:
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} | {site}</title>"
        f'<meta property="og:title" content="{title}">'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta name="author" content="Lena Ortiz">'
        f'<meta property="article:published_time" content="{date}T09:30:00+00:00">'
        f"{canonical}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        "<div class='cookies'>We use cookies to improve your experience. Accept all</div>"
        f"<article><h1>{title}</h1><p class='byline'>By Lena Ortiz</p>{body}</article>"
        "<aside><h3>Most read</h3><ul><li><a href='/a'>Football club sold</a></li>"
        "<li><a href='/b'>Weather warning for the weekend</a></li></ul></aside>"
        f"<footer>© 2024 {site}. All rights reserved. <a href='/privacy'>Privacy</a></footer>"
        "</body></html>"
    )


def write_warc(
    path: Path, pages: list[tuple[str, str]], *, extra_404: bool = True, gz: bool = True
) -> None:
    """A small CC-NEWS-like WARC with one HTTP 200 response per ``(url, html)`` page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        records = [(url, "200 OK", html) for url, html in pages]
        if extra_404:
            records.append(("https://valmoraherald.example/missing", "404 Not Found", "gone"))
        for url, status, html in records:
            headers = StatusAndHeaders(
                status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            body = html.encode("utf-8")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


@pytest.fixture
def html_factory() -> Callable[..., str]:
    return html_page


@pytest.fixture
def warc_factory() -> Callable[..., None]:
    return write_warc
