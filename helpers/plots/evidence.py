"""Charts for the evidence behind the scores (notebook 02 and the decision report): how fast
each vendor replied during selection, and what its references said.

Each chart takes results of ``helpers.evidence`` and returns a matplotlib Figure whose title
states the finding; ``evidence_box`` returns an HTML block with every user text escaped.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, NullFormatter

from helpers import display
from helpers.display import WARNING_SIGN
from helpers.evidence import QUESTION_LABELS, SelectionEvidence, band
from helpers.plots import BAD, GOOD, NEUTRAL, empty_chart, finding_title, legend_below, new_figure, vendor_colours
from helpers.words import percent

# Reply-time axis: linear up to one working hour, logarithmic beyond (minutes and days both readable).
HOUR_TICKS = [0, 0.5, 1, 2, 4, 8, 16, 32, 64]


def responsiveness_title(summary: pd.DataFrame) -> str:
    """The finding of the responsiveness log in one line: who replies fastest (in working
    hours), who is slowest or leaves most unanswered, and who is getting slower."""
    asked = summary[summary["questions"] > 0]
    if asked.empty:
        return "No questions in the responsiveness log"
    replied = asked.dropna(subset=["median_working_h"])
    parts = []
    if len(replied):
        fastest = replied["median_working_h"].idxmin()
        text = f"{fastest} replies fastest (median {replied.loc[fastest, 'median_working_h']:.1f} working h)"
        if replied.loc[fastest, "unanswered_share"] >= 0.10:
            text += f" but leaves {percent(replied.loc[fastest, 'unanswered_share'])} unanswered"
        parts.append(text)
        slowest = replied["median_working_h"].idxmax()
        if slowest != fastest:
            text = f"{slowest} is slowest ({replied.loc[slowest, 'median_working_h']:.1f} working h"
            if replied.loc[slowest, "unanswered_share"] >= 0.10:
                text += f", {percent(replied.loc[slowest, 'unanswered_share'])} unanswered"
            text += ")" + (" and getting slower" if replied.loc[slowest, "trend"] == "slower" else "")
            parts.append(text)
    silent = asked[asked["median_working_h"].isna()].index
    if len(silent):
        parts.append(f"{', '.join(map(str, silent))} answered nothing")
    return "; ".join(parts)


def responsiveness_chart(times: pd.DataFrame, summary: pd.DataFrame, weekly: pd.DataFrame | None = None):
    """How fast each vendor replied during selection, at a glance.

    Left: every answered question as a dot at its reply time in the vendor's working hours
    (linear to 1 h, logarithmic beyond), the median as a black bar and the 90th percentile as
    a grey one; the row label says how many questions are still unanswered. Right (when
    ``weekly`` is given): the median reply per week, to show the trend.
    Takes ``helpers.evidence.response_times``, ``responsiveness`` and ``weekly_responsiveness``.
    """
    asked = summary[summary["questions"] > 0]
    if times is None or times.empty or asked.empty:
        return empty_chart("No questions in the responsiveness log: nothing to measure", figsize=(8, 2))
    order = asked.sort_values("median_working_h", na_position="last").index
    with_trend = weekly is not None and not weekly.empty
    fig, axes = new_figure(
        1,
        2 if with_trend else 1,
        figsize=(11 if with_trend else 8, 2.2 + 0.75 * len(order)),
        gridspec_kw={"width_ratios": [3, 2]} if with_trend else None,
        squeeze=False,
    )
    ax = axes[0, 0]
    colours = vendor_colours(summary.index)
    rng = np.random.default_rng(0)  # fixed jitter: the picture is the same on every run
    y = -np.arange(len(order), dtype=float)
    top = 1.0
    for yi, vendor in zip(y, order):
        hours = times.loc[(times["vendor"] == vendor) & times["answered"], "working_hours"].to_numpy(dtype=float)
        top = max(top, float(hours.max(initial=0)))
        ax.scatter(
            hours,
            yi + rng.uniform(-0.2, 0.2, len(hours)),
            s=22,
            color=colours[vendor],
            alpha=0.75,
            edgecolor="white",
            linewidth=0.5,
            zorder=3,
        )
        row = summary.loc[vendor]
        if not pd.isna(row["p90_working_h"]):
            ax.plot([row["p90_working_h"]] * 2, [yi - 0.33, yi + 0.33], color=NEUTRAL, linewidth=2, zorder=4)
        if not pd.isna(row["median_working_h"]):
            ax.plot([row["median_working_h"]] * 2, [yi - 0.38, yi + 0.38], color="black", linewidth=3, zorder=5)
    labels = []
    for vendor in order:
        row = summary.loc[vendor]
        open_text = (
            f"{int(row['unanswered'])} of {int(row['questions'])} unanswered"
            if row["unanswered"]
            else f"all {int(row['questions'])} answered"
        )
        labels.append(f"{vendor}\n{open_text}")
    ax.set_yticks(y, labels)
    for tick, vendor in zip(ax.get_yticklabels(), order):
        measured = band(summary.loc[vendor, "median_working_h"], summary.loc[vendor, "unanswered_share"])
        tick.set_color(BAD if measured in ("slow", "no reply") else "black")
    ax.set_xscale("symlog", linthresh=1, linscale=0.6)
    ticks = [t for t in HOUR_TICKS if t <= max(2.0, top * 1.3)]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:g}")
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlim(-0.05, max(2.0, top * 1.3))
    ax.set_ylim(y[-1] - 0.6, 0.6)
    ax.set_xlabel("reply time (hours of the vendor's working time)")
    ax.set_ylabel("vendor")
    ax.plot([], [], color="black", linewidth=3, label="median")
    ax.plot([], [], color=NEUTRAL, linewidth=2, label="90th percentile")
    handles, labels = ax.get_legend_handles_labels()
    if with_trend:
        trend_ax = axes[0, 1]
        for vendor in order:
            part = weekly[weekly["vendor"] == vendor]
            trend_ax.plot(
                pd.to_datetime(part["week"]),
                part["median_working_h"],
                marker="o",
                markersize=4,
                color=colours[vendor],
                label=str(vendor),
            )
        locator = mdates.WeekdayLocator(byweekday=mdates.MO, interval=2)
        trend_ax.xaxis.set_major_locator(locator)
        trend_ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
        trend_ax.set_ylim(bottom=0)
        trend_ax.set_xlabel("week the question was sent (Monday)")
        trend_ax.set_ylabel("median reply (working hours)")
        more = trend_ax.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    legend_below(fig, handles, labels)
    finding_title(fig, responsiveness_title(summary))
    return fig


def reference_title(summary: pd.DataFrame) -> str:
    """The finding of the reference checks in one line: the weakest answer of any vendor that
    has checked references, and who has fewer than two checkable references."""
    checked = summary[summary["checked"] > 0].dropna(subset=["weakest_score"])
    parts = []
    if len(checked):
        worst = checked["weakest_score"].idxmin()
        parts.append(
            f"{worst}'s references rate {checked.loc[worst, 'weakest']} lowest "
            f"({checked.loc[worst, 'weakest_score']:.1f} of 5)"
        )
    few = summary[summary["too_few_checkable"]]
    for vendor, row in few.iterrows():
        parts.append(
            f"{vendor} has {'no' if row['checked'] == 0 else 'only ' + str(int(row['checked']))} "
            f"checkable reference{'' if row['checked'] == 1 else 's'}"
        )
    return "; ".join(parts) if parts else "Every vendor's references were checked; no answer below 4"


def reference_chart(summary: pd.DataFrame):
    """Heat map of the references' mean answer (1-5) per vendor and question; answers of 3 or
    less framed in red; vendors with fewer than two checkable references marked. Row labels
    count the checked references and those from the client's industry.
    Takes ``helpers.evidence.reference_summary``."""
    if summary is None or summary.empty:
        return empty_chart("No reference checks recorded", figsize=(8, 2))
    questions = [q for q in QUESTION_LABELS if q in summary.columns]
    values = summary[questions].to_numpy(dtype=float)
    fig, ax = new_figure(figsize=(10, 1.9 + 0.65 * len(summary)))
    image = ax.imshow(values, cmap="Blues", vmin=1, vmax=5, aspect="auto")
    ax.grid(False)
    for i in range(len(summary.index)):
        if np.isnan(values[i]).all():
            ax.text(
                (len(questions) - 1) / 2,
                i,
                f"{WARNING_SIGN} no checked reference: nothing to show",
                ha="center",
                va="center",
                color=BAD,
                fontweight="bold",
            )
            continue
        for j in range(len(questions)):
            value = values[i, j]
            if np.isnan(value):
                ax.text(j, i, "–", ha="center", va="center", color=NEUTRAL)
                continue
            ax.text(
                j,
                i,
                f"{value:.1f}",
                ha="center",
                va="center",
                color="white" if value >= 3.5 else "black",
                fontweight="bold" if value <= 3 else "normal",
            )
            if value <= 3:
                ax.add_patch(Rectangle((j - 0.47, i - 0.45), 0.94, 0.9, fill=False, edgecolor=BAD, linewidth=2))
    labels = []
    for vendor, row in summary.iterrows():
        mark = f"{WARNING_SIGN} " if row["too_few_checkable"] else ""
        labels.append(
            f"{mark}{vendor}\n{int(row['checked'])} of {int(row['offered'])} checked, "
            f"{int(row['same_industry'])} from your industry"
        )
    ax.set_yticks(range(len(summary)), labels)
    for tick, few in zip(ax.get_yticklabels(), summary["too_few_checkable"]):
        if few:
            tick.set_color(BAD)
    ax.set_xticks(range(len(questions)), [QUESTION_LABELS[q] for q in questions], rotation=20, ha="right")
    ax.set_xlabel("question asked of every reference (5 = best; red frame = 3 or less)")
    ax.set_ylabel("vendor")
    fig.colorbar(image, ax=ax, label="mean answer (1-5)", shrink=0.8)
    finding_title(fig, reference_title(summary))
    return fig


def evidence_box(evidence: SelectionEvidence):
    """An HTML block with what the evidence warns about: too few checkable references, slow
    or silent vendors, and where the evaluators' scores and the measurements disagree.

    Takes a ``helpers.evidence.SelectionEvidence`` (e.g. ``rank_partners(...).evidence``);
    returns ``IPython.display.HTML`` with every user text escaped. A calm line when there is
    nothing to say.
    """
    from IPython.display import HTML

    items = list(evidence.warnings)
    for table in (evidence.communication_check, evidence.reference_check):
        if table is not None and len(table) and "note" in table:
            items += [line for line in table["note"] if line]
    items += [display.element("i", line) for line in evidence.notes]
    if not items:
        return HTML(
            str(
                display.note(
                    GOOD, "The responsiveness log and the reference checks raise nothing: they agree with the scores."
                )
            )
        )
    return HTML(str(display.warning_box("What the evidence says beside the scores", items, BAD)))
