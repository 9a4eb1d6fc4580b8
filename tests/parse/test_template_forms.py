"""Other teams' templates: header fields in every common form, field aliases, the H1 pattern,
section titles with a qualifier, timelines as lists or Date + Time + Event tables, the day
rolling over at midnight, and timelines in a stated local zone."""

from __future__ import annotations

from pathlib import Path

from pmlint.parse.document import parse_document
from tests.rule_harness import run_rule


def fields(text: str) -> dict[str, tuple[str, int, int]]:
    doc = parse_document(text, "docs/incidents/x.md")
    return {key: (f.value, f.line, f.column) for key, f in doc.fields.items()}


def test_front_matter_forms() -> None:
    text = ("---\ndate: 2026-11-20\nauthors: [maria, \"kenji\"]\nreviewers:\n  - lee\n  - sam\n"
            "nested:\n  key: value\n---\n# Outage\n")
    found = fields(text)
    assert found["date"] == ("2026-11-20", 2, 7)
    assert found["authors"] == ("maria, kenji", 3, 10)
    assert found["reviewers"] == ("lee, sam", 5, 5)
    assert found["nested"][0] == ""  # a nested map is not read as a value


def test_br_joined_fields_are_separate() -> None:
    found = fields("# Post-Mortem: X\n\nStatus: final<br> Owners: @Hixie<br/>**Date:** 2026-01-02\n\n## Summary\n")
    assert found["status"] == ("final", 3, 9)
    assert found["owners"] == ("@Hixie", 3, 27)
    assert found["date"][0] == "2026-01-02"


def test_field_followed_by_a_list() -> None:
    found = fields("# Post-Mortem: X\n\n**Authors:**\n- @maria\n- Kenji Tanaka\n\n**Status:** Final\n\n## Summary\n")
    assert found["authors"] == ("@maria, Kenji Tanaka", 4, 3)
    assert found["status"][0] == "Final"


def test_two_column_header_table() -> None:
    text = "# Post-Mortem: X\n\n| | |\n|---|---|\n| **Date** | 2026-11-20 |\n| Severity: | SEV-2 |\n\n## Summary\n"
    found = fields(text)
    assert found["date"] == ("2026-11-20", 5, 14)
    assert found["severity"][0] == "SEV-2"


def test_field_aliases_and_header_forms_satisfy_pm102(tmp_path: Path) -> None:
    text = "---\nwhen: 2026-11-20\n---\n# Outage\n\nWritten by: @maria\n\n## Summary\n"
    config = {"template": {"required-fields": ["Date", "Authors"],
                           "field-aliases": {"Date": ["When"], "Authors": ["Written By"]}}}
    assert run_rule("PM102", tmp_path, document=text, config=config) == []
    [missing] = run_rule("PM102", tmp_path, document=text, config={"template": {"required-fields": ["Date"]}})
    assert "'Date' is missing" in missing.message


def test_title_pattern(tmp_path: Path) -> None:
    text = "# Incident report: DNS outage\n"
    assert run_rule("PM101", tmp_path, document=text)  # the default form wants Post-Mortem:
    config = {"template": {"title-pattern": r"^incident report:\s*(?P<title>.*)$"}}
    assert run_rule("PM101", tmp_path, document=text, config=config) == []
    [other] = run_rule("PM101", tmp_path, document="# DNS outage\n", config=config)
    assert "does not match title-pattern" in other.message
    assert run_rule("PM101", tmp_path, document="# DNS outage\n", config={"template": {"title-pattern": "none"}}) == []
    assert run_rule("PM101", tmp_path, document="No title\n", config={"template": {"title-pattern": "none"}})


def test_section_title_with_a_qualifier(tmp_path: Path) -> None:
    config = {"template": {"required-sections": ["Timeline", "Root Cause"]}}
    text = "# Post-Mortem: X\n\n## Timeline of events\n\nx\n\n## Root Cause (preliminary) as of 7/5\n\ny\n"
    assert run_rule("PM104", tmp_path, document=text, config=config) == []
    missing = run_rule("PM104", tmp_path, document="# Post-Mortem: X\n\n## Timelines\n\nx\n", config=config)
    assert ["'Timeline' is missing" in p.message for p in missing] == [True, False]


LIST_TIMELINE = """# Post-Mortem: X

**Date:** 2026-11-20

## Timeline (all times UTC)

- **23:40 UTC** - Deploy starts
- 23:52 UTC: Alert fired, incident declared
- 00:10 - Rollback applied, service restored and resolved
- A line without a time is no row
"""


def test_list_timeline_needs_the_setting(tmp_path: Path) -> None:
    [table] = run_rule("PM201", tmp_path, document=LIST_TIMELINE)
    assert "no table" in table.message
    config = {"template": {"timeline": {"form": "either"}}}
    assert run_rule("PM201", tmp_path, document=LIST_TIMELINE, config=config) == []
    assert run_rule("PM204", tmp_path, document=LIST_TIMELINE, config=config) == []  # rolled over midnight
    swapped = LIST_TIMELINE.replace("23:52 UTC", "23:30 UTC")
    [order] = run_rule("PM204", tmp_path, document=swapped, config=config)
    assert (order.line, order.column) == (8, 3)
    [empty] = run_rule("PM201", tmp_path, document="# Post-Mortem: X\n\n## Timeline\n\n- soon\n",
                       config={"template": {"timeline": {"form": "list"}}})
    assert "no line pmlint reads as a time; it is a list of 1 items without times" in empty.message


DATE_TIME_EVENT = """# Post-Mortem: X

**Date:** 2026-11-20
**Duration:** 1 hour

## Timeline

All times in UTC.

| Date | Time | Event |
|---|---|---|
| 2026-11-20 | 23:30 | Alert fired |
| 2026-11-21 | 00:10 | Rollback |
| 2026-11-21 | 00:30 | Incident resolved |
"""


def test_date_time_event_table(tmp_path: Path) -> None:
    for code in ("PM201", "PM202", "PM204", "PM206"):
        assert run_rule(code, tmp_path, document=DATE_TIME_EVENT) == [], code


STATED = """# Post-Mortem: X

**Date:** 2026-03-08
**Duration:** 40 minutes

## Timeline (all times America/Los_Angeles)

| Time | Event |
|---|---|
| 01:30 | Alert fired |
| 01:50 | Incident declared |
| 03:10 | Incident resolved |
"""


def test_stated_zone_converts_rows_to_utc(tmp_path: Path) -> None:
    stated = {"template": {"timeline": {"zone": "stated"}}}
    # Clocks went from 02:00 to 03:00 that night: 01:30 to 03:10 local is 40 minutes.
    for code in ("PM203", "PM204", "PM206"):
        assert run_rule(code, tmp_path, document=STATED, config=stated) == [], code
    # Read as written (the default policy), the span is 100 minutes and the zone is not UTC.
    assert run_rule("PM206", tmp_path, document=STATED)
    assert run_rule("PM203", tmp_path, document=STATED)
    pst = STATED.replace("America/Los_Angeles", "PST").replace("**Date:** 2026-03-08", "**Date:** 2026-01-08")
    assert run_rule("PM206", tmp_path, document=pst, config=stated)  # a fixed offset: 100 minutes
    back = STATED.replace("| 01:50 |", "| 01:20 |")
    assert [p.line for p in run_rule("PM204", tmp_path, document=back, config=stated)] == [11]
    unknown = STATED.replace("| 01:50 |", "| 01:50 XYZ |")
    [zone] = run_rule("PM203", tmp_path, document=unknown, config=stated)
    assert (zone.line, "'XYZ' is not known" in zone.message) == (11, True)
    unstated = STATED.replace(" (all times America/Los_Angeles)", "")
    [none] = run_rule("PM203", tmp_path, document=unstated, config=stated)
    assert "does not state its time zone" in none.message


def test_front_matter_logins_are_authors(tmp_path: Path) -> None:
    config = {"template": {"required-fields": ["Authors"], "field-aliases": {"Authors": ["Author"]}}}
    text = "---\nauthor: MikeMcQuaid\n---\n# Incident\n"
    assert run_rule("PM103", tmp_path, document=text, config=config) == []
    [plain] = run_rule("PM103", tmp_path, document="# Incident\n\n**Author:** MikeMcQuaid\n", config=config)
    assert "holds no @handle" in plain.message


HEADINGS_TIMELINE = """# Incident

**Date:** 2021-06-28

## Timeline

_(All times US/Pacific, 24-hour clock.)_

### 2021-06-28 13:59

Sentry alerts about a high error rate.

### 2021-06-28 14:40

We rolled back the deploy; the error rate recovered and the incident was resolved.
"""


def test_time_headings_are_rows(tmp_path: Path) -> None:
    config = {"template": {"timeline": {"form": "list", "zone": "stated"}},
              "rules": {"PM205": {"milestones": {"detection": ["alert*"], "resolution": ["resolved"]}}}}
    for code in ("PM201", "PM202", "PM203", "PM204", "PM205"):
        assert run_rule(code, tmp_path, document=HEADINGS_TIMELINE, config=config) == [], code
    [missed] = run_rule("PM205", tmp_path, document=HEADINGS_TIMELINE.replace("Sentry alerts", "Sentry posts"),
                        config=config)
    assert "detection" in missed.message
