"""The decision policy (helpers.policy, docs/decision-policy.md), rule by rule: an open HIGH red
flag, an overlap shortfall, a must-have pilot target missed, a close call, a TOPSIS
disagreement, every vendor blocked; and over random races, that no blocked vendor is ever
recommended and no close call is ever headlined as a plain recommendation."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import policy, policy_words
from helpers.data import load_project
from helpers.decision import decide
from helpers.scoring import SEVERITIES, DecisionMatrix, rank_partners
from helpers.sensitivity import rank_probabilities_of
from helpers.settings import project_settings


def _edited(sample_copy, table: str, change):
    path = sample_copy / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame).to_csv(path, index=False)
    return load_project(sample_copy)


def _decide(project, **changes):
    chosen = project_settings(project).replace(**changes) if changes else None
    return decide(project, contract_start="2027-01-04", settings=chosen)  # the report's 10,000 draws


@pytest.fixture(scope="module")
def sample_decision(sample_project):
    return _decide(sample_project)


def test_an_open_high_red_flag_blocks_the_leader(sample_copy):
    def raise_turnover(frame):
        frame.loc[frame["flag"] == "high staff turnover", "severity"] = "high"
        return frame

    project = _edited(sample_copy, "red_flags", raise_turnover)
    leader, second = list(rank_partners(project).ranking.index[:2])
    assert leader == "Manila Support Co"
    result = _decide(project)
    assert result.policy.gates[leader].kinds == (policy.RED_FLAG,)
    assert result.policy.gates[leader].red_flags == (("high staff turnover", "high"),)
    assert result.recommended == second and leader not in result.policy.contenders
    assert not result.sentence.startswith(f"Recommend {leader}")
    assert f"{leader} ranks higher but is not recommendable until resolved" in result.sentence
    assert "high staff turnover" in result.sentence
    assert any(line.startswith(f"Resolving what blocks {leader}") for line in result.would_change)
    # The same flag with red flags set never to block: the leader is recommended again.
    assert _decide(project, gate_red_flag="none").recommended == leader


def test_an_overlap_shortfall_on_more_than_the_set_share_of_days_blocks(sample_decision, sample_project):
    overlap = sample_decision.overlap
    share = overlap["days_short"] / overlap["working_days"]
    assert share["Manila Support Co"] == pytest.approx(10 / 253)  # as notebook 04 finds
    threshold = 0.03  # between Lisbon's 6 days (2.4 %) and Manila's 10 (4.0 %)
    result = _decide(sample_project, gate_overlap_share=threshold)
    for vendor in result.policy.ranked:
        assert (policy.OVERLAP in result.policy.gates[vendor].kinds) == (share[vendor] > threshold), vendor
    assert result.recommended == "Lisbon CX Partners"
    assert (
        "Manila Support Co ranks higher but is not recommendable until resolved: "
        "10 of 253 working days short of the 2 h overlap minimum" in result.sentence
    )
    # the default (10 %) blocks nobody in the sample: the shortfall is a point to settle instead
    assert sample_decision.policy.gated == []
    assert any("10 working days" in line for line in sample_decision.must_resolve)


def test_a_must_have_kpi_the_pilot_shows_missed_blocks(sample_copy):
    # SLA attainment (N07, target 90 %) made a must-have, its contract evidence recorded for
    # everyone: Manila's pilot interval lies wholly below 90 %, Lisbon's straddles it.
    def must_sla(frame):
        frame.loc[frame["need_id"] == "N07", ["priority", "weight"]] = ["must", ""]
        return frame

    _edited(sample_copy, "needs", must_sla)
    vendors = pd.read_csv(sample_copy / "vendors.csv")["vendor"]
    project = _edited(
        sample_copy,
        "must_haves",
        lambda f: pd.concat([f, pd.DataFrame({"vendor": vendors, "need_id": "N07", "met": "yes"})], ignore_index=True),
    )
    result = _decide(project)
    manila = result.policy.gates["Manila Support Co"]
    assert manila.kinds == (policy.PILOT_TARGET,)
    (miss,) = manila.targets_missed
    summary = result.pilot_summary.set_index(["vendor", "kpi"])
    assert miss.kpi == "sla" and miss.estimate == pytest.approx(
        100 * summary.loc[("Manila Support Co", "sla"), "estimate"]
    )
    assert 100 * summary.loc[("Manila Support Co", "sla"), "ci_high"] < 90
    assert not result.policy.gates["Lisbon CX Partners"].kinds  # too close to call is not a miss
    assert result.recommended == "Lisbon CX Partners"
    assert "the pilot target on SLA attainment missed" in result.sentence


def test_a_close_call_is_said_as_one(sample_decision, sample_project):
    probability = sample_decision.lead_probability
    assert probability < sample_decision.settings.close_call_below
    assert sample_decision.policy.status == policy.CLOSE_CALL
    assert sample_decision.sentence.startswith("Close call: Manila Support Co leads Lisbon CX Partners")
    assert "Recommend" not in sample_decision.sentence
    lower = _decide(sample_project, close_call_below=round(probability - 0.05, 2))
    assert lower.policy.status == policy.RECOMMEND
    assert lower.sentence.startswith("Recommend Manila Support Co, leading in")


def test_the_headline_names_the_open_issues_of_both_finalists(sample_decision):
    runner_up = sample_decision.runner_up
    days = int(sample_decision.overlap.loc[runner_up, "days_short"])
    working = int(sample_decision.overlap.loc[runner_up, "working_days"])
    assert (
        f"Runner-up: {runner_up} — 1 low red flag, {days} of {working} working days short" in sample_decision.sentence
    )
    manila = sample_decision.policy.issues["Manila Support Co"]
    assert manila.red_flags == (("high staff turnover", "medium"),)
    assert {miss.kpi for miss in manila.targets_missed} == {"sla", "csat"}
    assert "Open for Manila Support Co: 1 medium red flag" in sample_decision.sentence


def _race(matrix: pd.DataFrame, weights: dict, issues: dict | None = None):
    """A ranking as helpers.scoring gives it (ranked by weighted sum), for apply_policy."""
    scores = (matrix * pd.Series(weights) / sum(weights.values())).sum(axis=1).sort_values(ascending=False)

    def how_sure(vendors, n, seed, concentration):  # no measured criterion: weightings only
        problem = DecisionMatrix.of(matrix.loc[vendors], weights)
        return rank_probabilities_of(problem, normalize="none", n=n, seed=seed, concentration=concentration)

    ranking = SimpleNamespace(
        ranking=pd.DataFrame({"score": scores}),
        excluded=pd.DataFrame({"vendor": []}),
        matrix=matrix,
        weights=weights,
        rank_probabilities=how_sure,
    )
    issues = issues or {}
    return ranking, {v: issues.get(v, policy.OpenIssues(v)) for v in matrix.index}


SETTINGS = SimpleNamespace(gate_red_flag="high", gate_overlap_share=0.1, close_call_below=0.7, weight_concentration=200)


def test_topsis_disagreeing_is_said():
    # A is strong on one criterion and weak on the other, B balanced: the weighted sum puts A
    # first (3.1 against 3.0), TOPSIS (vector-normalised) puts B first: its closeness is 0.62.
    matrix = pd.DataFrame({"quality": [5.0, 3.0], "fit": [1.2, 3.0]}, index=["A", "B"])
    ranking, issues = _race(matrix, {"quality": 1, "fit": 1})
    outcome = policy.apply_policy(ranking, issues, SETTINGS, n_draws=500)
    assert outcome.recommended == "A" and outcome.topsis_first == "B"
    assert "TOPSIS (closeness to the best score on every criterion) puts B first" in policy_words.headline(outcome)


def test_every_vendor_blocked_recommends_nobody():
    matrix = pd.DataFrame({"quality": [5.0, 3.0]}, index=["A", "B"])
    flagged = {v: policy.OpenIssues(v, red_flags=(("pressure to sign", "high"),)) for v in "AB"}
    outcome = policy.apply_policy(*_race(matrix, {"quality": 1}, flagged), SETTINGS)
    assert outcome.status == policy.NONE_RECOMMENDABLE and outcome.recommended is None
    assert outcome.runner_up == "B" and outcome.lead_probability is None
    text = policy_words.headline(outcome)
    assert text.startswith("No vendor is recommendable until its open issues are resolved: A — an open high red flag")
    assert "Recommend" not in text
    steps = policy_words.steps(outcome, pd.Series({"A": 5.0, "B": 3.0}))
    assert list(steps.index) == ["1. Knock-outs", "2. Gates", "3. Ranking", "4. How sure"]
    assert steps.loc["2. Gates", "outcome"].startswith("A — an open high red flag")
    assert steps.loc["3. Ranking", "outcome"].endswith("→ none recommendable")


def test_the_steps_say_when_one_vendor_is_left_without_a_blocking_issue():
    matrix = pd.DataFrame({"quality": [5.0, 3.0]}, index=["A", "B"])
    flagged = {"A": policy.OpenIssues("A", days_short=200, working_days=250, minimum_minutes=120)}
    outcome = policy.apply_policy(*_race(matrix, {"quality": 1}, flagged), SETTINGS)
    assert (outcome.recommended, outcome.runner_up, outcome.lead_probability) == ("B", "A", None)
    steps = policy_words.steps(outcome, pd.Series({"A": 5.0, "B": 3.0}))
    sure = steps.loc["4. How sure", "outcome"]
    assert sure == "B is the only vendor without a blocking issue: none to weigh it against"
    assert policy_words.headline(outcome).startswith(
        "Recommend B, the only vendor in the race without an issue that blocks it. A ranks higher but is not "
        "recommendable until resolved: 200 of 250 working days short of the 2 h overlap minimum"
    )


issue_sets = st.builds(
    lambda flags, short, target: (flags, short, target),
    st.lists(st.sampled_from(SEVERITIES), max_size=3),
    st.integers(0, 250),
    st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.floats(1, 5), min_size=3, max_size=3), min_size=n, max_size=n),
            st.lists(issue_sets, min_size=n, max_size=n),
        )
    ),
    st.sampled_from([*SEVERITIES, "none"]),
    st.floats(0, 1),
    st.floats(0, 1),
)
def test_no_blocked_vendor_is_ever_recommended(race, gate_red_flag, share, close_call_below):
    rows, drawn = race
    names = [f"Vendor {i}" for i in range(len(rows))]
    matrix = pd.DataFrame(rows, index=names, columns=["a", "b", "c"])
    issues = {
        name: policy.OpenIssues(
            name,
            red_flags=tuple((f"flag {j}", s) for j, s in enumerate(flags)),
            days_short=short,
            working_days=250,
            minimum_minutes=120,
            targets_missed=(policy.TargetMiss("N1", "fcr", 60.0, 70.0, "min", True),) if target else (),
        )
        for name, (flags, short, target) in zip(names, drawn)
    }
    rules = SimpleNamespace(
        gate_red_flag=gate_red_flag,
        gate_overlap_share=share,
        close_call_below=close_call_below,
        weight_concentration=200,
    )
    ranking, issues = _race(matrix, {"a": 2, "b": 1, "c": 1}, issues)
    outcome = policy.apply_policy(ranking, issues, rules, n_draws=300)
    rank = list(ranking.ranking.index)

    def blocked(v):  # the rule, computed here from the drawn values
        flags, short, target = drawn[names.index(v)]
        severe = gate_red_flag != "none" and any(SEVERITIES.index(s) <= SEVERITIES.index(gate_red_flag) for s in flags)
        return severe or (short > 0 and short / 250 > share) or target

    free = [v for v in rank if not blocked(v)]
    assert outcome.contenders == free
    assert outcome.recommended == (free[0] if free else None)
    text = policy_words.headline(outcome)
    for vendor in rank:
        if blocked(vendor):
            assert not text.startswith(f"Recommend {vendor},")
    if outcome.lead_probability is not None and outcome.lead_probability < close_call_below:
        assert text.startswith("Close call") and "Recommend" not in text
    if not free:
        assert text.startswith("No vendor is recommendable")
    assert np.isclose(outcome.probabilities.sum().sum(), len(outcome.probabilities)) or outcome.probabilities.empty
