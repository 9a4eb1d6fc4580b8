#!/usr/bin/env python3
"""Print the CHANGELOG.md entry of a release tag, after checking the tag is the package's version.

    python scripts/release_notes.py v0.2.0 > notes.md

The release workflow runs it before it builds anything: a tag that is not `v` + the version in
pmlint/__init__.py (the one place the version lives), or a version without its own
`## [X.Y.Z]` entry in CHANGELOG.md (Keep a Changelog), stops the release with a one-line error.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def package_version(root: Path = ROOT) -> str:
    """`__version__` of pmlint/__init__.py, read without importing the package."""
    tree = ast.parse((root / "pmlint" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__version__" for t in node.targets):
            value = ast.literal_eval(node.value)
            if isinstance(value, str):
                return value
    raise SystemExit("pmlint/__init__.py: no __version__ = '…'")


def entry(changelog: str, version: str) -> str:
    """The body of `## [version]` (up to the next `## ` heading), stripped; '' if there is none."""
    heading = re.compile(rf"^## \[{re.escape(version)}\][^\n]*\n", re.MULTILINE)
    found = heading.search(changelog)
    if not found:
        return ""
    rest = changelog[found.end():]
    following = re.search(r"^## |^\[[^\]]+\]: ", rest, re.MULTILINE)
    return rest[: following.start() if following else len(rest)].strip()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: release_notes.py vX.Y.Z", file=sys.stderr)
        return 2
    tag, version = argv[0], package_version()
    if tag != f"v{version}":
        print(f"release_notes: tag {tag!r} is not v + the version in pmlint/__init__.py ({version})", file=sys.stderr)
        return 1
    notes = entry((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), version)
    if not notes:
        print(f"release_notes: CHANGELOG.md has no '## [{version}]' entry with text", file=sys.stderr)
        return 1
    print(notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
