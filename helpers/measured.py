"""Measured criteria: a criterion's 1-5 scores computed from what was measured, not guessed.

A criterion whose ``source`` is one of ``helpers.schema.MEASURED_SOURCES`` (docs/data.md) takes
each vendor's measurement through its value function: ``value_at_1`` scores 1, ``value_at_5``
scores 5, linear between and clipped to 1..5 outside (the "from / to" pre-grades of
procurement suites; ``value_at_1`` above ``value_at_5`` when less is better, as for reply
times). A vendor without the measurement keeps the evaluators' consensus score, and the
report says so (``sources_table``).

The measurements:

- ``overlap_hours``: the mean daily working-hours overlap with the client over the client's
  working days in the first contract year (``helpers.timezones``; 12 months from the setting
  contract_start), for every vendor (a vendor without a site works the documented office hours).
- ``reply_hours``: the median reply during selection, in the vendor's working hours
  (``helpers.evidence``; vendors asked nothing are not measured).
- ``reference_answers``: the mean answer (1-5) of a vendor's checked references.
- ``pilot:<kpi>``: the pilot KPI in the unit a reader sees (percent for rates), ramp-up weeks
  left out; with its sampling uncertainty (``sd``, from the 95 % interval), which "how sure"
  draws from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.schema import MEASURED_SOURCES

Z95 = 1.959963984540054  # the 95 % interval is the estimate plus or minus Z95 standard errors


@dataclass(frozen=True)
class Measure:
    """What a measured source measures, for a reader: ``what`` and its ``unit``."""

    what: str
    unit: str


def measure(source: str) -> Measure:
    """What ``source`` measures (one of ``MEASURED_SOURCES``)."""
    fixed = {
        "overlap_hours": Measure("daily working-hours overlap with the client (mean, first contract year)", "h"),
        "reply_hours": Measure("median reply during selection, in working hours", "working h"),
        "reference_answers": Measure("mean answer of the checked references", "of 5"),
    }
    if source in fixed:
        return fixed[source]
    from helpers.pilots import KPIS

    kpi = KPIS[source.removeprefix("pilot:")]
    return Measure(f"{kpi.short} in the pilot", "%" if kpi.kind == "rate" else kpi.unit)


def value_score(value, at_1: float, at_5: float):
    """The 1-5 score of ``value`` on the line through (``at_1``, 1) and (``at_5``, 5), clipped.

    >>> value_score([60.0, 70.0, 85.0], 60, 80).tolist()
    [1.0, 3.0, 5.0]
    >>> float(value_score(4.0, 24, 2))  # fewer hours are better
    4.636363636363637
    """
    return np.clip(1 + 4 * (np.asarray(value, dtype=float) - at_1) / (at_5 - at_1), 1.0, 5.0)


def measurements(project, source: str, vendors: list[str], settings, evidence) -> pd.DataFrame:
    """Each vendor's measurement for ``source``: a DataFrame indexed by vendor (``vendors``,
    in that order) with ``value`` and ``sd`` (its standard error; 0 for a measurement taken as
    exact), NaN where the vendor was not measured. ``evidence`` is the project's
    ``helpers.evidence.SelectionEvidence``."""
    frame = pd.DataFrame({"value": np.nan, "sd": 0.0}, index=pd.Index(vendors, name="vendor"))
    if source == "overlap_hours":
        frame["value"] = _overlap_hours(project, vendors, settings)
    elif source == "reply_hours":
        replies = evidence.responsiveness if evidence is not None else pd.DataFrame()
        if len(replies) and "median_working_h" in replies:
            frame["value"] = replies["median_working_h"].reindex(vendors).to_numpy(dtype=float)
    elif source == "reference_answers":
        checks = evidence.references if evidence is not None else pd.DataFrame()
        if len(checks) and "overall" in checks:
            checked = checks["checked"].reindex(vendors).fillna(0) > 0
            frame["value"] = checks["overall"].reindex(vendors).where(checked).to_numpy(dtype=float)
    else:
        frame[["value", "sd"]] = _pilot_kpi(project, source.removeprefix("pilot:"), vendors, settings)
    frame.loc[frame["value"].isna(), "sd"] = np.nan
    return frame


def _overlap_hours(project, vendors: list[str], settings) -> np.ndarray:
    from helpers import timezones
    from helpers.settings import contract_period

    first, last = contract_period(settings.contract_start, 12)
    found = timezones.project_sites(project.sites, project.vendors, timezones.years_between(first, last))
    if found.client is None:
        return np.full(len(vendors), np.nan)
    daily = timezones.daily_overlap_by_vendor(found.client, found.vendors, first, last)
    summary = timezones.overlap_summary(daily, timezones.working_days(found.client, first, last))
    return summary["mean_hours"].reindex(vendors).to_numpy(dtype=float)


def _pilot_kpi(project, kpi_name: str, vendors: list[str], settings) -> np.ndarray:
    from helpers import pilots

    values = np.full((len(vendors), 2), np.nan)
    if project.pilot_tickets.empty:
        return values
    kpi = pilots.KPIS[kpi_name]
    summary = pilots.summarize(project.pilot_tickets, exclude_weeks=settings.exclude_weeks, kpis=[kpi_name])
    rows = summary[(summary["kpi"] == kpi_name) & (summary["n"] > 0)].set_index("vendor").reindex(vendors)
    values[:, 0] = rows["estimate"].to_numpy(dtype=float) * kpi.scale
    values[:, 1] = (rows["ci_high"] - rows["ci_low"]).to_numpy(dtype=float) * kpi.scale / (2 * Z95)
    return values


MEASURED_COLUMNS = ["criterion", "vendor", "source", "value", "unit", "score", "unclipped", "sd", "evaluators"]


def measured_scores(project, criteria: pd.DataFrame, consensus: pd.DataFrame, vendors: list[str], settings, evidence):
    """The scores of every measured criterion for ``vendors``: one row per criterion and vendor
    with ``MEASURED_COLUMNS``: the measurement (``value`` in ``unit``, NaN when not measured),
    its ``score`` through the value function (NaN: the evaluators' score stands), the score on
    the value function's line before clipping (``unclipped``: a measurement beyond the line's
    ends, which "how sure" draws around), ``sd`` (the score's standard error from the
    measurement's; 0 when exact) and the evaluators' consensus score beside it (``evaluators``)."""
    rows = []
    measured = criteria[criteria["source"].isin(MEASURED_SOURCES)] if "source" in criteria else criteria.iloc[0:0]
    evaluated = consensus.pivot(index="vendor", columns="criterion", values="consensus") if len(consensus) else None
    for spec in measured.itertuples():
        found = measurements(project, spec.source, vendors, settings, evidence)
        slope = 4 / (spec.value_at_5 - spec.value_at_1)
        for vendor, value, sd in zip(vendors, found["value"], found["sd"]):
            judged = np.nan
            if evaluated is not None and spec.criterion in evaluated and vendor in evaluated.index:
                judged = evaluated.at[vendor, spec.criterion]
            rows.append(
                {
                    "criterion": spec.criterion,
                    "vendor": vendor,
                    "source": spec.source,
                    "value": value,
                    "unit": measure(spec.source).unit,
                    "score": float(value_score(value, spec.value_at_1, spec.value_at_5)) if pd.notna(value) else np.nan,
                    "unclipped": 1 + slope * (value - spec.value_at_1) if pd.notna(value) else np.nan,
                    "sd": abs(slope) * sd if pd.notna(value) else np.nan,
                    "evaluators": judged,
                }
            )
    return pd.DataFrame(rows, columns=MEASURED_COLUMNS)


def _value(value: float) -> str:
    return f"{value:g}"


def score_sources(ranking) -> pd.DataFrame:
    """Where each criterion's scores came from, for a reader: a DataFrame indexed by criterion
    with ``scores_from`` (the evaluators, the yearly cost, or the measurement with its value
    function), ``measured_for`` (vendors in the race scored from the measurement) and
    ``evaluators_for`` (vendors in the race whose score is the evaluators' consensus).
    Takes a ``helpers.scoring.PartnerRanking``."""
    from helpers.words import names

    in_race = list(ranking.matrix.index)
    measured = ranking.measured
    rows = {}
    for spec in ranking.criteria.itertuples():
        source = getattr(spec, "source", "scores")
        if source == "tco":
            rows[spec.criterion] = ("the yearly total cost of ownership (cheapest scores 5)", "", "")
            continue
        if source not in MEASURED_SOURCES:
            rows[spec.criterion] = ("the evaluators' 1-5 scores", "", names(in_race, empty=""))
            continue
        found = measured[(measured["criterion"] == spec.criterion) & measured["score"].notna()]
        unit = measure(source).unit
        rows[spec.criterion] = (
            f"{measure(source).what}: {_value(spec.value_at_1)} {unit} scores 1, {_value(spec.value_at_5)} {unit} "
            "scores 5, linear between",
            names(found["vendor"], empty="no vendor"),
            names([v for v in in_race if v not in set(found["vendor"])], empty=""),
        )
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=["scores_from", "measured_for", "evaluators_for"]
    ).rename_axis("criterion")
