"""What the overlap means for the decision and notebook 04, as tables and values: the check
against a minimum, per-vendor summaries, the days the overlap changes and why (structured
reasons), one day seen closely, coverage of a team. Sentences are made in ``words``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.tables import Column, describe
from helpers.timezones.calendar import _DAY, Site, _as_date, _date_range, _zone, check_time_zone, format_time
from helpers.timezones.engine import (
    _as_groups,
    _date_index,
    _flatten,
    _offsets_at,
    _shift_arrays,
    clock_changes,
    daily_overlap,
    daily_utc_offsets,
    overlap_windows,
    shifts,
    working_days,
)
from helpers.timezones.words import (
    _window_text,
    change_cause,
    clock_reasons,
    format_minutes,
    format_offset,
    holiday_reason_text,
    place_name,
    short_day_reason,
)

OVERLAP_HOURS = Column("", "number")  # overlap hours in a table whose columns are the vendors
OVERLAP_MINUTES = Column("Overlap (minutes)", "count")


@dataclass(frozen=True)
class DayView:
    """What one day looks like, for a 24-hour band chart (see :func:`day_view`)."""

    day: dt.date
    tz: str  # the anchor's zone: the chart's clock
    view_start: pd.Timestamp  # UTC
    view_end: pd.Timestamp  # UTC
    bars: pd.DataFrame  # row, site, team, start_utc, end_utc, local_hours
    windows: pd.DataFrame  # the anchor-day windows: start_utc, end_utc, minutes
    best: pd.Series | None  # the longest window, or None
    minutes: int  # overlap counted on this day (anchor view)


def day_view(sites, day) -> DayView:
    """Every site's shifts around one day of the anchor (first site), clipped to the anchor's
    local day (widened to cover the anchor's own shift of that day, e.g. a night shift), with
    that day's overlap windows and the best one.

    ``bars`` has one row per shift piece: ``row`` (0 = the anchor, in the order given;
    a team's sites get consecutive rows), ``site``, ``team`` (the site's owner or name),
    ``start_utc``, ``end_utc`` and ``local_hours`` (the shift in the site's own clock, e.g.
    ``"22:00-06:00"``).
    """
    day = _as_date(day, "day")
    groups = _as_groups(sites)
    anchor = groups[0][0]
    zone = _zone(anchor.tz)
    start = dt.datetime.combine(day, dt.time(), zone).astimezone(dt.timezone.utc)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.timezone.utc)
    lo, hi = int(start.timestamp()), int(end.timestamp())
    _, own_start, own_end = _shift_arrays(anchor, day, day)
    if len(own_start):
        lo, hi = min(lo, int(own_start.min())), max(hi, int(own_end.max()))
    rows = []
    row = 0
    for group in groups:
        for site in group:
            days, s, e = _shift_arrays(site, day - dt.timedelta(days=2), day + dt.timedelta(days=2))
            _, starts, ends = site.week_pattern()
            for d, a, b in zip(days, s, e):
                a, b = max(int(a), lo), min(int(b), hi)
                if b <= a:
                    continue
                weekday = (int(d) - 1) % 7
                rows.append(
                    {
                        "row": row,
                        "site": site.name,
                        "team": site.owner or site.name,
                        "start_utc": pd.Timestamp(a, unit="s", tz="UTC"),
                        "end_utc": pd.Timestamp(b, unit="s", tz="UTC"),
                        "local_hours": f"{format_time(int(starts[weekday]))}-{format_time(int(ends[weekday]))}",
                    }
                )
            row += 1
    bars = pd.DataFrame(rows, columns=["row", "site", "team", "start_utc", "end_utc", "local_hours"])
    windows = overlap_windows(groups, day, day, by="anchor")
    best = None if windows.empty else windows.loc[windows["minutes"].idxmax()]
    return DayView(
        day,
        anchor.tz,
        pd.Timestamp(lo, unit="s", tz="UTC"),
        pd.Timestamp(hi, unit="s", tz="UTC"),
        bars,
        windows.drop(columns="date"),
        best,
        int(windows["minutes"].sum()),
    )


def local_times(start_utc, end_utc, sites: Iterable[Site]) -> pd.DataFrame:
    """A UTC window in every site's local time.

    Returns a DataFrame with ``site``, ``tz``, ``local_start``, ``local_end`` (text such as
    ``"Tue 10 Mar 14:00"``) and ``utc_offset`` (at the window's start, e.g. ``"+08:00"``).
    """
    start_utc, end_utc = pd.Timestamp(start_utc), pd.Timestamp(end_utc)
    rows = []
    for site in _flatten(sites):
        start, end = start_utc.tz_convert(_zone(site.tz)), end_utc.tz_convert(_zone(site.tz))
        rows.append(
            {
                "site": site.name,
                "tz": site.tz,
                "local_start": start.strftime("%a %d %b %H:%M"),
                "local_end": end.strftime("%a %d %b %H:%M"),
                "utc_offset": format_offset(start.utcoffset()),
            }
        )
    return pd.DataFrame(rows)


def sites_table(sites, on, date_from, date_to) -> pd.DataFrame:
    """One row per site: ``site``, ``owner``, ``tz``, ``hours`` (local), ``utc_offset``
    (on the date ``on``, at 12:00 UTC), ``offsets_in_period`` (every offset used between
    ``date_from`` and ``date_to``), ``clock_changes`` (local dates) and ``holidays``
    (how many in the period)."""
    first, last = _date_range(date_from, date_to)
    on = _as_date(on, "on")
    changes = clock_changes(sites, first, last)
    offsets = daily_utc_offsets(sites, first, last)
    today = daily_utc_offsets(sites, on, on).iloc[0]
    rows = []
    for site in _flatten(sites):
        mine = changes[changes["site"] == site.name]
        used = sorted(set(offsets[site.name]))
        rows.append(
            {
                "site": site.name,
                "owner": site.owner or "",
                "tz": site.tz,
                "hours": site.describe_hours(),
                "utc_offset": format_offset(today[site.name] * 3600),
                "offsets_in_period": " / ".join(format_offset(h * 3600) for h in used),
                "clock_changes": ", ".join(
                    f"{d:%d %b %Y} ({b} to {a})"
                    for d, b, a in zip(mine["local_date"], mine["offset_before"], mine["offset_after"])
                )
                or "none",
                "holidays": sum(first <= d <= last for d in site.holidays),
            }
        )
    return pd.DataFrame(rows)


def overlap_check(daily: pd.DataFrame | pd.Series, min_minutes: int, working=None) -> pd.DataFrame:
    """Does the overlap reach ``min_minutes`` on each working day?

    Takes the :func:`daily_overlap` result (or its ``minutes`` Series), the minimum in
    minutes, and ``working``: a bool Series indexed by date (e.g. :func:`working_days` of the
    client site) or ``None`` to check every date.
    Returns a DataFrame indexed by date with ``minutes``, ``working`` (bool),
    ``shortfall_minutes`` (0 when met) and ``status``: ``"meets"``, ``"short"`` or
    ``"not a working day"``.
    Raises ``ValueError`` for a negative minimum.
    """
    if min_minutes is None or min_minutes < 0:
        raise ValueError(f"min_minutes {min_minutes!r} is not valid: expected minutes >= 0")
    minutes = daily["minutes"] if isinstance(daily, pd.DataFrame) else daily
    if working is None:
        is_working = pd.Series(True, index=minutes.index)
    else:
        is_working = pd.Series(working).reindex(minutes.index).fillna(False).astype(bool)
    shortfall = (min_minutes - minutes).clip(lower=0).where(is_working, 0).astype(np.int64)
    status = np.where(~is_working, "not a working day", np.where(shortfall > 0, "short", "meets"))
    return pd.DataFrame(
        {"minutes": minutes.astype(np.int64), "working": is_working, "shortfall_minutes": shortfall, "status": status},
        index=minutes.index,
    )


def daily_overlap_by_vendor(
    client, vendors: Mapping[str, Site | Sequence[Site]], date_from, date_to, by: str = "anchor"
) -> pd.DataFrame:
    """Daily overlap of the client site with each vendor (a vendor with several sites counts
    as at work when any of them is). Returns a DataFrame indexed by date, one column of
    minutes per vendor."""
    columns = {}
    for vendor, vendor_sites in vendors.items():
        team = [vendor_sites] if isinstance(vendor_sites, Site) else list(vendor_sites)
        columns[vendor] = daily_overlap([client, team], date_from, date_to, by=by)["minutes"]
    first, last = _date_range(date_from, date_to)
    if not columns:
        return pd.DataFrame(index=daily_overlap([client], first, last).index)
    return pd.DataFrame(columns)


def overlap_summary(by_vendor: pd.DataFrame, working: pd.Series, min_minutes: int | None = None) -> pd.DataFrame:
    """One row per vendor: ``working_days`` (of the client), ``mean_hours`` and
    ``lowest_hours`` per working day, ``total_hours`` in the period, and with a minimum:
    ``days_short`` and ``meets_minimum`` (no working day short).
    Takes :func:`daily_overlap_by_vendor`'s result, the client's :func:`working_days` and
    the minimum in minutes (or ``None``)."""
    is_working = pd.Series(working).reindex(by_vendor.index).fillna(False).astype(bool)
    on_workdays = by_vendor[is_working.to_numpy()]
    summary = pd.DataFrame(
        {
            "working_days": int(is_working.sum()),
            "mean_hours": (on_workdays.mean() / 60).round(2) if len(on_workdays) else 0.0,
            "lowest_hours": (on_workdays.min() / 60).round(2) if len(on_workdays) else 0.0,
            "total_hours": (by_vendor.sum() / 60).round(1),
        }
    )
    if min_minutes is not None:
        summary["days_short"] = (on_workdays < min_minutes).sum().astype(int)
        summary["meets_minimum"] = summary["days_short"] == 0
    summary.index.name = "vendor"
    return summary


def hours_per_month(daily: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Overlap hours per calendar month (index ``YYYY-MM``) of a daily overlap frame or Series
    (or of a wide frame, one column per vendor)."""
    months = pd.Index([f"{d:%Y-%m}" for d in daily.index], name="month")
    return (daily.groupby(months).sum() / 60).round(1)


def hours_per_year(daily: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Overlap hours per calendar year (index the year) of a daily overlap frame or Series."""
    years = pd.Index([d.year for d in daily.index], name="year")
    return describe((daily.groupby(years).sum() / 60).round(1), every=OVERLAP_HOURS)


@dataclass(frozen=True)
class ClockChange:
    """A site's clocks changed near a day whose overlap changed: ``site``, the ``local_date``
    of the change, ``forward`` (True when clocks went forward) and the UTC offsets before
    and after (text such as ``"+01:00"``)."""

    site: str
    local_date: dt.date
    forward: bool
    offset_before: str
    offset_after: str


@dataclass(frozen=True)
class HolidayCut:
    """A site's holidays that cut the overlap of a day: ``site`` and ``holidays``, a tuple of
    (date, holiday name)."""

    site: str
    holidays: tuple[tuple[dt.date, str], ...]


def _clock_causes(changes: pd.DataFrame, days) -> dict[dt.date, tuple[ClockChange, ...]]:
    """For each day whose overlap differs from a week before, the clock changes in that week
    (an empty tuple when none is found: the hours themselves differ)."""
    causes = {}
    for day in days:
        near = changes[
            (changes["local_date"] > day - dt.timedelta(days=7)) & (changes["local_date"] <= day + dt.timedelta(days=1))
        ]
        causes[day] = tuple(
            ClockChange(r.site, r.local_date, r.change_minutes > 0, r.offset_before, r.offset_after)
            for r in near.itertuples()
        )
    return causes


def _holiday_causes(groups, days, first: dt.date, last: dt.date) -> dict[dt.date, list[HolidayCut]]:
    """For each day whose overlap a holiday changed, the sites' holidays that cut it: a holiday
    counts only if the shift it cancelled would have met the anchor's shift(s) of that day (a
    Sunday holiday at a Mon-Fri site cancels nothing)."""
    causes: dict[dt.date, list[HolidayCut]] = {}
    if not len(days):
        return causes
    anchor = _without_holidays(groups[0][0])
    a_days, a_start, a_end = _shift_arrays(anchor, first, last)
    for site in _flatten(groups):
        if not site.holidays:
            continue
        h_days, h_start, h_end = _shift_arrays(
            _without_holidays(site), first - dt.timedelta(days=2), last + dt.timedelta(days=2)
        )
        cancelled = np.isin(h_days, [d.toordinal() for d in site.holidays])
        h_days, h_start, h_end = h_days[cancelled], h_start[cancelled], h_end[cancelled]
        for day in days:
            mine = a_days == day.toordinal()
            if site is groups[0][0]:
                hit = h_days == day.toordinal()  # the anchor's own holiday
            else:
                meets = (h_start[:, None] < a_end[mine][None, :]) & (h_end[:, None] > a_start[mine][None, :])
                hit = meets.any(axis=1)
            cut = tuple((dt.date.fromordinal(int(d)), site.holidays[dt.date.fromordinal(int(d))]) for d in h_days[hit])
            if cut:
                causes.setdefault(day, []).append(HolidayCut(site.name, cut))
    return causes


def overlap_changes(sites, date_from, date_to) -> pd.DataFrame:
    """The days on which the overlap differs from the usual, and why.

    Two causes are found: a clock change (the overlap differs from the same weekday a week
    earlier, holidays left aside) and a holiday (the overlap differs from what it would be
    without holidays). Takes the sites (anchor first, as :func:`daily_overlap`) and a range.
    Returns a DataFrame with ``date``, ``week`` (its Monday), ``minutes``,
    ``without_holidays``, ``week_before`` (same weekday a week earlier, without holidays),
    the causes as values: ``clock_change`` and ``holiday`` (bool), ``clocks`` (a tuple of
    :class:`ClockChange`) and ``holidays`` (a tuple of :class:`HolidayCut`), and the same in
    words: ``cause`` (``"clock change"``, ``"holiday"`` or ``"clock change and holiday"``),
    ``reason`` (which site changed clocks, which site's holiday) and that split into
    ``clock_reason`` and ``holiday_reason``; one row per such day.
    """
    first, last = _date_range(date_from, date_to)
    groups = _as_groups(sites)
    actual = daily_overlap(groups, first, last)["minutes"]
    plain_groups = [tuple(_without_holidays(s) for s in g) for g in groups]
    plain = daily_overlap(plain_groups, first - dt.timedelta(days=7), last)["minutes"]
    week_before = pd.Series(plain.to_numpy()[:-7], index=actual.index)
    plain = plain.iloc[7:]
    changes = clock_changes(sites, first - dt.timedelta(days=8), last + dt.timedelta(days=1))
    clocks = _clock_causes(changes, actual.index[(plain != week_before).to_numpy()])
    holiday_days = actual.index[(actual != plain).to_numpy()]
    holidays = _holiday_causes(groups, holiday_days, first, last)
    days = sorted(set(clocks) | set(holiday_days))
    table = pd.DataFrame(
        {
            "date": days,
            "week": [d - dt.timedelta(days=d.weekday()) for d in days],
            "minutes": [int(actual[d]) for d in days],
            "without_holidays": [int(plain[d]) for d in days],
            "week_before": [int(week_before[d]) for d in days],
            "clock_change": pd.Series([d in clocks for d in days], dtype=bool),
            "holiday": pd.Series([d in set(holiday_days) for d in days], dtype=bool),
            "clocks": pd.Series([clocks.get(d, ()) for d in days], dtype=object),
            "holidays": pd.Series([tuple(holidays.get(d, ())) for d in days], dtype=object),
        },
        columns=[
            "date",
            "week",
            "minutes",
            "without_holidays",
            "week_before",
            "clock_change",
            "holiday",
            "clocks",
            "holidays",
        ],
    )
    return _with_reasons(table)


def _with_reasons(changes: pd.DataFrame) -> pd.DataFrame:
    """``changes`` with the words of its causes (:func:`helpers.timezones.words.change_cause`
    and the reasons): ``cause``, ``reason``, ``clock_reason``, ``holiday_reason``."""
    clock_reason = [clock_reasons(c) if flag else [] for flag, c in zip(changes["clock_change"], changes["clocks"])]
    holiday_reason = [[holiday_reason_text(h) for h in cuts] for cuts in changes["holidays"]]
    return changes.assign(
        cause=[change_cause(c, h) for c, h in zip(changes["clock_change"], changes["holiday"])],
        reason=["; ".join(c + h) for c, h in zip(clock_reason, holiday_reason)],
        clock_reason=["; ".join(c) for c in clock_reason],
        holiday_reason=["; ".join(h) for h in holiday_reason],
    )


def _without_holidays(site: Site) -> Site:
    from dataclasses import replace

    return replace(site, holidays={})


def best_windows_by_vendor(client: Site, vendors: Mapping[str, Sequence[Site]], day) -> pd.DataFrame:
    """For one day of the client: per vendor the overlap (minutes, anchor view), the best
    window's length and the window in the client's and in each vendor site's local time."""
    rows = []
    for vendor, team in vendors.items():
        team = [team] if isinstance(team, Site) else list(team)
        view = day_view([client, team], day)
        row = {
            "vendor": vendor,
            "overlap_minutes": view.minutes,
            "best_window_minutes": 0,
            "client_time": "",
            "vendor_time": "",
        }
        if view.best is not None:
            start, end = view.best["start_utc"], view.best["end_utc"]
            row.update(
                best_window_minutes=int(view.best["minutes"]),
                client_time=f"{_window_text(client, start, end)} {place_name(client.tz)}",
                vendor_time="; ".join(f"{s.name} {_window_text(s, start, end)}" for s in team),
            )
        rows.append(row)
    return pd.DataFrame(
        rows, columns=["vendor", "overlap_minutes", "best_window_minutes", "client_time", "vendor_time"]
    )


@dataclass(frozen=True)
class DayOverlap:
    """One day's overlap of the client with each vendor: ``client_minutes`` (the client's own
    working time that day), ``minutes`` (vendor -> overlap minutes) and the minimum
    (``min_minutes``, or None)."""

    date: dt.date
    client_minutes: int
    minutes: dict
    min_minutes: int | None


def day_overlap(client: Site, windows: pd.DataFrame, day, min_minutes: int | None = None) -> DayOverlap:
    """The findings of :func:`best_windows_by_vendor` (``windows``) for ``day``, with the
    client's own working time that day."""
    day = _as_date(day, "day")
    own = int(daily_overlap([client], day, day)["minutes"].iloc[0])
    minutes = {vendor: int(m) for vendor, m in zip(windows["vendor"], windows["overlap_minutes"])}
    return DayOverlap(day, own, minutes, min_minutes)


def changes_by_week(changes: pd.DataFrame) -> pd.DataFrame:
    """:func:`overlap_changes` folded to one row per week: ``week`` (Monday), ``days``
    (first and last changed day), ``minutes`` (range on those days), ``week_before`` (range),
    ``cause`` (the causes of the week) and the distinct ``reason`` texts."""

    def span(values) -> str:
        low, high = int(min(values)), int(max(values))
        return format_minutes(low) if low == high else f"{format_minutes(low)} to {format_minutes(high)}"

    rows = []
    for week, part in changes.groupby("week", sort=True):
        days = sorted(part["date"])
        reasons = [clock_reasons(c) if flag else [] for flag, c in zip(part["clock_change"], part["clocks"])]
        reasons = [r + [holiday_reason_text(h) for h in cuts] for r, cuts in zip(reasons, part["holidays"])]
        rows.append(
            {
                "week": week,
                "days": f"{days[0]:%a %d %b}" + (f" to {days[-1]:%a %d %b}" if len(days) > 1 else ""),
                "minutes": span(part["minutes"]),
                "week_before": span(part["week_before"]),
                "cause": change_cause(part["clock_change"].any(), part["holiday"].any()),
                "reason": "; ".join(dict.fromkeys(r for day in reasons for r in day)),
            }
        )
    return pd.DataFrame(rows, columns=["week", "days", "minutes", "week_before", "cause", "reason"])


def weekly_changes_by_vendor(
    client: Site, vendors: Mapping[str, Sequence[Site]], date_from, date_to, cause: str | None = None
) -> pd.DataFrame:
    """:func:`changes_by_week` of the client with each vendor, one table with a ``vendor``
    column first. ``cause="clock change"`` keeps the days whose overlap changed with the
    clocks and shows them without holidays (``minutes`` = ``without_holidays``, clock reasons
    only); ``cause="holiday"`` keeps the holiday days with their holiday reasons."""
    if cause not in (None, "clock change", "holiday"):
        raise ValueError(f"cause {cause!r} is not valid: expected 'clock change', 'holiday' or None")
    parts = []
    for vendor, team in vendors.items():
        team = [team] if isinstance(team, Site) else list(team)
        changes = overlap_changes([client, team], date_from, date_to)
        if cause == "clock change":
            changes = changes.loc[changes["clock_change"].astype(bool)]
            changes = changes.assign(
                minutes=changes["without_holidays"],
                holiday=False,
                holidays=pd.Series([()] * len(changes), index=changes.index, dtype=object),
            )
        elif cause == "holiday":
            changes = changes.loc[changes["holiday"].astype(bool)]
            changes = changes.assign(
                clock_change=False, clocks=pd.Series([()] * len(changes), index=changes.index, dtype=object)
            )
        if changes.empty:  # the overlap never changes (e.g. 0 h every day): no row for this vendor
            continue
        weekly = changes_by_week(changes)
        weekly.insert(0, "vendor", vendor)
        parts.append(weekly)
    columns = ["vendor", "week", "days", "minutes", "week_before", "cause", "reason"]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return describe(table, minutes=Column("Overlap a day"), week_before=Column("Overlap a day, the week before"))


def short_days(
    client: Site, vendors: Mapping[str, Sequence[Site]], date_from, date_to, min_minutes: int
) -> pd.DataFrame:
    """Every client working day on which a vendor's overlap is below ``min_minutes``, with the
    reason: ``vendor``, ``date``, ``minutes``, ``shortfall_minutes``, ``holiday`` (True when
    :func:`overlap_changes` found holidays that cut that day: its ``holidays`` values) and
    ``reason`` (those holidays in words, else that the hours overlap too little).
    With ``min_minutes=None`` (no minimum in the needs) the table is empty."""
    working = working_days(client, date_from, date_to)
    rows = []
    if min_minutes is None:
        vendors = {}
    for vendor, team in vendors.items():
        team = [team] if isinstance(team, Site) else list(team)
        check = overlap_check(daily_overlap([client, team], date_from, date_to), min_minutes, working=working)
        short = check[check["status"] == "short"]
        if short.empty:
            continue
        cuts = overlap_changes([client, team], date_from, date_to).set_index("date")["holidays"]
        for day, row in short.iterrows():
            holidays = cuts.get(day, ())
            rows.append(
                {
                    "vendor": vendor,
                    "date": day,
                    "minutes": int(row["minutes"]),
                    "shortfall_minutes": int(row["shortfall_minutes"]),
                    "holiday": bool(holidays),
                    "reason": short_day_reason(holidays, int(row["minutes"])),
                }
            )
    table = pd.DataFrame(rows, columns=["vendor", "date", "minutes", "shortfall_minutes", "holiday", "reason"])
    return describe(table, minutes=OVERLAP_MINUTES)


def coverage_table(client: Site, team: Sequence[Site], date_from, date_to) -> pd.DataFrame:
    """How much of the client's working time each site of a team covers, and the team together
    (follow-the-sun): ``overlap_hours`` on client working days and ``share_of_client_hours``
    (percent of the client's own hours on those days)."""
    team = [team] if isinstance(team, Site) else list(team)
    working = working_days(client, date_from, date_to).to_numpy()
    own = daily_overlap([client], date_from, date_to)["minutes"].to_numpy()[working].sum()
    choices = [(site.name, [site]) for site in team]
    if len(team) > 1:
        choices.append(("together", team))
    rows = []
    for label, members in choices:
        minutes = daily_overlap([client, members], date_from, date_to)["minutes"].to_numpy()[working].sum()
        rows.append(
            {
                "sites": label,
                "overlap_hours": round(minutes / 60, 1),
                "share_of_client_hours": round(100 * minutes / own, 1) if own else 0.0,
            }
        )
    return pd.DataFrame(rows, columns=["sites", "overlap_hours", "share_of_client_hours"])


def covering_hours(client: Site, tz: str, date_from, date_to) -> pd.Series:
    """The local hours a site in zone ``tz`` must work to cover all of the client's working
    time on every client working day of the period (clock changes included).
    Returns a Series with ``start``, ``end`` (``"HH:MM"`` in ``tz``; end <= start is a night
    shift), ``hours`` (length of that shift) and ``night_shift`` (bool)."""
    tz = check_time_zone(tz)
    first, last = _date_range(date_from, date_to)
    _, starts, ends = _shift_arrays(client, first, last)
    if len(starts) == 0:
        raise ValueError(f"site {client.name!r} has no working day between {first} and {last}: nothing to cover")
    local_start = starts + _offsets_at(tz, starts)
    start_of_day = local_start % _DAY
    # Keep the shift starts together on the clock: if they straddle local midnight, count
    # the early-morning ones as the previous evening's plus 24 h.
    if start_of_day.max() - start_of_day.min() > _DAY // 2:
        start_of_day = np.where(start_of_day < _DAY // 2, start_of_day + _DAY, start_of_day)
    end_of_day = start_of_day + (ends - starts)
    begin, finish = int(start_of_day.min()), int(end_of_day.max())
    length = finish - begin
    begin_min = (begin % _DAY) // 60
    finish_min = (finish % _DAY) // 60
    if length >= _DAY:
        begin_min, finish_min = 0, 1440
    elif finish_min == 0 and begin_min != 0:
        finish_min = 1440 if length + begin % _DAY == _DAY else 0
    return pd.Series(
        {
            "start": format_time(begin_min),
            "end": format_time(finish_min),
            "hours": round(length / 3600, 2),
            "night_shift": finish_min <= begin_min,
        }
    )


def shifts_in_local_time(site: Site, date_from, date_to, also: Sequence[Site] = ()) -> pd.DataFrame:
    """Each date of the range for one site: its shift in its own clock (``"Mon 22:00 to Tue
    06:00"``), or why there is none (``"holiday: ..."``, ``"not a working day"``), and the same
    shift in the clock of every site in ``also`` (one column per site, named after it).
    Indexed by the site's local ``date``."""
    first, last = _date_range(date_from, date_to)
    table = shifts(site, first, last).set_index("date")
    works, _, _ = site.week_pattern()
    rows = {}
    for day in _date_index(first, last):
        if day in table.index:
            start, end = table.loc[day, "start_utc"], table.loc[day, "end_utc"]
            row = {
                site.name: f"{start.tz_convert(_zone(site.tz)):%a %H:%M} to {end.tz_convert(_zone(site.tz)):%a %H:%M}"
            }
            for other in also:
                row[other.name] = (
                    f"{start.tz_convert(_zone(other.tz)):%a %H:%M} to {end.tz_convert(_zone(other.tz)):%a %H:%M}"
                )
        else:
            why = (
                f"holiday: {site.holidays[day]}"
                if day in site.holidays and works[day.weekday()]
                else "not a working day"
                if not works[day.weekday()]
                else "no time left (clock change)"
            )
            row = {site.name: why, **{other.name: "" for other in also}}
        rows[day] = row
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.index.name = "date"
    return result
