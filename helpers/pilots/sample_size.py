"""How many tickets a pilot needs to tell a minimum important difference (80 % power,
5 % two-sided): the sample-size line of a "not enough evidence" verdict and the plan.

The rule these sizes are for is the verdict of ``helpers.pilots.comparison.judge``: with this
many tickets per vendor and a true difference of exactly the minimum important difference,
the 95 % interval excludes zero, and the verdict names the better vendor, about 80 % of the
time (tests/test_pilots.py simulates it; docs/pilot-verdicts.md)."""

from __future__ import annotations

import math
from statistics import NormalDist

from helpers.pilots.registry import ALPHA, POWER

_Z = NormalDist().inv_cdf(1 - ALPHA / 2)  # 1.959964
_Z_POWER = NormalDist().inv_cdf(POWER)  # 0.841621


def tickets_needed_for_rate(p: float, min_important: float) -> float:
    """Observations per vendor to detect a rate difference (80 % power, 5 % two-sided).

    ``p`` is the baseline share (0..1), ``min_important`` the difference to detect as a share
    (0.03 for 3 points). The second share is ``p + d`` (or ``p - d`` when that would pass 1).
    Fleiss' formula without continuity correction:
    ``n = (z_a sqrt(2 pbar qbar) + z_b sqrt(p1 q1 + p2 q2))^2 / d^2``. Returns a float
    (not rounded); inf when ``min_important`` is 0, NaN when ``p`` is NaN.

    >>> round(tickets_needed_for_rate(0.70, 0.03))
    3553
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
    root = _Z * math.sqrt(2 * pbar * (1 - pbar)) + _Z_POWER * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
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
