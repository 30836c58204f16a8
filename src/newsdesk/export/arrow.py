"""Arrow columns derived from the records of ``newsdesk.model``.

A nested record becomes prefixed columns (``actor`` → ``actor_text``, ``actor_start``,
``actor_id``, ``actor_name``, ``actor_country``…; ``place`` → ``place_name``,
``place_latitude``…); ``tuple[str, ...]`` becomes ``list<string>``, offset pairs
``list<list<int64>>``; dates ``date32``, datetimes ``timestamp[us, UTC]``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from newsdesk.model import Record

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True, slots=True)
class Column:
    """One output column: its name, Arrow type, and the attribute path to its value."""

    name: str
    type: pa.DataType
    path: tuple[str, ...]


def _strip_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return options[0]
    return hint


def arrow_type(hint: Any) -> pa.DataType:
    """The Arrow type of a record field's type hint."""
    hint = _strip_optional(hint)
    simple: dict[Any, pa.DataType] = {
        str: pa.string(),
        int: pa.int64(),
        float: pa.float64(),
        bool: pa.bool_(),
        datetime: UTC_TIMESTAMP,
        date: pa.date32(),
    }
    if hint in simple:
        return simple[hint]
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return pa.list_(arrow_type(args[0]))
        if args and all(a is args[0] for a in args):
            return pa.list_(arrow_type(args[0]))
    raise TypeError(f"no Arrow type for {hint!r}")


def _is_record(hint: Any) -> bool:
    hint = _strip_optional(hint)
    return isinstance(hint, type) and issubclass(hint, Record)


def _flat_name(prefix: str, name: str) -> str:
    if not prefix:
        return name
    return f"{prefix}_id" if name == "actor_id" else f"{prefix}_{name}"


def record_columns(
    cls: type[Record],
    *,
    prefix: str = "",
    only: Collection[str] | None = None,
    drop: Collection[str] = (),
    path: tuple[str, ...] = (),
) -> list[Column]:
    """The columns of record class ``cls`` (``only`` some fields, or all but ``drop``), nested
    records flattened with their field name as prefix."""
    hints = typing.get_type_hints(cls)
    columns: list[Column] = []
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if (only is not None and field.name not in only) or field.name in drop:
            continue
        hint = hints[field.name]
        name = _flat_name(prefix, field.name)
        if _is_record(hint):
            columns += record_columns(_strip_optional(hint), prefix=name, path=(*path, field.name))
        else:
            columns.append(Column(name, arrow_type(hint), (*path, field.name)))
    return columns


def column_value(record: Any, column: Column) -> Any:
    """The value of ``column`` in ``record`` (None when a nested record is missing); tuples
    become lists."""
    value = record
    for step in column.path:
        if value is None:
            return None
        value = value.get(step) if isinstance(value, Mapping) else getattr(value, step)
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def schema_of(columns: Sequence[Column]) -> pa.Schema:
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate column names: {names}")
    return pa.schema([pa.field(c.name, c.type) for c in columns])
