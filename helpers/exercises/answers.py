"""Reading a participant's answer (names, numbers, yes/no, the ``...`` placeholder) and what
the notebook passes beside it (the project, dates, weeks, a KPI, settings): a wrong answer is
"not yet", an unusable input "cannot check", a table the project lacks "skipped"."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from helpers import words
from helpers.exercises.feedback import _CannotCheck, _NotYet, _Skip, _YourTurn


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
