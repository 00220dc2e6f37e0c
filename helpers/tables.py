"""Tables as a reader sees them: human column labels with their units, numbers formatted for
people, no index numbers, yes/no as words, every cell whole and escaped.

The helpers return plain DataFrames (``vendor``, ``contract_total``, ``p_value``, ``True``,
``304500.0``): an analyst computes with them, and the live notebooks show them as they are.
The report shows the reader's version of the same frames: the report's kernels call
``for_readers()``, and from then on every DataFrame a cell shows goes through
``reader_table``. One layer, so no notebook formats a table cell by cell.

Each column name the workbook uses is described once, in ``COLUMNS``: its label (with the unit)
and its kind. A kind is one rounding and wording rule (``KINDS``): a score has two decimals on
every page, an amount its currency and thousands separators, a p-value three decimals or
"< 0.001" (``helpers.words``). A frame may describe columns of its own in
``frame.attrs["columns"]`` (name -> ``Column``), for instance a table whose columns are the
vendors. Any other column keeps its name (a vendor's or a site's name is data, shown as
written) and its numbers the plain rule: as typed, at most two decimals.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from numbers import Number
from typing import Callable

import numpy as np
import pandas as pd

from helpers import words
from helpers.display import NO_MATH, Html, element

NO = "no"
YES = "yes"


def _number(digits: int) -> Callable:
    return lambda value: f"{value:,.{digits}f}"


def _plain(value) -> str:
    """A number of no known quantity (a setting's value, a target typed in a table, a year):
    as typed, up to two decimals ("120", not "120.0"), thousands grouped from 10,000 on (a
    year stays "2027")."""
    grouping = "," if abs(value) >= 10_000 else ""
    text = f"{value:{grouping}.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _date(value) -> str:
    return pd.Timestamp(value).strftime("%a %d %b %Y")


def _moment(value) -> str:
    stamp = pd.Timestamp(value)
    zone = f" {stamp.tzname()}" if stamp.tzinfo is not None else ""
    return stamp.strftime("%d %b %Y %H:%M") + zone


# kind -> how one number (or date) of that kind is written; text is shown as written.
KINDS: dict[str, Callable] = {
    "text": _plain,  # a number in a column of words (a year, a setting's value, a target)
    "count": _number(0),  # tickets, days, questions: whole numbers, thousands grouped
    "number": _number(1),  # hours, minutes in total, statistics a reader compares
    "score": _number(2),  # a 1-5 score and the differences between scores: two decimals everywhere
    "percent": lambda value: f"{value:,.1f} %",  # a value already in percent (87.8 -> "87.8 %")
    "share": lambda value: words.percent(value, digits=1),  # a share 0..1 (0.094 -> "9.4 %")
    "chance": words.percent,  # a share of random draws, as the sentences give it ("69 %")
    "money": None,  # an amount: words.money with the row's or the table's currency
    "p_value": words.p_value,
    "date": _date,
    "moment": _moment,
}


def _kpi_label(code: str) -> str:
    from helpers.pilots.registry import KPIS

    return KPIS[code].label if code in KPIS else code


# kind -> how a text of that kind is written (any other text is shown as written)
TEXT_KINDS: dict[str, Callable] = {
    "pilot_kpi": _kpi_label,  # a pilot KPI's code ("fcr") as its name ("First-contact resolution")
    "code": lambda text: text.replace("_", " "),  # a value the schema lists ("per_ticket" -> "per ticket")
}


@dataclass(frozen=True)
class Column:
    """How a column reads: ``label`` (with its unit) and ``kind`` (a key of ``KINDS``);
    ``missing`` is written where the value is missing (an empty cell by default)."""

    label: str
    kind: str = "text"
    missing: str = ""
    shown: bool = True  # False: left out of the reader's table (a code beside its label)


PILOT_KPI = Column("KPI", "pilot_kpi")  # a column of pilot KPI codes (``describe(frame, kpi=PILOT_KPI)``)
HIDDEN = Column("", shown=False)

C = Column
# Every column name the workbook's tables use, described once. A name used by two tables
# means the same there (a frame whose column means something else says so in its attrs).
COLUMNS: dict[str, Column] = {
    # the process and the inputs (notebook 00, the appendix)
    "step": C("Step"),
    "question": C("Question"),
    "notebook": C("Notebook"),
    "minutes": C("Minutes", "count"),
    "package": C("Package"),
    "purpose": C("Purpose"),
    "installed": C("Installed"),
    "status": C("Status"),
    "table": C("Table"),
    "required": C("Required"),
    "rows": C("Rows", "count"),
    "holds": C("Holds"),
    "detail": C("Detail"),
    "setting": C("Setting"),
    "value": C("Value"),
    "from": C("From"),
    "meaning": C("Meaning"),
    "used_by": C("Used by"),
    "unit": C("Unit"),
    # should we outsource, and what must the partner deliver (notebook 01)
    "function": C("Function"),
    "strategic_importance": C("Strategic importance (1-5)", "count"),
    "time_drain_hours_week": C("Team time (h a week)", "number"),
    "mission_critical": C("Mission-critical"),
    "unique_value": C("Unique value"),
    "measurable": C("Measurable"),
    "sensitive_data": C("Sensitive data"),
    "volume_swing": C("Volume swing"),
    "type": C("Type"),
    "live_overlap_hours": C("Live overlap needed (h a day)", "number"),
    "recommendation": C("Recommendation"),
    "reasons": C("Reasons"),
    "location_model": C("Location model"),
    "onshore": C("Onshore"),
    "nearshore": C("Nearshore"),
    "offshore": C("Offshore"),
    "hybrid": C("Hybrid"),
    "cost": C("Cost"),
    "control": C("Control"),
    "time_zone_overlap": C("Time-zone overlap"),
    "data_sensitivity": C("Data sensitivity"),
    "best_when": C("Best when"),
    "overlap_hours_needed": C("Overlap needed (h a day)", "number"),
    "location": C("Location"),
    "rule": C("Rule"),
    "reason": C("Reason"),
    "need_id": C("Need ID"),
    "need": C("Need"),
    "priority": C("Priority"),
    "role": C("Role"),
    "criterion": C("Criterion"),
    "kpi": C("KPI"),  # a need's KPI in words; the pilot's tables say when it is a code
    "target": C("Target"),
    "measured_by": C("Measured by"),
    "vendor": C("Vendor"),
    "evidence": C("Evidence"),
    "source": C("Source"),
    "typed": C("Weight typed", "share"),
    "need_pct": C("Share of the needs' weight", "percent"),
    "from_needs": C("From the needs"),
    "suggested": C("Suggested weight", "share"),
    "weight": C("Weight", "share"),
    "severity": C("Severity"),
    "message": C("Finding"),
    # scoring the partners (notebook 02)
    "weight_pct": C("Weight", "percent"),
    "description": C("Description"),
    "a_1_means": C("A score of 1 means"),
    "a_5_means": C("A score of 5 means"),
    "spread": C("Spread of the scores (points)", "count"),
    "scores": C("Scores"),
    "comments": C("Comments"),
    "questions": C("Questions", "count"),
    "unanswered": C("Unanswered", "count"),
    "median_clock_h": C("Median reply (clock hours)", "number"),
    "median_working_h": C("Median reply (working hours)", "number"),
    "p90_working_h": C("90 % answered within (working hours)", "number"),
    "trend": C("Trend"),
    "unanswered_topics": C("Unanswered topics"),
    "hours_basis": C("Working hours counted"),
    "topic": C("Topic"),
    "evaluators": C("Evaluators' score (1-5)", "score"),
    "unanswered_share": C("Unanswered", "share"),
    "measured": C("Measured"),
    "agrees": C("Agrees with the evaluators"),
    "note": C("Note"),
    "reference": C("Reference"),
    "score": C("Score (1-5)", "score"),
    "comment": C("Comment"),
    "references_score": C("References score (1-5)", "score"),
    "industry_score": C("Industry score (1-5)", "score"),
    "checked": C("References checked", "count"),
    "same_industry": C("From the same industry", "count"),
    "mean_answer": C("Mean answer (1-5)", "number"),  # one decimal, as the sentences give it
    "references_checked": C("References checked"),
    "weakest_answer": C("Weakest answer (1-5)"),
    "pricing_model": C("Pricing model", "code"),
    "contract_months": C("Contract (months)", "count"),
    "base": C("Base price a year", "money"),
    "hidden": C("Hidden costs a year", "money"),
    "total": C("Total cost a year", "money"),
    "contract_total": C("Total over the contract", "money"),
    "cost_score": C("Cost score (1-5)", "score"),
    "currency": C("Currency"),
    "benefit": C("Score without cost (1-5)", "score"),
    "yearly_cost": C("Yearly cost", "money"),
    "on_frontier": C("Best value for its cost"),
    "dominated_by": C("Beaten on both by"),
    "in_race": C("In the race"),
    "rank": C("Rank", "count"),
    "behind_leader": C("Behind the leader (points)", "score"),
    "red_flags": C("Red flags"),
    "worst_flag": C("Worst red flag"),
    "evidence_flags": C("Evidence flags"),
    "weight_now_pct": C("Weight now", "percent"),
    "loses_lead_below_pct": C("The leader loses the lead below", "percent", missing="never"),
    "to_below": C("To"),
    "loses_lead_above_pct": C("The leader loses the lead above", "percent", missing="never"),
    "to_above": C("To"),
    "weighted_sum_rank": C("Rank, weighted sum", "count"),
    "topsis_rank": C("Rank, TOPSIS", "count"),
    "topsis_score": C("TOPSIS closeness (0-1)", "score"),
    "agree": C("The methods agree"),
    "scores_from": C("Scores from"),
    "measured_for": C("Measured for"),
    "evaluators_for": C("Evaluators' score for"),
    # the pilot (notebook 03)
    "tickets": C("Tickets", "count"),
    "first_day": C("First day", "date"),
    "last_day": C("Last day", "date"),
    "weeks": C("Weeks", "count"),
    "pilot_kpi": C("Pilot KPI", "pilot_kpi"),
    "min_important_difference": C("Minimum important difference", "number"),
    "min_important": C("Minimum important difference", "number"),
    "label": C("KPI"),
    "better": C("Better when"),
    "test": C("Test"),
    "expected_pct": C("Expected level (%)", "number"),
    "min_important_pp": C("Minimum important difference (points)", "number"),
    "tickets_needed": C("Tickets needed per vendor", "count"),
    "level_from": C("Expected level from"),
    "target_type": C("Target is a"),
    "estimate": C("Estimate", "number"),
    "ci_low": C("95 % interval from", "number"),
    "ci_high": C("95 % interval to", "number"),
    "meets": C("Meets the target"),
    "statistic": C("Test statistic", "score"),
    "df": C("Degrees of freedom", "count"),
    "p_value": C("p-value", "p_value"),
    "p_holm": C("p-value, Holm-adjusted", "p_value"),
    "vendors": C("Vendors", "count"),
    "vendor_a": C("Vendor A"),
    "vendor_b": C("Vendor B"),
    "verdict": C("Verdict"),
    "interval": C("Interval method"),
    # working hours across time zones (notebook 04)
    "site": C("Site"),
    "sites": C("Sites"),
    "owner": C("Owner"),
    "tz": C("Time zone"),
    "hours": C("Working hours"),
    "utc_offset": C("UTC offset today"),
    "offsets_in_period": C("UTC offsets in the period"),
    "clock_changes": C("Clock changes"),
    "holidays": C("Holidays", "count"),
    "at_utc": C("Clocks change at", "moment"),
    "local_date": C("Local date", "date"),
    "offset_before": C("Offset before"),
    "offset_after": C("Offset after"),
    "change_minutes": C("Change (minutes)", "count"),
    "overlap_minutes": C("Overlap (minutes)", "count"),
    "best_window_minutes": C("Longest unbroken window (minutes)", "count"),
    "client_time": C("Client's time"),
    "vendor_time": C("Vendor's time"),
    "working_days": C("Working days", "count"),
    "mean_hours": C("Mean overlap (h a day)", "number"),
    "lowest_hours": C("Lowest overlap (h a day)", "number"),
    "total_hours": C("Total overlap (h)", "number"),
    "days_short": C("Days short of the minimum", "count"),
    "meets_minimum": C("Meets the minimum every day"),
    "week": C("Week of", "date"),
    "days": C("Days"),
    "week_before": C("The week before"),
    "cause": C("Cause"),
    "date": C("Date", "date"),
    "year": C("Year"),
    "shortfall_minutes": C("Short by (minutes)", "count"),
    "holiday": C("Holiday"),
    "overlap_hours": C("Overlap (h)", "number"),
    "share_of_client_hours": C("Share of the client's hours", "percent"),
    # the decision (notebook 05)
    "outcome": C("Outcome"),
    "in_pilot": C("In the pilot"),
}
del C


def describe(frame, every: Column | None = None, **columns: Column):
    """``frame`` (a DataFrame or Series) with columns of its own described for readers, kept
    in ``frame.attrs`` (which pandas carries through copies): ``columns`` by name, and
    ``every`` for each column not described elsewhere (a table whose columns are the
    vendors, say; the label stays the column's name). Returns the frame."""
    frame.attrs["columns"] = {**frame.attrs.get("columns", {}), **columns}
    if every is not None:
        frame.attrs["every"] = every
    return frame


def _missing(value) -> bool:
    try:
        return value is None or value is pd.NaT or (not isinstance(value, str) and bool(pd.isna(value)))
    except (TypeError, ValueError):
        return False


def cell(value, column: Column, currency: str = "") -> str:
    """One value as a reader sees it in a column described by ``column``.

    >>> cell(374098.0, COLUMNS["yearly_cost"], "GBP"), cell(1.7e-05, COLUMNS["p_value"])
    ('GBP 374,098', '< 0.001')
    >>> cell(True, COLUMNS["meets_minimum"]), cell(float("nan"), COLUMNS["loses_lead_below_pct"])
    ('yes', 'never')
    >>> cell(3.6349, COLUMNS["score"]), cell("Pvt. Ltd.", COLUMNS["vendor"])
    ('3.63', 'Pvt. Ltd.')
    """
    if isinstance(value, (list, tuple, set, frozenset)):
        return words.names(sorted(map(str, value)) if isinstance(value, (set, frozenset)) else value, empty="")
    if _missing(value):
        return column.missing
    if isinstance(value, (bool, np.bool_)):
        return YES if value else NO
    if isinstance(value, (dt.date, pd.Timestamp)) and column.kind not in ("date", "moment"):
        return _date(value)
    if isinstance(value, str) or not isinstance(value, (Number, dt.date, pd.Timestamp)):
        return TEXT_KINDS.get(column.kind, str)(str(value))
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if column.kind == "money":
        return words.money(value, currency)
    return KINDS[column.kind](value)


def _one_currency(frame: pd.DataFrame) -> str | None:
    if "currency" not in frame.columns:
        return None
    found = frame["currency"].dropna().unique()
    return str(found[0]) if len(found) == 1 else None


def readable(frame: pd.DataFrame | pd.Series) -> tuple[list[str], list[list[str]]]:
    """The column labels and the rows of cells a reader sees for ``frame``: a named index
    becomes the first column, an unnamed one (pandas' row numbers) and the input files' row
    numbers (``row``) are left out; a currency shared by every row moves into the labels."""
    labels, rows, _ = _layout(frame)
    return labels, rows


def _layout(frame: pd.DataFrame | pd.Series) -> tuple[list[str], list[list[str]], list[bool]]:
    """``readable``'s labels and rows, and for each column whether it holds numbers (every
    value given is a number: it is aligned right)."""
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    own, every = frame.attrs.get("columns", {}), frame.attrs.get("every")
    index_names = [name for name in frame.index.names if name is not None and name != "row"]
    table = frame.reset_index(level=index_names) if index_names else frame
    columns = {name: _column(name, own, every) for name in table.columns}
    currency = _one_currency(table)
    if currency is not None and any(column.kind == "money" for column in columns.values()):
        table = table.drop(columns="currency")
    table = table[[name for name in table.columns if columns[name].shown]]
    shown = [columns[name] for name in table.columns]
    labels = [f"{c.label} ({currency})" if c.kind == "money" and currency else c.label for c in shown]
    where = None if currency or "currency" not in table.columns else table.columns.get_loc("currency")
    rows = []
    for values in table.itertuples(index=False, name=None):
        mine = "" if where is None or _missing(values[where]) else str(values[where])  # this row's currency
        rows.append([cell(value, column, mine) for column, value in zip(shown, values)])
    numeric = [_numbers(table.iloc[:, i]) for i in range(table.shape[1])]
    return labels, rows, numeric


def _numbers(values: pd.Series) -> bool:
    given = [v for v in values if not _missing(v)]
    return bool(given) and all(isinstance(v, Number) and not isinstance(v, (bool, np.bool_)) for v in given)


def _column(name, own: dict, every: Column | None = None) -> Column:
    if name in own:
        return own[name]
    if isinstance(name, str) and name in COLUMNS:
        return COLUMNS[name]
    label = " ".join(map(str, name)) if isinstance(name, tuple) else str(name)
    return Column(label, every.kind, every.missing) if every is not None else Column(label)


def reader_table(frame: pd.DataFrame | pd.Series) -> Html:
    """``frame`` as the report shows it: an HTML table with the labels and cells of
    ``readable``, every text escaped, numbers aligned right."""
    labels, rows, numeric = _layout(frame)
    header = element("thead", element("tr", [element("th", label) for label in labels]))
    body = element(
        "tbody",
        [
            element("tr", [element("td", text, class_="number" if numeric[i] else None) for i, text in enumerate(row)])
            for row in rows
        ],
    )
    return element("table", header, body, class_=f"reader-table dataframe {NO_MATH}")


def for_readers() -> None:
    """From now on every DataFrame and Series a cell shows is the reader's table
    (``reader_table``). The report's kernels call it before each notebook; an analyst may
    call it in a live notebook to see the report's tables."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    for kind in (pd.DataFrame, pd.Series):
        formatter.for_type(kind, lambda frame: str(reader_table(frame)))


__all__ = [
    "COLUMNS",
    "Column",
    "HIDDEN",
    "KINDS",
    "PILOT_KPI",
    "TEXT_KINDS",
    "cell",
    "describe",
    "for_readers",
    "readable",
    "reader_table",
]
