"""Benchmark: comparing two pilot vendors on 10,000 tickets each, bootstrap included.

Run: .venv/bin/python benchmarks/bench_pilots.py
Target (issue 5): ``compare`` on 10,000 tickets per vendor, all nine KPIs, with at least
2,000 bootstrap resamples, under 2 s. ``compare`` uses 10,000 resamples by default; its
median bootstrap draws each resample's order statistics directly (O(resamples)), its CSAT
bootstrap draws multinomial counts of the five scores.

Reference, measured in the same run: the textbook vectorised bootstrap of the same three
intervals at only 2,000 resamples — an index matrix of resamples with ``np.median`` for the
two median differences, and ``scipy.stats.bootstrap(method="BCa")`` for the CSAT mean
difference. Its intervals must agree with ``compare``'s (checked before timing).
"""

from __future__ import annotations

import numpy as np
from timing import format_table, median_seconds  # benchmarks/timing.py

from helpers import pilots

N_PER_VENDOR = 10_000
REFERENCE_RESAMPLES = 2_000


def tickets(vendors: int = 2, seed: int = 1):
    profiles = {
        f"Vendor {chr(65 + i)}": {"fcr": 0.70 + 0.02 * i, "handle_time_sec": 420 + 10 * i} for i in range(vendors)
    }
    return pilots.simulate_tickets(profiles, N_PER_VENDOR, seed=seed)


def textbook_bootstrap(frame, seed: int = 0, batch: int = 250) -> dict[str, tuple]:
    """The three bootstrap intervals of ``compare`` the plain way (the reference)."""
    from scipy import stats

    rng = np.random.default_rng(seed)
    a = frame[frame["vendor"] == "Vendor A"]
    b = frame[frame["vendor"] == "Vendor B"]
    result = {}
    for kpi, column in (("handle_time", "handle_time_sec"), ("first_response", "first_response_min")):
        x, y = a[column].to_numpy(), b[column].to_numpy()
        diffs = []
        # Batches keep the index matrix at a few tens of MB.
        for _ in range(REFERENCE_RESAMPLES // batch):
            diffs.append(
                np.median(x[rng.integers(0, len(x), (batch, len(x)))], axis=1)
                - np.median(y[rng.integers(0, len(y), (batch, len(y)))], axis=1)
            )
        result[kpi] = tuple(np.quantile(np.concatenate(diffs), [0.025, 0.975]))
    x, y = a["csat"].dropna().to_numpy(), b["csat"].dropna().to_numpy()
    bca = stats.bootstrap(
        (x, y),
        lambda u, v, axis=-1: u.mean(axis) - v.mean(axis),
        method="BCa",
        n_resamples=REFERENCE_RESAMPLES,
        random_state=seed,
    )
    result["csat"] = (bca.confidence_interval.low, bca.confidence_interval.high)
    return result


def run() -> list[dict]:
    """Time compare (default and 2,000 resamples), summarize and compare_all; check that
    compare's intervals agree with the textbook bootstrap; return the rows."""
    two = tickets(2)
    three = tickets(3, seed=2)
    ours = pilots.compare(two, "Vendor A", "Vendor B")  # warm-up: imports scipy
    reference = textbook_bootstrap(two)
    for kpi, (low, high) in reference.items():
        width = high - low
        if abs(ours.at[kpi, "ci_low"] - low) > 0.15 * width or abs(ours.at[kpi, "ci_high"] - high) > 0.15 * width:
            raise AssertionError(
                f"{kpi}: compare gives ({ours.at[kpi, 'ci_low']:.3f}, "
                f"{ours.at[kpi, 'ci_high']:.3f}), the textbook bootstrap "
                f"({low:.3f}, {high:.3f})"
            )

    compare_s = median_seconds(lambda: pilots.compare(two, "Vendor A", "Vendor B"), 7)
    compare_2000_s = median_seconds(lambda: pilots.compare(two, "Vendor A", "Vendor B", n_boot=2_000), 7)
    reference_s = median_seconds(lambda: textbook_bootstrap(two), 3)
    summarize_s = median_seconds(lambda: pilots.summarize(two), 7)
    compare_all_s = median_seconds(lambda: pilots.compare_all(three), 3)
    return [
        {
            "benchmark": "pilots: compare, 2 x 10,000 tickets, 9 KPIs, 10,000 resamples",
            "median_s": compare_s,
            "reference_median_s": None,
            "target": "< 2 s",
            "met": compare_s < 2.0,
        },
        {
            "benchmark": "pilots: compare (2,000 resamples) vs textbook bootstrap of its 3 "
            "bootstrap intervals (2,000 resamples)",
            "median_s": compare_2000_s,
            "reference_median_s": reference_s,
            "target": "faster than the reference",
            "met": compare_2000_s < reference_s,
        },
        {
            "benchmark": "pilots: summarize, 2 x 10,000 tickets",
            "median_s": summarize_s,
            "reference_median_s": None,
            "target": "< 0.5 s",
            "met": summarize_s < 0.5,
        },
        {
            "benchmark": "pilots: compare_all, 3 x 10,000 tickets (omnibus + 3 pairs)",
            "median_s": compare_all_s,
            "reference_median_s": None,
            "target": "< 6 s (3 pairs)",
            "met": compare_all_s < 6.0,
        },
    ]


def main() -> None:
    print(format_table(run()))


if __name__ == "__main__":
    main()
