"""The whole report as one HTML file to send by mail (issue 17): the front page, then every page.

``single_file(front, pages)`` joins the front page (``index.html``) and the notebook pages, in
order, into one page that needs nothing but itself: the images are already embedded (data:
URIs), the pages' shared style sheet is included once, and every link between pages becomes a
link inside the file. Each page becomes a ``<section>`` whose id is ``SECTION_PREFIX`` and the
page's name (``page-02_score_partners``; the front page is ``FRONT_ID``); every id inside a page
gets its section's id and ``--`` in front, so ids stay unique across pages, and every reference
to an id (links, ``for``, ``headers``, ARIA, the pages' own ``<style>`` blocks) follows.

``write_single_file(folder, names)`` does it for a report folder and writes ``SINGLE_FILE``.

Markup is read by a real HTML parser (BeautifulSoup with ``html.parser``) and style sheets by a
real CSS parser (tinycss2): the pages are nbconvert's and a user's tables and charts are in them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import tinycss2
from bs4 import BeautifulSoup, Tag
from bs4.element import Stylesheet

SINGLE_FILE = "report.html"
FRONT_ID = "front"
SECTION_PREFIX = "page-"
PRINT_CSS = Path(__file__).resolve().parent / "templates" / "offline" / "print.css"
BACK_TO_FRONT = "Back to the front page"

# Attributes that hold one id, or a space-separated list of ids.
_ID_LIST_ATTRIBUTES = ("for", "headers", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns")
# SVG paint and reference attributes that may hold ``url(#id)``.
_URL_ATTRIBUTES = ("fill", "stroke", "clip-path", "mask", "filter", "marker-start", "marker-mid", "marker-end")


def section_id(name: str) -> str:
    """The id of the section holding the page saved as ``name`` (``index.html`` is the front)."""
    stem = Path(name).stem
    return FRONT_ID if name == "index.html" else f"{SECTION_PREFIX}{stem}"


def single_file(front: str, pages: list[tuple[str, str]], title: str | None = None) -> str:
    """One self-contained page: ``front`` (the front page's markup), then each of ``pages``
    (``(file name, markup)``, in reading order), each in its own ``<section>``.

    Links to a page of the report (``02_score_partners.html``, ``…html#Settings``,
    ``index.html``) and links inside a page (``#Settings``) become links to the matching place
    in the file; other links are left as they are. Style sheets in the pages' heads are
    included once (the notebook pages share theirs); the front page's own style sheet is
    limited to its section. ``title`` defaults to the front page's.

    >>> front = '<html><head><title>R</title></head><body><a href="a.html#x">A</a></body></html>'
    >>> page = '<html><body><main><h1 id="x">A</h1><a href="#x">up</a></main></body></html>'
    >>> out = BeautifulSoup(single_file(front, [("a.html", page)]), "html.parser")
    >>> [a["href"] for a in out.find_all("a")]
    ['#page-a--x', '#front', '#page-a--x']
    >>> [s["id"] for s in out.find_all("section")]
    ['front', 'page-a']
    """
    names = {name: section_id(name) for name, _ in pages}
    names["index.html"] = FRONT_ID
    front_soup = BeautifulSoup(front, "html.parser")
    head_parts: list[str] = []
    seen: set[str] = set()
    sections: list[str] = []
    body_attributes: dict = {}

    for style in _head_elements(front_soup, "style"):
        css = _scoped_css(style.get_text(), f"#{FRONT_ID}")
        head_parts.append(f"<style>{css}</style>")
    sections.append(str(_section(front_soup, FRONT_ID, names, "wb-front")))

    for name, markup in pages:
        soup = BeautifulSoup(markup, "html.parser")
        for element in _head_elements(soup, "style", "script"):
            if element.get("src") is None and element.get_text().strip() not in seen:  # shared by every page: once
                seen.add(element.get_text().strip())
                head_parts.append(str(element))
        if not body_attributes and soup.body is not None:
            body_attributes = dict(soup.body.attrs)
        sections.append(str(_section(soup, names[name], names, "wb-page")))

    print_css = PRINT_CSS.read_text(encoding="utf-8")
    if print_css.strip() not in seen:  # the pages carry it (offline template); the file needs it once
        head_parts.append(f"<style>{print_css}</style>")
    page_title = title or (front_soup.title.get_text() if front_soup.title else "Report")
    shell = BeautifulSoup("<!DOCTYPE html><html lang='en'><head></head><body></body></html>", "html.parser")
    shell.body.attrs = body_attributes
    head = (
        '<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_escaped(page_title)}</title>" + "".join(head_parts)
    )
    body_open = str(shell.body).split("</body>")[0]
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head>{head}</head>\n{body_open}\n'
        + "\n".join(sections)
        + "\n</body></html>\n"
    )


def write_single_file(folder: Path, names: list[str]) -> Path:
    """Write ``SINGLE_FILE`` into ``folder`` from its ``index.html`` and the pages ``names``
    (in reading order); returns its path."""
    folder = Path(folder)
    front = (folder / "index.html").read_text(encoding="utf-8")
    pages = [(name, (folder / name).read_text(encoding="utf-8")) for name in names]
    path = folder / SINGLE_FILE
    path.write_text(single_file(front, pages), encoding="utf-8")
    return path


def _escaped(text: str) -> str:
    from helpers.display import escape

    return escape(text)


def _head_elements(soup: BeautifulSoup, *tags: str) -> list[Tag]:
    return soup.head.find_all(tags) if soup.head is not None else []


def _section(soup: BeautifulSoup, own_id: str, names: dict[str, str], kind: str) -> Tag:
    """The page's body as a ``<section id=own_id>``: ids prefixed, links rewritten."""
    body = soup.body if soup.body is not None else soup
    main = body.find("main")
    content = main if main is not None else body  # one <main> per document: a page's becomes a section
    prefix = f"{own_id}--"
    ids = {tag["id"] for tag in content.find_all(id=True)}
    for tag in content.find_all(True):
        if tag.get("id"):
            tag["id"] = prefix + tag["id"]
        if tag.name == "a" and tag.get("name") in ids:
            tag["name"] = prefix + tag["name"]
        for attribute in ("href", "xlink:href"):
            if tag.get(attribute):
                tag[attribute] = _link(tag[attribute], own_id, names)
        for attribute in _ID_LIST_ATTRIBUTES:
            if tag.get(attribute):
                value = tag[attribute]
                values = value if isinstance(value, list) else value.split()
                tag[attribute] = " ".join(prefix + v if v in ids else v for v in values)
        for attribute in _URL_ATTRIBUTES:
            value = tag.get(attribute)
            if isinstance(value, str) and value.startswith("url(#") and value.endswith(")"):
                tag[attribute] = f"url(#{prefix}{value[5:-1]})"
        if tag.name == "style":
            tag.string = Stylesheet(_css_with_ids(tag.get_text(), ids, prefix))
    section = soup.new_tag("section", id=own_id, attrs={"class": kind})
    if kind == "wb-page":
        nav = soup.new_tag("nav", attrs={"class": "wb-back"})
        back = soup.new_tag("a", href=f"#{FRONT_ID}")
        back.string = BACK_TO_FRONT
        nav.append(back)
        section.append(nav)
    for child in list(content.contents):
        section.append(child.extract())
    return section


def _link(href: str, own_id: str, names: dict[str, str]) -> str:
    """``href`` as a link inside the single file when it points into the report."""
    if href.startswith("#"):
        return f"#{own_id}--{href[1:]}" if len(href) > 1 else f"#{own_id}"
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or parts.query:
        return href
    target = names.get(unquote(parts.path))
    if target is None:
        return href
    return f"#{target}--{parts.fragment}" if parts.fragment else f"#{target}"


def _css_with_ids(css: str, ids: set[str], prefix: str) -> str:
    """A page's own style sheet with its id selectors (``#T_abc_row0_col1``) renamed."""

    def rename(tokens):
        for token in tokens:
            if token.type == "hash" and token.is_identifier and token.value in ids:
                token.value = prefix + token.value
            elif getattr(token, "content", None) is not None and token.type in ("() block", "[] block", "function"):
                rename(token.arguments if token.type == "function" else token.content)
        return tokens

    rules = tinycss2.parse_stylesheet(css)
    for rule in rules:
        if rule.type == "qualified-rule":
            rename(rule.prelude)
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            rule.content = tinycss2.parse_stylesheet(_css_with_ids(tinycss2.serialize(rule.content), ids, prefix))
    return tinycss2.serialize(rules)


def _scoped_css(css: str, scope: str) -> str:
    """``css`` limited to the element ``scope``: ``body`` and ``html`` become the scope, every
    other selector is looked for inside it; ``@media`` blocks likewise. ``@page`` and other
    at-rules are dropped (the file has one page setup)."""
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
            scoped = []
            for selector in selectors:
                first, _, rest = selector.partition(" ")
                if first in ("body", "html"):
                    scoped.append(f"{scope} {rest}".strip())
                elif first.startswith(("body", "html")) and first[4:5] in (".", "[", ":"):
                    scoped.append(f"{scope}{first[4:]} {rest}".strip())
                else:
                    scoped.append(f"{scope} {selector}")
            out.append(f"{', '.join(scoped)} {{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content is not None:
            inner = _scoped_css(tinycss2.serialize(rule.content), scope)
            out.append(f"@media {tinycss2.serialize(rule.prelude).strip()} {{{inner}}}")
    return "\n".join(out)
