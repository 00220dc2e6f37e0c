"""Benchmark: a year of daily overlap for five sites, interval arithmetic vs a minute scan.

Run: .venv/bin/python benchmarks/bench_timezones.py
Targets (issue 6): under 50 ms, and at least 100x faster than a minute-by-minute scan measured
in the same run. The zones' offset changes are cached after the first call, so the first call
(the cache cleared) is timed against the 50 ms target as well. The scan is the naive approach (a Python loop
over every minute of the year,
asking each site whether it is at work); both must give the same minutes per day.
For information a numpy minute grid (every minute painted at once) is timed too.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
from timing import format_table, median_seconds  # benchmarks/timing.py

from helpers import timezones
from helpers.timezones import Site, daily_overlap, holidays_for

FIRST, LAST = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
UTC = dt.timezone.utc


def five_sites() -> list[Site]:
    years = [2025, 2026, 2027]
    return [
        Site(
            "London HQ",
            "Europe/London",
            "09:00",
            "17:30",
            hours_by_weekday={"Fri": ("09:00", "16:00")},
            holidays=holidays_for("GB", "ENG", years),
        ),
        Site("Lisbon", "Europe/Lisbon", "08:00", "20:00", holidays=holidays_for("PT", None, years)),
        Site("Chicago", "America/Chicago", "06:00", "18:00", holidays=holidays_for("US", "IL", years)),
        Site("Pune", "Asia/Kolkata", "13:30", "22:30", workdays="Mon-Sat", holidays=holidays_for("IN", None, years)),
        Site("Cebu night", "Asia/Manila", "22:00", "06:00", holidays=holidays_for("PH", None, years)),
    ]


def _shift_minutes(site: Site, lo: dt.date, hi: dt.date) -> list[tuple[int, int, int]]:
    """(start minute, end minute, local date ordinal) of each shift, straight from zoneinfo."""
    zone = ZoneInfo(site.tz)
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    result = []
    day = lo
    while day <= hi:
        name = names[day.weekday()]
        hours = (site.hours_by_weekday or {}).get(name) or ((site.start, site.end) if name in site.workdays else None)
        if hours and day not in site.holidays:
            (sh, sm), (eh, em) = (map(int, t.split(":")) for t in hours)
            start = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=sh, minutes=sm)
            end_day = day + dt.timedelta(days=1) if (eh, em) <= (sh, sm) else day
            end = dt.datetime.combine(end_day, dt.time()) + dt.timedelta(hours=eh, minutes=em)
            s = int(start.replace(tzinfo=zone).timestamp()) // 60
            e = int(end.replace(tzinfo=zone).timestamp()) // 60
            if e > s:
                result.append((s, e, day.toordinal()))
        day += dt.timedelta(days=1)
    return result


def minute_scan(sites: list[Site], first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """Reference: walk every minute, ask each site whether one of its shifts contains it, and
    count the minute on the anchor shift's date (the first site's)."""
    lo, hi = first - dt.timedelta(days=3), last + dt.timedelta(days=3)
    shift_lists = [_shift_minutes(site, lo, hi) for site in sites]
    counts = {first + dt.timedelta(days=i): 0 for i in range((last - first).days + 1)}
    first_ord, last_ord = first.toordinal(), last.toordinal()
    pointers = [0] * len(sites)
    start = int(dt.datetime.combine(lo, dt.time(), UTC).timestamp()) // 60
    stop = int(dt.datetime.combine(hi, dt.time(), UTC).timestamp()) // 60
    for minute in range(start, stop):
        anchor_day = None
        for k, shifts in enumerate(shift_lists):
            p = pointers[k]
            while p < len(shifts) and shifts[p][1] <= minute:
                p += 1
            pointers[k] = p
            if p == len(shifts) or shifts[p][0] > minute:
                break
            if k == 0:
                anchor_day = shifts[p][2]
        else:
            if first_ord <= anchor_day <= last_ord:
                counts[dt.date.fromordinal(anchor_day)] += 1
    return counts


def minute_grid(sites: list[Site], first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """For information: the same count with numpy, painting each shift onto a minute array."""
    lo, hi = first - dt.timedelta(days=3), last + dt.timedelta(days=3)
    origin = int(dt.datetime.combine(lo, dt.time(), UTC).timestamp()) // 60
    size = ((hi - lo).days + 2) * 1440
    everyone = np.ones(size, dtype=bool)
    label = np.zeros(size, dtype=np.int64)
    for k, site in enumerate(sites):
        at_work = np.zeros(size, dtype=bool)
        for s, e, day in _shift_minutes(site, lo, hi):
            at_work[s - origin : e - origin] = True
            if k == 0:
                label[s - origin : e - origin] = day
        everyone &= at_work
    offsets = label[everyone] - first.toordinal()
    n_days = (last - first).days + 1
    per_day = np.bincount(offsets[(offsets >= 0) & (offsets < n_days)], minlength=n_days)
    return {first + dt.timedelta(days=i): int(per_day[i]) for i in range(n_days)}


def run() -> list[dict]:
    """Time the three ways on the same five sites and year; check they agree; return rows."""
    sites = five_sites()
    fast = daily_overlap(sites, FIRST, LAST)["minutes"]
    expected = minute_scan(sites, FIRST, LAST)
    if {d: int(m) for d, m in fast.items()} != expected or minute_grid(sites, FIRST, LAST) != expected:
        raise AssertionError("daily_overlap, the minute scan and the minute grid disagree")

    def cold():
        # The zones' offset changes are derived once and cached; time a call without them too.
        timezones._zone_rules.cache_clear()
        daily_overlap(sites, FIRST, LAST)

    cold_s = median_seconds(cold, 5)
    daily_overlap(sites, FIRST, LAST)  # warm-up (imports, zone cache)
    interval_s = median_seconds(lambda: daily_overlap(sites, FIRST, LAST), 15)
    scan_s = median_seconds(lambda: minute_scan(sites, FIRST, LAST), 3)
    grid_s = median_seconds(lambda: minute_grid(sites, FIRST, LAST), 5)
    return [
        {
            "benchmark": "timezones: daily_overlap, 5 sites x 1 year",
            "median_s": interval_s,
            "reference_median_s": None,
            "target": "< 50 ms",
            "met": interval_s < 0.050,
        },
        {
            "benchmark": "timezones: same, first call (zone rules not cached)",
            "median_s": cold_s,
            "reference_median_s": None,
            "target": "< 50 ms",
            "met": cold_s < 0.050,
        },
        {
            "benchmark": "timezones: speed-up vs minute-by-minute scan (Python loop)",
            "median_s": interval_s,
            "reference_median_s": scan_s,
            "target": ">= 100x faster",
            "met": scan_s / interval_s >= 100,
        },
        {
            "benchmark": "timezones: speed-up vs numpy minute grid",
            "median_s": interval_s,
            "reference_median_s": grid_s,
            "target": "(measured, no target)",
            "met": True,
        },
    ]


def main() -> None:
    print(format_table(run()))


if __name__ == "__main__":
    main()
