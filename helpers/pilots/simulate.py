"""Simulated pilot tickets: a fixture for tests and benchmarks and notebook 03's
illustration of three vendors — never data for a decision."""

from __future__ import annotations

from collections.abc import Mapping
from statistics import NormalDist

import numpy as np
import pandas as pd

from helpers.data import InputError
from helpers.pilots.registry import KPIS

# The truth simulated when a profile leaves it out: each KPI's typical level (shares 0..1,
# the median handle time, about the mean CSAT and QA score) and how many tickets answer the
# CSAT survey or get a QA review.
_DEFAULT_PROFILE = {
    **{name: KPIS[name].typical for name in ("fcr", "sla", "escalation", "reopen")},
    "handle_time_sec": KPIS["handle_time"].typical,
    "csat": KPIS["csat"].typical,
    "csat_response_rate": 0.3,
    "qa": KPIS["qa"].typical,
    "qa_review_rate": 0.25,
}
_SLA_TARGET_MIN = {"urgent": 15, "high": 60, "normal": 240, "low": 480}


def simulate_tickets(
    profiles: Mapping[str, Mapping[str, float]],
    n_per_vendor: int = 1000,
    weeks: int = 4,
    seed: int = 0,
    start: str = "2026-09-07",
) -> pd.DataFrame:
    """Simulated pilot tickets with the columns of docs/data.md (for tests, benchmarks and
    illustrations — never for a decision).

    ``profiles`` maps a vendor name to the truth to simulate: any of ``fcr, sla, escalation,
    reopen`` (shares 0..1), ``handle_time_sec`` (median), ``csat`` (about the mean),
    ``csat_response_rate``, ``qa`` (mean) and ``qa_review_rate``; missing keys take workbook
    defaults. Returns ``n_per_vendor`` tickets per vendor spread over ``weeks`` weeks.
    """
    rng = np.random.default_rng(seed)
    priorities = np.array(list(_SLA_TARGET_MIN))
    parts = []
    for number, (vendor, given) in enumerate(profiles.items(), start=1):
        unknown = set(given) - set(_DEFAULT_PROFILE)
        if unknown:
            raise InputError(
                f"simulate_tickets: unknown profile key(s) {sorted(unknown)}; "
                f"expected some of {', '.join(_DEFAULT_PROFILE)}"
            )
        p = {**_DEFAULT_PROFILE, **given}
        n = int(n_per_vendor)
        week = rng.integers(1, weeks + 1, n)
        minute = rng.integers(0, 7 * 24 * 60, n)
        created = pd.Timestamp(start, tz="UTC") + pd.to_timedelta((week - 1) * 7 * 24 * 60 + minute, unit="min")
        priority = rng.choice(priorities, n, p=[0.06, 0.19, 0.56, 0.19])
        target = pd.Series(priority).map(_SLA_TARGET_MIN).to_numpy(dtype=float)
        # First response = target x lognormal; the log-offset makes P(response <= target)
        # equal the SLA share asked for.
        spread = 0.8
        offset = -spread * NormalDist().inv_cdf(min(max(p["sla"], 1e-6), 1 - 1e-6))
        first_response = np.round(target * np.exp(rng.normal(offset, spread, n)), 1)
        csat = np.clip(np.round(rng.normal(p["csat"], 0.8, n)), 1, 5)
        csat[rng.random(n) >= p["csat_response_rate"]] = np.nan
        qa = np.clip(np.round(rng.normal(p["qa"], 7, n)), 0, 100)
        qa[rng.random(n) >= p["qa_review_rate"]] = np.nan
        parts.append(
            pd.DataFrame(
                {
                    "ticket_id": [f"S{number}-{i:05d}" for i in range(1, n + 1)],
                    "vendor": vendor,
                    "created_at": created,
                    "week": week,
                    "channel": rng.choice(["chat", "email", "phone"], n, p=[0.4, 0.45, 0.15]),
                    "priority": priority,
                    "sla_target_min": target,
                    "first_response_min": first_response,
                    "sla_met": (first_response <= target).astype(int),
                    "handle_time_sec": np.round(p["handle_time_sec"] * np.exp(rng.normal(0, 0.6, n))),
                    "fcr": (rng.random(n) < p["fcr"]).astype(int),
                    "escalated": (rng.random(n) < p["escalation"]).astype(int),
                    "reopened": (rng.random(n) < p["reopen"]).astype(int),
                    "csat": csat,
                    "qa_score": qa,
                }
            )
        )
    tickets = pd.concat(parts, ignore_index=True)
    return tickets.sort_values("created_at", kind="stable").reset_index(drop=True)
