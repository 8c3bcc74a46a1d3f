"""Screenshot of the seed event's report.html for the README (docs/report-screenshot.png).

Usage: python scripts/screenshot_report.py [REPORT_HTML] [OUT_PNG]
Needs the playwright package and Debian's chromium.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    report = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "reports" / "rwanda-belgium-2025" / "report.html"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "docs" / "report-screenshot.png"
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.goto(report.resolve().as_uri())
        page.screenshot(path=str(out), full_page=False)
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
