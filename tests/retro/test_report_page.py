"""The HTML report as a retro facilitator uses it, in Debian's headless Chromium: the
incident list and the exit-criteria matrix first, axes scaled to the data, charts as wide
as the page, cards on a phone with nothing scrolling sideways, and no serious or critical
accessibility violation by axe-core (installed from npm into a temporary folder; skipped
when npm or the package is not available).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cdp import CHROMIUM, DESKTOP, PHONE, Browser, Page, load
from tests.report_project import build_reports

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    return build_reports(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def axe(tmp_path_factory: pytest.TempPathFactory) -> str:
    """axe-core's script, from npm."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm not installed: axe-core cannot be fetched")
    folder = tmp_path_factory.mktemp("axe")
    done = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(folder),
                           "axe-core@4"], capture_output=True, text=True, timeout=300, check=False)
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if done.returncode != 0 or not script.is_file():
        pytest.skip(f"npm could not install axe-core: {done.stderr.strip()[-200:]}")
    return script.read_text(encoding="utf-8")


def test_the_incident_list_and_the_matrix_come_first(built: tuple[Path, dict], tmp_path: Path) -> None:
    html, data = built
    with Browser(CHROMIUM, tmp_path / "profile") as browser:
        page = browser.new_page()
        load(page, html, DESKTOP)
        first = page.evaluate("document.querySelector('main section').id")
        assert first == "incidents"
        rows = page.evaluate("[...document.querySelectorAll('table.incidents tbody tr')]"
                             ".map(r => [r.cells[0].innerText.trim(), r.cells[3].innerText.trim()])")
        assert rows == [[i["title"], i["date"]] for i in data["incidents"]]
        assert [i["date"] for i in data["incidents"]] == sorted((i["date"] for i in data["incidents"]), reverse=True)
        # Each title links to its document's Date line on GitHub.
        links = page.evaluate("[...document.querySelectorAll('table.incidents tbody tr td:first-child a')]"
                              ".map(a => a.href)")
        assert links == [f"https://github.com/acme/ops/blob/HEAD/{i['path']}#L{i['line']}" for i in data["incidents"]]
        # The search post-mortem fails a criterion (a Draft left late): the list says which, with the finding.
        search = next(i for i in data["incidents"] if i["title"] == "Search outage")
        failed = [k for k, v in search["criteria"].items() if v == "fail"]
        assert failed and search["failures"]
        cell = page.evaluate("[...document.querySelectorAll('table.incidents tbody tr')]"
                             ".find(r => r.cells[0].innerText.includes('Search outage')).lastElementChild.textContent")
        assert search["failures"][0]["message"] in cell

        header = page.evaluate("[...document.querySelectorAll('table.matrix thead th')].map(t => t.innerText.trim())")
        assert header == ["Incident", *(c["name"] for c in data["criteria"])]
        marks = page.evaluate("[...document.querySelectorAll('table.matrix tbody tr')].slice(0, -1)"
                              ".map(r => [...r.cells].slice(1).map(c => c.innerText.includes('✗') ? 'fail' : 'pass'))")
        assert marks == [[i["criteria"][c["key"]] for c in data["criteria"]] for i in data["incidents"]]

        # Charts span the content width, and a count axis stops at the data's round maximum.
        widths = page.evaluate("[...document.querySelectorAll('.chart .plot')].map(p => p.getBoundingClientRect().width)")
        content = page.evaluate("document.querySelector('main').getBoundingClientRect().width")
        assert widths and all(w >= content - 40 for w in widths)
        top = page.evaluate("Math.max(...[...document.querySelectorAll('[data-chart=chart-severity] .tick')]"
                            ".map(t => Number(t.textContent)))")
        assert top == max(data["headline"]["by_severity"].values())


def test_a_phone_shows_cards_without_sideways_scrolling(built: tuple[Path, dict], tmp_path: Path) -> None:
    html, _ = built
    with Browser(CHROMIUM, tmp_path / "profile") as browser:
        page = browser.new_page()
        load(page, html, PHONE)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
        # The incident list is one card per incident: no table wider than its box.
        assert page.evaluate("[...document.querySelectorAll('.cards-table')]"
                             ".every(t => t.scrollWidth <= t.parentElement.clientWidth + 1)")
        # The overdue list shows Action then Due first.
        header = page.evaluate("[...document.querySelectorAll('#overdue thead th')].map(t => t.innerText.trim())")
        assert header[:2] == ["Action", "Due"]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_serious_violation(built: tuple[Path, dict], axe: str, size: tuple[int, int],
                                        tmp_path: Path) -> None:
    html, _ = built
    with Browser(CHROMIUM, tmp_path / "profile") as browser:
        page: Page = browser.new_page()
        page.call("Page.setBypassCSP", enabled=True)  # the page forbids scripts; axe is the test's, not the page's
        load(page, html, size)
        page.evaluate(axe)
        result = page.call("Runtime.evaluate", awaitPromise=True, returnByValue=True, expression=(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))"
        ))
        assert result["result"]["value"] == []
