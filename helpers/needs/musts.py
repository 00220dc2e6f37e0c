"""The knock-outs: every must need a vendor has not shown it meets (:func:`knockouts`), and
must_haves rows left behind when a must stops being one (:func:`must_haves_for_non_musts`)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.data import InputError, require_columns
from helpers.needs._cells import _as_bool, _text
from helpers.needs.table import _clean_needs


def _met_flags(must_haves: pd.DataFrame) -> pd.Series:
    return _as_bool(
        must_haves["met"], "must_haves", "met", lambda: _text(must_haves["vendor"]) + "/" + _text(must_haves["need_id"])
    )


def knockouts(
    needs: pd.DataFrame,
    must_haves: pd.DataFrame,
    vendors: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every unmet must-have, one row per vendor and must need: the pass/fail knock-outs.

    A must need is met only when ``must_haves`` has a row for that vendor and need with
    ``met`` true. A missing row counts as unmet, with evidence "no evidence given"; a row marked
    not met shows its evidence (or "marked not met; no evidence given"). Rows for needs that are
    no longer must (e.g. after editing priorities) are ignored.

    Takes the needs table, the must_haves table (vendor, need_id, met, evidence) and optionally
    ``vendors``, the names of every candidate vendor (e.g. ``project.vendors["vendor"]``): a
    vendor with no must_haves row at all is then knocked out on every must need. Without it,
    the vendors are those named in must_haves.
    Returns a DataFrame with columns ``vendor, need_id, need, evidence`` (vendor order as given,
    then need order). Raises InputError for a must_haves row naming an unknown need_id, a
    duplicate (vendor, need_id) pair, or a ``met`` value that is not yes/no.
    """
    table = _clean_needs(needs)
    require_columns(must_haves, "must_haves", ["vendor", "need_id", "met"])
    answers = pd.DataFrame(
        {
            "vendor": _text(must_haves["vendor"]),
            "need_id": _text(must_haves["need_id"]),
            "met": _met_flags(must_haves),
            "evidence": _text(must_haves["evidence"]) if "evidence" in must_haves.columns else "",
        }
    )
    unknown = ~answers["need_id"].isin(table["need_id"])
    if unknown.any():
        raise InputError(
            "must_haves.need_id: expected a need_id from the needs table, got "
            + ", ".join(sorted(set(answers["need_id"][unknown])))
            + "."
        )
    repeated = answers.duplicated(["vendor", "need_id"])
    if repeated.any():
        pairs = answers[repeated]
        raise InputError(
            "must_haves: each vendor and need may appear once; repeated: "
            + ", ".join(f"{v}/{n}" for v, n in zip(pairs["vendor"], pairs["need_id"]))
            + "."
        )
    names = [] if vendors is None else [str(v).strip() for v in vendors]
    order = pd.Index(names).append(pd.Index(answers["vendor"])).unique()
    musts = table[table["priority"] == "must"]
    columns = ["vendor", "need_id", "need", "evidence"]
    if len(order) == 0 or musts.empty:
        return pd.DataFrame({c: [] for c in columns}, dtype=object)
    grid = pd.MultiIndex.from_product([order, musts["need_id"]], names=["vendor", "need_id"])
    merged = grid.to_frame(index=False).merge(answers, on=["vendor", "need_id"], how="left")
    # The merge turns met into object with NaN where there is no row: only a True passes.
    answered = merged["met"].notna()
    unmet = merged[~(merged["met"] == True)]  # noqa: E712  (NaN and False both fail)
    answered = answered[unmet.index]
    evidence = unmet["evidence"].fillna("")
    evidence = evidence.where(answered, "no evidence given")
    evidence = evidence.where(evidence != "", "marked not met; no evidence given")
    result = pd.DataFrame(
        {
            "vendor": unmet["vendor"].to_numpy(dtype=object),
            "need_id": unmet["need_id"].to_numpy(dtype=object),
            "need": unmet["need_id"].map(dict(zip(musts["need_id"], musts["need"]))).to_numpy(dtype=object),
            "evidence": evidence.to_numpy(dtype=object),
        }
    )
    return result


def must_haves_for_non_musts(needs: pd.DataFrame, must_haves: pd.DataFrame) -> list[str]:
    """Need ids that have rows in ``must_haves`` but are not (or no longer) must needs.

    After an edit turns a must into a should or could, such rows make ``load_project`` reject
    the project (must_haves may only name must needs): the editor warns with this list.
    Returns the ids in the order they first appear in must_haves.
    """
    table = _clean_needs(needs)
    require_columns(must_haves, "must_haves", ["need_id"])
    musts = set(table["need_id"][table["priority"] == "must"])
    named = pd.unique(_text(must_haves["need_id"]))
    return [need_id for need_id in named if need_id not in musts]
