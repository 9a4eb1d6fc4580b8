"""`pmlint report` on archives as teams write them: each document dated from whatever names
its day (a date field of any name, front matter, the title, the opening text, the file or
folder name, else the first commit), the source said, and actions done or open as the
document itself marks them when no TODO.md tracks them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

TODAY = "2026-12-01"

DOCUMENTS = {
    # a date field under the team's own name
    "incidents/db.md": "# DB failover\n\n**Date of incident:** 2024-03-05\n\n## Summary\n\nIt failed over.\n",
    # TOML front matter: its date is the publication, the text names the incident's day
    "incidents/cache.md": '+++\ntitle = "Cache"\ndate = 2024-04-20\n+++\n\n'
                          "On April 18th, 2024 the cache went cold.\n\n## Summary\n\nCold cache.\n",
    # the title
    "incidents/mq.md": "# Incident on 2024-05-02 - queue stall\n\n## Summary\n\nThe queue stalled.\n",
    # the file name only
    "incidents/2024-06-11-dns.md": "# DNS\n\n## Summary\n\nResolvers failed.\n",
    # one folder per incident, dated YYYYMMDD
    "incidents/20240712-ci/README.md": "# CI outage\n\n## Summary\n\nRunners were gone.\n",
    # nothing in the text: the first commit
    "incidents/undated.md": "# Mystery\n\n## Summary\n\nSomething broke.\n",
}

ACTIONS = """# Incident on 2024-08-01 - actions

## Action Items

| Action | Bug | Status |
|---|---|---|
| Add the missing alert on lag | #1 | DONE |
| Backport the fix to v3.5 | #2 | open |

## Follow-ups
"""

LISTED = """# Incident on 2024-08-02 - listed actions

## Action Items

- [x] Rotate every leaked key
- [ ] Add secret scanning to CI
- ~~Move the keys to the vault~~
- Write the runbook for key leaks (DONE)
"""


def _repo(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-09-09T12:00:00", "GIT_COMMITTER_DATE": "2024-09-09T12:00:00"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "archive"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=root, env=env,
                       check=True)


def test_every_document_is_dated_and_the_report_says_from_where(tmp_path: Path, run) -> None:
    _repo(tmp_path, DOCUMENTS)
    (tmp_path / ".pmlint.toml").write_text('paths = ["incidents/*.md", "incidents/*/README.md"]\n')
    code, out, err = run("report", "--format", "json", "--today", TODAY, "--since", "2024-01-01",
                         "--until", "2024-12-31", cwd=tmp_path)
    assert code == 0, err
    head = json.loads(out)["headline"]
    assert head["undated"] == [] and head["incidents"] == 6
    assert head["dated_from"] == {"Date field": 1, "text": 1, "title": 1, "file name": 2, "first commit": 1}


def test_the_facts_give_each_day(tmp_path: Path) -> None:
    import datetime as dt

    from pmlint.config.load import load_config
    from pmlint.retro.collect import collect

    _repo(tmp_path, DOCUMENTS)
    (tmp_path / ".pmlint.toml").write_text('paths = ["incidents/*.md", "incidents/*/README.md"]\n')
    loaded = load_config(cwd=tmp_path)
    facts = {f.path: (str(f.date), f.date_source) for f in collect(loaded.config, tmp_path, dt.date(2026, 12, 1)).facts}
    assert facts == {
        "incidents/db.md": ("2024-03-05", "Date field"),
        "incidents/cache.md": ("2024-04-18", "text"),  # not the front matter's publication date
        "incidents/mq.md": ("2024-05-02", "title"),
        "incidents/2024-06-11-dns.md": ("2024-06-11", "file name"),
        "incidents/20240712-ci/README.md": ("2024-07-12", "file name"),
        "incidents/undated.md": ("2024-09-09", "first commit"),
    }


def test_actions_done_as_the_document_marks_them(tmp_path: Path) -> None:
    import datetime as dt

    from pmlint.config.load import load_config
    from pmlint.retro.collect import collect

    _repo(tmp_path, {"incidents/a.md": ACTIONS, "incidents/b.md": LISTED})
    (tmp_path / ".pmlint.toml").write_text('paths = ["incidents/*.md"]\n')
    loaded = load_config(cwd=tmp_path)
    facts = collect(loaded.config, tmp_path, dt.date(2026, 12, 1)).facts
    done = {(f.path, item.action): item.done for f in facts for item in f.items}
    assert done == {
        ("incidents/a.md", "Add the missing alert on lag"): True,
        ("incidents/a.md", "Backport the fix to v3.5"): False,
        ("incidents/b.md", "Rotate every leaked key"): True,
        ("incidents/b.md", "Add secret scanning to CI"): False,
        ("incidents/b.md", "Move the keys to the vault"): True,
        ("incidents/b.md", "Write the runbook for key leaks (DONE)"): True,
    }
