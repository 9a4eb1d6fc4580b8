"""`--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins,
Azure Pipelines, test-reporter actions).

One `<testsuite>` per file with findings, one failing `<testcase>` per finding (classname
the file, name `CODE name at line:col`, `<failure type="CODE">` with the message and the
level). A run without findings is one passing test case, so a CI report shows "1 passed"
rather than "no tests".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from itertools import groupby

from pmlint.engine.findings import Report
from pmlint.output.text import summary

# XML 1.0 cannot hold these characters at all (not even escaped); document text can.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def stream_junit(report: Report, quiet: bool = False) -> Iterator[str]:
    yield render_junit(report, quiet)


def render_junit(report: Report, quiet: bool = False) -> str:
    findings = report.findings
    root = ET.Element("testsuites", name="pmlint", tests=str(max(1, len(findings))), failures=str(len(findings)))
    root.set("errors", "0")
    if not findings:
        suite = ET.SubElement(root, "testsuite", name="pmlint", tests="1", failures="0", errors="0", skipped="0")
        ET.SubElement(suite, "testcase", classname="pmlint", name=_xml(summary(report)), time="0")
    for path, group in groupby(sorted(findings, key=lambda f: f.path), key=lambda f: f.path):
        cases = list(group)
        suite = ET.SubElement(
            root, "testsuite", name=_xml(path), tests=str(len(cases)), failures=str(len(cases)), errors="0", skipped="0"
        )
        for f in cases:
            case = ET.SubElement(
                suite, "testcase", classname=_xml(path), name=f"{f.code} {f.name} at {f.line}:{f.column}", time="0"
            )
            failure = ET.SubElement(case, "failure", type=f.code, message=_xml(f"{f.level}: {f.message}"))
            failure.text = _xml(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} ({f.name}) [{f.level}]")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
