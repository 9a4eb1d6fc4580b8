"""Rule documentation rendered from the catalog: `pmlint rule`, and the README's table."""

from __future__ import annotations

import textwrap

from pmlint.catalog.rules import Example, Rule, load_catalog


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


def rules_table_markdown() -> str:
    """The README's rule table, generated from rules/ (a test keeps the README current)."""
    rows = ["| Code | Name | Level | What it checks |", "|---|---|---|---|"]
    for rule in load_catalog().values():
        summary = rule.summary.replace("|", "\\|")
        rows.append(f"| {rule.code} | `{rule.name}` | {rule.level} | {summary} |")
    return "\n".join(rows) + "\n"


def update_readme(path: str) -> None:
    """Rewrite the rule table between the README's rules markers."""
    import re
    from pathlib import Path

    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    table = rules_table_markdown()
    updated = re.sub(
        r"(<!-- rules:start -->\n).*?(<!-- rules:end -->)", lambda m: m.group(1) + table + m.group(2), text, flags=re.S
    )
    readme.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    import sys

    update_readme(sys.argv[1] if len(sys.argv) > 1 else "README.md")
