"""`pmlint new`: the template with the right name; once filled in, `check` accepts it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write

NEW_PATH = "docs/incidents/2026-11-20-checkout-outage.md"

# What a team writes in place of each placeholder of the template.
FILLED = {
    "X hours Y minutes": "1 hour 10 minutes",
    "[Who was affected, how many, for how long]": "30% of checkout requests failed for 70 minutes",
    "**Authors:** @names": "**Authors:** @maria, @kenji",
    "**Meeting:** YYYY-MM-DD": "**Meeting:** 2026-11-23",
    "[The services or components it concerns, comma separated]": "checkout, payments-db",
    "[Contributing-factor tags: technical, process, human factors, external (e.g. technical/deploy)]":
        "technical/config, process/review",
    "[Where it was shared beyond the responders: #channel, mailing list, link or dated note]": "#eng-all, 2026-11-24",
    "[Links to the runbooks this incident changed, or none]": (
        "[DB pool exhausted](../runbooks/db-pool-exhausted.md)"
    ),
    "[What happened and what it cost.] [Why it happened.] [What we are changing so it does not happen again.]": (
        "On 2026-11-20 the checkout service failed 30% of requests for 70 minutes. A configuration "
        "change removed the connection pool limit and exhausted the database. We rolled back and "
        "are adding a limit and an alert."
    ),
    "| HH:MM | [What started the incident, e.g. a deploy or a config change] |": "| 14:00 | Deploy of checkout v2.14.0 starts |",
    "| HH:MM | [Alert fired or page sent: how it was detected] |": "| 14:12 | Alert fired: CheckoutErrorRateHigh |",
    "| HH:MM | [Incident declared by @who] |": "| 14:15 | Incident declared by @lee |",
    "| HH:MM | [Mitigation applied: rollback, failover or revert] |": "| 14:40 | Mitigation applied: rollback to v2.13.2 |",
    "| HH:MM | [Service restored] |": "| 14:55 | Service restored |",
    "| HH:MM | [Incident resolved] |": "| 15:10 | Incident resolved |",
    "[The chain of technical causes, from the trigger to the impact, and why the system allowed it. Describe conditions and mechanisms, not people.]": (
        "The checkout service depends on the PostgreSQL primary, which accepts 500 connections. "
        "Release v2.14.0 dropped the pool size setting from the service configuration, so the driver "
        "default of 100 connections per pod applied. With twelve pods the service asked for 1200 "
        "connections, the primary refused new ones, and requests timed out."
    ),
    "- [A condition that made the incident more likely, longer or worse]": "- No alert existed for connection saturation",
    "- [Something that limited the impact or sped up the recovery]": "- Rollback completed in four minutes",
    "- [Something that delayed detection, diagnosis or recovery]": "- The alert fired twelve minutes late",
    "| [A concrete change that someone can verify is done] | @person | P1 | YYYY-MM-DD |": (
        "| Add an alert for connection pool saturation above 80% | @maria | P1 | 2026-11-27 |"
    ),
    "approved by: @names": "approved by: @kenji, @lee, @maria",
    "**Status:** Draft": "**Status:** Final",
}
TODO = f"# TODO\n\n- [ ] Add an alert for connection pool saturation above 80% _(ref: {NEW_PATH})_\n"


def codes(run, root: Path, *args: str) -> list[str]:
    result = run("check", "--format", "json", "--today", "2026-11-24", "--no-git", *args, cwd=root)
    return [item["code"] for item in json.loads(result.out)]


def test_new_writes_the_template_and_prints_its_path(run, tmp_path: Path) -> None:
    result = run("new", "Checkout outage", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    assert result.code == 0 and result.err == ""
    assert result.out == NEW_PATH + "\n"
    text = (tmp_path / NEW_PATH).read_text()
    assert text.startswith("# Post-Mortem: Checkout outage\n\n**Date:** 2026-11-20\n**Severity:** SEV-2\n")


def test_unfilled_template_is_flagged_by_pm105(run, tmp_path: Path) -> None:
    run("new", "Checkout outage", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    found = codes(run, tmp_path)
    assert found.count("PM105") >= len(FILLED) - 2  # every placeholder but Status and the filled ones
    assert {"PM101", "PM102", "PM104", "PM107"}.isdisjoint(found)  # the frame itself is right
    # An HH:MM or YYYY-MM-DD placeholder is reported once, as a placeholder, not also as a
    # malformed time or due date.
    assert {"PM103", "PM202", "PM303"}.isdisjoint(found)
    # Template prompts are PM105's alone: no word count of the prompt (PM109), and no TODO.md
    # line asked for (PM307) that `--fix` would append.
    assert set(found) == {"PM105"}


def test_filled_in_template_passes_check(run, tmp_path: Path) -> None:
    run("new", "Checkout outage", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    path = tmp_path / NEW_PATH
    text = path.read_text()
    for placeholder, real in FILLED.items():
        assert placeholder in text, placeholder
        text = text.replace(placeholder, real)
    write(tmp_path, {NEW_PATH: text, "TODO.md": TODO, "docs/runbooks/db-pool-exhausted.md": "# DB pool exhausted\n"})
    result = run("check", "--today", "2026-11-24", "--no-git", cwd=tmp_path)
    assert result.out.strip() == "0 errors, 0 warnings in 2 files", result.out
    assert result.code == 0


def test_refuses_to_overwrite(run, tmp_path: Path) -> None:
    write(tmp_path, {NEW_PATH: "# Post-Mortem: mine\n"})
    result = run("new", "Checkout outage", "--severity", "SEV-1", "--date", "2026-11-20", cwd=tmp_path)
    assert result.code == 2 and result.out == ""
    assert result.err == f"pmlint: error: {NEW_PATH}: already exists; not overwritten\n"
    assert (tmp_path / NEW_PATH).read_text() == "# Post-Mortem: mine\n"


def test_date_defaults_to_today_and_pmlint_today(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("new", "A", "--severity", "SEV-3", "--today", "2026-12-01", cwd=tmp_path).out == "docs/incidents/2026-12-01-a.md\n"
    monkeypatch.setenv("PMLINT_TODAY", "2026-12-02")
    assert run("new", "A", "--severity", "SEV-3", cwd=tmp_path).out == "docs/incidents/2026-12-02-a.md\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--severity", "SEV-9"], "--severity: 'SEV-9' is not one of SEV-1, SEV-2, SEV-3, SEV-4"),
        (["--severity", "SEV-1", "--date", "20/11/2026"], "--date: '20/11/2026' is not an ISO date (YYYY-MM-DD)"),
        (["--severity", "SEV-1", "--today", "soon"], "--today: 'soon' is not an ISO date (YYYY-MM-DD)"),
    ],
)
def test_bad_options_are_one_line_errors(run, tmp_path: Path, args: list[str], message: str) -> None:
    result = run("new", "Checkout outage", *args, cwd=tmp_path)
    assert result.code == 2 and result.err == f"pmlint: error: {message}\n"
    assert not (tmp_path / "docs").exists()


def test_severity_case_is_forgiven_and_configured_severities_apply(run, tmp_path: Path) -> None:
    run("new", "A", "--severity", "sev-1", "--date", "2026-11-20", cwd=tmp_path)
    assert "**Severity:** SEV-1\n" in (tmp_path / "docs/incidents/2026-11-20-a.md").read_text()
    write(tmp_path, {".pmlint.toml": "[template]\nseverities = ['Major', 'Minor']\n"})
    assert run("new", "B", "--severity", "SEV-1", cwd=tmp_path).code == 2
    assert run("new", "B", "--severity", "major", "--date", "2026-11-20", cwd=tmp_path).code == 0


def test_file_name_slug_is_ascii_kebab(run, tmp_path: Path) -> None:
    result = run("new", "  Café checkout: 50% errors (EU)!  ", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    assert result.out == "docs/incidents/2026-11-20-cafe-checkout-50-errors-eu.md\n"
    text = (tmp_path / "docs/incidents/2026-11-20-cafe-checkout-50-errors-eu.md").read_text()
    assert text.startswith("# Post-Mortem: Café checkout: 50% errors (EU)!\n")


def test_default_folder_comes_from_paths_relative_to_the_root(run, tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.pmlint]\npaths = ['postmortems/**/*.md']\n", "src/x.py": ""})
    result = run("new", "A", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path / "src")
    assert result.out == "../postmortems/2026-11-20-a.md\n"
    assert (tmp_path / "postmortems/2026-11-20-a.md").is_file()


def test_dir_is_relative_to_the_current_folder_and_outside_paths_is_noted(run, tmp_path: Path) -> None:
    result = run("new", "A", "--severity", "SEV-2", "--date", "2026-11-20", "--dir", "drafts", cwd=tmp_path)
    assert result.out == "drafts/2026-11-20-a.md\n"
    assert "outside the configured paths" in result.err


def test_configured_extra_fields_and_sections_are_in_the_template(run, tmp_path: Path) -> None:
    config = "[template]\nrequired-fields = ['Date', 'Severity', 'Team']\nrequired-sections = ['Timeline', 'Customer Communication']\n"
    write(tmp_path, {".pmlint.toml": config})
    run("new", "A", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    found = codes(run, tmp_path, "--select", "PM102,PM104")
    assert found == []
    text = (tmp_path / "docs/incidents/2026-11-20-a.md").read_text()
    assert "**Team:** [Team]\n" in text and text.endswith("## Customer Communication\n\n[Customer Communication]\n")


@pytest.mark.parametrize("given", ["Post-Mortem: Checkout outage", "postmortem:Checkout outage", "Post-mortem - Checkout outage"])
def test_a_title_given_with_the_h1_prefix_is_not_prefixed_twice(run, tmp_path: Path, given: str) -> None:
    result = run("new", given, "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    assert result.out == NEW_PATH + "\n"
    assert (tmp_path / NEW_PATH).read_text().startswith("# Post-Mortem: Checkout outage\n")


def test_braces_in_the_title_are_written_as_given(run, tmp_path: Path) -> None:
    run("new", "Cron {date} and {severity} left unexpanded", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    text = (tmp_path / "docs/incidents/2026-11-20-cron-date-and-severity-left-unexpanded.md").read_text()
    assert text.startswith("# Post-Mortem: Cron {date} and {severity} left unexpanded\n\n**Date:** 2026-11-20\n**Severity:** SEV-2\n")
