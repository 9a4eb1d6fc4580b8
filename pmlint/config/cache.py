"""Validated configurations, cached by content, so that a commit-time run on one document
does not import pydantic: its import alone costs as much as the rest of a run.

As ruff caches by content. A configuration file is cached by its bytes: the entry holds the
file's exact bytes, pmlint's version and the schema module's fingerprint beside what was read
from it, so a hit is a byte comparison and needs neither the TOML parser nor a hash (the file's
CRC only names the entry). Rule options are cached by a hash of their settings (`key`). An
edited schema, as in a development checkout, is a miss. The cache lives in the user's cache
folder (`PMLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/pmlint`, else `~/.cache/pmlint`), never in
the repository. Any failure to read or write it only means validating again;
`PMLINT_NO_CACHE=1` turns it off.

An entry is data, never code: JSON whose records are rebuilt only as the NamedTuple types
pmlint's own settings are made of (`RECORD_MODULES`), so a planted entry cannot run anything.
And an entry is only believed where nobody else could have written it: the folder (made 0700)
and the entry must be the user's own, not writable by others, and neither may be a link or
anything but a folder and a regular file; otherwise the entry is a miss and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any, TypeVar

from pmlint.config import schema
from pmlint.config.schema import Config

T = TypeVar("T")
# The modules whose NamedTuples an entry may hold: the settings and the rules' options.
RECORD_MODULES = ("pmlint.config.schema", "pmlint.catalog.option_types")
# A configuration entry is a few KB; anything far larger is not one.
LARGEST_ENTRY = 4 << 20


def folder() -> Path | None:
    if os.environ.get("PMLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("PMLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pmlint"


def _own(info: os.stat_result) -> bool:
    """Written by this user (or root) alone: owned by the user, writable by no one else."""
    getuid = getattr(os, "getuid", None)
    mine = getuid is None or info.st_uid == getuid()  # no owners to compare on Windows
    return mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _trusted_folder(where: Path) -> bool:
    try:
        info = os.lstat(where)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _own(info)


def _read_entry(path: Path) -> bytes | None:
    """The entry's bytes if the folder and the entry are the user's own (see the module
    docstring); None for a miss, a link, a FIFO, or anything someone else could write."""
    if not _trusted_folder(path.parent):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _own(info) or info.st_size > LARGEST_ENTRY:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(LARGEST_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _records() -> dict[str, type]:
    import importlib

    found: dict[str, type] = {}
    for name in RECORD_MODULES:
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields"):
                found[f"{name}:{value.__name__}"] = value
    return found


def _encode(value: object) -> object:
    """`value` as JSON data: records, tuples, frozensets, dicts and dates tagged; TypeError for
    anything that is not settings data."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        kind = type(value)
        return {"r": f"{kind.__module__}:{kind.__name__}", "v": [_encode(item) for item in value]}
    if isinstance(value, tuple):
        return {"t": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, frozenset | set):
        return {"s": sorted((_encode(item) for item in value), key=repr)}
    if isinstance(value, dict):
        return {"d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return {type(value).__name__: value.isoformat()}
    raise TypeError(f"not settings data: {type(value).__name__}")


def _decode(data: object, records: dict[str, type]) -> object:
    """What `_encode` wrote; ValueError for anything else (a record pmlint does not know)."""
    if isinstance(data, list):
        return [_decode(item, records) for item in data]
    if not isinstance(data, dict):
        return data
    if len(data) == 2 and "r" in data and "v" in data:
        kind = records.get(data["r"])
        if kind is None or not isinstance(data["v"], list):
            raise ValueError("unknown record")
        return kind(*(_decode(item, records) for item in data["v"]))
    if len(data) != 1:
        raise ValueError("not an entry")
    (tag, inner), = data.items()
    if tag == "t" and isinstance(inner, list):
        return tuple(_decode(item, records) for item in inner)
    if tag == "s" and isinstance(inner, list):
        return frozenset(_decode(item, records) for item in inner)
    if tag == "d" and isinstance(inner, list):
        return {_decode(k, records): _decode(v, records) for k, v in inner}
    readers = {"datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat, "time": dt.time.fromisoformat}
    if tag in readers and isinstance(inner, str):
        return readers[tag](inner)
    raise ValueError("not an entry")


def _loads(raw: bytes) -> object:
    """An entry's value; ValueError when it is not one pmlint wrote."""
    import json

    try:
        return _decode(json.loads(raw), _records())
    except (TypeError, RecursionError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from None


def _typed(value: object) -> object:
    """JSON for the TOML values JSON has no type for (dates, times): typed, so a date and
    the string of it are different keys."""
    return {"__toml__": type(value).__name__, "value": str(value)}


def _fingerprint(module_file: str | None) -> str:
    try:
        stamp = os.stat(module_file or "")
    except OSError:
        return "?"
    return f"{stamp.st_size}:{stamp.st_mtime_ns}"


def key(data: dict[str, Any], table: str, schemas: tuple[str | None, ...] = ()) -> str:
    """The cache key of `data` read as `table`: its content, pmlint's version and the files
    that define how it is read (the configuration schema, and any of `schemas`)."""
    import hashlib
    import json

    from pmlint import __version__

    fingerprints = [_fingerprint(path) for path in (schema.__file__, *schemas)]
    text = json.dumps([__version__, fingerprints, table, data], sort_keys=True, default=_typed)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_stamp() -> tuple[str, str]:
    from pmlint import __version__

    return __version__, _fingerprint(schema.__file__)


def _file_entry(where: Path, name: str, raw: bytes) -> Path:
    import zlib

    return where / f"file-{zlib.crc32(raw):08x}-{len(raw)}-{zlib.crc32(name.encode()):08x}.json"


def load_file(where: Path, name: str, raw: bytes) -> tuple[object] | None:
    """What was read from a configuration file called `name` with exactly these bytes (the
    name matters: the same bytes are no settings in a pyproject.toml and settings in a
    .pmlint.toml), wrapped in a 1-tuple (its content may be None: a pyproject.toml without
    pmlint settings); None on a miss."""
    cached = _read_entry(_file_entry(where, name, raw))
    if cached is None:
        return None
    try:
        entry = _loads(cached)
    except ValueError:  # a damaged entry is only a miss
        return None
    if not (isinstance(entry, list) and len(entry) == 4):
        return None
    stamp, read_as, content, value = entry
    if stamp != list(_file_stamp()) or read_as != name or content != raw.decode("utf-8", "surrogateescape"):
        return None
    return (value,)


def store_file(where: Path, name: str, raw: bytes, value: object) -> None:
    content = raw.decode("utf-8", "surrogateescape")  # the file's exact bytes, as JSON text
    store_path(_file_entry(where, name, raw), [list(_file_stamp()), name, content, value])


def load(where: Path, digest: str, kind: type[T] = Config) -> T | None:  # type: ignore[assignment]
    """The cached value of type `kind`, or None (a miss, or an entry that is not one)."""
    raw = _read_entry(where / f"config-{digest}.json")
    if raw is None:
        return None
    try:
        value = _loads(raw)
    except ValueError:  # a damaged cache entry is only a miss
        return None
    return value if isinstance(value, kind) else None


def store(where: Path, digest: str, config: object) -> None:
    store_path(where / f"config-{digest}.json", config)


def store_path(path: Path, value: object) -> None:
    import json

    from pmlint.read.files import write_atomic

    try:
        data = json.dumps(_encode(value), separators=(",", ":")).encode("utf-8")
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted_folder(path.parent):
            return  # someone else's folder: store nothing there
        if path.is_symlink() or (path.exists() and not path.is_file()):
            path.unlink()  # a link or a FIFO in our own folder: replaced, never read or followed
        write_atomic(path, data)
        os.chmod(path, 0o600)
    except (OSError, TypeError, ValueError):
        pass  # a read-only home, or a value that is not settings data: validate again next time
