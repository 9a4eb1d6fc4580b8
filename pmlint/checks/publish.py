"""What must not be published (PM701-PM703): secrets, personal data, internal hosts.

Every line of the file is read, not only prose: fenced code, code spans, HTML comments and
link URLs too. A pasted log is where tokens, customer addresses and host names most often
come in, and a comment is hidden only in the rendered page, not in the file that `share`
links to or a blog publishes.

Secrets are found by detect-secrets' plugins. Importing detect-secrets costs about half a
second (its plugins import `requests`), more than the whole one-document `pmlint check`, so
a cheap pre-filter (`SECRET_HINT`: the plugins' literal prefixes, a password in a URL, a
credential word before a value, a long quoted string) runs over the text first, and only a
document with a hint loads the library; its plugins then read only a bounded window
around each hint, which keeps a long line from meeting their regexes whole. The plugins'
`analyze_string` is called, never `analyze_line`: the latter may verify a secret by sending
it to its service.

A finding never holds the secret or the personal datum: it names the kind and a masked form
(`mask`).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from pmlint.catalog.option_types import PM701Options, PM702Options, PM703Options
from pmlint.checks.context import Context
from pmlint.checks.registry import Problem, check
from pmlint.parse.document import Document
from pmlint.parse.people import document_people

# --- secrets (PM701) ---------------------------------------------------------------------

# Words that name a credential; a value right after one is read even unquoted.
CREDENTIAL_WORD = (
    r"(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|"
    r"access[_-]?key|client[_-]?secret|credentials?|auth(?:orization)?|bearer|session[_-]?id)"
)
# The pre-filter: something a detector could match. Every alternative starts with a literal
# or a short bounded run, so the search stays linear. tests/checks/test_checks_publish.py
# checks that it catches every planted secret of the corpus.
SECRET_HINT = re.compile(
    r"-----BEGIN[A-Z ]{0,30}PRIVATE KEY|PuTTY-User-Key-File"
    r"|(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}"
    r"|gh[pousr]_[A-Za-z0-9]{20}|github_pat_|gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt|agent|oas)-|GR1348941"
    r"|xox[abposr]-|xapp-|hooks\.slack\.com/|[rsp]k_live_|sk_test_|sk-[A-Za-z0-9_-]{20}"
    r"|SG\.[\w-]{16}|npm_[A-Za-z0-9]{30}|_authToken|pypi-AgE|sq0(?:atp|csp)-|AccountKey="
    r"|SK[a-z0-9]{32}|AC[a-z0-9]{32}|AKC[a-zA-Z0-9]{10}|AP[0-9ABCDEF][a-zA-Z0-9]{8}"
    r"|eyJ[A-Za-z0-9_-]{8}"
    r"|(?<=[0-9a-z]{32})-us[0-9]"
    r"|(?<=[0-9]{8}):[A-Za-z0-9_-]{35}"
    r"|[MNO][a-zA-Z0-9_-]{23,25}\.[a-zA-Z0-9_-]{6}\.[a-zA-Z0-9_-]{27}"
    r"|://[^\s/:@]{1,100}:[^\s/@]{1,100}@"
    rf"|(?i:{CREDENTIAL_WORD})[\"'\]]{{0,2}}[ \t]{{0,5}}(?:=>|[:=!]{{1,3}})[ \t]{{0,5}}[@$]?[\"'`]?[A-Za-z0-9]"
    r"|(?i:bearer)[ \t]{1,5}[A-Za-z0-9._~+/-]{16}"
    r"|[\"'][A-Za-z0-9+/=_-]{20}"
)
# What the plugins read around a hint: a name or a URL's user before it, the value after it
# (a JSON Web Token or a PyPI token runs to a few hundred characters).
BEFORE, AFTER = 100, 400
LONGEST = 120  # the most a detector's value runs past its start (a JSON Web Token's is open-ended)
TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-.~")
# A credential word, then the separator, then the value it names, unquoted.
AFTER_CREDENTIAL = re.compile(
    rf"(?i:{CREDENTIAL_WORD})[\w.-]{{0,20}}[\"']?[ \t]{{0,5}}(?:[:=]|[ \t])[ \t]{{0,5}}"
    r"(?:(?i:bearer|basic|token)[ \t]{1,5})?([A-Za-z0-9+/=_~.-]{16,512})"
)
PLACEHOLDER = re.compile(r"(?i)example|redacted|x{4}|\*{3}|\.{3}|<[^>]{0,80}>|\$\{|\{\{|%\(|changeme|placeholder")
# The kinds a value may be found as, most telling first: one finding a value.
VAGUE_KINDS = ("Secret Keyword", "credential value", "Base64 High Entropy String", "Hex High Entropy String")
MIN_SECRET = 6  # a shorter "password" is a word in a sentence, not a credential


class Secret(NamedTuple):
    column: int  # 1-based, where the value starts
    kind: str
    value: str


def mask(value: str) -> str:
    """What a finding shows of a secret: at most its first four characters when it is long
    (a vendor prefix such as `ghp_`, never enough to guess the rest) and its length."""
    shown = value[:4] if len(value) >= 20 else ""
    return f"{shown}\u2026 ({len(value)} characters)"


@functools.lru_cache(maxsize=8)
def _plugins(detectors: tuple[str, ...], base64_limit: float) -> tuple[Any, ...]:
    """The detect-secrets plugins named in `detectors` (loaded here, on the first hint)."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    mapping: dict[Any, Any] = get_mapping_from_secret_type_to_class()
    by_name: dict[str, Any] = {kind.__name__: kind for kind in mapping.values()}
    plugins = []
    for name in detectors:
        cls: Any = by_name.get(name)
        if cls is None:
            continue  # an unknown name finds nothing (a newer detect-secrets may know it)
        plugins.append(cls(limit=base64_limit) if name == "Base64HighEntropyString" else cls())
    return tuple(plugins)


def _entropy_of(plugins: tuple[Any, ...]) -> Any | None:
    return next((p for p in plugins if type(p).__name__ == "Base64HighEntropyString"), None)


def _token_at(line: str, start: int, value: str) -> tuple[int, str]:
    """The whole token a detector's value lies in: a GitHub detector reports only `ghp`, a
    keyword detector the value without its name. Not back across `=` or `:`, which end a
    name (`GITHUB_TOKEN=ghp_…`)."""
    begin = start
    while begin > 0 and line[begin - 1] in TOKEN_CHARS and line[begin - 1] != "=":
        begin -= 1
    end = start + len(value)
    while end < len(line) and line[end] in TOKEN_CHARS:
        end += 1
    return begin, line[begin:end]


def _not_secret(value: str, allow: frozenset[str]) -> bool:
    return len(value) < MIN_SECRET or value in allow or PLACEHOLDER.search(value) is not None


def _found(plugin: Any, window: str) -> Iterator[str]:
    kind = plugin.secret_type
    for value in plugin.analyze_string(window):
        if not isinstance(value, str) or not value:
            continue
        if kind.endswith("High Entropy String") and plugin.calculate_shannon_entropy(value) <= plugin.entropy_limit:
            continue
        yield value


def line_secrets(line: str, options: PM701Options) -> list[Secret]:
    """The secrets of one line (the caller has seen a hint in it)."""
    plugins = _plugins(options.detectors, options.base64_limit)
    allow = frozenset(options.allow)
    found: dict[int, Secret] = {}

    def add(at: int, kind: str, value: str) -> None:
        begin, token = _token_at(line, at, value) if kind != "Basic Auth Credentials" else (at, value)
        if _not_secret(token, allow):
            return
        known = found.get(begin)
        if known is None or (known.kind in VAGUE_KINDS and VAGUE_KINDS.index(known.kind) > _rank(kind)):
            found[begin] = Secret(begin + 1, kind, token)

    read_to = 0
    for hint in SECRET_HINT.finditer(line):
        if hint.start() + LONGEST <= read_to:
            continue  # the last window holds this hint and the longest value after it
        low = max(0, hint.start() - BEFORE)
        read_to = hint.end() + AFTER
        window = line[low:read_to]
        for plugin in plugins:
            for raw in _found(plugin, window):
                # A match may hold its delimiters, or run on to the end of the line (npm's).
                words = raw.strip(" \t\"'=:").split()
                value = words[0] if words else ""
                at = window.find(value) if value else -1
                if at >= 0:
                    add(low + at, plugin.secret_type, value)
    entropy = _entropy_of(plugins)
    if entropy is not None:
        for match in AFTER_CREDENTIAL.finditer(line):
            value = match.group(1)
            if entropy.calculate_shannon_entropy(value) > entropy.entropy_limit:
                add(match.start(1), "credential value", value)
    return sorted(found.values())


def _rank(kind: str) -> int:
    return VAGUE_KINDS.index(kind) if kind in VAGUE_KINDS else -1


@check("PM701")
def secret_in_document(doc: Document, ctx: Context) -> Iterator[Problem]:
    options = ctx.options(PM701Options)
    for number, line in enumerate(doc.lines, start=1):
        if SECRET_HINT.search(line) is None:
            continue
        for secret in line_secrets(line, options):
            yield Problem(number, secret.column,
                          f"{_article(secret.kind)} {secret.kind}: {mask(secret.value)}; revoke it, then replace "
                          "it with a placeholder (publishing the document publishes the secret)")


def _article(kind: str) -> str:
    return "an" if kind[:1].lower() in "aeiou" else "a"


# --- personal data (PM702) ---------------------------------------------------------------

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")
LOCAL_PART_WORDS = re.compile(r"[.+_-]")
PHONE = re.compile(
    r"(?<![\w+/.:-])(?:\+[1-9][0-9]{0,2}[ .-]?(?:\([0-9]{1,4}\)[ .-]?)?[0-9]{1,4}(?:[ .-]?[0-9]{2,4}){1,4}"
    r"|\([0-9]{3}\)[ .-]?[0-9]{3}[ .-][0-9]{4}|[0-9]{3}[.-][0-9]{3}[.-][0-9]{4})(?![\w/.:-]?\w)"
)
PHONE_DIGITS = (10, 15)
LIST_HOSTS = frozenset({"lists", "groups", "discuss", "list"})  # `lists.cncf.io` hosts mailing lists


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}\u2026@{domain}"


def mask_value(value: str) -> str:
    return f"{value[:2]}\u2026 ({len(value)} characters)" if len(value) > 4 else "\u2026"


def _at_domain(domain: str, domains: tuple[str, ...]) -> bool:
    domain = domain.casefold().rstrip(".")
    return any(domain == d.casefold() or domain.endswith("." + d.casefold()) for d in domains)


class _Authors(NamedTuple):
    lines: frozenset[int]  # the author fields' lines
    words: frozenset[str]  # name words and handles, case folded
    values: str  # the author fields' values, case folded


def _authors(doc: Document, options: PM702Options) -> _Authors:
    fields = [f for f in (doc.field(name) for name in options.author_fields) if f is not None]
    people = document_people(doc, [f.value for f in fields], frozenset())
    names = {n.casefold() for n in people.names if len(n) >= 3} | set(people.handles)
    for found in fields:  # the name words of the fields themselves ("Maria Lopez")
        names |= {w.casefold() for w in re.findall(r"[^\W\d_]{3,}", found.value)}
    return _Authors(frozenset(f.line for f in fields), frozenset(names), " ".join(f.value.casefold() for f in fields))


def _an_authors(address: str, authors: _Authors) -> bool:
    if address.casefold() in authors.values:
        return True
    local = address.partition("@")[0].casefold()
    words = [w for w in LOCAL_PART_WORDS.split(local) if w]
    if local in authors.words or any(w in authors.words for w in words if len(w) >= 3):
        return True
    # `mlopez@` is Maria Lopez: a surname of four letters or more inside the mailbox name.
    return any(len(name) >= 4 and name in local for name in authors.words)


def _a_role(address: str, roles: frozenset[str]) -> bool:
    """A role mailbox (`oncall@`) or a mailing list (`announce@lists.cncf.io`)."""
    local, _, domain = address.casefold().partition("@")
    if domain.split(".", 1)[0] in LIST_HOSTS or domain == "googlegroups.com":
        return True
    return local in roles or any(w in roles for w in LOCAL_PART_WORDS.split(local))


def _a_domain(domain: str) -> bool:
    """`acme.io`, not the `a.b.c.d` of an example command: the last label is two letters or more."""
    last = domain.rsplit(".", 1)[-1]
    return len(last) >= 2 and last.isalpha()


@functools.lru_cache(maxsize=8)
def _customer_regexes(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@check("PM702")
def personal_data(doc: Document, ctx: Context) -> Iterator[Problem]:
    options = ctx.options(PM702Options)
    customers = _customer_regexes(options.customer_patterns)
    authors: _Authors | None = None
    roles = frozenset(r.casefold() for r in options.role_mailboxes)
    for number, line in enumerate(doc.lines, start=1):
        if "@" in line:
            for match in EMAIL.finditer(line):
                address = match.group().rstrip(".")
                if not _a_domain(address.partition("@")[2]):
                    continue
                if _at_domain(address.partition("@")[2], options.allow_domains) or _a_role(address, roles):
                    continue
                if authors is None:
                    authors = _authors(doc, options)
                if number in authors.lines or _an_authors(address, authors):
                    continue
                yield Problem(number, match.start() + 1,
                              f"the e-mail address {mask_email(address)} of someone who is not an author; "
                              "say who it was by role (\"a customer\", \"the on-call engineer\"), not by address")
        if options.phone_numbers and any(c.isdigit() for c in line):
            for match in PHONE.finditer(line):
                digits = sum(c.isdigit() for c in match.group())
                if not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
                    continue
                if authors is None:
                    authors = _authors(doc, options)
                if number in authors.lines:
                    continue
                yield Problem(number, match.start() + 1,
                              f"a phone number ({mask_value(match.group())}); leave it out, or name the role "
                              "(\"the on-call phone\")")
        for index, pattern in enumerate(customers, start=1):
            for match in pattern.finditer(line):
                if match.group():
                    yield Problem(number, match.start() + 1,
                                  f"a customer identifier ({mask_value(match.group())}, customer-patterns "
                                  f"#{index}); describe the account instead (\"an Enterprise customer\")")


# --- internal hosts (PM703) --------------------------------------------------------------

HOST_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.")
IPV4 = re.compile(r"(?<![\w.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![\w]|\.[0-9])(/[0-9]{1,3})?")
# "version 10.0.19041.1", "v10.4.2.1": a four-part version number, not an address.
VERSION_BEFORE = re.compile(r"(?i)(?:\bv|\b(?:version|release|build|driver|firmware|kernel)[ \t:]{1,3})$")
IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])(/[0-9]{1,3})?")


@functools.lru_cache(maxsize=8)
def _domain_regex(domains: tuple[str, ...]) -> re.Pattern[str] | None:
    names = sorted({d.strip(".").casefold() for d in domains if d.strip(".")}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"\.(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-]|\.[A-Za-z0-9])", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _networks(networks: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in networks)


def _host_before(line: str, dot: int) -> tuple[int, str]:
    begin = dot
    while begin > 0 and line[begin - 1] in HOST_CHARS:
        begin -= 1
    return begin, line[begin:dot].strip(".-")


def _internal_address(text: str, prefix: str | None, networks: tuple[Any, ...]) -> bool:
    if prefix is not None and prefix not in ("/32", "/128"):
        return False  # a range, not a host
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return any(address.version == n.version and address in n for n in networks)


@check("PM703")
def internal_host(doc: Document, ctx: Context) -> Iterator[Problem]:
    options = ctx.options(PM703Options)
    domains = _domain_regex(options.internal_domains)
    networks = _networks(options.internal_networks)
    allowed = frozenset(h.casefold() for h in options.allow_hosts)
    for number, line in enumerate(doc.lines, start=1):
        if domains is not None and "." in line:
            for match in domains.finditer(line):
                begin, label = _host_before(line, match.start())
                host = line[begin:match.end()].strip(".-")
                if not label or host.casefold() in allowed:
                    continue
                yield Problem(number, begin + 1, f"the internal host name {host}; name its role instead "
                              "(\"the primary database\") before the document is published")
        if "." in line:
            for match in IPV4.finditer(line):
                if VERSION_BEFORE.search(line[max(0, match.start() - 12):match.start()]):
                    continue
                if _internal_address(match.group().split("/")[0], match.group(1), networks):
                    yield Problem(number, match.start() + 1, f"the internal address {match.group()}; "
                                  "write its role or 10.x.x.x before the document is published")
        if "::" in line or line.count(":") >= 7:
            for match in IPV6.finditer(line):
                if _internal_address(match.group().split("/")[0], match.group(1), networks):
                    yield Problem(number, match.start() + 1, f"the internal address {match.group()}; "
                                  "write its role before the document is published")
