"""Exercises 1 (notebooks/exercises/01_needs_exercises.ipynb): should we outsource it, and
what must the partner deliver? Keep in-house, knock-outs, need weights."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from helpers import words
from helpers.exercises.answers import (
    _as_name_list,
    _as_number,
    _match_name,
    _refuse_placeholder,
    _skip_without,
    _table,
    _typed_percent,
)
from helpers.exercises.feedback import Feedback, _friendly, _NotYet, _Skip


@_friendly
def check_keep_in_house(answer, project) -> Feedback:
    """Check the list of functions that should stay in-house.

    Takes a list of function names and the loaded project; the truth is
    ``helpers.needs.outsourcing_recommendation(project.functions)`` ("keep in-house").
    Returns a Feedback naming a missing function with its reason, or one that can go out.
    """
    from helpers.needs import RECOMMENDATIONS, outsourcing_recommendation

    functions = _skip_without(project, "functions", "candidate function")
    _refuse_placeholder(answer, 'a list of function names, e.g. ["IT support"]')
    recommendation = outsourcing_recommendation(functions)
    known = list(recommendation["function"])
    given = _as_name_list(answer, known, "function", '["IT support"]')
    verdict = dict(zip(recommendation["function"], recommendation["recommendation"]))
    reasons = dict(zip(recommendation["function"], recommendation["reasons"]))
    keep = [f for f in known if verdict[f] == RECOMMENDATIONS[0]]
    missing = [f for f in keep if f not in given]
    extra = [f for f in given if f not in keep]
    if not missing and not extra:
        return Feedback(
            "correct",
            f"{words.names(keep) if keep else 'no function'} stay{'s' if len(keep) == 1 else ''} "
            "in-house; everything else can be outsourced, most of it starting small.",
            [f"{f}: {reasons[f].split('; ')[0]}" for f in keep],
        )
    details = [f"{f} should stay in-house: {reasons[f].split('; ')[0]}." for f in missing]
    details += [f'{f} can go out ("{verdict[f]}"): {reasons[f].split("; ")[0]}.' for f in extra]
    found = len(keep) - len(missing)
    raise _NotYet(
        f"your list has {found} of the {len(keep)} functions that stay in-house"
        + (f", and {len(extra)} that can be outsourced." if extra else "."),
        details,
        "three columns decide it: a function stays in-house when it is mission-critical, OR it "
        "carries the company's unique value, OR its results cannot be measured. Time drain and "
        "sensitive data never keep a function in; they only call for a small start.",
    )


@_friendly
def check_knockouts(answer, project) -> Feedback:
    """Check which vendors fail a must-have.

    Takes a list of vendor names (or a dict vendor -> list of need ids, to name the failed
    needs too) and the loaded project; the truth is ``helpers.needs.knockouts``.
    """
    from helpers.needs import knockouts

    vendors = list(_table(project, "vendors")["vendor"].astype(str))
    needs, must_haves = _table(project, "needs"), _table(project, "must_haves")
    _refuse_placeholder(answer, 'a list of vendor names, e.g. ["Some Vendor Ltd"]')
    failed = knockouts(needs, must_haves, vendors)
    truth = {v: list(failed.loc[failed["vendor"] == v, "need_id"]) for v in pd.unique(failed["vendor"])}
    evidence = {
        (v, n): f"{n} {need} ({e})"
        for v, n, need, e in failed[["vendor", "need_id", "need", "evidence"]].itertuples(index=False)
    }
    if isinstance(answer, Mapping):
        given_needs = {}
        for vendor, ids in answer.items():
            name = _match_name(vendor, vendors, "vendor")
            ids = [ids] if isinstance(ids, str) else ids
            if not isinstance(ids, (list, tuple, set)):
                raise _NotYet(f'the needs of {name} are {ids!r}: expected a list of need ids, e.g. ["N02"].')
            given_needs[name] = sorted(str(i).strip().upper() for i in ids)
        given = list(given_needs)
    else:
        given_needs = None
        given = _as_name_list(answer, vendors, "vendor", '["Some Vendor Ltd"]')
    missing = [v for v in truth if v not in given]
    extra = [v for v in given if v not in truth]
    details = [f"{v} fails: " + "; ".join(evidence[(v, n)] for n in truth[v]) for v in missing]
    details += [f"{v} meets every must-have: it stays in the race." for v in extra]
    if given_needs is not None:
        for vendor in (v for v in given if v in truth):
            if given_needs[vendor] != sorted(truth[vendor]):
                details.append(
                    f"{vendor} fails {words.names(sorted(truth[vendor]))}, not "
                    f"{words.names(given_needs[vendor]) if given_needs[vendor] else 'nothing'}."
                )
    if not details:
        if not truth:
            return Feedback("correct", "no vendor fails a must-have: every one goes on to scoring.")
        return Feedback(
            "correct",
            f"{words.names(list(truth))} {'is' if len(truth) == 1 else 'are'} out before any "
            "scoring. A high score elsewhere cannot buy back a failed must-have.",
            [f"{v}: " + "; ".join(evidence[(v, n)] for n in truth[v]) for v in truth],
        )
    raise _NotYet(
        "not every knock-out is right yet."
        if not extra or missing
        else f"{words.names(extra)} {'does' if len(extra) == 1 else 'do'} not fail a must-have.",
        details,
        "read the met column of must_haves: a False is a failed must-have, and a must need a "
        "vendor has no row for counts as failed too (no evidence, no pass).",
    )


@_friendly
def check_need_weights(answer, project, largest=None) -> Feedback:
    """Check the participant's weights for the should/could needs.

    Takes a dict need_id -> weight in percent, the loaded project and optionally the need id
    the task says must weigh most (ties allowed). Correct when every should/could need
    (``helpers.needs.need_weights``) has a weight >= 0, no must need has one, they add up to
    100 % (within 0.5) and ``largest`` weighs most. A could weighted above a should is named
    as a question, not an error.
    """
    from helpers.needs import need_weights

    needs = _table(project, "needs")
    suggested = need_weights(needs)
    weighted = list(suggested.index)
    if not weighted:
        raise _Skip(
            "this project has no should or could need, so there are no weights to set. Move on to the next task."
        )
    priority = dict(
        zip(needs["need_id"].astype(str).str.strip(), needs["priority"].astype(str).str.strip().str.lower())
    )
    example = "{" + ", ".join(f'"{n}": …' for n in weighted[:2]) + ", …}"
    _refuse_placeholder(answer, f"a dictionary need id -> weight in percent, e.g. {example}")
    if not isinstance(answer, Mapping):
        raise _NotYet(
            f"expected a dictionary need id -> weight in percent, e.g. {example}; got {type(answer).__name__}."
        )
    weights: dict[str, float] = {}
    for need_id, value in answer.items():
        key = str(need_id).strip().upper()
        if key not in priority:
            close = difflib.get_close_matches(key, list(priority), n=1)
            raise _NotYet(
                f"{need_id!r} is not a need id." + (f" Did you mean {close[0]!r}?" if close else ""),
                [f"the should/could needs are {', '.join(weighted)}"],
            )
        weights[key] = _as_number(value, f"the weight of {key}")
    musts = [n for n in weights if priority[n] == "must"]
    if musts:
        raise _NotYet(
            f"{words.names(musts)} {'is a must-have' if len(musts) == 1 else 'are must-haves'}: a "
            "pass/fail knock-out, so it gets no weight. Leave the musts out.",
            hint="only should and could needs are weighted; a must is checked, not traded off.",
        )
    missing = [n for n in weighted if n not in weights]
    if missing:
        raise _NotYet(f"give every should/could need a weight (0 is allowed); missing: {words.names(missing)}.")
    negative = [n for n in weighted if weights[n] < 0]
    if negative:
        raise _NotYet(f"weights cannot be negative: {words.names(negative)}.")
    total = sum(weights.values())
    if abs(total - 100) > 0.5:
        if abs(total - 1) <= 0.01:
            raise _NotYet(
                "your weights add up to 1: write them in percent, so that they add up to 100 % (0.25 becomes 25)."
            )
        raise _NotYet(
            f"the weights should add up to 100 %, yours add up to {_typed_percent(total)}.",
            hint=f"{'add' if total < 100 else 'take away'} {_typed_percent(abs(100 - total))} somewhere: "
            "a weight is a share of the whole decision, so all shares together make 100 %.",
        )
    if largest is not None:
        largest = str(largest).strip().upper()
        heavier = [n for n in weighted if weights[n] > weights.get(largest, -math.inf)]
        if heavier:
            raise _NotYet(
                f"{largest} should weigh most, but {words.names(heavier)} "
                f"weigh{'s' if len(heavier) == 1 else ''} more "
                f"({', '.join(_typed_percent(weights[n]) for n in heavier)} "
                f"against {_typed_percent(weights[largest])}).",
                hint=f"raise {largest} or lower the others, keeping the total at 100 %.",
            )
    notes = []
    shoulds = [n for n in weighted if priority[n] == "should"]
    for could in (n for n in weighted if priority[n] == "could"):
        above = [s for s in shoulds if weights[s] < weights[could]]
        if above:
            notes.append(
                f"could need {could} ({_typed_percent(weights[could])}) weighs more than should "
                f"need(s) {words.names(above)}: is that what you meant?"
            )
    top = max(weighted, key=lambda n: weights[n])
    return Feedback(
        "correct",
        f"your weights add up to 100 %; {top} weighs most ({_typed_percent(weights[top])}).",
        notes,
    )


def criteria_weights_with(my_weights, project) -> pd.DataFrame:
    """What the participant's need weights do to the criteria weights of the scoring.

    Takes the dict of :func:`check_need_weights` and the loaded project. Returns a DataFrame
    indexed by criterion with ``suggested`` (from the needs as given) and ``yours`` (with
    ``my_weights`` as overrides), both in percent; ``yours`` is NaN while the answer does not
    pass its check. Never raises for a bad answer (a bad project raises as
    ``helpers.needs.criteria_weight_table`` does).
    """
    from helpers.needs import criteria_weight_table, edit_needs

    suggested = criteria_weight_table(project.needs, project.criteria)["suggested"] * 100
    yours = pd.Series(np.nan, index=suggested.index)
    if check_need_weights(my_weights, project).ok:
        weights = {str(k).strip().upper(): _as_number(v, str(k)) for k, v in my_weights.items()}
        edited = edit_needs(project.needs, weights=weights)
        yours = criteria_weight_table(edited, project.criteria)["suggested"] * 100
    return pd.DataFrame({"suggested": suggested, "yours": yours}).round(1)


def choose_focus_need(project) -> tuple[str | None, str]:
    """The need that exercise 1, task 3 asks to weigh most: the first should need (else the
    first could need). Returns ``(need_id or None, a sentence naming it)``."""
    from helpers.needs import checklist

    table = checklist(project.needs)
    weighted = table[table["priority"].astype(str).str.lower() != "must"]
    if weighted.empty:
        return None, "This project has no should or could need: there is nothing to weigh, skip task 3."
    shoulds = weighted[weighted["priority"].astype(str).str.lower() == "should"]
    row = (shoulds if len(shoulds) else weighted).iloc[0]
    return str(row["need_id"]), (
        f"Task 3 is about {row['need_id']} ({row['priority']}): {' '.join(str(row['need']).split())}."
    )
