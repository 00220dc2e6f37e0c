"""Tests for helpers.timezones against hand-computed values and an independent minute scan.

Hand values come from the published clock-change dates of 2026:
  US (America/New_York)      DST 2026-03-08 .. 2026-11-01   (EST -5, EDT -4)
  UK/EU (London, Lisbon)     DST 2026-03-29 .. 2026-10-25   (GMT +0, BST +1)
  Sydney                     DST ends 2026-04-05, starts 2026-10-04 (AEST +10, AEDT +11)
  Newfoundland (St_Johns)    same dates as the US           (NST -3:30, NDT -2:30)
  Chatham                    DST ends 2026-04-05, starts 2026-09-27 (+12:45, +13:45)
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.timezones import (
    Site,
    best_windows_by_vendor,
    changes_by_week,
    clock_changes,
    coverage_table,
    covering_hours,
    daily_overlap,
    daily_overlap_by_vendor,
    daily_utc_offsets,
    day_view,
    follow_the_sun_example,
    holiday_example,
    holidays_for,
    hours_per_month,
    local_times,
    overlap_changes,
    overlap_check,
    overlap_headline,
    overlap_summary,
    overlap_windows,
    parse_hours_by_weekday,
    parse_time,
    parse_workdays,
    shifts,
    shifts_in_local_time,
    short_days,
    sites_from_table,
    split_client,
    weekly_changes_by_vendor,
    working_days,
)

D = dt.date
WEEK = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
UTC = dt.timezone.utc


def dates(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def minutes_of(frame: pd.DataFrame) -> dict[dt.date, int]:
    return {day: int(m) for day, m in frame["minutes"].items()}


# --------------------------------------------------------------------------------------------
# Independent oracle: paint every minute of a UTC grid, shift by shift, using zoneinfo directly
# --------------------------------------------------------------------------------------------


def _hours_on(site: Site, weekday: int):
    """(start, end) text of the site on a weekday, or None; read from the fields directly."""
    name = WEEK[weekday]
    if site.hours_by_weekday and name in site.hours_by_weekday:
        return site.hours_by_weekday[name]
    if name in site.workdays:
        return site.start, site.end
    return None


def _utc_minute(day: dt.date, hhmm: str, tz: str) -> int:
    hours, minutes = map(int, hhmm.split(":"))
    wall = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hours, minutes=minutes)
    return int(wall.replace(tzinfo=ZoneInfo(tz), fold=0).timestamp()) // 60


def oracle(groups, first: dt.date, last: dt.date):
    """(anchor-date minutes, UTC-date minutes, windows) by painting a minute grid."""
    # Wider than the module's own margin, so a too-narrow margin there would show.
    lo, hi = first - dt.timedelta(days=6), last + dt.timedelta(days=6)
    origin = int(dt.datetime.combine(lo - dt.timedelta(days=2), dt.time(), UTC).timestamp()) // 60
    size = (hi - lo).days * 1440 + 6 * 1440
    everyone = np.ones(size, dtype=bool)
    label = np.full(size, -1, dtype=np.int64)
    for g, group in enumerate(groups):
        team = np.zeros(size, dtype=bool)
        for site in group:
            for day in dates(lo, hi):
                hours = _hours_on(site, day.weekday())
                if hours is None or day in site.holidays:
                    continue
                start_text, end_text = hours
                start = _utc_minute(day, start_text, site.tz)
                end_day = day + dt.timedelta(days=1) if end_text <= start_text else day
                if end_text == "24:00":
                    end = _utc_minute(day + dt.timedelta(days=1), "00:00", site.tz)
                else:
                    end = _utc_minute(end_day, end_text, site.tz)
                if end <= start:
                    continue
                team[start - origin : end - origin] = True
                if g == 0:  # anchor: the earliest shift containing a minute owns it
                    span = label[start - origin : end - origin]
                    span[span == -1] = day.toordinal()
        everyone &= team
    by_anchor = {day: int(np.sum(everyone & (label == day.toordinal()))) for day in dates(first, last)}
    by_utc = {}
    for day in dates(first, last):
        m0 = int(dt.datetime.combine(day, dt.time(), UTC).timestamp()) // 60 - origin
        by_utc[day] = int(everyone[m0 : m0 + 1440].sum())
    m_lo = int(dt.datetime.combine(first, dt.time(), UTC).timestamp()) // 60 - origin
    m_hi = int(dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), UTC).timestamp()) // 60 - origin
    inside = np.concatenate([[False], everyone[m_lo:m_hi], [False]])
    edges = np.flatnonzero(np.diff(inside.astype(np.int8)))
    windows = [(int(a) + m_lo + origin, int(b) + m_lo + origin) for a, b in zip(edges[::2], edges[1::2])]
    return by_anchor, by_utc, windows


def as_groups(sites):
    return [(s,) if isinstance(s, Site) else tuple(s) for s in sites]


def check_against_oracle(sites, first, last):
    by_anchor, by_utc, windows = oracle(as_groups(sites), first, last)
    assert minutes_of(daily_overlap(sites, first, last)) == by_anchor
    assert minutes_of(daily_overlap(sites, first, last, by="utc")) == by_utc
    found = overlap_windows(sites, first, last)
    got = [(int(a.timestamp()) // 60, int(b.timestamp()) // 60) for a, b in zip(found["start_utc"], found["end_utc"])]
    assert got == windows
    assert list(found["minutes"]) == [b - a for a, b in windows]


# --------------------------------------------------------------------------------------------
# Sites used below
# --------------------------------------------------------------------------------------------

LONDON = Site("London", "Europe/London", "09:00", "17:00")
NEW_YORK = Site("New York", "America/New_York", "09:00", "17:00")
TOKYO = Site("Tokyo", "Asia/Tokyo", "09:00", "17:00")


def us_dst(day: dt.date) -> bool:
    return D(2026, 3, 8) <= day < D(2026, 11, 1)


def uk_dst(day: dt.date) -> bool:
    return D(2026, 3, 29) <= day < D(2026, 10, 25)


# --------------------------------------------------------------------------------------------
# Clock changes on different dates
# --------------------------------------------------------------------------------------------


def test_us_and_europe_out_of_step_in_march_and_october():
    # London 09-17 and New York 09-17 overlap 8 h minus the gap between their clocks:
    # 5 h normally, 4 h in the weeks when the US has changed and the UK has not.
    result = minutes_of(daily_overlap([LONDON, NEW_YORK], "2026-01-01", "2026-12-31"))
    for day, minutes in result.items():
        gap = 5 - us_dst(day) + uk_dst(day)
        expected = (8 - gap) * 60 if day.weekday() < 5 else 0
        assert minutes == expected, day
    assert result[D(2026, 3, 13)] == 240 and result[D(2026, 3, 30)] == 180
    assert result[D(2026, 10, 30)] == 240 and result[D(2026, 11, 2)] == 180


def test_whole_year_total_by_hand():
    # 261 weekdays in 2026 at 3 h, plus 1 h on the 20 out-of-step weekdays (15 in March, 5 in Oct).
    total = daily_overlap([LONDON, NEW_YORK], "2026-01-01", "2026-12-31")["minutes"].sum()
    assert total == 261 * 180 + 20 * 60
    same_zone = Site("Lisbon", "Europe/Lisbon", "09:00", "17:00")
    assert daily_overlap([LONDON, same_zone], "2026-01-01", "2026-12-31")["minutes"].sum() == 261 * 480


def test_southern_hemisphere_changes_the_other_way():
    # Sydney 16-20 and London 06-10: the clocks are 11, 10, 9, 10, 11 h apart through 2026.
    sydney = Site("Sydney", "Australia/Sydney", "16:00", "20:00")
    london = Site("London", "Europe/London", "06:00", "10:00")
    result = minutes_of(daily_overlap([london, sydney], "2026-01-01", "2026-12-31"))
    for day, minutes in result.items():
        sydney_dst = not (D(2026, 4, 5) <= day < D(2026, 10, 4))
        gap = 10 + sydney_dst - uk_dst(day)
        expected = 240 - 60 * abs(gap - 10) if day.weekday() < 5 else 0
        assert minutes == expected, day
    assert result[D(2026, 4, 1)] == 240 and result[D(2026, 6, 1)] == 180 and result[D(2026, 10, 7)] == 240


def test_sydney_and_tokyo():
    sydney = Site("Sydney", "Australia/Sydney", "09:00", "17:00")
    result = minutes_of(daily_overlap([sydney, TOKYO], "2026-03-30", "2026-04-10"))
    assert result[D(2026, 4, 3)] == 360  # AEDT: Tokyo is 2 h behind
    assert result[D(2026, 4, 6)] == 420  # AEST: 1 h behind
    assert result[D(2026, 4, 4)] == 0  # Saturday


# --------------------------------------------------------------------------------------------
# Half-hour and 45-minute offsets
# --------------------------------------------------------------------------------------------


def test_kolkata_and_kathmandu_are_15_minutes_apart():
    kolkata = Site("Pune", "Asia/Kolkata", "09:00", "18:00")
    kathmandu = Site("Kathmandu", "Asia/Kathmandu", "09:00", "18:00")
    assert daily_overlap([kolkata, kathmandu], "2026-06-01", "2026-06-01")["minutes"].iloc[0] == 9 * 60 - 15


def test_newfoundland_minus_three_thirty():
    st_johns = Site("St John's", "America/St_Johns", "09:00", "17:00")
    utc_site = Site("UTC office", "UTC", "09:00", "17:00")
    result = minutes_of(daily_overlap([utc_site, st_johns], "2026-01-05", "2026-07-10"))
    assert result[D(2026, 1, 5)] == 270  # NST: 12:30-20:30 UTC, overlap 12:30-17:00
    assert result[D(2026, 7, 10)] == 330  # NDT: 11:30-19:30 UTC


def test_chatham_by_utc_date():
    # Chatham 09-17 Mon-Fri: July (+12:45) shift of D is D-1 20:15 .. D 04:15 UTC;
    # January (+13:45) D-1 19:15 .. D 03:15 UTC. Counted per UTC date, split at midnight.
    chatham = Site("Chatham", "Pacific/Chatham", "09:00", "17:00")
    always = Site("Always", "UTC", "00:00", "24:00", workdays=WEEK)
    july = minutes_of(daily_overlap([always, chatham], "2026-07-12", "2026-07-17", by="utc"))
    assert july == {
        D(2026, 7, 12): 225,
        D(2026, 7, 13): 480,
        D(2026, 7, 14): 480,
        D(2026, 7, 15): 480,
        D(2026, 7, 16): 480,
        D(2026, 7, 17): 255,
    }
    january = minutes_of(daily_overlap([always, chatham], "2026-01-11", "2026-01-16", by="utc"))
    assert january[D(2026, 1, 11)] == 285 and january[D(2026, 1, 16)] == 195
    # By anchor date: the always-open anchor's date is the UTC date here, so the same numbers.
    assert minutes_of(daily_overlap([always, chatham], "2026-07-12", "2026-07-17")) == july


# --------------------------------------------------------------------------------------------
# Weekends, night shifts, holidays
# --------------------------------------------------------------------------------------------


def test_sun_to_thu_week():
    riyadh = Site("Riyadh", "Asia/Riyadh", "09:00", "17:00", workdays="Sun-Thu")
    assert riyadh.workdays == ("Mon", "Tue", "Wed", "Thu", "Sun")
    # Riyadh (+3) works 06-14 UTC; London 09-17 UTC in winter, 08-16 UTC in summer.
    winter = minutes_of(daily_overlap([LONDON, riyadh], "2026-01-11", "2026-01-17"))
    assert list(winter.values()) == [0, 300, 300, 300, 300, 0, 0]  # Sun .. Sat
    summer = minutes_of(daily_overlap([riyadh, LONDON], "2026-06-07", "2026-06-13"))
    assert list(summer.values()) == [0, 360, 360, 360, 360, 0, 0]


def test_night_shift_counts_on_the_day_it_began():
    # New York 22:00-06:00 Mon-Fri against London 09-17: the NY night of date D covers
    # London's morning of D+1 (09:00-11:00 London in January = 04:00-06:00 NY).
    night = Site("NY night", "America/New_York", "22:00", "06:00")
    by_night = minutes_of(daily_overlap([night, LONDON], "2026-01-12", "2026-01-18"))
    assert list(by_night.values()) == [120, 120, 120, 120, 0, 0, 0]  # Fri night meets London's Saturday
    by_london = minutes_of(daily_overlap([LONDON, night], "2026-01-12", "2026-01-18"))
    assert list(by_london.values()) == [0, 120, 120, 120, 120, 0, 0]  # nobody worked Sunday night
    # Out of step (US summer time, UK not yet): NY night ends 10:00 UTC, London starts 09:00.
    assert daily_overlap([night, LONDON], "2026-03-16", "2026-03-16")["minutes"].iloc[0] == 60


def test_manila_night_desk_and_team():
    london = Site("London", "Europe/London", "09:00", "17:30")
    night = Site("Cebu night", "Asia/Manila", "22:00", "06:00")  # 14:00-22:00 UTC
    afternoon = Site("Manila afternoon", "Asia/Manila", "15:00", "00:00")  # 07:00-16:00 UTC
    assert daily_overlap([london, night], "2026-01-14", "2026-01-14")["minutes"].iloc[0] == 210
    assert daily_overlap([london, night], "2026-07-15", "2026-07-15")["minutes"].iloc[0] == 150
    # A team is at work when any of its sites is: together they cover London's whole day.
    both = daily_overlap([london, [afternoon, night]], "2026-01-12", "2026-01-16")["minutes"]
    assert list(both) == [510] * 5


def test_holiday_cancels_only_the_shift_that_starts_on_it():
    night = Site("Night", "UTC", "22:00", "06:00", holidays=[D(2026, 6, 16)])  # Tuesday
    always = Site("Always", "UTC", "00:00", "24:00", workdays=WEEK)
    result = minutes_of(daily_overlap([always, night], "2026-06-15", "2026-06-18"))
    # Mon: 22-24 of Mon's shift; Tue: 00-06 of Mon's shift (still worked), Tue's shift cancelled;
    # Wed: 22-24 of Wed's shift; Thu: 00-06 + 22-24.
    assert result == {D(2026, 6, 15): 120, D(2026, 6, 16): 360, D(2026, 6, 17): 120, D(2026, 6, 18): 480}
    anchored = minutes_of(daily_overlap([night, always], "2026-06-15", "2026-06-17"))
    assert anchored == {D(2026, 6, 15): 480, D(2026, 6, 16): 0, D(2026, 6, 17): 480}


def test_three_sites_with_no_common_hour():
    result = daily_overlap([LONDON, NEW_YORK, TOKYO], "2026-05-01", "2026-05-31")
    assert (result["minutes"] == 0).all() and len(result) == 31
    assert overlap_windows([LONDON, NEW_YORK, TOKYO], "2026-05-01", "2026-05-31").empty
    assert day_view([LONDON, NEW_YORK, TOKYO], "2026-05-04").best is None


def test_every_date_appears_including_zeros():
    result = daily_overlap([LONDON, NEW_YORK], D(2026, 1, 1), D(2026, 1, 10))
    assert list(result.index) == dates(D(2026, 1, 1), D(2026, 1, 10))
    assert result.index.name == "date" and result["minutes"].dtype == np.int64
    assert result.loc[D(2026, 1, 3), "minutes"] == 0  # Saturday


# --------------------------------------------------------------------------------------------
# Clock-change days: gaps, folds, 23- and 25-hour days
# --------------------------------------------------------------------------------------------


def test_23_and_25_hour_days():
    always_ny = Site("NY all day", "America/New_York", "00:00", "24:00", workdays="Mon-Sun")
    result = minutes_of(daily_overlap([always_ny], "2026-03-07", "2026-03-09"))
    assert result == {D(2026, 3, 7): 1440, D(2026, 3, 8): 1380, D(2026, 3, 9): 1440}
    assert daily_overlap([always_ny], "2026-11-01", "2026-11-01")["minutes"].iloc[0] == 1500
    always_london = Site("London all day", "Europe/London", "00:00", "24:00", workdays="Mon-Sun")
    always_utc = Site("UTC all day", "UTC", "00:00", "24:00", workdays="Mon-Sun")
    assert daily_overlap([always_london, always_utc], "2026-03-29", "2026-03-29")["minutes"].iloc[0] == 1380
    assert daily_overlap([always_london, always_utc], "2026-10-25", "2026-10-25")["minutes"].iloc[0] == 1500
    # The other way round every UTC day is complete.
    assert set(daily_overlap([always_utc, always_london], "2026-03-28", "2026-03-30")["minutes"]) == {1440}


def test_start_in_spring_forward_gap_moves_forward_by_the_gap():
    # 02:30 does not exist in New York on 2026-03-08: read as 02:30 EST = 07:30 UTC = 03:30 EDT
    # (pandas' shift_forward would give 03:00 and 420 minutes).
    site = Site("NY early", "America/New_York", "02:30", "10:00", workdays="Mon-Sun")
    table = shifts(site, "2026-03-07", "2026-03-09")
    assert list(table["start_utc"]) == [
        pd.Timestamp("2026-03-07 07:30", tz="UTC"),
        pd.Timestamp("2026-03-08 07:30", tz="UTC"),
        pd.Timestamp("2026-03-09 06:30", tz="UTC"),
    ]
    assert list(table["minutes"]) == [450, 390, 450]
    assert daily_overlap([site], "2026-03-08", "2026-03-08")["minutes"].iloc[0] == 390


def test_gap_can_make_a_shift_empty():
    # 02:30 (gap, read as 07:30 UTC) to 03:15 EDT (07:15 UTC): the end is not later: no shift.
    site = Site("NY odd", "America/New_York", "02:30", "03:15", workdays="Mon-Sun")
    result = minutes_of(daily_overlap([site], "2026-03-07", "2026-03-09"))
    assert result == {D(2026, 3, 7): 45, D(2026, 3, 8): 0, D(2026, 3, 9): 45}


def test_start_in_fall_back_fold_is_the_first_occurrence():
    # 01:30 happens twice on 2026-11-01 in New York; fold=0 is 01:30 EDT = 05:30 UTC.
    site = Site("NY early", "America/New_York", "01:30", "10:00", workdays="Mon-Sun")
    table = shifts(site, "2026-11-01", "2026-11-01")
    assert table["start_utc"].iloc[0] == pd.Timestamp("2026-11-01 05:30", tz="UTC")
    assert table["end_utc"].iloc[0] == pd.Timestamp("2026-11-01 15:00", tz="UTC")
    assert table["minutes"].iloc[0] == 570
    # A night shift ending in the fold ends at the first 01:30 (EDT).
    late = Site("NY late", "America/New_York", "22:00", "01:30", workdays="Mon-Sun")
    assert shifts(late, "2026-10-31", "2026-10-31")["minutes"].iloc[0] == 210


def test_dst_window_in_every_local_time():
    row = day_view([LONDON, NEW_YORK], "2026-03-10").best
    assert (row["start_utc"], row["end_utc"], row["minutes"]) == (
        pd.Timestamp("2026-03-10 13:00", tz="UTC"),
        pd.Timestamp("2026-03-10 17:00", tz="UTC"),
        240,
    )
    kolkata = Site("Pune", "Asia/Kolkata", "13:30", "22:30")
    table = local_times(row["start_utc"], row["end_utc"], [LONDON, NEW_YORK, kolkata])
    assert list(table["local_start"]) == ["Tue 10 Mar 13:00", "Tue 10 Mar 09:00", "Tue 10 Mar 18:30"]
    assert list(table["local_end"]) == ["Tue 10 Mar 17:00", "Tue 10 Mar 13:00", "Tue 10 Mar 22:30"]
    assert list(table["utc_offset"]) == ["+00:00", "-04:00", "+05:30"]


def test_windows_are_not_split_at_midnight():
    a = Site("A", "UTC", "20:00", "04:00", workdays="Mon-Sun")
    b = Site("B", "UTC", "22:00", "02:00", workdays="Mon-Sun")
    windows = overlap_windows([a, b], "2026-05-05", "2026-05-06")
    # 22:00-02:00 every night, clipped to [05-05 00:00, 05-07 00:00) UTC.
    assert list(windows["minutes"]) == [120, 240, 120]
    assert windows["start_utc"].iloc[1] == pd.Timestamp("2026-05-05 22:00", tz="UTC")
    assert str(windows["start_utc"].dt.tz) == "UTC"


def test_clock_changes_found_to_the_minute():
    sites = [LONDON, NEW_YORK, Site("Sydney", "Australia/Sydney"), Site("Chatham", "Pacific/Chatham"), TOKYO]
    table = clock_changes(sites, "2026-01-01", "2026-12-31")
    found = {(r.site, r.at_utc, r.offset_before, r.offset_after) for r in table.itertuples()}
    assert ("London", pd.Timestamp("2026-03-29 01:00", tz="UTC"), "+00:00", "+01:00") in found
    assert ("New York", pd.Timestamp("2026-03-08 07:00", tz="UTC"), "-05:00", "-04:00") in found
    assert ("Sydney", pd.Timestamp("2026-04-04 16:00", tz="UTC"), "+11:00", "+10:00") in found
    # Chatham: 03:45 CHADT (+13:45) on 5 April = 14:00 UTC on 4 April.
    assert ("Chatham", pd.Timestamp("2026-04-04 14:00", tz="UTC"), "+13:45", "+12:45") in found
    assert len(table) == 8 and "Tokyo" not in set(table["site"])


# --------------------------------------------------------------------------------------------
# Against the minute scan on random inputs
# --------------------------------------------------------------------------------------------

ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "Asia/Manila",
    "UTC",
    "America/Sao_Paulo",
    "Africa/Casablanca",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]
# Ranges around 2026 clock changes (US, EU, southern hemisphere, Lord Howe's 30-minute change).
AROUND = [
    D(2026, 3, 6),
    D(2026, 3, 27),
    D(2026, 4, 3),
    D(2026, 10, 2),
    D(2026, 10, 23),
    D(2026, 10, 30),
    D(2026, 9, 25),
    D(2026, 6, 10),
]

times = st.integers(0, 95).map(lambda q: f"{q * 15 // 60:02d}:{q * 15 % 60:02d}") | st.sampled_from(
    ["01:30", "02:30", "02:10", "03:15", "00:00", "23:59", "12:07"]
)


@st.composite
def sites_strategy(draw, name):
    start = draw(times)
    end = draw(times.filter(lambda t: t != start) | st.just("24:00"))
    workdays = draw(st.sets(st.sampled_from(WEEK), min_size=1))
    override = draw(
        st.none()
        | st.dictionaries(st.sampled_from(WEEK), st.tuples(times, times).filter(lambda p: p[0] != p[1]), max_size=2)
    )
    anchor_day = draw(st.sampled_from(AROUND))
    holidays = draw(st.sets(st.integers(-3, 10).map(lambda k: anchor_day + dt.timedelta(days=k)), max_size=3))
    return Site(
        name,
        draw(st.sampled_from(ZONES)),
        start,
        end,
        workdays=tuple(workdays),
        holidays=holidays,
        hours_by_weekday=override,
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_matches_minute_scan(data):
    n = data.draw(st.integers(1, 4))
    sites = [data.draw(sites_strategy(f"S{i}")) for i in range(n)]
    if n >= 3 and data.draw(st.booleans()):
        sites = [sites[0], sites[1:]]  # a team of the others
    first = data.draw(st.sampled_from(AROUND)) + dt.timedelta(days=data.draw(st.integers(0, 3)))
    last = first + dt.timedelta(days=data.draw(st.integers(0, 5)))
    check_against_oracle(sites, first, last)


def test_matches_minute_scan_on_a_whole_year():
    sites = [
        Site(
            "London",
            "Europe/London",
            "09:00",
            "17:30",
            hours_by_weekday={"Fri": ("09:00", "16:00")},
            holidays=holidays_for("GB", "ENG", 2026),
        ),
        Site("Chicago", "America/Chicago", "07:00", "15:00"),
        [Site("Manila", "Asia/Manila", "15:00", "00:00"), Site("Cebu", "Asia/Manila", "22:00", "06:00")],
    ]
    check_against_oracle(sites, D(2026, 1, 1), D(2026, 12, 31))


def test_local_to_utc_agrees_with_zoneinfo_at_every_quarter_hour():
    # One site per zone, all day every day: each shift start is a 00:00..23:45 wall time.
    # Dublin's DST is negative in tzdata, Lord Howe changes by 30 min, Troll by 2 h, Santiago and
    # Havana change at midnight, Casablanca suspends its offset for Ramadan.
    for tz in [
        "America/New_York",
        "Australia/Lord_Howe",
        "Europe/Dublin",
        "Africa/Casablanca",
        "Antarctica/Troll",
        "America/Santiago",
        "America/Havana",
        "Asia/Gaza",
    ]:
        for quarter in range(0, 96, 5):
            hhmm = f"{quarter * 15 // 60:02d}:{quarter * 15 % 60:02d}"
            site = Site("S", tz, hhmm, "24:00", workdays=WEEK)
            table = shifts(site, "2026-01-01", "2026-12-31")
            expected = [_utc_minute(day, hhmm, tz) * 60 for day in table["date"]]
            assert [int(t.timestamp()) for t in table["start_utc"]] == expected


# --------------------------------------------------------------------------------------------
# Parsing and bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mon-Fri", ("Mon", "Tue", "Wed", "Thu", "Fri")),
        ("Sun-Thu", ("Mon", "Tue", "Wed", "Thu", "Sun")),
        ("Mon,Wed,Fri", ("Mon", "Wed", "Fri")),
        ("Fri-Mon", ("Mon", "Fri", "Sat", "Sun")),
        (" monday – friday ", ("Mon", "Tue", "Wed", "Thu", "Fri")),
        ("Mon-Wed, Sat", ("Mon", "Tue", "Wed", "Sat")),
        (["Tue", "Mon"], ("Mon", "Tue")),
    ],
)
def test_parse_workdays(text, expected):
    assert parse_workdays(text) == expected


def test_parse_hours_by_weekday():
    assert parse_hours_by_weekday("Fri 08:00-12:00; Sat 09:00-13:00") == {
        "Fri": ("08:00", "12:00"),
        "Sat": ("09:00", "13:00"),
    }
    assert parse_hours_by_weekday("Mon-Tue 8:00–17:00") == {"Mon": ("08:00", "17:00"), "Tue": ("08:00", "17:00")}
    assert parse_hours_by_weekday("") == {} and parse_hours_by_weekday(None) == {}
    assert parse_hours_by_weekday(float("nan")) == {}


def test_parse_time():
    assert parse_time("09:30") == 570 and parse_time("9:05") == 545 and parse_time("24:00") == 1440
    assert parse_time("08:15:00") == 495 and parse_time(dt.time(7, 45)) == 465


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda: Site("X", "Mars/Olympus"), "Mars/Olympus"),
        (lambda: Site("X", "../../etc/passwd"), "time zone"),
        (lambda: Site("X", "Europe/London", "25:00", "17:00"), "25:00"),
        (lambda: Site("X", "Europe/London", "09:00", "24:30"), "24:30"),
        (lambda: Site("X", "Europe/London", "24:00", "08:00"), "24:00"),
        (lambda: Site("X", "Europe/London", "9.30", "17:00"), "9.30"),
        (lambda: Site("X", "Europe/London", "09:00", "09:00"), "equals end"),
        (lambda: Site("X", "Europe/London", workdays="Mon-Fry"), "Fry"),
        (lambda: Site("X", "Europe/London", workdays=""), "workdays"),
        (lambda: Site("X", "Europe/London", hours_by_weekday={"Fri": ("08:00", "08:00")}), "equals end"),
        (lambda: Site("", "Europe/London"), "site name"),
        (lambda: parse_workdays("Mon-Tue-Wed"), "Mon-Tue-Wed"),
        (lambda: parse_hours_by_weekday("Fri 08:00"), "Fri 08:00"),
        (lambda: parse_hours_by_weekday("Fry 08:00-12:00"), "Fry"),
        (lambda: parse_hours_by_weekday("Fri 08:00-12:00; Fri 13:00-14:00"), "twice"),
        (lambda: parse_time("24:00", allow_24=False), "24:00"),
        (lambda: daily_overlap([LONDON], "2026-02-01", "2026-01-01"), "before date_from"),
        (lambda: daily_overlap([LONDON], "2026-01-01", "2026-13-01"), "2026-13-01"),
        (lambda: daily_overlap([LONDON], "2026-01-01", "2026-01-02", by="local"), "local"),
        (lambda: daily_overlap([], "2026-01-01", "2026-01-02"), "no sites"),
        (lambda: daily_overlap([[LONDON, NEW_YORK], TOKYO], "2026-01-01", "2026-01-02"), "anchor"),
        (lambda: overlap_windows([LONDON], "2026-02-01", "2026-01-01"), "before date_from"),
        (lambda: holidays_for("XX", None, 2026), "XX"),
        (lambda: holidays_for("GB", "XYZ", 2026), "XYZ"),
    ],
)
def test_bad_input_raises_a_plain_value_error(make, words):
    with pytest.raises(ValueError) as caught:
        make()
    assert words in str(caught.value)
    assert "Traceback" not in str(caught.value)


# --------------------------------------------------------------------------------------------
# Holidays, the sites table, summaries
# --------------------------------------------------------------------------------------------


def test_holidays_for_uses_the_subdivision():
    england = holidays_for("GB", "ENG", [2026])
    scotland = holidays_for("GB", "SCT", 2026)
    assert england[D(2026, 12, 25)] == "Christmas Day"
    assert D(2026, 8, 31) in england and D(2026, 8, 31) not in scotland  # late summer bank holiday
    assert D(2026, 8, 3) in scotland and D(2026, 8, 3) not in england  # Scotland's is in early August
    assert holidays_for(None, None, 2026) == {} and holidays_for(float("nan"), float("nan"), 2026) == {}


def test_sites_from_table():
    table = pd.DataFrame(
        {
            "site": ["HQ", "Riyadh desk"],
            "owner": ["client", "Desert Co"],
            "tz": ["Europe/London", "Asia/Riyadh"],
            "start": ["09:00", "22:00"],
            "end": ["17:30", "06:00"],
            "workdays": ["Mon-Fri", "Sun-Thu"],
            "holiday_country": ["GB", np.nan],
            "holiday_subdivision": ["ENG", None],
            "hours_by_weekday": ["Fri 09:00-16:00", np.nan],
        }
    )
    hq, riyadh = sites_from_table(table, [2026])
    assert (hq.owner, hq.end, hq.hours_by_weekday) == ("client", "17:30", {"Fri": ("09:00", "16:00")})
    assert D(2026, 12, 25) in hq.holidays and riyadh.holidays == {}
    assert riyadh.workdays == ("Mon", "Tue", "Wed", "Thu", "Sun") and riyadh.hours_by_weekday is None
    broken = table.assign(tz=["Europe/London", "Asia/Riad"])
    with pytest.raises(ValueError, match="Riyadh desk.*Asia/Riad"):
        sites_from_table(broken, [2026])


def test_override_adds_a_working_day():
    site = Site("Shop", "UTC", "09:00", "17:00", hours_by_weekday="Fri 08:00-12:00; Sat 09:00-13:00")
    result = daily_overlap([site], "2026-06-12", "2026-06-14")["minutes"]
    assert list(result) == [240, 240, 0]  # Fri 4 h, Sat 4 h, Sun off


def test_anchor_with_overlapping_own_shifts_counts_each_minute_once():
    # Mon 20:00 - Tue 08:00 and Tue 06:00 - 14:00: 06-08 belongs to Monday's (earlier) shift.
    site = Site("Odd", "UTC", "06:00", "14:00", workdays=("Tue",), hours_by_weekday={"Mon": ("20:00", "08:00")})
    result = minutes_of(daily_overlap([site], "2026-06-15", "2026-06-16"))
    assert result == {D(2026, 6, 15): 720, D(2026, 6, 16): 360}


def test_overlap_check():
    daily = pd.DataFrame({"minutes": [200, 100, 0]}, index=pd.Index([D(2026, 1, 2), D(2026, 1, 3), D(2026, 1, 4)]))
    check = overlap_check(daily, 150, working=pd.Series([True, True, False], index=daily.index))
    assert list(check["status"]) == ["meets", "short", "not a working day"]
    assert list(check["shortfall_minutes"]) == [0, 50, 0]
    assert list(overlap_check(daily, 150)["status"]) == ["meets", "short", "short"]
    with pytest.raises(ValueError, match="-5"):
        overlap_check(daily, -5)


def test_vendor_summary_counts_short_days_on_client_workdays():
    client = Site("London", "Europe/London", "09:00", "17:00", holidays={D(2026, 3, 13): "Staff day"})
    vendors = {"NY Co": NEW_YORK, "Tokyo Co": [TOKYO]}
    wide = daily_overlap_by_vendor(client, vendors, "2026-03-02", "2026-03-31")
    assert list(wide.columns) == ["NY Co", "Tokyo Co"]
    working = working_days(client, "2026-03-02", "2026-03-31")
    assert working.sum() == 21  # 22 weekdays minus the staff day
    summary = overlap_summary(wide, working, min_minutes=200)
    # NY: 3 h on 2-6 Mar and 30-31 Mar (7 days short of 200 min), 4 h on the 14 other workdays.
    assert summary.loc["NY Co", "days_short"] == 7 and not summary.loc["NY Co", "meets_minimum"]
    assert summary.loc["NY Co", "total_hours"] == (7 * 180 + 14 * 240) / 60
    assert summary.loc["Tokyo Co", "days_short"] == 21 and summary.loc["Tokyo Co", "lowest_hours"] == 0
    monthly = hours_per_month(wide)
    assert monthly.loc["2026-03", "NY Co"] == summary.loc["NY Co", "total_hours"]


def test_overlap_changes_names_clock_changes_and_holidays():
    london = Site("London", "Europe/London", "09:00", "17:00", holidays={D(2026, 5, 4): "May Day"})
    table = overlap_changes([london, NEW_YORK], "2026-03-01", "2026-05-31")
    by_day = table.set_index("date")
    # The overlap changes on the first workday after each change of clocks (vs a week before).
    assert by_day.loc[D(2026, 3, 9), "week_before"] == 180 and by_day.loc[D(2026, 3, 9), "minutes"] == 240

    def clocks(day):
        return [(c.site, c.local_date, c.forward) for c in by_day.loc[day, "clocks"]]

    assert clocks(D(2026, 3, 9)) == [("New York", D(2026, 3, 8), True)]
    assert clocks(D(2026, 3, 30)) == [("London", D(2026, 3, 29), True)]
    assert by_day.loc[D(2026, 5, 4), "minutes"] == 0 and by_day.loc[D(2026, 5, 4), "without_holidays"] == 180
    assert not by_day.loc[D(2026, 5, 4), "clock_change"] and by_day.loc[D(2026, 5, 4), "holiday"]
    assert [(h.site, h.holidays) for h in by_day.loc[D(2026, 5, 4), "holidays"]] == [
        ("London", ((D(2026, 5, 4), "May Day"),))
    ]
    assert set(table["week"]) == {D(2026, 3, 9), D(2026, 3, 30), D(2026, 5, 4)}


# --------------------------------------------------------------------------------------------
# Notebook helpers, charts and the explorer
# --------------------------------------------------------------------------------------------


def test_day_view_widens_to_a_night_shift_anchor():
    london = Site("London", "Europe/London", "09:00", "17:30")
    night = Site("Cebu night", "Asia/Manila", "22:00", "06:00", owner="Manila Co")  # 14:00-22:00 UTC
    view = day_view([night, london], "2026-03-10")
    # The anchor's local day (Manila) is 09 Mar 16:00 .. 10 Mar 16:00 UTC; its own shift runs to 22:00.
    assert (view.view_start, view.view_end) == (
        pd.Timestamp("2026-03-09 16:00", tz="UTC"),
        pd.Timestamp("2026-03-10 22:00", tz="UTC"),
    )
    assert view.minutes == 210 and view.best["minutes"] == 210
    assert set(view.bars["team"]) == {"Manila Co", "London"}
    assert set(view.bars["local_hours"]) == {"22:00-06:00", "09:00-17:30"}


def test_best_windows_by_vendor_in_local_times():
    client = Site("London", "Europe/London", "09:00", "17:30")
    vendors = {"Pune Co": [Site("Pune", "Asia/Kolkata", "13:30", "22:30")], "Tokyo Co": [TOKYO]}
    table = best_windows_by_vendor(client, vendors, "2026-07-14").set_index("vendor")
    # July: London is +1, Pune +5:30: Pune 13:30-22:30 = London 09:00-18:00, so London's whole day.
    assert table.loc["Pune Co", "overlap_minutes"] == 510
    assert table.loc["Pune Co", "client_time"] == "09:00-17:30 London"
    assert table.loc["Pune Co", "vendor_time"] == "Pune 13:30-22:00"
    assert table.loc["Tokyo Co", "overlap_minutes"] == 0 and table.loc["Tokyo Co", "vendor_time"] == ""


def test_short_days_give_the_holiday_as_reason():
    client = Site("London", "Europe/London", "09:00", "17:00", owner="client")
    lisbon = Site("Lisbon", "Europe/Lisbon", "09:00", "17:00", holidays={D(2026, 6, 10): "Portugal Day"})
    table = short_days(client, {"Lisbon Co": [lisbon], "NY Co": [NEW_YORK]}, "2026-06-08", "2026-06-12", 200)
    lisbon_rows = table[table["vendor"] == "Lisbon Co"]
    assert list(lisbon_rows["date"]) == [D(2026, 6, 10)] and lisbon_rows["holiday"].all()
    assert "Portugal Day" in lisbon_rows["reason"].iloc[0]  # the holiday by its name
    ny_rows = table[table["vendor"] == "NY Co"]
    assert len(ny_rows) == 5 and set(ny_rows["shortfall_minutes"]) == {20}  # 3 h every day
    assert set(ny_rows["minutes"]) == {180} and not ny_rows["holiday"].any()  # the hours, not a holiday


def test_changes_by_week_folds_days():
    changes = overlap_changes([LONDON, NEW_YORK], "2026-03-01", "2026-04-05")
    weeks = changes_by_week(changes).set_index("week")
    assert list(weeks.index) == [D(2026, 3, 9), D(2026, 3, 30)]
    assert weeks.loc[D(2026, 3, 9), "days"] == "Mon 09 Mar to Fri 13 Mar"
    assert weeks.loc[D(2026, 3, 9), "minutes"] == "4 h" and weeks.loc[D(2026, 3, 9), "week_before"] == "3 h"


def test_coverage_of_a_follow_the_sun_team():
    client = Site("London", "Europe/London", "09:00", "17:00")
    early = Site("Manila early", "Asia/Manila", "15:00", "21:00")  # 07:00-13:00 UTC
    late = Site("Manila late", "Asia/Manila", "21:00", "03:00")  # 13:00-19:00 UTC
    table = coverage_table(client, [early, late], "2026-01-05", "2026-01-09").set_index("sites")
    # January, London 09-17 UTC: early covers 09-13 (4 h), late 13-17 (4 h), together all 8 h.
    assert list(table["overlap_hours"]) == [20.0, 20.0, 40.0]
    assert list(table["share_of_client_hours"]) == [50.0, 50.0, 100.0]


def test_covering_hours_across_clock_changes():
    client = Site("London", "Europe/London", "09:00", "17:30")
    manila = covering_hours(client, "Asia/Manila", "2026-01-01", "2026-12-31")
    # London 09:00-17:30 is Manila 17:00-01:30 in winter and 16:00-00:30 in summer.
    assert (manila["start"], manila["end"], manila["hours"], manila["night_shift"]) == ("16:00", "01:30", 9.5, True)
    la = covering_hours(client, "America/Los_Angeles", "2026-01-01", "2026-12-31")
    # Usually 01:00-09:30; out-of-step weeks (US summer, UK winter) 02:00-10:30.
    assert (la["start"], la["end"], la["hours"]) == ("01:00", "10:30", 9.5)
    covered = Site("Manila cover", "Asia/Manila", manila["start"], manila["end"], workdays=WEEK)
    result = daily_overlap([client, covered], "2026-01-01", "2026-12-31")
    assert (result["minutes"] == daily_overlap([client], "2026-01-01", "2026-12-31")["minutes"]).all()


def test_split_client():
    client = Site("HQ", "Europe/London", owner="client")
    a, b = Site("A1", "Asia/Manila", owner="A"), Site("A2", "Asia/Manila", owner="A")
    assert split_client([a, client, b]) == (client, {"A": [a, b]})
    with pytest.raises(ValueError, match="client"):
        split_client([a, b])


def test_charts_state_the_finding_and_escape_dollars():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.plots import timezones as charts

    client = Site("HQ $1", "Europe/London", "09:00", "17:00", owner="client")
    vendors = {"Cheap$Co": [NEW_YORK], "Same Zone Co": [Site("Lisbon", "Europe/Lisbon", "09:00", "17:00")]}
    wide = daily_overlap_by_vendor(client, vendors, "2026-01-01", "2026-03-31")
    working = working_days(client, "2026-01-01", "2026-03-31")
    summary = overlap_summary(wide, working, 200)
    figure = charts.overlap_year_chart(wide, working, summary, 200, client.name)
    assert summary.loc["Same Zone Co", "days_short"] == 0 and summary.loc["Cheap$Co", "days_short"] > 0
    title = figure._suptitle.get_text()
    assert "Same Zone Co" in title and "Cheap$Co" not in title and "HQ $1" in title  # "$" shown as typed
    view = day_view([client, NEW_YORK], "2026-03-10")
    best = [view.best[edge].tz_convert("Europe/London").strftime("%H:%M") for edge in ("start_utc", "end_utc")]
    assert view.minutes == 240 and best == ["13:00", "17:00"]
    day = charts.day_chart(view)
    assert all(time in day.get_suptitle() for time in best)
    calendar = charts.overlap_calendar(wide["Cheap$Co"], working, 200, "Cheap$Co", client.name)
    assert calendar.get_suptitle().startswith("Cheap$Co: ")
    offsets = daily_utc_offsets([client, NEW_YORK], "2026-01-01", "2026-12-31")
    assert (offsets.nunique() > 1).all()  # both sites change their clocks in the year
    clocks = charts.utc_offsets_chart(offsets)
    assert all(site in clocks.get_suptitle() for site in offsets.columns) and clocks.axes[0].get_ylabel()
    totals = hours_per_month(wide).sum()
    monthly = charts.monthly_hours_chart(hours_per_month(wide))
    title = " ".join(monthly.get_suptitle().split())
    assert title.startswith(totals.idxmax()) and totals.idxmin() in title and monthly.axes[0].get_ylabel()
    plt.close("all")


def test_explorer_redraws_with_changed_hours():
    import matplotlib

    matplotlib.use("Agg")
    from helpers.widgets.timezones import overlap_explorer, overlap_summary_text

    client = Site("London", "Europe/London", "09:00", "17:00")
    text = overlap_summary_text(client, [NEW_YORK], "2026-03-10", "2026-03-09", "2026-03-13", 200)
    # snapshot of the words
    assert text.splitlines()[:2] == [
        "Tue 10 Mar 2026: 4 h of overlap.",
        "Best window (4 h): London 13:00-17:00; New York 09:00-13:00.",
    ]
    assert "No working day below 3 h 20 min." in text
    box = overlap_explorer(client, {"NY Co": [NEW_YORK]}, "2026-03-10", "2026-03-09", "2026-03-13", 200)
    (_, _), (site, start, end) = box.children[0].children, box.children[1].children
    summary = box.children[2]
    site.value = "New York"
    start.value = "11:00"  # New York 11:00-17:00 = London 15:00-17:00: 2 h a day
    assert "2 h of overlap" in summary.value and "5 working days below" in summary.value
    end.value = "11:00"
    assert "Cannot use these hours" in summary.value and "equals end" in summary.value


def test_overlap_headline():
    summary = pd.DataFrame({"mean_hours": [8.0, 3.0], "days_short": [0, 4]}, index=["A Co", "B Co"])
    # snapshot of the words
    assert overlap_headline(summary, 120, "HQ") == (
        "A Co meets the 2 h daily overlap with HQ on every working day; short on some days: B Co (4 days)."
    )
    assert overlap_headline(summary.assign(days_short=[0, 0]), 120, "HQ") == (
        "Every vendor overlaps with HQ at least 2 h on every working day."
    )
    assert overlap_headline(summary.drop(columns="days_short"), None, "HQ").endswith(
        "A Co overlaps most with HQ (8.0 h per working day on average)."
    )


def test_weekly_changes_by_vendor_and_follow_the_sun_example():
    london = Site("London", "Europe/London", "09:00", "17:00", holidays={D(2026, 5, 4): "May Day"})
    vendors = {"NY Co": [NEW_YORK], "Night Co": [TOKYO, Site("Night", "Asia/Manila", "22:00", "06:00")]}
    clocks = weekly_changes_by_vendor(london, vendors, "2026-03-01", "2026-05-31", cause="clock change")
    assert list(zip(clocks["vendor"], clocks["week"])) == [
        ("NY Co", D(2026, 3, 9)),
        ("NY Co", D(2026, 3, 30)),
        ("Night Co", D(2026, 3, 30)),
    ]
    holidays = weekly_changes_by_vendor(london, vendors, "2026-03-01", "2026-05-31", cause="holiday")
    assert set(holidays["week"]) == {D(2026, 5, 4)} and set(holidays["cause"]) == {"holiday"}
    name, team, night = follow_the_sun_example(vendors)
    assert (name, night.name, len(team)) == ("Night Co", "Night", 2)
    assert follow_the_sun_example({"NY Co": [NEW_YORK]}) == ("NY Co", [NEW_YORK], None)
    assert short_days(london, vendors, "2026-03-01", "2026-03-31", None).empty


def test_shifts_in_local_time_show_the_night_and_the_holiday():
    london = Site("London", "Europe/London", "09:00", "17:30")
    night = Site(
        "Cebu night",
        "Asia/Manila",
        "22:00",
        "06:00",
        holidays={D(2026, 1, 1): "New Year", D(2026, 1, 2): "Extra", D(2026, 6, 12): "Independence Day"},
    )
    # 1 Jan follows an ordinary Wednesday but 2 Jan follows a holiday; 12 Jun follows a working Thursday.
    assert holiday_example(night, "2026-01-02", "2026-12-31") == D(2026, 6, 12)
    assert holiday_example(night, "2026-01-01", "2026-12-31") == D(2026, 1, 1)
    assert holiday_example(night, "2026-07-01", "2026-12-31") is None
    table = shifts_in_local_time(night, "2026-06-11", "2026-06-13", also=[london])
    assert table.loc[D(2026, 6, 11)].tolist() == ["Thu 22:00 to Fri 06:00", "Thu 15:00 to Thu 23:00"]
    assert table.loc[D(2026, 6, 12)].tolist() == ["holiday: Independence Day", ""]
    assert table.loc[D(2026, 6, 13)].tolist() == ["not a working day", ""]
    # 15:00-00:00 ends at midnight only formally; the 22:00-06:00 desk is the night shift.
    afternoon = Site("Manila afternoon", "Asia/Manila", "15:00", "00:00")
    assert follow_the_sun_example({"M": [afternoon, night]})[2] is night
    assert follow_the_sun_example({"M": [afternoon]})[2] is afternoon


# --------------------------------------------------------------------------------------------
# Working time between two instants (reply times counted in the vendor's working hours)
# --------------------------------------------------------------------------------------------

from helpers.timezones import local_to_utc, working_minutes_between  # noqa: E402  (added with issue 9)


def _ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def test_working_minutes_over_a_weekend_by_hand():
    # Lisbon 08:00-20:00 Mon-Fri (WEST, +01:00). Sent Fri 21 Aug 19:30, answered Mon 24 Aug 09:15:
    # Fri 19:30-20:00 (30 min) + Mon 08:00-09:15 (75 min) = 105 min; by the clock 61 h 45 min.
    lisbon = Site("Lisbon", "Europe/Lisbon", "08:00", "20:00")
    minutes = working_minutes_between(lisbon, [_ts("2026-08-21T19:30+01:00")], [_ts("2026-08-24T09:15+01:00")])
    assert minutes.tolist() == [105.0]


def test_working_minutes_skip_a_bank_holiday_by_hand():
    # Leeds 08:00-20:00 Mon-Fri with England's holidays; Mon 31 Aug 2026 is the summer bank holiday.
    # Sent Fri 28 Aug 16:00 BST, answered Tue 1 Sep 10:30 BST: Fri 4 h + Mon 0 + Tue 2 h 30 = 6 h 30.
    leeds = Site("Leeds", "Europe/London", "08:00", "20:00", holidays=holidays_for("GB", "ENG", 2026))
    assert D(2026, 8, 31) in leeds.holidays
    start, end = [_ts("2026-08-28T16:00+01:00")], [_ts("2026-09-01T10:30+01:00")]
    assert working_minutes_between(leeds, start, end).tolist() == [390.0]
    # Without the holiday Monday's 12 hours count too: 18 h 30.
    assert working_minutes_between(Site("Leeds", "Europe/London", "08:00", "20:00"), start, end).tolist() == [1110.0]


def test_working_minutes_in_the_other_hemisphere_by_hand():
    # Sydney 09:00-17:00 Mon-Fri with New South Wales' holidays. Sent Thu 1 Oct 2026 16:00 UTC
    # (Fri 02:00 AEST, +10), answered Tue 6 Oct 00:30 UTC (11:30 AEDT, +11: the clocks went
    # forward on Sun 4 Oct). Fri 8 h; Mon 5 Oct is Labour Day; Tue 09:00-11:30 AEDT 2 h 30: 10 h 30.
    sydney = Site("Sydney", "Australia/Sydney", "09:00", "17:00", holidays=holidays_for("AU", "NSW", 2026))
    assert D(2026, 10, 5) in sydney.holidays
    start, end = [_ts("2026-10-01T16:00Z")], [_ts("2026-10-06T00:30Z")]
    assert working_minutes_between(sydney, start, end).tolist() == [630.0]
    # Read with the winter offset (+10) on Tuesday the shift would start at 23:00 UTC: 1 h 30.
    # Without the holiday, Monday's 8 h count as well: 18 h 30.
    assert working_minutes_between(Site("Sydney", "Australia/Sydney", "09:00", "17:00"), start, end).tolist() == [
        1110.0
    ]


def test_a_team_counts_each_minute_once_and_night_shifts_run_past_midnight():
    manila = [Site("Manila", "Asia/Manila", "15:00", "00:00"), Site("Cebu", "Asia/Manila", "22:00", "06:00")]
    # Mon 3 Aug 22:00-24:00 Manila (14:00-16:00 UTC): both sites at work, two hours, not four.
    both = working_minutes_between(manila, [_ts("2026-08-03T14:00Z")], [_ts("2026-08-03T16:00Z")])
    # Sat 8 Aug 05:00 to Mon 10 Aug 23:00 Manila: Friday's night shift ends Sat 06:00 (1 h), then
    # Monday 15:00-23:00 (8 h): 9 h.
    weekend = working_minutes_between(manila, [_ts("2026-08-08T05:00+08:00")], [_ts("2026-08-10T23:00+08:00")])
    assert both.tolist() == [120.0] and weekend.tolist() == [540.0]


def test_working_minutes_keep_missing_values_and_order():
    lisbon = Site("Lisbon", "Europe/Lisbon", "08:00", "20:00")
    starts = pd.Series(pd.to_datetime(["2026-08-24T08:00Z", "2026-08-24T09:00Z", "2026-08-25T07:00Z"], utc=True))
    ends = pd.Series([pd.Timestamp("2026-08-24T09:00Z"), pd.NaT, pd.Timestamp("2026-08-25T07:00Z")])
    result = working_minutes_between(lisbon, starts, ends)
    assert result[0] == 60.0 and np.isnan(result[1]) and result[2] == 0.0
    assert working_minutes_between(lisbon, [], []).tolist() == []


@pytest.mark.parametrize(
    "starts, ends, words",
    [
        (["2026-08-24T10:00Z"], ["2026-08-24T09:00Z"], "before start"),
        (["2026-08-24 10:00"], ["2026-08-24T11:00Z"], "without zone"),
        (["2026-08-24T10:00Z", "2026-08-24T11:00Z"], ["2026-08-24T12:00Z"], "one end per start"),
    ],
)
def test_working_minutes_bad_input(starts, ends, words):
    with pytest.raises(ValueError, match=words):
        working_minutes_between(LONDON, starts, ends)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_working_minutes_match_a_minute_scan(data):
    team = [data.draw(sites_strategy(f"S{i}")) for i in range(data.draw(st.integers(1, 2)))]
    day = data.draw(st.sampled_from(AROUND))
    origin = int(dt.datetime.combine(day - dt.timedelta(days=4), dt.time(), UTC).timestamp()) // 60
    size = 16 * 1440
    at_work = np.zeros(size, dtype=bool)
    for site in team:  # paint every shift of the team, straight from zoneinfo
        for local_day in dates(day - dt.timedelta(days=6), day + dt.timedelta(days=12)):
            hours = _hours_on(site, local_day.weekday())
            if hours is None or local_day in site.holidays:
                continue
            start = _utc_minute(local_day, hours[0], site.tz)
            end_day = local_day + dt.timedelta(days=1) if hours[1] <= hours[0] else local_day
            end = (
                _utc_minute(local_day + dt.timedelta(days=1), "00:00", site.tz)
                if hours[1] == "24:00"
                else _utc_minute(end_day, hours[1], site.tz)
            )
            at_work[max(start - origin, 0) : max(end - origin, 0)] = True
    pairs = [
        sorted(data.draw(st.tuples(st.integers(1440 * 2, 1440 * 10), st.integers(1440 * 2, 1440 * 10))))
        for _ in range(5)
    ]
    expected = [float(at_work[a:b].sum()) for a, b in pairs]
    starts = [pd.Timestamp((origin + a) * 60, unit="s", tz="UTC") for a, _ in pairs]
    ends = [pd.Timestamp((origin + b) * 60, unit="s", tz="UTC") for _, b in pairs]
    assert working_minutes_between(team, starts, ends).tolist() == expected
    # Splitting a span at any instant splits its working time the same way.
    a, b = pairs[0]
    middle = pd.Timestamp((origin + (a + b) // 2) * 60, unit="s", tz="UTC")
    halves = working_minutes_between(team, [starts[0], middle], [middle, ends[0]])
    assert halves.sum() == expected[0]


def test_local_to_utc_by_hand():
    result = local_to_utc(
        ["2026-08-14 17:40", "2026-08-14 17:40", None, "2026-03-29 01:30", "2026-10-25 01:30"],
        ["Europe/London", "Asia/Kolkata", "Europe/London", "Europe/London", "Europe/London"],
    )
    assert list(result[[0, 1, 3, 4]]) == [
        _ts("2026-08-14T16:40Z"),
        _ts("2026-08-14T12:10Z"),
        _ts("2026-03-29T01:30Z"),  # in the spring gap: moved forward
        _ts("2026-10-25T00:30Z"),
    ]  # twice that night: the first
    assert pd.isna(result[2])
    assert list(local_to_utc(["2026-01-10 09:00"], "America/Sao_Paulo")) == [_ts("2026-01-10T12:00Z")]


def test_local_to_utc_bad_input():
    with pytest.raises(ValueError, match="unknown time zone"):
        local_to_utc(["2026-08-14 17:40"], "Europe/Londn")
    with pytest.raises(ValueError, match="one zone, or one per time"):
        local_to_utc(["2026-08-14 17:40", "2026-08-14 17:40"], ["Europe/London"])
    with pytest.raises(ValueError, match="already carry one"):
        local_to_utc(pd.to_datetime(["2026-08-14T17:40Z"]), "Europe/London")


def test_short_days_read_structured_reasons_not_site_names():
    # A clock change made every day of the week of 9 March short of 5 h, not a holiday; the
    # old short_days kept every reason whose text held "holiday", so it quoted this site's
    # clock change as the holiday, and it cut a holiday's name at "; ".
    client = Site("London", "Europe/London", "09:00", "17:00", owner="client")
    desk = Site("NY holiday desk", "America/New_York", "09:00", "17:00")
    table = short_days(client, {"Desk Co": [desk]}, "2026-03-09", "2026-03-13", 300)
    assert len(table) == 5 and set(table["reason"]) == {"the working hours overlap only 4 h"}
    assert not table["holiday"].any()
    lisbon = Site("Lisbon", "Europe/Lisbon", "09:00", "17:00", holidays={D(2026, 6, 10): "Portugal Day; Camões Day"})
    table = short_days(client, {"Lisbon Co": [lisbon]}, "2026-06-08", "2026-06-12", 200)
    assert list(table["reason"]) == ["Lisbon: holiday Portugal Day; Camões Day (Wed 10 Jun)"]
    assert table["holiday"].all()


def test_overlap_changes_carry_their_causes_as_values():
    from helpers.timezones import ClockChange, HolidayCut

    london = Site("London", "Europe/London", "09:00", "17:00", holidays={D(2026, 5, 4): "May Day"})
    by_day = overlap_changes([london, NEW_YORK], "2026-03-01", "2026-05-31").set_index("date")
    march = by_day.loc[D(2026, 3, 9)]
    assert bool(march["clock_change"]) and not bool(march["holiday"])
    assert march["clocks"] == (ClockChange("New York", D(2026, 3, 8), True, "-05:00", "-04:00"),)
    may = by_day.loc[D(2026, 5, 4)]
    assert bool(may["holiday"]) and may["holidays"] == (HolidayCut("London", ((D(2026, 5, 4), "May Day"),)),)


def test_weekly_changes_when_the_overlap_never_changes():
    # Tokyo and New York never overlap: no changed day, so an empty table of the usual columns.
    for cause in (None, "clock change", "holiday"):
        table = weekly_changes_by_vendor(TOKYO, {"NY Co": [NEW_YORK]}, "2026-01-05", "2026-01-16", cause=cause)
        assert table.empty and list(table.columns)[:3] == ["vendor", "week", "days"]
    assert overlap_changes([TOKYO, NEW_YORK], "2026-01-05", "2026-01-16")["clock_change"].dtype == bool
