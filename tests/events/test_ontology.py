from __future__ import annotations

import pytest

from newsdesk.errors import ConfigError
from newsdesk.events.ontology import load_ontology

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


def test_all_sixteen_types_with_quad_classes() -> None:
    ontology = load_ontology()
    assert set(ontology.types) == PLOVER_TYPES
    quads = {t.name: t.quad for t in ontology.types.values()}
    assert {t for t, q in quads.items() if q == 1} == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"}
    assert {t for t, q in quads.items() if q == 2} == {"COOPERATE", "AID", "RETREAT"}
    assert {t for t, q in quads.items() if q == 4} == {"PROTEST", "MOBILIZE", "COERCE", "ASSAULT"}


def test_codes_and_scores_by_mode() -> None:
    ontology = load_ontology()
    assert ontology.cameo_code("COERCE", "arrest") == "173"
    assert ontology.cameo_code("COERCE", None) == "170"
    assert ontology.cameo_code("SANCTION", "expel") == "166"
    assert ontology.score("ASSAULT", "aerial") == -10.0
    assert ontology.score("AGREE") > 0 > ontology.score("ACCUSE")
    for kind in ontology.types.values():
        expected_sign = 1 if kind.quad in (1, 2) else -1
        assert kind.score * expected_sign > 0, kind.name
        for mode in kind.modes.values():
            assert mode.score * expected_sign > 0, (kind.name, mode.name)
            assert isinstance(mode.cameo, str) and mode.cameo.isdigit()


def test_unknown_names() -> None:
    ontology = load_ontology()
    assert ontology.check_mode("COERCE", "arrest") == "arrest"
    assert ontology.check_mode("COERCE", "dance") is None
    with pytest.raises(ConfigError, match="not in PLOVER"):
        ontology.event_type("PARTY")
