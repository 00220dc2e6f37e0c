"""The exact interval engine (design note "Working-hours overlap: exact semantics").

Every site's shifts become arrays of start and end instants (seconds since 1970 UTC, local
wall time read with zoneinfo's fold=0 rule); the overlap is interval arithmetic on them:
``shifts``, ``daily_overlap``, ``overlap_windows``, ``working_days``, UTC offsets and clock
changes, ``working_minutes_between`` and ``local_to_utc``. No sentences are written here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.timezones.calendar import (
    _DAY,
    _EPOCH_ORDINAL,
    _MARGIN_DAYS,
    Site,
    _date_range,
    _zone,
    check_time_zone,
)
from helpers.timezones.words import format_offset


def _wall_to_utc(wall_seconds: np.ndarray, tz: str) -> np.ndarray:
    """UTC seconds for local wall-clock seconds, with ``zoneinfo``'s fold=0 rule.

    zoneinfo reads a wall time with the offset that follows the last transition whose
    *wall threshold* (transition instant + the larger of the offsets before and after it) is
    at or before that wall time. So a time in a gap gets the earlier offset (moved forward by
    the gap) and a time in a fold its first occurrence. The same rule here, on whole arrays.
    """
    if len(wall_seconds) == 0:
        return np.zeros(0, dtype=np.int64)
    first_year = (dt.date(1970, 1, 1) + dt.timedelta(days=int(wall_seconds.min() // _DAY))).year
    last_year = (dt.date(1970, 1, 1) + dt.timedelta(days=int(wall_seconds.max() // _DAY))).year
    thresholds, offsets = _zone_rules(tz, first_year, last_year)
    return wall_seconds - offsets[np.searchsorted(thresholds, wall_seconds, side="right")]


@lru_cache(maxsize=512)
def _zone_rules(tz: str, first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
    """A zone's offset changes around the years first_year..last_year, as (wall thresholds,
    offsets): ``offsets[k]`` applies to wall times from ``thresholds[k-1]`` (inclusive) up to
    ``thresholds[k]``. Found by reading the offset every hour, then to the minute around each
    change (zones change on whole minutes, at most once an hour). Cached: zone rules do not
    change while the program runs."""
    lo = (dt.date(first_year - 1, 12, 25).toordinal() - _EPOCH_ORDINAL) * _DAY
    hi = (dt.date(last_year + 1, 1, 7).toordinal() - _EPOCH_ORDINAL) * _DAY
    hours = np.arange(lo, hi + 3600, 3600, dtype=np.int64)
    offsets = _offsets_at(tz, hours)
    changed = np.flatnonzero(np.diff(offsets))
    instants = np.empty(len(changed), dtype=np.int64)
    for n, i in enumerate(changed):
        minutes = hours[i] + 60 * np.arange(1, 61, dtype=np.int64)
        instants[n] = minutes[np.argmax(_offsets_at(tz, minutes) != offsets[i])]
    before, after = offsets[changed], offsets[changed + 1]
    thresholds = instants + np.maximum(before, after)
    rules = (thresholds, np.concatenate([offsets[:1], after]))
    for array in rules:
        array.flags.writeable = False
    return rules


def _shift_arrays(site: Site, first: dt.date, last: dt.date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(local date ordinal, start UTC s, end UTC s) of the site's shifts on dates first..last;
    empty shifts (a clock-change gap swallowing a whole shift) are dropped."""
    days = np.arange(first.toordinal(), last.toordinal() + 1, dtype=np.int64)
    weekday = (days - 1) % 7  # ordinal 1 (0001-01-01) is a Monday
    works, starts, ends = site.week_pattern()
    keep = works[weekday]
    if site.holidays:
        keep &= ~np.isin(days, site._holiday_ordinals)
    days, weekday = days[keep], weekday[keep]
    start_min, end_min = starts[weekday], ends[weekday]
    end_day = days + (end_min <= start_min)  # night shift: ends on the next local date
    walls = np.concatenate(
        [(days - _EPOCH_ORDINAL) * _DAY + start_min * 60, (end_day - _EPOCH_ORDINAL) * _DAY + end_min * 60]
    )
    start_utc, end_utc = np.split(_wall_to_utc(walls, site.tz), 2)
    nonempty = end_utc > start_utc
    return days[nonempty], start_utc[nonempty], end_utc[nonempty]


def shifts(site: Site, date_from, date_to) -> pd.DataFrame:
    """The site's shift instances belonging to local dates ``date_from``..``date_to``.

    Returns a DataFrame with ``date`` (local ``datetime.date`` the shift belongs to),
    ``start_utc``, ``end_utc`` (tz-aware UTC, half-open) and ``minutes``.
    Raises ``ValueError`` for bad dates.
    """
    first, last = _date_range(date_from, date_to)
    days, start, end = _shift_arrays(site, first, last)
    return pd.DataFrame(
        {
            "date": [dt.date.fromordinal(int(d)) for d in days],
            "start_utc": _to_timestamps(start),
            "end_utc": _to_timestamps(end),
            "minutes": ((end - start) // 60).astype(np.int64),
        }
    )


def _date_index(first: dt.date, last: dt.date) -> pd.Index:
    """Index of ``datetime.date`` objects from first to last inclusive, named ``date``."""
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    return pd.Index(days.astype(object), name="date", dtype=object)


def _to_timestamps(seconds: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(np.asarray(seconds, dtype=np.int64).astype("datetime64[s]")).tz_localize("UTC")


def _union(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge half-open intervals (overlapping or touching) into sorted disjoint ones."""
    if len(starts) == 0:
        return starts.astype(np.int64), ends.astype(np.int64)
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    opens = np.ones(len(starts), dtype=bool)
    opens[1:] = starts[1:] > reach[:-1]
    first = np.flatnonzero(opens)
    last = np.append(first[1:] - 1, len(starts) - 1)
    return starts[first], reach[last]


def _intersect(parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Intersection of k lists of disjoint intervals: a sweep over all boundaries, keeping the
    stretches where all k lists are 'in'. Pieces may touch (a list's own boundaries split them)."""
    k = len(parts)
    times = np.concatenate([p[0] for p in parts] + [p[1] for p in parts])
    step = np.concatenate(
        [np.ones(len(p[0]), dtype=np.int64) for p in parts] + [-np.ones(len(p[1]), dtype=np.int64) for p in parts]
    )
    if len(times) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort((step, times))  # at equal times ends (-1) before starts: half-open
    times, inside = times[order], np.cumsum(step[order])
    full = inside[:-1] == k
    starts, ends = times[:-1][full], times[1:][full]
    nonempty = ends > starts
    return starts[nonempty], ends[nonempty]


def _as_groups(sites) -> list[tuple[Site, ...]]:
    """Each element a Site (one site) or a sequence of Sites (a team: at work when any is)."""
    if isinstance(sites, Site):
        sites = [sites]
    groups = []
    for item in sites:
        group = (item,) if isinstance(item, Site) else tuple(item)
        if not group or not all(isinstance(s, Site) for s in group):
            raise ValueError(f"{item!r} is not a site: expected Site objects (or lists of Sites for a team)")
        groups.append(group)
    if not groups:
        raise ValueError("no sites given: expected at least one Site")
    return groups


def _group_intervals(group: Sequence[Site], first: dt.date, last: dt.date) -> tuple[np.ndarray, np.ndarray]:
    pieces = [_shift_arrays(site, first, last) for site in group]
    return _union(np.concatenate([p[1] for p in pieces]), np.concatenate([p[2] for p in pieces]))


def _overlap_pieces(sites, first: dt.date, last: dt.date, by_anchor: bool):
    """Overlap stretches (start s, end s, anchor date ordinal or -1) around first..last.

    With ``by_anchor`` each stretch lies inside one shift of the anchor (the first site) and
    carries that shift's local date; otherwise the stretches are maximal runs."""
    groups = _as_groups(sites)
    lo = first - dt.timedelta(days=_MARGIN_DAYS)
    hi = last + dt.timedelta(days=_MARGIN_DAYS)
    others = [_group_intervals(g, lo, hi) for g in groups[1:]]
    if not by_anchor:
        starts, ends = _intersect([_group_intervals(groups[0], lo, hi), *others])
        starts, ends = _union(starts, ends)
        return starts, ends, np.full(len(starts), -1, dtype=np.int64)
    if len(groups[0]) != 1:
        raise ValueError(
            "the first site is the anchor that dates the overlap: expected a single Site first, not a team"
        )
    days, a_start, a_end = _shift_arrays(groups[0][0], lo, hi)
    # An anchor whose own shifts overlap (e.g. a long Monday override) gives each instant to
    # the earliest shift containing it: later shifts start where earlier ones end.
    if len(a_start) > 1:
        order = np.argsort(a_start, kind="stable")
        days, a_start, a_end = days[order], a_start[order], a_end[order]
        earlier_end = np.concatenate([[np.iinfo(np.int64).min], np.maximum.accumulate(a_end)[:-1]])
        a_start = np.maximum(a_start, earlier_end)
        keep = a_end > a_start
        days, a_start, a_end = days[keep], a_start[keep], a_end[keep]
    starts, ends = _intersect([(a_start, a_end), *others])
    owner = np.searchsorted(a_start, starts, side="right") - 1
    return starts, ends, days[owner]


def daily_overlap(sites, date_from, date_to, by: str = "anchor") -> pd.DataFrame:
    """Minutes per day during which every site is at work.

    Takes a list of :class:`Site` (an element may also be a list of Sites: a team that counts
    as at work when any of its sites is), the first and last date (``datetime.date`` or ISO
    text, inclusive) and ``by``: ``"anchor"`` counts an overlap instant on the local date of
    the first site's shift that contains it (a whole night shift counts on the day it began);
    ``"utc"`` counts it on its UTC date.
    Returns a DataFrame indexed by ``datetime.date`` (``date``), one row for every date of the
    range, zeros included, column ``minutes`` (int).
    Raises ``ValueError`` for date_to before date_from, an unknown ``by`` or no sites.

    >>> from helpers.timezones import Site
    >>> london = Site("London", "Europe/London", "09:00", "17:30")
    >>> manila = Site("Manila night desk", "Asia/Manila", "22:00", "06:00")
    >>> daily_overlap([london, manila], dt.date(2027, 3, 26), dt.date(2027, 3, 29))  # UK clocks go forward on the 28th
                minutes
    date
    2027-03-26      210
    2027-03-27        0
    2027-03-28        0
    2027-03-29      150
    """
    first, last = _date_range(date_from, date_to)
    if by not in ("anchor", "utc"):
        raise ValueError(f"by={by!r} is not valid: expected 'anchor' or 'utc'")
    n_days = last.toordinal() - first.toordinal() + 1
    if by == "anchor":
        starts, ends, days = _overlap_pieces(sites, first, last, by_anchor=True)
        day_index = days - first.toordinal()
        inside = (day_index >= 0) & (day_index < n_days)
        seconds = np.bincount(day_index[inside], weights=(ends - starts)[inside], minlength=n_days)
    else:
        starts, ends, _ = _overlap_pieces(sites, first, last, by_anchor=False)
        # Overlap seconds before each UTC midnight (a cumulative sum): differences give days.
        midnights = (np.arange(first.toordinal(), last.toordinal() + 2) - _EPOCH_ORDINAL) * _DAY
        seconds = np.diff(_seconds_before(starts, ends, midnights))
    minutes = np.rint(np.asarray(seconds, dtype=float) / 60).astype(np.int64)
    return pd.DataFrame({"minutes": minutes}, index=_date_index(first, last))


def _seconds_before(starts: np.ndarray, ends: np.ndarray, instants: np.ndarray) -> np.ndarray:
    """Total length of the (disjoint, sorted) intervals that lies before each instant."""
    if len(starts) == 0:
        return np.zeros(len(instants), dtype=np.int64)
    lengths = ends - starts
    done = np.concatenate([[0], np.cumsum(lengths)])  # done[j]: length of intervals 0..j-1
    # Intervals before the last one starting at or before the instant lie wholly before it.
    i = np.searchsorted(starts, instants, side="right")
    last = np.maximum(i - 1, 0)
    partial = np.clip(instants - starts[last], 0, lengths[last])
    return np.where(i > 0, done[last] + partial, 0)


def overlap_windows(sites, date_from, date_to, by: str = "utc") -> pd.DataFrame:
    """Maximal stretches of time during which every site is at work.

    Takes the sites (as :func:`daily_overlap`) and a first and last date. With ``by="utc"``
    (the default) the windows are the maximal runs inside [date_from 00:00 UTC,
    date_to + 1 day 00:00 UTC), not split at midnight. With ``by="anchor"`` they are the runs
    inside the first site's shifts of those (local) dates, with an extra ``date`` column.
    Returns a DataFrame with ``start_utc``, ``end_utc`` (tz-aware UTC, half-open) and
    ``minutes`` (int), one row per window in time order; the longest is the best meeting window.
    Raises ``ValueError`` as :func:`daily_overlap`.

    >>> from helpers.timezones import Site
    >>> sites = [Site("London", "Europe/London", "09:00", "17:30"), Site("Manila", "Asia/Manila", "22:00", "06:00")]
    >>> overlap_windows(sites, dt.date(2027, 3, 26), dt.date(2027, 3, 29))
                      start_utc                   end_utc  minutes
    0 2027-03-26 14:00:00+00:00 2027-03-26 17:30:00+00:00      210
    1 2027-03-29 14:00:00+00:00 2027-03-29 16:30:00+00:00      150
    """
    first, last = _date_range(date_from, date_to)
    if by not in ("anchor", "utc"):
        raise ValueError(f"by={by!r} is not valid: expected 'anchor' or 'utc'")
    if by == "utc":
        starts, ends, _ = _overlap_pieces(sites, first, last, by_anchor=False)
        lo = (first.toordinal() - _EPOCH_ORDINAL) * _DAY
        hi = (last.toordinal() + 1 - _EPOCH_ORDINAL) * _DAY
        starts, ends = np.clip(starts, lo, hi), np.clip(ends, lo, hi)
        keep = ends > starts
        starts, ends = starts[keep], ends[keep]
        result = pd.DataFrame(
            {
                "start_utc": _to_timestamps(starts),
                "end_utc": _to_timestamps(ends),
                "minutes": np.rint((ends - starts) / 60).astype(np.int64),
            }
        )
        return result
    starts, ends, days = _overlap_pieces(sites, first, last, by_anchor=True)
    inside = (days >= first.toordinal()) & (days <= last.toordinal())
    starts, ends, days = starts[inside], ends[inside], days[inside]
    # Pieces of one anchor shift that touch (split at another site's shift boundary) merge.
    if len(starts):
        joins = np.ones(len(starts), dtype=bool)
        joins[1:] = (starts[1:] != ends[:-1]) | (days[1:] != days[:-1])
        first_piece = np.flatnonzero(joins)
        last_piece = np.append(first_piece[1:] - 1, len(starts) - 1)
        starts, ends, days = starts[first_piece], ends[last_piece], days[first_piece]
    return pd.DataFrame(
        {
            "date": [dt.date.fromordinal(int(d)) for d in days],
            "start_utc": _to_timestamps(starts),
            "end_utc": _to_timestamps(ends),
            "minutes": np.rint((ends - starts) / 60).astype(np.int64),
        }
    )


def _flatten(sites) -> list[Site]:
    return [site for group in _as_groups(sites) for site in group]


def _offsets_at(tz: str, utc_seconds: np.ndarray) -> np.ndarray:
    """UTC offset in seconds of a zone at each UTC instant."""
    instants = pd.DatetimeIndex(utc_seconds.astype("datetime64[s]")).tz_localize("UTC")
    # A ZoneInfo, not the name: pandas 2 reads a name with pytz, whose rules can differ.
    wall = instants.tz_convert(_zone(tz)).tz_localize(None).as_unit("s").asi8
    return np.asarray(wall, dtype=np.int64) - utc_seconds


def clock_changes(sites, date_from, date_to) -> pd.DataFrame:
    """Every change of UTC offset at the sites' zones between ``date_from`` and ``date_to``.

    Returns a DataFrame with ``site``, ``tz``, ``at_utc`` (the instant, tz-aware UTC),
    ``local_date`` (the local date of the change), ``offset_before``, ``offset_after``
    (text such as ``"+01:00"``) and ``change_minutes`` (+60 when clocks go forward).
    """
    first, last = _date_range(date_from, date_to)
    lo = (first.toordinal() - _EPOCH_ORDINAL) * _DAY
    hi = (last.toordinal() + 1 - _EPOCH_ORDINAL) * _DAY
    step = 15 * 60
    grid = np.arange(lo, hi + step, step, dtype=np.int64)
    rows = []
    for site in _flatten(sites):
        offsets = _offsets_at(site.tz, grid)
        for i in np.flatnonzero(np.diff(offsets)):
            # Offsets change on whole minutes: find the exact minute inside the 15-minute step.
            minutes = grid[i] + 60 * np.arange(1, 16, dtype=np.int64)
            fine = _offsets_at(site.tz, minutes)
            at = int(minutes[np.argmax(fine != offsets[i])])
            rows.append(
                {
                    "site": site.name,
                    "tz": site.tz,
                    "at_utc": pd.Timestamp(at, unit="s", tz="UTC"),
                    "local_date": (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=at + int(offsets[i + 1]))).date(),
                    "offset_before": format_offset(offsets[i]),
                    "offset_after": format_offset(offsets[i + 1]),
                    "change_minutes": int(offsets[i + 1] - offsets[i]) // 60,
                }
            )
    columns = ["site", "tz", "at_utc", "local_date", "offset_before", "offset_after", "change_minutes"]
    return pd.DataFrame(rows, columns=columns).sort_values("at_utc", kind="stable").reset_index(drop=True)


def daily_utc_offsets(sites, date_from, date_to) -> pd.DataFrame:
    """UTC offset in hours of each site at 12:00 UTC of every date: index ``date``, one
    column per site (for a year line of offsets)."""
    first, last = _date_range(date_from, date_to)
    noons = (np.arange(first.toordinal(), last.toordinal() + 1) - _EPOCH_ORDINAL) * _DAY + _DAY // 2
    return pd.DataFrame(
        {site.name: _offsets_at(site.tz, noons) / 3600 for site in _flatten(sites)}, index=_date_index(first, last)
    )


def working_days(site: Site, date_from, date_to) -> pd.Series:
    """Whether ``site`` has a shift belonging to each date (a workday, not a holiday).
    Returns a bool Series indexed by ``datetime.date`` (``date``)."""
    first, last = _date_range(date_from, date_to)
    days, _, _ = _shift_arrays(site, first, last)
    flags = np.isin(np.arange(first.toordinal(), last.toordinal() + 1), days)
    return pd.Series(flags, index=_date_index(first, last), name="working")


def _utc_seconds(values, what: str) -> tuple[np.ndarray, np.ndarray]:
    """(whole seconds since 1970 UTC, missing mask) of tz-aware timestamps.

    Takes a Series, an Index, a list or a single timestamp. Raises ``ValueError`` for times
    without a zone (their instant is unknown) or for values that are not times."""
    if isinstance(values, (pd.Timestamp, dt.datetime, str)):
        values = [values]
    try:
        index = pd.DatetimeIndex(values)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{what} not understood as times ({err}): expected tz-aware timestamps") from None
    if index.tz is None:
        if index.isna().all():
            index = index.tz_localize("UTC")
        else:
            raise ValueError(f"{what} has a time without zone: expected tz-aware timestamps (e.g. in UTC)")
    missing = np.asarray(index.isna())
    nanoseconds = index.tz_convert("UTC").as_unit("ns").asi8
    seconds = np.where(missing, 0, nanoseconds // 1_000_000_000).astype(np.int64)
    return seconds, missing


def working_minutes_between(sites, starts_utc, ends_utc) -> np.ndarray:
    """Minutes of working time between each start and end instant.

    Takes a :class:`Site` or a list of Sites (a team: a minute counts when any of its sites
    is at work; holidays, night shifts and clock changes as in :func:`shifts`), and start
    and end instants of equal length (tz-aware timestamps: a Series, an Index or a list;
    missing values allowed). Each pair is counted over the half-open [start, end), to the
    whole second. Typical use: how long a vendor took to answer a question, in its own
    working time (a question sent on Friday evening and answered on Monday morning took
    minutes, not days).
    Returns a float array of minutes, NaN where the start or the end is missing.
    Raises ``ValueError`` for unequal lengths, a time without zone, or an end before its start.
    """
    team = [site for group in _as_groups(sites) for site in group]
    starts, start_missing = _utc_seconds(starts_utc, "starts_utc")
    ends, end_missing = _utc_seconds(ends_utc, "ends_utc")
    if len(starts) != len(ends):
        raise ValueError(f"starts_utc has {len(starts)} values and ends_utc {len(ends)}: expected one end per start")
    known = ~(start_missing | end_missing)
    backwards = known & (ends < starts)
    if backwards.any():
        i = int(np.flatnonzero(backwards)[0])
        raise ValueError(
            f"end {_to_timestamps(ends[[i]])[0]} is before start {_to_timestamps(starts[[i]])[0]} "
            f"(position {i}): expected every end at or after its start"
        )
    result = np.full(len(starts), np.nan)
    if not known.any():
        return result
    # Shifts of the local dates around the instants: a shift that contains an instant began
    # at most a day before it in local time, and local dates run up to 14 h from UTC dates.
    first = dt.date.fromordinal(int(starts[known].min() // _DAY) + _EPOCH_ORDINAL) - dt.timedelta(days=_MARGIN_DAYS)
    last = dt.date.fromordinal(int(ends[known].max() // _DAY) + _EPOCH_ORDINAL) + dt.timedelta(days=_MARGIN_DAYS)
    work_starts, work_ends = _group_intervals(team, first, last)
    # Working seconds before every instant (a running total): a difference gives each span.
    before_end = _seconds_before(work_starts, work_ends, ends[known])
    before_start = _seconds_before(work_starts, work_ends, starts[known])
    result[known] = (before_end - before_start) / 60
    return result


def local_to_utc(wall_times, tz) -> pd.DatetimeIndex:
    """UTC instants of local wall-clock times, read with the zone's rules of that date.

    Takes naive times (a Series, an Index or a list; missing values allowed) and an IANA zone
    name, or one zone name per time. A wall time that does not exist (clocks set forward) is
    moved forward by the gap and an ambiguous one (clocks set back) is its first occurrence,
    as Python's ``zoneinfo`` reads them with ``fold=0`` (the rule of :func:`shifts`).
    Returns a tz-aware UTC ``DatetimeIndex``. Raises ``ValueError`` for an unknown zone, a
    missing zone beside a time, or times that already carry a zone.
    """
    index = pd.DatetimeIndex(wall_times)
    if index.tz is not None:
        raise ValueError("local_to_utc takes wall-clock times without zone: these already carry one")
    zones = np.asarray([tz] * len(index) if isinstance(tz, str) else list(tz), dtype=object)
    if len(zones) != len(index):
        raise ValueError(f"{len(index)} times but {len(zones)} zones: expected one zone, or one per time")
    nanoseconds = index.as_unit("ns").asi8
    missing = np.asarray(index.isna())
    result = np.zeros(len(index), dtype=np.int64)
    for zone in pd.unique(zones[~missing]):
        if not isinstance(zone, str):
            raise ValueError(
                f"time zone {zone!r} is missing beside a time: expected an IANA zone such as Europe/London"
            )
        zone_name = check_time_zone(zone)
        rows = ~missing & (zones == zone)
        wall = nanoseconds[rows] // 1_000_000_000
        shift = wall - _wall_to_utc(wall, zone_name)  # the UTC offset in force, in seconds
        result[rows] = nanoseconds[rows] - shift * 1_000_000_000
    utc = pd.DatetimeIndex(result.astype("datetime64[ns]")).tz_localize("UTC")
    return utc.where(~missing, pd.NaT)
