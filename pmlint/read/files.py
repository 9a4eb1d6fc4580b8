"""Reading user files safely: every failure becomes a message, never a traceback."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

BOM = "\ufeff"
# Longer than any path a system takes (Linux PATH_MAX): refused before resolving, as
# resolving costs one lookup per folder of the path, each as long as the path.
MAX_PATH = 4096


class Unreadable(NamedTuple):
    """Why a file cannot be linted, and the line a PM001 finding points at."""

    line: int
    message: str
    # The system refused (permission, I/O): the run cannot see the file at all, which is an
    # error of the run (exit 2), not a finding about the file's content.
    refused: bool = False


def real_path(path: Path) -> Path:
    """`path` with every link followed, as far as they lead: unlike `Path.resolve` on
    Python 3.11, a link loop gives a path instead of an exception."""
    return Path(os.path.realpath(path))


def outside_reason(path: Path, root: Path) -> str | None:
    """Why `path` may not be read as part of the project at `root` (resolved): a symlink
    loop, or a real path (every link followed) outside the root; None when it may be read."""
    try:
        real = path.resolve()
    except RuntimeError:  # Python 3.11-3.12 report a loop this way
        return "symlink loop; not read"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop; not read"
        return f"cannot be resolved: {exc.strerror or exc}; not read"
    if not real.is_relative_to(root):
        return "symlink leads outside the project root; not read"
    return None


def read_text(path: Path, max_size: int) -> str | Unreadable:
    """The file's text (UTF-8, BOM removed), or why it cannot be linted."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return Unreadable(1, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block and /dev/zero never ends: only regular files are read.
            return Unreadable(1, "not a regular file; not checked")
        if info.st_size > max_size:
            return Unreadable(1, f"file is {info.st_size:,} bytes, over max-file-size ({max_size:,}); not checked")
        with path.open("rb") as handle:
            data = handle.read(max_size + 1)  # the file may have grown since stat: decode_text says so
    except IsADirectoryError:
        return Unreadable(1, "is a directory, not a file")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Unreadable(1, "symlink loop; not read")
        refused = not isinstance(exc, FileNotFoundError | NotADirectoryError)  # a dangling link is a finding
        return Unreadable(1, f"cannot read file: {exc.strerror or exc}", refused=refused)
    except ValueError as exc:  # a path with a NUL byte
        return Unreadable(1, f"cannot read file: {exc}")
    return decode_text(data, max_size)


def decode_text(data: bytes, max_size: int) -> str | Unreadable:
    """A file's bytes as its text (UTF-8, BOM removed), or why they cannot be linted: the
    judgement `read_text` makes of a file on disk, also made of the text an editor holds."""
    if len(data) > max_size:
        return Unreadable(1, f"file is over max-file-size ({max_size:,} bytes); not checked")
    if b"\0" in data:
        return Unreadable(1, "binary file (contains NUL bytes); not checked")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Unreadable(line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); not checked")
    if text.startswith(BOM):
        text = text[1:]
    if not text.strip():
        return Unreadable(1, "file is empty")
    return text


def relative_posix(path: Path, base: Path) -> str:
    """`path` relative to `base` with "/" separators (`../` where it lies outside), or
    absolute where no relative path exists (another drive on Windows)."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        try:
            return Path(os.path.relpath(path, base)).as_posix()
        except ValueError:
            return path.as_posix()


def is_absolute(path: str) -> bool:
    """Absolute on any system, or home-relative: `/x`, `\\x`, `C:x`, `~/x`."""
    return path.startswith(("/", "\\", "~")) or (len(path) > 1 and path[1] == ":")


def resolve_inside(root: Path, ref: str) -> Path | str:
    """The file a ref names, or why it may not be read: refs never leave the project root.

    `root` must be resolved. Absolute paths, `..` that climbs out, and symlinks whose target
    lies outside are refused without reading anything.
    """
    if not ref.strip():
        return "empty path"
    if is_absolute(ref):
        return f"{ref!r} is absolute; refs are paths relative to the project root"
    if len(ref) > MAX_PATH:
        return f"{ref[:60]!r}... is {len(ref):,} characters, longer than any path"
    candidate = root / ref
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError, ValueError):  # ValueError: a NUL byte in the ref
        return f"{ref!r} cannot be resolved"
    if not resolved.is_relative_to(root):
        return f"{ref!r} leads outside the project root"
    # Inside the root, ask once whether the path can be looked at, so that callers' `exists()`
    # and `is_dir()` cannot raise (a name too long, a permission denied, a symlink loop).
    try:
        resolved.stat()
    except (FileNotFoundError, NotADirectoryError):
        pass  # a path that does not exist: the caller says so
    except OSError as exc:
        return f"{ref!r} cannot be used: {exc.strerror or exc}"
    return resolved


STALE_TEMPORARY = 300  # seconds: a temporary file of ours this old was left by a killed run


class WriteRefused(OSError):
    """A file pmlint will not replace (read-only, hard-linked, another owner) or that changed
    since it was read; callers print it as one "cannot write" line."""


def write_atomic(path: Path, data: bytes | Iterable[bytes], expected: bytes | None = None) -> None:
    """Replace `path` with `data` (bytes, or pieces of bytes written as they come) all at
    once: a crash leaves the old file or the new one.

    A new file gets the mode the umask gives new files; an existing one keeps its mode and
    owner. A read-only file and one with several hard links (replacing it would split them)
    are refused, as is one that no longer holds `expected` (the bytes the caller read:
    another process wrote to it meanwhile, and its change would be lost). Temporary files
    that a killed run left beside `path` are removed.
    """
    import tempfile

    pieces = [data] if isinstance(data, bytes) else data
    try:
        special = not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        special = False
    if special:  # /dev/null, /dev/stdout, a FIFO: write into it; replacing it would destroy it
        with path.open("wb") as out:
            for piece in pieces:
                out.write(piece)
        return
    folder = path.parent if str(path.parent) else Path(".")
    _remove_stale_temporaries(folder, path.name)
    existing = _existing(path)
    if existing is not None:
        if not existing.st_mode & 0o222:
            raise WriteRefused(errno.EACCES, "file is read-only; not rewritten")
        if existing.st_nlink > 1:
            message = f"file has {existing.st_nlink} hard links, which replacing it would split; not rewritten"
            raise WriteRefused(errno.EMLINK, message)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            for piece in pieces:
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        if existing is None:
            os.chmod(temporary, 0o666 & ~_umask())
        else:
            os.chmod(temporary, existing.st_mode & 0o7777)
            _keep_owner(temporary, existing)
        if expected is not None and _current(path) != expected:
            raise WriteRefused(errno.EAGAIN, "file changed while pmlint was editing it; not rewritten, run again")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _existing(path: Path) -> os.stat_result | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; put it straight back
    os.umask(mask)
    return mask


def _keep_owner(temporary: str, existing: os.stat_result) -> None:
    if not hasattr(os, "chown"):
        return
    info = os.stat(temporary)
    if (info.st_uid, info.st_gid) == (existing.st_uid, existing.st_gid):
        return
    try:
        os.chown(temporary, existing.st_uid, existing.st_gid)
    except PermissionError:
        message = "file belongs to another user, whom replacing it would change; not rewritten"
        raise WriteRefused(errno.EPERM, message) from None


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove `.NAME.*.tmp` files of a run killed mid-write (older than a running write)."""
    import glob
    import time

    try:
        candidates = list(folder.glob(f".{glob.escape(name)}.*.tmp"))
    except OSError:
        return
    for candidate in candidates:
        try:
            if time.time() - candidate.lstat().st_mtime > STALE_TEMPORARY and candidate.is_file():
                candidate.unlink()
        except OSError:
            pass  # not ours to fight over

