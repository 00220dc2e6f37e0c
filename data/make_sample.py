"""Write the generated tables of the worked example: scores.csv and pilot_tickets.csv.

The worked example is fictional: Brightwater Home Goods, a UK online retailer, chooses a
partner for customer support. The other tables of data/sample/ are written by hand; these two
are drawn from a seeded generator so that they are large and realistic yet reproducible:

    python data/make_sample.py          # rewrites data/sample/scores.csv and pilot_tickets.csv

The story the numbers tell: Lisbon CX Partners and Manila Support Co run a close race;
Northgate is excellent but expensive; BudgetDesk misses two must-haves. In the four-week
pilot (week 1 is ramp-up) Lisbon resolves clearly more tickets at first contact and escalates
fewer, Manila answers faster on handle time, and SLA attainment and CSAT differ by noise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SAMPLE = Path(__file__).resolve().parent / "sample"
SEED = 20260907

EVALUATORS = {  # evaluator -> leniency (added to every score before rounding)
    "Aisha Khan (Head of Customer Experience)": 0.2,
    "Tom Reilly (IT Security)": -0.3,
    "Marta Silva (Finance)": 0.0,
}

# Consensus the evaluators converge on, per vendor and criterion (1-5).
TRUE_SCORES = {
    "Lisbon CX Partners": dict(industry_experience=4.3, communication=4.4, infrastructure_technology=3.8,
                               culture_timezone=4.7, cost_transparency=3.9, references=4.4, service_quality=4.1),
    "Manila Support Co": dict(industry_experience=4.2, communication=3.9, infrastructure_technology=4.3,
                              culture_timezone=3.4, cost_transparency=4.3, references=3.8, service_quality=3.8),
    "Northgate Contact Centre": dict(industry_experience=3.6, communication=4.6, infrastructure_technology=4.4,
                                     culture_timezone=4.9, cost_transparency=3.2, references=4.6, service_quality=4.5),
    "BudgetDesk Global": dict(industry_experience=2.6, communication=2.2, infrastructure_technology=2.4,
                              culture_timezone=3.0, cost_transparency=1.8, references=1.4, service_quality=2.7),
}

COMMENTS = {
    ("Tom Reilly (IT Security)", "Manila Support Co", "infrastructure_technology"): "SOC 2 report is thorough; failover tested",
    ("Aisha Khan (Head of Customer Experience)", "Manila Support Co", "communication"): "Quick replies, but answers to our scope questions were generic",
    ("Marta Silva (Finance)", "BudgetDesk Global", "cost_transparency"): "Low monthly fee, but transition and exit fees only appeared in the contract draft",
    ("Aisha Khan (Head of Customer Experience)", "Lisbon CX Partners", "service_quality"): "Mystery-shop answers were warm and accurate",
}

# One deliberate disagreement worth a conversation before averaging.
OVERRIDES = {
    ("Tom Reilly (IT Security)", "Lisbon CX Partners", "infrastructure_technology"): (2, "Recovery site shares the same power grid as the main centre"),
    ("Aisha Khan (Head of Customer Experience)", "Lisbon CX Partners", "infrastructure_technology"): (5, "Same ticketing tool as ours, integration ready"),
}


def make_scores(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for evaluator, leniency in EVALUATORS.items():
        for vendor, criteria in TRUE_SCORES.items():
            for criterion, truth in criteria.items():
                score = int(np.clip(np.round(truth + leniency + rng.normal(0, 0.35)), 1, 5))
                comment = COMMENTS.get((evaluator, vendor, criterion), "")
                if (evaluator, vendor, criterion) in OVERRIDES:
                    score, comment = OVERRIDES[(evaluator, vendor, criterion)]
                rows.append((evaluator, vendor, criterion, score, comment))
    return pd.DataFrame(rows, columns=["evaluator", "vendor", "criterion", "score", "comment"])


# Pilot behaviour per vendor in the steady state (weeks 2-4); week 1 is ramp-up.
PILOT = {
    "Lisbon CX Partners": dict(tickets=1010, fcr=0.745, escalated=0.075, reopened=0.045, handle_median=415,
                               response_factor=0.43, csat_mean=4.32, qa_mean=85.0),
    "Manila Support Co": dict(tickets=1040, fcr=0.690, escalated=0.110, reopened=0.055, handle_median=385,
                              response_factor=0.43, csat_mean=4.27, qa_mean=83.5),
}
PRIORITIES = {"urgent": (0.06, 15), "high": (0.19, 60), "normal": (0.55, 240), "low": (0.20, 480)}
CHANNELS = {"email": 0.45, "chat": 0.40, "phone": 0.15}
PILOT_START = pd.Timestamp("2026-09-07", tz="UTC")  # a Monday


def make_pilot(rng: np.random.Generator) -> pd.DataFrame:
    frames = []
    for v, (vendor, p) in enumerate(PILOT.items()):
        n = p["tickets"]
        week = np.sort(rng.integers(1, 5, n))
        ramp = week == 1
        # Tickets arrive on weekdays during UK business hours (07:00-19:00 UTC).
        day = (week - 1) * 7 + rng.integers(0, 5, n)
        minutes = rng.integers(7 * 60, 19 * 60, n)
        created = PILOT_START + pd.to_timedelta(day, unit="D") + pd.to_timedelta(minutes, unit="min")
        priority = rng.choice(list(PRIORITIES), n, p=[w for w, _ in PRIORITIES.values()])
        target = np.array([PRIORITIES[x][1] for x in priority], dtype=float)
        channel = rng.choice(list(CHANNELS), n, p=list(CHANNELS.values()))
        response = np.round(target * p["response_factor"] * rng.lognormal(0, 0.75, n) * np.where(ramp, 1.25, 1.0), 1)
        handle = np.round(p["handle_median"] * rng.lognormal(0, 0.55, n) * np.where(ramp, 1.15, 1.0))
        fcr = rng.random(n) < np.where(ramp, p["fcr"] - 0.07, p["fcr"])
        escalated = (rng.random(n) < np.where(ramp, p["escalated"] + 0.03, p["escalated"]) / (1 - p["fcr"])) & ~fcr
        reopened = rng.random(n) < p["reopened"]
        answered = rng.random(n) < 0.32  # survey response rate
        csat_raw = np.clip(np.round(rng.normal(p["csat_mean"] + 0.25 * fcr - 0.2, 0.85, n)), 1, 5)
        qa_sampled = rng.random(n) < 0.25
        qa = np.clip(np.round(rng.normal(p["qa_mean"], 7.0, n)), 0, 100)
        frames.append(pd.DataFrame({
            "ticket_id": [f"P{v + 1}-{i + 1:05d}" for i in range(n)],
            "vendor": vendor,
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "week": week,
            "channel": channel,
            "priority": priority,
            "sla_target_min": target.astype(int),
            "first_response_min": response,
            "sla_met": (response <= target).astype(int),
            "handle_time_sec": handle.astype(int),
            "fcr": fcr.astype(int),
            "escalated": escalated.astype(int),
            "reopened": reopened.astype(int),
            "csat": pd.array(np.where(answered, csat_raw, np.nan)).astype("Int64"),
            "qa_score": pd.array(np.where(qa_sampled, qa, np.nan)).astype("Int64"),
        }))
    return pd.concat(frames, ignore_index=True).sort_values("created_at", kind="stable")


def main() -> None:
    rng = np.random.default_rng(SEED)
    make_scores(rng).to_csv(SAMPLE / "scores.csv", index=False)
    make_pilot(rng).to_csv(SAMPLE / "pilot_tickets.csv", index=False)
    print(f"wrote {SAMPLE / 'scores.csv'} and {SAMPLE / 'pilot_tickets.csv'}")


if __name__ == "__main__":
    main()
