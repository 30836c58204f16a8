"""Self-tests: the public API, documentation generated from the code, packaged data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import newsdesk

ROOT = Path(__file__).resolve().parents[1]


def test_all_is_sorted_and_complete() -> None:
    assert newsdesk.__all__ == sorted(newsdesk.__all__)
    for name in newsdesk.__all__:
        assert hasattr(newsdesk, name), name


def test_cli_reference_is_up_to_date() -> None:
    generated = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "gen_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr


def test_packaged_data_is_present() -> None:
    from importlib import resources

    data = resources.files("newsdesk.data")
    for name in (
        "boilerplate.toml",
        "plover.toml",
        "demonyms.tsv",
        "organisations.tsv",
        "roles.tsv",
        "models/event_type.npz",
        "models/event_mode.npz",
    ):
        assert data.joinpath(name).is_file(), name
    assert resources.files("newsdesk").joinpath("py.typed").is_file()


def test_import_has_no_side_effects() -> None:
    code = (
        "import sys, newsdesk; heavy = {'spacy', 'trafilatura', 'sqlalchemy'} & "
        "set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "spacy" not in out, "spaCy loads only when sentences are split"
