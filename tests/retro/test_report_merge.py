"""The organisation's page: `report --format json` of three repositories, merged with
`report --merge`, gives the same figures as one report over the union of their documents;
the JSON follows its published schema (docs/schemas/report-2.schema.json); and
`--format jsonl` loads into DuckDB as it is, one record per incident and per action item.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import REPO
from tests.report_project import document, git

TODAY = "2026-12-14"
SCHEMA = REPO / "docs" / "schemas" / "report-2.schema.json"
COMMON = ("--today", TODAY, "--since", "2026-01-01")


def incident(name: str, date: str, severity: str, minutes: int, meeting: str | None, services: str,
             rows: list[str]) -> tuple[str, str]:
    text = document(name.title(), date, severity, f"{minutes} minutes", "Final" if meeting else "Draft", meeting, rows)
    text = text.replace("\n\n## Action Items", f"\n**Services:** {services}\n**Factors:** technical/deploy\n\n"
                                               "## Action Items")
    return f"docs/incidents/{date}-{name}.md", text


# Three teams' repositories; every post-mortem has a Meeting or none, so git's first-commit
# dates (the same in the union) decide the rest.
REPOS: dict[str, list[tuple[str, str, list[str], list[bool]]]] = {
    "acme/payments": [
        ("ledger-lag", "2026-02-10", ["| Add a ledger lag alert at 5 minutes | @ana | P1 | 2026-03-01 |",
                                     "| Split the ledger writer pool | @ben | P2 | 2026-04-30 |"], [False, True]),
        ("card-timeouts", "2026-05-04", ["| Raise the card gateway timeout budget | @ana | P2 | 2026-06-01 |"],
         [False]),
    ],
    "acme/search": [
        ("index-rebuild", "2026-03-17", ["| Pause index rebuilds in business hours | @cy | P1 | 2026-04-01 |"],
         [True]),
        ("shard-loss", "2026-09-22", ["| Replicate every shard twice | @cy | P1 | 2026-10-15 |",
                                      "| Alert on a shard without replica | @dee | P2 | 2027-01-15 |"], [False, False]),
    ],
    "acme/edge": [
        ("cdn-purge", "2026-07-08", ["| Rate-limit CDN purge requests | @eve | P2 | 2026-08-01 |"], [False]),
        ("tls-expiry", "2026-11-30", ["| Renew certificates 30 days ahead | @eve | P1 | 2026-12-10 |"], [True]),
    ],
}
SEVERITIES = ["SEV-1", "SEV-2", "SEV-3"]


def files_of(repo: str) -> dict[str, str]:
    out, todo = {}, ["# TODO", ""]
    for number, (name, date, rows, done) in enumerate(REPOS[repo]):
        meeting = None if number % 2 else date[:-2] + f"{int(date[-2:]) + 3:02d}"
        path, text = incident(name, date, SEVERITIES[number % 3], 30 + 25 * len(name), meeting,
                              "ledger" if repo == "acme/payments" else name.split("-")[0], rows)
        out[path] = text
        todo += [f"- [{'x' if d else ' '}] {row.split('|')[1].strip()} _(ref: {path})_" for row, d in zip(rows, done,
                                                                                                         strict=True)]
    out["TODO.md"] = "\n".join(todo) + "\n"
    return out


def make_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "post-mortems", when="2026-12-01T12:00:00+00:00")
    return root


def report(run, cwd: Path, *args: str) -> str:
    result = run("report", *COMMON, *args, cwd=cwd)
    assert result.code == 0, result.err
    return result.out


@pytest.fixture
def built(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, dict, Path]:
    """(merged JSON, union JSON, folder of the three repositories' JSON)."""
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)
    artifacts = tmp_path / "artifacts"
    union: dict[str, str] = {"TODO.md": ""}
    for repo in REPOS:
        files = files_of(repo)
        union["TODO.md"] += files.pop("TODO.md")
        union.update(files)
        root = make_repo(tmp_path / repo.replace("/", "-"), {**files, "TODO.md": files_of(repo)["TODO.md"]})
        monkeypatch.setenv("GITHUB_REPOSITORY", repo)
        (artifacts / repo.replace("/", "-")).mkdir(parents=True)
        (artifacts / repo.replace("/", "-") / "report.json").write_text(report(run, root, "--format", "json"))
    monkeypatch.delenv("GITHUB_REPOSITORY")
    one = make_repo(tmp_path / "union", union)
    merged = json.loads(report(run, tmp_path, "--merge", str(artifacts), "--format", "json"))
    return merged, json.loads(report(run, one, "--format", "json")), artifacts


def figures(data: dict) -> dict[str, Any]:
    """The numbers of a report, without what names where they come from (paths, references)."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()
                    if k not in {"path", "line", "items", "documents", "not_done", "repository", "undated",
                                 "unreadable", "todo_line", "action_line", "earlier", "failures"}}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    keys = ["headline", "open_actions", "overdue", "completion", "time_to_postmortem", "incidents_per_month",
            "duration_per_quarter", "incidents", "repeat_incidents", "contributing_factors"]
    out = {key: strip(data[key]) for key in keys}
    for key in ("overdue",):
        out[key] = sorted(out[key], key=json.dumps)
    out["open_actions"]["by_owner"] = sorted(out["open_actions"]["by_owner"], key=json.dumps)
    return out


def test_merging_three_repositories_gives_the_figures_of_their_union(built: tuple[dict, dict, Path]) -> None:
    merged, union, _ = built
    assert merged["headline"]["incidents"] == 6 and merged["open_actions"]["total"] == 5
    assert figures(merged) == figures(union)
    assert merged["repositories"] == ["acme/edge", "acme/payments", "acme/search"]
    assert {i["repository"] for i in merged["incidents"]} == set(REPOS)


def test_the_json_follows_its_schema(built: tuple[dict, dict, Path]) -> None:
    merged, union, artifacts = built
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for data in (merged, union, *(json.loads(p.read_text()) for p in sorted(artifacts.rglob("*.json")))):
        jsonschema.validate(data, schema)
    assert union["schema"] == "docs/schemas/report-2.schema.json" and union["version"] == 2


def test_the_org_page_has_a_repository_column_and_links_each_repository(built: tuple[dict, dict, Path], run,
                                                                         tmp_path: Path) -> None:
    _, _, artifacts = built
    page = report(run, tmp_path, "--merge", str(artifacts), "--format", "html")
    assert "<th>Repository</th>" in page
    assert "https://github.com/acme/search/blob/HEAD/docs/incidents/2026-09-22-shard-loss.md#L3" in page
    text = report(run, tmp_path, "--merge", str(artifacts))
    assert "| Repository | Incident |" in text


def test_merge_refuses_what_is_not_a_report(tmp_path: Path, run) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.json").write_text('{"version": 1}', encoding="utf-8")
    result = run("report", "--merge", str(tmp_path / "a"), cwd=tmp_path)
    assert result.code == 2 and "x.json: not a pmlint report JSON of version 2" in result.err
    assert "Traceback" not in result.err


def test_jsonl_loads_into_duckdb(built: tuple[dict, dict, Path], run, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    _, union, artifacts = built
    lines = tmp_path / "org.jsonl"
    lines.write_text(report(run, tmp_path, "--merge", str(artifacts), "--format", "jsonl"), encoding="utf-8")
    db = duckdb.connect()
    db.execute(f"CREATE TABLE records AS SELECT * FROM read_json_auto('{lines}', format='newline_delimited')")
    counts = dict(db.execute("SELECT record, count(*) FROM records GROUP BY record").fetchall())
    items = sum(len(d["items"]) for d in union["documents"])
    assert counts == {"incident": union["headline"]["incidents"], "action": items}
    open_count = db.execute("SELECT count(*) FROM records WHERE record = 'action' AND NOT done").fetchone()[0]
    assert open_count == union["open_actions"]["total"]
    per_repo = dict(db.execute("SELECT repository, count(*) FROM records WHERE record = 'incident' "
                               "GROUP BY repository").fetchall())
    assert per_repo == {repo: len(docs) for repo, docs in REPOS.items()}
