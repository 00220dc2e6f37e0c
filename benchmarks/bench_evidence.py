"""Benchmark: reply times in working hours (issue 9).

Run: .venv/bin/python benchmarks/bench_evidence.py
Measures (median of several runs each, references timed in the same process):
* ``working_minutes_between`` for 10,000 questions spread over a year, to a two-site team with
  a night shift and public holidays; target under 50 ms and at least 20x faster than the
  obvious loop (for each question, add up its overlap with every shift of the team), which
  must give the same minutes.
* ``gather_evidence`` on the worked example (the responsiveness log and the reference checks
  as ``rank_partners`` runs them); target under 250 ms, so the ranking stays interactive.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import format_table, median_seconds  # noqa: E402 (benchmarks/timing.py)

from helpers.timezones import Site, holidays_for, shifts, working_minutes_between  # noqa: E402

N_QUESTIONS = 10_000


def team() -> list[Site]:
    holidays = holidays_for("PH", None, [2025, 2026, 2027])
    return [
        Site("Manila afternoon", "Asia/Manila", "15:00", "00:00", holidays=holidays),
        Site("Cebu night desk", "Asia/Manila", "22:00", "06:00", holidays=holidays),
    ]


def questions(n: int = N_QUESTIONS, seed: int = 0) -> tuple[pd.Series, pd.Series]:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-01-05T00:00Z")
    sent = start + pd.to_timedelta(rng.integers(0, 360 * 24 * 60, n), unit="min")
    replied = sent + pd.to_timedelta(rng.integers(1, 5 * 24 * 60, n), unit="min")
    return pd.Series(sent), pd.Series(replied)


def loop_reference(sites: list[Site], sent: pd.Series, replied: pd.Series) -> np.ndarray:
    """The obvious way: per question, add up its overlap with every (merged) shift of the team."""
    table = pd.concat([shifts(s, "2025-12-25", "2027-01-10") for s in sites]).sort_values("start_utc")
    merged: list[list[float]] = []
    for a, b in zip(table["start_utc"].map(pd.Timestamp.timestamp), table["end_utc"].map(pd.Timestamp.timestamp)):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    result = []
    for s, e in zip(sent.map(pd.Timestamp.timestamp), replied.map(pd.Timestamp.timestamp)):
        seconds = 0.0
        for a, b in merged:
            if b <= s:
                continue
            if a >= e:
                break
            seconds += min(b, e) - max(a, s)
        result.append(seconds / 60)
    return np.array(result)


def run() -> list[dict]:
    """Time the vectorised count against the loop (checking they agree) and the sample's evidence."""
    from helpers.data import load_project
    from helpers.evidence import gather_evidence
    from helpers.scoring import consensus_scores

    sites = team()
    sent, replied = questions()
    fast = working_minutes_between(sites, sent, replied)
    if not np.allclose(fast, loop_reference(sites, sent, replied)):
        raise AssertionError("working_minutes_between and the loop disagree")
    fast_s = median_seconds(lambda: working_minutes_between(sites, sent, replied), 15)
    loop_s = median_seconds(lambda: loop_reference(sites, sent, replied), 3)

    project = load_project(ROOT / "data" / "sample")
    consensus = consensus_scores(project.scores)
    gather_evidence(project, consensus)  # warm-up: imports, holiday calendars, zone rules
    evidence_s = median_seconds(lambda: gather_evidence(project, consensus), 7)
    return [
        {
            "benchmark": f"evidence: working_minutes_between, {N_QUESTIONS:,} questions",
            "median_s": fast_s,
            "reference_median_s": None,
            "target": "< 50 ms",
            "met": fast_s < 0.050,
        },
        {
            "benchmark": "evidence: speed-up vs per-question loop over shifts",
            "median_s": fast_s,
            "reference_median_s": loop_s,
            "target": ">= 20x faster",
            "met": loop_s / fast_s >= 20,
        },
        {
            "benchmark": "evidence: gather_evidence on the worked example",
            "median_s": evidence_s,
            "reference_median_s": None,
            "target": "< 250 ms",
            "met": evidence_s < 0.250,
        },
    ]


def main() -> None:
    print(format_table(run()))


if __name__ == "__main__":
    main()
