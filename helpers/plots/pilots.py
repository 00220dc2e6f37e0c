"""Charts for notebook 03 (pilot trials): KPIs per vendor with intervals, the head-to-head
differences, weekly trends, duration and CSAT distributions, SLA attainment by priority.

Each function takes tables computed in ``helpers.pilots`` and returns a matplotlib Figure.
Rates are drawn in percent; every title states the finding.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from helpers.pilots import KPIS, headline, trend_headline
from helpers.plots import (
    BAD,
    GOOD,
    NEUTRAL,
    PALETTE,
    empty_chart,
    finding_title,
    fit_label,
    legend_below,
    new_figure,
    text_width,
    vendor_colours,
    wrap_title,
)

_VERDICT_COLOURS = {"a better": GOOD, "b better": GOOD, "equivalent": PALETTE[0], "not enough evidence": NEUTRAL}


def _panel_title(kpi, width: float) -> str:
    """A KPI panel's title: its name and which way is better, the latter on a line of its own
    when both together are wider than the panel (``width`` inches, estimated before the
    layout), so that neighbouring panels' titles never run into each other."""
    title = f"{kpi.label} ({kpi.better} is better)"
    return title if text_width(title, 10) * 1.08 <= width else f"{kpi.label}\n({kpi.better} is better)"


def _grid(count: int):
    cols = 1 if count == 1 else 2 if count <= 4 else 3
    rows = math.ceil(count / cols)
    return rows, cols


def kpi_estimates(summary: pd.DataFrame, kpis=None, comparison: pd.DataFrame | None = None, title: str | None = None):
    """One small panel per KPI: each vendor's estimate (dot) and 95 % interval (bar).

    Takes a ``summarize`` result (optionally only ``kpis``) and, for the title, the matching
    ``compare`` result (its headline states the finding) or a title. Returns the Figure.
    """
    names = [k for k in (kpis or list(KPIS)) if k in set(summary["kpi"])]
    if not names:
        return empty_chart("No KPI to show")
    vendors = list(dict.fromkeys(summary["vendor"]))
    colours = vendor_colours(vendors)
    rows, cols = _grid(len(names))
    fig, axes = new_figure(
        rows, cols, figsize=(4.2 * cols, 0.6 + (0.5 + 0.42 * len(vendors)) * rows + 0.6), squeeze=False
    )
    # each panel's width: the figure's less the vendor names (left of the first column), shared
    panel = (4.2 * cols - max(text_width(fit_label(str(v))) for v in vendors) - 0.4) / cols - 0.25
    titles = [_panel_title(KPIS[name], panel) for name in names]
    # a row of panels whose titles take two lines is that much taller: the data keeps its room
    two_line_rows = sum(any("\n" in t for t in titles[r * cols : (r + 1) * cols]) for r in range(rows))
    fig.set_figheight(fig.get_figheight() + 0.2 * two_line_rows)
    for ax, name, title in zip(axes.flat, names, titles):
        kpi = KPIS[name]
        part = summary[summary["kpi"] == name].set_index("vendor").reindex(vendors)
        scale = kpi.scale
        y = np.arange(len(vendors))[::-1]
        for yi, vendor in zip(y, vendors):
            row = part.loc[vendor]
            if row["n"] == 0 or pd.isna(row["estimate"]):
                ax.text(0.02, yi, "no data", va="center", transform=ax.get_yaxis_transform(), color=NEUTRAL, fontsize=9)
                continue
            ax.errorbar(
                row["estimate"] * scale,
                yi,
                xerr=[[(row["estimate"] - row["ci_low"]) * scale], [(row["ci_high"] - row["estimate"]) * scale]],
                fmt="o",
                color=colours[vendor],
                capsize=4,
                markersize=6,
                lw=2,
            )
        ax.set_yticks(y, [str(v) for v in vendors] if ax in axes[:, 0] else [""] * len(y))
        ax.set_ylim(-0.7, len(vendors) - 0.3)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(kpi.axis)
        ax.grid(axis="y", visible=False)
    for ax in list(axes.flat)[len(names) :]:
        ax.set_axis_off()
    if title is None:
        title = headline(comparison) if comparison is not None else ("Each KPI per vendor: estimate and 95 % interval")
    finding_title(fig, title)
    return fig


def comparison_chart(comparison: pd.DataFrame):
    """The head-to-head result on one axis: each KPI's difference and 95 % interval,
    measured in units of its minimum important difference and turned so that right means
    vendor a is better. The shaded band is "too small to matter" (within one minimum
    important difference); a dot right of 1 with its bar clear of 0 is "a better".

    Takes a ``compare`` result; returns the Figure.
    """
    a, b = comparison.attrs.get("a", "a"), comparison.attrs.get("b", "b")
    data = comparison[comparison["diff"].notna() & (comparison["min_important"] > 0)]
    if data.empty:
        return empty_chart("No KPI could be compared")
    # Who is better on which side, under the data: each in at most 0.4 of the axes' width
    # (estimated: the figure's less the KPI names and the legend), in as many lines as that takes
    names = [KPIS[k].label for k in data.index]
    axes_width = 9 - max(text_width(n) for n in names) - text_width("not enough evidence", 8) - 1.4
    fig, ax = new_figure(figsize=(9, 0.9 + 0.45 * len(data)))
    sides = [
        wrap_title(text, fig, room=0.4 * axes_width / 9, fontsize=9, weight="normal")
        for text in (f"← {b} better", f"{a} better →")
    ]
    lines = max(text.count("\n") + 1 for text in sides)
    fig.set_figheight(fig.get_figheight() + 0.18 * (lines - 1))
    y = np.arange(len(data))[::-1]
    limit = 1.0
    for yi, (name, row) in zip(y, data.iterrows()):
        kpi = KPIS[name]
        sign = 1.0 if kpi.higher_is_better else -1.0
        mid = row["min_important"]
        centre = sign * row["diff"] / mid
        low, high = sorted((sign * row["ci_low"] / mid, sign * row["ci_high"] / mid))
        colour = _VERDICT_COLOURS[row["verdict"]]
        ax.plot([low, high], [yi, yi], color=colour, lw=2.5, solid_capstyle="butt")
        ax.plot(centre, yi, "o", color=colour, markersize=7)
        limit = max(limit, abs(low), abs(high))
    ax.axvspan(-1, 1, color=NEUTRAL, alpha=0.15, lw=0)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-limit * 1.1, limit * 1.1)
    ax.set_yticks(y, [KPIS[k].label for k in data.index])
    bottom = -0.8 - 0.4 * lines
    ax.set_ylim(bottom, len(data) - 0.1)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("difference, in multiples of the minimum important difference")
    ax.text(0, len(data) - 0.45, "too small to matter", ha="center", va="center", fontsize=7, color="#555555")
    ax.text(-limit * 1.08, bottom + 0.1, sides[0], ha="left", va="bottom", fontsize=9)
    ax.text(limit * 1.08, bottom + 0.1, sides[1], ha="right", va="bottom", multialignment="right", fontsize=9)
    handles = [
        ax.plot([], [], "o-", color=colour, label=verdict)[0]
        for verdict, colour in (("better", GOOD), ("equivalent", PALETTE[0]), ("not enough evidence", NEUTRAL))
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=8, bbox_to_anchor=(1.0, 1.0))
    ax.set_title(wrap_title(headline(comparison), fig, room=0.7))
    return fig


def weekly_trend(
    weekly: pd.DataFrame,
    kpis=("fcr", "sla", "handle_time", "csat"),
    ramp_up_weeks=(),
    trends: pd.DataFrame | None = None,
):
    """Week by week per vendor: the estimate with its 95 % band, one panel per KPI; the
    ramp-up week(s) shaded.

    Takes a ``weekly_summary`` result, the KPIs to draw, the ramp-up weeks and, for the
    title, the ``describe_trends`` result. Returns the Figure.
    """
    names = [k for k in kpis if k in set(weekly["kpi"])]
    if not names:
        return empty_chart("No KPI to show")
    vendors = list(dict.fromkeys(weekly["vendor"]))
    colours = vendor_colours(vendors)
    rows, cols = _grid(len(names))
    fig, axes = new_figure(rows, cols, figsize=(4.6 * cols, 0.8 + 2.9 * rows), squeeze=False)
    weeks = sorted(weekly["week"].unique())
    for ax, name in zip(axes.flat, names):
        kpi = KPIS[name]
        scale = kpi.scale
        for week in ramp_up_weeks:
            if week in weeks:
                ax.axvspan(week - 0.5, week + 0.5, color=NEUTRAL, alpha=0.15, lw=0)
        for vendor in vendors:
            part = weekly[(weekly["kpi"] == name) & (weekly["vendor"] == vendor) & (weekly["n"] > 0)].sort_values(
                "week"
            )
            if part.empty:
                continue
            ax.fill_between(
                part["week"], part["ci_low"] * scale, part["ci_high"] * scale, color=colours[vendor], alpha=0.15, lw=0
            )
            ax.plot(part["week"], part["estimate"] * scale, "o-", color=colours[vendor], label=str(vendor))
        ax.set_xticks(weeks)
        ax.set_title(_panel_title(kpi, 4.6 - 0.9), fontsize=10)
        ax.set_xlabel("pilot week")
        ax.set_ylabel(kpi.axis)
    for ax in list(axes.flat)[len(names) :]:
        ax.set_axis_off()
    handles, labels = axes.flat[0].get_legend_handles_labels()
    if any(w in weeks for w in ramp_up_weeks):
        handles.append(axes.flat[0].fill_between([], [], color=NEUTRAL, alpha=0.15))
        labels.append("ramp-up week")
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels))
    title = trend_headline(trends) if trends is not None else "Each KPI week by week"
    finding_title(fig, title)
    return fig


def duration_distributions(handle_time: pd.DataFrame, first_response: pd.DataFrame):
    """Handle time and first-response time per vendor on a log scale (the distributions are
    skewed: a few very long tickets), medians marked with dashed lines.

    Takes two ``kpi_values`` results (``vendor``, ``value``: seconds and minutes). Returns
    the Figure.
    """
    fig, axes = new_figure(1, 2, figsize=(11, 4.2))
    vendors = sorted(set(handle_time["vendor"]) | set(first_response["vendor"]), key=str)
    colours = vendor_colours(vendors)
    medians = {}
    durations = ((KPIS["handle_time"], handle_time), (KPIS["first_response"], first_response))
    for ax, (kpi, data) in zip(axes, durations):
        name = kpi.short
        positive = data[data["value"] > 0]
        if positive.empty:
            ax.set_axis_off()
            continue
        bins = np.geomspace(positive["value"].min(), positive["value"].max(), 40)
        for vendor in vendors:
            values = positive.loc[positive["vendor"] == vendor, "value"]
            if values.empty:
                continue
            ax.hist(
                values,
                bins=bins,
                histtype="step",
                lw=1.8,
                density=False,
                weights=np.full(len(values), 100 / len(values)),
                color=colours[vendor],
                label=str(vendor),
            )
            median = float(data.loc[data["vendor"] == vendor, "value"].median())
            medians.setdefault(name, {})[vendor] = median
            ax.axvline(median, color=colours[vendor], ls="--", lw=1)
        ax.set_xscale("log")
        ax.set_xlabel(f"{name} ({kpi.axis}, log scale)")
        ax.set_ylabel("% of tickets")
        ax.set_title(f"{name.capitalize()}: dashed line = median", fontsize=10)
    legend_below(fig, *axes[0].get_legend_handles_labels())
    parts = []
    for kpi, _ in durations:
        if kpi.short in medians:
            values = " vs ".join(f"{v} {m:.0f} {kpi.unit}" for v, m in medians[kpi.short].items())
            parts.append(f"median {kpi.short}: {values}")
    title = "; ".join(parts) if parts else "no durations to show"
    title = title[:1].upper() + title[1:]  # not str.capitalize: it lowercases vendor names
    finding_title(fig, title)
    return fig


def csat_chart(distribution: pd.DataFrame):
    """The CSAT answers per vendor: share of responses for each score 1-5.

    Takes a ``csat_distribution`` result; returns the Figure.
    """
    data = distribution[distribution["responses"] > 0]
    if data.empty:
        return empty_chart("No CSAT responses to show")
    fig, ax = new_figure(figsize=(8, 4.2))
    scores = [1, 2, 3, 4, 5]
    width = 0.8 / len(data)
    colours = vendor_colours(distribution.index)
    for i, (vendor, row) in enumerate(data.iterrows()):
        x = np.arange(5) + (i - (len(data) - 1) / 2) * width
        ax.bar(
            x,
            row[scores].to_numpy(dtype=float) * 100,
            width,
            color=colours[vendor],
            label=f"{vendor} ({int(row['responses'])} responses, {row['response_rate'] * 100:.0f} % of tickets)",
        )
    ax.set_xticks(np.arange(5), [str(s) for s in scores])
    ax.set_xlabel("CSAT score (1 = very unhappy, 5 = very happy)")
    ax.set_ylabel("% of responses")
    legend_below(fig, *ax.get_legend_handles_labels())
    top2 = (data[4] + data[5]) * 100
    title = "Share of 4-5 answers: " + ", ".join(f"{v} {s:.0f} %" for v, s in top2.items())
    finding_title(fig, title)
    return fig


def sla_chart(table: pd.DataFrame, target_pct: float | None = None):
    """SLA attainment per priority and vendor (dot = share answered within the SLA, bar =
    95 % interval); each priority is labelled with its response-time target, the agreed
    attainment target is a dashed line.

    Takes a ``sla_by_priority`` result and the target share in percent (e.g. 90 from the
    needs). Returns the Figure.
    """
    if table.empty:
        return empty_chart("No tickets to show")
    priorities = list(dict.fromkeys(table["priority"]))
    vendors = sorted(set(table["vendor"]), key=str)
    colours = vendor_colours(vendors)
    fig, ax = new_figure(figsize=(9, 4.5))
    width = 0.5 / max(len(vendors) - 1, 1)
    for i, vendor in enumerate(vendors):
        part = table[table["vendor"] == vendor].set_index("priority").reindex(priorities)
        x = np.arange(len(priorities)) + (i - (len(vendors) - 1) / 2) * width
        est = part["estimate"].to_numpy(dtype=float) * 100
        err = np.vstack(
            [est - part["ci_low"].to_numpy(dtype=float) * 100, part["ci_high"].to_numpy(dtype=float) * 100 - est]
        )
        ax.errorbar(x, est, yerr=err, fmt="o", color=colours[vendor], label=str(vendor), capsize=4, markersize=7, lw=2)
    targets = table.groupby("priority", sort=False)["sla_target_min"].first()
    ax.set_xticks(np.arange(len(priorities)), [f"{p}\n(answer within {targets[p]:g} min)" for p in priorities])
    ax.set_xlim(-0.6, len(priorities) - 0.4)
    ax.set_ylabel("% of tickets answered within the SLA")
    ax.set_xlabel("priority")
    ax.grid(axis="x", visible=False)
    if target_pct is not None:
        ax.axhline(target_pct, color=BAD, ls="--", lw=1.2, label=f"target {target_pct:g} %")
        below = table[table["estimate"] * 100 < target_pct]
        if below.empty:
            title = f"Every vendor reaches the {target_pct:g} % SLA target at every priority"
        elif len(below) == len(table):
            title = f"No vendor reaches the {target_pct:g} % SLA target at any priority"
        else:
            misses = "; ".join(
                f"{v} on " + ("all priorities" if len(part) == len(priorities) else ", ".join(part["priority"]))
                for v, part in below.groupby("vendor", sort=True)
            )
            title = f"Estimate below the {target_pct:g} % SLA target: {misses}"
    else:
        worst = table.loc[table["estimate"].idxmin()]
        title = (
            f"Lowest SLA attainment: {worst['vendor']} on {worst['priority']} tickets ({worst['estimate'] * 100:.0f} %)"
        )
    legend_below(fig, *ax.get_legend_handles_labels())
    finding_title(fig, title)
    return fig
