"""The needs and criteria tables as every rule reads them: the vocabulary of docs/data.md,
the cleaning (every optional column present, text stripped, numbers checked) and each need's
target in words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data import InputError, require_columns
from helpers.needs._cells import _as_number, _require_keys, _text
from helpers.schema import TABLES

PRIORITIES = ("must", "should", "could")


# Column order of the needs table in docs/data.md (helpers.schema is the one description of
# the inputs); save_needs writes in this order.
NEEDS_COLUMNS = TABLES["needs"].column_names


def _clean_needs(needs: pd.DataFrame) -> pd.DataFrame:
    """The needs table with every optional column present, text stripped and priority in lower
    case. Raises InputError for a missing required column, a duplicate or blank need_id, an
    unknown priority, or a weight / target / minimum difference that is not a number >= 0."""
    require_columns(needs, "needs", ["need_id", "need", "priority"])
    table = needs.copy()
    for column in NEEDS_COLUMNS:
        if column not in table.columns:
            table[column] = np.nan
    table["need_id"] = _text(table["need_id"])
    _require_keys(table["need_id"], "needs.need_id", "need", "an id", "id")
    for column in ("need", "category", "criterion", "kpi", "unit", "measured_by", "pilot_kpi", "checks"):
        table[column] = _text(table[column])
    table["checks"] = table["checks"].str.lower()
    table["priority"] = _text(table["priority"]).str.lower()
    table["target_type"] = _text(table["target_type"]).str.lower()
    table["pilot_kpi"] = table["pilot_kpi"].str.lower()
    unknown = ~table["priority"].isin(PRIORITIES)
    if unknown.any():
        shown = ", ".join(f"{i}: {v!r}" for i, v in zip(table["need_id"][unknown], needs["priority"][unknown]))
        raise InputError(f"needs.priority: expected must, should or could, got {shown}.")
    for column in ("target", "weight", "min_important_difference"):
        table[column] = _as_number(table[column], "needs", column, table["need_id"])
    for column in ("weight", "min_important_difference"):
        negative = table[column] < 0
        if negative.any():
            shown = ", ".join(f"{i}: {v:g}" for i, v in zip(table["need_id"][negative], table[column][negative]))
            raise InputError(f"needs.{column}: expected a number >= 0, got {shown}.")
    return table


def _clean_criteria(criteria: pd.DataFrame) -> pd.DataFrame:
    """The criteria table with names stripped, weights as numbers >= 0 and ``source`` present
    (default "scores"). Raises InputError for a missing column, a blank or repeated criterion,
    or a weight that is not a number >= 0."""
    require_columns(criteria, "criteria", ["criterion", "weight"])
    table = criteria.copy()
    table["criterion"] = _text(table["criterion"])
    _require_keys(table["criterion"], "criteria.criterion", "criterion", "a name", "criterion")
    table["weight"] = _as_number(table["weight"], "criteria", "weight", table["criterion"])
    bad = table["weight"].isna() | (table["weight"] < 0)
    if bad.any():
        shown = ", ".join(f"{c}: {w!r}" for c, w in zip(table["criterion"][bad], criteria["weight"][bad]))
        raise InputError(f"criteria.weight: expected a number >= 0, got {shown}.")
    if "source" not in table.columns:
        table["source"] = "scores"
    table["source"] = _text(table["source"]).str.lower()
    return table


def _format_number(value: float) -> str:
    return f"{value:,.10g}"


def target_text(needs: pd.DataFrame) -> pd.Series:
    """Each need's target in words, the one rule for the checklist and the contract's KPIs:
    "at least 70 %", "at most 4 hours", "70 %" without a target type, "" without a target.
    Takes a needs table as loaded or cleaned (``target``, ``target_type``, ``unit``).

    >>> target_text(pd.DataFrame({"target": [70, 1500, None], "target_type": ["min", "MAX", "min"],
    ...                           "unit": ["%", None, "hours"]})).tolist()
    ['at least 70 %', 'at most 1,500', '']
    """
    target = pd.to_numeric(needs["target"], errors="coerce")
    number = target.map(lambda v: "" if pd.isna(v) else _format_number(v))
    prefix = _text(needs["target_type"]).str.lower().map({"min": "at least ", "max": "at most "}).fillna("")
    unit = _text(needs["unit"])
    unit = unit.where(unit == "", " " + unit)
    return (prefix + number + unit).where(target.notna(), "")
