"""Run inside a report kernel: make the next notebook start as if in a fresh kernel.

The report runs its notebooks in two kernels, several notebooks each (``helpers.kernel``):
starting Python and importing pandas, matplotlib, scipy and the helpers once per kernel
instead of once per notebook saves most of a build's time. The price is state a notebook
leaves behind, so before each notebook ``forget_previous`` undoes everything a notebook can
change: its variables and imports (``%reset``), open figures, the matplotlib and pandas
display settings, the warning filters, the vendor colour order and the working folder.
``remember`` records that state once, right after the kernel has imported what every
notebook imports first (``helpers`` and pyplot), which is the state a notebook sees in a
fresh kernel after its first cell. Notebooks are still tested one per fresh kernel (nbval).
"""

from __future__ import annotations

import os
import warnings

_fresh: dict = {}


def remember() -> None:
    """Import what every notebook imports first and record the state the notebooks may change."""
    import matplotlib
    import matplotlib.pyplot  # noqa: F401 - activates the kernel's inline backend, as a notebook does

    import helpers  # noqa: F401 - sets the pandas options and warning filters of the workbook

    _fresh.update(rc=matplotlib.rcParams.copy(), warnings=list(warnings.filters))


def forget_previous(folder: str) -> None:
    """Undo what the previous notebook changed, and work in ``folder`` (the next notebook's)."""
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython import get_ipython

    from helpers.plots import use_vendor_order

    get_ipython().run_line_magic("reset", "-f")  # every name the notebook defined or imported
    plt.close("all")
    matplotlib.rcParams.update(_fresh["rc"])
    pd.reset_option("^display\\.")  # the workbook sets none of them: a fresh kernel has the defaults
    warnings.resetwarnings()  # a warning shown once by the previous notebook shows again
    warnings.filters[:] = _fresh["warnings"]
    use_vendor_order([])
    os.chdir(folder)
