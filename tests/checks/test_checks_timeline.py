"""Timeline rules PM201-PM206: lines, columns, messages and edge cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmlint.checks.context import Context
from pmlint.checks.timeline import timeline
from pmlint.config.load import validate
from pmlint.parse.document import parse_document
from pmlint.project.state import Project
from tests.rule_harness import run_rule

HEAD = """# Post-Mortem: Checkout outage

**Date:** 2026-11-20
**Duration:** {duration}

## Timeline

All times in UTC.

"""  # the heading is line 6, the table header line 10, the first row line 12
TABLE = "| Time | Event |\n|---|---|\n"
ROWS = [
    "| 14:00 | Deploy of checkout v2.14.0 starts |",
    "| 14:12 | Alert fired: CheckoutErrorRateHigh above 5% |",
    "| 14:15 | Incident declared by @lee (on-call) |",
    "| 14:40 | Mitigation applied: rollback of checkout to v2.13.2 |",
    "| 14:55 | Service restored: error rate back under 0.1% |",
    "| 15:10 | Incident resolved |",
]


def doc(*rows: str, table: str = TABLE, duration: str = "1 hours 10 minutes", head: str = HEAD) -> str:
    return head.format(duration=duration) + table + "".join(row + "\n" for row in rows)


def lines_of(problems: list) -> list[int]:
    return [p.line for p in problems]


def test_clean_timeline_gives_nothing(tmp_path: Path) -> None:
    for code in ("PM201", "PM202", "PM203", "PM204", "PM205", "PM206"):
        assert run_rule(code, tmp_path, document=doc(*ROWS)) == [], code


def test_no_timeline_section_is_left_to_pm104(tmp_path: Path) -> None:
    text = "# Post-Mortem: Checkout outage\n\n## Root Cause\n\nA config change.\n"
    for code in ("PM201", "PM202", "PM203", "PM204", "PM205", "PM206"):
        assert run_rule(code, tmp_path, document=text) == [], code


def test_timeline_is_parsed_once_per_document(tmp_path: Path) -> None:
    config = validate({}, "test", "pmlint")
    context = Context(config, Project(tmp_path.resolve(), config), dt.date(2026, 11, 27))
    document = parse_document(doc(*ROWS), "docs/incidents/2026-11-20-db-pool.md")
    first = timeline(document, context)
    assert first is timeline(document, context)
    assert first is not None and [row.line for row in first.rows] == list(range(12, 18))
    assert first.rows[0].moment == dt.datetime(2026, 11, 20, 14, 0)


# PM201 timeline-table


def test_pm201_prose_timeline_points_at_the_heading(tmp_path: Path) -> None:
    text = doc(table="At 14:02 the alert fired and at 14:05 we declared.\n")
    [problem] = run_rule("PM201", tmp_path, document=text)
    assert (problem.line, problem.column) == (6, 1)
    assert "Time and Event" in problem.message


def test_pm201_table_without_event_column_names_what_it_found(tmp_path: Path) -> None:
    [problem] = run_rule("PM201", tmp_path, document=doc("| 14:00 | x |", table="| Time | Owner |\n|---|---|\n"))
    assert problem.line == 6
    assert "found: time | owner" in problem.message


def test_pm201_empty_table_points_at_the_table(tmp_path: Path) -> None:
    [problem] = run_rule("PM201", tmp_path, document=doc())
    assert problem.line == 10
    assert "no row" in problem.message


def test_pm201_blank_rows_do_not_count(tmp_path: Path) -> None:
    assert lines_of(run_rule("PM201", tmp_path, document=doc("|  |  |"))) == [10]


@pytest.mark.parametrize(
    "header",
    ["| Time (UTC) | Event |", "| Timestamp | Description |", "| Date/Time | What happened |", "| When | Events |"],
)
def test_pm201_header_synonyms(tmp_path: Path, header: str) -> None:
    assert run_rule("PM201", tmp_path, document=doc(*ROWS, table=header + "\n|---|---|\n")) == []


def test_pm201_uses_the_first_table_with_time_and_event(tmp_path: Path) -> None:
    table = "| Metric | Value |\n|---|---|\n| MTTR | 70 min |\n\n" + TABLE
    assert run_rule("PM201", tmp_path, document=doc(*ROWS, table=table)) == []


# PM202 timeline-time


def test_pm202_twelve_hour_time_at_row_and_cell_with_hint(tmp_path: Path) -> None:
    [problem] = run_rule("PM202", tmp_path, document=doc(ROWS[0], "| 2:30pm | Alert fired |"))
    assert (problem.line, problem.column) == (13, 3)
    assert "'2:30pm'" in problem.message and "did you mean 14:30?" in problem.message


@pytest.mark.parametrize(
    ("cell", "hint"),
    [("~14:00", "14:00"), ("14.30", "14:30"), ("1430", "14:30"), ("2:30 PM", "14:30"), ("12:05 am", "00:05")],
)
def test_pm202_spec_examples_and_hints(tmp_path: Path, cell: str, hint: str) -> None:
    [problem] = run_rule("PM202", tmp_path, document=doc(f"| {cell} | Alert fired |"))
    assert problem.line == 12
    assert f"did you mean {hint}?" in problem.message


def test_pm202_empty_and_missing_cells(tmp_path: Path) -> None:
    problems = run_rule("PM202", tmp_path, document=doc("|  | Alert fired |", "| Incident declared |"))
    # The second row has one cell: it is the Time cell, so the text is not a time.
    assert lines_of(problems) == [12, 13]
    assert "empty" in problems[0].message


def test_pm202_row_shorter_than_header_has_an_empty_time(tmp_path: Path) -> None:
    table = "| Event | Time |\n|---|---|\n"
    [problem] = run_rule("PM202", tmp_path, document=doc("| Alert fired |", table=table))
    assert problem.line == 12 and "empty" in problem.message


def test_pm202_date_only_cells_are_a_day_by_day_timeline(tmp_path: Path) -> None:
    # A history told day by day (a bug found months after its release) is no format error,
    # needs no zone, and is still kept in order by its dates.
    rows = ["| 2021-05-08 | Pull request merged |", "| 2021-12-01 | Report of corruption |",
            "| 2021-01-28 | Report of corruption |", "| 2022-04-24 | Fix released |"]
    assert run_rule("PM202", tmp_path, document=doc(*rows)) == []
    assert run_rule("PM203", tmp_path, document=doc(*rows, head=HEAD.replace("All times in UTC.\n\n", ""))) == []
    [order] = run_rule("PM204", tmp_path, document=doc(*rows))
    assert order.line == 14 and "2021-01-28 is earlier than the row before it (2021-12-01" in order.message


@pytest.mark.parametrize(
    "cell",
    ["14:00", "**14:00**", "`14:00`", "14:00Z", "14:00 UTC", "14:00:30", "2026-11-20 14:00", "2026-11-20T14:00Z",
     "2026-11-20    14:00", "9:05"],
)
def test_pm202_accepted_times(tmp_path: Path, cell: str) -> None:
    assert run_rule("PM202", tmp_path, document=doc(f"| {cell} | Alert fired |")) == []


def test_pm202_date_column_must_be_iso(tmp_path: Path) -> None:
    table = "| Date | Time | Event |\n|---|---|---|\n"
    text = doc("| 2026-11-20 | 14:00 | Deploy |", "| the 21st | 00:10 | Alert fired |", table=table)
    [problem] = run_rule("PM202", tmp_path, document=text)
    assert (problem.line, problem.column) == (13, 3)
    assert "'the 21st' is not an ISO date" in problem.message
    # A date as teams write it is read: day first (the default date-order), or by name.
    read = doc("| 2026-11-20 | 14:00 | Deploy |", "| 21/11/2026 | 00:10 | Alert fired |", "| Nov 21 | 00:20 | Paged |",
               table=table)
    assert run_rule("PM202", tmp_path, document=read) == []
    assert run_rule("PM204", tmp_path, document=read) == []


# PM203 timeline-timezone


def test_pm203_no_utc_anywhere_points_at_the_heading(tmp_path: Path) -> None:
    text = doc(*ROWS, head=HEAD.replace("All times in UTC.\n\n", ""))
    [problem] = run_rule("PM203", tmp_path, document=text)
    assert (problem.line, problem.column) == (6, 1)


@pytest.mark.parametrize(
    ("table", "rows"),
    [
        ("| Time (UTC) | Event |\n|---|---|\n", ROWS),
        (TABLE, ["| 14:00Z | Deploy |", "| 14:05 | Alert fired |"]),
        (TABLE, ["| 14:00 GMT | Deploy |"]),
    ],
)
def test_pm203_utc_said_by_header_or_rows(tmp_path: Path, table: str, rows: list[str]) -> None:
    text = doc(*rows, table=table, head=HEAD.replace("All times in UTC.\n\n", ""))
    assert run_rule("PM203", tmp_path, document=text) == []


def test_pm203_utc_in_a_code_span_still_counts(tmp_path: Path) -> None:
    text = doc(*ROWS, head=HEAD.replace("All times in UTC.", "All times in `UTC`."))
    assert run_rule("PM203", tmp_path, document=text) == []


def test_an_unconverted_zone_is_a_pm202_error_that_gives_the_utc_time(tmp_path: Path) -> None:
    """Under the default policy (times in UTC), `13:40 PST` is not a timeline time: an
    error, whose message does the conversion; PM203 (a warning) stays for the missing
    statement only."""
    text = doc("| 14:00 | Deploy |", "| 13:40 PST | Alert |", "| 16:10+02:00 | x |", "| 2026-11-20 20:00 PDT | y |")
    problems = run_rule("PM202", tmp_path, document=text)
    assert [(p.line, p.column) for p in problems] == [(13, 3), (14, 3), (15, 3)]
    assert problems[0].message == "Time '13:40 PST' is not in UTC: 13:40 PST is 21:40 UTC; write 21:40 UTC"
    assert "16:10+02:00 is 14:10 UTC; write 14:10 UTC" in problems[1].message
    assert "2026-11-20 20:00 PDT is 2026-11-21 03:00 UTC; write 2026-11-21 03:00 UTC" in problems[2].message
    assert run_rule("PM203", tmp_path, document=text) == []


def test_an_unconverted_zone_without_one_offset_asks_for_utc(tmp_path: Path) -> None:
    [problem] = run_rule("PM202", tmp_path, document=doc("| 13:40 CST | Alert |"))
    assert problem.message == (
        "Time '13:40 CST' is not in UTC, and CST does not name one UTC offset; convert it and write it as HH:MM UTC"
    )


def test_an_unconverted_zone_rolls_past_midnight_onto_the_carried_date(tmp_path: Path) -> None:
    [problem] = run_rule("PM202", tmp_path, document=doc("| 17:30 EST | Alert |"))
    assert problem.message.endswith("17:30 EST is 22:30 UTC; write 22:30 UTC")
    [problem] = run_rule("PM202", tmp_path, document=doc("| 20:00 PST | Alert |"))
    assert problem.message.endswith("20:00 PST is 04:00 UTC the next day; write 2026-11-21 04:00 UTC")


@pytest.mark.parametrize(
    ("cell", "hint"),
    [("1:40pm PST", "did you mean 21:40 UTC? (1:40pm PST is 21:40 UTC)"), ("2:30 PM UTC", "did you mean 14:30 UTC?"),
     ("1:40 pm CET", "did you mean 12:40 UTC? (1:40 pm CET is 12:40 UTC)")],
)
def test_pm202_twelve_hour_time_with_a_zone_gets_the_utc_suggestion(tmp_path: Path, cell: str, hint: str) -> None:
    [problem] = run_rule("PM202", tmp_path, document=doc(f"| {cell} | Alert fired |"))
    assert problem.message.endswith(hint)


def test_converted_zones_order_the_rows(tmp_path: Path) -> None:
    # 06:05 PST is 14:05 UTC: after 14:00, before 14:10. PM202 reports the zone, PM204 no order.
    text = doc("| 14:00 | Deploy |", "| 06:05 PST | Alert |", "| 14:10 | Declared |")
    assert run_rule("PM204", tmp_path, document=text) == []


def test_a_pacific_time_timeline_fails_the_commit(tmp_path: Path, run) -> None:
    from tests.conftest import CLEAN_DOC, CLEAN_TODO, DOC_PATH, write

    write(tmp_path, {DOC_PATH: CLEAN_DOC.replace("| 14:12 |", "| 06:12 PST |"), "TODO.md": CLEAN_TODO})
    result = run("check", "--no-git", "--today", "2026-11-24", cwd=tmp_path)
    assert result.code == 1
    assert "PM202 Time '06:12 PST' is not in UTC: 06:12 PST is 14:12 UTC" in result.out
    assert "1 error, 0 warnings" in result.out


def test_pm203_needs_the_table(tmp_path: Path) -> None:
    text = doc(table="Things happened.\n", head=HEAD.replace("All times in UTC.\n\n", ""))
    assert run_rule("PM203", tmp_path, document=text) == []


# PM204 timeline-order


def test_pm204_swapped_rows_flag_the_second(tmp_path: Path) -> None:
    rows = [ROWS[0], ROWS[2], ROWS[1], *ROWS[3:]]
    [problem] = run_rule("PM204", tmp_path, document=doc(*rows))
    assert (problem.line, problem.column) == (14, 3)
    assert "14:12 is earlier than the row before it (14:15, line 13)" in problem.message
    assert "midnight" not in problem.message


def test_pm204_skips_unreadable_rows(tmp_path: Path) -> None:
    text = doc("| 14:00 | a |", "| 2:30pm | b |", "| 13:59 | c |", "| 14:30 | d |")
    [problem] = run_rule("PM204", tmp_path, document=text)
    assert problem.line == 14 and "(14:00, line 12)" in problem.message


def test_pm204_day_rolls_over_at_midnight(tmp_path: Path) -> None:
    # 23:50 then 00:10 is the next day, not a row out of order; the day stays rolled over.
    assert run_rule("PM204", tmp_path, document=doc("| 23:50 | a |", "| 00:10 | b |", "| 00:30 | c |")) == []
    assert lines_of(run_rule("PM204", tmp_path, document=doc("| 23:50 | a |", "| 00:10 | b |", "| 00:05 | c |"))) == [14]
    assert run_rule("PM204", tmp_path, document=doc("| 23:50 | a |", "| 2026-11-21 00:10 | b |", "| 00:20 | c |")) == []


def test_pm204_dated_row_carries_its_date(tmp_path: Path) -> None:
    text = doc("| 2026-11-21 00:10 | a |", "| 00:20 | b |", "| 2026-11-20 23:00 | c |")
    assert lines_of(run_rule("PM204", tmp_path, document=text)) == [14]


def test_pm204_without_any_date_compares_minutes(tmp_path: Path) -> None:
    head = HEAD.replace("**Date:** 2026-11-20\n", "")  # one line less: rows start at 11
    assert lines_of(run_rule("PM204", tmp_path, document=doc("| 10:00 | a |", "| 09:00 | b |", head=head))) == [12]


def test_pm204_numeric_offsets_compare_in_utc(tmp_path: Path) -> None:
    # 15:30+02:00 is 13:30 UTC: earlier than 14:00 UTC.
    assert lines_of(run_rule("PM204", tmp_path, document=doc("| 14:00Z | a |", "| 15:30+02:00 | b |"))) == [13]


def test_pm204_equal_times_are_in_order(tmp_path: Path) -> None:
    assert run_rule("PM204", tmp_path, document=doc("| 14:00 | a |", "| 14:00 | b |")) == []


# PM205 timeline-milestones


def test_pm205_one_finding_naming_the_milestones_missed_at_the_heading(tmp_path: Path) -> None:
    no_resolution = [ROWS[0], ROWS[1], "| 14:20 | Checkout error rate climbing |"]
    [problem] = run_rule("PM205", tmp_path, document=doc(*no_resolution))
    assert problem.line == 6
    assert problem.message.startswith("Timeline marks no declaration, mitigation, restoration or resolution;")
    assert "*" not in problem.message  # the milestones, not forty keywords


def test_pm205_inflections(tmp_path: Path) -> None:
    rows = [
        "| 14:00 | @lee paged by PagerDuty |",
        "| 14:05 | SEV-2 declared |",
        "| 14:10 | Database failed over to the replica |",
        "| 14:20 | Checkout recovered |",
        "| 14:30 | All-clear given, incident closed |",
    ]
    assert run_rule("PM205", tmp_path, document=doc(*rows)) == []
    rows[2] = "| 14:10 | Release rolled back |"
    assert run_rule("PM205", tmp_path, document=doc(*rows)) == []


def test_pm205_whole_words_only(tmp_path: Path) -> None:
    rows = [*ROWS[:4], "| 15:10 | Ticket still unresolved |"]
    [problem] = run_rule("PM205", tmp_path, document=doc(*rows))
    assert "resolution" in problem.message


def test_pm205_link_urls_are_not_events(tmp_path: Path) -> None:
    rows = [*ROWS[:4], "| 15:10 | See [ticket](https://example.com/resolved) |"]
    assert "resolution" in run_rule("PM205", tmp_path, document=doc(*rows))[0].message


MITIGATED = [ROWS[0], ROWS[1], ROWS[2], "{}", ROWS[4], ROWS[5]]


@pytest.mark.parametrize("event", [
    "Ops rolls back the deploy",
    "@kenji restarted the pods",
    "Feature flag disabled for checkout-v2",
    "Disabled the checkout-v2 feature flag",
    "Drained traffic from us-east-1",
    "Scaled up the pool to 40 pods",
    "Team reverts commit abc123",
])
def test_pm205_common_mitigations_count(tmp_path: Path, event: str) -> None:
    rows = [row.format(f"| 14:40 | {event} |") if row == "{}" else row for row in MITIGATED]
    assert run_rule("PM205", tmp_path, document=doc(*rows)) == []


def test_pm205_a_symptom_is_no_mitigation(tmp_path: Path) -> None:
    rows = [row.format("| 14:40 | Pods restarting in CrashLoopBackOff, traffic dropping |") if row == "{}" else row
            for row in MITIGATED]
    [problem] = run_rule("PM205", tmp_path, document=doc(*rows))
    assert problem.message.startswith("Timeline marks no mitigation;")


def test_pm205_teams_words_mark_milestones(tmp_path: Path) -> None:
    rows = ["| 11:49 | A user notified us that submissions failed |", "| 12:22 | We made this a P1 priority |",
            "| 13:05 | We monkey patched production |", "| 13:11 | Everything went back to normal |"]
    assert run_rule("PM205", tmp_path, document=doc(*rows)) == []


def test_pm205_reads_a_resolution_section_when_no_row_marks_it(tmp_path: Path) -> None:
    rows = [ROWS[0], ROWS[1], ROWS[2], "| 14:20 | Checkout error rate climbing |"]
    [problem] = run_rule("PM205", tmp_path, document=doc(*rows))
    assert problem.message.startswith("Timeline marks no mitigation, restoration or resolution;")
    text = doc(*rows) + "\n## Resolution\n\nWe rolled the release back at 14:25 and service recovered.\n"
    assert run_rule("PM205", tmp_path, document=text) == []


def test_pm205_restoration_only_after_an_outage(tmp_path: Path) -> None:
    rows = ["| 2019-07-25 | Issue opened reporting crashes on long URIs |", "| 2019-08-20 | Security release process invoked |",
            "| 2019-09-24 | Candidate fix patches shared |", "| 2019-10-08 | v1.11.2 pushed |"]
    head = HEAD.replace("Checkout outage", "CVE-2019-15225")
    assert run_rule("PM205", tmp_path, document=doc(*rows, head=head)) == []
    [embargoed] = run_rule("PM205", tmp_path, document=doc(*rows[:3], head=head))
    assert embargoed.message.startswith("Timeline marks no resolution;")  # nothing was down: nothing to restore
    outage = doc(*rows[:3], head=head) + "\n## Impact\n\nThe proxy was unavailable for two hours.\n"
    [problem] = run_rule("PM205", tmp_path, document=outage)
    assert problem.message.startswith("Timeline marks no restoration or resolution;")


def test_pm205_milestones_are_set_per_project(tmp_path: Path) -> None:
    rows = [ROWS[0], ROWS[1], ROWS[2], "| 14:40 | Node quarantined |", ROWS[4], ROWS[5]]
    [problem] = run_rule("PM205", tmp_path, document=doc(*rows))
    assert "mitigation" in problem.message
    extended = {"rules": {"PM205": {"extend-milestones": {"mitigation": ["quarantined"]}}}}
    assert run_rule("PM205", tmp_path, document=doc(*rows), config=extended) == []
    # A table of its own replaces the default: a milestone left out is not required.
    own = {"rules": {"timeline-milestones": {"milestones": {"detection": ["alert*"], "resolution": ["resolved"]}}}}
    assert run_rule("PM205", tmp_path, document=doc(ROWS[0], ROWS[1], ROWS[5]), config=own) == []


# PM206 duration-mismatch


def test_pm206_points_at_the_duration_field(tmp_path: Path) -> None:
    [problem] = run_rule("PM206", tmp_path, document=doc(*ROWS, duration="30 minutes"))
    assert (problem.line, problem.column) == (4, 15)
    assert "58 minutes" in problem.message  # from the alert (14:12), not the deploy (14:00)


@pytest.mark.parametrize("duration", ["1 hours 10 minutes", "1h 25m", "55 minutes", "70 minutes (approx.)"])
def test_pm206_within_tolerance(tmp_path: Path, duration: str) -> None:
    assert run_rule("PM206", tmp_path, document=doc(*ROWS, duration=duration)) == []


def test_pm206_tolerance_grows_with_the_duration(tmp_path: Path) -> None:
    rows = ["| 2026-11-20 08:00 | Deploy |", "| 2026-11-20 20:00 | Incident resolved |"]
    assert run_rule("PM206", tmp_path, document=doc(*rows, duration="11 hours")) == []  # 60 min off, 10% is 66
    assert lines_of(run_rule("PM206", tmp_path, document=doc(*rows, duration="10 hours"))) == [4]


def test_pm206_span_ends_at_the_last_resolution_row(tmp_path: Path) -> None:
    rows = [*ROWS, "| 17:30 | Post-incident review scheduled |"]
    assert run_rule("PM206", tmp_path, document=doc(*rows)) == []
    without = [row for row in rows if "resolved" not in row]
    assert lines_of(run_rule("PM206", tmp_path, document=doc(*without))) == [4]


def test_pm206_measures_from_the_first_detection_or_impact_row(tmp_path: Path) -> None:
    """The deploy that caused the incident is not its start: Duration counted from the
    start of impact is right, and so is one counted from the first row."""
    rows = ["| 13:00 | Deploy of checkout v2.14.0 starts |", *ROWS[1:]]  # alert 14:12, resolved 15:10
    assert run_rule("PM206", tmp_path, document=doc(*rows, duration="58 minutes")) == []
    assert run_rule("PM206", tmp_path, document=doc(*rows, duration="2 hours 10 minutes")) == []
    impact = ["| 13:00 | Deploy starts |", "| 13:40 | Error rate rises to 30% |", "| 14:12 | Alert fired |",
              "| 15:10 | Incident resolved |"]
    assert run_rule("PM206", tmp_path, document=doc(*impact, duration="1 hour 30 minutes")) == []
    [problem] = run_rule("PM206", tmp_path, document=doc(*rows, duration="20 minutes"))
    assert problem.message == (
        "Duration '20 minutes' differs from the timeline span of 58 minutes (14:12 on line 13, the first "
        "detection or impact row, to 15:10 on line 17, the last resolution row); "
        "write Duration: 58 minutes or correct the timeline"
    )


def test_pm206_names_the_rows_it_used_without_milestones(tmp_path: Path) -> None:
    rows = ["| 14:00 | Deploy |", "| 14:30 | Config change |"]
    [problem] = run_rule("PM206", tmp_path, document=doc(*rows, duration="3 hours"))
    assert "(14:00 on line 12, the first row, to 14:30 on line 13, the last row)" in problem.message


def test_pm206_crosses_midnight_with_dates(tmp_path: Path) -> None:
    rows = ["| 23:30 | Deploy |", "| 2026-11-21 00:40 | Incident resolved |"]
    assert run_rule("PM206", tmp_path, document=doc(*rows)) == []


@pytest.mark.parametrize("duration", ["a while", ""])
def test_pm206_skips_unreadable_duration(tmp_path: Path, duration: str) -> None:
    assert run_rule("PM206", tmp_path, document=doc(*ROWS, duration=duration)) == []


def test_pm206_skips_unreadable_times(tmp_path: Path) -> None:
    assert run_rule("PM206", tmp_path, document=doc("| 2:00pm | Deploy |", "| later | Incident resolved |")) == []


def test_odd_input_never_crashes(tmp_path: Path) -> None:
    rows = [
        "| \\| | x |",
        "|||||",
        "| 25:00 | y |",
        "| 2026-02-30 10:00 | z |",
        "| 14:00 \u2013 14:05 | w |",
        "| 9999-12-31 23:59-12:00 | resolved |",
        "| 0001-01-01 00:00+14:00 | v |",
        "| 14:00+99:00 | u |",
    ]
    for code in ("PM201", "PM202", "PM203", "PM204", "PM205", "PM206"):
        for problem in run_rule(code, tmp_path, document=doc(*rows)):
            assert problem.line >= 1 and problem.column >= 1


def test_an_unreadable_timeline_is_one_finding_naming_its_form_and_the_option(tmp_path: Path) -> None:
    items = "".join(f"- 10:{n:02d} Step {n} of the rollout\n" for n in range(20))
    text = f"# Post-Mortem: X\n\n## Timeline\n\nAll times in UTC.\n\n{items}"
    problems = [p for code in ("PM201", "PM202", "PM203", "PM204", "PM205") for p in run_rule(code, tmp_path, document=text)]
    [problem] = problems
    assert problem.message == ("Timeline has no table with Time and Event columns; it is a list of 20 time-led lines; "
                               'add | Time | Event |, or set [tool.pmlint.template.timeline] form = "either"')


def test_a_timeline_without_a_zone_is_one_finding_however_many_rows(tmp_path: Path) -> None:
    rows = [f"| 1{n}:00 | Step {n} |" for n in range(8)]
    text = doc(*rows, head=HEAD.replace("All times in UTC.\n\n", ""))
    assert len(run_rule("PM203", tmp_path, document=text)) == 1
    stated = {"template": {"timeline": {"zone": "stated"}}}
    zoned = doc(*[f"| 1{n}:00 XYZ | Step {n} |" for n in range(8)])
    [unknown] = run_rule("PM203", tmp_path, document=zoned, config=stated)
    assert "'XYZ' is not known" in unknown.message


def test_12_hour_times_are_read_when_the_team_writes_them(tmp_path: Path) -> None:
    rows = ["| 2:02 PM | Alert fired |", "| 2:15 PM | Incident declared |", "| 11:20 AM | Wrong order |"]
    assert [p.line for p in run_rule("PM202", tmp_path, document=doc(*rows))] == [12, 13, 14]
    clock = {"rules": {"PM202": {"clock": "any"}}}
    assert run_rule("PM202", tmp_path, document=doc(*rows), config=clock) == []
    [order] = run_rule("PM204", tmp_path, document=doc(*rows), config=clock)
    assert order.line == 14
