"""The distributions and ranks the pilot statistics need, on ``scipy.special``.

``scipy.stats`` takes about 0.6 s of CPU to import, more than pandas and matplotlib together,
and each report kernel that reaches a pilot statistic paid it; ``scipy.special``, which
``scipy.stats`` itself calls for these distributions, takes about 0.2 s. Each function names
the ``scipy.stats`` call it equals; tests/test_pilots.py checks every one against it on random
inputs, and that computing the pilot statistics leaves ``scipy.stats`` unimported.

scipy is imported inside the functions, so that importing stays light.
"""

from __future__ import annotations

import numpy as np


def t_quantile(q, df):
    """``scipy.stats.t.ppf(q, df)``.

    >>> round(float(t_quantile(0.975, 10)), 4)
    2.2281
    """
    from scipy import special

    return special.stdtrit(df, q)


def t_sf(x, df):
    """``scipy.stats.t.sf(x, df)``: the chance of a t statistic above ``x``."""
    from scipy import special

    return special.stdtr(df, -np.asarray(x, dtype=float))


def chi2_sf(x, df):
    """``scipy.stats.chi2.sf(x, df)``."""
    from scipy import special

    return special.chdtrc(df, x)


def f_sf(x, dfn, dfd):
    """``scipy.stats.f.sf(x, dfn, dfd)``."""
    from scipy import special

    return special.fdtrc(dfn, dfd, x)


def normal_sf(z):
    """``scipy.stats.norm.sf(z)``."""
    from scipy import special

    return special.ndtr(-np.asarray(z, dtype=float))


def binom_ppf(q: float, n, p: float):
    """``scipy.stats.binom.ppf(q, n, p)`` for 0 < q < 1 (as floats): the smallest k with
    P(X <= k) >= q.

    The inverse of the continuous extension of the distribution function, rounded up, then
    one lower when that already reaches ``q``. Where P(X <= k) equals ``q`` exactly (q = 0.5
    and an odd n) the two may differ by one; at the 0.025 and 0.975 the median interval uses,
    no distribution function value is exact, and they agree for every n.

    >>> binom_ppf(0.025, np.array([10, 100, 1000]), 0.5).tolist()
    [2.0, 40.0, 469.0]
    """
    from scipy import special

    n = np.asarray(n).astype(np.int64)
    k = np.ceil(special.bdtrik(q, n, p)).astype(np.int64)
    lower = np.maximum(k - 1, 0)
    return np.where(special.bdtr(lower, n, p) >= q, lower, k).astype(float)


def average_ranks(values) -> tuple[np.ndarray, np.ndarray]:
    """Ranks 1..n of ``values``, tied values sharing the mean of their ranks, and the size of
    every group of equal values: ``scipy.stats.rankdata(values)`` and its tie counts.

    >>> ranks, ties = average_ranks([3, 1, 3, 2])
    >>> ranks.tolist(), ties.tolist()
    ([3.5, 1.0, 3.5, 2.0], [1, 1, 2])
    """
    _, where, counts = np.unique(np.asarray(values, dtype=float), return_inverse=True, return_counts=True)
    first = np.cumsum(counts) - counts  # ranks before each group of equal values
    return (first + (counts + 1) / 2)[where.ravel()], counts


def tie_term(counts: np.ndarray) -> float:
    """The sum of t^3 - t over groups of t equal values, which shrinks a rank test's variance."""
    counts = np.asarray(counts, dtype=float)
    return float(np.sum(counts**3 - counts))
