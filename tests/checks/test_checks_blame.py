"""PM501 blame-language and PM502 person-as-cause: what a reader of the findings would notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmlint.parse.document import parse_document
from tests.conftest import REPO
from tests.rule_harness import run_rule

REAL = REPO / "tests" / "fixtures" / "real"
HEAD = "# Post-Mortem: Checkout outage\n\n**Authors:** @maria, @kenji\n\n## Root Cause\n\n"


def found(code: str, tmp_path: Path, body: str, **kwargs: object) -> list[tuple[int, int, str]]:
    problems = run_rule(code, tmp_path, document=HEAD + body, **kwargs)  # type: ignore[arg-type]
    return [(p.line, p.column, p.message) for p in problems]


def lines(code: str, tmp_path: Path, body: str, **kwargs: object) -> list[int]:
    return [line for line, _, _ in found(code, tmp_path, body, **kwargs)]


# --- PM501 ---------------------------------------------------------------------------------


def test_pm501_points_at_the_phrase_and_gives_the_hint(tmp_path: Path) -> None:
    [(line, column, message)] = found("PM501", tmp_path, "The outage was caused by human error during the rollout.\n")
    assert (line, column) == (7, 26)
    assert message.startswith('Blaming language "human error": ')
    assert "missing check" in message  # the hint from rules/PM501.toml


def test_pm501_one_finding_per_occurrence_case_insensitive(tmp_path: Path) -> None:
    result = found("PM501", tmp_path, "Careless config, then a CARELESS rollback.\n")
    assert [(line, column) for line, column, _ in result] == [(7, 1), (7, 25)]
    assert '"CARELESS"' in result[1][2]


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_pm501_possessive_fault_quotes_the_person(tmp_path: Path, apostrophe: str) -> None:
    [(line, column, message)] = found("PM501", tmp_path, f"Honestly, it was Kenji{apostrophe}s fault.\n")
    assert (line, column) == (7, 18)
    assert f'"Kenji{apostrophe}s fault"' in message


def test_pm501_phrase_wrapped_onto_the_next_line(tmp_path: Path) -> None:
    body = "The rollback was slow and the on-call engineer dropped\nthe ball on the hand-off.\n"
    assert lines("PM501", tmp_path, body) == [7]


@pytest.mark.parametrize(
    "body",
    [
        "The replica failed its health check after a hardware fault; the faulty disk was replaced.\n",
        "The driver default of 100 connections was used. This review is blameless.\n",
        "No one is to blame: the script accepted a pool size of 0.\n",
        "The lazy-loaded replay extension and lazy loading of the SDK hid the error.\n",
        "The on-call engineer ran `grep 'human error' deploy.log` to find the request.\n",
        "```\nhuman error\n```\n",
        "<!-- careless wording, reword before review -->\nThe pool was exhausted.\n",
        "See [the runbook](https://example.com/careless-human-error).\n",
        'The operator ran "git commit -m sloppy" as the runbook says.\n',
        "Failed requests rose to 30% and the error budget was spent.\n",
    ],
    ids=["failed-fault", "default-blameless", "no-one-to-blame", "lazy-loaded", "code-span", "fence",
         "comment", "link-url", "quoted-command", "failed-error"],
)
def test_pm501_no_finding_on_neutral_words_or_non_prose(tmp_path: Path, body: str) -> None:
    assert found("PM501", tmp_path, body) == []


def test_pm501_reads_quoted_prose_that_is_not_a_command(tmp_path: Path) -> None:
    assert lines("PM501", tmp_path, 'Someone wrote "sloppy work" in the channel.\n') == [7]


def test_pm501_reads_timeline_cells_and_headings(tmp_path: Path) -> None:
    body = (
        "x\n\n## Timeline\n\n| Time | Event |\n|---|---|\n"
        "| 14:02 | Rollback; operator error suspected |\n\n### A reckless deploy\n"
    )
    assert lines("PM501", tmp_path, body) == [13, 15]


def test_pm501_extra_phrases_and_allow(tmp_path: Path) -> None:
    body = "A cowboy deploy on Friday, a sloppy review, and human error.\n"
    config = {"blameless": {"extra-phrases": ["Cowboy deploy"], "allow": ["sloppy", "human error"]}}
    [(line, column, message)] = found("PM501", tmp_path, body, config=config)
    assert (line, column) == (7, 3)
    assert '"cowboy deploy"' in message and "describe the condition" in message


def test_pm501_allow_phrase_skips_only_where_it_appears(tmp_path: Path) -> None:
    body = "The parser runs in sloppy mode. The review was sloppy.\n"
    config = {"blameless": {"allow": ["sloppy mode"]}}
    assert [c for _, c, _ in found("PM501", tmp_path, body, config=config)] == [48]


# --- PM502 ---------------------------------------------------------------------------------


def test_pm502_handle_as_subject_points_at_the_person(tmp_path: Path) -> None:
    [(line, column, message)] = found("PM502", tmp_path, "Then @raj forgot to check the dashboard before promoting.\n")
    assert (line, column) == (7, 6)
    assert message.startswith('@raj is the subject of "forgot": ')
    assert "checklist" in message


@pytest.mark.parametrize(
    "sentence",
    [
        "@raj should have rolled back sooner.",
        "@raj probably should have rolled back sooner.",
        "@raj didn\u2019t check the canary.",
        "@raj did not test the migration.",
        "@raj accidentally deleted the replica.",
        "The alert @raj ignored was the right one.",
        "**@raj** missed the page.",
        "@raj and @lee broke the build.",
    ],
)
def test_pm502_flags_a_person_as_cause(tmp_path: Path, sentence: str) -> None:
    assert lines("PM502", tmp_path, sentence + "\n") == [7]


@pytest.mark.parametrize(
    "sentence",
    [
        "This should have been caught by the integration tests.",
        "@raj should have been paged for the first alert.",
        "Incident declared by @raj after the alert fired.",
        "The alert paged @raj, who restored the replica.",
        "@raj restored the previous release.",
        "@raj said the deploy broke checkout.",
        "@raj\u2019s deploy failed to start because the image was missing.",
        "@raj deployed at 14:00, and then the pool was missed by the autoscaler.",
        "Escalated to @raj and @lee but the replica had already failed to start.",
        "The job failed to start because the image was missing.",
        "The deploy failed to notice the missing key.",
        "We forgot nothing: the checklist covered the key.",
        "[10:02] kenji: I forgot to push the tag",
        "The change from @raj caused the outage.",
        "Run `@raj forgot` in the bot channel to see the reminder.",
    ],
)
def test_pm502_neutral_or_systemic_phrasing_is_not_flagged(tmp_path: Path, sentence: str) -> None:
    assert found("PM502", tmp_path, sentence + "\n") == []


def test_pm502_knows_plain_names_of_authors_owners_and_reviewers(tmp_path: Path) -> None:
    document = """# Post-Mortem: Checkout outage

**Authors:** Maria Lopez (@maria), Kenji

## Root Cause

- Maria Lopez should have rolled back at once.
- Kenji missed the page.
- Lee forgot the runbook.
- Priya ignored the alert.
- Bob broke the build.
- Dana missed the page.

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
| Add a pool size check to the deploy script | Lee (@lee) | P1 | 2026-11-27 |

## Acknowledgement

Reviewed and approved by: Priya Shah, @dana
"""
    problems = run_rule("PM502", tmp_path, document=document)
    # Dana is the name behind @dana; nobody called Bob is named.
    assert [(p.line, p.column) for p in problems] == [(7, 3), (8, 3), (9, 3), (10, 3), (12, 3)]
    assert problems[0].message.startswith('Maria Lopez is the subject of "should have"')


def test_pm502_pronoun_after_a_named_person(tmp_path: Path) -> None:
    body = "@raj spent hours on the logs when he probably should have rolled back.\n"
    [(line, column, message)] = found("PM502", tmp_path, body)
    assert (line, column) == (7, 35)
    assert message.startswith('he (@raj) is the subject of "should have"')
    assert found("PM502", tmp_path, "The deploy was slow, and he should have waited.\n") == []


def test_pm502_allow_turns_off_a_verb(tmp_path: Path) -> None:
    config = {"blameless": {"allow": ["missed"]}}
    assert found("PM502", tmp_path, "@raj missed the page. @lee forgot the runbook.\n", config=config)[0][1] == 23


# --- real documents --------------------------------------------------------------------------


def test_univaf_people_who_should_have_acted_are_flagged(tmp_path: Path) -> None:
    name = "usdigitalresponse__univaf__2021-06-29--actions-budget-terraform-state.md"
    document = (REAL / name).read_text(encoding="utf-8")
    flagged = [p.line for p in run_rule("PM502", tmp_path, document=document)]
    assert 114 in flagged and 120 in flagged  # "@Mr0grog should have", "when he probably should have"
    assert run_rule("PM501", tmp_path, document=document) == []


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.glob("*.md") if "univaf__2021-06-29" not in p.name))
def test_real_documents_about_systems_are_not_flagged(tmp_path: Path, name: str) -> None:
    document = (REAL / name).read_text(encoding="utf-8")
    assert run_rule("PM501", tmp_path, document=document) == []
    assert run_rule("PM502", tmp_path, document=document) == []


def test_findings_are_on_real_lines_of_the_document(tmp_path: Path) -> None:
    body = "x\r\n\r\n\ufeffHuman error, `code`, <!-- c --> careless\r\n"
    document = HEAD + body
    doc = parse_document(document, "d.md")
    for problem in run_rule("PM501", tmp_path, document=document):
        assert 1 <= problem.line <= len(doc.lines)
        assert 1 <= problem.column <= len(doc.lines[problem.line - 1])


# --- review round: technical terms that read like blame ---------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The cluster's fault tolerance was lower than we assumed.",
        "Each zone\u2019s fault domain holds three replicas.",
        "The controller's fault LED was lit and the disk's fault counter rose.",
        "Chaos Mesh's fault injection was still enabled in staging.",
        "The PSU's fault detection did not trip.",
        "RabbitMQ lazy queues paged every message to disk.",
        "Redis lazy expiration left stale keys and lazy freeing was off.",
        "The Scala lazy val was initialised twice.",
    ],
)
def test_pm501_technical_fault_and_lazy_terms_are_not_blame(tmp_path: Path, sentence: str) -> None:
    assert found("PM501", tmp_path, sentence + "\n") == []


def test_pm501_still_flags_fault_and_lazy_as_blame(tmp_path: Path) -> None:
    body = "It was the SSO provider's fault. Kenji's fault tolerance talk aside, it was Kenji's fault.\nA lazy review.\n"
    result = found("PM501", tmp_path, body)
    assert [(line, column) for line, column, _ in result] == [(7, 16), (7, 77), (8, 3)]


@pytest.mark.parametrize(
    ("sentence", "subject", "verb"),
    [
        ("The on-call engineer forgot to check the dashboard.", "The on-call engineer", "forgot"),
        ("Node operators didn't follow the runbook.", "Node operators", "didn't follow"),
        ("The vendor's staff misjudged the risk of the change.", "The vendor's staff", "misjudged"),
        ("A new member of Ken Labs inadvertently overwrote their keypair.", "A new member of Ken Labs",
         "inadvertently"),
        ("One of the engineers was deleting clusters and he wasn't fully aware which workspace was active.",
         "he (One of the engineers)", "wasn't fully aware"),
        ("I was lazy and skipped the staging run.", "I", "was lazy"),
        ("The reviewer failed to notice the missing migration.", "The reviewer", "failed to"),
    ],
)
def test_pm502_roles_groups_and_the_writer_are_subjects(tmp_path: Path, sentence: str, subject: str, verb: str) -> None:
    [problem] = run_rule("PM502", tmp_path, document=f"# Post-Mortem: X\n\n## Root Cause\n\n{sentence}\n")
    assert problem.message.startswith(f'{subject} is the subject of "{verb}"')
