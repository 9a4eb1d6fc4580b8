"""The pre-commit hooks (.pre-commit-hooks.yaml) run by the real pre-commit, as a user's
repository would run them: a git repository in a temp dir whose .pre-commit-config.yaml
points at a git copy of this checkout (the working tree, committed), `pre-commit install`,
then real `git commit`s.

pre-commit builds the hook's virtualenv and pip-installs pmlint into it (30-60 s): slow-marked,
still run by .ci/run. The module's tests run on one xdist worker (`--dist loadfile`) and share
that build; pre-commit's home is kept in the pytest cache, and the hook repository is committed
with fixed dates, so a rerun over the same working tree (same commit) reuses the built hook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

EXAMPLES = REPO / "examples"
CLEAN_DOC = "docs/incidents/2026-11-20-checkout-db-pool.md"
BAD_DOC = "docs/incidents/2026-11-24-search-latency.md"
CLEAN_TODO = """\
# TODO

- [ ] Add an alert for connection pool saturation above 80% _(ref: docs/incidents/2026-11-20-checkout-db-pool.md)_
- [x] Add a pool size field to the service configuration template _(ref: docs/incidents/2026-11-20-checkout-db-pool.md)_ #12
- [x] Write runbook: database connection pool exhausted _(ref: docs/incidents/2026-11-20-checkout-db-pool.md)_ #13
"""
RUNBOOK = "docs/runbooks/database-connection-pool-exhausted.md"
# Not part of the package a user installs; left out of the hook repository's copy.
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "venv", ".hypothesis", ".pytest_cache", ".mypy_cache", ".ruff_cache", "__pycache__",
    "*.egg-info", "build", "dist",
)
FIXED_DATE = "2026-11-27T12:00:00+00:00"  # the hook repository's commit: same tree, same sha


def git(cwd: Path, *args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=check, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def cache_dir(config: pytest.Config, name: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder kept between test sessions (in the pytest cache), else a fresh temp dir."""
    cache = getattr(config, "cache", None)  # None under `-p no:cacheprovider`
    return cache.mkdir(name) if cache is not None else tmp_path_factory.mktemp(name)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> dict[str, str]:
    """A hermetic environment: pre-commit's home in the pytest cache, a fixed git identity, no
    user or system git configuration (an empty global file), and a fixed date for pmlint."""
    home = tmp_path_factory.mktemp("home")
    (home / "gitconfig").touch()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "GITHUB_"))}
    environ.update(
        HOME=str(home),
        PRE_COMMIT_HOME=str(cache_dir(pytestconfig, "pre-commit-home", tmp_path_factory)),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        PMLINT_TODAY="2026-11-27",
    )
    return environ


@pytest.fixture(scope="module")
def hook_repo(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config, env: dict[str, str]
) -> tuple[Path, str]:
    """This checkout's working tree, committed to a fresh git repository: (path, sha).

    The path is the same in every session and the commit's dates are fixed, so the same tree
    gives the same sha and pre-commit's cached hook environment for it is used again. A new
    sha empties pre-commit's home first: one built hook is kept, not one per code change.
    """
    repo = cache_dir(pytestconfig, "pre-commit-hook-repo", tmp_path_factory) / "pmlint"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(REPO, repo, ignore=IGNORED)
    dated = {**env, "GIT_AUTHOR_DATE": FIXED_DATE, "GIT_COMMITTER_DATE": FIXED_DATE}
    git(repo, "init", "-q", env=dated)
    git(repo, "add", "-A", env=dated)
    git(repo, "commit", "-q", "-m", "pmlint under test", env=dated)
    sha = git(repo, "rev-parse", "HEAD", env=dated).stdout.strip()
    home = Path(env["PRE_COMMIT_HOME"])
    built_for = home / "pmlint-hook-sha"
    if not built_for.is_file() or built_for.read_text(encoding="utf-8") != sha:
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        built_for.write_text(sha, encoding="utf-8")
    return repo, sha


def user_repo(root: Path, hook_repo: tuple[Path, str], hook_id: str, env: dict[str, str], todo: str) -> Path:
    """A user's repository: the sample configuration, the clean post-mortem, TODO.md and a
    .pre-commit-config.yaml using `hook_id`, with the git hook installed."""
    repo_path, sha = hook_repo
    shutil.copy(EXAMPLES / "pyproject.toml", root / "pyproject.toml")
    (root / "docs" / "incidents").mkdir(parents=True)
    shutil.copy(EXAMPLES / CLEAN_DOC, root / CLEAN_DOC)
    (root / "docs" / "runbooks").mkdir()
    shutil.copy(EXAMPLES / RUNBOOK, root / RUNBOOK)  # the runbook the post-mortem links (PM405)
    (root / "TODO.md").write_text(todo, encoding="utf-8")
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path.as_posix()}\n    rev: {sha}\n    hooks:\n      - id: {hook_id}\n",
        encoding="utf-8",
    )
    git(root, "init", "-q", env=env)
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=root, env=env, check=True, capture_output=True)
    return root


def commits(root: Path, env: dict[str, str]) -> int:
    result = git(root, "rev-list", "--count", "HEAD", env=env, check=False)
    return int(result.stdout) if result.returncode == 0 else 0


def test_manifest_is_valid_and_matches_the_spec() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["pmlint"]["entry"] == "pmlint check --force-exclude"
    assert hooks["pmlint-fix"]["entry"] == "pmlint check --force-exclude --fix"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["files"] == r"^(docs/incidents/.*\.md|TODO\.md)$"


def test_commit_hook_passes_clean_and_blocks_a_bad_postmortem(
    tmp_path: Path, hook_repo: tuple[Path, str], env: dict[str, str]
) -> None:
    root = user_repo(tmp_path, hook_repo, "pmlint", env, CLEAN_TODO)
    git(root, "add", "-A", env=env)
    clean = git(root, "commit", "-m", "Post-mortem: checkout outage", env=env, check=False)
    assert clean.returncode == 0, clean.stdout
    assert "pmlint" in clean.stdout and "Passed" in clean.stdout
    assert commits(root, env) == 1

    # A file the hook does not match: pre-commit skips it without running pmlint.
    (root / "README.md").write_text("# Incidents\n", encoding="utf-8")
    git(root, "add", "README.md", env=env)
    other = git(root, "commit", "-m", "readme", env=env, check=False)
    assert other.returncode == 0, other.stdout
    assert "Skipped" in other.stdout

    shutil.copy(EXAMPLES / BAD_DOC, root / BAD_DOC)
    git(root, "add", BAD_DOC, env=env)
    bad = git(root, "commit", "-m", "Post-mortem: search latency", env=env, check=False)
    assert bad.returncode == 1, bad.stdout
    assert "Failed" in bad.stdout
    # pmlint's own findings, as the text format prints them, in the commit's output.
    assert f"{BAD_DOC}:50:64: error PM303 Due 'next Friday' is not an ISO date (YYYY-MM-DD); did you mean 2026-11-27, the first Friday after the Date (2026-11-24)? (action-due)" in bad.stdout
    assert f"{BAD_DOC}:22:3: error PM202 " in bad.stdout
    assert commits(root, env) == 2  # the bad commit did not happen


def test_fix_hook_appends_the_missing_todo_lines(tmp_path: Path, hook_repo: tuple[Path, str], env: dict[str, str]) -> None:
    root = user_repo(tmp_path, hook_repo, "pmlint-fix", env, "# TODO\n")
    git(root, "add", "-A", env=env)
    first = git(root, "commit", "-m", "Post-mortem: checkout outage", env=env, check=False)
    # pre-commit fails a hook that changed files, so the user reviews and stages the fix.
    assert first.returncode == 1, first.stdout
    assert "files were modified by this hook" in first.stdout
    todo = (root / "TODO.md").read_text(encoding="utf-8")
    assert f"- [ ] Add an alert for connection pool saturation above 80% _(ref: {CLEAN_DOC})_" in todo
    assert f"- [ ] Add a pool size field to the service configuration template _(ref: {CLEAN_DOC})_" in todo
    assert commits(root, env) == 0

    git(root, "add", "TODO.md", env=env)
    second = git(root, "commit", "-m", "Post-mortem: checkout outage", env=env, check=False)
    assert second.returncode == 0, second.stdout
    assert commits(root, env) == 1


def test_the_hook_installs_pmlint_without_the_github_client(
    tmp_path: Path, hook_repo: tuple[Path, str], env: dict[str, str]
) -> None:
    # `pip install pmlint`, as pre-commit runs it, must not pull PyGithub (and cryptography):
    # `check` never uses them; sync and overdue say how to add them.
    root = user_repo(tmp_path, hook_repo, "pmlint", env, CLEAN_TODO)
    subprocess.run([sys.executable, "-m", "pre_commit", "install-hooks"], cwd=root, env=env, check=True,
                   capture_output=True)
    [pmlint] = Path(env["PRE_COMMIT_HOME"]).glob("repo*/py_env-*/bin/pmlint")
    for module in ("github", "cryptography"):
        probe = subprocess.run([pmlint.parent / "python", "-c", f"import {module}"], capture_output=True, text=True)
        assert probe.returncode == 1 and "ModuleNotFoundError" in probe.stderr, (module, probe.stderr)
    sync = subprocess.run([pmlint, "sync", "--dry-run"], cwd=root, env=env, capture_output=True, text=True)
    assert sync.returncode == 2, sync.stdout + sync.stderr
    assert sync.stderr.splitlines() == [
        "pmlint: error: sync, overdue and report need the GitHub client (PyGithub); install it with: pip install 'pmlint[github]'"
    ]
    check = subprocess.run([pmlint, "check"], cwd=root, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
