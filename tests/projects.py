"""Random valid projects: the workbook proven on projects nobody tuned for (issue 14, §4).

``generate(seed, **forced)`` draws a project from a numpy ``Generator`` seeded with ``seed``:
1-12 vendors, 1-6 evaluators, a pilot of 0, 1, 2 or 3+ vendors, every optional table present
or absent, zones from the whole IANA list of the pinned tzdata (half-hour, 45-minute and
southern-hemisphere ones more often than chance would give them), night shifts, Sun-Thu
weeks, must-haves that knock out none, some or all vendors, one currency, criteria with and
without evidence links, needs with and without ``checks = overlap_hours``. ``forced`` sets any
field of ``Choices`` (``generate(3, n_piloted=0, knock_outs="all")``); the rest is drawn.

``Generated.write(folder)`` writes it as a folder of CSV files (comma or semicolon) or as one
.xlsx workbook with real Excel time, number and yes/no cells, as ``Choices.form`` says.
Every generated project passes ``python -m helpers validate``.

``Generated.facts`` are what the report must state, computed here from the generator's own
draws (who is knocked out and on which need, who was piloted, ...), never from the helpers.
``report_problems(report_dir, facts)`` lists the statements of a built report that are
missing or false for the project (empty when the report is true for it); the property test
(tests/test_generated_projects.py) and the sweep (scripts/sweep.py) both use it.

Adding an optional table: write a builder ``def _my_table(draft) -> pd.DataFrame`` (cells as
Python values: str, int, float, bool, datetime.time, or None for empty) and add it to
``OPTIONAL_TABLES``; ``Choices.tables`` then draws it present or absent like the others.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

import helpers  # noqa: F401  (pins the zone rules to the tzdata package before any zone is read)
from helpers.schema import CRITERION_EVIDENCE, PILOT_KPIS, REFERENCE_QUESTIONS, TABLES
from tests.conftest import page_text

# --------------------------------------------------------------------------------------------
# Pools the draws come from
# --------------------------------------------------------------------------------------------

ALL_ZONES = tuple(sorted(zoneinfo.available_timezones()))
# Zones the overlap arithmetic finds hardest, drawn more often than their share of the list:
# half-hour and 45-minute offsets, southern-hemisphere summer time, the date line, Morocco.
HARD_ZONES = (
    "Asia/Kolkata",
    "Asia/Tehran",
    "Australia/Adelaide",
    "Australia/Darwin",
    "America/St_Johns",
    "Asia/Kabul",
    "Asia/Yangon",
    "Australia/Lord_Howe",
    "Pacific/Marquesas",
    "Asia/Kathmandu",
    "Australia/Eucla",
    "Pacific/Chatham",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Santiago",
    "America/Sao_Paulo",
    "Africa/Johannesburg",
    "America/Asuncion",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Africa/Casablanca",
    "Etc/GMT+12",
    "Etc/GMT-14",
)
# Countries for vendors (any ISO code; some have no holiday calendar in the `holidays` package).
COUNTRIES = (
    "PT",
    "PH",
    "IN",
    "GB",
    "US",
    "BR",
    "ZA",
    "KE",
    "EG",
    "PL",
    "RO",
    "MX",
    "CO",
    "AR",
    "VN",
    "NP",
    "LK",
    "AU",
    "NZ",
    "JP",
    "IL",
    "AE",
    "SA",
    "MA",
    "UA",
    "CN",
    "TW",
    "AQ",
    "XK",
)
# (country, subdivision or None) for sites' public holidays; every pair is known to `holidays`.
HOLIDAY_CALENDARS = (
    ("GB", "ENG"),
    ("GB", "SCT"),
    ("PH", None),
    ("IN", None),
    ("PT", None),
    ("US", "NY"),
    ("AU", "SA"),
    ("AU", "NSW"),
    ("NZ", None),
    ("IL", None),
    ("AE", None),
    ("SA", None),
    ("ZA", None),
    ("BR", "SP"),
    ("CL", None),
    ("NP", None),
    ("EG", None),
    ("DE", "BY"),
    ("JP", None),
    ("MA", None),
    ("CA", "NL"),
    ("MX", None),
    ("KE", None),
    ("IR", None),
)
CURRENCIES = {
    "EUR": 1,
    "USD": 1.1,
    "GBP": 0.85,
    "INR": 90,
    "JPY": 160,
    "ZAR": 20,
    "BRL": 6,
    "AUD": 1.6,
    "CHF": 0.95,
    "MXN": 19,
    "ILS": 4,
    "AED": 4,
}
PLACES = (
    "Accra",
    "Bogotá",
    "Cluj",
    "Kraków",
    "Dakar",
    "Tbilisi",
    "Da Nang",
    "Cebu",
    "Durban",
    "Kigali",
    "Montevideo",
    "Penang",
    "Colombo",
    "Wrocław",
    "Lagos",
    "Tallinn",
    "Chennai",
    "Medellín",
    "Sofia",
    "Gdańsk",
    "Hanoi",
    "Nairobi",
    "Pokhara",
    "Recife",
    "Auckland",
    "Hobart",
    "Tunis",
    "Québec",
    "Ōsaka",
    "Zürich",
    "São Luís",
    "Mumbai",
    "Jeddah",
    "Haifa",
    "Fès",
    "İzmir",
)
KINDS = (
    "Support",
    "Contact Centre",
    "Helpdesk",
    "BPO",
    "Back Office",
    "Service Desk",
    "Research",
    "Data Services",
    "Customer Care",
    "Analytics",
)
FORMS = ("Ltd", "S.A.", "GmbH", "Pvt Ltd", "& Partners", "Group", "Co.", "LLC", "Sp. z o.o.", "", "Pty Ltd")
FIRST = (
    "Amara",
    "Bongani",
    "Chen",
    "Dilnoza",
    "Eitan",
    "Farah",
    "Gustavo",
    "Hana",
    "Ilse",
    "Jun",
    "Kwame",
    "Lucía",
    "Mateus",
    "Nguyễn",
    "Olek",
    "Priya",
    "Quentin",
    "Rania",
    "Søren",
    "Tomás",
)
LAST = ("Okafor", "Li", "Kowalska", "Mendes", "Haddad", "Sato", "Fernández", "Ivanova", "Mensah", "Rao")
ROLES = ("Head of Operations", "IT Security", "Finance", "Procurement", "Customer Experience", "Legal")
CRITERIA = (
    "Quality of service",
    "Security, privacy & compliance",
    "Communication & responsiveness",
    "Industry experience",
    "References",
    "Technology & tooling",
    "Scalability, peaks & seasonality",
    "Culture fit",
    "Cost transparency",
    "Language skills (EN, ES & PT)",
    "Reporting & analytics",
    "Transition plan",
    "Continuity & disaster recovery",
    "Innovation",
)
COST_CRITERIA = ("yearly cost", "Total cost of ownership, per year", "Cost & fees")
MUST_NEEDS = (
    "Signed data processing agreement",
    "ISO 27001 or SOC 2 Type II certificate",
    "Agents fluent in the client's language",
    "Business continuity plan tested this year",
    "Background checks for every agent",
    "Data stays in the client's region",
    "Named account manager",
    "24/7 cover for urgent tickets",
)
CHANNELS = ("email", "chat", "phone")
PRIORITIES = {"low": 480, "normal": 240, "high": 60, "urgent": 15}
YES = ("yes", "Yes", "y", "true", "1", "x", "YES")
NO = ("no", "No", "n", "false", "0", "NO")
WORKDAYS = ("Mon-Fri", "Mon-Fri", "Sun-Thu", "Mon-Sat", "Mon,Wed,Fri", "Tue-Sat", "Sat-Wed")
# Names of the worked example: a generated project's report that shows one told a story of data/sample.
SAMPLE_WORDS = (
    "Lisbon CX",
    "Manila Support",
    "Northgate",
    "BudgetDesk",
    "London HQ",
    "Aisha Khan",
    "Tom Reilly",
    "Leeds centre",
    "Pune centre",
)
PILOT_START = dt.datetime(2026, 9, 7, tzinfo=dt.timezone.utc)  # a Monday
CONTRACT_START = dt.date(2027, 1, 4)  # notebook 05's contract_start


# --------------------------------------------------------------------------------------------
# What is drawn
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    """The shape of a project; every field may be forced through ``generate(seed, **forced)``.

    form        "csv" (comma), "csv;" (semicolon, decimal comma) or "xlsx" (one workbook)
    tables      the optional tables present (a subset of ``OPTIONAL_TABLES``)
    knock_outs  "none", "some" or "all" vendors fail a must-have (needs must_haves for none/some
                when there are musts: without the table every vendor with a must need is out)
    n_musts     must-have needs (besides the overlap need when it is a must)
    n_piloted   vendors in the pilot (0 = no pilot_tickets rows)
    overlap     "need" (a need has checks = overlap_hours), "functions" (only
                functions.live_overlap_hours) or "none"
    score_gaps  evaluators leave some vendor x criterion cells unscored
    """

    n_vendors: int
    n_evaluators: int
    n_criteria: int
    tco: bool
    n_musts: int
    knock_outs: str
    n_piloted: int
    tables: frozenset[str]
    overlap: str
    form: str
    score_gaps: bool
    empty_tables_written: bool  # absent optional tables written as header-only files/sheets
    # A piloted vendor whose tickets are all in the ramp-up week 1 (left out of comparisons;
    # notebook 03 and decide() used to stop on it: seed 115 of the first sweep).
    ramp_up_only: bool = False


def draw_choices(rng: np.random.Generator, **forced) -> Choices:
    """Draw a ``Choices`` (the ``forced`` fields as given), then make it consistent."""
    n_vendors = forced.get("n_vendors", int(rng.integers(1, 13)))
    tables = frozenset(forced.get("tables", (t for t in OPTIONAL_TABLES if rng.random() < 0.7)))
    drawn = int(rng.choice([1, 2, 2, 3, 4, 5])) if "pilot_tickets" in tables else 0
    n_piloted = min(forced.get("n_piloted", drawn), n_vendors)
    tables = (tables | {"pilot_tickets"}) if n_piloted else (tables - {"pilot_tickets"})
    knock_outs = forced.get("knock_outs", str(rng.choice(["none", "some", "some", "all"])))
    if knock_outs == "some" and n_vendors < 2:
        knock_outs = "none"
    n_musts = forced.get("n_musts", int(rng.integers(0, 5)))
    if knock_outs != "none":
        n_musts = max(n_musts, 1)
    if n_musts and knock_outs != "all":
        tables |= {"must_haves"}  # without it every vendor would be out
    choices = Choices(
        n_vendors=n_vendors,
        n_evaluators=int(rng.integers(1, 7)),
        n_criteria=int(rng.integers(1, 9)),
        tco=bool(rng.random() < 0.8),
        n_musts=n_musts,
        knock_outs=knock_outs,
        n_piloted=n_piloted,
        tables=frozenset(tables),
        overlap=str(rng.choice(["need", "need", "functions", "none"])),
        form=str(rng.choice(["csv", "csv", "csv;", "xlsx"])),
        score_gaps=bool(rng.random() < 0.25),
        empty_tables_written=bool(rng.random() < 0.3),
        ramp_up_only=bool(n_piloted and rng.random() < 0.15),
    )
    return replace(
        choices,
        **{
            k: v
            for k, v in forced.items()
            if k in {f.name for f in fields(Choices)}
            and k not in ("n_vendors", "tables", "n_piloted", "knock_outs", "n_musts")
        },
    )


@dataclass
class Facts:
    """What the report must state, from the generator's own draws."""

    vendors: list[str]
    evaluators: list[str]
    currency: str
    knocked_out: dict[str, list[str]]  # vendor -> the must need ids it fails
    piloted: list[str]
    must_needs: dict[str, str]  # need_id -> need text
    has_sites: bool
    settings: dict = field(default_factory=dict)  # the settings filled in, as the report shows them
    flag_blocked: list[str] = field(default_factory=list)  # in the race with an open red flag that blocks it

    @property
    def in_race(self) -> list[str]:
        return [v for v in self.vendors if v not in self.knocked_out]


@dataclass
class Draft:
    """What the builders share while a project is drawn."""

    rng: np.random.Generator
    choices: Choices
    vendors: pd.DataFrame = field(default_factory=pd.DataFrame)
    criteria: pd.DataFrame = field(default_factory=pd.DataFrame)
    needs: pd.DataFrame = field(default_factory=pd.DataFrame)
    evaluators: list[str] = field(default_factory=list)
    currency: str = "EUR"
    knocked_out: dict[str, list[str]] = field(default_factory=dict)
    piloted: list[str] = field(default_factory=list)

    def pick(self, pool, size=None, replace=False):
        """One item of ``pool`` (or ``size`` of them), as plain Python values."""
        pool = list(pool)
        if size is None:
            return pool[int(self.rng.integers(len(pool)))]
        return [pool[i] for i in self.rng.choice(len(pool), size=size, replace=replace)]

    def zone(self) -> str:
        return self.pick(HARD_ZONES) if self.rng.random() < 0.35 else self.pick(ALL_ZONES)

    def yes_no(self, value: bool) -> str | bool:
        if self.choices.form == "xlsx" and self.rng.random() < 0.5:
            return bool(value)  # a real TRUE/FALSE cell
        return self.pick(YES if value else NO)

    def maybe(self, value, p: float = 0.5):
        return value if self.rng.random() < p else None


@dataclass
class Generated:
    seed: int
    choices: Choices
    tables: dict[str, pd.DataFrame]  # every table present, cells as Python values
    facts: Facts

    def write(self, target: Path) -> Path:
        """Write the project to ``target`` (a folder; an .xlsx form writes ``target/project.xlsx``).
        Returns the path to validate and report on."""
        target = Path(target)
        target.mkdir(parents=True, exist_ok=True)
        tables = dict(self.tables)
        if self.choices.empty_tables_written:
            for name in OPTIONAL_TABLES:
                tables.setdefault(name, pd.DataFrame(columns=TABLES[name].column_names))
        if self.choices.form == "xlsx":
            return _write_workbook(tables, target / "project.xlsx")
        sep = ";" if self.choices.form == "csv;" else ","
        for name, frame in tables.items():
            _text_frame(frame, name, decimal_comma=sep == ";").to_csv(target / f"{name}.csv", sep=sep, index=False)
        return target

    def describe(self) -> str:
        c, f = self.choices, self.facts
        absent = sorted(set(OPTIONAL_TABLES) - c.tables)
        return (
            f"seed {self.seed}: {c.form}, {c.n_vendors} vendors, {c.n_evaluators} evaluators, "
            f"{len(f.knocked_out)} knocked out, {len(f.piloted)} piloted, overlap {c.overlap}, "
            f"without {', '.join(absent) or 'nothing'}"
        )


# --------------------------------------------------------------------------------------------
# The required tables
# --------------------------------------------------------------------------------------------


def _vendor_names(draft: Draft, n: int) -> list[str]:
    """``n`` distinct names, none contained in another (a report check looks for each)."""
    names: list[str] = []
    places = draft.pick(PLACES, size=n)
    for place in places:
        name = f"{place} {draft.pick(KINDS)} {draft.pick(FORMS)}".strip()
        if draft.rng.random() < 0.15:
            first, second = draft.pick(KINDS, size=2)
            name = f"{place}, {first} & {second}"
        names.append(name)
    return names


def _vendors(draft: Draft) -> pd.DataFrame:
    rng, scale = draft.rng, CURRENCIES[draft.currency]
    rows = []
    for name in _vendor_names(draft, draft.choices.n_vendors):
        model = draft.pick(["hourly", "per_ticket", "fixed_monthly"])
        rate, volume = {
            "hourly": (rng.uniform(8, 60), rng.integers(100, 5000) * (rng.random() > 0.05)),
            "per_ticket": (rng.uniform(0.8, 12), rng.integers(300, 20000)),
            "fixed_monthly": (rng.uniform(3000, 90000), 0),
        }[model]
        rows.append(
            {
                "vendor": name,
                "country": draft.pick(COUNTRIES),
                "tz": draft.zone(),
                "location_model": draft.pick(["onshore", "nearshore", "offshore", "hybrid"]),
                "pricing_model": model,
                "rate": round(float(rate) * scale, 2),
                "currency": draft.currency,
                "monthly_volume": int(volume),
                "contract_months": int(draft.pick([6, 12, 18, 24, 36, 60])),
                "transition_cost": draft.maybe(int(rng.integers(0, 60000) * scale), 0.7),
                "after_hours_share_pct": draft.maybe(int(rng.integers(0, 60))),
                "after_hours_premium_pct": draft.maybe(int(rng.integers(0, 80))),
                "overtime_share_pct": draft.maybe(int(rng.integers(0, 20))),
                "overtime_premium_pct": draft.maybe(int(rng.integers(0, 100))),
                "governance_cost_month": draft.maybe(int(rng.integers(0, 5000) * scale)),
                "minimum_monthly_fee": draft.maybe(int(rng.integers(0, 30000) * scale), 0.3),
                "exit_cost": draft.maybe(int(rng.integers(0, 30000) * scale)),
                "notes": draft.maybe(f'Quote of {draft.pick(["May", "June", "July"])} 2026; "best & final"'),
            }
        )
    return pd.DataFrame(rows)


def _criteria(draft: Draft) -> pd.DataFrame:
    rng, c = draft.rng, draft.choices
    names = draft.pick(CRITERIA, size=c.n_criteria)
    weights = [int(w) for w in rng.integers(0, 30, size=len(names))]
    if not any(weights):
        weights[0] = 10
    evidence = [None] * len(names)
    for kind in CRITERION_EVIDENCE:  # each link on at most one criterion, some on none
        free = [i for i, e in enumerate(evidence) if e is None]
        if free and rng.random() < 0.5:
            evidence[draft.pick(free)] = kind
    rows = [
        {
            "criterion": n,
            "weight": w,
            "direction": "benefit",
            "source": "scores",
            "description": draft.maybe(f"How the vendor does on {n.lower()}"),
            "scale_1": draft.maybe("Poor"),
            "scale_5": draft.maybe("Excellent, with proof"),
            "evidence": e,
        }
        for n, w, e in zip(names, weights, evidence)
    ]
    if c.tco:
        rows.append(
            {
                "criterion": draft.pick(COST_CRITERIA),
                "weight": int(rng.integers(5, 40)),
                "direction": "cost",
                "source": "tco",
                "description": "Yearly cost, hidden items included",
                "scale_1": None,
                "scale_5": None,
                "evidence": None,
            }
        )
    return pd.DataFrame(rows)


def _needs(draft: Draft) -> pd.DataFrame:
    rng, c = draft.rng, draft.choices
    scored = list(draft.criteria.loc[draft.criteria["source"] == "scores", "criterion"])
    rows = []
    for text in draft.pick(MUST_NEEDS, size=c.n_musts):
        rows.append(
            {
                "need": text,
                "category": "compliance",
                "priority": "must",
                "kpi": draft.maybe("yes/no"),
                "target": draft.maybe(1),
                "unit": None,
                "target_type": None,
                "measured_by": draft.maybe("document review"),
            }
        )
    for kpi in draft.pick(PILOT_KPIS, size=int(rng.integers(0, 4))):
        target, unit, kind = {
            "handle_time": (420, "seconds", "max"),
            "first_response": (60, "minutes", "max"),
            "csat": (4.2, "points", "min"),
            "qa": (85, "points", "min"),
        }.get(kpi, (80, "%", "min"))
        rows.append(
            {
                "need": f"Pilot {kpi} on target",
                "category": "service quality",
                "priority": draft.pick(["should", "could"]),
                "criterion": draft.pick(scored),
                "kpi": kpi,
                "target": target,
                "unit": unit,
                "target_type": kind,
                "measured_by": "pilot tickets",
                "pilot_kpi": kpi,
                "min_important_difference": draft.maybe(float(draft.pick([1, 2, 3, 30]))),
                "weight": draft.maybe(int(rng.integers(1, 10)), 0.2),
            }
        )
    for _ in range(int(rng.integers(0, 3))):
        rows.append(
            {
                "need": f"Good {draft.pick(scored).lower()}",
                "category": "quality",
                "priority": draft.pick(["should", "could"]),
                "criterion": draft.pick(scored),
            }
        )
    if c.overlap == "need":
        rows.append(
            {
                "need": "Live overlap with our team, every working day",
                "category": "collaboration",
                "priority": draft.pick(["must", "should"]),
                "kpi": "overlap hours per working day",
                "target": float(draft.pick([0, 0.5, 1, 1.5, 2, 3, 4, 6])),
                "unit": draft.pick(["hours", "h", "hour", None]),
                "target_type": "min",
                "checks": "overlap_hours",
            }
        )
    if not rows:
        rows.append({"need": "A partner we can grow with", "category": "strategy", "priority": "could"})
    frame = pd.DataFrame(rows, columns=TABLES["needs"].column_names)
    frame["need_id"] = [f"R-{k + 1:02d}" for k in range(len(frame))]
    return frame.astype(object).where(frame.notna(), None)


def _scores(draft: Draft) -> pd.DataFrame:
    rng, c = draft.rng, draft.choices
    scored = list(draft.criteria.loc[draft.criteria["source"] == "scores", "criterion"])
    quality = {v: rng.normal(3, 0.8) for v in draft.vendors["vendor"]}
    rows = []
    for evaluator in draft.evaluators:
        for vendor in draft.vendors["vendor"]:
            for criterion in scored:
                if c.score_gaps and rng.random() < 0.2:
                    continue
                score = int(np.clip(round(quality[vendor] + rng.normal(0, 0.9)), 1, 5))
                rows.append(
                    {
                        "evaluator": evaluator,
                        "vendor": vendor,
                        "criterion": criterion,
                        "score": score,
                        "comment": draft.maybe("Seen in the demo, 3 June", 0.1),
                    }
                )
    frame = pd.DataFrame(rows, columns=TABLES["scores"].column_names)
    for criterion in scored:  # validate: every scored criterion has a score
        if not (frame["criterion"] == criterion).any():
            frame.loc[len(frame)] = [draft.evaluators[0], draft.vendors["vendor"].iloc[0], criterion, 3, None]
    return frame


# --------------------------------------------------------------------------------------------
# The optional tables: one builder each (add a table: one function and one entry below)
# --------------------------------------------------------------------------------------------


def _functions(draft: Draft) -> pd.DataFrame:
    rng = draft.rng
    rows = []
    for k in range(int(rng.integers(1, 7))):
        rows.append(
            {
                "function": f"Function {k + 1}: {draft.pick(KINDS).lower()}",
                "description": draft.maybe("Work we may hand over"),
                "strategic_importance": int(rng.integers(1, 6)),
                "time_drain_hours_week": int(rng.integers(0, 200)),
                "mission_critical": draft.yes_no(rng.random() < 0.3),
                "unique_value": draft.yes_no(rng.random() < 0.2),
                "measurable": draft.yes_no(rng.random() < 0.7),
                "sensitive_data": draft.yes_no(rng.random() < 0.5),
                "volume_swing": draft.pick(["low", "medium", "high"]),
                "type": draft.pick(["BPO", "ITO", "KPO"]),
                "live_overlap_hours": (
                    float(draft.pick([0, 1, 2, 3.5, 5]))
                    if draft.choices.overlap == "functions" or rng.random() < 0.3
                    else None
                ),
            }
        )
    if draft.choices.overlap == "functions" and all(r["live_overlap_hours"] is None for r in rows):
        rows[0]["live_overlap_hours"] = 2.0
    return pd.DataFrame(rows)


def _must_haves(draft: Draft) -> pd.DataFrame:
    rng, c = draft.rng, draft.choices
    musts = list(draft.needs.loc[draft.needs["priority"] == "must", "need_id"])
    vendors = list(draft.vendors["vendor"])
    if c.knock_outs == "all":
        out = set(vendors)
    elif c.knock_outs == "some":
        out = set(draft.pick(vendors, size=int(rng.integers(1, len(vendors)))))
    else:
        out = set()
    rows = []
    for vendor in vendors:
        failed = draft.pick(musts, size=int(rng.integers(1, len(musts) + 1))) if vendor in out and musts else []
        for need_id in musts:
            if need_id in failed and rng.random() < 0.2:
                continue  # no row: a must-have without a row counts as not met
            rows.append(
                {
                    "vendor": vendor,
                    "need_id": need_id,
                    "met": draft.yes_no(need_id not in failed),
                    "evidence": draft.maybe(
                        "Certificate seen; valid to 2028"
                        if need_id not in failed
                        else "Not provided, despite two reminders"
                    ),
                }
            )
    for need_id in draft.needs.loc[draft.needs["priority"] != "must", "need_id"][:1]:
        rows.append({"vendor": vendors[0], "need_id": need_id, "met": draft.yes_no(False), "evidence": "ignored"})
    return pd.DataFrame(rows, columns=TABLES["must_haves"].column_names)


def _red_flags(draft: Draft) -> pd.DataFrame:
    rows = [
        {
            "vendor": v,
            "flag": draft.pick(["pressure to sign", "vague pricing", "key staff leaving"]),
            "severity": draft.pick(["low", "medium", "high"]),
            "status": draft.pick(["open", "resolved"]),
            "note": draft.maybe("Raised at the second meeting"),
        }
        for v in draft.vendors["vendor"]
        for _ in range(int(draft.rng.integers(0, 3)))
    ]
    if not rows:
        rows.append(
            {
                "vendor": draft.vendors["vendor"].iloc[0],
                "flag": "slow contract review",
                "severity": "low",
                "status": "open",
                "note": None,
            }
        )
    return pd.DataFrame(rows, columns=TABLES["red_flags"].column_names)


def _references(draft: Draft) -> pd.DataFrame:
    rng = draft.rng
    rows = []
    for vendor in draft.vendors["vendor"]:
        for k in range(int(rng.integers(0, 4))):
            checked = rng.random() < 0.75
            row = {
                "vendor": vendor,
                "reference": f"Client {k + 1}, {draft.pick(ROLES)}",
                "industry": draft.maybe(draft.pick(["retail", "banking", "health", "travel"])),
                "same_industry": draft.yes_no(rng.random() < 0.5),
                "similar_scope": draft.maybe(draft.yes_no(True)),
                "relationship": draft.maybe(draft.pick(["current", "former"])),
                "checked": draft.yes_no(checked),
            }
            for question in REFERENCE_QUESTIONS:
                if checked and rng.random() < 0.85:
                    row[question] = int(rng.integers(1, 6))
                    row[f"{question}_comment"] = draft.maybe("Said so plainly", 0.3)
            row["notes"] = draft.maybe("Called in August")
            rows.append(row)
    if not rows:
        rows.append(
            {
                "vendor": draft.vendors["vendor"].iloc[0],
                "reference": "Client 1, CFO",
                "same_industry": draft.yes_no(False),
                "checked": draft.yes_no(False),
            }
        )
    return pd.DataFrame(rows, columns=TABLES["references"].column_names)


def _communications(draft: Draft) -> pd.DataFrame:
    rng = draft.rng
    start = dt.datetime(2026, 8, 3, tzinfo=dt.timezone.utc)
    rows = []
    for vendor, tz in zip(draft.vendors["vendor"], draft.vendors["tz"]):
        zone = zoneinfo.ZoneInfo(tz)
        for _ in range(int(rng.integers(0, 12))):
            sent = start + dt.timedelta(minutes=int(rng.integers(0, 40 * 24 * 60)))
            replied = (sent + dt.timedelta(minutes=int(rng.lognormal(5, 1.2)))) if rng.random() < 0.85 else None
            row = {
                "vendor": vendor,
                "channel": draft.pick(["email", "chat", "phone", "portal", "other"]),
                "topic": draft.pick(["pricing", "scope", "security", "staffing"]),
                "subject": draft.maybe("Question; with a semicolon, and a comma"),
            }
            if rng.random() < 0.4:  # local times without an offset, zone in the row's tz column
                row["tz"] = tz
                row["sent_at"] = sent.astimezone(zone).replace(tzinfo=None).isoformat(timespec="minutes")
                if replied is not None:
                    row["replied_at"] = replied.astimezone(zone).replace(tzinfo=None).isoformat(timespec="minutes")
            else:
                row["sent_at"] = sent.isoformat(timespec="minutes").replace("+00:00", "Z")
                if replied is not None:
                    row["replied_at"] = replied.astimezone(zone).isoformat(timespec="minutes")
            rows.append(row)
    if not rows:
        rows.append(
            {
                "vendor": draft.vendors["vendor"].iloc[0],
                "channel": "email",
                "topic": "pricing",
                "sent_at": "2026-08-04T10:00Z",
            }
        )
    return pd.DataFrame(rows, columns=TABLES["communications"].column_names)


def _pilot_tickets(draft: Draft) -> pd.DataFrame:
    rng = draft.rng
    weeks = int(rng.integers(2, 7))
    rows = []
    for vendor in draft.piloted:
        fcr, esc = rng.uniform(0.5, 0.9), rng.uniform(0.02, 0.3)
        # Some vendors hand in only a handful of tickets (at least one after the ramp-up week 1).
        size = int(rng.integers(40, 160)) if rng.random() < 0.85 else int(rng.integers(1, 6))
        last_week = 1 if draft.choices.ramp_up_only and vendor == draft.piloted[0] else weeks
        for k in range(size):
            week = int(rng.integers(1, last_week + 1)) if k or last_week == 1 else int(rng.integers(2, weeks + 1))
            created = PILOT_START + dt.timedelta(weeks=week - 1, minutes=int(rng.integers(0, 5 * 24 * 60)))
            priority = draft.pick(PRIORITIES)
            first = round(float(rng.lognormal(np.log(PRIORITIES[priority] / 3), 0.9)), 1)
            rows.append(
                {
                    "vendor": vendor,
                    "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "week": week,
                    "channel": draft.pick(CHANNELS),
                    "priority": priority,
                    "sla_target_min": PRIORITIES[priority],
                    "first_response_min": first,
                    "sla_met": int(first <= PRIORITIES[priority]),
                    "handle_time_sec": int(rng.lognormal(6, 0.5)),
                    "fcr": int(rng.random() < fcr),
                    "escalated": int(rng.random() < esc),
                    "reopened": int(rng.random() < 0.05),
                    "csat": int(rng.integers(1, 6)) if rng.random() < 0.3 else None,
                    "qa_score": int(rng.integers(50, 101)) if rng.random() < 0.2 else None,
                }
            )
    frame = pd.DataFrame(rows, columns=TABLES["pilot_tickets"].column_names)
    frame["ticket_id"] = [f"T-{k:05d}" for k in rng.permutation(len(frame))]
    return frame


def _shift(draft: Draft) -> tuple[str, str]:
    """Start and end, some of them night shifts (end <= start) and some ending at 24:00."""
    start = int(draft.rng.integers(0, 48)) * 30
    length = int(draft.rng.integers(8, 25)) * 30 if draft.rng.random() < 0.95 else 1440
    if length == 1440:
        return "00:00", "24:00"  # round the clock (an end equal to the start is rejected)
    end = (start + length) % 1440
    text = lambda m: f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731
    return text(start), "24:00" if end == 0 and draft.rng.random() < 0.5 else text(end)


def _sites(draft: Draft) -> pd.DataFrame:
    rng = draft.rng
    rows = []

    def site(name, owner):
        start, end = _shift(draft)
        country, subdivision = draft.pick(HOLIDAY_CALENDARS) if rng.random() < 0.6 else (None, None)
        rows.append(
            {
                "site": name,
                "owner": owner,
                "tz": draft.zone(),
                "start": start,
                "end": end,
                "workdays": draft.pick(WORKDAYS),
                "holiday_country": country,
                "holiday_subdivision": subdivision,
                "hours_by_weekday": draft.maybe("Fri 08:00-13:00", 0.15),
            }
        )

    site(f"{draft.pick(PLACES)} head office", "client")
    for k, vendor in enumerate(draft.vendors["vendor"]):
        for j in range(int(draft.pick([0, 1, 1, 2]))):
            site(f"Site {k + 1}.{j + 1} ({vendor[:20]})", vendor)
    return pd.DataFrame(rows, columns=TABLES["sites"].column_names)


def _settings(draft: Draft) -> pd.DataFrame:
    """One row; each setting filled or left empty (its default), values from their valid range."""
    rng = draft.rng
    values = {
        "time_drain_hours": float(rng.choice([5, 10, 20])),
        "high_importance": int(rng.integers(1, 6)),
        "nearshore_overlap_hours": float(rng.choice([1, 3, 4.5])),
        "weights_from": draft.pick(["criteria", "needs"]),
        "disagreement_points": float(rng.choice([1, 2, 3])),
        "consensus": draft.pick(["mean", "median"]),
        "cost_worst_at": float(rng.choice([1.5, 2, 3])),
        "weight_concentration": float(rng.choice([20, 200, 1000])),
        "swing_share": float(rng.choice([0.25, 0.5])),
        "ramp_up_weeks": int(rng.choice([0, 1, 1, 2])),
        "gate_red_flag": draft.pick(["high", "medium", "low", "none"]),
        "gate_overlap_share": float(rng.choice([0, 0.1, 0.5])),
        "close_call_below": float(rng.choice([0.5, 0.7, 0.9])),
        "contract_start": CONTRACT_START + dt.timedelta(days=int(rng.integers(0, 365))),
    }
    row = {name: (value if rng.random() < 0.5 else None) for name, value in values.items()}
    return pd.DataFrame([row], columns=TABLES["settings"].column_names)


OPTIONAL_TABLES: dict[str, Callable[[Draft], pd.DataFrame]] = {
    "functions": _functions,
    "must_haves": _must_haves,
    "red_flags": _red_flags,
    "references": _references,
    "communications": _communications,
    "pilot_tickets": _pilot_tickets,
    "sites": _sites,
    "settings": _settings,
}
assert set(OPTIONAL_TABLES) == {name for name, t in TABLES.items() if not t.required}, (
    "a new optional table in helpers/schema.py needs a builder in OPTIONAL_TABLES"
)


# --------------------------------------------------------------------------------------------
# Drawing a project, and its facts
# --------------------------------------------------------------------------------------------


def generate(seed: int, **forced) -> Generated:
    """A random valid project from ``seed`` (the ``forced`` fields of ``Choices`` as given)."""
    rng = np.random.default_rng(seed)
    choices = draw_choices(rng, **forced)
    draft = Draft(rng, choices, currency=str(rng.choice(list(CURRENCIES))))
    draft.vendors = _vendors(draft)
    draft.criteria = _criteria(draft)
    draft.needs = _needs(draft)
    draft.evaluators = [
        f"{a} {b} ({r})"
        for a, b, r in zip(
            draft.pick(FIRST, size=choices.n_evaluators),
            draft.pick(LAST, size=choices.n_evaluators, replace=True),
            draft.pick(ROLES, size=choices.n_evaluators, replace=True),
        )
    ]
    draft.piloted = sorted(draft.pick(draft.vendors["vendor"], size=choices.n_piloted))
    tables = {"needs": draft.needs, "criteria": draft.criteria, "vendors": draft.vendors, "scores": _scores(draft)}
    for name, build in OPTIONAL_TABLES.items():
        if name in choices.tables:
            tables[name] = build(draft)
    facts = _facts(draft, tables)
    tables["scores"] = _scored_in_race(draft, tables["scores"], facts)
    return Generated(seed, choices, tables, facts)


def _scored_in_race(draft: Draft, scores: pd.DataFrame, facts: Facts) -> pd.DataFrame:
    """Gaps left only where validate allows them: a vendor out on a must-have may go unscored,
    one still in the race has a score on every rated criterion."""
    have = set(zip(scores["vendor"], scores["criterion"]))
    rated = draft.criteria.loc[draft.criteria["source"] == "scores", "criterion"]
    added = [
        {"evaluator": draft.pick(draft.evaluators), "vendor": v, "criterion": c, "score": int(draft.rng.integers(1, 6))}
        for v in facts.in_race
        for c in rated
        if (v, c) not in have
    ]
    return pd.concat([scores, pd.DataFrame(added, columns=scores.columns)], ignore_index=True) if added else scores


def _facts(draft: Draft, tables: dict[str, pd.DataFrame]) -> Facts:
    """Who is out (a must need whose row is missing or says no), from the tables as drawn."""
    needs = draft.needs
    musts = dict(zip(needs.loc[needs["priority"] == "must", "need_id"], needs.loc[needs["priority"] == "must", "need"]))
    met: dict[tuple[str, str], bool] = {}
    if "must_haves" in tables:
        for row in tables["must_haves"].itertuples():
            met[(row.vendor, row.need_id)] = row.met is True or (isinstance(row.met, str) and row.met in YES)
    knocked = {v: [n for n in musts if not met.get((v, n), False)] for v in draft.vendors["vendor"]}
    # The decision policy's red-flag gate (docs/decision-policy.md): an open flag this severe or worse.
    settings = tables.get("settings")
    gate = settings["gate_red_flag"].iloc[0] if settings is not None else None
    severe = {"high": ["high"], "medium": ["high", "medium"], "low": ["high", "medium", "low"], "none": []}
    flags = tables.get("red_flags", pd.DataFrame(columns=["vendor", "severity", "status"]))
    blocking = flags[
        (flags["status"] == "open") & flags["severity"].isin(severe[gate if isinstance(gate, str) else "high"])
    ]
    return Facts(
        vendors=list(draft.vendors["vendor"]),
        evaluators=draft.evaluators,
        currency=draft.currency,
        knocked_out={v: n for v, n in knocked.items() if n},
        piloted=draft.piloted,
        must_needs=musts,
        has_sites="sites" in tables,
        settings=_settings_shown(settings),
        flag_blocked=[v for v in dict.fromkeys(blocking["vendor"]) if not knocked.get(v)],
    )


def _settings_shown(table: pd.DataFrame | None) -> dict:
    """The settings a project fills in, each as the report's settings table writes its value."""
    if table is None or table.empty:
        return {}
    shown = {}
    for name, value in table.iloc[0].items():
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        shown[name] = (
            value.isoformat()
            if isinstance(value, dt.date)
            else (f"{value:g}" if isinstance(value, float) else str(value))
        )
    return shown


# --------------------------------------------------------------------------------------------
# Writing: CSV (comma or semicolon) or one workbook with typed cells
# --------------------------------------------------------------------------------------------


def _cell_text(value, kind: str, decimal_comma: bool) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if decimal_comma and kind in ("int", "float"):
        text = text.replace(".", ",")
    return text


def _text_frame(frame: pd.DataFrame, table: str, decimal_comma: bool) -> pd.DataFrame:
    kinds = {c.name: c.kind for c in TABLES[table].columns}
    return pd.DataFrame(
        {col: [_cell_text(v, kinds.get(col, "str"), decimal_comma) for v in frame[col]] for col in frame.columns}
    )


def _excel_value(value, kind: str):
    """A cell as Excel would hold what a user typed: times as times, 24:00 as one whole day."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if kind in ("time", "start_time") and isinstance(value, str):
        hours, minutes = map(int, value.split(":"))
        return dt.timedelta(days=1) if hours == 24 else dt.time(hours, minutes)
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return value


def _write_workbook(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "README"
    notes.append(["A generated project (tests/projects.py)"])
    for name, frame in tables.items():
        kinds = {c.name: c.kind for c in TABLES[name].columns}
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([_excel_value(v, kinds.get(col, "str")) for col, v in zip(frame.columns, row)])
        for col, cells in zip(frame.columns, sheet.iter_cols(min_row=2)):
            if kinds.get(col) in ("time", "start_time"):
                for cell in cells:
                    cell.number_format = "[hh]:mm" if isinstance(cell.value, dt.timedelta) else "hh:mm"
    book.save(path)
    return path


# --------------------------------------------------------------------------------------------
# What the report must state
# --------------------------------------------------------------------------------------------

PAGES = (
    "index.html",
    "01_define_needs.html",
    "02_score_partners.html",
    "03_pilot_trials.html",
    "04_timezone_overlap.html",
    "05_decision_report.html",
)
# Output a reader must never see: a traceback, an exception's or a warning's class name.
NOISE = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception|Warning)\b")
# Words a program writes for any count ("must-have(s)") and a name's full stop doubled ("Ltd..")
CLUMSY = re.compile(r"\w\(s\)|\w\.\.(?!\.)")

# A cell a program printed, not a reader's table: a truth value or a missing value as pandas
# writes it, a number of five or more digits without separators, four or more decimals, an
# exponent, or text cut short.
RAW_CELL = re.compile(
    r"(True|False|NaN|nan|None|NaT|<NA>|[−+-]?\d{5,}(\.\d+)?|[−+-]?[\d,]*\.\d{4,}|[−+-]?\d+(\.\d+)?e[−+-]?\d+|.*…)"
)
SNAKE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)+")


def table_problems(report: Path, names: Iterable[str] = ()) -> list[str]:
    """The raw values in the tables of the report at ``report``: a header that is a column's
    name as the program calls it (``contract_total``, ``vendor``) rather than its label, a
    column without a header (pandas' row numbers), and cells as a program prints them
    (``RAW_CELL``). ``names`` are the project's own names (vendors, sites), which may be
    headers as written."""
    from bs4 import BeautifulSoup

    from helpers.tables import COLUMNS

    names = set(names)
    problems = []
    for page in sorted(report.glob("0*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for number, table in enumerate(soup.find_all("table"), start=1):
            where = f"{page.name} table {number}"
            for header in (th.get_text(" ", strip=True) for th in table.find_all("th")):
                if header in names:
                    continue
                if header in COLUMNS or SNAKE.fullmatch(header) or not header:
                    problems.append(f"{where}: header {header!r} is not a label for readers")
            for cell in (td.get_text(" ", strip=True) for td in table.find_all("td")):
                if RAW_CELL.fullmatch(cell):
                    problems.append(f"{where}: cell {cell!r} is written as a program prints it")
    return problems


def report_problems(report: Path, facts: Facts) -> list[str]:
    """The statements missing from (or false in) the report at ``report`` for a project of ``facts``."""
    text = {name: page_text(report, name) for name in PAGES}
    problems = []

    def expect(ok: bool, page: str, what: str) -> None:
        if not ok:
            problems.append(f"{page}: {what}")

    for name, words in text.items():
        noise = NOISE.search(words)
        expect(noise is None, name, f"shows program output {noise and noise.group(0)!r}")
        leaked = [w for w in SAMPLE_WORDS if w in words]
        expect(not leaked, name, f"names the worked example's {leaked}")
        clumsy = CLUMSY.search(words)
        expect(clumsy is None, name, f"writes {clumsy and words[max(0, clumsy.start() - 40) : clumsy.end()]!r}")
    expect(f"{len(facts.vendors)} vendors" in text["index.html"], "index.html", f"says {len(facts.vendors)} vendors")
    for vendor in facts.vendors:
        expect(vendor in text["02_score_partners.html"], "02_score_partners.html", f"names vendor {vendor!r}")
    decision = text["05_decision_report.html"]
    for vendor in facts.vendors:
        out = re.search(rf"{re.escape(vendor)} is out: it does not meet the must-haves? ", decision) is not None
        expect(
            out == (vendor in facts.knocked_out),
            "05_decision_report.html",
            f"{'says' if vendor in facts.knocked_out else 'does not say'} that {vendor!r} is out",
        )
        for need_id in facts.knocked_out.get(vendor, []):
            need = facts.must_needs[need_id]
            expect(
                out and need in decision,
                "05_decision_report.html",
                f"names the must-have {need!r} that {vendor!r} misses",
            )
    in_race = facts.in_race
    # The headline as the decision policy words it (docs/decision-policy.md)
    headline = re.search(r"Recommend (.+?), (?:leading in|the only vendor)|Close call: (.+?) leads ", decision)
    recommended = headline and (headline.group(1) or headline.group(2))
    nobody = "No vendor is recommendable until its open issues are resolved" in decision
    if not in_race:
        for page in ("index.html", "05_decision_report.html"):
            expect("No vendor can be recommended" in text[page], page, "says no vendor can be recommended")
        expect(recommended is None, "05_decision_report.html", "recommends no vendor")
    else:
        expect(
            (recommended in in_race) != nobody,
            "05_decision_report.html",
            f"recommends one of the vendors in the race ({', '.join(in_race)}) or says none is recommendable "
            f"until resolved; found {recommended!r}",
        )
        expect(
            recommended not in facts.flag_blocked,
            "05_decision_report.html",
            f"does not recommend {recommended!r}, which has an open red flag that blocks it",
        )
        if set(in_race) <= set(facts.flag_blocked):
            expect(nobody, "05_decision_report.html", "says no vendor is recommendable until resolved")
        if len(in_race) == 1 and not nobody:
            expect(
                f"Recommend {in_race[0]}, the only vendor that meets every must-have" in decision,
                "05_decision_report.html",
                f"recommends {in_race[0]!r} as the only vendor left",
            )
    pilot = text["03_pilot_trials.html"]
    if not facts.piloted:
        expect("No pilot tickets in the data yet" in pilot, "03_pilot_trials.html", "says there is no pilot")
    for vendor in facts.piloted:
        expect(vendor in pilot, "03_pilot_trials.html", f"names piloted vendor {vendor!r}")
    if len(facts.piloted) == 1:
        expect("Only one vendor was piloted" in decision, "05_decision_report.html", "says one vendor was piloted")
    if not facts.has_sites:
        expect(
            "No sites table in this project" in text["04_timezone_overlap.html"],
            "04_timezone_overlap.html",
            "says there is no sites table",
        )
    if in_race:
        expect(facts.currency in decision, "05_decision_report.html", f"states costs in {facts.currency}")
    for name, value in facts.settings.items():
        expect(
            f"{name} {value} settings table" in decision,
            "05_decision_report.html",
            f"lists the setting {name} = {value} from the settings table",
        )
    return problems + table_problems(report, facts.vendors)


# --------------------------------------------------------------------------------------------
# One project end to end: write, validate (the command line), report, check
# --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    generated: Generated
    data: Path | None = None  # where the project was written
    report: Path | None = None  # the report folder, once built
    problems: list[str] = field(default_factory=list)  # empty: valid, built, and true for the project
    seconds: float = 0.0


def check_project(generated: Generated, folder: Path) -> Outcome:
    """Write ``generated`` under ``folder``, validate it as ``python -m helpers validate`` does
    (its ``main``, in this process: a second Python would cost a second of imports), build its
    report with ``helpers.report.build_report`` and check the report's statements. Never raises
    for a failure of the workbook: it is in ``Outcome.problems``."""
    import contextlib
    import io
    import time

    from helpers.__main__ import main
    from helpers.report import build_report

    began = time.perf_counter()
    outcome = Outcome(generated)
    folder = Path(folder)
    outcome.data = generated.write(folder / "data")
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        status = main(["validate", str(outcome.data)])  # as `python -m helpers validate` runs it
    if status != 0:
        outcome.problems.append(f"validate failed: {said.getvalue().strip()}")
    else:
        try:
            outcome.report = build_report(outcome.data, folder / "report").parent
        except Exception as err:  # noqa: BLE001 - any failure of the build is a finding
            outcome.problems.append(f"the report was not built: {err.__class__.__name__}: {err}")
        else:
            outcome.problems += report_problems(outcome.report, generated.facts)
    outcome.seconds = time.perf_counter() - began
    return outcome
