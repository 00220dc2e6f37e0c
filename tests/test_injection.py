"""User text is data, never markup: not a link, not an image, not a script, on any page.

The unit tests put each payload through ``helpers.display`` and the report's own HTML exporter;
the end-to-end test builds the report of a project with a payload in every user-text cell of
every table (``tests.hostile``) and opens every page in Debian's Chromium.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from tests.conftest import CHROMIUM_ARGS, chromium_path
from tests.hostile import PAYLOAD, payload_project

PAYLOADS = [
    '<img src=x onerror="window.__pwned=1">',
    "[x](javascript:window.__pwned=1)",
    "![t](https://example.com/t.png)",
    "<script>window.__pwned=1</script>",
    "https://evil.example/a",
    "<https://evil.example/b>",
    "www.evil.example",
    "[r][1]\n\n[1]: https://evil.example/r",
    "<a href='javascript:window.__pwned=1'>a</a>",
    "*em* `code` $x$ # not a heading",
    PAYLOAD,
]
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background", "xlink:href"}


class _Elements(HTMLParser):
    """Every start tag of a fragment with its attributes, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _as_page(shown) -> _Elements:
    """``shown`` displayed in a notebook and exported as the report exports it: the elements
    of its output area."""
    from IPython.core.formatters import DisplayFormatter

    from helpers.report import _exporter

    data, _ = DisplayFormatter().format(shown)
    cell = nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output("display_data", data=data)])
    body, _ = _exporter().from_notebook_node(nbformat.v4.new_notebook(cells=[cell]))
    area = body.split('<div class="jp-OutputArea-child">', 1)[1].rsplit("</main>", 1)[0]
    parsed = _Elements()
    parsed.feed(area)
    return parsed


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("show", ["strong", "bullets", "empty", "feedback", "warning", "note"])
def test_a_sentence_shows_user_text_as_text(show, payload):
    from helpers import display
    from helpers.exercises import Feedback

    shown = {
        "strong": lambda: display.strong(payload),
        "bullets": lambda: display.bullet_list([f"{payload} leads", "second line"]),
        "empty": lambda: display.bullet_list([], empty=payload),
        "feedback": lambda: Feedback("not yet", payload, (payload,), payload),
        "warning": lambda: display.warning_box(payload, [payload, display.element("b", payload)], payload),
        "note": lambda: display.note(payload, display.element("i", payload), payload),
    }[show]()
    page = _as_page(shown)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"a", "img", "script", "iframe", "object", "embed", "link", "style", "svg"}, tags
    for tag, attrs in page.tags:
        assert not (URL_ATTRIBUTES & set(attrs)), f"<{tag}> has {attrs}"
        assert not any(name.startswith("on") for name in attrs), f"<{tag}> has {attrs}"
    assert " ".join(payload.split()) in " ".join("".join(page.text).split())  # shown as typed


def test_plain_text_of_a_sentence_is_the_sentence():
    from helpers import display

    assert str(display.strong(PAYLOAD)) == PAYLOAD
    assert str(display.bullet_list(["a", PAYLOAD])) == f"- a\n- {PAYLOAD}"
    assert str(display.bullet_list([], empty="None.")) == "None."


def test_front_page_summary_shows_the_headline_as_typed():
    from helpers import display
    from helpers.report import Page, page_title_and_summary, render_index

    cell = nbformat.v4.new_code_cell(
        "x",
        metadata={"tags": ["summary"]},
        outputs=[
            nbformat.v4.new_output(
                "execute_result",
                data={"text/html": display.strong(PAYLOAD)._repr_html_(), "text/plain": PAYLOAD},
                execution_count=1,
            )
        ],
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 05 Decision"), cell])
    title, summary = page_title_and_summary(nb)
    assert summary == " ".join(PAYLOAD.split())
    page = _Elements()
    page.feed(render_index([Page("05_decision_report.ipynb", title, summary, "05_decision_report.html", 1.0)], "x"))
    assert [attrs.get("href") for tag, attrs in page.tags if tag == "a"] == ["05_decision_report.html"]
    assert not any(tag in ("img", "script") for tag, _ in page.tags)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_front_page_shows_every_value_as_text(payload):
    from helpers.report import Page, render_index

    page = _Elements()
    page.feed(render_index([Page("05_decision_report.ipynb", payload, payload, payload, 1.0)], payload))
    assert [tag for tag, _ in page.tags].count("a") == 1
    assert not {tag for tag, _ in page.tags} & {"img", "script", "iframe", "object", "embed", "svg"}
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), f"<{tag}> has {attrs}"
    assert [attrs["href"] for tag, attrs in page.tags if tag == "a"] == [payload]  # a value, not markup
    assert " ".join(payload.split()) in " ".join("".join(page.text).split())


def test_html_is_made_only_by_the_display_layer():
    """A tag or attribute name is the code's, never data; text is text wherever it goes."""
    from helpers import display

    with pytest.raises(ValueError):
        display.element("img src=x onerror=alert(1)")
    with pytest.raises(ValueError):
        display.element("p", **{"onclick=alert(1) x": "y"})
    assert str(display.element("p", "<b>", title='"><script>')) == '<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;</p>'
    assert str(display.join(["<i>", display.element("i", "x")], "<br>")) == "&lt;i&gt;&lt;br&gt;<i>x</i>"


# ---------------------------------------------------------------------------------------------
# End to end: the report of a hostile project in a real browser
# ---------------------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)

# Every attribute that names a URL or a handler, with its element, as the browser sees the DOM.
DOM_URLS = """() => Array.from(document.querySelectorAll('*')).flatMap(el =>
    Array.from(el.attributes)
        .filter(a => /^(href|src|srcset|action|formaction|poster|data|background|xlink:href)$/i.test(a.name)
                     || /^on/i.test(a.name))
        .map(a => ({tag: el.tagName.toLowerCase(), name: a.name.toLowerCase(), value: a.value,
                    chart: el.tagName === 'IMG' && !!el.parentElement
                           && el.parentElement.classList.contains('jp-RenderedImage')})))"""
CHARTS = "() => Array.from(document.querySelectorAll('.jp-RenderedImage > img')).map(i => i.getAttribute('src'))"


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    from helpers.report import build_report

    project = payload_project(tmp_path_factory.mktemp("hostile") / "project")
    return build_report(project, tmp_path_factory.mktemp("hostile") / "report").parent


def _bad_urls(page) -> list[str]:
    """Attributes of the page that link or load anything but the report's own pages, anchors
    and the exporter's embedded charts (a PNG image in a chart's output area)."""
    bad = []
    for attribute in page.evaluate(DOM_URLS):
        name, value = attribute["name"], attribute["value"].strip()
        if name.startswith("on"):
            bad.append(f"<{attribute['tag']} {name}={value!r}>")
        elif (
            name == "href"
            and attribute["tag"] == "a"
            and (value.startswith("#") or ("/" not in value and ":" not in value and value.endswith(".html")))
        ):
            continue  # an anchor on the page, or a sibling page of the report
        elif name == "src" and attribute["chart"] and value.startswith("data:image/png;base64,"):
            continue
        else:
            bad.append(f"<{attribute['tag']} {name}={value[:80]!r}>")
    return bad


def test_hostile_text_never_reaches_a_page_as_markup(hostile_report):
    """Without a browser: the payload's tags appear on the pages only escaped (the browser test
    below checks what a reader's browser then does)."""
    pages = sorted(hostile_report.glob("*.html"))
    seen = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for tag in ("<script>window.__pwned", "<img src=x onerror", "<a href='javascript:"):
            assert tag not in text, f"{page.name} carries a live {tag!r} from user text"
        seen += text.count("&lt;script&gt;window.__pwned")
    assert seen, "the payload should appear on the pages, escaped"


@needs_chromium
def test_hostile_text_links_loads_and_runs_nothing(hostile_report):
    from playwright.sync_api import sync_playwright

    folder = hostile_report.resolve().as_uri() + "/"
    pages = sorted(hostile_report.glob("*.html"))
    assert len(pages) >= 7

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=True)
        requests: list[str] = []
        # Nothing may leave the folder: record every request and stop any that would.
        context.on("request", lambda request: requests.append(request.url))
        context.route(lambda url: not url.startswith(folder), lambda route: route.abort())
        charts: set[str] = set()  # the exporter's embedded charts, as the pages hold them

        def check(page, where: str):
            assert page.evaluate("window.__pwned") is None, f"{where} ran a planted script"
            assert _bad_urls(page) == [], where
            charts.update(page.evaluate(CHARTS))

        for path in pages:
            uri = path.resolve().as_uri()
            page = context.new_page()
            page.goto(uri, wait_until="load")
            check(page, path.name)
            text = page.locator("body").inner_text()
            for i in range(page.locator("a[href]").count()):
                if page.url.split("#")[0] != uri:
                    page.goto(uri, wait_until="load")
                link = page.locator("a[href]").nth(i)
                if link.get_attribute("href").startswith("#"):
                    link.evaluate("a => a.click()")
                else:
                    with page.expect_navigation(wait_until="load"):
                        link.evaluate("a => a.click()")
                check(page, f"{path.name} after clicking link {i + 1}")
            page.close()
            if path.name.startswith("05"):  # the decision page shows the payload as typed
                assert "![t](https://example.com/t.png)" in text and "[x](javascript:window.__pwned=1)" in text
        outside = [url[:80] for url in requests if not url.startswith(folder) and url not in charts]
        assert outside == [], f"requests that left the report folder: {outside}"
        browser.close()
