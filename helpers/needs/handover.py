"""The needs checklist and what it hands to later steps: each need's role in the partner
scoring (:func:`checklist`: knock-out or weight), the minimum important differences notebook 03
uses (:func:`min_important_differences`) and both hand-overs as one table
(:func:`handover_table`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.data import InputError
from helpers.needs.overlap import min_overlap_minutes
from helpers.needs.table import _clean_needs, target_text
from helpers.needs.weights import _need_weights
from helpers.pilots.registry import KPIS as PILOT_KPI_ENTRIES
from helpers.schema import PILOT_KPIS

# Pilot KPIs (helpers.pilots.registry) and the unit their minimum important difference is
# written in, in helpers.schema.PILOT_KPIS order.
RATE_KPIS = tuple(name for name, kpi in PILOT_KPI_ENTRIES.items() if kpi.kind == "rate")
PILOT_KPI_UNITS = {name: kpi.mid_unit_long for name, kpi in PILOT_KPI_ENTRIES.items()}


def checklist(needs: pd.DataFrame) -> pd.DataFrame:
    """The needs as a checklist: what each need becomes in the partner scoring.

    Returns a DataFrame, one row per need in input order: ``need_id, need, priority, role``
    ("knock-out (pass/fail)" for a must, "weight 12.5 %" for a should/could),
    ``weight_pct`` (should/could only, see :func:`need_weights`; NaN for musts), ``criterion``,
    ``kpi``, ``target`` (in words, e.g. "at least 70 %") and ``measured_by``.
    Raises like :func:`need_weights`.
    """
    table = _clean_needs(needs)
    weights = _need_weights(table)["weight_pct"]
    must = table["priority"] == "must"
    return pd.DataFrame(
        {
            "need_id": table["need_id"],
            "need": table["need"],
            "priority": table["priority"],
            "role": pd.Series(np.where(must, "knock-out (pass/fail)", "weighted criterion"), index=table.index).where(
                must, "weight " + table["need_id"].map(weights).map(lambda v: f"{v:.3g} %")
            ),
            "weight_pct": table["need_id"].map(weights).astype(float),
            "criterion": table["criterion"],
            "kpi": table["kpi"],
            "target": target_text(table),
            "measured_by": table["measured_by"],
        }
    ).reset_index(drop=True)


def min_important_differences(needs: pd.DataFrame) -> dict[str, float]:
    """Minimum important differences for the pilot comparison, per pilot KPI.

    Reads the needs' ``pilot_kpi`` and ``min_important_difference`` columns (only rows with
    both). Units of the returned values:

    - rate KPIs (fcr, sla, escalation, reopen, csat_top2): percentage points, as the table
      states them (3 means 3 points) and as ``helpers.pilots.compare(min_important=...)`` takes them;
    - handle_time: seconds; first_response: minutes;
    - csat: points on the 1-5 scale; qa: QA points (0-100).

    Returns a dict pilot_kpi -> float, ready for ``helpers.pilots.compare(min_important=...)``
    (empty when no need sets one; helpers.pilots then uses its defaults). Raises InputError for
    an unknown pilot_kpi, a rate difference above 100 pp, or
    two needs giving different values for the same pilot KPI.
    """
    table = _clean_needs(needs)
    rows = table[(table["pilot_kpi"] != "") & table["min_important_difference"].notna()]
    _check_pilot_kpis(table)
    rate = rows["pilot_kpi"].isin(RATE_KPIS)
    too_big = rate & (rows["min_important_difference"] > 100)
    if too_big.any():
        raise InputError(
            "needs.min_important_difference: expected percentage points between 0 and 100 for "
            "rate KPIs, got "
            + ", ".join(
                f"{i}: {v:g}" for i, v in zip(rows["need_id"][too_big], rows["min_important_difference"][too_big])
            )
            + "."
        )
    conflict = _min_important_conflict(table)
    if conflict is not None:
        raise InputError(conflict.message())
    return {kpi: float(v) for kpi, v in zip(rows["pilot_kpi"], rows["min_important_difference"])}


@dataclass(frozen=True)
class MinImportantConflict:
    """Needs that give one pilot KPI different minimum important differences."""

    kpi: str
    need_ids: tuple[str, ...]
    values: tuple[float, ...]

    def message(self) -> str:
        return (
            f"needs.min_important_difference: needs {', '.join(self.need_ids)} give different "
            f"minimum important differences for pilot KPI {self.kpi} "
            f"({', '.join(f'{v:g}' for v in self.values)}); expected one."
        )


def _min_important_conflict(table: pd.DataFrame) -> MinImportantConflict | None:
    """The first pilot KPI (alphabetically) to which the cleaned needs give two different
    minimum important differences, or None."""
    rows = table[(table["pilot_kpi"] != "") & table["min_important_difference"].notna()]
    values = rows["min_important_difference"]
    conflicts = values.groupby(rows["pilot_kpi"]).nunique()
    conflicts = conflicts[conflicts > 1]
    if not len(conflicts):
        return None
    kpi = conflicts.index[0]
    clash = rows[rows["pilot_kpi"] == kpi]
    values = tuple(float(v) for v in clash["min_important_difference"])
    return MinImportantConflict(kpi, tuple(clash["need_id"]), values)


def handover_table(needs: pd.DataFrame) -> pd.DataFrame:
    """What later notebooks take from the needs, as one readable table.

    One row for the minimum daily overlap (from :func:`min_overlap_minutes`, in minutes) and
    one per pilot KPI with a minimum important difference (from
    :func:`min_important_differences`, in the unit notebook 03 uses). Columns: ``used_by``,
    ``setting``, ``value``, ``unit``. Empty when the needs set neither.
    Raises what those two functions raise.
    """
    rows = []
    overlap = min_overlap_minutes(needs)
    if overlap is not None:
        rows.append(("notebook 04", "minimum overlap per working day", float(overlap), "minutes"))
    for kpi, value in min_important_differences(needs).items():
        rows.append(("notebook 03", f"minimum important difference in {kpi}", value, PILOT_KPI_UNITS[kpi]))
    return pd.DataFrame(rows, columns=["used_by", "setting", "value", "unit"]).astype({"value": float})


def _check_pilot_kpis(table: pd.DataFrame) -> None:
    unknown = (table["pilot_kpi"] != "") & ~table["pilot_kpi"].isin(PILOT_KPIS)
    if unknown.any():
        shown = ", ".join(f"{i}: {k!r}" for i, k in zip(table["need_id"][unknown], table["pilot_kpi"][unknown]))
        raise InputError(f"needs.pilot_kpi: expected one of {', '.join(PILOT_KPIS)}, got {shown}.")
