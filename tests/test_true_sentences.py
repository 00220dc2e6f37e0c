"""Every sentence is true for the data it was built from (issue 14, section 2).

The project is tests/service_desk.py: an IT service desk for a Chicago client, six vendors in
zones far from the worked example's, three of them piloted over six weeks, overlaps of 0 to
about 5 hours, the service desk itself mission-critical. The facts the sentences must state are
computed here from the tables, independently of the helpers that write the sentences.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from helpers.checks import data_source, skipped
from helpers.data import load_project
from helpers.decision import decide, in_house_cautions, kept_in_house, pilot_criteria
from helpers.evidence import describe_evidence_links
from helpers.needs import overlap_minimum
from helpers.pilots import choose_pair, describe_pairs, describe_pilot, pilot_shape
from helpers.report import build_report
from helpers.timezones import (
    best_windows_by_vendor,
    choose_example_day,
    daily_overlap,
    day_overlap,
    describe_day_overlap,
    describe_example_day,
    project_sites,
    working_days,
    years_between,
)
from tests.conftest import SAMPLE
from tests.service_desk import CLIENT, CRITERIA, PILOT_ORDER, VENDORS, service_desk_project
from tests.test_outcomes import page_text

PERIOD = ("2027-01-04", "2028-01-03")


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Path:
    return service_desk_project(tmp_path_factory.mktemp("desk") / "desk")


@pytest.fixture(scope="module")
def desk_report(desk, tmp_path_factory) -> Path:
    return build_report(desk, tmp_path_factory.mktemp("reports") / "desk").parent


def sites_of(project):
    return project_sites(project.sites, project.vendors, years_between(*PERIOD))


# --------------------------------------------------------------------------------------------
# 00: which data is loaded
# --------------------------------------------------------------------------------------------


def test_the_worked_example_is_named_only_for_data_sample(desk):
    assert "the worked example in data/sample" in data_source(SAMPLE)
    own = data_source(desk)
    assert (
        "worked example" not in own
        and f"your own project, {desk.name} (" in own
        and str(desk.parent) not in own
        and "folder of CSV files" in own
    )
    assert "an Excel workbook" in data_source(desk.parent / "project.xlsx")


# --------------------------------------------------------------------------------------------
# 03: the pilot as it was, for 0, 1, 2 and 3 piloted vendors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("piloted", [0, 1, 2, 3])
def test_the_pilot_is_described_as_it_was(tmp_path, piloted):
    project = load_project(service_desk_project(tmp_path / "desk", piloted=piloted, pilot_weeks=6))
    tickets = project.pilot_tickets
    shape = pilot_shape(tickets)
    assert shape.vendors == tuple(sorted(PILOT_ORDER[:piloted]))
    text = describe_pilot(shape, choose_pair(tickets))
    pairs = describe_pairs(shape)
    if piloted == 0:
        assert text.startswith("No pilot tickets in the data yet")
        assert "fewer than two piloted vendors" in pairs
        return
    weeks = tickets["week"].nunique()
    assert weeks == 6 and f"over {weeks} weeks" in text
    for vendor, count in tickets["vendor"].value_counts().items():
        assert vendor in text and f"{count:,} tickets" in text
    expected_pairs = piloted * (piloted - 1) // 2
    if piloted == 1:
        assert "1 vendor (" in text and "nothing to compare" in text
        assert "fewer than two piloted vendors" in pairs
    elif piloted == 2:
        assert "2 vendors (" in text and "Section 4" not in text
        assert pairs.startswith("With two piloted vendors there is one pair")
    else:
        assert f"{piloted} vendors (" in text and f"({expected_pairs} pairs)" in text
        assert pairs.startswith(f"With {piloted} piloted vendors there are {expected_pairs} pairs")


# --------------------------------------------------------------------------------------------
# 04: the example day and what it shows
# --------------------------------------------------------------------------------------------


def test_the_example_day_is_the_commonest_kind_of_working_day(desk):
    project = load_project(desk)
    found = sites_of(project)
    example = choose_example_day(found.client, found.vendors, *PERIOD)
    # Independently: the overlap of each vendor on each client working day, counted by kind.
    working = working_days(found.client, *PERIOD)
    days = [day for day, works in working.items() if works]
    kinds = {
        day: tuple(
            int(daily_overlap([found.client, team], day, day)["minutes"].iloc[0]) for team in found.vendors.values()
        )
        for day in days
    }
    counts = Counter(kinds.values())
    commonest, how_many = counts.most_common(1)[0]
    assert kinds[example.date] == commonest
    assert example.date == min(day for day in days if kinds[day] == commonest)
    assert (example.same_days, example.working_days, example.given) == (how_many, len(days), False)
    sentence = describe_example_day(example, CLIENT)
    assert f"{example.date:%a %d %b %Y}" in sentence and f"{how_many} of its {len(days)} working days" in sentence

    given = choose_example_day(found.client, found.vendors, *PERIOD, example_day="2027-03-16")
    assert given.given and given.date.isoformat() == "2027-03-16"
    assert "as set in the settings" in describe_example_day(given, CLIENT)


def test_the_one_day_sentence_states_the_figures(desk):
    project = load_project(desk)
    found = sites_of(project)
    day = choose_example_day(found.client, found.vendors, *PERIOD).date
    minimum = overlap_minimum(project.needs, project.functions).minutes
    assert minimum == 120  # need N03: two hours
    windows = best_windows_by_vendor(found.client, found.vendors, day)
    text = describe_day_overlap(day_overlap(found.client, windows, day, minimum), CLIENT)
    assert "most of the client's day" not in text
    client_minutes = int(daily_overlap([found.client], day, day)["minutes"].iloc[0])
    assert client_minutes == 9 * 60 and "works 9 h." in text
    minutes = {
        vendor: int(daily_overlap([found.client, team], day, day)["minutes"].iloc[0])
        for vendor, team in found.vendors.items()
    }
    assert set(minutes) == set(VENDORS)
    for vendor in minutes:
        assert vendor in text
    short = sorted(v for v, m in minutes.items() if m < minimum)
    assert short and len(short) < len(minutes)  # the project is built so that some fall short
    tail = text.split(". ")[-1]
    assert all(vendor in tail for vendor in short) and "short of the 2 h minimum" in tail
    assert not any(vendor in tail for vendor in set(minutes) - set(short))


# --------------------------------------------------------------------------------------------
# 05: the outsourcing check of step 01 is not contradicted silently
# --------------------------------------------------------------------------------------------


def test_the_decision_says_when_step_01_would_keep_a_function_in_house(desk):
    project = load_project(desk)
    functions = project.functions
    expected = list(
        functions.loc[functions["mission_critical"] | functions["unique_value"] | ~functions["measurable"], "function"]
    )
    assert expected == ["IT service desk"]
    assert list(kept_in_house(functions)["function"]) == expected
    decision = decide(project, contract_start=PERIOD[0], n_draws=200)
    assert decision.recommended is not None
    notes = [n for n in decision.notes if "outsourcing check in step 01" in n]
    assert len(notes) == 1 and "IT service desk (mission-critical" in notes[0]
    assert not any("outsourcing check" in line for line in decision.must_resolve)

    every = functions.assign(mission_critical=True)
    must, notes = in_house_cautions(every)
    assert notes == [] and "every candidate function" in must[0]
    assert in_house_cautions(functions.iloc[:0]) == ([], [])
    assert in_house_cautions(functions.assign(mission_critical=False)) == ([], [])


def test_would_change_names_the_criteria_the_pilot_kpis_feed(desk):
    project = load_project(desk)
    technical = CRITERIA[4][0]
    assert pilot_criteria(project.needs, ["fcr"]) == [technical]
    assert pilot_criteria(project.needs, ["handle_time"]) == []  # no need names a criterion for it
    decision = decide(project, contract_start=PERIOD[0], n_draws=200)
    assert not any("service quality" in line for line in decision.would_change)


def test_evidence_links_name_the_project_criteria(desk):
    criteria = load_project(desk).criteria
    replies = describe_evidence_links(criteria, ["replies"])
    assert replies == "Compared with the evaluators' scores for Speed & clarity of replies (evidence = replies)."
    refs = describe_evidence_links(criteria.assign(evidence=None), ["references"])
    assert refs.startswith("No criterion has evidence = references")


# --------------------------------------------------------------------------------------------
# The report itself
# --------------------------------------------------------------------------------------------

SAMPLE_WORDS = [
    "Lisbon",
    "Manila",
    "Northgate",
    "BudgetDesk",
    "London",
    "service quality",
    "service_quality",
    "Brightwater",
    "GBP",
]


def test_report_states_what_is_true_for_the_project(desk, desk_report):
    pages = {
        name: page_text(desk_report, f"{name}.html")
        for name in [
            "00_start_here",
            "01_define_needs",
            "02_score_partners",
            "03_pilot_trials",
            "04_timezone_overlap",
            "05_decision_report",
        ]
    }
    for name, text in pages.items():
        for word in SAMPLE_WORDS:
            assert word not in text, (name, word)
    assert "Loaded for you: your own project" in pages["00_start_here"]
    assert "is loaded for you" not in pages["00_start_here"]
    # 01: the what-if on a draft of must-haves is not part of the report
    assert "everything is a must-have" not in pages["01_define_needs"]
    assert " error " not in pages["01_define_needs"]
    # 03: three vendors, six weeks, three pairs
    pilot = pages["03_pilot_trials"]
    assert "Piloted: 3 vendors (Bengaluru NightOps, Himalaya ServiceWorks and Mekong Desk) over 6 weeks" in pilot
    assert "With 3 piloted vendors there are 3 pairs" in pilot
    assert "With two piloted vendors" not in pilot and "quarter of the tickets" not in pilot
    assert "one-month pilot" not in pilot
    # 04: the day is chosen and explained; the one-day sentence is computed
    overlap = pages["04_timezone_overlap"]
    assert "a typical working day of Lakeshore HQ Chicago" in overlap
    assert "every vendor overlaps for most of the client's day" not in overlap
    assert "Avalon Helpline and Harbour IT Sydney fall short of the 2 h minimum that day" in overlap
    # 05: the outsourcing check of step 01 is stated beside the recommendation
    decision = pages["05_decision_report"]
    assert "The outsourcing check in step 01 advises keeping this function in-house: IT service desk" in decision


def test_a_project_without_functions_says_so_on_page_01(tmp_path):
    project = service_desk_project(tmp_path / "desk", piloted=0)
    header = (project / "functions.csv").read_text().splitlines()[0]
    (project / "functions.csv").write_text(header + "\n")
    notebook = Path(__file__).resolve().parent.parent / "notebooks" / "01_define_needs.ipynb"
    report = build_report(project, tmp_path / "report", notebooks=[notebook]).parent
    text = page_text(report, "01_define_needs.html")
    assert text.count(skipped("functions")) == 2  # section 1 and section 2
    assert "mission_critical" not in text  # no empty functions table (headers only)
