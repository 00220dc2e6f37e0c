"""Editing and saving the needs (the editor widget calls these): :func:`edit_needs`, what the
editor shows after a change (:func:`needs_overview`), the report's one sentence
(:func:`needs_headline`) and the writer :func:`save_needs`, the one function of the package
that touches a file: it writes a NEW file and refuses to overwrite anything."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data import InputError, require_columns
from helpers.needs._cells import _text
from helpers.needs.handover import checklist
from helpers.needs.lint import lint_needs
from helpers.needs.musts import knockouts
from helpers.needs.outsourcing import RECOMMENDATIONS
from helpers.needs.table import NEEDS_COLUMNS, PRIORITIES, _clean_needs
from helpers.needs.weights import _need_weights, criteria_weight_table, criteria_weights
from helpers.words import count


def edit_needs(
    needs: pd.DataFrame,
    priorities: Mapping[str, str] | None = None,
    weights: Mapping[str, float | str | None] | None = None,
) -> pd.DataFrame:
    """A copy of the needs table with new priorities and/or weight overrides.

    ``priorities`` maps need_id -> must/should/could; ``weights`` maps need_id -> weight in
    percent (a number, or text such as "25" as typed in the editor), or None / NaN / "" to
    drop the override and use the suggested weight. The input is never changed.
    Raises InputError for an unknown need_id, an unknown priority or a weight that is not a
    number >= 0.
    """
    require_columns(needs, "needs", ["need_id", "need", "priority"])
    edited = needs.copy()
    ids = _text(edited["need_id"])
    known = set(ids)
    for name, mapping in (("priorities", priorities), ("weights", weights)):
        unknown = sorted(set(mapping or {}) - known)
        if unknown:
            raise InputError(f"{name}: no need with id {', '.join(map(str, unknown))} in the needs table.")
    if priorities:
        new = {k: str(v).strip().lower() for k, v in priorities.items()}
        bad = {k: v for k, v in priorities.items() if new[k] not in PRIORITIES}
        if bad:
            raise InputError(
                "priorities: expected must, should or could, got "
                + ", ".join(f"{k}: {v!r}" for k, v in bad.items())
                + "."
            )
        edited["priority"] = ids.map(new).fillna(edited["priority"].astype(object)).to_numpy()
    if weights:
        if "weight" not in edited.columns:
            edited["weight"] = np.nan
        current = pd.to_numeric(edited["weight"], errors="coerce").to_numpy(dtype=float, copy=True)
        for need_id, value in weights.items():
            blank = value is None or (isinstance(value, str) and value.strip() == "")
            if blank or (isinstance(value, float) and np.isnan(value)):
                current[(ids == need_id).to_numpy()] = np.nan
                continue
            try:
                number = float(str(value).strip().rstrip("%").replace(",", "."))
            except ValueError:
                number = float("nan")
            if not number >= 0 or not np.isfinite(number):
                raise InputError(f"weights: expected a number >= 0 (percent) or blank for {need_id}, got {value!r}.")
            current[(ids == need_id).to_numpy()] = number
        edited["weight"] = current
    return edited


def needs_overview(
    needs: pd.DataFrame,
    criteria: pd.DataFrame,
    must_haves: pd.DataFrame | None = None,
    vendors: Iterable[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Everything the editor shows after a change, computed by the functions above.

    Returns a dict of DataFrames: ``"knock_out_tests"`` (the must needs from :func:`checklist`),
    ``"need_weights"`` (the should/could needs from :func:`checklist`), ``"criteria_weights"``
    (:func:`criteria_weight_table`), ``"knockouts"`` (:func:`knockouts`; empty without
    must_haves) and ``"findings"`` (:func:`lint_needs`).
    Raises what those functions raise (InputError / ValueError with a plain message).
    """
    findings = lint_needs(needs, criteria)
    table = checklist(needs)
    must = table["priority"] == "must"
    if must_haves is None:
        failed = pd.DataFrame({c: [] for c in ["vendor", "need_id", "need", "evidence"]}, dtype=object)
    else:
        failed = knockouts(needs, must_haves, vendors)
    return {
        "knock_out_tests": table.loc[must, ["need_id", "need", "kpi", "target", "measured_by"]].reset_index(drop=True),
        "need_weights": table.loc[~must, ["need_id", "need", "priority", "weight_pct", "criterion"]].reset_index(
            drop=True
        ),
        "criteria_weights": criteria_weight_table(needs, criteria),
        "knockouts": failed,
        "findings": findings,
    }


def needs_headline(
    recommendation: pd.DataFrame,
    needs: pd.DataFrame,
    criteria: pd.DataFrame,
    weights_from: str = "criteria",
) -> str:
    """One sentence for the report's index: what to outsource and what the checklist holds.

    Takes the result of :func:`outsourcing_recommendation`, the needs and criteria tables and
    the weights setting; raises what :func:`criteria_weights` raises.
    """
    parts = []
    if len(recommendation):
        strong = recommendation.loc[recommendation["recommendation"] == RECOMMENDATIONS[2], "function"]
        pilot = recommendation["recommendation"] == RECOMMENDATIONS[1]
        n = len(recommendation)
        if len(strong):
            parts.append(
                f"{len(strong)} of {n} functions are strong candidates to outsource ({', '.join(map(str, strong))})"
            )
        else:
            parts.append(f"no strong candidate among {n} functions")
        if pilot.any():
            parts.append(f"{int(pilot.sum())} could start with a small pilot")
    table = _clean_needs(needs)
    n_must = int((table["priority"] == "must").sum())
    parts.append(
        f"the checklist has {count(n_must, 'must-have')} as knock-outs and "
        f"{count(len(table) - n_must, 'weighted need')}"
    )
    weights = criteria_weights(table, criteria, weights_from)
    parts.append(f"{weights.idxmax()} weighs most ({100 * weights.max():.0f} %)")
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def needs_for_saving(needs: pd.DataFrame) -> pd.DataFrame:
    """The needs table checked and laid out as the file is written: columns in the order of
    docs/data.md (missing optional columns blank), any extra columns after them.
    Raises InputError like :func:`need_weights` would (bad priority, duplicate id, ...)."""
    table = _clean_needs(needs)
    _need_weights(table)  # weights that cannot be normalised are not worth saving
    extras = [c for c in needs.columns if c not in NEEDS_COLUMNS]
    out = table[NEEDS_COLUMNS + extras].copy()
    for column in ("target", "weight", "min_important_difference"):
        out[column] = out[column].map(lambda v: "" if pd.isna(v) else f"{v:.15g}")
    return out


def save_needs(needs: pd.DataFrame, path: str | Path) -> Path:
    """Write the needs table to a NEW CSV file at ``path`` (UTF-8, comma-separated, columns in
    the order of docs/data.md) and return the path. Copied into a project folder as
    ``needs.csv`` it loads with ``helpers.data.load_project``.

    Refuses to overwrite: raises FileExistsError when ``path`` exists (the workbook never
    changes an input); raises InputError when the path does not end in .csv, its folder does
    not exist, or the needs table is not valid.

    >>> import tempfile
    >>> from helpers.data import load_project
    >>> from helpers.report import WORKED_EXAMPLE
    >>> needs = load_project(WORKED_EXAMPLE).needs
    >>> path = save_needs(needs, Path(tempfile.mkdtemp()) / "needs_v2.csv")
    >>> len(pd.read_csv(path)) == len(needs)
    True
    >>> try:
    ...     save_needs(needs, path)  # the same path again: refused, the file is kept
    ... except FileExistsError as refused:
    ...     print("already exists" in str(refused))
    True
    """
    target = Path(path).expanduser()
    if target.suffix.lower() != ".csv":
        raise InputError(f"save_needs: expected a file name ending in .csv, got {str(path)!r}.")
    if not target.parent.is_dir():
        raise InputError(
            f"save_needs: the folder {str(target.parent)!r} does not exist; create it first or choose another path."
        )
    if target.exists():
        raise FileExistsError(
            f"{str(target)!r} already exists; the workbook never overwrites a file. Choose a new file name."
        )
    text = needs_for_saving(needs).to_csv(index=False, lineterminator="\n")
    # "x" mode creates the file and fails if it appeared since the check above.
    with open(target, "x", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return target
