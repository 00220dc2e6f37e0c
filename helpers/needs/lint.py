"""Lint: the checklist's problems in plain words (:func:`lint_needs`), one small rule each
(``_lint_*``), read from the raw table so that a table the other rules reject is still
described."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from helpers.data import InputError, require_columns
from helpers.needs._cells import _is_blank, _text
from helpers.needs.handover import PILOT_KPI_UNITS, RATE_KPIS, _min_important_conflict
from helpers.needs.overlap import OVERLAP_CHECK, min_overlap_minutes
from helpers.needs.table import NEEDS_COLUMNS, PRIORITIES, _clean_needs
from helpers.needs.weights import SUGGESTED_POINTS, _need_weights, criteria_weights

LINT_LEVELS = (
    "error",
    "warning",
    "info",
)  # how serious a lint finding is, most first (not scoring.SEVERITIES of red flags)


class Finding(NamedTuple):
    """One finding of :func:`lint_needs`: its severity, the need(s) it is about ("" for the
    whole checklist, several ids joined with ", ") and what to do, in plain words."""

    severity: str
    need_id: str
    message: str


@dataclass
class _Checklist:
    """The needs table as lint reads it: every column present, text stripped, and the table as
    the rest of the workbook cleans it (``clean``, None when it cannot be cleaned)."""

    raw: pd.DataFrame
    clean: pd.DataFrame | None
    criteria: pd.DataFrame | None

    @classmethod
    def read(cls, needs: pd.DataFrame, criteria: pd.DataFrame | None) -> _Checklist:
        raw = needs.copy()
        for column in NEEDS_COLUMNS:
            if column not in raw.columns:
                raw[column] = np.nan
        try:
            clean = _clean_needs(needs)
        except InputError:
            clean = None
        return cls(raw, clean, criteria)

    def text(self, column: str) -> pd.Series:
        return _text(self.raw[column])

    def number(self, column: str) -> pd.Series:
        """The column as numbers: NaN for blanks and for text that is not a number."""
        values = self.raw[column]
        return pd.to_numeric(values.where(~_is_blank(values)), errors="coerce")

    def not_a_number(self, column: str) -> pd.Series:
        return self.number(column).isna() & ~_is_blank(self.raw[column])

    @property
    def ids(self) -> pd.Series:
        return self.text("need_id")

    @property
    def priority(self) -> pd.Series:
        return self.text("priority").str.lower()

    @property
    def criterion_names(self) -> set[str]:
        """The criteria table's names (empty without a usable criteria table)."""
        if self.criteria is None or "criterion" not in getattr(self.criteria, "columns", []):
            return set()
        return set(_text(self.criteria["criterion"]))


def _lint_identity(needs: _Checklist) -> list[Finding]:
    """Duplicate or missing need ids and unknown priorities: everything that looks needs up by
    id or sorts them by priority breaks on these."""
    ids, priority = needs.ids, needs.priority
    found = [
        Finding("error", need_id or "", f"need id {need_id!r} is used more than once; give each need its own id.")
        for need_id in ids[ids.duplicated()].unique()
    ]
    if (ids == "").any():
        found.append(Finding("error", "", f"{int((ids == '').sum())} need(s) have no need_id; give each one."))
    unknown = ~priority.isin(PRIORITIES)
    for need_id, value, word in zip(ids[unknown], needs.raw["priority"][unknown], priority[unknown]):
        found.append(
            Finding(
                "error",
                need_id,
                "has no priority; expected must, should or could."
                if word == ""
                else f"priority {value!r} is not one of must, should or could.",
            )
        )
    return found


def _lint_repeats(needs: _Checklist) -> list[Finding]:
    """Needs that say the same thing (the wish counts twice), needs without a description, and
    needs sharing a KPI (one need written twice, or contradicting targets)."""
    ids, found = needs.ids, []
    text = needs.text("need").str.lower().str.replace(r"\s+", " ", regex=True)
    for need_text in text[text.duplicated() & (text != "")].unique():
        same = ", ".join(ids[text == need_text])
        found.append(
            Finding("warning", same, f"needs {same} say the same thing; keep one, or the same wish counts twice.")
        )
    for need_id in ids[text == ""]:
        found.append(Finding("warning", need_id, "the need has no description; say in a sentence what you need."))
    kpi_key = needs.text("kpi").str.lower()
    for key in kpi_key[kpi_key.duplicated() & (kpi_key != "")].unique():
        same = ", ".join(ids[kpi_key == key])
        found.append(
            Finding(
                "warning",
                same,
                f"needs {same} share the KPI {key!r}; check that they are not one "
                "need written twice, or that their targets do not contradict each other.",
            )
        )
    return found


def _lint_measurability(needs: _Checklist) -> list[Finding]:
    """Every need must be checkable, or a partner cannot be held to it: a KPI (a must without
    one is an error), a target that is a number, a way to measure it, a target type."""
    ids, priority, kpi = needs.ids, needs.priority, needs.text("kpi")
    target, bad_target = needs.number("target"), needs.not_a_number("target")
    measured_by, target_type = needs.text("measured_by"), needs.text("target_type").str.lower()
    found = []
    for i in needs.raw.index:
        need_id = ids[i]
        if kpi[i] == "":
            found.append(
                Finding(
                    "warning" if priority[i] != "must" else "error",
                    need_id,
                    "has no KPI: nobody can check whether it is met. Name a measurable KPI "
                    "(e.g. first-contact resolution rate).",
                )
            )
        elif bad_target[i]:
            found.append(Finding("error", need_id, f"target {needs.raw['target'][i]!r} is not a number."))
        elif pd.isna(target[i]):
            found.append(Finding("warning", need_id, f"KPI {kpi[i]!r} has no target: say what value counts as met."))
        if kpi[i] != "" and measured_by[i] == "":
            found.append(
                Finding(
                    "warning",
                    need_id,
                    "does not say how it is measured (measured_by): agree the "
                    "source (ticket system, survey, audit) before the pilot.",
                )
            )
        if pd.notna(target[i]) and target_type[i] not in ("min", "max"):
            found.append(
                Finding(
                    "info",
                    need_id,
                    "target_type is not min or max: say whether the target is a floor (min) or a ceiling (max).",
                )
            )
    return found


def _lint_weight_cells(needs: _Checklist) -> list[Finding]:
    """A weight that is not a number >= 0, and a weight on a must (ignored: musts are pass/fail)."""
    ids, weight = needs.ids, needs.number("weight")
    bad = needs.not_a_number("weight") | (weight < 0)
    found = [
        Finding("error", need_id, f"weight {value!r} is not a number >= 0.")
        for need_id, value in zip(ids[bad], needs.raw["weight"][bad])
    ]
    found += [
        Finding(
            "warning",
            need_id,
            "is a must-have with a weight: musts are pass/fail knock-outs, so the weight is ignored.",
        )
        for need_id in ids[(needs.priority == "must") & weight.notna()]
    ]
    return found


def _lint_must_count(needs: _Checklist, max_musts: int, max_must_share: float) -> list[Finding]:
    """How many musts are credible: every must knocks vendors out before any scoring."""
    must = needs.priority == "must"
    n_must, n_needs = int(must.sum()), len(needs.raw)
    if n_must == 0:
        return [Finding("info", "", "no must-haves: no vendor will be knocked out before scoring.")]
    if n_must > max_musts or n_must > max_must_share * n_needs:
        return [
            Finding(
                "warning",
                "",
                f"{n_must} of {n_needs} needs are must-haves. Each one knocks out "
                "every vendor that fails it, so few vendors will pass; keep must for what truly "
                "disqualifies and make the rest should or could.",
            )
        ]
    return [
        Finding(
            "info",
            ", ".join(needs.ids[must]),
            f"notebook 02 will knock out every vendor that fails one of these {n_must} must-haves, before any scoring.",
        )
    ]


def _lint_criteria(needs: _Checklist) -> list[Finding]:
    """A should/could need must feed a criterion, and one the criteria table has (when given)."""
    ids, criterion = needs.ids, needs.text("criterion")
    weighted = needs.priority.isin(list(SUGGESTED_POINTS))
    found = [
        Finding(
            "warning",
            need_id,
            "is a should/could need without a criterion: it will not count "
            "in the partner scoring. Name the criterion it feeds.",
        )
        for need_id in ids[weighted & (criterion == "")]
    ]
    known = needs.criterion_names
    if known:
        named = weighted & (criterion != "")
        found += [
            Finding("error", need_id, f"criterion {name!r} is not in the criteria table ({', '.join(sorted(known))}).")
            for need_id, name in zip(ids[named], criterion[named])
            if name not in known
        ]
    return found


def _lint_weight_sums(needs: _Checklist) -> list[Finding]:
    """Whether the should/could weights can be normalised, and what happens to overrides; only
    meaningful when the table itself is clean."""
    if needs.clean is None:
        return []
    found = []
    try:
        weights = _need_weights(needs.clean)
    except ValueError as problem:
        found.append(Finding("error", "", str(problem)))
    else:
        given = weights["overridden"]
        if len(weights) and given.all():
            total = needs.clean.set_index("need_id").loc[weights.index, "weight"].sum()
            if abs(total - 100) > 0.05:
                found.append(
                    Finding(
                        "warning",
                        "",
                        f"the should/could weights add up to {total:g} %, not 100 %; they were rescaled to 100 %.",
                    )
                )
        elif given.any():
            found.append(
                Finding(
                    "info",
                    "",
                    f"{int(given.sum())} need weight(s) overridden; the other "
                    "should/could needs share the remaining percent by priority.",
                )
            )
    if needs.criterion_names:
        try:
            criteria_weights(needs.clean, needs.criteria, weights_from="needs")
        except InputError:
            pass  # a criterion the table lacks: _lint_criteria names it
        except ValueError as problem:
            found.append(Finding("error", "", str(problem)))
    return found


def _lint_overlap(needs: _Checklist) -> list[Finding]:
    """The minimum time-zone overlap notebook 04 will use, or that no need sets one."""
    rows = needs.text("checks").str.lower() == OVERLAP_CHECK
    if not rows.any():
        return [
            Finding(
                "info",
                "",
                f"no need sets a minimum time-zone overlap (column checks = {OVERLAP_CHECK}); "
                "notebook 04 checks vendors against the largest live_overlap_hours of the functions, "
                "if any, otherwise against no minimum.",
            )
        ]
    if needs.clean is None:
        return []
    which = ", ".join(needs.ids[rows])
    try:
        minutes = min_overlap_minutes(needs.clean)
    except InputError as problem:
        return [Finding("error", which, str(problem))]
    return [
        Finding(
            "info",
            which,
            f"notebook 04 will check every vendor "
            f"against a minimum overlap of {minutes / 60:g} h ({minutes} min) per working day.",
        )
    ]


def _lint_pilot_kpi(need_id: str, given: str, name: str, mid: float) -> list[Finding]:
    """One need's pilot KPI and its minimum important difference (``mid``, NaN when blank)."""
    if name not in PILOT_KPI_UNITS:
        return [Finding("error", need_id, f"pilot_kpi {given!r} is not one of {', '.join(PILOT_KPI_UNITS)}.")]
    if pd.isna(mid):
        return [
            Finding(
                "warning",
                need_id,
                f"pilot KPI {name} has no minimum important difference; "
                "notebook 03 will use its default. Decide it now, before the pilot.",
            )
        ]
    if mid < 0:
        return [Finding("error", need_id, f"minimum important difference {mid:g} is negative.")]
    if name in RATE_KPIS and mid > 100:
        return [Finding("error", need_id, f"minimum important difference {mid:g} percentage points is more than 100.")]
    found = []
    if name in RATE_KPIS and 0 < mid < 0.5:
        found.append(
            Finding(
                "warning",
                need_id,
                f"minimum important difference {mid:g} is read as "
                f"percentage points ({mid:g} pp); if you meant {mid * 100:g} pp, write {mid * 100:g}.",
            )
        )
    found.append(
        Finding(
            "info",
            need_id,
            f"notebook 03 will call a pilot difference in {name} important from {mid:g} {PILOT_KPI_UNITS[name]}.",
        )
    )
    return found


def _lint_pilot_kpis(needs: _Checklist) -> list[Finding]:
    """Each need's pilot KPI (:func:`_lint_pilot_kpi`), then two needs giving one pilot KPI
    different minimum important differences."""
    pilot_kpi = needs.text("pilot_kpi").str.lower()
    mid = needs.number("min_important_difference")
    found = []
    for i in needs.raw.index[pilot_kpi != ""]:
        found += _lint_pilot_kpi(needs.ids[i], needs.raw["pilot_kpi"][i], pilot_kpi[i], mid[i])
    conflict = None if needs.clean is None else _min_important_conflict(needs.clean)
    if conflict is not None:
        found.append(Finding("error", "", str(InputError(conflict.message()))))  # worded as the error notebook 03 meets
    return found


def lint_needs(
    needs: pd.DataFrame,
    criteria: pd.DataFrame | None = None,
    *,
    max_musts: int = 5,
    max_must_share: float = 0.5,
) -> pd.DataFrame:
    """Check the needs checklist and say what is wrong or worth knowing, in plain words.

    Never raises for problems in the content of the needs: each becomes a finding. Checks, each
    a rule of its own (``_lint_*``): unknown priority; duplicate need ids, duplicate needs
    (same text) and several needs on one KPI; a need without a KPI, a target or a way to
    measure it; a weight on a must (ignored); weights that do not sum to 100 % or cannot be
    normalised; more must-haves than credible (more than ``max_musts`` or more than
    ``max_must_share`` of all needs); should/could needs without a criterion, or naming one the
    criteria table lacks; the minimum time-zone overlap and the pilot KPI targets that
    notebooks 03 and 04 will use (and problems with them).

    Takes the needs table and optionally the criteria table. Returns a DataFrame with columns
    ``severity`` ("error": later steps would fail or be wrong; "warning": worth fixing;
    "info": what later notebooks take from here), ``need_id`` ("" for the whole checklist)
    and ``message``, sorted by severity. Raises InputError only when needs is not a table
    or lacks the need_id, need or priority column.
    """
    require_columns(needs, "needs", ["need_id", "need", "priority"])
    checklist_ = _Checklist.read(needs, criteria)
    findings = [
        *_lint_identity(checklist_),
        *_lint_repeats(checklist_),
        *_lint_measurability(checklist_),
        *_lint_weight_cells(checklist_),
        *_lint_must_count(checklist_, max_musts, max_must_share),
        *_lint_criteria(checklist_),
        *_lint_weight_sums(checklist_),
        *_lint_overlap(checklist_),
        *_lint_pilot_kpis(checklist_),
    ]
    result = pd.DataFrame(findings, columns=list(Finding._fields), dtype=object)
    order = result["severity"].map({s: n for n, s in enumerate(LINT_LEVELS)})
    return result.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)
