"""The shape of the package, kept cheap to check: no import cycles (imports inside functions
included), lower layers never import higher ones, and every rule's data and check live in
the same family."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from pmlint.catalog.rules import load_catalog, rules_dir

PACKAGE = Path(__file__).resolve().parent.parent / "pmlint"

# Lowest first. A module may import its own layer and the layers below it, never above.
# docs/guides/development.md shows this table (`python -m tests.test_layout` rewrites it).
LAYERS: list[dict[str, str]] = [
    {"errors": "exit codes and `PmlintError`, the one error base class; `cli.main` is the one place that turns "
               "an error into an exit code"},
    {"read": "safe reads and atomic, byte-preserving writes of user files"},
    {"config": "the typed schema of `[tool.pmlint]`, finding and validating it, the cache of validated "
               "configurations, the business-day calendar"},
    {"parse": "Markdown blocks with exact source lines, the typed `Document`, the Action Items table, `TODO.md`, "
              "the Timeline section's rows and times, phrase matchers, inline text and values (dates, times, "
              "durations)"},
    {"catalog": "the rule catalog read from `rules/`, rule options, rule explanations and pages, the template "
                "`pmlint new` writes"},
    {"project": "which files a run reads, the project read lazily (TODO.md, other documents, runbooks), "
                "first-commit dates from git"},
    {"items": "action items across documents and TODO.md, which are overdue, the TODO.md edits that `--fix` and "
              "`sync --write-todo` make"},
    {"checks": "the rule families: pure functions `(document or TODO file, context) -> problems`, registered by "
               "rule code, one module or package per family, and their registry"},
    {"engine": "the linter: selection, levels, per-file ignores and suppression comments applied in one place; "
               "findings; the baseline; the parallel runner"},
    {"github": "the GitHub side: the index of managed issues, the sync plan (pure), applying it (thin I/O), "
               "reminders, the dashboard issue",
     "output": "formatters (text, json, GitHub annotations, SARIF, JUnit), the overdue report, and the Actions "
               "runner's step summary and outputs",
     "evidence": "`pmlint timeline`: evidence files sniffed, read into events, grouped into rows, rendered or "
                 "merged into a document's Timeline",
     "retro": "`pmlint report`: the figures of the retro review and their Markdown, HTML and JSON pages",
     "share": "`pmlint share`: each Final post-mortem posted to a chat webhook once, recorded in its Shared "
              "field",
     "adopt": "`pmlint init`: the configuration inferred from a team's existing documents",
     "nightly": "`pmlint overdue`'s run: the overdue items, their report and the reminders; beside github/, "
                "not in it, so it runs without PyGithub"},
    {"server": "`pmlint server`: the Language Server: diagnostics, code actions, hover, code lens and completion "
               "from the same engine, over one bridge module"},
    {"commands": "one module per subcommand: arguments → one call into the layers above → an exit code"},
    {"cli": "the entry point: the subcommands' parsers, errors turned into exit codes",
     "__main__": "`python -m pmlint`"},
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every pmlint module that `path` imports, at any depth of its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pmlint.x import y` imports pmlint.x, or pmlint.x.y when y is a module
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module
                     for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in modules and name != "pmlint")
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    for index, layer in enumerate(LAYERS):
        if top in layer:
            return index
    raise AssertionError(f"{module}: in no layer; add its package to LAYERS")


def test_no_import_cycle_even_through_function_level_imports() -> None:
    graph = _graph()
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in done:
            return
        assert module not in visiting, "import cycle: " + " -> ".join([*visiting[visiting.index(module):], module])
        visiting.append(module)
        for target in sorted(graph[module]):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_lower_layers_never_import_higher_ones() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, targets in _graph().items() if module != "pmlint"
        for target in targets if _layer(target) > _layer(module)
    ]
    assert wrong == []


def test_every_rule_has_its_check_in_the_module_of_its_family() -> None:
    from pmlint.checks.all import all_checks
    from pmlint.engine.findings import ENGINE_RULES

    checks = all_checks()
    for rule in load_catalog().values():
        [source] = list(rules_dir().glob(f"*/{rule.code}.toml"))
        family = source.parent.name
        if rule.code in ENGINE_RULES:
            assert family == "engine", rule.code
            continue
        module = checks[rule.code].function.__module__
        assert module == f"pmlint.checks.{family}" or module.startswith(f"pmlint.checks.{family}."), (
            f"{rule.code} is in rules/{family}/ but its check is in {module}"
        )


# --- the development guide's layout table ------------------------------------------------

GUIDE = PACKAGE.parent / "docs" / "guides" / "development.md"
TABLE_START = "<!-- layers: generated from LAYERS in tests/test_layout.py -->"
TABLE_END = "<!-- layers: end -->"


def layers_table() -> str:
    """LAYERS as the guide shows them: one row per package, lowest layer first; packages of
    one layer share its number and may import each other."""
    rows = ["| layer | folder | what it holds |", "|---|---|---|"]
    for number, layer in enumerate(LAYERS, 1):
        for name, holds in layer.items():
            folder = f"pmlint/{name}/" if (PACKAGE / name).is_dir() else f"pmlint/{name}.py"
            rows.append(f"| {number} | `{folder}` | {holds} |")
    return "\n".join(rows)


def _guide_with_table(text: str) -> str:
    head, rest = text.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    return f"{head}{TABLE_START}\n{layers_table()}\n{TABLE_END}{tail}"


def test_every_package_is_in_one_layer() -> None:
    packages = {path.stem if path.is_file() else path.name for path in PACKAGE.iterdir()
                if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()}
    named = [name for layer in LAYERS for name in layer]
    assert sorted(named) == sorted(set(named)) and set(named) == packages


def test_the_development_guide_shows_the_layers() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert text == _guide_with_table(text), "docs/guides/development.md is stale: run `python -m tests.test_layout`"


# --- records: NamedTuples on the check path ----------------------------------------------


def _module_level_imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules `path` imports when it is imported: its top-level statements, not the
    bodies of its functions, nor `if TYPE_CHECKING:` blocks."""
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names
                             if f"{node.module}.{alias.name}" in modules)
            elif isinstance(node, ast.If) and not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def test_no_module_a_check_run_imports_imports_dataclasses() -> None:
    """The house rule (docs/guides/development.md): records on the check path are NamedTuples
    or plain slotted classes, because `import dataclasses` and every `@dataclass` is start-up
    time that each pre-commit run pays. The modules are those a `pmlint check` run on
    examples/ imports, and everything they import at their top level."""
    modules = _modules()
    script = "import sys, runpy; sys.argv = ['pmlint', 'check', '-q']\ntry:\n    runpy.run_module('pmlint', run_name='__main__')\n" \
             "except SystemExit:\n    pass\nprint(' '.join(sorted(m for m in sys.modules if m.startswith('pmlint'))), file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", script], cwd=PACKAGE.parent / "examples", capture_output=True,
                          text=True, env={**os.environ, "PMLINT_TODAY": "2026-12-01"})
    loaded = done.stderr.strip().splitlines()[-1].split()
    assert "pmlint.engine.linter" in loaded, done.stderr
    seen: set[str] = set()
    todo = [name for name in loaded if name in modules]
    wrong = []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        imported = _module_level_imports(modules[name], modules)
        if "dataclasses" in imported:
            wrong.append(name)
        todo.extend(target for target in imported if target in modules)
    assert wrong == []


if __name__ == "__main__":
    GUIDE.write_text(_guide_with_table(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
