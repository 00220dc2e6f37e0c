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
    WEEKDAYS,
    MON_FRI,
    _DAY,
    _EPOCH_ORDINAL,
    _MARGIN_DAYS,
    _WEEKDAY_NAMES,
    _TIME_RE,
    _DASH_RE,
    parse_time,
    format_time,
    _weekday_index,
    parse_workdays,
    _parse_hours,
    parse_hours_by_weekday,
    _zone,
    check_time_zone,
    _as_date,
    _date_range,
    Site,
    _normalise_holidays,
    _days_text,
    holidays_for,
    sites_from_table,
    sites_by_owner,
    years_between,
    split_client,
    ProjectSites,
    project_sites,
)
from helpers.timezones.engine import (
    _wall_to_utc,
    _zone_rules,
    _shift_arrays,
    shifts,
    _date_index,
    _to_timestamps,
    _union,
    _intersect,
    _as_groups,
    _group_intervals,
    _overlap_pieces,
    daily_overlap,
    _seconds_before,
    overlap_windows,
    _flatten,
    _offsets_at,
    clock_changes,
    daily_utc_offsets,
    working_days,
    _utc_seconds,
    working_minutes_between,
    local_to_utc,
)
from helpers.timezones.summaries import (
    DayView,
    day_view,
    local_times,
    sites_table,
    overlap_check,
    daily_overlap_by_vendor,
    overlap_summary,
    hours_per_month,
    hours_per_year,
    ClockChange,
    HolidayCut,
    overlap_changes,
    _without_holidays,
    best_windows_by_vendor,
    DayOverlap,
    day_overlap,
    changes_by_week,
    weekly_changes_by_vendor,
    short_days,
    coverage_table,
    covering_hours,
    shifts_in_local_time,
)
from helpers.timezones.examples import (
    ExampleDay,
    choose_example_day,
    follow_the_sun_example,
    holiday_example,
)
from helpers.timezones.words import (
    format_minutes,
    place_name,
    format_offset,
    _window_text,
    describe_example_day,
    describe_day_overlap,
    overlap_headline,
)
