"""The pilot KPIs: one entry per KPI holds everything the workbook knows about it.

Adding a KPI means adding one :class:`KPI` entry to ``KPIS`` (and, for a new kind of
measure, its methods in ``METHODS``): the checks of its column, its statistics, its words,
its charts, its planning, the needs table's ``pilot_kpi`` choices (``helpers.schema``) and
its units in ``helpers.needs`` all read it from here.

Light on purpose: ``helpers.schema`` imports this module, so it imports nothing but the
standard library (no pandas, no numpy).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ALPHA",
    "POWER",
    "MIN_SAMPLE",
    "VERDICTS",
    "Values",
    "Method",
    "METHODS",
    "KPI",
    "KPIS",
    "DEFAULT_MIN_IMPORTANT",
    "BINARY",
    "SECONDS",
    "MINUTES",
    "CSAT_ANSWER",
    "QA_SCORE",
]

ALPHA = 0.05  # two-sided significance level of every test and 95 % interval
POWER = 0.80  # power of the sample-size lines

# Below this many observations per vendor a KPI is not judged at all: the normal
# approximations behind the intervals and tests are not to be trusted.
MIN_SAMPLE = 30

VERDICTS = ("a better", "b better", "equivalent", "not enough evidence")


@dataclass(frozen=True)
class Values:
    """What a ticket column may hold, declared (``helpers.pilots.checks`` applies it).

    A value is allowed when it is one of ``choices`` (if given), otherwise when it is a finite
    number within ``low`` .. ``high`` (``low`` itself excluded when ``low_open``) and whole
    when ``whole``. An empty cell is a problem only when ``required``. ``expected`` says it
    in words for the error message.
    """

    expected: str
    required: bool = True
    choices: tuple[float, ...] = ()
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    whole: bool = False


BINARY = Values("0 or 1", choices=(0.0, 1.0))
SECONDS = Values("a number of seconds >= 0", low=0.0)
MINUTES = Values("a number of minutes >= 0", low=0.0)
CSAT_ANSWER = Values("a whole number 1-5 or empty", required=False, choices=(1.0, 2.0, 3.0, 4.0, 5.0))
QA_SCORE = Values("a number 0-100 or empty", required=False, low=0.0, high=100.0)


@dataclass(frozen=True)
class Method:
    """How one kind of KPI is estimated and compared (docs pilots.md)."""

    test: str  # two-vendor test
    interval: str  # interval of the difference
    omnibus: str  # test across three or more vendors


METHODS: dict[str, Method] = {
    "rate": Method("pooled z test", "Newcombe hybrid score", "chi-square (k x 2)"),
    "median": Method("Mann-Whitney U", "bootstrap percentile", "Kruskal-Wallis"),
    "csat": Method("Mann-Whitney U", "BCa bootstrap", "Kruskal-Wallis"),
    "mean": Method("Welch t", "Welch", "Welch ANOVA"),
}


@dataclass(frozen=True)
class KPI:
    """One pilot KPI: where its values come from, how it is judged and how it reads."""

    name: str
    label: str  # table and chart label: "First-contact resolution"
    column: str  # the pilot_tickets column it is computed from
    kind: str  # "rate" | "median" | "csat" | "mean" (a key of METHODS)
    higher_is_better: bool
    values: Values  # what its column may hold
    unit: str  # unit of the estimate as shown to a reader ("%", "s", "min", "points")
    digits: int  # decimals of an estimate or difference in that unit (rates: in percent)
    axis: str  # chart axis label
    default_min_important: float  # in mid_unit; set your own in the needs table
    mid_unit: str  # unit of the minimum important difference in a sentence
    mid_unit_long: str  # the same unit as the needs table states it
    mid_adjective: str  # "3-point difference", "30-second difference"
    base: str  # what one observation is, plural: "tickets", "responses", "reviewed tickets"
    observations: str  # the observations in a sentence: "CSAT responses"
    short: str  # name inside a sentence: "first-contact resolution", "CSAT"
    phrase: str  # the winner's advantage: {w} vendor, {wp} its possessive, {x} the amount
    typical: float | None = None  # typical support level: plans a pilot, simulates one
    optional: bool = False  # its column may be absent from the tickets (then left out)
    at_least: float | None = None  # a rate of answers >= this value (CSAT top-2-box: 4)
    bounds: tuple[float, float] | None = None  # a scale its estimate's interval stays on

    @property
    def method(self) -> Method:
        return METHODS[self.kind]

    @property
    def test(self) -> str:
        return self.method.test

    @property
    def scale(self) -> float:
        """Factor from the estimate (shares for rates) to the reader's unit (percent)."""
        return 100.0 if self.kind == "rate" else 1.0

    @property
    def mid_scale(self) -> float:
        """Factor from the minimum-important-difference unit to the estimate's unit."""
        return 0.01 if self.kind == "rate" else 1.0

    @property
    def summary_unit(self) -> str:
        """The ``unit`` column of ``summarize``: "share" for rates."""
        return "share" if self.kind == "rate" else self.unit

    @property
    def diff_unit(self) -> str:
        """The unit of a difference in a table: "points" for rates."""
        return "points" if self.kind == "rate" else self.unit

    @property
    def better(self) -> str:
        return "higher" if self.higher_is_better else "lower"


def _rate(
    name,
    label,
    column,
    higher,
    *,
    short,
    phrase,
    typical,
    default,
    base="tickets",
    observations="tickets",
    axis="% of tickets",
    values=BINARY,
    **more,
) -> KPI:
    return KPI(
        name,
        label,
        column,
        "rate",
        higher,
        values,
        unit="%",
        digits=1,
        axis=axis,
        default_min_important=default,
        mid_unit="percentage points",
        mid_unit_long="percentage points",
        mid_adjective="point",
        base=base,
        observations=observations,
        short=short,
        phrase=phrase,
        typical=typical,
        **more,
    )


# Minimum important differences: FCR, SLA, handle time and CSAT come from pilots.md; the others
# are this workbook's defaults for a customer-support pilot. Typical levels: a customer-support
# desk's usual figures, used to plan a pilot before any data and to simulate one.
KPIS: dict[str, KPI] = {
    k.name: k
    for k in (
        _rate(
            "fcr",
            "First-contact resolution",
            "fcr",
            True,
            short="first-contact resolution",
            default=3.0,
            typical=0.70,
            phrase="{w} resolves {x} points more tickets at first contact",
        ),
        _rate(
            "sla",
            "First response within SLA",
            "sla_met",
            True,
            short="SLA attainment",
            default=2.0,
            typical=0.85,
            phrase="{w} answers {x} points more tickets within the SLA",
        ),
        _rate(
            "escalation",
            "Escalation rate",
            "escalated",
            False,
            short="escalations",
            default=2.0,
            typical=0.10,
            phrase="{w} escalates {x} points fewer tickets",
        ),
        _rate(
            "reopen",
            "Reopen rate",
            "reopened",
            False,
            short="reopens",
            default=2.0,
            typical=0.05,
            phrase="{w} has {x} points fewer tickets reopened",
        ),
        _rate(
            "csat_top2",
            "CSAT top-2-box (4 or 5)",
            "csat",
            True,
            short="CSAT top-2-box",
            default=5.0,
            typical=0.80,
            base="responses",
            observations="CSAT responses",
            axis="% of responses",
            values=CSAT_ANSWER,
            optional=True,
            at_least=4.0,
            phrase="{w} has {x} points more customers answering 4 or 5",
        ),
        KPI(
            "handle_time",
            "Median handle time",
            "handle_time_sec",
            "median",
            False,
            SECONDS,
            unit="s",
            digits=0,
            axis="seconds",
            default_min_important=30.0,
            mid_unit="seconds",
            mid_unit_long="seconds",
            mid_adjective="second",
            base="tickets",
            observations="tickets",
            short="handle time",
            phrase="{wp} median handle time is {x} s shorter",
            typical=420.0,
        ),
        KPI(
            "first_response",
            "Median first response",
            "first_response_min",
            "median",
            False,
            MINUTES,
            unit="min",
            digits=1,
            axis="minutes",
            default_min_important=15.0,
            mid_unit="minutes",
            mid_unit_long="minutes",
            mid_adjective="minute",
            base="tickets",
            observations="tickets",
            short="first response",
            phrase="{wp} median first response is {x} min faster",
        ),
        KPI(
            "csat",
            "CSAT mean (1-5)",
            "csat",
            "csat",
            True,
            CSAT_ANSWER,
            unit="points",
            digits=2,
            axis="points (1-5)",
            default_min_important=0.2,
            mid_unit="points",
            mid_unit_long="points on the 1-5 scale",
            mid_adjective="point",
            base="responses",
            observations="CSAT responses",
            short="CSAT",
            phrase="{wp} mean CSAT is {x} points higher",
            typical=4.2,
            optional=True,
            bounds=(1.0, 5.0),
        ),
        KPI(
            "qa",
            "QA score mean (0-100)",
            "qa_score",
            "mean",
            True,
            QA_SCORE,
            unit="points",
            digits=1,
            axis="points (0-100)",
            default_min_important=3.0,
            mid_unit="points",
            mid_unit_long="QA points (0-100)",
            mid_adjective="point",
            base="reviewed tickets",
            observations="QA-reviewed tickets",
            short="QA score",
            phrase="{wp} mean QA score is {x} points higher",
            typical=84.0,
            optional=True,
        ),
    )
}

# Minimum important differences, in each KPI's mid_unit (a view of the entries above).
DEFAULT_MIN_IMPORTANT: dict[str, float] = {k.name: k.default_min_important for k in KPIS.values()}
