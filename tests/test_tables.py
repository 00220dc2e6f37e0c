"""The reader's tables (helpers.tables): what a decision maker sees of a DataFrame in the report."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from helpers import tables
from helpers.tables import COLUMNS, KINDS, Column, describe, readable, reader_table


def test_costs_read_with_the_currency_in_the_labels_and_thousands_grouped():
    costs = pd.DataFrame(
        {"currency": ["GBP", "GBP"], "base": [374100.0, 293760.0], "contract_total": [835716.6, 748196.6]},
        index=pd.Index(["Lisbon", "Manila"], name="vendor"),
    )
    labels, rows = readable(costs)
    assert labels == ["Vendor", "Base price a year (GBP)", "Total over the contract (GBP)"]
    assert rows == [["Lisbon", "374,100", "835,717"], ["Manila", "293,760", "748,197"]]


def test_two_currencies_stay_in_every_cell():
    costs = pd.DataFrame({"currency": ["GBP", "EUR"], "total": [1500.0, 2500.4]})
    labels, rows = readable(costs)
    assert labels == ["Currency", "Total cost a year"]
    assert rows == [["GBP", "GBP 1,500"], ["EUR", "EUR 2,500"]]


def test_pandas_row_numbers_and_the_input_files_row_numbers_are_left_out():
    frame = pd.DataFrame({"need": ["a", "b"]}, index=[7, 9])
    assert readable(frame) == (["Need"], [["a"], ["b"]])
    frame.index.name = "row"
    assert readable(frame) == (["Need"], [["a"], ["b"]])


def test_yes_no_missing_p_values_and_dates_read_as_words():
    frame = pd.DataFrame(
        {
            "meets_minimum": [True, np.bool_(False)],
            "p_value": [1.743593e-05, 0.4901],
            "loses_lead_below_pct": [np.nan, 12.34],
            "first_day": [pd.Timestamp("2026-09-07"), pd.NaT],
            "dominated_by": [None, "Lisbon"],
        }
    )
    labels, rows = readable(frame)
    assert rows == [
        ["yes", "< 0.001", "never", "Mon 07 Sep 2026", ""],
        ["no", "0.490", "12.3 %", "", "Lisbon"],
    ]


def test_one_rounding_rule_per_quantity():
    """A score has two decimals on every page, whatever the table rounded before."""
    for value in (3.634999, 3.635001, 3.6):
        assert tables.cell(value, COLUMNS["score"]) == f"{value:.2f}"
        assert tables.cell(value, COLUMNS["benefit"]) == tables.cell(value, COLUMNS["score"])


def test_a_frame_may_describe_its_own_columns_and_hide_a_code():
    frame = describe(
        pd.DataFrame({"label": ["First-contact resolution"], "x": [0.25]}, index=pd.Index(["fcr"], name="kpi")),
        x=Column("Share of tickets", "share"),
        label=tables.HIDDEN,
        kpi=tables.PILOT_KPI,
    )
    assert readable(frame) == (["KPI", "Share of tickets"], [["First-contact resolution", "25.0 %"]])
    # pandas carries the description through a copy and a selection of rows
    assert readable(frame.copy().iloc[:1]) == readable(frame)


def test_a_table_whose_columns_are_vendors_takes_one_kind_for_them():
    frame = describe(
        pd.DataFrame({"Lisbon": [2023.04], "Manila": [1993.5]}, index=pd.Index([2027], name="year")),
        every=Column("", "number"),
    )
    assert readable(frame) == (["Year", "Lisbon", "Manila"], [["2027", "2,023.0", "1,993.5"]])


def test_user_text_is_escaped_and_never_cut():
    name = '<img src="https://example.com/x.png" onerror="alert(1)"> ' + "Very long vendor name " * 10
    html = str(reader_table(pd.DataFrame({"vendor": [name], "note": ["[x](javascript:alert(1))"]})))
    assert "<img" not in html and "&lt;img" in html
    assert "Very long vendor name " * 10 in html.replace("&quot;", '"')
    assert "…" not in html and "<a" not in html


def test_numbers_align_right_and_words_left():
    html = str(reader_table(pd.DataFrame({"vendor": ["A"], "tickets": [1010]})))
    assert '<td class="number">1,010</td>' in html and "<td>A</td>" in html


def test_every_described_column_has_a_label_and_a_known_kind():
    for name, column in COLUMNS.items():
        assert column.label and (not column.label[0].islower() or column.label.startswith("p-value")), name
        assert column.kind in KINDS or column.kind in tables.TEXT_KINDS, name


@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(sorted(set(KINDS) - {"date", "moment"})))
def test_no_number_is_shown_as_a_program_prints_it(value, kind):
    from tests.projects import RAW_CELL

    if kind == "p_value" and not 0 <= value <= 1:
        return  # not a p-value
    text = tables.cell(value, Column("x", kind), currency="EUR")
    assert not RAW_CELL.fullmatch(text), (value, kind, text)
    if math.isfinite(value) and abs(value) >= 10_000 and kind not in ("p_value", "share", "chance"):
        assert re.search(r"\d,\d{3}", text), (value, kind, text)


def test_a_moment_reads_with_its_zone_and_a_date_with_its_weekday():
    when = pd.Timestamp("2027-03-28 01:00", tz="UTC")
    assert tables.cell(when, COLUMNS["at_utc"]) == "28 Mar 2027 01:00 UTC"
    assert tables.cell(when.date(), COLUMNS["local_date"]) == "Sun 28 Mar 2027"
