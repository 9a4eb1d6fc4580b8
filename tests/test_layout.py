"""The shape of the package, kept cheap to check: no import cycles (imports inside functions
included), lower layers never import higher ones, and every rule's data and check live in
the same family."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pmlint.catalog.rules import load_catalog, rules_dir

PACKAGE = Path(__file__).resolve().parent.parent / "pmlint"

# Lowest first. A module may import its own layer and the layers below it, never above.
LAYERS: list[set[str]] = [
    {"errors"},
    {"read"},
    {"config"},
    {"parse"},
    {"catalog"},
    {"project"},
    {"items"},
    {"checks"},
    {"engine"},
    {"github", "output", "timeline", "retro", "share", "adopt"},
    {"commands"},
    {"cli", "__main__"},
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


@pytest.mark.slow
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
