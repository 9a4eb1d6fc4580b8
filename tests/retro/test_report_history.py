"""`pmlint report` on a real Git repository with a known history: repeat incidents, Due
dates moved after the review, actions reworded or dropped after it, the days from the
incident to the first commit and to Final, contributing factors, and a shallow clone that
says so.

  db-failover (2026-03-02, Services: payments-db; Factors: technical/config, process/review)
    03-04  first commit, Draft, three actions
    03-09  Status: Final (the review)
    03-25  "Add replica lag alert" Due 03-20 -> 04-10 (+21 days); "Automate failover drill"
           reworded; "Review connection limits" dropped
  payments-timeout (2026-04-20, Services: Payments-DB, checkout; Factors: technical/capacity, luck)
    04-21  first commit: the replica lag alert of db-failover is still open and was due
           04-10, so this is a repeat incident (overdue then)
  search-reindex (2026-04-25, Services: search) 04-27: no earlier incident on search
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.report_project import git

TODAY = "2026-05-04"
FAILOVER = "docs/incidents/2026-03-02-db-failover.md"
TIMEOUT = "docs/incidents/2026-04-20-payments-timeout.md"
SEARCH = "docs/incidents/2026-04-25-search-reindex.md"


def doc(title: str, date: str, status: str, services: str, factors: str, rows: list[str]) -> str:
    table = ["| Action | Owner | Priority | Due |", "|---|---|---|---|", *rows]
    return "\n".join([f"# Post-Mortem: {title}", "", f"**Date:** {date}", "**Severity:** SEV-2",
                      "**Duration:** 40 minutes", f"**Status:** {status}", f"**Services:** {services}",
                      f"**Factors:** {factors}", "", "## Action Items", "", *table]) + "\n"


FIRST_ROWS = ["| Add replica lag alert | @ana | P1 | 2026-03-20 |",
              "| Automate failover drill | @ben | P2 | 2026-04-15 |",
              "| Review connection limits | @ana | P3 | 2026-05-01 |"]
LATER_ROWS = ["| Add replica lag alert | @ana | P1 | 2026-04-10 |",
              "| Automate the monthly failover drill | @ben | P2 | 2026-04-15 |"]
TODO = f"""# TODO

- [ ] Add replica lag alert _(ref: {FAILOVER})_
- [x] Automate the monthly failover drill _(ref: {FAILOVER})_
- [ ] Raise the checkout timeout budget _(ref: {TIMEOUT})_
"""


def commit(root: Path, files: dict[str, str], message: str, when: str) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", message, when=f"{when}T12:00:00+00:00")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history")
    git(root, "init", "-q")
    factors = "technical/config, process/review"
    commit(root, {FAILOVER: doc("DB failover", "2026-03-02", "Draft", "payments-db", factors, FIRST_ROWS),
                  "TODO.md": "# TODO\n"}, "db failover draft", "2026-03-04")
    commit(root, {FAILOVER: doc("DB failover", "2026-03-02", "Final", "payments-db", factors, FIRST_ROWS)},
           "db failover reviewed", "2026-03-09")
    commit(root, {FAILOVER: doc("DB failover", "2026-03-02", "Final", "payments-db", factors, LATER_ROWS)},
           "db failover: move a date, reword, drop", "2026-03-25")
    commit(root, {TIMEOUT: doc("Payments timeout", "2026-04-20", "Draft", "Payments-DB, checkout",
                               "technical/capacity, luck", ["| Raise the checkout timeout budget | @cy | P2 | 2026-05-20 |"]),
                  "TODO.md": TODO}, "payments timeout", "2026-04-21")
    commit(root, {SEARCH: doc("Search reindex", "2026-04-25", "Draft", "search", "", [])}, "search", "2026-04-27")
    return root


@pytest.fixture(scope="module")
def report(project: Path) -> dict:
    from pmlint.cli import main

    with pytest.MonkeyPatch.context() as patch:
        for name in ("GITHUB_REPOSITORY", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_TOKEN", "GH_TOKEN"):
            patch.delenv(name, raising=False)
        patch.chdir(project)
        assert main(["report", "--today", TODAY, "--since", "2026-01-01", "--format", "json",
                     "--output", "report.json"]) == 0
    return json.loads((project / "report.json").read_text(encoding="utf-8"))


def test_a_repeat_incident_names_both_documents_and_the_open_action(report: dict) -> None:
    assert report["repeat_incidents"] == [{
        "repository": None, "path": TIMEOUT, "line": 3, "title": "Payments timeout", "date": "2026-04-20",
        "service": "Payments-DB",
        "earlier": {"repository": None, "path": FAILOVER, "title": "DB failover", "date": "2026-03-02"},
        "action": "Add replica lag alert", "action_line": 14, "due": "2026-04-10", "overdue_then": True,
    }]


def test_due_dates_moved_and_actions_reworded_or_dropped_after_the_review(report: dict) -> None:
    changes = {(c["kind"], c["action"]): c for c in report["changes_after_review"]}
    assert set(changes) == {("slipped", "Add replica lag alert"), ("reworded", "Automate failover drill"),
                            ("dropped", "Review connection limits")}
    slipped = changes[("slipped", "Add replica lag alert")]
    assert (slipped["before_due"], slipped["after_due"], slipped["days"], slipped["on"]) == (
        "2026-03-20", "2026-04-10", 21, "2026-03-25")
    assert changes[("reworded", "Automate failover drill")]["after"] == "Automate the monthly failover drill"
    assert changes[("dropped", "Review connection limits")]["after"] is None
    assert all(c["path"] == FAILOVER for c in report["changes_after_review"])


def test_days_to_the_first_commit_and_to_final(report: dict) -> None:
    assert report["history"] == "read"
    timing = {i["path"]: (i["first_commit"], i["final_commit"]) for i in report["incidents"]}
    assert timing == {FAILOVER: ("2026-03-04", "2026-03-09"), TIMEOUT: ("2026-04-21", None),
                      SEARCH: ("2026-04-27", None)}


def test_contributing_factors_are_counted_by_category(report: dict) -> None:
    factors = report["contributing_factors"]
    assert factors["categories"] == ["technical", "process", "other"]
    assert factors["per_quarter"] == [
        {"quarter": "2026-Q1", "by_category": {"technical": 1, "process": 1, "other": 0}},
        {"quarter": "2026-Q2", "by_category": {"technical": 1, "process": 0, "other": 1}},
    ]
    assert {t["tag"]: t["incidents"] for t in factors["tags"]} == {
        "technical/config": 1, "process/review": 1, "technical/capacity": 1, "luck": 1}


def test_the_pages_show_them(project: Path, run) -> None:
    markdown = run("report", "--today", TODAY, "--since", "2026-01-01", cwd=project)
    assert markdown.code == 0, markdown.err
    assert "### Repeat incidents (1)" in markdown.out and "| slipped | Add replica lag alert |" in markdown.out
    page = run("report", "--today", TODAY, "--since", "2026-01-01", "--format", "html", cwd=project)
    assert 'id="repeats"' in page.out and 'id="chart-factors"' in page.out


def test_a_shallow_clone_says_so(project: Path, tmp_path: Path, run) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", project.as_uri(), str(clone))
    result = run("report", "--today", TODAY, "--since", "2026-01-01", "--format", "json", cwd=clone)
    data = json.loads(result.out)
    assert data["history"] == "shallow"
    assert data["changes_after_review"] == []  # nothing after a review this clone cannot see
    assert {i["first_commit"] for i in data["incidents"]} == {None}
    text = run("report", "--today", TODAY, "--since", "2026-01-01", cwd=clone).out
    assert "shallow clone" in text


def test_new_and_init_know_the_services_and_factors_fields(tmp_path: Path, run) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.pmlint.report]\nservices-field = "Components"\n')
    run("new", "Queue stall", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    text = next((tmp_path / "docs" / "incidents").glob("*.md")).read_text(encoding="utf-8")
    assert "**Components:** [" in text and "**Factors:** [" in text

    archive = tmp_path / "archive"
    for number, (components, factors) in enumerate([("checkout", "Technical/deploy, people/handover"),
                                                    ("search", "technical/capacity")]):
        path = archive / "docs" / "incidents" / f"2026-0{number + 1}-10-incident-{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Post-Mortem: Incident {number}\n\n**Date:** 2026-0{number + 1}-10\n"
                        f"**Component:** {components}\n**Tags:** {factors}\n", encoding="utf-8")
    result = run("init", "--no-git", cwd=archive)
    assert result.code == 0, result.err
    import tomllib

    settings = tomllib.loads((archive / ".pmlint.toml").read_text(encoding="utf-8"))["tool"]["pmlint"]["report"]
    assert settings == {"services-field": "Component", "factors-field": "Tags",
                        "factors": {"people": ["handover"], "technical": ["capacity", "deploy"]}}
