"""The helpers that pick what notebook 04 shows as its examples: the day looked at closely,
a vendor with a night shift (follow the sun), a holiday that cancels a shift."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from helpers.timezones.calendar import Site, _as_date, _date_range
from helpers.timezones.engine import working_days
from helpers.timezones.summaries import daily_overlap_by_vendor


@dataclass(frozen=True)
class ExampleDay:
    """The day notebook 04 looks at closely, and why (see :func:`choose_example_day`).

    ``given``: it was set (``example_day``), not chosen; ``same_days``: client working days
    of the period on which every vendor overlaps with the client exactly as long as on this
    day; ``working_days``: the client's working days in the period."""

    date: dt.date
    given: bool
    same_days: int
    working_days: int


def choose_example_day(
    client: Site, vendors: Mapping[str, Sequence[Site]], date_from, date_to, example_day=None
) -> ExampleDay:
    """The day to look at closely: ``example_day`` when given, else a typical working day of
    the client: the first of the client working days in the period whose overlaps with every
    vendor (in minutes) are the most common combination, so no holiday and the clocks as they
    are most of the period. Without a client working day in the period: its first day."""
    first, last = _date_range(date_from, date_to)
    working = working_days(client, first, last)
    n_working = int(working.sum())
    by_vendor = daily_overlap_by_vendor(client, vendors, first, last)[working.to_numpy()]
    if example_day is not None:
        day = _as_date(example_day, "example_day")
        same = 0
        if day in by_vendor.index:
            same = int((by_vendor == by_vendor.loc[day]).all(axis=1).sum())
        return ExampleDay(day, True, same, n_working)
    if by_vendor.empty:
        return ExampleDay(first, False, 0, n_working)
    if by_vendor.shape[1] == 0:
        return ExampleDay(by_vendor.index[0], False, n_working, n_working)
    kinds = by_vendor.groupby(list(by_vendor.columns), sort=False).size()
    common = kinds.idxmax()
    common = common if isinstance(common, tuple) else (common,)
    same_kind = (by_vendor == pd.Series(common, index=by_vendor.columns)).all(axis=1)
    return ExampleDay(by_vendor.index[same_kind.to_numpy()][0], False, int(kinds.max()), n_working)


def follow_the_sun_example(vendors: Mapping[str, Sequence[Site]]) -> tuple[str, list[Site], Site | None]:
    """A vendor to show night shifts and follow-the-sun with: the first vendor with a night
    shift (end <= start), else the one with most sites. Returns ``(vendor, its sites, its
    night-shift site or None)``. Raises ``ValueError`` when there is no vendor site."""
    if not vendors:
        raise ValueError("no vendor site is given: expected vendor sites in the sites table")
    teams = {name: [team] if isinstance(team, Site) else list(team) for name, team in vendors.items()}

    def past_midnight(site: Site, strictly: bool) -> bool:
        works, starts, ends = site.week_pattern()
        overnight = ends[works] <= starts[works]
        # 15:00-00:00 ends the next day only formally: prefer a shift that runs into the morning.
        return bool((overnight & (ends[works] > 0)).any() if strictly else overnight.any())

    for strictly in (True, False):
        for name, team in teams.items():
            for site in team:
                if past_midnight(site, strictly):
                    return name, team, site
    name = max(teams, key=lambda n: len(teams[n]))
    return name, teams[name], None


def holiday_example(site: Site, date_from, date_to) -> dt.date | None:
    """The first of the site's holidays in the range that falls on one of its working days
    right after an ordinary working day (so it cancels that day's shift while the shift of
    the day before still runs), or ``None``."""
    first, last = _date_range(date_from, date_to)
    works, _, _ = site.week_pattern()
    for day in site.holidays:
        before = day - dt.timedelta(days=1)
        if first <= day <= last and works[day.weekday()] and works[before.weekday()] and before not in site.holidays:
            return day
    return None
