"""Large runs lint on every core; the report must be the one a single process gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pmlint.engine.parallel
from tests.conftest import make_many


def test_parallel_report_equals_serial_report(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_many(tmp_path, 60)
    monkeypatch.setattr(pmlint.engine.parallel, "PARALLEL_MIN_ITEMS", 10**9)
    serial = run("check", "--format", "json", "--today", "2026-11-27", cwd=tmp_path)
    monkeypatch.setattr(pmlint.engine.parallel, "PARALLEL_MIN_ITEMS", 2)
    monkeypatch.setattr(pmlint.engine.parallel, "_cores", lambda: 2)
    parallel = run("check", "--format", "json", "--today", "2026-11-27", cwd=tmp_path)
    found = json.loads(serial.out)
    assert {f["code"] for f in found} == {"PM202", "PM307", "PM602", "PM603"}  # PM602: CLEAN_TODO refs a file not made here
    assert parallel.out == serial.out and parallel.code == serial.code == 1
    text = run("check", "--today", "2026-11-27", cwd=tmp_path).out
    assert text.splitlines()[-1].startswith("35 errors, 1 warning in 61 files")


def test_orphan_check_reads_a_document_its_ref_names_another_way(run, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine keeps the action texts only of documents TODO.md names as they are linted;
    a line reaching one through a linked folder has it read again, in one process or many."""
    make_many(tmp_path, 30)
    (tmp_path / "docs" / "linked").symlink_to("incidents", target_is_directory=True)
    linked = "docs/linked/2026-11-20-checkout-pool-5.md"
    with (tmp_path / "TODO.md").open("a", encoding="utf-8") as todo:
        todo.write(f"- [ ] Add a pool size field to the service configuration template _(ref: {linked})_\n")
        todo.write(f"- [ ] Nothing the document says _(ref: {linked})_\n")
    monkeypatch.setattr(pmlint.engine.parallel, "PARALLEL_MIN_ITEMS", 10**9)
    serial = run("check", "--format", "json", "--select", "PM603", "--today", "2026-11-27", cwd=tmp_path)
    monkeypatch.setattr(pmlint.engine.parallel, "PARALLEL_MIN_ITEMS", 2)
    monkeypatch.setattr(pmlint.engine.parallel, "_cores", lambda: 2)
    parallel = run("check", "--format", "json", "--select", "PM603", "--today", "2026-11-27", cwd=tmp_path)
    assert parallel.out == serial.out
    lines = (tmp_path / "TODO.md").read_text(encoding="utf-8").splitlines()
    assert [lines[f["line"] - 1].split(" _(")[0] for f in json.loads(serial.out)] == [
        "- [ ] Not in any document",
        "- [ ] Nothing the document says",
    ]
