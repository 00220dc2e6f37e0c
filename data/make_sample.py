"""Write the generated tables of the worked example: scores.csv, pilot_tickets.csv and
communications.csv.

The worked example is fictional: Brightwater Home Goods, a UK online retailer, chooses a
partner for customer support. The other tables of data/sample/ are written by hand; these three
are drawn from seeded generators so that they are large and realistic yet reproducible:

    python data/make_sample.py          # rewrites the three files

The story the numbers tell: Lisbon CX Partners and Manila Support Co run a close race;
Northgate is excellent but expensive; BudgetDesk misses two must-haves. In the four-week
pilot (week 1 is ramp-up) Lisbon resolves clearly more tickets at first contact and escalates
fewer, Manila answers faster on handle time, and SLA attainment and CSAT differ by noise.

The responsiveness log (August and September 2026, before the pilot) has its own story:
Lisbon answers steadily within the morning; Manila answers fast, into the London evening with
its night desk, but leaves questions on staff turnover and scope unanswered; Northgate is
polished in meetings yet takes about a working day per email; BudgetDesk is slow, evasive on
pricing, and gets slower as the selection goes on. A Friday-evening email to Lisbon answered on
Monday morning, a question to Manila on a Philippine holiday and one to Northgate before the
English bank holiday show why reply times are counted in the vendor's working hours.
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
    "Lisbon CX Partners": dict(
        industry_experience=4.3,
        communication=4.4,
        infrastructure_technology=3.8,
        culture_timezone=4.7,
        cost_transparency=3.9,
        references=4.4,
        service_quality=4.1,
    ),
    "Manila Support Co": dict(
        industry_experience=4.2,
        communication=3.9,
        infrastructure_technology=4.3,
        culture_timezone=3.4,
        cost_transparency=4.3,
        references=3.8,
        service_quality=3.8,
    ),
    "Northgate Contact Centre": dict(
        industry_experience=3.6,
        communication=4.6,
        infrastructure_technology=4.4,
        culture_timezone=4.9,
        cost_transparency=3.2,
        references=4.6,
        service_quality=4.5,
    ),
    "BudgetDesk Global": dict(
        industry_experience=2.6,
        communication=2.2,
        infrastructure_technology=2.4,
        culture_timezone=3.0,
        cost_transparency=1.8,
        references=1.4,
        service_quality=2.7,
    ),
}

COMMENTS = {
    (
        "Tom Reilly (IT Security)",
        "Manila Support Co",
        "infrastructure_technology",
    ): "SOC 2 report is thorough; failover tested",
    (
        "Aisha Khan (Head of Customer Experience)",
        "Manila Support Co",
        "communication",
    ): "Quick replies, but answers to our scope questions were generic",
    (
        "Marta Silva (Finance)",
        "BudgetDesk Global",
        "cost_transparency",
    ): "Low monthly fee, but transition and exit fees only appeared in the contract draft",
    (
        "Aisha Khan (Head of Customer Experience)",
        "Lisbon CX Partners",
        "service_quality",
    ): "Mystery-shop answers were warm and accurate",
}

# One deliberate disagreement worth a conversation before averaging.
OVERRIDES = {
    ("Tom Reilly (IT Security)", "Lisbon CX Partners", "infrastructure_technology"): (
        2,
        "Recovery site shares the same power grid as the main centre",
    ),
    ("Aisha Khan (Head of Customer Experience)", "Lisbon CX Partners", "infrastructure_technology"): (
        5,
        "Same ticketing tool as ours, integration ready",
    ),
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
    "Lisbon CX Partners": dict(
        tickets=1010,
        fcr=0.745,
        escalated=0.075,
        reopened=0.045,
        handle_median=415,
        response_factor=0.43,
        csat_mean=4.32,
        qa_mean=85.0,
    ),
    "Manila Support Co": dict(
        tickets=1040,
        fcr=0.690,
        escalated=0.110,
        reopened=0.055,
        handle_median=385,
        response_factor=0.43,
        csat_mean=4.27,
        qa_mean=83.5,
    ),
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
        frames.append(
            pd.DataFrame(
                {
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
                }
            )
        )
    return pd.concat(frames, ignore_index=True).sort_values("created_at", kind="stable")


# The responsiveness log. Its own generator: adding this table must not move the random
# stream that scores.csv and pilot_tickets.csv are drawn from.
COMMUNICATIONS_SEED = 20260803
SELECTION_START = pd.Timestamp("2026-08-03")  # a Monday; questions are sent for seven weeks
SELECTION_WEEKS = 7
LOG_END = pd.Timestamp("2026-09-25T18:00", tz="Europe/London")  # when the log was last updated
CLIENT_TZ = "Europe/London"

SUBJECTS = {
    "pricing": [
        "Which hours count as after-hours?",
        "Breakdown of the transition fee",
        "Is the minimum monthly fee negotiable?",
        "What does overtime cost at peak?",
        "Price indexation after year one",
        "What is not included in the quoted rate?",
    ],
    "scope": [
        "Can agents issue refunds up to GBP 50?",
        "Who answers social media messages?",
        "Peak-season staffing plan",
        "Are returns and exchanges in scope?",
    ],
    "security": [
        "Copy of the ISO 27001 certificate",
        "Where is customer data stored?",
        "Results of the last disaster-recovery test",
        "Access control for our ticketing tool",
    ],
    "staffing": [
        "Agent attrition over the last 12 months",
        "Training plan for new agents",
        "A named team lead for our account",
        "English test results of the agents",
    ],
    "transition": [
        "Knowledge-transfer timeline",
        "Integration with our ticketing tool",
        "Who runs the parallel-running weeks?",
    ],
    "contract": ["Notice period and exit assistance", "Service credits for missed SLAs", "Liability cap"],
    "reporting": ["Sample monthly KPI report", "Access to raw ticket data"],
}

# Per vendor: number of questions, topic mix, the median reply in the vendor's working minutes
# and its spread (lognormal sigma), how much slower it gets by the end of the selection, and
# the chance per topic that a question is never answered.
COMMUNICATIONS = {
    "Lisbon CX Partners": dict(
        messages=22,
        median_minutes=80,
        sigma=0.6,
        slowdown=1.0,
        topics={"pricing": 3, "scope": 3, "security": 2, "staffing": 2, "transition": 2, "contract": 1, "reporting": 1},
        unanswered={},
    ),
    "Manila Support Co": dict(
        messages=26,
        median_minutes=45,
        sigma=0.7,
        slowdown=1.0,
        topics={"pricing": 2, "scope": 3, "security": 2, "staffing": 3, "transition": 2, "contract": 1, "reporting": 1},
        unanswered={"staffing": 0.45, "scope": 0.2},
    ),
    "Northgate Contact Centre": dict(
        messages=18,
        median_minutes=560,
        sigma=0.45,
        slowdown=1.0,
        topics={"pricing": 3, "scope": 2, "security": 1, "staffing": 1, "transition": 2, "contract": 2, "reporting": 1},
        unanswered={"pricing": 0.1},
    ),
    "BudgetDesk Global": dict(
        messages=20,
        median_minutes=240,
        sigma=0.6,
        slowdown=4.0,
        topics={"pricing": 5, "scope": 2, "security": 2, "staffing": 1, "transition": 1, "contract": 2, "reporting": 1},
        unanswered={"pricing": 0.55, "contract": 0.3, "security": 0.15},
    ),
}
PRICING_SLOWER = {"BudgetDesk Global": 3.0}  # pricing questions take this many times longer

# Hand-placed questions that show the working-hours arithmetic (sent and replied in London time).
SHOWCASE = [
    (
        "Lisbon CX Partners",
        "email",
        "scope",
        "Can the team cover our Saturday sale?",
        "2026-08-21T20:35",
        "2026-08-24T09:12",
    ),  # Friday evening, answered Monday morning
    (
        "Manila Support Co",
        "email",
        "transition",
        "Can you start knowledge transfer on 5 October?",
        "2026-08-21T09:30",
        "2026-08-24T08:20",
    ),  # sent on Ninoy Aquino Day, a Philippine holiday
    (
        "Northgate Contact Centre",
        "email",
        "contract",
        "Redlines on the draft master agreement",
        "2026-08-28T17:10",
        "2026-09-01T11:40",
    ),  # the English bank holiday Monday in between
]


def _work_intervals(vendor: str) -> tuple[np.ndarray, np.ndarray]:
    """The vendor's working time (all its sites together) as sorted UTC second intervals."""
    from helpers import timezones

    table = pd.read_csv(SAMPLE / "sites.csv", dtype=str, keep_default_na=False).replace("", None)
    sites = [s for s in timezones.sites_from_table(table, [2026]) if s.owner == vendor]
    pieces = [timezones.shifts(site, "2026-07-27", "2026-10-31") for site in sites]
    spans = pd.concat(pieces).sort_values("start_utc")
    epoch = pd.Timestamp(0, tz="UTC")
    starts = ((spans["start_utc"] - epoch) // pd.Timedelta(seconds=1)).to_numpy()
    ends = ((spans["end_utc"] - epoch) // pd.Timedelta(seconds=1)).to_numpy()
    merged_starts, merged_ends = [starts[0]], [ends[0]]
    for start, end in zip(starts[1:], ends[1:]):
        if start <= merged_ends[-1]:
            merged_ends[-1] = max(merged_ends[-1], end)
        else:
            merged_starts.append(start)
            merged_ends.append(end)
    return np.array(merged_starts), np.array(merged_ends)


def _after_working_minutes(intervals, sent: int, minutes: float) -> int:
    """The instant (UTC seconds) at which ``minutes`` of working time have passed since ``sent``."""
    left = minutes * 60
    for start, end in zip(*intervals):
        if end <= sent:
            continue
        start = max(start, sent)
        if end - start >= left:
            return int(start + left)
        left -= end - start
    raise ValueError("reply falls after the working calendar generated")


def _stamp(seconds: int, tz: str) -> str:
    local = pd.Timestamp(seconds, unit="s", tz="UTC").tz_convert(tz)
    offset = int(local.utcoffset().total_seconds()) // 60
    sign = "+" if offset >= 0 else "-"
    return f"{local:%Y-%m-%dT%H:%M}{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


def make_communications(rng: np.random.Generator) -> pd.DataFrame:
    vendor_tz = pd.read_csv(SAMPLE / "vendors.csv").set_index("vendor")["tz"]
    log_end = int(LOG_END.timestamp())
    rows = []
    for vendor, p in COMMUNICATIONS.items():
        intervals = _work_intervals(vendor)
        topics = [t for t, k in p["topics"].items() for _ in range(k)]
        n = p["messages"]
        # Questions go out on London weekdays, mostly in office hours, a few in the evening.
        day = rng.integers(0, SELECTION_WEEKS * 5, n)
        day = SELECTION_START + pd.to_timedelta((day // 5) * 7 + day % 5, unit="D")
        minute = np.where(rng.random(n) < 0.15, rng.integers(18 * 60, 21 * 60, n), rng.integers(9 * 60, 18 * 60, n))
        sent_local = (day + pd.to_timedelta(minute, unit="min")).tz_localize(CLIENT_TZ)
        sent_local = sent_local.sort_values()
        elapsed = (sent_local - sent_local[0]) / pd.Timedelta(hours=1)
        progress = np.asarray(elapsed / max(1.0, elapsed.max()))
        topic = rng.choice(topics, n)
        delay = p["median_minutes"] * rng.lognormal(0, p["sigma"], n) * (1 + (p["slowdown"] - 1) * progress)
        delay *= np.where(topic == "pricing", PRICING_SLOWER.get(vendor, 1.0), 1.0)
        never = rng.random(n) < np.array([p["unanswered"].get(t, 0.0) for t in topic])
        channel = rng.choice(["email", "portal", "chat", "phone"], n, p=[0.75, 0.1, 0.1, 0.05])
        subject_pick = rng.random(n)
        for i in range(n):
            sent = int(sent_local[i].timestamp())
            subjects = SUBJECTS[topic[i]]
            replied = None if never[i] else _after_working_minutes(intervals, sent, max(2.0, delay[i]))
            if replied is not None:
                replied = -(-replied // 60) * 60  # whole minutes, rounded up
            rows.append(
                {
                    "vendor": vendor,
                    "channel": channel[i],
                    "topic": topic[i],
                    "subject": subjects[int(subject_pick[i] * len(subjects))],
                    "sent_at": _stamp(sent, CLIENT_TZ),
                    "replied_at": "" if replied is None or replied > log_end else _stamp(replied, vendor_tz[vendor]),
                    "tz": "",
                }
            )
    for vendor, channel, topic, subject, sent, replied in SHOWCASE:
        sent_s = int(pd.Timestamp(sent, tz=CLIENT_TZ).timestamp())
        replied_s = int(pd.Timestamp(replied, tz=CLIENT_TZ).timestamp())
        rows.append(
            {
                "vendor": vendor,
                "channel": channel,
                "topic": topic,
                "subject": subject,
                "sent_at": _stamp(sent_s, CLIENT_TZ),
                "replied_at": _stamp(replied_s, vendor_tz[vendor]),
                "tz": "",
            }
        )
    frame = pd.DataFrame(rows)
    frame["order"] = pd.to_datetime(frame["sent_at"], utc=True, format="ISO8601")
    vendor_order = {v: i for i, v in enumerate(COMMUNICATIONS)}
    frame = frame.sort_values(["order"], kind="stable").sort_values(
        "vendor", key=lambda s: s.map(vendor_order), kind="stable"
    )
    return frame.drop(columns="order")


def main() -> None:
    rng = np.random.default_rng(SEED)
    make_scores(rng).to_csv(SAMPLE / "scores.csv", index=False)
    make_pilot(rng).to_csv(SAMPLE / "pilot_tickets.csv", index=False)
    make_communications(np.random.default_rng(COMMUNICATIONS_SEED)).to_csv(SAMPLE / "communications.csv", index=False)
    print(f"wrote {SAMPLE / 'scores.csv'}, {SAMPLE / 'pilot_tickets.csv'} and {SAMPLE / 'communications.csv'}")


if __name__ == "__main__":
    main()
