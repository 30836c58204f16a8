from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime
from pathlib import Path

from conftest import ARTICLE_TEXT

from newsdesk.ingest import read
from newsdesk.model import Article, Failure


def _record(**fields) -> str:
    return json.dumps({"text": ARTICLE_TEXT, **fields})


def test_jsonl_fields_become_article_metadata(tmp_path: Path, settings) -> None:
    file = tmp_path / "a.jsonl"
    file.write_text(
        _record(
            id="x1",
            title="Ships held",
            url="https://www.Coast.example/a?utm_source=t",
            published="2024-03-02T23:30:00-05:00",
            outlet="Coast Times",
            author="Ana Ruiz",
        )
        + "\n",
        encoding="utf-8",
    )
    (item,) = list(read(file, settings=settings))
    assert isinstance(item, Article)
    assert item.url == "https://www.coast.example/a"
    assert item.source_id == "coast.example"
    assert item.external_id == "x1"
    assert item.title == "Ships held"
    assert item.authors == ("Ana Ruiz",)
    assert item.published_at == datetime(2024, 3, 3, 4, 30, tzinfo=UTC)
    assert item.pub_date == date(2024, 3, 2), "the local publication date is kept"


def test_invalid_line_is_reported_with_its_number_and_the_rest_read(
    tmp_path: Path, settings
) -> None:
    file = tmp_path / "mixed.jsonl"
    file.write_text(
        "\n".join(
            [
                _record(id="1", url="https://a.example/1"),
                "{not json",
                '["a list"]',
                _record(id="4", url="https://a.example/4"),
                json.dumps({"title": "no text"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    items = list(read(file, settings=settings))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [a.external_id for a in articles] == ["1", "4"]
    assert [f.code for f in failures] == ["bad_json", "bad_json", "no_text"]
    assert "line 2" in failures[0].message and "invalid JSON" in failures[0].message
    assert "line 5" in failures[2].message


def test_gzipped_jsonl(tmp_path: Path, settings) -> None:
    file = tmp_path / "a.jsonl.gz"
    file.write_bytes(gzip.compress((_record(id="g") + "\n").encode()))
    (item,) = list(read(file, settings=settings))
    assert item.external_id == "g"


def test_html_field_is_taken_as_a_page(tmp_path: Path, settings, html_factory) -> None:
    file = tmp_path / "pages.jsonl"
    file.write_text(
        json.dumps({"html": html_factory("Ships held", [ARTICLE_TEXT])}) + "\n", encoding="utf-8"
    )
    (item,) = list(read(file, settings=settings))
    assert item.content_type == "text/html"


def test_unreadable_date_is_a_failure_not_a_guess(tmp_path: Path, settings) -> None:
    file = tmp_path / "d.jsonl"
    file.write_text(_record(published="last Tuesday") + "\n", encoding="utf-8")
    (item,) = list(read(file, settings=settings))
    assert isinstance(item, Failure) and item.code == "bad_date"


def test_json_file_with_a_list_of_articles(tmp_path: Path, settings) -> None:
    file = tmp_path / "list.json"
    file.write_text(
        json.dumps(
            [
                {"text": ARTICLE_TEXT, "url": "https://a.example/1"},
                {"text": ARTICLE_TEXT, "url": "https://a.example/2"},
            ]
        ),
        encoding="utf-8",
    )
    items = list(read(file, settings=settings))
    assert [i.url for i in items] == ["https://a.example/1", "https://a.example/2"]


def test_line_over_the_limit_is_skipped_not_loaded(tmp_path: Path, settings) -> None:
    small = settings.replace(ingest__max_bytes=2000)
    file = tmp_path / "big.jsonl"
    file.write_text(
        _record(id="big", extra="x" * 5000) + "\n" + _record(id="ok") + "\n", encoding="utf-8"
    )
    items = list(read(file, settings=small))
    assert isinstance(items[0], Failure) and items[0].code == "too_large"
    assert items[1].external_id == "ok"


def test_json_bytes_give_the_same_articles_as_a_file(tmp_path: Path, settings) -> None:
    from newsdesk.ingest.common import Meta
    from newsdesk.ingest.jsonl import read_json, read_json_bytes

    data = json.dumps(
        [{"text": "One short article text.", "url": "https://a.example/1"}, {"text": "Two."}]
    ).encode()
    path = tmp_path / "two.json"
    path.write_bytes(data)
    from_file = list(read_json(path, meta=Meta(), settings=settings))
    from_bytes = list(read_json_bytes(data, name="body", meta=Meta(), scheme="api"))
    assert [a.article_id for a in from_bytes] == [a.article_id for a in from_file]
    assert [a.origin for a in from_bytes] == ["api:body#1", "api:body#2"]


def test_json_bytes_that_are_not_json_are_one_failure() -> None:
    from newsdesk.ingest.common import Meta
    from newsdesk.ingest.jsonl import read_json_bytes

    (failure,) = read_json_bytes(b"{nope", name="body", meta=Meta())
    assert failure.code == "bad_json" and failure.message.startswith("body: invalid JSON")
