"""Settings tables as NamedTuples: what pydantic needs around them.

The configuration and the rules' options are NamedTuples (a dataclass costs half a
millisecond to create at start-up). Their fields are snake_case, the TOML's keys kebab-case:
`field_keys` turns a table's keys into field names before pydantic validates it, and
`kebab_path` turns the location of an error back into the keys the user wrote. Values that
a type allows but pmlint cannot use are refused by each table's own `check_values`, run by
`check_tables` from the innermost table out.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Any


def kebab(name: str) -> str:
    return name.replace("_", "-")


def is_record(hint: Any) -> bool:
    """Whether `hint` is a NamedTuple type (a table of named settings)."""
    return isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields")


@functools.cache
def field_types(kind: type) -> dict[str, Any]:
    """The NamedTuple's fields and their types, in order."""
    types = typing.get_type_hints(kind)
    return {name: types[name] for name in kind._fields}  # type: ignore[attr-defined]


class NotATable(ValueError):
    """A value where a table of settings belongs; `path` names it with the file's keys."""

    def __init__(self, path: tuple[str, ...], value: Any) -> None:
        super().__init__(f"expected a table, got {value!r}")
        self.path = path


def field_keys(kind: type, table: Any, path: tuple[str, ...] = ()) -> dict[str, Any]:
    """`table` (a TOML table meant as a `kind`) with its keys as field names, nested tables
    too. A key that names no field is kept as written, for pydantic to report. Raises
    NotATable for a value that is not a table (pydantic would read a list as the fields in
    order)."""
    if not isinstance(table, dict):
        raise NotATable(path, table)
    fields = field_types(kind)
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_") if isinstance(key, str) else key
        if name not in fields:
            out[key] = value
            continue
        out[name] = field_keys(fields[name], value, (*path, key)) if is_record(fields[name]) else value
    return out


def kebab_path(kind: type, location: tuple[Any, ...]) -> tuple[Any, ...]:
    """An error's location with field names written as the TOML keys they came from; keys of
    free-form tables (such as `levels`) are left as they are."""
    out: list[Any] = []
    current: Any = kind
    for part in location:
        if is_record(current) and isinstance(part, str) and part in field_types(current):
            out.append(kebab(part))
            current = field_types(current)[part]
        else:
            out.append(part)
            current = None
    return tuple(out)


def table_keys(kind: type, path: tuple[Any, ...]) -> list[str]:
    """The keys the table at `path` (("calendar",) is [tool.pmlint.calendar]) of a `kind`
    accepts, as written in the file; [] where it is not a table of known keys."""
    current: Any = kind
    for part in path:
        if not is_record(current):
            return []
        current = field_types(current).get(str(part).replace("-", "_"))
    return [kebab(name) for name in field_types(current)] if is_record(current) else []


def check_tables(record: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """(where, message) for each value `record` and its nested tables refuse."""
    table: type = type(record)
    for name, kind in field_types(table).items():
        if is_record(kind):
            yield from check_tables(getattr(record, name), (*path, kebab(name)))
    check = getattr(record, "check_values", None)
    if check is not None:
        try:
            check()
        except ValueError as exc:
            yield path, str(exc)
