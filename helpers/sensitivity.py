"""How sure is the ranking? Weight uncertainty, weight swings, tipping points, method check.

* ``rank_probabilities``: draw many plausible weightings around the agreed weights
  (Dirichlet) and count how often each alternative takes each rank.
* ``rank_probabilities_uncertain``: the same when some values are measured with uncertainty
  (a score from a pilot KPI): each draw takes a weighting and plausible values together.
* ``weight_swing``: one criterion's weight at a time moved down and up (tornado chart).
* ``tipping_points``: for each criterion, the weight at which the leader changes.
* ``method_agreement``: does TOPSIS pick the same order as the weighted sum?
* ``closest_tipping_points``: the tipping points nearest the agreed weights, as values.
* ``robustness_summary``: the answer in one sentence.

In every "what if this weight were t" question the other weights keep their proportions and
are rescaled to fill 1 - t. Each function takes ``weighted_sum``'s arguments and checks them
once into a ``helpers.scoring.DecisionMatrix``; its twin ending in ``_of`` takes that value
(check once, ask several questions). Nothing here reads files, draws or prints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from helpers.data import InputError
from helpers.scoring import TIE_RELATIVE_TOLERANCE, DecisionMatrix, rank_topsis, rank_weighted_sum
from helpers.words import percent

# Draws are ranked in blocks of about this many cells: the work per block is vectorised,
# and the block keeps memory near 100 MB even for 1,000 alternatives x 10,000 draws.
_CELLS_PER_BLOCK = 4_000_000


def _unique_rows(normalized: np.ndarray):
    """Group alternatives whose normalized rows are equal (to 12 significant digits).

    Returns ``(unique, group)``: the distinct rows and, for each alternative, the number of
    its row in ``unique``. Equal rows score equally under every weighting, so they are
    ranked once and share their ranks afterwards.
    """
    scale = max(1.0, float(np.abs(normalized).max(initial=0.0)))
    rounded = np.round(normalized / scale, 12)
    unique, first, group = np.unique(rounded, axis=0, return_index=True, return_inverse=True)
    return normalized[first], group.ravel()


def _sorted_keys(keys: np.ndarray) -> tuple[np.ndarray, int]:
    """Per draw (row), the scores sorted best first, each packed with its column number.

    ``keys`` holds scores mapped onto 1..2 with the best at 1 (see ``rank_probabilities``).
    Sorting values beats ``argsort``, so each score is packed with its column number into one
    sortable 64-bit key: the bit pattern of a positive double orders like the number, and the
    column number replaces the lowest mantissa bits (a 2**-42 share of the score range:
    closer scores count as equal and are ordered by column). ``keys`` is overwritten and
    returned sorted as int64 bits, with the mask of the column number's bits.
    """
    n_alternatives = keys.shape[1]
    bits = keys.view(np.int64)
    mask = (1 << max(int(n_alternatives - 1).bit_length(), 1)) - 1
    bits &= ~mask
    bits |= np.arange(n_alternatives)
    bits.sort(axis=1)
    return bits, mask


def _order_best_first(keys: np.ndarray) -> np.ndarray:
    """Per draw (row), the alternatives from best to worst, given scores mapped onto 1..2
    with the best at 1: like ``argsort``, about twice as fast (see ``_sorted_keys``).
    ``keys`` is overwritten."""
    bits, mask = _sorted_keys(keys)
    bits &= mask
    return bits


def _shared_rank_counts(order: np.ndarray, first: np.ndarray, size: np.ndarray, n_ranks: int) -> np.ndarray:
    """Count ranks when ties share them: rows x ranks, summed over draws.

    ``order[d, p]`` is the row (alternative or group) at position p of draw d, ``first[d, p]``
    the first rank (0-based) of the tie it belongs to and ``size[d, p]`` the number of ranks
    that tie occupies; the row gets 1/size of each of them.
    """
    n_rows = order.shape[1]
    share = (1.0 / size).ravel()
    # Spread each share over ranks first .. first+size-1 with a difference array: +share at
    # the first rank, -share after the last, then a running sum along the ranks.
    width = n_ranks + 1
    row = order.ravel() * width
    diff = np.bincount(row + first.ravel(), weights=share, minlength=n_rows * width)
    diff -= np.bincount(row + (first + size).ravel(), weights=share, minlength=n_rows * width)
    return np.cumsum(diff.reshape(n_rows, width), axis=1)[:, :n_ranks]


def _plain_rank_counts(order: np.ndarray) -> np.ndarray:
    """Count ranks without ties: the row at position p of a draw takes rank p + 1."""
    n_ranks = order.shape[1]
    order *= n_ranks
    order += np.arange(n_ranks)
    return np.bincount(order.ravel(), minlength=n_ranks * n_ranks).reshape(n_ranks, n_ranks).astype(float)


def _rank_counts(scores: np.ndarray, multiplicity: np.ndarray) -> np.ndarray:
    """Count, for a block of draws, how often each group of equal alternatives takes each rank.

    ``scores`` is draws x groups, mapped onto 1..2 with the best at 1 (overwritten);
    ``multiplicity`` the number of alternatives in each group. Returns groups x ranks: the
    count one member of the group gets. A group of t equal alternatives occupies t ranks in a
    row, and each member gets 1/t of each, so every row and column of the alternatives'
    counts sums to the number of draws.
    """
    n_groups = scores.shape[1]
    n_ranks = int(multiplicity.sum())
    order = _order_best_first(scores)
    if n_ranks == n_groups:  # no equal alternatives: group at position p takes rank p
        return _plain_rank_counts(order)
    size = multiplicity[order]
    first = np.cumsum(size, axis=1) - size  # ranks taken by the groups ahead (0-based)
    return _shared_rank_counts(order, first, size, n_ranks)


# What the draws of "how sure" cover, as a sentence says it: the weightings alone, or the
# measured values too (rank_probabilities_uncertain marks its result so).
DRAWN_WEIGHTS = "plausible weightings"
DRAWN_WITH_VALUES = "plausible weightings and pilot results"


def drawn(probabilities: pd.DataFrame) -> str:
    """What a rank-probability table's draws covered, for a sentence: "plausible weightings",
    or "plausible weightings and pilot results" when measured values were drawn too."""
    return probabilities.attrs.get("drawn", DRAWN_WEIGHTS)


def _rank_shares(problem: DecisionMatrix, shares: np.ndarray) -> pd.DataFrame:
    """Shares alternatives x ranks as the frame the rank probabilities return."""
    n_alternatives = len(problem.alternatives)
    return pd.DataFrame(shares, index=problem.alternatives, columns=pd.RangeIndex(1, n_alternatives + 1, name="rank"))


def rank_probabilities(
    matrix: pd.DataFrame,
    weights,
    directions=None,
    normalize: str = "minmax",
    n: int = 10_000,
    concentration: float = 200,
    seed: int = 0,
) -> pd.DataFrame:
    """Share of plausible weightings in which each alternative takes each rank.

    Takes the arguments of ``helpers.scoring.weighted_sum`` plus:
      n              number of weight draws (integer >= 1).
      concentration  how tightly draws stay around the given weights (> 0): each draw is
                     Dirichlet with mean = the weights and parameters weights x
                     concentration; 200 moves a 0.20 weight by about +-0.03 (one standard
                     deviation), 20 by about +-0.09. A zero weight stays zero.
      seed           for the random draws (same seed, same answer).
    Returns a DataFrame, rows = alternatives (``matrix.index``), columns = ranks 1..k; each
    row and each column sums to 1. Ties within a draw share their ranks equally.
    Raises ``InputError`` on bad input (as ``weighted_sum``) or bad n / concentration.

    >>> matrix = pd.DataFrame({"quality": [4.0, 3.0, 5.0], "price": [120.0, 90.0, 150.0]},
    ...                       index=["A", "B", "C"])
    >>> shares = rank_probabilities(matrix, {"quality": 0.6, "price": 0.4}, {"price": "cost"}, n=2000)
    >>> shares.loc["C"].round(2).tolist()  # C comes first in nearly every plausible weighting
    [1.0, 0.0, 0.0]
    """
    return rank_probabilities_of(DecisionMatrix.of(matrix, weights, directions), normalize, n, concentration, seed)


def rank_probabilities_of(
    problem: DecisionMatrix, normalize: str = "minmax", n: int = 10_000, concentration: float = 200, seed: int = 0
) -> pd.DataFrame:
    """``rank_probabilities`` of a checked ``DecisionMatrix``."""
    _check_draw_settings(n, concentration)
    normalized, weight = problem.normalized(normalize), problem.weights
    n_alternatives = normalized.shape[0]
    rng = np.random.default_rng(seed)
    # Criteria weighted 0 stay out of the draws entirely (a Dirichlet needs parameters > 0).
    active = weight > 0
    draws = rng.dirichlet(weight[active] * concentration, size=n)
    unique, group = _unique_rows(normalized[:, active])
    multiplicity = np.bincount(group, minlength=len(unique))
    # Scores come out of the matrix product already mapped onto 1..2, best = 1, as the ranking
    # wants them: every draw's weights sum to 1, so 1 + (high - draw @ u) / span equals
    # draw @ (1 + (high - u) / span).
    low, high = unique.min(), unique.max()
    span = high - low if high > low else 1.0
    flipped = np.ascontiguousarray((1.0 + (high - unique) / span).T)
    counts = np.zeros((len(unique), n_alternatives))
    block = max(1, _CELLS_PER_BLOCK // len(unique))
    for start in range(0, n, block):
        # One matrix product per block: draws x criteria times criteria x alternatives.
        scores = draws[start : start + block] @ flipped
        counts += _rank_counts(scores, multiplicity)
    return _rank_shares(problem, counts[group] / n)


def _check_draw_settings(n, concentration) -> None:
    """``InputError`` unless n is a whole number >= 1 and concentration a finite number > 0."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise InputError(f"n (number of weight draws) must be a whole number >= 1, got {n!r}")
    if not isinstance(concentration, int | float | np.number) or not np.isfinite(concentration) or concentration <= 0:
        raise InputError(f"concentration must be a finite number > 0, got {concentration!r}")


def _tied_rank_counts(scores: np.ndarray) -> np.ndarray:
    """Count, for a block of draws, how often each alternative takes each rank, where scores
    that are equal within a draw share their ranks.

    ``scores`` is draws x alternatives, higher is better. Two alternatives tie in a draw
    when their scores are closer than ``TIE_RELATIVE_TOLERANCE`` of the largest score (as in
    ``helpers.scoring``): with uncertain values that happens when both are clipped at the
    end of the scale. Returns alternatives x ranks; every row and column sums to the number
    of draws.
    """
    n_alternatives = scores.shape[1]
    best, worst = scores.max(), scores.min()
    span = best - worst if best > worst else 1.0
    tolerance = TIE_RELATIVE_TOLERANCE * max(1.0, float(np.abs(scores).max())) / span
    keys = 1.0 + (best - scores) / span  # onto 1..2, best at 1, as _sorted_keys wants them
    bits, mask = _sorted_keys(keys)
    order = bits & mask
    ordered = (bits & ~mask).view(np.float64)
    tied = np.diff(ordered, axis=1) <= tolerance  # with the alternative before it
    if not tied.any():
        return _plain_rank_counts(order)
    position = np.arange(n_alternatives)
    starts = np.ones(order.shape, dtype=bool)
    starts[:, 1:] = ~tied
    ends = np.ones(order.shape, dtype=bool)
    ends[:, :-1] = ~tied
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=1)
    last = np.minimum.accumulate(np.where(ends, position, n_alternatives)[:, ::-1], axis=1)[:, ::-1]
    return _shared_rank_counts(order, first, last - first + 1, n_alternatives)


def _aligned_cells(problem: DecisionMatrix, given, what: str, fill: np.ndarray) -> np.ndarray:
    """``given`` as a float array alternatives x criteria: an array of the matrix's shape, or a
    DataFrame labelled like it whose missing rows and columns take ``fill``'s values."""
    if isinstance(given, pd.DataFrame):
        for axis_name, labels, known in (
            ("alternatives (rows)", given.index, problem.alternatives),
            ("criteria (columns)", given.columns, problem.criteria),
        ):
            unknown = labels[~labels.isin(known)]
            if len(unknown) or not labels.is_unique:
                raise InputError(
                    f"{what} must name each of the matrix's {axis_name} at most once; "
                    f"unknown or repeated: {', '.join(map(repr, unknown.union(labels[labels.duplicated()])))}"
                )
    try:
        cells = given.astype(float) if isinstance(given, pd.DataFrame) else np.array(given, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{what} must hold numbers") from None
    if isinstance(cells, pd.DataFrame):
        rows, cols = problem.alternatives.get_indexer(cells.index), problem.criteria.get_indexer(cells.columns)
        cells, given_cells = fill.astype(float), cells.to_numpy()
        cells[np.ix_(rows, cols)] = given_cells
    if cells.shape != problem.values.shape:
        raise InputError(
            f"{what} must be alternatives x criteria like the matrix, {problem.values.shape}, got {cells.shape}"
        )
    return cells


def _cells_named(problem: DecisionMatrix, bad: np.ndarray) -> str:
    """The first ten cells where ``bad`` holds, as "'vendor' / 'criterion'" for a message."""
    rows, cols = np.nonzero(bad)
    cells = [f"{problem.alternatives[r]!r} / {problem.criteria[c]!r}" for r, c in zip(rows, cols)]
    return ", ".join(cells[:10]) + (" …" if len(cells) > 10 else "")


def _checked_spread(problem: DecisionMatrix, spread) -> np.ndarray:
    """``spread`` as a float array alternatives x criteria (see ``rank_probabilities_uncertain``)."""
    sd = _aligned_cells(
        problem, spread, "spread (standard deviations, 0 where a value is certain)", 0.0 * problem.values
    )
    bad = ~(np.isfinite(sd) & (sd >= 0))
    if bad.any():
        raise InputError(
            "spread must hold standard deviations >= 0 (0 where a value is certain), "
            f"no gaps; check: {_cells_named(problem, bad)}"
        )
    return sd


def _checked_clip(clip) -> tuple[float, float]:
    """``clip`` as (lowest, highest); None clips nothing."""
    if clip is None:
        return -np.inf, np.inf
    try:
        low, high = (float(end) for end in clip)
    except (TypeError, ValueError):
        raise InputError(f"clip must be None or (lowest, highest), e.g. (1.0, 5.0), got {clip!r}") from None
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise InputError(f"clip must be two finite numbers, lowest first, e.g. (1.0, 5.0), got {clip!r}")
    return low, high


def rank_probabilities_uncertain(
    matrix: pd.DataFrame,
    weights,
    spread,
    directions=None,
    normalize: str = "none",
    n: int = 10_000,
    concentration: float = 200,
    seed: int = 0,
    clip=(1.0, 5.0),
    unclipped=None,
) -> pd.DataFrame:
    """``rank_probabilities`` when some values are measured with uncertainty as well.

    Stochastic multicriteria acceptability analysis with imprecise criterion values (SMAA-2,
    Lahdelma and Salminen 2001): each draw takes a plausible weighting (the Dirichlet of
    ``rank_probabilities``) and plausible values. ``spread`` is alternatives x criteria: an
    array, or a DataFrame labelled like ``matrix`` (missing rows and columns count as 0), of
    standard deviations in each criterion's own units, 0 where a value is certain. An
    uncertain value is drawn from a normal distribution around the matrix's value with that
    standard deviation and clipped to ``clip`` (the 1..5 score scale by default; None clips
    nothing): a score computed from a measurement through a linear value function clipped to
    1..5 is exactly that when the measurement's estimate is normal. Uncertain values must lie
    within ``clip``. Where the measurement itself lies beyond the scale (a score of 5.6,
    shown as 5), ``unclipped`` gives the values before clipping (shaped like ``spread``;
    missing cells: the matrix's values) and the draws centre there, so that such a vendor
    falls below 5 only as often as its measurement allows. With ``normalize`` other than
    "none" each draw's values are normalized afresh. Scores equal within a draw (two values
    clipped at 5) share their ranks.

    Takes the other arguments of ``rank_probabilities`` (``normalize`` defaults to "none":
    values on the score scale as given) and returns the same frame. With no uncertain value
    on a weighted criterion it is ``rank_probabilities`` itself, draw for draw; otherwise
    the weightings are the same as ``rank_probabilities`` draws with the same seed. Raises
    ``InputError`` on bad input, spread or clip.

    >>> matrix = pd.DataFrame({"quality": [4.0, 3.0], "resolution": [3.0, 3.8]}, index=["A", "B"])
    >>> weights = {"quality": 1, "resolution": 1}
    >>> round(float(rank_probabilities(matrix, weights, normalize="none", n=4000).loc["A", 1]), 2)
    0.94
    >>> spread = pd.DataFrame({"resolution": [0.5]}, index=["A"])  # A's pilot score: 3.0 +- 0.5
    >>> round(float(rank_probabilities_uncertain(matrix, weights, spread, n=4000).loc["A", 1]), 2)
    0.66
    """
    problem = DecisionMatrix.of(matrix, weights, directions)
    return rank_probabilities_uncertain_of(problem, spread, n, concentration, seed, clip, normalize, unclipped)


def rank_probabilities_uncertain_of(
    problem: DecisionMatrix,
    spread,
    n: int = 10_000,
    concentration: float = 200,
    seed: int = 0,
    clip=(1.0, 5.0),
    normalize: str = "none",
    unclipped=None,
) -> pd.DataFrame:
    """``rank_probabilities_uncertain`` of a checked ``DecisionMatrix``."""
    sd = _checked_spread(problem, spread)
    centres = problem.values if unclipped is None else _aligned_cells(problem, unclipped, "unclipped", problem.values)
    lowest, highest = _checked_clip(clip)
    weight, values = problem.weights, problem.values
    active = weight > 0
    uncertain = (sd > 0) & active[None, :]  # a value weighted 0 changes no score
    if not uncertain.any():
        return rank_probabilities_of(problem, normalize, n, concentration, seed)
    _check_draw_settings(n, concentration)
    problem.normalized(normalize)  # InputError on an unknown normalization, as weighted_sum
    rows, cols = np.nonzero(uncertain)
    centre, deviation = centres[rows, cols], sd[rows, cols]
    shown = values[rows, cols]
    wrong = np.zeros_like(uncertain)
    wrong[rows, cols] = ~np.isfinite(centre) | (
        np.abs(np.clip(centre, lowest, highest) - shown) > 1e-9 * np.maximum(1.0, np.abs(shown))
    )
    if wrong.any():
        raise InputError(
            f"an uncertain value must lie within clip {clip!r}: it is drawn and clipped to that range"
            + (", and must be its unclipped value clipped there" if unclipped is not None else "")
            + f"; check: {_cells_named(problem, wrong)}"
        )
    n_alternatives = len(problem.alternatives)
    rng = np.random.default_rng(seed)
    draws = rng.dirichlet(weight[active] * concentration, size=n)  # as rank_probabilities_of
    cells = rows * values.shape[1] + cols  # each uncertain cell's place in a flattened matrix
    counts = np.zeros((n_alternatives, n_alternatives))
    block = max(1, _CELLS_PER_BLOCK // values.size)
    for start in range(0, n, block):
        weighting = draws[start : start + block]
        size = len(weighting)
        # Every draw's matrix: the certain values copied, the uncertain ones drawn and clipped.
        drawn = rng.standard_normal((size, len(cells)))
        drawn *= deviation
        drawn += centre
        np.clip(drawn, lowest, highest, out=drawn)
        each = np.empty((size, values.size))
        each[:] = values.ravel()
        each[:, cells] = drawn
        each = each.reshape(size, *values.shape)
        if normalize != "none":
            # The draws' matrices side by side (alternatives x draws*criteria), normalized at once.
            side_by_side = each.transpose(1, 0, 2).reshape(n_alternatives, -1)
            tiled = replace(
                problem,
                criteria=pd.Index(np.tile(problem.criteria, size)),
                values=side_by_side,
                low=side_by_side.min(axis=0),
                high=side_by_side.max(axis=0),
                weights=np.tile(weight, size) / size,
                is_cost=np.tile(problem.is_cost, size),
            )
            each = tiled.normalized(normalize).reshape(n_alternatives, size, -1).transpose(1, 0, 2)
        scores = np.matmul(each[:, :, active], weighting[:, :, None])[:, :, 0]  # draws x alternatives
        counts += _tied_rank_counts(scores)
    shares = _rank_shares(problem, counts / n)
    shares.attrs["drawn"] = DRAWN_WITH_VALUES
    return shares


def _scores_at_weight(normalized: np.ndarray, weight: np.ndarray):
    """Each alternative's score as a straight line in one criterion's weight t.

    Returns ``(at_one, at_zero)``, both alternatives x criteria: column c holds the scores
    when criterion c has weight 1 (its own normalized values) and weight 0 (the other weights
    rescaled to fill 1); the score at weight t is t * at_one + (1 - t) * at_zero. When a
    criterion holds the whole weight the others have no proportions to keep, so they share
    the rest equally.
    """
    n_criteria = len(weight)
    at_one = normalized
    rest = 1.0 - weight
    others = np.where(
        rest[None, :] > 0,
        weight[:, None] * (1 - np.eye(n_criteria)) / np.where(rest > 0, rest, 1.0)[None, :],
        (1 - np.eye(n_criteria)) / max(n_criteria - 1, 1),
    )  # others[j, c]: weight of criterion j when criterion c has weight 0
    at_zero = normalized @ others
    return at_one, at_zero


def weight_swing(
    matrix: pd.DataFrame,
    weights,
    directions=None,
    normalize: str = "minmax",
    swing: float = 0.5,
) -> pd.DataFrame:
    """One-at-a-time weight swing: the leader's margin when one weight moves down and up.

    Takes the arguments of ``weighted_sum`` and ``swing``, the relative move (0.5 = each
    weight to 50 % and 150 % of itself, capped to 0..1); the other weights keep their
    proportions. The margin is the base leader's score minus the best other alternative's;
    below zero the leader has lost first place.
    Returns a DataFrame indexed by criterion, sorted by the width of the swing (widest
    first, as a tornado chart shows it), with ``weight``, ``weight_low``, ``weight_high``,
    ``margin_base``, ``margin_low``, ``margin_high``, ``leader_low``, ``leader_high`` (who
    leads at each end) and ``leader`` (the base leader). With one alternative the margins
    are 0. Raises ``InputError`` on bad input or a swing outside (0, 1].

    >>> matrix = pd.DataFrame({"quality": [4.0, 3.0, 5.0], "price": [120.0, 90.0, 150.0]},
    ...                       index=["A", "B", "C"])
    >>> weight_swing(matrix, {"quality": 0.6, "price": 0.4}, {"price": "cost"})[["leader_low", "leader_high"]]
              leader_low leader_high
    criterion
    quality            B           C
    price              C           B
    """
    return weight_swing_of(DecisionMatrix.of(matrix, weights, directions), normalize, swing)


def weight_swing_of(problem: DecisionMatrix, normalize: str = "minmax", swing: float = 0.5) -> pd.DataFrame:
    """``weight_swing`` of a checked ``DecisionMatrix``."""
    if not isinstance(swing, int | float | np.number) or not 0 < swing <= 1:
        raise InputError(f"swing must be a number in (0, 1], e.g. 0.5 for +-50 %, got {swing!r}")
    normalized, weight = problem.normalized(normalize), problem.weights
    alternatives = problem.alternatives
    base_scores = normalized @ weight
    leader = int(np.argmin(-base_scores))
    at_one, at_zero = _scores_at_weight(normalized, weight)
    low = np.clip(weight * (1 - swing), 0, 1)
    high = np.clip(weight * (1 + swing), 0, 1)

    def margins(t):
        scores = t[None, :] * at_one + (1 - t[None, :]) * at_zero  # alternatives x criteria
        others = np.delete(scores, leader, axis=0)
        best_other = others.max(axis=0) if len(others) else scores[leader]
        return scores[leader] - best_other, alternatives[scores.argmax(axis=0)]

    margin_low, leader_low = margins(low)
    margin_high, leader_high = margins(high)
    base_margin = margins(weight)[0]
    result = pd.DataFrame(
        {
            "weight": weight,
            "weight_low": low,
            "weight_high": high,
            "margin_base": base_margin,
            "margin_low": margin_low,
            "margin_high": margin_high,
            "leader_low": leader_low,
            "leader_high": leader_high,
            "leader": alternatives[leader],
        },
        index=pd.Index(problem.criteria, name="criterion"),
    )
    width = (result["margin_high"] - result["margin_low"]).abs()
    return result.iloc[np.argsort(-width.to_numpy(), kind="stable")]


def tipping_points(
    matrix: pd.DataFrame,
    weights,
    directions=None,
    normalize: str = "minmax",
) -> pd.DataFrame:
    """For each criterion, the weights at which the leader loses first place.

    Takes the arguments of ``weighted_sum``. Criterion c's weight runs from 0 to 1 with the
    other weights keeping their proportions; every alternative's score is then a straight
    line in that weight, so the change of leader is found exactly (no grid search).
    Returns a DataFrame indexed by criterion with ``weight`` (now), ``tipping_below`` (the
    highest weight under the current one at which another alternative draws level; NaN if the
    leader keeps first place down to 0), ``new_leader_below``, ``tipping_above`` (the lowest
    weight over the current one; NaN if it keeps first place up to 1), ``new_leader_above``
    and ``leader``. Raises ``InputError`` on bad input.

    >>> matrix = pd.DataFrame({"quality": [4.0, 3.0, 5.0], "price": [120.0, 90.0, 150.0]},
    ...                       index=["A", "B", "C"])
    >>> tipping = tipping_points(matrix, {"quality": 0.6, "price": 0.4}, {"price": "cost"})
    >>> float(tipping.loc["quality", "tipping_below"]), tipping.loc["quality", "new_leader_below"]
    (0.5, 'B')
    """
    return tipping_points_of(DecisionMatrix.of(matrix, weights, directions), normalize)


def tipping_points_of(problem: DecisionMatrix, normalize: str = "minmax") -> pd.DataFrame:
    """``tipping_points`` of a checked ``DecisionMatrix``."""
    normalized, weight = problem.normalized(normalize), problem.weights
    alternatives = problem.alternatives
    leader = int(np.argmin(-(normalized @ weight)))
    at_one, at_zero = _scores_at_weight(normalized, weight)
    # Lead over alternative i as a line in t: lead(t) = start + t * slope.
    start = at_zero[leader][None, :] - at_zero
    slope = (at_one[leader][None, :] - at_one) - start
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = -start / slope
    crossing[leader] = np.nan
    crossing[~np.isfinite(crossing)] = np.nan
    # Only a crossing strictly inside 0..1 is a change of leader: a tie at weight 0 or 1
    # itself never takes first place away.
    crossing[(crossing <= 1e-12) | (crossing >= 1 - 1e-12)] = np.nan
    now = weight[None, :]
    # The lead shrinks towards the crossing: above the current weight if slope < 0, below if > 0.
    above = np.where((slope < 0) & (crossing >= now), crossing, np.nan)
    below = np.where((slope > 0) & (crossing <= now), crossing, np.nan)
    result = pd.DataFrame(index=pd.Index(problem.criteria, name="criterion"))
    result["weight"] = weight
    change = at_one - at_zero  # how each score moves as the criterion's weight grows
    scale = max(1.0, float(np.abs(normalized).max()))
    for side, candidates, direction in (("below", below, -1.0), ("above", above, 1.0)):
        none = np.isnan(candidates).all(axis=0)
        point = np.where(
            none,
            np.nan,
            np.nanmax(np.where(np.isnan(candidates), -np.inf, candidates), axis=0)
            if side == "below"
            else np.nanmin(np.where(np.isnan(candidates), np.inf, candidates), axis=0),
        )
        # Who leads just past the tipping point: of those level with the top score there
        # (several can draw level at once), the one whose score moves up fastest that way.
        t = np.where(none, weight, point)[None, :]
        at_point = t * at_one + (1 - t) * at_zero
        level = at_point >= at_point.max(axis=0) - 1e-9 * scale
        level[leader] = False
        level[:, none] = True
        new_leader = np.argmax(np.where(level, direction * change, -np.inf), axis=0)
        result[f"tipping_{side}"] = point
        result[f"new_leader_{side}"] = pd.Series(alternatives[new_leader], index=result.index, dtype=object).where(
            ~none
        )
    result = result[["weight", "tipping_below", "new_leader_below", "tipping_above", "new_leader_above"]]
    result["leader"] = alternatives[leader]
    return result


def tipping_overview(tipping: pd.DataFrame) -> pd.DataFrame:
    """``tipping_points`` for reading: weights in percent (one decimal), blanks where the
    leader keeps first place. Returns a DataFrame indexed by criterion with ``weight_now_pct``,
    ``loses_lead_below_pct``, ``to_below``, ``loses_lead_above_pct``, ``to_above``."""
    return pd.DataFrame(
        {
            "weight_now_pct": (100 * tipping["weight"]).round(1),
            "loses_lead_below_pct": (100 * tipping["tipping_below"]).round(1),
            "to_below": tipping["new_leader_below"].fillna(""),
            "loses_lead_above_pct": (100 * tipping["tipping_above"]).round(1),
            "to_above": tipping["new_leader_above"].fillna(""),
        },
        index=tipping.index,
    )


def method_agreement(matrix: pd.DataFrame, weights, directions=None, normalize: str = "minmax") -> pd.DataFrame:
    """Compare the weighted-sum ranking with TOPSIS on the same matrix and weights.

    Takes the arguments of ``weighted_sum`` (TOPSIS uses vector normalization, its usual
    form). Returns a DataFrame indexed by alternative, in weighted-sum order, with
    ``weighted_sum_rank``, ``topsis_rank``, ``topsis_score`` and ``agree`` (same rank).
    Raises ``InputError`` on bad input.
    """
    return method_agreement_of(DecisionMatrix.of(matrix, weights, directions), normalize)


def method_agreement_of(problem: DecisionMatrix, normalize: str = "minmax") -> pd.DataFrame:
    """``method_agreement`` of a checked ``DecisionMatrix``."""
    by_sum = rank_weighted_sum(problem, normalize)
    by_topsis = rank_topsis(problem, "vector").reindex(by_sum.index)
    return pd.DataFrame(
        {
            "weighted_sum_rank": by_sum["rank"],
            "topsis_rank": by_topsis["rank"],
            "topsis_score": by_topsis["score"],
            "agree": by_sum["rank"] == by_topsis["rank"],
        }
    )


@dataclass(frozen=True)
class TippingPoint:
    """One weight at which the leader loses first place (a row side of ``tipping_points``).

    criterion   the criterion whose weight moves (the others keep their proportions)
    side        "above" (the leader loses first place when the weight grows to ``at``) or
                "below" (when it shrinks to ``at``)
    weight      the criterion's weight now (0..1)
    at          the weight at which another alternative draws level (0..1)
    new_leader  who leads past that point
    """

    criterion: str
    side: str
    weight: float
    at: float
    new_leader: str

    @property
    def distance(self) -> float:
        """How far the weight must move from now to reach the tipping point (0..1)."""
        return abs(self.at - self.weight)


def closest_tipping_points(
    tipping: pd.DataFrame, limit: int | None = None, one_per_criterion: bool = False
) -> list[TippingPoint]:
    """The tipping points of ``tipping_points``, closest to the weights now first.

    Equally close points keep the criteria's order, a point above before one below. With
    ``one_per_criterion`` a criterion gives only its closer point; ``limit`` keeps the first
    so many. Empty when no single weight change takes the lead away.

    >>> matrix = pd.DataFrame({"x": [5.0, 1.0], "y": [1.0, 5.0]}, index=["A", "B"])
    >>> closest_tipping_points(tipping_points(matrix, {"x": 0.6, "y": 0.4}, normalize="none"))[0]
    TippingPoint(criterion='x', side='below', weight=0.6, at=0.5, new_leader='B')
    """
    points = []
    for criterion, row in tipping.iterrows():
        for side in ("above", "below"):
            if not pd.isna(row[f"tipping_{side}"]):
                points.append(
                    TippingPoint(
                        criterion=str(criterion),
                        side=side,
                        weight=float(row["weight"]),
                        at=float(row[f"tipping_{side}"]),
                        new_leader=row[f"new_leader_{side}"],
                    )
                )
    points.sort(key=lambda point: point.distance)  # stable: ties keep the order above
    if one_per_criterion:
        seen: set[str] = set()
        points = [p for p in points if not (p.criterion in seen or seen.add(p.criterion))]
    return points[:limit]


def robustness_summary(probabilities: pd.DataFrame, tipping: pd.DataFrame) -> str:
    """The answer to "how sure are we?" in one or two plain sentences.

    Takes the results of ``rank_probabilities`` and ``tipping_points`` for the same matrix
    and weights. Returns text such as "A leads in 78 % of plausible weightings; it loses the
    lead if communication weighs more than 31 % (now 20 %)." naming the tipping point(s)
    closest to the current weights (``closest_tipping_points``), or saying that no single
    weight change moves the lead.
    """
    leader = tipping["leader"].iloc[0]
    share_first = float(probabilities.loc[leader, 1]) if 1 in probabilities.columns else 1.0
    text = f"{leader} leads in {percent(share_first)} of {drawn(probabilities)}"
    closest = closest_tipping_points(tipping, limit=2)
    if not closest:
        return text + "; no change of a single criterion's weight takes the lead away."
    phrases = [
        f"{point.criterion.replace('_', ' ')} weighs {'more' if point.side == 'above' else 'less'} "
        f"than {percent(point.at)} (now {percent(point.weight)})"
        for point in closest
    ]  # a sentence for readers: criteria without underscores
    return text + "; it loses the lead if " + " or if ".join(phrases) + "."
