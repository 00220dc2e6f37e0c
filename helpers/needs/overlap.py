"""The minimum daily time-zone overlap notebook 04 checks vendors against: which need (or
function) sets it (:func:`overlap_minimum`) and where it comes from in words."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.data import InputError
from helpers.needs.table import _clean_needs
from helpers.schema import NEED_CHECKS, OVERLAP_UNITS

# The needs.checks value of the need that sets the minimum daily overlap (helpers.schema).
OVERLAP_CHECK = NEED_CHECKS[0]


@dataclass(frozen=True)
class OverlapMinimum:
    """The minimum live overlap per client working day a vendor must reach, and where it
    comes from: the need with ``checks`` = overlap_hours (``need_id``), or, when no need sets
    one, the largest ``live_overlap_hours`` in ``functions`` (``function``)."""

    minutes: int
    need_id: str | None = None
    function: str | None = None

    def describe(self) -> str:
        """Where the minimum comes from, in one sentence (notebook 04 and the report)."""
        hours = f"{self.minutes / 60:g} h"
        if self.need_id is not None:
            return f"The minimum daily overlap, {hours}, is set by need {self.need_id} (checks = {OVERLAP_CHECK})."
        return (
            f"No need sets the minimum daily overlap (checks = {OVERLAP_CHECK}), so it is the largest "
            f"live_overlap_hours in functions: {hours}, for {self.function}."
        )


NO_OVERLAP_MINIMUM = (
    f"No need sets a minimum daily overlap (checks = {OVERLAP_CHECK}) and no function gives "
    "live_overlap_hours: the overlap is shown, but no vendor is checked against a minimum."
)


def describe_overlap_minimum(rule: OverlapMinimum | None) -> str:
    """Where the minimum daily overlap comes from, or that nothing sets one (notebook 04)."""
    return NO_OVERLAP_MINIMUM if rule is None else rule.describe()


def overlap_minimum(needs: pd.DataFrame, functions: pd.DataFrame | None = None) -> OverlapMinimum | None:
    """The minimum daily time-zone overlap a vendor must reach, or None when nothing sets one.

    The rule (docs/data.md): the need whose ``checks`` is ``overlap_hours`` sets it, its
    ``target`` in hours per working day (``unit`` empty or hours); when no need does, the
    largest ``live_overlap_hours`` among ``functions`` (when given) sets it, as the strictest
    function a vendor would serve. Raises InputError when two needs declare it, or its target
    is missing, outside 0-24, or its unit is not hours.
    """
    table = _clean_needs(needs)
    rows = table[table["checks"] == OVERLAP_CHECK]
    if len(rows) > 1:
        raise InputError(
            f"needs.checks: needs {', '.join(rows['need_id'])} all say {OVERLAP_CHECK}; "
            "expected at most one need setting the minimum daily overlap."
        )
    if len(rows) == 1:
        need_id, target, unit = rows["need_id"].iloc[0], rows["target"].iloc[0], rows["unit"].iloc[0]
        if pd.isna(target) or not 0 <= target <= 24:
            raise InputError(
                f"needs.target: need {need_id} has checks = {OVERLAP_CHECK} and target "
                f"{'empty' if pd.isna(target) else f'{target:g}'}; expected the minimum hours "
                "of live overlap per working day, from 0 to 24 (e.g. 2)."
            )
        if unit and unit.lower() not in OVERLAP_UNITS:
            raise InputError(
                f"needs.unit: need {need_id} has checks = {OVERLAP_CHECK} and unit {unit!r}; "
                f"expected {' or '.join(OVERLAP_UNITS)} (or empty)."
            )
        return OverlapMinimum(int(round(target * 60)), need_id=need_id)
    if functions is None or not len(functions) or "live_overlap_hours" not in functions.columns:
        return None
    hours = pd.to_numeric(functions["live_overlap_hours"], errors="coerce")
    if hours.notna().any():
        strictest = hours.idxmax()
        return OverlapMinimum(int(round(hours[strictest] * 60)), function=str(functions.loc[strictest, "function"]))
    return None


def min_overlap_minutes(needs: pd.DataFrame, functions: pd.DataFrame | None = None) -> int | None:
    """The minimum daily overlap in minutes (:func:`overlap_minimum`), or None."""
    found = overlap_minimum(needs, functions)
    return None if found is None else found.minutes
