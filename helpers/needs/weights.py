"""The weights rule: what each should/could need weighs (:func:`need_weights`), the criteria
weights the needs suggest beside the typed ones (:func:`criteria_weight_table`), the ones the
scoring uses (:func:`criteria_weights`), and which was chosen, as a finding
(:class:`WeightChoice`) and in words (:func:`weights_sentence`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.data import InputError
from helpers.needs.table import _clean_criteria, _clean_needs
from helpers.schema import WEIGHTS_FROM

# Suggested points per need before any override: a should counts twice a could. Musts carry no
# weight at all: they are pass/fail knock-outs, not criteria to trade off.
SUGGESTED_POINTS = {"should": 2.0, "could": 1.0}


def need_weights(needs: pd.DataFrame) -> pd.DataFrame:
    """The weight of every should/could need, in percent of all weighted needs (sums to 100).

    Suggested weight: 2 points per should, 1 per could, turned into percent. The needs'
    ``weight`` column overrides it and is read as **percent**:

    - no override: the suggested percentages;
    - some overrides: those needs keep their percent, the others share what is left of 100 %
      in proportion to their suggested points;
    - every need overridden: the overrides are rescaled to sum to 100 % (lint_needs says so
      when they did not).

    Takes the needs table. Returns a DataFrame indexed by ``need_id`` with ``need, priority,
    criterion, suggested_pct, weight_pct, overridden`` (empty when there is no should/could
    need). Raises InputError for bad needs (see :func:`lint_needs`), and ValueError when the
    weights cannot be normalised: overrides above 100 % while other needs still need a share,
    or every need overridden with 0.
    """
    return _need_weights(_clean_needs(needs))


def _need_weights(table: pd.DataFrame) -> pd.DataFrame:
    """need_weights for a table that already went through _clean_needs."""
    weighted = table[table["priority"].isin(list(SUGGESTED_POINTS))]
    points = weighted["priority"].map(SUGGESTED_POINTS).astype(float)
    override = weighted["weight"]
    overridden = override.notna()
    suggested_pct = 100 * points / points.sum() if len(points) else points
    if not overridden.any():
        weight_pct = suggested_pct
    elif overridden.all():
        total = override.sum()
        if total <= 0:
            raise ValueError(
                "needs.weight: every should/could need has weight 0, so the weights cannot be "
                "normalised to 100 %; give at least one need a weight above 0 (or leave the "
                "weight column blank to use the suggested weights)."
            )
        weight_pct = 100 * override / total
    else:
        used = override[overridden].sum()
        if used > 100 + 1e-9:
            raise ValueError(
                f"needs.weight: the weight overrides add up to {used:g} %, more than 100 %, and "
                f"{int((~overridden).sum())} need(s) without an override still need a share; "
                "lower the overrides or give every should/could need a weight."
            )
        rest_points = points[~overridden]
        weight_pct = override.where(overridden, (100 - used) * rest_points / rest_points.sum())
    return pd.DataFrame(
        {
            "need": weighted["need"],
            "priority": weighted["priority"],
            "criterion": weighted["criterion"],
            "suggested_pct": suggested_pct.astype(float),
            "weight_pct": weight_pct.astype(float),
            "overridden": overridden.astype(bool),
        }
    ).set_axis(pd.Index(weighted["need_id"], name="need_id"))


def criteria_weight_table(needs: pd.DataFrame, criteria: pd.DataFrame, weights_from: str = "criteria") -> pd.DataFrame:
    """Both candidate weights of every criterion, side by side, and the one the scoring uses.

    The rule (docs/data.md, "Which weights are used"): the scoring uses the weights typed in the
    criteria table unless the project's settings say ``weights_from = needs``; the needs never
    replace typed weights silently. The weights the needs suggest (``suggested``): each
    should/could need feeds the criterion named in its ``criterion`` column with its weight in
    percent (:func:`need_weights`); the criteria that needs feed keep, **as a group**, the share
    the criteria table gives them together, split inside the group in proportion to the needs'
    weights; criteria no need feeds (typically the yearly cost) keep their typed share.

    Takes the needs and criteria tables and ``weights_from`` ("criteria" or "needs"). Returns a
    DataFrame indexed by criterion (criteria table order) with ``source``, ``typed`` (the
    criteria table's weight share, 0..1), ``need_pct`` (sum of the weights in percent of the
    should/could needs that feed it, NaN when none does), ``from_needs`` (those need ids,
    comma-separated), ``suggested`` (0..1, sums to 1) and ``weight`` (the one used, 0..1).
    Raises InputError when a need names a criterion that is not in the criteria table (or the
    tables are malformed), ValueError when the weights cannot be normalised (all end up 0).
    """
    if weights_from not in WEIGHTS_FROM:
        raise ValueError(f"weights_from: expected one of {', '.join(WEIGHTS_FROM)}, got {weights_from!r}")
    crit = _clean_criteria(criteria)
    weights = _need_weights(_clean_needs(needs))
    known = set(crit["criterion"])
    feeding = weights[weights["criterion"] != ""]
    unknown = feeding[~feeding["criterion"].isin(known)]
    if len(unknown):
        shown = ", ".join(f"{i}: {c!r}" for i, c in zip(unknown.index, unknown["criterion"]))
        raise InputError(f"needs.criterion: expected one of the criteria ({', '.join(sorted(known))}), got {shown}.")
    need_pct = feeding.groupby("criterion", sort=False)["weight_pct"].sum()
    ids = feeding.reset_index().groupby("criterion", sort=False)["need_id"].agg(", ".join)

    index = pd.Index(crit["criterion"], name="criterion")
    total_table = crit["weight"].sum()
    typed = (crit["weight"] / total_table if total_table > 0 else crit["weight"] * 0.0).set_axis(index)
    covered = index.isin(need_pct.index)
    pct = need_pct.reindex(index)
    from_needs = typed[covered].sum() * pct / pct[covered].sum() if pct[covered].sum() > 0 else pct * 0.0
    suggested = pd.Series(np.where(covered, from_needs.fillna(0.0), typed), index=index)
    used = suggested if weights_from == "needs" else typed
    if not used.sum() > 0:
        raise ValueError(
            "criteria weights cannot be normalised: every criterion ends up with weight 0 "
            "(the criteria table's weights are all 0 or the needs that feed criteria all have "
            "weight 0); give at least one criterion a weight above 0."
        )
    return pd.DataFrame(
        {
            "source": crit["source"].to_numpy(dtype=object),
            "typed": typed.to_numpy(dtype=float),
            "need_pct": pct.to_numpy(dtype=float),
            "from_needs": ids.reindex(index).fillna("").to_numpy(dtype=object),
            "suggested": (suggested / suggested.sum() if suggested.sum() > 0 else suggested).to_numpy(dtype=float),
            "weight": (used / used.sum()).to_numpy(dtype=float),
        },
        index=index,
    )


def criteria_weights(needs: pd.DataFrame, criteria: pd.DataFrame, weights_from: str = "criteria") -> pd.Series:
    """The criteria weights the scoring uses (sum 1.0): the typed ones, or with
    ``weights_from = "needs"`` those the should/could needs suggest.

    See :func:`criteria_weight_table` for the rule. Returns a float Series indexed by criterion
    (criteria table order), named ``weight``. Raises as :func:`criteria_weight_table`.
    """
    return criteria_weight_table(needs, criteria, weights_from)["weight"].rename("weight")


# Two weights closer than this (a twentieth of a percentage point) are the same weight.
SAME_WEIGHT = 0.0005


@dataclass(frozen=True)
class WeightChoice:
    """Which weights the scoring uses, and how far the other candidate is from them.

    used       "criteria" or "needs" (the setting ``weights_from``)
    fed        whether any should/could need feeds a criterion (else there is only one candidate)
    differing  criteria whose typed and suggested weights differ, largest difference first
    largest    (criterion, typed, suggested) of the largest difference, or None
    """

    used: str
    fed: bool
    differing: tuple[str, ...]
    largest: tuple[str, float, float] | None


def weight_choice(table: pd.DataFrame, weights_from: str) -> WeightChoice:
    """The finding behind :func:`weights_sentence`, from :func:`criteria_weight_table`."""
    gap = (table["typed"] - table["suggested"]).abs()
    differing = gap[gap > SAME_WEIGHT].round(9).sort_values(ascending=False, kind="stable")  # ties: table order
    largest = None
    if len(differing):
        name = differing.index[0]
        largest = (str(name), float(table.at[name, "typed"]), float(table.at[name, "suggested"]))
    return WeightChoice(
        weights_from, bool((table["from_needs"] != "").any()), tuple(str(c) for c in differing.index), largest
    )


def weights_sentence(choice: WeightChoice) -> str:
    """The weights rule as it applies to this project, in one or two sentences."""
    used = (
        "the weights typed in the criteria table"
        if choice.used == "criteria"
        else "the weights the should/could needs suggest"
    )
    text = f"The scoring uses {used} (setting weights_from = {choice.used})."
    if not choice.fed:
        return text + " No should/could need names a criterion, so there are no other weights to compare."
    if choice.largest is None:
        return text + " The criteria table and the needs give the same weights."
    name, typed, suggested = choice.largest
    other = "needs" if choice.used == "criteria" else "criteria"
    count = len(choice.differing)
    return (
        text + f" The two differ on {count} criteri{'on' if count == 1 else 'a'}, most on {name}: "
        f"{100 * typed:.1f} % typed, {100 * suggested:.1f} % from the needs. "
        f"Set weights_from = {other} in the settings table to use the other weights."
    )
