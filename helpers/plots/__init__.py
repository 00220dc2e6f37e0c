"""Charts for the workbook: one style for every notebook (matplotlib only).

Every chart function takes pandas objects, returns the matplotlib ``Figure`` and leaves
showing it to the caller. Titles state the finding; axes carry units. User text (vendor, site
and criterion names) is drawn as it is: the style turns matplotlib's mathtext off.
Topic modules: ``helpers.plots.needs``, ``.scoring``, ``.pilots``, ``.timezones``.
"""

from __future__ import annotations

import functools
import sys

import matplotlib
from matplotlib.figure import Figure

# One palette for the whole workbook, colour-blind safe (Okabe-Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
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


def use_style() -> None:
    """Apply the workbook's chart style (idempotent)."""
    matplotlib.rcParams.update(STYLE)


def wrap_title(text: str, fig, room: float = 0.97, fontsize: float = 12) -> str:
    """``text`` with line breaks so that every line, in bold at ``fontsize``, fits in ``room``
    (a share) of the figure's width. Widths are measured, not guessed from a character count;
    the line breaks already in ``text`` stay."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=fontsize, weight="bold")
    width = room * fig.get_figwidth() * 72  # points

    def fits(line: str) -> bool:
        return text_to_path.get_text_width_height_descent(line, font, ismath=False)[0] <= width

    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            if line and not fits(f"{line} {word}"):
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "\n".join(lines)


def finding_title(fig, text: str) -> None:
    """The chart's finding as its title, top left, wrapped so that it is never cut off."""
    fig.suptitle(wrap_title(text, fig), x=0.01, ha="left", fontsize=12, fontweight="bold")


class Chart(Figure):
    """A workbook chart: a figure that lays itself out inside its canvas (constrained layout).

    So Jupyter can show its whole canvas instead of cropping it to what was drawn (the inline
    backend's default, ``bbox_inches="tight"``), and the crop's second drawing of every figure
    is saved. tests/test_report.py checks that no chart of the report is cut off at its edge.
    """


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
    ``Chart``."""
    import matplotlib.pyplot as plt

    use_style()
    fig, axes = plt.subplots(*args, layout="constrained", FigureClass=Chart, **kwargs)
    # After the figure exists: creating the first one is what sets up the inline backend. And
    # each time: the user may have changed the figure formats since.
    _show_charts_uncropped()
    return fig, axes
