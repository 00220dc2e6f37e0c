"""The same project gives the same answer on every machine, read by one set of rules.

* Time zones come from the pinned ``tzdata`` package only, never from the machine's own
  database: in the test process, in a command's process and in a notebook's kernel. A fake
  database on ``PYTHONTZPATH`` (Africa/Casablanca holding Tokyo's rules, and a zone that
  exists nowhere else) proves that no system path is read.
* Public holidays are the ``holidays`` package's PUBLIC category only.
* A yes/no column means the same whether it holds words, bools or 1/0 numbers.
* Log axes label their ticks with numbers, not with mathtext the style does not draw (every
  chart of the notebooks: tests/test_chart_layout.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib.resources
import json
import subprocess
import sys
import zoneinfo
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers.data import InputError, yes_no
from helpers.evidence import reference_summary
from helpers.kernel import ReportKernel
from helpers.needs import knockouts
from helpers.report import CELL_TIMEOUT, _run_one
from helpers.timezones import Site, daily_utc_offsets, holidays_for

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
# Morocco's rules changed after the system database of the machine these tests were written on
# (2025b): from 20 September 2026 the pinned tzdata (2026f) has UTC+00:00 where 2025b has +01:00.
ZONE = "Africa/Casablanca"
INSTANT = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.timezone.utc)
FAKE_ZONE = "Fake/Nowhere"


async def run_in_report_kernel(notebook: Path):
    """Run ``notebook`` on the worked example in a report kernel, as the report runs it, and
    return it executed."""
    async with ReportKernel(notebook.parent) as kernel:
        return await _run_one(kernel, notebook, SAMPLE, CELL_TIMEOUT)


def pinned_offset_hours(zone: str = ZONE, at: dt.datetime = INSTANT) -> float:
    """The offset as the tzdata package's own file gives it, read without the zoneinfo search."""
    with importlib.resources.files("tzdata").joinpath("zoneinfo", *zone.split("/")).open("rb") as file:
        rules = zoneinfo.ZoneInfo.from_file(file)
    return at.astimezone(rules).utcoffset().total_seconds() / 3600


@pytest.fixture
def fake_system_zones(tmp_path, monkeypatch) -> Path:
    """A time-zone database on PYTHONTZPATH whose Casablanca keeps Tokyo's rules (UTC+9), with
    a zone no real database has. A process (or kernel) started now inherits it."""
    folder = tmp_path / "zoneinfo"
    (folder / "Africa").mkdir(parents=True)
    (folder / "Fake").mkdir()
    tokyo = importlib.resources.files("tzdata").joinpath("zoneinfo", "Asia", "Tokyo").read_bytes()
    (folder / "Africa" / "Casablanca").write_bytes(tokyo)
    (folder / "Fake" / "Nowhere").write_bytes(tokyo)
    monkeypatch.setenv("PYTHONTZPATH", str(folder))
    return folder


# The checks run in every process below: zoneinfo itself, pandas given a zone's name, the
# helpers' own offsets, and validation's list of known zones.
PROBE = f"""
import datetime as dt, json, zoneinfo
import pandas as pd
import helpers
from helpers.data import _zones
from helpers.timezones import Site, check_time_zone, daily_utc_offsets
at = dt.datetime({INSTANT.year}, {INSTANT.month}, {INSTANT.day}, 12, tzinfo=dt.timezone.utc)
try:
    check_time_zone({FAKE_ZONE!r})
    fake_accepted = True
except ValueError:
    fake_accepted = False
print(json.dumps({{
    "zoneinfo": at.astimezone(zoneinfo.ZoneInfo({ZONE!r})).utcoffset().total_seconds() / 3600,
    "pandas": pd.Timestamp(at).tz_convert({ZONE!r}).utcoffset().total_seconds() / 3600,
    "helpers": float(daily_utc_offsets([Site("desk", {ZONE!r})], at.date(), at.date()).iloc[0, 0]),
    "tzpath": list(zoneinfo.TZPATH),
    "fake_listed": {FAKE_ZONE!r} in _zones(),
    "fake_accepted": fake_accepted,
}}))
"""


def expected_probe() -> dict:
    hours = pinned_offset_hours()
    return {
        "zoneinfo": hours,
        "pandas": hours,
        "helpers": hours,
        "tzpath": [],
        "fake_listed": False,
        "fake_accepted": False,
    }


def test_the_pinned_database_differs_from_the_fake_one():
    """The premise: Tokyo's rules are not Casablanca's, so reading the fake would show."""
    assert pinned_offset_hours() != pinned_offset_hours("Asia/Tokyo")


def test_zones_in_the_test_process_come_from_the_tzdata_package():
    hours = pinned_offset_hours()
    assert zoneinfo.TZPATH == ()
    assert INSTANT.astimezone(zoneinfo.ZoneInfo(ZONE)).utcoffset().total_seconds() / 3600 == hours
    assert pd.Timestamp(INSTANT).tz_convert(ZONE).utcoffset().total_seconds() / 3600 == hours
    offsets = daily_utc_offsets([Site("Casablanca desk", ZONE)], INSTANT.date(), INSTANT.date())
    assert offsets.iloc[0, 0] == hours


def test_a_system_database_is_never_read_by_a_command(fake_system_zones):
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected_probe()


def test_a_system_database_is_never_read_in_a_notebook_kernel(fake_system_zones, tmp_path):
    """A notebook run by the report's machinery, in a report kernel, as the report runs them."""
    notebook = tmp_path / "probe.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('data_dir = "."', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(PROBE),
    ]
    nbformat.write(nb, notebook)
    executed = asyncio.run(run_in_report_kernel(notebook))
    printed = "".join(o.get("text", "") for o in executed.cells[-1].outputs if o.get("output_type") == "stream")
    assert json.loads(printed.strip().splitlines()[-1]) == expected_probe()


# --------------------------------------------------------------------------------------------
# Public holidays
# --------------------------------------------------------------------------------------------


def test_public_holidays_are_the_public_category_only():
    """Every calendar with more categories than PUBLIC (bank, school, government, optional,
    unofficial days): holidays_for gives exactly its PUBLIC days and names."""
    import holidays

    years = [2026, 2027]
    checked = 0
    for country, subdivisions in holidays.list_supported_countries(include_aliases=False).items():
        calendar_class = type(holidays.country_holidays(country))
        if set(calendar_class.supported_categories) == {holidays.PUBLIC}:
            continue
        for subdivision in [None, *subdivisions[:2]]:
            public = holidays.country_holidays(country, subdiv=subdivision, years=years, categories=(holidays.PUBLIC,))
            assert holidays_for(country, subdivision, years) == dict(sorted(public.items())), (country, subdivision)
            checked += 1
    assert checked > 50
    # For example: the US calendar's UNOFFICIAL days (Halloween, Valentine's Day) are working days.
    us = holidays_for("US", None, 2027)
    assert dt.date(2027, 10, 31) not in us and dt.date(2027, 2, 14) not in us
    assert us[dt.date(2027, 7, 5)] == "Independence Day (observed)"


# --------------------------------------------------------------------------------------------
# Yes/no
# --------------------------------------------------------------------------------------------

ANSWERS = [True, False, True, True, False]  # as booleans; the same column written other ways:
SPELLINGS = {
    "bools": ANSWERS,
    "words": ["yes", "no", "Yes ", "y", "NO"],
    "true/false": ["true", "false", "TRUE", "True", "False"],
    "numbers": [1, 0, 1, 1, 0],
    "number text": ["1", "0", "1", "x", "0"],
}


def references_written(spelling: str) -> pd.DataFrame:
    values = SPELLINGS[spelling]
    return pd.DataFrame(
        {
            "vendor": ["Good", "Good", "Thin", "Thin", "Ghost"],
            "reference": ["R1", "R2", "R3", "R4", "R5"],
            "same_industry": values,
            "similar_scope": values[::-1],
            "checked": [values[0], values[2], values[3], values[1], values[4]],
            "deadlines": [5, 4, 3, None, None],
        }
    )


def must_haves_written(spelling: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "vendor": ["Alpha", "Alpha", "Beta", "Beta", "Gamma"],
            "need_id": ["M1", "M2", "M1", "M2", "M1"],
            "met": SPELLINGS[spelling],
        }
    )


NEEDS = pd.DataFrame(
    {
        "need_id": ["M1", "M2"],
        "need": ["Signed DPA", "Recovery test"],
        "category": ["security", "continuity"],
        "priority": ["must", "must"],
    }
)


@pytest.mark.parametrize("spelling", [s for s in SPELLINGS if s != "bools"])
def test_yes_no_reads_alike_whatever_its_spelling(spelling):
    vendors = ["Good", "Thin", "Ghost"]
    expected = reference_summary(references_written("bools"), vendors)
    assert expected.loc["Good", "checked"] == 2  # the premise: something is counted
    pd.testing.assert_frame_equal(reference_summary(references_written(spelling), vendors), expected)
    expected_out = knockouts(NEEDS, must_haves_written("bools"), ["Alpha", "Beta", "Gamma"])
    assert list(expected_out["vendor"]) == ["Alpha", "Gamma", "Gamma"]  # Alpha said no to M2
    pd.testing.assert_frame_equal(
        knockouts(NEEDS, must_haves_written(spelling), ["Alpha", "Beta", "Gamma"]), expected_out
    )


def test_yes_no_is_one_rule():
    assert [yes_no(v) for v in ("yes", " Y ", "true", "1", "x", True, 1, 1.0)] == [True] * 8
    assert [yes_no(v) for v in ("no", "N", "FALSE", "0", False, 0, 0.0)] == [False] * 7
    assert [yes_no(v) for v in ("maybe", "", None, float("nan"), 2, "2")] == [None] * 6


def test_a_reference_neither_yes_nor_no_is_named_not_counted_as_no():
    references = references_written("words")
    references.loc[1, "checked"] = "perhaps"
    with pytest.raises(InputError, match=r"references\.checked: expected yes or no, got 1: 'perhaps'"):
        reference_summary(references)
    # A missing answer still counts as no (an optional column, as the table allows).
    references.loc[1, "checked"] = None
    assert reference_summary(references).loc["Good", "checked"] == 1


# --------------------------------------------------------------------------------------------
# Log axes
# --------------------------------------------------------------------------------------------


def test_a_log_axis_shows_numbers_while_names_stay_literal():
    """In any workbook chart, not only the report's: log and symlog ticks are numbers (with
    their sign), and a vendor named like mathematics is still drawn as typed."""
    from helpers.plots import new_figure

    fig, (log_ax, symlog_ax) = new_figure(1, 2)
    log_ax.plot([1, 1000], [1, 2], label="Price $5$ Ltd")
    log_ax.set_xscale("log")
    log_ax.legend()
    symlog_ax.plot([-100, 100], [1, 2])
    symlog_ax.set_xscale("symlog")
    fig.canvas.draw()
    assert [t.get_text() for t in log_ax.get_xticklabels()][1:5] == ["1", "10", "100", "1,000"]
    assert "\N{MINUS SIGN}100" in [t.get_text() for t in symlog_ax.get_xticklabels()]
    name = log_ax.get_legend().get_texts()[0]
    assert name.get_text() == "Price $5$ Ltd" and not name._preprocess_math(name.get_text())[1]
