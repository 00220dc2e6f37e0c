"""The analyst's judgement settings: one table per project, read by every step, shown in the
report, and changed for one report with ``--set`` without touching the user's files."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from conftest import ROOT, SAMPLE

from helpers.data import InputError, load_project
from helpers.decision import decide
from helpers.needs import criteria_weight_table
from helpers.schema import SETTINGS, TABLES
from helpers.scoring import rank_partners
from helpers.settings import (
    FROM_DEFAULT,
    FROM_OPTION,
    FROM_TABLE,
    first_monday_of_next_month,
    parse_options,
    project_settings,
    with_options,
)


def write_settings(folder: Path, **values) -> None:
    pd.DataFrame({name: [value] for name, value in values.items()}).to_csv(folder / "settings.csv", index=False)


def test_first_monday_of_next_month_against_a_walk_through_the_calendar():
    for today in pd.date_range("2026-01-01", "2029-12-31", freq="5D").date:
        day = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)  # first of next month
        while day.weekday() != 0:
            day += dt.timedelta(days=1)
        assert first_monday_of_next_month(today) == day
    assert first_monday_of_next_month(dt.date(2026, 12, 1)) == dt.date(2027, 1, 4)


def test_without_a_settings_table_every_setting_is_its_documented_default(sample_copy):
    (sample_copy / "settings.csv").unlink()
    settings = project_settings(load_project(sample_copy), today=dt.date(2027, 5, 20))
    for setting in SETTINGS:
        assert settings.origin[setting.name] == FROM_DEFAULT
        if setting.default is not None:
            assert getattr(settings, setting.name) == setting.default
    assert settings.contract_start == dt.date(2027, 6, 7)
    assert settings.exclude_weeks == (1,)


def test_the_worked_example_sets_its_weights_and_contract_start(sample_project):
    settings = project_settings(sample_project)
    assert settings.weights_from == "needs" and settings.origin["weights_from"] == FROM_TABLE
    assert settings.contract_start == dt.date(2027, 1, 4)
    assert settings.origin["cost_worst_at"] == FROM_DEFAULT
    shown = settings.table()
    assert list(shown.index) == [s.name for s in SETTINGS]
    assert shown.loc["contract_start", "value"] == "2027-01-04"
    assert list(settings.table(used_by="03").index) == ["ramp_up_weeks"]


@pytest.mark.parametrize(
    "values, message",
    [
        (
            {"cost_worst_at": "0.5"},
            r"settings.csv, row 2, column 'cost_worst_at': value '0.5'; expected a number greater than 1",
        ),
        (
            {"contract_start": "04/01/2027"},
            r"column 'contract_start': value '04/01/2027'; expected a date as YYYY-MM-DD",
        ),
        ({"weights_from": "both"}, r"column 'weights_from': value 'both'; expected one of criteria, needs"),
        ({"ramp_up_weeks": "1.5"}, r"column 'ramp_up_weeks': value '1.5'; expected a whole number from 0 to 52"),
        ({"costworstat": "3"}, r"settings.csv.*costworstat"),
    ],
)
def test_a_bad_setting_is_named_with_file_row_column_and_what_was_expected(sample_copy, values, message):
    write_settings(sample_copy, **values)
    with pytest.raises(InputError, match=message):
        load_project(sample_copy)


def test_settings_hold_one_row(sample_copy):
    (sample_copy / "settings.csv").write_text("cost_worst_at\n3\n4\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"settings.csv: has 2 data rows \(rows 2 to 3\); expected one row"):
        load_project(sample_copy)


def test_an_excel_date_cell_is_the_contract_start(tmp_path, sample_project):
    path = tmp_path / "project.xlsx"
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, frame in sample_project.tables.items():
        if name == "settings" or frame.empty:
            continue
        sheet = book.create_sheet(name)
        raw = pd.read_csv(SAMPLE / f"{name}.csv", dtype=str, keep_default_na=False)
        sheet.append(list(raw.columns))
        for row in raw.itertuples(index=False):
            sheet.append(list(row))
    sheet = book.create_sheet("settings")
    sheet.append(["contract_start", "cost_worst_at"])
    sheet.append([dt.datetime(2027, 2, 1), 2.5])
    sheet["A2"].number_format = "dd/mm/yyyy"  # shown the European way, stored as a date
    book.save(path)
    settings = project_settings(load_project(path))
    assert settings.contract_start == dt.date(2027, 2, 1) and settings.cost_worst_at == 2.5


def test_typed_weights_are_used_without_a_setting(sample_copy):
    (sample_copy / "settings.csv").unlink()
    project = load_project(sample_copy)
    ranking = rank_partners(project)
    typed = criteria_weight_table(project.needs, project.criteria)["typed"]
    np.testing.assert_allclose(ranking.weights.to_numpy(), typed.to_numpy())
    with_needs = rank_partners(load_project(SAMPLE))
    suggested = criteria_weight_table(project.needs, project.criteria)["suggested"]
    np.testing.assert_allclose(with_needs.weights.to_numpy(), suggested.to_numpy())
    assert not np.allclose(typed, suggested)  # the sample's two weightings really differ


def test_decide_reads_every_setting_it_uses(sample_copy):
    write_settings(
        sample_copy,
        weights_from="criteria",
        cost_worst_at=3,
        disagreement_points=1,
        consensus="median",
        weight_concentration=20,
        ramp_up_weeks=0,
        contract_start="2027-03-01",
    )
    project = load_project(sample_copy)
    decision = decide(project, n_draws=2000)
    assert decision.period == (dt.date(2027, 3, 1), dt.date(2028, 2, 29))
    assert decision.ranking.cost_worst_at == 3
    assert decision.settings.consensus == "median"
    # The same result as the step functions called with the values by hand.
    by_hand = rank_partners(
        project,
        weights=criteria_weight_table(project.needs, project.criteria)["typed"],
        disagreement=1,
        method="median",
        cost_worst_at=3,
    )
    pd.testing.assert_frame_equal(decision.ranking.ranking, by_hand.ranking)
    assert len(decision.ranking.disagreements) == len(by_hand.disagreements) > 0
    from helpers.sensitivity import rank_probabilities

    spread = rank_probabilities(by_hand.matrix, by_hand.weights, normalize="none", n=2000, seed=0, concentration=20)
    pd.testing.assert_frame_equal(decision.probabilities, spread)
    # ramp_up_weeks = 0: week 1 counts.
    week_one = project.pilot_tickets.groupby("vendor").size()
    counted = decision.pilot_summary.query("kpi == 'fcr'").set_index("vendor")["n"]
    assert (counted.reindex(week_one.index) == week_one).all()


def test_report_options_change_one_build_and_never_the_files(sample_copy, tmp_path):
    from helpers.report import build_report

    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sample_copy.iterdir()}
    index = build_report(
        sample_copy,
        tmp_path / "out",
        notebooks=[ROOT / "notebooks" / "05_decision_report.ipynb"],
        settings=parse_options(["contract_start=2027-03-01", "cost_worst_at=3"]),
    )
    page = next(index.parent.glob("05_*.html")).read_text(encoding="utf-8")
    # the contract period the option sets, as the decision works it out, is the one on the page
    decision = decide(with_options(load_project(sample_copy), {"contract_start": "2027-03-01"}), n_draws=200)
    assert decision.period == (dt.date(2027, 3, 1), dt.date(2028, 2, 29))
    assert all(f"{day:%d %b %Y}" in page for day in decision.period)
    assert page.count(FROM_OPTION) == 2
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sample_copy.iterdir()} == before


def test_options_are_checked_like_the_table():
    with pytest.raises(InputError, match=r"--set cost=3: expected NAME=VALUE with NAME one of"):
        parse_options(["cost=3"])
    with pytest.raises(InputError, match=r"column 'cost_worst_at': value '0.5'; expected a number greater than 1"):
        parse_options(["cost_worst_at=0.5"])
    assert parse_options(["Cost_Worst_At = 3"]) == {"cost_worst_at": "3"}
    project = with_options(load_project(SAMPLE), {"ramp_up_weeks": "2"})
    settings = project_settings(project)
    assert settings.exclude_weeks == (1, 2) and settings.origin["ramp_up_weeks"] == FROM_OPTION
    assert settings.origin["weights_from"] == FROM_TABLE


def test_a_bad_option_is_a_usage_error_before_anything_runs(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "helpers",
            "report",
            str(SAMPLE),
            "--out",
            str(tmp_path / "r"),
            "--set",
            "ramp_up_weeks=-1",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2
    assert "ramp_up_weeks" in run.stderr and "expected a whole number from 0 to 52" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "r").exists()


def test_docs_list_every_setting_with_its_default():
    doc = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        default = (
            "the first Monday of next month"
            if setting.default is None
            else (f"{setting.default:g}" if isinstance(setting.default, float) else str(setting.default))
        )
        assert f"| `{setting.name}` | {default} | {setting.used_by} |" in doc
    assert [c.name for c in TABLES["settings"].columns] == [s.name for s in SETTINGS]
