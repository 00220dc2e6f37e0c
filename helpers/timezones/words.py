"""The words of the time-zone step: durations, offsets and place names, and the sentences
made from the findings of ``summaries`` and ``examples`` (one place for them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from helpers.timezones.calendar import Site, _zone
from helpers.words import names, sentence

if TYPE_CHECKING:
    from helpers.timezones.examples import ExampleDay
    from helpers.timezones.summaries import ClockChange, DayOverlap, HolidayCut


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


def format_offset(seconds) -> str:
    """``"+05:30"`` / ``"-03:30"`` for a UTC offset in seconds (or a ``timedelta``)."""
    if isinstance(seconds, dt.timedelta):
        seconds = seconds.total_seconds()
    seconds = int(round(seconds))
    sign = "-" if seconds < 0 else "+"
    minutes = abs(seconds) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _window_text(site: Site, start_utc: pd.Timestamp, end_utc: pd.Timestamp) -> str:
    start, end = start_utc.tz_convert(_zone(site.tz)), end_utc.tz_convert(_zone(site.tz))
    return f"{start:%H:%M}-{end:%H:%M}"


def describe_example_day(example: ExampleDay, client: str = "the client") -> str:
    """Why :func:`choose_example_day` took this day, in one sentence."""
    day = f"{example.date:%a %d %b %Y}"
    if example.given:
        return f"The day looked at closely is {day}, as set in the settings (example_day)."
    if example.working_days == 0:
        return f"{client} has no working day in the period, so the day looked at closely is its first, {day}."
    if example.same_days == example.working_days:
        return (
            f"The day looked at closely is {day}: every working day of {client} in the period "
            f"has the same overlap with each vendor as this one."
        )
    return (
        f"The day looked at closely is {day}, a typical working day of {client}: the overlap with "
        f"every vendor is the same as on this day on {example.same_days} of its {example.working_days} "
        f"working days in the period, more than for any other combination (this is the first such day)."
    )


def describe_day_overlap(finding: DayOverlap, client: str = "the client") -> str:
    """:class:`DayOverlap` in words: how much of the client's day each vendor overlaps with,
    from most to least, and who reaches the minimum on that day."""
    day = f"{finding.date:%a %d %b %Y}"
    if finding.client_minutes == 0:
        return f"{client} does not work on {day}, so no vendor overlaps with it that day."
    if not finding.minutes:
        return f"On {day} {client} works {format_minutes(finding.client_minutes)}; no vendor site is given."

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
            who = names([name for group in groups.values() for name in group])
        else:
            who = ", ".join(
                f"{names(group)} ({format_minutes(m)}{' each' if len(group) > 1 else ''})"
                for m, group in groups.items()
            )
        parts.append(f"with {label} of it: {who}")
    text = sentence(f"On {day} {client} works {format_minutes(finding.client_minutes)}. Overlap " + "; ".join(parts))
    if finding.min_minutes is not None:
        need = format_minutes(finding.min_minutes)
        short = [str(v) for v, m in finding.minutes.items() if m < finding.min_minutes]
        if not short:
            text += f" Every vendor reaches the {need} minimum that day."
        elif len(short) == len(finding.minutes):
            text += f" No vendor reaches the {need} minimum that day."
        else:
            verb = "falls" if len(short) == 1 else "fall"
            text += f" {names(short)} {verb} short of the {need} minimum that day."
    return text


def overlap_headline(summary: pd.DataFrame, min_minutes: int | None, client: str = "the client") -> str:
    """One sentence for the report: which vendors meet the minimum daily overlap on every
    client working day and how many days the others fall short. Takes :func:`overlap_summary`."""
    if summary.empty:
        return "No vendor site is given, so there is no overlap to check."
    if min_minutes is None or "days_short" not in summary:
        best = summary["mean_hours"].idxmax()
        return (
            f"No minimum daily overlap is set in the needs; {best} overlaps most with {client} "
            f"({summary.loc[best, 'mean_hours']:.1f} h per working day on average)."
        )
    need = format_minutes(min_minutes)
    meets = [v for v in summary.index if summary.loc[v, "days_short"] == 0]
    short = [f"{v} ({int(summary.loc[v, 'days_short'])} days)" for v in summary.index if v not in meets]
    if not short:
        return f"Every vendor overlaps with {client} at least {need} on every working day."
    if not meets:
        return f"No vendor overlaps with {client} at least {need} on every working day; days short: {', '.join(short)}."
    verb = "meets" if len(meets) == 1 else "meet"
    return (
        f"{', '.join(meets)} {verb} the {need} daily overlap with {client} on every working day; "
        f"short on some days: {', '.join(short)}."
    )


def clock_reasons(changes: Sequence[ClockChange]) -> list[str]:
    """The clock changes behind a changed overlap, one text each ("New York: clocks forward on
    Sun 08 Mar (-05:00 to -04:00)"); without any, that the hours differ from the week before."""
    texts = [
        f"{c.site}: clocks {'forward' if c.forward else 'back'} on {c.local_date:%a %d %b} "
        f"({c.offset_before} to {c.offset_after})"
        for c in changes
    ]
    return texts or ["working hours differ from the week before"]


def holiday_reason_text(cut: HolidayCut) -> str:
    """A site's holidays that cut the overlap: "Lisbon: holiday Portugal Day (Wed 10 Jun)"."""
    return f"{cut.site}: holiday " + ", ".join(f"{name} ({day:%a %d %b})" for day, name in cut.holidays)


def change_cause(clock_change: bool, holiday: bool) -> str:
    """ "clock change", "holiday" or "clock change and holiday"."""
    return " and ".join(kind for kind, found in (("clock change", clock_change), ("holiday", holiday)) if found)


def short_day_reason(holidays: Sequence[HolidayCut], minutes: int) -> str:
    """Why a day falls short of the minimum overlap: the holidays that cut it, else that the
    working hours overlap only ``minutes``."""
    texts = "; ".join(holiday_reason_text(cut) for cut in holidays)
    return texts or f"the working hours overlap only {format_minutes(minutes)}"
