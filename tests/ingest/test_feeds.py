from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PARAGRAPHS

from newsdesk.clean import clean_article
from newsdesk.ingest import read
from newsdesk.model import Article, Failure

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Valmora Herald</title><link>https://valmoraherald.example/</link>
<language>en-gb</language>
<item><title>Ships held at Valmora</title>
<link>https://valmoraherald.example/2024/ships</link>
<guid>vh-1</guid><pubDate>Sat, 02 Mar 2024 09:30:00 +0000</pubDate>
<dc:creator>Lena Ortiz</dc:creator>
<description>Two ships held.</description>
<content:encoded><![CDATA[{body}]]></content:encoded></item>
<item><title>Only a title</title><link>https://valmoraherald.example/2024/empty</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Times</title>
<entry><title>Harbour reopens</title><link href="https://coast.example/harbour"/>
<id>urn:coast:1</id><updated>2024-03-04T08:00:00Z</updated>
<author><name>Tom Lee</name></author>
<content type="html">{body}</content></entry></feed>"""


def _body() -> str:
    return "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def test_rss_items_with_full_content(tmp_path: Path, settings) -> None:
    file = tmp_path / "herald.xml"
    file.write_text(RSS.format(body=_body()), "utf-8")
    items = list(read(file, settings=settings))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 1, "the entry without content is skipped"
    (article,) = articles
    assert article.url == "https://valmoraherald.example/2024/ships"
    assert article.outlet == "Valmora Herald"
    assert article.authors == ("Lena Ortiz",)
    assert str(article.pub_date) == "2024-03-02"
    assert article.external_id == "vh-1"
    document, _ = clean_article(article, settings)
    assert document.text.split("\n\n") == PARAGRAPHS


def test_atom_entry(tmp_path: Path, settings) -> None:
    from html import escape

    file = tmp_path / "coast.atom"
    file.write_text(ATOM.format(body=escape(_body())), "utf-8")
    (article,) = list(read(file, settings=settings))
    assert (article.title, article.outlet, article.authors) == (
        "Harbour reopens",
        "Coast Times",
        ("Tom Lee",),
    )
    assert article.source_id == "coast.example"


def test_broken_feed_is_a_failure(tmp_path: Path, settings) -> None:
    file = tmp_path / "broken.rss"
    file.write_text("<rss><channel><title>x</title>", "utf-8")
    (failure,) = list(read(file, settings=settings))
    assert isinstance(failure, Failure) and failure.code == "bad_feed"


@pytest.fixture
def feed_server(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "feed.xml").write_text(RSS.format(body=_body()), "utf-8")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_feed_from_a_url_the_user_passed(feed_server: str, settings) -> None:
    items = list(read(f"{feed_server}/feed.xml", settings=settings))
    (article,) = [i for i in items if isinstance(i, Article)]
    assert article.url == "https://valmoraherald.example/2024/ships"
    assert article.fetched_at is not None


def test_unreachable_url_is_a_failure(feed_server: str, settings) -> None:
    (failure,) = list(read(f"{feed_server}/missing.xml", settings=settings))
    assert isinstance(failure, Failure)
    assert failure.code == "http_error" and "404" in failure.message


def test_page_from_a_url_the_user_passed(feed_server: str, settings, tmp_path: Path) -> None:
    from conftest import html_page

    (tmp_path / "story.html").write_text(
        html_page("Ships held", PARAGRAPHS, url="https://valmoraherald.example/ships"), "utf-8"
    )
    (article,) = list(read(f"{feed_server}/story.html", settings=settings))
    assert article.content_type == "text/html"
    assert article.url == "https://valmoraherald.example/ships", "the page's canonical URL"
    assert article.origin == f"url:{feed_server}/story.html"
