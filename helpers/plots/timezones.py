"""Charts for notebook 04 (working-hours overlap): UTC offsets through the year, one day as
24-hour bands, the overlap per day over the contract (year lines and a calendar), hours per month.

Each function takes results of ``helpers.timezones`` and returns a matplotlib Figure whose
title states the finding.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from helpers import words
from helpers.plots import (
    BAD,
    GOOD,
    VENDOR_PALETTE,
    finding_title,
    ink_on,
    legend_below,
    new_figure,
    vendor_colours,
)
from helpers.timezones import DayView, format_minutes, place_name

# The anchor site's bars in the day chart (the client's, or the first site's): not a vendor.
ANCHOR_COLOUR = "#555555"


def _title(ax, text: str) -> None:
    """The chart's finding above it, wrapped to the figure's width, so it is never cut off."""
    finding_title(ax.figure, text)


def _date_axis(ax) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _hours_label(minimum_minutes: int | None) -> str:
    return "" if minimum_minutes is None else format_minutes(minimum_minutes)


def utc_offsets_chart(offsets: pd.DataFrame):
    """Step lines of each site's UTC offset (hours) per day; sites sharing a line share a label.
    Takes ``helpers.timezones.daily_utc_offsets``."""
    fig, ax = new_figure(figsize=(8, 4))
    days = pd.to_datetime(pd.Index(offsets.index))
    lines: dict[tuple, list[str]] = {}
    for site in offsets.columns:
        lines.setdefault(tuple(offsets[site].round(4)), []).append(site)
    changing = []
    for i, (values, names) in enumerate(lines.items()):
        values = np.array(values)
        # one colour per line (sites, not vendors: the vendor palette's distinct colours)
        ax.step(
            days, values, where="post", lw=2, color=VENDOR_PALETTE[i % len(VENDOR_PALETTE)], label=words.names(names)
        )
        if len(set(values)) > 1:
            changing.extend(names)
    if changing:
        steady = [s for s in offsets.columns if s not in changing]
        title = f"Clocks change at {words.names(changing)}"
        if steady:
            title += f"; {words.names(steady)} keep one offset all period"
    else:
        title = "No site changes its clocks in this period"
    _title(ax, title)
    ax.set_ylabel("UTC offset (hours)")
    ax.set_xlabel("date")
    _date_axis(ax)
    legend_below(fig, *ax.get_legend_handles_labels(), fontsize=9)
    return fig


def day_chart(view: DayView):
    """One day as a 24-hour band per site, in the anchor's local time, with the overlap shaded
    and the best window marked. Takes ``helpers.timezones.day_view``."""
    zone = ZoneInfo(view.tz)
    rows = view.bars.drop_duplicates("row").set_index("row") if not view.bars.empty else pd.DataFrame()
    n_rows = int(view.bars["row"].max()) + 1 if not view.bars.empty else 1
    fig, ax = new_figure(figsize=(9, 1.2 + 0.55 * n_rows))
    to_num = mdates.date2num
    for _, w in view.windows.iterrows():
        ax.axvspan(
            to_num(w["start_utc"].to_pydatetime()), to_num(w["end_utc"].to_pydatetime()), color=GOOD, alpha=0.18, lw=0
        )
    teams = list(dict.fromkeys(view.bars["team"])) if not view.bars.empty else []
    # the anchor (the client, first row) in dark grey, each vendor in its own colour
    colours = {**vendor_colours(teams[1:]), **({teams[0]: ANCHOR_COLOUR} if teams else {})}
    for _, bar in view.bars.iterrows():
        start, end = to_num(bar["start_utc"].to_pydatetime()), to_num(bar["end_utc"].to_pydatetime())
        colour = colours[bar["team"]]
        ax.broken_barh([(start, end - start)], (bar["row"] - 0.35, 0.7), color=colour, alpha=0.85)
        ax.text(
            start + (end - start) / 2,
            bar["row"],
            f"{bar['local_hours']} local",
            ha="center",
            va="center",
            fontsize=8,
            color=ink_on(colour, 0.85),
            clip_on=True,
        )
    labels = []
    for r in range(n_rows):
        if r in rows.index:
            site, team = rows.loc[r, "site"], rows.loc[r, "team"]
            labels.append(str(site) if team == site else f"{site}\n({team})")
        else:
            labels.append("")
    ax.set_yticks(range(n_rows), labels, fontsize=9)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.set_xlim(to_num(view.view_start.to_pydatetime()), to_num(view.view_end.to_pydatetime()))
    ax.xaxis.set_major_locator(mdates.HourLocator(byhour=range(0, 24, 3), tz=zone))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=zone))
    ax.grid(axis="y", visible=False)
    place = place_name(view.tz)
    ax.set_xlabel(f"{place} local time (hours)")
    day_text = f"{view.day:%a %d %b %Y}"
    if view.best is None:
        _title(ax, f"{day_text}: no hour when every site is at work")
    else:
        start = view.best["start_utc"].tz_convert(zone)
        end = view.best["end_utc"].tz_convert(zone)
        _title(
            ax,
            f"{day_text}: {format_minutes(view.minutes)} of overlap; best window "
            f"{start:%H:%M}-{end:%H:%M} {place} time",
        )
        for edge in (view.best["start_utc"], view.best["end_utc"]):
            ax.axvline(to_num(edge.to_pydatetime()), color=GOOD, lw=1.2, ls="--")
    return fig


def _year_title(summary: pd.DataFrame, min_minutes: int | None, client: str) -> str:
    if min_minutes is None or "days_short" not in summary:
        best = summary["total_hours"].idxmax()
        return f"{best} overlaps most with {client}: {summary.loc[best, 'total_hours']:.0f} h in the period"
    meets = [v for v in summary.index if summary.loc[v, "days_short"] == 0]
    need = _hours_label(min_minutes)
    if len(meets) == len(summary):
        return f"Every vendor reaches {need} of overlap on every {client} working day"
    if not meets:
        return f"No vendor reaches {need} of overlap on every {client} working day"
    verb = "reaches" if len(meets) == 1 else "reach"
    return f"Only {words.names(meets)} {verb} {need} of overlap on every {client} working day"


def overlap_year_chart(
    by_vendor: pd.DataFrame,
    working: pd.Series,
    summary: pd.DataFrame,
    min_minutes: int | None = None,
    client: str = "client",
):
    """One panel per vendor: overlap hours on each client working day across the period,
    the minimum as a dashed line, short days in red. Takes
    ``daily_overlap_by_vendor``, the client's ``working_days`` and ``overlap_summary``."""
    vendors = list(by_vendor.columns)
    fig, axes = new_figure(
        nrows=max(len(vendors), 1), sharex=True, squeeze=False, figsize=(9, 1.1 + 1.35 * max(len(vendors), 1))
    )
    axes = axes[:, 0]
    is_working = pd.Series(working).reindex(by_vendor.index).fillna(False).astype(bool).to_numpy()
    days = pd.to_datetime(pd.Index(by_vendor.index))[is_working]
    top = max(1.0, by_vendor.to_numpy().max() / 60 * 1.15) if by_vendor.size else 1.0
    colours = vendor_colours(vendors)
    for ax, vendor in zip(axes, vendors):
        hours = by_vendor[vendor].to_numpy()[is_working] / 60
        ax.plot(days, hours, ".", color=colours[vendor], ms=3)
        short_text = ""
        if min_minutes is not None:
            short = hours < min_minutes / 60
            ax.axhline(min_minutes / 60, color=BAD, ls="--", lw=1)
            ax.scatter(days[short], hours[short], color=BAD, s=14, zorder=3)
            short_text = f": {int(short.sum())} working days short" if short.any() else ": never short"
        ax.set_title(f"{vendor}{short_text}", fontsize=10)
        ax.set_ylim(0, top)
        ax.set_ylabel("hours")
    _date_axis(axes[-1])
    axes[-1].set_xlabel("client working day")
    finding_title(fig, _year_title(summary, min_minutes, client))
    return fig


def overlap_calendar(
    minutes: pd.Series,
    working: pd.Series,
    min_minutes: int | None = None,
    vendor: str = "vendor",
    client: str = "client",
):
    """Calendar heat map (weeks across, weekdays down) of one vendor's daily overlap hours on
    the client's working days; short days framed in red, other days grey."""
    days = pd.Index(minutes.index)
    first = days[0] - dt.timedelta(days=days[0].weekday())
    n_weeks = (days[-1] - first).days // 7 + 1
    grid = np.full((7, n_weeks), np.nan)
    is_working = pd.Series(working).reindex(days).fillna(False).astype(bool)
    short_cells = []
    for day, value in minutes.items():
        week, weekday = (day - first).days // 7, day.weekday()
        if is_working[day]:
            grid[weekday, week] = value / 60
            if min_minutes is not None and value < min_minutes:
                short_cells.append((week, weekday))
    fig, ax = new_figure(figsize=(min(16, 2 + 0.2 * n_weeks), 2.9))
    cmap = matplotlib.colormaps["Blues"].with_extremes(bad="#eeeeee")
    image = ax.imshow(
        np.ma.masked_invalid(grid),
        aspect="auto",
        cmap=cmap,
        vmin=0,
        vmax=max(1.0, np.nanmax(grid) if np.isfinite(grid).any() else 1.0),
        interpolation="nearest",
    )
    for week, weekday in short_cells:
        ax.add_patch(Rectangle((week - 0.5, weekday - 0.5), 1, 1, fill=False, edgecolor=BAD, lw=1.6))
    ax.set_yticks(range(7), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], fontsize=8)
    month_starts = [(d, (d - first).days // 7) for d in days if d.day == 1] or [(days[0], 0)]
    ax.set_xticks([w for _, w in month_starts], [f"{d:%b}" for d, _ in month_starts], fontsize=8)
    ax.set_xlabel(f"week ({days[0]:%d %b %Y} to {days[-1]:%d %b %Y})")
    ax.grid(False)
    colourbar = fig.colorbar(image, ax=ax, pad=0.01)
    colourbar.set_label("overlap (hours)")
    n_short = len(short_cells)
    need = _hours_label(min_minutes)
    if min_minutes is None:
        title = f"{vendor}: overlap with {client} per working day"
    elif n_short:
        title = f"{vendor}: {n_short} {client} working days below {need} (red frames)"
    else:
        title = f"{vendor}: at least {need} on every {client} working day"
    _title(ax, title)
    return fig


def monthly_hours_chart(monthly: pd.DataFrame):
    """Grouped bars of overlap hours per month and vendor. Takes ``hours_per_month`` of the
    wide per-vendor table."""
    fig, ax = new_figure(figsize=(9, 4))
    vendors = list(monthly.columns)
    width = 0.8 / max(len(vendors), 1)
    x = np.arange(len(monthly))
    colours = vendor_colours(vendors)
    for i, vendor in enumerate(vendors):
        ax.bar(
            x + (i - (len(vendors) - 1) / 2) * width, monthly[vendor], width, label=str(vendor), color=colours[vendor]
        )
    ax.set_xticks(
        x,
        [
            dt.date.fromisoformat(f"{m}-01").strftime("%b\n%Y")
            if (i == 0 or m.endswith("-01"))
            else dt.date.fromisoformat(f"{m}-01").strftime("%b")
            for i, m in enumerate(monthly.index)
        ],
        fontsize=8,
    )
    ax.set_ylabel("overlap (hours per month)")
    ax.set_xlabel("month")
    totals = monthly.sum()
    if len(vendors):
        best, worst = totals.idxmax(), totals.idxmin()
        _title(
            ax,
            f"{best} gives the most overlap ({totals[best]:.0f} h in the period), "
            f"{worst} the least ({totals[worst]:.0f} h)",
        )
    legend_below(fig, *ax.get_legend_handles_labels(), fontsize=9)
    return fig
