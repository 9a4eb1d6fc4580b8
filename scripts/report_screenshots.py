#!/usr/bin/env python3
"""Full-page screenshots of HTML reports at phone and desktop widths, with Debian's
headless Chromium over the DevTools pipe (tests/cdp.py), to look at what a reader sees.

    python3 scripts/report_screenshots.py OUT_DIR report.html [more.html ...]

Writes OUT_DIR/<name>-390.png and OUT_DIR/<name>-1280.png (and the same in parts of
1600 px, readable at a glance), and prints, per page and
width, the page height and whether it scrolls sideways.
"""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.cdp import Browser  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WIDTHS = (390, 1280)
PART = 1600  # px of page per part image


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile, Browser(CHROMIUM, Path(profile)) as browser:
        for name in sys.argv[2:]:
            html = Path(name).resolve()
            for width in WIDTHS:
                page = browser.new_page()
                page.call("Page.enable")
                page.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1,
                          mobile=width < 600)
                page.call("Page.navigate", url=html.as_uri())
                page.browser.wait_for("Page.loadEventFired")
                height = page.evaluate("document.documentElement.scrollHeight")
                sideways = page.evaluate("document.documentElement.scrollWidth") > width
                shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                 clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
                target = out / f"{html.stem}-{width}.png"
                target.write_bytes(base64.b64decode(shot["data"]))
                print(f"{target}: {height} px tall{', SCROLLS SIDEWAYS' if sideways else ''}")
                for number, top in enumerate(range(0, height, PART)):  # parts small enough to read
                    part = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                     clip={"x": 0, "y": top, "width": width, "height": min(PART, height - top),
                                           "scale": 1})
                    (out / f"{html.stem}-{width}-part{number + 1}.png").write_bytes(base64.b64decode(part["data"]))


if __name__ == "__main__":
    main()
