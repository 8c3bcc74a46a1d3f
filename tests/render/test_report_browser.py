"""report.html renders in a real browser (headless Chromium): no console errors, no network,
the main sections present, the removed boilerplate behind a working toggle; the report of a
200-outlet event stays under 10 MB, loads in under 3 s and opens its collapsed rows.

Needs the `playwright` Python package (test extra) and a Chromium binary (Debian's
`chromium` package; `.ci/run` installs it). Skips with a message saying which is missing.
"""
from __future__ import annotations

import shutil
import time

import pytest

from compare import analyse, load_event
from compare.render import render_files
from compare.render.json import report_dict

from .test_render import build_retold_event

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]
MAX_LARGE_PAGE_BYTES = 10_000_000
MAX_LOAD_SECONDS = 3.0


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module's pages (Playwright runs one sync session at a time)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install '.[test]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found on PATH: install Debian's chromium package (apt-get install chromium) to run the browser test")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


def open_page(browser):
    """A new page and the console errors, page errors and network requests it will collect."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    return page, problems, requests


@pytest.fixture(scope="module")
def page_of_seed_report(seed_report, browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("browser")
    files = render_files(seed_report, plot_dir=out)
    (out / "report.html").write_bytes(files["report.html"])
    page, problems, requests = open_page(browser)
    page.goto((out / "report.html").as_uri())
    page.wait_for_load_state("load")
    yield page, problems, requests
    page.close()


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


@pytest.fixture(scope="module")
def page_of_large_report(seed_report, browser, tmp_path_factory):
    """The report of a 200-outlet event retold from the seed paragraphs, open in Chromium:
    (page, report.html size in bytes, seconds until `load`, navigation timing, problems, report data)."""
    folder = build_retold_event(seed_report, 200, tmp_path_factory.mktemp("large-event") / "retold")
    report = analyse(load_event(folder))
    out = tmp_path_factory.mktemp("large-browser")
    files = render_files(report, plot_dir=out)
    (out / "report.html").write_bytes(files["report.html"])
    page, problems, requests = open_page(browser)
    start = time.perf_counter()
    page.goto((out / "report.html").as_uri(), wait_until="load")
    seconds = time.perf_counter() - start
    timing = page.evaluate("() => performance.getEntriesByType('navigation')[0].toJSON()")
    yield page, len(files["report.html"]), seconds, timing, problems + requests, report_dict(report)
    page.close()


def test_large_report_is_at_most_10_mb_and_loads_in_under_3_seconds(page_of_large_report):
    page, size, seconds, timing, problems, _ = page_of_large_report
    assert size <= MAX_LARGE_PAGE_BYTES, f"report.html of 200 sources is {size / 1e6:.1f} MB"
    assert timing["domContentLoadedEventEnd"] < MAX_LOAD_SECONDS * 1000, timing
    assert timing["loadEventEnd"] < MAX_LOAD_SECONDS * 1000, timing
    assert seconds < MAX_LOAD_SECONDS, f"loading took {seconds:.2f} s"
    assert problems == []
    assert page.locator("#overview tbody tr").count() == 200  # 20 in view, 180 behind the toggle


def test_large_report_shows_the_first_rows_and_a_link_opens_a_collapsed_one(page_of_large_report):
    page, _, _, _, _, data = page_of_large_report
    shown = page.eval_on_selector_all("#overview tbody tr", "rows => rows.map(r => r.checkVisibility())")
    assert shown == [True] * 20 + [False] * 180
    last = data["ranking"][-1]["source"]
    assert not page.locator(f"#source-{last}").is_visible()
    page.locator("#overview details.more summary").click()
    page.locator(f'#overview a[href="#source-{last}"]').click()
    assert page.locator(f"#source-{last}").is_visible()  # the browser opens the toggle that holds the target
    assert not page.locator(f"#source-{last} details.article-text p").first.is_visible()
