"""Score and rank outsourcing partners.

Two layers:

* Multi-criteria ranking on any numeric matrix (rows = alternatives, columns = criteria):
  ``weighted_sum`` and ``topsis``, with the normalizations of ``normalize_matrix``. The
  matrix, weights and directions are checked once into a ``DecisionMatrix``; the methods
  (``rank_weighted_sum``, ``rank_topsis``) and ``helpers.sensitivity`` take that value.
* The partner-selection workflow on a loaded project: ``consensus_scores`` (several
  evaluators -> one score per vendor and criterion, with a disagreement flag), ``yearly_cost``
  (every pricing model -> a yearly total cost of ownership with the hidden items named),
  knock-outs from unmet must-haves, open red flags, and ``rank_partners`` that joins them.

Nothing here reads files, draws or prints: every function takes and returns pandas objects.
Bad input raises ``helpers.data.InputError`` (a ``ValueError``) with a plain message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.data import InputError, require_columns
from helpers.evidence import SelectionEvidence, gather_evidence
from helpers.measured import measured_scores
from helpers.settings import Settings, project_settings
from helpers.words import count

NORMALIZATIONS = ("minmax", "max", "sum", "none")
TOPSIS_NORMALIZATIONS = ("vector", "minmax")
DIRECTIONS = ("benefit", "cost")

# Scores closer than this (relative to the largest score) count as a tie: two vendors that
# are equal on paper must not be split by floating-point rounding in the last digit.
TIE_RELATIVE_TOLERANCE = 1e-12


# --------------------------------------------------------------------------------------
# Input checks shared by weighted_sum, topsis and helpers.sensitivity
# --------------------------------------------------------------------------------------
def _names(values) -> str:
    values = list(values)
    shown = ", ".join(repr(v) for v in values[:12])
    return shown + (f", … ({len(values)} in all)" if len(values) > 12 else "")


def check_matrix(matrix) -> np.ndarray:
    """Check a decision matrix and return its values as a float array.

    See ``_checked_matrix`` (which also returns each column's lowest and highest value)."""
    return _checked_matrix(matrix)[0]


def _checked_matrix(matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check a decision matrix; return its values, column minima and column maxima.

    Takes a DataFrame with alternatives as rows and criteria as columns, all numeric.
    Raises ``InputError`` when it is not a DataFrame, is empty, has duplicate row or column
    names, holds text, or holds a missing or infinite value (named by row and column: a
    missing score must never count as zero).
    """
    if not isinstance(matrix, pd.DataFrame):
        raise InputError(
            f"matrix must be a pandas DataFrame (rows = alternatives, columns = criteria), got {type(matrix).__name__}"
        )
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise InputError(
            f"matrix must have at least one alternative (row) and one criterion (column), "
            f"got {matrix.shape[0]} rows and {matrix.shape[1]} columns"
        )
    for axis_name, labels in (("alternative (row)", matrix.index), ("criterion (column)", matrix.columns)):
        duplicated = [] if labels.is_unique else labels[labels.duplicated()].unique()
        if len(duplicated):
            raise InputError(f"each {axis_name} name must be unique; repeated: {_names(duplicated)}")
    not_numeric = [
        c
        for c, dtype in matrix.dtypes.items()
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
    ]
    if not_numeric:
        raise InputError(f"criteria must hold numbers; not numeric: {_names(not_numeric)}")
    values = matrix.to_numpy(dtype=float, na_value=np.nan)
    # Column minima and maxima are needed anyway; a NaN or an infinity shows up in them.
    low, high = values.min(axis=0), values.max(axis=0)
    if not (np.isfinite(low).all() and np.isfinite(high).all()):
        rows, cols = np.nonzero(~np.isfinite(values))
        cells = [f"{matrix.index[r]!r} / {matrix.columns[c]!r}" for r, c in zip(rows, cols)]
        raise InputError(
            "the matrix has missing or infinite values (a gap is never read as zero); "
            f"fill in or remove: {', '.join(cells[:10])}" + (" …" if len(cells) > 10 else "")
        )
    return values, low, high


def check_weights(weights, criteria) -> np.ndarray:
    """Check weights against the criteria and return them rescaled to sum to 1.

    Takes a mapping or Series criterion -> weight and the criteria (matrix columns) in order.
    Every criterion needs a weight (0 is allowed, to ignore one); weights must be finite,
    >= 0 and not all zero. Raises ``InputError`` naming an unknown or missing criterion or a
    bad weight.
    """
    if isinstance(weights, pd.Series):
        mapping = weights
    elif isinstance(weights, Mapping):
        mapping = pd.Series(dict(weights), dtype=object)
    else:
        raise InputError(f"weights must be a mapping or Series criterion -> weight, got {type(weights).__name__}")
    criteria = pd.Index(criteria)
    unknown = [c for c in mapping.index if c not in criteria]
    if unknown:
        raise InputError(
            f"weights name criteria that are not in the matrix: {_names(unknown)}; the criteria are {_names(criteria)}"
        )
    if mapping.index.duplicated().any():
        raise InputError(f"a criterion has two weights: {_names(mapping.index[mapping.index.duplicated()])}")
    missing = [c for c in criteria if c not in mapping.index]
    if missing:
        raise InputError(f"no weight given for {_names(missing)}: give every criterion a weight (0 to ignore it)")
    raw = mapping.reindex(criteria)
    numbers = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = [f"{c!r} = {v!r}" for c, v, x in zip(criteria, raw, numbers) if not np.isfinite(x) or x < 0]
    if bad:
        raise InputError(f"weights must be numbers >= 0; got {', '.join(bad)}")
    total = numbers.sum()
    if total <= 0:
        raise InputError("weights are all zero: at least one criterion needs a positive weight")
    return numbers / total


def check_directions(directions, criteria) -> np.ndarray:
    """Check directions and return a boolean array, True where lower is better ("cost").

    Takes ``None`` (every criterion is "benefit") or a mapping criterion -> "benefit" | "cost";
    criteria left out are "benefit". Raises ``InputError`` on an unknown criterion or value.
    """
    criteria = pd.Index(criteria)
    is_cost = np.zeros(len(criteria), dtype=bool)
    if directions is None:
        return is_cost
    if not isinstance(directions, Mapping | pd.Series):
        raise InputError(
            f"directions must be a mapping criterion -> 'benefit' or 'cost', got {type(directions).__name__}"
        )
    items = directions.items()
    for criterion, direction in items:
        if criterion not in criteria:
            raise InputError(
                f"directions name a criterion that is not in the matrix: {criterion!r}; "
                f"the criteria are {_names(criteria)}"
            )
        if direction not in DIRECTIONS:
            raise InputError(f"direction of {criterion!r} must be 'benefit' or 'cost', got {direction!r}")
        is_cost[criteria.get_loc(criterion)] = direction == "cost"
    return is_cost


@dataclass(frozen=True, eq=False)
class DecisionMatrix:
    """A decision problem checked once: alternatives x criteria, weights and directions.

    Build it with ``DecisionMatrix.of(matrix, weights, directions)`` (the checks of
    ``weighted_sum``: ``InputError`` on a gap, a bad or unknown weight or direction); then
    ``rank_weighted_sum``, ``rank_topsis`` and the functions of ``helpers.sensitivity``
    take it without checking again, as scikit-criteria's ``DecisionMatrix`` does.

    alternatives, criteria  the matrix's index and columns
    values                  float array alternatives x criteria (finite)
    low, high               each criterion's lowest and highest value
    weights                 float array, one per criterion, >= 0, sum 1
    is_cost                 bool array, True where lower is better

    >>> problem = DecisionMatrix.of(pd.DataFrame({"price": [100, 200], "quality": [3, 5]}, index=["A", "B"]),
    ...                             {"price": 1, "quality": 3}, {"price": "cost"})
    >>> problem.weights.tolist(), problem.is_cost.tolist()
    ([0.25, 0.75], [True, False])
    >>> rank_weighted_sum(problem)
       score  rank
    B   0.75     1
    A   0.25     2
    """

    alternatives: pd.Index
    criteria: pd.Index
    values: np.ndarray
    low: np.ndarray
    high: np.ndarray
    weights: np.ndarray
    is_cost: np.ndarray

    @classmethod
    def of(cls, matrix: pd.DataFrame, weights, directions=None) -> DecisionMatrix:
        """Check ``matrix``, ``weights`` and ``directions`` (see ``weighted_sum``) once."""
        values, low, high = _checked_matrix(matrix)
        weight = check_weights(weights, matrix.columns)
        is_cost = check_directions(directions, matrix.columns)
        return cls(matrix.index, matrix.columns, values, low, high, weight, is_cost)

    def normalized(self, normalize: str = "minmax") -> np.ndarray:
        """The values on a common "higher is better" scale (see ``normalize_matrix``)."""
        return _normalize_values(self.values, self.is_cost, normalize, self.criteria)

    def scores(self, normalize: str = "minmax") -> np.ndarray:
        """Each alternative's weighted sum of its normalized values."""
        return _weighted_scores(self.values, self.low, self.high, self.weights, self.is_cost, normalize, self.criteria)

    def frame(self) -> pd.DataFrame:
        """The values as a DataFrame, alternatives x criteria."""
        return pd.DataFrame(self.values, index=self.alternatives, columns=self.criteria)


# --------------------------------------------------------------------------------------
# Normalization and ranking
# --------------------------------------------------------------------------------------
def _normalize_values(values: np.ndarray, is_cost: np.ndarray, normalize: str, criteria) -> np.ndarray:
    """Normalize columns of a checked float array (see ``normalize_matrix``)."""
    if normalize not in NORMALIZATIONS:
        raise InputError(f"normalize must be one of {_names(NORMALIZATIONS)}, got {normalize!r}")
    low, high = values.min(axis=0), values.max(axis=0)
    constant = low == high
    if normalize == "none":
        if is_cost.any():
            raise InputError(
                "normalize='none' uses values as given, so it cannot turn a 'cost' criterion "
                f"around; use 'minmax', 'max' or 'sum' for {_names(pd.Index(criteria)[is_cost])}"
            )
        return values.copy()
    if normalize == "minmax":
        span = np.where(constant, 1.0, high - low)
        result = np.where(is_cost, high - values, values - low) / span
        # An all-equal criterion cannot separate anyone: every alternative gets the full 1
        # (as pymcdm does), which adds the same amount to every score and never a NaN.
        return np.where(constant, 1.0, result)
    # "max" and "sum" divide by the values, so they need a true zero: no negative numbers.
    negative = (values < 0).any(axis=0)
    zero_cost = is_cost & (values <= 0).any(axis=0) & ~constant
    if negative.any() or zero_cost.any():
        names = pd.Index(criteria)[negative | zero_cost]
        raise InputError(
            f"normalize={normalize!r} divides by the values, so it needs numbers >= 0 "
            f"(> 0 on a 'cost' criterion); {_names(names)} break that: use 'minmax'"
        )
    n_alternatives = values.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        if normalize == "max":
            benefit = values / high
            cost = low / values
            constant_value = 1.0
        else:  # "sum"
            benefit = values / values.sum(axis=0)
            inverse = 1.0 / values
            cost = inverse / inverse.sum(axis=0)
            constant_value = 1.0 / n_alternatives
    result = np.where(is_cost, cost, benefit)
    # Formulas give the constant value anyway, except 0/0 on an all-zero column.
    return np.where(constant, constant_value, result)


def normalize_matrix(matrix: pd.DataFrame, directions=None, normalize: str = "minmax") -> pd.DataFrame:
    """Put every criterion on a common "higher is better" scale.

    Takes the decision matrix (rows = alternatives, columns = criteria), directions (see
    ``weighted_sum``) and a normalization:
    "minmax" benefit (x-min)/(max-min), cost (max-x)/(max-min);
    "max" benefit x/max, cost min/x; "sum" benefit x/sum, cost (1/x)/sum(1/x);
    "none" values as given ("cost" is then an error).
    A criterion on which every alternative is equal gets the same value for everyone
    (1 for "minmax" and "max", 1/n for "sum"), never NaN.
    Returns a DataFrame shaped like ``matrix``. Raises ``InputError`` on bad input.
    """
    values = check_matrix(matrix)
    is_cost = check_directions(directions, matrix.columns)
    normalized = _normalize_values(values, is_cost, normalize, matrix.columns)
    return pd.DataFrame(normalized, index=matrix.index, columns=matrix.columns)


def _order_and_ranks(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions best first (ties in input order) and the rank of every position."""
    n = len(scores)
    order = np.argsort(-scores)  # not stable: ties are put in input order below
    ordered = scores[order]
    tolerance = TIE_RELATIVE_TOLERANCE * max(1.0, float(np.abs(scores).max(initial=0.0)))
    starts_group = np.ones(n, dtype=bool)
    starts_group[1:] = (ordered[:-1] - ordered[1:]) > tolerance
    group_start = np.maximum.accumulate(np.where(starts_group, np.arange(n), 0))
    ranks = np.empty(n, dtype=int)
    ranks[order] = group_start + 1
    if not starts_group.all():
        # Tied scores (within the tolerance: they may differ in the last bits) in input order.
        order = np.lexsort((np.arange(n), ranks))
    return order, ranks


def rank_descending(scores) -> np.ndarray:
    """Ranks for scores where higher is better: 1 = best, ties share the smaller rank.

    Takes a 1-D array-like of finite floats. Scores within a relative 1e-12 of each other
    are tied, so rounding noise never splits two equal alternatives. Returns an int array.
    """
    return _order_and_ranks(np.asarray(scores, dtype=float))[1]


def _ranking_frame(index: pd.Index, scores: np.ndarray) -> pd.DataFrame:
    order, ranks = _order_and_ranks(scores)
    return pd.DataFrame({"score": scores[order], "rank": ranks[order]}, index=index.take(order))


def _weighted_scores(
    values: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    weight: np.ndarray,
    is_cost: np.ndarray,
    normalize: str,
    criteria,
) -> np.ndarray:
    """``normalized @ weight`` without building the normalized matrix.

    Every normalization except a cost criterion under "max" or "sum" is a straight line per
    column, ``(x - reference) x slope``, so the weights fold into the slopes and one
    matrix-vector product does the work. The two curved cases (min/x and (1/x)/sum(1/x)) are
    normalized column by column as usual.
    """
    if normalize not in NORMALIZATIONS:
        raise InputError(f"normalize must be one of {_names(NORMALIZATIONS)}, got {normalize!r}")
    if normalize == "none" or (normalize in ("max", "sum") and (is_cost.any() or (values < 0).any())):
        # Curved columns, and the plain errors for bad values, as _normalize_values has them.
        return _normalize_values(values, is_cost, normalize, criteria) @ weight
    constant = low == high
    if normalize in ("max", "sum"):
        total = high if normalize == "max" else values.sum(axis=0)
        constant_value = 1.0 if normalize == "max" else 1.0 / values.shape[0]
        slope = np.where(constant, 0.0, weight / np.where(constant, 1.0, total))
        return values @ slope + constant_value * float(weight[constant].sum())
    span = np.where(constant, 1.0, high - low)
    reference = np.where(is_cost, high, low)
    slope = np.where(constant, 0.0, np.where(is_cost, -weight, weight) / span)
    # A constant criterion gives everyone the full 1 (see _normalize_values).
    offset = float(weight[constant].sum())
    # x @ slope - reference @ slope loses digits when values are large next to their spread
    # (1,000,000 to 1,000,001): then subtract the reference first, at the price of one pass.
    magnitude = np.maximum(np.abs(low), np.abs(high)) / span
    if magnitude.max(initial=0.0) > 1e3:
        return (values - reference) @ slope + offset
    return values @ slope - float(reference @ slope) + offset


def weighted_sum(matrix: pd.DataFrame, weights, directions=None, normalize: str = "minmax") -> pd.DataFrame:
    """Rank alternatives by the weighted sum of their normalized criterion values.

    Takes:
      matrix     DataFrame, rows = alternatives, columns = criteria, numbers (no gaps).
      weights    mapping or Series criterion -> weight >= 0, not all zero, one per column;
                 rescaled to sum to 1.
      directions mapping criterion -> "benefit" | "cost" (default all "benefit").
      normalize  "minmax" | "max" | "sum" | "none" (see ``normalize_matrix``).
    Returns a DataFrame indexed like ``matrix.index`` with ``score`` (float) and ``rank``
    (int, 1 = best, ties share the smaller rank), sorted by rank. The scores equal
    scikit-criteria's and pymcdm's weighted sum with the matching normalization.
    Raises ``InputError`` on a gap in the matrix, a bad or unknown weight or direction,
    or an unknown normalization.

    >>> matrix = pd.DataFrame({"quality": [4.0, 3.0, 5.0], "price": [120.0, 90.0, 150.0]},
    ...                       index=["A", "B", "C"])
    >>> weighted_sum(matrix, {"quality": 0.6, "price": 0.4}, {"price": "cost"})
       score  rank
    C    0.6     1
    A    0.5     2
    B    0.4     3
    """
    return rank_weighted_sum(DecisionMatrix.of(matrix, weights, directions), normalize)


def rank_weighted_sum(problem: DecisionMatrix, normalize: str = "minmax") -> pd.DataFrame:
    """``weighted_sum`` of a checked ``DecisionMatrix``: the same ranking frame."""
    return _ranking_frame(problem.alternatives, problem.scores(normalize))


def topsis(matrix: pd.DataFrame, weights, directions=None, normalize: str = "vector") -> pd.DataFrame:
    """Rank alternatives by TOPSIS: relative closeness to the ideal alternative.

    Takes the same ``matrix``, ``weights`` and ``directions`` as ``weighted_sum`` and
    ``normalize`` "vector" (x / sqrt(sum x^2)) or "minmax" ((x-min)/(max-min)). The ideal
    takes the best weighted value of every criterion (max for benefit, min for cost), the
    anti-ideal the worst; ``score`` = d_anti / (d_ideal + d_anti), 0..1 (Euclidean
    distances). An all-equal criterion adds no distance. When every alternative is alike
    (or there is only one) each sits on the ideal point and scores 1.
    Returns a DataFrame like ``weighted_sum``'s. Raises ``InputError`` on bad input.

    >>> matrix = pd.DataFrame({"quality": [4.0, 3.0, 5.0], "price": [120.0, 90.0, 150.0]},
    ...                       index=["A", "B", "C"])
    >>> topsis(matrix, {"quality": 0.6, "price": 0.4}, {"price": "cost"}).index.tolist()
    ['C', 'A', 'B']
    """
    return rank_topsis(DecisionMatrix.of(matrix, weights, directions), normalize)


def rank_topsis(problem: DecisionMatrix, normalize: str = "vector") -> pd.DataFrame:
    """``topsis`` of a checked ``DecisionMatrix``: the same ranking frame."""
    values, weight, is_cost = problem.values, problem.weights, problem.is_cost
    if normalize not in TOPSIS_NORMALIZATIONS:
        raise InputError(f"topsis normalize must be one of {_names(TOPSIS_NORMALIZATIONS)}, got {normalize!r}")
    if normalize == "vector":
        length = np.sqrt((values**2).sum(axis=0))
        normalized = values / np.where(length == 0, 1.0, length)
    else:
        low, high = problem.low, problem.high
        normalized = (values - low) / np.where(high == low, 1.0, high - low)
    weighted = normalized * weight
    best, worst = weighted.max(axis=0), weighted.min(axis=0)
    ideal = np.where(is_cost, worst, best)
    anti_ideal = np.where(is_cost, best, worst)
    to_ideal = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    to_anti = np.sqrt(((weighted - anti_ideal) ** 2).sum(axis=1))
    total = to_ideal + to_anti
    with np.errstate(divide="ignore", invalid="ignore"):
        closeness = np.where(total > 0, to_anti / total, 1.0)
    return _ranking_frame(problem.alternatives, closeness)


# --------------------------------------------------------------------------------------
# Partner selection on a project: consensus, yearly cost, knock-outs, red flags, ranking
# --------------------------------------------------------------------------------------
PRICING_MODELS = ("hourly", "per_ticket", "fixed_monthly")
SEVERITIES = ("high", "medium", "low")  # most severe first

# The yearly cost items, in the order a cost chart stacks them. "base" is what the pricing
# model charges for the planned volume; the rest are the hidden items the articles warn about.
COST_ITEMS = {
    "base": "base fee",
    "minimum_commitment": "minimum-volume top-up",
    "after_hours": "after-hours premium",
    "overtime": "overtime premium",
    "governance": "governance (own staff)",
    "transition": "transition / onboarding",
    "exit": "exit",
}
HIDDEN_COST_ITEMS = tuple(item for item in COST_ITEMS if item != "base")

_OPTIONAL_COST_COLUMNS = (
    "transition_cost",
    "after_hours_share_pct",
    "after_hours_premium_pct",
    "overtime_share_pct",
    "overtime_premium_pct",
    "governance_cost_month",
    "minimum_monthly_fee",
    "exit_cost",
)


def _cost_column(table: pd.DataFrame, names: pd.Series, column: str) -> tuple[pd.Series, list[str]]:
    """A cost column of the vendors table as numbers (NaN where blank, 0 where absent) and
    its problems: text that is not a number, a negative amount."""
    if column not in table.columns:
        return pd.Series(0.0, index=table.index), []
    values = pd.to_numeric(table[column], errors="coerce").astype(float)
    text_given = table[column].notna() & values.isna()
    problems = [
        f"vendors.{column}: {vendor}: expected a number, got {value!r}"
        for vendor, value in zip(names[text_given], table[column][text_given])
    ]
    negative = values < 0
    problems += [
        f"vendors.{column}: {vendor}: expected a number >= 0, got {value:g}"
        for vendor, value in zip(names[negative], values[negative])
    ]
    return values, problems


def _model_problems(table: pd.DataFrame, names: pd.Series, model: pd.Series) -> list[str]:
    """A pricing model that is not one of ``PRICING_MODELS``."""
    unknown = ~model.isin(PRICING_MODELS)
    return [
        f"vendors.pricing_model: {vendor}: expected one of {', '.join(PRICING_MODELS)}, got {value!r}"
        for vendor, value in zip(names[unknown], table["pricing_model"][unknown])
    ]


def _price_problems(
    table: pd.DataFrame, names: pd.Series, model: pd.Series, rate: pd.Series, volume: pd.Series, months: pd.Series
) -> list[str]:
    """What the price lacks: a rate, the volume an hourly or per-ticket price is charged on, a
    contract of whole months > 0."""
    problems = [f"vendors.rate: {vendor}: the rate is missing" for vendor in names[rate.isna()]]
    needs_volume = model.isin(["hourly", "per_ticket"]) & volume.isna()
    problems += [
        f"vendors.monthly_volume: {vendor}: a {kind} price needs the hours or tickets per month"
        for vendor, kind in zip(names[needs_volume], model[needs_volume])
    ]
    bad_months = months.isna() | (months <= 0) | (months != np.floor(months))
    problems += [
        f"vendors.contract_months: {vendor}: expected a whole number of months > 0, got {value!r}"
        for vendor, value in zip(names[bad_months], table["contract_months"][bad_months])
    ]
    return problems


def _monthly_base(model: pd.Series, rate: pd.Series, volume: pd.Series) -> np.ndarray:
    """What the pricing model charges a month: hourly and per_ticket ``rate x monthly_volume``,
    fixed_monthly ``rate``."""
    return np.where(model == "fixed_monthly", rate, rate * volume.fillna(0.0))


def _yearly_items(base_month: np.ndarray, months: pd.Series, optional: dict[str, pd.Series]) -> dict[str, np.ndarray]:
    """Every item of ``COST_ITEMS`` as a yearly amount (see ``yearly_cost``)."""
    spread = 12.0 / months  # share of a one-off cost that falls in one contract year

    def premium(kind: str):  # the share of the work done after hours or as overtime, paid with a premium
        return base_month * optional[f"{kind}_share_pct"] / 100 * optional[f"{kind}_premium_pct"] / 100 * 12.0

    return {
        "base": base_month * 12.0,
        "minimum_commitment": np.maximum(0.0, optional["minimum_monthly_fee"] - base_month) * 12.0,
        "after_hours": premium("after_hours"),
        "overtime": premium("overtime"),
        "governance": optional["governance_cost_month"] * 12.0,
        "transition": optional["transition_cost"] * spread,
        "exit": optional["exit_cost"] * spread,
    }


def yearly_cost(vendors: pd.DataFrame) -> pd.DataFrame:
    """Total cost of ownership per year of contract, with every hidden item named.

    Takes the vendors table (docs/data.md): ``vendor``, ``pricing_model``, ``rate``,
    ``currency``, ``monthly_volume``, ``contract_months`` and the optional cost columns
    (a blank or absent optional column counts as 0). Per month:

    * base: hourly and per_ticket charge ``rate x monthly_volume``; fixed_monthly ``rate``.
    * minimum_commitment: what the minimum monthly fee adds when the base falls short of it,
      ``max(0, minimum_monthly_fee - base)``.
    * after_hours / overtime: ``base x share % x premium %`` (the share of the work done
      after hours or as overtime, paid with that premium on top), for every pricing model.
    * governance: ``governance_cost_month``, the client's own management overhead.

    One-off items are spread over the contract: transition and exit add
    ``cost x 12 / contract_months`` a year. Every item is then a yearly amount.
    Returns a DataFrame indexed by ``vendor`` (table order) with ``pricing_model``,
    ``currency``, ``contract_months``, one column per item of ``COST_ITEMS``, ``hidden``
    (sum of the hidden items), ``total`` (per year) and ``contract_total`` (over the term).
    Raises ``InputError`` for a missing column, an unknown pricing model, a missing rate or
    volume, a negative amount or a contract that is not a whole number of months > 0.
    """
    require_columns(
        vendors,
        "vendors",
        ["vendor", "pricing_model", "rate", "currency", "monthly_volume", "contract_months"],
    )
    table = vendors.reset_index(drop=True)
    names = table["vendor"].astype(str)
    model = table["pricing_model"].astype(str).str.strip().str.lower()
    columns = {
        column: _cost_column(table, names, column)
        for column in ("rate", "monthly_volume", "contract_months", *_OPTIONAL_COST_COLUMNS)
    }
    rate, volume, months = (columns[c][0] for c in ("rate", "monthly_volume", "contract_months"))
    problems = [
        *_model_problems(table, names, model),
        *(p for c in ("rate", "monthly_volume", "contract_months") for p in columns[c][1]),
        *_price_problems(table, names, model, rate, volume, months),
        *(p for c in _OPTIONAL_COST_COLUMNS for p in columns[c][1]),
    ]
    if problems:
        raise InputError(problems)
    optional = {column: columns[column][0].fillna(0.0) for column in _OPTIONAL_COST_COLUMNS}
    result = pd.DataFrame(
        {
            "pricing_model": model.to_numpy(dtype=object),
            "currency": table["currency"].to_numpy(dtype=object),
            "contract_months": months.astype(int).to_numpy(),
            **_yearly_items(_monthly_base(model, rate, volume), months, optional),
        }
    )
    result["hidden"] = result[list(HIDDEN_COST_ITEMS)].sum(axis=1)
    result["total"] = result["base"] + result["hidden"]
    result["contract_total"] = result["total"] * result["contract_months"] / 12
    result.index = pd.Index(names, name="vendor")
    return result


def cost_scores(total: pd.Series, worst_at: float = 2.0) -> pd.Series:
    """Turn yearly costs into 1-5 scores: the cheapest scores 5, lower cost = higher score.

    Linear in money and anchored on the cheapest (the public-procurement "deviation from the
    lowest price" rule): ``score = 5 - 4 x (cost / cheapest - 1) / (worst_at - 1)``, kept
    within 1..5. With the default ``worst_at`` = 2, every 25 % above the cheapest costs one
    point and twice the cheapest (or more) scores 1. Unlike min-to-max scaling, a 1 % price
    gap stays a small score gap however close the quotes are. When the cheapest costs 0, it
    scores 5 and every other vendor 1.
    Takes a Series vendor -> yearly cost (>= 0, no gaps) and ``worst_at`` (> 1, a multiple
    of the cheapest cost). Returns a float Series like ``total``.
    Raises ``InputError`` on a missing or negative cost or a bad ``worst_at``.
    """
    if not isinstance(worst_at, int | float | np.number) or not worst_at > 1 or not np.isfinite(worst_at):
        raise InputError(
            f"worst_at must be a multiple of the cheapest cost above 1 (e.g. 2 = double), got {worst_at!r}"
        )
    values = pd.to_numeric(total, errors="coerce").astype(float)
    bad = values[values.isna() | (values < 0)]
    if len(bad):
        raise InputError(
            [f"yearly cost of {vendor}: expected a number >= 0, got {cost}" for vendor, cost in bad.items()]
        )
    cheapest = values.min()
    if cheapest == 0:
        return pd.Series(np.where(values == 0, 5.0, 1.0), index=values.index, name=total.name)
    return (5 - 4 * (values / cheapest - 1) / (worst_at - 1)).clip(1.0, 5.0)


def consensus_scores(scores: pd.DataFrame, disagreement: float = 2, method: str = "mean") -> pd.DataFrame:
    """One score per vendor and criterion from several evaluators, flagging disagreement.

    Takes the scores table (long: ``evaluator, vendor, criterion, score``), the spread
    (highest minus lowest score) from which evaluators count as disagreeing (default 2
    points: the team should talk before averaging), and ``method`` "mean" or "median".
    Returns a DataFrame, one row per vendor and criterion (first-seen order), with
    ``vendor, criterion, consensus, lowest, highest, spread, n_evaluators, disagree``.
    Raises ``InputError`` for a missing column, a score outside 1..5 or a bad argument.
    """
    require_columns(scores, "scores", ["evaluator", "vendor", "criterion", "score"])
    if method not in ("mean", "median"):
        raise InputError(f"method must be 'mean' or 'median', got {method!r}")
    if not isinstance(disagreement, int | float | np.number) or not disagreement > 0:
        raise InputError(f"disagreement must be a number of points > 0, got {disagreement!r}")
    values = pd.to_numeric(scores["score"], errors="coerce")
    bad = values.isna() | (values < 1) | (values > 5)
    if bad.any():
        shown = [
            f"{e} / {v} / {c}: {s!r}"
            for e, v, c, s in scores.loc[bad, ["evaluator", "vendor", "criterion", "score"]].itertuples(index=False)
        ]
        raise InputError([f"scores.score: expected 1 to 5, got {item}" for item in shown])
    table = pd.DataFrame(
        {
            "vendor": scores["vendor"].astype(object),
            "criterion": scores["criterion"].astype(object),
            "score": values.astype(float),
        }
    )
    grouped = table.groupby(["vendor", "criterion"], sort=False)["score"]
    result = grouped.agg(consensus=method, lowest="min", highest="max", n_evaluators="count").reset_index()
    result["spread"] = result["highest"] - result["lowest"]
    result["disagree"] = result["spread"] >= disagreement
    return result[["vendor", "criterion", "consensus", "lowest", "highest", "spread", "n_evaluators", "disagree"]]


def disagreements(scores: pd.DataFrame, consensus: pd.DataFrame) -> pd.DataFrame:
    """The vendor x criterion cells where evaluators disagree, with who said what.

    Takes the scores table and the result of ``consensus_scores``. Returns a DataFrame with
    ``vendor, criterion, spread, scores`` (e.g. "Aisha 5 · Tom 2") and ``comments``
    (the evaluators' comments, joined), widest spread first; empty when all agree.
    """
    flagged = consensus.loc[consensus["disagree"], ["vendor", "criterion", "spread"]]
    columns = ["vendor", "criterion", "spread", "scores", "comments"]
    if flagged.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    detail = scores.merge(flagged[["vendor", "criterion"]], on=["vendor", "criterion"])
    detail = detail.assign(
        said=detail["evaluator"].astype(str) + " " + detail["score"].astype(int).astype(str),
        note=(detail["evaluator"].astype(str) + ": " + detail["comment"].astype(str)).where(
            detail["comment"].notna() & (detail["comment"].astype(str).str.strip() != "")
        )
        if "comment" in detail.columns
        else np.nan,
    )
    grouped = detail.groupby(["vendor", "criterion"], sort=False)
    said = grouped["said"].agg(" · ".join)
    notes = grouped["note"].agg(lambda s: " | ".join(s.dropna()))
    result = flagged.set_index(["vendor", "criterion"]).assign(scores=said, comments=notes).reset_index()
    return result.sort_values("spread", ascending=False, kind="stable").reset_index(drop=True)[columns]


def open_red_flags(red_flags: pd.DataFrame, vendors=None) -> pd.DataFrame:
    """The red flags still open, most severe first.

    Takes the red_flags table (``vendor, flag, severity, status``, optional ``note``) and
    optionally the vendor names to keep. Returns ``vendor, flag, severity, note`` for flags
    whose status is not "resolved", ordered high, medium, low (then table order).
    Raises ``InputError`` for an unknown severity.
    """
    require_columns(red_flags, "red_flags", ["vendor", "flag", "severity"])
    table = red_flags.copy()
    table["severity"] = table["severity"].astype(str).str.strip().str.lower()
    unknown = ~table["severity"].isin(SEVERITIES)
    if unknown.any():
        raise InputError(
            [
                f"red_flags.severity: {v} / {f}: expected high, medium or low, got {s!r}"
                for v, f, s in table.loc[unknown, ["vendor", "flag", "severity"]].itertuples(index=False)
            ]
        )
    if "status" in table.columns:
        table = table[table["status"].astype(str).str.strip().str.lower() != "resolved"]
    if vendors is not None:
        table = table[table["vendor"].isin(list(vendors))]
    note = table["note"] if "note" in table.columns else pd.Series("", index=table.index)
    result = pd.DataFrame(
        {
            "vendor": table["vendor"].astype(object),
            "flag": table["flag"].astype(object),
            "severity": table["severity"].astype(object),
            "note": note.fillna("").astype(object),
        }
    )
    order = result["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    return result.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)


def _criteria_weights(project, weights_from: str) -> pd.Series:
    """Criterion weights (sum 1) by the rule of ``helpers.needs.criteria_weight_table``: the
    typed ones, or those the needs suggest when the settings say ``weights_from = needs``.

    The single place where scoring takes weights from ``helpers.needs``.
    """
    from helpers.needs import criteria_weights

    return criteria_weights(project.needs, project.criteria, weights_from)


def _knockouts(project, vendors) -> pd.DataFrame:
    """Unmet must-haves per vendor (``vendor, need_id, need, evidence``), from ``helpers.needs``.

    The single place where scoring decides who is out; a vendor with no evidence for a must
    need counts as not meeting it (the rule of ``helpers.needs.knockouts``).
    """
    from helpers.needs import knockouts

    return knockouts(project.needs, project.must_haves, vendors)


@dataclass
class PartnerRanking:
    """Everything ``rank_partners`` worked out, one table per question.

    ranking        vendors still in the race, best first: ``rank, score`` (weighted 1-5),
                   ``behind_leader``, ``yearly_cost``, ``currency``, ``red_flags`` (open flags as
                   text), ``worst_flag`` (high/medium/low or "") and ``evidence_flags`` (what the
                   responsiveness log and the reference checks warn about, as text, or "").
    contributions  vendor x criterion: weight x 1-5 score, in ranking order (rows sum to score).
    matrix         vendor x criterion: the 1-5 scores that were weighed (cost scored from TCO).
    weights        criterion -> weight, sum 1.
    consensus      ``consensus_scores`` for every vendor scored.
    disagreements  ``disagreements``: cells to talk about before averaging.
    excluded       knock-outs: ``vendor, need_id, need, evidence`` (one row per unmet must).
    costs          ``yearly_cost`` for every vendor, plus ``excluded`` and ``cost_score``.
    red_flags      ``open_red_flags`` for every vendor (excluded ones too).
    criteria       the criteria table as given (descriptions and the meaning of 1 and 5).
    warnings       plain sentences the reader must not miss (severe flags, knock-outs, ...).
    normalize      how ``matrix`` is weighed ("none": the 1-5 scores as they are).
    cost_worst_at  the cost rule used (see ``cost_scores``).
    settings       the project's ``helpers.settings.Settings`` with the values this ranking used.
    evidence       ``helpers.evidence.SelectionEvidence``: the measured responsiveness and the
                   reference checks beside the communication, references and industry scores
                   (shown beside the ranking; they change a score only through a measured
                   criterion).
    measured       ``helpers.measured.measured_scores``: each measured criterion's measurement
                   and score per vendor in the race (the evaluators' score where none).
    """

    ranking: pd.DataFrame
    contributions: pd.DataFrame
    matrix: pd.DataFrame
    weights: pd.Series
    consensus: pd.DataFrame
    disagreements: pd.DataFrame
    excluded: pd.DataFrame
    costs: pd.DataFrame
    red_flags: pd.DataFrame
    criteria: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    normalize: str = "none"
    cost_worst_at: float = 2.0
    evidence: SelectionEvidence | None = None
    settings: Settings | None = None
    measured: pd.DataFrame = field(default_factory=pd.DataFrame)

    def rank_probabilities(
        self, vendors=None, n: int = 10_000, seed: int = 0, concentration: float = 200
    ) -> pd.DataFrame:
        """How sure: the share of draws in which each of ``vendors`` (default: every vendor in
        the race) takes each rank among them. Each draw takes a plausible weighting (Dirichlet
        around the weights, spread ``concentration``) and, for a criterion scored from a pilot
        KPI, each piloted vendor's score from the KPI's sampling uncertainty
        (``helpers.sensitivity.rank_probabilities_uncertain_of``); without such a criterion the
        draws are the weightings alone."""
        from helpers.sensitivity import rank_probabilities_uncertain_of

        vendors = list(self.matrix.index) if vendors is None else list(vendors)
        problem = DecisionMatrix.of(self.matrix.loc[vendors], self.weights)
        spread = pd.DataFrame(0.0, index=problem.alternatives, columns=problem.criteria)
        centres = self.matrix.loc[vendors].copy()
        sampled = self._sampled[self._sampled["vendor"].isin(vendors)]
        for row in sampled.itertuples():
            spread.at[row.vendor, row.criterion] = row.sd
            centres.at[row.vendor, row.criterion] = row.unclipped
        return rank_probabilities_uncertain_of(
            problem, spread, n=n, concentration=concentration, seed=seed, unclipped=centres
        )

    @property
    def _sampled(self) -> pd.DataFrame:
        """The rows of ``measured`` whose score has a sampling error (a pilot KPI's)."""
        if self.measured.empty:
            return self.measured
        return self.measured[self.measured["sd"].fillna(0).gt(0)]

    @property
    def pilot_uncertainty(self) -> bool:
        """Whether a criterion is scored from a pilot KPI for a vendor in the race, so that
        "how sure" draws the pilot's sampling uncertainty too."""
        return not self._sampled.empty

    def decision_matrix(self) -> DecisionMatrix:
        """``matrix`` and ``weights`` as one checked ``DecisionMatrix`` (every criterion a
        benefit: the 1-5 scores are already turned so that 5 is best). Needs a vendor in the race."""
        return DecisionMatrix.of(self.matrix, self.weights)


def criteria_overview(result: PartnerRanking) -> pd.DataFrame:
    """The criteria as the evaluators use them: weight, direction and what a 1 and a 5 mean.

    Takes a ``PartnerRanking``. Returns a DataFrame indexed by criterion with ``weight_pct``
    (the weight used, in percent), ``source`` ("scores": rated by evaluators, "tco": from the
    yearly cost), ``description``, ``a_1_means`` and ``a_5_means``; for a cost criterion
    scored from the TCO the scale is filled in from the cost rule.
    """
    criteria = result.criteria.set_index("criterion")
    text = {
        column: criteria[column].astype(object).where(criteria[column].notna(), "")
        if column in criteria.columns
        else pd.Series("", index=criteria.index, dtype=object)
        for column in ("source", "description", "scale_1", "scale_5")
    }
    is_tco = text["source"].astype(str).str.lower() == "tco"
    worst = result.cost_worst_at
    cost_rule_1 = (
        f"costs {worst:g} times the cheapest or more (every {100 * (worst - 1) / 4:g} % above the "
        "cheapest costs a point)"
    )
    overview = pd.DataFrame(
        {
            "weight_pct": (100 * result.weights.reindex(criteria.index)).round(1),
            "source": text["source"],
            "description": text["description"],
            "a_1_means": text["scale_1"].where(~is_tco | (text["scale_1"] != ""), cost_rule_1),
            "a_5_means": text["scale_5"].where(~is_tco | (text["scale_5"] != ""), "the cheapest yearly cost"),
        }
    )
    overview.index.name = "criterion"
    return overview


def race_headline(result: PartnerRanking, must_haves: pd.DataFrame) -> str:
    """The finding when fewer than two vendors are left after the knock-outs, else "".

    Takes a ``PartnerRanking`` and the project's ``must_haves`` table. With nobody left it
    says that no vendor can be recommended and why: no evidence recorded at all (an empty
    ``must_haves``: a must-have without evidence counts as unmet), or the must-have missed
    by most vendors. With one vendor left it says there is nothing to rank it against.
    """
    left = list(result.ranking.index)
    if len(left) >= 2:
        return ""
    if len(left) == 1:
        return (
            f"{left[0]} is the only vendor that meets every must-have: there is no ranking to test "
            "and no runner-up to fall back on."
        )
    excluded = result.excluded
    vendors = excluded["vendor"].nunique()
    if must_haves is None or len(must_haves) == 0:
        return (
            f"No vendor can be recommended: no evidence is recorded that any of the {vendors} vendors "
            "meets the must-haves (the must_haves table is empty or missing), and a must-have without "
            "evidence counts as not met. Record the evidence in must_haves, or revisit the needs."
        )
    missed = excluded.groupby(["need_id", "need"], sort=False)["vendor"].nunique()
    top = missed[missed == missed.max()]
    names = " and ".join(f"{need_id} {need}" for need_id, need in top.index)
    return (
        f"No vendor can be recommended: none of the {vendors} vendors meets every must-have "
        f"(most missed: {names}, by {int(missed.max())} of {vendors}). "
        "Revisit the must-haves or the shortlist."
    )


def _flag_text(flags: pd.DataFrame) -> pd.Series:
    text = flags["severity"].str.upper() + ": " + flags["flag"].astype(str)
    return text.groupby(flags["vendor"], sort=False).agg("; ".join)


def contributions(matrix: pd.DataFrame, weights) -> pd.DataFrame:
    """Each criterion's share of each alternative's weighted-sum score (no normalization).

    Takes a matrix of scores (e.g. 1-5) and weights (rescaled to sum to 1). Returns a
    DataFrame alternative x criterion of weight x score, rows in ranking order, so each row
    sums to the alternative's ``weighted_sum(..., normalize="none")`` score.
    Raises ``InputError`` like ``weighted_sum``.
    """
    problem = DecisionMatrix.of(matrix, weights)
    return _contributions(problem, rank_weighted_sum(problem, normalize="none").index)


def _contributions(problem: DecisionMatrix, order: pd.Index) -> pd.DataFrame:
    """weight x value of a checked ``DecisionMatrix``, rows in ``order``."""
    return (problem.frame() * problem.weights).loc[order]


def _criteria_roles(criteria: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """The criteria's names, those scored from the yearly cost (``source`` "tco"), and the
    evaluator-scored ones with direction "cost" (turned round so that 5 is always best)."""
    names = list(criteria["criterion"])
    source = (
        criteria["source"].astype(str).str.lower()
        if "source" in criteria.columns
        else pd.Series("scores", index=criteria.index)
    )
    direction = (
        criteria["direction"].astype(str).str.lower()
        if "direction" in criteria.columns
        else pd.Series("benefit", index=criteria.index)
    )
    tco = [c for c, s in zip(names, source) if s == "tco"]
    turned = [c for c, s, d in zip(names, source, direction) if s != "tco" and d == "cost"]
    return names, tco, turned


def _one_currency(costs: pd.DataFrame, remaining: list[str]) -> None:
    """Costs compare only in one currency: raises ``InputError`` when the vendors still in the
    race are priced in several."""
    currencies = costs.loc[remaining, "currency"].dropna().unique()
    if len(currencies) > 1:
        raise InputError(
            f"vendors.currency: the remaining vendors are priced in {', '.join(map(str, currencies))}; "
            "convert every rate to one currency before comparing costs"
        )


def partner_matrix(
    consensus: pd.DataFrame,
    costs: pd.DataFrame,
    remaining: list[str],
    criteria: pd.DataFrame,
    cost_worst_at: float,
    measured: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The decision matrix of the vendors still in the race: the consensus 1-5 score of every
    evaluator-scored criterion (6 - score for a "cost" direction, so 5 is always best), the
    yearly cost scored 1-5 (``cost_scores``) for every "tco" criterion, and for a measured
    criterion the score of each vendor's measurement where there is one (``measured``:
    ``helpers.measured.measured_scores``; elsewhere the evaluators' score stands). Sets
    ``costs["cost_score"]`` for the remaining vendors. Raises ``InputError`` for a missing score
    (never read as 0) or several currencies."""
    names, tco, turned = _criteria_roles(criteria)
    wide = consensus.pivot(index="vendor", columns="criterion", values="consensus")
    matrix = pd.DataFrame(
        index=pd.Index(remaining, name="vendor"), columns=pd.Index(names, name="criterion"), dtype=float
    )
    scored = [c for c in names if c not in tco]
    matrix[scored] = wide.reindex(index=remaining, columns=scored).to_numpy(dtype=float)
    missing = [f"{v} / {c}" for c in scored for v in remaining if pd.isna(matrix.at[v, c])]
    if missing:
        raise InputError(
            [f"scores: no evaluator scored {item} (a missing score is never read as 0)" for item in missing]
        )
    matrix[turned] = 6 - matrix[turned]
    _one_currency(costs, remaining)
    costs["cost_score"] = np.nan
    if remaining:
        costs.loc[remaining, "cost_score"] = cost_scores(costs.loc[remaining, "total"], cost_worst_at).to_numpy()
    for c in tco:
        matrix[c] = costs.loc[remaining, "cost_score"].to_numpy(dtype=float)
    if measured is not None:
        for row in measured[measured["score"].notna() & measured["vendor"].isin(remaining)].itertuples():
            matrix.at[row.vendor, row.criterion] = row.score
    return matrix


def _no_flags() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ["vendor", "flag", "severity", "note"]})


def ranking_table(
    ranked: pd.DataFrame, costs: pd.DataFrame, flags: pd.DataFrame, evidence: SelectionEvidence
) -> pd.DataFrame:
    """The ranking as ``PartnerRanking.ranking`` shows it: ``weighted_sum``'s rank and score,
    how far behind the leader, the yearly cost, the open red flags (as text and the worst
    severity) and what the evidence warns about."""
    ranking = ranked.copy()
    ranking.index.name = "vendor"
    ranking["behind_leader"] = ranking["score"].max() - ranking["score"] if len(ranking) else []
    ranking["yearly_cost"] = costs["total"].reindex(ranking.index)
    ranking["currency"] = costs["currency"].reindex(ranking.index)
    ranking["red_flags"] = _flag_text(flags).reindex(ranking.index).fillna("")
    worst = flags.drop_duplicates("vendor").set_index("vendor")["severity"] if len(flags) else pd.Series(dtype=object)
    ranking["worst_flag"] = worst.reindex(ranking.index).fillna("")
    # The measured evidence sits beside the scores; it is shown, never folded into them.
    ranking["evidence_flags"] = evidence.flags.reindex(ranking.index).fillna("").astype(object)
    return ranking[
        ["rank", "score", "behind_leader", "yearly_cost", "currency", "red_flags", "worst_flag", "evidence_flags"]
    ]


def ranking_warnings(
    ranking: pd.DataFrame,
    excluded: pd.DataFrame,
    flags: pd.DataFrame,
    talk: pd.DataFrame,
    disagreement: float,
    evidence: SelectionEvidence,
) -> list[str]:
    """What the reader must not miss beside the ranking: nobody left to rank, each knock-out
    with its unmet must-haves, open high-severity red flags of vendors in the race, evaluator
    disagreements, and the evidence's own warnings."""
    warnings = [] if len(ranking) else ["Every vendor misses at least one must-have: nobody is left to rank."]
    for vendor, group in excluded.groupby("vendor", sort=False):
        warnings.append(
            f"{vendor} is OUT: misses {count(len(group), 'must-have')}: "
            + "; ".join(
                f"{n} {need} ({evidence})"
                for n, need, evidence in group[["need_id", "need", "evidence"]].itertuples(index=False)
            )
        )
    severe = flags[(flags["severity"] == "high") & flags["vendor"].isin(ranking.index)]
    for vendor, group in severe.groupby("vendor", sort=False):
        warnings.append(
            f"{vendor} (rank {int(ranking.at[vendor, 'rank'])}) has "
            f"{count(len(group), 'open HIGH-severity red flag')}: "
            + "; ".join(group["flag"].astype(str))
            + ". Resolve before deciding."
        )
    if len(talk):
        warnings.append(
            f"Evaluators disagree by {disagreement:g}+ points on {count(len(talk), 'score')}: "
            "talk them through before trusting the average."
        )
    return warnings + list(evidence.warnings)


def rank_partners(
    project,
    weights=None,
    disagreement: float | None = None,
    method: str | None = None,
    cost_worst_at: float | None = None,
    settings: Settings | None = None,
) -> PartnerRanking:
    """Rank the candidate partners of a project, showing who is out and why.

    Steps: the evaluators' 1-5 scores become one consensus score per vendor and criterion
    (``method`` "mean" or "median"; cells whose spread reaches ``disagreement`` points are
    flagged); vendors failing a must-have are excluded with the unmet need and its
    evidence (never dropped silently); the yearly total cost of ownership (``yearly_cost``)
    is scored 1-5 among the remaining vendors (``cost_scores`` with ``worst_at`` =
    ``cost_worst_at``: by default double the cheapest scores 1) for every criterion whose
    ``source`` is "tco"; a "scores" criterion with direction "cost" is turned around
    (6 - score) so that 5 is always best; the weighted sum of the 1-5 scores ranks them.
    Open red flags are listed beside each vendor, and severe ones become warnings; so does
    the measured evidence (``helpers.evidence.gather_evidence``: fewer than two checkable
    references, slow or silent replies during selection), without changing any score.

    Takes a project (``helpers.data.load_project``) and optionally ``weights`` (mapping
    criterion -> weight, e.g. from a what-if; default: ``helpers.needs.criteria_weights`` as the
    setting ``weights_from`` says). ``disagreement``, ``method`` and ``cost_worst_at`` default
    to the project's settings (``helpers.settings.project_settings``; ``settings`` replaces them
    as a whole), and an argument given here wins over both.
    Returns a ``PartnerRanking``. Raises ``InputError`` when a remaining vendor has no score
    on a criterion, vendors are priced in different currencies, or the tables are malformed.
    """
    settings = (settings or project_settings(project)).replace(
        **{
            name: value
            for name, value in (
                ("disagreement_points", disagreement),
                ("consensus", method),
                ("cost_worst_at", cost_worst_at),
            )
            if value is not None
        }
    )
    criteria = require_columns(project.criteria, "criteria", ["criterion", "weight"]).copy()
    criteria["criterion"] = criteria["criterion"].astype(str)
    names = list(criteria["criterion"])
    vendors = require_columns(project.vendors, "vendors", ["vendor"])
    vendor_names = list(vendors["vendor"].astype(str))
    weight = check_weights(_criteria_weights(project, settings.weights_from) if weights is None else weights, names)
    weight = pd.Series(weight, index=pd.Index(names, name="criterion"), name="weight")

    excluded = _knockouts(project, vendor_names).reset_index(drop=True)
    remaining = [v for v in vendor_names if v not in set(excluded["vendor"])]
    consensus = consensus_scores(project.scores, settings.disagreement_points, settings.consensus)
    talk = disagreements(project.scores, consensus)
    costs = yearly_cost(vendors)
    costs["excluded"] = costs.index.isin(list(excluded["vendor"]))
    flags = open_red_flags(project.red_flags, vendor_names) if len(project.red_flags) else _no_flags()
    evidence = gather_evidence(project, consensus, excluded=list(excluded["vendor"]))
    measured = measured_scores(project, criteria, consensus, remaining, settings, evidence)
    matrix = partner_matrix(consensus, costs, remaining, criteria, settings.cost_worst_at, measured)

    if remaining:
        problem = DecisionMatrix.of(matrix, weight)  # checked once for the ranking and its parts
        ranked = rank_weighted_sum(problem, normalize="none")
        parts = _contributions(problem, ranked.index)
    else:
        ranked = pd.DataFrame({"score": pd.Series(dtype=float), "rank": pd.Series(dtype=int)})
        parts = matrix.copy()
    ranking = ranking_table(ranked, costs, flags, evidence)
    return PartnerRanking(
        ranking=ranking,
        contributions=parts,
        matrix=matrix,
        weights=weight,
        consensus=consensus,
        disagreements=talk,
        excluded=excluded,
        costs=costs,
        red_flags=flags,
        criteria=criteria.reset_index(drop=True),
        warnings=ranking_warnings(ranking, excluded, flags, talk, settings.disagreement_points, evidence),
        cost_worst_at=settings.cost_worst_at,
        evidence=evidence,
        settings=settings,
        measured=measured,
    )


# --------------------------------------------------------------------------------------
# Value for money: what each vendor offers besides cost, against what it costs
# --------------------------------------------------------------------------------------
def dominators(benefit, cost) -> np.ndarray:
    """For each alternative, the one that dominates it (an index), or -1 when none does.

    Takes two 1-D arrays of finite floats, one value per alternative: ``benefit`` (higher is
    better) and ``cost`` (lower is better). ``j`` dominates ``i`` when it is at least as good on
    both and better on one; values within a relative 1e-12 of each other count as equal (as in
    ``rank_descending``), so two alternatives equal on both counts dominate neither. Of the
    alternatives that dominate ``i``, one on the frontier is given: the one with the highest
    benefit (then the lowest cost, then the first) among those no other dominates. The Pareto
    frontier is where the result is -1.

    >>> dominators([4.0, 3.0, 4.5, 3.0], [100, 120, 150, 100]).tolist()
    [-1, 0, -1, 0]
    """
    benefit, cost = np.asarray(benefit, dtype=float), np.asarray(cost, dtype=float)

    def compare(values):  # [j, i]: +1 where j's value is above i's, 0 where equal, -1 below
        scale = max(float(np.abs(values).max(initial=0.0)), 1e-300)
        difference = values[:, None] - values[None, :]
        return np.where(np.abs(difference) <= TIE_RELATIVE_TOLERANCE * scale, 0, np.sign(difference))

    more_benefit, more_cost = compare(benefit), compare(cost)
    beats = (more_benefit >= 0) & (more_cost <= 0) & ((more_benefit > 0) | (more_cost < 0))  # [j, i]
    dominated = beats.any(axis=0)
    result = np.full(len(benefit), -1)
    for i in np.flatnonzero(dominated):
        # on the frontier first: with values equal within the tolerance, the highest benefit
        # alone could name a vendor that a cheaper, equally good one beats
        candidates = np.flatnonzero(beats[:, i])
        order = np.lexsort((candidates, cost[candidates], -benefit[candidates], dominated[candidates]))
        result[i] = candidates[order[0]]
    return result


VALUE_COLUMNS = ["benefit", "yearly_cost", "currency", "on_frontier", "dominated_by", "in_race"]


def value_for_money(ranking: PartnerRanking) -> pd.DataFrame:
    """Each vendor's score without cost against its yearly cost, with the Pareto frontier.

    Takes a ``PartnerRanking``. ``benefit`` is the weighted 1-5 score over the criteria that are
    not scored from the yearly cost (``source`` other than "tco"), their weights rescaled to sum
    to 1 (NaN when none of them has weight); ``yearly_cost`` the yearly total cost of ownership
    (``costs["total"]``) in ``currency``. A vendor is ``on_frontier`` when no other vendor beats it
    (``dominators``: at least as good on both, better on one; equal on both beats neither);
    ``dominated_by`` names a vendor that beats it (one on the frontier), else None.
    Returns a DataFrame indexed by vendor with ``VALUE_COLUMNS``: the vendors in the race by
    yearly cost (cheapest first, then highest benefit), then the knocked-out ones
    (``in_race`` False, benefit NaN, never on the frontier).
    """
    in_race = list(ranking.matrix.index)  # the decision matrix's order (the ranking's is by score)
    out = [v for v in ranking.costs.index if v not in set(in_race)]
    costs = ranking.costs.reindex(in_race + out)
    benefit = np.full(len(in_race), np.nan)
    if in_race:
        problem = ranking.decision_matrix()
        _, tco, _ = _criteria_roles(ranking.criteria)
        keep = ~problem.criteria.isin(tco)
        weight = problem.weights[keep]
        if weight.sum() > 0:
            benefit = problem.values[:, keep] @ (weight / weight.sum())
    measured = not np.isnan(benefit).any()
    beaten = dominators(benefit, costs["total"].to_numpy(dtype=float)[: len(in_race)]) if measured else []
    beaten = np.concatenate([beaten, np.full(len(costs) - len(beaten), -1)]).astype(int)
    table = pd.DataFrame(
        {
            "benefit": np.concatenate([benefit, np.full(len(out), np.nan)]),
            "yearly_cost": costs["total"].to_numpy(dtype=float),
            "currency": costs["currency"].to_numpy(dtype=object),
            "on_frontier": (beaten < 0) & (np.arange(len(costs)) < len(in_race)) & measured,
            "in_race": np.arange(len(costs)) < len(in_race),
        },
        index=pd.Index(in_race + out, name="vendor"),
    )
    # object, not text: "no one" reads None, as the docstring says, not NaN
    table["dominated_by"] = pd.Series([in_race[b] if b >= 0 else None for b in beaten], index=table.index, dtype=object)
    race = table.iloc[: len(in_race)].sort_values(["yearly_cost", "benefit"], ascending=[True, False], kind="stable")
    return pd.concat([race, table.iloc[len(in_race) :]])[VALUE_COLUMNS]
