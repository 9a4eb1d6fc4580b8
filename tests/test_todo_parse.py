"""Reading only some lines of TODO.md (a pre-commit run on a few documents) must give exactly
the tasks a full read gives for those lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint.parse.todo_file import parse_todo

NEEDLES = frozenset({"2026-11-20-db-pool.md", "a.md"})
FRAGMENTS = [
    "- [ ] Add alert _(ref: docs/incidents/2026-11-20-db-pool.md)_",
    "- [x] Write runbook _(ref: docs/incidents/a.md)_ #12",
    "- [ ] Other doc _(ref: docs/incidents/b.md)_",
    "- [] broken box _(ref: docs/incidents/a.md)_",
    "- [ ] no underscores (ref: docs/incidents/2026-11-20-db-pool.md)",
    "plain text mentioning a.md",
    "```",
    "~~~",
    "<!-- a comment",
    "-->",
    "",
    "## Group",
]


@pytest.mark.slow
@settings(max_examples=300)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_needles_read_the_same_tasks_as_a_full_read(lines: list[str], newline: str) -> None:
    text = newline.join(lines) + newline
    full = parse_todo(text, "TODO.md")
    some = parse_todo(text, "TODO.md", NEEDLES)

    def wanted(line: int) -> bool:
        return any(n in full.lines[line - 1] for n in NEEDLES)

    assert some.items == [item for item in full.items if wanted(item.line)]
    assert some.malformed == [bad for bad in full.malformed if wanted(bad.line)]


def test_a_large_todo_is_read_only_where_the_needles_are() -> None:
    lines = [f"- [ ] Task {n} _(ref: docs/incidents/doc-{n}.md)_" for n in range(5000)]
    text = "\n".join(lines) + "\n"
    todo = parse_todo(text, "TODO.md", frozenset({"doc-4321.md"}))
    assert [(item.line, item.text) for item in todo.items] == [(4322, "Task 4321")]
