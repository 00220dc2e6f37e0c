"""Write the two example projects unlike the worked example (issue 14, §4):

    python data/examples/make_examples.py      # rewrites both

* ``it-service-desk/``: a Riyadh company (Sun-Thu week, Saudi public holidays) chooses an IT
  service desk, priced in USD, written as semicolon-separated CSV files with decimal commas,
  as Excel saves them in many European locales. Five vendors: Cairo works the client's own
  Sun-Thu week; Kraków and Bengaluru (a half-hour zone, Indian holidays) work Mon-Fri, so they
  miss every Riyadh Sunday; a Manila night desk never meets the Riyadh day and has no evidence
  for its security certificate; Nairobi has no Arabic-speaking agents. Three vendors were
  piloted for four weeks. Cairo is clearly best on every rated criterion.
* ``kpo-research.xlsx``: an Auckland agri-tech firm (southern-hemisphere clocks, New Zealand
  holidays) outsources market research, priced in NZD, as one Excel workbook with real time,
  date-and-time, number and TRUE/FALSE cells. Four vendors: Kathmandu (UTC+05:45) on an early
  Sun-Fri shift, Adelaide (UTC+09:30, South Australian holidays), Mumbai on an early shift, and a
  Santiago night desk (16:00-24:00) that has not signed the IP assignment. No pilot; a
  responsiveness log in local times with their zone; reference checks. Adelaide is clearly best.

The facts each report must state are checked in tests/test_examples.py, computed there from
these files, not from the report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# IT service desk, Riyadh (semicolon CSV)
# --------------------------------------------------------------------------------------------

DESK_VENDORS = {
    # vendor: (country, tz, location, pricing, rate, volume, months, transition, exit)
    "Cairo Tech Support, Help Desk & NOC S.A.E.": (
        "EG",
        "Africa/Cairo",
        "nearshore",
        "per_ticket",
        9.5,
        4200,
        24,
        18000,
        6000,
    ),
    "Kraków Service Desk Sp. z o.o.": ("PL", "Europe/Warsaw", "offshore", "hourly", 31.0, 1300, 24, 25000, 8000),
    "Bengaluru IT & Cloud Ops Pvt Ltd": ("IN", "Asia/Kolkata", "offshore", "fixed_monthly", 27500, 0, 36, 30000, 12000),
    "Manila Night Desk, Inc.": ("PH", "Asia/Manila", "offshore", "per_ticket", 6.8, 4200, 12, 9000, 3000),
    "Nairobi Service Desk Ltd": ("KE", "Africa/Nairobi", "offshore", "hourly", 14.0, 1400, 24, 15000, 5000),
}
DESK_CRITERIA = [
    # criterion, weight, direction, source, description, evidence
    (
        "Service quality, SLAs & ITIL maturity",
        30,
        "benefit",
        "scores",
        "Resolution quality, SLA reports, ITIL processes",
        "",
    ),
    (
        "Security & compliance (ISO 27001, NCA ECC)",
        20,
        "benefit",
        "scores",
        "Certificates, audits and access control",
        "",
    ),
    ("Arabic & English support", 15, "benefit", "scores", "Agents who write and speak both", ""),
    ("Responsiveness, during selection", 10, "benefit", "scores", "How fast and how well they answered us", "replies"),
    (
        "References: what clients said",
        10,
        "benefit",
        "scores",
        "Answers of reference customers we called",
        "references",
    ),
    ("Yearly cost of ownership", 15, "cost", "tco", "Yearly cost, hidden items included", ""),
]
# Per vendor the three evaluators' scores on the five rated criteria (Cairo clearly first).
DESK_SCORES = {
    "Cairo Tech Support, Help Desk & NOC S.A.E.": [(5, 5, 4), (5, 4, 5), (5, 5, 5), (5, 5, 4), (4, 5, 5)],
    "Kraków Service Desk Sp. z o.o.": [(4, 3, 3), (4, 4, 3), (2, 2, 3), (3, 4, 3), (3, 3, 3)],
    "Bengaluru IT & Cloud Ops Pvt Ltd": [(3, 3, 3), (3, 3, 4), (3, 2, 3), (3, 3, 2), (3, 4, 3)],
    "Manila Night Desk, Inc.": [(3, 3, 2), (2, 2, 2), (2, 1, 2), (4, 3, 3), (3, 3, 2)],
    "Nairobi Service Desk Ltd": [(3, 4, 3), (3, 3, 3), (1, 1, 1), (3, 3, 3), (3, 2, 3)],
}
DESK_EVALUATORS = [
    "Noura Al-Harbi (IT Operations)",
    "Faisal Al-Qahtani (Information Security)",
    "Maria Santos (Finance & Procurement)",
]
DESK_NEEDS = [
    # need_id, need, category, priority, criterion, kpi, target, unit, target_type, measured_by, pilot_kpi, mid, checks
    (
        "D01",
        "Agents answer in Arabic & English on every ticket",
        "language",
        "must",
        "Arabic & English support",
        "agents tested in both",
        100,
        "%",
        "min",
        "language test",
        "",
        "",
        "",
    ),
    (
        "D02",
        "ISO 27001 certificate, valid, covering the service desk",
        "security",
        "must",
        "Security & compliance (ISO 27001, NCA ECC)",
        "valid certificate",
        1,
        "certificate",
        "min",
        "certificate",
        "",
        "",
        "",
    ),
    (
        "D03",
        "At least 4 h of live overlap with Riyadh, every working day (Sun-Thu)",
        "collaboration",
        "should",
        "",
        "overlap hours per working day",
        4,
        "h",
        "min",
        "notebook 04",
        "",
        "",
        "overlap_hours",
    ),
    (
        "D04",
        "First-contact resolution of at least 65 %",
        "service quality",
        "should",
        "Service quality, SLAs & ITIL maturity",
        "first-contact resolution",
        65,
        "%",
        "min",
        "pilot tickets",
        "fcr",
        5,
        "",
    ),
    (
        "D05",
        "SLA met on at least 95 % of tickets",
        "service quality",
        "should",
        "Service quality, SLAs & ITIL maturity",
        "SLA attainment",
        95,
        "%",
        "min",
        "pilot tickets",
        "sla",
        2,
        "",
    ),
]
DESK_MUST_HAVES = [
    # vendor, need_id, met, evidence (Manila has no row for D02: no evidence given)
    ("Cairo Tech Support, Help Desk & NOC S.A.E.", "D01", "yes", "Arabic natives; English C1 tested"),
    ("Cairo Tech Support, Help Desk & NOC S.A.E.", "D02", "yes", "ISO 27001:2022, valid to 2028"),
    ("Kraków Service Desk Sp. z o.o.", "D01", "yes", "Arabic team of 12 in Kraków"),
    ("Kraków Service Desk Sp. z o.o.", "D02", "yes", "ISO 27001, valid to 2027"),
    ("Bengaluru IT & Cloud Ops Pvt Ltd", "D01", "yes", "Arabic pod, tested in May"),
    ("Bengaluru IT & Cloud Ops Pvt Ltd", "D02", "yes", "ISO 27001 and SOC 2 Type II"),
    ("Manila Night Desk, Inc.", "D01", "yes", "Arabic agents from the Cebu hub"),
    ("Nairobi Service Desk Ltd", "D01", "no", "No Arabic-speaking agents; would hire 'if we win'"),
    ("Nairobi Service Desk Ltd", "D02", "yes", "ISO 27001, valid to 2027"),
]
DESK_SITES = [
    ("Riyadh operations centre", "client", "Asia/Riyadh", "08:00", "17:00", "Sun-Thu", "SA", ""),
    (
        "Cairo, Smart Village",
        "Cairo Tech Support, Help Desk & NOC S.A.E.",
        "Africa/Cairo",
        "08:00",
        "17:00",
        "Sun-Thu",
        "",
        "",
    ),
    ("Kraków, Zabłocie", "Kraków Service Desk Sp. z o.o.", "Europe/Warsaw", "08:00", "16:00", "Mon-Fri", "", ""),
    (
        "Bengaluru, Whitefield",
        "Bengaluru IT & Cloud Ops Pvt Ltd",
        "Asia/Kolkata",
        "09:30",
        "18:30",
        "Mon-Fri",
        "IN",
        "",
    ),
    ("Manila night desk", "Manila Night Desk, Inc.", "Asia/Manila", "22:00", "07:00", "Mon-Fri", "PH", ""),
]
DESK_PILOTED = {  # vendor: (fcr, sla share, median handle time s)
    "Cairo Tech Support, Help Desk & NOC S.A.E.": (0.74, 0.97, 520),
    "Kraków Service Desk Sp. z o.o.": (0.66, 0.94, 600),
    "Bengaluru IT & Cloud Ops Pvt Ltd": (0.61, 0.92, 560),
}


def _semicolon(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, sep=";", decimal=",", index=False)


def it_service_desk(folder: Path = HERE / "it-service-desk") -> Path:
    rng = np.random.default_rng(2027)
    folder.mkdir(parents=True, exist_ok=True)
    vendors = pd.DataFrame(
        [
            {
                "vendor": v,
                "country": c,
                "tz": tz,
                "location_model": loc,
                "pricing_model": model,
                "rate": rate,
                "currency": "USD",
                "monthly_volume": volume,
                "contract_months": months,
                "transition_cost": transition,
                "governance_cost_month": 2500,
                "exit_cost": exit_cost,
                "notes": "",
            }
            for v, (c, tz, loc, model, rate, volume, months, transition, exit_cost) in DESK_VENDORS.items()
        ]
    )
    _semicolon(vendors, folder / "vendors.csv")
    _semicolon(
        pd.DataFrame(DESK_CRITERIA, columns=["criterion", "weight", "direction", "source", "description", "evidence"]),
        folder / "criteria.csv",
    )
    rated = [c[0] for c in DESK_CRITERIA if c[3] == "scores"]
    _semicolon(
        pd.DataFrame(
            [
                {"evaluator": e, "vendor": v, "criterion": c, "score": trio[k]}
                for k, e in enumerate(DESK_EVALUATORS)
                for v, rows in DESK_SCORES.items()
                for c, trio in zip(rated, rows)
            ]
        ),
        folder / "scores.csv",
    )
    _semicolon(
        pd.DataFrame(
            DESK_NEEDS,
            columns=[
                "need_id",
                "need",
                "category",
                "priority",
                "criterion",
                "kpi",
                "target",
                "unit",
                "target_type",
                "measured_by",
                "pilot_kpi",
                "min_important_difference",
                "checks",
            ],
        ),
        folder / "needs.csv",
    )
    _semicolon(
        pd.DataFrame(DESK_MUST_HAVES, columns=["vendor", "need_id", "met", "evidence"]), folder / "must_haves.csv"
    )
    _semicolon(
        pd.DataFrame(
            DESK_SITES,
            columns=["site", "owner", "tz", "start", "end", "workdays", "holiday_country", "hours_by_weekday"],
        ),
        folder / "sites.csv",
    )
    _semicolon(
        pd.DataFrame(
            [
                (
                    "Manila Night Desk, Inc.",
                    "asks for a 5-year minimum term",
                    "medium",
                    "open",
                    "Exit only after 60 months",
                ),
                (
                    "Kraków Service Desk Sp. z o.o.",
                    "key account lead leaving",
                    "low",
                    "resolved",
                    "Successor named, 1 June",
                ),
            ],
            columns=["vendor", "flag", "severity", "status", "note"],
        ),
        folder / "red_flags.csv",
    )
    # Replies during selection (UTC with Z; replies in the vendor's own offset).
    messages = []
    for vendor, (_, tz, *_rest) in DESK_VENDORS.items():
        speed = 90 if vendor.startswith("Cairo") else 400
        for k in range(8):
            sent = pd.Timestamp("2026-08-02T06:00Z") + pd.Timedelta(days=2 * k, minutes=int(rng.integers(0, 480)))
            reply = sent + pd.Timedelta(minutes=int(rng.exponential(speed)) + 5)
            messages.append(
                {
                    "vendor": vendor,
                    "channel": "email",
                    "topic": ["pricing", "scope", "security", "staffing"][k % 4],
                    "subject": "Question on the SLA; and the escalation path",
                    "sent_at": sent.strftime("%Y-%m-%dT%H:%MZ"),
                    "replied_at": reply.tz_convert(tz).isoformat(timespec="minutes"),
                    "tz": "",
                }
            )
    _semicolon(pd.DataFrame(messages), folder / "communications.csv")
    references = []
    for vendor in DESK_VENDORS:
        for k, answer in enumerate((5, 4) if vendor.startswith("Cairo") else (3, 3)):
            references.append(
                {
                    "vendor": vendor,
                    "reference": f"Client {k + 1}, IT Director",
                    "industry": "retail",
                    "same_industry": "yes" if k == 0 else "no",
                    "checked": "yes",
                    "deadlines": answer,
                    "escalations": answer,
                    "communication": answer,
                    "hire_again": answer,
                }
            )
    _semicolon(pd.DataFrame(references), folder / "references.csv")
    # Four weeks of pilot tickets for three vendors, week 1 is ramp-up.
    tickets = []
    start = pd.Timestamp("2026-09-06T05:00Z")  # a Sunday, the Riyadh week's first day
    for vendor, (fcr, sla, handle) in DESK_PILOTED.items():
        for _ in range(140):
            week = int(rng.integers(1, 5))
            created = start + pd.Timedelta(
                weeks=week - 1, days=int(rng.integers(0, 5)), minutes=int(rng.integers(0, 540))
            )
            priority, target = [("normal", 240), ("high", 60), ("urgent", 15), ("low", 480)][int(rng.integers(0, 4))]
            met = rng.random() < sla
            first = round(float(target * (rng.uniform(0.1, 0.95) if met else rng.uniform(1.05, 2))), 1)
            tickets.append(
                {
                    "vendor": vendor,
                    "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "week": week,
                    "channel": ["email", "chat", "phone"][int(rng.integers(0, 3))],
                    "priority": priority,
                    "sla_target_min": target,
                    "first_response_min": first,
                    "sla_met": int(met),
                    "handle_time_sec": int(rng.lognormal(np.log(handle), 0.4)),
                    "fcr": int(rng.random() < fcr),
                    "escalated": int(rng.random() < 0.1),
                    "reopened": int(rng.random() < 0.04),
                    "csat": int(rng.integers(3, 6)) if rng.random() < 0.3 else None,
                }
            )
    pilot = pd.DataFrame(tickets).sort_values("created_at", kind="stable")
    pilot.insert(0, "ticket_id", [f"SD-{k:04d}" for k in range(1, len(pilot) + 1)])
    pilot["csat"] = pilot["csat"].astype("Int64")
    _semicolon(pilot, folder / "pilot_tickets.csv")
    # The judgement settings: the typed weights (the default, said aloud), a contract from 4
    # January 2027, two ramp-up weeks left out of the pilot, evaluators 1.5 points apart talk.
    _semicolon(
        pd.DataFrame(
            [
                {
                    "weights_from": "criteria",
                    "contract_start": "2027-01-04",
                    "ramp_up_weeks": 2,
                    "disagreement_points": 1.5,
                }
            ]
        ),
        folder / "settings.csv",
    )
    return folder


# --------------------------------------------------------------------------------------------
# KPO research, Auckland (one Excel workbook, typed cells)
# --------------------------------------------------------------------------------------------

KPO_VENDORS = {
    # vendor: (country, tz, location, pricing, rate, volume, months)
    "Kathmandu Analytics & Research Pvt Ltd": ("NP", "Asia/Kathmandu", "offshore", "hourly", 38.0, 320, 12),
    "Adelaide Insights, Data & Research Pty Ltd": (
        "AU",
        "Australia/Adelaide",
        "nearshore",
        "fixed_monthly",
        21000,
        0,
        18,
    ),
    "Mumbai Equity Research & Analytics LLP": ("IN", "Asia/Kolkata", "offshore", "hourly", 44.0, 300, 12),
    "Santiago Research Partners SpA": ("CL", "America/Santiago", "offshore", "hourly", 52.0, 300, 12),
}
KPO_CRITERIA = [
    ("Research quality, sources & method", 35, "benefit", "scores", "industry_references"),
    ("Agri-tech & dairy sector knowledge", 25, "benefit", "scores", None),
    ("Analysts' English writing", 20, "benefit", "scores", None),
    ("Cost per year (all in)", 20, "cost", "tco", None),
]
KPO_SCORES = {  # two evaluators, three rated criteria
    "Kathmandu Analytics & Research Pvt Ltd": [(3, 3), (2, 3), (3, 3)],
    "Adelaide Insights, Data & Research Pty Ltd": [(5, 5), (5, 4), (5, 5)],
    "Mumbai Equity Research & Analytics LLP": [(3, 3), (3, 2), (3, 3)],
    "Santiago Research Partners SpA": [(3, 3), (3, 3), (2, 3)],
}
KPO_EVALUATORS = ["Aroha Ngata (Head of Strategy)", "Liam O'Connor (Finance)"]
KPO_NEEDS = [
    (
        "K01",
        "Signed NDA with assignment of all research IP to us",
        "legal",
        "must",
        None,
        "signed",
        1,
        None,
        "min",
        None,
    ),
    (
        "K02",
        "At least 3 h of live overlap with Auckland, every working day",
        "collaboration",
        "should",
        None,
        "overlap hours per working day",
        3,
        "hours",
        "min",
        "overlap_hours",
    ),
    (
        "K03",
        "Sector reports with cited primary sources",
        "quality",
        "should",
        "Research quality, sources & method",
        None,
        None,
        None,
        None,
        None,
    ),
]
KPO_MUST_HAVES = [
    ("Kathmandu Analytics & Research Pvt Ltd", "K01", True, "Signed 2 Sept 2026"),
    ("Adelaide Insights, Data & Research Pty Ltd", "K01", True, "Signed 28 Aug 2026"),
    ("Mumbai Equity Research & Analytics LLP", "K01", "yes", "Signed 1 Sept 2026"),
    ("Santiago Research Partners SpA", "K01", False, "Will not assign IP in reusable models"),
]
KPO_SITES = [
    # site, owner, tz, start, end, workdays, holiday_country, holiday_subdivision
    ("Auckland, Wynyard Quarter", "client", "Pacific/Auckland", dt.time(8, 30), dt.time(17, 0), "Mon-Fri", "NZ", "AUK"),
    (
        "Kathmandu, Lalitpur office",
        "Kathmandu Analytics & Research Pvt Ltd",
        "Asia/Kathmandu",
        dt.time(6, 0),
        dt.time(15, 0),
        "Sun-Fri",
        None,
        None,
    ),
    (
        "Adelaide, Lot Fourteen",
        "Adelaide Insights, Data & Research Pty Ltd",
        "Australia/Adelaide",
        dt.time(9, 0),
        dt.time(17, 30),
        "Mon-Fri",
        "AU",
        "SA",
    ),
    (
        "Mumbai, Powai early team",
        "Mumbai Equity Research & Analytics LLP",
        "Asia/Kolkata",
        dt.time(5, 30),
        dt.time(14, 0),
        "Mon-Fri",
        None,
        None,
    ),
    (
        "Santiago night desk",
        "Santiago Research Partners SpA",
        "America/Santiago",
        dt.time(16, 0),
        dt.timedelta(days=1),
        "Mon-Fri",
        "CL",
        None,
    ),  # 24:00 is one whole day in an Excel time cell
]


def kpo_research(path: Path = HERE / "kpo-research.xlsx") -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    about = book.active
    about.title = "About"
    about.append(["KPO market research partner, Auckland agri-tech firm: see data/examples/make_examples.py"])

    def sheet(name: str, columns: list[str], rows: list) -> None:
        page = book.create_sheet(name)
        page.append(columns)
        for row in rows:
            page.append(list(row))
        for cells in page.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, dt.timedelta):
                    cell.number_format = "[hh]:mm"
                elif isinstance(cell.value, dt.time):
                    cell.number_format = "hh:mm"
                elif isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"

    sheet(
        "vendors",
        [
            "vendor",
            "country",
            "tz",
            "location_model",
            "pricing_model",
            "rate",
            "currency",
            "monthly_volume",
            "contract_months",
            "transition_cost",
            "governance_cost_month",
            "exit_cost",
        ],
        [
            (v, c, tz, loc, model, rate, "NZD", volume, months, 4000, 1200, 2000)
            for v, (c, tz, loc, model, rate, volume, months) in KPO_VENDORS.items()
        ],
    )
    sheet("criteria", ["criterion", "weight", "direction", "source", "evidence"], KPO_CRITERIA)
    rated = [c[0] for c in KPO_CRITERIA if c[3] == "scores"]
    sheet(
        "scores",
        ["evaluator", "vendor", "criterion", "score"],
        [
            (e, v, c, pair[k])
            for k, e in enumerate(KPO_EVALUATORS)
            for v, rows in KPO_SCORES.items()
            for c, pair in zip(rated, rows)
        ],
    )
    sheet(
        "needs",
        ["need_id", "need", "category", "priority", "criterion", "kpi", "target", "unit", "target_type", "checks"],
        KPO_NEEDS,
    )
    sheet("must_haves", ["vendor", "need_id", "met", "evidence"], KPO_MUST_HAVES)
    sheet(
        "sites",
        ["site", "owner", "tz", "start", "end", "workdays", "holiday_country", "holiday_subdivision"],
        KPO_SITES,
    )
    sheet(
        "Pilot Tickets",
        [
            "ticket_id",
            "vendor",
            "created_at",
            "week",
            "channel",
            "priority",
            "sla_target_min",
            "first_response_min",
            "sla_met",
            "handle_time_sec",
            "fcr",
            "escalated",
            "reopened",
        ],
        [],
    )
    # Replies during selection as Excel date-and-time cells, each in the zone of its row's tz.
    rng = np.random.default_rng(64)
    messages = []
    for vendor in KPO_VENDORS:
        for k in range(6):
            sent = dt.datetime(2026, 8, 3, 9, 0) + dt.timedelta(days=3 * k, minutes=int(rng.integers(0, 420)))
            reply = sent + dt.timedelta(minutes=int(rng.integers(30, 1500))) if k != 5 else None
            messages.append((vendor, "email", ["scope", "pricing", "method"][k % 3], sent, reply, "Pacific/Auckland"))
    sheet("communications", ["vendor", "channel", "topic", "sent_at", "replied_at", "tz"], messages)
    references = []
    for vendor in KPO_VENDORS:
        good = vendor.startswith("Adelaide")
        references += [
            (
                vendor,
                "Fonterra-like dairy co-op, Head of Insights",
                "dairy",
                True,
                True,
                5 if good else 3,
                5 if good else 3,
            ),
            (vendor, "Seed exporter, CEO", "agri-tech", True, True, 4 if good else 3, 4 if good else 2),
        ]
    sheet(
        "references",
        ["vendor", "reference", "industry", "same_industry", "checked", "deadlines", "hire_again"],
        references,
    )
    # The judgement settings: the weights the needs suggest, a contract from 4 January 2027 (a
    # real date cell), and a stricter cost rule (three times the cheapest scores 1).
    sheet("settings", ["weights_from", "contract_start", "cost_worst_at"], [("needs", dt.datetime(2027, 1, 4), 3)])
    book["settings"]["B2"].number_format = "dd/mm/yyyy"
    book.save(path)
    return path


if __name__ == "__main__":
    print(it_service_desk())
    print(kpo_research())
