"""A JSON array of findings sorted by path, line, column, code.

Each object: path (relative to the current directory, "/" separators), line, column (both
1-based), code, name, level ("error" | "warning" | "info"), message. Keys are stable.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from pmlint.engine.findings import Finding, Report


def _item(f: Finding) -> str:
    """One finding as `json.dumps(findings, indent=2)` prints an element of the array."""
    fields = {"path": f.path, "line": f.line, "column": f.column, "code": f.code,
              "name": f.name, "level": f.level, "message": f.message}
    return "  " + json.dumps(fields, indent=2, ensure_ascii=False).replace("\n", "\n  ")


def stream_json(report: Report, quiet: bool = False) -> Iterator[str]:
    """The same bytes as `json.dumps(list, indent=2)`, one element at a time."""
    from pmlint.output import batched

    if not report.findings:
        yield "[]\n"
        return
    last = len(report.findings) - 1
    yield "[\n"
    yield from batched(_item(f) + (",\n" if index < last else "\n") for index, f in enumerate(report.findings))
    yield "]\n"


def render_json(report: Report, quiet: bool = False) -> str:
    return "".join(stream_json(report, quiet))
