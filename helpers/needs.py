"""Define the needs: should a function be outsourced, which model fits, and the needs checklist.

The rules here are the single source for the whole workbook: notebook 01 explains them,
notebook 02 takes its knock-outs and criteria weights from here, notebook 03 its minimum
important differences and notebook 04 its minimum daily overlap. No other module repeats them.

Everything takes and returns pandas objects (tables with the columns of docs/data.md) and never
reads files, draws or prints; the one exception is :func:`save_needs`, the editor's writer,
which writes a NEW file and refuses to overwrite anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from helpers.data import InputError, require_columns, yes_no_column
from helpers.pilots.registry import KPIS as PILOT_KPI_ENTRIES
from helpers.schema import NEED_CHECKS, OVERLAP_UNITS, PILOT_KPIS, TABLES, WEIGHTS_FROM

# ---------------------------------------------------------------------------------------------
# Vocabulary shared with docs/data.md
# ---------------------------------------------------------------------------------------------

PRIORITIES = ("must", "should", "could")

# Suggested points per need before any override: a should counts twice a could. Musts carry no
# weight at all: they are pass/fail knock-outs, not criteria to trade off.
SUGGESTED_POINTS = {"should": 2.0, "could": 1.0}

# Column order of the needs table in docs/data.md (helpers.schema is the one description of
# the inputs); save_needs writes in this order.
NEEDS_COLUMNS = TABLES["needs"].column_names

# The needs.checks value of the need that sets the minimum daily overlap (helpers.schema).
OVERLAP_CHECK = NEED_CHECKS[0]

# Pilot KPIs (helpers.pilots.registry) and the unit their minimum important difference is
# written in, in helpers.schema.PILOT_KPIS order.
RATE_KPIS = tuple(name for name, kpi in PILOT_KPI_ENTRIES.items() if kpi.kind == "rate")
PILOT_KPI_UNITS = {name: kpi.mid_unit_long for name, kpi in PILOT_KPI_ENTRIES.items()}

FUNCTION_TYPES = {
    "BPO": "business process outsourcing: routine, rule-based processes (support tickets, bookkeeping, payroll runs)",
    "ITO": "IT outsourcing: infrastructure, software development, testing, IT support",
    "KPO": "knowledge process outsourcing: specialist work that needs judgement and expertise "
    "(analytics, research, legal, marketing strategy)",
}

RECOMMENDATIONS = ("keep in-house", "start with a small pilot", "strong candidate")

LOCATION_MODELS = ("onshore", "nearshore", "offshore", "hybrid")


# ---------------------------------------------------------------------------------------------
# Small input checks (plain messages, never a traceback wall from deep inside pandas)
# ---------------------------------------------------------------------------------------------


def _text(series: pd.Series) -> pd.Series:
    """Strip text cells; blanks and missing values become ''."""
    return series.astype("str").fillna("").str.strip()


def _is_blank(series: pd.Series) -> pd.Series:
    return _text(series) == ""


def _as_bool(series: pd.Series, table: str, column: str, ids) -> pd.Series:
    """Yes/no column as bool, read by the package's one rule (``helpers.data.yes_no``); a blank
    is an error. ``ids`` names the rows in a message: a Series, or a function returning one."""
    return yes_no_column(series, f"{table}.{column}", ids)


def _as_number(series: pd.Series, table: str, column: str, ids: pd.Series) -> pd.Series:
    """Numeric column; blanks become NaN, text that is not a number is an InputError."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.astype(float)  # already numbers (as load_project gives): nothing to parse
    numbers = pd.to_numeric(series.where(~_is_blank(series)), errors="coerce")
    bad = numbers.isna() & ~_is_blank(series)
    if bad.any():
        shown = ", ".join(f"{i!s}: {v!r}" for i, v in zip(ids[bad], series[bad]))
        raise InputError(f"{table}.{column}: expected a number, got {shown}.")
    return numbers.astype(float)


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
    if (table["need_id"] == "").any():
        raise InputError("needs.need_id: every need needs an id; some rows have none.")
    duplicated = table["need_id"][table["need_id"].duplicated()].unique()
    if len(duplicated):
        raise InputError(f"needs.need_id: each id must be unique; repeated: {', '.join(duplicated)}.")
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
    require_columns(criteria, "criteria", ["criterion", "weight"])
    table = criteria.copy()
    table["criterion"] = _text(table["criterion"])
    if (table["criterion"] == "").any():
        raise InputError("criteria.criterion: every criterion needs a name; some rows have none.")
    duplicated = table["criterion"][table["criterion"].duplicated()].unique()
    if len(duplicated):
        raise InputError(f"criteria.criterion: each criterion must be unique; repeated: {', '.join(duplicated)}.")
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


# ---------------------------------------------------------------------------------------------
# 1. Should we outsource it?
# ---------------------------------------------------------------------------------------------

FUNCTION_COLUMNS = [
    "function",
    "strategic_importance",
    "time_drain_hours_week",
    "mission_critical",
    "unique_value",
    "measurable",
    "sensitive_data",
    "volume_swing",
]


def _clean_functions(functions: pd.DataFrame) -> pd.DataFrame:
    require_columns(functions, "functions", FUNCTION_COLUMNS)
    table = functions.copy()
    table["function"] = _text(table["function"])
    names = table["function"]
    for column in ("mission_critical", "unique_value", "measurable", "sensitive_data"):
        table[column] = _as_bool(table[column], "functions", column, names)
    for column in ("strategic_importance", "time_drain_hours_week"):
        table[column] = _as_number(table[column], "functions", column, names)
    out_of_range = ~table["strategic_importance"].between(1, 5)
    if out_of_range.any():
        shown = ", ".join(
            f"{n}: {v!r}" for n, v in zip(names[out_of_range], functions["strategic_importance"][out_of_range])
        )
        raise InputError(f"functions.strategic_importance: expected 1 to 5, got {shown}.")
    negative = ~(table["time_drain_hours_week"] >= 0)
    if negative.any():
        shown = ", ".join(f"{n}: {v!r}" for n, v in zip(names[negative], functions["time_drain_hours_week"][negative]))
        raise InputError(f"functions.time_drain_hours_week: expected hours >= 0, got {shown}.")
    table["volume_swing"] = _text(table["volume_swing"]).str.lower()
    bad_swing = ~table["volume_swing"].isin(["low", "medium", "high"])
    if bad_swing.any():
        shown = ", ".join(f"{n}: {v!r}" for n, v in zip(names[bad_swing], functions["volume_swing"][bad_swing]))
        raise InputError(f"functions.volume_swing: expected low, medium or high, got {shown}.")
    return table


def _join_reasons(parts: pd.DataFrame) -> pd.Series:
    """Join the non-empty phrases of each row with '; ' (one short loop per function row: the
    functions table has a handful of rows, this is no hot path)."""
    return parts.apply(lambda row: "; ".join(p for p in row if p), axis=1).astype(str)


def outsourcing_recommendation(
    functions: pd.DataFrame,
    *,
    time_drain_hours: float = 10.0,
    high_importance: float = 4.0,
) -> pd.DataFrame:
    """Recommend, per candidate function, whether to outsource it, with the reasons in words.

    The rule, applied in this order (the articles' first lesson):

    1. **keep in-house** when the function is mission-critical, carries unique value (what makes
       the company different), or its results cannot be measured (a partner could not be held
       to a target: define a KPI first);
    2. otherwise **start with a small pilot** when there is a reason for caution: it touches
       sensitive data, its strategic importance is ``high_importance`` or more (1-5 scale), or
       it takes less than ``time_drain_hours`` of team time a week (little to gain);
    3. otherwise **strong candidate**: it eats team time without adding unique value, its
       results can be measured and nothing calls for caution.
    A high volume swing is named as a reason for outsourcing (a partner can scale up and down).

    Takes the ``functions`` table (docs/data.md; yes/no columns as bool or yes/no text).
    Returns a DataFrame with columns ``function``, ``recommendation`` (one of
    ``RECOMMENDATIONS``) and ``reasons`` (plain sentence fragments joined by "; "), one row
    per function in input order. An empty table gives an empty result.
    Raises InputError for a missing column or a value outside its range.
    """
    if isinstance(functions, pd.DataFrame) and functions.empty:
        return pd.DataFrame({"function": [], "recommendation": [], "reasons": []}, dtype=object)
    table = _clean_functions(functions)
    hours = table["time_drain_hours_week"]
    importance = table["strategic_importance"]

    mission = table["mission_critical"]
    unique = table["unique_value"]
    unmeasurable = ~table["measurable"]
    sensitive = table["sensitive_data"]
    important = importance >= high_importance
    small_gain = hours < time_drain_hours
    keep = mission | unique | unmeasurable
    caution = sensitive | important | small_gain

    recommendation = np.select(
        [keep.to_numpy(), caution.to_numpy()],
        [RECOMMENDATIONS[0], RECOMMENDATIONS[1]],
        default=RECOMMENDATIONS[2],
    )

    def phrase(condition: pd.Series, text: pd.Series | str) -> pd.Series:
        text = text if isinstance(text, pd.Series) else pd.Series(text, index=table.index)
        return text.where(condition, "")

    hours_text = hours.map(lambda h: f"{h:g}")
    importance_text = importance.map(lambda v: f"{v:g}")
    candidate = ~keep
    parts = pd.DataFrame(
        {
            "mission": phrase(
                mission, "mission-critical: if it fails the business stops, so it stays under your direct control"
            ),
            "unique": phrase(
                unique, "carries unique value (what makes you different); outsourcing it would give that away"
            ),
            "unmeasurable": phrase(
                unmeasurable,
                "its results cannot be measured yet, so a partner could not be held to a target; define a KPI first",
            ),
            "sensitive": phrase(
                candidate & sensitive,
                "touches sensitive data: start small and check data protection and access controls first",
            ),
            "important": phrase(
                candidate & important,
                "strategically important (" + importance_text + " of 5): prove a partner on a small scope",
            ),
            "small": phrase(
                candidate & small_gain,
                "takes only " + hours_text + " h a week of team time: little to gain, so start small",
            ),
            "drain": phrase(
                candidate & ~small_gain, "takes " + hours_text + " h a week of team time without adding unique value"
            ),
            "measurable": phrase(candidate, "results can be measured against a KPI"),
            "swing": phrase(
                candidate & (table["volume_swing"] == "high"), "volume swings a lot: a partner can scale up and down"
            ),
        }
    )
    return pd.DataFrame(
        {
            "function": table["function"].to_numpy(dtype=object),
            "recommendation": recommendation.astype(object),
            "reasons": _join_reasons(parts).to_numpy(dtype=object),
        }
    )


# ---------------------------------------------------------------------------------------------
# 2. Which kind (BPO / ITO / KPO) and where (onshore / nearshore / offshore / hybrid)
# ---------------------------------------------------------------------------------------------


def location_tradeoffs() -> pd.DataFrame:
    """The four location models and their trade-offs, in words (rows in ``LOCATION_MODELS``
    order; columns cost, control, time_zone_overlap, data_sensitivity, best_when)."""
    rows = {
        "onshore": (
            "highest",
            "highest: same law, language and culture",
            "full working day",
            "best: data stays under your own law",
            "sensitive data and long live collaboration",
        ),
        "nearshore": (
            "medium",
            "good: short travel, similar culture",
            "most of the day (0-3 h time difference)",
            "good inside the same legal area (e.g. EU to EU)",
            "several hours of live overlap at a lower cost than onshore",
        ),
        "offshore": (
            "lowest",
            "lowest: distance, language and culture gaps to manage",
            "little or none unless the partner works shifted hours",
            "weakest: cross-border transfers need contracts and audits",
            "routine work that can be handed over without live contact",
        ),
        "hybrid": (
            "medium (a blend)",
            "good: sensitive or complex work stays close",
            "onshore part covers the live hours",
            "good: sensitive data stays onshore, routine volume goes abroad",
            "sensitive data or mixed work: keep the core close, send the volume far",
        ),
    }
    return pd.DataFrame.from_dict(
        rows,
        orient="index",
        columns=["cost", "control", "time_zone_overlap", "data_sensitivity", "best_when"],
    ).rename_axis("location_model")


def suggest_model(
    functions: pd.DataFrame,
    needs: pd.DataFrame | None = None,
    *,
    nearshore_overlap_hours: float = 3.0,
    **recommendation_options,
) -> pd.DataFrame:
    """Suggest the outsourcing type and location model for each function, naming the rule.

    Type: the function's own ``type`` (BPO / ITO / KPO) with what it means.
    Location, first rule that fires:

    - ``in-house``: the function is recommended to stay in-house (see
      :func:`outsourcing_recommendation`, which takes ``recommendation_options``);
    - ``sensitive data + long overlap`` -> onshore: sensitive data and at least
      ``nearshore_overlap_hours`` of live overlap a day;
    - ``sensitive data`` -> hybrid: sensitive part stays onshore, routine volume goes further;
    - ``long overlap`` -> nearshore: at least ``nearshore_overlap_hours`` of live overlap;
    - ``some overlap`` -> offshore with shifted hours: some, but less, live overlap;
    - ``no overlap`` -> offshore: the work can be handed over without live contact.

    The live overlap a function needs is its ``live_overlap_hours`` when given, otherwise the
    needs' minimum daily overlap (:func:`min_overlap_minutes`), otherwise 0.
    Returns a DataFrame: ``function, type, type_meaning, overlap_hours_needed, overlap_from,
    location, rule, reason``. Raises InputError for a type other than BPO, ITO or KPO, or a
    negative overlap.
    """
    columns = ["function", "type", "type_meaning", "overlap_hours_needed", "overlap_from", "location", "rule", "reason"]
    if isinstance(functions, pd.DataFrame) and functions.empty:
        return pd.DataFrame({c: [] for c in columns}, dtype=object)
    require_columns(functions, "functions", FUNCTION_COLUMNS + ["type"])
    table = _clean_functions(functions)
    names = table["function"]
    kind = _text(table["type"]).str.upper()
    bad = ~kind.isin(list(FUNCTION_TYPES))
    if bad.any():
        shown = ", ".join(f"{n}: {v!r}" for n, v in zip(names[bad], functions["type"][bad]))
        raise InputError(f"functions.type: expected BPO, ITO or KPO, got {shown}.")

    needs_overlap = None if needs is None else min_overlap_minutes(needs)
    if "live_overlap_hours" in table.columns:
        own = _as_number(table["live_overlap_hours"], "functions", "live_overlap_hours", names)
    else:
        own = pd.Series(np.nan, index=table.index)
    if (own < 0).any():
        raise InputError(
            "functions.live_overlap_hours: expected hours >= 0, got "
            + ", ".join(f"{n}: {v:g}" for n, v in zip(names[own < 0], own[own < 0]))
            + "."
        )
    fallback = 0.0 if needs_overlap is None else needs_overlap / 60
    overlap = own.fillna(fallback)
    overlap_from = np.where(
        own.notna(), "function", "needs (minimum overlap)" if needs_overlap is not None else "none given"
    )

    keep = (
        outsourcing_recommendation(functions, **recommendation_options)["recommendation"] == RECOMMENDATIONS[0]
    ).to_numpy()
    sensitive = table["sensitive_data"].to_numpy()
    long_overlap = (overlap >= nearshore_overlap_hours).to_numpy()
    some_overlap = (overlap > 0).to_numpy()
    conditions = [keep, sensitive & long_overlap, sensitive, long_overlap, some_overlap]
    rules = ["in-house", "sensitive data + long overlap", "sensitive data", "long overlap", "some overlap"]
    locations = ["in-house", "onshore", "hybrid", "nearshore", "offshore"]
    rule = np.select(conditions, rules, default="no overlap")
    location = np.select(conditions, locations, default="offshore")

    hours = overlap.map(lambda h: f"{h:g}")
    reasons = {
        "in-house": pd.Series("recommended to stay in-house (step 1), so no outside model", index=table.index),
        "sensitive data + long overlap": "touches sensitive data and needs "
        + hours
        + " h of live overlap a day: onshore keeps the data under your own law and works "
        "your hours",
        "sensitive data": pd.Series(
            "touches sensitive data: keep that part onshore (or in-house) "
            "and send routine, anonymised volume to a lower-cost site",
            index=table.index,
        ),
        "long overlap": "needs "
        + hours
        + " h of live overlap a day (at least "
        + f"{nearshore_overlap_hours:g} h): a nearshore partner shares most of your working "
        "day at a lower cost than onshore",
        "some overlap": "needs only " + hours + " h of live overlap a day: an offshore partner "
        "can cover that with a shifted start, at the lowest cost",
        "no overlap": pd.Series(
            "no live overlap needed: work can be handed over asynchronously, so offshore gives the lowest cost",
            index=table.index,
        ),
    }
    reason = pd.Series("", index=table.index, dtype=object)
    for name, text in reasons.items():
        reason = reason.where(rule != name, text)
    return pd.DataFrame(
        {
            "function": names.to_numpy(dtype=object),
            "type": kind.to_numpy(dtype=object),
            "type_meaning": kind.map(FUNCTION_TYPES).to_numpy(dtype=object),
            "overlap_hours_needed": overlap.to_numpy(dtype=float),
            "overlap_from": overlap_from.astype(object),
            "location": location.astype(object),
            "rule": rule.astype(object),
            "reason": reason.to_numpy(dtype=object),
        }
    )


# ---------------------------------------------------------------------------------------------
# 3. The needs checklist: knock-outs and weights
# ---------------------------------------------------------------------------------------------


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


def need_weights(needs: pd.DataFrame) -> pd.DataFrame:
    """The weight of every should/could need, in percent of all weighted needs (sums to 100).

    Suggested weight: 2 points per should, 1 per could, turned into percent. The needs'
    ``weight`` column overrides it and is read as **percent**:

    - no override: the suggested percentages;
    - some overrides: those needs keep their percent, the others share what is left of 100 %
      in proportion to their suggested points;
    - every need overridden: the overrides are rescaled to sum to 100 % (lint_needs says so
      when they did not).

    Takes the needs table. Returns a DataFrame indexed by ``need_id`` with ``need, priority,
    criterion, suggested_pct, weight_pct, overridden`` (empty when there is no should/could
    need). Raises InputError for bad needs (see :func:`lint_needs`), and ValueError when the
    weights cannot be normalised: overrides above 100 % while other needs still need a share,
    or every need overridden with 0.
    """
    return _need_weights(_clean_needs(needs))


def _need_weights(table: pd.DataFrame) -> pd.DataFrame:
    """need_weights for a table that already went through _clean_needs."""
    weighted = table[table["priority"].isin(list(SUGGESTED_POINTS))]
    points = weighted["priority"].map(SUGGESTED_POINTS).astype(float)
    override = weighted["weight"]
    overridden = override.notna()
    suggested_pct = 100 * points / points.sum() if len(points) else points
    if not overridden.any():
        weight_pct = suggested_pct
    elif overridden.all():
        total = override.sum()
        if total <= 0:
            raise ValueError(
                "needs.weight: every should/could need has weight 0, so the weights cannot be "
                "normalised to 100 %; give at least one need a weight above 0 (or leave the "
                "weight column blank to use the suggested weights)."
            )
        weight_pct = 100 * override / total
    else:
        used = override[overridden].sum()
        if used > 100 + 1e-9:
            raise ValueError(
                f"needs.weight: the weight overrides add up to {used:g} %, more than 100 %, and "
                f"{int((~overridden).sum())} need(s) without an override still need a share; "
                "lower the overrides or give every should/could need a weight."
            )
        rest_points = points[~overridden]
        weight_pct = override.where(overridden, (100 - used) * rest_points / rest_points.sum())
    return pd.DataFrame(
        {
            "need": weighted["need"],
            "priority": weighted["priority"],
            "criterion": weighted["criterion"],
            "suggested_pct": suggested_pct.astype(float),
            "weight_pct": weight_pct.astype(float),
            "overridden": overridden.astype(bool),
        }
    ).set_axis(pd.Index(weighted["need_id"], name="need_id"))


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


def criteria_weight_table(needs: pd.DataFrame, criteria: pd.DataFrame, weights_from: str = "criteria") -> pd.DataFrame:
    """Both candidate weights of every criterion, side by side, and the one the scoring uses.

    The rule (docs/data.md, "Which weights are used"): the scoring uses the weights typed in the
    criteria table unless the project's settings say ``weights_from = needs``; the needs never
    replace typed weights silently. The weights the needs suggest (``suggested``): each
    should/could need feeds the criterion named in its ``criterion`` column with its weight in
    percent (:func:`need_weights`); the criteria that needs feed keep, **as a group**, the share
    the criteria table gives them together, split inside the group in proportion to the needs'
    weights; criteria no need feeds (typically the yearly cost) keep their typed share.

    Takes the needs and criteria tables and ``weights_from`` ("criteria" or "needs"). Returns a
    DataFrame indexed by criterion (criteria table order) with ``source``, ``typed`` (the
    criteria table's weight share, 0..1), ``need_pct`` (sum of the weights in percent of the
    should/could needs that feed it, NaN when none does), ``from_needs`` (those need ids,
    comma-separated), ``suggested`` (0..1, sums to 1) and ``weight`` (the one used, 0..1).
    Raises InputError when a need names a criterion that is not in the criteria table (or the
    tables are malformed), ValueError when the weights cannot be normalised (all end up 0).
    """
    if weights_from not in WEIGHTS_FROM:
        raise ValueError(f"weights_from: expected one of {', '.join(WEIGHTS_FROM)}, got {weights_from!r}")
    crit = _clean_criteria(criteria)
    weights = _need_weights(_clean_needs(needs))
    known = set(crit["criterion"])
    feeding = weights[weights["criterion"] != ""]
    unknown = feeding[~feeding["criterion"].isin(known)]
    if len(unknown):
        shown = ", ".join(f"{i}: {c!r}" for i, c in zip(unknown.index, unknown["criterion"]))
        raise InputError(f"needs.criterion: expected one of the criteria ({', '.join(sorted(known))}), got {shown}.")
    need_pct = feeding.groupby("criterion", sort=False)["weight_pct"].sum()
    ids = feeding.reset_index().groupby("criterion", sort=False)["need_id"].agg(", ".join)

    index = pd.Index(crit["criterion"], name="criterion")
    total_table = crit["weight"].sum()
    typed = (crit["weight"] / total_table if total_table > 0 else crit["weight"] * 0.0).set_axis(index)
    covered = index.isin(need_pct.index)
    pct = need_pct.reindex(index)
    from_needs = typed[covered].sum() * pct / pct[covered].sum() if pct[covered].sum() > 0 else pct * 0.0
    suggested = pd.Series(np.where(covered, from_needs.fillna(0.0), typed), index=index)
    used = suggested if weights_from == "needs" else typed
    if not used.sum() > 0:
        raise ValueError(
            "criteria weights cannot be normalised: every criterion ends up with weight 0 "
            "(the criteria table's weights are all 0 or the needs that feed criteria all have "
            "weight 0); give at least one criterion a weight above 0."
        )
    return pd.DataFrame(
        {
            "source": crit["source"].to_numpy(dtype=object),
            "typed": typed.to_numpy(dtype=float),
            "need_pct": pct.to_numpy(dtype=float),
            "from_needs": ids.reindex(index).fillna("").to_numpy(dtype=object),
            "suggested": (suggested / suggested.sum() if suggested.sum() > 0 else suggested).to_numpy(dtype=float),
            "weight": (used / used.sum()).to_numpy(dtype=float),
        },
        index=index,
    )


def criteria_weights(needs: pd.DataFrame, criteria: pd.DataFrame, weights_from: str = "criteria") -> pd.Series:
    """The criteria weights the scoring uses (sum 1.0): the typed ones, or with
    ``weights_from = "needs"`` those the should/could needs suggest.

    See :func:`criteria_weight_table` for the rule. Returns a float Series indexed by criterion
    (criteria table order), named ``weight``. Raises as :func:`criteria_weight_table`.
    """
    return criteria_weight_table(needs, criteria, weights_from)["weight"].rename("weight")


# Two weights closer than this (a twentieth of a percentage point) are the same weight.
SAME_WEIGHT = 0.0005


@dataclass(frozen=True)
class WeightChoice:
    """Which weights the scoring uses, and how far the other candidate is from them.

    used       "criteria" or "needs" (the setting ``weights_from``)
    fed        whether any should/could need feeds a criterion (else there is only one candidate)
    differing  criteria whose typed and suggested weights differ, largest difference first
    largest    (criterion, typed, suggested) of the largest difference, or None
    """

    used: str
    fed: bool
    differing: tuple[str, ...]
    largest: tuple[str, float, float] | None


def weight_choice(table: pd.DataFrame, weights_from: str) -> WeightChoice:
    """The finding behind :func:`weights_sentence`, from :func:`criteria_weight_table`."""
    gap = (table["typed"] - table["suggested"]).abs()
    differing = gap[gap > SAME_WEIGHT].round(9).sort_values(ascending=False, kind="stable")  # ties: table order
    largest = None
    if len(differing):
        name = differing.index[0]
        largest = (str(name), float(table.at[name, "typed"]), float(table.at[name, "suggested"]))
    return WeightChoice(
        weights_from, bool((table["from_needs"] != "").any()), tuple(str(c) for c in differing.index), largest
    )


def weights_sentence(choice: WeightChoice) -> str:
    """The weights rule as it applies to this project, in one or two sentences."""
    used = (
        "the weights typed in the criteria table"
        if choice.used == "criteria"
        else "the weights the should/could needs suggest"
    )
    text = f"The scoring uses {used} (setting weights_from = {choice.used})."
    if not choice.fed:
        return text + " No should/could need names a criterion, so there are no other weights to compare."
    if choice.largest is None:
        return text + " The criteria table and the needs give the same weights."
    name, typed, suggested = choice.largest
    other = "needs" if choice.used == "criteria" else "criteria"
    count = len(choice.differing)
    return (
        text + f" The two differ on {count} criteri{'on' if count == 1 else 'a'}, most on {name}: "
        f"{100 * typed:.1f} % typed, {100 * suggested:.1f} % from the needs. "
        f"Set weights_from = {other} in the settings table to use the other weights."
    )


def _met_flags(must_haves: pd.DataFrame) -> pd.Series:
    return _as_bool(
        must_haves["met"], "must_haves", "met", lambda: _text(must_haves["vendor"]) + "/" + _text(must_haves["need_id"])
    )


def knockouts(
    needs: pd.DataFrame,
    must_haves: pd.DataFrame,
    vendors: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every unmet must-have, one row per vendor and must need: the pass/fail knock-outs.

    A must need is met only when ``must_haves`` has a row for that vendor and need with
    ``met`` true. A missing row counts as unmet, with evidence "no evidence given"; a row marked
    not met shows its evidence (or "marked not met; no evidence given"). Rows for needs that are
    no longer must (e.g. after editing priorities) are ignored.

    Takes the needs table, the must_haves table (vendor, need_id, met, evidence) and optionally
    ``vendors``, the names of every candidate vendor (e.g. ``project.vendors["vendor"]``): a
    vendor with no must_haves row at all is then knocked out on every must need. Without it,
    the vendors are those named in must_haves.
    Returns a DataFrame with columns ``vendor, need_id, need, evidence`` (vendor order as given,
    then need order). Raises InputError for a must_haves row naming an unknown need_id, a
    duplicate (vendor, need_id) pair, or a ``met`` value that is not yes/no.
    """
    table = _clean_needs(needs)
    require_columns(must_haves, "must_haves", ["vendor", "need_id", "met"])
    answers = pd.DataFrame(
        {
            "vendor": _text(must_haves["vendor"]),
            "need_id": _text(must_haves["need_id"]),
            "met": _met_flags(must_haves),
            "evidence": _text(must_haves["evidence"]) if "evidence" in must_haves.columns else "",
        }
    )
    unknown = ~answers["need_id"].isin(table["need_id"])
    if unknown.any():
        raise InputError(
            "must_haves.need_id: expected a need_id from the needs table, got "
            + ", ".join(sorted(set(answers["need_id"][unknown])))
            + "."
        )
    repeated = answers.duplicated(["vendor", "need_id"])
    if repeated.any():
        pairs = answers[repeated]
        raise InputError(
            "must_haves: each vendor and need may appear once; repeated: "
            + ", ".join(f"{v}/{n}" for v, n in zip(pairs["vendor"], pairs["need_id"]))
            + "."
        )
    names = [] if vendors is None else [str(v).strip() for v in vendors]
    order = pd.Index(names).append(pd.Index(answers["vendor"])).unique()
    musts = table[table["priority"] == "must"]
    columns = ["vendor", "need_id", "need", "evidence"]
    if len(order) == 0 or musts.empty:
        return pd.DataFrame({c: [] for c in columns}, dtype=object)
    grid = pd.MultiIndex.from_product([order, musts["need_id"]], names=["vendor", "need_id"])
    merged = grid.to_frame(index=False).merge(answers, on=["vendor", "need_id"], how="left")
    # The merge turns met into object with NaN where there is no row: only a True passes.
    answered = merged["met"].notna()
    unmet = merged[~(merged["met"] == True)]  # noqa: E712  (NaN and False both fail)
    answered = answered[unmet.index]
    evidence = unmet["evidence"].fillna("")
    evidence = evidence.where(answered, "no evidence given")
    evidence = evidence.where(evidence != "", "marked not met; no evidence given")
    result = pd.DataFrame(
        {
            "vendor": unmet["vendor"].to_numpy(dtype=object),
            "need_id": unmet["need_id"].to_numpy(dtype=object),
            "need": unmet["need_id"].map(dict(zip(musts["need_id"], musts["need"]))).to_numpy(dtype=object),
            "evidence": evidence.to_numpy(dtype=object),
        }
    )
    return result


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


def must_haves_for_non_musts(needs: pd.DataFrame, must_haves: pd.DataFrame) -> list[str]:
    """Need ids that have rows in ``must_haves`` but are not (or no longer) must needs.

    After an edit turns a must into a should or could, such rows make ``load_project`` reject
    the project (must_haves may only name must needs): the editor warns with this list.
    Returns the ids in the order they first appear in must_haves.
    """
    table = _clean_needs(needs)
    require_columns(must_haves, "must_haves", ["need_id"])
    musts = set(table["need_id"][table["priority"] == "must"])
    named = pd.unique(_text(must_haves["need_id"]))
    return [need_id for need_id in named if need_id not in musts]


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


# ---------------------------------------------------------------------------------------------
# Lint: the checklist's problems in plain words
# ---------------------------------------------------------------------------------------------

LINT_LEVELS = (
    "error",
    "warning",
    "info",
)  # how serious a lint finding is, most first (not scoring.SEVERITIES of red flags)


class Finding(NamedTuple):
    """One finding of :func:`lint_needs`: its severity, the need(s) it is about ("" for the
    whole checklist, several ids joined with ", ") and what to do, in plain words."""

    severity: str
    need_id: str
    message: str


@dataclass
class _Checklist:
    """The needs table as lint reads it: every column present, text stripped, and the table as
    the rest of the workbook cleans it (``clean``, None when it cannot be cleaned)."""

    raw: pd.DataFrame
    clean: pd.DataFrame | None
    criteria: pd.DataFrame | None

    @classmethod
    def read(cls, needs: pd.DataFrame, criteria: pd.DataFrame | None) -> _Checklist:
        raw = needs.copy()
        for column in NEEDS_COLUMNS:
            if column not in raw.columns:
                raw[column] = np.nan
        try:
            clean = _clean_needs(needs)
        except InputError:
            clean = None
        return cls(raw, clean, criteria)

    def text(self, column: str) -> pd.Series:
        return _text(self.raw[column])

    def number(self, column: str) -> pd.Series:
        """The column as numbers: NaN for blanks and for text that is not a number."""
        values = self.raw[column]
        return pd.to_numeric(values.where(~_is_blank(values)), errors="coerce")

    def not_a_number(self, column: str) -> pd.Series:
        return self.number(column).isna() & ~_is_blank(self.raw[column])

    @property
    def ids(self) -> pd.Series:
        return self.text("need_id")

    @property
    def priority(self) -> pd.Series:
        return self.text("priority").str.lower()

    @property
    def criterion_names(self) -> set[str]:
        """The criteria table's names (empty without a usable criteria table)."""
        if self.criteria is None or "criterion" not in getattr(self.criteria, "columns", []):
            return set()
        return set(_text(self.criteria["criterion"]))


def _lint_identity(needs: _Checklist) -> list[Finding]:
    """Duplicate or missing need ids and unknown priorities: everything that looks needs up by
    id or sorts them by priority breaks on these."""
    ids, priority = needs.ids, needs.priority
    found = [
        Finding("error", need_id or "", f"need id {need_id!r} is used more than once; give each need its own id.")
        for need_id in ids[ids.duplicated()].unique()
    ]
    if (ids == "").any():
        found.append(Finding("error", "", f"{int((ids == '').sum())} need(s) have no need_id; give each one."))
    unknown = ~priority.isin(PRIORITIES)
    for need_id, value, word in zip(ids[unknown], needs.raw["priority"][unknown], priority[unknown]):
        found.append(
            Finding(
                "error",
                need_id,
                "has no priority; expected must, should or could."
                if word == ""
                else f"priority {value!r} is not one of must, should or could.",
            )
        )
    return found


def _lint_repeats(needs: _Checklist) -> list[Finding]:
    """Needs that say the same thing (the wish counts twice), needs without a description, and
    needs sharing a KPI (one need written twice, or contradicting targets)."""
    ids, found = needs.ids, []
    text = needs.text("need").str.lower().str.replace(r"\s+", " ", regex=True)
    for need_text in text[text.duplicated() & (text != "")].unique():
        same = ", ".join(ids[text == need_text])
        found.append(
            Finding("warning", same, f"needs {same} say the same thing; keep one, or the same wish counts twice.")
        )
    for need_id in ids[text == ""]:
        found.append(Finding("warning", need_id, "the need has no description; say in a sentence what you need."))
    kpi_key = needs.text("kpi").str.lower()
    for key in kpi_key[kpi_key.duplicated() & (kpi_key != "")].unique():
        same = ", ".join(ids[kpi_key == key])
        found.append(
            Finding(
                "warning",
                same,
                f"needs {same} share the KPI {key!r}; check that they are not one "
                "need written twice, or that their targets do not contradict each other.",
            )
        )
    return found


def _lint_measurability(needs: _Checklist) -> list[Finding]:
    """Every need must be checkable, or a partner cannot be held to it: a KPI (a must without
    one is an error), a target that is a number, a way to measure it, a target type."""
    ids, priority, kpi = needs.ids, needs.priority, needs.text("kpi")
    target, bad_target = needs.number("target"), needs.not_a_number("target")
    measured_by, target_type = needs.text("measured_by"), needs.text("target_type").str.lower()
    found = []
    for i in needs.raw.index:
        need_id = ids[i]
        if kpi[i] == "":
            found.append(
                Finding(
                    "warning" if priority[i] != "must" else "error",
                    need_id,
                    "has no KPI: nobody can check whether it is met. Name a measurable KPI "
                    "(e.g. first-contact resolution rate).",
                )
            )
        elif bad_target[i]:
            found.append(Finding("error", need_id, f"target {needs.raw['target'][i]!r} is not a number."))
        elif pd.isna(target[i]):
            found.append(Finding("warning", need_id, f"KPI {kpi[i]!r} has no target: say what value counts as met."))
        if kpi[i] != "" and measured_by[i] == "":
            found.append(
                Finding(
                    "warning",
                    need_id,
                    "does not say how it is measured (measured_by): agree the "
                    "source (ticket system, survey, audit) before the pilot.",
                )
            )
        if pd.notna(target[i]) and target_type[i] not in ("min", "max"):
            found.append(
                Finding(
                    "info",
                    need_id,
                    "target_type is not min or max: say whether the target is a floor (min) or a ceiling (max).",
                )
            )
    return found


def _lint_weight_cells(needs: _Checklist) -> list[Finding]:
    """A weight that is not a number >= 0, and a weight on a must (ignored: musts are pass/fail)."""
    ids, weight = needs.ids, needs.number("weight")
    bad = needs.not_a_number("weight") | (weight < 0)
    found = [
        Finding("error", need_id, f"weight {value!r} is not a number >= 0.")
        for need_id, value in zip(ids[bad], needs.raw["weight"][bad])
    ]
    found += [
        Finding(
            "warning",
            need_id,
            "is a must-have with a weight: musts are pass/fail knock-outs, so the weight is ignored.",
        )
        for need_id in ids[(needs.priority == "must") & weight.notna()]
    ]
    return found


def _lint_must_count(needs: _Checklist, max_musts: int, max_must_share: float) -> list[Finding]:
    """How many musts are credible: every must knocks vendors out before any scoring."""
    must = needs.priority == "must"
    n_must, n_needs = int(must.sum()), len(needs.raw)
    if n_must == 0:
        return [Finding("info", "", "no must-haves: no vendor will be knocked out before scoring.")]
    if n_must > max_musts or n_must > max_must_share * n_needs:
        return [
            Finding(
                "warning",
                "",
                f"{n_must} of {n_needs} needs are must-haves. Each one knocks out "
                "every vendor that fails it, so few vendors will pass; keep must for what truly "
                "disqualifies and make the rest should or could.",
            )
        ]
    return [
        Finding(
            "info",
            ", ".join(needs.ids[must]),
            f"notebook 02 will knock out every vendor that fails one of these {n_must} must-haves, before any scoring.",
        )
    ]


def _lint_criteria(needs: _Checklist) -> list[Finding]:
    """A should/could need must feed a criterion, and one the criteria table has (when given)."""
    ids, criterion = needs.ids, needs.text("criterion")
    weighted = needs.priority.isin(list(SUGGESTED_POINTS))
    found = [
        Finding(
            "warning",
            need_id,
            "is a should/could need without a criterion: it will not count "
            "in the partner scoring. Name the criterion it feeds.",
        )
        for need_id in ids[weighted & (criterion == "")]
    ]
    known = needs.criterion_names
    if known:
        named = weighted & (criterion != "")
        found += [
            Finding("error", need_id, f"criterion {name!r} is not in the criteria table ({', '.join(sorted(known))}).")
            for need_id, name in zip(ids[named], criterion[named])
            if name not in known
        ]
    return found


def _lint_weight_sums(needs: _Checklist) -> list[Finding]:
    """Whether the should/could weights can be normalised, and what happens to overrides; only
    meaningful when the table itself is clean."""
    if needs.clean is None:
        return []
    found = []
    try:
        weights = _need_weights(needs.clean)
    except ValueError as problem:
        found.append(Finding("error", "", str(problem)))
    else:
        given = weights["overridden"]
        if len(weights) and given.all():
            total = needs.clean.set_index("need_id").loc[weights.index, "weight"].sum()
            if abs(total - 100) > 0.05:
                found.append(
                    Finding(
                        "warning",
                        "",
                        f"the should/could weights add up to {total:g} %, not 100 %; they were rescaled to 100 %.",
                    )
                )
        elif given.any():
            found.append(
                Finding(
                    "info",
                    "",
                    f"{int(given.sum())} need weight(s) overridden; the other "
                    "should/could needs share the remaining percent by priority.",
                )
            )
    if needs.criterion_names:
        try:
            criteria_weights(needs.clean, needs.criteria, weights_from="needs")
        except InputError:
            pass  # a criterion the table lacks: _lint_criteria names it
        except ValueError as problem:
            found.append(Finding("error", "", str(problem)))
    return found


def _lint_overlap(needs: _Checklist) -> list[Finding]:
    """The minimum time-zone overlap notebook 04 will use, or that no need sets one."""
    rows = needs.text("checks").str.lower() == OVERLAP_CHECK
    if not rows.any():
        return [
            Finding(
                "info",
                "",
                f"no need sets a minimum time-zone overlap (column checks = {OVERLAP_CHECK}); "
                "notebook 04 checks vendors against the largest live_overlap_hours of the functions, "
                "if any, otherwise against no minimum.",
            )
        ]
    if needs.clean is None:
        return []
    which = ", ".join(needs.ids[rows])
    try:
        minutes = min_overlap_minutes(needs.clean)
    except InputError as problem:
        return [Finding("error", which, str(problem))]
    return [
        Finding(
            "info",
            which,
            f"notebook 04 will check every vendor "
            f"against a minimum overlap of {minutes / 60:g} h ({minutes} min) per working day.",
        )
    ]


def _lint_pilot_kpi(need_id: str, given: str, name: str, mid: float) -> list[Finding]:
    """One need's pilot KPI and its minimum important difference (``mid``, NaN when blank)."""
    if name not in PILOT_KPI_UNITS:
        return [Finding("error", need_id, f"pilot_kpi {given!r} is not one of {', '.join(PILOT_KPI_UNITS)}.")]
    if pd.isna(mid):
        return [
            Finding(
                "warning",
                need_id,
                f"pilot KPI {name} has no minimum important difference; "
                "notebook 03 will use its default. Decide it now, before the pilot.",
            )
        ]
    if mid < 0:
        return [Finding("error", need_id, f"minimum important difference {mid:g} is negative.")]
    if name in RATE_KPIS and mid > 100:
        return [Finding("error", need_id, f"minimum important difference {mid:g} percentage points is more than 100.")]
    found = []
    if name in RATE_KPIS and 0 < mid < 0.5:
        found.append(
            Finding(
                "warning",
                need_id,
                f"minimum important difference {mid:g} is read as "
                f"percentage points ({mid:g} pp); if you meant {mid * 100:g} pp, write {mid * 100:g}.",
            )
        )
    found.append(
        Finding(
            "info",
            need_id,
            f"notebook 03 will call a pilot difference in {name} important from {mid:g} {PILOT_KPI_UNITS[name]}.",
        )
    )
    return found


def _lint_pilot_kpis(needs: _Checklist) -> list[Finding]:
    """Each need's pilot KPI (:func:`_lint_pilot_kpi`), then two needs giving one pilot KPI
    different minimum important differences."""
    pilot_kpi = needs.text("pilot_kpi").str.lower()
    mid = needs.number("min_important_difference")
    found = []
    for i in needs.raw.index[pilot_kpi != ""]:
        found += _lint_pilot_kpi(needs.ids[i], needs.raw["pilot_kpi"][i], pilot_kpi[i], mid[i])
    conflict = None if needs.clean is None else _min_important_conflict(needs.clean)
    if conflict is not None:
        found.append(Finding("error", "", str(InputError(conflict.message()))))  # worded as the error notebook 03 meets
    return found


def lint_needs(
    needs: pd.DataFrame,
    criteria: pd.DataFrame | None = None,
    *,
    max_musts: int = 5,
    max_must_share: float = 0.5,
) -> pd.DataFrame:
    """Check the needs checklist and say what is wrong or worth knowing, in plain words.

    Never raises for problems in the content of the needs: each becomes a finding. Checks, each
    a rule of its own (``_lint_*``): unknown priority; duplicate need ids, duplicate needs
    (same text) and several needs on one KPI; a need without a KPI, a target or a way to
    measure it; a weight on a must (ignored); weights that do not sum to 100 % or cannot be
    normalised; more must-haves than credible (more than ``max_musts`` or more than
    ``max_must_share`` of all needs); should/could needs without a criterion, or naming one the
    criteria table lacks; the minimum time-zone overlap and the pilot KPI targets that
    notebooks 03 and 04 will use (and problems with them).

    Takes the needs table and optionally the criteria table. Returns a DataFrame with columns
    ``severity`` ("error": later steps would fail or be wrong; "warning": worth fixing;
    "info": what later notebooks take from here), ``need_id`` ("" for the whole checklist)
    and ``message``, sorted by severity. Raises InputError only when needs is not a table
    or lacks the need_id, need or priority column.
    """
    require_columns(needs, "needs", ["need_id", "need", "priority"])
    checklist_ = _Checklist.read(needs, criteria)
    findings = [
        *_lint_identity(checklist_),
        *_lint_repeats(checklist_),
        *_lint_measurability(checklist_),
        *_lint_weight_cells(checklist_),
        *_lint_must_count(checklist_, max_musts, max_must_share),
        *_lint_criteria(checklist_),
        *_lint_weight_sums(checklist_),
        *_lint_overlap(checklist_),
        *_lint_pilot_kpis(checklist_),
    ]
    result = pd.DataFrame(findings, columns=list(Finding._fields), dtype=object)
    order = result["severity"].map({s: n for n, s in enumerate(LINT_LEVELS)})
    return result.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# 4. Editing and saving (the editor widget calls these)
# ---------------------------------------------------------------------------------------------


def edit_needs(
    needs: pd.DataFrame,
    priorities: Mapping[str, str] | None = None,
    weights: Mapping[str, float | str | None] | None = None,
) -> pd.DataFrame:
    """A copy of the needs table with new priorities and/or weight overrides.

    ``priorities`` maps need_id -> must/should/could; ``weights`` maps need_id -> weight in
    percent (a number, or text such as "25" as typed in the editor), or None / NaN / "" to
    drop the override and use the suggested weight. The input is never changed.
    Raises InputError for an unknown need_id, an unknown priority or a weight that is not a
    number >= 0.
    """
    require_columns(needs, "needs", ["need_id", "need", "priority"])
    edited = needs.copy()
    ids = _text(edited["need_id"])
    known = set(ids)
    for name, mapping in (("priorities", priorities), ("weights", weights)):
        unknown = sorted(set(mapping or {}) - known)
        if unknown:
            raise InputError(f"{name}: no need with id {', '.join(map(str, unknown))} in the needs table.")
    if priorities:
        new = {k: str(v).strip().lower() for k, v in priorities.items()}
        bad = {k: v for k, v in priorities.items() if new[k] not in PRIORITIES}
        if bad:
            raise InputError(
                "priorities: expected must, should or could, got "
                + ", ".join(f"{k}: {v!r}" for k, v in bad.items())
                + "."
            )
        edited["priority"] = ids.map(new).fillna(edited["priority"].astype(object)).to_numpy()
    if weights:
        if "weight" not in edited.columns:
            edited["weight"] = np.nan
        current = pd.to_numeric(edited["weight"], errors="coerce").to_numpy(dtype=float, copy=True)
        for need_id, value in weights.items():
            blank = value is None or (isinstance(value, str) and value.strip() == "")
            if blank or (isinstance(value, float) and np.isnan(value)):
                current[(ids == need_id).to_numpy()] = np.nan
                continue
            try:
                number = float(str(value).strip().rstrip("%").replace(",", "."))
            except ValueError:
                number = float("nan")
            if not number >= 0 or not np.isfinite(number):
                raise InputError(f"weights: expected a number >= 0 (percent) or blank for {need_id}, got {value!r}.")
            current[(ids == need_id).to_numpy()] = number
        edited["weight"] = current
    return edited


def needs_overview(
    needs: pd.DataFrame,
    criteria: pd.DataFrame,
    must_haves: pd.DataFrame | None = None,
    vendors: Iterable[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Everything the editor shows after a change, computed by the functions above.

    Returns a dict of DataFrames: ``"knock_out_tests"`` (the must needs from :func:`checklist`),
    ``"need_weights"`` (the should/could needs from :func:`checklist`), ``"criteria_weights"``
    (:func:`criteria_weight_table`), ``"knockouts"`` (:func:`knockouts`; empty without
    must_haves) and ``"findings"`` (:func:`lint_needs`).
    Raises what those functions raise (InputError / ValueError with a plain message).
    """
    findings = lint_needs(needs, criteria)
    table = checklist(needs)
    must = table["priority"] == "must"
    if must_haves is None:
        failed = pd.DataFrame({c: [] for c in ["vendor", "need_id", "need", "evidence"]}, dtype=object)
    else:
        failed = knockouts(needs, must_haves, vendors)
    return {
        "knock_out_tests": table.loc[must, ["need_id", "need", "kpi", "target", "measured_by"]].reset_index(drop=True),
        "need_weights": table.loc[~must, ["need_id", "need", "priority", "weight_pct", "criterion"]].reset_index(
            drop=True
        ),
        "criteria_weights": criteria_weight_table(needs, criteria),
        "knockouts": failed,
        "findings": findings,
    }


def needs_headline(
    recommendation: pd.DataFrame,
    needs: pd.DataFrame,
    criteria: pd.DataFrame,
    weights_from: str = "criteria",
) -> str:
    """One sentence for the report's index: what to outsource and what the checklist holds.

    Takes the result of :func:`outsourcing_recommendation`, the needs and criteria tables and
    the weights setting; raises what :func:`criteria_weights` raises.
    """
    parts = []
    if len(recommendation):
        strong = recommendation.loc[recommendation["recommendation"] == RECOMMENDATIONS[2], "function"]
        pilot = recommendation["recommendation"] == RECOMMENDATIONS[1]
        n = len(recommendation)
        if len(strong):
            parts.append(
                f"{len(strong)} of {n} functions are strong candidates to outsource ({', '.join(map(str, strong))})"
            )
        else:
            parts.append(f"no strong candidate among {n} functions")
        if pilot.any():
            parts.append(f"{int(pilot.sum())} could start with a small pilot")
    table = _clean_needs(needs)
    n_must = int((table["priority"] == "must").sum())
    parts.append(f"the checklist has {n_must} must-have(s) as knock-outs and {len(table) - n_must} weighted need(s)")
    weights = criteria_weights(table, criteria, weights_from)
    parts.append(f"{weights.idxmax()} weighs most ({100 * weights.max():.0f} %)")
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def needs_for_saving(needs: pd.DataFrame) -> pd.DataFrame:
    """The needs table checked and laid out as the file is written: columns in the order of
    docs/data.md (missing optional columns blank), any extra columns after them.
    Raises InputError like :func:`need_weights` would (bad priority, duplicate id, ...)."""
    table = _clean_needs(needs)
    _need_weights(table)  # weights that cannot be normalised are not worth saving
    extras = [c for c in needs.columns if c not in NEEDS_COLUMNS]
    out = table[NEEDS_COLUMNS + extras].copy()
    for column in ("target", "weight", "min_important_difference"):
        out[column] = out[column].map(lambda v: "" if pd.isna(v) else f"{v:.15g}")
    return out


def save_needs(needs: pd.DataFrame, path: str | Path) -> Path:
    """Write the needs table to a NEW CSV file at ``path`` (UTF-8, comma-separated, columns in
    the order of docs/data.md) and return the path. Copied into a project folder as
    ``needs.csv`` it loads with ``helpers.data.load_project``.

    Refuses to overwrite: raises FileExistsError when ``path`` exists (the workbook never
    changes an input); raises InputError when the path does not end in .csv, its folder does
    not exist, or the needs table is not valid.

    >>> import tempfile
    >>> from helpers.data import load_project
    >>> from helpers.report import WORKED_EXAMPLE
    >>> needs = load_project(WORKED_EXAMPLE).needs
    >>> path = save_needs(needs, Path(tempfile.mkdtemp()) / "needs_v2.csv")
    >>> len(pd.read_csv(path)) == len(needs)
    True
    >>> try:
    ...     save_needs(needs, path)  # the same path again: refused, the file is kept
    ... except FileExistsError as refused:
    ...     print("already exists" in str(refused))
    True
    """
    target = Path(path).expanduser()
    if target.suffix.lower() != ".csv":
        raise InputError(f"save_needs: expected a file name ending in .csv, got {str(path)!r}.")
    if not target.parent.is_dir():
        raise InputError(
            f"save_needs: the folder {str(target.parent)!r} does not exist; create it first or choose another path."
        )
    if target.exists():
        raise FileExistsError(
            f"{str(target)!r} already exists; the workbook never overwrites a file. Choose a new file name."
        )
    text = needs_for_saving(needs).to_csv(index=False, lineterminator="\n")
    # "x" mode creates the file and fails if it appeared since the check above.
    with open(target, "x", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return target
