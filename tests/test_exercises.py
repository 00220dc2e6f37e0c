"""The workshop kit: check functions, exercise notebooks, agenda, facilitator guide, reset.

The right answers for the worked example are worked out here by hand from the CSV files (the
keep-in-house rule, unmet must-haves, open flags, overlap in UTC...), not taken from the check
functions. The notebooks run under nbval with every placeholder left in (tests/ and notebooks/
are both test paths); here they are also executed in-process, unanswered and with the solutions
pasted into their cells.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import exercises as ex
from helpers.exercises import Feedback
from tests.conftest import ROOT, SAMPLE

EXERCISES = ROOT / "notebooks" / "exercises"
NOTEBOOKS = [
    "01_needs_exercises.ipynb",
    "02_scoring_exercises.ipynb",
    "03_pilot_exercises.ipynb",
    "04_timezone_exercises.ipynb",
]
PERIOD = ("2026-01-01", "2026-12-31")


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE / f"{name}.csv")


def yes(series: pd.Series) -> pd.Series:
    return series.astype(str).str.strip().str.lower().isin(["yes", "true", "1"])


@pytest.fixture(scope="module")
def project():
    from helpers.data import load_project

    return load_project(SAMPLE)


@pytest.fixture(scope="module")
def sites(project):
    from helpers.timezones import sites_from_table, split_client, years_between

    all_sites = sites_from_table(project.sites, years_between(*PERIOD))
    client, _ = split_client(all_sites)
    return client, {site.name: site for site in all_sites}


# ---------------------------------------------------------------------------------------------
# Feedback never raises, and shows safely
# ---------------------------------------------------------------------------------------------


def test_feedback_text_and_html():
    wrong = Feedback("not yet", "<script>alert(1)</script> is not a vendor", ("a <b> line",), "look <here>")
    assert not wrong.ok
    assert str(wrong).startswith("Not yet — <script>")
    assert "Hint: look <here>" in repr(wrong)
    page = wrong._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;" in page
    right = Feedback("correct", "yes")
    assert right.ok and "Hint" not in str(right) and str(right) == "Correct — yes"


CHECKS = [
    lambda a, p, s: ex.check_keep_in_house(a, p),
    lambda a, p, s: ex.check_knockouts(a, p),
    lambda a, p, s: ex.check_need_weights(a, p, largest="N06"),
    lambda a, p, s: ex.check_hidden_costs(a, p),
    lambda a, p, s: ex.check_weighted_score(a, p, "Lisbon CX Partners"),
    lambda a, p, s: ex.check_red_flags(a, p),
    lambda a, p, s: ex.check_leader_share(a, p, n=500),
    lambda a, p, s: ex.check_policy_outcome(a, p),
    lambda a, p, s: ex.check_verdict(a, p, "handle_time"),
    lambda a, p, s: ex.check_tickets_needed(a, p, "fcr"),
    lambda a, p, s: ex.check_ramp_up(a, p, weeks=[1]),
    lambda a, p, s: ex.check_overlap_minutes(a, [s[0], s[1]["Cebu night desk"]], "2026-03-24"),
    lambda a, p, s: ex.check_meets_minimum(a, p, *PERIOD),
]


@pytest.mark.parametrize("check", CHECKS)
def test_placeholder_gets_your_turn_and_a_missing_project_cannot_check(check, project, sites):
    assert check(..., project, sites).status == "your turn"
    assert check([..., ...], project, sites).status in ("your turn", "not yet")
    missing = check(1, None, (None, {"Cebu night desk": "not a site"}))
    assert missing.status == "cannot check" and "Run" in missing.message


answers = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.lists(st.one_of(st.text(max_size=8), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=6), st.one_of(st.integers(), st.booleans(), st.just(...)), max_size=3),
)


# Answers a participant could type with the project's own names in them: right names with odd
# values, odd names with right values (the sample's vendors, needs, functions, verdicts).
NAMES = [
    "Lisbon CX Partners",
    "Manila Support Co",
    "BudgetDesk Global",
    "N02",
    "N06",
    "Product design",
    "fcr",
    "sla",
    "equivalent",
    "not enough evidence",
]
name_answers = st.one_of(
    st.sampled_from(NAMES),
    st.lists(st.one_of(st.sampled_from(NAMES), st.none(), st.floats()), max_size=4),
    st.dictionaries(
        st.sampled_from(NAMES),
        st.one_of(
            st.floats(), st.integers(-5, 500), st.booleans(), st.none(), st.text(max_size=4), st.sampled_from(NAMES)
        ),
        max_size=6,
    ),
)


@pytest.mark.parametrize("which", range(len(CHECKS)))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.one_of(answers, name_answers))
def test_no_answer_makes_a_check_raise(answer, which, project, sites):
    # A check lets every exception but its own feedback through (see the next test), so an
    # answer that broke one would fail here.
    feedback = CHECKS[which](answer, project, sites)
    assert isinstance(feedback, Feedback) and feedback.status in ex.STATUSES and feedback.message


class Bug(Exception):
    """Stands for a mistake in a check's own code."""


def _broken(*args, **kwargs):
    raise Bug("a bug")


@pytest.mark.parametrize(
    "where, check",
    [
        ("helpers.scoring.rank_partners", lambda p, s: ex.check_red_flags(["Lisbon CX Partners"], p)),
        ("helpers.scoring.rank_partners", lambda p, s: ex.check_leader_share(0.5, p, n=500)),
        ("helpers.pilots.compare", lambda p, s: ex.check_verdict("equivalent", p, "fcr")),
        (
            "helpers.timezones.daily_overlap",
            lambda p, s: ex.check_overlap_minutes(60, [s[0], s[1]["Cebu night desk"]], "2026-03-24"),
        ),
        ("helpers.exercises.needs_exercises._as_number", lambda p, s: ex.check_need_weights({"N06": 100}, p)),
        ("helpers.exercises.answers._match_name", lambda p, s: ex.check_keep_in_house(["Product design"], p)),
    ],
)
def test_a_bug_in_a_check_raises_instead_of_passing_as_feedback(where, check, project, sites, monkeypatch):
    monkeypatch.setattr(where, _broken)
    with pytest.raises(Bug):
        check(project, sites)


@pytest.mark.parametrize(
    "call",
    [
        lambda p, s: ex.check_leader_share(0.5, p, n=0),
        lambda p, s: ex.check_tickets_needed(500, p, "speed"),
        lambda p, s: ex.check_verdict("equivalent", p, None),
        lambda p, s: ex.check_ramp_up(["sla"], p, weeks=None),
        lambda p, s: ex.check_verdict("equivalent", p, "fcr", exclude_weeks="week one"),
        lambda p, s: ex.check_overlap_minutes(60, [s[0], s[1]["Cebu night desk"]], "the 24th"),
        lambda p, s: ex.check_meets_minimum({}, p, "x", "2026-12-31"),
        lambda p, s: ex.check_meets_minimum({}, p, "2026-12-31", "2026-01-01"),
    ],
    ids=["draws", "kpi", "no kpi", "no weeks", "weeks as text", "day", "date", "period backwards"],
)
def test_what_the_notebook_passes_beside_the_answer_is_checked_first(call, project, sites):
    """A setting the notebook passes that cannot be used is "cannot check", with what was
    expected, not an exception (and not a verdict on the answer)."""
    feedback = call(project, sites)
    assert feedback.status == "cannot check", feedback
    assert "expected" in feedback.message or "Run the cells" in feedback.message


# ---------------------------------------------------------------------------------------------
# Exercises 1: needs
# ---------------------------------------------------------------------------------------------


def test_keep_in_house(project):
    functions = csv("functions")
    # The rule, by hand: mission-critical OR unique value OR not measurable stays in-house.
    keep = functions.loc[
        yes(functions["mission_critical"]) | yes(functions["unique_value"]) | ~yes(functions["measurable"]), "function"
    ].tolist()
    assert keep == ["Product design", "Supplier negotiations"]
    assert ex.check_keep_in_house(keep, project).ok
    assert ex.check_keep_in_house([k.upper() + " " for k in reversed(keep)], project).ok
    missing = ex.check_keep_in_house(keep[:1], project)
    assert missing.status == "not yet" and "1 of the 2" in missing.message
    assert any(keep[1] in line for line in missing.details)
    extra = ex.check_keep_in_house([*keep, "Customer support"], project)
    assert extra.status == "not yet"
    (line,) = extra.details
    assert line.startswith("Customer support")
    typo = ex.check_keep_in_house(["Product desing"], project)
    assert typo.status == "not yet" and "Did you mean 'Product design'" in typo.message
    assert ex.check_keep_in_house(42, project).status == "not yet"


def test_knockouts(project):
    must_haves = csv("must_haves")
    musts = csv("needs").query("priority == 'must'")["need_id"]
    vendors = csv("vendors")["vendor"]
    met = {(v, n): bool(m) for v, n, m in zip(must_haves["vendor"], must_haves["need_id"], yes(must_haves["met"]))}
    failed = {v: [n for n in musts if not met.get((v, n), False)] for v in vendors}
    failed = {v: needs for v, needs in failed.items() if needs}
    assert failed == {"BudgetDesk Global": ["N02", "N05"]}
    assert ex.check_knockouts(list(failed), project).ok
    assert ex.check_knockouts("budgetdesk global", project).ok
    assert ex.check_knockouts(failed, project).ok
    partial = ex.check_knockouts({"BudgetDesk Global": ["N02"]}, project)
    (line,) = partial.details
    assert partial.status == "not yet" and line.startswith("BudgetDesk Global") and "N05" in line  # the one missed
    wrong = ex.check_knockouts(["Manila Support Co"], project)
    assert wrong.status == "not yet"
    # one line per vendor judged wrongly: the one that fails, with its unmet must-haves, and the one that does not
    fails, meets = sorted(wrong.details)
    assert fails.startswith("BudgetDesk Global") and all(need in fails for need in failed["BudgetDesk Global"])
    assert meets.startswith("Manila Support Co") and "N0" not in meets
    assert ex.check_knockouts([], project).status == "not yet"


def test_need_weights(project):
    needs = csv("needs")
    weighted = needs.loc[needs["priority"] != "must", "need_id"].tolist()
    even = {n: 100 / len(weighted) for n in weighted}
    assert ex.check_need_weights(even, project).ok
    mine = {n: 10 for n in weighted}
    mine[weighted[0]] = 100 - 10 * (len(weighted) - 1)
    assert ex.check_need_weights(mine, project, largest=weighted[0]).ok
    # The message of the issue, word for word: snapshot of the words
    short = dict(mine, **{weighted[0]: mine[weighted[0]] - 15})
    feedback = ex.check_need_weights(short, project)
    assert feedback.status == "not yet"
    assert feedback.message == "the weights should add up to 100 %, yours add up to 85 %."
    assert "not yet — the weights should add up to 100 %, yours add up to 85 %" in str(feedback).lower()
    with_must = ex.check_need_weights({**mine, "N01": 0}, project)
    assert with_must.status == "not yet" and "N01" in with_must.message
    shares = ex.check_need_weights({n: w / 100 for n, w in mine.items()}, project)
    assert "add up to 1" in shares.message
    missing = ex.check_need_weights({n: w for n, w in mine.items() if n != weighted[-1]}, project)
    assert weighted[-1] in missing.message
    not_largest = ex.check_need_weights(mine, project, largest=weighted[1])
    assert not_largest.status == "not yet" and weighted[1] in not_largest.message
    half_done = ex.check_need_weights({n: ... for n in weighted} | {weighted[0]: 50}, project)
    assert half_done.status == "your turn" and weighted[1] in half_done.message
    assert ex.check_need_weights({**mine, weighted[0]: "abc"}, project).status == "not yet"
    assert ex.check_need_weights([10, 90], project).status == "not yet"
    # What the weights do: "yours" stays empty until the answer passes.
    table = ex.criteria_weights_with(mine, project)
    assert table["suggested"].sum() == pytest.approx(100, abs=0.5)
    assert table["yours"].sum() == pytest.approx(100, abs=0.5)
    assert ex.criteria_weights_with(short, project)["yours"].isna().all()


# ---------------------------------------------------------------------------------------------
# Exercises 2: scoring
# ---------------------------------------------------------------------------------------------


def test_hidden_costs(project):
    vendors = csv("vendors").fillna(0).set_index("vendor")
    # The cost items of docs/data.md, by hand, per month (one-offs spread over the contract).
    fixed = vendors["pricing_model"] == "fixed_monthly"
    base = np.where(fixed, vendors["rate"], vendors["rate"] * vendors["monthly_volume"])
    hidden = (
        np.maximum(0, vendors["minimum_monthly_fee"] - base)
        + base * vendors["after_hours_share_pct"] / 100 * vendors["after_hours_premium_pct"] / 100
        + base * vendors["overtime_share_pct"] / 100 * vendors["overtime_premium_pct"] / 100
        + vendors["governance_cost_month"]
        + (vendors["transition_cost"] + vendors["exit_cost"]) / vendors["contract_months"]
    )
    share = hidden / base
    worst = share.idxmax()
    assert worst == "BudgetDesk Global"
    right = ex.check_hidden_costs(worst, project)
    assert right.ok and f"{share[worst] * 100:.0f} %" in right.message
    assert ex.check_hidden_costs([worst], project).ok
    other = share.drop(worst).idxmax()
    wrong = ex.check_hidden_costs(other, project)
    assert wrong.status == "not yet" and f"{share[other] * 100:.0f} %" in wrong.message


def test_weighted_score(project):
    from helpers.scoring import rank_partners

    result = rank_partners(project)
    row, weights = result.matrix.loc["Lisbon CX Partners"], result.weights
    by_hand = sum(row[c] * weights[c] for c in row.index)
    assert ex.check_weighted_score(by_hand, project, "Lisbon CX Partners").ok
    assert ex.check_weighted_score(round(by_hand, 2), project, "Lisbon CX Partners").ok
    assert ex.check_weighted_score(f"{by_hand:.2f}".replace(".", ","), project, "Lisbon CX Partners").ok
    assert "in percent" in ex.check_weighted_score(by_hand * 100, project, "Lisbon CX Partners").message
    assert "plain average" in ex.check_weighted_score(row.mean(), project, "Lisbon CX Partners").message
    off = ex.check_weighted_score(by_hand + 0.3, project, "Lisbon CX Partners")
    assert off.status == "not yet" and "0.30 points away" in off.message
    assert ex.check_weighted_score("4,1x", project, "Lisbon CX Partners").status == "not yet"


def test_red_flags(project):
    flags = csv("red_flags")
    out = set(csv("must_haves").query("met == 'no'")["vendor"])
    serious = flags[
        (flags["status"] == "open") & flags["severity"].isin(["medium", "high"]) & ~flags["vendor"].isin(out)
    ]
    truth = sorted(set(serious["vendor"]))
    assert truth == ["Manila Support Co", "Northgate Contact Centre"]
    assert ex.check_red_flags(truth, project).ok
    wrong = ex.check_red_flags(["Manila Support Co", "BudgetDesk Global", "Lisbon CX Partners"], project)
    assert wrong.status == "not yet"
    # one line per vendor judged wrongly, naming its flag and severity from the red_flags table
    by_vendor = {
        vendor: [line for line in wrong.details if line.startswith(vendor)] for vendor in csv("vendors")["vendor"]
    }
    assert {vendor for vendor, lines in by_vendor.items() if lines} == {
        "Northgate Contact Centre",
        "BudgetDesk Global",
        "Lisbon CX Partners",
    }
    for vendor in ("Northgate Contact Centre", "Lisbon CX Partners"):
        (flag,) = flags[(flags["vendor"] == vendor) & (flags["status"] == "open")].itertuples()
        assert flag.flag in by_vendor[vendor][0] and flag.severity in by_vendor[vendor][0]


def test_leader_share(project):
    from helpers.scoring import rank_partners

    result = rank_partners(project)
    # An independent simulation: Dirichlet weight draws around the agreed weights, weighted sums.
    rng = np.random.default_rng(123)
    draws = rng.dirichlet(result.weights.to_numpy() * 200, size=40_000)
    first = (draws @ result.matrix.to_numpy().T).argmax(axis=1)
    shares = pd.Series(np.bincount(first, minlength=len(result.matrix)) / len(draws), index=result.matrix.index)
    leader = shares.idxmax()
    assert leader == result.ranking.index[0]
    assert ex.check_leader_share(round(shares[leader], 2), project).ok
    assert ex.check_leader_share(round(shares[leader] * 100), project).ok
    runner = shares.drop(leader).idxmax()
    wrong = ex.check_leader_share(shares[runner], project)
    assert wrong.status == "not yet" and runner in wrong.message  # the share given is the runner-up's
    assert ex.check_leader_share(250, project).status == "not yet"


def test_policy_outcome(project):
    from helpers.scoring import rank_partners

    result = rank_partners(project)
    # Independently: no vendor in the race has an open high red flag, and the leader's share of
    # Dirichlet weight draws (as test_leader_share) is below the default close_call_below, 0.75.
    flags = project.red_flags
    in_race = set(result.ranking.index)
    assert not ((flags["status"] == "open") & (flags["severity"] == "high") & flags["vendor"].isin(in_race)).any()
    draws = np.random.default_rng(7).dirichlet(result.weights.to_numpy() * 200, size=40_000)
    leader = list(result.matrix.index).index(result.ranking.index[0])
    share = np.mean((draws @ result.matrix.to_numpy().T).argmax(axis=1) == leader)
    assert 0.6 < share < 0.75
    assert ex.check_policy_outcome("close call", project).ok
    assert ex.check_policy_outcome("Close Call", project).ok
    wrong = ex.check_policy_outcome("recommend", project)
    assert wrong.status == "not yet" and "below the 75 %" in repr(wrong)
    assert ex.check_policy_outcome("maybe", project).status == "not yet"


# ---------------------------------------------------------------------------------------------
# Exercises 3: pilot
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def comparison(project):
    from helpers.needs import min_important_differences
    from helpers.pilots import compare

    return compare(project.pilot_tickets, min_important=min_important_differences(project.needs))


def test_verdict_handle_time_interval_crosses_zero(project, comparison):
    row = comparison.loc["handle_time"]
    assert row["ci_low"] < 0 < row["ci_high"]  # the situation the exercise is about
    assert ex.check_verdict("not enough evidence", project, "handle_time").ok
    assert ex.check_verdict("Not Enough Evidence ", project, "handle_time").ok
    for vendor in comparison.attrs["a"], comparison.attrs["b"]:
        wrong = ex.check_verdict(vendor, project, "handle_time")
        assert wrong.status == "not yet" and "crosses zero" in wrong.message
    assert ex.check_verdict("equivalent", project, "handle_time").status == "not yet"
    assert ex.check_verdict(3, project, "handle_time").status == "not yet"
    assert ex.check_verdict("maybe", project, "handle_time").status == "not yet"
    assert ex.check_verdict("x", project, "speed").status == "cannot check"


def test_verdict_qa_real_possibly_small_and_fcr_real_and_important(project, comparison):
    # The worked example's QA score: real (the interval excludes zero), the estimate below the
    # minimum but the interval reaching beyond it. "Better" since issue 16 (it was "not enough
    # evidence" when the estimate itself had to reach the minimum: docs/pilot-verdicts.md).
    qa = comparison.loc["qa"]
    assert 0 < qa["ci_low"] and qa["diff"] < qa["min_important"] <= qa["ci_high"]
    a = comparison.attrs["a"]
    right = ex.check_verdict(a, project, "qa")
    assert right.ok and "possibly smaller than the 3 points that matter" in right.message
    assert ex.check_verdict("a better", project, "qa").ok
    short = ex.check_verdict("not enough evidence", project, "qa")
    assert short.status == "not yet" and "reaches beyond the ±3 points" in short.message
    assert "below 3 points" in short.message  # the estimate falls short, and the feedback says so
    assert "beyond it" in ex.check_verdict("equivalent", project, "qa").message
    fcr = comparison.loc["fcr"]
    assert fcr["ci_low"] > 0 and fcr["diff"] >= fcr["min_important"]
    assert ex.check_verdict(a, project, "fcr").ok
    assert ex.check_verdict("a better", project, "fcr").ok
    not_enough = ex.check_verdict("not enough evidence", project, "fcr")
    assert not_enough.status == "not yet" and "below" not in not_enough.message


def test_verdict_real_but_within_the_minimum_is_equivalent(project):
    # A 10-point minimum for first-contact resolution puts its whole interval inside the band:
    # a real difference, too small to matter. Naming the vendor ahead is answered so.
    import dataclasses

    needs = project.needs.copy()
    needs.loc[needs["pilot_kpi"] == "fcr", "min_important_difference"] = 10.0
    loose = dataclasses.replace(project, tables={**project.tables, "needs": needs})
    assert ex.check_verdict("equivalent", loose, "fcr").ok
    wrong = ex.check_verdict("a better", loose, "fcr")
    assert wrong.status == "not yet" and "excludes zero" in wrong.message and "equivalent" in wrong.message


def test_tickets_needed(project):
    from scipy.stats import norm

    tickets = csv("pilot_tickets")
    pooled, d = tickets["fcr"].mean(), 0.03
    # Fleiss without continuity correction, 80 % power, 5 % two-sided, by hand.
    q = pooled + d
    n = (
        norm.ppf(0.975) * np.sqrt(2 * (pooled + q) / 2 * (1 - (pooled + q) / 2))
        + norm.ppf(0.8) * np.sqrt(pooled * (1 - pooled) + q * (1 - q))
    ) ** 2 / d**2
    assert 3000 < n < 4500
    assert ex.check_tickets_needed(round(n), project).ok
    assert ex.check_tickets_needed(n * 1.1, project).ok  # another sensible baseline
    assert ex.check_tickets_needed(f"{round(n):,}", project).ok  # "3,607" as text
    assert ex.check_tickets_needed(n * 1.3, project).status == "not yet"
    both = ex.check_tickets_needed(2 * n, project)
    assert both.status == "not yet" and "per vendor" in both.message
    assert "0.03" in ex.check_tickets_needed(0.4, project).message
    assert "0.03" in ex.check_tickets_needed(n / 100, project).message
    assert ex.check_tickets_needed(1000, project).status == "not yet"


def test_ramp_up(project, comparison):
    from helpers.needs import min_important_differences
    from helpers.pilots import compare

    later = compare(project.pilot_tickets, min_important=min_important_differences(project.needs), exclude_weeks=[1])
    changed = [k for k in comparison.index if comparison.at[k, "verdict"] != later.at[k, "verdict"]]
    assert changed  # the worked example has verdicts that hang on week 1
    assert ex.check_ramp_up(changed, project).ok
    assert ex.check_ramp_up([k.upper() for k in changed], project).ok
    steady = next(k for k in comparison.index if k not in changed)
    wrong = ex.check_ramp_up([*changed, steady], project)
    assert wrong.status == "not yet" and any(line.startswith(steady) for line in wrong.details)
    assert ex.check_ramp_up(changed[:1], project).status == "not yet"


# ---------------------------------------------------------------------------------------------
# Exercises 4: time zones
# ---------------------------------------------------------------------------------------------


def test_overlap_minutes_on_both_sides_of_the_uk_clock_change(sites):
    client, by_name = sites
    cebu = by_name["Cebu night desk"]
    # By hand: Cebu 22:00-06:00 at UTC+8 is 14:00-22:00 UTC. London 09:00-17:30 is 09:00-17:30
    # UTC on 24 March (GMT) and 08:00-16:30 UTC on 31 March (BST, from 29 March).
    assert ex.check_overlap_minutes(210, [client, cebu], "2026-03-24").ok
    assert ex.check_overlap_minutes("210", [client, cebu], dt.date(2026, 3, 24)).ok
    assert ex.check_overlap_minutes(150, [client, cebu], "2026-03-31").ok
    late = ex.check_overlap_minutes(210, [client, cebu], "2026-03-31")
    assert late.status == "not yet" and "one hour off" in late.message
    assert any("UTC+01:00" in line for line in late.details)
    assert "hours" in ex.check_overlap_minutes(3.5, [client, cebu], "2026-03-24").message
    assert "half" in ex.check_overlap_minutes(240, [client, cebu], "2026-03-24").message
    # New York between the US (8 March) and UK (29 March) changes: 13:00-21:00 UTC.
    from helpers.timezones import Site

    new_york = Site("New York office", "America/New_York", "09:00", "17:00")
    assert ex.check_overlap_minutes(270, [client, new_york], "2026-03-11").ok
    assert ex.check_overlap_minutes(210, [client, new_york], "2026-03-04").ok
    assert ex.check_overlap_minutes(1, "London", "2026-03-04").status == "cannot check"


def test_meets_minimum_judged_on_every_working_day(project):
    import holidays

    sites = csv("sites")
    london = holidays.country_holidays("GB", subdiv="ENG", years=2026)
    days = pd.date_range(*PERIOD).date
    uk_working = [d for d in days if d.weekday() < 5 and d not in london]

    def closed_on_a_uk_working_day(vendor: str) -> bool:
        # A day on which every site of the vendor keeps a public holiday while London works.
        own = sites[sites["owner"] == vendor]
        calendars = [
            holidays.country_holidays(c, subdiv=s if isinstance(s, str) else None, years=2026)
            for c, s in zip(own["holiday_country"], own["holiday_subdivision"])
        ]
        return any(all(d in cal for cal in calendars) for d in uk_working)

    truth = {v: not closed_on_a_uk_working_day(v) for v in csv("vendors")["vendor"]}
    # Leeds keeps London's holidays and works 08:00-20:00 in the same zone: always >= 2 h.
    assert truth == {
        "Lisbon CX Partners": False,
        "Manila Support Co": False,
        "Northgate Contact Centre": True,
        "BudgetDesk Global": False,
    }
    right = ex.check_meets_minimum(truth, project, *PERIOD)
    assert right.ok and "Northgate Contact Centre" in right.message
    assert any("Chinese New Year" in line for line in right.details)  # the holiday that cuts Manila's day
    everyone = ex.check_meets_minimum({v: "yes" for v in truth}, project, *PERIOD)
    # one line per wrong answer: the three vendors that fall short on some day
    assert everyone.status == "not yet" and len(everyone.details) == 3
    assert {v for v in truth if any(line.startswith(v) for line in everyone.details)} == {
        v for v in truth if not truth[v]
    }
    nobody = ex.check_meets_minimum({v: False for v in truth}, project, *PERIOD)
    (line,) = nobody.details
    assert nobody.status == "not yet" and line.startswith("Northgate Contact Centre")
    missing = ex.check_meets_minimum({"Lisbon CX Partners": False}, project, *PERIOD)
    assert "missing" in missing.message
    assert ex.check_meets_minimum({v: 3 for v in truth}, project, *PERIOD).status == "not yet"


# ---------------------------------------------------------------------------------------------
# The exercise notebooks: structure, unanswered run, solutions pasted in
# ---------------------------------------------------------------------------------------------


def cells(name: str) -> list[dict]:
    return json.loads((EXERCISES / name).read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def tagged(cell: dict, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def test_exactly_the_four_exercise_notebooks():
    assert sorted(p.name for p in EXERCISES.glob("*.ipynb")) == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_structure(name):
    nb = cells(name)
    title = source(nb[0])
    for heading in ("What you will do", "What you will learn", "What you need", "Time needed"):
        assert heading in title, f"{name}: title cell lacks {heading}"
    parameters = [c for c in nb if tagged(c, "parameters")]
    assert len(parameters) == 1 and 'data_dir = "../../data/sample"' in source(parameters[0])
    turns = [i for i, c in enumerate(nb) if tagged(c, "your-turn")]
    assert len(turns) >= 3
    for i in turns:
        assert "..." in source(nb[i]) and re.match(r"^\w+ = ", source(nb[i])), f"{name}: cell {i}"
        check, hint, solution = nb[i + 1], nb[i + 2], nb[i + 3]
        assert tagged(check, "check") and source(check).startswith("check_")
        assert tagged(hint, "hint") and source(hint).startswith("<details><summary>Hint")
        assert tagged(solution, "solution") and source(solution).startswith("<details><summary>Solution")
        assert source(solution).rstrip().endswith("</details>")
    text = "\n".join(source(c) for c in nb if c["cell_type"] == "markdown")
    assert "## Key points" in text and "## What comes next" in text
    assert "$" not in text  # no math markup: it shows as raw TeX in an offline export
    for link in re.findall(r"\]\(([^)#]+\.ipynb)\)", text):
        target = (EXERCISES / link).resolve()
        assert target.exists(), f"{name} links to {link}"


def solution_code(markdown: str) -> str:
    match = re.search(r"```python\n(.*?)```", markdown, re.DOTALL)
    assert match, "a solution holds one python block"
    return match.group(1)


def run(nb: list[dict], solved: bool) -> list[Feedback]:
    """Execute the code cells in one namespace, as a kernel would, data_dir pointed at the
    sample (as papermill does); return what each check cell shows."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    namespace: dict = {}
    feedback = []
    for i, cell in enumerate(nb):
        if cell["cell_type"] != "code":
            continue
        code = source(cell)
        if solved and tagged(cell, "your-turn"):
            code = solution_code(source(nb[i + 3]))
        if tagged(cell, "check"):
            feedback.append(eval(compile(code, f"cell {i}", "eval"), namespace))
            continue
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore", UserWarning)  # plt.show() on the Agg backend
            exec(compile(code, f"cell {i}", "exec"), namespace)
        if tagged(cell, "parameters"):
            namespace["data_dir"] = str(SAMPLE)
    plt.close("all")
    return feedback


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_unanswered_notebook_runs_and_every_check_says_your_turn(name):
    feedback = run(cells(name), solved=False)
    assert feedback and all(f.status == "your turn" for f in feedback), [str(f) for f in feedback]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_solutions_pasted_into_the_cells_pass_their_checks(name):
    feedback = run(cells(name), solved=True)
    assert feedback and all(f.ok for f in feedback), [str(f) for f in feedback if not f.ok]


def _rewrite(folder: Path, name: str, change) -> None:
    path = folder / f"{name}.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(table).to_csv(path, index=False)


@pytest.fixture(scope="module")
def other_projects(tmp_path_factory) -> dict[str, Path]:
    """Two projects unlike the worked example, both valid.

    renamed: the sample with every vendor, site, criterion and function renamed, BudgetDesk
    Global removed (so no vendor is knocked out) and no night shift. minimal: only the four
    required tables (needs without must-haves, criteria, vendors, scores)."""
    from helpers.data import load_project

    base = tmp_path_factory.mktemp("projects")
    renamed = base / "renamed"
    shutil.copytree(SAMPLE, renamed)
    vendors = {
        "Lisbon CX Partners": "Ærø Service Hub",
        "Manila Support Co": "Soporte & Co, S.A.",
        "Northgate Contact Centre": "Northwind Helpdesk",
    }
    criteria = {"service_quality": "quality of service", "industry_experience": "sector know-how"}
    for table in ("vendors", "scores", "must_haves", "red_flags", "references", "communications", "pilot_tickets"):
        _rewrite(renamed, table, lambda t: t[t["vendor"] != "BudgetDesk Global"].replace({"vendor": vendors}))
    for table in ("criteria", "scores", "needs"):
        _rewrite(renamed, table, lambda t: t.replace({"criterion": criteria}))
    _rewrite(renamed, "functions", lambda t: t.replace({"function": {"Product design": "R&D lab"}}))

    def day_shifts(sites: pd.DataFrame) -> pd.DataFrame:
        sites = sites[sites["owner"] != "BudgetDesk Global"].replace({"owner": vendors})
        sites.loc[sites["site"] == "Cebu night desk", ["start", "end"]] = ["09:00", "18:00"]
        sites.loc[sites["site"] == "Manila afternoon team", ["start", "end"]] = ["12:00", "21:00"]
        return sites.replace(
            {"site": {"London HQ": "Head office", "Cebu night desk": "Cebu desk", "Leeds centre": "Yorkshire hub"}}
        )

    _rewrite(renamed, "sites", day_shifts)
    minimal = base / "minimal"
    minimal.mkdir()
    for table in ("needs", "criteria", "vendors", "scores"):
        shutil.copy(SAMPLE / f"{table}.csv", minimal)
    _rewrite(minimal, "needs", lambda t: t[t["priority"] != "must"])
    for folder in (renamed, minimal):
        load_project(folder)  # valid, or the test stops here
    return {"renamed": renamed, "minimal": minimal}


# The tasks (0 = the first Your-turn cell) a project has no table for: their checks skip.
SKIPPED = {
    "renamed": {name: [] for name in NOTEBOOKS},
    "minimal": {
        "01_needs_exercises.ipynb": [0],
        "02_scoring_exercises.ipynb": [2],
        "03_pilot_exercises.ipynb": [0, 1, 2, 3],
        "04_timezone_exercises.ipynb": [0, 1, 2, 3],
    },
}


def test_tasks_are_chosen_from_the_data(project, other_projects):
    from helpers.data import load_project
    from helpers.scoring import rank_partners

    # On the worked example the choices are the ones the exercises were written for.
    task = ex.timezone_exercise(project, *PERIOD)
    assert (task.client.name, task.site.name) == ("London HQ", "Cebu night desk")
    assert (task.day_1, task.day_2) == (dt.date(2026, 3, 24), dt.date(2026, 3, 31))
    from helpers.timezones import clock_changes

    changes = clock_changes([task.client, task.site], *PERIOD)
    first = changes.iloc[0]
    assert (first["site"], first["local_date"]) == ("London HQ", dt.date(2026, 3, 29))  # Manila keeps its clock
    assert task.day_1 < first["local_date"] <= task.day_2
    assert all(name in task.sentence for name in ("London HQ", "Cebu night desk"))
    assert ex.choose_focus_need(project)[0] == "N06"
    assert ex.choose_vendor_to_score(rank_partners(project))[0] == "Lisbon CX Partners"
    # Without a night shift: a vendor site on another clock than the client's.
    renamed = load_project(other_projects["renamed"])
    task = ex.timezone_exercise(renamed, *PERIOD)
    assert (task.client.name, task.site.name, task.site.tz) == ("Head office", "Manila afternoon team", "Asia/Manila")
    assert task.day_1 < dt.date(2026, 3, 29) <= task.day_2
    # Without sites, a pilot or red flags: a sentence, never an exception.
    minimal = load_project(other_projects["minimal"])
    without_sites = ex.timezone_exercise(minimal, *PERIOD)
    assert (without_sites.client, without_sites.site, without_sites.vendors) == (None, None, {})
    assert "sites" in without_sites.sentence  # names the missing table
    comparison, sentence = ex.pilot_exercise(minimal)
    assert comparison.empty and "pilot" in sentence and "estimate_a" in comparison.columns
    skipped = ex.check_red_flags(..., minimal)
    assert skipped.status == "skipped" and "red_flags" in skipped.message  # names the missing table


def test_answer_template_pastes_as_the_dictionary_to_fill():
    names = ['Acme "Best" Ltd', "Zürich\nDesk", "x'); import os; ('"]
    namespace: dict = {}
    exec(ex.answer_template("meets_minimum", names, {names[0]: "two\nlines # and a hash"}), namespace)
    assert list(namespace["meets_minimum"]) == names
    assert all(v is Ellipsis for v in namespace["meets_minimum"].values())


def _statuses(cell) -> list[str]:
    """The feedback statuses a check cell shows (from its plain-text output's title)."""
    by_title = {title: status for status, title in ex._TITLES.items()}
    texts = [
        str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs if o.get("output_type") == "execute_result"
    ]
    return [by_title.get(text.split(" — ")[0].strip("'\""), text) for text in texts]


@pytest.mark.parametrize("kind", ["renamed", "minimal"])
def test_exercises_hold_on_projects_unlike_the_worked_example(kind, other_projects):
    """In a real kernel, one per project: every exercise notebook unanswered, then with the
    solutions of the tasks that apply pasted in (a trainer skips the others, as their checks
    say), each run after a %reset so no name leaks from one run to the next."""
    import nbformat

    from helpers.kernel import execute_notebook

    combined = nbformat.v4.new_notebook()
    runs = []
    for name in NOTEBOOKS:
        notebook = nbformat.read(EXERCISES / name, as_version=4)
        for solved in (False, True):
            combined.cells.append(nbformat.v4.new_code_cell("%reset -f"))
            runs.append((name, solved, []))
            for i, cell in enumerate(notebook.cells):
                if cell.cell_type != "code":
                    continue
                code = cell.source
                if "parameters" in cell.metadata.get("tags", []):
                    code += f"\ndata_dir = {str(other_projects[kind])!r}"  # as papermill injects it
                if "your-turn" in cell.metadata.get("tags", []) and solved:
                    turn = sum("your-turn" in c.metadata.get("tags", []) for c in notebook.cells[:i])
                    if turn not in SKIPPED[kind][name]:
                        code = solution_code(notebook.cells[i + 3].source)
                combined.cells.append(nbformat.v4.new_code_cell(code))
                if "check" in cell.metadata.get("tags", []):
                    runs[-1][2].append(combined.cells[-1])
    execute_notebook(combined, EXERCISES, timeout=300)
    for name, solved, checks in runs:
        statuses = [status for cell in checks for status in _statuses(cell)]
        assert len(statuses) == len(checks), (name, solved, statuses)
        skipped = [i for i, status in enumerate(statuses) if status == "skipped"]
        assert skipped == SKIPPED[kind][name], (name, solved, statuses)
        texts = [str(o.get("data", {}).get("text/plain")) for c in checks for o in c.outputs]
        assert all("Move on" in texts[i] for i in skipped), texts  # says what to do, in words
        wanted = "correct" if solved else "your turn"
        assert all(status == wanted for i, status in enumerate(statuses) if i not in skipped), (
            name,
            solved,
            [str(o.get("data", {}).get("text/plain")) for c in checks for o in c.outputs],
        )


def test_solutions_assign_the_name_the_check_reads():
    for name in NOTEBOOKS:
        nb = cells(name)
        for i, cell in enumerate(nb):
            if tagged(cell, "your-turn"):
                answer = ast.parse(source(cell)).body[0].targets[0].id
                solved = {
                    t.id
                    for node in ast.parse(solution_code(source(nb[i + 3]))).body
                    for t in getattr(node, "targets", [])
                }
                assert answer in solved and answer in source(nb[i + 1]), f"{name}: {answer}"


# ---------------------------------------------------------------------------------------------
# Agenda: one source, shown in the index notebook and the facilitator guide
# ---------------------------------------------------------------------------------------------


def agenda_rows(markdown: str) -> list[tuple[str, int]]:
    rows = re.findall(r"^\| ([^|*][^|]*?) \| [a-z]+ \| (\d+) \|", markdown, re.MULTILINE)
    return [(part, int(minutes)) for part, minutes in rows]


def test_agenda_fits_a_two_to_three_hour_session():
    table = ex.agenda("9:30")
    assert 120 <= table.attrs["total_minutes"] == table["minutes"].sum() <= 180
    assert table["start"].iloc[0] == "9:30" and table["start"].iloc[1] == "9:40"
    hours, minutes = divmod(9 * 60 + 30 + table.attrs["total_minutes"], 60)
    assert table["end"].iloc[-1] == f"{hours}:{minutes:02d}"
    assert {"exercise", "break"} <= set(table["kind"])
    exercise_notebooks = {Path(n).name for n in table["notebook"] if n.startswith("exercises/")}
    assert exercise_notebooks == set(NOTEBOOKS)
    with pytest.raises(ValueError, match="H:MM"):
        ex.agenda("half past nine")


def test_index_notebook_shows_the_agenda_and_links_exist():
    nb = json.loads((ROOT / "notebooks" / "index.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "\n".join(source(c) for c in nb if c["cell_type"] == "markdown")
    assert agenda_rows(text) == [(p.part, p.minutes) for p in ex.AGENDA]
    total = sum(p.minutes for p in ex.AGENDA)
    assert f"**{total}**" in text
    for step in ("Objectives", "Key points"):
        assert text.count(f"**{step}:**") == 5
    for link in re.findall(r"\]\(([^)#]+)\)", text):
        target = (ROOT / "notebooks" / link).resolve()
        assert target.exists(), f"index links to {link}"


def test_facilitator_guide_has_the_same_timings_and_covers_offline_and_reset():
    guide = (ROOT / "docs" / "facilitator_guide.md").read_text(encoding="utf-8")
    assert agenda_rows(guide) == [(p.part, p.minutes) for p in ex.AGENDA]
    for topic in ("offline", "make workshop-reset", "common mistakes", "what to say"):
        assert topic in guide.lower(), topic
    for name in NOTEBOOKS:
        assert name.removesuffix(".ipynb") in guide


# ---------------------------------------------------------------------------------------------
# make workshop-reset
# ---------------------------------------------------------------------------------------------

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
        "GIT_AUTHOR_NAME": "Trainer",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "Trainer",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run([GIT, *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def workshop_repo(tmp_path: Path) -> Path:
    """A tiny git repository holding the reset script and one committed exercise notebook."""
    repo = tmp_path / "workbook"
    (repo / "scripts").mkdir(parents=True)
    (repo / "notebooks" / "exercises").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "workshop_reset.py", repo / "scripts")
    shutil.copy(EXERCISES / NOTEBOOKS[0], repo / "notebooks" / "exercises")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "workshop kit")
    return repo


def load_reset_module(repo: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("workshop_reset_under_test", repo / "scripts" / "workshop_reset.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


@needs_git
def test_reset_backs_up_then_restores(workshop_repo: Path):
    reset = load_reset_module(workshop_repo).reset
    notebook = workshop_repo / "notebooks" / "exercises" / NOTEBOOKS[0]
    clean = notebook.read_bytes()
    answered = clean.replace(b"keep_in_house = ...", b'keep_in_house = ["Product design"]')
    assert answered != clean
    notebook.write_bytes(answered)
    extra = notebook.with_name("my_notes.ipynb")
    extra.write_text("{}", encoding="utf-8")

    now = dt.datetime(2026, 11, 23, 14, 15, 2)
    report = reset(workshop_repo, now=now)
    backup = workshop_repo / "notebooks" / "exercises" / "backups" / "2026-11-23_141502"
    assert report.backup == backup.relative_to(workshop_repo)
    assert (backup / NOTEBOOKS[0]).read_bytes() == answered  # the participant's work is kept
    assert (backup / "my_notes.ipynb").exists()
    assert notebook.read_bytes() == clean  # the exercise is clean again
    assert report.restored == [NOTEBOOKS[0]] and report.kept == ["my_notes.ipynb"]
    assert extra.exists()
    assert git(workshop_repo, "status", "--porcelain").splitlines() == ["?? notebooks/exercises/my_notes.ipynb"]

    # A second reset in the same second never writes into the first backup.
    notebook.write_bytes(answered + b" ")
    again = reset(workshop_repo, now=now)
    assert again.backup.name == "2026-11-23_141502_2"
    assert (backup / NOTEBOOKS[0]).read_bytes() == answered
    assert (workshop_repo / again.backup / NOTEBOOKS[0]).read_bytes() == answered + b" "

    # A deleted notebook comes back; a clean one is left alone.
    notebook.unlink()
    assert reset(workshop_repo, now=now).restored == [NOTEBOOKS[0]] and notebook.read_bytes() == clean
    assert reset(workshop_repo, now=now).unchanged == [NOTEBOOKS[0]]


@needs_git
def test_reset_command_prints_what_it_did(workshop_repo: Path):
    notebook = workshop_repo / "notebooks" / "exercises" / NOTEBOOKS[0]
    notebook.write_text("{}", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "scripts/workshop_reset.py"], cwd=workshop_repo, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "notebooks/exercises/backups/" in done.stdout  # where the backup went
    (restored,) = [line for line in done.stdout.splitlines() if line.rstrip().endswith(NOTEBOOKS[0])]
    assert "restored" in restored
    assert notebook.read_bytes() == (EXERCISES / NOTEBOOKS[0]).read_bytes()


def test_reset_outside_git_is_a_plain_error(tmp_path: Path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "workshop_reset.py", tmp_path / "scripts")
    notebook = tmp_path / "notebooks" / "exercises" / "01_needs_exercises.ipynb"
    notebook.parent.mkdir(parents=True)
    notebook.write_text("{}", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "scripts/workshop_reset.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)},
    )
    assert done.returncode == 1
    assert "not a git checkout" in done.stderr and "Traceback" not in done.stderr
    assert notebook.read_text(encoding="utf-8") == "{}" and not (notebook.parent / "backups").exists()
