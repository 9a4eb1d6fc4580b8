"""A rule explained in the terminal: `pmlint rule CODE` (the pages under docs/rules/ come
from `pmlint.catalog.pages`)."""

from __future__ import annotations

import textwrap
from typing import Any

from pmlint.catalog.options import toml_value
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


def _value_lines(label: str, value: Any) -> list[str]:
    if isinstance(value, dict) and len(f"{label}: {toml_value(value)}") > 84:
        lines = [f"    {label}:"]  # a long table: one line (or more) per key
        for key, item in value.items():
            lines += textwrap.wrap(f"{toml_value({key: item})[2:-2]}", 88, initial_indent="      ",
                                   subsequent_indent="        ", break_long_words=False, break_on_hyphens=False)
        return lines
    return textwrap.wrap(f"{label}: {toml_value(value)}", 88, initial_indent="    ", subsequent_indent="      ",
                         break_long_words=False, break_on_hyphens=False)


def options_text(rule: Rule, project: dict[str, Any] | None = None, source: str = "") -> list[str]:
    """The rule's options: type, description, default and, for those the project sets, its value."""
    specs = rule.option_specs
    if not specs:
        return []
    out = [f"Options (set under [tool.pmlint.rules.{rule.code}] or [tool.pmlint.rules.{rule.name}])"]
    for spec in specs:
        extend = f"; extend-{spec.name} adds to it" if spec.extendable else ""
        out.append(f"  {spec.name} ({spec.type}{extend})")
        out += textwrap.wrap(spec.description, 88, initial_indent="    ", subsequent_indent="    ")
        out += _value_lines("default", spec.default)
        if project is not None and spec.name in project:
            out += _value_lines(f"this project ({source})" if source else "this project", project[spec.name])
    return out + [""]


def explain(rule: Rule, project: dict[str, Any] | None = None, source: str = "") -> str:
    """What it does, why it matters, what to do instead, options, examples (ruff's rule-doc
    shape). `project` holds the values of the options the project sets, by option name."""
    out = [f"{rule.code} ({rule.name})", f"Default level: {rule.level}", ""]
    out += ["What it does", textwrap.indent(textwrap.fill(rule.summary, 88), "  "), ""]
    out += ["Why it matters", textwrap.indent(rule.rationale, "  "), ""]
    if rule.fix:
        out += ["What to do instead", textwrap.indent(rule.fix, "  "), ""]
    out += options_text(rule, project, source)
    for kind, title in (("bad", "Example that fires"), ("good", "Use instead")):
        examples = [e for e in rule.examples if e.expect == kind]
        if examples:
            out += [title, textwrap.indent(_example_text(examples[0]), "  "), ""]
    return "\n".join(out)
