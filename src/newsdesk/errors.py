"""The newsdesk error tree.

::

    NewsdeskError                 base; .code is a stable snake_case slug
    ├── ConfigError               bad/missing setting, unknown plugin name
    ├── InputError                unreadable or unsupported input
    │   └── ExtractionError       no usable text in a page
    ├── ModelError                NLP package missing/incompatible
    ├── StoreError
    │   ├── NotFound
    │   └── SchemaError           database written by another program or schema version
    └── ExportError

Messages are one line: what failed, for which input or id, why, and how to fix it.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""

    code = "newsdesk_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self)


class ConfigError(NewsdeskError):
    code = "config_error"


class InputError(NewsdeskError):
    code = "input_error"


class ExtractionError(InputError):
    code = "no_text"


class ModelError(NewsdeskError):
    code = "model_error"


class StoreError(NewsdeskError):
    code = "store_error"


class NotFound(StoreError):
    code = "not_found"


class SchemaError(StoreError):
    code = "schema_error"


class ExportError(NewsdeskError):
    code = "export_error"


class NewsdeskWarning(UserWarning):
    """Something the user should fix; aggregated, never raised inside a loop."""
