"""The report as a PDF, printed by Debian's Chromium (issue 17): ``print_pdf(html, pdf, paper)``.

Chromium is driven by Playwright with ``executable_path`` (Playwright's own browser download
is not used). The page printed is the single file (``helpers.report_file``), so the PDF holds
the front page and every page, with the print style sheet's page breaks and working links
inside it. ``chromium_path()`` and ``CHROMIUM_ARGS`` are the one place that finds the browser
and keeps it off the network (the tests and the screenshots use them too).
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PAPERS = {"a4": "A4", "letter": "Letter"}  # --pdf value -> Chromium's paper format
PDF_FILE = "report.pdf"
INSTALL_SCRIPT = "scripts/install_chromium.sh"

# Flags that keep Chromium from calling home: the report needs no network, and a machine's may be closed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ChromiumMissing(RuntimeError):
    """Chromium, which prints the PDF, is not installed; the message says how to get it."""


def chromium_path() -> str | None:
    """Debian's Chromium (``scripts/install_chromium.sh`` installs it), or None where it is missing."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """The path of Chromium, or ``ChromiumMissing`` with what to do."""
    path = chromium_path()
    if path is None:
        raise ChromiumMissing(
            "the PDF is printed by Chromium, which is not installed here (no 'chromium' or "
            "'chromium-browser' on the PATH). On Debian or Ubuntu, as root: "
            f"{INSTALL_SCRIPT} (or: apt-get install chromium); elsewhere install Chromium from your "
            "system's packages. Then build the report again; without --pdf it needs no browser."
        )
    return path


def paper_format(paper: str) -> str:
    """Chromium's name of ``paper`` (``a4`` or ``letter``, any case); ``ValueError`` otherwise."""
    try:
        return PAPERS[paper.lower()]
    except KeyError:
        raise ValueError(f"unknown paper size {paper!r}: choose one of {', '.join(PAPERS)}") from None


def print_pdf(html_path: Path, pdf_path: Path, paper: str = "a4") -> Path:
    """Print the page ``html_path`` to ``pdf_path`` on ``paper`` (``a4`` or ``letter``), with
    backgrounds (the charts' colours and the tables' stripes) and the margins of the print
    style sheet. Raises ``ChromiumMissing`` when there is no Chromium. Returns ``pdf_path``."""
    paper_name = paper_format(paper)
    executable = require_chromium()
    # In a thread of its own: Playwright's sync API refuses a thread with an event loop running
    # (a notebook's, or a caller's own Playwright session).
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(_print, executable, Path(html_path).resolve().as_uri(), Path(pdf_path), paper_name).result()
    return Path(pdf_path)


def _print(executable: str, url: str, pdf_path: Path, paper_name: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route(lambda address: not address.startswith(("file:", "data:")), lambda route: route.abort())
            page.goto(url, wait_until="load")
            page.pdf(path=str(pdf_path), format=paper_name, print_background=True, prefer_css_page_size=False)
        finally:
            browser.close()
