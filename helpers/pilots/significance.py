"""Tests of a difference (docs pilots.md): the pooled two-proportion z test, Mann-Whitney U,
Welch's t and Welch's ANOVA, the chi-square test of a table, Kruskal-Wallis, Spearman's rank
correlation, and Holm's correction for many pairs. Each equals its ``scipy.stats``
counterpart, against which the tests check it, and is built on ``helpers.pilots.distributions``
so that a report kernel never imports ``scipy.stats``.
"""

from __future__ import annotations

import math

import numpy as np

from helpers.pilots.distributions import average_ranks, chi2_sf, f_sf, normal_sf, t_quantile, t_sf, tie_term
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
    """Two-sided Mann-Whitney U p-value, asymptotic with tie correction and continuity
    correction: ``scipy.stats.mannwhitneyu(xa, xb, method="asymptotic").pvalue``. 1 when every
    value is equal (nothing to order), NaN when a sample is empty.

    >>> round(mannwhitney_p([1, 2, 3, 4, 5], [3, 4, 5, 6, 7, 8]), 4)
    0.066
    """
    xa, xb = np.asarray(xa, dtype=float), np.asarray(xb, dtype=float)
    n1, n2 = len(xa), len(xb)
    if n1 == 0 or n2 == 0:
        return math.nan
    if np.ptp(np.concatenate([xa, xb])) == 0:
        return 1.0  # all values equal: nothing to order, no evidence of a difference
    ranks, ties = average_ranks(np.concatenate([xa, xb]))
    u1 = ranks[:n1].sum() - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    n = n1 + n2
    sd = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term(ties) / (n * (n - 1))))
    return float(min(2 * normal_sf((u - n1 * n2 / 2 - 0.5) / sd), 1.0))


def welch(xa, xb) -> tuple[float, float, float]:
    """Welch interval and two-sided p-value for mean(xa) - mean(xb): ``(low, high, p)``."""
    va, vb = xa.var(ddof=1) / len(xa), xb.var(ddof=1) / len(xb)
    diff = xa.mean() - xb.mean()
    se = math.sqrt(va + vb)
    if se == 0:
        return diff, diff, (1.0 if diff == 0 else 0.0)
    df = (va + vb) ** 2 / (va**2 / (len(xa) - 1) + vb**2 / (len(xb) - 1))
    half = t_quantile(1 - ALPHA / 2, df) * se
    p = 2 * t_sf(abs(diff) / se, df)
    return diff - half, diff + half, float(p)


def welch_anova(samples) -> tuple[float, float]:
    """Welch's one-way ANOVA (no equal variances assumed): (F, p-value).

    Welch (1951), as in ``scipy.stats.f_oneway(..., equal_var=False)`` (scipy 1.16 and newer;
    Python 3.10 gets scipy 1.15, so it is computed here). Every sample needs two values or more.
    """
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
    return float(f), float(f_sf(f, k - 1, df2))


def chi_square_test(table) -> tuple[float, int, float]:
    """Pearson's chi-square test of independence of a table of counts, without continuity
    correction: ``(statistic, df, p_value)`` as ``scipy.stats.chi2_contingency(table,
    correction=False)``. Raises ValueError when a row or column holds no count.

    >>> [round(float(v), 4) for v in chi_square_test([[720, 280], [690, 310]])]
    [2.1637, 1.0, 0.1413]
    """
    observed = np.asarray(table, dtype=float)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    if (expected == 0).any():
        raise ValueError("a row or column of the table holds no count")
    df = (observed.shape[0] - 1) * (observed.shape[1] - 1)
    if df == 0:
        return 0.0, 0, 1.0
    statistic = float(np.sum((observed - expected) ** 2 / expected))
    return statistic, df, float(chi2_sf(statistic, df))


def kruskal(samples) -> tuple[float, float]:
    """Kruskal-Wallis H test with tie correction: ``(H, p_value)`` as
    ``scipy.stats.kruskal(*samples)``. Needs two values that differ."""
    sizes = np.array([len(s) for s in samples], dtype=float)
    ranks, ties = average_ranks(np.concatenate([np.asarray(s, dtype=float) for s in samples]))
    n = sizes.sum()
    correction = 1 - tie_term(ties) / (n**3 - n)
    if correction == 0:
        raise ValueError("every value is the same: nothing to rank")
    bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    between = sum(ranks[a:b].sum() ** 2 / (b - a) for a, b in zip(bounds[:-1], bounds[1:]))
    h = (12 / (n * (n + 1)) * between - 3 * (n + 1)) / correction
    return float(h), float(chi2_sf(h, len(samples) - 1))


def spearman_p(x, y) -> float:
    """Two-sided p-value of Spearman's rank correlation, by the t distribution with n - 2
    degrees of freedom: ``scipy.stats.spearmanr(x, y).pvalue``. NaN when either side has no
    spread (scipy warns and gives NaN too)."""
    rx, ry = average_ranks(x)[0], average_ranks(y)[0]
    if np.ptp(rx) == 0 or np.ptp(ry) == 0:
        return math.nan
    rho = float(np.corrcoef(rx, ry)[0, 1])
    df = len(rx) - 2
    if df < 1:
        return math.nan  # two points: every order is a perfect correlation
    if abs(rho) >= 1:
        return 0.0
    t = rho * math.sqrt(df / ((rho + 1) * (1 - rho)))
    return float(2 * t_sf(abs(t), df))


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
