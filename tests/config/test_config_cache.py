"""The validated configuration is cached by content: a run with a configuration file does
not import pydantic the second time, and any edit is validated again."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import CLEAN_DOC, imported_modules, pmlint_importtime, write

CONFIG = """\
[project]
name = "team"

[tool.pmlint]
paths = ["docs/incidents/*.md"]

[tool.pmlint.template]
severities = ["SEV-1", "SEV-2", "SEV-3"]
"""


def _second_run_skips_pydantic(project: Path, cache: Path) -> None:
    first = pmlint_importtime(project, cache)
    second = pmlint_importtime(project, cache)
    assert "pydantic" in imported_modules(first.stderr)
    assert "pydantic" not in imported_modules(second.stderr)
    assert (first.returncode, first.stdout) == (second.returncode, second.stdout)


def test_second_run_reads_the_validated_configuration_without_pydantic(tmp_path: Path) -> None:
    project = write(tmp_path / "p", {"pyproject.toml": CONFIG, "docs/incidents/2026-11-20-checkout-db-pool.md": CLEAN_DOC})
    cache = tmp_path / "cache"
    _second_run_skips_pydantic(project, cache)


def test_an_edit_of_the_same_length_is_read_again(tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace("SEV-2", "SEV-4")
    project = write(tmp_path / "p", {"pyproject.toml": CONFIG, "docs/incidents/2026-11-20-checkout-db-pool.md": doc})
    cache = tmp_path / "cache"
    assert "SEV-4" in pmlint_importtime(project, cache).stdout  # not one of the three severities
    (project / "pyproject.toml").write_text(CONFIG.replace('"SEV-3"]', '"SEV-4"]'), encoding="utf-8")
    assert "SEV-4" not in pmlint_importtime(project, cache).stdout


def test_a_cached_pyproject_without_settings_still_defers_to_the_parent(tmp_path: Path) -> None:
    project = write(tmp_path / "p", {
        "pyproject.toml": CONFIG.replace('"SEV-3"]', '"SEV-3", "SEV-4"]'),
        "sub/pyproject.toml": "[project]\nname = 'sub'\n",
        "sub/docs/incidents/2026-11-20-checkout-db-pool.md": CLEAN_DOC.replace("SEV-2", "SEV-4"),
    })
    cache = tmp_path / "cache"
    for _ in range(2):  # the second run reads both files from the cache
        run = pmlint_importtime(project / "sub", cache, "docs/incidents/2026-11-20-checkout-db-pool.md")
        assert "SEV-4" not in run.stdout and "PM307" in run.stdout  # the parent's settings, no TODO.md


def test_an_edited_configuration_is_validated_again(tmp_path: Path) -> None:
    project = write(tmp_path / "p", {"pyproject.toml": CONFIG, "docs/incidents/2026-11-20-checkout-db-pool.md": CLEAN_DOC})
    cache = tmp_path / "cache"
    assert pmlint_importtime(project, cache).returncode in (0, 1)
    (project / "pyproject.toml").write_text(CONFIG.replace("paths =", "pathz ="), encoding="utf-8")
    broken = pmlint_importtime(project, cache)
    assert broken.returncode == 2
    assert "tool.pmlint.pathz: unknown key" in broken.stderr


def test_a_damaged_cache_entry_is_only_a_miss(tmp_path: Path) -> None:
    project = write(tmp_path / "p", {"pyproject.toml": CONFIG, "docs/incidents/2026-11-20-checkout-db-pool.md": CLEAN_DOC})
    cache = tmp_path / "cache"
    good = pmlint_importtime(project, cache)
    for entry in cache.iterdir():
        entry.write_bytes(b"not an entry")
    again = pmlint_importtime(project, cache)
    assert (again.returncode, again.stdout) == (good.returncode, good.stdout)
    assert "pydantic" in imported_modules(again.stderr)  # validated again, and stored again
    assert "pydantic" not in imported_modules(pmlint_importtime(project, cache).stderr)


def test_rule_options_are_validated_once_per_content(tmp_path: Path) -> None:
    config = CONFIG + "\n[tool.pmlint.rules.PM305]\nmin-words = 3\n"
    project = write(tmp_path / "p", {"pyproject.toml": config, "docs/incidents/2026-11-20-checkout-db-pool.md": CLEAN_DOC})
    cache = tmp_path / "cache"
    _second_run_skips_pydantic(project, cache)
    (project / "pyproject.toml").write_text(config.replace("min-words = 3", "min-words = \"three\""), encoding="utf-8")
    broken = pmlint_importtime(project, cache)
    assert broken.returncode == 2 and "tool.pmlint.rules.PM305.min-words" in broken.stderr


def test_the_same_bytes_under_another_name_are_read_as_that_file(tmp_path: Path) -> None:
    """A pyproject.toml without [tool.pmlint] is no configuration; a .pmlint.toml with the
    same bytes is one (here a wrong one): the cache must not answer for the other name."""
    text = "[project]\nname = 'team'\n"
    cache = tmp_path / "cache"
    first = write(tmp_path / "a", {"pyproject.toml": text, "docs/incidents/2026-11-20-checkout-db-pool.md": CLEAN_DOC})
    assert pmlint_importtime(first, cache).returncode in (0, 1)
    second = write(tmp_path / "b", {".pmlint.toml": text, "docs/incidents/2026-11-20-checkout-db-pool.md": CLEAN_DOC})
    result = pmlint_importtime(second, cache)
    assert result.returncode == 2 and "project: unknown key" in result.stderr


def _project_and_good_run(tmp_path: Path) -> tuple[Path, Path, str]:
    doc = CLEAN_DOC.replace("**Severity:** SEV-2", "**Severity:** SEV-4")  # found only with this configuration
    project = write(tmp_path / "p", {"pyproject.toml": CONFIG, "docs/incidents/2026-11-20-checkout-db-pool.md": doc})
    cache = tmp_path / "cache"
    good = pmlint_importtime(project, cache)
    assert "SEV-4" in good.stdout
    return project, cache, good.stdout


def test_a_planted_cache_entry_runs_no_code(tmp_path: Path) -> None:
    import pickle

    project, cache, good = _project_and_good_run(tmp_path)
    mark = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {mark}",))

    for entry in cache.iterdir():
        entry.write_bytes(pickle.dumps(Payload()))
    again = pmlint_importtime(project, cache)
    assert not mark.exists(), "a cache entry ran code"
    assert again.stdout == good


def test_an_entry_someone_else_could_have_written_is_not_believed(tmp_path: Path) -> None:
    project, cache, good = _project_and_good_run(tmp_path)
    # Edited to say "no pmlint settings in this pyproject.toml": every team setting would be lost.
    for entry in cache.glob("file-*"):
        stamp, name, content, _ = json.loads(entry.read_bytes())
        entry.write_text(json.dumps([stamp, name, content, None]), encoding="utf-8")
    assert "SEV-4" not in pmlint_importtime(project, cache).stdout  # the user's own folder: believed
    for entry in cache.glob("file-*"):
        entry.unlink()
    pmlint_importtime(project, cache)
    for entry in cache.glob("file-*"):
        stamp, name, content, _ = json.loads(entry.read_bytes())
        entry.write_text(json.dumps([stamp, name, content, None]), encoding="utf-8")
    cache.chmod(0o777)  # anyone may write here: nothing in it is believed
    assert pmlint_importtime(project, cache).stdout == good
    cache.chmod(0o700)
    for entry in cache.glob("file-*"):
        os.chown(entry, 65534, 65534) if os.getuid() == 0 else entry.chmod(0o666)  # another owner, or writable
    assert pmlint_importtime(project, cache).stdout == good


def test_a_linked_or_fifo_entry_is_a_miss(tmp_path: Path) -> None:
    project, cache, good = _project_and_good_run(tmp_path)
    for entry in cache.glob("file-*"):
        entry.unlink()
        os.mkfifo(entry)  # read naively, this blocks the run forever
    assert pmlint_importtime(project, cache).stdout == good
    for entry in cache.glob("file-*"):
        entry.unlink()
        entry.symlink_to(tmp_path / "elsewhere")
    assert pmlint_importtime(project, cache).stdout == good
    assert (cache.stat().st_mode & 0o777) == 0o700
