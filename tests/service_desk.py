"""A project unlike the worked example: the one every sentence of the report must be true for.

``service_desk_project(target, piloted=3, pilot_weeks=6)`` writes, from nothing but the
columns of docs/data.md, an IT service desk for Lakeshore Freight, a Chicago company paying in
USD: six vendors in zones far from the sample's (Kathmandu, a Bengaluru night desk, St. John's,
Sydney, Riyadh working Sunday to Thursday, Ho Chi Minh City), of which ``piloted`` ran a pilot
of ``pilot_weeks`` weeks; overlaps of 0 to about 3 hours with the client's day; criteria under
names of their own (with commas and ampersands); one vendor with no references; the service
desk itself mission-critical, so notebook 01 advises keeping it in-house. Nothing in it is
named like the worked example. The project passes ``python -m helpers validate``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data import write_template
from helpers.pilots import simulate_tickets

CLIENT = "Lakeshore HQ Chicago"
CURRENCY = "USD"
# vendor -> (country, zone, location model, pricing model, rate, monthly volume, months)
VENDORS = {
    "Himalaya ServiceWorks": ("NP", "Asia/Kathmandu", "offshore", "per_ticket", 6.5, 2400, 24),
    "Bengaluru NightOps": ("IN", "Asia/Kolkata", "offshore", "hourly", 14.0, 900, 24),
    "Avalon Helpline": ("CA", "America/St_Johns", "nearshore", "hourly", 38.0, 900, 12),
    "Harbour IT Sydney": ("AU", "Australia/Sydney", "offshore", "fixed_monthly", 29000, 0, 36),
    "Najd Digital Services": ("SA", "Asia/Riyadh", "offshore", "hourly", 19.0, 900, 24),
    "Mekong Desk": ("VN", "Asia/Ho_Chi_Minh", "offshore", "per_ticket", 5.0, 2400, 24),
}
# The vendors piloted, in this order (the first ``piloted`` of them).
PILOT_ORDER = ["Himalaya ServiceWorks", "Bengaluru NightOps", "Mekong Desk", "Najd Digital Services"]
# Two vendors fail a must-have.
KNOCKED_OUT = {"Avalon Helpline": "N02", "Harbour IT Sydney": "N01"}
NO_REFERENCES = "Najd Digital Services"
# Criterion names of this project's own: nothing is called as in the worked example.
CRITERIA = [
    # criterion, weight, direction, source, evidence
    ("Security, audits & compliance", 25, "benefit", "scores", ""),
    ("Speed & clarity of replies", 10, "benefit", "scores", "replies"),
    ("What past clients told us", 10, "benefit", "scores", "references"),
    ("Logistics-sector know-how", 10, "benefit", "scores", "industry_references"),
    ("Technical depth (Windows, M365, SAP)", 20, "benefit", "scores", ""),
    ("Annual cost, all in", 25, "cost", "tco", ""),
]
EVALUATORS = [
    "Dana Whitfield (CIO)",
    "Luis Ortega (Service Manager)",
    "Priya Raman (Security)",
    "Jon Kowalski (Finance)",
    "Mei Chen (Operations)",
]
# consensus per vendor on the rated criteria, in CRITERIA order
TRUTH = {
    "Himalaya ServiceWorks": [4.2, 4.0, 3.8, 3.5, 4.1],
    "Bengaluru NightOps": [3.9, 3.6, 4.0, 3.9, 4.3],
    "Avalon Helpline": [4.6, 4.7, 4.5, 4.0, 4.4],
    "Harbour IT Sydney": [3.0, 3.5, 3.9, 2.5, 3.8],
    "Najd Digital Services": [3.6, 3.0, 2.0, 2.2, 3.4],
    "Mekong Desk": [3.7, 4.2, 3.5, 3.0, 3.6],
}
SITES = [
    # site, owner, tz, start, end, workdays, country, subdivision
    (CLIENT, "client", "America/Chicago", "08:00", "17:00", "Mon-Fri", "US", "IL"),
    ("Kathmandu floor", "Himalaya ServiceWorks", "Asia/Kathmandu", "17:00", "21:00", "Mon-Fri", "NP", ""),
    ("Bengaluru night desk", "Bengaluru NightOps", "Asia/Kolkata", "22:00", "06:00", "Mon-Fri", "IN", ""),
    ("St. John's office", "Avalon Helpline", "America/St_Johns", "06:00", "11:00", "Mon-Fri", "CA", "NL"),
    ("Sydney office", "Harbour IT Sydney", "Australia/Sydney", "07:00", "10:00", "Mon-Fri", "AU", "NSW"),
    ("Riyadh centre", "Najd Digital Services", "Asia/Riyadh", "15:00", "19:00", "Sun-Thu", "SA", ""),
    ("Ho Chi Minh City desk", "Mekong Desk", "Asia/Ho_Chi_Minh", "19:00", "23:00", "Mon-Fri", "VN", ""),
]


def _write(target: Path, table: str, rows: list[dict]) -> None:
    header = pd.read_csv(target / f"{table}.csv", nrows=0).columns
    pd.DataFrame(rows).reindex(columns=header).to_csv(target / f"{table}.csv", index=False)


def service_desk_project(target: Path, piloted: int = 3, pilot_weeks: int = 6) -> Path:
    """Write the project described above into the new folder ``target``; return it."""
    target = Path(target)
    write_template(target)
    _write(
        target,
        "functions",
        [
            dict(
                function="IT service desk",
                description="Password resets, laptops, VPN and SAP access for 900 staff",
                strategic_importance=4,
                time_drain_hours_week=120,
                mission_critical="yes",
                unique_value="no",
                measurable="yes",
                sensitive_data="yes",
                volume_swing="medium",
                type="ITO",
                live_overlap_hours=2,
            ),
            dict(
                function="Freight invoice audit",
                description="Checking carrier invoices against rates",
                strategic_importance=2,
                time_drain_hours_week=60,
                mission_critical="no",
                unique_value="no",
                measurable="yes",
                sensitive_data="no",
                volume_swing="high",
                type="BPO",
                live_overlap_hours=0,
            ),
        ],
    )
    _write(
        target,
        "criteria",
        [
            dict(
                criterion=c,
                weight=w,
                direction=d,
                source=s,
                evidence=e,
                description=f"How we judge: {c}",
                scale_1="poor" if s == "scores" else "",
                scale_5="excellent" if s == "scores" else "",
            )
            for c, w, d, s, e in CRITERIA
        ],
    )
    rated = [c[0] for c in CRITERIA if c[3] == "scores"]
    _write(
        target,
        "needs",
        [
            dict(
                need_id="N01",
                need="SOC 2 Type II report under a year old",
                category="security",
                priority="must",
                kpi="valid report",
                target=1,
                unit="report",
                target_type="min",
                measured_by="audit report",
            ),
            dict(
                need_id="N02",
                need="Staff vetted under US export-control rules",
                category="compliance",
                priority="must",
                kpi="vetted staff",
                target=100,
                unit="%",
                target_type="min",
                measured_by="HR records",
            ),
            dict(
                need_id="N03",
                need="Two hours of live overlap with Chicago each working day",
                category="hours",
                priority="must",
                kpi="daily overlap",
                target=2,
                unit="hours",
                target_type="min",
                measured_by="notebook 04",
                checks="overlap_hours",
            ),
            dict(
                need_id="N04",
                need="Tickets solved at first contact",
                category="quality",
                priority="should",
                criterion=rated[4],
                kpi="first-contact resolution",
                target=65,
                unit="%",
                target_type="min",
                measured_by="ticket report",
                pilot_kpi="fcr",
                min_important_difference=4,
            ),
            dict(
                need_id="N05",
                need="Answers within the SLA",
                category="quality",
                priority="should",
                criterion=rated[4],
                kpi="SLA attainment",
                target=85,
                unit="%",
                target_type="min",
                measured_by="ticket report",
                pilot_kpi="sla",
                min_important_difference=3,
            ),
            dict(
                need_id="N06",
                need="Audited access controls",
                category="security",
                priority="should",
                criterion=rated[0],
                kpi="audit findings",
                target=0,
                unit="findings",
                target_type="max",
                measured_by="audit",
            ),
            dict(
                need_id="N07",
                need="Freight or logistics clients",
                category="experience",
                priority="could",
                criterion=rated[3],
                kpi="clients",
                target=2,
                unit="clients",
                target_type="min",
                measured_by="reference calls",
            ),
        ],
    )
    _write(
        target,
        "vendors",
        [
            dict(
                vendor=v,
                country=c,
                tz=tz,
                location_model=lm,
                pricing_model=pm,
                rate=r,
                currency=CURRENCY,
                monthly_volume=mv,
                contract_months=m,
                transition_cost=20000,
                governance_cost_month=1500,
                exit_cost=8000,
            )
            for v, (c, tz, lm, pm, r, mv, m) in VENDORS.items()
        ],
    )
    rng = np.random.default_rng(7)
    _write(
        target,
        "scores",
        [
            dict(evaluator=e, vendor=v, criterion=c, score=int(np.clip(np.round(t + rng.normal(0, 0.4)), 1, 5)))
            for e in EVALUATORS
            for v, truths in TRUTH.items()
            for c, t in zip(rated, truths)
        ],
    )
    _write(
        target,
        "must_haves",
        [
            dict(vendor=v, need_id=n, met="no" if KNOCKED_OUT.get(v) == n else "yes", evidence="checked by legal")
            for v in VENDORS
            for n in ("N01", "N02", "N03")
        ],
    )
    _write(
        target,
        "red_flags",
        [
            dict(vendor="Mekong Desk", flag="key account manager leaving", severity="medium", status="open"),
            dict(vendor="Bengaluru NightOps", flag="subcontracts night shifts", severity="high", status="open"),
        ],
    )
    _write(
        target,
        "references",
        [
            dict(
                vendor=v,
                reference=f"{v} client {k}, IT manager",
                industry="logistics" if k == 1 else "retail",
                same_industry="yes" if k == 1 else "no",
                checked="yes",
                deadlines=4,
                escalations=3 + k % 2,
                communication=4,
                staff_stability=3,
                quality_over_time=4,
                hire_again=4,
            )
            for v in VENDORS
            if v != NO_REFERENCES
            for k in (1, 2)
        ],
    )
    _write(
        target,
        "communications",
        [
            dict(
                vendor=v,
                channel="email",
                topic=topic,
                sent_at=f"2026-10-{5 + k:02d}T09:00-05:00",
                replied_at=f"2026-10-{5 + k:02d}T{13 + i % 4:02d}:30-05:00",
            )
            for i, v in enumerate(VENDORS)
            for k, topic in enumerate(["pricing", "security", "staffing"])
        ],
    )
    _write(
        target,
        "sites",
        [
            dict(site=s, owner=o, tz=tz, start=a, end=b, workdays=w, holiday_country=c, holiday_subdivision=sub)
            for s, o, tz, a, b, w, c, sub in SITES
        ],
    )
    profiles = {
        v: {"fcr": 0.62 + 0.05 * k, "handle_time_sec": 420 + 40 * k} for k, v in enumerate(PILOT_ORDER[:piloted])
    }
    if profiles:
        tickets = simulate_tickets(
            profiles, n_per_vendor=300 * pilot_weeks // 2, weeks=pilot_weeks, seed=3, start="2026-11-02"
        )
        tickets["created_at"] = tickets["created_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        tickets.to_csv(target / "pilot_tickets.csv", index=False)
    return target


if __name__ == "__main__":  # python -m tests.service_desk DIR [PILOTED] [WEEKS]
    import sys

    args = sys.argv[1:]
    print(service_desk_project(Path(args[0]), *(int(a) for a in args[1:3])))
