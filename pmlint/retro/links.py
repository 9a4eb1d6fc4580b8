"""Where the report's rows link: document lines and issues on the GitHub server.

Built from the Actions environment (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA) or a
repository named on the command line. Without a repository there are no links, and rows
name `path:line` as text.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_SERVER = "https://github.com"


@dataclass(frozen=True, slots=True)
class Links:
    repo_url: str | None = None  # https://github.com/OWNER/NAME
    ref: str = "HEAD"  # the commit the report was made from (GITHUB_SHA in Actions)
    # A merged report: OWNER/NAME -> (repository URL, ref) of each repository's report.
    repositories: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def _base(self, repository: str) -> tuple[str | None, str]:
        if repository:
            return self.repositories.get(repository, (None, "HEAD"))
        return self.repo_url, self.ref

    def document(self, path: str, line: int | None = None, repository: str = "") -> str | None:
        url, ref = self._base(repository)
        if url is None:
            return None
        anchor = f"#L{line}" if line else ""
        return f"{url}/blob/{urllib.parse.quote(ref)}/{urllib.parse.quote(path)}{anchor}"

    def issue(self, number: int, repository: str = "") -> str | None:
        url, _ = self._base(repository)
        return f"{url}/issues/{number}" if url is not None else None

    def source(self, repository: str | None) -> dict[str, str | None]:
        """What a JSON report records of where its links point (`report --merge` reads it)."""
        return {"repository": repository, "url": self.repo_url, "ref": self.ref}


NO_LINKS = Links()


def links_from(env: Mapping[str, str], repo: str | None = None) -> Links:
    """Links for `repo` (else GITHUB_REPOSITORY) on GITHUB_SERVER_URL, at GITHUB_SHA."""
    name = repo or env.get("GITHUB_REPOSITORY")
    if not name:
        return NO_LINKS
    server = (env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER).rstrip("/")
    return Links(f"{server}/{name}", env.get("GITHUB_SHA") or "HEAD")


def merged_links(env: Mapping[str, str], sources: Mapping[str, Mapping[str, object]]) -> Links:
    """Links of a merged report: each repository at the URL and ref its own report recorded,
    else on GITHUB_SERVER_URL at HEAD."""
    server = (env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER).rstrip("/")
    repositories = {}
    for name, source in sources.items():
        url, ref = source.get("url"), source.get("ref")
        repositories[name] = (url if isinstance(url, str) and url else f"{server}/{name}",
                              ref if isinstance(ref, str) and ref else "HEAD")
    return Links(repositories=repositories)
