"""Shared by the benchmark scripts: the median of several runs, and the one table they print."""

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


def format_table(rows: list[dict]) -> str:
    """The rows as one Markdown table. The comparison is worded from the two medians
    ("8.2x faster", "3.1x slower"), so every row reads the same way round. A row with a
    ``unit`` (e.g. "MB") shows its two values in that unit instead of seconds."""

    def seconds(value, unit=None):
        if value is None:
            return ""
        if unit:  # a row measuring something else than time, e.g. "MB" of memory
            return f"{value:,.0f} {unit}"
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"

    def versus(ours, reference, unit=None):
        if reference is None:
            return ""
        if unit:
            return f"{ours / reference:.1f}x"
        return f"{reference / ours:.1f}x faster" if reference >= ours else f"{ours / reference:.1f}x slower"

    header = "| benchmark | median | reference | ours vs reference | target | met |\n|---|---:|---:|---:|---|---|"
    lines = [
        f"| {r['benchmark']} | {seconds(r['median_s'], r.get('unit'))} | "
        f"{seconds(r.get('reference_median_s'), r.get('unit'))} | "
        f"{versus(r['median_s'], r.get('reference_median_s'), r.get('unit'))} | "
        f"{r['target']} | {'yes' if r['met'] else 'NO'} |"
        for r in rows
    ]
    return "\n".join([header, *lines])
