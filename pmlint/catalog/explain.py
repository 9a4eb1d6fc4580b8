"""A rule explained in the terminal: `pmlint rule CODE` (the pages under docs/rules/ come
from `pmlint.catalog.pages`)."""

from __future__ import annotations

import textwrap

from pmlint.catalog.rules import Example, Rule


def _example_text(example: Example) -> str:
    parts = []
    if example.document is not None:
        parts.append(f"{example.path}:\n" + textwrap.indent(example.document.strip("\n") or "(empty file)", "    "))
    if example.todo is not None:
        parts.append("TODO.md:\n" + textwrap.indent(example.todo.strip("\n"), "    "))
    if example.config:
        settings = ", ".join(f"{key} = {value!r}" for key, value in example.config.items())
        parts.append(f"with configuration: {settings}")
    return "\n".join(parts)


def explain(rule: Rule) -> str:
    """What it does, why it matters, what to do instead, examples (ruff's rule-doc shape)."""
    out = [f"{rule.code} ({rule.name})", f"Default level: {rule.level}", ""]
    out += ["What it does", textwrap.indent(textwrap.fill(rule.summary, 88), "  "), ""]
    out += ["Why it matters", textwrap.indent(rule.rationale, "  "), ""]
    if rule.fix:
        out += ["What to do instead", textwrap.indent(rule.fix, "  "), ""]
    for kind, title in (("bad", "Example that fires"), ("good", "Use instead")):
        examples = [e for e in rule.examples if e.expect == kind]
        if examples:
            out += [title, textwrap.indent(_example_text(examples[0]), "  "), ""]
    return "\n".join(out)
