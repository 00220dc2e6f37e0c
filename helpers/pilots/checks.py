"""The checks on what callers pass in: the tickets table (one small rule per step of
:func:`prepare`), KPI names, minimum important differences, weeks and resample counts.

Every problem is an ``InputError`` naming the column, the row (ticket id and row number) and
the value; all problems of the table at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from helpers.data import InputError
from helpers.pilots.registry import KPI, KPIS, Values
from helpers.schema import TABLES

WHERE = "pilot tickets"

# The tickets table's columns in the order of docs/data.md (the schema's): problems are listed in this order.
COLUMN_ORDER = tuple(TABLES["pilot_tickets"].column_names)

# Columns that are not a KPI's own: the week and each ticket's SLA target.
WEEK = Values("a whole number >= 1", low=1.0, whole=True)
SLA_TARGET = Values("a number of minutes > 0", low=0.0, low_open=True)


def column_rules() -> dict[str, Values]:
    """What each numeric column may hold: the KPIs' columns (from the registry), the week and
    the SLA target. Any other column (channel, priority, created_at) must only be filled in."""
    rules = {"week": WEEK, "sla_target_min": SLA_TARGET}
    for kpi in KPIS.values():
        if rules.setdefault(kpi.column, kpi.values) != kpi.values:
            raise ValueError(f"the KPIs reading column {kpi.column!r} disagree on its values")
    return rules


# ---------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------


def describe_row(tickets: pd.DataFrame, label) -> str:
    """A row as a message names it: "ticket 'A-0005' (row 7)"."""
    # helpers.data numbers rows as the spreadsheet shows them (index named "row"); any other
    # frame is named by its index label.
    where = f"{tickets.index.name} {label}" if tickets.index.name else f"index {label!r}"
    if "ticket_id" in tickets.columns and pd.notna(tickets.at[label, "ticket_id"]):
        return f"ticket {tickets.at[label, 'ticket_id']!r} ({where})"
    return where


def show_value(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "empty"
    return repr(value.item() if isinstance(value, np.generic) else value)


def _problem(tickets, column, label, value, expected) -> str:
    return f"{WHERE}: column {column!r}, {describe_row(tickets, label)}: value {value} — expected {expected}"


# ---------------------------------------------------------------------------------------
# The rules of prepare(), in the order it applies them
# ---------------------------------------------------------------------------------------


def require_frame(tickets) -> None:
    """The tickets must be a DataFrame."""
    if not isinstance(tickets, pd.DataFrame):
        raise InputError(f"{WHERE}: expected a pandas DataFrame of tickets, got {type(tickets).__name__}")


def unique_rows(tickets: pd.DataFrame) -> pd.DataFrame:
    """Row labels name the offending rows in messages: they must be unambiguous (else the
    rows are numbered 0, 1, ...)."""
    return tickets if tickets.index.is_unique else tickets.reset_index(drop=True)


def wanted_columns(columns: Iterable[str], need_week: bool) -> list[str]:
    """The columns to check: those asked for, the vendor and (when needed) the week, in
    table order so that problems are listed the same way on every run."""
    wanted = set(columns) | {"vendor"} | ({"week"} if need_week else set())
    return [c for c in COLUMN_ORDER if c in wanted] + sorted(wanted - set(COLUMN_ORDER))


def require_columns(tickets: pd.DataFrame, wanted: list[str]) -> None:
    """Every wanted column is there."""
    missing = [c for c in wanted if c not in tickets.columns]
    if missing:
        raise InputError(
            f"{WHERE}: column(s) {', '.join(repr(c) for c in missing)} missing; "
            f"the columns needed here are {', '.join(wanted)}"
        )


def require_tickets(tickets: pd.DataFrame) -> None:
    """The table has at least one ticket."""
    if len(tickets) == 0:
        raise InputError(f"{WHERE}: there are no tickets (the table is empty)")


def vendor_problems(tickets: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """Every ticket names a vendor: the vendor column (blank names as missing) and the
    problems."""
    vendor = tickets["vendor"]
    missing = vendor.isna() | (vendor.astype(str).str.strip() == "")
    problems = [
        _problem(tickets, "vendor", label, show_value(vendor.loc[label]), "a vendor name")
        for label in vendor.index[missing.to_numpy()]
    ]
    return vendor.where(~missing), problems


def allowed(rule: Values, values: pd.Series) -> pd.Series:
    """Which of the (float, present) values the rule allows."""
    if rule.choices:
        return values.isin(rule.choices)
    ok = pd.Series(np.isfinite(values.to_numpy()), index=values.index)
    if rule.low is not None:
        ok &= (values > rule.low) if rule.low_open else (values >= rule.low)
    if rule.high is not None:
        ok &= values <= rule.high
    if rule.whole:
        ok &= values == np.floor(values)
    return ok


def numeric_problems(tickets: pd.DataFrame, column: str, rule: Values) -> tuple[pd.Series, list[str]]:
    """One numeric column as floats (bad values as NaN) and the rows whose values the rule
    does not allow: text that is no number, numbers out of range, and empty cells when the
    rule requires a value."""
    raw = tickets[column]
    values = raw.astype(float) if raw.dtype == bool else pd.to_numeric(raw, errors="coerce").astype(float)
    missing = raw.isna().to_numpy()
    present = ~values.isna().to_numpy()
    bad = values.isna().to_numpy() & ~missing  # not a number at all ("abc")
    bad |= present & ~allowed(rule, values).fillna(False).to_numpy(dtype=bool)
    if rule.required:
        bad |= missing
    problems = [_problem(tickets, column, label, show_value(raw.loc[label]), rule.expected) for label in raw.index[bad]]
    return values.where(~bad), problems


def text_problems(tickets: pd.DataFrame, column: str) -> tuple[pd.Series, list[str]]:
    """A text column (channel, priority, created_at): only completeness is checked."""
    raw = tickets[column]
    problems = [_problem(tickets, column, label, "empty", "a value") for label in raw.index[raw.isna().to_numpy()]]
    return raw, problems


def check_known_vendors(clean: pd.DataFrame, tickets: pd.DataFrame, vendors) -> None:
    """Every ticket's vendor is one of ``vendors`` (None: no check)."""
    if vendors is None:
        return
    known = vendor_names(vendors)
    unknown = sorted(set(clean["vendor"]) - set(known), key=str)
    if unknown:
        rows = clean.index[clean["vendor"].isin(unknown).to_numpy()]
        raise InputError(
            f"{WHERE}: {len(rows)} ticket(s) name a vendor that is not in the vendors "
            f"table: {', '.join(repr(v) for v in unknown)} (first: "
            f"{describe_row(tickets, rows[0])}); expected one of "
            f"{', '.join(repr(v) for v in known)}"
        )


def drop_weeks(clean: pd.DataFrame, weeks: tuple[int, ...]) -> pd.DataFrame:
    """The tickets outside the weeks left out."""
    if not weeks:
        return clean
    return clean[~clean["week"].isin([float(w) for w in weeks])]


def prepare(tickets, columns: Iterable[str], exclude_weeks=(), vendors=None, need_week: bool = False) -> pd.DataFrame:
    """Check the columns needed and return a clean float copy (weeks excluded).

    Raises InputError naming the column, the row (ticket id and row number) and the value
    of every malformed value (InputError lists them all, cut off after a screenful).
    """
    require_frame(tickets)
    tickets = unique_rows(tickets)
    weeks = check_weeks(exclude_weeks)
    wanted = wanted_columns(columns, need_week or bool(weeks))
    require_columns(tickets, wanted)
    require_tickets(tickets)
    clean = pd.DataFrame(index=tickets.index)
    clean["vendor"], problems = vendor_problems(tickets)
    rules = column_rules()
    for column in (c for c in wanted if c != "vendor"):
        rule = rules.get(column)
        clean[column], found = (
            text_problems(tickets, column) if rule is None else numeric_problems(tickets, column, rule)
        )
        problems += found
    if problems:
        raise InputError(problems)
    check_known_vendors(clean, tickets, vendors)
    return drop_weeks(clean, weeks)


# ---------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------


def check_weeks(exclude_weeks) -> tuple[int, ...]:
    """Weeks to leave out as whole numbers (one number or an iterable; None for none)."""
    if exclude_weeks is None:
        return ()
    if isinstance(exclude_weeks, (int, np.integer)):
        exclude_weeks = (exclude_weeks,)
    weeks = []
    for week in exclude_weeks:
        if (
            isinstance(week, bool)
            or not isinstance(week, (int, np.integer, float))
            or (isinstance(week, float) and not week.is_integer())
        ):
            raise InputError(f"exclude_weeks: {week!r} is not a week number (expected 1, 2, …)")
        weeks.append(int(week))
    return tuple(weeks)


def vendor_names(vendors) -> list:
    """Vendor names from a list, one name or the vendors table."""
    if isinstance(vendors, pd.DataFrame):
        if "vendor" not in vendors.columns:
            raise InputError("vendors: expected a table with a 'vendor' column")
        return list(vendors["vendor"])
    if isinstance(vendors, str):
        return [vendors]
    return list(vendors)


def kpi_list(kpis) -> list[KPI]:
    """The KPIs named (all of them for None), known ones only."""
    if kpis is None:
        return list(KPIS.values())
    if isinstance(kpis, str):
        kpis = [kpis]
    unknown = [k for k in kpis if k not in KPIS]
    if unknown:
        raise InputError(f"unknown KPI {', '.join(repr(k) for k in unknown)}; expected one of {', '.join(KPIS)}")
    return [KPIS[k] for k in kpis]


def kpis_available(tickets: pd.DataFrame, kpis) -> list[KPI]:
    """The KPIs to compute: all of them by default, leaving out those whose optional column
    (CSAT, QA) the table does not have; asked-for KPIs must have their column."""
    chosen = kpi_list(kpis)
    if kpis is None and isinstance(tickets, pd.DataFrame):
        chosen = [k for k in chosen if k.column in tickets.columns or not k.optional]
    return chosen


def with_fcr(chosen: list[KPI]) -> list[KPI]:
    """Handle time is never judged alone: asking for it adds first-contact resolution."""
    if any(k.name == "handle_time" for k in chosen) and all(k.name != "fcr" for k in chosen):
        return [KPIS["fcr"], *chosen]
    return chosen


def resolve_min_important(min_important) -> dict[str, float]:
    """Defaults overridden by the given mapping (in each KPI's mid_unit)."""
    merged = {name: kpi.default_min_important for name, kpi in KPIS.items()}
    if min_important is None:
        return merged
    if isinstance(min_important, pd.Series):
        min_important = min_important.to_dict()
    if not isinstance(min_important, Mapping):
        raise InputError(
            "min_important: expected a mapping KPI -> minimum important difference, e.g. {'fcr': 3, 'handle_time': 30}"
        )
    for name, value in min_important.items():
        if name not in KPIS:
            raise InputError(f"min_important: unknown KPI {name!r}; expected one of {', '.join(KPIS)}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if math.isnan(number) or number < 0 or math.isinf(number):
            raise InputError(f"min_important: {name!r} is {value!r}; expected a number >= 0 in {KPIS[name].mid_unit}")
        merged[name] = number
    return merged


def check_n_boot(n_boot) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 100:
        raise InputError(f"n_boot: {n_boot!r}; expected a whole number of resamples >= 100")
