"""The PLOVER ontology newsdesk codes with, loaded from ``data/plover.toml``.

Every coded event records :data:`Ontology.version` as its ``codebook``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from newsdesk.errors import ConfigError

QUAD_NAMES = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


@dataclass(frozen=True, slots=True)
class Mode:
    name: str
    cameo: str
    score: float


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad: int
    cameo: str
    score: float
    description: str
    modes: MappingProxyType[str, Mode]


@dataclass(frozen=True, slots=True)
class Ontology:
    version: str
    types: MappingProxyType[str, EventType]

    def event_type(self, name: str) -> EventType:
        try:
            return self.types[name.upper()]
        except KeyError as err:
            raise ConfigError(f"event type {name!r} is not in PLOVER ({self.version})") from err

    def check_mode(self, event_type: str, mode: str | None) -> str | None:
        """``mode`` if the type has it, else None (an unknown mode is dropped, not guessed)."""
        if mode is None:
            return None
        return mode if mode in self.event_type(event_type).modes else None

    def cameo_code(self, event_type: str, mode: str | None = None) -> str:
        kind = self.event_type(event_type)
        found = kind.modes.get(mode) if mode else None
        return found.cameo if found else kind.cameo

    def score(self, event_type: str, mode: str | None = None) -> float:
        kind = self.event_type(event_type)
        found = kind.modes.get(mode) if mode else None
        return found.score if found else kind.score

    def quad_code(self, event_type: str) -> int:
        return self.event_type(event_type).quad


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The packaged ontology (validated once per process)."""
    text = resources.files("newsdesk.data").joinpath("plover.toml").read_text("utf-8")
    return parse_ontology(tomllib.loads(text))


def parse_ontology(data: dict[str, Any]) -> Ontology:
    types = {}
    for name, spec in data["types"].items():
        if spec["quad"] not in (1, 2, 3, 4):
            raise ConfigError(f"plover.toml: {name} has quad {spec['quad']}, expected 1-4")
        modes = {m: Mode(m, str(v["cameo"]), float(v["score"])) for m, v in spec["modes"].items()}
        for item in [spec, *spec["modes"].values()]:
            if not -10.0 <= float(item["score"]) <= 10.0 or not str(item["cameo"]).isdigit():
                raise ConfigError(f"plover.toml: {name} has a bad score or CAMEO code")
        types[name] = EventType(
            name=name,
            quad=int(spec["quad"]),
            cameo=str(spec["cameo"]),
            score=float(spec["score"]),
            description=spec["description"],
            modes=MappingProxyType(modes),
        )
    return Ontology(version=str(data["version"]), types=MappingProxyType(types))
