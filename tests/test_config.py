from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import describe_settings, load_settings
from newsdesk.errors import ConfigError


def test_precedence_defaults_file_env_arguments(tmp_path: Path) -> None:
    file = tmp_path / "newsdesk.toml"
    file.write_text("[ingest]\nbatch_size = 10\ntimeout = 5\n[store]\nurl = 'file.db'\n", "utf-8")
    settings = load_settings(
        file, env={"NEWSDESK_INGEST__TIMEOUT": "7", "NEWSDESK_DB": "env.db"}, ingest__max_bytes=99
    )
    assert settings.ingest.batch_size == 10
    assert settings.ingest.timeout == 7.0
    assert settings.store.url == "env.db"
    assert settings.ingest.max_bytes == 99
    assert settings.clean.languages == ("en",)
    assert settings.origins == {
        "ingest.batch_size": str(file),
        "ingest.timeout": "environment",
        "store.url": "environment",
        "ingest.max_bytes": "argument",
    }


def test_list_and_bool_from_the_environment() -> None:
    settings = load_settings(
        env={"NEWSDESK_CLEAN__LANGUAGES": "en, es", "NEWSDESK_CLEAN__BOILERPLATE": "off"}
    )
    assert settings.clean.languages == ("en", "es")
    assert settings.clean.boilerplate is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"NEWSDESK_INGEST__BATCH_SIZE": "many"}, "not a valid int"),
        ({"NEWSDESK_INGEST__NOPE": "1"}, "unknown setting ingest.nope"),
        ({"NEWSDESK_NOPE__X": "1"}, "unknown settings section"),
        ({"NEWSDESK_CLEAN__BOILERPLATE": "maybe"}, "not a valid bool"),
    ],
)
def test_bad_settings_are_clear_errors(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env=env)


def test_missing_or_broken_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "absent.toml", env={})
    broken = tmp_path / "broken.toml"
    broken.write_text("[ingest\n", "utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken, env={})


def test_every_setting_is_documented() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "settings.md").read_text("utf-8")
    for name, _kind, _default, help_text in describe_settings():
        assert help_text
        assert f"`{name}`" in docs, f"{name} missing from docs/settings.md"


def test_choice_settings_are_checked() -> None:
    assert (
        load_settings(env={"NEWSDESK_CLEAN__EXTRACTION_FOCUS": "precision"}).clean.extraction_focus
        == "precision"
    )
    with pytest.raises(ConfigError, match="not one of balanced, precision, recall"):
        load_settings(env={"NEWSDESK_CLEAN__EXTRACTION_FOCUS": "fast"})
