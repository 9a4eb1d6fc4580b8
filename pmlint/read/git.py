"""The one way pmlint runs git: on a repository it did not write, git must run no program.

A cloned or unpacked repository can carry its own `.git/config`, and git runs programs
named there: `core.fsmonitor` on every command that looks at the working tree (`git diff`,
`git status`), `gpg.program` when `log.showSignature` asks to verify a signed commit, an
external diff driver or a text conversion on `git diff` (callers pass `--no-ext-diff
--no-textconv`: an empty `diff.external` setting would make git try to run "").  Every call
pmlint makes goes through `command`, which turns the others off on the command line (a `-c`
setting wins over every configuration file), and through `environment`, which drops the `GIT_*` variables a
hook or a hostile environment would use to point git at another repository or program.

Anything a user or a document supplies (a branch name, a path) is placed after
`--end-of-options` or `--` by the caller, so `--branch=--output=FILE` is a revision name
that does not exist, never an option that writes FILE.
"""

from __future__ import annotations

import os
from pathlib import Path

# Settings that keep git from running a program named by the repository's configuration.
NO_PROGRAMS = (
    "core.fsmonitor=false",  # the file-system monitor hook runs on diff and status
    "log.showSignature=false",  # a signature check runs gpg.program (or gpg.ssh.program)
    "core.hooksPath=/dev/null",  # no hook: pmlint never commits, but keep it that way
)
# What git sets inside hooks (pre-commit) and what would point it at another repository or
# another program. Discovery from the project root must decide; a few harmless ones stay.
KEEP_GIT_ENV = ("GIT_EXEC_PATH", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_CONFIG_NOSYSTEM")


def environment() -> dict[str, str]:
    """The environment for git: no `GIT_*` redirection, no pager, messages in English."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in KEEP_GIT_ENV}
    env["LC_ALL"] = "C"
    env["GIT_PAGER"] = "cat"
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


def command(root: Path, *args: str, settings: tuple[str, ...] = ()) -> list[str]:
    """`git -C root -c … args`: the call with every program-running setting turned off,
    plus the caller's own `settings`, which cannot turn those back on: the last `-c` of a
    name wins, and ours come last."""
    line = ["git", "-C", str(root)]
    for setting in (*settings, *NO_PROGRAMS):
        line += ["-c", setting]
    return [*line, *args]
