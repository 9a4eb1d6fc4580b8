"""Infer a team's template from the post-mortems it already has.

What most documents do becomes the rule; what few do is left optional. Each inference keeps
the evidence (how many documents did what), so `pmlint init` can say why it chose it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pmlint.config.schema import DEFAULT_TITLE_PATTERN, Template
from pmlint.parse.action_table import action_section
from pmlint.parse.document import DocTable, Document, find_section, section_key
from pmlint.parse.inline import EMPHASIS_AND_CODE, handles
from pmlint.parse.timeline_source import list_entries, stated_zone
from pmlint.project.incident import incident_day

CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
FILENAME = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
# Other spellings of the default template's fields: written so, they stand for the field.
FIELD_SYNONYMS = {
    "Date": ["Incident Date", "Date of Incident", "When"],
    "Authors": ["Author", "Written By", "Created By", "Owners", "Owner"],
    "Severity": ["Sev", "Severity Level", "Incident Severity"],
    "Duration": ["Total Duration", "Outage Duration", "Length"],
    "Status": ["State", "Document Status"],
}
# What teams call the header naming the services an incident concerns, and its factor tags
# (`pmlint report`: repeat incidents, contributing factors; [tool.pmlint.report]).
SERVICE_FIELDS = ("Services", "Service", "Components", "Component", "Systems", "System", "Affected Services",
                  "Affected Systems", "Affected Components")
FACTOR_FIELDS = ("Factors", "Factor Tags", "Contributing Factor Tags", "Cause Tags", "Tags")
MAX_VOCABULARY = 12  # more distinct values than this is free text, not a vocabulary
MAX_VALUE = 20


@dataclass
class Inferred:
    """The template inferred from `documents` documents, and the evidence for each part."""

    documents: int
    settings: dict[str, Any] = field(default_factory=dict)  # [tool.pmlint], as TOML data
    notes: list[str] = field(default_factory=list)  # what was inferred and why, one line each


def _most(count: int, total: int) -> bool:
    """Present in most documents: more than half of them."""
    return count * 2 > total


def _nearly_all(count: int, total: int) -> bool:
    """Present in nearly all documents (nine in ten): what a team always writes, not what its
    newer documents happen to write."""
    return count * 10 >= total * 9


# Sections and fields the team names itself become required only when this many documents
# show them: one document is not a team's template.
FEWEST_TO_LEARN = 3
CORE_SECTIONS = ("Timeline", "Action Items")
SIGN_OFF = ("Acknowledgement", "Acknowledgements", "Acknowledgment", "Sign-off", "Sign off", "Approvals",
            "Approval", "Reviewers", "Review")
SHARED = ("Shared", "Shared With", "Shared In", "Distribution")
TODO_RULES = ("PM307", "PM308", "PM601", "PM602", "PM603")


def _label(name: str) -> bool:
    """A header label (`Date of incident`), not a prose line that ends in a colon
    (`us changing the following`)."""
    words = name.split()
    return 0 < len(words) <= 4 and not name[:1].islower()


def _spelling(names: Iterable[str]) -> str:
    """The most common way of writing a name (ties: the first seen)."""
    return Counter(names).most_common(1)[0][0]


def _title(docs: list[Document], out: Inferred) -> None:
    titles = [d.title.text for d in docs if d.title is not None]
    default = re.compile(DEFAULT_TITLE_PATTERN, re.IGNORECASE)
    ours = sum(1 for text in titles if default.match(EMPHASIS_AND_CODE.sub("", text).strip()))
    if _most(ours, len(docs)):
        out.notes.append(f"title: '# Post-Mortem: <title>' ({ours} of {len(docs)} documents)")
        return
    out.settings.setdefault("template", {})["title-pattern"] = "none"
    out.notes.append(f"title: any H1 ({ours} of {len(docs)} open with 'Post-Mortem:')")
    if not _most(len(titles), len(docs)):
        out.settings.setdefault("ignore", []).append("PM101")
        out.notes.append(f"title: no H1 in {len(docs) - len(titles)} of {len(docs)} documents: PM101 ignored")


def _canonical(name: str) -> str:
    """The default template's name for a field written `name`, else `name` itself."""
    folded = name.casefold()
    for canonical, synonyms in FIELD_SYNONYMS.items():
        if folded == canonical.casefold() or folded in (s.casefold() for s in synonyms):
            return canonical
    return name


def _fields(docs: list[Document], out: Inferred) -> list[str]:
    present: Counter[str] = Counter()
    spellings: dict[str, list[str]] = {}
    for doc in docs:
        seen = set()
        for found in doc.fields.values():
            if not found.value or found.front_matter or not _label(found.name):
                continue  # front matter is the site generator's, not the team's template
            canonical = _canonical(found.name)
            spellings.setdefault(canonical.casefold(), []).append(found.name)
            if canonical.casefold() not in seen:
                seen.add(canonical.casefold())
                present[canonical.casefold()] += 1
    required = []
    aliases: dict[str, list[str]] = {}
    for key, count in present.most_common():
        if not _nearly_all(count, len(docs)) or (key.title() not in FIELD_SYNONYMS and count < FEWEST_TO_LEARN):
            continue
        written = spellings[key]
        canonical = _canonical(written[0])
        name = canonical if canonical in FIELD_SYNONYMS else _spelling(written)
        required.append(name)
        others = sorted({w for w in written if w.casefold() != name.casefold()})
        if others:
            aliases[name] = others
    template = out.settings.setdefault("template", {})
    template["required-fields"] = required
    if aliases:
        template["field-aliases"] = aliases
    out.notes.append(f"header fields (in nearly all documents): {', '.join(required) or 'none'}"
                     + (f"; written as {aliases}" if aliases else ""))
    return required


def _section_candidates(docs: list[Document], defaults: Template) -> dict[str, frozenset[str]]:
    """Section names worth counting, each with the keys that stand for it."""
    candidates: dict[str, frozenset[str]] = {}
    for name in defaults.required_sections:
        keys = {section_key(name)} | {section_key(a) for a in defaults.section_aliases.get(name, [])}
        candidates[name] = frozenset(keys)
    spelled: dict[str, list[str]] = {}
    for doc in docs:
        for section in doc.sections:
            if section.key:
                spelled.setdefault(section.key, []).append(section.title.strip())
    taken = set().union(*candidates.values())
    for key, titles in spelled.items():
        if key not in taken:
            candidates[_spelling(titles)] = frozenset({key})
    return candidates


def _sections(docs: list[Document], out: Inferred) -> list[str]:
    defaults = Template()
    counts: dict[str, int] = {}
    for name, keys in _section_candidates(docs, defaults).items():
        counts[name] = sum(1 for doc in docs if find_section(doc.sections, keys) is not None)
    chosen = [name for name, count in counts.items()
              if _nearly_all(count, len(docs)) and (name in defaults.required_sections or count >= FEWEST_TO_LEARN)]
    # "Timeline (all times PST) 7/5" is the Timeline: drop names another chosen name qualifies.
    chosen_keys = {name: section_key(name) for name in chosen}
    chosen = [n for n in chosen
              if not any(k != chosen_keys[n] and chosen_keys[n].startswith(k + " ") for k in chosen_keys.values())]
    template = out.settings.setdefault("template", {})
    template["required-sections"] = chosen
    lists = []
    for name in defaults.list_sections:
        sections = [s for doc in docs if (s := doc.section(name, defaults.section_aliases)) is not None]
        if sections and _most(sum(1 for s in sections if s.items), len(sections)):
            lists.append(name)
    template["list-sections"] = lists
    out.notes.append(f"sections (in nearly all documents): {', '.join(chosen) or 'none'}")
    for core in CORE_SECTIONS:
        if core in defaults.required_sections and core not in chosen:
            out.notes.append(
                f"NOT ENFORCED: a {core} section ({counts.get(core, 0)} of {len(docs)} documents have one); to "
                f"require it, add \"{core}\" to required-sections in [tool.pmlint.template]")
    return chosen


def _inputs(docs: list[Document], out: Inferred, has_todo: bool) -> None:
    """Rules with nothing to read in this team's archive are turned off, and init says so."""
    ignore = out.settings.setdefault("ignore", [])
    if not has_todo:
        ignore += TODO_RULES
        out.notes.append(f"no TODO.md: {', '.join(TODO_RULES)} ignored (action items are not tracked there); "
                         "to turn them back on, create TODO.md and remove them from ignore")
    keys = {section_key(n) for n in SIGN_OFF}
    signed = sum(1 for d in docs if find_section(d.sections, keys) is not None)
    if not signed:
        ignore.append("PM402")
        out.notes.append("no sign-off section (Acknowledgement) in any document: PM402 ignored")
    shared = sum(1 for d in docs if any(d.field(n) is not None for n in SHARED))
    if not shared:
        ignore.append("PM403")
        out.notes.append("no Shared field in any document: PM403 ignored")


def _timeline(docs: list[Document], out: Inferred, zones: dict[str, str]) -> None:
    sections = [s for d in docs if (s := d.section("Timeline", Template().section_aliases)) is not None]
    if not sections:
        return
    tables = sum(1 for s in sections if any("time" in " ".join(t.columns) for t in s.tables))
    listed = sum(1 for d, s in _pairs(docs) if not s.tables and list_entries(d, s))
    stated: Counter[str] = Counter()
    for doc, section in _pairs(docs):
        texts = [section.title, *(doc.lines[p.line - 1] for p in section.prose[:12])]
        zone = stated_zone(texts, zones)
        if zone is not None and zone.name.upper() not in ("UTC", "GMT", "Z"):
            stated[zone.name] += 1
    form = {}
    if listed:
        form["form"] = "either" if tables else "list"
    if stated:
        form["zone"] = "stated"
    if form:
        out.settings.setdefault("template", {})["timeline"] = form
    zone_note = f"; local zones stated: {dict(stated)}" if stated else ""
    out.notes.append(f"timeline: {tables} as tables, {listed} as HH:MM-led lists{zone_note}")


def _timeline_habits(docs: list[Document], out: Inferred) -> None:
    """How the team writes its timelines, read with every form accepted (an H1 `# Timeline`
    too): the clock and date order PM202 should read, whether rows are lists, and the
    milestones PM205 should stop asking for because the team never marks them."""
    from pmlint.catalog.option_types import PM201Options, PM205Options
    from pmlint.catalog.options import rule_options
    from pmlint.config.schema import Config
    from pmlint.parse.timeline_read import ColumnNames, Milestones, team_timeline_options, timeline_habits

    options = rule_options(Config())
    columns, marks = options.of(PM201Options), options.of(PM205Options)
    names = ColumnNames(columns.time_columns, columns.event_columns, columns.date_columns)
    milestones = Milestones(marks.milestones, marks.sections, marks.outage_milestones, marks.outage_words)
    template = Template()
    habits = [h for doc in docs if (h := timeline_habits(doc, template, names, milestones)) is not None]
    if not habits:
        return
    if any(h.listed for h in habits):
        timeline = out.settings.setdefault("template", {}).setdefault("timeline", {})
        if timeline.get("form") is None:
            timeline["form"] = "either" if not all(h.listed for h in habits) else "list"
    learned, said = team_timeline_options(habits, marks.milestones)
    rules = out.settings.setdefault("rules", {})
    for code, values in learned.items():
        rules.setdefault(code, {}).update(values)
    out.notes.extend(said)


def _named(header: str, names: tuple[str, ...]) -> bool:
    """As PM201 matches headers: the name, or the name with a qualifier (`Time (UTC)`)."""
    return any(header == n or header.startswith((n + " ", n + "(")) for n in (section_key(x) for x in names))


def _cells(table: DocTable, index: int) -> list[str]:
    return [row.cells[index] if index < len(row.cells) else "" for row in table.rows]


def _table_columns(docs: list[Document], out: Inferred, time_names: tuple[str, ...],
                   event_names: tuple[str, ...]) -> None:
    """Timeline tables whose Time column has another name (`| Clock | Happening |`): the
    column whose cells hold clock times is the Time column, the wordiest other one the Event
    column; their names join PM201's `time-columns` and `event-columns`."""
    times: Counter[str] = Counter()
    events: Counter[str] = Counter()
    for _, section in _pairs(docs):
        for table in section.tables:
            if not table.rows or any(_named(h, time_names) for h in table.columns):
                continue
            clocks = [i for i in range(len(table.columns))
                      if _most(sum(1 for c in _cells(table, i) if CLOCK.search(c)), len(table.rows))]
            others = [i for i in range(len(table.columns)) if i not in clocks and table.columns[i]]
            if not clocks or not table.columns[clocks[0]] or not others:
                continue
            times[table.columns[clocks[0]]] += 1
            wordiest = max(others, key=lambda i: sum(len(c) for c in _cells(table, i)))
            if not _named(table.columns[wordiest], event_names):
                events[table.columns[wordiest]] += 1
    options = {}
    if times:
        options["extend-time-columns"] = [name for name, _ in times.most_common()]
    if events:
        options["extend-event-columns"] = [name for name, _ in events.most_common()]
    if options:
        out.settings.setdefault("rules", {})["PM201"] = options
        out.notes.append(f"timeline columns: {options}")


def _pairs(docs: list[Document]) -> list[tuple[Document, Any]]:
    return [(d, s) for d in docs if (s := d.section("Timeline", Template().section_aliases)) is not None]


def _vocabulary(values: list[str]) -> list[str] | None:
    distinct = list(dict.fromkeys(v.strip() for v in values if v.strip() and len(v.strip()) <= MAX_VALUE))
    return distinct if 0 < len(distinct) <= MAX_VOCABULARY else None


def _vocabularies(docs: list[Document], out: Inferred) -> None:
    """The values the team writes, where the default list does not hold them all: a few
    documents written in the default vocabulary must not narrow it to what they happen to use."""
    template = out.settings.setdefault("template", {})
    defaults = Template()
    for name, key in (("Severity", "severities"), ("Status", "statuses")):
        # Every document that writes the field, required or not: PM103 checks it wherever it is.
        values = [f.value for d in docs if (f := d.field(name)) is not None and not f.front_matter]
        found = _vocabulary(values)
        default = {v.casefold() for v in getattr(defaults, key)}
        if found and not {v.casefold() for v in found} <= default:
            words = list(dict.fromkeys([*found, *getattr(defaults, key)]))
            template[key] = words
            out.notes.append(f"{key}: {', '.join(words)}")
    priorities = []
    for doc in docs:
        table = action_section(doc, Template())
        for t in table.tables if table is not None else []:
            index = t.column("priority")
            priorities += [r.cells[index] for r in t.rows if index is not None and index < len(r.cells)]
    found = _vocabulary(priorities)
    if found and not set(found) <= set(defaults.priorities):
        ordered = sorted(dict.fromkeys([*found, *defaults.priorities]), key=_priority_order)
        template["priorities"] = ordered
        out.notes.append(f"priorities: {', '.join(ordered)}")


def _priority_order(name: str) -> tuple[str, int, str]:
    """`P0` before `P1` before `P10`: the letters, then the number, then the rest."""
    match = re.match(r"^(\D*)(\d+)(.*)$", name)
    return (match.group(1).casefold(), int(match.group(2)), match.group(3)) if match else (name.casefold(), 0, "")


def _file_names(docs: list[Document], out: Inferred) -> None:
    named = sum(1 for d in docs if FILENAME.match(d.path.rsplit("/", 1)[-1]))
    if not _most(named, len(docs)):
        out.settings.setdefault("ignore", []).append("PM107")
        out.notes.append(f"file names: {named} of {len(docs)} are YYYY-MM-DD-title.md: PM107 ignored")


def _people(docs: list[Document], out: Inferred, people_fields: tuple[str, ...]) -> None:
    """Where the documents name people: header fields that hold handles, beyond the fields
    PM502 and PM402 already read, are added to PM502's `people-fields`."""
    known = {name.casefold() for name in people_fields}
    holding: Counter[str] = Counter()
    spellings: dict[str, list[str]] = {}
    for doc in docs:
        for found in doc.fields.values():
            if found.value and handles(found.value):
                holding[found.name.casefold()] += 1
                spellings.setdefault(found.name.casefold(), []).append(found.name)
    named = [_spelling(spellings[key]) for key, _ in holding.most_common()]
    extra = [name for name in named if name.casefold() not in known]
    if extra:
        out.settings.setdefault("rules", {})["PM502"] = {"extend-people-fields": extra}
    if named:
        out.notes.append(f"people named by handle in: {', '.join(named)}"
                         + (f" (added to PM502's people-fields: {', '.join(extra)})" if extra else ""))


def _dates(docs: list[Document], out: Inferred) -> None:
    """Where the documents give the incident's day, as the report will read it."""
    sources = Counter(incident_day(doc, lambda: None).source for doc in docs)
    out.notes.append("incident dates, as the report reads them: "
                     + ", ".join(f"{name} {count}" for name, count in sources.most_common()))


def _authors(docs: list[Document], out: Inferred) -> None:
    """PM103 asks for @handles only where the team writes them."""
    values = [f.value for d in docs if (f := d.field("Authors")) is not None and f.value and not f.front_matter]
    with_handles = sum(1 for v in values if handles(v))
    if values and not _nearly_all(with_handles, len(values)):
        out.settings.setdefault("template", {})["author-handles"] = False
        out.notes.append(f"authors: {with_handles} of {len(values)} written as @handles: names and e-mail "
                         "addresses count as people (author-handles = false)")


def infer(
    docs: list[Document],
    paths: list[str],
    zones: dict[str, str],
    people_fields: tuple[str, ...] = (),
    timeline_columns: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    has_todo: bool = True,
) -> Inferred:
    """The configuration that `docs` (parsed with the default template) mostly follow."""
    out = Inferred(len(docs), {"paths": paths})
    if not docs:
        out.notes.append("no post-mortems found: the default configuration")
        return out
    _title(docs, out)
    _fields(docs, out)
    _sections(docs, out)
    _timeline(docs, out, zones)
    _table_columns(docs, out, *timeline_columns)
    _timeline_habits(docs, out)
    _vocabularies(docs, out)
    _people(docs, out, people_fields)
    _authors(docs, out)
    _dates(docs, out)
    _file_names(docs, out)
    _report_fields(docs, out)
    _inputs(docs, out, has_todo)
    if not out.settings.get("ignore"):
        out.settings.pop("ignore", None)
    return out


def _report_fields(docs: list[Document], out: Inferred) -> None:
    """The services field and the contributing-factor taxonomy the documents use."""
    report: dict[str, Any] = {}
    for key, names, default in (("services-field", SERVICE_FIELDS, "Services"), ("factors-field", FACTOR_FIELDS,
                                                                                   "Factors")):
        used = Counter(f.name for d in docs for name in names if (f := d.field(name)) is not None and f.value.strip())
        if not used:
            continue
        name, count = used.most_common(1)[0]
        if name != default:
            report[key] = name
        out.notes.append(f"{key}: '{name}' ({count} of {len(docs)} documents)")
    factors = report.get("factors-field", "Factors")
    taxonomy: dict[str, list[str]] = {}
    for doc in docs:
        written = doc.field(factors)
        for tag in re.split(r"[,;]", written.value if written is not None else ""):
            category, _, sub = tag.strip().casefold().partition("/")
            if category:
                taxonomy.setdefault(category, [])
                if sub and sub not in taxonomy[category]:
                    taxonomy[category].append(sub)
    if taxonomy:
        report["factors"] = {name: sorted(subs) for name, subs in sorted(taxonomy.items())}
        out.notes.append(f"contributing factors: {', '.join(sorted(taxonomy))} (the tags the documents use)")
    if report:
        out.settings["report"] = report
