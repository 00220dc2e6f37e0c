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

The package, one job per module (every name below imports from ``helpers.timezones``):

* ``calendar``: the parsers (times, weekdays, zones), :class:`Site`, :func:`holidays_for`,
  the sites table read into sites (:func:`sites_from_table`, :func:`split_client`,
  :func:`project_sites`).
* ``engine``: the exact interval engine: :func:`shifts`, :func:`daily_overlap`,
  :func:`overlap_windows`, :func:`working_days`, UTC offsets and clock changes,
  :func:`working_minutes_between`, :func:`local_to_utc`.
* ``summaries``: findings for the decision and notebook 04 as tables and values (the check
  against a minimum, per-vendor summaries, :func:`overlap_changes` with structured reasons,
  :func:`short_days`, one day seen closely, coverage of a team).
* ``examples``: what notebook 04 picks to show (:func:`choose_example_day`,
  :func:`follow_the_sun_example`, :func:`holiday_example`).
* ``words``: durations, offsets and the sentences made from those findings.
"""

# ruff: noqa: F401  (re-exports)

from helpers.timezones.calendar import (
    _DASH_RE,
    _DAY,
    _EPOCH_ORDINAL,
    _MARGIN_DAYS,
    _TIME_RE,
    _WEEKDAY_NAMES,
    MON_FRI,
    WEEKDAYS,
    ProjectSites,
    Site,
    _as_date,
    _date_range,
    _days_text,
    _normalise_holidays,
    _parse_hours,
    _weekday_index,
    _zone,
    check_time_zone,
    format_time,
    holidays_for,
    parse_hours_by_weekday,
    parse_time,
    parse_workdays,
    project_sites,
    sites_by_owner,
    sites_from_table,
    split_client,
    years_between,
)
from helpers.timezones.engine import (
    _as_groups,
    _date_index,
    _flatten,
    _group_intervals,
    _intersect,
    _offsets_at,
    _overlap_pieces,
    _seconds_before,
    _shift_arrays,
    _to_timestamps,
    _union,
    _utc_seconds,
    _wall_to_utc,
    _zone_rules,
    clock_changes,
    daily_overlap,
    daily_utc_offsets,
    local_to_utc,
    overlap_windows,
    shifts,
    working_days,
    working_minutes_between,
)
from helpers.timezones.examples import (
    ExampleDay,
    choose_example_day,
    follow_the_sun_example,
    holiday_example,
)
from helpers.timezones.summaries import (
    ClockChange,
    DayOverlap,
    DayView,
    HolidayCut,
    _without_holidays,
    best_windows_by_vendor,
    changes_by_week,
    coverage_table,
    covering_hours,
    daily_overlap_by_vendor,
    day_overlap,
    day_view,
    hours_per_month,
    hours_per_year,
    local_times,
    overlap_changes,
    overlap_check,
    overlap_summary,
    shifts_in_local_time,
    short_days,
    sites_table,
    weekly_changes_by_vendor,
)
from helpers.timezones.words import (
    _window_text,
    describe_day_overlap,
    describe_example_day,
    format_minutes,
    format_offset,
    overlap_headline,
    place_name,
)
