"""Charts for the workbook: one style for every notebook (matplotlib only).

Every chart function takes pandas objects, returns the matplotlib ``Figure`` and leaves
showing it to the caller. Titles state the finding; axes carry units. User text (vendor, site
and criterion names) is drawn as it is: the style turns matplotlib's mathtext off, and log axes
get plain number labels (``Chart``), as mathtext would otherwise be needed for their ``10^2``.
Topic modules: ``helpers.plots.needs``, ``.scoring``, ``.pilots``, ``.timezones``.
"""

from __future__ import annotations

import functools
import sys
import warnings

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter, LogFormatterMathtext
from matplotlib.transforms import Bbox

# One palette for the whole workbook, colour-blind safe (Okabe-Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Colours for vendors, one each, so that 12 vendors in one chart never share one: the six
# Okabe-Ito colours above (without yellow, too faint for a dot or a thin line on white, and
# black, which the charts use for medians and markers), then six of Paul Tol's "muted"
# scheme, then four more that tell apart less well. The first twelve were picked for distance
# in CIELAB, as seen with normal vision and simulated deuteranopia and protanopia (Machado
# 2009): every pair is at least 13 apart (delta E 1976) and stands out against white (contrast
# 2:1 or more); tests/test_chart_layout.py measures it. A chart of more than 16 vendors repeats
# colours; its legend or labels still name each one.
VENDOR_PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#332288",
    "#882255",
    "#117733",
    "#EE99AA",
    "#999933",
    "#EE6677",
    "#DDCC77",
    "#004488",
    "#994455",
    "#AA3377",
]
GOOD = "#009E73"
BAD = "#D55E00"
NEUTRAL = "#999999"

STYLE = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "font.size": 10,
    # Chart text is text: a '$' in a vendor or site name is a dollar, never mathematics.
    "text.parse_math": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
}


# Fonts tried in this order for a character DejaVu Sans (Latin, Greek, Cyrillic, Vietnamese)
# lacks, each only when installed: Chinese, Japanese and Korean, Indian scripts, Thai, Arabic,
# Hebrew. With none installed such characters show as boxes, and the chart says so once
# (``MissingGlyphs``); the tables beside it show the names in full.
FALLBACK_FONTS = [
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans CJK KR",
    "Droid Sans Fallback",
    "WenQuanYi Zen Hei",
    "Noto Sans Devanagari",
    "Lohit Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Tamil",
    "Noto Sans Thai",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
]


@functools.cache
def font_family() -> tuple[str, ...]:
    """DejaVu Sans, then the installed ones of ``FALLBACK_FONTS``."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ("DejaVu Sans", *(name for name in FALLBACK_FONTS if name in installed))


def use_style() -> None:
    """Apply the workbook's chart style (idempotent)."""
    matplotlib.rcParams.update(STYLE)
    matplotlib.rcParams["font.family"] = list(font_family())


def ink_on(colour, alpha: float = 1.0) -> str:
    """The colour of text written on ``colour`` (drawn with ``alpha`` over white): white on a
    dark colour, black on a light one, whichever contrasts more (WCAG relative luminance)."""
    from matplotlib.colors import to_rgb

    rgb = [alpha * c + (1 - alpha) for c in to_rgb(colour)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    # contrast with white (1.05 / (L + 0.05)) against contrast with black ((L + 0.05) / 0.05)
    return "white" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 else "black"


_vendor_order: list[str] = []


def use_vendor_order(vendors) -> None:
    """Colour vendors by their place in ``vendors`` (the project's vendor list, for example
    ``project.vendors["vendor"]``) in every chart drawn after this, so that a vendor has one
    colour in all of them, also in a chart that shows only some vendors (the pilot's)."""
    _vendor_order[:] = list(dict.fromkeys(str(v) for v in vendors))


def vendor_colours(vendors) -> dict:
    """One colour of ``VENDOR_PALETTE`` for each of ``vendors``: the colour of its place in the
    order ``use_vendor_order`` set, when that order has every one of them, else of its place in
    ``vendors`` sorted by name. Either way a vendor keeps its colour from chart to chart (the
    latter in charts of the same vendors), and up to 16 vendors in one chart never share one.
    The one place where charts get a colour for a vendor."""
    names = list(dict.fromkeys(vendors))
    known = {name: i for i, name in enumerate(_vendor_order)}
    if names and all(str(name) in known for name in names):
        colours = {name: VENDOR_PALETTE[known[str(name)] % len(VENDOR_PALETTE)] for name in names}
        # past 16 in the project's order, two of this chart's vendors could share a colour
        if len(set(colours.values())) == min(len(names), len(VENDOR_PALETTE)):
            return colours
    ordered = sorted(names, key=str)
    return {name: VENDOR_PALETTE[i % len(VENDOR_PALETTE)] for i, name in enumerate(ordered)}


class MissingGlyphs(UserWarning):
    """A chart has characters that no installed font draws (they show as boxes)."""


_GLYPH_WARNING = "Glyph .* missing from font"


def _report_missing_glyphs(caught) -> None:
    """Re-issue the warnings ``caught`` while drawing, matplotlib's one per missing character
    made into one plain sentence naming the characters."""
    import re

    missing = []
    for warning in caught:
        found = re.search(r"Glyph (\d+) .*missing from font", str(warning.message))
        if found:
            missing.append(chr(int(found.group(1))))
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    if missing:
        characters = ", ".join(list(dict.fromkeys(missing))[:12])
        warnings.warn(
            f"No installed font has some characters of this chart's names ({characters}): the chart "
            "shows them as boxes, the tables show the names in full. Installing a font that has them "
            "(for example Noto Sans CJK or Noto Sans Devanagari) and restarting the kernel draws them.",
            MissingGlyphs,
            stacklevel=3,
        )


# A title longer than this many lines is cut, ending in "…": a finding that long (a name of
# thousands of characters) would push the chart itself out of the figure.
MAX_TITLE_LINES = 8
# Names longer than this are shortened in tick labels and legends (ending in "…"): a longer
# label squeezes the plot to nothing, and its full text is in the tables beside the chart.
LABEL_CHARACTERS = 60


# Room for a short prefix before a name in a label ("12. ", "out: "): a name of
# LABEL_CHARACTERS keeps every character after it.
LABEL_PREFIX = 6
# A tick label or legend entry with a line longer than this is broken in two at the space
# nearest its middle: a 60-character name takes two lines, not half the chart's width.
LINE_CHARACTERS = 36


def shorten(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """``text`` with every line longer than ``limit`` characters cut to ``limit``, ending in "…"."""
    return "\n".join(line if len(line) <= limit else line[: limit - 1].rstrip() + "…" for line in str(text).split("\n"))


def fit_label(text: str) -> str:
    """A tick label or legend entry as a chart shows it: each line longer than
    ``LABEL_CHARACTERS`` and a prefix (``LABEL_PREFIX``) shortened to ``LABEL_CHARACTERS``
    (``shorten``), and a line longer than ``LINE_CHARACTERS`` broken in
    two at the space nearest its middle (a line without spaces stays whole)."""
    lines = []
    text = "\n".join(
        line if len(line) <= LABEL_CHARACTERS + LABEL_PREFIX else shorten(line) for line in str(text).split("\n")
    )
    for line in text.split("\n"):
        spaces = [i for i, c in enumerate(line) if c == " "]
        if len(line) <= LINE_CHARACTERS or not spaces:
            lines.append(line)
            continue
        cut = min(spaces, key=lambda i: abs(2 * i - len(line)))
        lines += [line[:cut].rstrip(), line[cut + 1 :].lstrip()]
    return "\n".join(lines)


def legend_columns(fig, labels, fontsize: float = 8) -> int:
    """How many columns of ``labels`` a legend across ``fig``'s width holds: as many as the
    longest line (after ``fit_label``) allows, at most one per label."""
    longest = max((len(line) for text in labels for line in fit_label(str(text)).split("\n")), default=1)
    # a column: its text (an average character is about 0.6 of the font size wide) plus the
    # handle and the gaps, about 4 font sizes
    column = fontsize * (0.6 * longest + 4)
    return max(1, min(len(labels), int(0.95 * fig.get_figwidth() * 72 // column)))


def legend_below(fig, handles, labels, fontsize: float = 8, **kwargs):
    """The chart's legend below its axes, outside the data, as wide as the figure allows (the
    constrained layout keeps room for it). Labels are drawn as ``fit_label`` makes them. A
    legend of more than one line makes the figure that much taller: the data keeps its room."""
    labels = [fit_label(str(text)) for text in labels]
    columns = legend_columns(fig, labels, fontsize)
    rows = -(-len(labels) // columns)
    lines = max((text.count("\n") + 1 for text in labels), default=1)
    fig.set_figheight(fig.get_figheight() + (rows * lines - 1) * 1.4 * fontsize / 72)
    return fig.legend(handles, labels, loc="outside lower center", fontsize=fontsize, ncols=columns, **kwargs)


def text_width(text: str, fontsize: float = 10) -> float:
    """The width of ``text`` drawn at ``fontsize``, in inches (its widest line; measured)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=fontsize)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", _GLYPH_WARNING)
        return (
            max(
                text_to_path.get_text_width_height_descent(line, font, ismath=False)[0]
                for line in str(text).split("\n")
            )
            / 72
        )


def fit_to_figure(text):
    """Mark ``text`` (a matplotlib Text) to be shortened, ending in "…", if it reaches past the
    figure's edge when drawn (for texts whose length the user sets, like red flags)."""
    text._fit_to_figure = True
    return text


def keep_in_axes(text):
    """Mark ``text`` (a matplotlib Text in an axes, like a note beside a marker) to be kept
    inside its axes when drawn: moved sideways as far as it reaches past the axes' left or
    right edge, and first shortened, ending in "…", if it is wider than the axes. The layout
    leaves it out (it never squeezes the axes to make room for it)."""
    text._keep_in_axes = (text.get_text(), text.get_position())
    text.set_in_layout(False)
    return text


def _keep_texts_in_axes(fig, renderer) -> None:
    """Place the texts marked with ``keep_in_axes`` inside their axes, from where the chart put
    them (so that drawing again, after the layout changed, starts afresh)."""
    for ax in fig.axes:
        for text in ax.texts:
            original = getattr(text, "_keep_in_axes", None)
            if original is None:
                continue
            content, position = original
            text.set_text(content)
            text.set_position(position)
            pad = renderer.points_to_pixels(3)  # clear of the axis line
            box = ax.get_window_extent(renderer)
            room = Bbox.from_extents(box.x0 + pad, box.y0, box.x1 - pad, box.y1)
            limit = max(len(line) for line in content.split("\n"))
            while text.get_window_extent(renderer).width > room.width and limit > 8:
                limit = int(limit * 0.9)
                text.set_text(shorten(content, limit))
            box = text.get_window_extent(renderer)
            shift = room.x0 - box.x0 if box.x0 < room.x0 else room.x1 - box.x1 if box.x1 > room.x1 else 0.0
            if shift:
                transform = text.get_transform()
                x, y = transform.transform(position)
                text.set_position(transform.inverted().transform((x + shift, y)))


def _lines_that_fit(paragraph: str, fits, advance, most: int) -> list[str]:
    """``paragraph`` cut into lines that ``fits`` (stopping after ``most`` lines), each broken at its
    last space when there
    is one, else inside a word too long for a line. The break is found from the characters'
    advance widths (``advance``, each character measured once), then each line is measured
    whole and shortened word by word in the rare case kerning makes it too wide."""
    import bisect
    from itertools import accumulate

    ends = list(accumulate((advance(c) for c in paragraph), initial=0.0))
    lines, start = [], 0
    while len(lines) < most:
        if start >= len(paragraph):
            return lines or [""]
        # the most characters whose widths add up to the line's room (at least one)
        stop = max(start + 1, bisect.bisect_right(ends, ends[start] + fits.width) - 1)
        if stop >= len(paragraph) and fits(paragraph[start:]):
            lines.append(paragraph[start:])
            return lines
        stop = min(stop, len(paragraph))
        while True:
            space = paragraph.rfind(" ", start, stop + 1)
            cut = space if space > start else stop
            # A line cut inside a word keeps a margin: drawn on screen, each glyph's width is
            # rounded to whole pixels, and a line of only letters adds those roundings up.
            if fits(paragraph[start:cut], 1.0 if cut == space else 0.94) or cut - start <= 1:
                break
            stop = cut - 1
        lines.append(paragraph[start:cut])
        start = cut + 1 if cut == space else cut
    return lines + ([paragraph[start:]] if start < len(paragraph) else [])


def wrap_title(text: str, fig, room: float = 0.97, fontsize: float = 12, weight: str = "bold") -> str:
    """``text`` with line breaks so that every line, in ``weight`` at ``fontsize``, fits in ``room``
    (a share) of the figure's width. Widths are measured, not guessed from a character count;
    the line breaks already in ``text`` stay. A word wider than the line is broken inside it,
    and a title of more than ``MAX_TITLE_LINES`` lines is cut there, ending in "…". Each
    character is measured once and each line once, so a name of thousands of characters
    stays fast (``make bench`` times one)."""
    from functools import lru_cache

    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=fontsize, weight=weight)
    width = room * fig.get_figwidth() * 72  # points

    def measure(line: str) -> float:
        return text_to_path.get_text_width_height_descent(line, font, ismath=False)[0]

    def fits(line: str, share: float = 1.0) -> bool:
        return measure(line) <= share * width

    fits.width = width
    advance = lru_cache(maxsize=None)(measure)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", _GLYPH_WARNING)  # said once, when the chart is drawn
        return _wrap_paragraphs(text, fits, advance)


def _wrap_paragraphs(text: str, fits, advance) -> str:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_lines_that_fit(paragraph, fits, advance, MAX_TITLE_LINES + 1 - len(lines)))
        if len(lines) > MAX_TITLE_LINES:
            break
    if len(lines) > MAX_TITLE_LINES:
        last = lines[MAX_TITLE_LINES - 1]
        while last and not fits(last + "…", 0.94):
            last = last[:-1]
        lines = lines[: MAX_TITLE_LINES - 1] + [last.rstrip() + "…"]
    return "\n".join(lines)


def finding_title(fig, text: str) -> None:
    """The chart's finding as its title, top left, wrapped so that it is never cut off."""
    fig.suptitle(wrap_title(text, fig), x=0.01, ha="left", fontsize=12, fontweight="bold")


class Chart(Figure):
    """A workbook chart: a figure that lays itself out inside its canvas (constrained layout).

    So Jupyter can show its whole canvas instead of cropping it to what was drawn (the inline
    backend's default, ``bbox_inches="tight"``), and the crop's second drawing of every figure
    is saved. tests/test_report.py checks that no chart of the report is cut off at its edge.
    Before it is laid out, tick labels and legend entries are fitted (``fit_label``: shortened
    to ``LABEL_CHARACTERS``, broken in two lines past ``LINE_CHARACTERS``), and any other text
    with a line twice as long, or marked with ``fit_to_figure``, that would reach past the
    figure's edge is shortened until it fits; a text marked with ``keep_in_axes`` is moved
    (and if need be shortened) to lie inside its axes. Log and symlog axes label their ticks with plain
    numbers (``PlainLogFormatter``). Characters no installed font has are reported in one
    warning (``MissingGlyphs``), not one per character.
    """

    def draw(self, renderer):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _plain_log_labels(self)
            _shorten_labels(self)
            if self.get_layout_engine() is not None and any(
                getattr(text, "_fit_to_figure", False) or hasattr(text, "_keep_in_axes")
                for ax in self.axes
                for text in ax.texts
            ):
                self.get_layout_engine().execute(self)  # where the layout puts them, measured
            _keep_texts_in_axes(self, renderer)
            _fit_long_texts(self, renderer)
            super().draw(renderer)
        _report_missing_glyphs(caught)


def _plain_number(x: float) -> str:
    """A tick value as plain text: ``0.01``, ``5``, ``1,000``, ``1e+09``."""
    return f"{x:,.12g}"


class PlainLogFormatter(LogFormatter):
    """matplotlib's formatter for log axes, writing plain numbers (``100``, ``0.1``, ``1,000``)
    where matplotlib writes mathtext (``$\\mathdefault{10^{2}}$``), which the workbook's style
    turns off so that user text is never read as mathematics. Same arguments as
    ``matplotlib.ticker.LogFormatter``; which ticks are labelled stays matplotlib's choice."""

    def _num_to_string(self, x, vmin, vmax):
        return _plain_number(x)

    def __call__(self, x, pos=None):
        text = super().__call__(x, pos)  # drops the sign (symlog's negative side): put it back
        return self.fix_minus("-" + text) if x < 0 and text else text


def _plain_log_labels(fig) -> None:
    """Give every log or symlog axis of ``fig`` that still has matplotlib's default (mathtext)
    formatter a ``PlainLogFormatter`` with the same settings. A formatter set by the chart's
    own code is kept; the axis keeps counting its formatter as the default one, so a later
    change of scale replaces it as before."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for which in ("major", "minor"):
                formatter = getattr(axis, f"get_{which}_formatter")()
                if not isinstance(formatter, LogFormatterMathtext):
                    continue
                plain = PlainLogFormatter()
                vars(plain).update(vars(formatter))  # its base, thresholds, which ticks to label
                default = getattr(axis, f"isDefault_{which[:3]}fmt")
                getattr(axis, f"set_{which}_formatter")(plain)
                setattr(axis, f"isDefault_{which[:3]}fmt", default)


def _shorten_labels(fig) -> None:
    """Shorten over-long tick labels (fixed or categorical) and legend entries of ``fig``."""
    from matplotlib.category import StrCategoryFormatter
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            formatter = axis.get_major_formatter()
            if getattr(formatter, "_labels_shortened", False):
                continue
            if isinstance(formatter, FixedFormatter):  # labels given as a list
                formatter.seq = [fit_label(label) for label in formatter.seq]
            elif isinstance(formatter, FuncFormatter):  # set_ticks(ticks, labels) makes one
                formatter.func = lambda x, pos=None, inner=formatter.func: fit_label(inner(x, pos))
            elif isinstance(formatter, StrCategoryFormatter):  # bars drawn against names
                formatter = FuncFormatter(lambda x, pos=None, inner=formatter: fit_label(inner(x, pos)))
                axis.set_major_formatter(formatter)
            else:
                continue
            formatter._labels_shortened = True
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None] + list(fig.legends)
    for legend in legends:
        for text in legend.get_texts():
            if any(len(line) > LINE_CHARACTERS for line in text.get_text().split("\n")):
                text.set_text(fit_label(text.get_text()))


def _fit_long_texts(fig, renderer) -> None:
    """Shorten a text (annotation, axis label, axes title) that has a line longer than twice
    ``LABEL_CHARACTERS`` and reaches past the figure's edge, until it fits (ending in "…").
    Texts with only shorter lines (titles already wrapped, axis labels) are not even measured:
    the check costs nothing on ordinary charts, and a text that fits is left as it is."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        if text is fig._suptitle or not text.get_visible():
            continue
        content = text.get_text()
        limit = max(len(line) for line in content.split("\n"))
        if limit <= 2 * LABEL_CHARACTERS and not getattr(text, "_fit_to_figure", False):
            continue
        while limit > 8:
            box = text.get_window_extent(renderer)
            if box.x0 >= 0 and box.x1 <= fig.bbox.width:
                break
            limit = min(LABEL_CHARACTERS, int(limit * 0.85))
            text.set_text(shorten(content, limit))


def _show_charts_uncropped() -> None:
    """In IPython, display a ``Chart`` as any figure is displayed there, without the crop."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    for formatter in shell.display_formatter.formatters.values():
        show = formatter.type_printers.get(Figure)  # set by the inline backend, per format
        if show is not None:
            formatter.for_type(Chart, functools.partial(show, bbox_inches=None))


def new_figure(*args, **kwargs):
    """``plt.subplots`` with the workbook style applied; returns ``(fig, ax)``, ``fig`` a
    ``Chart``.

    >>> fig, ax = new_figure(figsize=(6, 3))
    >>> type(fig).__name__, fig.get_size_inches().tolist()
    ('Chart', [6.0, 3.0])
    """
    import matplotlib.pyplot as plt

    use_style()
    fig, axes = plt.subplots(*args, layout="constrained", FigureClass=Chart, **kwargs)
    # After the figure exists: creating the first one is what sets up the inline backend. And
    # each time: the user may have changed the figure formats since.
    _show_charts_uncropped()
    return fig, axes


def empty_chart(message: str, figsize: tuple[float, float] | None = None):
    """A chart with nothing to draw: an empty figure whose title says why ("No criteria").
    The one place for it: every chart function returns this when its data is empty."""
    fig, ax = new_figure(figsize=figsize)  # None: the style's default size
    finding_title(fig, message)
    ax.set_axis_off()
    return fig
