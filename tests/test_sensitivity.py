"""Tests for helpers.sensitivity: rank probabilities against a plain per-draw reference,
weight swings and tipping points against hand-worked and brute-force answers, and bad input."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import rankdata

import helpers.sensitivity as sensitivity
from helpers.data import InputError
from helpers.scoring import normalize_matrix, weighted_sum
from helpers.sensitivity import (
    TippingPoint,
    closest_tipping_points,
    method_agreement,
    rank_probabilities,
    rank_probabilities_uncertain,
    robustness_summary,
    tipping_overview,
    tipping_points,
    weight_swing,
)

MATRIX = pd.DataFrame(
    {"quality": [4.0, 3.0, 5.0, 2.0], "price": [300.0, 200.0, 500.0, 100.0], "speed": [3.0, 4.0, 2.0, 5.0]},
    index=["A", "B", "C", "D"],
)
WEIGHTS = {"quality": 0.55, "price": 0.25, "speed": 0.2}  # no ties: A .558, C .55, B .504, D .45
DIRECTIONS = {"price": "cost"}


def _reference_rank_probabilities(matrix, weights, directions, normalize, n, concentration, seed):
    """Draw by draw: the same Dirichlet draws, ranks from scipy's rankdata, counted in a loop."""
    normalized = normalize_matrix(matrix, directions, normalize).to_numpy()
    weight = pd.Series(weights, dtype=float).reindex(matrix.columns).to_numpy()
    weight = weight / weight.sum()
    active = weight > 0
    draws = np.random.default_rng(seed).dirichlet(weight[active] * concentration, size=n)
    counts = np.zeros((len(matrix), len(matrix)))
    for draw in draws:
        scores = normalized[:, active] @ draw
        ranks = rankdata(-scores, method="ordinal").astype(int)
        counts[np.arange(len(matrix)), ranks - 1] += 1
    return counts / n


@pytest.mark.parametrize("normalize", ["minmax", "max", "sum"])
def test_rank_probabilities_match_a_per_draw_reference(normalize):
    result = rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, normalize, n=2000, concentration=20, seed=3)
    expected = _reference_rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, normalize, 2000, 20, 3)
    np.testing.assert_allclose(result.to_numpy(), expected, atol=1e-12)
    assert list(result.index) == list(MATRIX.index)
    assert list(result.columns) == [1, 2, 3, 4]


def test_rank_probabilities_are_the_same_in_blocks(monkeypatch):
    whole = rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, n=1000, seed=1)
    monkeypatch.setattr(sensitivity, "_CELLS_PER_BLOCK", 7)  # 1 draw per block of 4 vendors
    in_blocks = rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, n=1000, seed=1)
    np.testing.assert_allclose(whole.to_numpy(), in_blocks.to_numpy(), atol=1e-12)


def test_rank_probabilities_concentrate_on_the_ranking_when_weights_are_certain():
    result = rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, n=500, concentration=1e9)
    ranking = weighted_sum(MATRIX, WEIGHTS, DIRECTIONS)
    for vendor, rank in ranking["rank"].items():
        assert result.loc[vendor, rank] == pytest.approx(1.0)


def test_rank_probabilities_same_seed_same_answer_and_different_seed_differs():
    first = rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, n=300, concentration=5, seed=11)
    again = rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, n=300, concentration=5, seed=11)
    other = rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, n=300, concentration=5, seed=12)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first.to_numpy(), other.to_numpy())


def test_identical_vendors_share_their_ranks_equally():
    twins = pd.DataFrame({"x": [5.0, 5.0, 1.0], "y": [4.0, 4.0, 2.0]}, index=["Twin 1", "Twin 2", "Last"])
    result = rank_probabilities(twins, {"x": 1, "y": 1}, n=200)
    assert result.loc["Twin 1"].tolist() == pytest.approx([0.5, 0.5, 0.0])
    assert result.loc["Twin 2"].tolist() == pytest.approx([0.5, 0.5, 0.0])
    assert result.loc["Last"].tolist() == pytest.approx([0.0, 0.0, 1.0])


def test_a_zero_weight_criterion_stays_out_of_the_draws():
    plain = rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, n=500, seed=4)
    with_ignored = rank_probabilities(
        MATRIX.assign(noise=[9.0, 1.0, 4.0, 7.0]), {**WEIGHTS, "noise": 0}, DIRECTIONS, n=500, seed=4
    )
    np.testing.assert_allclose(plain.to_numpy(), with_ignored.to_numpy(), atol=1e-12)


def test_single_alternative_is_always_first():
    result = rank_probabilities(MATRIX.loc[["A"]], WEIGHTS, DIRECTIONS, n=50)
    assert result.to_numpy().tolist() == [[1.0]]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": 0}, "n "),
        ({"n": 2.5}, "n "),
        ({"concentration": 0}, "concentration"),
        ({"concentration": float("inf")}, "concentration"),
    ],
)
def test_rank_probabilities_bad_arguments(kwargs, message):
    with pytest.raises(InputError, match=message):
        rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, **kwargs)


def test_rank_probabilities_pass_on_matrix_errors():
    gap = MATRIX.copy()
    gap.loc["B", "speed"] = np.nan
    with pytest.raises(InputError, match="'B' / 'speed'"):
        rank_probabilities(gap, WEIGHTS, DIRECTIONS)
    with pytest.raises(InputError, match="'colour'"):
        rank_probabilities(MATRIX, {**WEIGHTS, "colour": 1}, DIRECTIONS)


@st.composite
def problems(draw):
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 4))
    # Few distinct values, so equal vendors (whole-row ties) turn up often.
    values = draw(
        st.lists(st.lists(st.integers(1, 3), min_size=n_cols, max_size=n_cols), min_size=n_rows, max_size=n_rows)
    )
    weights = draw(st.lists(st.integers(0, 5), min_size=n_cols, max_size=n_cols).filter(lambda w: sum(w) > 0))
    columns = [f"c{j}" for j in range(n_cols)]
    matrix = pd.DataFrame(np.array(values, dtype=float), index=[f"v{i}" for i in range(n_rows)], columns=columns)
    return matrix, dict(zip(columns, weights))


@settings(max_examples=40, deadline=None)
@given(problems(), st.sampled_from(["minmax", "max", "sum"]), st.floats(1, 500), st.integers(0, 99))
def test_rank_probabilities_rows_and_columns_sum_to_one(problem, normalize, concentration, seed):
    matrix, weights = problem
    result = rank_probabilities(matrix, weights, normalize=normalize, n=200, concentration=concentration, seed=seed)
    np.testing.assert_allclose(result.sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_allclose(result.sum(axis=0), 1.0, atol=1e-9)
    assert (result.to_numpy() >= -1e-12).all()


@settings(max_examples=40, deadline=None)
@given(problems(), st.sampled_from(["minmax", "max", "sum"]))
def test_a_dominating_vendor_is_first_in_every_draw(problem, normalize):
    matrix, weights = problem
    winner = pd.DataFrame([matrix.max().to_numpy() + 1], index=["winner"], columns=matrix.columns)
    result = rank_probabilities(pd.concat([matrix, winner]), weights, normalize=normalize, n=200, concentration=5)
    assert result.loc["winner", 1] == pytest.approx(1.0)


# ---- tipping points and weight swings ------------------------------------------------------------
# Two vendors, two criteria, values used as given: A = (1, 0), B = (0, 1), weights 0.6 / 0.4.
# A scores 0.6, B 0.4. If "x" weighs t (and "y" 1 - t): A = t, B = 1 - t -> level at t = 0.5.
OPPOSITES = pd.DataFrame({"x": [1.0, 0.0], "y": [0.0, 1.0]}, index=["A", "B"])


def test_tipping_points_by_hand():
    result = tipping_points(OPPOSITES, {"x": 0.6, "y": 0.4}, normalize="none")
    assert result.loc["x", "tipping_below"] == pytest.approx(0.5)
    assert result.loc["x", "new_leader_below"] == "B"
    assert np.isnan(result.loc["x", "tipping_above"])
    assert result.loc["y", "tipping_above"] == pytest.approx(0.5)
    assert result.loc["y", "new_leader_above"] == "B"
    assert np.isnan(result.loc["y", "tipping_below"])
    assert (result["leader"] == "A").all()


def test_tipping_overview_reads_in_percent():
    overview = tipping_overview(tipping_points(OPPOSITES, {"x": 0.6, "y": 0.4}, normalize="none"))
    assert overview.loc["x"].tolist() == [60.0, 50.0, "B", pytest.approx(np.nan, nan_ok=True), ""]
    assert overview.loc["y", "loses_lead_above_pct"] == 50.0 and overview.loc["y", "to_above"] == "B"


def _brute_force_tipping(matrix, weights, directions, criterion, grid):
    """Scan the weight of one criterion on a grid (others keep their proportions): the leader
    at every grid point, from the plain weighted sum of the normalized matrix."""
    normalized = normalize_matrix(matrix, directions, "minmax")
    base = pd.Series(weights, dtype=float).reindex(matrix.columns)
    others = base.drop(criterion) / base.drop(criterion).sum()
    trial = np.outer(1 - grid, others.reindex(matrix.columns).fillna(0).to_numpy())
    trial[:, matrix.columns.get_loc(criterion)] = grid
    scores = trial @ normalized.to_numpy().T  # grid points x vendors
    return np.asarray(matrix.index)[scores.argmax(axis=1)]


@pytest.mark.parametrize("criterion", ["quality", "price", "speed"])
def test_tipping_points_agree_with_a_grid_search(criterion):
    result = tipping_points(MATRIX, WEIGHTS, DIRECTIONS).loc[criterion]
    leader = result["leader"]
    grid = np.linspace(0.0001, 0.9999, 5000)
    leaders = _brute_force_tipping(MATRIX, WEIGHTS, DIRECTIONS, criterion, grid)
    now = WEIGHTS[criterion]
    above = grid[(grid > now) & (leaders != leader)]
    below = grid[(grid < now) & (leaders != leader)]
    if len(above):
        assert result["tipping_above"] == pytest.approx(above.min(), abs=0.00021)
        assert result["new_leader_above"] == leaders[grid == above.min()][0]
    else:
        assert np.isnan(result["tipping_above"])
    if len(below):
        assert result["tipping_below"] == pytest.approx(below.max(), abs=0.00021)
        assert result["new_leader_below"] == leaders[grid == below.max()][0]
    else:
        assert np.isnan(result["tipping_below"])


def test_tipping_points_when_one_criterion_holds_all_the_weight():
    result = tipping_points(OPPOSITES, {"x": 1, "y": 0}, normalize="none")
    # x from 1 down to t: the rest goes to y. A = t, B = 1 - t -> level at 0.5.
    assert result.loc["x", "tipping_below"] == pytest.approx(0.5)
    # y now 0; raising it to t leaves x with 1 - t: the same crossing at 0.5.
    assert result.loc["y", "tipping_above"] == pytest.approx(0.5)


def test_a_tie_only_at_the_end_of_the_range_is_no_tipping_point():
    # Equal on "x": with all the weight on x they tie, but never swap below that.
    close = pd.DataFrame({"x": [3.0, 3.0], "y": [5.0, 1.0]}, index=["A", "B"])
    result = tipping_points(close, {"x": 1, "y": 1}, normalize="none")
    assert np.isnan(result.loc["x", "tipping_above"]) and np.isnan(result.loc["y", "tipping_below"])


def test_weight_swing_by_hand():
    result = weight_swing(OPPOSITES, {"x": 0.6, "y": 0.4}, normalize="none", swing=0.5)
    # x: 0.3 .. 0.9 -> A - B = t - (1 - t) = 2t - 1: -0.4 at 0.3, 0.8 at 0.9.
    assert result.loc["x", ["weight_low", "weight_high"]].tolist() == pytest.approx([0.3, 0.9])
    assert result.loc["x", "margin_low"] == pytest.approx(-0.4)
    assert result.loc["x", "margin_high"] == pytest.approx(0.8)
    assert result.loc["x", "leader_low"] == "B" and result.loc["x", "leader_high"] == "A"
    # y: 0.2 .. 0.6 -> A - B = (1 - t) - t: 0.6 at 0.2, -0.2 at 0.6.
    assert result.loc["y", "margin_low"] == pytest.approx(0.6)
    assert result.loc["y", "margin_high"] == pytest.approx(-0.2)
    np.testing.assert_allclose(result["margin_base"], 0.2)
    assert list(result.index) == ["x", "y"]  # widest swing first (1.2 against 0.8)


def test_weight_swing_caps_weights_at_one():
    result = weight_swing(OPPOSITES, {"x": 0.8, "y": 0.2}, normalize="none", swing=0.5)
    assert result.loc["x", "weight_high"] == 1.0


@pytest.mark.parametrize("swing", [0, 1.5, "half"])
def test_weight_swing_bad_swing(swing):
    with pytest.raises(InputError, match="swing"):
        weight_swing(OPPOSITES, {"x": 1, "y": 1}, swing=swing)


def test_method_agreement_and_summary():
    agreement = method_agreement(OPPOSITES, {"x": 0.6, "y": 0.4}, normalize="none")
    assert agreement["agree"].all()
    assert list(agreement.index) == ["A", "B"]
    probabilities = pd.DataFrame({1: [0.78, 0.22], 2: [0.22, 0.78]}, index=["A", "B"])
    tipping = tipping_points(OPPOSITES, {"x": 0.6, "y": 0.4}, normalize="none")
    assert closest_tipping_points(tipping, limit=2) == [
        TippingPoint("x", "below", 0.6, 0.5, "B"),
        TippingPoint("y", "above", 0.4, 0.5, "B"),
    ]
    words = re.findall(r"\w+", robustness_summary(probabilities, tipping))
    assert words[0] == "A" and {"x", "y"} <= set(words)  # the leader, then both tipping points


def test_summary_when_no_single_weight_moves_the_lead():
    dominant = pd.DataFrame({"x": [5.0, 1.0], "y": [5.0, 1.0]}, index=["Best", "Other"])
    tipping = tipping_points(dominant, {"x": 1, "y": 1}, normalize="none")
    probabilities = rank_probabilities(dominant, {"x": 1, "y": 1}, normalize="none", n=100)
    assert closest_tipping_points(tipping) == [] and probabilities.loc["Best", 1] == 1
    words = re.findall(r"\w+", robustness_summary(probabilities, tipping))
    assert words[0] == "Best" and not {"x", "y", "Other"} & set(words)


def test_sensitivity_charts_state_the_finding():
    import matplotlib.pyplot as plt

    from helpers.plots.scoring import rank_probability_chart, tipping_chart, tipping_title, tornado_chart, tornado_title

    probabilities = rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, n=500)
    leader = probabilities[1].idxmax()
    swing = weight_swing(MATRIX, WEIGHTS, DIRECTIONS)
    tipping = tipping_points(MATRIX, WEIGHTS, DIRECTIONS)
    figures = [rank_probability_chart(probabilities), tornado_chart(swing), tipping_chart(tipping)]
    titles = [" ".join(fig._suptitle.get_text().split()) for fig in figures]
    assert titles[0].split()[0] == leader
    assert titles[1:] == [" ".join(tornado_title(swing).split()), " ".join(tipping_title(tipping).split())]
    for fig in figures:
        assert fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
        plt.close(fig)


def _tipping(rows, leader="A"):
    """A hand-made ``tipping_points`` result: criterion -> (weight, below, to, above, to)."""
    frame = pd.DataFrame.from_dict(
        rows,
        orient="index",
        columns=["weight", "tipping_below", "new_leader_below", "tipping_above", "new_leader_above"],
    )
    frame.index.name = "criterion"
    frame["leader"] = leader
    return frame


NEAR_TIPPING = _tipping(
    {
        "cost": (0.40, 0.30, "B", 0.45, "C"),  # 0.10 below, 0.05 above
        "speed": (0.30, np.nan, None, 0.38, "B"),  # 0.08 above
        "fit": (0.30, np.nan, None, np.nan, None),  # never
    }
)


def test_closest_tipping_points_are_values_closest_first():
    points = closest_tipping_points(NEAR_TIPPING)
    assert [(p.criterion, p.side) for p in points] == [("cost", "above"), ("speed", "above"), ("cost", "below")]
    assert points[0] == TippingPoint("cost", "above", 0.40, 0.45, "C")
    assert points[0].distance == pytest.approx(0.05)
    assert closest_tipping_points(NEAR_TIPPING, limit=1) == points[:1]
    one_each = closest_tipping_points(NEAR_TIPPING, one_per_criterion=True)
    assert [(p.criterion, p.side) for p in one_each] == [("cost", "above"), ("speed", "above")]
    assert closest_tipping_points(NEAR_TIPPING.loc[["fit"]]) == []


def test_closest_tipping_points_two_sides_of_one_criterion():
    both = _tipping({"cost": (0.40, 0.38, "B", 0.45, "C"), "speed": (0.60, np.nan, None, 0.9, "B")})
    assert [(p.criterion, p.side) for p in closest_tipping_points(both, limit=2)] == [
        ("cost", "below"),
        ("cost", "above"),
    ]
    assert [(p.criterion, p.side) for p in closest_tipping_points(both, limit=2, one_per_criterion=True)] == [
        ("cost", "below"),
        ("speed", "above"),
    ]
    text = robustness_summary(pd.DataFrame({1: [0.7, 0.3]}, index=["A", "B"]), both)
    # snapshot of the words
    assert text == (
        "A leads in 70 % of plausible weightings; it loses the lead if cost weighs less than "
        "38 % (now 40 %) or if cost weighs more than 45 % (now 40 %)."
    )


def test_tipping_chart_title_names_the_closest_tipping_point():
    from helpers.plots.scoring import label, tipping_title

    # snapshot of the words
    assert tipping_title(NEAR_TIPPING) == (
        "A keeps the lead inside the green bands; the closest tipping point is cost, "
        "5 percentage points from its weight now"
    )
    never = tipping_title(NEAR_TIPPING.loc[["fit"]])  # no tipping point: the leader, no criterion
    assert never.split()[0] == "A" and "fit" not in never
    # a criterion's name as a reader sees it
    renamed = tipping_title(NEAR_TIPPING.rename(index={"cost": "yearly_cost"}))
    assert label("yearly_cost") in renamed and "yearly_cost" not in renamed


def test_the_of_twins_take_a_checked_decision_matrix():
    from helpers.scoring import DecisionMatrix

    problem = DecisionMatrix.of(MATRIX, WEIGHTS, DIRECTIONS)
    pd.testing.assert_frame_equal(
        sensitivity.rank_probabilities_of(problem, n=300, seed=1),
        rank_probabilities(MATRIX, WEIGHTS, DIRECTIONS, n=300, seed=1),
    )
    pd.testing.assert_frame_equal(sensitivity.weight_swing_of(problem), weight_swing(MATRIX, WEIGHTS, DIRECTIONS))
    pd.testing.assert_frame_equal(sensitivity.tipping_points_of(problem), tipping_points(MATRIX, WEIGHTS, DIRECTIONS))
    pd.testing.assert_frame_equal(
        sensitivity.method_agreement_of(problem), method_agreement(MATRIX, WEIGHTS, DIRECTIONS)
    )
    # sensitivity reads the problem through DecisionMatrix, not scoring's private helpers
    assert not [name for name in vars(sensitivity) if name.startswith("_normalize")]


# ---- rank probabilities with uncertain values (SMAA-2) --------------------------------------------
# Scores on the 1..5 scale, values used as given; "pilot" is measured for A and B.
SCORED = pd.DataFrame(
    {"quality": [4.0, 3.5, 3.8, 4.2], "pilot": [3.2, 4.6, 5.0, 2.5], "price": [3.0, 3.4, 3.2, 3.3]},
    index=["A", "B", "C", "D"],
)
SCORED_WEIGHTS = {"quality": 0.4, "pilot": 0.35, "price": 0.25}
# B's 4.6 with sd 0.8: a third of its draws lie beyond 5 and are clipped there. At the agreed
# weights B needs a pilot score above 5.2 to pass C, so clipping decides who can come first.
SCORED_SPREAD = pd.DataFrame({"pilot": [0.6, 0.8]}, index=["A", "B"])


def _reference_uncertain(matrix, weights, spread, n, concentration, seed, clip=(1.0, 5.0), normalize="none"):
    """Draw by draw with its own random numbers: a Dirichlet weighting, every uncertain value
    normal around the matrix's and clipped, the draw's matrix normalized by normalize_matrix,
    and tied scores sharing their ranks (counted one alternative at a time)."""
    rng = np.random.default_rng(seed)
    weight = pd.Series(weights, dtype=float).reindex(matrix.columns).to_numpy()
    weight = weight / weight.sum()
    sd = spread.reindex(index=matrix.index, columns=matrix.columns).fillna(0.0).to_numpy()
    low, high = clip if clip is not None else (-np.inf, np.inf)
    counts = np.zeros((len(matrix), len(matrix)))
    for _ in range(n):
        draw = rng.dirichlet(weight[weight > 0] * concentration)
        values = matrix.to_numpy().copy()
        noisy = sd > 0
        values[noisy] = np.clip(rng.normal(values[noisy], sd[noisy]), low, high)
        normalized = normalize_matrix(pd.DataFrame(values, columns=matrix.columns), None, normalize).to_numpy()
        scores = normalized[:, weight > 0] @ draw
        tolerance = 1e-12 * max(1.0, np.abs(scores).max())
        for i, score in enumerate(scores):
            ahead = int((scores > score + tolerance).sum())
            level = int((np.abs(scores - score) <= tolerance).sum())
            counts[i, ahead : ahead + level] += 1 / level
    return counts / n


def _within_monte_carlo_error(result, expected, n_result, n_expected, sigmas=4.0):
    share = (np.asarray(result) * n_result + np.asarray(expected) * n_expected) / (n_result + n_expected)
    error = np.sqrt(share * (1 - share) * (1 / n_result + 1 / n_expected)) + 1e-9
    assert (np.abs(np.asarray(result) - np.asarray(expected)) <= sigmas * error).all(), (result, expected)


@pytest.mark.parametrize(("normalize", "n_expected"), [("none", 20_000), ("minmax", 4_000)])
def test_uncertain_rank_probabilities_match_a_per_draw_reference(normalize, n_expected):
    result = rank_probabilities_uncertain(
        SCORED, SCORED_WEIGHTS, SCORED_SPREAD, normalize=normalize, n=40_000, concentration=50, seed=5
    )
    expected = _reference_uncertain(SCORED, SCORED_WEIGHTS, SCORED_SPREAD, n_expected, 50, 99, normalize=normalize)
    _within_monte_carlo_error(result.to_numpy(), expected, 40_000, n_expected)
    # the measurement matters here: the weights alone give another answer
    weights_only = rank_probabilities(SCORED, SCORED_WEIGHTS, normalize=normalize, n=40_000, concentration=50, seed=5)
    assert np.abs(weights_only.to_numpy() - result.to_numpy()).max() > 0.05
    # and so does clipping: unclipped values would put B first far more often
    unclipped = rank_probabilities_uncertain(
        SCORED, SCORED_WEIGHTS, SCORED_SPREAD, normalize=normalize, n=40_000, concentration=50, seed=5, clip=None
    )
    assert unclipped.loc["B", 1] > expected[1, 0] + 0.05
    assert list(result.index) == list(SCORED.index) and list(result.columns) == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "spread",
    [
        np.zeros((4, 4)),
        pd.DataFrame(index=["A"], columns=["pilot"], data=0.0),
        pd.DataFrame({"unweighted": [0.9]}, index=["C"]),  # uncertain, but weighted 0
    ],
)
def test_without_uncertain_values_it_is_rank_probabilities_exactly(spread):
    matrix = SCORED.assign(unweighted=[1.0, 2.0, 3.0, 4.0])
    weights = {**SCORED_WEIGHTS, "unweighted": 0}
    result = rank_probabilities_uncertain(matrix, weights, spread, n=3000, concentration=30, seed=8)
    pd.testing.assert_frame_equal(
        result, rank_probabilities(matrix, weights, normalize="none", n=3000, concentration=30, seed=8)
    )


def test_uncertain_values_use_the_same_weightings_as_rank_probabilities():
    # a spread too small to change any order leaves every draw's ranking as it was
    tiny = pd.DataFrame(1e-9, index=SCORED.index, columns=SCORED.columns)
    pd.testing.assert_frame_equal(
        rank_probabilities_uncertain(SCORED, SCORED_WEIGHTS, tiny, n=2000, seed=3),
        rank_probabilities(SCORED, SCORED_WEIGHTS, normalize="none", n=2000, seed=3),
    )


# A leads on quality by 1 point, B on resolution by 0.8; equal weights: A 3.5, B 3.4.
# A's resolution score comes from its pilot: 3.0 with a standard deviation of 0.5.
CLOSE = pd.DataFrame({"quality": [4.0, 3.0], "resolution": [3.0, 3.8]}, index=["A", "B"])
CLOSE_SPREAD = pd.DataFrame({"resolution": [0.5]}, index=["A"])


def test_a_lead_smaller_than_the_measurement_error_is_far_less_sure():
    from scipy import integrate
    from scipy.stats import beta, norm

    n = 40_000
    # Weights fixed at 1/2 each: A leads when 4 + R > 3 + 3.8, R ~ N(3, 0.5), so P = Phi(0.4).
    fixed = rank_probabilities_uncertain(CLOSE, {"quality": 1, "resolution": 1}, CLOSE_SPREAD, n=n, concentration=1e9)
    _within_monte_carlo_error(fixed.loc["A", 1], norm.cdf(0.4), n, 1e12)
    assert norm.cdf(0.4) == pytest.approx(0.6554, abs=1e-4)
    # Plausible weightings (concentration 200): the quality weight q is Beta(100, 100).
    # Weights alone: A leads when q - 0.8 (1 - q) > 0, i.e. q > 4/9.
    weights_only = rank_probabilities(CLOSE, {"quality": 1, "resolution": 1}, normalize="none", n=n)
    by_hand = beta.sf(4 / 9, 100, 100)
    _within_monte_carlo_error(weights_only.loc["A", 1], by_hand, n, 1e12)
    # With the measurement: A leads when R > 3.8 - q / (1 - q), averaged over q.
    with_pilot = rank_probabilities_uncertain(CLOSE, {"quality": 1, "resolution": 1}, CLOSE_SPREAD, n=n)
    by_hand_pilot = integrate.quad(
        lambda q: beta.pdf(q, 100, 100) * norm.sf(3.8 - q / (1 - q), loc=3.0, scale=0.5), 0, 1
    )[0]
    _within_monte_carlo_error(with_pilot.loc["A", 1], by_hand_pilot, n, 1e12)
    assert by_hand > 0.9 and by_hand_pilot < 0.7  # well below the weights-only answer


def test_uncertain_values_stay_on_the_score_scale():
    # A (3, 4.5 +- 1) against B (4, 4.2): A leads only with a resolution score above 5.2,
    # which a 1..5 score never reaches; unclipped, a normal would get there 1 - Phi(0.7) of the time.
    from scipy.stats import norm

    matrix = pd.DataFrame({"quality": [3.0, 4.0], "resolution": [4.5, 4.2]}, index=["A", "B"])
    spread = pd.DataFrame({"resolution": [1.0]}, index=["A"])
    weights = {"quality": 1, "resolution": 1}
    clipped = rank_probabilities_uncertain(matrix, weights, spread, n=20_000, concentration=1e9)
    assert clipped.loc["A", 1] == 0.0
    unclipped = rank_probabilities_uncertain(matrix, weights, spread, n=20_000, concentration=1e9, clip=None)
    _within_monte_carlo_error(unclipped.loc["A", 1], norm.sf(0.7), 20_000, 1e12)


def test_values_clipped_at_the_top_tie_and_share_their_ranks():
    # Only "resolution" counts. B and C score 5; A's 4.5 +- 1 is clipped to 5 in
    # 1 - Phi(0.5) of the draws, and then all three share ranks 1..3 equally.
    from scipy.stats import norm

    matrix = pd.DataFrame({"quality": [3.0, 4.0, 4.0], "resolution": [4.5, 5.0, 5.0]}, index=["A", "B", "C"])
    spread = pd.DataFrame({"resolution": [1.0]}, index=["A"])
    result = rank_probabilities_uncertain(matrix, {"quality": 0, "resolution": 1}, spread, n=20_000)
    top = norm.sf(0.5)
    _within_monte_carlo_error(result.loc["A"].to_numpy(), [top / 3, top / 3, 1 - 2 * top / 3], 20_000, 1e12)
    assert result.loc["B"].tolist() == result.loc["C"].tolist()  # the twins share, never split by order
    np.testing.assert_allclose(result.loc["B", 3], result.loc["A", 1], atol=1e-12)


def test_a_measurement_beyond_the_scale_is_drawn_around_its_unclipped_score():
    # Only "resolution" counts; B scores 5. A's pilot KPI lies beyond the value function's
    # range: its score 5.6 +- 0.6 shows as 5. Drawn around 5.6, it falls below 5 only when the
    # KPI does, Phi(-1) of the time, and ties with B at 5 otherwise: A first in Phi(1) / 2.
    from scipy.stats import norm

    matrix = pd.DataFrame({"quality": [3.0, 4.0], "resolution": [5.0, 5.0]}, index=["A", "B"])
    spread = pd.DataFrame({"resolution": [0.6]}, index=["A"])
    weights = {"quality": 0, "resolution": 1}
    beyond = pd.DataFrame({"resolution": [5.6]}, index=["A"])
    result = rank_probabilities_uncertain(matrix, weights, spread, n=20_000, unclipped=beyond)
    _within_monte_carlo_error(result.loc["A", 1], norm.cdf(1.0) / 2, 20_000, 1e12)
    # drawn around the 5 shown instead, A would fall below 5 in half the draws
    shown = rank_probabilities_uncertain(matrix, weights, spread, n=20_000)
    _within_monte_carlo_error(shown.loc["A", 1], 0.25, 20_000, 1e12)
    # an array does the same; without uncertainty the unclipped values change nothing
    as_array = rank_probabilities_uncertain(matrix, weights, spread, n=20_000, unclipped=[[3.0, 5.6], [4.0, 5.0]])
    pd.testing.assert_frame_equal(as_array, result)
    certain = rank_probabilities_uncertain(matrix, weights, np.zeros((2, 2)), n=500, unclipped=beyond)
    pd.testing.assert_frame_equal(certain, rank_probabilities(matrix, weights, normalize="none", n=500))


def test_uncertain_rank_probabilities_are_the_same_in_blocks(monkeypatch):
    whole = rank_probabilities_uncertain(SCORED, SCORED_WEIGHTS, SCORED_SPREAD, normalize="minmax", n=500, seed=2)
    monkeypatch.setattr(sensitivity, "_CELLS_PER_BLOCK", 30)  # 2 draws per block of 4 x 3
    in_blocks = rank_probabilities_uncertain(SCORED, SCORED_WEIGHTS, SCORED_SPREAD, normalize="minmax", n=500, seed=2)
    np.testing.assert_allclose(whole.to_numpy(), in_blocks.to_numpy(), atol=1e-12)


def test_the_uncertain_twin_takes_a_checked_decision_matrix():
    from helpers.scoring import DecisionMatrix

    problem = DecisionMatrix.of(SCORED, SCORED_WEIGHTS)
    pd.testing.assert_frame_equal(
        sensitivity.rank_probabilities_uncertain_of(problem, SCORED_SPREAD, n=300, seed=1),
        rank_probabilities_uncertain(SCORED, SCORED_WEIGHTS, SCORED_SPREAD, n=300, seed=1),
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"spread": np.zeros((3, 3))}, "alternatives x criteria"),
        ({"spread": pd.DataFrame({"pilot": [0.5]}, index=["Z"])}, "unknown or repeated: 'Z'"),
        ({"spread": pd.DataFrame({"colour": [0.5]}, index=["A"])}, "unknown or repeated: 'colour'"),
        ({"spread": pd.DataFrame({"pilot": [-0.1]}, index=["A"])}, "'A' / 'pilot'"),
        ({"spread": pd.DataFrame({"pilot": [np.nan]}, index=["B"])}, "'B' / 'pilot'"),
        ({"spread": pd.DataFrame({"pilot": ["wide"]}, index=["B"])}, "must hold numbers"),
        ({"spread": SCORED_SPREAD, "clip": (5, 1)}, "lowest first"),
        ({"spread": SCORED_SPREAD, "clip": 5}, "clip must be None or"),
        (
            {"spread": SCORED_SPREAD, "clip": (1, 4)},
            "within clip (1, 4): it is drawn and clipped to that range; check: 'B' / 'pilot'",
        ),
        ({"spread": SCORED_SPREAD, "unclipped": pd.DataFrame({"pilot": [3.9]}, index=["A"])}, "check: 'A' / 'pilot'"),
        (
            {"spread": SCORED_SPREAD, "unclipped": pd.DataFrame({"pilot": [np.inf]}, index=["B"])},
            "check: 'B' / 'pilot'",
        ),
        ({"spread": SCORED_SPREAD, "unclipped": np.ones((2, 2))}, "unclipped must be alternatives x criteria"),
        ({"spread": SCORED_SPREAD, "n": 0}, "n (number of weight draws)"),
        ({"spread": SCORED_SPREAD, "concentration": -1}, "concentration"),
        ({"spread": SCORED_SPREAD, "normalize": "zscore"}, "normalize must be one of"),
    ],
)
def test_uncertain_rank_probabilities_bad_arguments(kwargs, message):
    with pytest.raises(InputError, match=re.escape(message)):
        rank_probabilities_uncertain(SCORED, SCORED_WEIGHTS, **kwargs)


@st.composite
def uncertain_problems(draw):
    matrix, weights = draw(problems())
    cells = matrix.shape[0] * matrix.shape[1]
    spread = draw(st.lists(st.sampled_from([0.0, 0.0, 0.3, 1.0, 3.0]), min_size=cells, max_size=cells))
    return matrix, weights, np.array(spread).reshape(matrix.shape)


@settings(max_examples=40, deadline=None)
@given(uncertain_problems(), st.sampled_from(["none", "minmax", "max", "sum"]), st.floats(1, 500), st.integers(0, 99))
def test_uncertain_rank_probabilities_rows_and_columns_sum_to_one(problem, normalize, concentration, seed):
    matrix, weights, spread = problem  # values 1..3 and wide spreads: many draws clipped and tied
    result = rank_probabilities_uncertain(
        matrix, weights, spread, normalize=normalize, n=200, concentration=concentration, seed=seed
    )
    np.testing.assert_allclose(result.sum(axis=1), 1.0, atol=1e-9)
    np.testing.assert_allclose(result.sum(axis=0), 1.0, atol=1e-9)
    assert (result.to_numpy() >= -1e-12).all()
