"""Timing shared by the benchmark scripts: the median of several runs."""

from __future__ import annotations

import statistics
import time


def median_seconds(function, repeats: int, warm_up: bool = False) -> float:
    """Median wall time of ``function()`` over ``repeats`` runs (after one untimed run when
    ``warm_up``: imports, caches, first allocation)."""
    if warm_up:
        function()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
