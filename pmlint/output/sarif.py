"""`--format sarif`: SARIF 2.1.0, one run, that GitHub code scanning accepts.

The driver lists every rule of the catalog (`rules/`) with its summary, rationale and fix
as help text, so a code-scanning alert explains itself; each finding is a result with the
rule's id and index, a level (`error`, `warning`, `note` for info), the message, and a
location whose `uri` is the finding's path (relative to the current directory, which in
Actions is the repository root) and whose region holds the line and column.

Reference: https://docs.oasis-open.org/sarif/sarif/v2.1.0/ and GitHub's "SARIF support for
code scanning" page (which fields it reads).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from pmlint import __version__
from pmlint.catalog.rules import Rule, load_catalog
from pmlint.engine.findings import Finding, Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# GitHub ranks alerts by this property (a number 0.0-10.0 as a string); without it every
# alert of a non-security tool shows as a plain "warning"/"note".
SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A SARIF reportingDescriptor: what `pmlint rule CODE` says, as help text."""
    help_markdown = f"**{rule.code} {rule.name}**: {rule.summary}\n\n{rule.rationale}"
    help_text = f"{rule.summary}\n\n{rule.rationale}"
    if rule.fix:
        help_markdown += f"\n\n**Fix:** {rule.fix}"
        help_text += f"\n\nFix: {rule.fix}"
    help_markdown += f"\n\nMore: `pmlint rule {rule.code}`"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[rule.level]},
        "properties": {"tags": ["post-mortem", *rule.tags], "problem.severity": SEVERITY[rule.level]},
    }


def artifact_uri(path: str) -> str:
    """A relative path as a URI reference (spaces and `#` percent-encoded, `/` kept)."""
    return quote(path, safe="/")


def result(finding: Finding, index: int) -> dict[str, Any]:
    return {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVELS[finding.level],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(1, finding.line), "startColumn": max(1, finding.column)},
                }
            }
        ],
    }


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF log as plain data."""
    descriptors, index = _rules(report)
    return _log(descriptors, [result(finding, index[finding.code]) for finding in report.findings])


def _rules(report: Report) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every rule of the catalog, then any code found that has no catalog entry (in the
    order first found), and each code's index in that list."""
    rules = load_catalog()
    index = {code: i for i, code in enumerate(rules)}
    descriptors = [rule_descriptor(rule) for rule in rules.values()]
    if report.findings.codes() - index.keys():  # a second pass over the findings only then
        for finding in report.findings:
            if finding.code not in index:  # a code without a catalog entry still gets a rule
                index[finding.code] = len(descriptors)
                descriptors.append({"id": finding.code, "name": finding.name})
    return descriptors, index


def _log(descriptors: list[dict[str, Any]], results: list[Any]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pmlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


# Stands for the results in the log around them; JSON-escaped, it cannot be a rule's text.
_RESULTS = "\0results\0"


def stream_sarif(report: Report, quiet: bool = False) -> Iterator[str]:
    """The bytes of `json.dumps(sarif_log(report), indent=2)`, one result at a time: the
    log around the results is printed with a stand-in result, and the real ones are
    printed in its place, so that no run holds every result at once."""
    from pmlint.output import batched

    descriptors, index = _rules(report)
    if not report.findings:
        yield json.dumps(_log(descriptors, []), indent=2, ensure_ascii=False) + "\n"
        return
    text = json.dumps(_log(descriptors, [_RESULTS]), indent=2, ensure_ascii=False)
    stand_in = json.dumps(_RESULTS)
    at = text.index(stand_in)
    line_start = text.rindex("\n", 0, at) + 1
    indent = "\n" + text[line_start:at]
    yield text[:line_start]
    last = len(report.findings) - 1
    yield from batched(
        indent[1:] + json.dumps(result(f, index[f.code]), indent=2, ensure_ascii=False).replace("\n", indent)
        + (",\n" if number < last else "\n")
        for number, f in enumerate(report.findings)
    )
    yield text[at + len(stand_in) + 1 :] + "\n"  # after the stand-in's line break


def render_sarif(report: Report, quiet: bool = False) -> str:
    return "".join(stream_sarif(report, quiet))
