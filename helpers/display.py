"""Sentences that carry user text, shown on a notebook page as text: never as markup.

Vendor names, red flags, notes, needs, references, site and criterion names are data. A page
renders both Markdown and HTML: a sentence sent as Markdown turns ``[x](javascript:…)`` into a
link that runs script, ``![t](https://…)`` into an image fetched from outside and a bare
``https://…`` into an outside link, even with its HTML escaped; a sentence sent as raw HTML runs
``<img onerror=…>``. So sentences leave as HTML with every user text escaped by ``escape`` (the
one place that does it) and never as Markdown: in escaped HTML, brackets, parentheses, URLs and
tags are only characters. Their plain text (``str``) is the sentence as written.

``strong(sentence)`` shows one sentence in bold, ``bullet_list(lines)`` a list of sentences;
both return a ``Shown`` that Jupyter and the report display as HTML. Hand-built HTML blocks
(``helpers.plots`` boxes, ``helpers.exercises.Feedback``) escape their user text with ``escape``.
"""

from __future__ import annotations

import html
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


def strong(sentence: str) -> Shown:
    """One sentence in bold (the headline of a page)."""
    return Shown(f'<p class="{NO_MATH}"><strong>{escape(sentence)}</strong></p>', str(sentence))


def bullet_list(lines: Iterable[str], empty: str = "Nothing.") -> Shown:
    """A bulleted list of sentences, or the sentence ``empty`` when there are none."""
    lines = [str(line) for line in lines]
    if not lines:
        return Shown(f'<p class="{NO_MATH}">{escape(empty)}</p>', str(empty))
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return Shown(f'<ul class="{NO_MATH}">{items}</ul>', "\n".join(f"- {line}" for line in lines))
