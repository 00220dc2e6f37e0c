"""Tests of a difference (docs pilots.md): the pooled two-proportion z test, Mann-Whitney U,
Welch's t and Welch's ANOVA, and Holm's correction for many pairs. Public ones are tested
against scipy.

scipy is imported inside the functions that need it, so that importing stays light.
"""

from __future__ import annotations

import math

import numpy as np

from helpers.pilots.registry import ALPHA


def pooled_z_test(k1, n1, k2, n2) -> tuple[float, float]:
    """Two-sided pooled two-proportion z test of p1 = p2.

    Returns ``(z, p_value)``; equals ``scipy.stats.chi2_contingency(table, correction=False)``
    (z squared is the chi-square statistic). When both shares are 0 % or both 100 % there is
    no variation and no evidence of a difference: z = 0, p = 1. NaN when a total is 0.

    >>> [round(v, 4) for v in pooled_z_test(720, 1000, 690, 1000)]
    [1.471, 0.1413]
    """
    if n1 <= 0 or n2 <= 0:
        return math.nan, math.nan
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (k1 / n1 - k2 / n2) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


def mannwhitney_p(xa, xb) -> float:
    """Two-sided Mann-Whitney U p-value (asymptotic, tie-corrected); 1 when every value is
    equal (nothing to order), NaN when a sample is empty."""
    from scipy.stats import mannwhitneyu

    if len(xa) == 0 or len(xb) == 0:
        return math.nan
    if np.ptp(np.concatenate([xa, xb])) == 0:
        return 1.0  # all values equal: nothing to order, no evidence of a difference
    return float(mannwhitneyu(xa, xb, alternative="two-sided", method="asymptotic").pvalue)


def welch(xa, xb) -> tuple[float, float, float]:
    """Welch interval and two-sided p-value for mean(xa) - mean(xb): ``(low, high, p)``."""
    from scipy.stats import t as student_t

    va, vb = xa.var(ddof=1) / len(xa), xb.var(ddof=1) / len(xb)
    diff = xa.mean() - xb.mean()
    se = math.sqrt(va + vb)
    if se == 0:
        return diff, diff, (1.0 if diff == 0 else 0.0)
    df = (va + vb) ** 2 / (va**2 / (len(xa) - 1) + vb**2 / (len(xb) - 1))
    half = student_t.ppf(1 - ALPHA / 2, df) * se
    p = 2 * student_t.sf(abs(diff) / se, df)
    return diff - half, diff + half, float(p)


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


def holm(p_values) -> np.ndarray:
    """Holm step-down adjusted p-values (same order as given; NaN stays NaN, not counted).

    >>> holm([0.03, 0.01, 0.04, 0.02]).round(2).tolist()
    [0.06, 0.04, 0.06, 0.06]
    """
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
