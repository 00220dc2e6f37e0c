"""Working-hours overlap across time zones.

The exact rules are in the design note "Working-hours overlap: exact semantics"; in short:

* A site works one shift per local working date D that is not a holiday: local (D, start) to
  local (D, end), or to (D + 1, end) when end <= start (a night shift). Half-open, in UTC.
* Local wall time -> UTC as Python ``zoneinfo`` does with ``fold=0``: an ambiguous time (clocks
  set back) is its first occurrence; a time that does not exist (clocks set forward) is read
  with the offset in force before the change, i.e. moved forward by the gap.
* The overlap is the set of instants at which every site is inside one of its shifts.
* Per day it is counted on the date of the first site's (the anchor's) shift that contains it,
  or on its UTC date.

Everything is interval arithmetic on arrays of shift start and end instants (seconds since
1970 UTC): a year for five sites takes about a millisecond.

Public entry points: :class:`Site`, :func:`daily_overlap`, :func:`overlap_windows`, plus the
parsers the data loader uses (:func:`parse_time`, :func:`parse_workdays`,
:func:`parse_hours_by_weekday`), :func:`holidays_for`, :func:`sites_from_table` and the
summaries the notebook shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MON_FRI = WEEKDAYS[:5]

_DAY = 86_400
# date.toordinal() of 1970-01-01: turns an ordinal day number into seconds since the epoch.
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
# Shifts of the other sites are generated this many days either side of the asked range:
# UTC offsets span -12 h .. +14 h and a night shift ends on the next day, so a shift that can
# touch the range starts at most 3 local days outside it.
_MARGIN_DAYS = 3

_WEEKDAY_NAMES = {
    **{name.lower(): i for i, name in enumerate(WEEKDAYS)},
    **{name: i for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    "tues": 1, "weds": 2, "thur": 3, "thurs": 3,
}
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
# Hyphen, en dash or em dash between two days or two times (spreadsheets turn '-' into '–').
_DASH_RE = re.compile(r"\s*[-\u2013\u2014]\s*")


# --------------------------------------------------------------------------------------------
# Parsing: times, weekdays, time zones
# --------------------------------------------------------------------------------------------

def parse_time(value, allow_24: bool = True) -> int:
    """Minutes after midnight of a local time.

    Takes ``"HH:MM"`` (24-hour; ``"9:00"`` and ``"09:00:00"`` are accepted too) or a
    ``datetime.time``. ``"24:00"`` means the next midnight (1440) and is allowed only when
    ``allow_24`` (an end time). Returns an int in 0..1440.
    Raises ``ValueError`` naming the value, e.g. for ``"25:00"`` or ``"9.30"``.
    """
    highest = "24:00" if allow_24 else "23:59"
    expected = f"expected a time as HH:MM from 00:00 to {highest}"
    if isinstance(value, dt.time):
        if value.second or value.microsecond or value.tzinfo is not None:
            raise ValueError(f"time {value.isoformat()!r} is not valid: {expected} (no seconds, no zone)")
        return value.hour * 60 + value.minute
    if not isinstance(value, str):
        raise ValueError(f"time {value!r} is not valid: {expected}")
    match = _TIME_RE.match(value)
    if match is None:
        raise ValueError(f"time {value!r} is not valid: {expected}")
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    total = hours * 60 + minutes
    if minutes > 59 or seconds != 0 or total > 1440 or (total == 1440 and not allow_24):
        raise ValueError(f"time {value!r} is not valid: {expected}")
    return total


def format_time(minutes: int) -> str:
    """``"HH:MM"`` for minutes after midnight (1440 gives ``"24:00"``)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _weekday_index(name) -> int:
    if isinstance(name, str):
        index = _WEEKDAY_NAMES.get(name.strip().lower())
        if index is not None:
            return index
    raise ValueError(f"unknown weekday {name!r}: expected one of {', '.join(WEEKDAYS)}")


def parse_workdays(text) -> tuple[str, ...]:
    """Weekday names, Monday first, from text such as ``"Mon-Fri"``, ``"Sun-Thu"``,
    ``"Mon,Wed,Fri"`` or ``"Mon-Wed, Fri"``; also an iterable of weekday names.

    Ranges wrap around the week (``"Fri-Mon"`` is Fri, Sat, Sun, Mon). Full names
    (``"Monday"``) and any letter case are accepted.
    Returns a tuple such as ``("Mon", "Tue", "Wed", "Thu", "Sun")``.
    Raises ``ValueError`` for an unknown weekday name or an empty value.
    """
    if isinstance(text, str):
        parts = re.split(r"[,;/]", text)
    elif isinstance(text, Iterable):
        parts = list(text)
    else:
        raise ValueError(f"workdays {text!r} not understood: expected weekdays such as Mon-Fri, Sun-Thu or Mon,Wed,Fri")
    chosen: set[int] = set()
    for part in parts:
        if not isinstance(part, str):
            raise ValueError(f"unknown weekday {part!r}: expected one of {', '.join(WEEKDAYS)}")
        if not part.strip():
            continue
        ends = _DASH_RE.split(part.strip())
        if len(ends) == 1:
            chosen.add(_weekday_index(ends[0]))
        elif len(ends) == 2:
            first, last = _weekday_index(ends[0]), _weekday_index(ends[1])
            chosen.update((first + i) % 7 for i in range((last - first) % 7 + 1))
        else:
            raise ValueError(f"weekday range {part.strip()!r} not understood: expected two days such as Mon-Fri")
    if not chosen:
        raise ValueError(f"workdays {text!r} name no weekday: expected weekdays such as Mon-Fri, Sun-Thu or Mon,Wed,Fri")
    return tuple(WEEKDAYS[i] for i in sorted(chosen))


def _parse_hours(start, end, what: str) -> tuple[int, int]:
    """(start, end) minutes of one shift pattern; start == end is an input error."""
    start_min = parse_time(start, allow_24=False)
    end_min = parse_time(end, allow_24=True)
    if start_min == end_min:
        raise ValueError(
            f"{what}: start {format_time(start_min)} equals end {format_time(end_min)}; "
            "expected different times (write 00:00-24:00 for a whole day)"
        )
    return start_min, end_min


def parse_hours_by_weekday(text) -> dict[str, tuple[str, str]]:
    """Per-weekday hours from text such as ``"Fri 08:00-12:00; Sat 09:00-13:00"``.

    Entries are separated by ``;`` (or new lines); each is a weekday or weekday range
    (``"Mon-Thu 08:00-18:00"``) and a time range. An empty value or ``None`` gives ``{}``.
    Also takes a mapping weekday -> (start, end), which it checks and normalises.
    Returns a dict such as ``{"Fri": ("08:00", "12:00"), "Sat": ("09:00", "13:00")}``.
    Raises ``ValueError`` naming the entry: unknown weekday, bad time, start equal to end,
    or a weekday given twice.
    """
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return {}
    if isinstance(text, Mapping):
        result = {}
        for day, hours in text.items():
            name = WEEKDAYS[_weekday_index(day)]
            if name in result:
                raise ValueError(f"hours for {name} are given twice: expected each weekday once")
            try:
                start, end = hours
            except (TypeError, ValueError):
                raise ValueError(f"hours for {name} {hours!r} not understood: expected (start, end) such as ('08:00', '12:00')") from None
            start_min, end_min = _parse_hours(start, end, f"hours for {name}")
            result[name] = (format_time(start_min), format_time(end_min))
        return result
    if not isinstance(text, str):
        raise ValueError(f"hours by weekday {text!r} not understood: expected text such as 'Fri 08:00-12:00; Sat 09:00-13:00'")
    result = {}
    for entry in re.split(r"[;\n]", text):
        entry = entry.strip()
        if not entry:
            continue
        match = re.match(r"^(?P<days>.*?)\s+(?P<start>\d{1,2}:\d{2})\s*[-\u2013\u2014]\s*(?P<end>\d{1,2}:\d{2})$", entry)
        if match is None:
            raise ValueError(f"entry {entry!r} not understood: expected a weekday and hours such as 'Fri 08:00-12:00'")
        start_min, end_min = _parse_hours(match["start"], match["end"], f"entry {entry!r}")
        for name in parse_workdays(match["days"]):
            if name in result:
                raise ValueError(f"entry {entry!r}: hours for {name} are given twice; expected each weekday once")
            result[name] = (format_time(start_min), format_time(end_min))
    return result


@lru_cache(maxsize=None)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def check_time_zone(name) -> str:
    """The IANA time-zone name, stripped, if Python knows it (``"Asia/Kolkata"``).

    Raises ``ValueError`` for an unknown or malformed name.
    """
    expected = "expected an IANA time zone such as Europe/London or Asia/Kolkata"
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"time zone {name!r} is not valid: {expected}")
    name = name.strip()
    try:
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}: {expected}") from None
    return name


def _as_date(value, what: str) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{what} {value!r} is not a date: expected a date such as 2026-03-31")


def _date_range(date_from, date_to) -> tuple[dt.date, dt.date]:
    first, last = _as_date(date_from, "date_from"), _as_date(date_to, "date_to")
    if last < first:
        raise ValueError(f"date_to {last.isoformat()} is before date_from {first.isoformat()}: expected date_to on or after date_from")
    return first, last


# --------------------------------------------------------------------------------------------
# Sites
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Site:
    """A place where people work, in one time zone.

    Takes a name, an IANA time zone, local ``start`` and ``end`` (``"HH:MM"``; ``"24:00"`` is
    the next midnight; end <= start is a night shift ending the next day), ``workdays``
    (weekday names, or text such as ``"Sun-Thu"``), ``holidays`` (local dates: an iterable of
    ``datetime.date``, or a mapping date -> holiday name as :func:`holidays_for` returns),
    ``hours_by_weekday`` (weekday -> (start, end), overriding start/end on that weekday; a
    weekday listed there is a working day even when ``workdays`` leaves it out) and an
    optional ``owner`` (``"client"`` or a vendor name).
    Values are checked and normalised on creation (``workdays`` becomes a tuple Monday first,
    ``holidays`` a dict date -> name). Raises ``ValueError`` with a plain message for an
    unknown zone, a bad time, start equal to end, or an unknown weekday.
    Use ``dataclasses.replace(site, start="08:00")`` for a changed copy.
    """

    name: str
    tz: str
    start: str = "09:00"
    end: str = "17:00"
    workdays: tuple[str, ...] = MON_FRI
    holidays: Mapping[dt.date, str] = field(default=(), hash=False)
    hours_by_weekday: Mapping[str, tuple[str, str]] | None = field(default=None, hash=False)
    owner: str | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"site name {self.name!r} is not valid: expected a non-empty text")
        label = f"site {self.name!r}"
        set_ = object.__setattr__  # frozen dataclass: normalise once, here
        try:
            set_(self, "tz", check_time_zone(self.tz))
            start_min, end_min = _parse_hours(self.start, self.end, "hours")
            set_(self, "start", format_time(start_min))
            set_(self, "end", format_time(end_min))
            set_(self, "workdays", parse_workdays(self.workdays))
            set_(self, "hours_by_weekday", parse_hours_by_weekday(self.hours_by_weekday) or None)
            set_(self, "holidays", _normalise_holidays(self.holidays))
        except ValueError as err:
            raise ValueError(f"{label}: {err}") from None
        # Derived once (the site is immutable): the shift generator reads them on every call.
        set_(self, "_pattern", self._build_week_pattern())
        set_(self, "_holiday_ordinals", np.array([d.toordinal() for d in self.holidays], dtype=np.int64))

    def __repr__(self) -> str:
        extra = f", hours_by_weekday={self.hours_by_weekday}" if self.hours_by_weekday else ""
        owner = f", owner={self.owner!r}" if self.owner else ""
        return (f"Site({self.name!r}, {self.tz!r}, {self.start}-{self.end}, {_days_text(self.workdays)}"
                f"{extra}, {len(self.holidays)} holidays{owner})")

    def week_pattern(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per weekday Mon..Sun: (works, start minutes, end minutes) as arrays of length 7."""
        return self._pattern

    def _build_week_pattern(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        works = np.array([day in self.workdays for day in WEEKDAYS])
        starts = np.full(7, parse_time(self.start), dtype=np.int64)
        ends = np.full(7, parse_time(self.end), dtype=np.int64)
        for day, (start, end) in (self.hours_by_weekday or {}).items():
            i = WEEKDAYS.index(day)
            works[i], starts[i], ends[i] = True, parse_time(start), parse_time(end)
        for array in (works, starts, ends):
            array.flags.writeable = False  # shared by every call: nobody may change them
        return works, starts, ends

    def describe_hours(self) -> str:
        """Working hours as text, e.g. ``"09:00-17:30 Mon-Fri; Fri 09:00-16:00"``."""
        text = f"{self.start}-{self.end} {_days_text(self.workdays)}"
        for day, (start, end) in (self.hours_by_weekday or {}).items():
            text += f"; {day} {start}-{end}"
        return text


def _normalise_holidays(holidays) -> dict[dt.date, str]:
    if holidays is None:
        return {}
    if isinstance(holidays, Mapping):
        items = holidays.items()
    elif isinstance(holidays, (str, bytes)) or not isinstance(holidays, Iterable):
        raise ValueError(f"holidays {holidays!r} not understood: expected dates (datetime.date)")
    else:
        items = ((day, "holiday") for day in holidays)
    result = {}
    for day, name in items:
        day = _as_date(day, "holiday")
        result[day] = str(name)
    return dict(sorted(result.items()))


def _days_text(days: Sequence[str]) -> str:
    """Compact weekday text: ``Mon-Fri``, ``Sun-Thu``, ``Mon,Wed,Fri``."""
    indices = sorted(WEEKDAYS.index(d) for d in days)
    if len(indices) == 7:
        return "Mon-Sun"
    # Rotate so a run that wraps past Sunday (Sun-Thu) reads as one range.
    present = set(indices)
    start = next(i for i in range(7) if i in present and (i - 1) % 7 not in present)
    ordered = [(start + k) % 7 for k in range(7) if (start + k) % 7 in present]
    runs, run = [], [ordered[0]]
    for i in ordered[1:]:
        if i == (run[-1] + 1) % 7:
            run.append(i)
        else:
            runs.append(run)
            run = [i]
    runs.append(run)
    return ",".join(WEEKDAYS[r[0]] if len(r) == 1 else f"{WEEKDAYS[r[0]]}-{WEEKDAYS[r[-1]]}" for r in runs)


def holidays_for(country, subdivision=None, years=()) -> dict[dt.date, str]:
    """Public holidays of a country (and subdivision) through the ``holidays`` package: its
    ``PUBLIC`` category only, asked for by name (days off by law, with their substitute days
    when one falls on a weekend), never the package's other categories (bank, school,
    government or optional days, observances: working days for most people). docs/data.md.

    Takes an ISO 3166 alpha-2 country code (``"GB"``), an optional subdivision (``"ENG"``) and
    the years (an int or an iterable of ints). An empty or missing country gives ``{}``.
    Returns a dict date -> holiday name, sorted by date.
    Raises ``ValueError`` for a country or subdivision the package does not know.
    """
    import holidays as holidays_package  # imported here: only the sites table needs it

    if country is None or (isinstance(country, float) and np.isnan(country)) or str(country).strip() == "":
        return {}
    if subdivision is not None and (isinstance(subdivision, float) and np.isnan(subdivision) or str(subdivision).strip() == ""):
        subdivision = None
    year_list = [years] if isinstance(years, (int, np.integer)) else list(years)
    country = str(country).strip().upper()
    try:
        calendar = holidays_package.country_holidays(
            country, subdiv=None if subdivision is None else str(subdivision).strip(), years=year_list,
            categories=(holidays_package.PUBLIC,),
        )
    except NotImplementedError as err:
        what = f"subdivision {subdivision!r} of {country!r}" if subdivision is not None and "subdiv" in str(err).lower() else f"country {country!r}"
        raise ValueError(f"unknown holiday {what}: expected a code the 'holidays' package knows (e.g. GB with ENG, PH, IN)") from None
    return dict(sorted(calendar.items()))


def sites_from_table(sites_df: pd.DataFrame, years) -> list[Site]:
    """Sites from the ``sites`` table (columns as in docs/data.md), in table order.

    Takes the table (``site, owner, tz, start, end, workdays`` and optional
    ``holiday_country, holiday_subdivision, hours_by_weekday``) and the years whose public
    holidays to load (an int or iterable of ints). Returns a list of :class:`Site` with
    ``owner`` set. Raises ``ValueError`` naming the site for a bad value.
    """
    def cell(row, column):
        value = row.get(column)
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        return value.strip() if isinstance(value, str) else value

    result = []
    for _, row in sites_df.iterrows():
        name = cell(row, "site")
        try:
            holidays = holidays_for(cell(row, "holiday_country"), cell(row, "holiday_subdivision"), years)
        except ValueError as err:
            raise ValueError(f"site {name!r}: {err}") from None
        result.append(Site(
            name=name,
            tz=cell(row, "tz"),
            start=cell(row, "start"),
            end=cell(row, "end"),
            workdays=cell(row, "workdays"),
            holidays=holidays,
            hours_by_weekday=cell(row, "hours_by_weekday"),
            owner=cell(row, "owner"),
        ))
    return result


def sites_by_owner(sites: Iterable[Site]) -> dict[str, list[Site]]:
    """Sites grouped by ``owner`` (``"client"`` or a vendor name), first appearance first."""
    groups: dict[str, list[Site]] = {}
    for site in sites:
        groups.setdefault(site.owner or site.name, []).append(site)
    return groups


def years_between(date_from, date_to) -> list[int]:
    """The calendar years from ``date_from`` to ``date_to`` plus one either side (night shifts
    and far time zones reach into the neighbouring year). For :func:`sites_from_table`."""
    first, last = _date_range(date_from, date_to)
    return list(range(first.year - 1, last.year + 2))


# --------------------------------------------------------------------------------------------
# Shift instances and the local -> UTC conversion
# --------------------------------------------------------------------------------------------

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
    walls = np.concatenate([(days - _EPOCH_ORDINAL) * _DAY + start_min * 60,
                            (end_day - _EPOCH_ORDINAL) * _DAY + end_min * 60])
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
    return pd.DataFrame({
        "date": [dt.date.fromordinal(int(d)) for d in days],
        "start_utc": _to_timestamps(start),
        "end_utc": _to_timestamps(end),
        "minutes": ((end - start) // 60).astype(np.int64),
    })


def _date_index(first: dt.date, last: dt.date) -> pd.Index:
    """Index of ``datetime.date`` objects from first to last inclusive, named ``date``."""
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    return pd.Index(days.astype(object), name="date", dtype=object)


def _to_timestamps(seconds: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(np.asarray(seconds, dtype=np.int64).astype("datetime64[s]")).tz_localize("UTC")


# --------------------------------------------------------------------------------------------
# Interval arithmetic
# --------------------------------------------------------------------------------------------

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
    step = np.concatenate([np.ones(len(p[0]), dtype=np.int64) for p in parts]
                          + [-np.ones(len(p[1]), dtype=np.int64) for p in parts])
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
        raise ValueError("the first site is the anchor that dates the overlap: expected a single Site first, not a team")
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
        result = pd.DataFrame({"start_utc": _to_timestamps(starts), "end_utc": _to_timestamps(ends),
                               "minutes": np.rint((ends - starts) / 60).astype(np.int64)})
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
    return pd.DataFrame({
        "date": [dt.date.fromordinal(int(d)) for d in days],
        "start_utc": _to_timestamps(starts),
        "end_utc": _to_timestamps(ends),
        "minutes": np.rint((ends - starts) / 60).astype(np.int64),
    })


def best_window(sites, day) -> pd.Series | None:
    """The longest overlap window within the anchor's (first site's) shift(s) of ``day``.

    Returns a Series with ``date``, ``start_utc``, ``end_utc``, ``minutes`` (the earliest of
    equally long windows), or ``None`` when the sites do not overlap that day.
    """
    windows = overlap_windows(sites, day, day, by="anchor")
    if windows.empty:
        return None
    return windows.loc[windows["minutes"].idxmax()]


def format_minutes(minutes) -> str:
    """Readable duration: ``"2 h 30 min"``, ``"8 h"``, ``"45 min"``, ``"0 min"``."""
    minutes = int(round(minutes))
    hours, rest = divmod(abs(minutes), 60)
    sign = "-" if minutes < 0 else ""
    if hours and rest:
        return f"{sign}{hours} h {rest} min"
    return f"{sign}{hours} h" if hours else f"{sign}{rest} min"


def place_name(tz: str) -> str:
    """The city part of a zone name: ``"Europe/London"`` -> ``"London"``."""
    return tz.rsplit("/", 1)[-1].replace("_", " ")


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
                rows.append({"row": row, "site": site.name, "team": site.owner or site.name,
                             "start_utc": pd.Timestamp(a, unit="s", tz="UTC"),
                             "end_utc": pd.Timestamp(b, unit="s", tz="UTC"),
                             "local_hours": f"{format_time(int(starts[weekday]))}-{format_time(int(ends[weekday]))}"})
            row += 1
    bars = pd.DataFrame(rows, columns=["row", "site", "team", "start_utc", "end_utc", "local_hours"])
    windows = overlap_windows(groups, day, day, by="anchor")
    best = None if windows.empty else windows.loc[windows["minutes"].idxmax()]
    return DayView(day, anchor.tz, pd.Timestamp(lo, unit="s", tz="UTC"), pd.Timestamp(hi, unit="s", tz="UTC"),
                   bars, windows.drop(columns="date"), best, int(windows["minutes"].sum()))


def format_offset(seconds) -> str:
    """``"+05:30"`` / ``"-03:30"`` for a UTC offset in seconds (or a ``timedelta``)."""
    if isinstance(seconds, dt.timedelta):
        seconds = seconds.total_seconds()
    seconds = int(round(seconds))
    sign = "-" if seconds < 0 else "+"
    minutes = abs(seconds) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def local_times(start_utc, end_utc, sites: Iterable[Site]) -> pd.DataFrame:
    """A UTC window in every site's local time.

    Returns a DataFrame with ``site``, ``tz``, ``local_start``, ``local_end`` (text such as
    ``"Tue 10 Mar 14:00"``) and ``utc_offset`` (at the window's start, e.g. ``"+08:00"``).
    """
    start_utc, end_utc = pd.Timestamp(start_utc), pd.Timestamp(end_utc)
    rows = []
    for site in _flatten(sites):
        start, end = start_utc.tz_convert(_zone(site.tz)), end_utc.tz_convert(_zone(site.tz))
        rows.append({
            "site": site.name,
            "tz": site.tz,
            "local_start": start.strftime("%a %d %b %H:%M"),
            "local_end": end.strftime("%a %d %b %H:%M"),
            "utc_offset": format_offset(start.utcoffset()),
        })
    return pd.DataFrame(rows)


def _flatten(sites) -> list[Site]:
    return [site for group in _as_groups(sites) for site in group]


# --------------------------------------------------------------------------------------------
# UTC offsets and clock changes
# --------------------------------------------------------------------------------------------

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
            rows.append({
                "site": site.name,
                "tz": site.tz,
                "at_utc": pd.Timestamp(at, unit="s", tz="UTC"),
                "local_date": (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=at + int(offsets[i + 1]))).date(),
                "offset_before": format_offset(offsets[i]),
                "offset_after": format_offset(offsets[i + 1]),
                "change_minutes": int(offsets[i + 1] - offsets[i]) // 60,
            })
    columns = ["site", "tz", "at_utc", "local_date", "offset_before", "offset_after", "change_minutes"]
    return pd.DataFrame(rows, columns=columns).sort_values("at_utc", kind="stable").reset_index(drop=True)


def daily_utc_offsets(sites, date_from, date_to) -> pd.DataFrame:
    """UTC offset in hours of each site at 12:00 UTC of every date: index ``date``, one
    column per site (for a year line of offsets)."""
    first, last = _date_range(date_from, date_to)
    noons = (np.arange(first.toordinal(), last.toordinal() + 1) - _EPOCH_ORDINAL) * _DAY + _DAY // 2
    return pd.DataFrame({site.name: _offsets_at(site.tz, noons) / 3600 for site in _flatten(sites)},
                        index=_date_index(first, last))


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
        rows.append({
            "site": site.name,
            "owner": site.owner or "",
            "tz": site.tz,
            "hours": site.describe_hours(),
            "utc_offset": format_offset(today[site.name] * 3600),
            "offsets_in_period": " / ".join(format_offset(h * 3600) for h in used),
            "clock_changes": ", ".join(f"{d:%d %b %Y} ({b} to {a})" for d, b, a in
                                       zip(mine["local_date"], mine["offset_before"], mine["offset_after"])) or "none",
            "holidays": sum(first <= d <= last for d in site.holidays),
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Summaries for the decision
# --------------------------------------------------------------------------------------------

def working_days(site: Site, date_from, date_to) -> pd.Series:
    """Whether ``site`` has a shift belonging to each date (a workday, not a holiday).
    Returns a bool Series indexed by ``datetime.date`` (``date``)."""
    first, last = _date_range(date_from, date_to)
    days, _, _ = _shift_arrays(site, first, last)
    flags = np.isin(np.arange(first.toordinal(), last.toordinal() + 1), days)
    return pd.Series(flags, index=_date_index(first, last), name="working")


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
    return pd.DataFrame({"minutes": minutes.astype(np.int64), "working": is_working,
                         "shortfall_minutes": shortfall, "status": status}, index=minutes.index)


def daily_overlap_by_vendor(client, vendors: Mapping[str, Site | Sequence[Site]], date_from, date_to,
                            by: str = "anchor") -> pd.DataFrame:
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
    summary = pd.DataFrame({
        "working_days": int(is_working.sum()),
        "mean_hours": (on_workdays.mean() / 60).round(2) if len(on_workdays) else 0.0,
        "lowest_hours": (on_workdays.min() / 60).round(2) if len(on_workdays) else 0.0,
        "total_hours": (by_vendor.sum() / 60).round(1),
    })
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
    return (daily.groupby(years).sum() / 60).round(1)


def overlap_changes(sites, date_from, date_to) -> pd.DataFrame:
    """The days on which the overlap differs from the usual, and why.

    Two causes are found: a clock change (the overlap differs from the same weekday a week
    earlier, holidays left aside) and a holiday (the overlap differs from what it would be
    without holidays). Takes the sites (anchor first, as :func:`daily_overlap`) and a range.
    Returns a DataFrame with ``date``, ``week`` (its Monday), ``minutes``,
    ``without_holidays``, ``week_before`` (same weekday a week earlier, without holidays),
    ``cause`` (``"clock change"``, ``"holiday"`` or ``"clock change and holiday"``),
    ``reason`` (which site changed clocks, which site's holiday) and the same split into
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

    reasons: dict[dt.date, list[str]] = {}
    clock_reasons: dict[dt.date, list[str]] = {}
    holiday_reasons: dict[dt.date, list[str]] = {}
    causes: dict[dt.date, list[str]] = {}
    clock_days = actual.index[(plain != week_before).to_numpy()]
    for day in clock_days:
        near = changes[(changes["local_date"] > day - dt.timedelta(days=7)) & (changes["local_date"] <= day + dt.timedelta(days=1))]
        text = [f"{r.site}: clocks {'forward' if r.change_minutes > 0 else 'back'} on {r.local_date:%a %d %b} "
                f"({r.offset_before} to {r.offset_after})" for r in near.itertuples()]
        clock_reasons.setdefault(day, []).extend(text or ["working hours differ from the week before"])
        causes.setdefault(day, []).append("clock change")

    holiday_days = actual.index[(actual != plain).to_numpy()]
    for day in holiday_days:
        causes.setdefault(day, []).append("holiday")
    if len(holiday_days):
        # Name a holiday only if the shift it cancelled would have met the anchor's shift(s)
        # of that day (a Sunday holiday at a Mon-Fri site cancels nothing).
        anchor = _without_holidays(groups[0][0])
        a_days, a_start, a_end = _shift_arrays(anchor, first, last)
        for site in _flatten(groups):
            if not site.holidays:
                continue
            h_days, h_start, h_end = _shift_arrays(_without_holidays(site), first - dt.timedelta(days=2),
                                                   last + dt.timedelta(days=2))
            cancelled = np.isin(h_days, [d.toordinal() for d in site.holidays])
            h_days, h_start, h_end = h_days[cancelled], h_start[cancelled], h_end[cancelled]
            for day in holiday_days:
                mine = a_days == day.toordinal()
                if site is groups[0][0]:
                    hit = h_days == day.toordinal()  # the anchor's own holiday
                else:
                    hit = ((h_start[:, None] < a_end[mine][None, :]) & (h_end[:, None] > a_start[mine][None, :])).any(axis=1)
                names = [f"{site.holidays[dt.date.fromordinal(int(d))]} ({dt.date.fromordinal(int(d)):%a %d %b})"
                         for d in h_days[hit]]
                if names:
                    holiday_reasons.setdefault(day, []).append(f"{site.name}: holiday " + ", ".join(names))
    for day in causes:
        reasons[day] = clock_reasons.get(day, []) + holiday_reasons.get(day, [])
    days = sorted(reasons)
    return pd.DataFrame({
        "date": days,
        "week": [d - dt.timedelta(days=d.weekday()) for d in days],
        "minutes": [int(actual[d]) for d in days],
        "without_holidays": [int(plain[d]) for d in days],
        "week_before": [int(week_before[d]) for d in days],
        "cause": [" and ".join(causes.get(d, [])) for d in days],
        "reason": ["; ".join(reasons[d]) for d in days],
        "clock_reason": ["; ".join(clock_reasons.get(d, [])) for d in days],
        "holiday_reason": ["; ".join(holiday_reasons.get(d, [])) for d in days],
    }, columns=["date", "week", "minutes", "without_holidays", "week_before", "cause", "reason",
                "clock_reason", "holiday_reason"])


def _without_holidays(site: Site) -> Site:
    from dataclasses import replace

    return replace(site, holidays={})


# --------------------------------------------------------------------------------------------
# Per-vendor views for the notebook
# --------------------------------------------------------------------------------------------

def split_client(sites: Sequence[Site]) -> tuple[Site, dict[str, list[Site]]]:
    """The client's site (the first site owned by ``"client"``) and the vendors' sites grouped
    by vendor, in table order. Raises ``ValueError`` when no site belongs to the client."""
    groups = sites_by_owner(sites)
    if "client" not in groups:
        raise ValueError("no site belongs to 'client': expected the sites table to list the client's own site "
                         "(owner = client) beside each vendor's delivery sites")
    client = groups.pop("client")[0]
    return client, groups


@dataclass
class ProjectSites:
    """The sites a project's overlap check uses (see :func:`project_sites`).

    client   the client's site, or ``None`` when the project has no ``sites`` table
    vendors  vendor name -> its sites (a team), every vendor of the ``vendors`` table
    basis    vendor name -> the hours used, as a sentence (its sites, or the assumed hours)
    assumed  the vendors without a site of their own, whose hours are assumed
    """

    client: Site | None
    vendors: dict[str, list[Site]]
    basis: dict[str, str]
    assumed: list[str]

    @property
    def all_sites(self) -> list[Site]:
        """The client's site first, then every vendor site (assumed ones included)."""
        return ([self.client] if self.client is not None else []) + [s for team in self.vendors.values() for s in team]

    def describe(self) -> str:
        """What the overlap check will compare, in words (for the notebook and the report)."""
        if self.client is None:
            return ("No sites table in this project: the client's working hours are unknown, so the "
                    "working-hours overlap is not checked. Add a sites table with the client's site "
                    "(owner = client) and each vendor's delivery sites to check it.")
        lines = [f"Client site: {self.client.name} ({self.client.tz}). Vendors: {', '.join(self.vendors)}."]
        if self.assumed:
            lines.append(self.assumed_note() + " Add a vendor's sites to check its real hours.")
        return "\n".join(lines)

    def assumed_note(self) -> str:
        """Which vendors' hours are assumed, and by which rule ("" when none)."""
        if not self.assumed:
            return ""
        from helpers.evidence import ASSUMED_HOURS

        return (f"No site in the sites table for {', '.join(self.assumed)}: by the workbook's rule "
                f"(docs/data.md) a vendor without a site is assumed to work {'-'.join(ASSUMED_HOURS)} "
                "Monday to Friday in its own time zone, with its country's public holidays.")


def project_sites(sites_df: pd.DataFrame, vendors_df: pd.DataFrame, years) -> ProjectSites:
    """The client's site and every vendor's team for the overlap check.

    Takes the ``sites`` table (may be empty), the ``vendors`` table and the years whose
    holidays to load. A vendor without a site is assumed to work office hours in its ``tz``:
    the one rule of :func:`helpers.evidence.vendor_hours`, also used for reply times.
    Raises ``ValueError`` (an ``InputError``) for a site or zone the module rejects.
    """
    from helpers.evidence import vendor_hours

    if sites_df is None or sites_df.empty:
        return ProjectSites(None, {}, {}, [])
    client, _ = split_client(sites_from_table(sites_df, years))
    teams, basis = vendor_hours(sites_df, vendors_df, years)
    owners = set(sites_df["owner"].dropna().astype(str))
    return ProjectSites(client, teams, basis, [v for v in teams if v not in owners])


def _window_text(site: Site, start_utc: pd.Timestamp, end_utc: pd.Timestamp) -> str:
    start, end = start_utc.tz_convert(_zone(site.tz)), end_utc.tz_convert(_zone(site.tz))
    return f"{start:%H:%M}-{end:%H:%M}"


def best_windows_by_vendor(client: Site, vendors: Mapping[str, Sequence[Site]], day) -> pd.DataFrame:
    """For one day of the client: per vendor the overlap (minutes, anchor view), the best
    window's length and the window in the client's and in each vendor site's local time."""
    rows = []
    for vendor, team in vendors.items():
        team = [team] if isinstance(team, Site) else list(team)
        view = day_view([client, team], day)
        row = {"vendor": vendor, "overlap_minutes": view.minutes, "best_window_minutes": 0,
               "client_time": "", "vendor_time": ""}
        if view.best is not None:
            start, end = view.best["start_utc"], view.best["end_utc"]
            row.update(best_window_minutes=int(view.best["minutes"]),
                       client_time=f"{_window_text(client, start, end)} {place_name(client.tz)}",
                       vendor_time="; ".join(f"{s.name} {_window_text(s, start, end)}" for s in team))
        rows.append(row)
    return pd.DataFrame(rows, columns=["vendor", "overlap_minutes", "best_window_minutes", "client_time",
                                       "vendor_time"])


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


def choose_example_day(client: Site, vendors: Mapping[str, Sequence[Site]], date_from, date_to,
                       example_day=None) -> ExampleDay:
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


def describe_example_day(example: ExampleDay, client: str = "the client") -> str:
    """Why :func:`choose_example_day` took this day, in one sentence."""
    day = f"{example.date:%a %d %b %Y}"
    if example.given:
        return f"The day looked at closely is {day}, as set in the settings (example_day)."
    if example.working_days == 0:
        return f"{client} has no working day in the period, so the day looked at closely is its first, {day}."
    if example.same_days == example.working_days:
        return (f"The day looked at closely is {day}: every working day of {client} in the period "
                f"has the same overlap with each vendor as this one.")
    return (f"The day looked at closely is {day}, a typical working day of {client}: the overlap with "
            f"every vendor is the same as on this day on {example.same_days} of its {example.working_days} "
            f"working days in the period, more than for any other combination (this is the first such day).")


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


def describe_day_overlap(finding: DayOverlap, client: str = "the client") -> str:
    """:class:`DayOverlap` in words: how much of the client's day each vendor overlaps with,
    from most to least, and who reaches the minimum on that day."""
    day = f"{finding.date:%a %d %b %Y}"
    if finding.client_minutes == 0:
        return f"{client} does not work on {day}, so no vendor overlaps with it that day."
    if not finding.minutes:
        return f"On {day} {client} works {format_minutes(finding.client_minutes)}; no vendor site is given."
    def join(names: list[str]) -> str:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def kind(minutes: int) -> str:
        if minutes >= finding.client_minutes:
            return "all"
        if minutes == 0:
            return "none"
        return "most" if 2 * minutes > finding.client_minutes else "part"

    by_kind: dict[str, dict[int, list[str]]] = {k: {} for k in ("all", "most", "part", "none")}
    for vendor, minutes in sorted(finding.minutes.items(), key=lambda item: -item[1]):
        by_kind[kind(minutes)].setdefault(minutes, []).append(str(vendor))
    parts = []
    for label, groups in by_kind.items():
        if not groups:
            continue
        if label in ("all", "none"):
            who = join([name for names in groups.values() for name in names])
        else:
            who = ", ".join(f"{join(names)} ({format_minutes(m)}{' each' if len(names) > 1 else ''})"
                            for m, names in groups.items())
        parts.append(f"with {label} of it: {who}")
    text = (f"On {day} {client} works {format_minutes(finding.client_minutes)}. Overlap "
            + "; ".join(parts) + ".")
    if finding.min_minutes is not None:
        need = format_minutes(finding.min_minutes)
        short = [str(v) for v, m in finding.minutes.items() if m < finding.min_minutes]
        if not short:
            text += f" Every vendor reaches the {need} minimum that day."
        elif len(short) == len(finding.minutes):
            text += f" No vendor reaches the {need} minimum that day."
        else:
            verb = "falls" if len(short) == 1 else "fall"
            who = short[0] if len(short) == 1 else ", ".join(short[:-1]) + " and " + short[-1]
            text += f" {who} {verb} short of the {need} minimum that day."
    return text


def changes_by_week(changes: pd.DataFrame) -> pd.DataFrame:
    """:func:`overlap_changes` folded to one row per week: ``week`` (Monday), ``days``
    (first and last changed day), ``minutes`` (range on those days), ``week_before`` (range)
    and the distinct ``reason`` texts."""
    def span(values) -> str:
        low, high = int(min(values)), int(max(values))
        return format_minutes(low) if low == high else f"{format_minutes(low)} to {format_minutes(high)}"

    rows = []
    for week, part in changes.groupby("week", sort=True):
        days = sorted(part["date"])
        reasons = list(dict.fromkeys(r for text in part["reason"] for r in text.split("; ")))
        kinds = sorted({k for text in part["cause"] for k in text.split(" and ")})
        rows.append({"week": week,
                     "days": f"{days[0]:%a %d %b}" + (f" to {days[-1]:%a %d %b}" if len(days) > 1 else ""),
                     "minutes": span(part["minutes"]), "week_before": span(part["week_before"]),
                     "cause": " and ".join(kinds), "reason": "; ".join(reasons)})
    return pd.DataFrame(rows, columns=["week", "days", "minutes", "week_before", "cause", "reason"])


def weekly_changes_by_vendor(client: Site, vendors: Mapping[str, Sequence[Site]], date_from, date_to,
                             cause: str | None = None) -> pd.DataFrame:
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
        if changes.empty:  # the overlap never changes (e.g. 0 h every day): no row for this vendor
            continue
        if cause == "clock change":
            changes = changes[changes["cause"].str.contains(cause, regex=False)]
            changes = changes.assign(minutes=changes["without_holidays"], reason=changes["clock_reason"],
                                     cause=cause)
        elif cause == "holiday":
            changes = changes[changes["cause"].str.contains(cause, regex=False)]
            changes = changes.assign(reason=changes["holiday_reason"], cause=cause)
        weekly = changes_by_week(changes)
        weekly.insert(0, "vendor", vendor)
        parts.append(weekly)
    columns = ["vendor", "week", "days", "minutes", "week_before", "cause", "reason"]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def short_days(client: Site, vendors: Mapping[str, Sequence[Site]], date_from, date_to,
               min_minutes: int) -> pd.DataFrame:
    """Every client working day on which a vendor's overlap is below ``min_minutes``, with the
    reason: ``vendor``, ``date``, ``minutes``, ``shortfall_minutes`` and ``reason`` (a holiday
    or clock change found by :func:`overlap_changes`, else that the hours overlap too little).
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
        explained = overlap_changes([client, team], date_from, date_to).set_index("date")["reason"]
        for day, row in short.iterrows():
            holiday_reasons = [r for r in str(explained.get(day, "")).split("; ") if "holiday" in r]
            reason = "; ".join(holiday_reasons) or f"the working hours overlap only {format_minutes(row['minutes'])}"
            rows.append({"vendor": vendor, "date": day, "minutes": int(row["minutes"]),
                         "shortfall_minutes": int(row["shortfall_minutes"]), "reason": reason})
    return pd.DataFrame(rows, columns=["vendor", "date", "minutes", "shortfall_minutes", "reason"])


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
        rows.append({"sites": label, "overlap_hours": round(minutes / 60, 1),
                     "share_of_client_hours": round(100 * minutes / own, 1) if own else 0.0})
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
    return pd.Series({"start": format_time(begin_min), "end": format_time(finish_min),
                      "hours": round(length / 3600, 2), "night_shift": finish_min <= begin_min})


def overlap_headline(summary: pd.DataFrame, min_minutes: int | None, client: str = "the client") -> str:
    """One sentence for the report: which vendors meet the minimum daily overlap on every
    client working day and how many days the others fall short. Takes :func:`overlap_summary`."""
    if summary.empty:
        return "No vendor site is given, so there is no overlap to check."
    if min_minutes is None or "days_short" not in summary:
        best = summary["mean_hours"].idxmax()
        return (f"No minimum daily overlap is set in the needs; {best} overlaps most with {client} "
                f"({summary.loc[best, 'mean_hours']:.1f} h per working day on average).")
    need = format_minutes(min_minutes)
    meets = [v for v in summary.index if summary.loc[v, "days_short"] == 0]
    short = [f"{v} ({int(summary.loc[v, 'days_short'])} days)" for v in summary.index if v not in meets]
    if not short:
        return f"Every vendor overlaps with {client} at least {need} on every working day."
    if not meets:
        return f"No vendor overlaps with {client} at least {need} on every working day; days short: {', '.join(short)}."
    verb = "meets" if len(meets) == 1 else "meet"
    return (f"{', '.join(meets)} {verb} the {need} daily overlap with {client} on every working day; "
            f"short on some days: {', '.join(short)}.")


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
            row = {site.name: f"{start.tz_convert(_zone(site.tz)):%a %H:%M} to {end.tz_convert(_zone(site.tz)):%a %H:%M}"}
            for other in also:
                row[other.name] = f"{start.tz_convert(_zone(other.tz)):%a %H:%M} to {end.tz_convert(_zone(other.tz)):%a %H:%M}"
        else:
            why = (f"holiday: {site.holidays[day]}" if day in site.holidays and works[day.weekday()]
                   else "not a working day" if not works[day.weekday()] else "no time left (clock change)")
            row = {site.name: why, **{other.name: "" for other in also}}
        rows[day] = row
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.index.name = "date"
    return result


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


# --------------------------------------------------------------------------------------------
# Working time between two instants (how long a reply took, counted in working hours)
# --------------------------------------------------------------------------------------------

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
            raise ValueError(f"time zone {zone!r} is missing beside a time: expected an IANA zone such as Europe/London")
        zone_name = check_time_zone(zone)
        rows = ~missing & (zones == zone)
        wall = nanoseconds[rows] // 1_000_000_000
        shift = wall - _wall_to_utc(wall, zone_name)  # the UTC offset in force, in seconds
        result[rows] = nanoseconds[rows] - shift * 1_000_000_000
    utc = pd.DatetimeIndex(result.astype("datetime64[ns]")).tz_localize("UTC")
    return utc.where(~missing, pd.NaT)
