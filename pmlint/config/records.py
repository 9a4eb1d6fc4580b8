"""Settings tables as NamedTuples: what pydantic needs around them.

The configuration and the rules' options are NamedTuples (docs/guides/development.md,
"Records"). Their fields are snake_case, the TOML's keys kebab-case:
`field_keys` turns a table's keys into field names before pydantic validates it, and
`kebab_path` turns the location of an error back into the keys the user wrote. A number's
lower bound is part of its field's type, `Annotated[int, AtLeast(0)]`: pydantic ignores the
marker and `check_tables` reads it, so the bound is declared once and shown where the field
is documented. Values refused because of two fields together are each table's own
`check_values`, also run by `check_tables`, from the innermost table out.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Any, NamedTuple


class AtLeast(NamedTuple):
    """The smallest value a number setting takes: `Annotated[int, AtLeast(0)]` (a marker
    rather than pydantic's own `Ge`, so that neither the record nor the check path imports
    pydantic, and the message is pmlint's)."""

    minimum: int

    def refuses(self, value: Any) -> bool:
        return value is not None and value < self.minimum

    def message(self, key: str) -> str:
        return f"{key} must be at least {self.minimum}"


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


@functools.cache
def bounds(kind: type) -> dict[str, AtLeast]:
    """The NamedTuple's fields that carry an `AtLeast` marker, and the marker."""
    found: dict[str, AtLeast] = {}
    for name, hint in typing.get_type_hints(kind, include_extras=True).items():
        for marker in getattr(hint, "__metadata__", ()):
            if isinstance(marker, AtLeast):
                found[name] = marker
    return found


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
    for name, bound in bounds(table).items():
        if bound.refuses(getattr(record, name)):
            yield path, bound.message(kebab(name))
    check = getattr(record, "check_values", None)
    if check is not None:
        try:
            check()
        except ValueError as exc:
            yield path, str(exc)
