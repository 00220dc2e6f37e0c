"""The workshop kit: check functions for the exercise notebooks, and the session agenda.

Each ``check_…(answer, …)`` compares a participant's answer with what the workbook's own
helpers compute on the same project (never with a number written down here, so the checks
follow the data) and returns a :class:`Feedback`:

* ``"correct"``: the answer matches, with what it means for the decision;
* ``"not yet"``: what is wrong, in words ("the weights should add up to 100 %, yours add up
  to 85 %"), naming the misspelt vendor or the day that falls short;
* ``"your turn"``: the answer is still the ``...`` placeholder (or holds one);
* ``"cannot check"``: the check itself could not run (say, the project was not loaded);
* ``"skipped"``: the task does not apply to this project (it has no pilot, no sites, no red
  flags...): the feedback says so in a plain sentence, and the participant moves on.

The exercises work on any valid project: what a task asks about (which need, which vendor, which
site and days) is chosen from the data by the ``choose_…`` / ``…_exercise`` helpers below and
named in the text a cell prints.

Whatever the answer, a check returns feedback: a wrong type, a typo or a placeholder is "not
yet" or "your turn", and what the notebook passes besides the answer (the project, the sites,
a KPI, weeks, dates, settings) is checked first and, when unusable (cells not run, a name
misspelt), is "cannot check". So an exercise notebook runs to the end, answered or not. Any
other exception is a bug in the check and is raised as it is: it never passes as feedback.
Feedback is returned, not printed: the notebook shows it (as text, or as a coloured box in
JupyterLab and in HTML exports).

``AGENDA`` is the single source of the session's timings: ``notebooks/index.ipynb`` and
``docs/facilitator_guide.md`` show it and a test keeps them in step.

Nothing here reads files, draws or prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import display, words

# The workbook's palette (helpers.plots), repeated here so that showing feedback does not
# import matplotlib.
_COLOURS = {
    "correct": "#009E73",
    "not yet": "#D55E00",
    "your turn": "#0072B2",
    "cannot check": "#999999",
    "skipped": "#999999",
}
_TITLES = {
    "correct": "Correct",
    "not yet": "Not yet",
    "your turn": "Your turn",
    "cannot check": "Cannot check yet",
    "skipped": "Not on this project",
}
STATUSES = tuple(_TITLES)


# ---------------------------------------------------------------------------------------------
# Feedback
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Feedback:
    """What a check says about an answer.

    ``status`` is one of ``STATUSES`` ("correct", "not yet", "your turn", "cannot check"),
    ``message`` the main sentence, ``details`` further lines (one per vendor, need or day)
    and ``hint`` a nudge shown with "not yet". ``ok`` is True only for a correct answer.
    Shown as plain text (``str``/``repr``) or, in Jupyter, as a coloured box.
    """

    status: str
    message: str
    details: tuple[str, ...] = ()
    hint: str = ""

    def __post_init__(self):
        object.__setattr__(self, "details", tuple(str(line) for line in self.details))

    @property
    def ok(self) -> bool:
        return self.status == "correct"

    @property
    def title(self) -> str:
        return _TITLES.get(self.status, self.status)

    def __str__(self) -> str:
        lines = [f"{self.title} — {self.message}"]
        lines += [f"  • {line}" for line in self.details]
        if self.hint and self.status == "not yet":
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        # Answers and vendor names are user text: helpers.display escapes all of it.
        colour = _COLOURS.get(self.status, "#999999")
        details = (
            display.element("ul", [display.element("li", line) for line in self.details], style="margin:0.3em 0")
            if self.details
            else None
        )
        hint = (
            display.element("div", display.element("em", "Hint:"), " ", self.hint, style="margin-top:0.3em")
            if self.hint and self.status == "not yet"
            else None
        )
        return str(
            display.note(
                colour,
                display.element("strong", self.title, style=f"color:{colour}"),
                f" — {self.message}",
                details,
                hint,
                tinted=True,
            )
        )


class _NotYet(Exception):
    """Raised inside a check for an answer that is wrong (or of the wrong shape)."""

    def __init__(self, message: str, details: Iterable[str] = (), hint: str = ""):
        super().__init__(message)
        self.message, self.details, self.hint = message, tuple(details), hint


class _YourTurn(Exception):
    """Raised inside a check while the answer still holds the ``...`` placeholder."""


class _CannotCheck(Exception):
    """Raised inside a check when what the notebook passes besides the answer (project, sites,
    KPI, weeks, dates, settings) is not usable."""


class _Skip(Exception):
    """Raised inside a check when the task does not apply to this project (no such table)."""


def _friendly(check):
    """Turn a check's outcomes into Feedback: the answer right (returned), wrong, still a
    placeholder, the check's inputs unusable, the task not on this project. Nothing else is
    caught: an exception of any other kind is a bug and reaches the caller."""

    @functools.wraps(check)
    def wrapper(*args, **kwargs) -> Feedback:
        try:
            return check(*args, **kwargs)
        except _YourTurn as turn:
            return Feedback("your turn", str(turn) or "replace the ... with your answer, then run this cell again.")
        except _NotYet as wrong:
            return Feedback("not yet", wrong.message, wrong.details, wrong.hint)
        except _CannotCheck as problem:
            return Feedback("cannot check", str(problem))
        except _Skip as reason:
            return Feedback("skipped", str(reason))

    return wrapper


@contextlib.contextmanager
def _settings_given(what: str):
    """Around a call of a workbook function with the settings the notebook passed (``what``):
    its plain "bad input" error (``InputError``) means those settings are unusable, a "cannot
    check"; any other exception stays a bug."""
    from helpers.data import InputError

    try:
        yield
    except InputError as problem:
        raise _CannotCheck(
            f"the {what} this check was given cannot be used: {problem} Run the cells above first, as they are."
        ) from None


def _day(value, what: str) -> dt.date:
    """A date the notebook passes (a date or ISO text), or "cannot check"."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise _CannotCheck(
            f"{what} {value!r} is not a date: expected one such as 2026-03-24. Run the cells above first."
        )
    return stamp.date()


def _weeks(weeks, what: str = "weeks") -> tuple[int, ...]:
    """Pilot weeks the notebook passes (e.g. (1,)), or "cannot check"."""
    try:
        items = tuple(weeks)
    except TypeError:
        items = None
    if items is None or not all(isinstance(w, (int, np.integer)) and not isinstance(w, bool) for w in items):
        raise _CannotCheck(
            f"the {what} to leave out should be a list of week numbers such as [1]; got "
            f"{weeks!r}. Run the cells above first."
        )
    return items


def _kpi(kpi) -> str:
    """A KPI name the notebook passes, or "cannot check"."""
    from helpers.pilots import KPIS

    if not isinstance(kpi, str) or kpi not in KPIS:
        raise _CannotCheck(f"unknown KPI {kpi!r}: expected one of {', '.join(KPIS)}.")
    return kpi


# ---------------------------------------------------------------------------------------------
# Reading answers
# ---------------------------------------------------------------------------------------------


def _placeholders(answer) -> list[str]:
    """Where the answer still holds ``...``: [""] for the answer itself, or the keys /
    positions of a dict or list that do."""
    if answer is Ellipsis:
        return [""]
    if isinstance(answer, Mapping):
        return [str(k) for k, v in answer.items() if v is Ellipsis or k is Ellipsis]
    if isinstance(answer, (list, tuple, set, frozenset)):
        return [f"item {i + 1}" for i, v in enumerate(answer) if v is Ellipsis]
    return []


def _refuse_placeholder(answer, example: str) -> None:
    where = _placeholders(answer)
    if where == [""]:
        raise _YourTurn(f"replace the ... with your answer ({example}), then run this cell again.")
    if where:
        raise _YourTurn(f"still a ... for {', '.join(where)}: fill in every one, then run this cell again.")


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _match_name(given, known: list[str], what: str) -> str:
    """The entry of ``known`` that ``given`` names (ignoring case and extra spaces)."""
    if not isinstance(given, str):
        raise _NotYet(
            f"{given!r} is not a name: write each {what} as text in quotes, e.g. {known[0]!r}."
            if known
            else f"{given!r} is not a name."
        )
    by_key = {_key(name): name for name in known}
    if _key(given) in by_key:
        return by_key[_key(given)]
    close = difflib.get_close_matches(_key(given), list(by_key), n=1, cutoff=0.6)
    suggestion = f" Did you mean {by_key[close[0]]!r}?" if close else ""
    raise _NotYet(f"{given!r} is not a {what} in this project.{suggestion}", [f"the {what}s are: {', '.join(known)}"])


def _as_name_list(answer, known: list[str], what: str, example: str) -> list[str]:
    """A list of names from a list / tuple / set / Series (or a single name)."""
    if isinstance(answer, str):
        items = [answer]
    elif isinstance(answer, (list, tuple, set, frozenset, pd.Series, pd.Index, np.ndarray)):
        items = list(answer)
    else:
        raise _NotYet(
            f"expected a list of {what}s in square brackets, e.g. {example}; got {type(answer).__name__} {answer!r}."
        )
    names = [_match_name(item, known, what) for item in items]
    return list(dict.fromkeys(names))  # a name given twice counts once


def _as_number(value, what: str) -> float:
    """A finite number from an int, float, numpy number or numeric text ("85", "85 %")."""
    if isinstance(value, (bool, np.bool_)):
        raise _NotYet(f"{what} is {value!r}: expected a number, not True or False.")
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip().replace(" ", "")
        # "3,600" is a thousands separator; a lone comma ("4,09") is a decimal comma.
        text = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?", text) else text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise _NotYet(f"{what} is {value!r}: expected a number.") from None
    elif isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
    else:
        raise _NotYet(f"{what} is {value!r} ({type(value).__name__}): expected a number.")
    if not math.isfinite(number):
        raise _NotYet(f"{what} is {value!r}: expected a finite number.")
    return number


def _as_yes_no(value, what: str) -> bool:
    from helpers.data import yes_no

    answer = yes_no(value)
    if answer is None:
        raise _NotYet(f"{what} is {value!r}: expected True or False.")
    return answer


def _table(project, name: str) -> pd.DataFrame:
    """A table of the loaded project, or a plain "cannot check" when there is no project."""
    table = getattr(project, name, None) if project is not None else None
    if not isinstance(table, pd.DataFrame):
        raise _CannotCheck(
            f"expected the loaded project (project = load_project(data_dir)) as the second "
            f"argument; got {type(project).__name__}. Run the cells above first."
        )
    return table


def _skip_without(project, name: str, what: str) -> pd.DataFrame:
    """The table ``name``, or a "skipped" feedback when the project has no rows in it."""
    table = _table(project, name)
    if table.empty:
        raise _Skip(
            f"this project has no {name} table (or it is empty), so there is no {what} "
            "to check. Move on to the next task."
        )
    return table


def _typed_percent(value: float) -> str:
    """A number typed in percent (25 for 25 %, as the weights are), as it reads in a sentence."""
    return words.percent(value / 100, digits=2, trim=True)


# ---------------------------------------------------------------------------------------------
# Exercises 1: should we outsource it, and what must the partner deliver?
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Exercises 2: scoring the partners
# ---------------------------------------------------------------------------------------------


@_friendly
def check_hidden_costs(answer, project) -> Feedback:
    """Check which vendor's hidden costs are the largest share of its base fee.

    Takes a vendor name and the loaded project; the truth is ``hidden / base`` from
    ``helpers.scoring.yearly_cost(project.vendors)``.
    """
    from helpers.scoring import yearly_cost

    vendors = _table(project, "vendors")
    _refuse_placeholder(answer, 'a vendor name in quotes, e.g. "Some Vendor Ltd"')
    costs = yearly_cost(vendors)
    known = list(costs.index.astype(str))
    if isinstance(answer, (list, tuple)) and len(answer) == 1:
        answer = answer[0]
    given = _match_name(answer, known, "vendor")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (costs["hidden"] / costs["base"]).replace([np.inf, -np.inf], np.nan)
    truth = share.idxmax()
    currency = costs["currency"].astype(str)
    lines = [
        f"{v}: hidden {words.percent(share[v])} of the base fee ({costs.at[v, 'hidden']:,.0f} "
        f"on {costs.at[v, 'base']:,.0f} {currency[v]} a year)"
        for v in share.sort_values(ascending=False).index
    ]
    if given == truth:
        return Feedback(
            "correct",
            f"{truth}'s hidden costs add {words.percent(share[truth])} to its base fee: its yearly "
            f"total is {costs.at[truth, 'total']:,.0f} {currency[truth]}, not the "
            f"{costs.at[truth, 'base']:,.0f} the rate card suggests.",
            lines,
        )
    raise _NotYet(
        f"{given}'s hidden costs are {words.percent(share[given])} of its base fee; another vendor's "
        "are a larger share.",
        hint="hidden = every cost item except the base fee (minimum top-up, after-hours and "
        "overtime premiums, governance, transition and exit spread over the contract). Divide "
        "each vendor's hidden by its base.",
    )


@_friendly
def check_weighted_score(answer, project, vendor) -> Feedback:
    """Check a vendor's weighted score computed by hand.

    Takes the number, the loaded project and the vendor's name (``choose_vendor_to_score``;
    None when no vendor is left, and the task is skipped). The truth is the ``score``
    of ``helpers.scoring.rank_partners(project).ranking`` (weights summing to 1 times the
    1-5 scores); within 0.01 is correct. Recognises weights used in percent and the plain
    average of the scores.
    """
    from helpers.scoring import rank_partners

    _table(project, "vendors")
    result = rank_partners(project)
    if vendor is None or result.ranking.empty:
        raise _Skip(
            "no vendor is left in the race after the knock-outs, so there is no score to "
            "compute. Move on to the next task."
        )
    _refuse_placeholder(answer, "a number, e.g. 3.75")
    number = _as_number(answer, "your score")
    name = _match_name(
        vendor, list(result.matrix.index.astype(str)) or list(project.vendors["vendor"]), "vendor still in the race"
    )
    score = float(result.ranking.at[name, "score"])
    plain_mean = float(result.matrix.loc[name].mean())
    if abs(number - score) <= 0.01:
        leader = result.ranking.index[0]
        position = (
            f"{name} leads"
            if leader == name
            else f"{leader} leads with {result.ranking.at[leader, 'score']:.2f}, "
            f"{result.ranking.at[name, 'behind_leader']:.2f} points ahead"
        )
        biggest = result.contributions.loc[name].sort_values(ascending=False)
        return Feedback(
            "correct",
            f"{name} scores {score:.2f} of 5; {position}.",
            ["largest contributions: " + ", ".join(f"{c} {v:.2f}" for c, v in biggest.head(3).items())],
        )
    if abs(number / 100 - score) <= 0.01:
        raise _NotYet(
            "that is 100 times the score: you used the weights in percent. Use them as "
            "shares that add up to 1 (result.weights), or divide by 100."
        )
    if abs(number - plain_mean) <= 0.01:
        raise _NotYet(
            "that is the plain average of the scores: every criterion counted the "
            "same. Multiply each score by its criterion's weight first, then add up."
        )
    raise _NotYet(
        f"{number:g} is {abs(number - score):.2f} points away from the weighted score of {name}.",
        hint="multiply each of the vendor's 1-5 scores by its criterion's weight (the weights "
        "add up to 1) and add the products: (result.matrix.loc[vendor] * result.weights).sum().",
    )


@_friendly
def check_red_flags(answer, project) -> Feedback:
    """Check which vendors still in the race have an open red flag of medium or high severity.

    Takes a list of vendor names and the loaded project; the truth comes from
    ``helpers.scoring.rank_partners`` (open flags of the vendors that passed the knock-outs).
    """
    from helpers.scoring import rank_partners

    flags_table = _skip_without(project, "red_flags", "red flag")
    _refuse_placeholder(answer, 'a list of vendor names, e.g. ["Some Vendor Ltd"]')
    result = rank_partners(project)
    vendors = list(project.vendors["vendor"].astype(str))
    given = _as_name_list(answer, vendors, "vendor", '["Some Vendor Ltd"]')
    in_race = list(result.ranking.index.astype(str))
    flags = result.red_flags
    serious = flags[flags["severity"].isin(["high", "medium"]) & flags["vendor"].isin(in_race)]
    truth = list(dict.fromkeys(v for v in in_race if v in set(serious["vendor"])))

    def described(vendor: str) -> str:
        rows = serious[serious["vendor"] == vendor]
        return "; ".join(f"{f} ({s})" for f, s in zip(rows["flag"], rows["severity"]))

    details = [f"{v} has an open flag to raise: {described(v)}." for v in truth if v not in given]
    for vendor in (v for v in given if v not in truth):
        if vendor not in in_race:
            details.append(
                f"{vendor} is already out (it fails a must-have): its flags no longer "
                "change the choice, they only confirm the knock-out."
            )
            continue
        own = flags_table[flags_table["vendor"].astype(str) == vendor]
        status = (
            own["status"].astype(str).str.lower() if "status" in own.columns else pd.Series("open", index=own.index)
        )
        words = [
            f"'{f}' is {'resolved' if st == 'resolved' else s}"
            for f, s, st in zip(own["flag"], own["severity"].astype(str).str.lower(), status)
        ]
        details.append(
            f"{vendor}: " + ("; ".join(words) if words else "no red flag at all") + " — nothing serious is open."
        )
    if not details:
        if not truth:
            return Feedback("correct", "no vendor in the race has a serious open flag.")
        return Feedback(
            "correct",
            "raise these before signing. They sit beside the ranking, not inside the average: a "
            "high score never hides them.",
            [f"{v}: {described(v)}" for v in truth],
        )
    raise _NotYet(
        "not quite the vendors with serious open flags.",
        details,
        "keep only flags whose status is open (not resolved), of severity medium or high, of "
        "vendors still ranked (not knocked out).",
    )


@_friendly
def check_leader_share(answer, project, n: int = 10_000, concentration: float = 200, seed: int = 0) -> Feedback:
    """Check the share of plausible weightings in which the leader stays first.

    Takes a share (0..1) or a percentage (above 1, up to 100), the loaded project and the
    settings of ``helpers.sensitivity.rank_probabilities`` the notebook used. The truth is
    column 1 of ``rank_probabilities`` for the leader of ``rank_partners``; within 2
    percentage points is correct.
    """
    from helpers.scoring import rank_partners
    from helpers.sensitivity import rank_probabilities

    _table(project, "vendors")
    result = rank_partners(project)
    if result.ranking.empty:
        raise _Skip(
            "no vendor is left in the race after the knock-outs, so there is no leader. Move on to the next exercises."
        )
    _refuse_placeholder(answer, "a share such as 0.5 or a percentage such as 50")
    number = _as_number(answer, "your share")
    share = number / 100 if number > 1 else number
    if not 0 <= share <= 1:
        raise _NotYet(f"{number:g} is not a share: expected a number from 0 to 1 (or a percentage from 0 to 100).")
    with _settings_given("settings of rank_probabilities (n, concentration, seed)"):
        probabilities = rank_probabilities(
            result.matrix, result.weights, normalize=result.normalize, n=n, concentration=concentration, seed=seed
        )
    leader = result.ranking.index[0]
    truth = float(probabilities.at[leader, 1])
    if abs(share - truth) <= 0.02:
        others = probabilities[1].drop(leader).sort_values(ascending=False)
        runner = others.index[0] if len(others) else None
        meaning = (
            "the ranking holds under almost any reasonable weighting."
            if truth >= 0.9
            else "a lead that flips under this many plausible weightings is not a decision "
            "yet: let the pilot and the red flags settle it."
        )
        return Feedback(
            "correct",
            f"{leader} comes first in {words.percent(truth)} of plausible weightings"
            + (f", {runner} in {words.percent(others.iloc[0])}" if runner is not None else "")
            + f"; {meaning}",
        )
    for vendor, value in probabilities[1].items():
        if vendor != leader and abs(share - value) <= 0.02:
            raise _NotYet(f"that is how often {vendor} comes first; the question is about the leader, {leader}.")
    for rank in probabilities.columns[1:]:
        if abs(share - probabilities.at[leader, rank]) <= 0.02:
            raise _NotYet(f"that is how often {leader} comes {_ordinal(rank)}; read the column of rank 1.")
    raise _NotYet(
        f"{words.percent(share, 2, trim=True)} is not what the table says for {leader}.",
        hint="find the leader's row in the table of rank probabilities and read the column "
        "headed 1: the share of weight draws in which it ranks first.",
    )


def _ordinal(rank) -> str:
    rank = int(rank)
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


# ---------------------------------------------------------------------------------------------
# Exercises 3: the pilot
# ---------------------------------------------------------------------------------------------

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
    of ``helpers.pilots.compare``. Wrong answers are answered with the interval: crossing
    zero, or excluding it with a difference below the minimum that matters.
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
    if given in (a, b):
        if crosses_zero:
            message = (
                f"{interval}. The interval crosses zero: the data fit no difference at all, "
                "or even the other vendor being better."
            )
        elif truth in (a, b):
            message = f"{interval}: look at which vendor the difference favours{lower_better}."
        elif abs(diff) < mid:
            message = (
                f"{interval}. It excludes zero, so the difference is probably real, but it "
                f"is smaller than the {_in_unit(kpi, mid, signed=False)} agreed before the "
                "pilot as the least that matters."
            )
        else:
            message = f"{interval}: that does not single out {given}."
    elif given == "equivalent":
        message = (
            f"{interval}. Equivalent needs the whole interval inside ±"
            f"{_in_unit(kpi, mid, signed=False)}; this one reaches beyond it."
        )
    elif truth == "equivalent":
        message = (
            f"{interval}: the whole interval lies inside ±{_in_unit(kpi, mid, signed=False)}"
            ". That is evidence that any difference is too small to matter: equivalent."
        )
    else:
        message = (
            f"{interval}: the whole interval lies on one side of zero and the difference "
            f"reaches the {_in_unit(kpi, mid, signed=False)} that matter. The evidence is "
            "enough."
        )
    raise _NotYet(
        f"{label}: {message}",
        hint="a vendor is better only when the interval excludes zero on its side AND the "
        "difference reaches the minimum that matters; equivalent when the whole interval lies "
        "within plus or minus that minimum; otherwise not enough evidence.",
    )


@_friendly
def check_tickets_needed(answer, project, kpi: str = "fcr", exclude_weeks=(), seed: int = 0) -> Feedback:
    """Check the tickets per vendor needed to detect the minimum important difference.

    Takes a number of tickets, the loaded project and a rate KPI (default "fcr"). The truth
    is ``tickets_needed`` of ``helpers.pilots.compare`` (pooled baseline, 80 % power, 5 %
    two-sided); within 15 % is correct, since any sensible baseline rate will do.
    """
    from helpers.pilots import KPIS

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
            f"about {truth:,.0f} tickets per vendor would be needed to tell a difference of {mid} in "
            f"{KPIS[kpi].short}; the pilot had {int(row['n_a']):,} and {int(row['n_b']):,}, "
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


# ---------------------------------------------------------------------------------------------
# Exercises 4: time zones
# ---------------------------------------------------------------------------------------------


def _sites(sites) -> list:
    from helpers.timezones import Site

    items = [sites] if isinstance(sites, Site) else sites
    try:
        items = list(items)
    except TypeError:
        items = None
    flat = [s for item in (items or []) for s in (item if isinstance(item, (list, tuple)) else [item])]
    sites_or_none = bool(flat) and all(s is None or isinstance(s, Site) for s in flat)
    if sites_or_none and flat[0] is None:
        raise _Skip(
            "this project has no sites table, so there are no working hours to compare. Move on to the next task."
        )
    if sites_or_none and any(s is None for s in flat):
        raise _Skip("this project has no vendor site to compare with the client's. Move on to the next task.")
    if not items or not all(isinstance(s, Site) for s in flat):
        raise _CannotCheck(
            f"expected a list of sites (Site objects, the anchor first) as the "
            f"second argument; got {sites!r}. Run the cells above first."
        )
    return items


@_friendly
def check_overlap_minutes(answer, sites, day) -> Feedback:
    """Check the minutes of overlap counted by hand for one day.

    Takes the number of minutes, the sites (``helpers.timezones.Site`` objects, the anchor
    first) and the day (a date or ISO text). The truth is
    ``helpers.timezones.daily_overlap(sites, day, day)``. Recognises an answer in hours, and
    one exactly an hour (a clock change) or half an hour (a half-hour zone) off.
    """
    from zoneinfo import ZoneInfo  # a zone, not its name: pandas 2 reads a name with pytz

    from helpers.timezones import daily_overlap, daily_utc_offsets, format_minutes, format_offset, overlap_windows

    items = _sites(sites)
    date = _day(day, "the day")
    _refuse_placeholder(answer, "a number of minutes, e.g. 90")
    number = _as_number(answer, "your number of minutes")
    truth = int(daily_overlap(items, date, date)["minutes"].iloc[0])
    flat = [s for item in items for s in (item if isinstance(item, (list, tuple)) else [item])]
    offsets = daily_utc_offsets(flat, date, date).iloc[0]
    clocks = [
        f"{s.name}: {s.describe_hours()} local, UTC{format_offset(offsets[s.name] * 3600)} on {date:%a %d %b %Y}"
        for s in flat
    ]
    if abs(number - truth) < 0.5:
        windows = overlap_windows(items, date, date, by="anchor")
        anchor = flat[0]
        when = [
            f"{row.start_utc:%H:%M}-{row.end_utc:%H:%M} UTC, that is "
            f"{row.start_utc.tz_convert(ZoneInfo(anchor.tz)):%H:%M}-"
            f"{row.end_utc.tz_convert(ZoneInfo(anchor.tz)):%H:%M} "
            f"{anchor.name} time"
            for row in windows.itertuples()
        ]
        return Feedback(
            "correct",
            f"{truth} min ({format_minutes(truth)}) of overlap on {date:%a %d %b %Y}"
            + (f": {', '.join(when)}." if when else ": the teams are never at work together."),
            clocks,
        )
    if number <= 24 and abs(number * 60 - truth) < 1:
        raise _NotYet(f"that looks like hours: the answer is asked in minutes ({number:g} h = {number * 60:g} min).")
    gap = abs(number - truth)
    hint = (
        "convert every site's hours to UTC with its offset on that very day, then take the "
        "stretch where all of them are at work. A night shift belongs to the day it starts."
    )
    if abs(gap - 60) < 0.5:
        raise _NotYet(
            "exactly one hour off: check each site's UTC offset on that day. Clocks "
            "change on different dates in different countries (and some never do).",
            clocks,
            hint,
        )
    if abs(gap - 30) < 0.5 or abs(gap - 45) < 0.5:
        raise _NotYet(
            f"{gap:g} minutes off: some zones are offset by a half or three-quarter hour (India +05:30, Nepal +05:45).",
            clocks,
            hint,
        )
    raise _NotYet(f"{number:g} min is not the overlap on {date:%a %d %b %Y}.", clocks, hint)


@_friendly
def check_meets_minimum(answer, project, date_from, date_to) -> Feedback:
    """Check which vendors give the minimum daily overlap on every working day of the client.

    Takes a dict vendor -> True/False, the loaded project and the period. The truth is
    ``meets_minimum`` of ``helpers.timezones.overlap_summary`` with the minimum from
    ``helpers.needs.min_overlap_minutes`` (needs, else functions); a wrong "True" is answered with a day that falls
    short, and the public holiday behind it when there is one.
    """
    from helpers.needs import min_overlap_minutes
    from helpers.timezones import (
        daily_overlap_by_vendor,
        format_minutes,
        overlap_summary,
        sites_from_table,
        split_client,
        working_days,
        years_between,
    )

    table = _skip_without(project, "sites", "working-hours overlap")
    date_from, date_to = _day(date_from, "the period's first day"), _day(date_to, "the period's last day")
    if date_to < date_from:
        raise _CannotCheck(f"the period ends ({date_to}) before it starts ({date_from}). Run the cells above first.")
    minimum = min_overlap_minutes(_table(project, "needs"), _table(project, "functions"))
    if minimum is None:
        raise _Skip(
            "no need sets a minimum daily overlap (checks = overlap_hours) and no function "
            "gives live_overlap_hours, so there is nothing to meet. Move on to the next task."
        )
    sites = sites_from_table(table, years_between(date_from, date_to))
    client, vendors = split_client(sites)
    names = list(vendors)
    example = "{" + ", ".join(f'"{v}": True' for v in names[:2]) + ", …}"
    _refuse_placeholder(answer, f"a dictionary vendor -> True or False, e.g. {example}")
    if not isinstance(answer, Mapping):
        raise _NotYet(f"expected a dictionary vendor -> True or False, e.g. {example}; got {type(answer).__name__}.")
    given = {}
    for vendor, value in answer.items():
        given[_match_name(vendor, names, "vendor with a site")] = _as_yes_no(value, f"the answer for {vendor}")
    missing = [v for v in names if v not in given]
    if missing:
        raise _NotYet(f"give every vendor True or False; missing: {words.names(missing)}.")
    working = working_days(client, date_from, date_to)
    by_vendor = daily_overlap_by_vendor(client, vendors, date_from, date_to)
    summary = overlap_summary(by_vendor, working, minimum)
    need = format_minutes(minimum)

    def short_day(vendor: str) -> str:
        minutes = by_vendor[vendor][working.to_numpy()]
        short = minutes[minutes < minimum]
        day = short.index[0]
        closed: dict[str, list[str]] = {}  # holiday name -> the vendor's sites it closes
        for site in vendors[vendor]:
            if day in site.holidays:
                closed.setdefault(site.holidays[day], []).append(site.name)
        why = "; ".join(f"{holiday} at {words.names(where)}" for holiday, where in closed.items())
        why = f" ({why})" if why else ""
        return (
            f"{vendor} falls short on {len(short)} working day(s) of {client.name}, e.g. "
            f"{day:%a %d %b %Y}: {format_minutes(short.iloc[0])}{why}."
        )

    def met(vendor: str) -> str:
        return (
            f"{vendor} reaches {need} on all {int(summary.at[vendor, 'working_days'])} working "
            f"days; its lowest is {summary.at[vendor, 'lowest_hours']:g} h."
        )

    truth = {v: bool(summary.at[v, "meets_minimum"]) for v in names}
    wrong = [v for v in names if given[v] != truth[v]]
    if not wrong:
        short = [v for v in names if not truth[v]]
        return Feedback(
            "correct",
            (
                f"only {words.names([v for v in names if truth[v]]) or 'no vendor'} "
                f"{'meets' if sum(truth.values()) == 1 else 'meet'} {need} on every working day. "
                if short
                else f"every vendor meets {need} on every working day. "
            )
            + (
                "An average of several hours a day hides the days a vendor's own public holiday "
                "closes its site while the client works."
                if short
                else ""
            ),
            [short_day(v) for v in short],
        )
    raise _NotYet(
        f"{len(wrong)} of your {len(names)} answers {'is' if len(wrong) == 1 else 'are'} not right yet.",
        [short_day(v) if truth[v] is False else met(v) for v in wrong],
        '"every working day" means the lowest overlap on a working day of the client counts, '
        "not the average: look at each vendor's minimum over the client's working days.",
    )


# ---------------------------------------------------------------------------------------------
# What each task asks about, chosen from the data (so that the exercises hold on any project)
# ---------------------------------------------------------------------------------------------


def answer_template(name: str, keys: Iterable[str], comments: Mapping[str, str] | None = None) -> str:
    """A dictionary to paste into a Your-turn cell: ``name = {"key": ..., ...}``, one key a
    line (with ``# comment`` when given). Keys are written as Python strings (repr), so any
    name pastes safely."""
    comments = comments or {}
    lines = [
        f"    {str(key)!r}: ...," + (f"  # {' '.join(str(comments[key]).split())}" if key in comments else "")
        for key in keys
    ]
    return f"{name} = {{\n" + "\n".join(lines) + "\n}"


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


def choose_vendor_to_score(result) -> tuple[str | None, str]:
    """The vendor whose weighted score exercise 2, task 2 asks for: the runner-up of the
    ranking (the leader when it is alone). Returns ``(vendor or None, a sentence)``."""
    ranked = list(result.ranking.index.astype(str))
    if not ranked:
        return None, "No vendor is left after the knock-outs: skip tasks 2 to 4."
    vendor = ranked[1] if len(ranked) > 1 else ranked[0]
    place = "the runner-up" if len(ranked) > 1 else "the only vendor left"
    return vendor, f"Task 2 is about {vendor}, {place} of the ranking."


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


@dataclass
class TimezoneExercise:
    """What exercise 4 works on (see :func:`timezone_exercise`).

    client, vendors  the client's site and the vendors' sites (None and {} without sites)
    site             the vendor site tasks 1 and 2 count overlap with (a night shift when
                     there is one), or None
    day_1, day_2     two working days of the client, either side of the first clock change of
                     either site in the period when there is one
    sentence         what was chosen and why, for the notebook to print
    """

    client: object
    vendors: dict
    site: object
    day_1: object
    day_2: object
    sentence: str


def timezone_exercise(project, period_start, period_end) -> TimezoneExercise:
    """Choose the sites and days of exercise 4 from the project's ``sites`` table.

    The vendor site is the first night shift (``helpers.timezones.follow_the_sun_example``),
    else the first vendor site in a zone whose offset differs from the client's, else the
    first vendor site. Day 2 is the first working day of the client at least two days after
    the first clock change (of either site) in the period, day 1 a working day a week before
    it (or the last one before the change); without a change, the first two working
    Tuesdays-or-later a week apart. Never raises for a project that loaded: without sites the
    sentence says the tasks are skipped.
    """
    import datetime as dt

    from helpers.timezones import (
        clock_changes,
        daily_utc_offsets,
        follow_the_sun_example,
        sites_from_table,
        split_client,
        working_days,
        years_between,
    )

    none = TimezoneExercise(None, {}, None, None, None, "")
    if project.sites.empty:
        none.sentence = "This project has no sites table: the tasks below say so; skip to the end."
        return none
    client, vendors = split_client(sites_from_table(project.sites, years_between(period_start, period_end)))
    none.client, none.vendors = client, vendors
    flat = [s for team in vendors.values() for s in team]
    if not flat:
        none.sentence = (
            f"Client site: {client.name} ({client.tz}). No vendor has a site: tasks 1 to 3 say so and move on."
        )
        return none
    site = follow_the_sun_example(vendors)[2]
    if site is None:
        offsets = daily_utc_offsets([client, *flat], period_start, period_start).iloc[0]
        site = next((s for s in flat if offsets[s.name] != offsets[client.name]), flat[0])
    working = working_days(client, period_start, period_end)
    days = [d for d, w in working.items() if w]
    if len(days) < 2:
        none.site = site
        none.sentence = f"{client.name} has fewer than two working days in the period: widen the period."
        return none
    changes = clock_changes([client, site], period_start, period_end)
    if len(changes):
        change = changes.iloc[0]
        after = [d for d in days if d >= change["local_date"] + dt.timedelta(days=2)]
        day_2 = after[0] if after else days[-1]
        before = [d for d in days if d < change["local_date"]]
        week_before = day_2 - dt.timedelta(days=7)
        day_1 = week_before if week_before in set(before) else (before[-1] if before else days[0])
        other = site.name if change["site"] == client.name else client.name
        moved = changes[changes["site"] == other]
        when = (
            f"{change['site']} changes its clocks on {change['local_date']:%a %d %b %Y} "
            f"(UTC{change['offset_before']} to UTC{change['offset_after']})"
        )
        also = (
            "; " + other + " changes too, on " + f"{moved.iloc[0]['local_date']:%a %d %b %Y}"
            if len(moved)
            else f"; {other} does not change then"
        )
        story = when + also + "."
    else:
        late = [d for d in days if d.weekday() >= 1] or days
        day_1 = late[0]
        day_2 = next((d for d in days if d >= day_1 + dt.timedelta(days=7)), days[-1])
        story = "Neither site changes its clocks in the period: expect the same overlap on both days."
    owner = site.owner or "a vendor"
    sentence = (
        f"Tasks 1 and 2: {client.name} ({client.tz}, {client.describe_hours()} local) and "
        f"{site.name} of {owner} ({site.tz}, {site.describe_hours()} local), on day 1 = "
        f"{day_1:%a %d %b %Y} and day 2 = {day_2:%a %d %b %Y}. {story}"
    )
    return TimezoneExercise(client, vendors, site, day_1, day_2, sentence)


# ---------------------------------------------------------------------------------------------
# The agenda of a 2-3 hour session
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One part of the session: what happens, for how long, in which notebook."""

    part: str
    minutes: int
    kind: str  # "talk", "demo", "exercise" or "break"
    notebook: str = ""  # path relative to notebooks/, "" when none


AGENDA: tuple[Part, ...] = (
    Part("Welcome, goals and set-up check", 10, "talk", "00_start_here.ipynb"),
    Part("Step 1-2: should we outsource it, and the needs", 15, "demo", "01_define_needs.ipynb"),
    Part("Exercises 1: keep in-house, knock-outs, weights", 20, "exercise", "exercises/01_needs_exercises.ipynb"),
    Part("Step 3: scoring the partners", 15, "demo", "02_score_partners.ipynb"),
    Part(
        "Exercises 2: hidden costs, weighted score, red flags, how sure",
        20,
        "exercise",
        "exercises/02_scoring_exercises.ipynb",
    ),
    Part("Break", 10, "break"),
    Part("Step 4: the pilot, compared honestly", 10, "demo", "03_pilot_trials.ipynb"),
    Part("Exercises 3: reading intervals, sample size, ramp-up", 20, "exercise", "exercises/03_pilot_exercises.ipynb"),
    Part("Step 5: working-hours overlap", 10, "demo", "04_timezone_overlap.ipynb"),
    Part(
        "Exercises 4: counting overlap, clock changes, holidays",
        15,
        "exercise",
        "exercises/04_timezone_exercises.ipynb",
    ),
    Part("Step 6: the decision report, and wrap-up", 10, "talk", "05_decision_report.ipynb"),
)


def agenda(start: str = "0:00") -> pd.DataFrame:
    """The session's timetable from ``AGENDA``.

    Takes the start time as "H:MM" (clock time such as "9:30", or "0:00" for elapsed time).
    Returns a DataFrame with ``start``, ``end`` (H:MM), ``part``, ``kind``, ``minutes`` and
    ``notebook``; ``attrs["total_minutes"]`` holds the total.
    Raises ValueError for a start that is not H:MM.
    """
    try:
        hours, minutes = (int(x) for x in str(start).split(":"))
        if not (0 <= hours and 0 <= minutes < 60):
            raise ValueError
    except ValueError:
        raise ValueError(f"start {start!r} is not a time: expected H:MM such as 9:30") from None
    lengths = np.array([p.minutes for p in AGENDA])
    begin = hours * 60 + minutes + np.concatenate([[0], np.cumsum(lengths)[:-1]])

    def clock(values):
        return [f"{v // 60}:{v % 60:02d}" for v in values]

    table = pd.DataFrame(
        {
            "start": clock(begin),
            "end": clock(begin + lengths),
            "part": [p.part for p in AGENDA],
            "kind": [p.kind for p in AGENDA],
            "minutes": lengths,
            "notebook": [p.notebook for p in AGENDA],
        }
    )
    table.attrs["total_minutes"] = int(lengths.sum())
    return table
