"""A small database for the export tests, built once per test session through the whole
pipeline (ingest, extract, group) from articles written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Written for these tests (the team's own words): two outlets on one expulsion in May, one
# outlet on a June strike and a visit.
ARTICLES = [
    {
        "id": "c1",
        "outlet": "Coast Daily",
        "url": "https://coastdaily.example/envoys",
        "published": "2024-05-08",
        "title": "Kenya orders Somali envoys out",
        "text": (
            "Kenya expelled two Somali diplomats in Nairobi on Tuesday, the foreign ministry "
            "said. Romania criticized the expulsions on Wednesday. Police in Mombasa arrested "
            "three protesters on Monday."
        ),
    },
    {
        "id": "h1",
        "outlet": "Horn Wire",
        "url": "https://hornwire.example/envoys",
        "published": "2024-05-08",
        "title": "Somali diplomats told to leave",
        "text": (
            "Kenya expelled two Somali diplomats on Tuesday after a quarrel over border "
            "patrols. Somalia accused Kenya of meddling in its affairs."
        ),
    },
    {
        "id": "l1",
        "outlet": "Lake Post",
        "url": "https://lakepost.example/teachers",
        "published": "2024-06-12",
        "title": "Teachers march in Bucharest",
        "text": (
            "Thousands of teachers protested in Bucharest on Monday over pay. The French "
            "president met the Romanian prime minister in Paris on Tuesday."
        ),
    },
]

_BUILT: dict[str, Path] = {}


def database(factory: pytest.TempPathFactory) -> Path:
    """The path of the test database (built on first use, then shared)."""
    if "db" not in _BUILT:
        from newsdesk import Desk

        folder = factory.mktemp("export-db")
        source = folder / "articles.jsonl"
        source.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", "utf-8")
        with Desk(folder / "export.db") as desk:
            desk.run([source])
        _BUILT["db"] = folder / "export.db"
    return _BUILT["db"]
