"""report.html renders in a real browser (headless Chromium): no console errors, no network,
the main sections present, the removed boilerplate behind a working toggle.

Needs the `playwright` Python package (test extra) and a Chromium binary (Debian's
`chromium` package; `.ci/run` installs it). Skips with a message saying which is missing.
"""
from __future__ import annotations

import shutil

import pytest

from compare.render import render_files

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def page_of_seed_report(seed_report, tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install '.[test]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found on PATH: install Debian's chromium package (apt-get install chromium) to run the browser test")
    out = tmp_path_factory.mktemp("browser")
    files = render_files(seed_report, plot_dir=out)
    (out / "report.html").write_bytes(files["report.html"])
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        page.goto((out / "report.html").as_uri())
        page.wait_for_load_state("load")
        yield page, problems, requests
        browser.close()


def test_page_has_no_console_errors_and_makes_no_network_request(page_of_seed_report):
    page, problems, requests = page_of_seed_report
    assert problems == []
    assert requests == []
    assert page.title().startswith("Rwanda severs diplomatic ties with Belgium")


def test_main_sections_are_present_and_visible(page_of_seed_report):
    page, _, _ = page_of_seed_report
    for section in ("overview", "conflicts", "coverage", "voices", "alignments", "sources", "plots"):
        assert page.locator(f"section#{section}").is_visible(), section
    assert page.locator("#overview tbody tr").count() == 4
    assert page.locator("#conflicts .conflict").count() >= 2
    assert page.locator("#alignments .pair").count() >= 1
    images = page.locator("#plots img")
    assert images.count() >= 4
    assert all(images.nth(i).evaluate("img => img.naturalWidth > 100") for i in range(images.count()))


def test_removed_boilerplate_sits_behind_a_toggle(page_of_seed_report):
    page, _, _ = page_of_seed_report
    toggle = page.locator("#source-developing-story details.removed")
    sidebar_line = toggle.locator("li", has_text="Politics4 days ago")
    assert not sidebar_line.is_visible()
    toggle.locator("summary").click()
    assert sidebar_line.is_visible()
