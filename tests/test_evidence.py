"""The evidence behind the scores: reply times against hand-worked examples (a weekend, a bank
holiday, a vendor in the other hemisphere across its clock change, a vendor without a site),
per-vendor summaries against hand formulas, and the reference checks counted by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.data import InputError, Project
from helpers.evidence import (
    band,
    communication_check,
    describe_evidence_links,
    evidence_criteria,
    gather_evidence,
    reference_answers,
    reference_check,
    reference_summary,
    response_by_topic,
    response_times,
    responsiveness,
    vendor_hours,
    weakest_answers,
    weekly_responsiveness,
)
from helpers.schema import REFERENCE_QUESTIONS, TABLES

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
VENDORS = pd.DataFrame(
    {
        "vendor": ["Lisbon Co", "Leeds Co", "Sydney Co", "Santos Co"],
        "country": ["PT", "GB", "AU", "BR"],
        "tz": ["Europe/Lisbon", "Europe/London", "Australia/Sydney", "America/Sao_Paulo"],
    }
)
SITES = pd.DataFrame(
    {
        "site": ["London HQ", "Lisbon", "Leeds", "Sydney"],
        "owner": ["client", "Lisbon Co", "Leeds Co", "Sydney Co"],
        "tz": ["Europe/London", "Europe/Lisbon", "Europe/London", "Australia/Sydney"],
        "start": ["09:00", "08:00", "08:00", "09:00"],
        "end": ["17:30", "20:00", "20:00", "17:00"],
        "workdays": ["Mon-Fri"] * 4,
        "holiday_country": ["GB", "PT", "GB", "AU"],
        "holiday_subdivision": ["ENG", None, "ENG", "NSW"],
        "hours_by_weekday": [None] * 4,
    }
)


def log(rows) -> pd.DataFrame:
    """A communications table as the loader returns it (times tz-aware, UTC)."""
    frame = pd.DataFrame(rows, columns=["vendor", "topic", "sent_at", "replied_at"])
    frame["channel"] = "email"
    frame["subject"] = ""
    for column in ("sent_at", "replied_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    return frame


HAND_LOG = log(
    [
        # Friday evening to Lisbon, answered Monday: Fri 19:30-20:00 + Mon 08:00-09:15 = 1 h 45.
        ("Lisbon Co", "scope", "2026-08-21T19:30+01:00", "2026-08-24T09:15+01:00"),
        # Leeds before the English bank holiday (Mon 31 Aug): Fri 4 h + Tue 2 h 30 = 6 h 30.
        ("Leeds Co", "pricing", "2026-08-28T16:00+01:00", "2026-09-01T10:30+01:00"),
        # Sydney across its clock change (Sun 4 Oct) and NSW Labour Day (Mon 5 Oct): Fri 8 h + Tue 2 h 30.
        ("Sydney Co", "security", "2026-10-01T16:00Z", "2026-10-06T00:30Z"),
        # Santos Co has no site: 09:00-17:00 in Sao Paulo with Brazil's holidays (Mon 7 Sep):
        # Fri 16:00-17:00 + Tue 09:00-10:00 = 2 h.
        ("Santos Co", "contract", "2026-09-04T16:00-03:00", "2026-09-08T10:00-03:00"),
        # Still unanswered.
        ("Lisbon Co", "pricing", "2026-09-01T10:00+01:00", None),
    ]
)


# --------------------------------------------------------------------------------------------
# Reply times
# --------------------------------------------------------------------------------------------


def test_reply_times_by_hand():
    times = response_times(HAND_LOG, SITES, VENDORS, as_of="2026-10-06T12:00Z")
    assert times["working_hours"].iloc[:4].tolist() == pytest.approx([1.75, 6.5, 10.5, 2.0])
    # Clock: Fri 19:30 to Mon 09:15 = 61 h 45; Fri 16:00 to Tue 10:30 = 90 h 30; Thu 16:00 UTC to
    # Tue 00:30 UTC = 104 h 30; Fri 16:00 to Tue 10:00 = 90 h.
    assert times["clock_hours"].iloc[:4].tolist() == pytest.approx([61.75, 90.5, 104.5, 90.0])
    assert times["answered"].tolist() == [True, True, True, True, False]
    last = times.iloc[4]
    assert np.isnan(last["working_hours"]) and np.isnan(last["clock_hours"])
    # Waiting from Tue 1 Sep 09:00 UTC to Tue 6 Oct 12:00 UTC: 35 days 3 h by the clock. In
    # Lisbon's working time (08:00-20:00, UTC+1): Tue 1 Sep 10:00-20:00 (10 h), the 23 weekdays
    # Wed 2 Sep to Fri 2 Oct (12 h each), Mon 5 Oct is Republic Day (a Portuguese holiday), then
    # Tue 6 Oct 08:00-13:00 (5 h): 10 + 276 + 5 = 291 h.
    assert last["waiting_clock_hours"] == pytest.approx(35 * 24 + 3)
    assert last["waiting_working_hours"] == pytest.approx(291)
    teams, basis = vendor_hours(SITES, VENDORS, [2026])
    assert times.attrs["hours_basis"] == basis  # the hours the reply times were measured in
    santos, leeds = teams["Santos Co"], teams["Leeds Co"]
    # Santos Co has no site: assumed office hours in its zone, with Brazil's public holidays
    assert [(s.tz, s.start, s.end, s.workdays) for s in santos] == [("America/Sao_Paulo", "09:00", "17:00", WEEKDAYS)]
    assert dt.date(2026, 9, 7) in santos[0].holidays
    assert [(s.name, s.tz, s.start, s.end) for s in leeds] == [("Leeds", "Europe/London", "08:00", "20:00")]


def test_without_holidays_the_holiday_counts():
    sites = SITES.assign(holiday_country=None, holiday_subdivision=None)
    times = response_times(HAND_LOG.iloc[:3], sites, VENDORS)
    # Leeds gains Monday's 12 h; Sydney gains Monday's 8 h.
    assert times["working_hours"].tolist() == pytest.approx([1.75, 18.5, 18.5])


def test_default_as_of_is_the_latest_time_in_the_log():
    times = response_times(HAND_LOG, SITES, VENDORS)
    # The latest time is the Sydney reply, Tue 6 Oct 00:30 UTC; the open question was sent Tue 1 Sep 09:00 UTC.
    assert times["waiting_clock_hours"].iloc[4] == pytest.approx(35 * 24 - 8.5)


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda f: f.assign(sent_at=f["sent_at"].dt.tz_localize(None)), "with their zone"),
        (lambda f: f.assign(replied_at=f["sent_at"] - pd.Timedelta(hours=1)), "before it was sent"),
        (lambda f: f.assign(vendor="Ghost Ltd"), "Ghost Ltd not in the vendors table"),
        (lambda f: f.drop(columns="sent_at"), "sent_at"),
    ],
)
def test_response_times_bad_input(change, words):
    with pytest.raises(InputError, match=words):
        response_times(change(HAND_LOG.iloc[:2].copy()), SITES, VENDORS)


def test_as_of_needs_a_zone_and_must_follow_the_questions():
    with pytest.raises(InputError, match="without zone"):
        response_times(HAND_LOG, SITES, VENDORS, as_of="2026-10-06 12:00")
    with pytest.raises(InputError, match="before a question was sent"):
        response_times(HAND_LOG, SITES, VENDORS, as_of="2026-08-01T00:00Z")


# --------------------------------------------------------------------------------------------
# Per-vendor summary
# --------------------------------------------------------------------------------------------


def _times(rows) -> pd.DataFrame:
    """A response_times-shaped frame: (vendor, topic, sent_at, working hours or None)."""
    frame = pd.DataFrame(rows, columns=["vendor", "topic", "sent_at", "working_hours"])
    frame["sent_at"] = pd.to_datetime(frame["sent_at"], utc=True)
    frame["answered"] = frame["working_hours"].notna()
    frame["working_hours"] = frame["working_hours"].astype(float)
    frame["clock_hours"] = frame["working_hours"] * 2  # any numbers: checked separately
    return frame


def test_median_p90_and_unanswered_by_hand():
    times = _times(
        [("A", "pricing", f"2026-08-{d:02d}T10:00Z", h) for d, h in [(3, 1.0), (4, 10.0), (5, 3.0), (6, 4.0), (7, 2.0)]]
        + [
            ("A", "pricing", "2026-08-10T10:00Z", None),
            ("A", "scope", "2026-08-11T10:00Z", None),
            ("A", "pricing", "2026-08-12T10:00Z", None),
        ]
    )
    summary = responsiveness(times).loc["A"]
    # Sorted answers 1, 2, 3, 4, 10: median 3; 90th percentile (linear) at position 0.9 x 4 = 3.6,
    # 4 + 0.6 x (10 - 4) = 7.6. Clock hours are twice as long here.
    assert summary["median_working_h"] == 3.0 and summary["p90_working_h"] == pytest.approx(7.6)
    assert summary["median_clock_h"] == 6.0 and summary["p90_clock_h"] == pytest.approx(15.2)
    assert (summary["questions"], summary["answered"], summary["unanswered"]) == (8, 5, 3)
    assert summary["unanswered_share"] == pytest.approx(3 / 8)
    assert summary["unanswered_topics"] == "pricing (2), scope"


def test_trend_compares_the_two_halves_of_the_selection():
    days = [3, 4, 5, 6, 7, 24, 25, 26, 27, 28]  # the period runs 3 to 28 Aug: midpoint 15 Aug
    rows = []
    for vendor, first, second in [("Slower", 1.0, 3.0), ("Faster", 6.0, 2.0), ("Steady", 2.0, 2.5)]:
        rows += [(vendor, "t", f"2026-08-{d:02d}T10:00Z", first if d < 15 else second) for d in days]
    rows += [("Sparse", "t", "2026-08-03T10:00Z", 1.0), ("Sparse", "t", "2026-08-28T10:00Z", 9.0)]
    summary = responsiveness(_times(rows))
    assert summary["trend"].to_dict() == {
        "Slower": "slower",
        "Faster": "faster",
        "Steady": "steady",
        "Sparse": "too few replies to tell",
    }
    assert summary.loc["Slower", "first_half_median_working_h"] == 1.0
    assert summary.loc["Slower", "second_half_median_working_h"] == 3.0


def test_vendors_with_no_question_get_a_row():
    summary = responsiveness(_times([("A", "t", "2026-08-03T10:00Z", 1.0)]), vendors=["A", "B"])
    assert summary.loc["B", "questions"] == 0 and np.isnan(summary.loc["B", "median_working_h"])
    assert band(summary.loc["B", "median_working_h"], summary.loc["B", "unanswered_share"]) == "no questions"


def test_weekly_and_by_topic():
    times = _times(
        [
            ("A", "Pricing", "2026-08-03T10:00Z", 1.0),
            ("A", "pricing ", "2026-08-07T10:00Z", 3.0),
            ("A", "scope", "2026-08-10T10:00Z", None),
            ("B", "scope", "2026-08-09T23:00Z", 4.0),
        ]
    )
    weekly = weekly_responsiveness(times)
    week = pd.Timestamp("2026-08-03").date()
    assert weekly[["vendor", "week", "questions", "unanswered"]].values.tolist() == [
        ["A", week, 2, 0],
        ["A", pd.Timestamp("2026-08-10").date(), 1, 1],
        ["B", week, 1, 0],  # Sunday 9 Aug belongs to the week of Monday 3 Aug
    ]
    assert weekly["median_working_h"].tolist()[::2] == [2.0, 4.0] and np.isnan(weekly.loc[1, "median_working_h"])
    topics = response_by_topic(times).set_index(["vendor", "topic"])
    assert topics.loc[("A", "pricing"), "questions"] == 2  # case and spaces do not split a topic
    assert topics.loc[("A", "scope"), "unanswered"] == 1


@pytest.mark.parametrize(
    "median, share, expected",
    [
        (4.0, 0.09, "fast"),
        (4.1, 0.0, "medium"),
        (1.0, 0.10, "medium"),
        (8.0, 0.2, "medium"),
        (8.1, 0.0, "slow"),
        (1.0, 0.25, "slow"),
        (np.nan, 1.0, "no reply"),
    ],
)
def test_band_boundaries(median, share, expected):
    assert band(median, share) == expected


def test_communication_check_notes_where_scores_and_measurements_disagree():
    summary = pd.DataFrame(
        {"median_working_h": [10.0, 1.0, 1.0, 2.0], "unanswered_share": [0.0, 0.0, 0.0, 0.05]},
        index=pd.Index(["Polished", "Quick", "Agreed", "Unscored"], name="vendor"),
    )
    consensus = pd.DataFrame(
        {
            "vendor": ["Polished", "Quick", "Agreed", "Polished"],
            "criterion": ["communication", "communication", "communication", "cost"],
            "consensus": [4.5, 2.0, 4.0, 1.0],
        }
    )
    check = communication_check(consensus, summary, "communication")
    assert check["measured"].to_dict() == {"Polished": "slow", "Quick": "fast", "Agreed": "fast", "Unscored": "fast"}
    assert check["agrees"].to_dict() == {"Polished": False, "Quick": False, "Agreed": True, "Unscored": True}
    assert check["evaluators"].loc[["Polished", "Quick", "Agreed"]].tolist() == [4.5, 2.0, 4.0]
    assert (check.loc[["Polished", "Quick"], "note"] != "").all()  # a note where they disagree
    assert (check.loc[["Agreed", "Unscored"], "note"] == "").all()
    assert np.isnan(check.loc["Unscored", "evaluators"])
    # snapshot of the words
    assert check.loc["Polished", "note"] == (
        "Evaluators score Polished's communication 4.5 of 5, but it replied in a median 10.0 working h "
        "(0 % of questions unanswered): ask what the score rests on."
    )
    assert check.loc["Quick", "note"] == (
        "Evaluators score Quick's communication 2.0 of 5, yet it replied in a median 1.0 working h: "
        "is the score about clarity rather than speed? Say so in the comments."
    )


# --------------------------------------------------------------------------------------------
# Reference checks
# --------------------------------------------------------------------------------------------


def refs(rows) -> pd.DataFrame:
    """A references table: (vendor, reference, same_industry, checked, answers dict)."""
    records = []
    for vendor, reference, same, checked, answers in rows:
        record = {
            "vendor": vendor,
            "reference": reference,
            "industry": None,
            "same_industry": same,
            "similar_scope": same,
            "relationship": None,
            "checked": checked,
            "would_change": answers.pop("would_change", None),
            "notes": None,
        }
        for question in REFERENCE_QUESTIONS:
            score, comment = answers.get(question, (np.nan, None))
            record[question], record[f"{question}_comment"] = float(score), comment
        records.append(record)
    return pd.DataFrame(records, columns=TABLES["references"].column_names)


REFS = refs(
    [
        (
            "Good",
            "R1",
            True,
            True,
            {
                "deadlines": (5, "always"),
                "staff_stability": (2, "half the team left"),
                "hire_again": (5, "yes"),
                "would_change": "more reports",
            },
        ),
        (
            "Good",
            "R2",
            False,
            True,
            {"deadlines": (4, "mostly"), "staff_stability": (3, "some churn"), "escalations": (3, "slow")},
        ),
        ("Thin", "R3", True, True, {"deadlines": (4, ""), "hire_again": (4, "")}),
        ("Thin", "R4", False, False, {}),
        ("Ghost", "R5", False, False, {}),
    ]
)


def test_reference_summary_by_hand():
    summary = reference_summary(REFS, vendors=["Good", "Thin", "Ghost", "Nobody"])
    assert summary[["offered", "checked", "same_industry"]].values.tolist() == [
        [2, 2, 1],
        [2, 1, 1],
        [1, 0, 0],
        [0, 0, 0],
    ]
    assert summary.loc["Good", "deadlines"] == 4.5 and summary.loc["Good", "staff_stability"] == 2.5
    assert summary.loc["Good", "escalations"] == 3.0 and np.isnan(summary.loc["Good", "communication"])
    # Every answer of Good: 5, 2, 5, 4, 3, 3 -> mean 22 / 6.
    assert summary.loc["Good", "overall"] == pytest.approx(22 / 6)
    assert (summary.loc["Good", "weakest"], summary.loc["Good", "weakest_score"]) == ("staff stability", 2.5)
    assert summary.loc["Good", "would_change"] == "more reports"
    assert summary["too_few_checkable"].to_dict() == {"Good": False, "Thin": True, "Ghost": True, "Nobody": True}
    assert summary.loc["Ghost", "weakest"] == "" and np.isnan(summary.loc["Ghost", "overall"])


def test_reference_answers_and_the_weakest_quoted():
    answers = reference_answers(REFS)
    assert len(answers) == 8  # 3 + 3 + 2 answered questions of checked references
    assert answers.iloc[0][["reference", "question", "score"]].tolist() == ["R1", "deadlines", 5.0]
    weak = weakest_answers(REFS)
    assert weak[["vendor", "reference", "question", "score", "comment"]].values.tolist() == [
        ["Good", "R1", "staff stability", 2.0, "half the team left"],
        ["Good", "R2", "problems and escalations", 3.0, "slow"],
        ["Good", "R2", "staff stability", 3.0, "some churn"],
    ]
    assert weakest_answers(REFS, per_vendor=1)["comment"].tolist() == ["half the team left"]
    assert weakest_answers(REFS, at_most=1).empty


def test_reference_check_notes():
    summary = reference_summary(REFS, vendors=["Good", "Thin", "Ghost"])
    consensus = pd.DataFrame(
        {
            "vendor": ["Good", "Good", "Thin", "Thin", "Ghost", "Ghost"],
            "criterion": ["references", "industry_experience"] * 3,
            "consensus": [5.5, 3.0, 4.0, 4.5, 1.0, 1.5],
        }
    )
    check = reference_check(consensus, summary, "references", "industry_experience")
    # Good: 5.5 against a mean answer of 3.67 is 1.83 apart.
    assert check.loc["Good", "mean_answer"] == pytest.approx(3.67, abs=0.01)
    assert not check.loc["Good", "agrees"] and check.loc["Good", "note"] != ""
    assert check.loc["Thin", "checked"] == 1
    assert not check.loc["Thin", "agrees"] and check.loc["Thin", "note"] != ""
    assert check.loc["Ghost", "agrees"] and check.loc["Ghost", "note"] == ""
    no_industry = reference_check(
        consensus.assign(consensus=4.5), summary.assign(same_industry=0), "references", "industry_experience"
    )
    assert no_industry.loc["Good", "same_industry"] == 0
    assert not no_industry.loc["Good", "agrees"] and no_industry.loc["Good", "note"] != check.loc["Good", "note"]


# --------------------------------------------------------------------------------------------
# The worked example and the whole project
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_evidence(sample_project):
    from helpers.scoring import consensus_scores

    return gather_evidence(sample_project, consensus_scores(sample_project.scores), excluded=["BudgetDesk Global"])


def test_the_sample_tells_its_story(sample_evidence):
    summary = sample_evidence.responsiveness
    assert summary.loc["Lisbon CX Partners", "unanswered"] == 0
    assert summary.loc["Lisbon CX Partners", "trend"] == "steady"
    assert summary["median_working_h"].idxmin() == "Manila Support Co"
    assert summary.loc["Manila Support Co", "unanswered"] >= 3
    assert "staffing" in summary.loc["Manila Support Co", "unanswered_topics"]
    assert summary.loc["BudgetDesk Global", "trend"] == "slower"
    assert summary.loc["BudgetDesk Global", "unanswered_topics"].startswith("pricing")
    assert 15 <= summary["questions"].min() and summary["questions"].max() <= 30
    times = sample_evidence.response_times
    friday = times[times["subject"] == "Can the team cover our Saturday sale?"].iloc[0]
    # Fri 21 Aug 20:35 to Mon 24 Aug 09:12 (Lisbon closes at 20:00): 72 working minutes, 60 h 37 min by the clock.
    assert friday["working_hours"] == pytest.approx(1.2) and friday["clock_hours"] == pytest.approx(60 + 37 / 60)
    holiday = times[times["subject"] == "Can you start knowledge transfer on 5 October?"].iloc[0]
    # Sent on Ninoy Aquino Day (Fri 21 Aug); Manila's team starts again Mon 15:00: 20 minutes.
    assert holiday["working_hours"] == pytest.approx(20 / 60)
    assert not sample_evidence.communication_check.loc["Northgate Contact Centre", "agrees"]
    assert sample_evidence.communication_check["agrees"].sum() == 3
    refs_summary = sample_evidence.references
    assert refs_summary["too_few_checkable"].to_dict() == {
        "Lisbon CX Partners": False,
        "Manila Support Co": False,
        "Northgate Contact Centre": False,
        "BudgetDesk Global": True,
    }
    assert refs_summary.loc["Manila Support Co", "weakest"] == "staff stability"
    assert refs_summary.loc["Manila Support Co", "same_industry"] == 2
    assert refs_summary.loc["BudgetDesk Global", "checked"] == 0
    assert any(w.startswith("BudgetDesk Global") for w in sample_evidence.warnings)
    assert sample_evidence.flags["BudgetDesk Global"] != ""
    assert sample_evidence.flags["Lisbon CX Partners"] == ""


# Criteria called anything at all: the evidence column, not the name, links them (issue 14).
RENAMED = {
    "communication": "Responsiveness & clarity",
    "references": "What references said, checked",
    "industry_experience": "Retail track record",
}


def _sample_edited(folder: Path, change) -> Project:
    import shutil

    from helpers.data import load_project
    from tests.conftest import SAMPLE

    shutil.copytree(SAMPLE, folder)
    for table in ("criteria", "scores", "needs"):
        path = folder / f"{table}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        change(table, frame).to_csv(path, index=False)
    return load_project(folder)


def _evidence_of(project):
    from helpers.scoring import consensus_scores

    return gather_evidence(project, consensus_scores(project.scores), excluded=["BudgetDesk Global"])


def test_renamed_criteria_get_the_same_evidence_comparison(tmp_path, sample_evidence):
    project = _sample_edited(
        tmp_path / "p", lambda table, frame: frame.assign(criterion=frame["criterion"].replace(RENAMED))
    )
    evidence = _evidence_of(project)
    for mine, sample in (
        (evidence.communication_check, sample_evidence.communication_check),
        (evidence.reference_check, sample_evidence.reference_check),
    ):
        pd.testing.assert_frame_equal(mine.drop(columns="note"), sample.drop(columns="note"))
        assert ((mine["note"] != "") == (sample["note"] != "")).all()
    assert evidence.communication_check["evaluators"].notna().all()
    assert not evidence.communication_check.loc["Northgate Contact Centre", "agrees"]
    assert (
        "Northgate Contact Centre's Responsiveness & clarity 4."
        in evidence.communication_check.loc["Northgate Contact Centre", "note"]
    )
    assert evidence.notes == sample_evidence.notes


def test_evidence_no_criterion_declares_is_shown_not_compared(tmp_path, sample_evidence):
    project = _sample_edited(tmp_path / "p", lambda table, frame: frame.drop(columns="evidence", errors="ignore"))
    evidence = _evidence_of(project)
    talk = evidence.communication_check
    assert "evaluators" not in talk and "agrees" not in talk and (talk["note"] == "").all()
    assert talk["measured"].equals(sample_evidence.communication_check["measured"])
    assert list(evidence.reference_check.columns) == ["checked", "same_industry", "mean_answer", "note"]
    assert set(evidence_criteria(project.criteria).values()) == {None}
    assert describe_evidence_links(project.criteria, ["replies"]) in evidence.notes
    assert describe_evidence_links(project.criteria, ["references", "industry_references"]) in evidence.notes


def test_a_project_without_the_evidence_tables():
    vendors = VENDORS.copy()
    project = Project(Path("synthetic"), {"vendors": vendors})
    evidence = gather_evidence(project)
    assert evidence.response_times.empty and evidence.references.empty and evidence.warnings == []
    assert (evidence.responsiveness["questions"] == 0).all()
    assert len(evidence.notes) == 2 and (evidence.flags == "").all()


# --------------------------------------------------------------------------------------------
# Charts (they draw, state the finding and escape user text)
# --------------------------------------------------------------------------------------------


def test_charts_state_the_finding(sample_evidence):
    import matplotlib.pyplot as plt

    from helpers.plots.evidence import (
        evidence_box,
        reference_chart,
        reference_title,
        responsiveness_chart,
        responsiveness_title,
    )

    fig = responsiveness_chart(sample_evidence.response_times, sample_evidence.responsiveness, sample_evidence.weekly)
    title = " ".join(fig.get_suptitle().split())  # the title wraps to the figure's width
    summary = sample_evidence.responsiveness
    fastest, slowest = summary["median_working_h"].idxmin(), summary["median_working_h"].idxmax()
    assert (fastest, summary.loc[slowest, "trend"]) == ("Manila Support Co", "slower")
    assert title == " ".join(responsiveness_title(summary).split())
    assert title.startswith(fastest) and slowest in title
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)
    plt.close(fig)
    fig = reference_chart(sample_evidence.references)
    title = " ".join(fig.get_suptitle().split())
    references = sample_evidence.references
    assert title == " ".join(reference_title(references).split())
    worst = references.dropna(subset=["weakest_score"])["weakest_score"].idxmin()
    assert worst in title and references.loc[worst, "weakest"] in title
    assert "BudgetDesk Global" in title  # no checkable reference
    plt.close(fig)
    assert "Northgate Contact Centre" in evidence_box(sample_evidence).data


def test_charts_escape_user_text():
    import matplotlib.pyplot as plt

    from helpers.plots.evidence import evidence_box, reference_chart, responsiveness_chart

    vendors = VENDORS.replace("Lisbon Co", "Cheap $$ <script>alert(1)</script>")
    sites = SITES.replace("Lisbon Co", "Cheap $$ <script>alert(1)</script>")
    project = Project(
        Path("synthetic"),
        {
            "vendors": vendors,
            "sites": sites,
            "communications": HAND_LOG.replace("Lisbon Co", "Cheap $$ <script>alert(1)</script>"),
            "references": REFS.replace("Thin", "Cheap $$ <script>alert(1)</script>"),
        },
    )
    evidence = gather_evidence(project)
    for fig in (
        responsiveness_chart(evidence.response_times, evidence.responsiveness, evidence.weekly),
        reference_chart(evidence.references),
    ):
        fig.canvas.draw()  # a '$' pair read as mathematics would fail or vanish here
        shown = [t.get_text() for t in fig.findobj(plt.Text)]
        assert any("Cheap $$ <script>" in text for text in shown)
        plt.close(fig)
    box = evidence_box(evidence).data
    assert "<script>" not in box and "&lt;script&gt;" in box


@pytest.mark.parametrize("share", [0.0, 0.099, 0.10, 0.3])
def test_responsiveness_title_says_unanswered_exactly_where_the_band_is_not_fast(share):
    """The title and ``band`` read one threshold (``FAST_UNANSWERED``): a vendor replying
    within FAST_HOURS is "fast" unless it leaves that share open, and then the title says so."""
    from helpers.evidence import FAST_HOURS, FAST_UNANSWERED
    from helpers.plots.evidence import responsiveness_title

    summary = pd.DataFrame(
        {"questions": [10, 10], "median_working_h": [1.0, 6.0], "unanswered_share": [share, 0.0], "trend": ["", ""]},
        index=["Quick Co", "Slow Co"],
    )
    title = responsiveness_title(summary)
    says_open = "unanswered" in title.split(";")[0]
    assert says_open == (band(1.0, share) != "fast") == (share >= FAST_UNANSWERED)
    assert 1.0 <= FAST_HOURS
