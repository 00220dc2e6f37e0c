"""Sentences that carry user text, shown on a notebook page as text: never as markup.

Vendor names, red flags, notes, needs, references, site and criterion names are data. A page
renders both Markdown and HTML: a sentence sent as Markdown turns ``[x](javascript:…)`` into a
link that runs script, ``![t](https://…)`` into an image fetched from outside and a bare
``https://…`` into an outside link, even with its HTML escaped; a sentence sent as raw HTML runs
``<img onerror=…>``. So sentences leave as HTML with every user text escaped by ``escape`` (the
one place that does it) and never as Markdown: in escaped HTML, brackets, parentheses, URLs and
tags are only characters. Their plain text (``str``) is the sentence as written.

This module is the workbook's one HTML layer: every piece of HTML the package shows is made
here. ``element`` writes a tag around its content, escaping every ``str`` in it and keeping
only what this module made (``Html``), so no user text can become markup whatever its
characters. On top of it: ``strong(sentence)`` (one sentence in bold) and
``bullet_list(lines)`` return a ``Shown`` that Jupyter and the report display as HTML;
``warning_box`` (the unmissable boxes of ``helpers.plots``), ``note`` (a calm line, the
exercises' feedback) and ``page`` (a whole page from a template in ``helpers/templates``,
the report's front page) return ``Html``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Iterable

# Math typesetters (MathJax in JupyterLab) skip elements of these classes: a "$" in a name
# stays a dollar sign.
NO_MATH = "tex2jax_ignore mathjax_ignore"


def escape(text: object) -> str:
    """``text`` (any value, shown as ``str``) as HTML text that can only ever show as written:
    ``& < > " '`` become entities, so nothing in it is a tag, an attribute or a link."""
    return html.escape(str(text), quote=True)


class Shown:
    """Sentences ready for a page: escaped HTML for Jupyter and the report (``_repr_html_``),
    the plain sentences for ``str``/``repr`` (and the report's front page)."""

    def __init__(self, html_text: str, plain: str):
        self._html, self._plain = html_text, plain

    def _repr_html_(self) -> str:
        return self._html

    def __str__(self) -> str:
        return self._plain

    __repr__ = __str__


class Html:
    """A piece of page made by this module: tags the workbook wrote, every text in them
    escaped. Content that is an ``Html`` is kept as it is; anything else is text. ``str`` is
    the markup; ``__html__`` lets a template take it unescaped (and only it)."""

    __slots__ = ("_markup",)

    def __init__(self, markup: str):
        # Only this module makes one: the markup must have come out of ``element``/``escape``.
        self._markup = markup

    def __str__(self) -> str:
        return self._markup

    def __html__(self) -> str:
        return self._markup

    _repr_html_ = __html__

    def __repr__(self) -> str:
        return f"Html({self._markup!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Html) and other._markup == self._markup

    def __hash__(self) -> int:
        return hash(self._markup)


_NAME = re.compile(r"[a-z][a-z0-9]*\Z")
_VOID = {"br", "hr", "img", "meta", "link", "input"}


def _markup(content) -> str:
    """``content`` as markup: an ``Html`` as it is, ``None`` as nothing, a list or generator
    part by part, anything else as escaped text."""
    if content is None:
        return ""
    if isinstance(content, Html):
        return content._markup
    if isinstance(content, (list, tuple)) or hasattr(content, "__next__"):
        return "".join(_markup(part) for part in content)
    return escape(content)


def element(tag: str, *content, **attributes) -> Html:
    """``<tag attributes>content</tag>``: text in ``content`` and every attribute value
    escaped, ``Html`` kept. ``class_`` is the ``class`` attribute; ``None`` leaves one out.

    >>> str(element("li", "<b>", element("b", "A & B"), class_="x"))
    '<li class="x">&lt;b&gt;<b>A &amp; B</b></li>'
    """
    if not _NAME.match(tag):
        raise ValueError(f"not a tag name: {tag!r}")
    written = []
    for name, value in attributes.items():
        name = name.rstrip("_").replace("_", "-")
        if not _NAME.match(name.replace("-", "")):
            raise ValueError(f"not an attribute name: {name!r}")
        if value is not None:
            written.append(f' {name}="{escape(value)}"')
    opening = f"<{tag}{''.join(written)}>"
    if tag in _VOID:
        if content:
            raise ValueError(f"<{tag}> has no content")
        return Html(opening)
    return Html(f"{opening}{_markup(content)}</{tag}>")


def join(parts: Iterable, separator: "str | Html" = "") -> Html:
    """``parts`` one after the other with ``separator`` (text, or ``Html`` such as a
    ``<br>``) between them.

    >>> str(join([element("b", "A"), "B<"], "; "))
    '<b>A</b>; B&lt;'
    >>> str(join(["line 1", "line <2>"], element("br")))
    'line 1<br>line &lt;2&gt;'
    """
    return Html(_markup(separator).join(_markup(part) for part in parts))


def strong(sentence: str) -> Shown:
    """One sentence in bold (the headline of a page)."""
    return Shown(str(element("p", element("strong", sentence), class_=NO_MATH)), str(sentence))


def bullet_list(lines: Iterable[str], empty: str = "Nothing.") -> Shown:
    """A bulleted list of sentences, or the sentence ``empty`` when there are none."""
    lines = [str(line) for line in lines]
    if not lines:
        return Shown(str(element("p", empty, class_=NO_MATH)), str(empty))
    items = element("ul", [element("li", line) for line in lines], class_=NO_MATH)
    return Shown(str(items), "\n".join(f"- {line}" for line in lines))


WARNING_SIGN = "\u26a0"


def warning_box(heading: str, items: Iterable, colour: str) -> Html:
    """A block nobody reads past: a framed box in ``colour`` headed "⚠ ``heading``", with a
    bulleted list of ``items`` (sentences, or ``Html`` that sets some words in bold)."""
    return element(
        "div",
        element("div", f"{WARNING_SIGN} {heading}", style=f"color:{colour};font-weight:bold;font-size:1.1em"),
        element("ul", [element("li", item) for item in items], style="margin:4px 0"),
        class_=NO_MATH,
        style=f"border:3px solid {colour};background:#fff3ee;padding:8px 14px;border-radius:4px",
    )


def note(colour: str, *content, tinted: bool = False) -> Html:
    """A calm block: ``content`` beside a bar in ``colour`` (on a tint of it if ``tinted``)."""
    background = f";background:{colour}14" if tinted else ""
    return element(
        "div",
        *content,
        class_=NO_MATH,
        style=f"border-left:6px solid {colour};padding:0.4em 0.8em;margin:0.3em 0{background}",
    )


TEMPLATES = Path(__file__).resolve().parent / "templates"


def page(template: str, **values) -> Html:
    """A whole page from the Jinja template ``template`` in ``helpers/templates``: every value
    it shows is escaped here (by ``escape``) unless it is ``Html``, attributes included."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # a value that skipped ``finalize`` is still escaped
        finalize=lambda value: value if isinstance(value, Html) else Html(escape(value)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return Html(environment.get_template(template).render(**values))
