"""The HTML report in a real browser: Debian's headless Chromium, driven over the DevTools
pipe with the network switched off, checks what a reader would see: every chart drawn with
one bar per number, nothing fetched, no console error, no sideways scrolling on a phone,
a print layout; and it saves full-page screenshots at phone and desktop widths.

`.ci/run` installs Chromium for this test; elsewhere it is skipped when Chromium is absent.
Screenshots go to $PMLINT_SCREENSHOTS if set, else to the test's temporary folder.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from tests.cdp import CHROMIUM, DESKTOP, PHONE, Browser, Page, load
from tests.report_project import build_reports

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (.ci/run installs it: apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The report of the known project, as HTML and as JSON (the numbers to expect)."""
    return build_reports(tmp_path_factory.mktemp("project"))


def screenshot(page: Page, size: tuple[int, int], folder: Path) -> Path:
    height = page.evaluate("document.documentElement.scrollHeight")
    shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                     clip={"x": 0, "y": 0, "width": size[0], "height": height, "scale": 1})
    path = folder / f"report-{size[0]}x{size[1]}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def bars(page: Page, chart: str) -> list[tuple[str, str, float, float]]:
    """(label, series, value, drawn height in CSS pixels) of each bar of a chart."""
    return [tuple(row) for row in page.evaluate(
        f"[...document.querySelectorAll('#{chart} rect.bar')].map(r => [r.dataset.label, r.dataset.series, "
        "Number(r.dataset.value), r.getBoundingClientRect().height])"
    )]


def expected_bars(data: dict) -> dict[str, int]:
    severities, quarters = data["severities"], data["completion"]
    held = [t for t in data["time_to_postmortem"]["by_severity"] if t["held"]]
    ages = [b for b in data["age_buckets"] if b != "unknown" or any(g["age"]["unknown"] for g in data["open_actions"]["by_priority"])]
    present = [s for s in severities if data["headline"]["by_severity"][s]]  # no bar for a severity of 0
    used = [s for s in severities if any(m["by_severity"][s] for m in data["incidents_per_month"])]
    return {
        "chart-severity": len(present),
        "chart-age": len(ages) * len(data["open_actions"]["by_priority"]),
        "chart-completion": len(quarters),
        "chart-timing": 2 * len(held),
        "chart-months": len(data["incidents_per_month"]) * len(used),
        "chart-duration": 2 * len(data["duration_per_quarter"]),
    }


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_report_renders_offline_with_every_bar(built: tuple[Path, dict], size: tuple[int, int], tmp_path: Path) -> None:
    html, data = built
    folder = Path(os.environ.get("PMLINT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with Browser(CHROMIUM, tmp_path / "profile") as browser:
        page = browser.new_page()
        load(page, html, size)

        counts = {chart: len(bars(page, chart)) for chart in expected_bars(data)}
        assert counts == expected_bars(data)
        months = bars(page, "chart-months")
        by_severity = [(m["month"], s, float(n)) for m in data["incidents_per_month"] for s, n in m["by_severity"].items()
                       if any(other["by_severity"][s] for other in data["incidents_per_month"])]
        assert sorted((label, series, value) for label, series, value, _ in months) == sorted(by_severity)
        assert all((height > 0) == (value > 0) for _, _, value, height in months), "a bar is drawn for each incident count"
        completion = [value for _, _, value, _ in bars(page, "chart-completion")]
        assert completion == [round(100 * (c["share"] or 0), 1) for c in data["completion"]]

        overdue_rows = page.evaluate("document.querySelectorAll('#overdue tbody tr').length")
        assert overdue_rows == len(data["overdue"])
        links = page.evaluate("[...document.querySelectorAll('#overdue a')].map(a => a.href)")
        assert "https://github.com/acme/ops/blob/HEAD/docs/incidents/2026-05-12-replication-lag.md#L13" in links
        assert "https://github.com/acme/ops/issues/7" in links

        requests = [e["params"]["request"]["url"] for e in page.events("Network.requestWillBeSent")]
        assert requests == [html.as_uri()], "the page loads nothing but itself"
        errors = page.events("Runtime.exceptionThrown") + [
            e for e in page.events("Runtime.consoleAPICalled", "Log.entryAdded")
            if e["params"].get("type") == "error" or e["params"].get("entry", {}).get("level") == "error"
        ]
        assert errors == []
        assert page.evaluate("document.querySelectorAll('script, link, img, iframe, object').length") == 0
        # Readable on a phone: the page never scrolls sideways; wide tables scroll in their own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        saved = screenshot(page, size, folder)
        assert saved.stat().st_size > 10_000

        page.call("Emulation.setEmulatedMedia", media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"
        pdf = base64.b64decode(page.call("Page.printToPDF")["data"])
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
