"""Run inside a report kernel: make the next notebook start as if in a fresh kernel.

The report runs its notebooks in two kernels, several notebooks each (``helpers.kernel``):
starting Python and importing pandas, matplotlib, scipy and the helpers once per kernel
instead of once per notebook saves a good part of a build's time. The price is state a
notebook leaves behind, so before each notebook ``forget_previous`` undoes what a notebook
can change: its variables and imports (``%reset``), the matplotlib settings
(back to those read at start-up, as a fresh kernel has them), pandas' display options, the
vendor colour order and the working folder. Warning filters stay: libraries add theirs when
first imported (numpy, scipy), and the workbook's notebooks change them only inside a
``catch_warnings`` block; a warning already shown once shows again. Notebooks are still
tested one per fresh kernel (nbval), and tests/test_kernel.py compares the two.
"""

from __future__ import annotations

import os
import sys
import warnings


def forget_previous(folder: str) -> None:
    """Undo what the previous notebook changed, and work in ``folder`` (the next notebook's).
    Only libraries the previous notebooks imported can hold their changes."""
    from IPython import get_ipython

    get_ipython().run_line_magic("reset", "-f")  # every name the notebook defined or imported
    if "matplotlib" in sys.modules:  # (its figures: the inline backend closes them after each cell)
        sys.modules["matplotlib"].rc_file_defaults()  # as read at start-up; the backend stays
    if "pandas" in sys.modules:
        sys.modules["pandas"].reset_option("^display\\.")  # the workbook sets none of them
    if "helpers.plots" in sys.modules:
        sys.modules["helpers.plots"].use_vendor_order([])
    # Leaving a catch_warnings block marks the filters changed, so a warning the previous
    # notebook showed once (the "default" action) shows again.
    with warnings.catch_warnings():
        pass
    os.chdir(folder)
