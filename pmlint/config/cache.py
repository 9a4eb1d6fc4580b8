"""Validated configurations, cached by content, so that a commit-time run on one document
does not import pydantic: its import alone costs as much as the rest of a run.

As ruff caches by content: the key is a hash of the settings table, pmlint's version and
the schema module's own file (an edited schema, as in a development checkout, is a new
key). The value is the validated `Config`, pickled. The cache lives in the user's cache
folder (`PMLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/pmlint`, else `~/.cache/pmlint`), never in
the repository. Any failure to read or write it only means validating again;
`PMLINT_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import json
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
    from pmlint import __version__

    fingerprints = [_fingerprint(path) for path in (schema.__file__, *schemas)]
    text = json.dumps([__version__, fingerprints, table, data], sort_keys=True, default=_typed)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    import pickle

    from pmlint.read.files import write_atomic

    try:
        where.mkdir(parents=True, exist_ok=True)
        write_atomic(where / f"config-{digest}.pickle", pickle.dumps(config, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only home: validate again next time
