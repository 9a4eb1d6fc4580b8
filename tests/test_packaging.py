"""The wheel carries the rule catalog twice: the TOML files (the source) and catalog.json,
the same data parsed at build time so that every `pmlint` start skips the TOML parse."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from pmlint.catalog.rules import COMPILED, _raw_rules, _rule_from
from tests.conftest import REPO


def test_compiled_catalog_gives_the_same_rules_as_the_toml_files(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    from_toml = [_rule_from(data, path) for path, data in _raw_rules(folder)]
    catalog = {path.relative_to(folder).as_posix(): data for path, data in _raw_rules(folder)}
    (folder / COMPILED).write_text(json.dumps(catalog), encoding="utf-8")
    from_json = [_rule_from(data, path) for path, data in _raw_rules(folder)]
    assert len(from_toml) == len(list((REPO / "rules").glob("*/PM*.toml"))) > 30
    assert from_json == from_toml


@pytest.mark.slow
def test_wheel_ships_the_toml_catalog_and_its_compiled_copy(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(REPO)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [wheel] = tmp_path.glob("pmlint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        compiled = json.loads(archive.read("pmlint/rules/catalog.json"))
        shipped = {name: tomllib.loads(archive.read(name).decode()) for name in names
                   if name.startswith("pmlint/rules/") and name.rsplit("/", 1)[1].startswith("PM") and name.endswith(".toml")}
    assert "pmlint/rules/template.md" in names
    assert {f"pmlint/rules/{name}" for name in compiled} == set(shipped)
    assert all(compiled[name.removeprefix("pmlint/rules/")] == data for name, data in shipped.items())
    source = {p.relative_to(REPO / "rules").as_posix(): tomllib.loads(p.read_text(encoding="utf-8"))
              for p in (REPO / "rules").glob("*/PM*.toml")}
    assert compiled == source
    assert not (REPO / "rules" / COMPILED).exists()  # the build wrote nothing into the checkout
