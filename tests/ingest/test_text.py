from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conftest import ARTICLE_TEXT

from newsdesk.ingest import Meta, read
from newsdesk.model import Article, Failure


def _items(path: Path, settings, meta: Meta | None = None) -> list:
    return list(read([path], meta=meta, settings=settings))


def test_text_file_gives_one_article_with_caller_metadata(tmp_path: Path, settings) -> None:
    file = tmp_path / "port.txt"
    file.write_text(ARTICLE_TEXT, encoding="utf-8")
    (item,) = _items(
        file, settings, Meta(outlet="Valmora Herald", pub_date=date(2024, 3, 2), title="Ships held")
    )
    assert isinstance(item, Article)
    assert item.raw == ARTICLE_TEXT
    assert item.outlet == "Valmora Herald"
    assert item.source_id == "valmora-herald"
    assert item.pub_date == date(2024, 3, 2)
    assert item.title == "Ships held"
    assert item.origin == f"file:{file}"
    assert item.article_id.startswith("art_")


def test_sidecar_metadata_wins_over_caller(tmp_path: Path, settings) -> None:
    file = tmp_path / "port.txt"
    file.write_text(ARTICLE_TEXT, encoding="utf-8")
    (tmp_path / "port.json").write_text(
        json.dumps(
            {
                "title": "Sidecar title",
                "date": "2024-03-05",
                "outlet": "Coast Times",
                "author": "Ana Ruiz and Tom Lee",
            }
        ),
        encoding="utf-8",
    )
    items = _items(tmp_path, settings, Meta(outlet="Caller outlet", pub_date=date(2020, 1, 1)))
    assert len(items) == 1, "the sidecar is not read as an article of its own"
    (item,) = items
    assert (item.title, item.outlet, item.pub_date) == (
        "Sidecar title",
        "Coast Times",
        date(2024, 3, 5),
    )
    assert item.authors == ("Ana Ruiz", "Tom Lee")


def test_same_bytes_give_the_same_id_wherever_they_are(tmp_path: Path, settings) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for sub in ("a", "b"):
        (tmp_path / sub / "x.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    first, second = _items(tmp_path, settings)
    assert first.article_id == second.article_id


def test_windows_1252_file_is_decoded_not_mangled(tmp_path: Path, settings) -> None:
    text = (
        "Andrés Manuel López Obrador said the “raid” was illegal – and Quito’s "
        "response was déjà vu for the región."
    )
    file = tmp_path / "cp.txt"
    file.write_bytes(text.encode("cp1252"))
    (item,) = _items(file, settings)
    assert item.raw == text


def test_latin1_file_is_decoded(tmp_path: Path, settings) -> None:
    text = "Le président a déclaré à Québec que l'économie était forte et sûre."
    file = tmp_path / "fr.txt"
    file.write_bytes(text.encode("latin-1"))
    (item,) = _items(file, settings)
    assert item.raw == text


def test_utf8_with_bom(tmp_path: Path, settings) -> None:
    file = tmp_path / "bom.txt"
    file.write_bytes("Café talks resume".encode("utf-8-sig"))
    (item,) = _items(file, settings)
    assert item.raw == "Café talks resume"


def test_empty_file_fails_with_reason(tmp_path: Path, settings) -> None:
    file = tmp_path / "empty.txt"
    file.write_bytes(b"")
    failures = [i for i in _items(file, settings) if isinstance(i, Failure)]
    assert failures[0].code == "empty"
    assert str(file) in failures[0].message and "empty" in failures[0].message


def test_whitespace_only_file_fails(tmp_path: Path, settings) -> None:
    file = tmp_path / "blank.txt"
    file.write_text("  \n\n \t\n", encoding="utf-8")
    (failure,) = [i for i in _items(file, settings) if isinstance(i, Failure)][:1]
    assert failure.code == "empty"


def test_binary_file_fails_with_reason(tmp_path: Path, settings) -> None:
    file = tmp_path / "image.txt"
    file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    failure = _items(file, settings)[0]
    assert isinstance(failure, Failure)
    assert failure.code == "binary"
    assert "binary" in failure.message and str(file) in failure.message


def test_huge_file_is_refused_by_the_documented_limit(tmp_path: Path, settings) -> None:
    file = tmp_path / "huge.txt"
    with file.open("wb") as handle:
        line = b"The council met again and talked about the budget for the harbour.\n"
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    assert file.stat().st_size > 50_000_000
    failure = _items(file, settings)[0]
    assert isinstance(failure, Failure)
    assert failure.code == "too_large"
    assert "ingest.max_bytes" in failure.message and "50.0 MB" in failure.message


def test_cyrillic_legacy_encoding_is_detected(tmp_path: Path, settings) -> None:
    text = (
        "Президент страны заявил в понедельник, что переговоры о торговле будут "
        "продолжены в следующем месяце в столице."
    )
    file = tmp_path / "ru.txt"
    file.write_bytes(text.encode("cp1251"))
    (item,) = _items(file, settings)
    assert item.raw == text
