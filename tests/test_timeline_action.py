"""The action's `command: timeline`: evidence from `paths`, options from `args`, every input
through `env:` as for the other commands."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.action_runner import CLEAN_DOC, run_action
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "timeline"


def test_timeline_merges_evidence_into_the_document(workdir: Path, tmp_path: Path) -> None:  # noqa: F811
    shutil.copytree(FIXTURES / "alertmanager", workdir / "evidence" / "alerts")
    before = (workdir / CLEAN_DOC).read_bytes()
    run = run_action(workdir, tmp_path, command="timeline", paths="evidence",
                     args=f"--doc {CLEAN_DOC} --into {CLEAN_DOC}")
    assert run.code == 0, run.stdout + run.stderr
    after = (workdir / CLEAN_DOC).read_bytes()
    assert f"{CLEAN_DOC}: added 3 rows (0 already there)" in run.stderr
    assert b"| 14:56 | CheckoutErrorRateHigh resolved (critical)" in after and len(after) > len(before)
    again = run_action(workdir, tmp_path, command="timeline", paths="evidence",
                       args=f"--doc {CLEAN_DOC} --into {CLEAN_DOC}")
    assert again.code == 0 and (workdir / CLEAN_DOC).read_bytes() == after


def test_timeline_prints_the_draft_and_takes_no_shell_from_inputs(workdir: Path, tmp_path: Path) -> None:  # noqa: F811
    shutil.copytree(FIXTURES / "helm", workdir / "evidence")
    run = run_action(workdir, tmp_path, command="timeline", paths="evidence '$(touch pwned)'",
                     args=f"--doc {CLEAN_DOC}")
    assert run.code == 2 and "$(touch pwned): no such file or directory" in run.stderr
    assert not list(workdir.glob("pwned*"))
    run = run_action(workdir, tmp_path, command="timeline", paths="evidence", args=f"--doc {CLEAN_DOC}")
    assert run.code == 0, run.stderr
    assert "| 2026-11-20 13:57 | Helm revision 8: checkout-1.5.0 (app 2.14.0)" in run.stdout
