"""Settings: declared once here (type, default, help), read from packaged defaults,
then ``newsdesk.toml``, then ``NEWSDESK_<SECTION>__<KEY>`` environment variables, then
keyword arguments (CLI flags). ``NEWSDESK_DB`` is a shorthand for ``NEWSDESK_STORE__URL``,
``NEWSDESK_TOKEN`` for ``NEWSDESK_API__TOKEN``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.errors import ConfigError


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestSettings:
    max_bytes: int = _setting(
        10_000_000, "Largest single input item (file, JSONL line, WARC record, page) in bytes."
    )
    batch_size: int = _setting(200, "Articles written per database transaction.")
    timeout: float = _setting(30.0, "Seconds to wait for a URL the user asked to fetch.")
    user_agent: str = _setting("newsdesk/0.1 (+offline-first)", "User-Agent for fetched URLs.")


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanSettings:
    boilerplate: bool = _setting(True, "Drop boilerplate lines (read-more, bylines, captions…).")
    extraction_focus: str = _setting(
        "balanced",
        "HTML extraction: balanced, precision (less boilerplate, drops link-list "
        "pages) or recall (more text).",
    )
    min_chars: int = _setting(40, "Articles with less clean text than this are refused.")
    languages: tuple[str, ...] = _setting(
        ("en",), "Languages later stages process; others are stored and marked."
    )
    near_duplicate_threshold: float = _setting(
        0.8, "Estimated Jaccard similarity of word shingles above which two texts are copies."
    )
    shingle_size: int = _setting(5, "Words per shingle for near-duplicate detection.")
    num_perm: int = _setting(128, "MinHash permutations (signature length).")
    lsh_bands: int = _setting(32, "LSH bands (num_perm must be a multiple).")


@dataclass(frozen=True, slots=True, kw_only=True)
class EventSettings:
    threshold: float = _setting(
        0.5, "Smallest probability for a word to be coded as an event trigger."
    )
    backoff: float = _setting(
        0.1,
        "A sentence with no confident trigger still gets its most event-like word when "
        "that word is at least this likely (1 turns the backoff off).",
    )
    lexicon: bool = _setting(
        True,
        "Code a verb listed in the trigger lexicon (data/triggers.tsv) as its event type when "
        "the classifier is unsure and the verb has a subject.",
    )
    quotes: bool = _setting(
        True,
        "Also extract quotes and attributions (who said what) while extracting events, "
        "from the same parse.",
    )
    promises: bool = _setting(
        True,
        'Code an act announced for the future ("will free", "said it would attack") as '
        "the commitment: AGREE for cooperation, THREATEN for hostility (PLOVER's crosswalk).",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreSettings:
    url: str = _setting(
        "newsdesk.db",
        "Database: a SQLite file path or a postgresql://user@host/db URL (NEWSDESK_DB).",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiSettings:
    host: str = _setting("127.0.0.1", "Address newsdesk serve listens on.")
    port: int = _setting(8000, "Port newsdesk serve listens on.")
    token: str = _setting(
        "",
        "Bearer token that write routes require (NEWSDESK_TOKEN); empty refuses every write.",
    )
    max_body_bytes: int = _setting(
        20_000_000, "Largest request body accepted by write routes, in bytes."
    )
    page_size: int = _setting(50, "Items per page when a list request gives no limit.")
    max_page_size: int = _setting(1000, "Largest limit a list request may ask for.")


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    events: EventSettings = field(default_factory=EventSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    api: ApiSettings = field(default_factory=ApiSettings)
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)

    def replace(self, **overrides: Any) -> Settings:
        """Return new settings with ``section__key=value`` (or ``"section.key"``) overrides."""
        return _apply(self, {_key(k): v for k, v in overrides.items()}, "argument")


# Section name -> its settings class, in documentation order.
SECTIONS: dict[str, type] = {
    "ingest": IngestSettings,
    "clean": CleanSettings,
    "events": EventSettings,
    "store": StoreSettings,
    "api": ApiSettings,
}


def describe_settings() -> list[tuple[str, str, Any, str]]:
    """Every setting as ``(section.key, type, default, help)``, in declaration order."""
    rows = []
    for section, kind in SECTIONS.items():
        for f in dataclasses.fields(kind):
            default = f.default if f.default is not dataclasses.MISSING else None
            rows.append((f"{section}.{f.name}", _type_name(default), default, f.metadata["help"]))
    return rows


def _type_name(value: Any) -> str:
    return "list" if isinstance(value, tuple) else type(value).__name__


def _key(name: str) -> tuple[str, str]:
    sep = "." if "." in name else "__"
    section, _, key = name.partition(sep)
    if not key:
        raise ConfigError(f"setting {name!r} must be written section.key (e.g. store.url)")
    return section.lower(), key.lower()


def _coerce(section: str, key: str, value: Any, origin: str) -> Any:
    if section not in SECTIONS:
        raise ConfigError(f"unknown settings section [{section}] in {origin}")
    fields = {f.name: f for f in dataclasses.fields(SECTIONS[section])}
    if key not in fields:
        raise ConfigError(f"unknown setting {section}.{key} in {origin}")
    default = fields[key].default
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                    raise ValueError(value)
                return lowered in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(default, tuple):
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(value)
        value = type(default)(value)  # type: ignore[misc]
    except (TypeError, ValueError) as err:
        raise ConfigError(
            f"setting {section}.{key} from {origin}: {value!r} is not a valid {_type_name(default)}"
        ) from err
    allowed = CHOICES.get(f"{section}.{key}")
    if allowed is not None and value not in allowed:
        raise ConfigError(
            f"setting {section}.{key} from {origin}: {value!r} is not one of {', '.join(allowed)}"
        )
    return value


CHOICES = {"clean.extraction_focus": ("balanced", "precision", "recall")}


def _apply(settings: Settings, values: dict[tuple[str, str], Any], origin: str) -> Settings:
    if not values:
        return settings
    origins = dict(settings.origins)
    changes: dict[str, Any] = {}
    for (section, key), raw in values.items():
        value = _coerce(section, key, raw, origin)
        current = changes.get(section, getattr(settings, section))
        changes[section] = dataclasses.replace(current, **{key: value})
        origins[f"{section}.{key}"] = origin
    return dataclasses.replace(settings, **changes, origins=origins)


def load_settings(
    path: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build settings: defaults < ``path`` (or ./newsdesk.toml) < environment < overrides."""
    settings = Settings()
    env = os.environ if env is None else env
    file = Path(path) if path is not None else Path("newsdesk.toml")
    if path is not None and not file.is_file():
        raise ConfigError(f"config file {file} not found")
    if file.is_file():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ConfigError(f"config file {file} is not valid TOML: {err}") from err
        values = {}
        for section, table in data.items():
            if not isinstance(table, dict):
                raise ConfigError(f"config file {file}: {section!r} must be a [section]")
            values.update({(section, key): v for key, v in table.items()})
        settings = _apply(settings, values, str(file))
    env_values: dict[tuple[str, str], Any] = {}
    if env.get("NEWSDESK_DB"):
        env_values[("store", "url")] = env["NEWSDESK_DB"]
    if env.get("NEWSDESK_TOKEN"):
        env_values[("api", "token")] = env["NEWSDESK_TOKEN"]
    for name, value in env.items():
        if name.startswith("NEWSDESK_") and "__" in name:
            env_values[_key(name.removeprefix("NEWSDESK_"))] = value
    settings = _apply(settings, env_values, "environment")
    return _apply(settings, {_key(k): v for k, v in overrides.items()}, "argument")
