"""`pmlint report --dashboard-issue` through PyGithub over HTTP against the GitHub double:
one issue created on the first run, nothing written on an unchanged rerun, one edit when
the figures change, no duplicate after a lost answer, and a body within GitHub's limit
however long the lists get."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmlint.config.schema import Config
from pmlint.github import client
from pmlint.github.dashboard import MARKER, TITLE
from pmlint.github.marker import marker
from pmlint.items.model import ActionItem, item_id
from pmlint.parse.inline import normalise_action
from pmlint.retro import markdown_page
from pmlint.retro.facts import DocumentFacts
from pmlint.retro.figures import compute
from pmlint.retro.links import Links
from pmlint.retro.periods import default_window
from tests.github_double import Fault, GitHubDouble
from tests.report_project import OLD, TODAY, make_project

TOKEN = "ghp_CANARYreportDoNotLeak0123456789abcdef"
LABEL = "postmortem-action"


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[GitHubDouble]:
    monkeypatch.setattr(client, "TUNING", client.Tuning(spacing=0, sleep=lambda seconds: None, timeout=2, backoff=0))
    with GitHubDouble(token=TOKEN) as double:
        double.serve_pmlint(monkeypatch)
        for name in ("GITHUB_SHA", "PMLINT_TODAY"):
            monkeypatch.delenv(name, raising=False)
        # The issue `sync` opened for the old incident's action, closed: the action is done.
        action = "Rotate the old replication credentials"
        double.add_issue(action, body=f"{action}\n\n{marker(item_id(OLD, normalise_action(action)))}\n",
                         labels=[LABEL], state="closed")
        yield double
        assert not double.unauthorized, "every request carries the token"


def report(run, root: Path, *args: str):
    result = run("report", "--dashboard-issue", "--today", TODAY, "--since", "2026-07-01", *args, cwd=root)
    assert TOKEN not in result.out + result.err
    return result


def log(double: GitHubDouble) -> list[str]:
    return [f"{r.method} {r.path} {r.status}" for r in double.requests]


def test_created_once_then_left_alone_then_edited_in_place(run, tmp_path: Path, github: GitHubDouble) -> None:
    root = make_project(tmp_path)
    first = report(run, root)
    assert first.code == 0, first.err
    assert [f"{r.method} {r.path}" for r in github.writes] == ["POST /repos/acme/ops/issues"], log(github)
    assert github.count("GET", r"/issues$") == 1, "found with the one listing sync uses"
    [dashboard] = github.issues_with_marker(MARKER)
    assert dashboard["title"] == TITLE and [label["name"] for label in dashboard["labels"]] == [LABEL]
    body = dashboard["body"]
    assert body.startswith("# Post-mortem review: 2026-07-01 to 2026-12-14") and body.rstrip().endswith(MARKER)
    # The closed issue made the old action done: three overdue, not four.
    assert "### Overdue (3)" in body and "Rotate the old replication credentials" not in body
    assert "@maria" not in body.replace("@&#8203;", ""), "editing the dashboard pings no one"
    assert f"{first.err}".count("created") == 1

    requests = len(github.requests)
    again = report(run, root)
    assert again.code == 0 and "unchanged" in again.err
    assert len(github.writes) == 1, log(github)[requests:]
    assert [line.split()[0] for line in log(github)[requests:]] == ["GET"] * (len(github.requests) - requests)

    # A box checked in TODO.md changes the figures: the same issue is edited, once.
    todo = root / "TODO.md"
    todo.write_text(todo.read_text(encoding="utf-8").replace("- [ ] Shard", "- [x] Shard"), encoding="utf-8")
    changed = report(run, root)
    assert [f"{r.method} {r.path}" for r in github.writes[1:]] == [f"PATCH /repos/acme/ops/issues/{dashboard['number']}"]
    assert "updated" in changed.err and len(github.issues_with_marker(MARKER)) == 1
    assert "### Overdue (2)" in github.issues[dashboard["number"]]["body"]


def test_lost_answer_to_the_create_leaves_one_issue(run, tmp_path: Path, github: GitHubDouble) -> None:
    root = make_project(tmp_path)
    github.fault(Fault.server_error(502, commit=True), method="POST", route=r"/issues$")
    result = report(run, root)
    assert result.code == 0, result.err
    assert len(github.issues_with_marker(MARKER)) == 1, log(github)
    assert report(run, root).code == 0 and len(github.issues_with_marker(MARKER)) == 1


def test_a_long_rate_limit_leaves_the_dashboard_for_the_next_run(run, tmp_path: Path, github: GitHubDouble) -> None:
    root = make_project(tmp_path)
    github.fault(Fault.secondary(retry_after=3600), method="POST", route=r"/issues$")  # over the 300 s wait cap
    result = report(run, root)
    assert result.code == 1 and "left for the next run" in result.err and "Traceback" not in result.err
    assert github.issues_with_marker(MARKER) == []
    assert report(run, root).code == 0 and len(github.issues_with_marker(MARKER)) == 1


def test_needs_a_token(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.delenv("GH_TOKEN", raising=False)
    result = run("report", "--dashboard-issue", cwd=make_project(tmp_path))
    assert result.code == 2 and "needs a GitHub token" in result.err


def _many_overdue(documents: int, per_document: int) -> list[DocumentFacts]:
    facts = []
    for number in range(documents):
        path = f"docs/incidents/2025-{1 + number % 12:02d}-{1 + number % 28:02d}-incident-{number}.md"
        items = tuple(
            ActionItem(id=f"{number:08x}{row:08x}", doc_path=path, line=20 + row,
                       action=f"Add a saturation alert for service {number} | shard {row} with a long description",
                       key=f"k{number}-{row}", owner="@maria", owners=("maria",), priority="P1",
                       due=dt.date(2025, 6, 1), due_text="2025-06-01", incident_title="x", severity="SEV-1", todo=None)
            for row in range(per_document)
        )
        facts.append(DocumentFacts(path, f"Incident {number}", dt.date(2025, 5, 1 + number % 28), 3, "SEV-1", 2,
                                   "Final", 60, 5, None, None, True, items))
    return facts


def test_a_long_report_is_summarised_within_the_body_limit_never_cut_mid_table() -> None:
    today = dt.date(2026, 12, 14)
    figures = compute(_many_overdue(800, 4), set(), Config(), today, default_window(today, dt.date(2025, 1, 1), None))
    text = markdown_page.render(figures, Links("https://github.com/acme/ops", "0" * 40), limit=markdown_page.ISSUE_BODY_LIMIT - 200)
    assert len(text) <= markdown_page.ISSUE_BODY_LIMIT - 200 < len(markdown_page.render(figures, limit=None))
    assert "more not shown here" in text
    lines = text.splitlines()
    cells = [len(re.findall(r"(?<!\\)\|", line)) if line.startswith("|") else 0 for line in lines]
    for index, count in enumerate(cells):  # every table row is whole: as many cells as its header
        if count and cells[index - 1]:
            assert count == cells[index - 1] and lines[index].endswith("|"), lines[index]
    overdue = text[text.index("### Overdue (3200)"):text.index("## Completion")]
    rows = [line for line in overdue.splitlines() if line.startswith("| [docs/incidents/")]
    left = int(re.search(r"_(\d+) more not shown", overdue).group(1))
    assert rows and len(rows) + left == 3200  # the most overdue rows whole, then how many more
    for heading in ("## Headline", "## Open action items", "## Completion per quarter", "## Time to post-mortem", "## Trends"):
        assert heading in text


def test_many_severities_over_ten_years_still_fit_the_issue_body() -> None:
    """Every table is capped, not only the long lists: 300 severities (a column each in the
    monthly table) over ten years of months made a body past GitHub's limit."""
    today = dt.date(2026, 12, 14)
    facts = []
    for number in range(1200):
        day = dt.date(2017, 1, 1) + dt.timedelta(days=3 * number)
        facts.append(DocumentFacts(f"docs/incidents/{day}-incident-{number}.md", f"Incident #{number} @ops",
                                   day, 3, f"SEV-{number % 300}", 2, "Final", 60, 5, None, None, True, ()))
    config = Config()._replace(template=Config().template._replace(severities=[f"SEV-{n}" for n in range(300)]))
    figures = compute(facts, set(), config, today, default_window(today, dt.date(2017, 1, 1), None))
    assert len(markdown_page.render(figures, limit=None)) > markdown_page.ISSUE_BODY_LIMIT
    text = markdown_page.render(figures, limit=markdown_page.ISSUE_BODY_LIMIT - 200)
    assert len(text) <= markdown_page.ISSUE_BODY_LIMIT - 200
    for heading in ("## Headline", "## Time to post-mortem", "## Trends"):
        assert heading in text
    assert re.search(r"Incident #\d", text) is None and "Incident #&#8203;" in text  # a title's #123 links no issue


def test_a_mermaid_label_cannot_carry_a_directive() -> None:
    assert "%%" not in markdown_page.label('x %%{init: {"theme": "dark"}}%% y %%% z')
    assert markdown_page.label("50% done") == "50% done"
