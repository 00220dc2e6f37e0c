"""Compare vendors KPI by KPI: two vendors (difference, interval, p-value, verdict and the
tickets needed to tell), three or more (an omnibus test, then Holm-corrected pairs), and one
KPI across the vendors a reader picks (the explorer of notebook 03).

The numbers are computed here; their words come from ``helpers.pilots.describe``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from helpers.data import InputError
from helpers.pilots import describe
from helpers.pilots.checks import (
    check_n_boot,
    kpi_list,
    kpis_available,
    prepare,
    resolve_min_important,
    vendor_names,
    with_fcr,
)
from helpers.pilots.intervals import (
    bca_interval,
    bootstrap_means,
    bootstrap_medians,
    newcombe_interval,
)
from helpers.pilots.registry import ALPHA, KPI, KPIS, MIN_SAMPLE
from helpers.pilots.sample_size import tickets_needed_for_mean, tickets_needed_for_rate
from helpers.pilots.significance import (
    chi_square_test,
    holm,
    kruskal,
    mannwhitney_p,
    pooled_z_test,
    welch,
    welch_anova,
)
from helpers.pilots.summary import kpi_observations, summarize
from helpers.tables import PILOT_KPI
from helpers.tables import describe as describe_columns

# The columns of a head-to-head comparison (``compare``), in order.
COMPARISON_COLUMNS = [
    "estimate_a",
    "estimate_b",
    "diff",
    "ci_low",
    "ci_high",
    "p_value",
    "test",
    "verdict",
    "sentence",
    "n_a",
    "n_b",
    "min_important",
    "tickets_needed",
    "interval",
]


def judge(diff, ci_low, ci_high, min_important, higher_is_better: bool = True) -> str:
    """The verdict for one KPI from the difference a - b and its 95 % interval.

    "a better" when the interval excludes 0 on a's side and does not lie wholly within plus or
    minus the minimum important difference (``min_important``, same unit as ``diff``): a real
    difference, and one as large as the minimum is not ruled out; "b better" likewise;
    "equivalent" when the whole interval lies within plus or minus that minimum (whether or not
    it excludes 0); otherwise "not enough evidence". NaN input gives "not enough evidence".

    This is the rule the sample-size line sizes for (``tickets_needed_for_rate``,
    ``tickets_needed_for_mean``): at the number of tickets it recommends, a true difference of
    exactly the minimum is called "better" about 80 % of the time. The estimate itself need not
    reach the minimum (a rule that asked for that would say "better" only about half the time
    at that size); the sentence says so when it does not (docs/pilot-verdicts.md).
    """
    values = (diff, ci_low, ci_high, min_important)
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values):
        return "not enough evidence"
    sign = 1.0 if higher_is_better else -1.0
    # Turn the interval into "advantage of a" so one rule serves both directions.
    adv_low, adv_high = sorted((sign * ci_low, sign * ci_high))
    if -min_important < adv_low and adv_high < min_important:
        return "equivalent"
    if adv_low > 0:
        return "a better"
    if adv_high < 0:
        return "b better"
    return "not enough evidence"


def _estimate(kpi: KPI, x: np.ndarray) -> float:
    """One vendor's estimate: the share, the median or the mean (NaN without data)."""
    if not len(x):
        return math.nan
    if kpi.kind == "rate":
        return x.sum() / len(x)
    return float(np.median(x)) if kpi.kind == "median" else float(x.mean())


def _rate_difference(xa, xb, mid, rng, n_boot) -> dict:
    """Newcombe interval, pooled z test, Fleiss' sample size at the pooled share."""
    ka, na, kb, nb = xa.sum(), len(xa), xb.sum(), len(xb)
    low, high = newcombe_interval(ka, na, kb, nb)
    return dict(
        ci_low=low,
        ci_high=high,
        p_value=pooled_z_test(ka, na, kb, nb)[1],
        needed=tickets_needed_for_rate((ka + kb) / (na + nb), mid),
    )


def _median_difference(xa, xb, mid, rng, n_boot) -> dict:
    """Bootstrap percentile interval of the median difference, Mann-Whitney U."""
    boot_a = bootstrap_medians(xa, n_boot, rng)
    boot_b = bootstrap_medians(xb, n_boot, rng)
    low, high = (float(v) for v in np.quantile(boot_a - boot_b, [ALPHA / 2, 1 - ALPHA / 2]))
    # Per-ticket variance of a median: n times the bootstrap variance of the median.
    needed = tickets_needed_for_mean(len(xa) * boot_a.var(ddof=1), len(xb) * boot_b.var(ddof=1), mid)
    return dict(ci_low=low, ci_high=high, p_value=mannwhitney_p(xa, xb), needed=needed)


def _csat_difference(xa, xb, mid, rng, n_boot) -> dict:
    """BCa bootstrap interval of the mean difference, Mann-Whitney U (tie-corrected)."""
    boot = bootstrap_means(xa, n_boot, rng) - bootstrap_means(xb, n_boot, rng)
    low, high = (float(v) for v in bca_interval(xa, xb, boot))
    found = dict(ci_low=low, ci_high=high, p_value=mannwhitney_p(xa, xb))
    if len(xa) > 1 and len(xb) > 1:
        found["needed"] = tickets_needed_for_mean(xa.var(ddof=1), xb.var(ddof=1), mid)
    return found


def _mean_difference(xa, xb, mid, rng, n_boot) -> dict:
    """Welch interval and test (two values or more per vendor)."""
    if len(xa) < 2 or len(xb) < 2:
        return {}
    low, high, p_value = welch(xa, xb)
    return dict(
        ci_low=low, ci_high=high, p_value=p_value, needed=tickets_needed_for_mean(xa.var(ddof=1), xb.var(ddof=1), mid)
    )


# The interval, test and sample size of each kind of KPI (the methods of registry.METHODS).
_DIFFERENCE = {
    "rate": _rate_difference,
    "median": _median_difference,
    "csat": _csat_difference,
    "mean": _mean_difference,
}


def _compare_kpi(clean, a, b, kpi: KPI, mid: float, rng, n_boot: int) -> dict:
    """Every number of one KPI's comparison (no words yet)."""
    values = kpi_observations(clean, kpi)
    vendor = clean.loc[values.index, "vendor"]
    xa = values[vendor == a].to_numpy()
    xb = values[vendor == b].to_numpy()
    na, nb = len(xa), len(xb)
    row = dict(
        n_a=na,
        n_b=nb,
        estimate_a=_estimate(kpi, xa),
        estimate_b=_estimate(kpi, xb),
        diff=math.nan,
        ci_low=math.nan,
        ci_high=math.nan,
        p_value=math.nan,
        tickets_needed=math.nan,
        test=kpi.method.test,
        interval=kpi.method.interval,
    )
    if not (na and nb):
        return row
    row["diff"] = row["estimate_a"] - row["estimate_b"]
    found = _DIFFERENCE[kpi.kind](xa, xb, mid, rng, n_boot)
    needed = found.pop("needed", math.nan)
    row.update(found)
    # Observations per ticket (CSAT responses, QA reviews) turn "responses needed" into
    # "tickets needed".
    tickets = int(clean["vendor"].isin([a, b]).sum())
    needed = needed / ((na + nb) / tickets)
    if not math.isnan(needed) and not math.isinf(needed):
        needed = float(math.ceil(needed))
    row["tickets_needed"] = needed
    return row


def _compare_clean(clean, a, b, mids, kpis: list[KPI], seed, n_boot) -> pd.DataFrame:
    rows = {}
    for kpi in kpis:
        # One generator per KPI: a KPI's interval does not depend on which others are asked.
        rng = np.random.default_rng([seed, list(KPIS).index(kpi.name)])
        mid = mids[kpi.name] * kpi.mid_scale
        row = _compare_kpi(clean, a, b, kpi, mid, rng, n_boot)
        row["verdict"] = judge(row["diff"], row["ci_low"], row["ci_high"], mid, kpi.higher_is_better)
        if min(row["n_a"], row["n_b"]) < MIN_SAMPLE:
            row["verdict"] = "not enough evidence"
        row["min_important"] = mid
        row["sentence"] = describe.verdict_sentence(kpi, a, b, row, mids[kpi.name])
        rows[kpi.name] = row
    if "handle_time" in rows and "fcr" in rows:
        rows["handle_time"]["sentence"] += describe.fcr_context(a, b, rows["fcr"])
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "kpi"
    frame = frame[COMPARISON_COLUMNS]
    frame.attrs.update(a=a, b=b)
    return frame


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
    (in the unit of ``diff``), ``tickets_needed`` (tickets per vendor for the verdict to name
    the better vendor 80 % of the time when the true difference is the minimum important
    difference: 80 % power at 5 % two-sided) and ``interval`` (the method).
    ``attrs["a"]`` and ``attrs["b"]`` hold the vendor names. A KPI with fewer than
    ``MIN_SAMPLE`` observations for a vendor gets "not enough evidence" and a sentence saying
    the sample is too small.

    Raises InputError for malformed tickets (as ``summarize``), a vendor without tickets,
    ``a == b``, fewer than two vendors, unknown KPIs or bad minimum important differences.
    """
    chosen = with_fcr(kpis_available(tickets, kpis))
    mids = resolve_min_important(min_important)
    check_n_boot(n_boot)
    clean = prepare(tickets, {k.column for k in chosen}, exclude_weeks, vendors)
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


@dataclass
class ManyVendorComparison:
    """Result of ``compare_all``: one omnibus test per KPI, then every pair."""

    omnibus: pd.DataFrame
    pairs: pd.DataFrame


def _omnibus(clean, vendors, kpi: KPI) -> dict:
    values = kpi_observations(clean, kpi)
    owner = clean.loc[values.index, "vendor"]
    samples = [values[owner == v].to_numpy() for v in vendors]
    samples = [s for s in samples if len(s)]
    row = {"vendors": len(samples), "statistic": math.nan, "df": math.nan, "p_value": math.nan}
    if len(samples) < 2:
        row["test"] = "not enough vendors with data"
        return row
    row["test"] = kpi.method.omnibus
    if kpi.kind == "rate":
        table = np.array([[s.sum(), len(s) - s.sum()] for s in samples])
        row["df"] = len(samples) - 1
        if (table.sum(axis=0) == 0).any():
            row["statistic"], row["p_value"] = 0.0, 1.0  # everyone at 0 % or 100 %
        else:
            row["statistic"], _, row["p_value"] = chi_square_test(table)
    elif kpi.kind in ("median", "csat"):
        row["df"] = len(samples) - 1
        if np.ptp(np.concatenate(samples)) == 0:
            row["statistic"], row["p_value"] = 0.0, 1.0
        else:
            row["statistic"], row["p_value"] = kruskal(samples)
    else:
        if any(len(s) < 2 for s in samples):
            return row
        row["statistic"], row["p_value"] = welch_anova(samples)
        row["df"] = len(samples) - 1
    return row


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
    chosen = with_fcr(kpis_available(tickets, kpis))
    mids = resolve_min_important(min_important)
    check_n_boot(n_boot)
    clean = prepare(tickets, {k.column for k in chosen}, exclude_weeks)
    present = sorted(pd.unique(clean["vendor"]), key=str)
    names = present if vendors is None else vendor_names(vendors)
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

    omnibus = pd.DataFrame.from_dict({k.name: _omnibus(clean, names, k) for k in chosen}, orient="index")
    omnibus.index.name = "kpi"
    omnibus = omnibus[["test", "statistic", "df", "p_value", "vendors"]]
    describe_columns(omnibus, kpi=PILOT_KPI)

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
            if row["verdict"] in ("a better", "b better") and not row["p_holm"] < ALPHA:
                pairs.loc[i, "verdict"] = "not enough evidence"
                note = describe.holm_note(n_pairs, row["p_holm"])
                pairs.loc[i, "sentence"] = describe.verdict_sentence(
                    kpi, row["a"], row["b"], {**row, "verdict": "not enough evidence"}, mids[kpi.name], holm_note=note
                )
    return ManyVendorComparison(omnibus=omnibus, pairs=pairs)


@dataclass
class KpiReport:
    """Result of ``kpi_report``: the estimates, the verdicts in words and a one-line title."""

    summary: pd.DataFrame
    sentences: list[str]
    title: str


def kpi_report(
    tickets: pd.DataFrame,
    kpi: str,
    vendors=None,
    exclude_weeks=(),
    min_important=None,
    seed: int = 0,
    n_boot: int = 10_000,
) -> KpiReport:
    """One KPI for the chosen vendors: their estimates and the verdicts in words.

    Takes the tickets, a KPI name, the vendors to show (default all), weeks to leave out,
    minimum important differences and the seed. Returns a ``KpiReport``: ``summary`` (the
    rows of ``summarize`` for that KPI and those vendors), ``sentences`` (one for two vendors
    from ``compare``; the omnibus result and one per pair for three or more from
    ``compare_all``; a hint for fewer) and ``title`` (the finding in a few words). Handle
    time always comes with first-contact resolution in its sentence.

    Raises InputError as ``compare`` does.
    """
    (chosen,) = kpi_list([kpi])
    summary = summarize(tickets, exclude_weeks=exclude_weeks, kpis=[kpi])
    names = sorted(summary["vendor"].unique(), key=str) if vendors is None else list(vendors)
    summary = summary[summary["vendor"].isin(names)].reset_index(drop=True)
    if len(names) < 2:
        return KpiReport(summary, [describe.pick_two(chosen)], describe.one_vendor_title(chosen))
    if len(names) == 2:
        result = compare(
            tickets,
            names[0],
            names[1],
            min_important=min_important,
            exclude_weeks=exclude_weeks,
            seed=seed,
            kpis=[kpi],
            n_boot=n_boot,
        )
        title = describe.pair_title(chosen, result.at[kpi, "verdict"], names[0], names[1])
        return KpiReport(summary, [result.at[kpi, "sentence"]], title)
    many = compare_all(
        tickets,
        vendors=names,
        min_important=min_important,
        exclude_weeks=exclude_weeks,
        seed=seed,
        kpis=[kpi],
        n_boot=n_boot,
    )
    omnibus = many.omnibus.loc[kpi]
    first = describe.omnibus_sentence(chosen, omnibus["test"], int(omnibus["vendors"]), omnibus["p_value"])
    pairs = many.pairs[many.pairs["kpi"] == kpi]
    return KpiReport(summary, [first, *pairs["sentence"]], describe.omnibus_title(chosen, omnibus["p_value"]))
