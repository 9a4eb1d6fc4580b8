"""A JSON array of findings sorted by path, line, column, code (schema: SPEC section 5).

Each object: path (relative to the current directory, "/" separators), line, column (both
1-based), code, name, level ("error" | "warning" | "info"), message. Keys are stable.
"""

from __future__ import annotations

import json

from pmlint.engine.findings import Report


def render_json(report: Report, quiet: bool = False) -> str:
    items = [
        {
            "path": f.path,
            "line": f.line,
            "column": f.column,
            "code": f.code,
            "name": f.name,
            "level": f.level,
            "message": f.message,
        }
        for f in report.findings
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
