"""The Timeline as teams write it, read into rows: time cells in their many forms, lists,
a time with its event on the next line, rows joined with <br>, days as date lines or
sub-headings, zones stated once, H1 sections. Each case is a form seen in real archives."""

from __future__ import annotations

import datetime as dt

import pytest

from pmlint.config.schema import Template, TimelineForm
from pmlint.parse.document import parse_document
from pmlint.parse.time_cells import Reading, is_zone, read_cell, read_date, read_time
from pmlint.parse.timeline_read import ColumnNames, Milestones, read_timeline, team_timeline_options, timeline_habits

NAMES = ColumnNames(("time", "timestamp", "datetime"), ("event", "description", "note"), ("date",))
EITHER = Template(timeline=TimelineForm(form="either"))
ANY_CLOCK = Reading(clock="any")


def rows(text: str, reading: Reading = ANY_CLOCK, template: Template = EITHER) -> list[tuple[str, str, str]]:
    """(moment or date, time as written, event) of every row of the document's timeline."""
    doc = parse_document(text, "docs/incidents/x.md")
    found = read_timeline(doc, template, NAMES, None, reading)
    assert found is not None
    return [(f"{row.moment:%Y-%m-%d %H:%M}" if row.moment and not row.day_only else
             f"{row.moment:%Y-%m-%d}" if row.moment else "-", row.cell, row.event) for row in found.rows]


@pytest.mark.parametrize(("cell", "minutes"), [
    ("08:47", 527), ("[08:47]", 527), ("`07:35`", 455), ("**07:35**", 455), ("0735", 455), ("8:47am", 527),
    ("8:47 PM", 1247), ("08:47:12", 527), ("08:47\u201309:10", 527), ("08:47 UTC", 527), ("08:47Z", 527),
    ("10:45a", 645), ("12:29p", 749), ("17:14pm", 1034), ("22:XX", 1320),
])
def test_time_cells_teams_write(cell: str, minutes: int) -> None:
    value = read_time(cell, ANY_CLOCK)
    assert value is not None and value.minutes == minutes


def test_the_24_hour_clock_leaves_12_hour_times_and_hhmm_to_pm202() -> None:
    assert read_time("8:47 PM") is None and read_time("0735") is None
    assert read_cell("24:XX").hour_out_of_range


@pytest.mark.parametrize(("text", "order", "day"), [
    ("2024-03-01", "dmy", dt.date(2024, 3, 1)), ("01-03-2024", "dmy", dt.date(2024, 3, 1)),
    ("01-03-2024", "mdy", dt.date(2024, 1, 3)), ("20/06/2023", "mdy", dt.date(2023, 6, 20)),
    ("Jan 14", "dmy", dt.date(2026, 1, 14)), ("March 1, 2024", "dmy", dt.date(2024, 3, 1)),
    ("Dec 17th", "dmy", dt.date(2026, 12, 17)),
])
def test_dates_in_the_learned_order(text: str, order: str, day: dt.date) -> None:
    assert read_date(text, Reading(date_order=order), 2026) == day


def test_a_word_after_a_time_is_the_event_not_a_zone() -> None:
    assert not is_zone("CVE") and not is_zone("MR") and not is_zone("Deploy")
    assert is_zone("UTC") and is_zone("PST") and is_zone("IST") and is_zone("+05:30")
    text = "# X\n\n## Timeline\n\n- 11:20 v1.11.2 pushed\n- 11:24 CVE summary sent\n- 13:27 MR opened\n"
    assert [(c, e) for _, c, e in rows(text)] == [("11:20", "v1.11.2 pushed"), ("11:24", "CVE summary sent"),
                                                 ("13:27", "MR opened")]


def test_list_shapes() -> None:
    text = ("# X\n\n## Timeline\n\n- 08:47 Alert fired\n* **09:02** \u2014 We rolled back\n"
            "- [09:10] Service recovered\n- `09:15` - Incident resolved\n")
    assert [(c, e) for _, c, e in rows(text)] == [("08:47", "Alert fired"), ("09:02", "We rolled back"),
                                                 ("09:10", "Service recovered"), ("09:15", "Incident resolved")]


def test_time_on_one_line_and_the_event_on_the_next() -> None:
    text = "# X\n\n## Timeline\n\n**14:02**\nAlert fired for checkout\n\n**14:10**\nRolled back\n"
    assert [(c, e) for _, c, e in rows(text)] == [("14:02", "Alert fired for checkout"), ("14:10", "Rolled back")]


def test_rows_joined_with_br() -> None:
    text = "# X\n\n## Timeline\n\n*06:00* Deploy starts<br />*06:12* Alert fired<br>*06:30* Rolled back\n"
    assert [(c, e) for _, c, e in rows(text)] == [("06:00", "Deploy starts"), ("06:12", "Alert fired"),
                                                 ("06:30", "Rolled back")]


def test_date_lines_date_the_rows_below_and_untimed_items_are_that_days_rows() -> None:
    text = ("# X\n\n## Timeline\n\n2019-03-28:\n* 13:53 Fix opened\n* 20:07 Patches shared\n\n"
            "2019-04-02:\n* 08:15 Release pushed\n* Advisory published\n")
    assert rows(text) == [("2019-03-28 13:53", "13:53", "Fix opened"), ("2019-03-28 20:07", "20:07", "Patches shared"),
                          ("2019-04-02 08:15", "08:15", "Release pushed"),
                          ("2019-04-02", "2019-04-02", "Advisory published")]


def test_items_under_a_timed_heading_are_its_details_not_rows() -> None:
    text = "# X\n\n## Timeline\n\n### 2018-01-17\n\n- Travis failing\n\n### 2018-01-17 17:14pm\n\n- More failures\n"
    assert [(m, e) for m, _, e in rows(text)] == [("2018-01-17", "Travis failing"), ("2018-01-17 17:14", "More failures")]


def test_days_as_sub_headings_and_day_numbers() -> None:
    text = "# X\n\n## Timeline\n\n### 2024-03-01\n\n- 23:50 Deploy\n\n### 2024-03-02\n\n- 00:10 Alert fired\n"
    assert [m for m, _, _ in rows(text)] == ["2024-03-01 23:50", "2024-03-02 00:10"]
    days = "# X\n\n## Timeline\n\n**Day 1**\n\n- 10:00 Deploy\n\n**Day 2**\n\n- 09:00 Alert fired\n"
    first, second = rows(days)
    assert first[0] < second[0]  # day 2's morning after day 1's


def test_dated_rows_in_the_day_first_order_and_12_hour_rows() -> None:
    text = "# X\n\n## Timeline\n\n- 20/06/2023 12:32 - We deleted it\n- 2017-02-24 11:14 PM Alert\n"
    assert [m for m, _, _ in rows(text)] == ["2023-06-20 12:32", "2017-02-24 23:14"]


def test_a_timeline_written_as_an_h1_section() -> None:
    text = ("# Root filesystem full\n\nSummary.\n\n# Timeline\n\nAll events are in UTC.\n\n"
            " - **18:53** `@nova` First report of slow responses\n - **18:55** First 5XX\n\n# Impact\n\nSlow.\n")
    assert [c for _, c, _ in rows(text)] == ["18:53", "18:55"]
    # After front matter the first H1 is the title, and may be the Timeline itself.
    first = "---\ntitle: Root filesystem full\n---\n\n# Timeline\n\n - **18:53** First report\n\n# Impact\n\nSlow.\n"
    assert [c for _, c, _ in rows(first)] == ["18:53"]


def test_table_with_timestamp_and_note_columns_and_named_dates() -> None:
    text = ("# X\n\n## Timeline\n\n| Date | Time | Note |\n|---|---|---|\n| Oct 31 | 23:25 | Alert |\n"
            "| Nov 1 | 00:10 | Rolled back |\n")
    doc_rows = rows(text.replace("| Date | Time | Note |", "| Date | Time | Note |"))
    assert [e for _, _, e in doc_rows] == ["Alert", "Rolled back"]
    assert doc_rows[0][0] < doc_rows[1][0]


def test_habits_teach_init_the_clock_and_the_milestones_never_marked() -> None:
    milestones = Milestones({"detection": ("report*",), "declaration": ("declar*",)})
    docs = [parse_document(f"# X\n\n## Timeline\n\n- 3:19 PM A user reported errors\n- 3:40 PM Fixed {n}\n", "x.md")
            for n in range(4)]
    habits = [h for d in docs if (h := timeline_habits(d, Template(), NAMES, milestones)) is not None]
    assert len(habits) == 4 and all(h.twelve_hour == 2 and h.listed for h in habits)
    options, said = team_timeline_options(habits, milestones.words)
    assert options["PM202"] == {"clock": "any"}
    assert options["PM205"] == {"milestones": {"detection": ["report*"]}}
    assert any("never mark declaration" in line for line in said)


@pytest.mark.parametrize(("said", "first"), [
    ("All times are IST (UTC+05:30).", "2024-03-01 03:17"), ("Times are in PT.", "2024-03-01 16:47"),
    ("", "2024-03-01 06:47"),
])
def test_a_zone_stated_once_applies_to_the_rows(said: str, first: str) -> None:
    zones = {"IST": "+05:30", "PT": "America/Los_Angeles", "UTC": "+00:00"}
    text = f"# X\n\n**Date:** 2024-03-01\n\n## Timeline\n\n{said}\n\n| Time (UTC+2) | Event |\n|---|---|\n| 08:47 | Alert |\n"
    if said:
        text = text.replace("Time (UTC+2)", "Time")
    doc = parse_document(text, "x.md")
    found = read_timeline(doc, EITHER, NAMES, zones, ANY_CLOCK)
    assert found is not None and f"{found.rows[0].moment:%Y-%m-%d %H:%M}" == first
