"""Where the report's rows link: document lines and issues on the GitHub server.

Built from the Actions environment (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA) or a
repository named on the command line. Without a repository there are no links, and rows
name `path:line` as text.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_SERVER = "https://github.com"


@dataclass(frozen=True, slots=True)
class Links:
    repo_url: str | None = None  # https://github.com/OWNER/NAME
    ref: str = "HEAD"  # the commit the report was made from (GITHUB_SHA in Actions)

    def document(self, path: str, line: int | None = None) -> str | None:
        if self.repo_url is None:
            return None
        anchor = f"#L{line}" if line else ""
        return f"{self.repo_url}/blob/{urllib.parse.quote(self.ref)}/{urllib.parse.quote(path)}{anchor}"

    def issue(self, number: int) -> str | None:
        return f"{self.repo_url}/issues/{number}" if self.repo_url is not None else None


NO_LINKS = Links()


def links_from(env: Mapping[str, str], repo: str | None = None) -> Links:
    """Links for `repo` (else GITHUB_REPOSITORY) on GITHUB_SERVER_URL, at GITHUB_SHA."""
    name = repo or env.get("GITHUB_REPOSITORY")
    if not name:
        return NO_LINKS
    server = (env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER).rstrip("/")
    return Links(f"{server}/{name}", env.get("GITHUB_SHA") or "HEAD")
