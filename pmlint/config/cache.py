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
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from pmlint.config import schema
from pmlint.config.schema import Config

T = TypeVar("T")


def folder() -> Path | None:
    if os.environ.get("PMLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("PMLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pmlint"


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

    return where / f"file-{zlib.crc32(raw):08x}-{len(raw)}-{zlib.crc32(name.encode()):08x}.pickle"


def load_file(where: Path, name: str, raw: bytes) -> tuple[object] | None:
    """What was read from a configuration file called `name` with exactly these bytes (the
    name matters: the same bytes are no settings in a pyproject.toml and settings in a
    .pmlint.toml), wrapped in a 1-tuple (its content may be None: a pyproject.toml without
    pmlint settings); None on a miss."""
    try:
        cached = (_file_entry(where, name, raw)).read_bytes()
    except OSError:
        return None
    import pickle

    try:
        stamp, read_as, content, value = pickle.loads(cached)
    except Exception:  # noqa: BLE001 - a damaged cache entry is only a miss
        return None
    return (value,) if stamp == _file_stamp() and read_as == name and content == raw else None


def store_file(where: Path, name: str, raw: bytes, value: object) -> None:
    store_path(_file_entry(where, name, raw), (_file_stamp(), name, raw, value))


def load(where: Path, digest: str, kind: type[T] = Config) -> T | None:  # type: ignore[assignment]
    """The cached value of type `kind`, or None (a miss, or an entry that is not one)."""
    try:
        raw = (where / f"config-{digest}.pickle").read_bytes()
    except OSError:
        return None
    import pickle

    try:
        value = pickle.loads(raw)
    except Exception:  # noqa: BLE001 - a damaged cache entry is only a miss
        return None
    return value if isinstance(value, kind) else None


def store(where: Path, digest: str, config: object) -> None:
    store_path(where / f"config-{digest}.pickle", config)


def store_path(path: Path, value: object) -> None:
    import pickle

    from pmlint.read.files import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only home: validate again next time
