"""The decision policy in words: the headline and the four steps, made from a
``helpers.policy.PolicyOutcome`` (values only; nothing here decides anything).
"""

from __future__ import annotations

import pandas as pd

from helpers import policy
from helpers.pilots import KPIS
from helpers.pilots.describe import target_text
from helpers.sensitivity import drawn
from helpers.timezones.words import format_minutes
from helpers.words import names, percent

START_SMALL = "Start small: a first phase under the KPIs below, then scale."
DECIDE_ON_EVIDENCE = "Decide between them on what would change it, not on the scores alone."


def _red_flags(flags: tuple[tuple[str, str], ...], brief: bool) -> str:
    if brief:  # "1 medium red flag", "1 high and 2 low red flags"
        counts = {severity: sum(s == severity for _, s in flags) for severity in policy.SEVERITIES}
        parts = [f"{n} {severity}" for severity, n in counts.items() if n]
        return f"{names(parts)} red flag{'s' if len(flags) > 1 else ''}"
    if len(flags) == 1:
        flag, severity = flags[0]
        return f"an open {severity} red flag: {flag}"
    return f"{len(flags)} open red flags: {', '.join(f'{flag} ({severity})' for flag, severity in flags)}"


def issue_phrases(issues: policy.OpenIssues, brief: bool = False) -> list[str]:
    """One phrase per kind of open issue: "an open high red flag: pressure to sign", "10 of
    253 working days short of the 2 h overlap minimum", "the pilot target on SLA attainment
    missed (85.1 %, target >= 90 %)"; ``brief`` for a headline: "1 high red flag", "10 of 253
    working days short of the 2 h overlap", "pilot targets missed on SLA attainment and CSAT"."""
    phrases = []
    if issues.red_flags:
        phrases.append(_red_flags(issues.red_flags, brief))
    if issues.days_short:
        phrases.append(
            f"{issues.days_short} of {issues.working_days} working days short of the "
            f"{format_minutes(issues.minimum_minutes)} overlap{'' if brief else ' minimum'}"
        )
    missed = issues.targets_missed
    if missed and brief:
        kpis = names(dict.fromkeys(KPIS[miss.kpi].short for miss in missed))
        phrases.append(f"pilot target{'s' if len(missed) > 1 else ''} missed on {kpis}")
    elif missed:
        phrases += [
            f"the pilot target on {KPIS[m.kpi].short} missed "
            f"({target_text(KPIS[m.kpi], m.estimate, m.target, m.target_type)})"
            for m in missed
        ]
    return phrases


def _with_issues(vendor: str, issues: policy.OpenIssues, brief: bool = False) -> str:
    """ "Vendor — issue; issue", or the name alone when nothing is open."""
    phrases = issue_phrases(issues, brief)
    return f"{vendor} — {(', ' if brief else '; ').join(phrases)}" if phrases else vendor


def _blocked(outcome: policy.PolicyOutcome, vendors: list[str]) -> str:
    """The gated ``vendors``, each with what blocks it."""
    return ". ".join(_with_issues(v, outcome.gates[v]) for v in vendors)


def headline_parts(outcome: policy.PolicyOutcome, runner_up_better_on: list[str] = ()) -> tuple[list[str], str]:
    """The headline's sentences, without their full stops, and its advice (a sentence, or ""):
    the status first ("Recommend X, leading in 96 % of plausible weightings", "Close call:
    ...", "No vendor is recommendable until ..."), then what blocks any vendor ranked above
    it, the open issues of the recommended vendor and of the runner-up (and where the
    runner-up did better in the pilot, ``runner_up_better_on``: short KPI names), and TOPSIS
    when it disagrees. No sentences when nobody is left in the race. ``headline`` joins them;
    the report's front page sets the first apart."""
    status = outcome.status
    if status == policy.NONE_LEFT:
        return [], ""
    if status == policy.NONE_RECOMMENDABLE:
        return [
            f"No vendor is recommendable until its open issues are resolved: {_blocked(outcome, outcome.gated)}",
            f"{outcome.leader} ranks first",
        ], ""
    recommended, runner_up, share = outcome.recommended, outcome.runner_up, outcome.lead_probability
    if status == policy.CLOSE_CALL:
        lead = f"Close call: {recommended} leads {runner_up} in only {percent(share)} of {drawn(outcome.probabilities)}"
    elif share is not None:
        lead = f"Recommend {recommended}, leading in {percent(share)} of {drawn(outcome.probabilities)}"
    elif runner_up is None:
        lead = f"Recommend {recommended}, the only vendor that meets every must-have (no runner-up to fall back on)"
    else:
        lead = f"Recommend {recommended}, the only vendor in the race without an issue that blocks it"
    parts = [lead]
    above = outcome.ranked[: outcome.ranked.index(recommended)]
    if above:
        one = len(above) == 1
        what = "; ".join(issue_phrases(outcome.gates[above[0]])) if one else _blocked(outcome, above)
        parts.append(
            f"{names(above)} {'ranks' if one else 'rank'} higher but {'is' if one else 'are'} not "
            f"recommendable until resolved: {what}"
        )
    own = issue_phrases(outcome.issues[recommended], brief=True)
    if own:
        parts.append(f"Open for {recommended}: {', '.join(own)}")
    if runner_up is not None:
        text = f"Runner-up: {_with_issues(runner_up, outcome.issues[runner_up], brief=True)}"
        if runner_up_better_on:
            text += f"; it did better in the pilot on {names(runner_up_better_on)}"
        parts.append(text)
    if outcome.topsis_first:
        parts.append(f"TOPSIS (closeness to the best score on every criterion) puts {outcome.topsis_first} first")
    return parts, DECIDE_ON_EVIDENCE if status == policy.CLOSE_CALL else START_SMALL


def headline(outcome: policy.PolicyOutcome, runner_up_better_on: list[str] = ()) -> str:
    """The recommendation in a few sentences (``headline_parts``, joined). Empty when nobody
    is left in the race (``helpers.scoring.race_headline`` says why)."""
    return joined(*headline_parts(outcome, runner_up_better_on))


def joined(parts: list[str], advice: str) -> str:
    """The headline from ``headline_parts``: its sentences, then the advice."""
    return " ".join([". ".join(parts) + ".", advice]).strip() if parts else ""


def _gate_rule(settings: dict) -> str:
    severity = settings["gate_red_flag"]
    flag = "" if severity == "none" else f"an open {severity} red flag{' or worse' if severity != 'high' else ''}; "
    return (
        f"{flag}short of the overlap minimum on more than {percent(settings['gate_overlap_share'])} of working "
        "days; a must-have pilot target missed"
    )


def steps(outcome: policy.PolicyOutcome, scores: pd.Series) -> pd.DataFrame:
    """The four steps as a reader follows them: ``rule`` and ``outcome`` (words) by ``step``.
    ``scores``: each vendor's weighted score (``PartnerRanking.ranking["score"]``)."""
    settings = outcome.settings
    gated = outcome.gated
    ranked = [f"{v} {scores[v]:.2f}" for v in outcome.ranked]
    if outcome.lead_probability is None and len(outcome.contenders) == 1 and len(outcome.ranked) > 1:
        sure = f"{outcome.recommended} is the only vendor without a blocking issue: none to weigh it against"
    elif outcome.lead_probability is None:
        sure = "fewer than two vendors to compare: nothing to test"
    else:
        sure = f"{outcome.recommended} leads in {percent(outcome.lead_probability)} of {drawn(outcome.probabilities)}"
        sure += " — a close call" if outcome.close_call else ""
        sure += f"; TOPSIS puts {outcome.topsis_first} first" if outcome.topsis_first else "; TOPSIS agrees"
    rows = [
        (
            "1. Knock-outs",
            "a vendor that misses a must-have is out",
            f"out: {names(outcome.knocked_out)}" if outcome.knocked_out else "no vendor is out",
        ),
        (
            "2. Gates",
            f"not recommendable until resolved: {_gate_rule(settings)}",
            _blocked(outcome, gated) if gated else "no vendor in the race is blocked",
        ),
        (
            "3. Ranking",
            "the highest-ranked vendor without a gate is recommended",
            (", ".join(ranked) + f" → {outcome.recommended or 'none recommendable'}") if ranked else "nobody left",
        ),
        (
            "4. How sure",
            f"leading in fewer than {percent(settings['close_call_below'])} of {drawn(outcome.probabilities)} "
            "is a close call",
            sure,
        ),
    ]
    return pd.DataFrame(rows, columns=["step", "rule", "outcome"]).set_index("step")


def would_change(outcome: policy.PolicyOutcome) -> list[str]:
    """What would change the recommendation by the policy: resolving what blocks a vendor
    ranked above the recommended one (or above everyone, when none is recommendable)."""
    stop = outcome.ranked.index(outcome.recommended) if outcome.recommended else len(outcome.ranked)
    return [
        f"Resolving what blocks {vendor} ({'; '.join(issue_phrases(outcome.gates[vendor]))}) would make it "
        f"recommendable: it ranks {'first' if i == 0 else f'above {outcome.recommended}'}."
        for i, vendor in enumerate(outcome.ranked[:stop])
    ]
