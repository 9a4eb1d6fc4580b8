"""The generated documentation stays current: a page per rule, the rules index and the
configuration reference are what `python -m pmlint.catalog.pages docs` writes."""

from __future__ import annotations

from pmlint.catalog.pages import pages
from pmlint.catalog.rules import load_catalog
from tests.conftest import REPO

DOCS = REPO / "docs"


def test_generated_pages_are_current() -> None:
    stale = [relative for relative, text in pages().items()
             if not (DOCS / relative).is_file() or (DOCS / relative).read_text(encoding="utf-8") != text]
    assert stale == [], f"regenerate with: python -m pmlint.catalog.pages docs ({', '.join(stale)})"


def test_every_rule_page_says_what_why_and_what_instead() -> None:
    generated = pages()
    for rule in load_catalog().values():
        page = generated[f"rules/{rule.code}.md"]
        for heading in ("## What it does", "## Why it matters", "## Example", "## Use instead"):
            assert heading in page, f"{rule.code}: no {heading!r}"
        assert f"[{rule.code}]({rule.code}.md)" in generated["rules/README.md"]


def test_no_page_is_left_for_a_rule_that_is_gone() -> None:
    codes = {f"{rule.code}.md" for rule in load_catalog().values()}
    extra = [p.name for p in (DOCS / "rules").glob("PM*.md") if p.name not in codes]
    assert extra == []
