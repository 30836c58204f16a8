from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PARAGRAPHS

from newsdesk.ingest import read
from newsdesk.model import Article, Failure, Skip


def _pages(html_factory, n: int) -> list[tuple[str, str]]:
    return [
        (
            f"https://valmoraherald.example/2024/story-{i}",
            html_factory(f"Story {i}", [f"Story number {i}.", *PARAGRAPHS]),
        )
        for i in range(n)
    ]


def test_warc_gz_gives_html_200_responses_and_skips_the_rest(
    tmp_path: Path, settings, html_factory, warc_factory
) -> None:
    file = tmp_path / "news.warc.gz"
    warc_factory(file, _pages(html_factory, 3))
    items = list(read(file, settings=settings))
    articles = [i for i in items if isinstance(i, Article)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert [a.url for a in articles] == [u for u, _ in _pages(html_factory, 3)]
    assert all(a.origin.startswith(f"warc:{file}#") for a in articles)
    assert all(a.fetched_at is not None for a in articles)
    assert [s.code for s in skips] == ["http_404"]


def test_uncompressed_warc(tmp_path: Path, settings, html_factory, warc_factory) -> None:
    file = tmp_path / "news.warc"
    warc_factory(file, _pages(html_factory, 2), gz=False)
    assert len([i for i in read(file, settings=settings) if isinstance(i, Article)]) == 2


def test_truncated_warc_gz_keeps_records_before_the_damage(
    tmp_path: Path, settings, html_factory, warc_factory
) -> None:
    whole = tmp_path / "whole.warc.gz"
    warc_factory(whole, _pages(html_factory, 4), extra_404=False)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    items = list(read(cut, settings=settings))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert 1 <= len(articles) < 4
    assert [a.url for a in articles] == [u for u, _ in _pages(html_factory, len(articles))]
    assert len(failures) == 1 and failures[0].code == "truncated"
    assert str(cut) in failures[0].message and "earlier records kept" in failures[0].message
    whole_articles = [i for i in read(whole, settings=settings) if isinstance(i, Article)]
    assert [a.raw for a in articles] == [a.raw for a in whole_articles[: len(articles)]]


@pytest.mark.parametrize("fraction", [0.3, 0.45, 0.62, 0.8, 0.95])
@pytest.mark.parametrize("gz", [True, False])
def test_any_cut_keeps_only_complete_records(
    tmp_path: Path, settings, html_factory, warc_factory, fraction: float, gz: bool
) -> None:
    whole = tmp_path / "whole.warc"
    warc_factory(whole, _pages(html_factory, 4), extra_404=False, gz=gz)
    complete = [a.raw for a in read(whole, settings=settings) if isinstance(a, Article)]
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: int(len(data) * fraction)])
    items = list(read(cut, settings=settings))
    raws = [a.raw for a in items if isinstance(a, Article)]
    assert raws == complete[: len(raws)], "no partial page is passed on"
    assert len(raws) < 4
    assert [i.code for i in items if isinstance(i, Failure)] == ["truncated"]
