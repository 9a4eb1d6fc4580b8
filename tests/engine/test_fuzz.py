"""Property tests: no input makes the parser or the engine crash, and every line number that
comes out names a line that exists.

Inputs are random text and mutations of a valid post-mortem and TODO.md: inserted, deleted
and duplicated lines, and tokens spliced into lines (pipes, backticks, comment openers,
headings, task boxes, refs, CR, NUL, BOM, odd Unicode). Kept fast by default; search harder
locally with `PMLINT_FUZZ_EXAMPLES=5000`.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmlint.cli import main
from pmlint.parse.document import Document, parse_document
from pmlint.parse.inline import handles, mask_prose, normalise_action
from pmlint.parse.markdown import split_lines
from pmlint.parse.todo_file import parse_todo
from pmlint.parse.values import describe_date_problem, parse_duration, parse_time
from tests.conftest import CLEAN_DOC as VALID_DOC
from tests.conftest import CLEAN_TODO as VALID_TODO
from tests.conftest import DOC_PATH, TODAY, all_codes

EXAMPLES = int(os.environ.get("PMLINT_FUZZ_EXAMPLES", "150"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TOKENS = [
    "|", "\\|", "||", "`", "``", "```", "~~~", "<!--", "-->", "<!-- pmlint-disable -->",
    "<!-- pmlint-disable-next-line PM305 -->", "#", "## ", "# ", "- [ ] ", "- [x] ", "- [] ",
    "- [ x] ", "_(ref: docs/incidents/2026-11-20-checkout-pool.md)_", "_(ref: ../../etc/passwd)_",
    "_(ref: /etc/passwd)_", "(ref: )", "_(ref: )_", " #12", "\r", "\r\n", "\n", "\x00", "\ufeff",
    "\t", "    ", "---", "===", "**Date:** ", "Date: ", "@maria", "@", "@org/team", "é", "\u2028",
    "\x0c", "\x85", "\U0001f525", "[x]", "](", "[a](", "<br>", "\\", ">", "> ", "1. ", "*", "**",
    "_", "YYYY-MM-DD", "HH:MM", "SEV-X", "[Title]", "human error", "2026-02-30", "24:00", "23:59",
    "P9", "next week", "| Time | Event |\n|---|---|\n", "| Action | Owner | Priority | Due |\n|---|---|---|---|\n",
]
FRAGMENT = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=6).map("".join)
POSITION = st.integers(min_value=0, max_value=10_000)
MUTATION = st.one_of(
    st.tuples(st.just("insert"), POSITION, POSITION, FRAGMENT),
    st.tuples(st.just("splice"), POSITION, POSITION, FRAGMENT),
    st.tuples(st.just("delete"), POSITION, POSITION, st.just("")),
    st.tuples(st.just("duplicate"), POSITION, POSITION, st.just("")),
)


def mutate(text: str, mutations: list[tuple[str, int, int, str]]) -> str:
    lines = text.split("\n")
    for kind, where, column, fragment in mutations:
        index = where % (len(lines) + 1)
        if kind == "insert":
            lines.insert(index, fragment)
        elif not lines or index == len(lines):
            continue
        elif kind == "splice":
            line = lines[index]
            at = column % (len(line) + 1)
            lines[index] = line[:at] + fragment + line[at:]
        elif kind == "delete":
            del lines[index]
        else:
            lines.insert(index, lines[index])
    return "\n".join(lines)


def mutated(source: str) -> st.SearchStrategy[str]:
    return st.lists(MUTATION, min_size=1, max_size=8).map(lambda ms: mutate(source, ms))


# --- the parser ----------------------------------------------------------------------------------


def check_document(text: str) -> Document:
    doc = parse_document(text, DOC_PATH)
    count = len(doc.lines)
    assert count == len(split_lines(text.removeprefix("\ufeff")))

    def ok(line: int) -> bool:
        return 1 <= line <= count

    assert doc.header_line == 1 or ok(doc.header_line)
    assert doc.title is None or ok(doc.title.line)
    for found in doc.fields.values():
        assert ok(found.line) and 1 <= found.column <= len(doc.lines[found.line - 1]) + 1
    for prose in doc.prose:
        assert ok(prose.line)
        assert len(prose.text) == len(doc.lines[prose.line - 1])  # masking keeps columns
    for comment in doc.comments:
        assert ok(comment.line) and ok(comment.end) and comment.line <= comment.end
    previous = 0
    for section in doc.sections:
        assert ok(section.line) and section.line <= section.end <= count and section.line > previous
        previous = section.line
        for table in section.tables:
            assert section.line < table.line <= section.end
            assert all(table.line < row.line <= section.end for row in table.rows)
        for item in section.items:
            assert section.line < item.line <= section.end and all(ok(n) for n, _ in item.more)
        for paragraph in section.paragraphs:
            assert all(section.line < n <= section.end for n, _ in paragraph.lines)
        for prose in section.prose:
            assert section.line < prose.line <= section.end
        section.text()
        _ = section.has_content
    return doc


def check_todo(text: str) -> None:
    todo = parse_todo(text, "TODO.md")
    count = len(todo.lines)
    for item in todo.items:
        assert 1 <= item.line <= count
        assert 1 <= item.ref_column <= len(todo.lines[item.line - 1])
        assert item.ref and item.ref == item.ref.strip()
    for problem in todo.malformed:
        assert 1 <= problem.line <= count and problem.column >= 1


@FAST
@given(st.text())
def test_parser_survives_random_text(text: str) -> None:
    check_document(text)
    check_todo(text)


@FAST
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_parser_survives_random_markdown_tokens(text: str) -> None:
    check_document(text)
    check_todo(text)


@pytest.mark.slow
@FAST
@given(mutated(VALID_DOC))
def test_parser_survives_mutated_post_mortems(text: str) -> None:
    check_document(text)


@pytest.mark.slow
@FAST
@given(mutated(VALID_TODO))
def test_todo_parser_survives_mutated_todo_files(text: str) -> None:
    check_todo(text)


@FAST
@given(st.text())
def test_inline_helpers_survive_anything(text: str) -> None:
    masked = mask_prose(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c in "\r\n"] == [i for i, c in enumerate(text) if c in "\r\n"]
    for handle in handles(text):
        assert handle and "@" not in handle
    key = normalise_action(text)
    assert key == key.strip() and not any(marker in key for marker in "*_`~")
    assert normalise_action(f"**{text}**") == key  # emphasis around the text changes nothing


@FAST
@given(st.one_of(st.text(max_size=40), FRAGMENT))
def test_value_readers_never_raise(value: str) -> None:
    parse_duration(value)
    parse_time(value)
    assert describe_date_problem(value)


# --- the whole engine -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project() -> Path:
    with tempfile.TemporaryDirectory(prefix="pmlint-fuzz-") as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text("[tool.pmlint]\n")
        (root / DOC_PATH).parent.mkdir(parents=True)
        yield root


def lint(root: Path, document: str, todo: str, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Lint `document` and `todo` with every rule; assert the contract on the result."""
    (root / DOC_PATH).write_bytes(document.encode("utf-8", "surrogatepass"))
    (root / "TODO.md").write_bytes(todo.encode("utf-8", "surrogatepass"))
    monkeypatch.chdir(root)
    capsys.readouterr()
    code = main(["check", "--format", "json", "--no-git", "--today", TODAY, "--select", all_codes()])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err and "error" not in err, err
    sources = {DOC_PATH: document, "TODO.md": todo}
    for finding in json.loads(out):
        assert finding["path"] in sources, finding
        lines = split_lines(sources[finding["path"]].removeprefix("\ufeff"))
        assert 1 <= finding["line"] <= max(1, len(lines)), finding
        width = len(lines[finding["line"] - 1]) if lines else 0
        assert 1 <= finding["column"] <= width + 1, finding


ENGINE = settings(
    max_examples=max(EXAMPLES * 2 // 3, 1),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.slow
@ENGINE
@given(document=mutated(VALID_DOC), todo=st.one_of(st.just(VALID_TODO), mutated(VALID_TODO)))
def test_engine_survives_mutated_projects(project: Path, document: str, todo: str, monkeypatch, capsys) -> None:
    lint(project, document, todo, monkeypatch, capsys)


@pytest.mark.slow
@ENGINE
@given(document=st.one_of(st.text(), st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)), todo=st.text())
def test_engine_survives_random_text(project: Path, document: str, todo: str, monkeypatch, capsys) -> None:
    lint(project, document, todo, monkeypatch, capsys)
