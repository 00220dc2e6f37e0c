"""Legitimate outcomes, not crashes: every vendor knocked out, one vendor left, a project with
only the four required tables, a sites table with only the client's site, an overlap that
never changes. Each is a finding the notebooks and the report state plainly.

The report builds are slow (six notebooks each), so each builds one project that combines
several cases; the rest is checked on the helpers directly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.checks import describe_inputs
from helpers.data import load_project
from helpers.decision import decide
from helpers.report import NOTEBOOK_DIR, build_report
from helpers.scoring import race_headline, rank_partners
from helpers.timezones import Site, project_sites, weekly_changes_by_vendor, years_between
from tests.conftest import SAMPLE, page_text

OPTIONAL = ["functions", "must_haves", "red_flags", "references", "communications", "pilot_tickets", "sites"]


def copy_sample(folder: Path) -> Path:
    shutil.copytree(SAMPLE, folder)
    return folder


def edit(project: Path, table: str, change) -> None:
    """Rewrite one table of a CSV project through pandas (all cells as text)."""
    path = project / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame).to_csv(path, index=False)


def knock_out_everyone(project: Path) -> None:
    def fail_security(frame):
        frame.loc[frame["need_id"] == "N02", "met"] = "no"
        return frame

    edit(project, "must_haves", fail_security)


def only_the_client_site(project: Path) -> None:
    edit(project, "sites", lambda frame: frame[frame["owner"] == "client"])


def never_overlapping(project: Path, vendor: str = "BudgetDesk Global") -> None:
    """Office hours in Auckland never meet London's day: 0 h on every day, all year."""

    def move(frame):
        frame.loc[frame["vendor"] == vendor, ["country", "tz"]] = ["NZ", "Pacific/Auckland"]
        return frame

    edit(project, "vendors", move)


# --------------------------------------------------------------------------------------------
# The report on each kind of project
# --------------------------------------------------------------------------------------------


def test_report_on_a_project_with_only_the_four_required_tables(tmp_path):
    project = copy_sample(tmp_path / "minimal")
    for table in OPTIONAL:
        (project / f"{table}.csv").unlink()
    report = build_report(project, tmp_path / "report").parent

    front = page_text(report, "index.html")
    assert "No vendor can be recommended: no evidence is recorded" in front
    assert "the must_haves table is empty or missing" in front
    needs = page_text(report, "01_define_needs.html")
    assert "Not in this project: functions" in needs and "Not in this project: must_haves" in needs
    scoring = page_text(report, "02_score_partners.html")
    assert "No vendor can be recommended" in scoring
    assert "Not in this project: communications" in scoring
    pilot = page_text(report, "03_pilot_trials.html")
    assert "Not in this project: pilot_tickets" in pilot and "No pilot tickets in the data yet" in pilot
    overlap = page_text(report, "04_timezone_overlap.html")
    assert "No sites table in this project" in overlap
    assert "working-hours overlap is not checked" in overlap
    decision = page_text(report, "05_decision_report.html")
    assert "No vendor can be recommended" in decision
    assert "No sites table in this project" in decision


def test_report_when_every_vendor_is_knocked_out(tmp_path):
    project = copy_sample(tmp_path / "knocked")
    knock_out_everyone(project)
    pages = [NOTEBOOK_DIR / "02_score_partners.ipynb", NOTEBOOK_DIR / "05_decision_report.ipynb"]
    report = build_report(project, tmp_path / "report", notebooks=pages).parent  # the pages read below

    headline = (
        "No vendor can be recommended: none of the 4 vendors meets every must-have (most missed: "
        "N02 Information security certified (ISO 27001 or SOC 2 Type II), by 4 of 4)"
    )
    assert headline in page_text(report, "index.html")
    scoring = page_text(report, "02_score_partners.html")
    assert headline in scoring
    decision = page_text(report, "05_decision_report.html")
    assert headline in decision
    assert "Lisbon CX Partners is out: it does not meet the must-have Information security" in decision


def test_report_with_only_the_client_site_and_an_overlap_that_never_changes(tmp_path):
    project = copy_sample(tmp_path / "client_only")
    only_the_client_site(project)
    never_overlapping(project)
    pages = [NOTEBOOK_DIR / "04_timezone_overlap.ipynb", NOTEBOOK_DIR / "05_decision_report.ipynb"]
    report = build_report(project, tmp_path / "report", notebooks=pages).parent  # the pages read below

    rule = (
        "a vendor without a site is assumed to work 09:00-17:00 Monday to Friday in its own time zone, "
        "with its country's public holidays"
    )
    overlap = page_text(report, "04_timezone_overlap.html")
    assert (
        "No site in the sites table for Lisbon CX Partners, Manila Support Co, Northgate Contact Centre, "
        "BudgetDesk Global" in overlap
    )
    assert rule in overlap
    assert "BudgetDesk Global (assumed office hours)" in overlap
    decision = page_text(report, "05_decision_report.html")
    assert rule in decision
    assert "BudgetDesk Global (253 days)" in decision  # short on every working day: 0 h each


# --------------------------------------------------------------------------------------------
# The same outcomes on the helpers
# --------------------------------------------------------------------------------------------


@pytest.fixture
def project_dir(tmp_path) -> Path:
    return copy_sample(tmp_path / "project")


def test_nobody_left_is_a_finding_with_its_reason(project_dir):
    knock_out_everyone(project_dir)
    project = load_project(project_dir)
    result = rank_partners(project)
    assert result.ranking.empty
    assert race_headline(result, project.must_haves).startswith("No vendor can be recommended: none of the 4")
    decision = decide(project, contract_start="2027-01-04", n_draws=200)
    assert decision.recommended is None
    assert decision.sentence == race_headline(result, project.must_haves)


def test_one_vendor_left_is_recommended_as_the_only_one(project_dir):
    def fail_all_but_lisbon(frame):
        frame.loc[(frame["need_id"] == "N02") & (frame["vendor"] != "Lisbon CX Partners"), "met"] = "no"
        return frame

    edit(project_dir, "must_haves", fail_all_but_lisbon)
    project = load_project(project_dir)
    result = rank_partners(project)
    assert list(result.ranking.index) == ["Lisbon CX Partners"]
    assert race_headline(result, project.must_haves).startswith("Lisbon CX Partners is the only vendor that meets")
    decision = decide(project, contract_start="2027-01-04", n_draws=200)
    assert decision.recommended == "Lisbon CX Partners" and decision.runner_up is None
    assert "the only vendor that meets every must-have" in decision.sentence


def test_two_or_more_left_has_no_race_headline(sample_project):
    assert race_headline(rank_partners(sample_project), sample_project.must_haves) == ""


def test_missing_optional_tables_are_named(project_dir):
    for table in ("functions", "pilot_tickets"):
        (project_dir / f"{table}.csv").unlink()
    project = load_project(project_dir)
    text = describe_inputs(project, uses=["functions", "must_haves", "pilot_tickets"])
    assert text.splitlines()[0] == project.summary()
    assert [line.split(" (")[0] for line in text.splitlines()[1:]] == [
        "Not in this project: functions",
        "Not in this project: pilot_tickets",
    ]


def test_vendors_without_a_site_work_the_documented_office_hours(project_dir):
    only_the_client_site(project_dir)
    project = load_project(project_dir)
    found = project_sites(project.sites, project.vendors, years_between("2027-01-04", "2028-01-03"))
    assert found.client.name == "London HQ"
    assert list(found.vendors) == list(project.vendors["vendor"]) == found.assumed
    lisbon = found.vendors["Lisbon CX Partners"][0]
    assert (lisbon.tz, lisbon.start, lisbon.end) == ("Europe/Lisbon", "09:00", "17:00")
    assert "assumed to work 09:00-17:00 Monday to Friday" in found.describe()


def test_a_project_without_sites_has_no_client_site_and_says_so(project_dir):
    (project_dir / "sites.csv").unlink()
    project = load_project(project_dir)
    found = project_sites(project.sites, project.vendors, [2027])
    assert found.client is None and found.vendors == {} and found.all_sites == []
    assert found.describe().startswith("No sites table in this project")


def test_an_overlap_that_never_changes_has_no_weekly_changes():
    london = Site("London", "Europe/London", "09:00", "17:30")
    auckland = Site("Auckland", "Pacific/Auckland", "09:00", "17:00", owner="Far Away Ltd")
    lisbon = Site("Lisbon", "Europe/Lisbon", "08:00", "20:00", owner="Near Ltd")
    table = weekly_changes_by_vendor(
        london, {"Far Away Ltd": [auckland], "Near Ltd": [lisbon]}, "2027-01-04", "2028-01-03", cause="clock change"
    )
    assert list(table.columns) == ["vendor", "week", "days", "minutes", "week_before", "cause", "reason"]
    assert table.empty  # neither overlap changes with the clocks: Auckland 0 h, Lisbon 8 h 30 every day
    table = weekly_changes_by_vendor(london, {"Far Away Ltd": [auckland]}, "2027-01-04", "2028-01-03")
    assert table.empty
