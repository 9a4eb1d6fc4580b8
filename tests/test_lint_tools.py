"""The integration files audited by the tools their users run on them: zizmor on action.yml
and the example workflows, hadolint on the Dockerfile; plus the shape of the
workflows and the image (pinned actions, least permissions, an unprivileged user). Both tools run offline."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / "examples" / "workflows"
OWN_WORKFLOWS = REPO / ".github" / "workflows"  # pmlint's own CI and release
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def tool(name: str) -> str:
    """The tool installed beside this Python (the test extras), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def zizmor(*paths: Path) -> list[dict]:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-config", "--persona", "auditor", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    findings = json.loads(result.stdout or "[]")
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr  # 1x: findings at some severity
    return findings


def hadolint(dockerfile: Path) -> list[dict]:
    result = subprocess.run([tool("hadolint"), "--no-color", "--format", "json", str(dockerfile)], capture_output=True, text=True)
    return json.loads(result.stdout or "[]")


def workflow(name: str, folder: Path = WORKFLOWS) -> dict:
    data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def all_steps(data: dict) -> list[dict]:
    if "runs" in data:
        return data["runs"]["steps"]
    return [step for job in data["jobs"].values() for step in job["steps"]]


# --- zizmor -----------------------------------------------------------------------------


def test_zizmor_reports_nothing_on_the_action_and_workflows() -> None:
    files = [REPO / "action.yml", *sorted(WORKFLOWS.glob("*.yml")), *sorted(OWN_WORKFLOWS.glob("*.yml"))]
    assert len(files) == 10
    findings = zizmor(*files)
    assert findings == [], json.dumps(findings, indent=1)[:3000]


def test_zizmor_does_audit_a_risky_workflow(tmp_path: Path) -> None:
    """The audit above can fail: the same call flags an injectable, unpinned workflow."""
    risky = tmp_path / "risky.yml"
    risky.write_text(
        "on: pull_request_target\n"
        "jobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    idents = {f["ident"] for f in zizmor(risky)}
    assert {"template-injection", "artipacked", "dangerous-triggers"} <= idents


# --- workflow shape ----------------------------------------------------------------------


def test_every_action_is_pinned_by_sha_and_checkout_keeps_no_credentials() -> None:
    documents = [yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))]
    documents += [workflow(path.name) for path in sorted(WORKFLOWS.glob("*.yml"))]
    documents += [workflow(path.name, OWN_WORKFLOWS) for path in sorted(OWN_WORKFLOWS.glob("*.yml"))]
    for data in documents:
        for step in all_steps(data):
            if "uses" in step:
                assert PINNED.match(step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_pr_check_reads_only() -> None:
    data = workflow("pr-check.yml")
    assert set(data["on"]) == {"pull_request"}
    assert data["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in data["jobs"].values())
    uses = [s["with"] for s in all_steps(data) if s.get("uses", "").split("@")[0].endswith("/pmlint")]
    assert uses == [{"command": "check"}]


def test_sync_and_nightly_share_one_queue_and_may_write_issues() -> None:
    sync, nightly = workflow("sync.yml"), workflow("nightly.yml")
    assert set(sync["on"]) == {"push"} and sync["on"]["push"]["branches"] == ["main"]
    assert set(nightly["on"]) == {"schedule", "workflow_dispatch"}
    assert sync["concurrency"] == nightly["concurrency"] == {"group": "pmlint-issues", "cancel-in-progress": False}
    assert sync["jobs"]["sync"]["permissions"] == {"contents": "write", "issues": "write"}  # it commits TODO.md
    assert nightly["jobs"]["overdue"]["permissions"] == {"contents": "read", "issues": "write"}
    for job, command in ((sync["jobs"]["sync"], "sync"), (nightly["jobs"]["overdue"], "overdue")):
        assert [s["with"]["command"] for s in job["steps"] if "with" in s and "command" in s["with"]] == [command]
    assert sync["permissions"] == nightly["permissions"] == {}
    assert set(sync["jobs"]) == {"sync", "share"} and len(nightly["jobs"]) == 1


def test_the_share_job_may_push_its_records_and_nothing_else() -> None:
    share = workflow("sync.yml")["jobs"]["share"]
    assert share["permissions"] == {"contents": "write"}
    assert share["environment"] == "postmortem-share"  # the webhook secret lives in an environment
    commands = [s["with"] for s in share["steps"] if "with" in s and "command" in s["with"]]
    assert commands == [{"command": "share", "share-webhook": "${{ secrets.POSTMORTEM_WEBHOOK }}"}]
    commit = share["steps"][-1]
    assert commit["if"] == "${{ !cancelled() }}"  # records of posts made before a failure are kept
    assert "${{" not in commit["run"] and "$GITHUB_TOKEN" in commit["run"]  # the token through env: only
    assert "git add --update\n" in commit["run"]  # the files share changed, wherever `paths` puts them


def test_sync_links_issues_in_todo_and_commits_them_so_a_reworded_item_keeps_its_issue() -> None:
    """An action item's id comes from its text; a rewording keeps its issue only when TODO.md
    links it (` #12`), which `--write-todo` writes and the next step commits."""
    steps = workflow("sync.yml")["jobs"]["sync"]["steps"]
    [sync] = [s["with"] for s in steps if s.get("with", {}).get("command") == "sync"]
    assert sync["args"] == "--write-todo"
    commit = steps[-1]
    assert commit["if"] == "${{ !cancelled() }}" and "git add --update\n" in commit["run"]
    assert "${{" not in commit["run"] and "$GITHUB_TOKEN" in commit["run"]


def test_pr_check_runs_when_runbooks_or_the_baseline_change() -> None:
    paths = workflow("pr-check.yml")["on"]["pull_request"]["paths"]
    assert {"docs/incidents/**", "TODO.md", "docs/runbooks/**", "runbooks/**", "pmlint-baseline.json",
            "pyproject.toml", ".pmlint.toml"} == set(paths)
    from pmlint.config.schema import Config

    runbooks = Config().runbooks  # the default runbook globs are covered
    assert all(any(glob.startswith(p.removesuffix("**")) for p in paths) for glob in runbooks), runbooks


def test_timeline_workflow_drafts_onto_a_branch_with_history_and_least_permissions() -> None:
    data = workflow("timeline.yml")
    assert set(data["on"]) == {"workflow_dispatch"} and set(data["on"]["workflow_dispatch"]["inputs"]) == {"document", "evidence"}
    assert data["permissions"] == {}
    [job] = data["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    checkout, pmlint, commit = job["steps"]
    assert checkout["with"]["fetch-depth"] == 0  # --git reads the incident's commits
    assert pmlint["with"]["command"] == "timeline" and "--into" in pmlint["with"]["args"]
    assert "${{" not in commit["run"] and 'HEAD:refs/heads/$branch' in commit["run"]  # never the default branch


def test_ci_runs_the_same_checks_as_ci_run_on_every_supported_python() -> None:
    ci = workflow("ci.yml", OWN_WORKFLOWS)
    assert ci["permissions"] == {"contents": "read"}
    [job] = ci["jobs"].values()
    assert job["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert [s["run"] for s in job["steps"] if "run" in s] == ["bash .ci/run"]
    requires = re.search(r'requires-python = ">=3\.(\d+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert requires and job["strategy"]["matrix"]["python"][0] == f"3.{requires[1]}"


def test_release_runs_on_version_tags_and_each_job_holds_only_its_permission() -> None:
    release = workflow("release.yml", OWN_WORKFLOWS)
    assert release["on"] == {"push": {"tags": ["v*"]}} and release["permissions"] == {}
    jobs = release["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "build": {"contents": "read"},
        "pypi": {"id-token": "write"},
        "github-release": {"contents": "write"},
        "docker": {"contents": "read", "packages": "write"},
        "major-tag": {"contents": "write"},
    }
    build = "\n".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert 'release_notes.py "$GITHUB_REF_NAME"' in build  # a tag that is not the version stops here
    assert "python -m build" in build and "twine check --strict dist/*" in build
    # Trusted publishing: an environment, an OIDC token, no password or API token anywhere.
    publish = [s for s in jobs["pypi"]["steps"] if s.get("uses", "").startswith("pypa/gh-action-pypi-publish@")]
    assert len(publish) == 1 and set(publish[0]["with"]) == {"packages-dir"}
    assert jobs["pypi"]["environment"]["name"] == "pypi"
    assert "--notes-file release-notes.md" in jobs["github-release"]["steps"][-1]["run"]
    assert "ghcr.io/" in jobs["docker"]["steps"][-1]["run"] and "--password-stdin" in jobs["docker"]["steps"][-1]["run"]
    assert set(jobs["major-tag"]["needs"]) == {"github-release", "docker"} and jobs["github-release"]["needs"] == "pypi"
    for job in jobs.values():  # every expression reaches a script through env:, never inside run:
        assert all("${{" not in step.get("run", "") for step in job["steps"])


# --- hadolint and the image -------------------------------------------------------------


def test_hadolint_reports_nothing_on_the_dockerfile() -> None:
    assert hadolint(REPO / "Dockerfile") == []


def test_hadolint_does_audit_a_careless_dockerfile(tmp_path: Path) -> None:
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python:latest\nRUN pip install pmlint\nENTRYPOINT pmlint\n", encoding="utf-8")
    codes = {f["code"] for f in hadolint(careless)}
    assert {"DL3007", "DL3013", "DL3042", "DL3025"} <= codes


def test_image_is_slim_pinned_non_root_with_pmlint_entrypoint() -> None:
    lines = [line.strip() for line in (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    bases = [line.split()[1] for line in lines if line.startswith("FROM ")]
    assert bases and all(re.fullmatch(r"python:3\.\d+\.\d+-slim-\w+", base) for base in bases), bases
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    assert lines.count('ENTRYPOINT ["pmlint"]') == 1 and "WORKDIR /work" in lines
    # What the build copies is in the repository and not excluded by .dockerignore.
    ignore = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.startswith("COPY ") and "--from=" not in line:
            for source in line.split()[1:-1]:
                assert (REPO / source).exists(), source
                assert f"!{source.rstrip('/')}" in ignore or f"!{source.rstrip('/')}/" in ignore, source



def test_pr_check_checks_out_the_history_pm401_reads(tmp_path: Path) -> None:
    """A post-mortem without a Meeting field is dated by the commit that first added it; the
    PR check must clone deep enough for pmlint to see that commit, or PM401 never fires."""
    (checkout,) = [s for s in all_steps(workflow("pr-check.yml")) if s.get("uses", "").startswith("actions/checkout@")]
    depth = int(checkout.get("with", {}).get("fetch-depth", 1))  # actions/checkout's default is 1
    env = {
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "HOME": str(tmp_path), "PATH": os.environ["PATH"],
        "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com",
        "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com",
    }

    def git(cwd: Path, *args: str, **extra: str) -> None:
        subprocess.run(["git", *args], cwd=cwd, env={**env, **extra}, check=True, capture_output=True)

    origin = tmp_path / "origin"
    shutil.copytree(REPO / "examples", origin, ignore=shutil.ignore_patterns("workflows"))
    for doc in (origin / "docs" / "incidents").glob("*.md"):  # the review was not recorded
        text = doc.read_text(encoding="utf-8")
        doc.write_text("\n".join(x for x in text.split("\n") if not x.startswith("**Meeting:**")), encoding="utf-8")
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "Post-mortems", GIT_AUTHOR_DATE="2026-12-10T10:00:00+00:00")
    (origin / "README.md").write_text("later work\n", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "Later")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", *([] if depth == 0 else [f"--depth={depth}"]), origin.as_uri(), str(clone))
    result = subprocess.run(
        [sys.executable, "-m", "pmlint", "check", "--select", "PM401", "--today", "2026-12-20", "--format", "json"],
        cwd=clone, env={**env, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
    )
    late = {(f["path"], f["code"]) for f in json.loads(result.stdout)}
    assert ("docs/incidents/2026-11-24-search-latency.md", "PM401") in late, result.stdout + result.stderr
