"""Every regex in pmlint, and the hostile input that would make it slow.

tests/test_linearity.py finds every regex pmlint builds (each `re.compile`, each
`re.search(r"...")`-like call with a pattern, at module level or inside a function) and fails
when one is in neither table below. Each one in TEXT is timed on its hostile inputs at N
and 2N and must stay linear.

To join (one line per regex):
- a module-level pattern:   "pmlint.pkg.module:NAME": units("hostile", "text"),
- a pattern built or used inside a function (its key is the function's qualified name):
                            "pmlint.pkg.module:func": units("x", build=lambda: func(("a",))),
  `build` returns the pattern(s) the function compiles (a pattern, or an iterable of them);
  without `build`, a literal pattern string in the call is compiled as written.
- a regex that never sees document, TODO.md, config or evidence text:
                            NOT_TEXT["pmlint.pkg.module:NAME"] = "why it never does"
Units are repeated to make the input (`"ab"` gives "abab..."); the test also repeats every
punctuation character the pattern itself names, so list what is special to this one: an
opener without its closer, runs of different lengths, a near-match that fails at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple


class Hostile(NamedTuple):
    units: tuple[str, ...]
    build: Callable[[], Any] | None = None
    prefix: str = ""


def units(*texts: str, build: Callable[[], Any] | None = None, prefix: str = "") -> Hostile:
    return Hostile(tuple(texts), build, prefix)


def _sniff_patterns() -> Iterable[Any]:
    import re

    return [re.compile(r'"(?:level|severity|PRIORITY)"\s*:\s*"?\d'),
            re.compile(r'"(?:level|severity|log\.level|lvl|levelname|@l)"\s*:\s*"(\w+)"')]


def _phrase_groups() -> Iterable[Any]:
    from pmlint.parse.phrases import Phrase, compile_phrases

    phrases = compile_phrases([Phrase("should have known", ""), Phrase("didn't check", ""), Phrase("'s fault", "")])
    return [pattern for group in phrases.groups for pattern in group.patterns()]


def _blame_patterns() -> Iterable[Any]:
    from pmlint.catalog.option_types import PM501Options, PM502Options
    from pmlint.catalog.options import rule_options
    from pmlint.checks import blame
    from pmlint.config.schema import Config

    options = rule_options(Config())
    blame_list, verbs = options.of(PM501Options).phrases, options.of(PM502Options).verbs
    sets = [blame._blame_phrases(blame_list, (), ()), blame._failure_verbs(verbs, ())]
    return [pattern for phrases in sets for group in phrases.groups for pattern in group.patterns()]


TEXT: dict[str, Hostile] = {
    # parse: the document and TODO.md as read
    "pmlint.parse.inline:BACKTICKS": units("`", "``a`"),
    "pmlint.parse.inline:LINK_DESTINATION": units("](", "](a ", "[a](<", "](\\"),
    "pmlint.parse.inline:REFERENCE_DEFINITION": units("[a]: b\n", "[a]:", "[[a]: "),
    "pmlint.parse.inline:NOT_LINE_BREAK": units("a\r"),
    "pmlint.parse.inline:BLANK_LINE": units("\n \t", "\n\r"),
    "pmlint.parse.inline:AUTOLINK": units("<a:", "<a:b", "<ab"),
    "pmlint.parse.inline:BARE_URL": units("http://", "www.", "https://a("),
    "pmlint.parse.inline:HTML_TAG": units("<a ", "<a b=", "</a"),
    "pmlint.parse.inline:HANDLE": units("@a", "@a/", "@a-", "@@a"),
    "pmlint.parse.inline:EMPHASIS_AND_CODE": units("*_`~ "),
    "pmlint.parse.inline:WHITESPACE": units(" a"),
    "pmlint.parse.markdown:ATX_HEADING": units("#", "# #", " \t"),
    "pmlint.parse.markdown:SETEXT_UNDERLINE": units("=", "-", "- "),
    "pmlint.parse.markdown:THEMATIC_BREAK": units("- ", "-\t*", "* _"),
    "pmlint.parse.markdown:FENCE_OPEN": units("`", "~", "`~"),
    "pmlint.parse.markdown:LIST_ITEM": units(" \t", "- ", "1."),
    "pmlint.parse.markdown:TASK_BOX": units("[ ]", "[x] "),
    "pmlint.parse.markdown:BLOCK_QUOTE": units(">", "> "),
    "pmlint.parse.markdown:COMMENT_OPEN": units("<!--", " <!"),
    "pmlint.parse.markdown:TABLE_DELIMITER": units("|-", "| :-: ", "-|", " :-"),
    "pmlint.parse.markdown:UNESCAPED_PIPE": units("\\|", "||"),
    "pmlint.parse.markdown:FRONT_MATTER_KEY": units("a.", "a-b ", "_"),
    "pmlint.parse.document:FIELD": units("**", "**a:", "a:*", "**a**:"),
    "pmlint.parse.document:HARD_BREAK": units("\\", "<br", "<br /"),
    "pmlint.parse.document:SECTION_NUMBERING": units("1.", "i.", "1.1"),
    "pmlint.parse.document:LEADING_PUNCTUATION": units("-"),
    "pmlint.parse.document:WHITESPACE": units(" a"),
    "pmlint.parse.todo_file:TASK": units("- [ ] ", "_(ref: ", "_(ref: a)_ ", "(ref:"),
    "pmlint.parse.todo_file:ISSUE": units("#1", "http://a/issues/", " "),
    "pmlint.parse.todo_file:REF_ATTEMPT": units("( ref", "(ref "),
    "pmlint.parse.todo_file:LIST_START": units(" ", "1"),
    "pmlint.parse.todo_file:BLOCK_START": units("``", "<!-"),
    "pmlint.parse.todo_file:_box_patterns": units("- [", "-[ ", build=lambda: _call("pmlint.parse.todo_file", "_box_patterns")),
    "pmlint.parse.todo_file:_malformed": units("( ref :", "(ref: "),
    "pmlint.parse.todo_file:_lines_holding": units("a.md", "b", build=lambda: _lines_holding_pattern()),
    "pmlint.parse.values:ISO_DATE": units("1", "2026-01-01"),
    "pmlint.parse.values:TIME": units("1", "1:", "12:00 ", "2026-01-01 "),
    "pmlint.parse.values:DURATION_PART": units("1", "1 h", "1.5", "1 hours and "),
    "pmlint.parse.values:DURATION_FILLER": units(" and", ",", "an"),
    # checks: document text
    "pmlint.parse.time_cells:_near_miss_patterns": units("1", "~", "1:", "1 p", "2026-01-01 ", "circa ",
                                                        build=lambda: _call("pmlint.parse.time_cells", "_near_miss_patterns")),
    "pmlint.parse.phrases:keywords": units("roll back", "roll-", "a ", build=lambda: _keywords()),
    "pmlint.checks.document.placeholders:BRACKETED": units("[", "[a", "[]"),
    "pmlint.checks.document.placeholders:REFERENCE_LABEL": units("[", "[a]", " ["),
    "pmlint.checks.document.placeholders:HAS_LETTER": units("1_"),
    "pmlint.checks.document.placeholders:MARKER": units("??", "{{", "{{a", "<insert ", "TOD", ".TODO", "TBDa"),
    "pmlint.checks.document.sections:WORD": units("a'", "a.b", "a-", "a'-"),
    "pmlint.checks.document.sections:TERMINATOR": units(".", ".\"", "!)", ".a"),
    "pmlint.checks.document.sections:DOTTED": units("a.", "a.b", "a.1"),
    "pmlint.checks.document.placeholders:WHITESPACE": units(" a"),
    "pmlint.checks.document.placeholders:_literal_pattern": units("YYYY-MM-D", "@perso", "HH:M",
                                                              build=lambda: _call("pmlint.checks.document.placeholders", "_literal_pattern", ("YYYY-MM-DD", "HH:MM", "@person"))),
    "pmlint.checks.document.placeholders:_citation": units("1 ", "1,", build=lambda: _call("pmlint.checks.document.placeholders", "_citation")),
    "pmlint.checks.document.sections:_unrecognised_heading": units("root ", "root causes", build=lambda: _heading_key("root cause")),
    "pmlint.checks.document.header:TITLE": units("postmortem", "post-mortem :", " "),
    "pmlint.checks.document.header:FILENAME": units("2026-01-01-", "a-", "a-b"),
    "pmlint.checks.document.header:_title_hints": units("post mortem", ":", "a:", " ", build=lambda: _call("pmlint.checks.document.header", "_title_hints")),
    "pmlint.checks.document.header:_name_hints": units("2026-01-01", "-_ ", build=lambda: _call("pmlint.checks.document.header", "_name_hints")),
    "pmlint.checks.actions:WORD": units("a'", "a-", "_a"),
    "pmlint.checks.actions:_vague_openings": units("look into", "look ", "tr", build=lambda: _call("pmlint.checks.actions", "_vague_openings", ("look into", "try to", "investigate"))[0]),
    "pmlint.checks.process:_step_pattern": units(" ", "> ", "1. ", "*", "#1", "**why", build=lambda: _call_plain("pmlint.checks.process", "_step_pattern", ["why"])),
    "pmlint.checks.process:_titled": units("a_", "-"),
    "pmlint.checks.blame:QUOTED": units('"', '"a', "\u201ca"),
    "pmlint.checks.blame:FLAG": units(" -", "--a", " --"),
    "pmlint.checks.blame:CLAUSE_BREAK": units(" -", "\n", "a"),
    "pmlint.checks.blame:TOKEN": units("a "),
    "pmlint.checks.blame:PASSIVE": units("been ", "been", " been a"),
    "pmlint.checks.blame:ROLE_BEFORE": units("the ", "one of the a ", "the on-cal", "a b c "),
    "pmlint.checks.blame:CHAT_LINE": units("[1:00] ", "> ", "a", "<a", "-*"),
    "pmlint.parse.phrases:_group": units("should have", "should  ", "'s", "didn", "did not", "dropped the",
                                          build=lambda: [*_phrase_groups(), *_blame_patterns()]),
    "pmlint.parse.phrases:_compiled": units("should have", "should  ", "'s", "didn", "did not", "dropped the",
                                             build=lambda: [*_phrase_groups(), *_blame_patterns()]),
    "pmlint.parse.phrases:_key_word": units("a'", "n't", "n'"),
    "pmlint.parse.phrases:_word": units("n't", "n'"),
    "pmlint.parse.phrases:allow_regex": units("lazy ", "lazy-", "laz", build=lambda: _call("pmlint.parse.phrases", "allow_regex", ("lazy load", "human"))),
    # suppression comments, in document and TODO.md text
    "pmlint.engine.suppress:DIRECTIVE": units("<!--", "<!-- pmlint-", "<!-- pmlint-disable PM1 ", "pmlint-disable"),
    "pmlint.engine.suppress:REASON": units(" -", "-"),
    "pmlint.engine.suppress:TOKEN": units("a,", " "),
    "pmlint.engine.suppress:PREFIX": units("PM1", "P"),
    "pmlint.engine.suppress:CODE_LIKE": units("PMa", "P"),
    "pmlint.engine.suppress:config_problem": units('"', "'a", " =", "{", build=lambda: _config_problem_pattern()),
    # files read as bytes
    "pmlint.items.fix:LINE_CHUNK": units("a", "\n", "a\r"),
    "pmlint.project.gitdates:MEETING_LINE": units("**", "**meeting:", "meeting", " "),
    "pmlint.project.gitdates:FIRST_H2": units("#", "## ", "\r"),
    # what sync and overdue write and read back on GitHub (issue bodies hold action text)
    "pmlint.github.plan:_DOC_ROW": units("| **Post-mortem** | [", "[a]", "]("),
    "pmlint.github.marker:_ACTION": units("<!--", "<!-- pmlint:action id=", "0"),
    "pmlint.github.marker:_CLOSED": units("<!--", "<!-- pmlint:closed id=", "0"),
    "pmlint.github.notify:REMINDER": units("<!-- pmlint:overdue id=", "a ", "date=2026-01-01"),
    # output escaping of finding messages (which quote document text)
    "pmlint.output.junit:_NOT_XML": units("\x00", "a"),
    "pmlint.catalog.template:NOT_SLUG": units("a-", " "),
    # joined with the layout: rules, values, markers and escaping that see document text
    "pmlint.checks.actions:ARTIFACT": units("a.", "runbook ", "a/", "-.a", "docs  "),
    "pmlint.checks.actions:TICKET": units("A-", "AB1-", "PROJ-1"),
    "pmlint.github.marker:_REFERENCE_OR_TAG": units("#1", "<a", "<#"),
    "pmlint.output.actions_runner:_MARKDOWN": units("`*", "a"),
    "pmlint.output.actions_runner:_REFERENCE": units("#1", "#"),
    "pmlint.parse.inline:_MARKUP": units("\\*", "_a", "a_", "*~_"),
    "pmlint.parse.values:NUMERIC_OFFSET": units("+1", "UTC+", "+12:"),
    "pmlint.parse.values:RELATIVE_WEEKDAY": units("next ", "a", "on fri"),
    "pmlint.parse.values:RELATIVE_SPAN": units("in ", "1 ", "a week"),
    "pmlint.project.incident:SEVERITY_NOISE": units(" _-a"),
    "pmlint.retro.facts:listed": units(",", ";", " ,a;"),
    "pmlint.adopt.infer:_report_fields": units(",", ";", "a/b,"),
    "pmlint.retro.history:ISO_DATE": units("2026-", "2026-11-", "1-1-", "20261"),
    "pmlint.retro.history:STATUS_LINE": units(" ", "*", "_", "> ", "status ", "status: *"),
    "pmlint.retro.history:_row": units("a!", " ", "|"),
    # joined after the adoption work: people, front matter, timeline sources, adopt
    "pmlint.adopt.infer:CLOCK": units("1:", "1:00", "11"),
    "pmlint.adopt.infer:FILENAME": units("2026-01-01-", "a-", "a-b"),
    "pmlint.adopt.infer:_title": units("post mortem", "postmortem ", " :",
                                       build=lambda: _default_title()),
    "pmlint.adopt.write:BARE_KEY": units("a", "a-", " "),
    "pmlint.adopt.write:TABLE_HEADER": units("[", "[[a", " ]", "[a] #"),
    "pmlint.checks.document.header:LOGIN_LIST": units("a,", "a-", "a, ", "a-a,"),
    "pmlint.checks.document.header:_title_pattern": units("post mortem", "postmortem ", " :",
                                                          build=lambda: _default_title()),
    "pmlint.config.schema:Template.check_values": units("post mortem", "postmortem ", build=lambda: _default_title()),
    "pmlint.parse.timeline_read:Z_SUFFIX": units("1:00", "1:00:00Z", "1:0"),
    "pmlint.parse.document:LINE_BREAK_TAG": units("<br", "<br /", "<br  "),
    "pmlint.parse.front_matter:KEY": units("a", "a ", "a.b", "_ :"),
    "pmlint.parse.front_matter:ITEM": units(" ", " - ", "\t-"),
    "pmlint.parse.people:BYLINE": units("by ", " by", "by  a"),
    "pmlint.parse.people:LOGIN": units("a-", "a", "-a"),
    "pmlint.parse.people:LOGIN_PART": units("a-", "."),
    "pmlint.parse.people:NAME_SPLIT": units("an", "or ", "a,"),
    "pmlint.parse.people:NAME_WORD": units("a'", "a-", "1a"),
    "pmlint.parse.people:PARENTHETICAL": units("(", "(a", "()"),
    "pmlint.parse.timeline_source:LEADING_TIME": units(" ", "1:00", "** ", "2026-01-01 1:00 ", "1:00 PST ", "[`1:0",
                                                       "Jan 1, ", "01/02/2024 ", "1:00 a", "1:00 - 2:0", "1:XX to "),
    "pmlint.parse.timeline_source:AFTER_TIME": units("*", "** ", "** -", " \t"),
    "pmlint.parse.timeline_source:DATE_LINE": units("**", "2024-01-0", "Day ", "Jan 1", "**Day 1** :"),
    "pmlint.parse.timeline_source:WRAPPERS": units("*[", "a"),
    "pmlint.parse.timeline_source:BREAK": units("<br", "<br ", "<b"),
    "pmlint.parse.time_cells:_cell": units("1", "1:0", "2024-01-01 ", "Jan 1 ", "1:00 p", "1:00 - 1:0", "01/02/2024 1",
                                          "1:00 (", "1:00 UTC+1",
                                          build=lambda: _call("pmlint.parse.time_cells", "_cell")),
    "pmlint.parse.time_cells:_unknown_time": units("2024-01-01 ", "--:", "??:-", "2024-01-01 --:-",
                                                   build=lambda: _call("pmlint.parse.time_cells", "_unknown_time")),
    "pmlint.parse.time_cells:read_date": units("1-", "Jan ", "1/2/", "January 1, 2"),
    "pmlint.parse.timeline_read:NUMERIC_DATE": units("1/2/", "12-12-202", "1-1-1-"),
    "pmlint.parse.timeline_source:ABBREVIATION": units("AB", "A", "ABCDEF"),
    "pmlint.parse.timeline_source:IANA_NAME": units("Ab/", "Ab/Cd", "Ab/Cd/"),
    "pmlint.parse.timeline_source:ORDERED_MARKER": units("1.", "1", "1) "),
    "pmlint.parse.timeline_source:STATED_OFFSET": units("UTC", "UTC+", "GMT -1", "UTC+1:"),
    "pmlint.parse.timeline_source:OFFSET": units("+1", "+12:"),
    # issue 23: finding the archive, the incident's day, done-ness, TOML front matter, people
    "pmlint.adopt.discover:ARCHIVE_FOLDER": units("incident", "post-", "incident-report", "post_mortems_"),
    "pmlint.adopt.discover:DATED_FOLDER": units("2024", "2024-", "20"),
    "pmlint.adopt.discover:INDEX_NAME": units("_index", "readme", "_"),
    "pmlint.adopt.discover:KEYWORD": units("post-", "post mortem", "root_", "rca", "incident"),
    "pmlint.adopt.discover:NOT_DOCUMENTS": units("todo", "change", "code_of_"),
    "pmlint.adopt.discover:SIGNALS": units("post ", "incident ", "\n## ", "\n**impact", "root cause", "vulnerabilit"),
    "pmlint.adopt.discover:TEMPLATE_NAME": units("templat", "exampl", "sampl"),
    "pmlint.adopt.infer:_priority_order": units("P", "1", "P1a", "-"),
    "pmlint.checks.actions:ACTIONS_IN_PROSE": units("http", "](", "no ", "no immediate ", "no follow-up"),
    "pmlint.parse.action_table:DONE_MARK": units("(", "(done", "[closed", "~~", "~~a~"),
    "pmlint.parse.action_table:DONE_WORDS": units(" ", "done", "complete", "-"),
    "pmlint.parse.front_matter:TOML_LINE": units("a", "a =", "a_", "= "),
    "pmlint.parse.front_matter:TOML_TABLE": units(" ", "\t["),
    "pmlint.parse.markdown:TOML_KEY": units("a", "a ", "\"a", "a.b"),
    "pmlint.parse.people:ADDRESS": units("a.", "a@", "a@b.", "a@b", "@@"),
    "pmlint.project.incident:DATE_FIELD_WORDS": units("date", "when", "da"),
    "pmlint.project.incident:NAME_DATE": units("2024", "2024-01-", "20240101"),
    "pmlint.project.incident:OPENING": units(" ", "- ", "on ", "on monday, ", "of *", "1. "),
    "pmlint.project.incident:WRITTEN_DATE": units("2024-01-01", "March 1", "March 1 ", "1 of March ", "Sept. 1-",
                                                  "1st ", "2024-01-0"),
    "pmlint.project.incident:YESTERDAY": units(" ", "yesterday", "*"),
    # share and runbooks: fields and links of the document
    "pmlint.parse.shared_field:PROMPT": units("[", "[a", "[]", "[a]("),
    "pmlint.parse.shared_field:LINK": units("http://", "https://a("),
    "pmlint.parse.shared_field:CHANNEL": units("#", "#a.", "&#"),
    "pmlint.parse.shared_field:MAILING_LIST": units("a@", "a.", "a@b.", "@b."),
    "pmlint.parse.shared_field:ISO_DATE": units("2026-01-01", "1"),
    "pmlint.share.message:BROADCAST": units("@", "@her", "@here"),
    "pmlint.project.runbooks:LINK": units("](", "](a ", "](<a"),
    "pmlint.project.runbooks:REFERENCE": units("[", "[a]:", " [a]: <"),
    "pmlint.project.runbooks:EXTERNAL": units("a", "a:", "a+"),
    "pmlint.project.runbooks:RUNBOOK_ITEM": units(" ", "- ", "runbook", "- runbook: "),
    "pmlint.project.runbooks:NOT_WORD": units("a_", "-"),
    "pmlint.project.runbooks:NAME_END": units(" -", ",", " - "),
    # timeline: evidence (git log, logs, Slack exports) and the document's own table
    "pmlint.evidence.doctable:OFFSET": units("+1", "UTC+", "+12:"),
    "pmlint.evidence.git:TAB_FORM": units("abcdef0\t", "abcdef0\t2026-01-01T", "\t"),
    "pmlint.evidence.git:AI_FORM": units("abcdef0 ", "abcdef0 2026-01-01 00:00:00 +0000 "),
    "pmlint.evidence.git:COMMIT_LINE": units("commit ", "commit 0"),
    "pmlint.evidence.git:DATE_LINE": units("Date: ", "Date:   Thu Nov  1 "),
    "pmlint.evidence.group:VARIABLE": units("a1", "a", "0a-", "aaaaaaaa-"),
    "pmlint.evidence.scan:PLAIN_WORDS": units("a|", "a", "|"),
    "pmlint.evidence.linefmt:GREP_PREFIX": units("a", "a:", "a:1"),
    "pmlint.evidence.linefmt:STAMP": units("[", "2026-01-01 ", "Jan 1 ", "1234567890", " :|-", "2026/01/01 ",
                                           "Mon Jan  1 00:00:00 ", "1 Jan 2026 ", "12/04/2025 1:00 ", "1.6e+0",
                                           "2026-01-01 00:00:00 PD"),
    "pmlint.evidence.linefmt:CLF": units("[01/", "[01/Jan/2026:"),
    "pmlint.evidence.linefmt:ANSI": units("\x1b[", "\x1b[0;"),
    "pmlint.evidence.linefmt:COMPOSE": units("a", "a ", "a-", "web-1  |"),
    "pmlint.evidence.linefmt:CRI": units("2026-01-01T00:00:00", "2026-01-01T00:00:00Z stdout ", "1"),
    "pmlint.evidence.linefmt:PRI": units("<", "<1", "<13>"),
    "pmlint.evidence.linefmt:KLOG": units("E0101 00:00:00.1 ", "E0101 ", "1 "),
    "pmlint.evidence.linefmt:INNER": units("2026-01-01 ", "(1234567890", "Mon Jan ", "1 Jan 2026 0", "2026/01/01 "),
    "pmlint.evidence.linefmt:LEVEL": units("level=", "[err", " error", "level=\"", "errors "),
    "pmlint.evidence.linefmt:STATUS": units("\" 500", " 500 500 1 ", " 500 - 1 1 "),
    "pmlint.evidence.linefmt:RFC5424": units("a ", "[", "a b c d [x", "a b c d -"),
    "pmlint.evidence.linefmt:ERROR_MARKER": units(" ", "Traceback ", "panic"),
    "pmlint.evidence.linefmt:sniff": units('"level":', '"level": "', '"PRIORITY":"', build=lambda: _sniff_patterns()),
    "pmlint.evidence.slack:LINK": units("<a", "<a|", "<!", "<a|b"),
    "pmlint.evidence.slack:DAY_FILE": units("2026-01-01", "1"),
    "pmlint.evidence.slack:MENTION": units("<@", "<@A"),
    "pmlint.evidence.render:MARKDOWN_SPECIAL": units("a_", "_a", "](", "&a;", "\\`"),
    "pmlint.evidence.render:ESCAPED": units("\\", "\\a", "&lt"),
    "pmlint.evidence.times:ISO_SHAPE": units("2026-01-01 ", "2026-01-01T00:00", "1"),
    "pmlint.evidence.times:zone_named": units("+1", "+12:"),
    "pmlint.catalog.template:H1_PREFIX": units("post mortem", "postmortem ", " -"),
    "pmlint.checks.publish:SECRET_HINT": units("password", "password =", "://a:", "://a:b", '"', "eyJa", "AKIA",
                                               "-----BEGIN ", "1", "a", "bearer "),
    "pmlint.checks.publish:AFTER_CREDENTIAL": units("token", "token=", "token: bearer ", "a", "token_"),
    "pmlint.checks.publish:PLACEHOLDER": units("<", "<a", "x", "*", "$"),
    "pmlint.checks.publish:EMAIL": units("a", "a@", "a@b", "a@b.", ".@"),
    "pmlint.checks.publish:LOCAL_PART_WORDS": units("a.", "+"),
    "pmlint.checks.publish:PHONE": units("1", "+1 ", "1-", "(1", "(123) ", "+1 (1) "),
    "pmlint.checks.publish:IPV4": units("1.", "1.1.1", "10.0.0.1.", "1"),
    "pmlint.checks.publish:IPV6": units(":", "a:", "::", "1:"),
    "pmlint.checks.publish:VERSION_BEFORE": units("version ", "v", "a"),
    "pmlint.checks.publish:_domain_regex": units(".", ".corp", ".internal.", "a.",
                                                 build=lambda: _call("pmlint.checks.publish", "_domain_regex",
                                                                     ("internal", "corp", "corp.acme.io"))),
    "pmlint.checks.publish:_authors": units("ab", "abc ", "1"),
}


TEXT.update({
    # pmlint server: what the editor holds, as typed
    "pmlint.server.engine_bridge:CODEOWNERS_HANDLE": units("@a", "@a.", " @a/", "@a/b/", "@-"),
    "pmlint.server.engine_bridge:PIPE": units("|", "\\|", "\\"),
    "pmlint.server.features:FIELD_LINE": units("**a", ":", "**a:*", " ", "**:"),
    "pmlint.server.features:HEADING_LINE": units("#", "## ", "###", " "),
    "pmlint.server.text:LINE": units("a", "\r", "\r\n", "\n"),
})

NOT_TEXT: dict[str, str] = {
    "pmlint.adopt.discover:_nested": "reads the globs init builds from file paths, never document text",
    "pmlint.catalog.pages:_fence": "renders pmlint's own rule catalog into the docs pages",
    "pmlint.catalog.pages:_rows": "renders pmlint's own rule catalog into the docs pages",
    "pmlint.catalog.pages:_type_name": "renders pmlint's own rule catalog into the docs pages",
    "pmlint.share.message:UNSAFE_IN_LINK": "reads the configured link-base, a short URL checked once a run",
    "pmlint.checks.publish:_customer_regexes": "compiles the project's own customer-patterns: their cost is the project's choice (said in the option's description)",
    "pmlint.catalog.option_types:PM702Options.check_values": "compiles the project's customer-patterns to refuse a bad one; matches nothing",
    "pmlint.evidence.scan:matcher": "compiles the user's own --match expression: its cost is the user's choice",
    "pmlint.commands.timeline:register": "argparse's test for an option value that starts with '-': command-line words only",
    "pmlint.evidence.linefmt:Keep.__init__": "compiles the user's own --match expression (and the fixed level words)",
    "pmlint.catalog.template:FIELD_NAME": "reads pmlint's own template (rules/template.md), shipped in the wheel",
    "pmlint.catalog.template:SECTION": "reads pmlint's own template (rules/template.md), shipped in the wheel",
    "pmlint.catalog.template:SLOT": "reads pmlint's own template (rules/template.md), shipped in the wheel",
    "pmlint.project.inputs:glob_regex": "built from the configured globs; matched against file paths, not text",
    "pmlint.project.repository:REPO_NAME": "--repo / GITHUB_REPOSITORY, a short name checked before use",
    "pmlint.project.repository:_REMOTE": "the origin remote's URL from git config",
    "pmlint.github.discovery:server_url_from": "GITHUB_API_URL",
}


def _call(module: str, name: str, *args: Any) -> Any:
    import importlib

    function = getattr(importlib.import_module(module), name)
    return function(*args)


def _call_plain(module: str, name: str, *args: Any) -> Any:
    return _call(module, name, *args)


def _default_title() -> Any:
    import re

    from pmlint.config.schema import DEFAULT_TITLE_PATTERN

    return re.compile(DEFAULT_TITLE_PATTERN, re.IGNORECASE)


def _heading_key(key: str) -> Any:
    import re

    return re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")


def _keywords() -> Any:
    from pmlint.parse.phrases import keywords

    found = keywords(("mitigat*", "roll back", "rollback", "failover"))
    return [found.pattern, *found.patterns.values()]


def _lines_holding_pattern() -> Any:
    import re

    return re.compile("|".join(re.escape(n) for n in sorted({"a.md", "b.md"})))


def _config_problem_pattern() -> Any:
    import re

    spelled = re.escape("PM999")
    return re.compile(rf"""(["']){spelled}\1""" + rf"|(?:^|[{{,\s]){spelled}(?=\s*=)")
