"""The report of `pmlint share`: text, JSON, and the Actions runner's outputs and summary.

Which states need a person (exit 1) is said here once: a post that failed or was stopped, a
record that could not be written, a pending mark of an earlier run, a document that could
not be read, and one the gate blocked (an error, or a secret).
"""

from __future__ import annotations

import json
from typing import Any

from pmlint.share.run import ShareReport

NEEDS_A_PERSON = ("failed", "stopped", "not-recorded", "pending", "unreadable", "blocked")


def needs_a_person(report: ShareReport) -> bool:
    return any(outcome.state in NEEDS_A_PERSON for outcome in report.outcomes)


def share_data(report: ShareReport, dry_run: bool) -> dict[str, Any]:
    """The report as JSON data (`--format json`), which the text and the summary are made from."""
    documents = []
    for outcome in report.outcomes:
        message = outcome.message
        documents.append({
            "path": outcome.path, "state": outcome.state, "detail": outcome.detail or None,
            "id": message.share_id if message else None, "title": message.title if message else None,
            "link": message.link if message else None,
            **({"blocked_by": [{"code": f.code, "name": f.name, "level": f.level, "line": f.line, "column": f.column}
                               for f in outcome.blockers]} if outcome.blockers else {}),
            **({"text": message.text()} if dry_run and message and outcome.state == "would-post" else {}),
        })
    counts = {state: report.count(state) for state in ("posted", "unconfirmed", "failed", "left", "pending")}
    counts["failed"] += report.count("stopped", "not-recorded")
    counts.update(would_post=report.count("would-post"), blocked=report.count("blocked"),
                  unreadable=report.count("unreadable"), already_shared=report.already_shared, drafts=report.drafts)
    return {"dry_run": dry_run, "counts": counts, "documents": documents}


def share_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def share_text(data: dict[str, Any]) -> str:
    lines = ["pmlint share" + (" (dry run: nothing posted or written)" if data["dry_run"] else "")]
    for doc in data["documents"]:
        lines.append(f"  {doc['state']:<12} {doc['path']}" + (f": {doc['detail']}" if doc["detail"] else ""))
        if "text" in doc:
            lines += [f"      | {line}" for line in doc["text"].splitlines()]
    c = data["counts"]
    done = f"posted {c['posted']}, unconfirmed {c['unconfirmed']}, failed {c['failed']}"
    first = f"would post {c['would_post']}" if data["dry_run"] else done
    blocked = f", blocked {c['blocked']}" if c["blocked"] else ""
    unreadable = f", unreadable {c['unreadable']}" if c["unreadable"] else ""
    lines.append(f"{first}{blocked}, left for the next run {c['left']}, pending {c['pending']}{unreadable}; "
                 f"already shared {c['already_shared']}, not Final {c['drafts']}")
    return "\n".join(lines) + "\n"


def share_actions(data: dict[str, Any]) -> None:
    """In GitHub Actions: the step's outputs and a summary table; elsewhere nothing."""
    from pmlint.output import actions_runner

    if not actions_runner.in_actions():
        return
    c = data["counts"]
    actions_runner.set_outputs({"posted": c["posted"], "unconfirmed": c["unconfirmed"], "failed": c["failed"],
                                "left": c["left"], "pending": c["pending"], "blocked": c["blocked"]})
    rows = [f"| `{d['path']}` | {d['state']} | {(d['detail'] or '').replace('|', '/')} |"
            for d in data["documents"][:200]]
    table = ["### pmlint share" + (" (dry run)" if data["dry_run"] else ""), "", "| document | state | detail |",
             "|---|---|---|", *rows, ""]
    actions_runner.append_summary("\n".join(table) + "\n")
