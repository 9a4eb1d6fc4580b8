"""A second, independent LSP client: Debian's Neovim, headless, with the configuration
docs/guides/editors.md documents (editors/neovim/pmlint.lua), opens a post-mortem, receives
the diagnostics, applies the TODO.md code action and saves: TODO.md on disk is what
`pmlint check --fix` writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server.project import DOC, TODAY, TODO, make_project

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "editors/neovim/pmlint.lua"
NVIM = shutil.which("nvim")
# What the test does in the editor, as a user would: wait for the diagnostics, put the
# cursor on the untracked action, ask for code actions, apply the TODO.md one, save all.
SCRIPT = """
vim.cmd("filetype on")
vim.cmd("edit " .. vim.fn.fnameescape(vim.g.pmlint_doc))
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
local function untracked()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if code_of(d) == "PM307" then return d end
  end
end
local out = { codes = {}, applied = {} }
vim.wait(100000, function() return untracked() ~= nil end, 50)
for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(out.codes, code_of(d)) end
local target = untracked()
if target then
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, 0 })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = {} }
  local responses = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 100000) or {}
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      if action.title:find("TODO.md", 1, true) and action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
        table.insert(out.applied, action.title)
      end
    end
  end
end
vim.cmd("silent! wall")
vim.fn.writefile({ vim.fn.json_encode(out) }, vim.g.pmlint_out)
vim.cmd("qall!")
"""

pytestmark = [pytest.mark.slow, pytest.mark.neovim,
              pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (.ci/run installs Debian's)")]


def test_neovim_applies_the_todo_action_and_todo_md_is_what_fix_writes(tmp_path: Path) -> None:
    assert NVIM is not None
    project = tmp_path / "project"
    project.mkdir()
    make_project(project)
    fixed = tmp_path / "fixed"
    shutil.copytree(project, fixed)
    subprocess.run([sys.executable, "-m", "pmlint", "check", "--fix", "--today", TODAY, DOC], cwd=fixed,
                   capture_output=True, check=False)
    script = tmp_path / "test.lua"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "out.json"
    env = {**os.environ, "PMLINT_TODAY": TODAY, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [NVIM, "--headless", "-n", "-i", "NONE", "-u", str(CONFIG),
               "--cmd", f"let g:pmlint_doc = '{project / DOC}' | let g:pmlint_out = '{out}'",
               "--cmd", f"let g:pmlint_cmd = ['{sys.executable}', '-m', 'pmlint', 'server']",
               "-c", f"luafile {script}"]
    # A bound, not a measure: a hung editor fails the test instead of hanging the run.
    run = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert out.exists(), run.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert "PM307" in result["codes"] and "PM202" in result["codes"]
    assert len(result["applied"]) == 1
    assert (project / "TODO.md").read_bytes() == (fixed / "TODO.md").read_bytes() != TODO.encode()
    assert (project / DOC).read_bytes() == (fixed / DOC).read_bytes()  # the document itself is untouched
