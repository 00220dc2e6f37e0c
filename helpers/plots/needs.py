"""Charts for notebook 01 (define the needs): the outsourcing quadrant and the criteria weights.

Each function takes the tables computed in ``helpers.needs`` and returns a matplotlib Figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.needs import RECOMMENDATIONS, SAME_WEIGHT
from helpers.plots import GOOD, NEUTRAL, PALETTE, finding_title, legend_below, new_figure

# One colour and marker per recommendation; markers differ too, so the chart survives print.
RECOMMENDATION_STYLE = {
    "keep in-house": {"color": PALETTE[0], "marker": "s"},
    "start with a small pilot": {"color": PALETTE[1], "marker": "D"},
    "strong candidate": {"color": GOOD, "marker": "o"},
}


def _quadrant_title(recommendation: pd.Series) -> str:
    counts = recommendation.value_counts()
    n = len(recommendation)
    strong = int(counts.get("strong candidate", 0))
    pilot = int(counts.get("start with a small pilot", 0))
    keep = int(counts.get("keep in-house", 0))
    if strong:
        head = f"{strong} of {n} functions are strong candidates to outsource"
    elif pilot:
        head = f"No strong candidate: {pilot} of {n} functions could start with a pilot"
    else:
        head = f"None of the {n} functions should be outsourced now"
    tail = []
    if strong and pilot:
        tail.append(f"{pilot} could start with a pilot")
    if keep:
        tail.append(f"{keep} stay in-house")
    return head + ("\n" + ", ".join(tail).capitalize() if tail else "")


def _label_offsets(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Vertical label offsets so that functions at the same importance do not overwrite each
    other's names. Labels are written to the right of their point, so within one level the
    rightmost label stays on its point and each one further left steps up a line, clearing
    the points to its right."""
    offsets = np.zeros(len(y))
    for level in np.unique(y):
        members = np.flatnonzero(y == level)
        members = members[np.argsort(x[members], kind="stable")]
        offsets[members] = 0.22 * np.arange(len(members))[::-1]
    return offsets


def outsourcing_quadrant(
    functions: pd.DataFrame,
    recommendation: pd.DataFrame,
    *,
    time_drain_hours: float = 10.0,
    high_importance: float = 4.0,
):
    """Strategic importance against team time drain, one point per function, coloured by the
    recommendation (``helpers.needs.outsourcing_recommendation``; pass the same thresholds).

    The dashed lines are the rule's thresholds: right of the vertical line the function takes
    enough team time to be worth outsourcing, above the horizontal line it is strategically
    important. Returns the Figure (an empty table gives a figure that says so).
    """
    fig, ax = new_figure(figsize=(9, 5.5))
    if functions is None or len(functions) == 0:
        ax.set_title("No candidate functions given (the functions table is empty)")
        ax.set_axis_off()
        return fig
    data = pd.DataFrame(
        {
            "function": functions["function"].astype(str).to_numpy(),
            "hours": pd.to_numeric(functions["time_drain_hours_week"]).to_numpy(dtype=float),
            "importance": pd.to_numeric(functions["strategic_importance"]).to_numpy(dtype=float),
        }
    ).merge(recommendation[["function", "recommendation"]], on="function", how="left")
    x_max = max(float(data["hours"].max()), time_drain_hours) * 1.12 + 1
    for label in RECOMMENDATIONS:
        rows = data[data["recommendation"] == label]
        if rows.empty:
            continue
        style = RECOMMENDATION_STYLE[label]
        ax.scatter(
            rows["hours"],
            rows["importance"],
            s=80,
            color=style["color"],
            marker=style["marker"],
            edgecolor="white",
            linewidth=0.8,
            zorder=3,
            label=f"{label} ({len(rows)})",
        )

    offsets = _label_offsets(data["hours"].to_numpy(), data["importance"].to_numpy())
    for (name, hours, importance), dy in zip(
        data[["function", "hours", "importance"]].itertuples(index=False), offsets
    ):
        ax.annotate(
            name,
            (hours, importance),
            xytext=(hours + x_max * 0.015, importance + dy),
            textcoords="data",
            fontsize=8.5,
            va="center",
            color="#333333",
            arrowprops={"arrowstyle": "-", "color": NEUTRAL, "lw": 0.6} if abs(dy) > 0.05 else None,
        )

    split = high_importance - 0.5
    ax.axvline(time_drain_hours, color=NEUTRAL, linestyle="--", linewidth=1)
    ax.axhline(split, color=NEUTRAL, linestyle="--", linewidth=1)
    corner = {"fontsize": 8.5, "color": "#777777", "style": "italic"}
    ax.text(
        x_max * 0.99, 5.45, "important and time-consuming:\npilot with care, or keep", ha="right", va="top", **corner
    )
    ax.text(
        x_max * 0.99, 0.55, "time-consuming, not strategic:\noutsourcing candidates", ha="right", va="bottom", **corner
    )
    ax.text(0.5, 0.55, "little time to gain", ha="left", va="bottom", **corner)
    ax.set_xlim(0, x_max)
    ax.set_ylim(0.4, 5.6)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_xlabel("Team time the function takes (hours per week)")
    ax.set_ylabel("Strategic importance (1 = low, 5 = core)")
    ax.set_title(_quadrant_title(data["recommendation"].fillna("")))
    ax.text(time_drain_hours, 5.55, f" {time_drain_hours:g} h a week", fontsize=8, va="top", color="#777777")
    ax.text(
        x_max * 0.5,
        split,
        f"importance {high_importance:g} or more",
        fontsize=8,
        va="bottom",
        ha="center",
        color="#777777",
    )
    legend_below(fig, *ax.get_legend_handles_labels(), fontsize=8.5)
    return fig


def criteria_weight_chart(weight_table: pd.DataFrame):
    """Horizontal bars: each criterion's weight in the partner score (percent), coloured by
    whether needs feed it; where the typed and the suggested weights differ, the one not used
    is a hollow marker beside the bar, so both are visible.

    Takes ``helpers.needs.criteria_weight_table(needs, criteria, weights_from)``. Returns the Figure.
    """
    data = weight_table.sort_values("weight")
    fig, ax = new_figure(figsize=(9, 0.45 * len(data) + 1.8))
    from_needs = data["from_needs"].astype(str) != ""
    colours = np.where(from_needs, PALETTE[0], NEUTRAL)
    percent = 100 * data["weight"].to_numpy(dtype=float)
    used_typed = bool(np.allclose(data["weight"], data["typed"]))
    other = 100 * data["suggested" if used_typed else "typed"].to_numpy(dtype=float)
    differs = np.abs(other - percent) > 100 * SAME_WEIGHT
    labels = [str(name) for name in data.index]
    ax.barh(labels, percent, color=colours, zorder=3)
    handles = [_patch(PALETTE[0], "fed by should/could needs"), _patch(NEUTRAL, "no need feeds it")]
    if differs.any():
        marker = ax.scatter(
            other[differs],
            np.flatnonzero(differs),
            marker="D",
            s=36,
            facecolors="white",
            edgecolors="black",
            linewidths=1.2,
            zorder=4,
            label="the needs suggest" if used_typed else "typed in the criteria table",
        )
        handles.append(marker)
    right = max(percent.max(), other.max())
    for y, (value, ids) in enumerate(zip(percent, data["from_needs"])):
        note = f"{value:.1f} %" + (f"  (needs {ids})" if ids else "")
        if differs[y]:
            note += f"; {'suggested' if used_typed else 'typed'} {other[y]:.1f} %"
        ax.text(max(value, other[y]) + right * 0.04, y, note, va="center", fontsize=8.5)
    ax.set_xlim(0, right * 2.1)
    ax.set_xlabel("Weight in the partner score (%)")
    ax.set_ylabel("Criterion")
    ax.grid(axis="y", visible=False)
    top = labels[-1]
    title = f"{top} carries the most weight: {percent[-1]:.0f} % of the partner score"
    cost = data[data["source"] == "tco"]
    if len(cost):
        title += f"\ncost ({', '.join(cost.index.astype(str))}) keeps {100 * cost['weight'].sum():.0f} %"
    if differs.any():
        used, unused = ("typed", "needs' suggested") if used_typed else ("needs' suggested", "typed")
        title += (
            f"\nThe {used} weights are used; the {unused} ones (diamonds) differ on "
            f"{int(differs.sum())} of {len(data)} criteria"
        )
    finding_title(fig, title)
    legend_below(fig, handles, [h.get_label() for h in handles], fontsize=8.5)
    return fig


def _patch(colour: str, label: str):
    from matplotlib.patches import Patch

    return Patch(color=colour, label=label)


__all__ = ["outsourcing_quadrant", "criteria_weight_chart", "RECOMMENDATION_STYLE"]
