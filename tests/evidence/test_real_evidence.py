"""`pmlint timeline` on real public evidence nobody here wrote (tests/fixtures/evidence_real,
sources and licences in its SOURCES.tsv): every event a person would put in the timeline
lands in its UTC minute and nothing else appears; the default match keeps exactly the
error-level log records (commits, deploys, pages and chat are all kept: the match is for
log lines). expected.json was worked out by expected.py, which does not use pmlint."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.evidence.real_placement import EXPECTED, REAL, placement

# Read right by pmlint, but not as expected.py words them: the row shows other words.
KNOWN = {
    # the spec's example spells the UTF-8 BOM out as the three letters "BOM" before the message
    "syslog-rfc5424/logstash-spec-rfc5424.log": 1,
    # a klog message continued on the next line is shown as written on its first line
    "klog/k8s-website-system-logs.log": 1,
    # a Kubernetes audit event in a CloudWatch message: shown as its JSON, not as "verb resource"
    "cloudwatch/otel-filter-log-event.json": 1,
}


def test_expected_json_is_what_expected_py_writes() -> None:
    done = subprocess.run([sys.executable, str(REAL / "expected.py"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_record_lands_in_its_minute_and_nothing_else_appears(name: str) -> None:
    found = placement(name, errors_only=False)
    assert len(found.missing) <= KNOWN.get(name, 0), found.missing
    assert found.extra <= KNOWN.get(name, 0), found.extras
    assert "outside the window" not in found.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_default_match_keeps_exactly_the_error_records(name: str) -> None:
    found = placement(name, errors_only=True)
    assert len(found.missing) <= KNOWN.get(name, 0), found.missing
    assert found.extra <= KNOWN.get(name, 0), found.extras


def test_placement_is_at_least_95_percent() -> None:
    total = placed = 0
    for name in EXPECTED:
        found = placement(name, errors_only=False)
        total, placed = total + found.expected, placed + found.placed
    assert placed / total >= 0.95


def test_a_file_with_no_time_anywhere_is_an_error_naming_it() -> None:
    found = placement("traceback/fluentbit-go-panic-untimed.log", errors_only=False)
    assert found.code == 2
    assert "fluentbit-go-panic-untimed.log: no timestamp in its first lines in any form" in found.stderr
    assert "no evidence could be read" in found.stderr
    assert "force" not in found.stderr


def test_kubectl_describe_events_with_relative_ages_are_one_warning() -> None:
    found = placement("kubectl/k8s-website-describe-pod.txt", errors_only=False)
    assert found.stderr.count("only an age relative") == 1
    assert "5 events of a `kubectl describe` Events table" in found.stderr
