"""Charts for the workbook: one style for every notebook (matplotlib only).

Every chart function takes pandas objects, returns the matplotlib ``Figure`` and leaves
showing it to the caller. Titles state the finding; axes carry units.
Topic modules: ``helpers.plots.needs``, ``.scoring``, ``.pilots``, ``.timezones``.
"""

from __future__ import annotations

import matplotlib

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
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
}


def use_style() -> None:
    """Apply the workbook's chart style (idempotent)."""
    matplotlib.rcParams.update(STYLE)


def new_figure(*args, **kwargs):
    """``plt.subplots`` with the workbook style applied; returns ``(fig, ax)``."""
    import matplotlib.pyplot as plt

    use_style()
    return plt.subplots(*args, layout="constrained", **kwargs)
