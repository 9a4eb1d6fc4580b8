"""People by handle, by the name behind a handle and by plain name, for PM502 and PM402."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmlint.parse.people import handle_name
from tests.rule_harness import run_rule


@pytest.mark.parametrize(("login", "name"), [("priya", "Priya"), ("kenji-t", "Kenji"), ("bob", "Bob"),
                                             ("j2", None), ("al", None), ("org/team", None), ("ana_m", "Ana")])
def test_name_behind_a_handle(login: str, name: str | None) -> None:
    assert handle_name(login) == name


def document(header: str, prose: str, owner: str = "@lee", acknowledgement: str = "Reviewed by @lee") -> str:
    return (f"# Post-Mortem: Migration\n\n{header}\n\n## Root Cause\n\n{prose}\n\n## Action Items\n\n"
            f"| Action | Owner | Priority | Due |\n|---|---|---|---|\n| Add a migration check | {owner} | P1 | 2026-12-01 |\n\n"
            f"## Acknowledgement\n\n{acknowledgement}\n")


@pytest.mark.parametrize(("header", "prose", "owner", "who"), [
    ("**Authors:** @lee", "Bob forgot to run the migration.", "@bob", "Bob"),
    ("**Authors:** @priya", "Priya missed the alert.", "@lee", "Priya"),
    ("**Authors:** @kenji", "Kenji should have checked the pool dashboard.", "@lee", "Kenji"),
    ("**Authors:** @kenji-t", "Kenji should have checked the pool dashboard.", "@lee", "Kenji"),
    ("*Written by Maria Lopez and Sam*", "Sam forgot to run the migration.", "@lee", "Sam"),
    ("**Created By:** Ana Ruiz", "Ana failed to run the migration.", "@lee", "Ana"),
], ids=["owner-column", "authors", "kenji", "kenji-t", "byline", "created-by"])
def test_pm502_knows_people_by_name(tmp_path: Path, header: str, prose: str, owner: str, who: str) -> None:
    [problem] = run_rule("PM502", tmp_path, document=document(header, prose, owner))
    assert problem.message.startswith(f'{who} is the subject of')
    assert (problem.line, problem.column) == (7, 1)


def test_pm502_front_matter_authors(tmp_path: Path) -> None:
    text = "---\nauthors: [priya]\n---\n" + document("", "Priya missed the alert.")
    [problem] = run_rule("PM502", tmp_path, document=text)
    assert problem.line == 10 and problem.message.startswith("Priya is the subject")


def test_pm502_names_nobody_unknown(tmp_path: Path) -> None:
    # Nobody called Bob is named in the document; "this should have been caught" has no person.
    text = document("**Authors:** @lee", "Bob forgot to run the migration. This should have been caught.")
    assert run_rule("PM502", tmp_path, document=text) == []


def final(authors: str, acknowledgement: str) -> str:
    return document(f"**Authors:** {authors}\n**Status:** Final", "The migration did not run.", "@lee",
                    acknowledgement)


def test_pm402_matches_names_and_handles(tmp_path: Path) -> None:
    assert run_rule("PM402", tmp_path, document=final("Priya Raman", "Reviewed and approved by: @priya")) == []
    assert run_rule("PM402", tmp_path, document=final("@kenji-t", "Approved by: Kenji Tanaka")) == []
    [missing] = run_rule("PM402", tmp_path, document=final("Priya Raman, @kenji", "Approved by: @kenji"))
    assert missing.message.startswith("Priya Raman (author) is not named in Acknowledgement")
