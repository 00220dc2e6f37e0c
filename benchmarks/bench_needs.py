"""Benchmark: knock-outs, criteria weights and the checklist lint on a large project.

Run: .venv/bin/python benchmarks/bench_needs.py
Real projects have a handful of vendors and a dozen needs, so every call is instant; this checks
that nothing grows badly when a consultancy loads a big long list (2,000 vendors x 20
must-haves, 1,000 needs over 50 criteria). Targets: knockouts at least as fast as a
plain-Python loop doing the same job, measured in the same run (both must agree);
criteria_weights under 50 ms (it validates the whole needs table first, a fixed pandas cost
that a bare loop over dicts does not pay: the loop is shown for scale and as a cross-check);
the lint of 1,000 needs under 0.5 s.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from timing import format_table, median_seconds  # benchmarks/timing.py

from helpers.needs import criteria_weights, knockouts, lint_needs

REPEAT = 5


def big_project(n_vendors: int = 2000, n_musts: int = 20, n_weighted: int = 980, n_criteria: int = 50, seed: int = 0):
    rng = np.random.default_rng(seed)
    n_needs = n_musts + n_weighted
    ids = [f"N{i:04d}" for i in range(n_needs)]
    criteria = pd.DataFrame(
        {
            "criterion": [f"c{j:02d}" for j in range(n_criteria)],
            "weight": rng.integers(1, 20, n_criteria).astype(float),
            "direction": "benefit",
            "source": ["tco"] + ["scores"] * (n_criteria - 1),
        }
    )
    needs = pd.DataFrame(
        {
            "need_id": ids,
            "need": [f"need number {i}" for i in range(n_needs)],
            "category": "x",
            "priority": ["must"] * n_musts + list(rng.choice(["should", "could"], n_weighted)),
            # Leave the first criteria (cost among them) to the criteria table.
            "criterion": [""] * n_musts + [f"c{j:02d}" for j in rng.integers(5, n_criteria, n_weighted)],
            "kpi": [f"kpi {i}" for i in range(n_needs)],
            "target": rng.uniform(1, 100, n_needs).round(1),
            "unit": "%",
            "target_type": "min",
            "measured_by": "report",
            "weight": np.nan,
            "pilot_kpi": "",
            "min_important_difference": np.nan,
        }
    )
    vendors = [f"Vendor {v:04d}" for v in range(n_vendors)]
    grid = pd.MultiIndex.from_product([vendors, ids[:n_musts]], names=["vendor", "need_id"])
    must_haves = grid.to_frame(index=False)
    must_haves["met"] = rng.random(len(must_haves)) > 0.02
    must_haves["evidence"] = "see file"
    # Some vendors skipped a few answers: those count as unmet.
    must_haves = must_haves.sample(frac=0.99, random_state=seed).sort_index()
    return needs, criteria, must_haves, vendors


def knockouts_loop(needs, must_haves, vendors):
    """Reference: the obvious loop over vendors and must needs with a dict of answers."""
    answers = {
        (v, n): (m, e)
        for v, n, m, e in must_haves[["vendor", "need_id", "met", "evidence"]].itertuples(index=False, name=None)
    }
    musts = needs[needs["priority"] == "must"]
    rows = []
    for vendor in vendors:
        for need_id, need in zip(musts["need_id"], musts["need"]):
            met, evidence = answers.get((vendor, need_id), (False, None))
            if not met:
                rows.append((vendor, need_id, need, evidence or "no evidence given"))
    return rows


def criteria_weights_loop(needs, criteria):
    """Reference: the same rule as criteria_weights, written as loops over plain dicts."""
    points = {"should": 2.0, "could": 1.0}
    weighted = [(c, points[p]) for p, c in zip(needs["priority"], needs["criterion"]) if p in points]
    total_points = sum(w for _, w in weighted)
    per_criterion: dict[str, float] = {}
    for criterion, w in weighted:
        if criterion:
            per_criterion[criterion] = per_criterion.get(criterion, 0.0) + 100 * w / total_points
    total_table = sum(criteria["weight"])
    share = {c: w / total_table for c, w in zip(criteria["criterion"], criteria["weight"])}
    group = sum(s for c, s in share.items() if c in per_criterion)
    group_points = sum(per_criterion.values())
    result = {c: (group * per_criterion[c] / group_points if c in per_criterion else s) for c, s in share.items()}
    total = sum(result.values())
    return {c: w / total for c, w in result.items()}


def _median(function, *args) -> tuple[float, object]:
    """Median time of ``function(*args)`` over REPEAT runs, and its result (from one more run)."""
    return median_seconds(lambda: function(*args), REPEAT), function(*args)


def run() -> list[dict]:
    needs, criteria, must_haves, vendors = big_project()
    rows = []

    ours, result = _median(knockouts, needs, must_haves, vendors)
    reference, expected = _median(knockouts_loop, needs, must_haves, vendors)
    assert len(result) == len(expected), "knockouts and the loop reference disagree"
    assert list(result["vendor"]) == [r[0] for r in expected]
    rows.append(
        {
            "benchmark": "knockouts: 2,000 vendors x 20 must-haves",
            "median_s": ours,
            "reference_median_s": reference,
            "target": "<= 1x the plain-Python loop",
            "met": ours <= reference,
        }
    )

    ours, result = _median(criteria_weights, needs, criteria, "needs")  # the weights the needs suggest
    reference, expected = _median(criteria_weights_loop, needs, criteria)
    assert np.allclose(result.to_numpy(), [expected[c] for c in result.index]), (
        "criteria_weights and the loop reference disagree"
    )
    rows.append(
        {
            "benchmark": "criteria_weights from the needs: 1,000 needs, 50 criteria",
            "median_s": ours,
            "reference_median_s": reference,
            "target": "< 50 ms (loop shown for scale; it skips validation)",
            "met": ours < 0.05,
        }
    )

    ours, _ = _median(lint_needs, needs, criteria)
    rows.append(
        {
            "benchmark": "lint_needs: 1,000 needs",
            "median_s": ours,
            "reference_median_s": None,
            "target": "< 0.5 s",
            "met": ours < 0.5,
        }
    )
    return rows


def main() -> None:
    print(format_table(run()))


if __name__ == "__main__":
    main()
