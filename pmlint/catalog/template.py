"""The post-mortem template that `pmlint new` writes.

The text lives in `rules/template.md` (shipped in the wheel with the rule catalog). Title,
Date and Severity are filled in; everything else is a placeholder that PM105 reports until
it is replaced. Header fields and sections that the configuration requires beyond the
template's are added, so that a filled-in document satisfies PM102 and PM104 as configured.
"""

from __future__ import annotations

import re
import unicodedata

from pmlint.catalog.rules import rules_dir
from pmlint.config.schema import Template
from pmlint.parse.document import section_key

NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 60
FIELD_NAME = re.compile(r"^\*\*([^*]+):\*\*", re.MULTILINE)
SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
SLOT = re.compile(r"\{(title|date|severity|services_field|factors_field)\}")
# "Post-Mortem: X" given as the title: the H1 adds that prefix itself.
H1_PREFIX = re.compile(r"^post[- ]?mortem(?:\s*:|\s+[\u2013\u2014-](?=\s))\s*", re.IGNORECASE)


def slug(title: str) -> str:
    """A kebab-case ASCII file-name part: `Checkout outage (EU)` -> `checkout-outage-eu`,
    accents dropped, cut at a word boundary after MAX_SLUG characters; "incident" if no
    ASCII letter or digit is left."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    kebab = NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(kebab) > MAX_SLUG:
        kebab = kebab[:MAX_SLUG + 1].rsplit("-", 1)[0] if "-" in kebab[:MAX_SLUG + 1] else kebab[:MAX_SLUG]
    return kebab or "incident"


def bare_title(title: str) -> str:
    """`title` without a "Post-Mortem:" prefix that the H1 adds anyway (kept if nothing follows)."""
    return H1_PREFIX.sub("", title, count=1).strip() or title


def file_name(title: str, date: str) -> str:
    return f"{date}-{slug(title)}.md"


def render(title: str, date: str, severity: str, template: Template, services_field: str = "Services",
           factors_field: str = "Factors") -> str:
    """The template with title, date and severity filled in, and the names of the services
    and factors fields ([tool.pmlint.report]) in place."""
    text = (rules_dir() / "template.md").read_text(encoding="utf-8")
    # One pass: braces in the title ("Cron {date} bug") are the user's text, not slots.
    values = {"title": title, "date": date, "severity": severity, "services_field": services_field,
              "factors_field": factors_field}
    text = SLOT.sub(lambda match: values[match.group(1)], text)
    present_fields = {name.casefold() for name in FIELD_NAME.findall(text)}
    extra_fields = [
        f"**{name}:** [{name}]\n" for name in template.required_fields if name.casefold() not in present_fields
    ]
    if extra_fields:
        first_section = text.index("\n## ") + 1
        text = text[:first_section - 1] + "".join(extra_fields) + text[first_section - 1:]
    present = {section_key(name) for name in SECTION.findall(text)}
    for name, alternatives in template.section_aliases.items():
        if section_key(name) in present:
            present.update(section_key(alt) for alt in alternatives)
    lists = {section_key(name) for name in template.list_sections}
    required = template.required_sections
    for index, name in enumerate(required):
        if section_key(name) in present:
            continue
        body = f"- [{name}]" if section_key(name) in lists else f"[{name}]"
        block = f"## {name}\n\n{body}\n\n"
        # In the configured order: before the next required section the text already has.
        following = (_heading_at(text, later) for later in required[index + 1 :])
        at = next((position for position in following if position is not None), None)
        text = text[:at] + block + text[at:] if at is not None else text + "\n" + block.rstrip("\n") + "\n"
        present.add(section_key(name))
    return text


def _heading_at(text: str, name: str) -> int | None:
    """Where the `## ` heading of section `name` (or one of its spellings) starts, if any."""
    key = section_key(name)
    for match in SECTION.finditer(text):
        if section_key(match.group(1)) == key:
            return match.start()
    return None
