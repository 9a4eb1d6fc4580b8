"""The timeline's JSON is what `json.dumps(..., ensure_ascii=False, indent=2)` writes, though
it is written out row by row."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pmlint.evidence import render
from pmlint.evidence.group import Row

UTC = dt.UTC
MESSAGES = ["ERROR x", '"quoted"', "back\\slash", "\u00e9\u65e5\u672c \u2028 \x00\x1f\x7f", "\ud800 lone", "tab\there", ""]
ROWS = [Row(dt.datetime(2026, 11, 20, 14, n // 3, tzinfo=UTC), "log", message, n + 1, f'logs/"a"\\b.log:{n}', 1)
        for n, message in enumerate(MESSAGES)]


@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []], ids=["several minutes", "one row", "none"])
def test_json_is_what_json_dumps_writes(rows: list[Row]) -> None:
    assert render.as_json(rows) == json.dumps(render.records(rows), ensure_ascii=False, indent=2) + "\n"
    assert [record["time"] for record in json.loads(render.as_json(rows))] == [
        row.minute.strftime("%Y-%m-%dT%H:%MZ") for row in rows]
