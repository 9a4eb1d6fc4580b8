"""Exit codes, and the errors that carry one.

Every error a user can act on is a `PmlintError`: `cli.main` prints it as one line
(`pmlint: error: ...`) and exits with its `exit_code`. Nothing else translates errors into
exit codes.
"""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class PmlintError(Exception):
    """An error the user can act on: one line naming the file or option at fault."""

    exit_code = EXIT_ERROR


class UsageError(PmlintError):
    """A mistake on the command line, or a file named there that cannot be used."""


class ConfigError(PmlintError):
    """A configuration problem: the file, the key and what was expected."""


class InternalError(PmlintError):
    """A bug in pmlint met while checking a file; names the file and the rule."""


class FixError(PmlintError):
    """`--fix` cannot write a line that it would read back: nothing was changed."""


class ReadError(PmlintError):
    """A file or folder the run must read cannot be read (permission, I/O): the run would
    otherwise pass on what it never saw."""


class FixRefused(FixError):
    """`--fix` would write lines that TODO.md would not read back (they would land in an
    unclosed fence or comment, or the file breaks lines with CR alone): the run stops, exit 2,
    rather than grow the file on every commit."""


class GitHubError(PmlintError):
    """A GitHub failure as one token-free line."""
