"""`pmlint init`: the configuration inferred from the documents there, written without
touching anything else, and what remains."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

EXAMPLES = REPO / "examples"
REAL = REPO / "tests" / "fixtures" / "real"



def test_init_on_the_examples(tmp_path: Path, run) -> None:
    project = tmp_path / "examples"
    shutil.copytree(EXAMPLES, project)
    before = (project / "pyproject.toml").read_bytes()
    code, _, err = run("init", "--no-git", "--today", "2026-11-27", cwd=project)
    assert code == 2 and "[tool.pmlint] exists; pass --force" in err
    assert (project / "pyproject.toml").read_bytes() == before

    code, out, _ = run("init", "--force", "--no-git", "--today", "2026-11-27", cwd=project)
    assert code == 0
    assert "read 2 post-mortems in docs/incidents/*.md" in out
    assert "title: '# Post-Mortem: <title>' (2 of 2 documents)" in out
    assert "replaced the configuration in pyproject.toml" in out
    text = (project / "pyproject.toml").read_text()
    assert text.startswith("# A sample repository")  # the comment before the old table is kept
    settings = tomllib.loads(text)["tool"]["pmlint"]
    template = settings["template"]
    assert template["required-fields"][:3] == ["Date", "Severity", "Duration"]
    assert "Action Items" in template["required-sections"] and "title-pattern" not in template
    assert "PM107" not in settings.get("ignore", [])
    assert "severities" not in template  # SEV-1 and SEV-2 are in the default list: not narrowed
    # The examples keep their deliberate defects: init says how many, and check reports them.
    assert "Findings that remain (14):" in out and "  PM405 runbook-stale: 1" in out
    code, report, _ = run("check", "--no-git", "--today", "2026-11-27", "--format", "json", cwd=project)
    assert code == 1 and report.count('"code": ') == 14


def test_init_on_an_empty_folder(tmp_path: Path, run) -> None:
    code, out, _ = run("init", cwd=tmp_path)
    assert code == 0
    assert "no post-mortem found in the repository; nothing written" in out
    assert not (tmp_path / ".pmlint.toml").exists()  # so the corrected run is not refused
    code, _, err = run("init", "--dir", "nowhere", cwd=tmp_path)
    assert code == 2 and "--dir nowhere: no such folder" in err


def test_init_appends_to_pyproject_keeping_every_byte(tmp_path: Path, run) -> None:
    original = b"\xef\xbb\xbf[project]\r\nname = \"ops\"  \r\n[tool.ruff]\r\nline-length = 100"  # BOM, CRLF, no last EOL
    (tmp_path / "pyproject.toml").write_bytes(original)
    folder = tmp_path / "postmortems"
    folder.mkdir()
    for name in ("Chia-Network__post-mortem__2021-05__2021-05-26-website-outage.md",
                 "Chia-Network__post-mortem__2023-07__2023-07-05-email-gift-card-phish.md",
                 "Chia-Network__post-mortem__2024-06__2024-06-25-blockchain_mainnet-stall.md"):
        shutil.copyfile(REAL / name, folder / name.rsplit("__", 1)[-1])
    code, out, _ = run("init", "--dir", "postmortems", "--dry-run", "--no-git", cwd=tmp_path)
    assert code == 0 and "Would write to pyproject.toml (--dry-run)" in out
    assert (tmp_path / "pyproject.toml").read_bytes() == original

    code, out, _ = run("init", "--dir", "postmortems", "--no-git", "--today", "2026-12-01", cwd=tmp_path)
    assert code == 0, out
    written = (tmp_path / "pyproject.toml").read_bytes()
    assert written.startswith(original + b"\r\n\r\n[tool.pmlint]\r\n")
    assert b"\n" not in written.replace(b"\r\n", b"")
    settings = tomllib.loads(written.decode("utf-8-sig"))["tool"]["pmlint"]
    assert settings["paths"] == ["postmortems/*.md"]
    assert settings["template"]["title-pattern"] == "none"
    assert settings["template"]["timeline"] == {"form": "list", "zone": "stated"}
    assert "Findings that remain" in out or "No finding remains." in out
    # What init printed is what check reports.
    code, report, _ = run("check", "--no-git", "--today", "2026-12-01", "--format", "json", cwd=tmp_path)
    assert report.count('"code": "PM1') <= 3  # at most one structural finding per document


@pytest.mark.slow
def test_adoption_bars_on_the_real_corpus() -> None:
    """bench/adoption.py on the 33 real documents: after init, structural findings median at
    most 1 a document, no crash, every finding on a real line, no PM105 (none is a leftover)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("adoption", REPO / "bench" / "adoption.py")
    assert spec and spec.loader
    adoption = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(adoption)
    result = adoption.evaluate(REAL)
    assert result["documents"] == 33 and result["organisations"] == 12
    assert result["pm1xx_median_after"] <= 1 < result["pm1xx_median_before"]
    assert result["crashes"] == [] and result["off_line"] == []
    assert not [line for line in result["listed"] if " PM105 " in line]


def test_init_adds_the_fields_that_name_people(tmp_path: Path, run) -> None:
    folder = tmp_path / "docs" / "incidents"
    folder.mkdir(parents=True)
    for day in ("01", "02"):
        (folder / f"2026-11-{day}-outage.md").write_text(
            f"# Outage {day}\n\n**On call:** @sam, Lee Park\n\n## Root Cause\n\nLee forgot to rotate the key.\n")
    code, _, _ = run("check", "--no-git", "--select", "PM502", "--format", "json", cwd=tmp_path)
    assert code == 0  # "On call" is not a people field by default: Lee is nobody known
    code, out, _ = run("init", "--no-git", cwd=tmp_path)
    assert "people named by handle in: On call (added to PM502's people-fields: On call)" in out
    settings = tomllib.loads((tmp_path / ".pmlint.toml").read_text())["tool"]["pmlint"]
    assert settings["rules"] == {"PM502": {"extend-people-fields": ["On call"]}}
    code, out, _ = run("check", "--no-git", "--select", "PM502", "--format", "json", cwd=tmp_path)
    assert code == 0 and [(f["line"], f["column"]) for f in json.loads(out)] == [(7, 1), (7, 1)]


def test_init_learns_the_timeline_columns(tmp_path: Path, run) -> None:
    folder = tmp_path / "docs" / "incidents"
    folder.mkdir(parents=True)
    for day in ("01", "02"):
        (folder / f"2026-11-{day}-outage.md").write_text(
            f"# Outage {day}\n\n## Timeline\n\nAll times in UTC.\n\n| Clock | Who | Happening |\n|---|---|---|\n"
            "| 14:02 | @lee | Alert fired for the error rate |\n| 14:30 | @lee | Rollback done, incident resolved |\n")
    code, out, _ = run("check", "--no-git", "--select", "PM201", "--format", "json", cwd=tmp_path)
    assert len(json.loads(out)) == 2
    code, out, _ = run("init", "--no-git", cwd=tmp_path)
    settings = tomllib.loads((tmp_path / ".pmlint.toml").read_text())["tool"]["pmlint"]
    assert settings["rules"]["PM201"] == {"extend-time-columns": ["clock"], "extend-event-columns": ["happening"]}
    code, out, _ = run("check", "--no-git", "--select", "PM201,PM202", "--format", "json", cwd=tmp_path)
    assert json.loads(out) == []


def test_init_does_not_follow_links_out_of_the_project(tmp_path: Path, run) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Post-Mortem: secret\n\n**Date:** 2026-01-01\n")
    project = tmp_path / "p"
    (project / "docs" / "incidents").mkdir(parents=True)
    (project / "docs" / "incidents" / "2026-01-01-x.md").symlink_to(outside)
    code, out, _ = run("init", "--dry-run", "--no-git", cwd=project)
    assert code == 0
    assert "not read: docs/incidents/2026-01-01-x.md: symlink leads outside the project root" in out
    assert "no post-mortem found in the repository; nothing written" in out  # nothing was learnt from it


def test_init_never_replaces_a_linked_pyproject(tmp_path: Path, run) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('[project]\nname = "other"\n')
    project = tmp_path / "p"
    (project / "docs" / "incidents").mkdir(parents=True)
    (project / "docs" / "incidents" / "2026-01-01-x.md").write_text("# Post-Mortem: x\n\n**Date:** 2026-01-01\n")
    (project / "pyproject.toml").symlink_to(outside)
    code, _, err = run("init", "--no-git", cwd=project)
    assert code == 2 and err.strip().startswith("pmlint: error: pyproject.toml: is a symbolic link; not changed")
    assert (project / "pyproject.toml").is_symlink() and outside.read_text() == '[project]\nname = "other"\n'


POST_MORTEM = "# {day} Outage\n\n## Summary\n\nThe queue stalled. Jobs waited.\n\n## Timeline\n\n- 10:02 alert fired\n\n## Action Items\n\n- Add a queue depth alert\n"


def _write(path: Path, day: str = "2024-03-01") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(POST_MORTEM.format(day=day))


def test_init_finds_nested_and_several_archives_and_skips_pages(tmp_path: Path, run) -> None:
    _write(tmp_path / "postmortems" / "2023" / "11" / "2023-11-02-db.md")
    _write(tmp_path / "postmortems" / "2024" / "01" / "2024-01-09-cache.md")
    (tmp_path / "postmortems" / "README.md").write_text("# Post-mortems\n\nOne file per incident.\n")
    (tmp_path / "postmortems" / "template.md").write_text("# YYYY-MM-DD Title\n\n## Timeline\n")
    _write(tmp_path / "billing" / "incidents" / "2024-02-01-invoices.md")
    _write(tmp_path / "web" / "incidents" / "cdn-outage" / "index.md")
    (tmp_path / "README.md").write_text("# Our service\n")
    code, out, _ = run("init", "--no-git", "--dry-run", cwd=tmp_path)
    assert code == 0, out
    assert "read 4 post-mortems in billing/incidents/*.md, postmortems/**/[0-9]*.md, web/incidents/*/index.md" in out
    assert "skipped (index, README or template page): postmortems/README.md" in out
    assert "skipped (index, README or template page): postmortems/template.md" in out
    assert "Would write to .pmlint.toml (--dry-run)" in out and not (tmp_path / ".pmlint.toml").exists()


def test_init_finds_post_mortems_at_the_root_beside_a_readme(tmp_path: Path, run) -> None:
    (tmp_path / "README.md").write_text("# Incident reports of the team\n")
    for day in ("2024-03-01", "2024-04-11", "2024-05-20"):
        _write(tmp_path / f"{day}-outage.md", day)
    code, out, _ = run("init", "--no-git", cwd=tmp_path)
    assert code == 0 and "read 3 post-mortems in [0-9]*.md" in out
    assert tomllib.loads((tmp_path / ".pmlint.toml").read_text())["tool"]["pmlint"]["paths"] == ["[0-9]*.md"]


def test_init_dir_takes_several_folders_and_globs(tmp_path: Path, run) -> None:
    _write(tmp_path / "teams" / "api" / "reports" / "2024-03-01-a.md")
    _write(tmp_path / "teams" / "web" / "reports" / "2024-03-02-b.md")
    _write(tmp_path / "ops" / "notes" / "2024-03-03-c.md")
    code, out, _ = run("init", "--no-git", "--dry-run", "--dir", "teams/*/reports", "ops/notes", cwd=tmp_path)
    assert code == 0 and "read 3 post-mortems in" in out, out
    code, _, err = run("init", "--no-git", "--dir", "teams/*/nothing", cwd=tmp_path)
    assert code == 2 and "--dir teams/*/nothing: no such folder" in err


def test_init_says_what_it_stopped_enforcing(tmp_path: Path, run) -> None:
    folder = tmp_path / "docs" / "incidents"
    for day in ("2024-03-01", "2024-04-11", "2024-05-20"):
        _write(folder / f"{day}-outage.md", day)
    (folder / "2024-06-01-db.md").write_text("# 2024-06-01 DB\n\n## Summary\n\nThe database failed. It restarted.\n")
    code, out, _ = run("init", "--no-git", cwd=tmp_path)
    assert code == 0
    assert ('NOT ENFORCED: a Timeline section (3 of 4 documents have one); to require it, add "Timeline" '
            "to required-sections in [tool.pmlint.template]") in out
    assert "no TODO.md: PM307, PM308, PM601, PM602, PM603 ignored" in out
    assert "no sign-off section (Acknowledgement) in any document: PM402 ignored" in out
    assert "no Shared field in any document: PM403 ignored" in out
    assert "incident dates, as the report reads them: title 4" in out
    settings = tomllib.loads((tmp_path / ".pmlint.toml").read_text())["tool"]["pmlint"]
    assert {"PM307", "PM402", "PM403"} <= set(settings["ignore"])
    assert "Timeline" not in settings["template"]["required-sections"]


def test_init_accepts_named_authors_where_the_team_writes_no_handles(tmp_path: Path, run) -> None:
    folder = tmp_path / "docs" / "incidents"
    authors = ["Jane Doe <jane@example.com>", "Lukas, Eduardo, Dani", "serathius@"]
    for number, who in enumerate(authors, 1):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"2024-03-0{number}-x.md").write_text(f"# Outage {number}\n\n**Authors:** {who}\n\n## Summary\n\nA. B.\n")
    code, out, _ = run("check", "--no-git", "--select", "PM103", "--format", "json", cwd=tmp_path)
    assert len(json.loads(out)) == 3  # the default template asks for @handles
    run("init", "--no-git", cwd=tmp_path)
    assert tomllib.loads((tmp_path / ".pmlint.toml").read_text())["tool"]["pmlint"]["template"]["author-handles"] is False
    code, out, _ = run("check", "--no-git", "--select", "PM103", "--format", "json", cwd=tmp_path)
    assert json.loads(out) == []


def test_init_writes_nothing_when_it_cannot_list_a_folder(tmp_path: Path, run, monkeypatch) -> None:
    """Fail closed: an archive folder init cannot list is an error, not a default configuration."""
    import os

    project = tmp_path / "p"
    (project / "postmortems" / "2024").mkdir(parents=True)
    (project / "postmortems" / "2024" / "2024-01-01-x.md").write_text("# Post-Mortem: x\n\n**Date:** 2024-01-01\n")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("2024"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    code, _, err = run("init", "--no-git", cwd=project)
    assert code == 2 and err.strip() == "pmlint: error: postmortems/2024: cannot be listed (Permission denied); nothing written"
    assert not (project / ".pmlint.toml").exists() and not (project / "pyproject.toml").exists()
