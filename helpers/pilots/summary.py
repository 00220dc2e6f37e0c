"""Each KPI per vendor (and per week) with its 95 % interval, and the tables that describe
a pilot: who was piloted on what mix of tickets, SLA attainment by priority, CSAT answers and
the trend of each KPI over the weeks.

Computation only: functions take and return pandas objects and never read files, draw or
print. Their tests are those of ``helpers.pilots.significance`` (no ``scipy.stats``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from helpers.data import InputError
from helpers.pilots import describe
from helpers.pilots.checks import (
    WHERE,
    describe_row,
    kpi_list,
    kpis_available,
    prepare,
    resolve_min_important,
    show_value,
)
from helpers.pilots.distributions import t_quantile
from helpers.pilots.intervals import median_ci_positions, wilson_interval
from helpers.pilots.registry import ALPHA, KPI
from helpers.pilots.significance import chi_square_test, spearman_p

PRIORITY_ORDER = ("urgent", "high", "normal", "low")


def kpi_observations(clean: pd.DataFrame, kpi: KPI) -> pd.Series:
    """The observations of one KPI (NaN rows dropped), as floats."""
    values = clean[kpi.column].dropna()
    if kpi.at_least is not None:
        values = (values >= kpi.at_least).astype(float)
    return values


def _summary_table(clean: pd.DataFrame, by: list[str], kpis: list[KPI]) -> pd.DataFrame:
    """Estimate and interval of each KPI per group (vectorised per KPI)."""
    groups = clean[by].drop_duplicates().sort_values(by).reset_index(drop=True)
    parts = []
    for kpi in kpis:
        values = kpi_observations(clean, kpi)
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
            low_pos, high_pos = median_ci_positions(size)
            keys = pd.MultiIndex.from_frame(ordered[by]) if len(by) > 1 else pd.Index(ordered[by[0]])
            low_values = pd.Series(ordered["value"].to_numpy()[position == low_pos], index=keys[position == low_pos])
            high_values = pd.Series(ordered["value"].to_numpy()[position == high_pos], index=keys[position == high_pos])
            table["ci_low"] = low_values.reindex(table.index).to_numpy()
            table["ci_high"] = high_values.reindex(table.index).to_numpy()
        else:  # means: t interval
            mean = grouped.mean()
            sd = grouped.std(ddof=1)
            n = table["n"].to_numpy(dtype=float)
            with np.errstate(divide="ignore", invalid="ignore"):
                half = t_quantile(1 - ALPHA / 2, n - 1) * sd.to_numpy() / np.sqrt(n)
            table["estimate"] = mean
            table["ci_low"] = mean.to_numpy() - half
            table["ci_high"] = mean.to_numpy() + half
            table["p90"] = np.nan
            if kpi.bounds is not None:
                table[["ci_low", "ci_high"]] = table[["ci_low", "ci_high"]].clip(*kpi.bounds)
        table = table.reset_index()
        table = groups.merge(table, on=by, how="left")
        table["n"] = table["n"].fillna(0).astype(int)
        table["kpi"] = kpi.name
        table["label"] = kpi.label
        table["unit"] = kpi.summary_unit
        parts.append(table)
    result = pd.concat(parts, ignore_index=True)
    order = {k.name: i for i, k in enumerate(kpis)}
    result = result.sort_values(
        [*by[:1], "kpi", *by[1:]], key=lambda s: s.map(order) if s.name == "kpi" else s, kind="stable"
    ).reset_index(drop=True)
    return result[[*by, "kpi", "n", "estimate", "ci_low", "ci_high", "p90", "label", "unit"]]


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
    chosen = kpis_available(tickets, kpis)
    clean = prepare(tickets, {k.column for k in chosen}, exclude_weeks, vendors)
    if clean.empty:
        raise InputError(f"{WHERE}: no tickets left after leaving out weeks {list(exclude_weeks)}")
    return _summary_table(clean, ["vendor"], chosen)


def weekly_summary(tickets: pd.DataFrame, kpis=None, exclude_weeks=(), vendors=None) -> pd.DataFrame:
    """Each KPI per vendor and week, with its 95 % interval (same methods as ``summarize``).

    Returns a long DataFrame with columns ``vendor, week, kpi, n, estimate, ci_low, ci_high,
    p90, label, unit``. Raises InputError as ``summarize`` does (the ``week`` column is
    required here).
    """
    chosen = kpis_available(tickets, kpis)
    clean = prepare(tickets, {k.column for k in chosen}, exclude_weeks, vendors, need_week=True)
    if clean.empty:
        raise InputError(f"{WHERE}: no tickets left after leaving out weeks {list(exclude_weeks)}")
    clean["week"] = clean["week"].astype(int)
    return _summary_table(clean, ["vendor", "week"], chosen)


def kpi_values(tickets: pd.DataFrame, kpi: str, exclude_weeks=(), vendors=None) -> pd.DataFrame:
    """The observations behind one KPI, checked: a DataFrame with ``vendor`` and ``value``
    (floats; CSAT top-2-box as 0/1; empty CSAT and QA answers left out).

    Raises InputError as ``summarize`` does.
    """
    (chosen,) = kpi_list([kpi])
    clean = prepare(tickets, [chosen.column], exclude_weeks, vendors)
    values = kpi_observations(clean, chosen)
    return pd.DataFrame({"vendor": clean.loc[values.index, "vendor"].to_numpy(), "value": values.to_numpy()})


def pilot_overview(tickets: pd.DataFrame, vendors=None) -> pd.DataFrame:
    """Who was piloted, for how long and on what mix of tickets.

    Returns one row per vendor: ``tickets, first_day, last_day, weeks`` and the percentage
    (0-100, one decimal) of each channel and priority (columns ``% chat`` …, ``% urgent`` …).
    Raises InputError for missing columns or empty values.
    """
    clean = prepare(tickets, ["created_at", "channel", "priority"], (), vendors, need_week=True)
    created = pd.to_datetime(clean["created_at"], utc=True, errors="coerce", format="ISO8601")
    if created.isna().any():
        label = clean.index[created.isna().to_numpy()][0]
        raise InputError(
            f"{WHERE}: column 'created_at', {describe_row(tickets, label)}: value "
            f"{show_value(tickets.at[label, 'created_at'])} — expected an ISO timestamp "
            f"such as 2026-09-07T08:00:00Z"
        )
    grouped = clean.assign(created=created).groupby("vendor")
    overview = pd.DataFrame(
        {
            "tickets": grouped.size(),
            "first_day": grouped["created"].min().dt.date,
            "last_day": grouped["created"].max().dt.date,
            "weeks": grouped["week"].nunique(),
        }
    )
    for column in ("channel", "priority"):
        shares = pd.crosstab(clean["vendor"], clean[column], normalize="index")
        if column == "priority":
            order = [p for p in PRIORITY_ORDER if p in shares.columns]
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
    clean = prepare(tickets, ["channel", "priority"])
    rows = {}
    for factor in ("channel", "priority"):
        table = pd.crosstab(clean["vendor"], clean[factor])
        if table.shape[0] < 2 or table.shape[1] < 2:
            rows[factor] = dict(
                chi2=math.nan,
                df=math.nan,
                p_value=math.nan,
                balanced=True,
                sentence=describe.balance_sentence(factor, None, math.nan),
            )
            continue
        statistic, df, p_value = chi_square_test(table.to_numpy())
        balanced = bool(p_value >= ALPHA)
        rows[factor] = dict(
            chi2=statistic,
            df=df,
            p_value=p_value,
            balanced=balanced,
            sentence=describe.balance_sentence(factor, balanced, p_value),
        )
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
    clean = prepare(tickets, ["priority", "sla_target_min", "sla_met", "first_response_min"], exclude_weeks, vendors)
    if clean.empty:
        raise InputError(f"{WHERE}: no tickets left after leaving out weeks {list(exclude_weeks)}")
    grouped = clean.groupby(["vendor", "priority"])
    table = pd.DataFrame(
        {
            "sla_target_min": grouped["sla_target_min"].agg(lambda s: s.mode().iloc[0]),
            "n": grouped.size(),
            "met": grouped["sla_met"].sum(),
            "median_first_response_min": grouped["first_response_min"].median(),
        }
    ).reset_index()
    table["estimate"] = table["met"] / table["n"]
    table["ci_low"], table["ci_high"] = wilson_interval(table["met"].to_numpy(), table["n"].to_numpy())
    rank = {p: i for i, p in enumerate(PRIORITY_ORDER)}
    table = table.assign(_order=table["priority"].map(rank).fillna(len(rank)))
    table = table.sort_values(["vendor", "_order", "priority"]).reset_index(drop=True)
    return table[
        ["vendor", "priority", "sla_target_min", "n", "estimate", "ci_low", "ci_high", "median_first_response_min"]
    ]


def csat_distribution(tickets: pd.DataFrame, exclude_weeks=(), vendors=None) -> pd.DataFrame:
    """CSAT answers per vendor: the share (0..1) of each score 1..5 among the responses.

    Returns a DataFrame indexed by vendor with columns 1..5, ``responses`` and
    ``response_rate`` (responses per ticket). A vendor without responses has NaN shares.
    """
    clean = prepare(tickets, ["csat"], exclude_weeks, vendors)
    counts = pd.crosstab(clean["vendor"], clean["csat"]).reindex(columns=[1.0, 2.0, 3.0, 4.0, 5.0], fill_value=0)
    counts = counts.reindex(sorted(pd.unique(clean["vendor"]), key=str), fill_value=0)
    responses = counts.sum(axis=1)
    shares = counts.div(responses.where(responses > 0), axis=0)
    shares.columns = [1, 2, 3, 4, 5]
    shares["responses"] = responses
    shares["response_rate"] = responses / clean.groupby("vendor").size().reindex(shares.index)
    shares.index.name = "vendor"
    shares.columns.name = None
    return shares


def describe_trends(tickets: pd.DataFrame, kpis=None, exclude_weeks=(), min_important=None) -> pd.DataFrame:
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
    mids = resolve_min_important(min_important)
    chosen = kpis_available(tickets, kpis)
    clean = prepare(tickets, {k.column for k in chosen}, exclude_weeks, need_week=True)
    weekly = _summary_table(clean.assign(week=clean["week"].astype(int)), ["vendor", "week"], chosen)
    rows = []
    for kpi in chosen:
        values = kpi_observations(clean, kpi)
        frame = clean.loc[values.index, ["vendor", "week"]].assign(value=values.to_numpy())
        for vendor, part in frame.groupby("vendor", sort=True):
            weeks = weekly[(weekly["vendor"] == vendor) & (weekly["kpi"] == kpi.name) & (weekly["n"] > 0)].sort_values(
                "week"
            )
            if len(weeks) < 2:
                continue
            first, last = weeks.iloc[0], weeks.iloc[-1]
            change = last["estimate"] - first["estimate"]
            if part["value"].nunique() < 2 or part["week"].nunique() < 2:
                p_value = 1.0
            else:
                p_value = spearman_p(part["week"], part["value"])
            gain = change if kpi.higher_is_better else -change
            mid = mids[kpi.name] * kpi.mid_scale
            trend = "steady"
            if p_value < ALPHA and gain >= mid:
                trend = "improved"
            elif p_value < ALPHA and -gain >= mid:
                trend = "faded"
            sentence = describe.trend_sentence(
                vendor, kpi, trend, int(first["week"]), first["estimate"], int(last["week"]), last["estimate"], p_value
            )
            rows.append(
                dict(
                    vendor=vendor,
                    kpi=kpi.name,
                    first_week=int(first["week"]),
                    last_week=int(last["week"]),
                    first=first["estimate"],
                    last=last["estimate"],
                    change=change,
                    p_value=p_value,
                    trend=trend,
                    sentence=sentence,
                )
            )
    return pd.DataFrame(
        rows,
        columns=["vendor", "kpi", "first_week", "last_week", "first", "last", "change", "p_value", "trend", "sentence"],
    )
