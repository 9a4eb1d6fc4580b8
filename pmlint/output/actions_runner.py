"""Talking to the GitHub Actions runner: workflow-command escaping, the step summary and
step outputs. Used by `--format github`, `sync` and `overdue`; a no-op outside Actions.

Reference: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from pmlint.read.redact import scrub

# GitHub refuses a step summary over 1 MiB; stay under it with room for the closing note.
SUMMARY_LIMIT = 1024 * 1024 - 4096
CUT_NOTE = "\n_…cut to stay under GitHub's 1 MiB step summary limit; the full list is in the log._\n"


# ASCII punctuation that means something in GitHub Markdown; CommonMark lets any of it be
# backslash-escaped, and GFM tables take `\|` as a literal pipe. (`(`, `!` mean nothing
# here once `[` is escaped and the cell does not start a line.)
_MARKDOWN = re.compile(r"[\\`*_\[\]<>|~&]")
# `#123` becomes a link (and a back-reference) in GitHub Markdown; a zero-width space after
# the `#` keeps the text and drops the reference.
_REFERENCE = re.compile(r"#(?=\d)")
DEFUSED_REFERENCE = "#&#8203;"


def markdown_text(text: str) -> str:
    """Document text shown as written inside one line of step-summary Markdown (a table
    cell): one line, every character Markdown or HTML would interpret backslash-escaped,
    and no `#123` cross-reference."""
    return no_references(_MARKDOWN.sub(r"\\\g<0>", " ".join(text.split())))


def no_references(text: str) -> str:
    """`#123` kept as text: GitHub links no issue from it and adds no back-reference."""
    return _REFERENCE.sub(DEFUSED_REFERENCE, text)


def in_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped (in that order)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def neutralise(text: str, json_text: bool = False) -> str:
    """Text that quotes documents or configuration, as the Actions log must show it and not
    obey it: a lone CR escaped (the runner reads it as a line break), `##[` escaped (the old
    command syntax, obeyed anywhere in a line) and a line opening with `::` led by a
    backslash. LF is left alone: it is the output's own line structure (use `one_line` for
    a field). Unchanged outside Actions."""
    if not in_actions():
        return text
    text = text.replace("\r", "\\r").replace("##[", "##\\u005b" if json_text else "##\\[")
    if "::" in text:
        text = "\n".join("\\" + line if line.lstrip().startswith("::") else line for line in text.split("\n"))
    return text


def one_line(text: str) -> str:
    """A message promised to be one line: CR and LF escaped always (a configuration key may
    hold one), then neutralised for the Actions log."""
    return neutralise(text.replace("\r", "\\r").replace("\n", "\\n"))


def escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def append_summary(markdown: str) -> bool:
    """Append Markdown to $GITHUB_STEP_SUMMARY, cut to stay under GitHub's size limit.
    Returns False when there is no step summary (not in Actions)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    data = scrub(markdown).encode("utf-8")  # a note may quote a server's reply
    # The limit is for the step's whole summary: what an earlier command of the same step
    # (check, then overdue) wrote counts too.
    try:
        room = SUMMARY_LIMIT - os.path.getsize(path)
    except OSError:
        room = SUMMARY_LIMIT
    if len(data) > room:
        cut = data[: max(room, 0)].decode("utf-8", errors="ignore")
        data = (cut[: cut.rfind("\n") + 1] + CUT_NOTE).encode("utf-8")
        if room < 0:  # already full: not even the note
            return True
    with open(path, "ab") as summary:
        summary.write(data)
    return True


def set_outputs(values: Mapping[str, object]) -> bool:
    """Write step outputs to $GITHUB_OUTPUT (heredoc form, safe for any value).
    Returns False when there is no output file (not in Actions)."""
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return False
    with open(path, "a", encoding="utf-8") as output:
        for name, value in values.items():
            text = scrub(str(value))
            if "\n" in text or "\r" in text:
                import uuid  # here: it imports platform, a cost every check run would pay

                delimiter = f"ghadelimiter_{uuid.uuid4()}"
                output.write(f"{name}<<{delimiter}\n{text}\n{delimiter}\n")
            else:
                output.write(f"{name}={text}\n")
    return True
