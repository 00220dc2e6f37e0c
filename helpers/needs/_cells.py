"""Reading the cells of the needs, criteria and functions tables: plain messages, never a
traceback wall from deep inside pandas (shared by every module of ``helpers.needs``)."""

from __future__ import annotations

import pandas as pd

from helpers.data import InputError, yes_no_column


def _text(series: pd.Series) -> pd.Series:
    """Strip text cells; blanks and missing values become ''."""
    return series.astype("str").fillna("").str.strip()


def _is_blank(series: pd.Series) -> pd.Series:
    return _text(series) == ""


def _as_bool(series: pd.Series, table: str, column: str, ids) -> pd.Series:
    """Yes/no column as bool, read by the package's one rule (``helpers.data.yes_no``); a blank
    is an error. ``ids`` names the rows in a message: a Series, or a function returning one."""
    return yes_no_column(series, f"{table}.{column}", ids)


def _as_number(series: pd.Series, table: str, column: str, ids: pd.Series) -> pd.Series:
    """Numeric column; blanks become NaN, text that is not a number is an InputError."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.astype(float)  # already numbers (as load_project gives): nothing to parse
    numbers = pd.to_numeric(series.where(~_is_blank(series)), errors="coerce")
    bad = numbers.isna() & ~_is_blank(series)
    if bad.any():
        shown = ", ".join(f"{i!s}: {v!r}" for i, v in zip(ids[bad], series[bad]))
        raise InputError(f"{table}.{column}: expected a number, got {shown}.")
    return numbers.astype(float)


def _require_keys(keys: pd.Series, column: str, row: str, key: str, each: str) -> None:
    """Every row has a key and no key repeats (the needs' ``need_id``, the criteria's
    ``criterion``). ``keys`` is the stripped column; ``row``, ``key`` and ``each`` word the
    messages: "{column}: every {row} needs {key}; ...", "each {each} must be unique"."""
    if (keys == "").any():
        raise InputError(f"{column}: every {row} needs {key}; some rows have none.")
    repeated = keys[keys.duplicated()].unique()
    if len(repeated):
        raise InputError(f"{column}: each {each} must be unique; repeated: {', '.join(repeated)}.")
