"""The report as a reader sees it: every page rendered in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_every_report_page_renders_offline_without_errors(browser, sample_report, tmp_path):
    folder = sample_report.resolve().as_uri()
    pages = sorted(sample_report.glob("*.html"))
    assert len(pages) >= 2
    for page_path in pages:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        outside, errors = [], []

        def request_made(request, outside=outside):
            if not (request.url.startswith(folder) or request.url.startswith("data:")):
                outside.append(request.url)

        def console_line(message, errors=errors):
            if message.type == "error":
                errors.append(message.text)

        page.on("request", request_made)
        page.on("console", console_line)
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        assert page.title(), f"{page_path.name} has no title"
        assert page.locator("body").inner_text().strip(), f"{page_path.name} renders empty"
        shot = tmp_path / f"{page_path.stem}.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 5_000
        page.close()
        assert outside == [], f"{page_path.name} requested {outside}"
        assert errors == [], f"{page_path.name} logged console errors: {errors}"


def test_report_images_are_embedded_and_load(browser, sample_report):
    page = browser.new_page()
    for page_path in sorted(Path(sample_report).glob("0*.html")):
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length")
        assert broken == 0, f"{page_path.name} has {broken} broken image(s)"
    page.close()
