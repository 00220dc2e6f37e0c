"""Speed of helpers.scoring and helpers.sensitivity, against reference libraries in the same run.

    .venv/bin/python benchmarks/bench_scoring.py

Measures (median of several runs each, references timed in the same process):

* ``weighted_sum`` on 100,000 x 30 against scikit-criteria's weighted-sum pipeline
  (MinMaxScaler + WeightedSumModel) and pymcdm's WSM with min-max normalization; the scores
  are checked to agree before anything is timed. Target: at least 3x faster than
  scikit-criteria.
* ``rank_probabilities`` with 10,000 weight draws (the full rank matrix): under 20 ms for
  20 vendors x 10 criteria, under 0.5 s for 1,000 x 30.
* ``rank_probabilities_uncertain`` (weights and measured scores drawn together, SMAA-2) with
  10,000 draws, 12 vendors x 10 criteria, every score uncertain (the most random values it
  can need): under 50 ms, so that the weight sliders can call it live.
* One slider move in the weight sliders on the worked example (re-rank + redraw): under 50 ms.

scikit-criteria and pymcdm are the optional extra ``bench`` (``pip install -e .[bench]``);
without them their rows say so and are not met. ``run()`` returns the rows as dicts for a
later ``make bench``.
"""

from __future__ import annotations

import statistics
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from timing import format_table, median_seconds  # benchmarks/timing.py

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def _median_pair(ours, theirs, repeats: int) -> tuple[float, float]:
    """Medians of two functions timed in alternation, so that a busy machine slows both alike."""
    ours()
    theirs()
    ours_times, their_times = [], []
    for _ in range(repeats):
        for function, times in ((ours, ours_times), (theirs, their_times)):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return statistics.median(ours_times), statistics.median(their_times)


def _row(benchmark, median_s, target, met, reference_median_s=None, note=""):
    return {
        "benchmark": benchmark,
        "median_s": median_s,
        "reference_median_s": reference_median_s,
        "target": target,
        "met": bool(met),
        "note": note,
    }


def _weighted_sum_rows(repeats: int) -> list[dict]:
    from helpers.scoring import weighted_sum

    rng = np.random.default_rng(42)
    values = rng.uniform(1, 100, size=(100_000, 30))
    weights = rng.uniform(0.1, 1.0, size=30)
    weights = weights / weights.sum()
    matrix = pd.DataFrame(values, columns=[f"c{j}" for j in range(30)])
    weight_map = dict(zip(matrix.columns, weights))
    ours_once = weighted_sum(matrix, weight_map).sort_index()["score"].to_numpy()
    ours = median_seconds(
        lambda: weighted_sum(matrix, weight_map), repeats, warm_up=True
    )  # for rows without a reference
    target = "weighted_sum >= 3x faster than scikit-criteria"
    rows = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import skcriteria as skc
            from skcriteria.agg.simple import WeightedSumModel
            from skcriteria.pipelines import mkpipe
            from skcriteria.preprocessing.scalers import MinMaxScaler
    except ImportError:
        rows.append(
            _row(
                "weighted_sum 100,000 x 30 vs scikit-criteria",
                ours,
                target,
                False,
                note="scikit-criteria not installed (pip install -e .[bench]): reference skipped",
            )
        )
    else:
        decision = skc.mkdm(values, [max] * 30, weights=weights)
        pipeline = mkpipe(MinMaxScaler(target="matrix"), WeightedSumModel())
        theirs_once = pipeline.evaluate(decision).e_.score
        if not np.allclose(theirs_once, ours_once, rtol=1e-10, atol=1e-12):
            raise AssertionError("weighted_sum and scikit-criteria disagree: benchmark would compare different things")
        mine, theirs = _median_pair(
            lambda: weighted_sum(matrix, weight_map), lambda: pipeline.evaluate(decision), repeats
        )
        rows.append(
            _row(
                "weighted_sum 100,000 x 30 vs scikit-criteria",
                mine,
                target,
                theirs / mine >= 3,
                reference_median_s=theirs,
                note="scores agree to 1e-10; timed in alternation",
            )
        )
    try:
        from pymcdm import normalizations
        from pymcdm.methods import WSM
    except ImportError:
        rows.append(
            _row(
                "weighted_sum 100,000 x 30 vs pymcdm WSM",
                ours,
                "for information (no target)",
                False,
                note="pymcdm not installed (pip install -e .[bench]): reference skipped",
            )
        )
    else:
        method = WSM(normalizations.minmax_normalization)
        types = np.ones(30)
        if not np.allclose(method(values, weights, types), ours_once, rtol=1e-10, atol=1e-12):
            raise AssertionError("weighted_sum and pymcdm disagree: benchmark would compare different things")
        mine, theirs = _median_pair(
            lambda: weighted_sum(matrix, weight_map),
            lambda: method(values, weights, types),
            max(3, repeats // 2),
        )
        rows.append(
            _row(
                "weighted_sum 100,000 x 30 vs pymcdm WSM",
                mine,
                "for information (no target)",
                True,
                reference_median_s=theirs,
                note="scores agree to 1e-10; timed in alternation",
            )
        )
    return rows


def _rank_probability_rows(repeats: int) -> list[dict]:
    from helpers.sensitivity import rank_probabilities

    rows = []
    for n_vendors, n_criteria, limit, runs in ((20, 10, 0.020, repeats * 3), (1000, 30, 0.5, repeats)):
        rng = np.random.default_rng(n_vendors)
        matrix = pd.DataFrame(
            rng.uniform(1, 5, size=(n_vendors, n_criteria)), columns=[f"c{j}" for j in range(n_criteria)]
        )
        weights = dict(zip(matrix.columns, rng.uniform(0.5, 1.5, size=n_criteria)))
        seconds = median_seconds(lambda m=matrix, w=weights: rank_probabilities(m, w, n=10_000), runs, warm_up=True)
        rows.append(
            _row(
                f"rank_probabilities {n_vendors:,} x {n_criteria}, 10,000 draws",
                seconds,
                f"< {limit * 1000:g} ms",
                seconds < limit,
            )
        )
    return rows


def _uncertain_rank_probability_row(repeats: int) -> dict:
    from helpers.sensitivity import rank_probabilities_uncertain

    n_vendors, n_criteria = 12, 10
    rng = np.random.default_rng(n_vendors)
    matrix = pd.DataFrame(rng.uniform(1, 5, size=(n_vendors, n_criteria)), columns=[f"c{j}" for j in range(n_criteria)])
    weights = dict(zip(matrix.columns, rng.uniform(0.5, 1.5, size=n_criteria)))
    spread = rng.uniform(0.1, 0.8, size=matrix.shape)  # every score measured, some near 1 or 5: clipped
    seconds = median_seconds(
        lambda: rank_probabilities_uncertain(matrix, weights, spread, n=10_000), repeats * 3, warm_up=True
    )
    return _row(
        f"rank_probabilities_uncertain {n_vendors} x {n_criteria}, every score uncertain, 10,000 draws",
        seconds,
        "< 50 ms",
        seconds < 0.050,
    )


def _slider_row(repeats: int) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    from helpers.data import load_project
    from helpers.scoring import rank_partners
    from helpers.widgets.scoring import weight_explorer

    result = rank_partners(load_project(SAMPLE))
    explorer = weight_explorer(result)
    criterion = result.weights.index[0]
    start = explorer.sliders[criterion].value
    moves = iter(range(10_000))

    def move() -> None:
        explorer.set_weights({criterion: start + (next(moves) % 20)})

    seconds = median_seconds(move, repeats * 3, warm_up=True)
    return _row("slider move: re-rank + redraw (worked example)", seconds, "< 50 ms", seconds < 0.050)


def run(repeats: int = 9) -> list[dict]:
    """Run every benchmark; return one dict per row (see the module docstring)."""
    return (
        _weighted_sum_rows(repeats)
        + _rank_probability_rows(repeats)
        + [_uncertain_rank_probability_row(repeats), _slider_row(repeats)]
    )


if __name__ == "__main__":
    rows = run()
    print(format_table(rows))
    for row in rows:
        if row["note"]:
            print(f"{row['benchmark']}: {row['note']}")
