"""Compare pilot trials of outsourcing vendors honestly (methods: docs pilots.md).

A one-month pilot of about 1,000 tickets per vendor can only detect rate differences of
roughly five percentage points. This module estimates each KPI per vendor with a 95 %
interval, compares two vendors KPI by KPI (difference, interval, p-value, verdict in words,
and how many tickets would be needed to tell), and compares three or more vendors with an
omnibus test followed by Holm-corrected pairs.

KPIs (the ``kpi`` names used everywhere), their estimate and the unit of ``min_important``:

- ``fcr`` first-contact resolution, ``sla`` first response within the SLA, ``escalation``
  and ``reopen`` (lower is better), ``csat_top2`` CSAT answers of 4 or 5: shares (0..1);
  minimum important difference in percentage points;
- ``handle_time`` (seconds) and ``first_response`` (minutes), lower is better: medians;
  minimum important difference in seconds and minutes;
- ``csat`` (1..5) and ``qa`` (0..100): means; minimum important difference in points.

Rates are returned as shares between 0 and 1 (``estimate``, ``diff`` and intervals alike);
minimum important differences for rates are given in percentage points (3 means 0.03), the
way the needs table states them.

Computation only: functions take and return pandas objects and never read files, draw or
print. scipy is imported inside the functions that need it, so that importing this module
stays light.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from statistics import NormalDist
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from helpers.data import InputError

__all__ = [
    "KPIS",
    "DEFAULT_MIN_IMPORTANT",
    "MIN_SAMPLE",
    "VERDICTS",
    "ManyVendorComparison",
    "KpiReport",
    "wilson_interval",
    "newcombe_interval",
    "pooled_z_test",
    "judge",
    "tickets_needed_for_rate",
    "tickets_needed_for_mean",
    "summarize",
    "weekly_summary",
    "compare",
    "compare_all",
    "holm",
    "kpi_table",
    "plan_pilot",
    "kpi_target",
    "check_targets",
    "pilot_overview",
    "routing_balance",
    "sla_by_priority",
    "csat_distribution",
    "describe_trends",
    "headline",
    "choose_pair",
    "compared_vendors",
    "PilotShape",
    "pilot_shape",
    "describe_pilot",
    "describe_pairs",
    "key_points",
    "format_summary",
    "format_comparison",
    "trend_headline",
    "kpi_values",
    "kpi_report",
    "simulate_tickets",
    "KPI",
]

# ---------------------------------------------------------------------------------------
# KPI registry
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KPI:
    """One pilot KPI: where its values come from and how it is judged."""

    name: str
    label: str
    column: str  # the pilot_tickets column it is computed from
    kind: str  # "rate" | "median" | "csat" | "mean"
    higher_is_better: bool
    unit: str  # unit of the estimate as shown to a reader
    mid_unit: str  # unit of the minimum important difference ("percentage points", ...)
    mid_adjective: str  # "3-point difference", "30-second difference"
    base: str  # what one observation is: "tickets", "responses", "reviewed tickets"
    short: str  # name inside a sentence: "first-contact resolution", "CSAT"


KPIS: dict[str, KPI] = {
    k.name: k
    for k in (
        KPI("fcr", "First-contact resolution", "fcr", "rate", True, "%",
            "percentage points", "point", "tickets", "first-contact resolution"),
        KPI("sla", "First response within SLA", "sla_met", "rate", True, "%",
            "percentage points", "point", "tickets", "SLA attainment"),
        KPI("escalation", "Escalation rate", "escalated", "rate", False, "%",
            "percentage points", "point", "tickets", "escalations"),
        KPI("reopen", "Reopen rate", "reopened", "rate", False, "%",
            "percentage points", "point", "tickets", "reopens"),
        KPI("csat_top2", "CSAT top-2-box (4 or 5)", "csat", "rate", True, "%",
            "percentage points", "point", "responses", "CSAT top-2-box"),
        KPI("handle_time", "Median handle time", "handle_time_sec", "median", False, "s",
            "seconds", "second", "tickets", "handle time"),
        KPI("first_response", "Median first response", "first_response_min", "median", False,
            "min", "minutes", "minute", "tickets", "first response"),
        KPI("csat", "CSAT mean (1-5)", "csat", "csat", True, "points",
            "points", "point", "responses", "CSAT"),
        KPI("qa", "QA score mean (0-100)", "qa_score", "mean", True, "points",
            "points", "point", "reviewed tickets", "QA score"),
    )
}

# Minimum important differences, in each KPI's mid_unit. FCR, SLA, handle time and CSAT come
# from pilots.md; the others are this workbook's defaults for a customer-support pilot.
# Set your own before the pilot starts (needs table: pilot_kpi, min_important_difference).
DEFAULT_MIN_IMPORTANT: dict[str, float] = {
    "fcr": 3.0,
    "sla": 2.0,
    "escalation": 2.0,
    "reopen": 2.0,
    "csat_top2": 5.0,
    "handle_time": 30.0,
    "first_response": 15.0,
    "csat": 0.2,
    "qa": 3.0,
}

# Below this many observations per vendor a KPI is not judged at all: the normal
# approximations behind the intervals and tests are not to be trusted.
MIN_SAMPLE = 30

VERDICTS = ("a better", "b better", "equivalent", "not enough evidence")

_ALPHA = 0.05
_POWER = 0.80
_Z = NormalDist().inv_cdf(1 - _ALPHA / 2)  # 1.959964
_Z_POWER = NormalDist().inv_cdf(_POWER)  # 0.841621

_COLUMN_ORDER = ("ticket_id", "vendor", "created_at", "week", "channel", "priority",
                 "sla_target_min", "first_response_min", "sla_met", "handle_time_sec", "fcr",
                 "escalated", "reopened", "csat", "qa_score")
_PRIORITY_ORDER = ("urgent", "high", "normal", "low")
_WHERE = "pilot tickets"


def _mid_scale(kpi: KPI) -> float:
    """Factor from the minimum-important-difference unit to the estimate's unit."""
    return 0.01 if kpi.kind == "rate" else 1.0


# ---------------------------------------------------------------------------------------
# Small statistical building blocks (public: tested directly against scipy)
# ---------------------------------------------------------------------------------------


def wilson_interval(k, n, confidence: float = 0.95):
    """Wilson score interval for a proportion k/n.

    Takes counts ``k`` and totals ``n`` (numbers or arrays of the same shape) and returns
    ``(low, high)`` arrays (floats for scalar input). Where ``n`` is 0 both are NaN.
    Equals ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")``.
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    # At k = 0 (or k = n) the bound is exactly 0 (or 1); rounding must not move it.
    low = np.where(k == 0, np.where(n > 0, 0.0, np.nan), low)
    high = np.where(k == n, np.where(n > 0, 1.0, np.nan), high)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def newcombe_interval(k1, n1, k2, n2, confidence: float = 0.95):
    """Newcombe's hybrid score interval (his method 10) for the difference p1 - p2.

    Built from the two Wilson intervals: ``low = d - sqrt((p1-l1)^2 + (u2-p2)^2)``,
    ``high = d + sqrt((u1-p1)^2 + (p2-l2)^2)``. Takes counts and totals (numbers or arrays);
    returns ``(low, high)``; NaN where either total is 0.
    """
    k1, n1, k2, n2 = (np.asarray(v, dtype=float) for v in (k1, n1, k2, n2))
    l1, u1 = (np.asarray(v) for v in wilson_interval(k1, n1, confidence))
    l2, u2 = (np.asarray(v) for v in wilson_interval(k2, n2, confidence))
    with np.errstate(divide="ignore", invalid="ignore"):
        p1, p2 = k1 / n1, k2 / n2
    d = p1 - p2
    low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def pooled_z_test(k1, n1, k2, n2) -> tuple[float, float]:
    """Two-sided pooled two-proportion z test of p1 = p2.

    Returns ``(z, p_value)``; equals ``scipy.stats.chi2_contingency(table, correction=False)``
    (z squared is the chi-square statistic). When both shares are 0 % or both 100 % there is
    no variation and no evidence of a difference: z = 0, p = 1. NaN when a total is 0.
    """
    if n1 <= 0 or n2 <= 0:
        return math.nan, math.nan
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (k1 / n1 - k2 / n2) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


def judge(diff, ci_low, ci_high, min_important, higher_is_better: bool = True) -> str:
    """The verdict for one KPI from the difference a - b and its interval.

    "a better" when the interval excludes 0 on a's side and the estimate reaches the minimum
    important difference (``min_important``, same unit as ``diff``); "b better" likewise;
    "equivalent" when the whole interval lies within plus or minus that minimum; otherwise
    "not enough evidence". NaN input gives "not enough evidence".
    """
    values = (diff, ci_low, ci_high, min_important)
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values):
        return "not enough evidence"
    sign = 1.0 if higher_is_better else -1.0
    # Turn the interval into "advantage of a" so one rule serves both directions.
    adv, adv_low, adv_high = sign * diff, min(sign * ci_low, sign * ci_high), max(
        sign * ci_low, sign * ci_high
    )
    # A tiny tolerance so that a difference printed as exactly the minimum counts as reaching it.
    eps = 1e-9 * max(1.0, abs(min_important))
    if adv_low > 0 and adv >= min_important - eps:
        return "a better"
    if adv_high < 0 and -adv >= min_important - eps:
        return "b better"
    if -min_important < adv_low and adv_high < min_important:
        return "equivalent"
    return "not enough evidence"


def tickets_needed_for_rate(p: float, min_important: float) -> float:
    """Observations per vendor to detect a rate difference (80 % power, 5 % two-sided).

    ``p`` is the baseline share (0..1), ``min_important`` the difference to detect as a share
    (0.03 for 3 points). The second share is ``p + d`` (or ``p - d`` when that would pass 1).
    Fleiss' formula without continuity correction:
    ``n = (z_a sqrt(2 pbar qbar) + z_b sqrt(p1 q1 + p2 q2))^2 / d^2``. Returns a float
    (not rounded); inf when ``min_important`` is 0, NaN when ``p`` is NaN.
    """
    d = float(min_important)
    if math.isnan(p) or math.isnan(d):
        return math.nan
    if d <= 0:
        return math.inf
    p1 = p
    p2 = p + d if p + d <= 1 else p - d
    p2 = min(max(p2, 0.0), 1.0)
    pbar = (p1 + p2) / 2
    root = _Z * math.sqrt(2 * pbar * (1 - pbar)) + _Z_POWER * math.sqrt(
        p1 * (1 - p1) + p2 * (1 - p2)
    )
    return root**2 / d**2


def tickets_needed_for_mean(var_a: float, var_b: float, min_important: float) -> float:
    """Observations per vendor to detect a difference of means (80 % power, 5 % two-sided).

    ``var_a`` and ``var_b`` are the per-observation variances of the two vendors (for a
    median: n times the variance of the sample median). Normal approximation:
    ``n = (z_a + z_b)^2 (var_a + var_b) / d^2``. Returns a float; inf when ``min_important``
    is 0.
    """
    d = float(min_important)
    if math.isnan(var_a) or math.isnan(var_b) or math.isnan(d):
        return math.nan
    if d <= 0:
        return math.inf
    return (_Z + _Z_POWER) ** 2 * (var_a + var_b) / d**2


def holm(p_values) -> np.ndarray:
    """Holm step-down adjusted p-values (same order as given; NaN stays NaN, not counted)."""
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    order = np.argsort(p[ok], kind="stable")
    ranked = p[ok][order] * (m - np.arange(m))
    adjusted = np.minimum(np.maximum.accumulate(ranked), 1.0)
    back = np.empty(m)
    back[order] = adjusted
    out[ok] = back
    return out


# ---------------------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------------------


def _describe_row(tickets: pd.DataFrame, label) -> str:
    # helpers.data numbers rows as the spreadsheet shows them (index named "row"); any other
    # frame is named by its index label.
    where = f"{tickets.index.name} {label}" if tickets.index.name else f"index {label!r}"
    if "ticket_id" in tickets.columns and pd.notna(tickets.at[label, "ticket_id"]):
        return f"ticket {tickets.at[label, 'ticket_id']!r} ({where})"
    return where


def _show_value(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "empty"
    return repr(value.item() if isinstance(value, np.generic) else value)


def _numeric_problems(tickets, column, allowed, expected, *, required) -> tuple[pd.Series, list]:
    """Convert one column to float and list the rows whose values are not allowed.

    ``allowed`` is a function from the float Series to a boolean mask. Missing values are a
    problem only when ``required``. Returns the float Series and a list of problem strings.
    """
    raw = tickets[column]
    if raw.dtype == bool:
        values = raw.astype(float)
    else:
        values = pd.to_numeric(raw, errors="coerce").astype(float)
    missing = raw.isna().to_numpy()
    bad = np.zeros(len(raw), dtype=bool)
    # Not a number at all ("abc"), or a number that is out of range.
    bad |= values.isna().to_numpy() & ~missing
    present = ~values.isna().to_numpy()
    bad |= present & ~allowed(values).fillna(False).to_numpy(dtype=bool)
    if required:
        bad |= missing
    problems = [
        f"{_WHERE}: column {column!r}, {_describe_row(tickets, label)}: "
        f"value {_show_value(raw.loc[label])} — expected {expected}"
        for label in raw.index[bad]
    ]
    return values.where(~bad), problems


def _prepare(
    tickets,
    columns: Iterable[str],
    exclude_weeks=(),
    vendors=None,
    need_week: bool = False,
) -> pd.DataFrame:
    """Check the columns needed and return a clean float copy (weeks excluded).

    Raises InputError naming the column, the row (ticket id and row number) and the value
    of every malformed value (InputError lists them all, cut off after a screenful).
    """
    if not isinstance(tickets, pd.DataFrame):
        raise InputError(
            f"{_WHERE}: expected a pandas DataFrame of tickets, got {type(tickets).__name__}"
        )
    if not tickets.index.is_unique:
        # Row labels name the offending rows in messages; they must be unambiguous.
        tickets = tickets.reset_index(drop=True)
    exclude_weeks = _check_weeks(exclude_weeks)
    need_week = need_week or bool(exclude_weeks)
    # Columns in table order, so that problems are listed the same way on every run.
    wanted = set(columns) | {"vendor"} | ({"week"} if need_week else set())
    wanted = [c for c in _COLUMN_ORDER if c in wanted] + sorted(wanted - set(_COLUMN_ORDER))
    missing = [c for c in wanted if c not in tickets.columns]
    if missing:
        raise InputError(
            f"{_WHERE}: column(s) {', '.join(repr(c) for c in missing)} missing; "
            f"the columns needed here are {', '.join(wanted)}"
        )
    if len(tickets) == 0:
        raise InputError(f"{_WHERE}: there are no tickets (the table is empty)")

    clean = pd.DataFrame(index=tickets.index)
    problems: list[str] = []

    vendor = tickets["vendor"]
    vendor_missing = vendor.isna() | (vendor.astype(str).str.strip() == "")
    problems += [
        f"{_WHERE}: column 'vendor', {_describe_row(tickets, label)}: value "
        f"{_show_value(vendor.loc[label])} — expected a vendor name"
        for label in vendor.index[vendor_missing.to_numpy()]
    ]
    clean["vendor"] = vendor.where(~vendor_missing)

    checks = {
        "fcr": (lambda s: s.isin([0.0, 1.0]), "0 or 1", True),
        "sla_met": (lambda s: s.isin([0.0, 1.0]), "0 or 1", True),
        "escalated": (lambda s: s.isin([0.0, 1.0]), "0 or 1", True),
        "reopened": (lambda s: s.isin([0.0, 1.0]), "0 or 1", True),
        "handle_time_sec": (lambda s: np.isfinite(s) & (s >= 0), "a number of seconds >= 0",
                            True),
        "first_response_min": (lambda s: np.isfinite(s) & (s >= 0),
                               "a number of minutes >= 0", True),
        "csat": (lambda s: s.isin([1.0, 2.0, 3.0, 4.0, 5.0]), "a whole number 1-5 or empty",
                 False),
        "qa_score": (lambda s: np.isfinite(s) & (s >= 0) & (s <= 100),
                     "a number 0-100 or empty", False),
        "week": (lambda s: np.isfinite(s) & (s >= 1) & (s == np.floor(s)),
                 "a whole number >= 1", True),
        "sla_target_min": (lambda s: np.isfinite(s) & (s > 0), "a number of minutes > 0", True),
    }
    for column in wanted:
        if column == "vendor":
            continue
        if column in checks:
            allowed, expected, required = checks[column]
            clean[column], found = _numeric_problems(
                tickets, column, allowed, expected, required=required
            )
            problems += found
        else:
            # Text columns (channel, priority, created_at): only completeness is checked.
            raw = tickets[column]
            empty = raw.isna().to_numpy()
            problems += [
                f"{_WHERE}: column {column!r}, {_describe_row(tickets, label)}: value empty "
                f"— expected a value"
                for label in raw.index[empty]
            ]
            clean[column] = raw

    if problems:
        raise InputError(problems)

    if vendors is not None:
        known = _vendor_names(vendors)
        unknown = sorted(set(clean["vendor"]) - set(known), key=str)
        if unknown:
            rows = clean.index[clean["vendor"].isin(unknown).to_numpy()]
            raise InputError(
                f"{_WHERE}: {len(rows)} ticket(s) name a vendor that is not in the vendors "
                f"table: {', '.join(repr(v) for v in unknown)} (first: "
                f"{_describe_row(tickets, rows[0])}); expected one of "
                f"{', '.join(repr(v) for v in known)}"
            )

    if exclude_weeks:
        clean = clean[~clean["week"].isin([float(w) for w in exclude_weeks])]
    return clean


def _check_weeks(exclude_weeks) -> tuple[int, ...]:
    if exclude_weeks is None:
        return ()
    if isinstance(exclude_weeks, (int, np.integer)):
        exclude_weeks = (exclude_weeks,)
    weeks = []
    for week in exclude_weeks:
        if isinstance(week, bool) or not isinstance(week, (int, np.integer, float)) or (
            isinstance(week, float) and not week.is_integer()
        ):
            raise InputError(f"exclude_weeks: {week!r} is not a week number (expected 1, 2, …)")
        weeks.append(int(week))
    return tuple(weeks)


def _vendor_names(vendors) -> list:
    if isinstance(vendors, pd.DataFrame):
        if "vendor" not in vendors.columns:
            raise InputError("vendors: expected a table with a 'vendor' column")
        return list(vendors["vendor"])
    if isinstance(vendors, str):
        return [vendors]
    return list(vendors)


def _kpi_list(kpis) -> list[KPI]:
    if kpis is None:
        return list(KPIS.values())
    if isinstance(kpis, str):
        kpis = [kpis]
    unknown = [k for k in kpis if k not in KPIS]
    if unknown:
        raise InputError(
            f"unknown KPI {', '.join(repr(k) for k in unknown)}; "
            f"expected one of {', '.join(KPIS)}"
        )
    return [KPIS[k] for k in kpis]


def _kpis_available(tickets: pd.DataFrame, kpis) -> list[KPI]:
    """The KPIs to compute: all of them by default, leaving out the optional CSAT and QA
    columns when the table has none; asked-for KPIs must have their column."""
    chosen = _kpi_list(kpis)
    if kpis is None and isinstance(tickets, pd.DataFrame):
        chosen = [k for k in chosen if k.column in tickets.columns or k.column not in (
            "csat", "qa_score")]
    return chosen


def _values(clean: pd.DataFrame, kpi: KPI) -> pd.Series:
    """The observations of one KPI (NaN rows dropped), as floats."""
    values = clean[kpi.column].dropna()
    if kpi.name == "csat_top2":
        values = (values >= 4).astype(float)
    return values


def _median_ci_positions(n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1-based order-statistic positions of the distribution-free 95 % median interval.

    ``[x_(l), x_(n-l+1)]`` with ``l = binom.ppf(0.025, n, 0.5)``, at least 1; its coverage
    is at least 95 % for n >= 6.
    """
    from scipy.stats import binom

    # The quantile function is slow: evaluate it once per distinct group size.
    sizes, where = np.unique(np.asarray(n, dtype=float), return_inverse=True)
    low = np.maximum(binom.ppf(_ALPHA / 2, sizes, 0.5), 1.0)[where]
    return low, sizes[where] - low + 1


def _summary_table(clean: pd.DataFrame, by: list[str], kpis: list[KPI]) -> pd.DataFrame:
    """Estimate and interval of each KPI per group (vectorised per KPI)."""
    from scipy.stats import t as student_t

    groups = clean[by].drop_duplicates().sort_values(by).reset_index(drop=True)
    parts = []
    for kpi in kpis:
        values = _values(clean, kpi)
        frame = clean.loc[values.index, by].assign(value=values.to_numpy())
        grouped = frame.groupby(by, sort=True)["value"]
        table = pd.DataFrame({"n": grouped.size()})
        if kpi.kind == "rate":
            k = grouped.sum()
            table["estimate"] = k / table["n"]
            low, high = wilson_interval(k.to_numpy(), table["n"].to_numpy())
            table["ci_low"], table["ci_high"] = low, high
            table["p90"] = np.nan
        elif kpi.kind == "median":
            table["estimate"] = grouped.median()
            table["p90"] = grouped.quantile(0.9)
            ordered = frame.sort_values([*by, "value"])
            position = ordered.groupby(by, sort=False).cumcount().to_numpy() + 1
            size = ordered.groupby(by, sort=False)["value"].transform("size").to_numpy()
            low_pos, high_pos = _median_ci_positions(size)
            keys = pd.MultiIndex.from_frame(ordered[by]) if len(by) > 1 else pd.Index(
                ordered[by[0]])
            low_values = pd.Series(ordered["value"].to_numpy()[position == low_pos],
                                   index=keys[position == low_pos])
            high_values = pd.Series(ordered["value"].to_numpy()[position == high_pos],
                                    index=keys[position == high_pos])
            table["ci_low"] = low_values.reindex(table.index).to_numpy()
            table["ci_high"] = high_values.reindex(table.index).to_numpy()
        else:  # means: t interval
            mean = grouped.mean()
            sd = grouped.std(ddof=1)
            n = table["n"].to_numpy(dtype=float)
            with np.errstate(divide="ignore", invalid="ignore"):
                half = student_t.ppf(1 - _ALPHA / 2, n - 1) * sd.to_numpy() / np.sqrt(n)
            table["estimate"] = mean
            table["ci_low"] = mean.to_numpy() - half
            table["ci_high"] = mean.to_numpy() + half
            table["p90"] = np.nan
            if kpi.name == "csat":
                table[["ci_low", "ci_high"]] = table[["ci_low", "ci_high"]].clip(1, 5)
        table = table.reset_index()
        table = groups.merge(table, on=by, how="left")
        table["n"] = table["n"].fillna(0).astype(int)
        table["kpi"] = kpi.name
        table["label"] = kpi.label
        table["unit"] = "share" if kpi.kind == "rate" else kpi.unit
        parts.append(table)
    result = pd.concat(parts, ignore_index=True)
    order = {k.name: i for i, k in enumerate(kpis)}
    result = result.sort_values([*by[:1], "kpi", *by[1:]],
                                key=lambda s: s.map(order) if s.name == "kpi" else s,
                                kind="stable").reset_index(drop=True)
    return result[[*by, "kpi", "n", "estimate", "ci_low", "ci_high", "p90", "label", "unit"]]


# ---------------------------------------------------------------------------------------
# Public: summaries
# ---------------------------------------------------------------------------------------


def summarize(tickets: pd.DataFrame, exclude_weeks=(), kpis=None, vendors=None) -> pd.DataFrame:
    """Each KPI per vendor with its 95 % interval.

    Takes the pilot tickets (columns as in docs/data.md), weeks to leave out (e.g. ``(1,)``
    for a ramp-up week), optionally a subset of KPI names and the vendor names (a list or the
    vendors table) that tickets must belong to.

    Returns a long DataFrame with columns ``vendor, kpi, n, estimate, ci_low, ci_high`` and
    also ``p90`` (90th percentile, durations only), ``label`` and ``unit``. Rates are shares
    (0..1) with Wilson intervals; medians have the distribution-free order-statistic interval;
    means the t interval. ``n`` counts the observations of that KPI (CSAT: responses);
    a vendor with none has n = 0 and NaN estimates. Vendors in name order, KPIs in the
    order of ``KPIS``.

    Raises InputError for missing columns or malformed values (naming column, row, value),
    for tickets whose vendor is not in ``vendors`` and for unknown KPI names.
    """
    chosen = _kpis_available(tickets, kpis)
    clean = _prepare(tickets, {k.column for k in chosen}, exclude_weeks, vendors)
    if clean.empty:
        raise InputError(
            f"{_WHERE}: no tickets left after leaving out weeks {list(exclude_weeks)}"
        )
    return _summary_table(clean, ["vendor"], chosen)


def weekly_summary(tickets: pd.DataFrame, kpis=None, exclude_weeks=(), vendors=None
                   ) -> pd.DataFrame:
    """Each KPI per vendor and week, with its 95 % interval (same methods as ``summarize``).

    Returns a long DataFrame with columns ``vendor, week, kpi, n, estimate, ci_low, ci_high,
    p90, label, unit``. Raises InputError as ``summarize`` does (the ``week`` column is
    required here).
    """
    chosen = _kpis_available(tickets, kpis)
    clean = _prepare(tickets, {k.column for k in chosen}, exclude_weeks, vendors,
                     need_week=True)
    if clean.empty:
        raise InputError(
            f"{_WHERE}: no tickets left after leaving out weeks {list(exclude_weeks)}"
        )
    clean["week"] = clean["week"].astype(int)
    return _summary_table(clean, ["vendor", "week"], chosen)


# ---------------------------------------------------------------------------------------
# Public: two-vendor comparison
# ---------------------------------------------------------------------------------------


def _bootstrap_medians(x: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` bootstrap replicates of the median of ``x``, without building resamples.

    A resample of size n draws positions uniformly from the sorted values; its k-th smallest
    position is ``floor(n U_(k))`` where ``U_(k)``, the k-th smallest of n uniforms, follows
    Beta(k, n - k + 1). For an even n the next order statistic is
    ``U_(k+1) = U_(k) + (1 - U_(k)) Beta(1, n - k)``. So each replicate has exactly the
    distribution of ``np.median(rng.choice(x, n))``, at O(n_boot) cost instead of
    O(n_boot * n): 10,000 replicates of 10,000 tickets take a millisecond.
    """
    ordered = np.sort(x)
    n = len(ordered)
    if n % 2:
        k = (n + 1) // 2
        u = rng.beta(k, n - k + 1, n_boot)
        return ordered[np.minimum((n * u).astype(np.int64), n - 1)]
    k = n // 2
    u_low = rng.beta(k, n - k + 1, n_boot)
    u_high = u_low + (1 - u_low) * rng.beta(1, n - k, n_boot)
    low = ordered[np.minimum((n * u_low).astype(np.int64), n - 1)]
    high = ordered[np.minimum((n * u_high).astype(np.int64), n - 1)]
    return (low + high) / 2


def _bootstrap_means(x: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` bootstrap replicates of the mean of ``x`` (few distinct values, e.g. CSAT).

    A resample is fully described by how often it draws each distinct value: a multinomial
    draw with the observed shares. Same distribution as resampling tickets, at
    O(n_boot * distinct values) cost.
    """
    levels, counts = np.unique(x, return_counts=True)
    n = len(x)
    draws = rng.multinomial(n, counts / n, size=n_boot)
    return draws @ levels / n


def _bca_interval(xa, xb, boot_diff, confidence=0.95) -> tuple[float, float]:
    """BCa interval of mean(xa) - mean(xb) from bootstrap replicates (Efron & Tibshirani,
    14.3 and 15.4; the same rules as ``scipy.stats.bootstrap(method="BCa")``).

    The jackknife of a mean has a closed form (leave-one-out influence = value - mean), so
    the acceleration needs no loop.
    """
    theta = xa.mean() - xb.mean()
    below = (np.count_nonzero(boot_diff < theta) + np.count_nonzero(boot_diff <= theta)) / (
        2 * len(boot_diff)
    )
    normal = NormalDist()
    if below <= 0 or below >= 1:
        # Every replicate on one side: the bias correction is infinite; fall back to the
        # percentile interval, which is then as good as anything.
        return tuple(np.quantile(boot_diff, [(1 - confidence) / 2, (1 + confidence) / 2]))
    z0 = normal.inv_cdf(below)
    infl_a = xa - xa.mean()
    infl_b = -(xb - xb.mean())
    num = (infl_a**3).sum() / len(xa) ** 3 + (infl_b**3).sum() / len(xb) ** 3
    den = (infl_a**2).sum() / len(xa) ** 2 + (infl_b**2).sum() / len(xb) ** 2
    if den == 0:
        return theta, theta
    accel = num / (6 * den**1.5)
    z_low = normal.inv_cdf((1 - confidence) / 2)
    levels = []
    for z in (z_low, -z_low):
        levels.append(normal.cdf(z0 + (z0 + z) / (1 - accel * (z0 + z))))
    low, high = np.percentile(boot_diff, [100 * levels[0], 100 * levels[1]])
    return float(low), float(high)


def _mannwhitney(xa, xb) -> float:
    from scipy.stats import mannwhitneyu

    if len(xa) == 0 or len(xb) == 0:
        return math.nan
    if np.ptp(np.concatenate([xa, xb])) == 0:
        return 1.0  # all values equal: nothing to order, no evidence of a difference
    return float(mannwhitneyu(xa, xb, alternative="two-sided", method="asymptotic").pvalue)


def _compare_kpi(clean, a, b, kpi: KPI, mid: float, rng, n_boot: int) -> dict:
    """Every number of one KPI's comparison (no words yet)."""
    values = _values(clean, kpi)
    vendor = clean.loc[values.index, "vendor"]
    xa = values[vendor == a].to_numpy()
    xb = values[vendor == b].to_numpy()
    na, nb = len(xa), len(xb)
    row = dict(n_a=na, n_b=nb, estimate_a=math.nan, estimate_b=math.nan, diff=math.nan,
               ci_low=math.nan, ci_high=math.nan, p_value=math.nan, tickets_needed=math.nan)
    # Observations per ticket (CSAT responses, QA reviews) turn "responses needed" into
    # "tickets needed".
    tickets_a = int((clean["vendor"] == a).sum())
    tickets_b = int((clean["vendor"] == b).sum())
    per_ticket = (na + nb) / (tickets_a + tickets_b) if tickets_a + tickets_b else math.nan

    if kpi.kind == "rate":
        row["test"], row["interval"] = "pooled z test", "Newcombe hybrid score"
        ka, kb = xa.sum(), xb.sum()
        if na:
            row["estimate_a"] = ka / na
        if nb:
            row["estimate_b"] = kb / nb
        if na and nb:
            row["diff"] = row["estimate_a"] - row["estimate_b"]
            row["ci_low"], row["ci_high"] = newcombe_interval(ka, na, kb, nb)
            row["p_value"] = pooled_z_test(ka, na, kb, nb)[1]
            needed = tickets_needed_for_rate((ka + kb) / (na + nb), mid)
            row["tickets_needed"] = needed / per_ticket
    elif kpi.kind == "median":
        row["test"], row["interval"] = "Mann-Whitney U", "bootstrap percentile"
        if na:
            row["estimate_a"] = float(np.median(xa))
        if nb:
            row["estimate_b"] = float(np.median(xb))
        if na and nb:
            boot_a = _bootstrap_medians(xa, n_boot, rng)
            boot_b = _bootstrap_medians(xb, n_boot, rng)
            boot = boot_a - boot_b
            row["diff"] = row["estimate_a"] - row["estimate_b"]
            row["ci_low"], row["ci_high"] = (float(v) for v in np.quantile(
                boot, [_ALPHA / 2, 1 - _ALPHA / 2]))
            row["p_value"] = _mannwhitney(xa, xb)
            # Per-ticket variance of a median: n times the bootstrap variance of the median.
            needed = tickets_needed_for_mean(na * boot_a.var(ddof=1), nb * boot_b.var(ddof=1),
                                             mid)
            row["tickets_needed"] = needed / per_ticket
    elif kpi.kind == "csat":
        row["test"], row["interval"] = "Mann-Whitney U", "BCa bootstrap"
        if na:
            row["estimate_a"] = float(xa.mean())
        if nb:
            row["estimate_b"] = float(xb.mean())
        if na and nb:
            boot = _bootstrap_means(xa, n_boot, rng) - _bootstrap_means(xb, n_boot, rng)
            row["diff"] = row["estimate_a"] - row["estimate_b"]
            row["ci_low"], row["ci_high"] = (float(v) for v in _bca_interval(xa, xb, boot))
            row["p_value"] = _mannwhitney(xa, xb)
            if na > 1 and nb > 1:
                needed = tickets_needed_for_mean(xa.var(ddof=1), xb.var(ddof=1), mid)
                row["tickets_needed"] = needed / per_ticket
    else:  # QA: Welch
        row["test"], row["interval"] = "Welch t", "Welch"
        if na:
            row["estimate_a"] = float(xa.mean())
        if nb:
            row["estimate_b"] = float(xb.mean())
        if na > 1 and nb > 1:
            row["diff"] = row["estimate_a"] - row["estimate_b"]
            row["ci_low"], row["ci_high"], row["p_value"] = _welch(xa, xb)
            needed = tickets_needed_for_mean(xa.var(ddof=1), xb.var(ddof=1), mid)
            row["tickets_needed"] = needed / per_ticket
        elif na and nb:
            row["diff"] = row["estimate_a"] - row["estimate_b"]
    if not math.isnan(row["tickets_needed"]) and not math.isinf(row["tickets_needed"]):
        row["tickets_needed"] = float(math.ceil(row["tickets_needed"]))
    return row


def _welch(xa, xb) -> tuple[float, float, float]:
    """Welch interval and two-sided p-value for mean(xa) - mean(xb)."""
    from scipy.stats import t as student_t

    va, vb = xa.var(ddof=1) / len(xa), xb.var(ddof=1) / len(xb)
    diff = xa.mean() - xb.mean()
    se = math.sqrt(va + vb)
    if se == 0:
        return diff, diff, (1.0 if diff == 0 else 0.0)
    df = (va + vb) ** 2 / (va**2 / (len(xa) - 1) + vb**2 / (len(xb) - 1))
    half = student_t.ppf(1 - _ALPHA / 2, df) * se
    p = 2 * student_t.sf(abs(diff) / se, df)
    return diff - half, diff + half, float(p)


def _resolve_min_important(min_important) -> dict[str, float]:
    """Defaults overridden by the given mapping (in each KPI's mid_unit)."""
    merged = dict(DEFAULT_MIN_IMPORTANT)
    if min_important is None:
        return merged
    if isinstance(min_important, pd.Series):
        min_important = min_important.to_dict()
    if not isinstance(min_important, Mapping):
        raise InputError(
            "min_important: expected a mapping KPI -> minimum important difference, e.g. "
            "{'fcr': 3, 'handle_time': 30}"
        )
    for name, value in min_important.items():
        if name not in KPIS:
            raise InputError(
                f"min_important: unknown KPI {name!r}; expected one of {', '.join(KPIS)}"
            )
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if math.isnan(number) or number < 0 or math.isinf(number):
            raise InputError(
                f"min_important: {name!r} is {value!r}; expected a number >= 0 in "
                f"{KPIS[name].mid_unit}"
            )
        merged[name] = number
    return merged


def _fmt(kpi: KPI, value: float, signed: bool = False) -> str:
    """A KPI difference in its reader's unit (rates in percentage points)."""
    if kpi.kind == "rate":
        value, digits = value * 100, 1
    elif kpi.name == "handle_time":
        digits = 0
    elif kpi.name == "csat":
        digits = 2
    else:
        digits = 1
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    return text.replace("-", "−")


_PHRASES = {
    "fcr": "{w} resolves {x} points more tickets at first contact",
    "sla": "{w} answers {x} points more tickets within the SLA",
    "escalation": "{w} escalates {x} points fewer tickets",
    "reopen": "{w} has {x} points fewer tickets reopened",
    "csat_top2": "{w} has {x} points more customers answering 4 or 5",
    "handle_time": "{wp} median handle time is {x} s shorter",
    "first_response": "{wp} median first response is {x} min faster",
    "csat": "{wp} mean CSAT is {x} points higher",
    "qa": "{wp} mean QA score is {x} points higher",
}


def _round_up(n: float) -> str:
    """Tickets needed, rounded up to two significant figures ("about 4,100")."""
    if math.isinf(n):
        return "an unlimited number of"
    n = int(n)
    if n >= 100:
        step = 10 ** (len(str(n)) - 2)
        n = -(-n // step) * step
    return f"{n:,}"


def _mid_text(kpi: KPI, mid: float) -> str:
    return f"{mid:g}-{kpi.mid_adjective}"


def _body(kpi: KPI, a, b, row: dict) -> str:
    """"A resolves 5.3 points more tickets at first contact (1.6 to 8.9)"."""
    sign = 1.0 if kpi.higher_is_better else -1.0
    adv = sign * row["diff"]
    low, high = sorted((sign * row["ci_low"], sign * row["ci_high"]))
    if adv == 0:
        return (f"{a} and {b} are level (difference {_fmt(kpi, 0.0)}, "
                f"{_fmt(kpi, low)} to {_fmt(kpi, high)})")
    winner = a if adv > 0 else b
    if adv < 0:
        adv, low, high = -adv, -high, -low
    # "Partners' median", not "Partners's median".
    possessive = f"{winner}'" if str(winner).endswith("s") else f"{winner}'s"
    text = _PHRASES[kpi.name].format(w=winner, wp=possessive, x=_fmt(kpi, adv))
    return f"{text} ({_fmt(kpi, low)} to {_fmt(kpi, high)})"


def _sentence(kpi: KPI, a, b, row: dict, mid: float, holm_note: str = "") -> str:
    """The verdict of one KPI in words."""
    label = kpi.label
    base = kpi.base
    what = {"tickets": "tickets", "responses": "CSAT responses",
            "reviewed tickets": "QA-reviewed tickets"}[base]
    if row["n_a"] == 0 and row["n_b"] == 0:
        return f"{label}: cannot be compared — neither {a} nor {b} has {what}."
    for vendor, n in ((a, row["n_a"]), (b, row["n_b"])):
        if n == 0:
            return f"{label}: cannot be compared — {vendor} has no {what}."
    small = [(v, n) for v, n in ((a, row["n_a"]), (b, row["n_b"])) if n < MIN_SAMPLE]
    if small:
        # "1 ticket", "12 tickets"
        who = " and ".join(f"{v} has only {n} {base[:-1] if n == 1 else base}"
                           for v, n in small)
        return (f"{label}: the sample is too small to judge — {who} "
                f"(at least {MIN_SAMPLE} each are needed); not enough evidence.")
    verdict = row["verdict"]
    body = _body(kpi, a, b, row)
    if verdict in ("a better", "b better"):
        return f"{label}: {body} — a real and important difference{holm_note}."
    if verdict == "equivalent":
        return (f"{label}: {body} — equivalent: the whole interval lies within the "
                f"±{mid:g} {kpi.mid_unit} that matter.")
    needed = row["tickets_needed"]
    if math.isnan(needed):
        tail = ""
    else:
        tail = (f"; about {_round_up(needed)} tickets per vendor would be needed to tell a "
                f"{_mid_text(kpi, mid)} difference")
    sign = 1.0 if kpi.higher_is_better else -1.0
    low, high = sorted((sign * row["ci_low"], sign * row["ci_high"]))
    if holm_note:
        return f"{label}: not enough evidence — {body}{holm_note}{tail}."
    if low > 0 or high < 0:
        return (f"{label}: not enough evidence that it matters — {body}: a real difference, "
                f"but it may be smaller than the {mid:g} {kpi.mid_unit} that matter{tail}.")
    return f"{label}: not enough evidence{tail}. Observed: {body}."


def _compare_clean(clean, a, b, mids, kpis: list[KPI], seed, n_boot) -> pd.DataFrame:
    rows = {}
    for kpi in kpis:
        # One generator per KPI: a KPI's interval does not depend on which others are asked.
        rng = np.random.default_rng([seed, list(KPIS).index(kpi.name)])
        mid = mids[kpi.name] * _mid_scale(kpi)
        row = _compare_kpi(clean, a, b, kpi, mid, rng, n_boot)
        row["verdict"] = judge(row["diff"], row["ci_low"], row["ci_high"], mid,
                               kpi.higher_is_better)
        if min(row["n_a"], row["n_b"]) < MIN_SAMPLE:
            row["verdict"] = "not enough evidence"
        row["min_important"] = mid
        row["sentence"] = _sentence(kpi, a, b, row, mids[kpi.name])
        rows[kpi.name] = row
    _add_fcr_context(rows, a, b)
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "kpi"
    columns = ["estimate_a", "estimate_b", "diff", "ci_low", "ci_high", "p_value", "test",
               "verdict", "sentence", "n_a", "n_b", "min_important", "tickets_needed",
               "interval"]
    frame = frame[columns]
    frame.attrs.update(a=a, b=b)
    return frame


def _add_fcr_context(rows: dict, a, b) -> None:
    """Handle time is never judged alone: a shorter call that leaves the problem unsolved
    is no gain. Append the first-contact-resolution result to the handle-time sentence."""
    if "handle_time" not in rows or "fcr" not in rows:
        return
    fcr = rows["fcr"]
    if min(fcr["n_a"], fcr["n_b"]) < MIN_SAMPLE or math.isnan(fcr["diff"]):
        context = "first-contact resolution cannot be judged on this sample either"
    else:
        body = _body(KPIS["fcr"], a, b, fcr)
        context = {
            "a better": f"{body} — a real and important difference",
            "b better": f"{body} — a real and important difference",
            "equivalent": f"{body} — equivalent",
        }.get(fcr["verdict"], f"{body} — not enough evidence")
    rows["handle_time"]["sentence"] += (
        f" Read it with first-contact resolution: {context}; a shorter handle time is only a "
        f"gain if problems are still solved first time."
    )


def compare(
    tickets: pd.DataFrame,
    a=None,
    b=None,
    min_important=None,
    exclude_weeks=(),
    seed: int = 0,
    kpis=None,
    vendors=None,
    n_boot: int = 10_000,
) -> pd.DataFrame:
    """Compare two vendors KPI by KPI.

    Takes the pilot tickets, the two vendor names ``a`` and ``b`` (both may be left out
    when the tickets hold exactly two vendors: then in name order), the minimum important
    differences (mapping KPI -> value in percentage points for rates, seconds for handle
    time, minutes for first response, points for CSAT and QA; missing KPIs take
    ``DEFAULT_MIN_IMPORTANT``), weeks to leave out, the bootstrap seed, optionally a subset of
    KPIs (asking for handle time always adds first-contact resolution: handle time is never
    judged alone), the vendor names tickets must belong to, and the number of bootstrap
    resamples.

    Returns a DataFrame indexed by ``kpi`` with ``estimate_a, estimate_b, diff`` (a - b, in
    the estimate's unit: shares for rates), ``ci_low, ci_high`` (95 %), ``p_value``, ``test``,
    ``verdict`` (one of ``VERDICTS``), ``sentence`` (the verdict in words, with a sample-size
    line when the evidence is not enough), ``n_a, n_b`` (observations), ``min_important``
    (in the unit of ``diff``), ``tickets_needed`` (tickets per vendor to detect the minimum
    important difference with 80 % power at 5 % two-sided) and ``interval`` (the method).
    ``attrs["a"]`` and ``attrs["b"]`` hold the vendor names. A KPI with fewer than
    ``MIN_SAMPLE`` observations for a vendor gets "not enough evidence" and a sentence saying
    the sample is too small.

    Raises InputError for malformed tickets (as ``summarize``), a vendor without tickets,
    ``a == b``, fewer than two vendors, unknown KPIs or bad minimum important differences.
    """
    chosen = _kpis_available(tickets, kpis)
    if any(k.name == "handle_time" for k in chosen) and all(k.name != "fcr" for k in chosen):
        chosen = [KPIS["fcr"], *chosen]
    mids = _resolve_min_important(min_important)
    _check_n_boot(n_boot)
    clean = _prepare(tickets, {k.column for k in chosen}, exclude_weeks, vendors)
    present = sorted(pd.unique(clean["vendor"]), key=str)
    if a is None and b is None:
        if len(present) != 2:
            raise InputError(
                f"compare needs two vendors; the pilot tickets have {len(present)}: "
                f"{', '.join(repr(v) for v in present)}. Name them (compare(tickets, a, b)) "
                f"or use compare_all for three or more"
            )
        a, b = present
    if a is None or b is None:
        raise InputError("compare needs two vendor names, a and b")
    if a == b:
        raise InputError(f"compare needs two different vendors; both are {a!r}")
    if len(present) < 2:
        raise InputError(
            f"compare needs two vendors; the pilot tickets have only one: "
            f"{', '.join(repr(v) for v in present) or 'none'}"
        )
    for name in (a, b):
        if name not in present:
            raise InputError(
                f"vendor {name!r} has no pilot tickets"
                + (f" after leaving out weeks {list(exclude_weeks)}" if exclude_weeks else "")
                + f"; vendors in the pilot: {', '.join(repr(v) for v in present)}"
            )
    return _compare_clean(clean, a, b, mids, chosen, seed, n_boot)


def _check_n_boot(n_boot) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise InputError(f"n_boot: {n_boot!r}; expected a whole number of resamples >= 100")


# ---------------------------------------------------------------------------------------
# Public: three or more vendors
# ---------------------------------------------------------------------------------------


@dataclass
class ManyVendorComparison:
    """Result of ``compare_all``: one omnibus test per KPI, then every pair."""

    omnibus: pd.DataFrame
    pairs: pd.DataFrame


def _omnibus(clean, vendors, kpi: KPI) -> dict:
    from scipy import stats

    values = _values(clean, kpi)
    owner = clean.loc[values.index, "vendor"]
    samples = [values[owner == v].to_numpy() for v in vendors]
    samples = [s for s in samples if len(s)]
    row = {"vendors": len(samples), "statistic": math.nan, "df": math.nan,
           "p_value": math.nan}
    if len(samples) < 2:
        row["test"] = "not enough vendors with data"
        return row
    if kpi.kind == "rate":
        row["test"] = "chi-square (k x 2)"
        table = np.array([[s.sum(), len(s) - s.sum()] for s in samples])
        row["df"] = len(samples) - 1
        if (table.sum(axis=0) == 0).any():
            row["statistic"], row["p_value"] = 0.0, 1.0  # everyone at 0 % or 100 %
        else:
            res = stats.chi2_contingency(table, correction=False)
            row["statistic"], row["p_value"] = float(res.statistic), float(res.pvalue)
    elif kpi.kind in ("median", "csat"):
        row["test"] = "Kruskal-Wallis"
        row["df"] = len(samples) - 1
        if np.ptp(np.concatenate(samples)) == 0:
            row["statistic"], row["p_value"] = 0.0, 1.0
        else:
            res = stats.kruskal(*samples)
            row["statistic"], row["p_value"] = float(res.statistic), float(res.pvalue)
    else:
        row["test"] = "Welch ANOVA"
        if any(len(s) < 2 for s in samples):
            return row
        row["statistic"], row["p_value"] = welch_anova(samples)
        row["df"] = len(samples) - 1
    return row


def welch_anova(samples) -> tuple[float, float]:
    """Welch's one-way ANOVA (no equal variances assumed): (F, p-value).

    Welch (1951), as in ``scipy.stats.f_oneway(..., equal_var=False)`` (scipy 1.16 and newer;
    Python 3.10 gets scipy 1.15, so it is computed here). Every sample needs two values or more.
    """
    from scipy import stats

    n = np.array([len(s) for s in samples], dtype=float)
    means = np.array([np.mean(s) for s in samples])
    variances = np.array([np.var(s, ddof=1) for s in samples])
    if np.any(variances == 0):
        return (0.0, 1.0) if np.ptp(means) == 0 else (math.inf, 0.0)
    k = len(samples)
    w = n / variances
    grand = np.sum(w * means) / np.sum(w)
    spread = np.sum(w * (means - grand) ** 2) / (k - 1)
    h = np.sum((1 - w / np.sum(w)) ** 2 / (n - 1))
    f = spread / (1 + 2 * (k - 2) * h / (k**2 - 1))
    df2 = (k**2 - 1) / (3 * h)
    return float(f), float(stats.f.sf(f, k - 1, df2))


def compare_all(
    tickets: pd.DataFrame,
    vendors=None,
    min_important=None,
    exclude_weeks=(),
    seed: int = 0,
    kpis=None,
    n_boot: int = 10_000,
) -> ManyVendorComparison:
    """Compare three or more vendors: an omnibus test per KPI, then Holm-corrected pairs.

    Takes the pilot tickets, the vendors to compare (names in the order wanted, or the
    vendors table; default every vendor in the tickets, in name order; tickets of other
    vendors are left out) and the same options as ``compare``.

    Returns ``ManyVendorComparison`` with ``omnibus`` (indexed by kpi: ``test, statistic,
    df, p_value, vendors``; chi-square on the k x 2 table for rates, Kruskal-Wallis for
    durations and CSAT, Welch ANOVA for QA) and ``pairs`` (one row per pair and KPI:
    ``a, b, kpi`` and the columns of ``compare``, plus ``p_holm``, the p-value corrected with
    Holm's method across the pairs of that KPI). A pair is only "better" when its Holm
    p-value is below 0.05 as well.

    Raises InputError for fewer than two vendors, a named vendor without tickets, and
    everything ``compare`` raises.
    """
    chosen = _kpis_available(tickets, kpis)
    if any(k.name == "handle_time" for k in chosen) and all(k.name != "fcr" for k in chosen):
        chosen = [KPIS["fcr"], *chosen]
    mids = _resolve_min_important(min_important)
    _check_n_boot(n_boot)
    clean = _prepare(tickets, {k.column for k in chosen}, exclude_weeks)
    present = sorted(pd.unique(clean["vendor"]), key=str)
    names = present if vendors is None else _vendor_names(vendors)
    names = list(dict.fromkeys(names))
    absent = [v for v in names if v not in present]
    if vendors is not None and isinstance(vendors, pd.DataFrame):
        # The vendors table lists every candidate; only those piloted take part.
        names = [v for v in names if v in present]
    elif absent:
        raise InputError(
            f"vendor(s) {', '.join(repr(v) for v in absent)} have no pilot tickets; vendors "
            f"in the pilot: {', '.join(repr(v) for v in present)}"
        )
    if len(names) < 2:
        raise InputError(
            f"a comparison needs at least two vendors with pilot tickets; found "
            f"{len(names)}: {', '.join(repr(v) for v in names) or 'none'}"
        )
    clean = clean[clean["vendor"].isin(names)]

    omnibus = pd.DataFrame.from_dict({k.name: _omnibus(clean, names, k) for k in chosen},
                                     orient="index")
    omnibus.index.name = "kpi"
    omnibus = omnibus[["test", "statistic", "df", "p_value", "vendors"]]

    parts = []
    for a, b in combinations(names, 2):
        pair = _compare_clean(clean, a, b, mids, chosen, seed, n_boot).reset_index()
        pair.insert(0, "b", b)
        pair.insert(0, "a", a)
        parts.append(pair)
    pairs = pd.concat(parts, ignore_index=True)
    pairs["p_holm"] = np.nan
    n_pairs = len(parts)
    for kpi in chosen:
        rows = pairs.index[pairs["kpi"] == kpi.name]
        pairs.loc[rows, "p_holm"] = holm(pairs.loc[rows, "p_value"].to_numpy())
        for i in rows:
            row = pairs.loc[i].to_dict()
            if row["verdict"] in ("a better", "b better") and not row["p_holm"] < _ALPHA:
                pairs.loc[i, "verdict"] = "not enough evidence"
                note = (f", but not after correcting for {n_pairs} pairwise comparisons "
                        f"(Holm p = {row['p_holm']:.3f})")
                pairs.loc[i, "sentence"] = _sentence(
                    kpi, row["a"], row["b"], {**row, "verdict": "not enough evidence"},
                    mids[kpi.name], holm_note=note)
    return ManyVendorComparison(omnibus=omnibus, pairs=pairs)


# ---------------------------------------------------------------------------------------
# Public: needs -> minimum important differences, and tables for the notebook
# ---------------------------------------------------------------------------------------


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
    rows = needs[needs["pilot_kpi"].notna() & (needs["pilot_kpi"].astype(str).str.strip()
                                                != "")].copy()
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
        kind = need["target_type"] if need["target_type"] in ("min", "max") else (
            "min" if kpi.higher_is_better else "max")
        scale = 100.0 if kpi.kind == "rate" else 1.0
        for _, row in summary[summary["kpi"] == kpi.name].iterrows():
            estimate, low, high = (row[c] * scale for c in ("estimate", "ci_low", "ci_high"))
            if row["n"] == 0 or pd.isna(estimate):
                meets = "no data"
            elif kind == "min":
                meets = "yes" if low >= need["target"] else "no" if high < need["target"] else (
                    "too close to call")
            else:
                meets = "yes" if high <= need["target"] else "no" if low > need["target"] else (
                    "too close to call")
            rows.append(dict(need_id=need["need_id"], need=need["need"], kpi=kpi.name,
                             vendor=row["vendor"], target=need["target"], target_type=kind,
                             estimate=estimate, ci_low=low, ci_high=high, meets=meets))
    return pd.DataFrame(rows, columns=["need_id", "need", "kpi", "vendor", "target",
                                       "target_type", "estimate", "ci_low", "ci_high",
                                       "meets"])


# Typical customer-support levels, used to plan a pilot when the needs set no target.
_PLANNING_BASELINE = {"fcr": 0.70, "sla": 0.85, "escalation": 0.10, "reopen": 0.05,
                      "csat_top2": 0.80}


def plan_pilot(needs: pd.DataFrame | None = None, min_important=None,
               csat_response_rate: float = 0.3) -> pd.DataFrame:
    """How many tickets per vendor a pilot needs to detect each rate KPI's minimum important
    difference (80 % power, 5 % two-sided) — before any pilot data exists.

    Takes the needs table (its targets become the expected levels: 70 for FCR means 70 %;
    KPIs without a target use typical support levels), the minimum important differences
    and the share of tickets that answer the CSAT survey. Returns a DataFrame indexed by kpi
    (the rate KPIs) with ``label, expected_pct, min_important_pp, tickets_needed`` and
    ``level_from`` ("needs" or "typical"). Durations and means need a pilot's spread, so
    they are not planned here.
    """
    mids = _resolve_min_important(min_important)
    rows = {}
    for name, typical in _PLANNING_BASELINE.items():
        kpi = KPIS[name]
        target = kpi_target(needs, name) if needs is not None else None
        level = typical if target is None else min(max(target / 100, 0.0), 1.0)
        needed = tickets_needed_for_rate(level, mids[name] / 100)
        if name == "csat_top2":
            needed = needed / csat_response_rate
        rows[name] = dict(label=kpi.label, expected_pct=level * 100,
                          min_important_pp=mids[name],
                          tickets_needed=math.ceil(needed) if math.isfinite(needed) else needed,
                          level_from="typical" if target is None else "needs")
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "kpi"
    return frame


def kpi_table(min_important=None) -> pd.DataFrame:
    """The KPIs agreed for the pilot: label, better direction, test and the minimum important
    difference (in its unit) with where it comes from ("needs" when given, else "default").

    Returns a DataFrame indexed by kpi.
    """
    mids = _resolve_min_important(min_important)
    given = set((min_important or {}).keys()) if not isinstance(
        min_important, pd.Series) else set(min_important.index)
    tests = {"rate": "pooled z test", "median": "Mann-Whitney U", "csat": "Mann-Whitney U",
             "mean": "Welch t"}
    rows = {
        k.name: {
            "label": k.label,
            "better": "higher" if k.higher_is_better else "lower",
            "min_important": mids[k.name],
            "unit": k.mid_unit,
            "source": "needs" if k.name in given else "default",
            "test": tests[k.kind],
        }
        for k in KPIS.values()
    }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "kpi"
    return frame


def pilot_overview(tickets: pd.DataFrame, vendors=None) -> pd.DataFrame:
    """Who was piloted, for how long and on what mix of tickets.

    Returns one row per vendor: ``tickets, first_day, last_day, weeks`` and the percentage
    (0-100, one decimal) of each channel and priority (columns ``% chat`` …, ``% urgent`` …).
    Raises InputError for missing columns or empty values.
    """
    clean = _prepare(tickets, ["created_at", "channel", "priority"], (), vendors,
                     need_week=True)
    created = pd.to_datetime(clean["created_at"], utc=True, errors="coerce", format="ISO8601")
    if created.isna().any():
        label = clean.index[created.isna().to_numpy()][0]
        raise InputError(
            f"{_WHERE}: column 'created_at', {_describe_row(tickets, label)}: value "
            f"{_show_value(tickets.at[label, 'created_at'])} — expected an ISO timestamp "
            f"such as 2026-09-07T08:00:00Z")
    grouped = clean.assign(created=created).groupby("vendor")
    overview = pd.DataFrame({
        "tickets": grouped.size(),
        "first_day": grouped["created"].min().dt.date,
        "last_day": grouped["created"].max().dt.date,
        "weeks": grouped["week"].nunique(),
    })
    for column in ("channel", "priority"):
        shares = pd.crosstab(clean["vendor"], clean[column], normalize="index")
        if column == "priority":
            order = [p for p in _PRIORITY_ORDER if p in shares.columns]
            shares = shares[order + [c for c in shares.columns if c not in order]]
        shares.columns = [f"% {c}" for c in shares.columns]
        overview = overview.join((shares * 100).round(1))
    return overview


def routing_balance(tickets: pd.DataFrame) -> pd.DataFrame:
    """Did each vendor get the same mix of tickets? (Random routing should give that.)

    For channel and priority, a chi-square test of the vendor x category table. Returns a
    DataFrame indexed by factor with ``chi2, df, p_value, balanced`` (p >= 0.05) and a
    ``sentence``. A mix that differs means differences in KPIs may come from the tickets, not
    the vendors.
    """
    from scipy.stats import chi2_contingency

    clean = _prepare(tickets, ["channel", "priority"])
    rows = {}
    for factor in ("channel", "priority"):
        table = pd.crosstab(clean["vendor"], clean[factor])
        if table.shape[0] < 2 or table.shape[1] < 2:
            rows[factor] = dict(chi2=math.nan, df=math.nan, p_value=math.nan, balanced=True,
                                sentence=f"{factor.capitalize()}: only one vendor or one "
                                         f"{factor}; nothing to check.")
            continue
        res = chi2_contingency(table.to_numpy(), correction=False)
        balanced = bool(res.pvalue >= _ALPHA)
        sentence = (
            f"{factor.capitalize()} mix: the vendors got similar tickets "
            f"(chi-square p = {res.pvalue:.2f}) — consistent with random routing."
            if balanced else
            f"{factor.capitalize()} mix: the vendors got different tickets "
            f"(chi-square p = {res.pvalue:.3f}) — part of any KPI difference may come from "
            f"the ticket mix; compare within each {factor} before deciding."
        )
        rows[factor] = dict(chi2=float(res.statistic), df=int(res.dof),
                            p_value=float(res.pvalue), balanced=balanced, sentence=sentence)
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "factor"
    return frame


def sla_by_priority(tickets: pd.DataFrame, exclude_weeks=(), vendors=None) -> pd.DataFrame:
    """SLA attainment per vendor and priority, against each priority's SLA target.

    Returns one row per vendor and priority (urgent, high, normal, low first):
    ``sla_target_min`` (the target; the most common one if tickets disagree), ``n``,
    ``estimate`` (share answered within the target, 0..1), ``ci_low, ci_high`` (Wilson) and
    ``median_first_response_min``.
    """
    clean = _prepare(tickets, ["priority", "sla_target_min", "sla_met", "first_response_min"],
                     exclude_weeks, vendors)
    if clean.empty:
        raise InputError(f"{_WHERE}: no tickets left after leaving out weeks "
                         f"{list(exclude_weeks)}")
    grouped = clean.groupby(["vendor", "priority"])
    table = pd.DataFrame({
        "sla_target_min": grouped["sla_target_min"].agg(lambda s: s.mode().iloc[0]),
        "n": grouped.size(),
        "met": grouped["sla_met"].sum(),
        "median_first_response_min": grouped["first_response_min"].median(),
    }).reset_index()
    table["estimate"] = table["met"] / table["n"]
    table["ci_low"], table["ci_high"] = wilson_interval(table["met"].to_numpy(),
                                                        table["n"].to_numpy())
    rank = {p: i for i, p in enumerate(_PRIORITY_ORDER)}
    table = table.assign(_order=table["priority"].map(rank).fillna(len(rank)))
    table = table.sort_values(["vendor", "_order", "priority"]).reset_index(drop=True)
    return table[["vendor", "priority", "sla_target_min", "n", "estimate", "ci_low", "ci_high",
                  "median_first_response_min"]]


def csat_distribution(tickets: pd.DataFrame, exclude_weeks=(), vendors=None) -> pd.DataFrame:
    """CSAT answers per vendor: the share (0..1) of each score 1..5 among the responses.

    Returns a DataFrame indexed by vendor with columns 1..5, ``responses`` and
    ``response_rate`` (responses per ticket). A vendor without responses has NaN shares.
    """
    clean = _prepare(tickets, ["csat"], exclude_weeks, vendors)
    counts = pd.crosstab(clean["vendor"], clean["csat"]).reindex(
        columns=[1.0, 2.0, 3.0, 4.0, 5.0], fill_value=0)
    counts = counts.reindex(sorted(pd.unique(clean["vendor"]), key=str), fill_value=0)
    responses = counts.sum(axis=1)
    shares = counts.div(responses.where(responses > 0), axis=0)
    shares.columns = [1, 2, 3, 4, 5]
    shares["responses"] = responses
    shares["response_rate"] = responses / clean.groupby("vendor").size().reindex(shares.index)
    shares.index.name = "vendor"
    shares.columns.name = None
    return shares


def describe_trends(tickets: pd.DataFrame, kpis=None, exclude_weeks=(), min_important=None
                    ) -> pd.DataFrame:
    """Did a vendor improve or fade during the pilot?

    Takes the tickets, optionally KPI names, weeks to leave out and minimum important
    differences. For each vendor and KPI: the estimate in the first and the last week, the
    change, and a trend test over all tickets (Spearman rank correlation between week and
    the ticket's value, two-sided; for rates this is a rank version of the Cochran-Armitage
    trend test). The trend is "improved" or "faded" when the test finds a trend (p < 0.05)
    and the change from first to last week reaches the minimum important difference in the
    better or worse direction; otherwise "steady". One week holds about a quarter of the
    tickets, so single weeks are noisy: the test uses every ticket, not two weeks.

    Returns a DataFrame with ``vendor, kpi, first_week, last_week, first, last, change,
    p_value, trend, sentence``. Raises InputError as ``weekly_summary`` does.
    """
    from scipy.stats import spearmanr

    mids = _resolve_min_important(min_important)
    chosen = _kpis_available(tickets, kpis)
    clean = _prepare(tickets, {k.column for k in chosen}, exclude_weeks, need_week=True)
    weekly = _summary_table(clean.assign(week=clean["week"].astype(int)), ["vendor", "week"],
                            chosen)
    rows = []
    for kpi in chosen:
        values = _values(clean, kpi)
        frame = clean.loc[values.index, ["vendor", "week"]].assign(value=values.to_numpy())
        for vendor, part in frame.groupby("vendor", sort=True):
            weeks = weekly[(weekly["vendor"] == vendor) & (weekly["kpi"] == kpi.name)
                           & (weekly["n"] > 0)].sort_values("week")
            if len(weeks) < 2:
                continue
            first, last = weeks.iloc[0], weeks.iloc[-1]
            change = last["estimate"] - first["estimate"]
            if part["value"].nunique() < 2 or part["week"].nunique() < 2:
                p_value = 1.0
            else:
                p_value = float(spearmanr(part["week"], part["value"]).pvalue)
            gain = change if kpi.higher_is_better else -change
            mid = mids[kpi.name] * _mid_scale(kpi)
            trend = "steady"
            if p_value < _ALPHA and gain >= mid:
                trend = "improved"
            elif p_value < _ALPHA and -gain >= mid:
                trend = "faded"
            sentence = (f"{vendor}, {kpi.short}: {trend} "
                        f"(week {int(first['week'])} {_show_estimate(kpi, first['estimate'])}, "
                        f"week {int(last['week'])} {_show_estimate(kpi, last['estimate'])}; "
                        f"trend test p = {p_value:.3f})")
            rows.append(dict(vendor=vendor, kpi=kpi.name, first_week=int(first["week"]),
                             last_week=int(last["week"]), first=first["estimate"],
                             last=last["estimate"], change=change, p_value=p_value,
                             trend=trend, sentence=sentence))
    return pd.DataFrame(rows, columns=["vendor", "kpi", "first_week", "last_week", "first",
                                       "last", "change", "p_value", "trend", "sentence"])


def headline(comparison: pd.DataFrame) -> str:
    """One line that states the finding of a ``compare`` result, for a chart title or a
    summary: which vendor is better on which KPIs, where they are equivalent, and how many
    KPIs remain open."""
    a, b = comparison.attrs.get("a", "A"), comparison.attrs.get("b", "B")
    short = {k.name: k.short for k in KPIS.values()}
    parts = []
    for verdict, who in (("a better", a), ("b better", b)):
        names = [short.get(k, k) for k in comparison.index[comparison["verdict"] == verdict]]
        if names:
            parts.append(f"{who} better on {_join(names)}")
    same = [short.get(k, k) for k in comparison.index[comparison["verdict"] == "equivalent"]]
    if same:
        parts.append(f"equivalent on {_join(same)}")
    open_ = int((comparison["verdict"] == "not enough evidence").sum())
    if open_:
        parts.append(f"not enough evidence on {open_} of {len(comparison)} KPIs")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] if text else "No KPIs compared"


def choose_pair(tickets: pd.DataFrame, vendor_a=None, vendor_b=None, exclude_weeks=()) -> tuple | None:
    """The two vendors to compare head to head: the ones named, else the first two piloted
    vendors in name order; None when the pilot has fewer than two vendors. A vendor counts as
    piloted when it has tickets outside ``exclude_weeks`` (the ramp-up weeks left out of every
    comparison): one that worked only in those weeks has nothing to compare.

    Raises InputError when a named vendor has no such tickets or only one name is given.
    """
    piloted = compared_vendors(tickets, exclude_weeks)
    if (vendor_a is None) != (vendor_b is None):
        raise InputError("name both vendors to compare (vendor_a and vendor_b) or neither")
    if vendor_a is None:
        return tuple(piloted[:2]) if len(piloted) >= 2 else None
    for name in (vendor_a, vendor_b):
        if name not in piloted:
            left_out = f" after leaving out weeks {list(exclude_weeks)}" if len(exclude_weeks) else ""
            raise InputError(f"vendor {name!r} has no pilot tickets{left_out}; vendors in the pilot: "
                             f"{', '.join(repr(v) for v in piloted) or 'none'}")
    return vendor_a, vendor_b


def compared_vendors(tickets: pd.DataFrame, exclude_weeks=()) -> list:
    """The vendors with pilot tickets outside ``exclude_weeks``, in name order."""
    if "vendor" not in getattr(tickets, "columns", ()):
        return []
    kept = tickets if not len(exclude_weeks) or "week" not in tickets else tickets[~tickets["week"].isin(list(exclude_weeks))]
    return sorted(pd.unique(kept["vendor"].dropna()), key=str)


@dataclass(frozen=True)
class PilotShape:
    """What the pilot was: the vendors piloted (in name order), the number of distinct weeks
    with tickets, and the tickets per vendor (in the vendors' order)."""

    vendors: tuple
    weeks: int
    tickets: tuple

    @property
    def pairs(self) -> int:
        """How many head-to-head pairs the piloted vendors make."""
        n = len(self.vendors)
        return n * (n - 1) // 2


def pilot_shape(tickets: pd.DataFrame) -> PilotShape:
    """The shape of the pilot in ``tickets`` (empty: no vendor, no week). Reads the ``vendor``
    and ``week`` columns; raises InputError as the other functions here do when they are
    malformed."""
    if len(tickets) == 0:
        return PilotShape((), 0, ())
    clean = _prepare(tickets, [], (), None, need_week=True)
    counts = clean.groupby("vendor").size()
    order = sorted(counts.index, key=str)
    return PilotShape(tuple(order), int(clean["week"].nunique()), tuple(int(counts[v]) for v in order))


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def describe_pilot(shape: PilotShape, pair: tuple | None = None) -> str:
    """The pilot in words: who was piloted, over how many weeks, with how many tickets, and
    which pair is compared head to head (``pair``, from :func:`choose_pair`)."""
    n = len(shape.vendors)
    if n == 0:
        return ("No pilot tickets in the data yet: section 1 still plans a pilot; the later "
                "sections say so instead of showing results.")
    each = (f"{shape.tickets[0]:,} tickets" if n == 1 else
            f"{min(shape.tickets):,} to {max(shape.tickets):,} tickets each" if min(shape.tickets) != max(shape.tickets)
            else f"{shape.tickets[0]:,} tickets each")
    text = (f"Piloted: {_count(n, 'vendor')} ({_join([str(v) for v in shape.vendors])}) over "
            f"{_count(shape.weeks, 'week')}, {each}.")
    if n == 1:
        return text + (" With a single vendor there is nothing to compare: section 2 shows its KPIs "
                       "against the targets, and the comparisons are skipped.")
    text += f" Head to head: {pair[0]} vs {pair[1]}." if pair else ""
    if n > 2:
        text += f" Section 4 compares all {n} of them ({shape.pairs} pairs)."
    return text


def describe_pairs(shape: PilotShape) -> str:
    """What section 4's tables are for this pilot: a real comparison of three or more vendors,
    the one pair of two, or nothing with fewer."""
    n = len(shape.vendors)
    if n < 2:
        return "With fewer than two piloted vendors there is nothing to compare here."
    if n == 2:
        return ("With two piloted vendors there is one pair: the omnibus test is the pair's own test "
                "and Holm's correction changes nothing.")
    return (f"With {n} piloted vendors there are {shape.pairs} pairs: the tables above are this pilot's "
            f"omnibus tests and its pairs with Holm's correction.")


def key_points(comparison: pd.DataFrame, targets: pd.DataFrame | None = None) -> list[str]:
    """The findings of a ``compare`` result as short lines for the notebook's key points:
    what the pilot shows (the verdicts that are decided), what it cannot show yet (and how
    many tickets per vendor would be needed), and, given ``check_targets``, which agreed
    targets a vendor missed."""
    a, b = comparison.attrs.get("a", "a"), comparison.attrs.get("b", "b")
    lines = [f"In short: {headline(comparison)}."]
    decided = comparison[comparison["verdict"] != "not enough evidence"]
    lines += [f"Shows: {sentence.split(' Read it with')[0]}" for sentence in decided["sentence"]]
    open_ = comparison[comparison["verdict"] == "not enough evidence"]
    if len(open_):
        names = [KPIS[k].short for k in open_.index]
        needed = open_["tickets_needed"].replace(math.inf, np.nan).dropna()
        tail = (f"; telling them apart would take up to about {_round_up(needed.max())} "
                f"tickets per vendor" if len(needed) else "")
        lines.append(f"Cannot show: whether {a} or {b} is better on {_join(names)}{tail}.")
    if targets is not None and len(targets):
        missed = targets[targets["meets"] == "no"]
        for _, row in missed.iterrows():
            lines.append(f"Target missed: {row['vendor']} on {KPIS[row['kpi']].short} "
                         f"({_show_target(row)}).")
        close = targets[targets["meets"] == "too close to call"]
        if len(close):
            pairs = [f"{row['vendor']} on {KPIS[row['kpi']].short}" for _, row in
                     close.iterrows()]
            lines.append(f"Too close to call against the target: {_join(pairs)}.")
    return lines


def _show_target(row) -> str:
    kpi = KPIS[row["kpi"]]
    unit = " %" if kpi.kind == "rate" else f" {kpi.unit}"
    digits = 2 if kpi.name == "csat" else 0 if kpi.name == "handle_time" else 1
    sign = ">=" if row["target_type"] == "min" else "<="
    return (f"{row['estimate']:.{digits}f}{unit}, target {sign} {row['target']:g}{unit}")


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _show_estimate(kpi: KPI, value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kpi.kind == "rate":
        return f"{value * 100:.1f} %"
    digits = 0 if kpi.name == "handle_time" else 2 if kpi.name == "csat" else 1
    return f"{value:.{digits}f} {kpi.unit}"


def format_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """A readable table of a ``summarize`` result: one row per KPI, one column per vendor,
    cells like "71.9 % (69.1 to 74.6), n = 1,010". Returns strings."""
    cells = {}
    for _, row in summary.iterrows():
        kpi = KPIS[row["kpi"]]
        if row["n"] == 0:
            text = "no data"
        else:
            low = _show_estimate(kpi, row["ci_low"]).replace(" %", "").split(" ")[0]
            high = _show_estimate(kpi, row["ci_high"]).replace(" %", "").split(" ")[0]
            text = f"{_show_estimate(kpi, row['estimate'])} ({low} to {high}), n = {row['n']:,}"
        cells.setdefault(kpi.label, {})[row["vendor"]] = text
    table = pd.DataFrame.from_dict(cells, orient="index")
    table.index.name = "KPI"
    table.columns.name = None
    return table


def format_comparison(comparison: pd.DataFrame) -> pd.DataFrame:
    """A readable table of a ``compare`` result: KPI, both estimates, the difference with its
    interval (percentage points for rates), p-value, test and verdict (vendor names instead
    of "a"/"b"). Returns strings."""
    a, b = comparison.attrs.get("a", "a"), comparison.attrs.get("b", "b")
    rows = []
    for name, row in comparison.iterrows():
        kpi = KPIS[name]
        unit = "points" if kpi.kind == "rate" else kpi.unit
        if math.isnan(row["diff"]):
            diff = "–"
        else:
            diff = (f"{_fmt(kpi, row['diff'], signed=True)} {unit} "
                    f"({_fmt(kpi, row['ci_low'], signed=True)} to "
                    f"{_fmt(kpi, row['ci_high'], signed=True)})")
        verdict = {"a better": f"{a} better", "b better": f"{b} better"}.get(
            row["verdict"], row["verdict"])
        rows.append({
            "KPI": kpi.label,
            str(a): _show_estimate(kpi, row["estimate_a"]),
            str(b): _show_estimate(kpi, row["estimate_b"]),
            f"difference {a} − {b} (95 % interval)": diff,
            "p-value": "–" if math.isnan(row["p_value"]) else (
                "< 0.001" if row["p_value"] < 0.001 else f"{row['p_value']:.3f}"),
            "test": row["test"],
            "verdict": verdict,
        })
    return pd.DataFrame(rows).set_index("KPI")


def trend_headline(trends: pd.DataFrame) -> str:
    """One line for a chart title from ``describe_trends``: who improved, who faded."""
    if trends.empty:
        return "Too few weeks to see a trend"
    first, last = int(trends["first_week"].min()), int(trends["last_week"].max())
    span = f"Weeks {first} to {last}: "
    moved = trends[trends["trend"] != "steady"]
    if moved.empty:
        return span + "no vendor clearly improved or faded"
    parts = []
    for vendor, rows in moved.groupby("vendor", sort=False):
        moves = []
        for trend in ("improved", "faded"):
            names = [KPIS[k].short for k in rows.loc[rows["trend"] == trend, "kpi"]]
            if names:
                moves.append(f"{trend} on {_join(names)}")
        parts.append(f"{vendor} {' and '.join(moves)}")
    return span + "; ".join(parts)


def kpi_values(tickets: pd.DataFrame, kpi: str, exclude_weeks=(), vendors=None
               ) -> pd.DataFrame:
    """The observations behind one KPI, checked: a DataFrame with ``vendor`` and ``value``
    (floats; CSAT top-2-box as 0/1; empty CSAT and QA answers left out).

    Raises InputError as ``summarize`` does.
    """
    (chosen,) = _kpi_list([kpi])
    clean = _prepare(tickets, [chosen.column], exclude_weeks, vendors)
    values = _values(clean, chosen)
    return pd.DataFrame({"vendor": clean.loc[values.index, "vendor"].to_numpy(),
                         "value": values.to_numpy()})


@dataclass
class KpiReport:
    """Result of ``kpi_report``: the estimates, the verdicts in words and a one-line title."""

    summary: pd.DataFrame
    sentences: list[str]
    title: str


def kpi_report(tickets: pd.DataFrame, kpi: str, vendors=None, exclude_weeks=(),
               min_important=None, seed: int = 0, n_boot: int = 10_000) -> KpiReport:
    """One KPI for the chosen vendors: their estimates and the verdicts in words.

    Takes the tickets, a KPI name, the vendors to show (default all), weeks to leave out,
    minimum important differences and the seed. Returns a ``KpiReport``: ``summary`` (the
    rows of ``summarize`` for that KPI and those vendors), ``sentences`` (one for two vendors
    from ``compare``; the omnibus result and one per pair for three or more from
    ``compare_all``; a hint for fewer) and ``title`` (the finding in a few words). Handle
    time always comes with first-contact resolution in its sentence.

    Raises InputError as ``compare`` does.
    """
    (chosen,) = _kpi_list([kpi])
    summary = summarize(tickets, exclude_weeks=exclude_weeks, kpis=[kpi])
    names = sorted(summary["vendor"].unique(), key=str) if vendors is None else list(vendors)
    summary = summary[summary["vendor"].isin(names)].reset_index(drop=True)
    if len(names) < 2:
        return KpiReport(summary, [f"Pick at least two vendors to compare "
                                   f"{chosen.short}."], f"{chosen.label}: one vendor shown")
    if len(names) == 2:
        result = compare(tickets, names[0], names[1], min_important=min_important,
                         exclude_weeks=exclude_weeks, seed=seed, kpis=[kpi], n_boot=n_boot)
        verdict = result.at[kpi, "verdict"]
        words = {"a better": f"{names[0]} better", "b better": f"{names[1]} better",
                 "equivalent": "no important difference"}.get(verdict, "not enough evidence")
        return KpiReport(summary, [result.at[kpi, "sentence"]], f"{chosen.label}: {words}")
    many = compare_all(tickets, vendors=names, min_important=min_important,
                       exclude_weeks=exclude_weeks, seed=seed, kpis=[kpi], n_boot=n_boot)
    omnibus = many.omnibus.loc[kpi]
    differ = omnibus["p_value"] < _ALPHA
    first = (f"{chosen.label}: {omnibus['test']} across {int(omnibus['vendors'])} vendors, "
             f"p = {omnibus['p_value']:.3f} — "
             + ("the vendors differ somewhere; see the pairs below." if differ else
                "no evidence that the vendors differ at all."))
    pairs = many.pairs[many.pairs["kpi"] == kpi]
    title = f"{chosen.label}: " + ("the vendors differ" if differ else
                                   "no evidence that the vendors differ")
    return KpiReport(summary, [first, *pairs["sentence"]], title)


# Profiles for simulated pilots (tests, benchmarks and the notebook's illustration of three
# vendors). Shares are 0..1, times are medians.
_DEFAULT_PROFILE = {
    "fcr": 0.70, "sla": 0.85, "escalation": 0.10, "reopen": 0.05,
    "handle_time_sec": 420.0, "csat": 4.2, "csat_response_rate": 0.3,
    "qa": 84.0, "qa_review_rate": 0.25,
}
_SLA_TARGET_MIN = {"urgent": 15, "high": 60, "normal": 240, "low": 480}


def simulate_tickets(profiles: Mapping[str, Mapping[str, float]], n_per_vendor: int = 1000,
                     weeks: int = 4, seed: int = 0,
                     start: str = "2026-09-07") -> pd.DataFrame:
    """Simulated pilot tickets with the columns of docs/data.md (for tests, benchmarks and
    illustrations — never for a decision).

    ``profiles`` maps a vendor name to the truth to simulate: any of ``fcr, sla, escalation,
    reopen`` (shares 0..1), ``handle_time_sec`` (median), ``csat`` (about the mean),
    ``csat_response_rate``, ``qa`` (mean) and ``qa_review_rate``; missing keys take workbook
    defaults. Returns ``n_per_vendor`` tickets per vendor spread over ``weeks`` weeks.
    """
    rng = np.random.default_rng(seed)
    priorities = np.array(list(_SLA_TARGET_MIN))
    parts = []
    for number, (vendor, given) in enumerate(profiles.items(), start=1):
        unknown = set(given) - set(_DEFAULT_PROFILE)
        if unknown:
            raise InputError(f"simulate_tickets: unknown profile key(s) {sorted(unknown)}; "
                             f"expected some of {', '.join(_DEFAULT_PROFILE)}")
        p = {**_DEFAULT_PROFILE, **given}
        n = int(n_per_vendor)
        week = rng.integers(1, weeks + 1, n)
        minute = rng.integers(0, 7 * 24 * 60, n)
        created = (pd.Timestamp(start, tz="UTC") + pd.to_timedelta((week - 1) * 7 * 24 * 60
                                                                   + minute, unit="min"))
        priority = rng.choice(priorities, n, p=[0.06, 0.19, 0.56, 0.19])
        target = pd.Series(priority).map(_SLA_TARGET_MIN).to_numpy(dtype=float)
        # First response = target x lognormal; the log-offset makes P(response <= target)
        # equal the SLA share asked for.
        spread = 0.8
        offset = -spread * NormalDist().inv_cdf(min(max(p["sla"], 1e-6), 1 - 1e-6))
        first_response = np.round(target * np.exp(rng.normal(offset, spread, n)), 1)
        csat = np.clip(np.round(rng.normal(p["csat"], 0.8, n)), 1, 5)
        csat[rng.random(n) >= p["csat_response_rate"]] = np.nan
        qa = np.clip(np.round(rng.normal(p["qa"], 7, n)), 0, 100)
        qa[rng.random(n) >= p["qa_review_rate"]] = np.nan
        parts.append(pd.DataFrame({
            "ticket_id": [f"S{number}-{i:05d}" for i in range(1, n + 1)],
            "vendor": vendor,
            "created_at": created,
            "week": week,
            "channel": rng.choice(["chat", "email", "phone"], n, p=[0.4, 0.45, 0.15]),
            "priority": priority,
            "sla_target_min": target,
            "first_response_min": first_response,
            "sla_met": (first_response <= target).astype(int),
            "handle_time_sec": np.round(p["handle_time_sec"] * np.exp(rng.normal(0, 0.6, n))),
            "fcr": (rng.random(n) < p["fcr"]).astype(int),
            "escalated": (rng.random(n) < p["escalation"]).astype(int),
            "reopened": (rng.random(n) < p["reopen"]).astype(int),
            "csat": csat,
            "qa_score": qa,
        }))
    tickets = pd.concat(parts, ignore_index=True)
    return tickets.sort_values("created_at", kind="stable").reset_index(drop=True)
