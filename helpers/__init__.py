"""Helpers for the Outsourcing Partner Selection Workbook.

Computation modules (needs, scoring, sensitivity, pilots, timezones) take and return pandas
objects and never read files, draw or print. I/O and validation live in ``helpers.data``,
charts in ``helpers.plots``, widgets in ``helpers.widgets``, report building in
``helpers.report``.
"""

__version__ = "0.1.0"

import zoneinfo as _zoneinfo
from importlib.metadata import version as _version

# Time zones come from the pinned `tzdata` package only, never from the machine's own database
# (/usr/share/zoneinfo, of whatever version the system has): zoneinfo would read that first, and
# the rules differ between versions (Africa/Casablanca from 20 September 2026), so the same
# project would give different answers on different machines. Every entry point (CLI, notebook
# kernels, tests) imports this package first; a zone already loaded is forgotten. docs/data.md.
_zoneinfo.reset_tzpath(to=[])
_zoneinfo.ZoneInfo.clear_cache()

# pandas is imported here only where it needs options: `python -m helpers` then starts in a
# few milliseconds, inside the CLI's handling of Ctrl-C, instead of half a second outside it.
if int(_version("pandas").split(".")[0]) < 3:  # pragma: no cover - Python 3.10 installs pandas 2.3
    import pandas as _pd

    # The helpers are written for pandas 3: text columns of the "str" dtype, whose missing
    # values stay missing (not the text "nan"), and copy-on-write. pandas 2.3 has both as options.
    _pd.set_option("future.infer_string", True)
    _pd.set_option("mode.copy_on_write", True)
    # pandas 2.3 announces pandas 3 behaviour the helpers already expect; not news to a reader.
    import warnings as _warnings

    for _message in ("Dtype inference on a pandas object", "The behavior of array concatenation with empty entries"):
        _warnings.filterwarnings("ignore", message=_message, category=FutureWarning)
