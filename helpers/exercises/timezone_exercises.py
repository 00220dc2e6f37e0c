"""Exercises 4 (notebooks/exercises/04_timezone_exercises.ipynb): time zones. Overlap counted
by hand on a day, and which vendors meet the minimum on every working day; the sites and days
the exercises work on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from helpers import words
from helpers.exercises.answers import (
    _as_number,
    _as_yes_no,
    _day,
    _match_name,
    _refuse_placeholder,
    _skip_without,
    _table,
)
from helpers.exercises.feedback import Feedback, _CannotCheck, _friendly, _NotYet, _Skip


def _sites(sites) -> list:
    from helpers.timezones import Site

    items = [sites] if isinstance(sites, Site) else sites
    try:
        items = list(items)
    except TypeError:
        items = None
    flat = [s for item in (items or []) for s in (item if isinstance(item, (list, tuple)) else [item])]
    sites_or_none = bool(flat) and all(s is None or isinstance(s, Site) for s in flat)
    if sites_or_none and flat[0] is None:
        raise _Skip(
            "this project has no sites table, so there are no working hours to compare. Move on to the next task."
        )
    if sites_or_none and any(s is None for s in flat):
        raise _Skip("this project has no vendor site to compare with the client's. Move on to the next task.")
    if not items or not all(isinstance(s, Site) for s in flat):
        raise _CannotCheck(
            f"expected a list of sites (Site objects, the anchor first) as the "
            f"second argument; got {sites!r}. Run the cells above first."
        )
    return items


@_friendly
def check_overlap_minutes(answer, sites, day) -> Feedback:
    """Check the minutes of overlap counted by hand for one day.

    Takes the number of minutes, the sites (``helpers.timezones.Site`` objects, the anchor
    first) and the day (a date or ISO text). The truth is
    ``helpers.timezones.daily_overlap(sites, day, day)``. Recognises an answer in hours, and
    one exactly an hour (a clock change) or half an hour (a half-hour zone) off.
    """
    from zoneinfo import ZoneInfo  # a zone, not its name: pandas 2 reads a name with pytz

    from helpers.timezones import daily_overlap, daily_utc_offsets, format_minutes, format_offset, overlap_windows

    items = _sites(sites)
    date = _day(day, "the day")
    _refuse_placeholder(answer, "a number of minutes, e.g. 90")
    number = _as_number(answer, "your number of minutes")
    truth = int(daily_overlap(items, date, date)["minutes"].iloc[0])
    flat = [s for item in items for s in (item if isinstance(item, (list, tuple)) else [item])]
    offsets = daily_utc_offsets(flat, date, date).iloc[0]
    clocks = [
        f"{s.name}: {s.describe_hours()} local, UTC{format_offset(offsets[s.name] * 3600)} on {date:%a %d %b %Y}"
        for s in flat
    ]
    if abs(number - truth) < 0.5:
        windows = overlap_windows(items, date, date, by="anchor")
        anchor = flat[0]
        when = [
            f"{row.start_utc:%H:%M}-{row.end_utc:%H:%M} UTC, that is "
            f"{row.start_utc.tz_convert(ZoneInfo(anchor.tz)):%H:%M}-"
            f"{row.end_utc.tz_convert(ZoneInfo(anchor.tz)):%H:%M} "
            f"{anchor.name} time"
            for row in windows.itertuples()
        ]
        return Feedback(
            "correct",
            f"{truth} min ({format_minutes(truth)}) of overlap on {date:%a %d %b %Y}"
            + (f": {', '.join(when)}." if when else ": the teams are never at work together."),
            clocks,
        )
    if number <= 24 and abs(number * 60 - truth) < 1:
        raise _NotYet(f"that looks like hours: the answer is asked in minutes ({number:g} h = {number * 60:g} min).")
    gap = abs(number - truth)
    hint = (
        "convert every site's hours to UTC with its offset on that very day, then take the "
        "stretch where all of them are at work. A night shift belongs to the day it starts."
    )
    if abs(gap - 60) < 0.5:
        raise _NotYet(
            "exactly one hour off: check each site's UTC offset on that day. Clocks "
            "change on different dates in different countries (and some never do).",
            clocks,
            hint,
        )
    if abs(gap - 30) < 0.5 or abs(gap - 45) < 0.5:
        raise _NotYet(
            f"{gap:g} minutes off: some zones are offset by a half or three-quarter hour (India +05:30, Nepal +05:45).",
            clocks,
            hint,
        )
    raise _NotYet(f"{number:g} min is not the overlap on {date:%a %d %b %Y}.", clocks, hint)


@_friendly
def check_meets_minimum(answer, project, date_from, date_to) -> Feedback:
    """Check which vendors give the minimum daily overlap on every working day of the client.

    Takes a dict vendor -> True/False, the loaded project and the period. The truth is
    ``meets_minimum`` of ``helpers.timezones.overlap_summary`` with the minimum from
    ``helpers.needs.min_overlap_minutes`` (needs, else functions); a wrong "True" is answered with a day that falls
    short, and the public holiday behind it when there is one.
    """
    from helpers.needs import min_overlap_minutes
    from helpers.timezones import (
        daily_overlap_by_vendor,
        format_minutes,
        overlap_summary,
        sites_from_table,
        split_client,
        working_days,
        years_between,
    )

    table = _skip_without(project, "sites", "working-hours overlap")
    date_from, date_to = _day(date_from, "the period's first day"), _day(date_to, "the period's last day")
    if date_to < date_from:
        raise _CannotCheck(f"the period ends ({date_to}) before it starts ({date_from}). Run the cells above first.")
    minimum = min_overlap_minutes(_table(project, "needs"), _table(project, "functions"))
    if minimum is None:
        raise _Skip(
            "no need sets a minimum daily overlap (checks = overlap_hours) and no function "
            "gives live_overlap_hours, so there is nothing to meet. Move on to the next task."
        )
    sites = sites_from_table(table, years_between(date_from, date_to))
    client, vendors = split_client(sites)
    names = list(vendors)
    example = "{" + ", ".join(f'"{v}": True' for v in names[:2]) + ", …}"
    _refuse_placeholder(answer, f"a dictionary vendor -> True or False, e.g. {example}")
    if not isinstance(answer, Mapping):
        raise _NotYet(f"expected a dictionary vendor -> True or False, e.g. {example}; got {type(answer).__name__}.")
    given = {}
    for vendor, value in answer.items():
        given[_match_name(vendor, names, "vendor with a site")] = _as_yes_no(value, f"the answer for {vendor}")
    missing = [v for v in names if v not in given]
    if missing:
        raise _NotYet(f"give every vendor True or False; missing: {words.names(missing)}.")
    working = working_days(client, date_from, date_to)
    by_vendor = daily_overlap_by_vendor(client, vendors, date_from, date_to)
    summary = overlap_summary(by_vendor, working, minimum)
    need = format_minutes(minimum)

    def short_day(vendor: str) -> str:
        minutes = by_vendor[vendor][working.to_numpy()]
        short = minutes[minutes < minimum]
        day = short.index[0]
        closed: dict[str, list[str]] = {}  # holiday name -> the vendor's sites it closes
        for site in vendors[vendor]:
            if day in site.holidays:
                closed.setdefault(site.holidays[day], []).append(site.name)
        why = "; ".join(f"{holiday} at {words.names(where)}" for holiday, where in closed.items())
        why = f" ({why})" if why else ""
        return (
            f"{vendor} falls short on {len(short)} working day(s) of {client.name}, e.g. "
            f"{day:%a %d %b %Y}: {format_minutes(short.iloc[0])}{why}."
        )

    def met(vendor: str) -> str:
        return (
            f"{vendor} reaches {need} on all {int(summary.at[vendor, 'working_days'])} working "
            f"days; its lowest is {summary.at[vendor, 'lowest_hours']:g} h."
        )

    truth = {v: bool(summary.at[v, "meets_minimum"]) for v in names}
    wrong = [v for v in names if given[v] != truth[v]]
    if not wrong:
        short = [v for v in names if not truth[v]]
        return Feedback(
            "correct",
            (
                f"only {words.names([v for v in names if truth[v]]) or 'no vendor'} "
                f"{'meets' if sum(truth.values()) == 1 else 'meet'} {need} on every working day. "
                if short
                else f"every vendor meets {need} on every working day. "
            )
            + (
                "An average of several hours a day hides the days a vendor's own public holiday "
                "closes its site while the client works."
                if short
                else ""
            ),
            [short_day(v) for v in short],
        )
    raise _NotYet(
        f"{len(wrong)} of your {len(names)} answers {'is' if len(wrong) == 1 else 'are'} not right yet.",
        [short_day(v) if truth[v] is False else met(v) for v in wrong],
        '"every working day" means the lowest overlap on a working day of the client counts, '
        "not the average: look at each vendor's minimum over the client's working days.",
    )


@dataclass
class TimezoneExercise:
    """What exercise 4 works on (see :func:`timezone_exercise`).

    client, vendors  the client's site and the vendors' sites (None and {} without sites)
    site             the vendor site tasks 1 and 2 count overlap with (a night shift when
                     there is one), or None
    day_1, day_2     two working days of the client, either side of the first clock change of
                     either site in the period when there is one
    sentence         what was chosen and why, for the notebook to print
    """

    client: object
    vendors: dict
    site: object
    day_1: object
    day_2: object
    sentence: str


def timezone_exercise(project, period_start, period_end) -> TimezoneExercise:
    """Choose the sites and days of exercise 4 from the project's ``sites`` table.

    The vendor site is the first night shift (``helpers.timezones.follow_the_sun_example``),
    else the first vendor site in a zone whose offset differs from the client's, else the
    first vendor site. Day 2 is the first working day of the client at least two days after
    the first clock change (of either site) in the period, day 1 a working day a week before
    it (or the last one before the change); without a change, the first two working
    Tuesdays-or-later a week apart. Never raises for a project that loaded: without sites the
    sentence says the tasks are skipped.
    """
    import datetime as dt

    from helpers.timezones import (
        clock_changes,
        daily_utc_offsets,
        follow_the_sun_example,
        sites_from_table,
        split_client,
        working_days,
        years_between,
    )

    none = TimezoneExercise(None, {}, None, None, None, "")
    if project.sites.empty:
        none.sentence = "This project has no sites table: the tasks below say so; skip to the end."
        return none
    client, vendors = split_client(sites_from_table(project.sites, years_between(period_start, period_end)))
    none.client, none.vendors = client, vendors
    flat = [s for team in vendors.values() for s in team]
    if not flat:
        none.sentence = (
            f"Client site: {client.name} ({client.tz}). No vendor has a site: tasks 1 to 3 say so and move on."
        )
        return none
    site = follow_the_sun_example(vendors)[2]
    if site is None:
        offsets = daily_utc_offsets([client, *flat], period_start, period_start).iloc[0]
        site = next((s for s in flat if offsets[s.name] != offsets[client.name]), flat[0])
    working = working_days(client, period_start, period_end)
    days = [d for d, w in working.items() if w]
    if len(days) < 2:
        none.site = site
        none.sentence = f"{client.name} has fewer than two working days in the period: widen the period."
        return none
    changes = clock_changes([client, site], period_start, period_end)
    if len(changes):
        change = changes.iloc[0]
        after = [d for d in days if d >= change["local_date"] + dt.timedelta(days=2)]
        day_2 = after[0] if after else days[-1]
        before = [d for d in days if d < change["local_date"]]
        week_before = day_2 - dt.timedelta(days=7)
        day_1 = week_before if week_before in set(before) else (before[-1] if before else days[0])
        other = site.name if change["site"] == client.name else client.name
        moved = changes[changes["site"] == other]
        when = (
            f"{change['site']} changes its clocks on {change['local_date']:%a %d %b %Y} "
            f"(UTC{change['offset_before']} to UTC{change['offset_after']})"
        )
        also = (
            "; " + other + " changes too, on " + f"{moved.iloc[0]['local_date']:%a %d %b %Y}"
            if len(moved)
            else f"; {other} does not change then"
        )
        story = when + also + "."
    else:
        late = [d for d in days if d.weekday() >= 1] or days
        day_1 = late[0]
        day_2 = next((d for d in days if d >= day_1 + dt.timedelta(days=7)), days[-1])
        story = "Neither site changes its clocks in the period: expect the same overlap on both days."
    owner = site.owner or "a vendor"
    sentence = (
        f"Tasks 1 and 2: {client.name} ({client.tz}, {client.describe_hours()} local) and "
        f"{site.name} of {owner} ({site.tz}, {site.describe_hours()} local), on day 1 = "
        f"{day_1:%a %d %b %Y} and day 2 = {day_2:%a %d %b %Y}. {story}"
    )
    return TimezoneExercise(client, vendors, site, day_1, day_2, sentence)
