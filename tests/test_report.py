"""The HTML report: built from the worked example, offline, without code, and escaped; and
every page rendered in a real headless Chromium."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest

from helpers.report import MANIFEST, ReportError, build_report, default_notebooks
from helpers.report_file import FRONT_ID, SINGLE_FILE, section_id
from tests.conftest import CHROMIUM_ARGS, SAMPLE, chromium_path

LINK = re.compile(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def test_one_page_per_notebook_an_index_and_the_single_file(sample_report):
    pages = sorted(p.name for p in sample_report.glob("*.html"))
    expected = sorted(["index.html", SINGLE_FILE, *(nb.with_suffix(".html").name for nb in default_notebooks())])
    assert pages == expected
    index = (sample_report / "index.html").read_text(encoding="utf-8")
    for nb in default_notebooks():
        assert f'href="{nb.with_suffix(".html").name}"' in index


def test_pages_reference_nothing_outside_the_folder(sample_report):
    for page in sample_report.glob("*.html"):
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            assert not re.match(r"^(https?:)?//", link), f"{page.name} links outside: {link}"
            assert link.startswith(("data:", "#")) or (sample_report / link).exists(), f"{page.name}: {link}"


def test_pages_show_no_code(sample_report):
    for notebook in default_notebooks():
        page = (sample_report / notebook.with_suffix(".html").name).read_text(encoding="utf-8")
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type == "code":
                first_line = cell.source.strip().splitlines()[0]
                assert html.escape(first_line) not in page, f"{notebook.name} shows its code: {first_line}"


def test_interactive_steps_are_left_out(sample_report):
    page = (sample_report / "02_score_partners.html").read_text(encoding="utf-8")
    assert "Move the weights yourself" not in page and "widget-view" not in page
    assert "Say how sure you are" in page  # the cells after it are there


def test_every_table_reads_for_people(sample_report):
    """Labels with units, not column names; no pandas row numbers; no True, NaN, 304500.0,
    1.743593e-05 or cut cells (tests/projects.py: table_problems)."""
    from helpers.data import load_project
    from tests.projects import table_problems

    project = load_project(SAMPLE)
    names = [*project.vendors["vendor"], *project.sites["site"]]
    assert table_problems(sample_report, names) == []


def test_charts_are_whole_inside_their_canvas(sample_report):
    """Charts are shown uncropped (helpers.plots.Chart), so anything drawn past the canvas
    would be cut off: every chart keeps a blank frame at its edges."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    charts = 0
    for page in sorted(sample_report.glob("0*.html")):
        for data in re.findall(r'src="data:image/png;base64,([^"]+)"', page.read_text(encoding="utf-8")):
            pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("L"))
            frame = np.concatenate(
                [pixels[:2].ravel(), pixels[-2:].ravel(), pixels[:, :2].ravel(), pixels[:, -2:].ravel()]
            )
            assert (frame >= 250).all(), f"{page.name}: chart {charts + 1} is cut off at its edge"
            charts += 1
    assert charts >= 20


def write_notebook(path, code: str):
    """A two-cell notebook at ``path``: the ``parameters`` cell, then ``code``."""
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell('data_dir = "x"', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(code),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(nb, path)
    return path


def test_failed_build_keeps_the_previous_report(tmp_path):
    start = default_notebooks()[0]
    out = tmp_path / "report"
    build_report(SAMPLE, out, notebooks=[start])
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    broken_path = write_notebook(tmp_path / "99_broken.ipynb", "raise RuntimeError('the scores sheet is empty')")
    with pytest.raises(ReportError, match=r"99_broken.ipynb failed .*RuntimeError: the scores sheet is empty"):
        build_report(SAMPLE, out, notebooks=[start, broken_path])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left behind


def test_a_stuck_cell_stops_the_build_with_a_plain_message(tmp_path):
    stuck_path = write_notebook(tmp_path / "98_stuck.ipynb", "import time\ntime.sleep(60)")
    out = tmp_path / "report"
    with pytest.raises(ReportError, match=r"98_stuck.ipynb: a cell ran longer than 2 s and was stopped"):
        build_report(SAMPLE, out, notebooks=[stuck_path], cell_timeout=2)
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# The report as a reader sees it: every page rendered in a real headless Chromium (in this
# module, so that one test worker builds the worked example's report for both kinds of check)
# ---------------------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@needs_chromium
def test_every_report_page_renders_offline_without_errors(browser, sample_report, tmp_path):
    folder = sample_report.resolve().as_uri()
    pages = sorted(p for p in sample_report.glob("*.html") if p.name != SINGLE_FILE)  # its own test below
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


@needs_chromium
def test_report_images_are_embedded_and_load(browser, sample_report):
    page = browser.new_page()
    for page_path in sorted(Path(sample_report).glob("0*.html")):
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length")
        assert broken == 0, f"{page_path.name} has {broken} broken image(s)"
    page.close()


@needs_chromium
@pytest.mark.parametrize("project", ["sample", "stress"])
def test_the_front_page_fits_one_screen_and_one_printed_page(browser, project, tmp_path):
    """The decision, a small ranking, what would change it, the cost and the next steps: on a
    1280 x 800 screen (the worked example) and on one A4 and one Letter page (also a project
    of twelve vendors with long names everywhere, tests/stress.py)."""
    from helpers.data import load_project
    from helpers.decision import decide
    from helpers.front_page import front_page
    from helpers.report import render_index
    from tests.stress import stress_project

    data = SAMPLE if project == "sample" else stress_project(tmp_path / "p")
    loaded = load_project(data)
    front = front_page(decide(loaded))
    index = tmp_path / "index.html"
    index.write_text(render_index([], f"{project}, {len(loaded.vendors)} vendors", front), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(index.as_uri(), wait_until="load")
    text = page.locator("body").inner_text()
    for heading in ("The ranking, and how sure", "What would change it", "The cost", "Next steps"):
        assert heading in text
    assert front.status in text and front.ranking["vendor"].iloc[0] in text
    if project == "sample":
        assert page.evaluate("document.body.getBoundingClientRect().bottom") <= 800
    for paper in ("A4", "Letter"):
        printed = tmp_path / f"front-{paper}.pdf"
        page.pdf(path=str(printed), format=paper)
        assert len(_pdf_pages(printed)) == 1, f"the front page takes more than one {paper} page"
    page.close()


# ---------------------------------------------------------------------------------------------
# One file to send (helpers.report_file) and the PDF (helpers.report_pdf)
# ---------------------------------------------------------------------------------------------


def test_the_single_file_is_listed_and_holds_every_page_in_order(sample_report):
    from bs4 import BeautifulSoup

    assert SINGLE_FILE in json.loads((sample_report / MANIFEST).read_text(encoding="utf-8"))["files"]
    soup = BeautifulSoup((sample_report / SINGLE_FILE).read_text(encoding="utf-8"), "html.parser")
    names = [nb.with_suffix(".html").name for nb in default_notebooks()]
    assert [s["id"] for s in soup.find_all("section", recursive=True) if s.get("id")] == [
        FRONT_ID,
        *(section_id(n) for n in names),
    ]
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids repeat across pages"
    for tag in soup.find_all(["script", "img", "link", "iframe", "source", "video", "audio"]):
        where = tag.get("src") or tag.get("href")
        assert where is None or where.startswith("data:"), f"the single file fetches {where}"
    for link in soup.find_all("a", href=True):
        assert not link["href"].endswith(".html") and ".html#" not in link["href"], link["href"]
    style_sheets = [s.get_text() for s in soup.head.find_all("style")]
    assert len(style_sheets) == len(set(style_sheets)), "a page's style sheet is included twice"
    assert len(soup.find_all("img")) == sum(
        (sample_report / n).read_text(encoding="utf-8").count("<img") for n in names
    )


@needs_chromium
def test_the_single_file_opens_offline_and_its_links_land(browser, sample_report):
    """As from a mail attachment: the file alone, in a folder of its own, without a network."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as alone:
        copy = Path(shutil.copy(sample_report / SINGLE_FILE, alone))
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        outside, errors = [], []
        page.on("request", lambda r: r.url.startswith(("data:", copy.as_uri())) or outside.append(r.url))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(copy.as_uri(), wait_until="load")
        broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length")
        assert broken == 0 and page.evaluate("document.images.length") >= 20
        # The front page's links, clicked as a reader does: each lands on its page.
        cards = page.locator(f"#{FRONT_ID} a[href^='#']")
        assert cards.count() >= len(default_notebooks())
        for i in range(cards.count()):
            target = cards.nth(i).get_attribute("href")
            cards.nth(i).click()
            assert page.evaluate("location.hash") == target
            assert page.locator(target).evaluate("e => e.getBoundingClientRect().top") == pytest.approx(0, abs=2)
            page.locator(f"{target} .wb-back a").click()
            assert page.evaluate("location.hash") == f"#{FRONT_ID}"
        # Every link inside the file has its target; every visible one scrolls to it when clicked.
        missing, astray = page.evaluate(
            """() => {
                const missing = [], astray = [];
                for (const a of document.querySelectorAll('a[href^="#"]')) {
                    const target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
                    if (!target) { missing.push(a.getAttribute('href')); continue; }
                    if (!a.getClientRects().length) continue;  // hidden (the headings' anchor marks)
                    a.click();
                    const top = target.getBoundingClientRect().top;
                    const atEnd = window.scrollY + window.innerHeight >= document.body.scrollHeight - 2;
                    if (location.hash !== a.getAttribute('href') || !(Math.abs(top) < 2 || (atEnd && top >= 0)))
                        astray.push(a.getAttribute('href'));
                }
                return [missing, astray];
            }"""
        )
        page.close()
    assert missing == [] and astray == []
    assert outside == [], f"the single file requested {outside}"
    assert errors == [], f"the single file logged console errors: {errors}"


def _pdf_pages(pdf_path: Path):
    """Each page of a PDF: its size in points, its text without whitespace, the bounds of its
    pictures, and the page rendered to an image (PDFium, via pypdfium2)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(pdf_path)
    pages = []
    for page in document:
        text = page.get_textpage().get_text_bounded().replace("\x02", "-")  # \x02: a hyphen ending a line
        pictures = [o.get_bounds() for o in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8)]
        image = page.render(scale=0.5, grayscale=True).to_numpy()
        pages.append((page.get_size(), "".join(text.split()), pictures, image))
    document.close()
    return pages


@needs_chromium
@pytest.mark.parametrize("paper, size", [("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))])
def test_the_pdf_is_on_the_paper_and_no_break_cuts_a_chart_or_a_table_row(sample_report, tmp_path, paper, size):
    from bs4 import BeautifulSoup

    from helpers.report_pdf import print_pdf

    pages = _pdf_pages(print_pdf(sample_report / SINGLE_FILE, tmp_path / f"{paper}.pdf", paper))
    soup = BeautifulSoup((sample_report / SINGLE_FILE).read_text(encoding="utf-8"), "html.parser")
    assert len(pages) >= len(default_notebooks()) + 1  # the front page on its own, then every page
    for number, ((width, height), _, pictures, image) in enumerate(pages, start=1):
        assert (width, height) == pytest.approx(size, abs=2), (
            f"page {number} is not {paper}"
        )  # Chromium rounds to 0.01 inch
        for left, bottom, right, top in pictures:  # a chart cut by a break would run off its page
            assert left >= 0 and right <= width and bottom >= 0 and top <= height, f"a chart is cut on page {number}"
            scale = image.shape[1] / width
            drawn = image[
                int((height - top) * scale) : int((height - bottom) * scale), int(left * scale) : int(right * scale)
            ]
            assert drawn.size and drawn.min() < 128, f"page {number}: a chart's place is blank"
    # Every chart is printed once, whole: one picture on one page for each image in the file.
    assert sum(len(pictures) for _, _, pictures, _ in pages) == len(soup.find_all("img"))
    # Every table row's text is on one page (a row cut by a break, or a wide table cut off at
    # the paper's edge, has no page holding all of it).
    rows = [["".join(c.get_text().split()) for c in tr.find_all(["th", "td"])] for tr in soup.find_all("tr")]
    rows = [[c for c in row if c] for row in rows if any(row)]
    texts = [text for _, text, _, _ in pages]
    cut = [row for row in rows if not any(all(cell in text for cell in row) for text in texts)]
    assert len(rows) > 100 and cut == [], f"{len(cut)} of {len(rows)} table rows are not whole on a page: {cut[:3]}"


def test_pdf_without_chromium_is_a_plain_message_before_anything_runs(tmp_path, monkeypatch, capsys):
    from helpers.__main__ import main

    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on it
    out = tmp_path / "report"
    assert main(["report", str(SAMPLE), "--out", str(out), "--pdf", "letter"]) == 1
    message = capsys.readouterr().err
    assert "Chromium, which is not installed" in message and "scripts/install_chromium.sh" in message
    assert "Traceback" not in message and not out.exists()
