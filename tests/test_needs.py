"""Tests for helpers.needs (and its chart and editor): the rules of notebook 01.

Expected values are worked out by hand in the comments, or by a plain re-statement of the rule
(``_reference_recommendation``), never by calling the function under test.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

from helpers.data import InputError, load_project  # noqa: E402
from helpers.needs import (  # noqa: E402
    checklist,
    criteria_weight_table,
    criteria_weights,
    describe_overlap_minimum,
    edit_needs,
    handover_table,
    knockouts,
    lint_needs,
    location_tradeoffs,
    min_important_differences,
    min_overlap_minutes,
    must_haves_for_non_musts,
    need_weights,
    needs_headline,
    needs_overview,
    outsourcing_recommendation,
    overlap_minimum,
    save_needs,
    suggest_model,
    weight_choice,
    weights_sentence,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
NOTEBOOK = ROOT / "notebooks" / "01_define_needs.ipynb"


# ---------------------------------------------------------------------------------------------
# Small hand-made tables
# ---------------------------------------------------------------------------------------------


def make_functions(**overrides) -> pd.DataFrame:
    base = {
        "function": ["Core", "Secret sauce", "Unmeasured", "Payroll", "Strategy help", "Tiny", "Support"],
        "strategic_importance": [3, 2, 2, 2, 4, 2, 2],
        "time_drain_hours_week": [40, 40, 40, 40, 40, 5, 40],
        "mission_critical": [True, False, False, False, False, False, False],
        "unique_value": [False, True, False, False, False, False, False],
        "measurable": [True, True, False, True, True, True, True],
        "sensitive_data": [False, False, False, True, False, False, False],
        "volume_swing": ["low", "low", "low", "low", "low", "low", "high"],
        "type": ["BPO", "KPO", "BPO", "BPO", "KPO", "ITO", "BPO"],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def make_needs(**overrides) -> pd.DataFrame:
    base = {
        "need_id": ["M1", "M2", "S1", "S2", "C1"],
        "need": ["Signed DPA", "Two hours overlap", "High FCR", "Fast first reply", "Good tools"],
        "category": ["security", "collaboration", "quality", "quality", "technology"],
        "priority": ["must", "must", "should", "should", "could"],
        "criterion": ["", "", "communication", "communication", "infrastructure"],
        "kpi": ["signed DPA", "hours both teams are at work", "fcr rate", "first response", "tool count"],
        "target": [1, 2, 70, 60, 3],
        "unit": ["signed", "hours", "%", "minutes", "tools"],
        "target_type": ["min", "min", "min", "max", "min"],
        "measured_by": ["contract", "notebook 04", "ticket report", "ticket report", "demo"],
        "weight": [np.nan] * 5,
        "pilot_kpi": ["", "", "fcr", "first_response", ""],
        "min_important_difference": [np.nan, np.nan, 3, 10, np.nan],
        "checks": ["", "overlap_hours", "", "", ""],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def make_criteria() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "criterion": ["industry", "communication", "infrastructure", "cost"],
            "weight": [20, 30, 20, 30],
            "direction": ["benefit", "benefit", "benefit", "cost"],
            "source": ["scores", "scores", "scores", "tco"],
        }
    )


def make_must_haves() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "vendor": ["Alpha", "Alpha", "Beta", "Gamma", "Gamma"],
            "need_id": ["M1", "M2", "M1", "M1", "M2"],
            "met": [True, True, True, False, True],
            "evidence": ["DPA signed", "same zone", "DPA", "", "shifted team"],
        }
    )


@pytest.fixture(scope="module")
def sample():
    return load_project(SAMPLE)


# ---------------------------------------------------------------------------------------------
# 1. Should we outsource it?
# ---------------------------------------------------------------------------------------------


def _reference_recommendation(row, hours=10.0, important=4.0) -> str:
    """The rule of product.md, restated row by row as plainly as possible."""
    if row["mission_critical"] or row["unique_value"] or not row["measurable"]:
        return "keep in-house"
    if row["sensitive_data"] or row["strategic_importance"] >= important or row["time_drain_hours_week"] < hours:
        return "start with a small pilot"
    return "strong candidate"


def test_recommendation_follows_each_rule():
    result = outsourcing_recommendation(make_functions())
    assert list(result.columns) == ["function", "recommendation", "reasons"]
    assert list(result["recommendation"]) == [
        "keep in-house",  # mission-critical
        "keep in-house",  # unique value
        "keep in-house",  # cannot be measured
        "start with a small pilot",  # sensitive data
        "start with a small pilot",  # importance 4 of 5
        "start with a small pilot",  # only 5 h a week
        "strong candidate",
    ]
    reasons = dict(zip(result["function"], result["reasons"]))
    assert "mission-critical" in reasons["Core"]
    assert "unique value" in reasons["Secret sauce"]
    assert "cannot be measured" in reasons["Unmeasured"]
    assert "sensitive data" in reasons["Payroll"]
    assert "4 of 5" in reasons["Strategy help"]
    assert "only 5 h a week" in reasons["Tiny"]
    assert "40 h a week" in reasons["Support"] and "scale up and down" in reasons["Support"]


def test_recommendation_thresholds_are_knobs():
    functions = make_functions()
    # With a 50 h threshold every candidate at 40 h becomes "little to gain": no strong candidate.
    result = outsourcing_recommendation(functions, time_drain_hours=50)
    assert "strong candidate" not in set(result["recommendation"])
    # With importance 5 as "high", Strategy help (4) becomes a strong candidate.
    result = outsourcing_recommendation(functions, high_importance=5)
    assert result.set_index("function").loc["Strategy help", "recommendation"] == "strong candidate"


def test_recommendation_accepts_yes_no_text():
    as_bool = make_functions()
    as_text = as_bool.copy()
    for column in ("mission_critical", "unique_value", "measurable", "sensitive_data"):
        as_text[column] = np.where(as_bool[column], "Yes", "no")
    pd.testing.assert_frame_equal(outsourcing_recommendation(as_text), outsourcing_recommendation(as_bool))


def test_recommendation_on_sample(sample):
    result = outsourcing_recommendation(sample.functions).set_index("function")["recommendation"]
    # From data/sample/functions.csv: design and negotiations are mission-critical; marketing
    # and testing touch no sensitive data at importance 3; the rest touch sensitive data.
    assert result["Product design"] == "keep in-house"
    assert result["Supplier negotiations"] == "keep in-house"
    assert result["Digital marketing"] == "strong candidate"
    assert result["Software testing"] == "strong candidate"
    assert result["Customer support"] == "start with a small pilot"
    assert (result == "start with a small pilot").sum() == 4


row_strategy = st.fixed_dictionaries(
    {
        "function": st.text(min_size=1, max_size=8).filter(lambda s: s.strip() != ""),
        "strategic_importance": st.integers(1, 5),
        "time_drain_hours_week": st.floats(0, 200, allow_nan=False),
        "mission_critical": st.booleans(),
        "unique_value": st.booleans(),
        "measurable": st.booleans(),
        "sensitive_data": st.booleans(),
        "volume_swing": st.sampled_from(["low", "medium", "high"]),
    }
)


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(row_strategy, min_size=1, max_size=6),
    hours=st.floats(0, 100, allow_nan=False),
    important=st.integers(1, 5),
)
def test_recommendation_matches_plain_restatement(rows, hours, important):
    functions = pd.DataFrame(rows)
    result = outsourcing_recommendation(functions, time_drain_hours=hours, high_importance=important)
    expected = [_reference_recommendation(r, hours, important) for r in rows]
    assert list(result["recommendation"]) == expected
    assert (result["reasons"].str.len() > 0).all()


def test_recommendation_empty_table_gives_empty_result():
    result = outsourcing_recommendation(make_functions().iloc[0:0])
    assert result.empty and list(result.columns) == ["function", "recommendation", "reasons"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"volume_swing": ["huge"] + ["low"] * 6}, r"volume_swing.*low, medium or high.*'huge'"),
        ({"strategic_importance": [7, 2, 2, 2, 4, 2, 2]}, r"strategic_importance.*1 to 5"),
        ({"time_drain_hours_week": [-1, 40, 40, 40, 40, 5, 40]}, r"time_drain.*>= 0"),
        ({"measurable": ["maybe"] + ["yes"] * 6}, r"measurable.*yes or no.*'maybe'"),
    ],
)
def test_recommendation_bad_input_is_named(change, message):
    with pytest.raises(InputError, match=message):
        outsourcing_recommendation(make_functions(**change))


def test_recommendation_missing_column():
    with pytest.raises(InputError, match="missing column.*sensitive_data"):
        outsourcing_recommendation(make_functions().drop(columns="sensitive_data"))


# ---------------------------------------------------------------------------------------------
# 2. Which kind and where
# ---------------------------------------------------------------------------------------------


def test_suggest_model_rules():
    functions = pd.DataFrame(
        {
            "function": ["Design", "Claims", "Payroll", "Helpdesk", "Testing", "Data entry"],
            "strategic_importance": [5, 2, 2, 2, 2, 2],
            "time_drain_hours_week": [40] * 6,
            "mission_critical": [True, False, False, False, False, False],
            "unique_value": [True, False, False, False, False, False],
            "measurable": [False, True, True, True, True, True],
            "sensitive_data": [False, True, True, False, False, False],
            "volume_swing": ["low"] * 6,
            "type": ["KPO", "BPO", "bpo", "ITO", "ITO", "BPO"],
            "live_overlap_hours": [8, 4, 1, 3, 2, 0],
        }
    )
    result = suggest_model(functions).set_index("function")
    assert list(result["location"]) == ["in-house", "onshore", "hybrid", "nearshore", "offshore", "offshore"]
    assert list(result["rule"]) == [
        "in-house",
        "sensitive data + long overlap",
        "sensitive data",
        "long overlap",
        "some overlap",
        "no overlap",
    ]
    assert result.loc["Payroll", "type"] == "BPO"  # case-insensitive
    assert "IT outsourcing" in result.loc["Helpdesk", "type_meaning"]
    assert "3 h" in result.loc["Helpdesk", "reason"]
    # A 4 h threshold moves the 3 h helpdesk from nearshore to offshore.
    assert (
        suggest_model(functions, nearshore_overlap_hours=4).set_index("function").loc["Helpdesk", "location"]
        == "offshore"
    )


def test_suggest_model_takes_overlap_from_needs_when_function_has_none():
    functions = make_functions().iloc[[6]]  # Support: not sensitive, no live_overlap_hours
    needs = make_needs(target=[1, 3, 70, 60, 3])  # M2: 3 h overlap a day
    result = suggest_model(functions, needs).iloc[0]
    assert result["overlap_hours_needed"] == 3.0
    assert result["overlap_from"] == "needs (minimum overlap)"
    assert result["location"] == "nearshore"
    alone = suggest_model(functions).iloc[0]
    assert alone["overlap_hours_needed"] == 0.0 and alone["location"] == "offshore"


def test_suggest_model_on_sample(sample):
    result = suggest_model(sample.functions, sample.needs).set_index("function")
    # Customer support: sensitive data and 3 h live overlap (= the 3 h threshold) -> onshore.
    assert result.loc["Customer support", "location"] == "onshore"
    assert result.loc["IT support", "location"] == "hybrid"  # sensitive, 2 h
    assert result.loc["Software testing", "location"] == "offshore"  # 2 h, not sensitive
    assert result.loc["Product design", "location"] == "in-house"


def test_suggest_model_bad_type():
    with pytest.raises(InputError, match=r"functions.type.*BPO, ITO or KPO.*'RPO'"):
        suggest_model(make_functions(type=["RPO"] + ["BPO"] * 6))


def test_location_tradeoffs_cover_the_four_models():
    table = location_tradeoffs()
    assert list(table.index) == ["onshore", "nearshore", "offshore", "hybrid"]
    assert {"cost", "control", "time_zone_overlap", "data_sensitivity"} <= set(table.columns)
    assert table.loc["offshore", "cost"] == "lowest" and table.loc["onshore", "cost"] == "highest"


# ---------------------------------------------------------------------------------------------
# 3. Checklist: weights
# ---------------------------------------------------------------------------------------------


def test_need_weights_suggested():
    weights = need_weights(make_needs())
    # should 2, should 2, could 1 -> 2/5, 2/5, 1/5.
    assert list(weights.index) == ["S1", "S2", "C1"]
    np.testing.assert_allclose(weights["weight_pct"], [40, 40, 20])
    assert not weights["overridden"].any()


def test_need_weights_partial_override_shares_the_rest():
    weights = need_weights(make_needs(weight=[np.nan, np.nan, 50, np.nan, np.nan]))
    # S1 keeps 50 %; S2 (2 points) and C1 (1 point) share the other 50 % as 2:1.
    np.testing.assert_allclose(weights["weight_pct"], [50, 100 / 3, 50 / 3])


def test_need_weights_all_overridden_are_rescaled():
    weights = need_weights(make_needs(weight=[np.nan, np.nan, 30, 30, 27]))
    np.testing.assert_allclose(weights["weight_pct"], [3000 / 87, 3000 / 87, 2700 / 87])


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ([np.nan, np.nan, 80, 40, np.nan], r"add up to 120 %, more than 100 %"),
        ([np.nan, np.nan, 0, 0, 0], r"cannot be normalised"),
    ],
)
def test_need_weights_that_cannot_be_normalised(weight, message):
    with pytest.raises(ValueError, match=message):
        need_weights(make_needs(weight=weight))


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (
            {"priority": ["must", "must", "maybe", "should", "could"]},
            InputError,
            r"priority.*must, should or could.*S1: 'maybe'",
        ),
        ({"weight": [np.nan, np.nan, -5, np.nan, np.nan]}, InputError, r"weight.*>= 0.*S1: -5"),
        ({"weight": [np.nan, np.nan, "lots", np.nan, np.nan]}, InputError, r"weight.*a number.*'lots'"),
        ({"need_id": ["M1", "M1", "S1", "S2", "C1"]}, InputError, r"unique.*M1"),
    ],
)
def test_bad_needs_raise_plain_errors(change, error, message):
    with pytest.raises(error, match=message):
        need_weights(make_needs(**change))


def test_criteria_weights_by_hand():
    weights = criteria_weights(make_needs(), make_criteria(), weights_from="needs")
    # Needs feed communication (S1 40 + S2 40 = 80) and infrastructure (C1 20); together they
    # hold 30 % + 20 % = 50 % of the criteria table, split 80:20 -> 40 % and 10 %. Industry
    # and cost keep their own 20 % and 30 %.
    expected = pd.Series([0.2, 0.4, 0.1, 0.3], index=["industry", "communication", "infrastructure", "cost"])
    np.testing.assert_allclose(weights.to_numpy(), expected.to_numpy())
    assert list(weights.index) == list(expected.index)
    assert weights.name == "weight"


def test_criteria_weights_on_sample(sample):
    weights = criteria_weights(sample.needs, sample.criteria, weights_from="needs")
    # Sample: service_quality gets N06, N07, N09 (should, 2 each) + N08 (could, 1) = 7 of 16
    # points; the needs-fed criteria hold 75 of 100 criteria-table points, so 0.75 * 7/16.
    # infrastructure_technology (10) and yearly_cost (15, tco) keep their own share.
    assert weights["service_quality"] == pytest.approx(0.75 * 7 / 16)
    assert weights["culture_timezone"] == pytest.approx(0.75 * 1 / 16)
    assert weights["infrastructure_technology"] == pytest.approx(0.10)
    assert weights["yearly_cost"] == pytest.approx(0.15)
    assert weights.sum() == pytest.approx(1.0)


def test_criteria_weights_without_weighted_needs_use_the_table():
    needs = make_needs(priority=["must"] * 5)
    weights = criteria_weights(needs, make_criteria())
    np.testing.assert_allclose(weights.to_numpy(), [0.2, 0.3, 0.2, 0.3])


def test_criteria_weights_override_moves_weight():
    needs = make_needs(weight=[np.nan, np.nan, 10, 10, 80])
    weights = criteria_weights(needs, make_criteria(), weights_from="needs")
    # communication 20 %, infrastructure 80 % of the 50 % group.
    assert weights["communication"] == pytest.approx(0.10)
    assert weights["infrastructure"] == pytest.approx(0.40)
    table = criteria_weight_table(needs, make_criteria())
    assert table.loc["communication", "from_needs"] == "S1, S2"
    assert table.loc["cost", "from_needs"] == "" and table.loc["cost", "source"] == "tco"


def test_typed_weights_are_used_unless_the_settings_say_needs():
    """The rule: the criteria table's weights are used as typed; the needs' suggestion stands
    beside them and replaces them only with weights_from = needs."""
    needs = make_needs(weight=[np.nan, np.nan, 10, 10, 80])
    table = criteria_weight_table(needs, make_criteria())
    np.testing.assert_allclose(table["weight"], [0.2, 0.3, 0.2, 0.3])  # as typed
    np.testing.assert_allclose(table["typed"], [0.2, 0.3, 0.2, 0.3])
    np.testing.assert_allclose(table["suggested"], [0.2, 0.1, 0.4, 0.3])
    np.testing.assert_allclose(criteria_weight_table(needs, make_criteria(), "needs")["weight"], table["suggested"])
    with pytest.raises(ValueError, match="weights_from: expected one of criteria, needs"):
        criteria_weight_table(needs, make_criteria(), "mine")


def test_weights_sentence_says_which_weights_and_the_largest_difference():
    needs = make_needs(weight=[np.nan, np.nan, 10, 10, 80])
    typed = weight_choice(criteria_weight_table(needs, make_criteria()), "criteria")
    assert typed.differing == ("communication", "infrastructure") and typed.fed
    assert weights_sentence(typed) == (
        "The scoring uses the weights typed in the criteria table (setting weights_from = criteria). "
        "The two differ on 2 criteria, most on communication: 30.0 % typed, 10.0 % from the needs. "
        "Set weights_from = needs in the settings table to use the other weights."
    )
    fed_nothing = make_needs(criterion=[""] * 5)
    choice = weight_choice(criteria_weight_table(fed_nothing, make_criteria()), "criteria")
    assert not choice.fed and choice.largest is None
    assert "No should/could need names a criterion" in weights_sentence(choice)


def test_criteria_weights_unknown_criterion():
    needs = make_needs(criterion=["", "", "comms", "communication", "infrastructure"])
    with pytest.raises(InputError, match=r"criterion.*one of the criteria.*S1: 'comms'"):
        criteria_weights(needs, make_criteria())


def test_criteria_weights_all_zero_cannot_be_normalised():
    criteria = make_criteria().assign(weight=0)
    with pytest.raises(ValueError, match="cannot be normalised"):
        criteria_weights(make_needs(priority=["must"] * 5), criteria)


@settings(max_examples=30, deadline=None)
@given(
    table_weights=st.lists(st.floats(0, 100, allow_nan=False, allow_subnormal=False), min_size=4, max_size=4),
    overrides=st.lists(st.one_of(st.none(), st.floats(0.1, 30, allow_nan=False)), min_size=3, max_size=3),
)
def test_criteria_weights_sum_to_one(table_weights, overrides):
    criteria = make_criteria().assign(weight=table_weights)
    needs = make_needs(weight=[np.nan, np.nan] + [np.nan if w is None else w for w in overrides])
    try:
        weights = criteria_weights(needs, criteria)
    except ValueError as problem:
        # Only allowed when every criterion ends at zero.
        assert "cannot be normalised" in str(problem)
        return
    assert weights.sum() == pytest.approx(1.0)
    assert (weights >= 0).all()
    # Criteria no need feeds keep their ratio to each other, as in the criteria table.
    if table_weights[0] > 1e-9 and table_weights[3] > 1e-9:  # ratios of near-zero weights lose precision
        assert weights["industry"] / weights["cost"] == pytest.approx(table_weights[0] / table_weights[3])


def test_checklist_roles_and_targets():
    table = checklist(make_needs()).set_index("need_id")
    assert table.loc["M1", "role"] == "knock-out (pass/fail)"
    assert table.loc["S1", "role"] == "weight 40 %"
    assert table.loc["C1", "role"] == "weight 20 %"
    assert np.isnan(table.loc["M1", "weight_pct"])
    assert table.loc["S1", "weight_pct"] == pytest.approx(40)
    assert table.loc["S1", "target"] == "at least 70 %"
    assert table.loc["S2", "target"] == "at most 60 minutes"


# ---------------------------------------------------------------------------------------------
# 3. Checklist: knock-outs
# ---------------------------------------------------------------------------------------------


def test_knockouts_by_hand():
    result = knockouts(make_needs(), make_must_haves(), vendors=["Alpha", "Beta", "Gamma", "Delta"])
    assert list(result.columns) == ["vendor", "need_id", "need", "evidence"]
    rows = list(result.itertuples(index=False, name=None))
    assert rows == [
        # Beta gave no row for M2.
        ("Beta", "M2", "Two hours overlap", "no evidence given"),
        # Gamma said no to M1 without evidence.
        ("Gamma", "M1", "Signed DPA", "marked not met; no evidence given"),
        # Delta is a candidate with no must_haves rows at all.
        ("Delta", "M1", "Signed DPA", "no evidence given"),
        ("Delta", "M2", "Two hours overlap", "no evidence given"),
    ]
    # Without the vendor list only vendors named in must_haves are known.
    assert list(knockouts(make_needs(), make_must_haves())["vendor"].unique()) == ["Beta", "Gamma"]


def test_knockouts_on_sample(sample):
    result = knockouts(sample.needs, sample.must_haves, sample.vendors["vendor"])
    assert list(result["vendor"]) == ["BudgetDesk Global", "BudgetDesk Global"]
    assert list(result["need_id"]) == ["N02", "N05"]
    assert result["evidence"].iloc[1] == "No recovery test report provided"
    # the real entry point: rank_partners keeps them out of the race, with the reason
    from helpers.scoring import rank_partners

    assert list(rank_partners(sample).excluded["vendor"].unique()) == ["BudgetDesk Global"]


def test_knockouts_follow_edited_priorities(sample):
    # N02 no longer a must: BudgetDesk fails only N05. N06 made a must: nobody has evidence.
    needs = edit_needs(sample.needs, priorities={"N02": "should", "N06": "must"})
    result = knockouts(needs, sample.must_haves, sample.vendors["vendor"])
    budget = result[result["vendor"] == "BudgetDesk Global"]
    assert sorted(budget["need_id"]) == ["N05", "N06"]
    n06 = result[result["need_id"] == "N06"]
    assert len(n06) == 4 and set(n06["evidence"]) == {"no evidence given"}


def test_knockouts_without_musts_or_answers():
    no_musts = make_needs(priority=["should"] * 5)
    assert knockouts(no_musts, make_must_haves().iloc[0:0]).empty
    assert knockouts(make_needs(), make_must_haves().iloc[0:0]).empty
    # With a vendor list but no answers, everybody fails every must.
    assert len(knockouts(make_needs(), make_must_haves().iloc[0:0], vendors=["A", "B"])) == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"need_id": ["M1", "M2", "M9", "M1", "M2"]}, r"need_id.*M9"),
        ({"met": [True, True, "perhaps", False, True]}, r"met.*yes or no.*Beta/M1: 'perhaps'"),
        (
            {"vendor": ["Alpha", "Alpha", "Alpha", "Gamma", "Gamma"], "need_id": ["M1", "M2", "M1", "M1", "M2"]},
            r"repeated: Alpha/M1",
        ),
    ],
)
def test_knockouts_bad_input(change, message):
    must_haves = make_must_haves()
    for column, values in change.items():
        must_haves[column] = values
    with pytest.raises(InputError, match=message):
        knockouts(make_needs(), must_haves)


def test_must_haves_for_non_musts(sample):
    needs = edit_needs(sample.needs, priorities={"N05": "should"})
    assert must_haves_for_non_musts(needs, sample.must_haves) == ["N05"]
    assert must_haves_for_non_musts(sample.needs, sample.must_haves) == []


# ---------------------------------------------------------------------------------------------
# What later notebooks read: overlap and minimum important differences
# ---------------------------------------------------------------------------------------------


def test_min_overlap_minutes():
    assert min_overlap_minutes(make_needs()) == 120  # M2: 2 hours
    assert min_overlap_minutes(make_needs(target=[1, 1.5, 70, 60, 3])) == 90
    assert min_overlap_minutes(make_needs(unit=["", "", "%", "min", ""])) == 120  # no unit: hours
    no_overlap = make_needs(checks=[""] * 5)
    assert min_overlap_minutes(no_overlap) is None


def test_the_overlap_need_is_found_by_its_checks_column_not_its_kpi():
    # Any KPI wording: the checks column says which need sets the minimum.
    worded = make_needs(
        kpi=["signed DPA", "Live overlap with Chicago, h per day", "fcr rate", "first response", "tool count"],
        target=[1, 3, 70, 60, 3],
    )
    assert min_overlap_minutes(worded) == 180
    found = overlap_minimum(worded)
    assert (found.need_id, found.function) == ("M2", None)
    assert found.describe() == "The minimum daily overlap, 3 h, is set by need M2 (checks = overlap_hours)."
    # The old magic KPI name alone sets nothing.
    old_name = make_needs(
        kpi=["signed DPA", "overlap_hours_per_workday", "fcr rate", "first response", "tool count"], checks=[""] * 5
    )
    assert min_overlap_minutes(old_name) is None


def test_without_an_overlap_need_the_strictest_function_sets_the_minimum():
    needs = make_needs(checks=[""] * 5)
    functions = pd.DataFrame({"function": ["Support", "Payroll", "Research"], "live_overlap_hours": [3, 4.5, np.nan]})
    found = overlap_minimum(needs, functions)
    assert (found.minutes, found.need_id, found.function) == (270, None, "Payroll")
    assert "largest live_overlap_hours in functions: 4.5 h, for Payroll" in found.describe()
    assert overlap_minimum(make_needs(), functions).minutes == 120  # a need that sets it wins
    assert overlap_minimum(needs, functions.iloc[2:]) is None
    assert describe_overlap_minimum(None).startswith("No need sets a minimum daily overlap")


def test_min_overlap_on_sample(sample):
    assert min_overlap_minutes(sample.needs) == 120  # N04: at least 2 hours
    assert overlap_minimum(sample.needs, sample.functions).need_id == "N04"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target": [1, np.nan, 70, 60, 3]}, r"M2 has checks = overlap_hours and target empty"),
        ({"target": [1, 30, 70, 60, 3]}, r"M2 has checks = overlap_hours and target 30.*from 0 to 24"),
        ({"unit": ["", "hours/day", "%", "min", ""]}, r"M2 has checks = overlap_hours and unit 'hours/day'"),
        ({"unit": ["", "minutes", "%", "min", ""]}, r"unit 'minutes'; expected hours or hour or h"),
        ({"checks": ["", "overlap_hours", "overlap_hours", "", ""]}, r"needs M2, S1 all say overlap_hours"),
    ],
)
def test_min_overlap_bad_input(change, message):
    with pytest.raises(InputError, match=message):
        min_overlap_minutes(make_needs(**change))


def test_min_important_differences_units():
    result = min_important_differences(make_needs())
    # fcr in percentage points, first_response in minutes: the units compare() takes.
    assert result == {"fcr": 3.0, "first_response": 10.0}


def test_handover_table_on_sample(sample):
    table = handover_table(sample.needs)
    assert list(table["used_by"]) == ["notebook 04"] + ["notebook 03"] * 4
    assert table["value"].iloc[0] == 120 and table["unit"].iloc[0] == "minutes"
    fcr = table[table["setting"].str.endswith("fcr")].iloc[0]
    assert fcr["value"] == 3 and fcr["unit"] == "percentage points"
    assert handover_table(make_needs(checks=[""] * 5, pilot_kpi=[""] * 5)).empty


def test_min_important_differences_on_sample(sample):
    assert min_important_differences(sample.needs) == {
        "fcr": 3.0,
        "sla": 2.0,
        "handle_time": 30.0,
        "csat": pytest.approx(0.2),
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pilot_kpi": ["", "", "fcr", "speed", ""]}, r"pilot_kpi.*S2: 'speed'"),
        ({"pilot_kpi": ["", "", "fcr", "fcr", ""]}, r"S1, S2 give different.*fcr"),
        ({"min_important_difference": [np.nan, np.nan, 300, 10, np.nan]}, r"between 0 and 100.*S1: 300"),
        ({"min_important_difference": [np.nan, np.nan, -3, 10, np.nan]}, r">= 0.*S1: -3"),
    ],
)
def test_min_important_differences_bad_input(change, message):
    with pytest.raises(InputError, match=message):
        min_important_differences(make_needs(**change))


# ---------------------------------------------------------------------------------------------
# Lint
# ---------------------------------------------------------------------------------------------


def _findings(result: pd.DataFrame, severity: str) -> list[tuple[str, str]]:
    rows = result[result["severity"] == severity]
    return list(zip(rows["need_id"], rows["message"]))


def test_lint_sample_is_clean(sample):
    result = lint_needs(sample.needs, sample.criteria)
    assert list(result.columns) == ["severity", "need_id", "message"]
    assert not (result["severity"].isin(["error", "warning"])).any(), result
    messages = " ".join(result["message"])
    assert "2 h (120 min)" in messages  # the overlap notebook 04 will use
    assert "fcr important from 3 percentage points" in messages


def test_lint_finds_the_planted_problems():
    needs = pd.DataFrame(
        {
            "need_id": ["A", "B", "C", "D", "E", "F", "G", "H"],
            "need": ["Fast replies", "fast  replies", "Secure", "Cheap", "Friendly", "Big", "Local", "Nice"],
            "category": ["x"] * 8,
            "priority": ["must", "must", "must", "must", "must", "must", "should", "whenever"],
            "criterion": ["", "", "", "", "", "", "", ""],
            "kpi": ["reply time", "reply time", "", "price", "csat", "agents", "", ""],
            "target": [4, 4, np.nan, 10, np.nan, 50, np.nan, np.nan],
            "unit": ["h", "h", "", "GBP", "", "", "", ""],
            "target_type": ["max", "max", "", "max", "", "min", "", ""],
            "measured_by": ["log", "log", "", "", "survey", "list", "", ""],
            "weight": [np.nan, 5, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan],
            "pilot_kpi": ["", "", "", "", "", "", "", ""],
            "min_important_difference": [np.nan] * 8,
        }
    )
    result = lint_needs(needs, make_criteria())
    errors, warnings, infos = (_findings(result, s) for s in ("error", "warning", "info"))
    assert ("H", "priority 'whenever' is not one of must, should or could.") in errors
    blank = lint_needs(make_needs(priority=["must", "", "should", "should", "could"]))
    assert ("M2", "has no priority; expected must, should or could.") in _findings(blank, "error")
    assert any(i == "C" and "has no KPI" in m for i, m in errors)  # a must without a KPI
    assert any(i == "G" and "has no KPI" in m for i, m in warnings)
    assert any(i == "A, B" and "say the same thing" in m for i, m in warnings)
    assert any(i == "A, B" and "share the KPI" in m for i, m in warnings)
    assert any(i == "E" and "no target" in m for i, m in warnings)
    assert any(i == "D" and "how it is measured" in m for i, m in warnings)
    assert any(i == "B" and "weight is ignored" in m for i, m in warnings)
    assert any(i == "" and "6 of 8 needs are must-haves" in m for i, m in warnings)
    assert any(i == "G" and "without a criterion" in m for i, m in warnings)
    assert any("no need sets a minimum time-zone overlap" in m for _, m in infos)
    # Sorted: every error before every warning before every info.
    order = result["severity"].map({"error": 0, "warning": 1, "info": 2}).to_numpy()
    assert (np.diff(order) >= 0).all()


def test_lint_weights_and_criteria():
    needs = make_needs(
        weight=[np.nan, np.nan, 30, 30, 30], criterion=["", "", "communication", "comms", "infrastructure"]
    )
    result = lint_needs(needs, make_criteria())
    assert any("add up to 90 %, not 100 %" in m for _, m in _findings(result, "warning"))
    assert any(i == "S2" and "'comms' is not in the criteria table" in m for i, m in _findings(result, "error"))
    too_much = make_needs(weight=[np.nan, np.nan, 90, 40, np.nan])
    assert any("more than 100 %" in m for _, m in _findings(lint_needs(too_much), "error"))


def test_lint_pilot_kpi_problems():
    needs = make_needs(
        pilot_kpi=["", "", "fcr", "speed", "sla"], min_important_difference=[np.nan, np.nan, 0.03, 10, np.nan]
    )
    result = lint_needs(needs)
    errors, warnings = _findings(result, "error"), _findings(result, "warning")
    assert any(i == "S2" and "'speed'" in m for i, m in errors)
    assert any(i == "S1" and "if you meant 3 pp" in m for i, m in warnings)
    assert any(i == "C1" and "no minimum important difference" in m for i, m in warnings)


def _rule(rule, needs, criteria=None, *args):
    """A lint rule's findings as (severity, need_id) pairs."""
    from helpers.needs.lint import _Checklist

    return [(f.severity, f.need_id) for f in rule(_Checklist.read(needs, criteria), *args)]


def test_lint_rule_identity():
    from helpers.needs.lint import _lint_identity

    assert _rule(_lint_identity, make_needs()) == []
    assert _rule(
        _lint_identity,
        make_needs(need_id=["M1", "M1", "", "S2", "C1"], priority=["must", "must", "should", "", "soon"]),
    ) == [("error", "M1"), ("error", ""), ("error", "S2"), ("error", "C1")]


def test_lint_rule_repeats():
    from helpers.needs.lint import _lint_repeats

    assert _rule(_lint_repeats, make_needs()) == []
    assert _rule(_lint_repeats, make_needs(need=["A", "a ", "", "B", "C"], kpi=["k", "x", "K", "", ""])) == [
        ("warning", "M1, M2"),
        ("warning", "S1"),
        ("warning", "M1, S1"),
    ]


def test_lint_rule_measurability():
    from helpers.needs.lint import _lint_measurability

    assert _rule(_lint_measurability, make_needs()) == []
    found = _rule(
        _lint_measurability,
        make_needs(
            kpi=["", "b", "c", "d", ""],
            target=[1, "two", np.nan, 60, 3],
            target_type=["min", "min", "min", "between", "min"],
            measured_by=["x", "x", "x", "", "x"],
        ),
    )
    assert found == [
        ("error", "M1"),
        ("error", "M2"),
        ("warning", "S1"),
        ("warning", "S2"),
        ("info", "S2"),
        ("warning", "C1"),
    ]


def test_lint_rule_weight_cells():
    from helpers.needs.lint import _lint_weight_cells

    assert _rule(_lint_weight_cells, make_needs()) == []
    assert _rule(_lint_weight_cells, make_needs(weight=[np.nan, 5, "x", -1, 10])) == [
        ("error", "S1"),
        ("error", "S2"),
        ("warning", "M2"),
    ]


@pytest.mark.parametrize(
    "priority, expected",
    [
        (["should"] * 5, [("info", "")]),
        (["must", "must", "should", "should", "could"], [("info", "M1, M2")]),
        (["must", "must", "must", "should", "could"], [("warning", "")]),  # more than half
    ],
)
def test_lint_rule_must_count(priority, expected):
    from helpers.needs.lint import _lint_must_count

    assert _rule(_lint_must_count, make_needs(priority=priority), None, 5, 0.5) == expected


def test_lint_rule_criteria():
    from helpers.needs.lint import _lint_criteria

    needs = make_needs(criterion=["", "", "communication", "", "comms"])
    assert _rule(_lint_criteria, needs) == [("warning", "S2")]
    assert _rule(_lint_criteria, needs, make_criteria()) == [("warning", "S2"), ("error", "C1")]


def test_lint_rule_weight_sums():
    from helpers.needs.lint import _lint_weight_sums

    assert _rule(_lint_weight_sums, make_needs(), make_criteria()) == []
    assert _rule(_lint_weight_sums, make_needs(weight=[np.nan, np.nan, 30, 30, 30])) == [("warning", "")]
    assert _rule(_lint_weight_sums, make_needs(weight=[np.nan, np.nan, 30, np.nan, np.nan])) == [("info", "")]
    assert _rule(_lint_weight_sums, make_needs(weight=[np.nan, np.nan, 90, 40, np.nan])) == [("error", "")]
    assert _rule(_lint_weight_sums, make_needs(weight=[np.nan, np.nan, "x", 40, np.nan])) == []  # not clean


def test_lint_rule_overlap():
    from helpers.needs.lint import _lint_overlap

    assert _rule(_lint_overlap, make_needs()) == [("info", "M2")]
    assert _rule(_lint_overlap, make_needs(checks=[""] * 5)) == [("info", "")]
    assert _rule(_lint_overlap, make_needs(target=[1, 30, 70, 60, 3])) == [("error", "M2")]


@pytest.mark.parametrize(
    "given, mid, expected",
    [
        ("speed", 3, ["error"]),
        ("fcr", np.nan, ["warning"]),
        ("fcr", -1, ["error"]),
        ("fcr", 200, ["error"]),
        ("fcr", 0.03, ["warning", "info"]),
        ("handle_time", 0.03, ["info"]),  # only rates are read as percentage points
        ("fcr", 3, ["info"]),
    ],
)
def test_lint_rule_pilot_kpi(given, mid, expected):
    from helpers.needs.lint import _lint_pilot_kpi

    assert [f.severity for f in _lint_pilot_kpi("S1", given, given, mid)] == expected


def test_lint_reports_conflicting_min_important_differences_beside_other_pilot_problems():
    # The old lint found the conflict by reading min_important_differences' error message, so a
    # rate difference above 100 on another need, raised first, hid the conflict.
    needs = make_needs(pilot_kpi=["", "", "fcr", "fcr", "sla"], min_important_difference=[np.nan, np.nan, 3, 5, 200])
    errors = _findings(lint_needs(needs), "error")
    assert ("C1", "minimum important difference 200 percentage points is more than 100.") in errors
    assert any(i == "" and "needs S1, S2 give different minimum important differences" in m for i, m in errors)


def test_lint_needs_rejects_a_non_table():
    with pytest.raises(InputError, match="expected a table"):
        lint_needs([1, 2, 3])


# ---------------------------------------------------------------------------------------------
# Editing and saving
# ---------------------------------------------------------------------------------------------


def test_edit_needs_returns_a_changed_copy():
    needs = make_needs()
    before = needs.copy()
    edited = edit_needs(needs, priorities={"C1": "Should"}, weights={"S1": "25", "S2": 10.5})
    pd.testing.assert_frame_equal(needs, before)  # the input is untouched
    assert list(edited["priority"]) == ["must", "must", "should", "should", "should"]
    assert edited["weight"].iloc[2] == 25 and edited["weight"].iloc[3] == 10.5
    cleared = edit_needs(edited, weights={"S1": "", "S2": None})
    assert cleared["weight"].iloc[2:4].isna().all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"priorities": {"Z9": "must"}}, r"no need with id Z9"),
        ({"priorities": {"S1": "essential"}}, r"must, should or could.*S1: 'essential'"),
        ({"weights": {"S1": "lots"}}, r"S1, got 'lots'"),
        ({"weights": {"S1": -2}}, r"S1, got -2"),
    ],
)
def test_edit_needs_bad_input(kwargs, message):
    with pytest.raises(InputError, match=message):
        edit_needs(make_needs(), **kwargs)


def _docs_needs_columns() -> list[str]:
    """The needs columns as docs/data.md lists them (read from the table row)."""
    text = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `needs`"))
    columns_cell = row.split("|")[4]
    # Column names are the back-quoted words that open each comma-separated entry.
    return re.findall(r"(?:^|,)\s*\*?`([a-z_]+)`", columns_cell)


def test_save_needs_writes_a_new_file_that_load_project_accepts(sample_copy, tmp_path, sample):
    edited = edit_needs(sample.needs, priorities={"N10": "must"}, weights={"N06": 30})
    written = save_needs(edited, tmp_path / "needs_edited.csv")
    header = written.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == _docs_needs_columns()
    shutil.copyfile(written, sample_copy / "needs.csv")
    reloaded = load_project(sample_copy).needs.set_index("need_id")
    assert reloaded.loc["N10", "priority"] == "must"
    assert reloaded.loc["N06", "weight"] == 30
    assert reloaded.loc["N08", "min_important_difference"] == 30
    assert reloaded.loc["N09", "target"] == 4.3
    assert np.isnan(reloaded.loc["N07", "weight"])
    assert reloaded.loc["N13", "need"] == "Can add weekend cover in peak season (November–December)"


def test_save_needs_never_overwrites(tmp_path, sample):
    path = tmp_path / "needs.csv"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="never overwrites"):
        save_needs(sample.needs, path)
    assert path.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("name", "message"),
    [("needs.xlsx", r"ending in \.csv"), ("missing_folder/needs.csv", r"does not exist")],
)
def test_save_needs_bad_path(tmp_path, sample, name, message):
    with pytest.raises(InputError, match=message):
        save_needs(sample.needs, tmp_path / name)


def test_save_needs_refuses_bad_needs(tmp_path):
    path = tmp_path / "bad.csv"
    with pytest.raises(InputError, match="'maybe'"):
        save_needs(make_needs(priority=["must", "must", "maybe", "should", "could"]), path)
    assert not path.exists()


def test_needs_overview_on_sample(sample):
    view = needs_overview(sample.needs, sample.criteria, sample.must_haves, sample.vendors["vendor"])
    assert list(view["knock_out_tests"]["need_id"]) == ["N01", "N02", "N03", "N04", "N05"]
    assert view["need_weights"]["weight_pct"].sum() == pytest.approx(100)
    assert view["criteria_weights"]["weight"].sum() == pytest.approx(1)
    assert set(view["knockouts"]["vendor"]) == {"BudgetDesk Global"}


# ---------------------------------------------------------------------------------------------
# Chart and editor
# ---------------------------------------------------------------------------------------------


def test_quadrant_chart(sample):
    import matplotlib.pyplot as plt

    from helpers.plots.needs import criteria_weight_chart, outsourcing_quadrant

    fig = outsourcing_quadrant(sample.functions, outsourcing_recommendation(sample.functions))
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("2 of 8 functions are strong candidates")
    assert "hours per week" in ax.get_xlabel() and "importance" in ax.get_ylabel()
    assert sum(len(c.get_offsets()) for c in ax.collections) == 8  # one point per function
    empty = outsourcing_quadrant(sample.functions.iloc[0:0], pd.DataFrame({"function": [], "recommendation": []}))
    assert "No candidate functions" in empty.axes[0].get_title(loc="left")
    fig2 = criteria_weight_chart(criteria_weight_table(sample.needs, sample.criteria, "needs"))
    assert fig2.get_suptitle().startswith("service_quality carries the most weight: 33 %")
    assert "typed ones (diamonds) differ on 6 of 8 criteria" in fig2.get_suptitle()
    plt.close("all")


def test_editor_updates_and_saves(sample, tmp_path):
    from helpers.widgets.needs import NeedsEditor

    editor = NeedsEditor(sample.needs, sample.criteria, sample.must_haves, vendors=sample.vendors["vendor"])
    assert len(editor.overview["knock_out_tests"]) == 5
    editor.priority["N06"].value = "must"  # a change recomputes at once
    assert len(editor.overview["knock_out_tests"]) == 6
    assert set(editor.overview["knockouts"]["vendor"]) == set(sample.vendors["vendor"])
    editor.weight["N07"].value = "lots"
    assert editor.overview is None  # a bad weight shows a message instead of a crash
    editor.weight["N07"].value = "20"
    assert editor.overview is not None

    target = tmp_path / "edited.csv"
    editor.path.value = str(target)
    editor.save_button.click()
    assert target.exists() and "Saved 14 needs" in editor.status.value
    saved = pd.read_csv(target)
    assert saved.set_index("need_id").loc["N06", "priority"] == "must"
    editor.save_button.click()  # a second save to the same path is refused, not overwritten
    assert "Not saved" in editor.status.value and "already exists" in editor.status.value


def test_needs_headline(sample):
    recommendation = outsourcing_recommendation(sample.functions)
    text = needs_headline(recommendation, sample.needs, sample.criteria, "needs")
    assert text == (
        "2 of 8 functions are strong candidates to outsource (Digital marketing, "
        "Software testing); 4 could start with a small pilot; the checklist has 5 "
        "must-haves as knock-outs and 9 weighted needs; service_quality weighs "
        "most (33 %)."
    )
    no_functions = needs_headline(recommendation.iloc[0:0], sample.needs, sample.criteria)
    assert no_functions.startswith("The checklist has 5 must-haves")


# ---------------------------------------------------------------------------------------------
# The notebook on a template filled in here (the sample run is nbval's job)
# ---------------------------------------------------------------------------------------------


def _fill(path: Path, rows: list[dict]) -> None:
    """Append rows under the header the template wrote (columns not given stay empty)."""
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with open(path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, restval="")
        writer.writerows(rows)


def test_notebook_runs_on_a_filled_template(tmp_path):
    import nbformat

    from helpers.data import write_template
    from helpers.kernel import execute_notebook

    project = write_template(tmp_path / "mine")
    _fill(
        project / "needs.csv",
        [
            {
                "need_id": "R1",
                "need": "Data stays in the UK",
                "category": "compliance",
                "priority": "must",
                "kpi": "data location",
                "target": "1",
                "unit": "yes",
                "target_type": "min",
                "measured_by": "contract",
            },
            {
                "need_id": "R2",
                "need": "Replies within 4 hours",
                "category": "quality",
                "priority": "should",
                "criterion": "quality",
                "kpi": "reply hours",
                "target": "4",
                "unit": "hours",
                "target_type": "max",
                "measured_by": "email log",
            },
            {"need_id": "R3", "need": "Low price", "category": "commercial", "priority": "could"},
        ],
    )
    _fill(
        project / "criteria.csv",
        [
            {"criterion": "quality", "weight": "60", "direction": "benefit", "source": "scores"},
            {"criterion": "cost", "weight": "40", "direction": "cost", "source": "tco"},
        ],
    )
    _fill(
        project / "vendors.csv",
        [
            {
                "vendor": "<b>Acme</b> & Co",
                "country": "GB",
                "tz": "Europe/London",
                "location_model": "onshore",
                "pricing_model": "hourly",
                "rate": "30",
                "currency": "GBP",
                "monthly_volume": "100",
                "contract_months": "12",
            },
        ],
    )
    _fill(
        project / "scores.csv",
        [
            {"evaluator": "me", "vendor": "<b>Acme</b> & Co", "criterion": "quality", "score": "4"},
        ],
    )
    load_project(project)  # the filled template is valid input

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source = f"data_dir = {str(project)!r}\n" + "\n".join(
        line for line in parameters.source.splitlines() if not line.startswith("data_dir")
    )
    execute_notebook(notebook, NOTEBOOK.parent, timeout=120)
    outputs = "".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/html", ""))
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert "Traceback" not in outputs
    assert "no evidence given" in outputs  # the one vendor gave no must_haves answers
    assert "&lt;b&gt;Acme&lt;/b&gt; &amp; Co" in outputs  # user text is escaped in tables
    assert "<b>Acme</b>" not in outputs
    assert "The checklist has 1 must-have as knock-outs and 2 weighted needs" in outputs


def test_pilot_kpi_units_cover_the_schema():
    from helpers.needs import PILOT_KPI_UNITS, RATE_KPIS
    from helpers.schema import PILOT_KPIS

    assert list(PILOT_KPI_UNITS) == list(PILOT_KPIS)
    assert all(PILOT_KPI_UNITS[kpi] == "percentage points" for kpi in RATE_KPIS)
