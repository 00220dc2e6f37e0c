"""The tables a project holds and what each column must contain.

One place describes the inputs: ``helpers.data`` validates against it, ``python -m helpers
template`` writes blank files from it, and docs/data.md explains it to analysts (a test keeps
the three in step).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpers.pilots.registry import KPIS as _PILOT_KPI_ENTRIES

# The needs table's pilot_kpi choices: the KPIs of the pilot registry (helpers.pilots.registry).
PILOT_KPIS = tuple(_PILOT_KPI_ENTRIES)

# The reference-check questionnaire: one 1-5 answer column (5 = best) and one comment column
# (``<question>_comment``) per question, in the order a caller asks them. The questions go
# beyond "are you happy with them?", as the source articles advise.
REFERENCE_QUESTIONS: dict[str, str] = {
    "deadlines": "Did they meet the deadlines they agreed?",
    "escalations": "How did they handle problems and escalations?",
    "communication": "How well did they communicate, and how quickly did they answer?",
    "staff_stability": "Did the team stay stable (5 = low staff turnover)?",
    "quality_over_time": "Did the quality hold up over time?",
    "hire_again": "Would you hire them again?",
}
# The open question at the end of every call: an answer in words, no score.
REFERENCE_OPEN_QUESTION = ("would_change", "What would you change about working with them?")
COMMUNICATION_CHANNELS = ("email", "chat", "phone", "portal", "other")
# needs.checks: what a need measures for the workbook's own checks. ``overlap_hours``: the
# minimum live overlap with the client per working day, in hours (notebook 04 and the report
# check every vendor against it). At most one need says so.
NEED_CHECKS = ("overlap_hours",)
# The only units a need with checks = overlap_hours may give (empty is fine too): its target is
# hours per working day, and a unit that says anything else ("minutes", "hours/week") is rejected.
OVERLAP_UNITS = ("hours", "hour", "h")
# criteria.evidence: which criterion the measured evidence stands behind (each at most once).
# replies: the responsiveness log (communications); references: the reference questionnaire;
# industry_references: how many checked references come from the client's industry.
CRITERION_EVIDENCE = ("replies", "references", "industry_references")
# criteria.source: where a criterion's 1-5 scores come from. scores: the evaluators; tco: the
# yearly total cost of ownership. The measured sources turn a measurement into a score through
# the criterion's value function (value_at_1 scores 1, value_at_5 scores 5, linear between,
# clipped; helpers.measured): overlap_hours, the mean daily working-hours overlap with the
# client over the first contract year; reply_hours, the median reply during selection in the
# vendor's working hours; reference_answers, the mean answer (1-5) of the checked references;
# pilot:<kpi>, a pilot KPI in the unit a reader sees (percent for rates). A vendor without the
# measurement keeps the evaluators' score, so a measured criterion is scored by them too.
MEASURED_SOURCES = (
    "overlap_hours",
    "reply_hours",
    "reference_answers",
    *(f"pilot:{kpi}" for kpi in PILOT_KPIS),
)
CRITERION_SOURCES = ("scores", "tco", *MEASURED_SOURCES)
SCORED_SOURCES = ("scores", *MEASURED_SOURCES)  # the evaluators score these (a measurement may replace it)
# criteria weights: which weights the scoring uses (the settings table's ``weights_from``).
# criteria: the weights typed in the criteria table; needs: the weights the should/could needs
# suggest (helpers.needs.criteria_weight_table shows both side by side).
WEIGHTS_FROM = ("criteria", "needs")
# No number in any table may be larger than this (in absolute value): a bigger one is a typo,
# a unit mix-up or an overflow, and past 2**53 whole numbers are no longer exact.
MAX_NUMBER = 1e15


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``kind`` is one of: str, int, float, bool, choice, time, start_time (no 24:00), tz,
    date (ISO, 2027-01-04), datetime (ISO; a time without zone is read as UTC), datetime_tz (ISO with its zone: an
    offset such as +01:00 or Z; a time without zone is an error unless ``zone_column`` names a
    column of the same row holding its IANA zone), workdays, hours_by_weekday. ``required``
    means the column must be present; ``nullable`` that a cell may be empty. ``low``/``high``
    bound numbers (``low_open`` makes the lower bound strict); every number is also at most
    ``MAX_NUMBER`` in absolute value, and a ``high`` is set where a bigger value is certainly
    a typo (600 contract months is 50 years).
    """

    name: str
    kind: str = "str"
    required: bool = True
    nullable: bool = False
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    example: str = ""
    zone_column: str | None = None


@dataclass(frozen=True)
class Reference:
    """Values of ``column`` must appear in ``table.target_column`` (optionally filtered)."""

    column: str
    table: str
    target_column: str
    extra_values: tuple[str, ...] = ()
    where: tuple[str, tuple[str, ...]] | None = None  # (column, values) the target rows must have one of


@dataclass(frozen=True)
class Table:
    name: str
    required: bool
    purpose: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    references: tuple[Reference, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


YES_NO = "bool"


@dataclass(frozen=True)
class Setting:
    """One of the analyst's judgement settings: a column of the optional one-row ``settings``
    table. ``default`` is used when the table or the cell is empty (None: computed, see
    ``meaning``); ``used_by`` names the notebooks that read it."""

    column: Column
    default: object
    meaning: str
    used_by: str

    @property
    def name(self) -> str:
        return self.column.name


def _setting(name: str, kind: str, default: object, meaning: str, used_by: str, **bounds) -> Setting:
    shown = f"{default:g}" if isinstance(default, float) else str(default)
    example = bounds.pop("example", shown)
    return Setting(
        Column(name, kind, required=False, nullable=True, example=example, **bounds), default, meaning, used_by
    )


# The judgement calls behind a report, in the order notebooks meet them. One place: the
# notebooks, ``helpers.decision.decide`` and the report read them through helpers.settings.
SETTINGS: tuple[Setting, ...] = (
    _setting(
        "time_drain_hours",
        "float",
        10.0,
        "hours of team time a week below which there is little to gain from outsourcing a function",
        "01",
        low=0,
        high=168,
    ),
    _setting(
        "high_importance",
        "int",
        4,
        "strategic importance (1-5) from which a function calls for caution",
        "01",
        low=1,
        high=5,
    ),
    _setting(
        "nearshore_overlap_hours",
        "float",
        3.0,
        "hours of live overlap a day from which nearshore beats offshore",
        "01",
        low=0,
        high=24,
    ),
    _setting(
        "weights_from",
        "choice",
        "criteria",
        "which criteria weights the scoring uses: "
        "criteria = the weights typed in the criteria table, needs = the weights the "
        "should/could needs suggest",
        "01, 02, 05",
        choices=WEIGHTS_FROM,
    ),
    _setting(
        "disagreement_points",
        "float",
        2.0,
        "evaluators this many points apart (or more) should talk before their scores are averaged",
        "02, 05",
        low=0,
        high=4,
        low_open=True,
    ),
    _setting(
        "consensus",
        "choice",
        "mean",
        "how the evaluators' scores are combined: mean or median",
        "02, 05",
        choices=("mean", "median"),
    ),
    _setting(
        "cost_worst_at",
        "float",
        2.0,
        "a vendor costing this multiple of the cheapest (or more) scores 1 on cost",
        "02, 05",
        low=1,
        high=100,
        low_open=True,
    ),
    _setting(
        "weight_concentration",
        "float",
        200.0,
        "how closely the plausible weightings of 'how sure are we' stay around the agreed weights (lower = less sure)",
        "02, 05",
        low=0,
        high=1e6,
        low_open=True,
    ),
    _setting(
        "swing_share",
        "float",
        0.5,
        "the one-at-a-time test moves each weight down and up by this share",
        "02",
        low=0,
        high=1,
        low_open=True,
    ),
    _setting(
        "ramp_up_weeks",
        "int",
        1,
        "the first pilot weeks, in which the vendors were still "
        "learning the work, left out of the comparison (0 = keep every week)",
        "03, 05",
        low=0,
        high=52,
    ),
    _setting(
        "gate_red_flag",
        "choice",
        "high",
        "an open red flag this severe (or worse) makes a vendor not recommendable until it is "
        "resolved: high, medium, low, or none (red flags never block, they are listed to settle)",
        "05",
        choices=("high", "medium", "low", "none"),
    ),
    _setting(
        "gate_overlap_share",
        "float",
        0.1,
        "a vendor short of the minimum daily overlap on more than this share of the client's "
        "working days is not recommendable until it is resolved (0 = on any day)",
        "05",
        low=0,
        high=1,
    ),
    _setting(
        "close_call_below",
        "float",
        0.75,
        "a recommended vendor that leads in fewer than this share of plausible weightings is "
        "reported as a close call, not as a plain recommendation",
        "05",
        low=0,
        high=1,
    ),
    _setting(
        "contract_start",
        "date",
        None,
        "first day of the contract; the working-hours check "
        "covers its first year (empty: the first Monday of next month, which changes with "
        "the day the report is built)",
        "04, 05",
        example="2027-01-04",
    ),
)


def _question_columns() -> tuple[Column, ...]:
    """The questionnaire's columns: per question its 1-5 answer and a comment."""
    examples = {
        "deadlines": ("5", "Met every deadline in two years"),
        "escalations": ("4", "A named lead took every escalation"),
        "communication": ("4", "Answered within the day"),
        "staff_stability": ("2", "Half the team changed in year one"),
        "quality_over_time": ("4", "Dipped in month one, steady since"),
        "hire_again": ("4", "Yes, for the same scope"),
    }
    columns = []
    for question in REFERENCE_QUESTIONS:
        answer, comment = examples.get(question, ("", ""))
        columns.append(Column(question, "int", required=False, nullable=True, low=1, high=5, example=answer))
        columns.append(Column(f"{question}_comment", required=False, nullable=True, example=comment))
    return tuple(columns)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "functions",
            required=False,
            purpose="candidate functions to outsource, and the questions that decide it",
            columns=(
                Column("function", example="Customer support"),
                Column("description", required=False, nullable=True, example="Email and chat support for customers"),
                Column("strategic_importance", "int", low=1, high=5, example="2"),
                Column("time_drain_hours_week", "float", low=0, example="120"),
                Column("mission_critical", YES_NO, example="no"),
                Column("unique_value", YES_NO, example="no"),
                Column("measurable", YES_NO, example="yes"),
                Column("sensitive_data", YES_NO, example="yes"),
                Column("volume_swing", "choice", choices=("low", "medium", "high"), example="high"),
                Column("type", "choice", choices=("BPO", "ITO", "KPO"), example="BPO"),
                Column("live_overlap_hours", "float", required=False, nullable=True, low=0, high=24, example="2"),
            ),
            key=("function",),
        ),
        Table(
            "needs",
            required=True,
            purpose="must-haves (knock-outs) and weighted nice-to-haves, each with a KPI",
            columns=(
                Column("need_id", example="N01"),
                Column("need", example="First-contact resolution of at least 70 %"),
                Column("category", example="service quality"),
                Column("priority", "choice", choices=("must", "should", "could"), example="should"),
                Column("criterion", required=False, nullable=True, example="service_quality"),
                Column("kpi", required=False, nullable=True, example="first-contact resolution rate"),
                Column("target", "float", required=False, nullable=True, example="70"),
                Column("unit", required=False, nullable=True, example="%"),
                Column("target_type", "choice", required=False, nullable=True, choices=("min", "max"), example="min"),
                Column("measured_by", required=False, nullable=True, example="monthly ticket report"),
                Column("weight", "float", required=False, nullable=True, low=0, example=""),
                Column("pilot_kpi", "choice", required=False, nullable=True, choices=PILOT_KPIS, example="fcr"),
                Column("min_important_difference", "float", required=False, nullable=True, low=0, example="3"),
                Column("checks", "choice", required=False, nullable=True, choices=NEED_CHECKS, example=""),
            ),
            key=("need_id",),
            references=(Reference("criterion", "criteria", "criterion"),),
        ),
        Table(
            "criteria",
            required=True,
            purpose="scoring criteria with their weights and what a 1 and a 5 mean",
            columns=(
                Column("criterion", example="communication"),
                Column("weight", "float", low=0, example="15"),
                Column("direction", "choice", choices=("benefit", "cost"), example="benefit"),
                Column("source", "choice", choices=CRITERION_SOURCES, example="scores"),
                Column("description", required=False, nullable=True, example="Responsiveness and clarity"),
                Column("scale_1", required=False, nullable=True, example="Slow, vague answers"),
                Column("scale_5", required=False, nullable=True, example="Same-day, precise answers"),
                Column(
                    "evidence", "choice", required=False, nullable=True, choices=CRITERION_EVIDENCE, example="replies"
                ),
                Column("value_at_1", "float", required=False, nullable=True, example=""),
                Column("value_at_5", "float", required=False, nullable=True, example=""),
            ),
            key=("criterion",),
        ),
        Table(
            "vendors",
            required=True,
            purpose="candidate partners, their location and their pricing",
            columns=(
                Column("vendor", example="Example Support Ltd"),
                Column("country", example="PT"),
                Column("tz", "tz", example="Europe/Lisbon"),
                Column(
                    "location_model",
                    "choice",
                    choices=("onshore", "nearshore", "offshore", "hybrid"),
                    example="nearshore",
                ),
                Column("pricing_model", "choice", choices=("hourly", "per_ticket", "fixed_monthly"), example="hourly"),
                Column("rate", "float", low=0, example="22"),
                Column("currency", example="GBP"),
                Column("monthly_volume", "float", low=0, example="1500"),
                Column("contract_months", "int", low=0, low_open=True, high=600, example="24"),
                Column("transition_cost", "float", required=False, nullable=True, low=0, example="12000"),
                Column("after_hours_share_pct", "float", required=False, nullable=True, low=0, high=100, example="10"),
                Column("after_hours_premium_pct", "float", required=False, nullable=True, low=0, example="25"),
                Column("overtime_share_pct", "float", required=False, nullable=True, low=0, high=100, example="5"),
                Column("overtime_premium_pct", "float", required=False, nullable=True, low=0, example="50"),
                Column("governance_cost_month", "float", required=False, nullable=True, low=0, example="1500"),
                Column("minimum_monthly_fee", "float", required=False, nullable=True, low=0, example="0"),
                Column("exit_cost", "float", required=False, nullable=True, low=0, example="5000"),
                Column("notes", required=False, nullable=True, example=""),
            ),
            key=("vendor",),
        ),
        Table(
            "scores",
            required=True,
            purpose="each evaluator's 1-5 score per vendor and criterion (long format)",
            columns=(
                Column("evaluator", example="A. Analyst"),
                Column("vendor", example="Example Support Ltd"),
                Column("criterion", example="communication"),
                Column("score", "int", low=1, high=5, example="4"),
                Column("comment", required=False, nullable=True, example="Answered every email within a day"),
            ),
            key=("evaluator", "vendor", "criterion"),
            references=(
                Reference("vendor", "vendors", "vendor"),
                Reference("criterion", "criteria", "criterion", where=("source", SCORED_SOURCES)),
            ),
        ),
        Table(
            "must_haves",
            required=False,
            purpose="whether each vendor meets each must-have need, with the evidence",
            columns=(
                Column("vendor", example="Example Support Ltd"),
                Column("need_id", example="N01"),
                Column("met", YES_NO, example="yes"),
                Column("evidence", required=False, nullable=True, example="ISO 27001 certificate, valid to 2027"),
            ),
            key=("vendor", "need_id"),
            references=(
                Reference("vendor", "vendors", "vendor"),
                # Any need, not only musts: an analyst who turns a must into a should in notebook 01
                # keeps the evidence rows, and knock-outs simply ignore them.
                Reference("need_id", "needs", "need_id"),
            ),
        ),
        Table(
            "red_flags",
            required=False,
            purpose="warning signs seen during selection",
            columns=(
                Column("vendor", example="Example Support Ltd"),
                Column("flag", example="pressure to sign"),
                Column("severity", "choice", choices=("low", "medium", "high"), example="medium"),
                Column("status", "choice", choices=("open", "resolved"), example="open"),
                Column("note", required=False, nullable=True, example="Discount offered only if signed this week"),
            ),
            references=(Reference("vendor", "vendors", "vendor"),),
        ),
        Table(
            "references",
            required=False,
            purpose="reference customers called, and their answers to a fixed questionnaire (1-5 with comments)",
            columns=(
                Column("vendor", example="Example Support Ltd"),
                Column("reference", example="Retailer X, Head of CX"),
                Column("industry", required=False, nullable=True, example="retail"),
                Column("same_industry", YES_NO, example="yes"),
                Column("similar_scope", YES_NO, required=False, nullable=True, example="yes"),
                Column(
                    "relationship",
                    "choice",
                    required=False,
                    nullable=True,
                    choices=("current", "former"),
                    example="current",
                ),
                Column("checked", YES_NO, example="yes"),
                *_question_columns(),
                Column("would_change", required=False, nullable=True, example="More weekend cover"),
                Column("notes", required=False, nullable=True, example="Called 12 Aug; 20 minutes"),
            ),
            key=("vendor", "reference"),
            references=(Reference("vendor", "vendors", "vendor"),),
        ),
        Table(
            "communications",
            required=False,
            purpose="questions sent to each vendor during selection and when they replied (the responsiveness log)",
            columns=(
                Column("vendor", example="Example Support Ltd"),
                Column("channel", "choice", choices=COMMUNICATION_CHANNELS, example="email"),
                Column("topic", example="pricing"),
                Column("subject", required=False, nullable=True, example="Which hours count as after-hours?"),
                Column("sent_at", "datetime_tz", zone_column="tz", example="2026-08-14T17:40:00+01:00"),
                Column(
                    "replied_at",
                    "datetime_tz",
                    required=False,
                    nullable=True,
                    zone_column="tz",
                    example="2026-08-17T09:05:00+01:00",
                ),
                Column("tz", "tz", required=False, nullable=True, example="Europe/London"),
            ),
            references=(Reference("vendor", "vendors", "vendor"),),
        ),
        Table(
            "pilot_tickets",
            required=False,
            purpose="one row per ticket handled during the pilot",
            columns=(
                Column("ticket_id", example="T00001"),
                Column("vendor", example="Example Support Ltd"),
                Column("created_at", "datetime", example="2026-09-07T08:15:00Z"),
                Column("week", "int", low=1, high=520, example="1"),
                Column("channel", "choice", choices=("email", "chat", "phone"), example="email"),
                Column("priority", "choice", choices=("low", "normal", "high", "urgent"), example="normal"),
                Column("sla_target_min", "float", low=0, low_open=True, example="240"),
                Column("first_response_min", "float", low=0, example="95"),
                Column("sla_met", "int", low=0, high=1, example="1"),
                Column("handle_time_sec", "float", low=0, example="410"),
                Column("fcr", "int", low=0, high=1, example="1"),
                Column("escalated", "int", low=0, high=1, example="0"),
                Column("reopened", "int", low=0, high=1, example="0"),
                Column("csat", "int", required=False, nullable=True, low=1, high=5, example="5"),
                Column("qa_score", "float", required=False, nullable=True, low=0, high=100, example="86"),
            ),
            key=("ticket_id",),
            references=(Reference("vendor", "vendors", "vendor"),),
        ),
        Table(
            "sites",
            required=False,
            purpose="working sites of the client and of each vendor, for the time-zone overlap",
            columns=(
                Column("site", example="London HQ"),
                Column("owner", example="client"),
                Column("tz", "tz", example="Europe/London"),
                Column("start", "start_time", example="09:00"),
                Column("end", "time", example="17:30"),
                Column("workdays", "workdays", example="Mon-Fri"),
                Column("holiday_country", required=False, nullable=True, example="GB"),
                Column("holiday_subdivision", required=False, nullable=True, example="ENG"),
                Column(
                    "hours_by_weekday", "hours_by_weekday", required=False, nullable=True, example="Fri 09:00-16:00"
                ),
            ),
            key=("site",),
            references=(Reference("owner", "vendors", "vendor", extra_values=("client",)),),
        ),
        Table(
            "settings",
            required=False,
            purpose="the analyst's judgement settings, one row (an empty cell keeps the default)",
            columns=tuple(setting.column for setting in SETTINGS),
        ),
    )
}
