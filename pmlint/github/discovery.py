"""Where `sync` and `overdue` talk to: the repository, the token, the API and link URLs
from options, the Actions environment, or the origin remote."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

from pmlint.errors import GitHubError
from pmlint.read import git

DEFAULT_API_URL = "https://api.github.com"

REPO_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_REMOTE = re.compile(r"(?:^[^@/]+@[^:/]+:|^[a-z+]+://[^/]+/)(?:.*/)?(?P<owner>[^/:]+)/(?P<name>[^/]+?)(?:\.git)?/?$")


def api_url_from(env: Mapping[str, str]) -> str:
    """GITHUB_API_URL (GitHub Enterprise Server), else the public API."""
    return (env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")


def server_url_from(env: Mapping[str, str], api_url: str) -> str:
    """Where links point: GITHUB_SERVER_URL, else derived from the API URL."""
    if env.get("GITHUB_SERVER_URL"):
        return env["GITHUB_SERVER_URL"].rstrip("/")
    if api_url.rstrip("/") == DEFAULT_API_URL:
        return "https://github.com"
    return re.sub(r"/api/v3/?$", "", api_url.rstrip("/"))


def parse_remote(url: str) -> str | None:
    """`owner/name` of a Git remote URL (https, ssh, scp-like), or None."""
    match = _REMOTE.search(url.strip())
    if not match:
        return None
    name = f"{match.group('owner')}/{match.group('name')}"
    return name if REPO_NAME.match(name) else None


def repo_from(option: str | None, env: Mapping[str, str], root: Path) -> str:
    """--repo, else GITHUB_REPOSITORY, else the origin remote of the Git repository at root.
    The remote URL is never shown: it may carry credentials."""
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
        done = None
    name = parse_remote(done.stdout) if done is not None and done.returncode == 0 else None
    if name is None:
        raise GitHubError("no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY (no usable origin remote)")
    return name
