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

from pmlint.engine.findings import Finding, Report
from pmlint.output.text import summary

# XML 1.0 cannot hold these characters at all (not even escaped); document text can.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def stream_junit(report: Report, quiet: bool = False) -> Iterator[str]:
    """The JUnit XML that `ET.indent` and `ET.tostring` make of the whole tree, one file's
    test suite at a time: findings come sorted by path, so each file's are together, and no
    run holds every test case at once."""
    findings = report.findings
    root = _root(len(findings))
    if not findings:
        _pass(root, report)
        yield _document(root)
        return
    # The root's start tag, as ElementTree writes it around some content.
    root.text = "\0"
    head, _, _ = ET.tostring(root, encoding="unicode").partition("\0")
    yield f"{_DECLARATION}{head}\n"
    # Each suite indented as `ET.indent` indents the whole tree (level 1), on its own lines;
    # a suite is a piece of its own (a few KB: batching suites would hold megabytes).
    for path, group in groupby(findings, key=lambda f: f.path):
        yield f"  {ET.tostring(_indented(_suite(path, list(group))), encoding='unicode')}\n"
    yield "</testsuites>\n"


def render_junit(report: Report, quiet: bool = False) -> str:
    return "".join(stream_junit(report, quiet))


def _root(count: int) -> ET.Element:
    root = ET.Element("testsuites", name="pmlint", tests=str(max(1, count)), failures=str(count))
    root.set("errors", "0")
    return root


def _pass(root: ET.Element, report: Report) -> None:
    """A run without findings: one passing test case."""
    suite = ET.SubElement(root, "testsuite", name="pmlint", tests="1", failures="0", errors="0", skipped="0")
    ET.SubElement(suite, "testcase", classname="pmlint", name=_xml(summary(report)), time="0")


def _document(root: ET.Element) -> str:
    ET.indent(root)
    return _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def _suite(path: str, cases: list[Finding]) -> ET.Element:
    suite = ET.Element(
        "testsuite", name=_xml(path), tests=str(len(cases)), failures=str(len(cases)), errors="0", skipped="0"
    )
    for f in cases:
        case = ET.SubElement(
            suite, "testcase", classname=_xml(path), name=f"{f.code} {f.name} at {f.line}:{f.column}", time="0"
        )
        failure = ET.SubElement(case, "failure", type=f.code, message=_xml(f"{f.level}: {f.message}"))
        failure.text = _xml(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} ({f.name}) [{f.level}]")
    return suite


def _indented(suite: ET.Element) -> ET.Element:
    ET.indent(suite, level=1)
    suite.tail = None  # the line break after it is the stream's
    return suite
