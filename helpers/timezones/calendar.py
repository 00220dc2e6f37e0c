"""Sites and their working calendars: the parsers for times, weekdays and zones, the
``Site`` value, public holidays (``holidays_for``), the sites table read into sites and
grouped by owner (``sites_from_table``, ``split_client``, ``project_sites``)."""

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
    **{
        name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    },
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}


_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


# Hyphen, en dash or em dash between two days or two times (spreadsheets turn '-' into '–').
_DASH_RE = re.compile(r"\s*[-\u2013\u2014]\s*")


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
        raise ValueError(
            f"workdays {text!r} name no weekday: expected weekdays such as Mon-Fri, Sun-Thu or Mon,Wed,Fri"
        )
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
                raise ValueError(
                    f"hours for {name} {hours!r} not understood: expected (start, end) such as ('08:00', '12:00')"
                ) from None
            start_min, end_min = _parse_hours(start, end, f"hours for {name}")
            result[name] = (format_time(start_min), format_time(end_min))
        return result
    if not isinstance(text, str):
        raise ValueError(
            f"hours by weekday {text!r} not understood: expected text such as 'Fri 08:00-12:00; Sat 09:00-13:00'"
        )
    result = {}
    for entry in re.split(r"[;\n]", text):
        entry = entry.strip()
        if not entry:
            continue
        match = re.match(
            r"^(?P<days>.*?)\s+(?P<start>\d{1,2}:\d{2})\s*[-\u2013\u2014]\s*(?P<end>\d{1,2}:\d{2})$", entry
        )
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
        raise ValueError(
            f"date_to {last.isoformat()} is before date_from {first.isoformat()}: "
            "expected date_to on or after date_from"
        )
    return first, last


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
        return (
            f"Site({self.name!r}, {self.tz!r}, {self.start}-{self.end}, {_days_text(self.workdays)}"
            f"{extra}, {len(self.holidays)} holidays{owner})"
        )

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

    >>> days = holidays_for("GB", "ENG", 2027)
    >>> [day.isoformat() for day in days][:3]
    ['2027-01-01', '2027-03-26', '2027-03-29']
    """
    import holidays as holidays_package  # imported here: only the sites table needs it

    if country is None or (isinstance(country, float) and np.isnan(country)) or str(country).strip() == "":
        return {}
    if subdivision is not None and (
        isinstance(subdivision, float) and np.isnan(subdivision) or str(subdivision).strip() == ""
    ):
        subdivision = None
    year_list = [years] if isinstance(years, (int, np.integer)) else list(years)
    country = str(country).strip().upper()
    try:
        calendar = holidays_package.country_holidays(
            country,
            subdiv=None if subdivision is None else str(subdivision).strip(),
            years=year_list,
            categories=(holidays_package.PUBLIC,),
        )
    except NotImplementedError as err:
        what = (
            f"subdivision {subdivision!r} of {country!r}"
            if subdivision is not None and "subdiv" in str(err).lower()
            else f"country {country!r}"
        )
        raise ValueError(
            f"unknown holiday {what}: expected a code the 'holidays' package knows (e.g. GB with ENG, PH, IN)"
        ) from None
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
        result.append(
            Site(
                name=name,
                tz=cell(row, "tz"),
                start=cell(row, "start"),
                end=cell(row, "end"),
                workdays=cell(row, "workdays"),
                holidays=holidays,
                hours_by_weekday=cell(row, "hours_by_weekday"),
                owner=cell(row, "owner"),
            )
        )
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


def split_client(sites: Sequence[Site]) -> tuple[Site, dict[str, list[Site]]]:
    """The client's site (the first site owned by ``"client"``) and the vendors' sites grouped
    by vendor, in table order. Raises ``ValueError`` when no site belongs to the client."""
    groups = sites_by_owner(sites)
    if "client" not in groups:
        raise ValueError(
            "no site belongs to 'client': expected the sites table to list the client's own site "
            "(owner = client) beside each vendor's delivery sites"
        )
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
            return (
                "No sites table in this project: the client's working hours are unknown, so the "
                "working-hours overlap is not checked. Add a sites table with the client's site "
                "(owner = client) and each vendor's delivery sites to check it."
            )
        lines = [f"Client site: {self.client.name} ({self.client.tz}). Vendors: {', '.join(self.vendors)}."]
        if self.assumed:
            lines.append(self.assumed_note() + " Add a vendor's sites to check its real hours.")
        return "\n".join(lines)

    def assumed_note(self) -> str:
        """Which vendors' hours are assumed, and by which rule ("" when none)."""
        if not self.assumed:
            return ""
        from helpers.evidence import ASSUMED_HOURS

        return (
            f"No site in the sites table for {', '.join(self.assumed)}: by the workbook's rule "
            f"(docs/data.md) a vendor without a site is assumed to work {'-'.join(ASSUMED_HOURS)} "
            "Monday to Friday in its own time zone, with its country's public holidays."
        )


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
