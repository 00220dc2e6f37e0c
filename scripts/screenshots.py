"""Screenshots of the report for the README (`make screenshots`, after `make report`).

Renders reports/sample/index.html and the scoring page in Debian's Chromium (headless, no
network) and writes docs/images/report_front.png and docs/images/report_scoring.png; and the
first page of reports/sample/report.pdf (`make pdf`) as docs/images/report_pdf_page1.png.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.report_pdf import CHROMIUM_ARGS, PDF_FILE  # noqa: E402 (the flags that keep Chromium off the network)

REPORT = ROOT / "reports" / "sample"
IMAGES = ROOT / "docs" / "images"
# page -> (image, the heading to scroll to: the part of the page worth showing)
PAGES = {
    "index.html": ("report_front.png", None),
    "02_score_partners.html": ("report_scoring.png", "The ranking, with the red flags"),
}
PDF_PAGE1 = "report_pdf_page1.png"


def pdf_first_page(pdf: Path, image: Path, width: int = 900) -> Path:
    """The PDF's first page as a PNG ``width`` pixels wide, rendered by PDFium (pypdfium2)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        page.render(scale=width / page.get_width()).to_pil().save(image)
    finally:
        document.close()
    return image


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium is not installed: on Debian, apt-get install chromium", file=sys.stderr)
        return 1
    missing = [name for name in PAGES if not (REPORT / name).exists()]
    if missing:
        print(f"No report at {REPORT}: run `make report` first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    IMAGES.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        for name, (image, heading) in PAGES.items():
            page.goto((REPORT / name).as_uri(), wait_until="load")
            if heading:
                page.locator("h2", has_text=heading).first.evaluate("h => h.scrollIntoView()")
            page.screenshot(path=str(IMAGES / image))
            print(f"wrote {IMAGES / image}")
        browser.close()
    if (REPORT / PDF_FILE).exists():
        print(f"wrote {pdf_first_page(REPORT / PDF_FILE, IMAGES / PDF_PAGE1)}")
    else:
        print(f"No PDF at {REPORT / PDF_FILE}: run `make pdf` first for {PDF_PAGE1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
