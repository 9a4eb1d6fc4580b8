"""TODO.md read as tasks: items, malformed lines, fences and comments, line numbers; and reading
only some lines (a pre-commit run on a few documents) gives exactly the tasks a full read gives."""

from __future__ import annotations

import time

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


# --- TODO.md ---------------------------------------------------------------------------------

TODO = """\
# TODO

- [ ] Add an alert _(ref: docs/incidents/a.md)_
- [x] Write runbook: db exhausted _(ref: docs/incidents/a.md)_ #123
- [X] Upper-case box _(ref: docs/incidents/a.md)_ https://github.com/o/r/issues/45#issuecomment-1
  - [ ] Nested item _(ref: docs/incidents/b.md)_ see #9
- [ ] Pull request link _(ref: docs/incidents/a.md)_ https://github.com/o/r/pull/7
- [ ] Not tracked: no ref
- plain list item
"""


def test_todo_items() -> None:
    todo = parse_todo(TODO, "TODO.md")
    assert todo.malformed == []
    got = [(i.line, i.done, i.text, i.ref, i.issue) for i in todo.items]
    assert got == [
        (3, False, "Add an alert", "docs/incidents/a.md", None),
        (4, True, "Write runbook: db exhausted", "docs/incidents/a.md", 123),
        (5, True, "Upper-case box", "docs/incidents/a.md", 45),
        (6, False, "Nested item", "docs/incidents/b.md", None),  # "see #9" is not right after the ref
        (7, False, "Pull request link", "docs/incidents/a.md", None),
    ]
    first = todo.items[0]
    assert todo.lines[first.line - 1][first.ref_column - 1 :].startswith("docs/incidents/a.md")
    assert todo.items[1].key == "write runbook: db exhausted"


def test_todo_ref_with_blanks_is_trimmed() -> None:
    (item,) = parse_todo("- [ ] Do it   _(ref:   docs/x.md  )_\n", "TODO.md").items
    assert (item.text, item.ref, item.ref_column) == ("Do it", "docs/x.md", 24)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("- [] Fix _(ref: docs/a.md)_", 3, "malformed checkbox '[]'"),
        ("- [ x] Fix _(ref: docs/a.md)_", 3, "malformed checkbox '[ x]'"),
        ("- [y] Fix _(ref: docs/a.md)_", 3, "malformed checkbox '[y]'"),
        ("-[ ] Fix _(ref: docs/a.md)_", 2, "badly spaced checkbox"),
        ("- [ ]Fix _(ref: docs/a.md)_", 3, "badly spaced checkbox"),
        ("- Fix (ref: docs/a.md)", 1, "has no checkbox"),
        ("- [ ] Fix (ref: docs/a.md)", 11, "malformed ref"),
        ("- [ ] Fix _(Ref: docs/a.md)_", 12, "malformed ref"),
        ("- [ ] Fix _(ref: )_", 12, "empty ref path"),
    ],
)
def test_malformed_task_lines(line: str, column: int, message: str) -> None:
    todo = parse_todo(f"# TODO\n\n{line}\n", "TODO.md")
    assert todo.items == []
    (problem,) = todo.malformed
    assert problem.line == 3 and problem.column == column and message in problem.message


@pytest.mark.parametrize("fence", ["```", "~~~", "````markdown"])
def test_task_lines_in_code_fences_and_comments_are_ignored(fence: str) -> None:
    close = fence.rstrip("markdown")
    text = (
        f"{fence}\n- [ ] Example _(ref: docs/a.md)_\n- [] broken _(ref: x)_\n{close}\n"
        "<!--\n- [ ] Commented _(ref: docs/a.md)_\n-->\n"
        "<!-- - [] one-line comment (ref: x) -->\n"
        "- [ ] Real _(ref: docs/a.md)_\n"
    )
    todo = parse_todo(text, "TODO.md")
    assert [(i.line, i.text) for i in todo.items] == [(9, "Real")]
    assert todo.malformed == []


def test_inline_triple_backticks_do_not_open_a_fence_in_todo() -> None:
    todo = parse_todo("```not a fence` here\n- [ ] Real _(ref: docs/a.md)_\n", "TODO.md")
    assert [i.line for i in todo.items] == [2]


def test_unclosed_fence_hides_the_rest() -> None:
    assert parse_todo("```\n- [ ] Hidden _(ref: docs/a.md)_\n", "TODO.md").items == []


def test_todo_crlf_and_bom_keep_line_numbers() -> None:
    text = "\ufeff# TODO\r\n\r\n- [ ] A _(ref: docs/a.md)_ #7\r\n"
    (item,) = parse_todo(text, "TODO.md").items
    assert (item.line, item.ref, item.issue) == (3, "docs/a.md", 7)


def test_todo_hostile_lines_are_fast() -> None:
    started = time.process_time()
    parse_todo("- [ ] " + "_(ref: " * 20_000 + "\n", "TODO.md")
    parse_todo("- [ ] a" + " " * 20_000 + "b _(ref: x" + " " * 20_000 + "y)_\n", "TODO.md")
    parse_todo("- [ ] a" + " " * 20_000 + "b (ref: x)\n", "TODO.md")
    assert time.process_time() - started < 1.0  # was over a minute with backtracking
