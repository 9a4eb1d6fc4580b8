"""Which GitHub repository a project is: one way for every command (`sync`, `overdue`,
`report`'s links, `share`'s post links): --repo, else GITHUB_REPOSITORY, else the origin
remote. Outside pmlint.github, so the commands that need no GitHub client can ask too."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

from pmlint.errors import GitHubError
from pmlint.read import git

REPO_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_REMOTE = re.compile(r"(?:^[^@/]+@[^:/]+:|^[a-z+]+://[^/]+/)(?:.*/)?(?P<owner>[^/:]+)/(?P<name>[^/]+?)(?:\.git)?/?$")


def parse_remote(url: str) -> str | None:
    """`owner/name` of a Git remote URL (https, ssh, scp-like), or None."""
    match = _REMOTE.search(url.strip())
    if not match:
        return None
    name = f"{match.group('owner')}/{match.group('name')}"
    return name if REPO_NAME.match(name) else None


def find_repo(option: str | None, env: Mapping[str, str], root: Path) -> str | None:
    """--repo, else GITHUB_REPOSITORY, else the origin remote of the Git repository at root;
    None when none names one. The one way every command finds its GitHub repository. The
    remote URL is never shown: it may carry credentials."""
    for source, value in (("--repo", option), ("GITHUB_REPOSITORY", env.get("GITHUB_REPOSITORY"))):
        if value:
            if not REPO_NAME.match(value.strip()):
                raise GitHubError(f"{source}: {value!r} is not OWNER/NAME")
            return value.strip()
    try:
        done = subprocess.run(
            git.command(root, "config", "--get", "remote.origin.url"),
            capture_output=True, text=True, timeout=10, check=False, env=git.environment(), stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_remote(done.stdout) if done.returncode == 0 else None
