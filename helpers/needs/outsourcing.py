"""Should a function be outsourced (step 1), and which kind and location model fits (step 2).

The rules in :func:`outsourcing_recommendation` and :func:`suggest_model`; the four location
models' trade-offs in words in :func:`location_tradeoffs`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data import InputError, require_columns
from helpers.needs._cells import _as_bool, _as_number, _text
from helpers.needs.overlap import min_overlap_minutes

FUNCTION_TYPES = {
    "BPO": "business process outsourcing: routine, rule-based processes (support tickets, bookkeeping, payroll runs)",
    "ITO": "IT outsourcing: infrastructure, software development, testing, IT support",
    "KPO": "knowledge process outsourcing: specialist work that needs judgement and expertise "
    "(analytics, research, legal, marketing strategy)",
}

RECOMMENDATIONS = ("keep in-house", "start with a small pilot", "strong candidate")

LOCATION_MODELS = ("onshore", "nearshore", "offshore", "hybrid")


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
