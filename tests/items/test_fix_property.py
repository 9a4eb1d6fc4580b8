"""`--fix` on any TODO.md: applied twice it changes nothing more than once, and every line
it adds is read back as the action it tracks; where that cannot be, it refuses and writes
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmlint.config.schema import Config
from pmlint.errors import FixError
from pmlint.items.fix import Reported, fix_untracked
from pmlint.parse.action_table import action_rows
from pmlint.parse.document import parse_document
from pmlint.parse.todo_file import parse_todo
from tests.conftest import CLEAN_DOC, DOC_PATH, Result, write

FIRST = "Add an alert for connection pool saturation above 80%"
TRACKED = f"- [ ] {FIRST} _(ref: {DOC_PATH})_"
FRAGMENTS = ["# TODO", "", "text", "```", "~~~", "````", "<!--", "-->", "<!-- note -->", "- [ ] plain task",
             TRACKED, "    indented", "> quoted", "| a | b |"]
ENDINGS = ["\n", "\r\n", "\r"]


def reported(root: Path) -> list[Reported]:
    doc = parse_document((root / DOC_PATH).read_text(encoding="utf-8"), DOC_PATH)
    return [Reported(DOC_PATH, row.line) for row in action_rows(doc, Config().template)]


def keys_read_back(data: bytes) -> set[str]:
    text = data.decode("utf-8").removeprefix("\ufeff")
    return {item.key for item in parse_todo(text, "TODO.md").items if item.ref == DOC_PATH}


todo_files = st.builds(
    lambda lines, ending, bom, final: (b"\xef\xbb\xbf" if bom else b"") + (ending.join(lines) + (ending if final else "")).encode(),
    st.lists(st.sampled_from(FRAGMENTS), max_size=8), st.sampled_from(ENDINGS), st.booleans(), st.booleans(),
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=todo_files)
def test_fix_twice_is_fix_once_and_what_it_adds_is_read_back(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    root = write(tmp_path_factory.mktemp("fix"), {DOC_PATH: CLEAN_DOC, "TODO.md": data})
    todo = root / "TODO.md"
    config = Config()
    try:
        first = fix_untracked(reported(root), config, root, root)
    except FixError:
        assert todo.read_bytes() == data  # refused: nothing written
        return
    once = todo.read_bytes()
    wanted = {row_key for row_key in ("add an alert for connection pool saturation above 80%",
                                      "add a pool size field to the service configuration template")}
    if first is not None and first.changed:
        assert wanted <= keys_read_back(once), once
    second = fix_untracked(reported(root), config, root, root)
    assert second is None or not second.changed
    assert todo.read_bytes() == once


@pytest.mark.parametrize("opener", ["```", "<!--", "~~~"])
def test_an_unclosed_block_at_the_end_is_refused_not_grown(opener: str, tmp_path: Path, run) -> None:
    before = f"# TODO\n\n{opener}\nsome text\n".encode()
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": before})
    result: Result = run("check", "--fix", "--no-git", "--today", "2026-11-27", cwd=tmp_path)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "TODO.md" in result.err and "not fixed" in result.err
    assert (tmp_path / "TODO.md").read_bytes() == before


def test_a_cr_only_todo_is_refused_not_given_lf_lines(tmp_path: Path, run) -> None:
    before = f"# TODO\r\r{TRACKED}\r".encode()
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": before})
    result: Result = run("check", "--fix", "--no-git", "--today", "2026-11-27", cwd=tmp_path)
    assert result.code == 2 and "CR alone" in result.err and len(result.err.strip().splitlines()) == 1
    assert (tmp_path / "TODO.md").read_bytes() == before
