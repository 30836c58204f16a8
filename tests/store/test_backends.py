"""What the backends do differently, and writers at the same time on each."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from newsdesk.errors import ConfigError, StoreError
from newsdesk.model import Actor, Document, Extraction, Source
from newsdesk.store import DocumentQuery, ExtractionWrite, SQLStore, open_store
from newsdesk.store.base import WriteBatch
from newsdesk.store.postgres import display_url, driver_url


def _document(article_id: str, text: str, title: str = "Notice") -> Document:
    return Document(
        doc_id=article_id,
        text=text,
        title=title,
        source_id="coast.example",
        lang="en",
        pub_date=date(2024, 3, 1),
        sentences=((0, len(text)),),
        content_hash=f"h_{article_id}",
    )


def _batch(make_article: Callable[..., object], texts: dict[str, str]) -> WriteBatch:
    batch = WriteBatch(sources=[Source(source_id="coast.example", name="Coast Times")])
    for url, text in texts.items():
        article = make_article(url=url, raw=text)
        batch.articles.append(article)  # type: ignore[arg-type]
        batch.documents.append(_document(article.article_id, text))  # type: ignore[attr-defined]
    return batch


def test_urls_are_shown_without_their_password() -> None:
    assert display_url("postgresql://ana:s3cret@db.example:5432/news") == (
        "postgresql://ana:***@db.example:5432/news"
    )
    assert display_url("newsdesk.db") == "newsdesk.db"
    assert display_url("postgresql://db.example/news") == "postgresql://db.example/news"
    assert str(driver_url("postgres://ana@db.example/news")) == (
        "postgresql+psycopg://ana@db.example/news"
    )


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql+psycopg2://ana:s3cret@127.0.0.1/news", "driver 'psycopg2' is not supported"),
        ("postgresql://", "not a postgresql:// URL"),
        ("mysql://ana:s3cret@127.0.0.1/news", "backend 'mysql' is not available"),
    ],
)
def test_unsupported_urls_are_a_config_error(url: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words) as caught:
        open_store(url)
    assert "s3cret" not in str(caught.value)


def test_a_missing_driver_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    with pytest.raises(ConfigError, match=r'pip install "newsdesk\[postgres\]"') as caught:
        open_store("postgresql://ana:s3cret@127.0.0.1:1/news")
    assert "s3cret" not in str(caught.value)


def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot open") as caught:
        open_store("postgresql://ana:s3cret@127.0.0.1:1/news?connect_timeout=2")
    message = str(caught.value)
    assert "s3cret" not in message and "ana:***@127.0.0.1:1" in message
    assert "\n" not in message


def test_nul_characters_are_stored(store: SQLStore, make_article) -> None:
    """PostgreSQL text cannot hold NUL: it becomes U+FFFD there, offsets unchanged."""
    text = "Harbour\x00 ships and grain."
    batch = _batch(make_article, {"https://coast.example/nul": text})
    store.write_batch(batch)
    (document,) = store.documents(DocumentQuery())
    expected = text if store.engine.dialect.name == "sqlite" else text.replace("\x00", "\ufffd")
    assert document.text == expected and len(document.text) == len(text)
    assert store.article(batch.articles[0].article_id).article.raw == expected


def test_search_syntax(store: SQLStore, make_article) -> None:
    texts = {
        "https://coast.example/1": "Ships wait for grain at the port.",
        "https://coast.example/2": "Grain prices rose at the port as ships waited.",
        "https://coast.example/3": "The port opened a new quay.",
    }
    store.write_batch(_batch(make_article, texts))

    def found(search: str) -> set[str]:
        return {d.text[:12] for d in store.documents(DocumentQuery(search=search))}

    # Plain words: every word must appear, in any order or case, on both backends.
    assert found("PORT ships") == {"Ships wait f", "Grain prices"}
    assert found("quay port") == {"The port ope"}
    assert found("harbour") == set()
    assert found("?!") == set()
    if store.engine.dialect.name == "postgresql":  # web search syntax
        assert found('"grain at the port"') == {"Ships wait f"}
        assert found("quay or grain") == set(found("port"))
        assert found("port -ships") == {"The port ope"}
    else:  # operators are words like any other
        assert found('"grain at the port"') == {"Ships wait f", "Grain prices"}  # all 4 words
        assert found("port -ships") == {"Ships wait f", "Grain prices"}


def test_concurrent_writers_of_the_same_articles_store_each_once(db_url: str, make_article) -> None:
    """Two stores (as two processes would) write overlapping batches at the same moment:
    no unique violation, no deadlock, every article once."""
    open_store(db_url).close()
    texts = {f"https://coast.example/{i}": f"Harbour report {i} on grain." for i in range(120)}
    urls = list(texts)
    shared, own = urls[:80], (urls[80:100], urls[100:])
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(side: int) -> None:
        store = open_store(db_url)
        try:
            for k in range(8):  # the same ten shared articles, in opposite orders, at once
                chunk = shared[10 * k : 10 * k + 10][:: 1 if side else -1]
                chunk += own[side][5 * (k % 4) : 5 * (k % 4) + 5]
                batch = _batch(make_article, {u: texts[u] for u in chunk})
                start.wait()
                store.write_batch(batch)
        except BaseException as err:  # reported below, in the test's thread
            errors.append(err)
            start.abort()
        finally:
            store.close()

    threads = [threading.Thread(target=write, args=(side,)) for side in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = open_store(db_url)
    assert store.counts()["articles"] == store.counts()["documents"] == 120
    assert store.counts()["sources"] == 1
    store.close()


def test_concurrent_extractions_keep_every_alias(db_url: str, make_article) -> None:
    """Two extractions naming the same new actor with different aliases at the same moment:
    the actor ends with both (its row is read locked before the aliases are merged)."""
    seed = open_store(db_url)
    batch = _batch(make_article, {f"https://coast.example/{i}": f"Text {i}." for i in range(2)})
    seed.write_batch(batch)
    seed.close()
    doc_ids = [d.doc_id for d in batch.documents]
    rounds = 8
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def extract(side: int) -> None:
        store = open_store(db_url)
        try:
            for n in range(rounds):
                start.wait()
                actor = Actor(
                    actor_id=f"act_{n}", name=f"Actor {n}", kind="group", aliases=(f"a{side}",)
                )
                done = Extraction(
                    doc_id=doc_ids[side],
                    key="k",
                    status="done",
                    n_sentences=1,
                    n_reports=0,
                    at=datetime(2024, 3, 9, tzinfo=UTC),
                )
                store.write_extraction(ExtractionWrite(extractions=[done], actors=[actor]))
        except BaseException as err:  # reported below, in the test's thread
            errors.append(err)
            start.abort()
        finally:
            store.close()

    threads = [threading.Thread(target=extract, args=(side,)) for side in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = open_store(db_url)
    assert [set(store.actor(f"act_{n}").aliases) for n in range(rounds)] == [{"a0", "a1"}] * rounds
    store.close()
