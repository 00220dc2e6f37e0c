"""A hostile copy of the worked example: every user-text cell of every table carries markup.

``payload_project(target)`` copies data/sample to ``target`` and appends ``PAYLOAD`` to every
free-text cell (names, notes, comments, topics, descriptions...). Names that other tables refer
to (vendors, criteria, sites' owners) are renamed the same way everywhere, so the project stays
valid and every step of the workbook still runs on it. Left as they are: codes the workbook
reads (need ids, ticket ids, countries, holiday codes, the currency, the ``client`` owner) and
the unit of the need with ``checks`` = overlap_hours (it must say hours). Every criterion is
renamed, the evidence criteria too: the evidence checks find them by the ``evidence`` column,
not by name, so their sentences are exercised with the payload in the names.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from helpers.needs import OVERLAP_CHECK
from helpers.schema import TABLES
from tests.conftest import SAMPLE

# Anything that ran, loaded or linked would set window.__pwned or leave the folder.
PAYLOAD = (
    ' <img src=x onerror="window.__pwned=1"> [x](javascript:window.__pwned=1)'
    " ![t](https://example.com/t.png) <script>window.__pwned=1</script>"
    " https://evil.example/a <https://evil.example/b> www.evil.example"
    " [r][1] *em* `code` <a href='javascript:window.__pwned=1'>a</a>\n\n[1]: https://evil.example/r"
)
# Kept as they are: codes and keywords the workbook reads (see the module docstring).
CODES = {"need_id", "ticket_id", "country", "holiday_country", "holiday_subdivision", "currency"}


def hostile(value: str) -> str:
    return value + PAYLOAD if value else value


def _hostile_column(table: str, column: str, frame: pd.DataFrame) -> pd.Series:
    values = frame[column]
    if column == "owner":
        return values.where(values == "client", values.map(hostile))
    if table == "needs" and column == "unit":
        return values.where(frame["checks"] == OVERLAP_CHECK, values.map(hostile))
    return values.map(hostile)


def payload_project(target: Path) -> Path:
    """Copy the worked example to ``target`` with ``PAYLOAD`` in every user-text cell."""
    shutil.copytree(SAMPLE, target)
    for table, spec in TABLES.items():
        path = target / f"{table}.csv"
        if not path.exists():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        text_columns = [c.name for c in spec.columns if c.kind == "str" and c.name not in CODES]
        for column in text_columns:
            if column in frame:
                frame[column] = _hostile_column(table, column, frame)
        frame.to_csv(path, index=False)
    return target
