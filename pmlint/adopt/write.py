"""Write an inferred configuration: `[tool.pmlint]` appended to pyproject.toml (every other
byte kept), else a new `.pmlint.toml`."""

from __future__ import annotations

import json
import re
import stat
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from pmlint.errors import UsageError
from pmlint.read.files import write_atomic

BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# A table header line: `[tool.pmlint]`, `[tool.pmlint.template]`, `[[tool.x]]`.
TABLE_HEADER = re.compile(r"^[ \t]*\[\[?[ \t]*([^\]\n]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$")


def _key(name: str) -> str:
    return name if BARE_KEY.match(name) else json.dumps(name, ensure_ascii=False)


def _value(value: Any) -> str:
    """A TOML value; JSON's string escapes are valid TOML basic-string escapes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def render_toml(settings: dict[str, Any], table: str) -> str:
    """`settings` as TOML under `[table]`, nested tables as their own `[table.sub]`."""
    lines = [f"[{table}]"]
    nested = []
    for key, value in settings.items():
        if key in ("template", "rules") and isinstance(value, dict):
            nested.append((key, value))  # a table of its own, its sub-tables below it
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in nested:
        inner = {k: v for k, v in value.items() if not isinstance(v, dict)}
        if inner or key != "rules":
            lines += ["", f"[{table}.{key}]"] + [f"{_key(k)} = {_value(v)}" for k, v in inner.items()]
        for sub, subvalue in value.items():
            if isinstance(subvalue, dict):
                lines += ["", f"[{table}.{key}.{sub}]"] + [f"{_key(k)} = {_value(v)}" for k, v in subvalue.items()]
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # what is written must read back
    return text


class Written(NamedTuple):
    path: Path
    replaced: bool  # an earlier configuration was replaced (--force)


def _without_pmlint_tables(text: str) -> tuple[str, bool]:
    """`text` without its `[tool.pmlint...]` tables (header to the next other table)."""
    kept = []
    inside = removed = False
    for line in text.splitlines(keepends=True):
        header = TABLE_HEADER.match(line.rstrip("\r\n"))
        if header:
            name = header.group(1).replace(" ", "")
            inside = name == "tool.pmlint" or name.startswith("tool.pmlint.")
            removed = removed or inside
        if not inside:
            kept.append(line)
    return "".join(kept), removed


def has_pmlint_table(text: str) -> bool:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return _without_pmlint_tables(text)[1]
    return isinstance(data.get("tool"), dict) and "pmlint" in data["tool"]


def _refuse_unless_plain_file(path: Path) -> None:
    """A configuration file init may replace is a plain file of the project or absent: a
    link would be replaced by a file holding what it pointed to (maybe from outside the
    project), and a FIFO or device would be read forever."""
    if path.is_symlink():
        raise UsageError(f"{path.name}: is a symbolic link; not changed (edit the file it points to, "
                         "or write the settings with --dry-run and add them by hand)")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(f"{path.name}: cannot be read: {exc.strerror or exc}; not changed") from None
    if not stat.S_ISREG(mode):
        raise UsageError(f"{path.name}: not a regular file; not changed")


def target(root: Path) -> Path:
    """The file `write_config` writes: an existing .pmlint.toml, else pyproject.toml, else a new
    .pmlint.toml."""
    dotfile = root / ".pmlint.toml"
    if dotfile.exists() or not (root / "pyproject.toml").exists():
        return dotfile
    return root / "pyproject.toml"


def write_config(root: Path, settings: dict[str, Any], force: bool) -> Written:
    """Append `[tool.pmlint]` to root/pyproject.toml if there is one, else write .pmlint.toml.
    An existing configuration is replaced only with `force`."""
    dotfile = root / ".pmlint.toml"
    pyproject = root / "pyproject.toml"
    for path in (dotfile, pyproject):
        _refuse_unless_plain_file(path)
    if dotfile.exists():
        if not force:
            raise UsageError(f"{dotfile.name}: a pmlint configuration exists; pass --force to replace it")
        write_atomic(dotfile, render_toml(settings, "tool.pmlint").encode("utf-8"))
        return Written(dotfile, True)
    if not pyproject.exists():
        write_atomic(dotfile, render_toml(settings, "tool.pmlint").encode("utf-8"))
        return Written(dotfile, False)
    raw = pyproject.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{pyproject.name}: not UTF-8 text; not changed") from None
    bom = raw[:3] if raw.startswith(b"\xef\xbb\xbf") else b""
    replaced = False
    if has_pmlint_table(text):
        if not force:
            raise UsageError(f"{pyproject.name}: [tool.pmlint] exists; pass --force to replace it")
        text, replaced = _without_pmlint_tables(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    block = render_toml(settings, "tool.pmlint").replace("\n", newline)
    # A blank line between the file and the new table; a last line without its end gets one.
    separator = "" if not text else newline if text.endswith("\n") else newline * 2
    merged = text + separator + block
    try:
        tomllib.loads(merged)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{pyproject.name}: is not valid TOML ({exc}); not changed") from None
    write_atomic(pyproject, bom + merged.encode("utf-8"))
    return Written(pyproject, replaced)


def record_setting(path: Path, table: str, key: str, value: Any) -> bool:
    """Add `key = value` to the pmlint settings of the configuration file `path`: under its
    `[tool.pmlint]` header (`table` "tool.pmlint"), or among the top-level keys of a
    `.pmlint.toml` (`table` "pmlint"), or as a new `.pmlint.toml`. Every other byte is kept
    (BOM, line endings, comments) and the file is replaced atomically. False, with nothing
    written, when the file is not in a form this can edit with certainty."""
    entry = f"{_key(key)} = {_value(value)}"
    if not path.exists():
        write_atomic(path, (entry + "\n").encode("utf-8"))
        return True
    raw = path.read_bytes()
    bom = raw[:3] if raw.startswith(b"\xef\xbb\xbf") else b""
    try:
        text = raw[len(bom):].decode("utf-8")
        before = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    headers = [(i, m) for i, line in enumerate(lines) if (m := TABLE_HEADER.match(line.rstrip("\r\n")))]
    if table == "pmlint":  # top-level keys: before the first table and the blank lines above it
        at = headers[0][0] if headers else len(lines)
        while headers and at > 0 and not lines[at - 1].strip():
            at -= 1
    else:
        named = [i for i, m in headers
                 if m.group(1).replace(" ", "") == table and not lines[i].lstrip().startswith("[[")]
        if not named:
            return False
        at = named[0] + 1
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += newline
    merged = "".join(lines[:at]) + entry + newline + "".join(lines[at:])
    expected = json.loads(json.dumps(before, default=str))
    settings = expected if table == "pmlint" else expected.get("tool", {}).get("pmlint")
    if not isinstance(settings, dict) or key in settings:
        return False
    settings[key] = value
    try:
        if json.loads(json.dumps(tomllib.loads(merged), default=str)) != expected:
            return False  # the line did not land where it should (a header inside a string)
    except tomllib.TOMLDecodeError:
        return False
    write_atomic(path, bom + merged.encode("utf-8"), expected=raw)
    return True
