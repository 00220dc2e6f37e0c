"""Explorer for notebook 04: pick a vendor and a date, change a site's hours, and see the
day's bands, the best meeting window and the period's short days redrawn at once.

Thin: every redraw calls ``helpers.timezones`` (``day_view``, ``daily_overlap``,
``overlap_check``) and ``helpers.plots.timezones.day_chart``. Widgets are blank in an
exported HTML report, so the notebook shows the same results statically too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace

import pandas as pd

from helpers import timezones as tz
from helpers.display import element, join
from helpers.plots import timezones as charts

# Half-hour steps; a site's own times are added when they fall between.
_STARTS = [tz.format_time(m) for m in range(0, 1440, 30)]
_ENDS = [tz.format_time(m) for m in range(0, 1441, 30)]


def overlap_summary_text(
    client: tz.Site, team: Sequence[tz.Site], day, date_from, date_to, min_minutes: int | None = None
) -> str:
    """Plain sentences for the explorer: the day's overlap and best window in every site's
    local time, and over the period the mean per working day and the days short."""
    sites = [client, list(team)]
    view = tz.day_view(sites, day)
    lines = [f"{view.day:%a %d %b %Y}: {tz.format_minutes(view.minutes)} of overlap."]
    if view.best is not None:
        local = tz.local_times(view.best["start_utc"], view.best["end_utc"], [client, *team])
        where = "; ".join(f"{r.site} {r.local_start[-5:]}-{r.local_end[-5:]}" for r in local.itertuples())
        lines.append(f"Best window ({tz.format_minutes(view.best['minutes'])}): {where}.")
    daily = tz.daily_overlap(sites, date_from, date_to)
    working = tz.working_days(client, date_from, date_to)
    on_workdays = daily["minutes"][working.to_numpy()]
    if len(on_workdays):
        lines.append(
            f"Over {len(on_workdays)} {client.name} working days: mean "
            f"{tz.format_minutes(on_workdays.mean())} a day, lowest {tz.format_minutes(on_workdays.min())}."
        )
    if min_minutes is not None:
        check = tz.overlap_check(daily, min_minutes, working=working)
        short = check.index[check["status"] == "short"]
        if len(short):
            listed = ", ".join(f"{d:%d %b}" for d in short[:8]) + (" ..." if len(short) > 8 else "")
            lines.append(f"{len(short)} working days below {tz.format_minutes(min_minutes)}: {listed}.")
        else:
            lines.append(f"No working day below {tz.format_minutes(min_minutes)}.")
    return "\n".join(lines)


def overlap_explorer(
    client: tz.Site, vendors: Mapping[str, Sequence[tz.Site]], day, date_from, date_to, min_minutes: int | None = None
):
    """A widget box: vendor drop-down, date picker, a site drop-down with its start and end
    times; below them the summary sentences and the day chart, redrawn on every change.
    Changed hours apply to that site's default hours (weekday overrides stay as they are).
    Returns the ``ipywidgets.VBox``."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    teams = {name: list(sites) if not isinstance(sites, tz.Site) else [sites] for name, sites in vendors.items()}
    edited: dict[str, tz.Site] = {s.name: s for s in [client, *[s for team in teams.values() for s in team]]}

    first_day = pd.Timestamp(day).date()
    vendor_choice = widgets.Dropdown(options=list(teams), description="Vendor")
    day_choice = widgets.DatePicker(value=first_day, description="Date")
    site_choice = widgets.Dropdown(description="Site")
    start_choice = widgets.Dropdown(description="Start")
    end_choice = widgets.Dropdown(description="End")
    summary = widgets.HTML()
    output = widgets.Output()
    state = {"filling": False}

    @contextmanager
    def filling():
        # Refilling the drop-downs fires their observers; redraw once, afterwards.
        state["filling"] = True
        try:
            yield
        finally:
            state["filling"] = False

    def fill_times():
        site = edited[site_choice.value]
        start_choice.options = sorted(set(_STARTS) | {site.start})
        end_choice.options = sorted(set(_ENDS) | {site.end})
        start_choice.value, end_choice.value = site.start, site.end

    def fill_sites():
        site_choice.options = [client.name] + [s.name for s in teams[vendor_choice.value]]
        site_choice.value = client.name
        fill_times()

    def redraw(*_):
        if state["filling"]:
            return
        try:
            edited[site_choice.value] = replace(
                edited[site_choice.value], start=start_choice.value, end=end_choice.value
            )
        except ValueError as problem:
            summary.value = str(element("p", element("b", "Cannot use these hours:"), f" {problem}"))
            return
        team = [edited[s.name] for s in teams[vendor_choice.value]]
        when = day_choice.value or first_day
        text = overlap_summary_text(edited[client.name], team, when, date_from, date_to, min_minutes)
        # Site and vendor names are user text: display.element escapes them.
        summary.value = str(join(element("p", line) for line in text.split("\n")))
        output.clear_output(wait=True)
        with output:
            display(charts.day_chart(tz.day_view([edited[client.name], team], when)))
            plt.close("all")

    def on_vendor(_):
        with filling():
            fill_sites()
        redraw()

    def on_site(_):
        if state["filling"]:
            return
        with filling():
            fill_times()
        redraw()

    vendor_choice.observe(on_vendor, names="value")
    site_choice.observe(on_site, names="value")
    for control in (day_choice, start_choice, end_choice):
        control.observe(redraw, names="value")
    with filling():
        fill_sites()
    redraw()
    return widgets.VBox(
        [
            widgets.HBox([vendor_choice, day_choice]),
            widgets.HBox([site_choice, start_choice, end_choice]),
            summary,
            output,
        ]
    )
