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


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def all_steps(data: dict) -> list[dict]:
    if "runs" in data:
        return data["runs"]["steps"]
    return [step for job in data["jobs"].values() for step in job["steps"]]


# --- zizmor -----------------------------------------------------------------------------


def test_zizmor_reports_nothing_on_the_action_and_workflows() -> None:
    files = [REPO / "action.yml", *sorted(WORKFLOWS.glob("*.yml"))]
    assert len(files) == 7
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
    for job, command in ((sync["jobs"]["sync"], "sync"), (nightly["jobs"]["overdue"], "overdue")):
        assert job["permissions"] == {"contents": "read", "issues": "write"}
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
