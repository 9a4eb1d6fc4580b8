"""Where `sync` and `overdue` talk to: the repository, the token, the API and link URLs
from options, the Actions environment, or the origin remote."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from pmlint.errors import GitHubError
from pmlint.project.repository import find_repo  # the one way to find the repository

DEFAULT_API_URL = "https://api.github.com"


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


def repo_from(option: str | None, env: Mapping[str, str], root: Path) -> str:
    """find_repo, for the commands that cannot go on without a repository."""
    name = find_repo(option, env, root)
    if name is None:
        raise GitHubError("no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY (no usable origin remote)")
    return name
