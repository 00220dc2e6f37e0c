"""Before and around the pilot: the KPIs agreed and their minimum important differences,
how many tickets a pilot needs, and whether each vendor reached the targets the needs set.

The needs table's ``pilot_kpi``, ``target``, ``target_type`` and ``min_important_difference``
columns are read here (``helpers.needs`` checks them).
"""

from __future__ import annotations

import math

import pandas as pd

from helpers.data import InputError
from helpers.pilots.checks import resolve_min_important
from helpers.pilots.registry import KPIS
from helpers.pilots.sample_size import tickets_needed_for_rate
from helpers.tables import HIDDEN, PILOT_KPI, describe


def kpi_target(needs: pd.DataFrame, kpi: str) -> float | None:
    """The target the needs table sets for a pilot KPI (in the needs' unit, e.g. 90 for
    "90 % of tickets within the SLA"), or None when no need names that KPI with a target."""
    rows = _needs_with_kpi(needs)
    rows = rows[(rows["pilot_kpi"] == kpi) & rows["target"].notna()]
    return float(rows["target"].iloc[0]) if len(rows) else None


def _needs_with_kpi(needs: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(needs, pd.DataFrame):
        raise InputError(f"needs: expected a DataFrame, got {type(needs).__name__}")
    if "pilot_kpi" not in needs.columns or "target" not in needs.columns:
        return pd.DataFrame(columns=["need_id", "need", "pilot_kpi", "target", "target_type"])
    rows = needs[needs["pilot_kpi"].notna() & (needs["pilot_kpi"].astype(str).str.strip() != "")].copy()
    rows["pilot_kpi"] = rows["pilot_kpi"].astype(str).str.strip()
    rows["target"] = pd.to_numeric(rows["target"], errors="coerce")
    for column in ("need_id", "need", "target_type"):
        if column not in rows.columns:
            rows[column] = None
    return rows[rows["pilot_kpi"].isin(list(KPIS))]


def check_targets(summary: pd.DataFrame, needs: pd.DataFrame) -> pd.DataFrame:
    """Did each vendor reach the targets the needs set for the pilot KPIs?

    Takes a ``summarize`` result and the needs table (rows with ``pilot_kpi`` and a
    ``target``; ``target_type`` "min" = floor, "max" = ceiling, default from the KPI's
    direction). Rates are compared in percent. Returns one row per need and vendor:
    ``need_id, need, kpi, vendor, target, target_type, estimate, ci_low, ci_high`` (in the
    target's unit) and ``meets``: "yes" when the whole 95 % interval is on the right side of
    the target, "no" when it is all on the wrong side, otherwise "too close to call".
    """
    rows = []
    for _, need in _needs_with_kpi(needs).iterrows():
        if pd.isna(need["target"]):
            continue
        kpi = KPIS[need["pilot_kpi"]]
        kind = (
            need["target_type"] if need["target_type"] in ("min", "max") else ("min" if kpi.higher_is_better else "max")
        )
        scale = kpi.scale
        for _, row in summary[summary["kpi"] == kpi.name].iterrows():
            estimate, low, high = (row[c] * scale for c in ("estimate", "ci_low", "ci_high"))
            if row["n"] == 0 or pd.isna(estimate):
                meets = "no data"
            elif kind == "min":
                meets = "yes" if low >= need["target"] else "no" if high < need["target"] else ("too close to call")
            else:
                meets = "yes" if high <= need["target"] else "no" if low > need["target"] else ("too close to call")
            rows.append(
                dict(
                    need_id=need["need_id"],
                    need=need["need"],
                    kpi=kpi.name,
                    vendor=row["vendor"],
                    target=need["target"],
                    target_type=kind,
                    estimate=estimate,
                    ci_low=low,
                    ci_high=high,
                    meets=meets,
                )
            )
    return pd.DataFrame(
        rows,
        columns=["need_id", "need", "kpi", "vendor", "target", "target_type", "estimate", "ci_low", "ci_high", "meets"],
    )


def plan_pilot(needs: pd.DataFrame | None = None, min_important=None, csat_response_rate: float = 0.3) -> pd.DataFrame:
    """How many tickets per vendor a pilot needs to detect each rate KPI's minimum important
    difference (80 % power, 5 % two-sided) — before any pilot data exists: enough for the
    verdict (``judge``) to name the better vendor 80 % of the time when the true difference
    equals the minimum (``describe.plan_caption`` says it under the table).

    Takes the needs table (its targets become the expected levels: 70 for FCR means 70 %;
    KPIs without a target use typical support levels), the minimum important differences
    and the share of tickets that answer the CSAT survey. Returns a DataFrame indexed by kpi
    (the rate KPIs) with ``label, expected_pct, min_important_pp, tickets_needed`` and
    ``level_from`` ("needs" or "typical"). Durations and means need a pilot's spread, so
    they are not planned here.
    """
    mids = resolve_min_important(min_important)
    rows = {}
    for name, kpi in KPIS.items():
        if kpi.kind != "rate" or kpi.typical is None:
            continue
        typical = kpi.typical
        target = kpi_target(needs, name) if needs is not None else None
        level = typical if target is None else min(max(target / 100, 0.0), 1.0)
        needed = tickets_needed_for_rate(level, mids[name] / 100)
        if kpi.base == "responses":  # CSAT answers: tickets = responses / response rate
            needed = needed / csat_response_rate
        rows[name] = dict(
            label=kpi.label,
            expected_pct=level * 100,
            min_important_pp=mids[name],
            tickets_needed=math.ceil(needed) if math.isfinite(needed) else needed,
            level_from="typical" if target is None else "needs",
        )
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "kpi"
    return describe(frame, kpi=PILOT_KPI, label=HIDDEN)  # a reader sees the KPI's name once


def kpi_table(min_important=None) -> pd.DataFrame:
    """The KPIs agreed for the pilot: label, better direction, test and the minimum important
    difference (in its unit) with where it comes from ("needs" when given, else "default").

    Returns a DataFrame indexed by kpi.
    """
    mids = resolve_min_important(min_important)
    given = set((min_important or {}).keys()) if not isinstance(min_important, pd.Series) else set(min_important.index)
    rows = {
        k.name: {
            "label": k.label,
            "better": k.better,
            "min_important": mids[k.name],
            "unit": k.mid_unit,
            "source": "needs" if k.name in given else "default",
            "test": k.method.test,
        }
        for k in KPIS.values()
    }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "kpi"
    return describe(frame, kpi=PILOT_KPI, label=HIDDEN)  # a reader sees the KPI's name once
