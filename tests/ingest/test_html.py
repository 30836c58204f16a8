from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PARAGRAPHS

from newsdesk.clean import clean_article
from newsdesk.errors import ExtractionError
from newsdesk.ingest import read


def test_html_file_gives_its_canonical_url_and_clean_text(
    tmp_path: Path, settings, html_factory
) -> None:
    file = tmp_path / "page.html"
    file.write_text(
        html_factory(
            "Ships held at Valmora", PARAGRAPHS, url="https://valmoraherald.example/2024/ships"
        ),
        "utf-8",
    )
    (article,) = list(read(file, settings=settings))
    assert article.url == "https://valmoraherald.example/2024/ships"
    assert article.source_id == "valmoraherald.example"
    document, source = clean_article(article, settings)
    assert document.title == "Ships held at Valmora"
    assert document.authors == ("Lena Ortiz",)
    assert str(document.pub_date) == "2024-03-02"
    assert source is not None and source.name == "Valmora Herald"
    assert document.text.split("\n\n") == PARAGRAPHS
    for noise in ("cookies", "Most read", "All rights reserved", "Home"):
        assert noise not in document.text


def test_html_without_article_text_is_an_extraction_error(tmp_path: Path, settings) -> None:
    file = tmp_path / "front.html"
    file.write_text(
        "<html><head><title>Front page</title></head><body><nav><a href='/a'>A"
        "</a><a href='/b'>B</a></nav><script>var x = 1;</script></body></html>",
        "utf-8",
    )
    (article,) = list(read(file, settings=settings))
    with pytest.raises(ExtractionError, match="no article text"):
        clean_article(article, settings)


def test_malicious_html_keeps_no_script(tmp_path: Path, settings, html_factory) -> None:
    evil = [*PARAGRAPHS[:2], "<script>alert('x')</script><img src=x onerror=alert(1)>"]
    file = tmp_path / "evil.html"
    file.write_text(html_factory("Ships held", evil), "utf-8")
    (article,) = list(read(file, settings=settings))
    document, _ = clean_article(article, settings)
    assert "alert" not in document.text and "<" not in document.text


def test_page_declaring_a_legacy_charset(tmp_path: Path, settings, html_factory) -> None:
    page = html_factory("Café in Quito", [*PARAGRAPHS, "Señora Núñez spoke in Quito."])
    page = page.replace("<meta charset='utf-8'>", "<meta charset='windows-1252'>")
    file = tmp_path / "legacy.html"
    file.write_bytes(page.encode("cp1252"))
    (article,) = list(read(file, settings=settings))
    document, _ = clean_article(article, settings)
    assert "Señora Núñez" in document.text


def test_precision_focus_refuses_a_front_page_of_links(settings) -> None:
    import json

    from newsdesk.ingest.common import Meta, build_article

    pages = Path(__file__).parents[1] / "data" / "extraction" / "pages.jsonl"
    records = [json.loads(line) for line in pages.read_text("utf-8").splitlines()]
    (front,) = [r for r in records if r["id"] == "harbor-front-page"]
    article = build_article(
        origin="front", raw=front["html"], content_type="text/html", meta=Meta()
    )
    balanced, _ = clean_article(article, settings)
    assert "Top stories" in balanced.text, "balanced extraction keeps the link list"
    with pytest.raises(ExtractionError, match="no article text"):
        clean_article(article, settings.replace(clean__extraction_focus="precision"))
