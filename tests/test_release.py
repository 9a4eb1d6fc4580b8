"""The release path: the distributions a tag publishes, installed as a user installs them,
and the release notes the release workflow takes from CHANGELOG.md."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from pmlint import __version__
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import release_notes  # noqa: E402


def test_the_version_lives_in_one_place() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert not re.search(r"^version\s*=", pyproject, re.MULTILINE)
    assert 'dynamic = ["version"]' in pyproject and 'path = "pmlint/__init__.py"' in pyproject
    assert release_notes.package_version() == __version__


def test_the_changelog_follows_keep_a_changelog_and_has_every_release() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "[Keep a Changelog](https://keepachangelog.com" in text
    headings = re.findall(r"^## \[([^\]]+)\]", text, re.MULTILINE)
    assert headings[0] == "Unreleased" and __version__ in headings
    for version in headings:  # every entry has text and a link at the bottom
        assert release_notes.entry(text, version), version
        assert re.search(rf"^\[{re.escape(version)}\]: https://", text, re.MULTILINE), version


def test_release_notes_are_the_tags_changelog_entry(tmp_path: Path) -> None:
    changelog = "# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.2.0] - 2027-01-02\n\n### Added\n\n- a\n\n## [1.1.0] - 2026-12-01\n\n- b\n\n[1.2.0]: https://x\n"
    assert release_notes.entry(changelog, "1.2.0") == "### Added\n\n- a"
    assert release_notes.entry(changelog, "1.1.0") == "- b"
    assert release_notes.entry(changelog, "1.3.0") == ""


def test_a_tag_that_is_not_the_package_version_stops_the_release() -> None:
    script = [sys.executable, str(REPO / "scripts" / "release_notes.py")]
    wrong = subprocess.run([*script, "v9.9.9"], capture_output=True, text=True)
    assert wrong.returncode == 1 and wrong.stdout == ""
    assert wrong.stderr.strip() == f"release_notes: tag 'v9.9.9' is not v + the version in pmlint/__init__.py ({__version__})"
    right = subprocess.run([*script, f"v{__version__}"], capture_output=True, text=True)
    assert right.returncode == 0, right.stderr
    assert right.stdout.strip() == release_notes.entry((REPO / "CHANGELOG.md").read_text(encoding="utf-8"), __version__)


def _venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


@pytest.mark.slow
def test_the_built_wheel_installs_and_works_as_released(tmp_path: Path) -> None:
    """What the release workflow publishes: `python -m build` makes both files, `twine check`
    passes them, and the wheel in a fresh virtualenv is the version it says, carries the rule
    catalog and the template, and lints the sample repository as the source tree does."""
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(REPO)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel], [sdist] = list(dist.glob("pmlint-*.whl")), list(dist.glob("pmlint-*.tar.gz"))
    version = wheel.name.split("-")[1]
    assert version == __version__ and sdist.name == f"pmlint-{version}.tar.gz"
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"CHANGELOG.md", "LICENSE", "rules/template.md", "pmlint/__init__.py"} <= names
    with zipfile.ZipFile(wheel) as archive:
        assert {"pmlint/rules/template.md", "pmlint/rules/catalog.json"} <= set(archive.namelist())

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run([str(_venv_bin(venv, "python")), "-m", "pip", "install", "--quiet", str(wheel)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr[-3000:]
    pmlint = str(_venv_bin(venv, "pmlint"))
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}

    def released(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([pmlint, *args], cwd=cwd, env=env, capture_output=True, text=True)

    assert released("--version", cwd=tmp_path).stdout.strip() == f"pmlint {version}"
    # The code runs from the virtualenv, not from this checkout.
    where = subprocess.run([str(_venv_bin(venv, "python")), "-c", "import pmlint; print(pmlint.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout
    catalog = json.loads(released("rules", "--format", "json", cwd=tmp_path).stdout)
    assert len(catalog) == len(list((REPO / "rules").glob("*/PM*.toml"))) > 30
    new = released("new", "Checkout outage", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    assert new.returncode == 0, new.stderr
    [written] = (tmp_path / "docs" / "incidents").glob("*.md")
    assert "## Timeline" in written.read_text(encoding="utf-8")
    # The sample repository: the same findings from the installed wheel as from the source.
    sample = released("check", "--format", "json", "--today", "2026-12-20", cwd=REPO / "examples")
    source = subprocess.run([sys.executable, "-m", "pmlint", "check", "--format", "json", "--today", "2026-12-20"],
                            cwd=REPO / "examples", env={**env, "PYTHONPATH": str(REPO)}, capture_output=True, text=True)
    assert sample.returncode == source.returncode == 1, sample.stderr
    assert json.loads(sample.stdout) == json.loads(source.stdout) != []
