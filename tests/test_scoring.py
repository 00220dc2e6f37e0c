"""Tests for helpers.scoring: weighted sum and TOPSIS against hand-computed values, bad input,
properties (hypothesis), the yearly cost per pricing model, consensus, knock-outs and the
project-level ranking; plus smoke tests of the scoring charts and weight sliders."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers.data import InputError, Project
from helpers.evidence import band
from helpers.scoring import (
    PartnerRanking,
    consensus_scores,
    contributions,
    cost_scores,
    criteria_overview,
    disagreements,
    open_red_flags,
    rank_partners,
    topsis,
    value_for_money,
    weighted_sum,
    yearly_cost,
)
from tests.conftest import SAMPLE

# --------------------------------------------------------------------------------------
# A small matrix worked by hand: price is a cost (lower is better), quality a benefit.
#        price  quality
#   A     100      3
#   B     200      5
#   C     400      4
# weights price 1, quality 3  ->  0.25 and 0.75 after rescaling.
# --------------------------------------------------------------------------------------
MATRIX = pd.DataFrame({"price": [100.0, 200.0, 400.0], "quality": [3.0, 5.0, 4.0]}, index=["A", "B", "C"])
WEIGHTS = {"price": 1, "quality": 3}
DIRECTIONS = {"price": "cost", "quality": "benefit"}

HAND_WEIGHTED_SUM = {
    # minmax: price (400-x)/300 -> 1, 2/3, 0; quality (x-3)/2 -> 0, 1, 1/2
    "minmax": {"A": 0.25 * 1 + 0.75 * 0, "B": 0.25 * 2 / 3 + 0.75 * 1, "C": 0.25 * 0 + 0.75 * 0.5},
    # max: price min/x -> 1, 1/2, 1/4; quality x/max -> 3/5, 1, 4/5
    "max": {"A": 0.25 * 1 + 0.75 * 3 / 5, "B": 0.25 * 0.5 + 0.75 * 1, "C": 0.25 * 0.25 + 0.75 * 4 / 5},
    # sum: price (1/x)/sum(1/x) -> 4/7, 2/7, 1/7; quality x/12 -> 3/12, 5/12, 4/12
    "sum": {
        "A": 0.25 * 4 / 7 + 0.75 * 3 / 12,
        "B": 0.25 * 2 / 7 + 0.75 * 5 / 12,
        "C": 0.25 * 1 / 7 + 0.75 * 4 / 12,
    },
}
HAND_RANKS = {
    "minmax": {"B": 1, "C": 2, "A": 3},
    "max": {"B": 1, "A": 2, "C": 3},
    "sum": {"B": 1, "A": 2, "C": 3},
}


@pytest.mark.parametrize("normalize", ["minmax", "max", "sum"])
def test_weighted_sum_matches_hand_computed_values(normalize):
    result = weighted_sum(MATRIX, WEIGHTS, DIRECTIONS, normalize=normalize)
    expected = pd.Series(HAND_WEIGHTED_SUM[normalize])
    assert list(result.columns) == ["score", "rank"]
    assert result["rank"].dtype.kind == "i"
    np.testing.assert_allclose(result["score"].sort_index(), expected.sort_index(), rtol=1e-12)
    assert result["rank"].to_dict() == HAND_RANKS[normalize]
    assert list(result["rank"]) == sorted(result["rank"])  # sorted by rank


def test_weighted_sum_none_uses_values_as_given():
    ratings = pd.DataFrame({"x": [1.0, 5.0], "y": [4.0, 2.0]}, index=["P", "Q"])
    result = weighted_sum(ratings, {"x": 1, "y": 1}, normalize="none")
    assert result.loc["P", "score"] == pytest.approx(0.5 * 1 + 0.5 * 4)
    assert result.loc["Q", "score"] == pytest.approx(0.5 * 5 + 0.5 * 2)
    assert list(result.index) == ["Q", "P"]


def test_weights_as_series_and_any_scale_give_the_same_scores():
    as_dict = weighted_sum(MATRIX, {"price": 0.25, "quality": 0.75}, DIRECTIONS)
    as_series = weighted_sum(MATRIX, pd.Series({"quality": 300.0, "price": 100.0}), DIRECTIONS)
    np.testing.assert_allclose(as_dict["score"], as_series.loc[as_dict.index, "score"], rtol=1e-12)


def test_default_directions_are_all_benefit():
    result = weighted_sum(MATRIX, WEIGHTS)
    # minmax benefit: price (x-100)/300 -> 0, 1/3, 1; quality 0, 1, 1/2
    assert result.loc["C", "score"] == pytest.approx(0.25 * 1 + 0.75 * 0.5)
    assert result.loc["A", "score"] == pytest.approx(0.0)


@pytest.mark.parametrize("normalize, constant_value", [("minmax", 1.0), ("max", 1.0), ("sum", 1 / 3)])
def test_constant_column_adds_the_same_amount_and_no_nan(normalize, constant_value):
    with_constant = MATRIX.assign(region=7.0)
    result = weighted_sum(with_constant, {**WEIGHTS, "region": 4}, DIRECTIONS, normalize=normalize)
    assert result["score"].notna().all()
    # Weights 1, 3, 4 -> 1/8, 3/8, 4/8: the old scores shrink by half, plus half the constant.
    expected = pd.Series(HAND_WEIGHTED_SUM[normalize]) * 0.5 + 0.5 * constant_value
    np.testing.assert_allclose(result["score"].sort_index(), expected.sort_index(), rtol=1e-12)
    assert result["rank"].to_dict() == HAND_RANKS[normalize]


@pytest.mark.parametrize("normalize", ["max", "sum"])
def test_all_zero_column_gives_no_nan(normalize):
    with_zeros = MATRIX.assign(extras=0.0)
    result = weighted_sum(with_zeros, {**WEIGHTS, "extras": 1}, {**DIRECTIONS, "extras": "cost"}, normalize=normalize)
    assert result["score"].notna().all()
    assert result["rank"].to_dict() == HAND_RANKS[normalize]


def test_ties_share_the_smaller_rank():
    tied = pd.DataFrame({"x": [3.0, 5.0, 5.0, 1.0], "y": [2.0, 4.0, 4.0, 1.0]}, index=list("ABCD"))
    result = weighted_sum(tied, {"x": 1, "y": 1})
    assert result["rank"].to_dict() == {"B": 1, "C": 1, "A": 3, "D": 4}
    assert list(result.index[:2]) == ["B", "C"]  # ties keep the input order


def test_rounding_noise_does_not_split_a_tie():
    # All three score 0.2 exactly on paper; in floating point the third differs in the last bit.
    noisy = pd.DataFrame([[0.1, 0.2, 0.3], [0.3, 0.2, 0.1], [0.2, 0.2, 0.2]], index=list("PQR"), columns=list("abc"))
    assert len(set(noisy.to_numpy() @ np.full(3, 1 / 3))) > 1  # the noise is real
    result = weighted_sum(noisy, dict.fromkeys("abc", 1), normalize="none")
    assert set(result["rank"]) == {1}


def test_single_alternative():
    one = MATRIX.loc[["B"]]
    result = weighted_sum(one, WEIGHTS, DIRECTIONS)
    assert result.loc["B", "rank"] == 1
    assert result.loc["B", "score"] == pytest.approx(1.0)  # every column is constant -> 1
    closeness = topsis(one, WEIGHTS, DIRECTIONS)
    assert closeness.loc["B", "rank"] == 1 and closeness.loc["B", "score"] == pytest.approx(1.0)


def test_index_name_is_kept():
    named = MATRIX.rename_axis("vendor")
    assert weighted_sum(named, WEIGHTS, DIRECTIONS).index.name == "vendor"


# ---- TOPSIS ----------------------------------------------------------------------------
def _hand_topsis(normalized_price, normalized_quality):
    """TOPSIS by hand for the 3 x 2 example: weighted columns, ideal and anti-ideal, distances."""
    price = [0.25 * v for v in normalized_price]
    quality = [0.75 * v for v in normalized_quality]
    best = (min(price), max(quality))  # price is a cost
    worst = (max(price), min(quality))
    result = {}
    for name, p, q in zip("ABC", price, quality):
        d_best = math.hypot(p - best[0], q - best[1])
        d_worst = math.hypot(p - worst[0], q - worst[1])
        result[name] = d_worst / (d_best + d_worst)
    return pd.Series(result)


def test_topsis_vector_matches_hand_computed_values():
    price_length = math.sqrt(100**2 + 200**2 + 400**2)
    quality_length = math.sqrt(3**2 + 5**2 + 4**2)
    expected = _hand_topsis([x / price_length for x in (100, 200, 400)], [x / quality_length for x in (3, 5, 4)])
    result = topsis(MATRIX, WEIGHTS, DIRECTIONS, normalize="vector")
    np.testing.assert_allclose(result["score"].sort_index(), expected.sort_index(), rtol=1e-12)
    assert result["rank"].to_dict() == {"B": 1, "A": 2, "C": 3}
    # the worked numbers, to four places
    assert result.loc["B", "score"] == pytest.approx(0.8139, abs=1e-4)


def test_topsis_minmax_matches_hand_computed_values():
    expected = _hand_topsis([0, 1 / 3, 1], [0, 1, 0.5])
    result = topsis(MATRIX, WEIGHTS, DIRECTIONS, normalize="minmax")
    np.testing.assert_allclose(result["score"].sort_index(), expected.sort_index(), rtol=1e-12)
    assert result.loc["A", "score"] == pytest.approx(0.25)


def test_topsis_constant_column_changes_nothing():
    plain = topsis(MATRIX, WEIGHTS, DIRECTIONS)
    with_constant = topsis(MATRIX.assign(region=2.0), {**WEIGHTS, "region": 0}, DIRECTIONS)
    np.testing.assert_allclose(plain["score"], with_constant.loc[plain.index, "score"], rtol=1e-12)
    assert with_constant["score"].notna().all()


def test_topsis_rejects_other_normalizations():
    with pytest.raises(InputError, match="vector"):
        topsis(MATRIX, WEIGHTS, DIRECTIONS, normalize="sum")


# ---- bad input ----------------------------------------------------------------------------
@pytest.mark.parametrize("method", [weighted_sum, topsis])
def test_nan_in_the_matrix_is_a_clear_error(method):
    gap = MATRIX.copy()
    gap.loc["B", "quality"] = np.nan
    with pytest.raises(InputError, match=r"'B' / 'quality'"):
        method(gap, WEIGHTS, DIRECTIONS)


@pytest.mark.parametrize("method", [weighted_sum, topsis])
@pytest.mark.parametrize(
    "weights, message",
    [
        ({"price": -1, "quality": 3}, r">= 0.*'price' = -1"),
        ({"price": 0, "quality": 0}, "all zero"),
        ({"price": float("nan"), "quality": 1}, ">= 0"),
        ({"price": "heavy", "quality": 1}, ">= 0"),
        ({"price": 1, "quality": 3, "speed": 1}, "'speed'"),
        ({"price": 1}, "no weight given for 'quality'"),
    ],
)
def test_bad_weights_are_errors(method, weights, message):
    with pytest.raises(InputError, match=message):
        method(MATRIX, weights, DIRECTIONS)


def test_weights_must_be_a_mapping():
    with pytest.raises(InputError, match="mapping"):
        weighted_sum(MATRIX, [1, 3])


@pytest.mark.parametrize(
    "directions, message",
    [({"price": "lower"}, "'benefit' or 'cost'"), ({"speed": "cost"}, "'speed'"), (["cost"], "mapping")],
)
def test_bad_directions_are_errors(directions, message):
    with pytest.raises(InputError, match=message):
        weighted_sum(MATRIX, WEIGHTS, directions)


def test_unknown_normalization_is_an_error():
    with pytest.raises(InputError, match="'zscore'"):
        weighted_sum(MATRIX, WEIGHTS, normalize="zscore")


def test_none_normalization_refuses_a_cost_criterion():
    with pytest.raises(InputError, match="price"):
        weighted_sum(MATRIX, WEIGHTS, DIRECTIONS, normalize="none")


@pytest.mark.parametrize("normalize", ["max", "sum"])
def test_ratio_normalizations_refuse_negative_values_and_zero_costs(normalize):
    with pytest.raises(InputError, match="quality"):
        weighted_sum(MATRIX.assign(quality=[-1.0, 2.0, 3.0]), WEIGHTS, normalize=normalize)
    with pytest.raises(InputError, match="price"):
        weighted_sum(MATRIX.assign(price=[0.0, 2.0, 3.0]), WEIGHTS, DIRECTIONS, normalize=normalize)


@pytest.mark.parametrize(
    "matrix, message",
    [
        (pd.DataFrame(), "at least one"),
        (MATRIX.to_numpy(), "DataFrame"),
        (MATRIX.assign(quality=["good", "bad", "fair"]), "not numeric"),
        (pd.concat([MATRIX, MATRIX.loc[["A"]]]), "repeated: 'A'"),
        (MATRIX.assign(quality=[1.0, np.inf, 2.0]), "infinite"),
    ],
)
def test_bad_matrices_are_errors(matrix, message):
    with pytest.raises(InputError, match=message):
        weighted_sum(matrix, WEIGHTS)


# ---- properties ------------------------------------------------------------------------------
@st.composite
def decision_problems(draw, min_rows=1):
    n_rows = draw(st.integers(min_rows, 6))
    n_cols = draw(st.integers(1, 4))
    values = draw(
        st.lists(st.lists(st.integers(1, 9), min_size=n_cols, max_size=n_cols), min_size=n_rows, max_size=n_rows)
    )
    weights = draw(st.lists(st.integers(0, 9), min_size=n_cols, max_size=n_cols).filter(lambda w: sum(w) > 0))
    costs = draw(st.lists(st.booleans(), min_size=n_cols, max_size=n_cols))
    columns = [f"c{j}" for j in range(n_cols)]
    matrix = pd.DataFrame(np.array(values, dtype=float), index=[f"v{i}" for i in range(n_rows)], columns=columns)
    return (
        matrix,
        dict(zip(columns, weights)),
        {c: "cost" if x else "benefit" for c, x in zip(columns, costs)},
    )


NORMALIZE = st.sampled_from(["minmax", "max", "sum"])


@settings(max_examples=60, deadline=None)
@given(decision_problems(), NORMALIZE, st.integers(2, 1000))
def test_scaling_all_weights_keeps_the_ranking(problem, normalize, factor):
    matrix, weights, directions = problem
    base = weighted_sum(matrix, weights, directions, normalize)
    scaled = weighted_sum(matrix, {c: w * factor / 7 for c, w in weights.items()}, directions, normalize)
    assert scaled["rank"].to_dict() == base["rank"].to_dict()


@settings(max_examples=60, deadline=None)
@given(decision_problems(), NORMALIZE, st.integers(1, 9), st.integers(0, 9))
def test_a_criterion_where_all_are_equal_keeps_the_ranking(problem, normalize, value, weight):
    matrix, weights, directions = problem
    base = weighted_sum(matrix, weights, directions, normalize)
    wider = weighted_sum(matrix.assign(same=float(value)), {**weights, "same": weight}, directions, normalize)
    assert wider["rank"].to_dict() == base["rank"].to_dict()
    base_topsis = topsis(matrix, weights, directions)
    wider_topsis = topsis(matrix.assign(same=float(value)), {**weights, "same": weight}, directions)
    assert wider_topsis["rank"].to_dict() == base_topsis["rank"].to_dict()


@settings(max_examples=60, deadline=None)
@given(decision_problems(), NORMALIZE)
def test_a_vendor_that_dominates_on_every_criterion_is_first(problem, normalize):
    matrix, weights, directions = problem
    # Better than everyone on every criterion: above the best benefit, below the best cost.
    best = [matrix[c].min() / 2 if directions[c] == "cost" else matrix[c].max() + 1 for c in matrix.columns]
    with_winner = pd.concat([matrix, pd.DataFrame([best], index=["winner"], columns=matrix.columns)])
    for result in (
        weighted_sum(with_winner, weights, directions, normalize),
        topsis(with_winner, weights, directions),
    ):
        assert result.loc["winner", "rank"] == 1
        assert (result.drop(index="winner")["rank"] > 1).all()


# ---- yearly cost --------------------------------------------------------------------------------
def _vendor(**overrides):
    row = {
        "vendor": "V",
        "pricing_model": "hourly",
        "rate": 20.0,
        "currency": "EUR",
        "monthly_volume": 1000.0,
        "contract_months": 24,
        "transition_cost": np.nan,
        "after_hours_share_pct": np.nan,
        "after_hours_premium_pct": np.nan,
        "overtime_share_pct": np.nan,
        "overtime_premium_pct": np.nan,
        "governance_cost_month": np.nan,
        "minimum_monthly_fee": np.nan,
        "exit_cost": np.nan,
    }
    row.update(overrides)
    return row


def test_yearly_cost_hourly_with_every_hidden_item():
    vendors = pd.DataFrame(
        [
            _vendor(
                vendor="Hourly Ltd",
                rate=20.0,
                monthly_volume=1000.0,
                contract_months=24,
                transition_cost=12000.0,
                after_hours_share_pct=10.0,
                after_hours_premium_pct=50.0,
                overtime_share_pct=5.0,
                overtime_premium_pct=100.0,
                governance_cost_month=500.0,
                exit_cost=6000.0,
            )
        ]
    )
    cost = yearly_cost(vendors).loc["Hourly Ltd"]
    base_month = 20 * 1000  # 20,000 a month
    assert cost["base"] == pytest.approx(base_month * 12)  # 240,000
    assert cost["after_hours"] == pytest.approx(base_month * 0.10 * 0.50 * 12)  # 12,000
    assert cost["overtime"] == pytest.approx(base_month * 0.05 * 1.00 * 12)  # 12,000
    assert cost["governance"] == pytest.approx(500 * 12)  # 6,000
    assert cost["transition"] == pytest.approx(12000 / 2)  # 24 months = 2 years
    assert cost["exit"] == pytest.approx(6000 / 2)
    assert cost["minimum_commitment"] == 0
    assert cost["hidden"] == pytest.approx(12000 + 12000 + 6000 + 6000 + 3000)
    assert cost["total"] == pytest.approx(240000 + 39000)
    assert cost["contract_total"] == pytest.approx(2 * 279000)


def test_yearly_cost_per_ticket_with_a_minimum_volume_commitment():
    vendors = pd.DataFrame(
        [
            _vendor(
                vendor="Tickets Inc",
                pricing_model="per_ticket",
                rate=3.0,
                monthly_volume=2000.0,
                contract_months=12,
                minimum_monthly_fee=8000.0,
            )
        ]
    )
    cost = yearly_cost(vendors).loc["Tickets Inc"]
    assert cost["base"] == pytest.approx(3 * 2000 * 12)  # 72,000
    assert cost["minimum_commitment"] == pytest.approx((8000 - 6000) * 12)  # pays 2,000 a month for nothing
    assert cost["total"] == pytest.approx(8000 * 12)


def test_yearly_cost_fixed_monthly_ignores_volume_and_spreads_one_offs():
    vendors = pd.DataFrame(
        [
            _vendor(
                vendor="Flat Co",
                pricing_model="fixed_monthly",
                rate=9000.0,
                monthly_volume=np.nan,
                contract_months=36,
                transition_cost=36000.0,
                exit_cost=18000.0,
                after_hours_share_pct=20.0,
                after_hours_premium_pct=25.0,
            )
        ]
    )
    cost = yearly_cost(vendors).loc["Flat Co"]
    assert cost["base"] == pytest.approx(9000 * 12)
    assert cost["after_hours"] == pytest.approx(9000 * 0.20 * 0.25 * 12)
    assert cost["transition"] == pytest.approx(36000 / 3)
    assert cost["exit"] == pytest.approx(18000 / 3)
    assert cost["total"] == pytest.approx(108000 + 5400 + 12000 + 6000)
    assert cost["contract_total"] == pytest.approx(3 * cost["total"])


def test_yearly_cost_without_optional_columns_counts_them_as_zero():
    vendors = pd.DataFrame(
        {
            "vendor": ["A"],
            "pricing_model": ["hourly"],
            "rate": [10.0],
            "currency": ["GBP"],
            "monthly_volume": [100.0],
            "contract_months": [12],
        }
    )
    cost = yearly_cost(vendors).loc["A"]
    assert cost["total"] == pytest.approx(12000) and cost["hidden"] == 0


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"pricing_model": "success_fee"}, "pricing_model.*'success_fee'"),
        ({"monthly_volume": np.nan}, "monthly_volume"),
        ({"contract_months": 0}, "contract_months"),
        ({"rate": np.nan}, "rate"),
        ({"exit_cost": -5.0}, "exit_cost"),
    ],
)
def test_yearly_cost_bad_input(overrides, message):
    with pytest.raises(InputError, match=message):
        yearly_cost(pd.DataFrame([_vendor(**overrides)]))


def test_cost_scores_are_anchored_on_the_cheapest():
    scores = cost_scores(pd.Series({"cheap": 100.0, "plus25": 125.0, "double": 200.0, "triple": 300.0}))
    assert scores.to_dict() == pytest.approx({"cheap": 5.0, "plus25": 4.0, "double": 1.0, "triple": 1.0})
    assert cost_scores(pd.Series({"a": 100.0, "b": 150.0}), worst_at=3.0)["b"] == pytest.approx(5 - 4 * 0.5 / 2)
    assert cost_scores(pd.Series({"free": 0.0, "paid": 10.0})).to_dict() == {"free": 5.0, "paid": 1.0}
    with pytest.raises(InputError, match="worst_at"):
        cost_scores(pd.Series({"a": 1.0}), worst_at=1)
    with pytest.raises(InputError, match="b"):
        cost_scores(pd.Series({"a": 1.0, "b": np.nan}))


# ---- evaluators ----------------------------------------------------------------------------------
SCORES = pd.DataFrame(
    [
        ("Ann", "V1", "quality", 5, ""),
        ("Bob", "V1", "quality", 5, ""),
        ("Ann", "V1", "risk", 2, ""),
        ("Bob", "V1", "risk", 2, ""),
        ("Ann", "V2", "quality", 4, "great demo"),
        ("Bob", "V2", "quality", 2, "slow replies"),
        ("Ann", "V2", "risk", 1, ""),
        ("Bob", "V2", "risk", 1, ""),
        ("Ann", "V3", "quality", 1, ""),
        ("Bob", "V3", "quality", 2, ""),
        ("Ann", "V3", "risk", 5, ""),
        ("Bob", "V3", "risk", 5, ""),
    ],
    columns=["evaluator", "vendor", "criterion", "score", "comment"],
)


def test_consensus_mean_spread_and_disagreement_flag():
    consensus = consensus_scores(SCORES).set_index(["vendor", "criterion"])
    assert consensus.loc[("V2", "quality"), "consensus"] == 3.0
    assert consensus.loc[("V2", "quality"), "spread"] == 2.0
    assert consensus.loc[("V2", "quality"), "disagree"]
    assert not consensus.loc[("V3", "quality"), "disagree"]  # 1 point apart is normal
    assert consensus.loc[("V3", "quality"), "consensus"] == 1.5
    assert consensus["n_evaluators"].eq(2).all()
    strict = consensus_scores(SCORES, disagreement=1).set_index(["vendor", "criterion"])
    assert strict.loc[("V3", "quality"), "disagree"]


def test_consensus_median():
    three = pd.concat([SCORES, pd.DataFrame([("Cat", "V2", "quality", 2, "")], columns=SCORES.columns)])
    consensus = consensus_scores(three, method="median").set_index(["vendor", "criterion"])
    assert consensus.loc[("V2", "quality"), "consensus"] == 2.0  # median of 4, 2, 2


def test_consensus_rejects_scores_outside_1_to_5():
    bad = SCORES.copy()
    bad.loc[0, "score"] = 7
    with pytest.raises(InputError, match="Ann / V1 / quality: 7"):
        consensus_scores(bad)


def test_disagreements_show_who_said_what():
    talk = disagreements(SCORES, consensus_scores(SCORES))
    assert len(talk) == 1
    row = talk.iloc[0]
    assert (row["vendor"], row["criterion"], row["spread"]) == ("V2", "quality", 2.0)
    assert row["scores"] == "Ann 4 · Bob 2"
    assert "Ann: great demo" in row["comments"] and "Bob: slow replies" in row["comments"]


def test_open_red_flags_drop_resolved_and_sort_by_severity():
    flags = pd.DataFrame(
        {
            "vendor": ["A", "B", "C"],
            "flag": ["x", "y", "z"],
            "severity": ["low", "high", "medium"],
            "status": ["open", "open", "resolved"],
            "note": ["", "n", ""],
        }
    )
    result = open_red_flags(flags)
    assert list(result["vendor"]) == ["B", "A"]
    with pytest.raises(InputError, match="'critical'"):
        open_red_flags(flags.assign(severity=["critical", "low", "low"]))


# ---- the project-level ranking ----------------------------------------------------------------------
def _project(scores=SCORES, currency=("EUR", "EUR", "EUR")) -> Project:
    tables = {
        "needs": pd.DataFrame({"need_id": ["N1"], "need": ["ISO 27001 certificate"], "priority": ["must"]}),
        "criteria": pd.DataFrame(
            {
                "criterion": ["quality", "risk", "cost"],
                "weight": [3.0, 1.0, 1.0],
                "direction": ["benefit", "cost", "cost"],
                "source": ["scores", "scores", "tco"],
            }
        ),
        "vendors": pd.DataFrame(
            [
                _vendor(
                    vendor="V1",
                    pricing_model="hourly",
                    rate=10.0,
                    monthly_volume=100.0,
                    contract_months=12,
                    currency=currency[0],
                ),
                _vendor(
                    vendor="V2",
                    pricing_model="per_ticket",
                    rate=2.0,
                    monthly_volume=400.0,
                    contract_months=12,
                    currency=currency[1],
                ),
                _vendor(
                    vendor="V3",
                    pricing_model="fixed_monthly",
                    rate=500.0,
                    monthly_volume=np.nan,
                    contract_months=12,
                    currency=currency[2],
                ),
            ]
        ),
        "scores": scores,
        "must_haves": pd.DataFrame(
            {
                "vendor": ["V1", "V2", "V3"],
                "need_id": ["N1"] * 3,
                "met": [True, True, False],
                "evidence": ["valid to 2028", "valid to 2027", "certificate expired"],
            }
        ),
        "red_flags": pd.DataFrame(
            {
                "vendor": ["V2", "V1"],
                "flag": ["pressure to sign", "minor"],
                "severity": ["high", "low"],
                "status": ["open", "resolved"],
                "note": ["", ""],
            }
        ),
    }
    return Project(source=Path("synthetic"), tables=tables)


def test_rank_partners_by_hand():
    result = rank_partners(_project())
    # Weights from the criteria table (no should/could needs): 3:1:1 -> 0.6, 0.2, 0.2.
    assert result.weights.to_dict() == pytest.approx({"quality": 0.6, "risk": 0.2, "cost": 0.2})
    # V3 misses the must-have and is out, with its evidence.
    assert list(result.excluded["vendor"]) == ["V3"]
    assert result.excluded.iloc[0]["evidence"] == "certificate expired"
    assert "V3" not in result.ranking.index and result.costs.loc["V3", "excluded"]
    # Yearly cost: V1 10 x 100 x 12 = 12,000; V2 2 x 400 x 12 = 9,600 (cheapest -> 5);
    # V1 is 25 % above it -> 4.
    assert result.matrix.loc["V2", "cost"] == 5.0 and result.matrix.loc["V1", "cost"] == pytest.approx(4.0)
    # risk is rated 1-5 where 5 = risky ("cost"), so it is turned around: 6 - consensus.
    assert result.matrix.loc["V1", "risk"] == 4.0 and result.matrix.loc["V2", "risk"] == 5.0
    # V1: 0.6 x 5 + 0.2 x 4 + 0.2 x 4 = 4.6; V2: 0.6 x 3 + 0.2 x 5 + 0.2 x 5 = 3.8
    assert result.ranking["score"].to_dict() == pytest.approx({"V1": 4.6, "V2": 3.8})
    assert list(result.ranking["rank"]) == [1, 2]
    assert result.ranking.loc["V2", "behind_leader"] == pytest.approx(0.8)
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.ranking["score"])
    # Red flags beside the ranking; severe ones become warnings, resolved ones disappear.
    assert (
        result.ranking.loc["V2", "worst_flag"] == "high" and "pressure to sign" in result.ranking.loc["V2", "red_flags"]
    )
    assert result.ranking.loc["V1", "worst_flag"] == "" and result.ranking.loc["V1", "red_flags"] == ""
    assert result.excluded[["vendor", "evidence"]].values.tolist() == [["V3", "certificate expired"]]
    assert len(result.disagreements) == 1
    # one warning each: the knock-out, V2's high red flag, the disagreement
    knockout, flag, talk = result.warnings
    assert "V3" in knockout and "certificate expired" in knockout
    assert "V2" in flag and "pressure to sign" in flag
    assert "V1" not in talk and "V2" not in talk


def test_criteria_overview_shows_weights_and_the_cost_rule():
    overview = criteria_overview(rank_partners(_project(), cost_worst_at=3.0))
    assert overview["weight_pct"].to_dict() == {"quality": 60.0, "risk": 20.0, "cost": 20.0}
    # snapshot of the words
    assert overview.loc["cost", "a_5_means"] == "the cheapest yearly cost"
    assert overview.loc["cost", "a_1_means"].startswith("costs 3 times the cheapest or more (every 50 %")


def test_rank_partners_without_red_flags():
    project = _project()
    project.tables["red_flags"] = project.red_flags.iloc[0:0]
    result = rank_partners(project)
    assert (result.ranking["red_flags"] == "").all() and result.red_flags.empty
    assert not any("HIGH" in w for w in result.warnings)


def test_rank_partners_with_what_if_weights():
    result = rank_partners(_project(), weights={"quality": 0, "risk": 1, "cost": 1})
    assert list(result.ranking.index) == ["V2", "V1"]


def test_rank_partners_never_treats_a_missing_score_as_zero():
    partial = SCORES[~((SCORES["vendor"] == "V2") & (SCORES["criterion"] == "risk"))]
    with pytest.raises(InputError, match="V2 / risk"):
        rank_partners(_project(scores=partial))


def test_rank_partners_refuses_mixed_currencies():
    with pytest.raises(InputError, match="EUR, USD"):
        rank_partners(_project(currency=("EUR", "USD", "EUR")))


def test_rank_partners_on_the_worked_example(sample_project):
    result = rank_partners(sample_project)
    assert set(result.excluded["vendor"]) == {"BudgetDesk Global"}
    assert set(result.excluded["need_id"]) == {"N02", "N05"}
    assert len(result.ranking) == len(sample_project.vendors) - 1
    assert result.weights.sum() == pytest.approx(1.0)
    assert result.matrix.notna().all().all()
    assert result.matrix.to_numpy().min() >= 1 and result.matrix.to_numpy().max() <= 5
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.ranking["score"])
    assert any("BudgetDesk Global" in w for w in result.warnings)


def test_contributions_rows_sum_to_the_weighted_sum():
    ratings = pd.DataFrame({"x": [1.0, 5.0], "y": [4.0, 2.0]}, index=["P", "Q"])
    parts = contributions(ratings, {"x": 1, "y": 3})
    assert parts.loc["P"].to_dict() == pytest.approx({"x": 0.25, "y": 3.0})
    # P: 0.25 x 1 + 0.75 x 4 = 3.25 beats Q: 0.25 x 5 + 0.75 x 2 = 2.75; rows come in rank order.
    assert list(parts.index) == ["P", "Q"]


# ---- charts and sliders (smoke: they draw, state the finding, and escape user text) -----------------
def test_scoring_charts_state_the_finding():
    import matplotlib.pyplot as plt

    from helpers.plots import scoring as charts

    result = rank_partners(_project())
    figures = {
        "consensus": charts.consensus_chart(result.consensus),
        "cost": charts.cost_chart(result.costs),
        "ranking": charts.ranking_chart(result),
    }
    titles = {name: fig._suptitle.get_text() for name, fig in figures.items()}
    assert "disagree" in titles["consensus"]
    assert result.costs.loc[list(result.ranking.index), "total"].idxmin() == "V2" and "V2" in titles["cost"]
    assert titles["ranking"].split() == charts.ranking_title(result.ranking, result.red_flags).split()
    leader_line, flag_line = charts.ranking_title(result.ranking, result.red_flags).splitlines()
    assert "V1" in leader_line and "V2" in flag_line and "V1" not in flag_line
    for fig in figures.values():
        assert all(ax.get_xlabel() for ax in fig.axes if ax.axison and ax.get_label() != "<colorbar>")
        plt.close(fig)


def test_red_flag_box_escapes_user_text():
    from helpers.plots.scoring import red_flag_box

    project = _project()
    project.tables["red_flags"] = project.red_flags.assign(flag=["<script>alert(1)</script>", "minor"])
    box = red_flag_box(rank_partners(project)).data
    assert "<script>" not in box and "&lt;script&gt;" in box


def test_weight_sliders_rerank():
    from helpers.widgets.scoring import weight_explorer

    explorer = weight_explorer(rank_partners(_project()))
    assert list(explorer.ranking.index) == ["V1", "V2"]
    assert explorer.image.value[:4] == b"\x89PNG"
    explorer.set_weights({"quality": 0, "risk": 50, "cost": 50})
    assert list(explorer.ranking.index) == ["V2", "V1"]
    explorer.set_weights({"quality": 0, "risk": 0, "cost": 0})
    assert explorer.ranking is None and "Cannot rank" in explorer.summary.value


# ---- the measured evidence beside the ranking (issue 9) ----------------------------------------
def test_evidence_sits_beside_the_ranking_and_never_changes_a_score(sample_project):
    from helpers.data import Project

    with_evidence = rank_partners(sample_project)
    tables = dict(sample_project.tables)
    tables["communications"] = tables["communications"].iloc[0:0]
    tables["references"] = tables["references"].iloc[0:0]
    without = rank_partners(Project(sample_project.source, tables))
    pd.testing.assert_frame_equal(
        with_evidence.ranking.drop(columns="evidence_flags"), without.ranking.drop(columns="evidence_flags")
    )
    pd.testing.assert_frame_equal(with_evidence.matrix, without.matrix)
    assert (without.ranking["evidence_flags"] == "").all()
    flags = with_evidence.ranking["evidence_flags"]
    evidence = with_evidence.evidence
    replies = evidence.responsiveness
    northgate = replies.loc["Northgate Contact Centre"]
    assert band(northgate["median_working_h"], northgate["unanswered_share"]) == "slow"
    assert flags["Northgate Contact Centre"] != ""
    assert replies.loc["Manila Support Co", "unanswered"] == 6
    assert replies.loc["Manila Support Co", "unanswered_topics"] in flags["Manila Support Co"]
    assert flags["Lisbon CX Partners"] == ""
    assert all(warning in with_evidence.warnings for warning in evidence.warnings)
    budget = evidence.references.loc["BudgetDesk Global"]
    assert (budget["offered"], budget["checked"], bool(budget["too_few_checkable"])) == (2, 0, True)
    for vendor in ("BudgetDesk Global", "Northgate Contact Centre"):
        assert any(warning.startswith(vendor) for warning in evidence.warnings), vendor


def test_too_few_checkable_references_is_a_warning_for_a_vendor_in_the_race():
    project = _project()
    project.tables["references"] = pd.DataFrame(
        {
            "vendor": ["V1", "V1", "V2"],
            "reference": ["a", "b", "c"],
            "same_industry": [True, False, True],
            "checked": [True, True, False],
            "deadlines": [5.0, 4.0, np.nan],
        }
    )
    result = rank_partners(project)
    references = result.evidence.references
    assert (references.loc["V2", "offered"], references.loc["V2", "checked"]) == (1, 0)
    assert not references.loc["V1", "too_few_checkable"] and references.loc["V2", "too_few_checkable"]
    assert result.ranking.loc["V2", "evidence_flags"] != ""
    assert result.ranking.loc["V1", "evidence_flags"] == ""
    (warning,) = [w for w in result.evidence.warnings if w.startswith("V2")]
    assert warning in result.warnings
    assert result.ranking["score"].to_dict() == pytest.approx({"V1": 4.6, "V2": 3.8})  # unchanged


# The rules yearly_cost and rank_partners are made of, one test each.


def test_cost_column_reads_numbers_and_names_the_bad_ones():
    from helpers.scoring import _cost_column

    table = pd.DataFrame({"exit_cost": [100, "lots", None, -5]})
    names = pd.Series(["A", "B", "C", "D"])
    values, problems = _cost_column(table, names, "exit_cost")
    assert values.iloc[0] == 100 and values.iloc[1:3].isna().all()
    assert problems == [
        "vendors.exit_cost: B: expected a number, got 'lots'",
        "vendors.exit_cost: D: expected a number >= 0, got -5",
    ]
    absent, none = _cost_column(table, names, "transition_cost")
    assert (absent == 0).all() and none == []


def test_price_problems_and_model_problems():
    from helpers.scoring import _model_problems, _price_problems

    table = pd.DataFrame({"pricing_model": ["Barter", "hourly", "fixed_monthly"], "contract_months": [12, 0, 6.5]})
    names = pd.Series(["A", "B", "C"])
    model = table["pricing_model"].str.lower()
    assert _model_problems(table, names, model) == [
        "vendors.pricing_model: A: expected one of hourly, per_ticket, fixed_monthly, got 'Barter'"
    ]
    problems = _price_problems(
        table,
        names,
        model,
        rate=pd.Series([1.0, np.nan, 5.0]),
        volume=pd.Series([np.nan, np.nan, np.nan]),
        months=pd.Series([12.0, 0.0, 6.5]),
    )
    assert problems == [
        "vendors.rate: B: the rate is missing",
        "vendors.monthly_volume: B: a hourly price needs the hours or tickets per month",
        "vendors.contract_months: B: expected a whole number of months > 0, got 0.0",
        "vendors.contract_months: C: expected a whole number of months > 0, got 6.5",
    ]


def test_yearly_items_from_the_monthly_base():
    from helpers.scoring import _OPTIONAL_COST_COLUMNS, _monthly_base, _yearly_items

    base = _monthly_base(pd.Series(["hourly", "fixed_monthly"]), pd.Series([20.0, 900.0]), pd.Series([50.0, np.nan]))
    assert list(base) == [1000.0, 900.0]
    optional = {c: pd.Series([0.0, 0.0]) for c in _OPTIONAL_COST_COLUMNS}
    optional.update(
        after_hours_share_pct=pd.Series([10.0, 0.0]),
        after_hours_premium_pct=pd.Series([50.0, 0.0]),
        minimum_monthly_fee=pd.Series([0.0, 1000.0]),
        transition_cost=pd.Series([2400.0, 0.0]),
    )
    items = _yearly_items(base, pd.Series([24.0, 12.0]), optional)
    assert list(items["base"]) == [12000.0, 10800.0]
    assert list(items["after_hours"]) == [600.0, 0.0]  # 1000 x 10 % x 50 % x 12
    assert list(items["minimum_commitment"]) == [0.0, 1200.0]
    assert list(items["transition"]) == [1200.0, 0.0]  # spread over a two-year contract


def test_partner_matrix_turns_cost_directions_and_scores_the_tco():
    from helpers.scoring import partner_matrix

    project = _project()
    consensus = consensus_scores(project.scores)
    costs = yearly_cost(project.vendors)
    matrix = partner_matrix(consensus, costs, ["V1", "V2"], project.criteria, 2.0)
    wide = consensus.pivot(index="vendor", columns="criterion", values="consensus")
    assert matrix.loc["V1", "quality"] == wide.loc["V1", "quality"]
    assert matrix.loc["V1", "risk"] == 6 - wide.loc["V1", "risk"]
    assert list(matrix["cost"]) == list(costs.loc[["V1", "V2"], "cost_score"])
    assert np.isnan(costs.loc["V3", "cost_score"])
    costs.loc["V2", "currency"] = "USD"
    with pytest.raises(InputError, match="priced in EUR, USD"):
        partner_matrix(consensus, costs, ["V1", "V2"], project.criteria, 2.0)


def test_ranking_warnings_say_what_must_not_be_missed():
    # snapshot of the words
    from helpers.scoring import ranking_warnings

    class Evidence:  # what ranking_warnings reads of a SelectionEvidence
        warnings = ["V1 has fewer than two checkable references."]

    ranking = pd.DataFrame({"rank": [1, 2]}, index=["V1", "V2"])
    excluded = pd.DataFrame({"vendor": ["V3"], "need_id": ["N1"], "need": ["ISO"], "evidence": ["expired"]})
    flags = pd.DataFrame({"vendor": ["V2", "V3"], "flag": ["pressure", "late"], "severity": ["high", "high"]})
    talk = pd.DataFrame({"vendor": ["V1"]})
    assert ranking_warnings(ranking, excluded, flags, talk, 2, Evidence()) == [
        "V3 is OUT: misses 1 must-have: N1 ISO (expired)",
        "V2 (rank 2) has 1 open HIGH-severity red flag: pressure. Resolve before deciding.",
        "Evaluators disagree by 2+ points on 1 score: talk them through before trusting the average.",
        "V1 has fewer than two checkable references.",
    ]
    nobody = ranking_warnings(ranking.iloc[0:0], excluded, flags, talk.iloc[0:0], 2, type("E", (), {"warnings": []}))
    assert nobody[0] == "Every vendor misses at least one must-have: nobody is left to rank."


def test_a_decision_matrix_is_checked_once_and_ranks_as_weighted_sum_and_topsis():
    from helpers.scoring import DecisionMatrix, rank_topsis, rank_weighted_sum

    problem = DecisionMatrix.of(MATRIX, WEIGHTS, DIRECTIONS)
    assert problem.weights.tolist() == [0.25, 0.75] and problem.is_cost.tolist() == [True, False]
    for normalize in ("minmax", "max", "sum"):
        pd.testing.assert_frame_equal(
            rank_weighted_sum(problem, normalize), weighted_sum(MATRIX, WEIGHTS, DIRECTIONS, normalize)
        )
    pd.testing.assert_frame_equal(rank_topsis(problem), topsis(MATRIX, WEIGHTS, DIRECTIONS))
    pd.testing.assert_frame_equal(problem.frame(), MATRIX.astype(float))
    with pytest.raises(InputError, match="no weight given"):
        DecisionMatrix.of(MATRIX, {"price": 1})
    with pytest.raises(InputError, match="normalize must be one of"):
        rank_weighted_sum(problem, "zscore")


# ---- value for money: the score without cost against the yearly cost (issue 16, section 5) ------------
def test_value_for_money_on_the_worked_example_by_hand(sample_project):
    result = rank_partners(sample_project)
    value = value_for_money(result)
    # By hand from the evaluators' scores: the mean per vendor and criterion, weighed with the
    # ranking's weights over every criterion but the yearly cost (rescaled to sum to 1).
    scores = pd.read_csv(SAMPLE / "scores.csv")
    mean = scores.groupby(["vendor", "criterion"])["score"].mean().unstack()
    weights = result.weights.drop("yearly_cost")
    by_hand = (mean[weights.index] * weights).sum(axis=1) / weights.sum()
    in_race = value[value["in_race"]]
    assert in_race["benefit"].to_dict() == pytest.approx(by_hand.reindex(in_race.index).to_dict())
    # Manila 3.96 for GBP 374,098, Lisbon 4.01 for 417,858, Northgate 4.23 for 581,516: each
    # higher score costs more, so nobody is beaten on both counts.
    assert in_race["benefit"].round(2).to_dict() == {
        "Manila Support Co": 3.96,
        "Lisbon CX Partners": 4.01,
        "Northgate Contact Centre": 4.23,
    }
    assert in_race["yearly_cost"].round(0).tolist() == [374098, 417858, 581516]  # cheapest first
    assert in_race["on_frontier"].all() and in_race["dominated_by"].isna().all()
    # the knocked-out vendor is listed last, with its cost, and takes no part
    out = value.loc["BudgetDesk Global"]
    assert not out["in_race"] and np.isnan(out["benefit"]) and not out["on_frontier"]
    assert list(value.index[-1:]) == ["BudgetDesk Global"] and (value["currency"] == "GBP").all()


def _value_ranking(matrix: pd.DataFrame, weights, costs, tco=("cost",), out_costs=None) -> PartnerRanking:
    """A ``PartnerRanking`` holding only what ``value_for_money`` reads: the matrix of the vendors
    in the race, the weights, which criteria come from the TCO, every vendor's yearly cost."""
    out_costs = out_costs or {}
    vendors = list(matrix.index) + list(out_costs)
    empty = pd.DataFrame()
    return PartnerRanking(
        ranking=pd.DataFrame({"score": 0.0}, index=pd.Index(list(matrix.index), name="vendor")),
        contributions=empty,
        matrix=matrix,
        weights=pd.Series(weights, dtype=float)[list(matrix.columns)],
        consensus=empty,
        disagreements=empty,
        excluded=pd.DataFrame({"vendor": list(out_costs)}),
        costs=pd.DataFrame(
            {"total": list(costs) + list(out_costs.values()), "currency": "EUR"}, index=pd.Index(vendors, name="vendor")
        ),
        red_flags=empty,
        criteria=pd.DataFrame(
            {"criterion": list(matrix.columns), "source": ["tco" if c in tco else "scores" for c in matrix.columns]}
        ),
    )


def _beats(a, b) -> bool:
    """Brute force: vendor ``a`` = (benefit, cost) is at least as good as ``b`` on both, better on one."""
    same_benefit, same_cost = math.isclose(a[0], b[0], rel_tol=1e-9), math.isclose(a[1], b[1], rel_tol=1e-9)
    return (a[0] >= b[0] or same_benefit) and (a[1] <= b[1] or same_cost) and not (same_benefit and same_cost)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(1, 5), min_size=3, max_size=3), min_size=n, max_size=n),
            st.lists(st.integers(1, 4), min_size=3, max_size=3),
            st.lists(st.sampled_from([100.0, 150.0, 200.0, 250.0]), min_size=n, max_size=n),
        )
    )
)
# Found in a fresh clone: v0 and v4 score 3.8 (to rounding), v4 costs less; v5 is beaten by both
# and must be given v4, the one on the frontier, not v0 for a benefit larger by 1e-16.
@example(([[2, 5, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1], [5, 3, 1], [1, 1, 1]], [2, 3, 1], [150.0, *[100.0] * 4, 150.0]))
def test_the_value_frontier_is_the_vendors_no_one_beats(drawn):
    scores, weights, costs = drawn
    vendors = [f"v{i}" for i in range(len(scores))]
    matrix = pd.DataFrame(np.array(scores, dtype=float), index=vendors, columns=["a", "b", "cost"])
    value = value_for_money(_value_ranking(matrix, dict(zip(["a", "b", "cost"], weights)), costs))
    benefit = (matrix["a"] * weights[0] + matrix["b"] * weights[1]) / (weights[0] + weights[1])
    point = {v: (benefit[v], cost) for v, cost in zip(vendors, costs)}
    assert value["benefit"].to_dict() == pytest.approx(benefit.to_dict())
    for v in vendors:
        beaten = any(_beats(point[u], point[v]) for u in vendors if u != v)
        assert value.at[v, "on_frontier"] == (not beaten), (v, point)
        by = value.at[v, "dominated_by"]
        if beaten:
            assert _beats(point[by], point[v]) and value.at[by, "on_frontier"], (v, by, point)
        else:
            assert by is None
    ordered = list(zip(value["yearly_cost"], -value["benefit"]))
    assert ordered == sorted(ordered)  # cheapest first, then the higher score


def test_value_for_money_ties_one_vendor_and_no_score_besides_cost():
    matrix = pd.DataFrame(
        {"a": [4.0, 4.0, 3.0, 4.0], "cost": [5.0, 5.0, 5.0, 4.0]}, index=["twin 1", "twin 2", "same price", "dearer"]
    )
    value = value_for_money(_value_ranking(matrix, {"a": 1, "cost": 1}, [100.0, 100.0, 100.0, 120.0]))
    # equal on both counts: neither beats the other; equal cost and a lower score: beaten
    assert value["on_frontier"].to_dict() == {"twin 1": True, "twin 2": True, "same price": False, "dearer": False}
    assert value.at["same price", "dominated_by"] in {"twin 1", "twin 2"}
    assert value.at["dearer", "dominated_by"] in {"twin 1", "twin 2"}

    alone = value_for_money(_value_ranking(matrix.iloc[:1], {"a": 1, "cost": 1}, [100.0], out_costs={"gone": 50.0}))
    assert alone.loc["twin 1", ["benefit", "on_frontier", "dominated_by", "in_race"]].tolist() == [
        4.0,
        True,
        None,
        True,
    ]
    assert not alone.at["gone", "in_race"] and not alone.at["gone", "on_frontier"]

    only_cost = value_for_money(_value_ranking(matrix, {"a": 0, "cost": 1}, [100.0, 100.0, 100.0, 120.0]))
    assert only_cost["benefit"].isna().all() and not only_cost["on_frontier"].any()

    nobody = value_for_money(_value_ranking(matrix.iloc[:0], {"a": 1, "cost": 1}, [], out_costs={"gone": 50.0}))
    assert list(nobody.index) == ["gone"] and not nobody["in_race"].any()
