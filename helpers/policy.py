"""The decision policy: how the findings of every step become a recommendation
(docs/decision-policy.md), applied in this order.

1. Knock-outs. A vendor that does not meet every must-have is out (``helpers.scoring``).
2. Gates. A vendor left in the race is *not recommendable until resolved* when it has an open
   red flag of the severity ``gate_red_flag`` or worse, falls short of the minimum daily
   overlap on more than ``gate_overlap_share`` of the client's working days, or the pilot
   shows it missing the target of a must-have KPI (the whole 95 % interval on the wrong side).
   It keeps its place in the ranking, and the headline names what must be resolved.
3. The ranking. The highest-ranked vendor without a gate is recommended; the runner-up is the
   next one without a gate (or, when there is none, the next one in the ranking).
4. How sure. The share of plausible weightings (and, for criteria scored from a pilot KPI, of
   pilot results: ``PartnerRanking.rank_probabilities``) in which the recommended vendor comes
   first among the vendors without a gate; below ``close_call_below`` the recommendation is a close
   call, said as one. TOPSIS (closeness to the ideal vendor) ranks the same vendors as a second
   opinion: when it puts another first, the headline says so.

Every threshold is a setting (``helpers.settings``). The findings are values here
(``OpenIssues``, ``PolicyOutcome``); ``helpers.policy_words`` makes the sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers import scoring
from helpers.scoring import SEVERITIES

# Why a vendor in the race may be not recommendable until resolved (step 2), in the order the
# headline names them.
RED_FLAG, OVERLAP, PILOT_TARGET = "red flag", "overlap", "pilot target"
GATES = (RED_FLAG, OVERLAP, PILOT_TARGET)

# What the recommendation is, by the outcome of the four steps.
NONE_LEFT = "none left"  # every vendor knocked out
NONE_RECOMMENDABLE = "none recommendable"  # every vendor in the race is gated
CLOSE_CALL = "close call"
RECOMMEND = "recommend"


@dataclass(frozen=True)
class TargetMiss:
    """A pilot KPI whose target a vendor missed: the whole 95 % interval on the wrong side
    (``helpers.pilots.check_targets``), in the target's unit."""

    need_id: str
    kpi: str
    estimate: float
    target: float
    target_type: str  # "min" or "max"
    must: bool  # the need is a must-have


@dataclass(frozen=True)
class OpenIssues:
    """What is still open about one vendor in the race, whether or not it blocks it."""

    vendor: str
    red_flags: tuple[tuple[str, str], ...] = ()  # (flag, severity), most severe first
    days_short: int = 0  # working days short of the minimum daily overlap
    working_days: int = 0  # the client's working days in the period checked
    minimum_minutes: int | None = None  # the minimum daily overlap
    targets_missed: tuple[TargetMiss, ...] = ()

    @property
    def short_share(self) -> float:
        """The share of the client's working days short of the overlap minimum."""
        return self.days_short / self.working_days if self.working_days else 0.0

    @property
    def kinds(self) -> tuple[str, ...]:
        """Which of ``GATES`` these issues touch, in that order (empty: nothing open)."""
        present = (bool(self.red_flags), bool(self.days_short), bool(self.targets_missed))
        return tuple(kind for kind, there in zip(GATES, present) if there)


def blocking(issues: OpenIssues, gate_red_flag: str, gate_overlap_share: float) -> OpenIssues:
    """The part of ``issues`` that makes the vendor not recommendable until resolved (step 2):
    its open red flags of severity ``gate_red_flag`` or worse ("none": none block), its
    overlap shortfall when more than ``gate_overlap_share`` of working days are short, and the
    must-have pilot targets it missed. Nothing blocks when the result has no ``kinds``.

    >>> issues = OpenIssues("A", red_flags=(("pressure to sign", "high"), ("turnover", "medium")),
    ...                     days_short=3, working_days=250)
    >>> blocking(issues, "high", 0.1).kinds, blocking(issues, "high", 0.1).red_flags
    (('red flag',), (('pressure to sign', 'high'),))
    >>> blocking(issues, "none", 0.0).kinds
    ('overlap',)
    """
    worst = SEVERITIES.index(gate_red_flag) + 1 if gate_red_flag in SEVERITIES else 0
    return OpenIssues(
        issues.vendor,
        red_flags=tuple(flag for flag in issues.red_flags if flag[1] in SEVERITIES[:worst]),
        days_short=issues.days_short if issues.short_share > gate_overlap_share else 0,
        working_days=issues.working_days,
        minimum_minutes=issues.minimum_minutes,
        targets_missed=tuple(miss for miss in issues.targets_missed if miss.must),
    )


def open_issues(
    vendors: list[str],
    red_flags: pd.DataFrame,
    overlap: pd.DataFrame,
    minimum_minutes: int | None,
    targets: pd.DataFrame,
    needs: pd.DataFrame,
) -> dict[str, OpenIssues]:
    """Every open issue of each vendor in ``vendors``: its open red flags
    (``PartnerRanking.red_flags``, most severe first), its working days short of the overlap minimum
    (``timezones.overlap_summary``; nothing without sites or a minimum) and the pilot targets
    it missed (``pilots.check_targets``, with each need's priority from ``needs``; an empty
    frame without a pilot)."""
    must = set(needs.loc[needs["priority"] == "must", "need_id"])
    found = {}
    for vendor in vendors:
        flags = red_flags[red_flags["vendor"] == vendor]
        short = working = 0
        if minimum_minutes is not None and vendor in overlap.index:
            short, working = int(overlap.loc[vendor, "days_short"]), int(overlap.loc[vendor, "working_days"])
        missed = targets[(targets["vendor"] == vendor) & (targets["meets"] == "no")] if len(targets) else targets
        found[vendor] = OpenIssues(
            vendor,
            red_flags=tuple(zip(flags["flag"].astype(str), flags["severity"].astype(str))),  # most severe first
            days_short=short,
            working_days=working,
            minimum_minutes=minimum_minutes,
            targets_missed=tuple(
                TargetMiss(
                    str(row.need_id),
                    str(row.kpi),
                    float(row.estimate),
                    float(row.target),
                    str(row.target_type),
                    row.need_id in must,
                )
                for row in missed.itertuples()
            ),
        )
    return found


@dataclass
class PolicyOutcome:
    """The four steps' outcome (values; ``helpers.policy_words`` says them).

    ranked            vendors in the race, best first (step 3's ranking)
    knocked_out       vendors out on a must-have (step 1)
    issues            ``OpenIssues`` of every vendor in the race
    gates             vendor -> the part of its issues that blocks it (``blocking``; no
                      ``kinds``: recommendable), step 2
    contenders        the vendors in the race without a gate, best first
    recommended       the first contender (None: nobody left, or every vendor gated)
    runner_up         the next contender, else the best other vendor in the race (after the
                      leader, when every vendor is blocked)
    lead_probability  share of plausible weightings in which ``recommended`` comes first
                      among the contenders (None with fewer than two contenders)
    topsis_first      the contender TOPSIS puts first, when that is not ``recommended``
    probabilities     ``rank_probabilities`` among the contenders (empty with fewer than two)
    settings          the thresholds applied: gate_red_flag, gate_overlap_share, close_call_below
    """

    ranked: list[str]
    knocked_out: list[str]
    issues: dict[str, OpenIssues]
    gates: dict[str, OpenIssues]
    contenders: list[str]
    recommended: str | None
    runner_up: str | None
    lead_probability: float | None = None
    topsis_first: str | None = None
    probabilities: pd.DataFrame = field(default_factory=pd.DataFrame)
    settings: dict[str, object] = field(default_factory=dict)

    @property
    def leader(self) -> str | None:
        """The first vendor of the ranking, gated or not."""
        return self.ranked[0] if self.ranked else None

    @property
    def close_call(self) -> bool:
        return self.lead_probability is not None and self.lead_probability < self.settings["close_call_below"]

    @property
    def status(self) -> str:
        """``NONE_LEFT``, ``NONE_RECOMMENDABLE``, ``CLOSE_CALL`` or ``RECOMMEND``."""
        if not self.ranked:
            return NONE_LEFT
        if self.recommended is None:
            return NONE_RECOMMENDABLE
        return CLOSE_CALL if self.close_call else RECOMMEND

    @property
    def gated(self) -> list[str]:
        """The vendors in the race that are not recommendable until resolved, best first."""
        return [vendor for vendor in self.ranked if self.gates[vendor].kinds]


THRESHOLDS = ("gate_red_flag", "gate_overlap_share", "close_call_below")  # the policy's settings


def apply_policy(
    ranking: scoring.PartnerRanking,
    issues: dict[str, OpenIssues],
    settings,
    seed: int = 0,
    n_draws: int = 10_000,
) -> PolicyOutcome:
    """Apply the four steps to a ``PartnerRanking`` and the ``open_issues`` of its vendors in
    the race, with the thresholds of ``settings`` (``THRESHOLDS``, and ``weight_concentration``
    for the plausible weightings)."""
    ranked = list(ranking.ranking.index)
    gates = {v: blocking(issues[v], settings.gate_red_flag, settings.gate_overlap_share) for v in ranked}
    contenders = [v for v in ranked if not gates[v].kinds]
    recommended = contenders[0] if contenders else None
    first = recommended or (ranked[0] if ranked else None)  # the vendor the page is about
    others = contenders[1:] or [v for v in ranked if v != first]
    outcome = PolicyOutcome(
        ranked=ranked,
        knocked_out=list(dict.fromkeys(ranking.excluded["vendor"])),
        issues=issues,
        gates=gates,
        contenders=contenders,
        recommended=recommended,
        runner_up=others[0] if others else None,
        settings={name: getattr(settings, name) for name in THRESHOLDS},
    )
    if len(contenders) >= 2:
        outcome.probabilities = ranking.rank_probabilities(
            contenders, n=n_draws, seed=seed, concentration=settings.weight_concentration
        )
        outcome.lead_probability = float(outcome.probabilities.loc[recommended, 1])
        first = scoring.rank_topsis(scoring.DecisionMatrix.of(ranking.matrix.loc[contenders], ranking.weights)).index[0]
        outcome.topsis_first = None if first == recommended else str(first)
    return outcome
