"""Exercises 3 (notebooks/exercises/03_pilot_exercises.ipynb): the pilot. Reading a verdict
from its interval, the tickets a pilot needs, what leaving out the ramp-up changes."""

from __future__ import annotations

import math

import pandas as pd

from helpers import words
from helpers.exercises.answers import (
    _as_number,
    _key,
    _kpi,
    _match_name,
    _refuse_placeholder,
    _settings_given,
    _table,
    _weeks,
)
from helpers.exercises.feedback import Feedback, _friendly, _NotYet, _Skip

_NO_DIFFERENCE = {"equivalent": "equivalent", "not enough evidence": "not enough evidence"}


def _pilot_comparison(project, exclude_weeks=(), seed: int = 0, kpis=None):
    """The head-to-head comparison the exercise notebook shows (same settings)."""
    from helpers.needs import min_important_differences
    from helpers.pilots import choose_pair, compare

    tickets = _table(project, "pilot_tickets")
    if tickets.empty:
        raise _Skip("this project has no pilot tickets, so there is nothing to compare. Move on to the next exercises.")
    exclude_weeks = _weeks(exclude_weeks)
    pair = choose_pair(tickets, exclude_weeks=exclude_weeks)
    if pair is None:
        raise _Skip(
            "the pilot has fewer than two vendors, so there is nothing to compare head "
            "to head. Move on to the next exercises."
        )
    with _settings_given("comparison settings (weeks, seed)"):
        return compare(
            tickets,
            *pair,
            min_important=min_important_differences(project.needs),
            exclude_weeks=exclude_weeks,
            seed=seed,
            kpis=kpis,
        )


def _skip_kpi_without_data(comparison: pd.DataFrame, kpi: str) -> None:
    from helpers.pilots import KPIS

    if kpi not in comparison.index or comparison.loc[kpi, ["estimate_a", "estimate_b"]].isna().any():
        raise _Skip(
            f"this pilot has no {KPIS[kpi].label} figures for both vendors, so there is no "
            "verdict on it to read. Move on to the next task."
        )


def _verdict_label(verdict: str, a: str, b: str) -> str:
    return {"a better": a, "b better": b}.get(verdict, verdict)


def _in_unit(kpi_name: str, value: float, signed: bool = True) -> str:
    """A difference in the reader's unit: rates in percentage points."""
    from helpers.pilots import KPIS

    kpi = KPIS[kpi_name]
    if kpi.kind == "rate":
        number, unit = value * 100, "points"
    else:
        number, unit = value, {"s": "s", "min": "min"}.get(kpi.unit, "points")
    text = f"{number:+.2f}" if signed else f"{number:.2f}"
    return f"{text.rstrip('0').rstrip('.')} {unit}"


@_friendly
def check_verdict(answer, project, kpi, exclude_weeks=(), seed: int = 0) -> Feedback:
    """Check the verdict read from the pilot comparison for one KPI.

    Takes the answer (the better vendor's name, "equivalent" or "not enough evidence"; "a
    better" / "b better" are accepted too), the loaded project, the KPI name (e.g.
    "handle_time") and the comparison settings of the notebook. The truth is the ``verdict``
    of ``helpers.pilots.compare`` (the rule: docs/pilot-verdicts.md). Wrong answers are
    answered with the interval: crossing zero, excluding it within the minimum that matters, or
    excluding it and reaching beyond that minimum.
    """
    from helpers.pilots import KPIS, VERDICTS

    _table(project, "pilot_tickets")
    kpi = _kpi(kpi)
    options = '"equivalent", "not enough evidence" or the better vendor\'s name'
    comparison = _pilot_comparison(project, exclude_weeks, seed, kpis=[kpi])
    _skip_kpi_without_data(comparison, kpi)
    _refuse_placeholder(answer, options)
    a, b = comparison.attrs["a"], comparison.attrs["b"]
    row = comparison.loc[kpi]
    if not isinstance(answer, str):
        raise _NotYet(f"expected text: {options}; got {answer!r}.")
    key = _key(answer)
    if key in ("a better", "b better"):
        given = a if key == "a better" else b
    elif key in _NO_DIFFERENCE:
        given = _NO_DIFFERENCE[key]
    else:
        given = _match_name(answer, [a, b, *VERDICTS[2:]], "possible verdict")
    truth = _verdict_label(row["verdict"], a, b)
    label = KPIS[kpi].label
    low, high, diff, mid = row["ci_low"], row["ci_high"], row["diff"], row["min_important"]
    interval = (
        f"the difference {a} minus {b} is {_in_unit(kpi, diff)}, 95 % interval "
        f"{_in_unit(kpi, low)} to {_in_unit(kpi, high)}"
    )
    if given == truth:
        return Feedback("correct", row["sentence"])
    lower_better = "" if KPIS[kpi].higher_is_better else " (lower is better here)"
    crosses_zero = low < 0 < high
    band = f"±{_in_unit(kpi, mid, signed=False)}"
    if given in (a, b):
        if crosses_zero:
            message = (
                f"{interval}. The interval crosses zero: the data fit no difference at all, "
                "or even the other vendor being better."
            )
        elif truth in (a, b):
            message = f"{interval}: look at which vendor the difference favours{lower_better}."
        elif truth == "equivalent":
            message = (
                f"{interval}. It excludes zero, so the difference is probably real, but the whole "
                f"interval lies within the {band} agreed before the pilot as the least that "
                "matters: too small to matter, equivalent."
            )
        else:
            message = f"{interval}: that does not single out {given}."
    elif given == "equivalent":
        message = f"{interval}. Equivalent needs the whole interval inside {band}; this one reaches beyond it."
    elif truth == "equivalent":
        message = (
            f"{interval}: the whole interval lies inside {band}. That is evidence that any "
            "difference is too small to matter: equivalent."
        )
    else:
        below = (
            f" (The difference itself is below {_in_unit(kpi, mid, signed=False)}: the vendor is "
            "ahead, possibly by less than what matters, and the sentence says so.)"
            if abs(diff) < mid
            else ""
        )
        message = (
            f"{interval}: the whole interval lies on one side of zero and reaches beyond the "
            f"{band} that matter. The difference is real and an important one is not ruled out: "
            f"the evidence is enough.{below}"
        )
    raise _NotYet(
        f"{label}: {message}",
        hint="a vendor is better when the interval excludes zero on its side AND does not lie "
        "wholly within plus or minus the minimum that matters; equivalent when the whole interval "
        "lies within plus or minus that minimum; otherwise not enough evidence.",
    )


@_friendly
def check_tickets_needed(answer, project, kpi: str = "fcr", exclude_weeks=(), seed: int = 0) -> Feedback:
    """Check the tickets per vendor needed to detect the minimum important difference.

    Takes a number of tickets, the loaded project and a rate KPI (default "fcr"). The truth
    is ``tickets_needed`` of ``helpers.pilots.compare`` (pooled baseline, 80 % power, 5 %
    two-sided); within 15 % is correct, since any sensible baseline rate will do.
    """
    from helpers.pilots import KPIS
    from helpers.pilots.registry import POWER

    _table(project, "pilot_tickets")
    kpi = _kpi(kpi)
    comparison = _pilot_comparison(project, exclude_weeks, seed, kpis=[kpi])
    _skip_kpi_without_data(comparison, kpi)
    if not comparison.at[kpi, "min_important"] > 0:
        raise _Skip(
            f"the needs set no minimum difference that matters for {KPIS[kpi].label}, so "
            "there is no pilot size to work out. Move on to the next task."
        )
    _refuse_placeholder(answer, "a number of tickets, e.g. 500")
    number = _as_number(answer, "your number of tickets")
    row = comparison.loc[kpi]
    truth = float(row["tickets_needed"])
    mid = _in_unit(kpi, row["min_important"], signed=False)
    ratio = number / truth if truth else math.inf
    if 0.85 <= ratio <= 1.15:
        return Feedback(
            "correct",
            f"about {truth:,.0f} tickets per vendor would be needed for the verdict to find a true "
            f"difference of {mid} in {KPIS[kpi].short} {words.percent(POWER)} of the time; "
            f"the pilot had {int(row['n_a']):,} and {int(row['n_b']):,}, "
            + (
                "enough to tell."
                if min(row["n_a"], row["n_b"]) >= truth
                else "so it can only reliably tell larger differences apart from noise."
            ),
        )
    if 1.7 <= ratio <= 2.3:
        raise _NotYet("that is about twice the answer: the number asked is per vendor, not for both together.")
    if number < 10:
        raise _NotYet(
            f"{number:g} tickets is far too few: did you give the difference in points "
            f"(3) instead of as a share (0.03)? {mid} is {row['min_important']:g}."
        )
    if 0.005 <= ratio <= 0.02:
        raise _NotYet(
            f"a hundred times too few: {mid} as a share is {row['min_important']:g}, not {row['min_important'] * 10:g}."
        )
    if 50 <= ratio <= 200:
        raise _NotYet(
            f"a hundred times too many: {mid} as a share is {row['min_important']:g}, "
            f"not {row['min_important'] / 10:g}."
        )
    raise _NotYet(
        f"{number:,.0f} is {'more' if ratio > 1 else 'fewer'} than the tickets needed.",
        hint="tickets_needed_for_rate(baseline, difference): the baseline is the share both "
        "vendors reach together (about the average of the two rates), the difference is the "
        "minimum that matters as a share (3 points = 0.03).",
    )


@_friendly
def check_ramp_up(answer, project, weeks=(1,), seed: int = 0) -> Feedback:
    """Check which KPI verdicts change when the ramp-up weeks are left out.

    Takes a list of KPI names (e.g. ["sla"]; an empty list when none changes), the loaded
    project and the weeks left out. The truth compares ``helpers.pilots.compare`` with all
    weeks and without ``weeks``.
    """
    from helpers.pilots import KPIS

    _table(project, "pilot_tickets")
    weeks = _weeks(weeks, "ramp-up weeks")
    with_all = _pilot_comparison(project, (), seed)
    without = _pilot_comparison(project, weeks, seed)
    _refuse_placeholder(answer, 'a list of KPI names, e.g. ["fcr"]')
    a, b = with_all.attrs["a"], with_all.attrs["b"]
    known = list(with_all.index)
    by_label = {_key(KPIS[k].label): k for k in known}
    items = [answer] if isinstance(answer, str) else answer
    if not isinstance(items, (list, tuple, set, pd.Series, pd.Index)):
        raise _NotYet(f'expected a list of KPI names, e.g. ["fcr"]; got {type(answer).__name__}.')
    given = []
    for item in items:
        if isinstance(item, str) and _key(item) in by_label:
            item = by_label[_key(item)]
        given.append(_match_name(item, known, "KPI"))
    given = list(dict.fromkeys(given))
    before = {k: _verdict_label(with_all.at[k, "verdict"], a, b) for k in known}
    after = {k: _verdict_label(without.at[k, "verdict"], a, b) for k in known}
    changed = [k for k in known if before[k] != after[k]]
    weeks_text = words.names([f"week {w}" for w in weeks])
    lines = {k: f"{k}: {before[k]} with every week, {after[k]} without {weeks_text}" for k in known}
    details = [lines[k] for k in changed if k not in given]
    details += [f"{k} stays '{before[k]}' either way." for k in given if k not in changed]
    if not details:
        return Feedback(
            "correct",
            (
                f"{len(changed)} verdict{'s' if len(changed) != 1 else ''} change when {weeks_text} "
                "is left out. Decide before the pilot whether the ramp-up counts; otherwise the "
                "choice can be bent to suit a favourite."
            )
            if changed
            else f"no verdict changes when {weeks_text} is left out: the result does not hang on it.",
            [lines[k] for k in changed],
        )
    raise _NotYet(
        "not quite the verdicts that change.",
        details,
        "put the two verdict columns side by side and list the KPIs whose verdict differs.",
    )


def pilot_exercise(project, seed: int = 0, exclude_weeks=()) -> tuple[pd.DataFrame, str]:
    """The head-to-head pilot comparison exercise 3 works on, and a sentence about the pilot.

    Returns ``(comparison, sentence)``: the ``helpers.pilots.compare`` table of the pair of
    ``choose_pair`` (the notebook's settings), or an empty table with the same columns when
    the project has no pilot of two vendors (the sentence then says the tasks are skipped).
    """
    from helpers.needs import min_important_differences
    from helpers.pilots import choose_pair, compare
    from helpers.pilots.comparison import COMPARISON_COLUMNS

    tickets = project.pilot_tickets
    pair = choose_pair(tickets, exclude_weeks=tuple(exclude_weeks)) if len(tickets) else None
    if pair is None:
        empty = pd.DataFrame(columns=COMPARISON_COLUMNS, index=pd.Index([], name="kpi"))
        why = "no pilot tickets" if tickets.empty else "a pilot of fewer than two vendors"
        return empty, f"This project has {why}: the tasks below say so; move on to exercises 4."
    comparison = compare(
        tickets,
        *pair,
        min_important=min_important_differences(project.needs),
        exclude_weeks=tuple(exclude_weeks),
        seed=seed,
    )
    weeks = tickets.loc[tickets["vendor"].isin(pair), "week"].nunique()
    return comparison, (
        f"{len(tickets):,} pilot tickets over {weeks} week(s); the comparison is "
        f"a = {pair[0]} ({int(comparison['n_a'].max()):,} tickets) against "
        f"b = {pair[1]} ({int(comparison['n_b'].max()):,} tickets)."
    )
