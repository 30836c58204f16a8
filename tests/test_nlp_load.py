from __future__ import annotations

import pytest

from newsdesk.errors import ModelError
from newsdesk.nlp.load import load_nlp


def test_default_model_loads_once_with_parser_and_ner() -> None:
    nlp = load_nlp()
    assert load_nlp() is nlp
    assert {"parser", "ner"} <= set(nlp.pipe_names)


def test_missing_model_names_the_pip_command() -> None:
    with pytest.raises(ModelError, match="pip install no-such-model"):
        load_nlp("no_such_model")
