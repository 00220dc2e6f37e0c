"""Exercises 2 (notebooks/exercises/02_scoring_exercises.ipynb): scoring the partners. Hidden
costs, a weighted score by hand, red flags, how sure the leader is, and what the decision
policy makes of it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import words
from helpers.exercises.answers import (
    _as_name_list,
    _as_number,
    _match_name,
    _refuse_placeholder,
    _settings_given,
    _skip_without,
    _table,
)
from helpers.exercises.feedback import Feedback, _friendly, _NotYet, _Skip


@_friendly
def check_hidden_costs(answer, project) -> Feedback:
    """Check which vendor's hidden costs are the largest share of its base fee.

    Takes a vendor name and the loaded project; the truth is ``hidden / base`` from
    ``helpers.scoring.yearly_cost(project.vendors)``.
    """
    from helpers.scoring import yearly_cost

    vendors = _table(project, "vendors")
    _refuse_placeholder(answer, 'a vendor name in quotes, e.g. "Some Vendor Ltd"')
    costs = yearly_cost(vendors)
    known = list(costs.index.astype(str))
    if isinstance(answer, (list, tuple)) and len(answer) == 1:
        answer = answer[0]
    given = _match_name(answer, known, "vendor")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (costs["hidden"] / costs["base"]).replace([np.inf, -np.inf], np.nan)
    truth = share.idxmax()
    currency = costs["currency"].astype(str)
    lines = [
        f"{v}: hidden {words.percent(share[v])} of the base fee ({costs.at[v, 'hidden']:,.0f} "
        f"on {costs.at[v, 'base']:,.0f} {currency[v]} a year)"
        for v in share.sort_values(ascending=False).index
    ]
    if given == truth:
        return Feedback(
            "correct",
            f"{truth}'s hidden costs add {words.percent(share[truth])} to its base fee: its yearly "
            f"total is {costs.at[truth, 'total']:,.0f} {currency[truth]}, not the "
            f"{costs.at[truth, 'base']:,.0f} the rate card suggests.",
            lines,
        )
    raise _NotYet(
        f"{given}'s hidden costs are {words.percent(share[given])} of its base fee; another vendor's "
        "are a larger share.",
        hint="hidden = every cost item except the base fee (minimum top-up, after-hours and "
        "overtime premiums, governance, transition and exit spread over the contract). Divide "
        "each vendor's hidden by its base.",
    )


@_friendly
def check_weighted_score(answer, project, vendor) -> Feedback:
    """Check a vendor's weighted score computed by hand.

    Takes the number, the loaded project and the vendor's name (``choose_vendor_to_score``;
    None when no vendor is left, and the task is skipped). The truth is the ``score``
    of ``helpers.scoring.rank_partners(project).ranking`` (weights summing to 1 times the
    1-5 scores); within 0.01 is correct. Recognises weights used in percent and the plain
    average of the scores.
    """
    from helpers.scoring import rank_partners

    _table(project, "vendors")
    result = rank_partners(project)
    if vendor is None or result.ranking.empty:
        raise _Skip(
            "no vendor is left in the race after the knock-outs, so there is no score to "
            "compute. Move on to the next task."
        )
    _refuse_placeholder(answer, "a number, e.g. 3.75")
    number = _as_number(answer, "your score")
    name = _match_name(
        vendor, list(result.matrix.index.astype(str)) or list(project.vendors["vendor"]), "vendor still in the race"
    )
    score = float(result.ranking.at[name, "score"])
    plain_mean = float(result.matrix.loc[name].mean())
    if abs(number - score) <= 0.01:
        leader = result.ranking.index[0]
        position = (
            f"{name} leads"
            if leader == name
            else f"{leader} leads with {result.ranking.at[leader, 'score']:.2f}, "
            f"{result.ranking.at[name, 'behind_leader']:.2f} points ahead"
        )
        biggest = result.contributions.loc[name].sort_values(ascending=False)
        return Feedback(
            "correct",
            f"{name} scores {score:.2f} of 5; {position}.",
            ["largest contributions: " + ", ".join(f"{c} {v:.2f}" for c, v in biggest.head(3).items())],
        )
    if abs(number / 100 - score) <= 0.01:
        raise _NotYet(
            "that is 100 times the score: you used the weights in percent. Use them as "
            "shares that add up to 1 (result.weights), or divide by 100."
        )
    if abs(number - plain_mean) <= 0.01:
        raise _NotYet(
            "that is the plain average of the scores: every criterion counted the "
            "same. Multiply each score by its criterion's weight first, then add up."
        )
    raise _NotYet(
        f"{number:g} is {abs(number - score):.2f} points away from the weighted score of {name}.",
        hint="multiply each of the vendor's 1-5 scores by its criterion's weight (the weights "
        "add up to 1) and add the products: (result.matrix.loc[vendor] * result.weights).sum().",
    )


@_friendly
def check_red_flags(answer, project) -> Feedback:
    """Check which vendors still in the race have an open red flag of medium or high severity.

    Takes a list of vendor names and the loaded project; the truth comes from
    ``helpers.scoring.rank_partners`` (open flags of the vendors that passed the knock-outs).
    """
    from helpers.scoring import rank_partners

    flags_table = _skip_without(project, "red_flags", "red flag")
    _refuse_placeholder(answer, 'a list of vendor names, e.g. ["Some Vendor Ltd"]')
    result = rank_partners(project)
    vendors = list(project.vendors["vendor"].astype(str))
    given = _as_name_list(answer, vendors, "vendor", '["Some Vendor Ltd"]')
    in_race = list(result.ranking.index.astype(str))
    flags = result.red_flags
    serious = flags[flags["severity"].isin(["high", "medium"]) & flags["vendor"].isin(in_race)]
    truth = list(dict.fromkeys(v for v in in_race if v in set(serious["vendor"])))

    def described(vendor: str) -> str:
        rows = serious[serious["vendor"] == vendor]
        return "; ".join(f"{f} ({s})" for f, s in zip(rows["flag"], rows["severity"]))

    details = [f"{v} has an open flag to raise: {described(v)}." for v in truth if v not in given]
    for vendor in (v for v in given if v not in truth):
        if vendor not in in_race:
            details.append(
                f"{vendor} is already out (it fails a must-have): its flags no longer "
                "change the choice, they only confirm the knock-out."
            )
            continue
        own = flags_table[flags_table["vendor"].astype(str) == vendor]
        status = (
            own["status"].astype(str).str.lower() if "status" in own.columns else pd.Series("open", index=own.index)
        )
        words = [
            f"'{f}' is {'resolved' if st == 'resolved' else s}"
            for f, s, st in zip(own["flag"], own["severity"].astype(str).str.lower(), status)
        ]
        details.append(
            f"{vendor}: " + ("; ".join(words) if words else "no red flag at all") + " — nothing serious is open."
        )
    if not details:
        if not truth:
            return Feedback("correct", "no vendor in the race has a serious open flag.")
        return Feedback(
            "correct",
            "raise these before signing. They sit beside the ranking, not inside the average: a "
            "high score never hides them.",
            [f"{v}: {described(v)}" for v in truth],
        )
    raise _NotYet(
        "not quite the vendors with serious open flags.",
        details,
        "keep only flags whose status is open (not resolved), of severity medium or high, of "
        "vendors still ranked (not knocked out).",
    )


@_friendly
def check_leader_share(answer, project, n: int = 10_000, concentration: float = 200, seed: int = 0) -> Feedback:
    """Check the share of plausible weightings in which the leader stays first.

    Takes a share (0..1) or a percentage (above 1, up to 100), the loaded project and the
    settings of ``helpers.sensitivity.rank_probabilities`` the notebook used. The truth is
    column 1 of ``rank_probabilities`` for the leader of ``rank_partners``; within 2
    percentage points is correct.
    """
    from helpers.scoring import rank_partners
    from helpers.sensitivity import rank_probabilities

    _table(project, "vendors")
    result = rank_partners(project)
    if result.ranking.empty:
        raise _Skip(
            "no vendor is left in the race after the knock-outs, so there is no leader. Move on to the next exercises."
        )
    _refuse_placeholder(answer, "a share such as 0.5 or a percentage such as 50")
    number = _as_number(answer, "your share")
    share = number / 100 if number > 1 else number
    if not 0 <= share <= 1:
        raise _NotYet(f"{number:g} is not a share: expected a number from 0 to 1 (or a percentage from 0 to 100).")
    with _settings_given("settings of rank_probabilities (n, concentration, seed)"):
        probabilities = rank_probabilities(
            result.matrix, result.weights, normalize=result.normalize, n=n, concentration=concentration, seed=seed
        )
    leader = result.ranking.index[0]
    truth = float(probabilities.at[leader, 1])
    if abs(share - truth) <= 0.02:
        others = probabilities[1].drop(leader).sort_values(ascending=False)
        runner = others.index[0] if len(others) else None
        meaning = (
            "the ranking holds under almost any reasonable weighting."
            if truth >= 0.9
            else "a lead that flips under this many plausible weightings is not a decision "
            "yet: let the pilot and the red flags settle it."
        )
        return Feedback(
            "correct",
            f"{leader} comes first in {words.percent(truth)} of plausible weightings"
            + (f", {runner} in {words.percent(others.iloc[0])}" if runner is not None else "")
            + f"; {meaning}",
        )
    for vendor, value in probabilities[1].items():
        if vendor != leader and abs(share - value) <= 0.02:
            raise _NotYet(f"that is how often {vendor} comes first; the question is about the leader, {leader}.")
    for rank in probabilities.columns[1:]:
        if abs(share - probabilities.at[leader, rank]) <= 0.02:
            raise _NotYet(f"that is how often {leader} comes {_ordinal(rank)}; read the column of rank 1.")
    raise _NotYet(
        f"{words.percent(share, 2, trim=True)} is not what the table says for {leader}.",
        hint="find the leader's row in the table of rank probabilities and read the column "
        "headed 1: the share of weight draws in which it ranks first.",
    )


def _ordinal(rank) -> str:
    rank = int(rank)
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def choose_vendor_to_score(result) -> tuple[str | None, str]:
    """The vendor whose weighted score exercise 2, task 2 asks for: the runner-up of the
    ranking (the leader when it is alone). Returns ``(vendor or None, a sentence)``."""
    ranked = list(result.ranking.index.astype(str))
    if not ranked:
        return None, "No vendor is left after the knock-outs: skip tasks 2 to 4."
    vendor = ranked[1] if len(ranked) > 1 else ranked[0]
    place = "the runner-up" if len(ranked) > 1 else "the only vendor left"
    return vendor, f"Task 2 is about {vendor}, {place} of the ranking."


@_friendly
def check_policy_outcome(answer, project) -> Feedback:
    """Check what the decision policy makes of the ranking: "recommend", "close call" or
    "none recommendable" (``helpers.policy``: the headline of notebook 05).

    Takes the answer (one of those words, any case) and the loaded project; the truth is
    ``helpers.decision.decide(project).policy``. Skipped when no vendor is left in the race.
    """
    from helpers import policy
    from helpers.decision import decide
    from helpers.scoring import rank_partners
    from helpers.sensitivity import drawn

    _table(project, "vendors")
    if rank_partners(project).ranking.empty:  # the knock-outs left nobody: the policy has nothing to say
        raise _Skip("no vendor is left in the race after the knock-outs: nothing to recommend. Move on.")
    kinds = (policy.RECOMMEND, policy.CLOSE_CALL, policy.NONE_RECOMMENDABLE)
    _refuse_placeholder(answer, " or ".join(f'"{kind}"' for kind in kinds))
    given = _match_name(answer, list(kinds), "answer")  # before the rest of the report's work
    outcome = decide(project).policy
    below = outcome.settings["close_call_below"]
    if outcome.status == policy.NONE_RECOMMENDABLE:
        why = f"every vendor in the race has a blocking issue: {words.names(outcome.gated)} (step 2)."
    elif outcome.lead_probability is None:
        why = f"{outcome.recommended} is the only vendor without a blocking issue, so there is no lead to test."
    else:
        share = words.percent(outcome.lead_probability)
        side = "below" if outcome.close_call else "at or above"
        why = (
            f"{outcome.recommended} leads in {share} of {drawn(outcome.probabilities)}, {side} the "
            f"{words.percent(below)} from which the policy recommends (close_call_below)."
        )
    if given == outcome.status:
        meaning = {
            policy.RECOMMEND: "the report recommends it, with its open issues named beside it.",
            policy.CLOSE_CALL: "the report says so instead of crowning the leader: let the pilot, the red flags "
            "and what would change the answer decide between the front-runners.",
            policy.NONE_RECOMMENDABLE: "the report names what each must resolve before anyone can be recommended.",
        }[given]
        return Feedback("correct", f"{why} So {meaning}")
    raise _NotYet(
        f"the policy does not say {given!r} here.",
        [why],
        "apply the steps in order: a vendor with a blocking issue (step 2) cannot be recommended; among the "
        "others the first in the ranking leads, and below close_call_below of plausible weightings its lead "
        "is a close call.",
    )
