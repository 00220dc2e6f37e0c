"""The decision: every step's result brought together into one recommendation.

``decide(project)`` recomputes from the inputs through the same functions as notebooks 01–04
(``helpers.needs``, ``helpers.scoring``, ``helpers.sensitivity``, ``helpers.pilots``,
``helpers.timezones``) and returns a ``Decision``: the recommendation in one sentence, the
runner-up, the reasons, how sure we are, what would change it, what must be resolved before
signing, and the KPIs to write into the contract. Nothing is read from files another notebook
wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from helpers import display, pilots, policy, policy_words, scoring, sensitivity, timezones
from helpers import evidence as evidence_rules
from helpers import needs as needs_rules
from helpers.settings import Settings, contract_period, project_settings
from helpers.words import count, money, names, percent, plural


@dataclass
class Decision:
    """What ``decide`` worked out (tables are DataFrames; texts are plain sentences).

    recommended / runner_up   vendor names, by the decision policy (``helpers.policy``):
                              the best-ranked vendor without a blocking issue, and the next one
                              (recommended is None when nobody is left or every vendor is blocked)
    headline                  the recommendation's sentences and advice, apart
                              (``policy_words.headline_parts``): the front page sets the status apart
    sentence                  (property) the recommendation in one go (``policy_words.joined``)
    reasons                   why, one line per step (knock-outs, ranking, cost, pilot, overlap)
    must_resolve              what must be settled before signing (open red flags, unmet checks;
                              first, when step 01 would keep every function in-house, that)
    would_change              what would change the decision
    ranking                   ``helpers.scoring.PartnerRanking``
    lead_probability          share of plausible weightings in which the recommended vendor leads
                              the vendors without a blocking issue (None with fewer than two)
    probabilities, tipping    ``rank_probabilities`` and ``tipping_points`` on the ranking
    robustness                the sentence of ``robustness_summary``
    pilot                     ``pilots.compare`` result (None without a two-vendor pilot)
    pilot_summary             ``pilots.summarize`` result (empty without a pilot)
    overlap                   ``timezones.overlap_summary`` per vendor (empty without sites)
    overlap_sentence          ``timezones.overlap_headline``
    contract_kpis             need, KPI, target, how measured, and the pilot result when there is one
    period                    (first, last) date of the overlap check
    evidence                  ``helpers.evidence.evidence_overview`` of the vendors in the race
                              (replies during selection and reference checks; empty without them)
    settings                  the judgement settings used (``helpers.settings.Settings``)
    notes                     further remarks (first, the functions step 01 would keep in-house;
                              evaluator disagreements, evidence that disagrees with a score,
                              what was not measured)
    policy                    ``helpers.policy.PolicyOutcome``: the four steps as values
    policy_steps              the four steps in words (``policy_words.steps``)
    """

    recommended: str | None
    runner_up: str | None
    headline: tuple[list[str], str]
    reasons: list[str]
    must_resolve: list[str]
    would_change: list[str]
    ranking: scoring.PartnerRanking
    lead_probability: float | None
    probabilities: pd.DataFrame
    tipping: pd.DataFrame
    robustness: str
    pilot: pd.DataFrame | None
    pilot_summary: pd.DataFrame
    overlap: pd.DataFrame
    overlap_sentence: str
    contract_kpis: pd.DataFrame
    period: tuple[dt.date, dt.date]
    notes: list[str] = field(default_factory=list)
    evidence: pd.DataFrame = field(default_factory=pd.DataFrame)
    settings: Settings | None = None
    policy: policy.PolicyOutcome | None = None
    policy_steps: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def sentence(self) -> str:
        return policy_words.joined(*self.headline)


def overlap_by_vendor(project, period: tuple[dt.date, dt.date]) -> tuple[pd.DataFrame, str, int | None]:
    """Overlap of the client's site with each vendor over ``period``: the summary per vendor,
    its headline sentence, and the minimum daily overlap (minutes or None): the need with
    checks = overlap_hours, else the largest functions.live_overlap_hours
    (``helpers.needs.overlap_minimum``; the sentence says so when the functions set it)."""
    rule = needs_rules.overlap_minimum(project.needs, project.functions)
    minimum = None if rule is None else rule.minutes
    source = rule.describe() if rule is not None and rule.need_id is None else ""
    first, last = period
    found = timezones.project_sites(project.sites, project.vendors, timezones.years_between(first, last))
    client, vendor_sites = found.client, found.vendors
    if client is None:
        return pd.DataFrame(), found.describe(), minimum
    daily = timezones.daily_overlap_by_vendor(client, vendor_sites, first, last)
    summary = timezones.overlap_summary(daily, timezones.working_days(client, first, last), minimum)
    sentence = timezones.overlap_headline(summary, minimum, client=client.name)
    return summary, " ".join(filter(None, [sentence, source, found.assumed_note()])), minimum


def contract_kpis(needs: pd.DataFrame, pilot_summary: pd.DataFrame, vendor: str | None) -> pd.DataFrame:
    """The KPIs to write into the contract: every need with a KPI and a target, with how it is
    measured and, for pilot KPIs, what ``vendor`` achieved in the pilot."""
    rows = needs[needs["kpi"].notna() & needs["target"].notna()]
    pilot_result = {}
    if vendor is not None and not pilot_summary.empty:
        mine = pilot_summary[pilot_summary["vendor"] == vendor].set_index("kpi")
        for kpi, row in mine.iterrows():
            if row["n"] > 0:
                scale = 100 if pilots.KPIS[kpi].kind == "rate" else 1
                pilot_result[kpi] = f"{row['estimate'] * scale:.3g} {'%' if scale == 100 else row['unit']}"
    return pd.DataFrame(
        {
            "need": rows["need"].to_numpy(),
            "priority": rows["priority"].to_numpy(),
            "kpi": rows["kpi"].to_numpy(),
            "target": needs_rules.target_text(rows).to_numpy(),
            "measured_by": rows["measured_by"].fillna("").to_numpy(),
            "in_pilot": [pilot_result.get(k, "") if isinstance(k, str) else "" for k in rows["pilot_kpi"]],
        }
    )


def _hours_text(hours: float) -> str:
    return "no reply yet" if pd.isna(hours) else f"{hours:.1f} working hours"


def evidence_findings(
    evidence: evidence_rules.SelectionEvidence, finalists: list[str], weak_at_most: float = 2
) -> tuple[list[str], list[str], list[str]]:
    """What the responsiveness log and the reference checks say about the finalists.

    Takes a ``SelectionEvidence`` (``rank_partners(...).evidence``), the finalists (the
    recommended vendor first) and the highest reference answer that must be raised before
    signing. Returns ``(reasons, must_resolve, notes)``: a sentence each on replies and
    references; per finalist the questions still unanswered, too few checkable references,
    slow replies and reference answers of ``weak_at_most`` or less (quoted); and the notes
    where a score and the evidence disagree.
    """
    reasons, must_resolve, notes = [], [], []
    summary, refs = evidence.responsiveness, evidence.references
    if len(evidence.response_times) and finalists:
        parts = []
        for vendor in finalists:
            row = summary.loc[vendor]
            if row["questions"] == 0:
                parts.append(f"{vendor} was asked nothing")
                continue
            open_text = (
                f"{int(row['unanswered'])} of {int(row['questions'])} questions unanswered"
                if row["unanswered"]
                else f"all {int(row['questions'])} questions answered"
            )
            trend = f", {row['trend']}" if row["trend"] in ("slower", "faster") else ""
            parts.append(f"{vendor} replied in a median {_hours_text(row['median_working_h'])} ({open_text}{trend})")
        reasons.append("Responsiveness during selection: " + "; ".join(parts) + ".")
        for vendor in finalists:
            row = summary.loc[vendor]
            if row["unanswered"]:
                must_resolve.append(
                    f"{vendor}: {count(int(row['unanswered']), 'question')} still unanswered "
                    f"({row['unanswered_topics']}): get written answers before signing."
                )
            measured = evidence_rules.band(row["median_working_h"], row["unanswered_share"])
            if measured in ("slow", "no reply"):
                must_resolve.append(
                    f"{vendor} replied slowly during selection (median "
                    f"{_hours_text(row['median_working_h'])}): write response times into the contract."
                )
    if len(refs) and finalists:
        parts = []
        for vendor in finalists:
            row = refs.loc[vendor]
            text = (
                f"{vendor} {int(row['checked'])} of {int(row['offered'])} checked "
                f"({int(row['same_industry'])} from your industry)"
            )
            if not pd.isna(row["overall"]):
                text += (
                    f", mean answer {row['overall']:.1f} of 5, weakest {row['weakest']} ({row['weakest_score']:.1f})"
                )
            parts.append(text)
        reasons.append("Reference checks: " + "; ".join(parts) + ".")
        for vendor in finalists:
            row = refs.loc[vendor]
            if row["too_few_checkable"]:
                must_resolve.append(
                    f"{vendor}: only {count(int(row['checked']), 'checkable reference')}, a red flag: "
                    "call two comparable clients before signing."
                )
        weak = evidence.weakest_answers
        weak = weak[weak["vendor"].isin(finalists) & (weak["score"] <= weak_at_most)]
        for _, answer in weak.iterrows():
            quote = f': "{answer["comment"]}"' if answer["comment"] else ""
            must_resolve.append(
                f"{answer['vendor']}: a reference ({answer['reference']}) scored {answer['question']} "
                f"{answer['score']:.0f} of 5{quote}. Ask how it is fixed, and write it into the contract."
            )
    for table in (evidence.communication_check, evidence.reference_check):
        if len(table):
            notes += [note for vendor, note in table["note"].items() if note and vendor in finalists]
    notes += evidence.notes
    return reasons, must_resolve, notes


def kept_in_house(functions: pd.DataFrame) -> pd.DataFrame:
    """The functions that the outsourcing check of step 01
    (``helpers.needs.outsourcing_recommendation``) advises keeping in-house, with its reasons:
    columns ``function`` and ``reasons``; empty without a functions table. That rule (mission-
    critical, unique value, not measurable) uses none of notebook 01's thresholds."""
    check = needs_rules.outsourcing_recommendation(functions)
    kept = check[check["recommendation"] == needs_rules.RECOMMENDATIONS[0]]
    return kept[["function", "reasons"]].reset_index(drop=True)


def in_house_cautions(functions: pd.DataFrame) -> tuple[list[str], list[str]]:
    """What the decision must say when step 01 advises keeping functions in-house. The project
    does not say which function the vendors would take over, so the recommendation cannot be
    squared with that advice silently. Returns ``(must_resolve, notes)``: when every candidate
    function is to stay in-house, a point to settle before signing; when only some are, a
    note naming them; nothing when none is."""
    kept = kept_in_house(functions)
    if kept.empty:
        return [], []
    listed = "; ".join(f"{row['function']} ({row['reasons']})" for _, row in kept.iterrows())
    if len(kept) == len(functions):
        return [
            f"The outsourcing check in step 01 advises keeping every candidate function in-house: {listed}. "
            "Decide whether to outsource at all before signing with any vendor: this recommendation "
            "does not override that advice."
        ], []
    what, which = ("this function", "it") if len(kept) == 1 else ("these functions", "any of them")
    return [], [
        f"The outsourcing check in step 01 advises keeping {what} in-house: {listed}. If this contract "
        f"would hand {which} over, settle that first: this recommendation does not override that advice."
    ]


def pilot_criteria(needs: pd.DataFrame, kpis) -> list[str]:
    """The scoring criteria fed by the needs whose ``pilot_kpi`` is one of ``kpis``, in the
    needs' order (empty when no such need names a criterion)."""
    if "pilot_kpi" not in needs or "criterion" not in needs:
        return []
    rows = needs[needs["pilot_kpi"].isin(list(kpis)) & needs["criterion"].notna()]
    return list(dict.fromkeys(str(c) for c in rows["criterion"]))


@dataclass
class _Findings:
    """What one step adds to the decision: reasons, points to settle before signing, what
    would change it, and further notes (see ``Decision``)."""

    reasons: list[str] = field(default_factory=list)
    must_resolve: list[str] = field(default_factory=list)
    would_change: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, other: _Findings) -> None:
        self.reasons += other.reasons
        self.must_resolve += other.must_resolve
        self.would_change += other.would_change
        self.notes += other.notes


def knockout_reasons(excluded: pd.DataFrame) -> list[str]:
    """One reason per vendor knocked out by its unmet must-haves (``PartnerRanking.excluded``)."""
    return [
        f"{vendor} is out: it does not meet the {plural(len(unmet), 'must-have')} "
        f"{'; '.join(unmet['need'].astype(str))}."
        for vendor, unmet in excluded.groupby("vendor", sort=False)
    ]


@dataclass
class _Robustness:
    """How sure the ranking is: the sensitivity results and what they add to the decision."""

    probabilities: pd.DataFrame
    tipping: pd.DataFrame
    sentence: str
    lead_probability: float | None
    findings: _Findings


def ranking_robustness(
    ranking: scoring.PartnerRanking, settings: Settings, seed: int, n_draws: int, blocked=()
) -> _Robustness:
    """With two or more vendors in the race: the rank probabilities and tipping points of the
    ranking, the leader's reason (score, gap, ``robustness_summary``) and the two closest
    tipping points (one per criterion) as what would change the decision (a vendor in
    ``blocked``, not recommendable until resolved, would lead the ranking only). With one
    vendor, the reason that there is no ranking to test; with none, nothing."""
    table = ranking.ranking
    in_race = list(table.index)
    if len(in_race) < 2:
        only = [f"{in_race[0]} is the only vendor left in the race, so there is no ranking to test."] if in_race else []
        return _Robustness(pd.DataFrame(), pd.DataFrame(), "", None, _Findings(reasons=only))
    recommended, runner_up = in_race[0], in_race[1]
    problem = ranking.decision_matrix()  # checked once for both questions
    probabilities = ranking.rank_probabilities(n=n_draws, seed=seed, concentration=settings.weight_concentration)
    tipping = sensitivity.tipping_points_of(problem, normalize="none")
    robustness = sensitivity.robustness_summary(probabilities, tipping)
    gap = float(table.loc[recommended, "score"] - table.loc[runner_up, "score"])
    findings = _Findings(
        reasons=[
            f"{recommended} ranks first with {table.loc[recommended, 'score']:.2f} of 5, "
            f"{gap:.2f} ahead of {runner_up}; {robustness}"
        ]
    )
    for point in sensitivity.closest_tipping_points(tipping, limit=2, one_per_criterion=True):
        but = ", but it is not recommendable until resolved" if point.new_leader in blocked else ""
        findings.would_change.append(
            f"{point.new_leader} would lead if {point.criterion} weighed "
            f"{'more' if point.side == 'above' else 'less'} than {percent(point.at)} "
            f"(now {percent(point.weight)}){but}."
        )
    return _Robustness(probabilities, tipping, robustness, float(probabilities.loc[recommended, 1]), findings)


def cost_reason(costs: pd.DataFrame, recommended: str, in_race: list[str]) -> str:
    """The recommended vendor's yearly cost all in, the part beyond the quoted rate, and the
    cheapest vendor in the race when that is another."""
    currency = str(costs.loc[recommended, "currency"])
    cheapest = costs.loc[in_race, "total"].idxmin()
    line = (
        f"{recommended} costs {money(costs.loc[recommended, 'total'], currency)} a year all in "
        f"({money(costs.loc[recommended, 'hidden'], currency)} of it beyond the quoted rate)"
    )
    if cheapest != recommended:
        line += f"; {cheapest} would be cheapest at {money(costs.loc[cheapest, 'total'], currency)}"
    return line + "."


@dataclass
class _PilotResult:
    """The pilot as the decision uses it: its summary, the comparison of two vendors (None
    when fewer than two were piloted), the KPIs on which the runner-up beat the leader (short
    names) and what it adds to the decision."""

    summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    comparison: pd.DataFrame | None = None
    runner_up_better_on: list[str] = field(default_factory=list)
    findings: _Findings = field(default_factory=_Findings)


def pilot_summary(project, exclude_weeks: tuple) -> pd.DataFrame:
    """``pilots.summarize`` of the project's pilot (empty without pilot tickets)."""
    tickets = project.pilot_tickets
    if tickets.empty:
        return pd.DataFrame()
    return pilots.summarize(tickets, exclude_weeks=exclude_weeks, vendors=project.vendors)


def pilot_findings(
    project,
    recommended: str | None,
    runner_up: str | None,
    exclude_weeks: tuple,
    seed: int,
    summary: pd.DataFrame | None = None,
) -> _PilotResult:
    """Compare the finalists in the pilot (or the first two piloted vendors when they were not
    both piloted): the headline as a reason; when only the runner-up did better, which
    re-scoring could put it first; the KPIs a longer pilot could still settle; or a note that
    the pilot cannot compare vendors. ``summary``: the ``pilot_summary`` already computed."""
    tickets = project.pilot_tickets
    result = _PilotResult()
    if tickets.empty:
        return result
    found = result.findings
    result.summary = pilot_summary(project, exclude_weeks) if summary is None else summary
    piloted = pilots.compared_vendors(tickets, exclude_weeks)
    if len(piloted) < 2:
        if tickets["vendor"].nunique() >= 2:
            found.notes.append(
                f"Only {piloted[0] if piloted else 'no vendor'} has pilot tickets outside the ramp-up "
                f"{plural(len(exclude_weeks), 'week')} {', '.join(map(str, exclude_weeks))}, "
                "so the pilot cannot compare vendors."
            )
        else:
            found.notes.append("Only one vendor was piloted, so the pilot cannot compare vendors.")
        return result
    pair = [recommended, runner_up] if {recommended, runner_up} <= set(piloted) else piloted[:2]
    comparison = pilots.compare(
        tickets,
        pair[0],
        pair[1],
        exclude_weeks=exclude_weeks,
        seed=seed,
        min_important=needs_rules.min_important_differences(project.needs),
        vendors=project.vendors,
    )
    result.comparison = comparison
    found.reasons.append(
        f"Pilot ({pair[0]} vs {pair[1]}, {plural(len(exclude_weeks), 'week')} "
        f"{', '.join(map(str, exclude_weeks)) or 'none'} "
        f"left out): {pilots.headline(comparison)}."
    )
    won = {side: list(comparison.index[comparison["verdict"] == f"{side} better"]) for side in ("a", "b")}
    better = {side: [pilots.KPIS[k].short for k in kpis] for side, kpis in won.items()}
    if runner_up == pair[1] and better["b"] and not better["a"]:
        result.runner_up_better_on = better["b"]
        fed = pilot_criteria(project.needs, won["b"])
        rated = set(project.criteria.loc[project.criteria["source"] == "scores", "criterion"])
        criteria = [c for c in fed if c in rated]  # one already scored from the pilot has the evidence in it
        rescore = (
            f"Scoring {names(criteria)} from the pilot (a measured criterion, source pilot:<KPI>: docs/data.md)"
            if criteria
            else "Weighing the pilot evidence in the scores"
        )
        if criteria or not fed:
            found.would_change.append(f"{rescore} could put {runner_up} first: it did better on {names(better['b'])}.")
    undecided = comparison[comparison["verdict"] == "not enough evidence"]
    if len(undecided):
        found.would_change.append(
            f"A longer pilot could still separate them on {', '.join(pilots.KPIS[k].short for k in undecided.index)}."
        )
    return result


def overlap_findings(
    overlap: pd.DataFrame, sentence: str, minimum: int | None, recommended: str | None, period: tuple[dt.date, dt.date]
) -> _Findings:
    """The working-hours overlap as a reason, and the days the recommended vendor falls short
    of the minimum as a point to settle (nothing without sites)."""
    if overlap.empty:
        return _Findings()
    found = _Findings(reasons=[f"Working hours ({period[0]:%d %b %Y} to {period[1]:%d %b %Y}): {sentence}"])
    if recommended in overlap.index and minimum is not None and not bool(overlap.loc[recommended, "meets_minimum"]):
        days = int(overlap.loc[recommended, "days_short"])
        found.must_resolve.append(
            f"{recommended} falls short of the minimum daily overlap on {days} working days: "
            "agree cover for those days."
        )
    return found


def red_flag_checks(flags: pd.DataFrame, finalists: list[str]) -> list[str]:
    """The open red flags of the finalists, each a point to settle before signing."""
    if flags.empty:
        return []
    checks = []
    for vendor in finalists:
        for _, flag in flags[flags["vendor"] == vendor].iterrows():
            note = f" ({flag['note']})" if isinstance(flag.get("note"), str) and flag["note"] else ""
            checks.append(f"{vendor}: {flag['severity']} red flag, {flag['flag']}{note}.")
    return checks


def disagreement_notes(disagreements: pd.DataFrame, finalists: list[str]) -> list[str]:
    """A note for each criterion on which the evaluators disagreed about a finalist."""
    return [
        f"Evaluators disagreed on {row['vendor']} / {row['criterion']}: talk it through before signing."
        for _, row in disagreements.iterrows()
        if row.get("vendor") in finalists
    ]


def decide(
    project,
    contract_start=None,
    exclude_weeks=None,
    seed: int = 0,
    n_draws: int = 10_000,
    settings: Settings | None = None,
) -> Decision:
    """Bring every step together into a recommendation.

    Takes a loaded project and optionally the contract's first day and the pilot weeks to leave
    out (default: the project's settings, ``helpers.settings.project_settings``: contract_start,
    ramp_up_weeks; ``settings`` replaces them as a whole), and the seed and number of weight
    draws for the sensitivity analysis (whose spread is the setting weight_concentration).
    Returns a ``Decision``. Raises ``InputError`` as the step functions do for malformed tables.
    """
    settings = settings or project_settings(project)
    if contract_start is not None:
        settings = settings.replace(contract_start=pd.Timestamp(contract_start).date())
    exclude_weeks = settings.exclude_weeks if exclude_weeks is None else tuple(exclude_weeks)
    ranking = scoring.rank_partners(project, settings=settings)
    in_race = list(ranking.ranking.index)
    leader = in_race[0] if in_race else None
    found = _Findings(reasons=knockout_reasons(ranking.excluded))

    # Time-zone overlap over the first contract year (the leader's contract, if shorter)
    months = int(project.vendors.set_index("vendor").loc[leader, "contract_months"]) if leader else 12
    period = contract_period(settings.contract_start, min(months, 12))
    overlap, overlap_sentence, minimum = overlap_by_vendor(project, period)

    # The decision policy (helpers.policy): knock-outs, gates, ranking, how sure
    summary = pilot_summary(project, exclude_weeks)
    targets = pilots.check_targets(summary, project.needs) if len(summary) else pd.DataFrame()
    issues = policy.open_issues(in_race, ranking.red_flags, overlap, minimum, targets, project.needs)
    outcome = policy.apply_policy(ranking, issues, settings, seed=seed, n_draws=n_draws)
    recommended, runner_up = outcome.recommended, outcome.runner_up
    first = recommended or leader  # the vendor the rest of the page is about
    finalists = [v for v in (first, runner_up) if v is not None]

    robustness = ranking_robustness(ranking, settings, seed, n_draws, blocked=outcome.gated)
    found.add(robustness.findings)
    found.would_change[:0] = policy_words.would_change(outcome)
    if first is not None:
        found.reasons.append(cost_reason(ranking.costs, first, in_race))
    pilot = pilot_findings(project, first, runner_up, exclude_weeks, seed, summary)
    found.add(pilot.findings)
    found.add(overlap_findings(overlap, overlap_sentence, minimum, first, period))

    # Step 01 may advise keeping a function in-house: the recommendation must say so, first
    if first is not None:
        in_house_checks, in_house_notes = in_house_cautions(project.functions)
        found.must_resolve[:0], found.notes[:0] = in_house_checks, in_house_notes
    found.must_resolve += red_flag_checks(ranking.red_flags, finalists)
    found.notes += disagreement_notes(ranking.disagreements, finalists)

    # The evidence behind the scores: replies during selection and the reference checks
    overview = pd.DataFrame()
    if ranking.evidence is not None:
        reasons, checks, notes = evidence_findings(ranking.evidence, finalists)
        found.add(_Findings(reasons=reasons, must_resolve=checks, notes=notes))
        overview = evidence_rules.evidence_overview(ranking.evidence, in_race)

    parts, advice = policy_words.headline_parts(outcome, pilot.runner_up_better_on)
    if not parts:  # nobody left in the race: the ranking says why
        parts = [scoring.race_headline(ranking, project.must_haves).removesuffix(".")]
    return Decision(
        recommended=recommended,
        runner_up=runner_up,
        headline=(parts, advice),
        reasons=found.reasons,
        must_resolve=found.must_resolve,
        would_change=found.would_change,
        ranking=ranking,
        lead_probability=outcome.lead_probability,
        probabilities=robustness.probabilities,
        tipping=robustness.tipping,
        robustness=robustness.sentence,
        pilot=pilot.comparison,
        pilot_summary=pilot.summary,
        overlap=overlap,
        overlap_sentence=overlap_sentence,
        contract_kpis=contract_kpis(project.needs, summary, first),
        period=period,
        notes=found.notes,
        evidence=overview,
        settings=settings,
        policy=outcome,
        policy_steps=policy_words.steps(outcome, ranking.ranking["score"]),
    )


def inputs_appendix(project) -> pd.DataFrame:
    """Who scored, how much evidence each table holds, and the pilot's dates: one row per table."""
    rows = []
    for name, frame in project.tables.items():
        detail = ""
        if name == "scores" and not frame.empty:
            detail = f"{frame['evaluator'].nunique()} evaluators: " + ", ".join(sorted(frame["evaluator"].unique()))
        elif name == "pilot_tickets" and not frame.empty:
            detail = (
                f"{frame['created_at'].min():%d %b %Y} to {frame['created_at'].max():%d %b %Y}, "
                f"{frame['vendor'].nunique()} vendors"
            )
        elif name == "vendors" and not frame.empty:
            detail = ", ".join(frame["vendor"])
        rows.append({"table": name, "rows": len(frame), "detail": detail})
    return pd.DataFrame(rows)


def emphasis(text: str) -> display.Shown:
    """One sentence in bold, shown as text (see ``bullets``)."""
    return display.strong(text)


def bullets(lines: list[str], empty: str = "Nothing.") -> display.Shown:
    """A bulleted list of plain sentences, or ``empty``. They carry vendor names and other user
    text, so they go out as escaped HTML and never as Markdown (``helpers.display``): a name
    never becomes a link, an image or a script on the page."""
    return display.bullet_list(lines, empty)
