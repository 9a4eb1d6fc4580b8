"""GitHub side of pmlint: `pmlint sync` (and the pieces `pmlint overdue --notify` reuses).

Modules (all import PyGithub lazily or only when called, so `pmlint check` never pays):
- `marker`: the hidden body marker that identifies an action item's issue.
- `body`: issue title and body rendering.
- `client`: connection (`connect`), repository/token/API discovery, the write budget and
  the `Guard` that waits out rate limits and handles faults around every call.
- `index`: the one paginated listing of managed issues (`index_issues`, `read_index`).
- `plan`: the pure diff from action items and the index to operations.
- `apply`: carries a plan out through PyGithub.

PyGithub comes with the `github` extra (`pip install 'pmlint[github]'`), which the action and
the container install; the pre-commit hook installs pmlint without it. Importing this package
without PyGithub is the one-line error that says how to install it.
"""

from __future__ import annotations

import importlib.util

from pmlint.errors import PmlintError

INSTALL = "pip install 'pmlint[github]'"


class GitHubClientMissing(PmlintError):
    """`sync`, or `overdue`/`report` with a token, run where pmlint was installed without its `github` extra."""


def _has_pygithub() -> bool:
    """Whether PyGithub can be imported (looked up, not imported: that costs start-up time)."""
    try:
        return importlib.util.find_spec("github") is not None
    except (ImportError, ValueError):
        return False


if not _has_pygithub():
    raise GitHubClientMissing(f"sync, overdue and report need the GitHub client (PyGithub); install it with: {INSTALL}")

