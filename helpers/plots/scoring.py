"""Charts for notebook 02 (score the partners): consensus, yearly cost, value for money, the
ranking with its red flags, and how sure the ranking is (rank probabilities, tornado, tipping points).

Each function takes results of ``helpers.scoring`` / ``helpers.sensitivity`` and returns a
matplotlib Figure; ``red_flag_box`` returns an HTML block (every user text escaped).
"""

from __future__ import annotations

import io

import matplotlib.patches as mpatches
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import Formatter

from helpers import display
from helpers.display import WARNING_SIGN
from helpers.plots import (
    BAD,
    GOOD,
    LINE_CHARACTERS,
    NEUTRAL,
    PALETTE,
    VENDOR_PALETTE,
    Chart,
    empty_chart,
    finding_title,
    fit_label,
    fit_to_figure,
    keep_in_axes,
    legend_below,
    new_figure,
    text_width,
    use_style,
    vendor_colours,
    wrap_title,
)
from helpers.scoring import COST_ITEMS
from helpers.sensitivity import closest_tipping_points, drawn
from helpers.words import money, names, percent

SEVERITY_COLOURS = {"high": BAD, "medium": PALETTE[1], "low": NEUTRAL}


def label(name) -> str:
    """A criterion or item name as a reader sees it: underscores become spaces."""
    return str(name).replace("_", " ")


def _title(ax, text: str) -> None:
    """Put the finding above the chart, wrapped so it is never cut off."""
    finding_title(ax.figure, text)


# --------------------------------------------------------------------------------------
# Step 2: evaluators
# --------------------------------------------------------------------------------------
def consensus_chart(consensus: pd.DataFrame, disagreement: float = 2):
    """Heat map of the consensus score per vendor and criterion; cells where evaluators
    disagree get a red frame and a "!". Takes ``helpers.scoring.consensus_scores`` and the
    disagreement threshold it used (for the title)."""
    if consensus is None or consensus.empty:
        return empty_chart("No evaluator scores given")
    wide = consensus.pivot(index="vendor", columns="criterion", values="consensus")
    wide = wide.reindex(index=pd.unique(consensus["vendor"]), columns=pd.unique(consensus["criterion"]))
    flagged = consensus.pivot(index="vendor", columns="criterion", values="disagree").reindex_like(wide)
    spread = consensus.pivot(index="vendor", columns="criterion", values="spread").reindex_like(wide)
    n_flagged = int(consensus["disagree"].sum())
    columns = [fit_label(label(c)) for c in wide.columns]
    two_lines = any("\n" in c for c in columns)
    # Criterion names in two lines need wider columns to stand side by side, turned further
    width = (
        9
        if not two_lines
        else max(9.0, max(text_width(fit_label(str(v))) for v in wide.index) + 1.0 * len(columns) + 2.2)
    )
    fig, ax = new_figure(figsize=(width, 1.6 + 0.55 * len(wide)))
    image = ax.imshow(wide.to_numpy(dtype=float), cmap="Blues", vmin=1, vmax=5, aspect="auto")
    ax.grid(False)
    for i in range(wide.shape[0]):
        for j in range(wide.shape[1]):
            value = wide.iat[i, j]
            if pd.isna(value):
                ax.text(j, i, "–", ha="center", va="center", color=NEUTRAL)
                continue
            disagree = bool(flagged.iat[i, j])
            text = f"{value:.1f}" + (f"\n!{spread.iat[i, j]:.0f} apart" if disagree else "")
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=9,
                color="white" if value >= 3.8 else "black",
                fontweight="bold" if disagree else "normal",
            )
            if disagree:
                ax.add_patch(
                    mpatches.Rectangle((j - 0.48, i - 0.46), 0.96, 0.92, fill=False, edgecolor=BAD, linewidth=2.5)
                )
    ax.set_xticks(
        range(wide.shape[1]),
        columns,
        rotation=40 if two_lines else 25,
        ha="right",
        rotation_mode="anchor" if two_lines else "default",
    )
    ax.set_yticks(range(wide.shape[0]), wide.index)
    ax.set_xlabel("criterion")
    ax.set_ylabel("vendor")
    colourbar = fig.colorbar(image, ax=ax, shrink=0.9)
    colourbar.set_label("consensus score (1–5)")
    if n_flagged:
        _title(
            ax,
            f"Evaluators disagree by {disagreement:g}+ points on {n_flagged} of {len(consensus)} scores "
            "(red frames): talk before averaging",
        )
    else:
        _title(ax, f"No two evaluators are {disagreement:g}+ points apart on any of the {len(consensus)} scores")
    return fig


# --------------------------------------------------------------------------------------
# Step 4: yearly cost
# --------------------------------------------------------------------------------------
def cost_chart(costs: pd.DataFrame):
    """Stacked bars of the yearly total cost of ownership per vendor: the base fee, then each
    hidden item. Takes ``helpers.scoring.yearly_cost`` (an ``excluded`` column, as
    ``rank_partners`` adds it, greys out knocked-out vendors' names)."""
    if costs is None or costs.empty:
        return empty_chart("No vendors to cost")
    table = costs.sort_values("total")
    currency = ", ".join(map(str, pd.unique(table["currency"].dropna())))
    fig, ax = new_figure(figsize=(9, 1.8 + 0.6 * len(table)))
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for colour, (item, name) in zip(PALETTE, COST_ITEMS.items()):
        values = table[item].to_numpy(dtype=float)
        if not values.any():
            continue
        ax.barh(y, values, left=left, color=colour, label=name, height=0.6)
        left += values
    for yi, (_, row) in zip(y, table.iterrows()):
        share = row["hidden"] / row["base"] if row["base"] > 0 else np.nan
        note = f"{money(row['total'], short=True)} / year" + (
            "" if np.isnan(share) else f"  (hidden +{percent(share)})"
        )
        ax.text(row["total"], yi, "  " + note, va="center", fontsize=9)
    excluded = table["excluded"].to_numpy(dtype=bool) if "excluded" in table.columns else np.zeros(len(table), bool)
    ax.set_yticks(y, [f"{v} (out)" if out else str(v) for v, out in zip(table.index, excluded)])
    for tick, out in zip(ax.get_yticklabels(), excluded):
        if out:
            tick.set_color(NEUTRAL)
    # Room right of the longest bar for its note: the axes' width is the figure's less the names
    names = [fit_label(str(v)) for v in table.index]
    axes_width = fig.get_figwidth() - max(text_width(n) for n in names) - 1.0
    note_width = text_width("  000k / year  (hidden +000 %)", 9) + 0.1
    ax.set_xlim(0, table["total"].max() * max(1.35, 1 / max(0.2, 1 - note_width / max(axes_width, 1.0))))
    ax.xaxis.set_major_formatter(MoneyTicks())
    ax.set_xlabel(
        wrap_title(
            f"yearly total cost of ownership ({currency} per year, one-offs spread over the contract)",
            fig,
            room=max(axes_width, 1.0) / fig.get_figwidth(),
            fontsize=10,
            weight="normal",
        )
    )
    ax.set_ylabel("vendor")
    legend_below(fig, *ax.get_legend_handles_labels())
    running = table[~excluded] if (~excluded).any() else table
    cheapest = running.index[0]
    hidden_share = (running["hidden"] / running["base"].where(running["base"] > 0)).dropna()
    low, high = (round(100 * hidden_share.min()), round(100 * hidden_share.max())) if len(hidden_share) else (0, 0)
    span = (
        ""
        if not len(hidden_share)
        else "; no hidden items"
        if high == 0
        else f"; hidden items add {low} % to the base fee"
        if low == high
        else f"; hidden items add {low}–{high} % to the base fee"
    )
    who = f"Of the vendors still in, {cheapest}" if excluded.any() else str(cheapest)
    _title(ax, f"{who} costs least at {money(running['total'].iloc[0], currency, short=True)} a year{span}")
    return fig


# --------------------------------------------------------------------------------------
# Step 5: the ranking with red flags beside it
# --------------------------------------------------------------------------------------
def _flag_lines(flags: pd.DataFrame, vendor) -> list[tuple[str, str, bool]]:
    rows = flags[flags["vendor"] == vendor]
    return [
        (
            f"{WARNING_SIGN} {row.severity.upper()}: {row.flag}",
            SEVERITY_COLOURS.get(row.severity, NEUTRAL),
            row.severity == "high",
        )
        for row in rows.itertuples()
    ]


def _draw_flags(flags_ax, flags: pd.DataFrame, vendors, y) -> list:
    texts = []
    for yi, vendor in zip(y, vendors):
        lines = _flag_lines(flags, vendor)
        if not lines:
            texts.append(flags_ax.text(0, yi, "none open", va="center", fontsize=9, color=NEUTRAL))
            continue
        step = min(0.28, 0.8 / len(lines))
        for k, (text, colour, severe) in enumerate(lines):
            texts.append(
                fit_to_figure(
                    flags_ax.text(
                        0,
                        yi + step * ((len(lines) - 1) / 2 - k),
                        text,
                        va="center",
                        fontsize=9.5 if severe else 9,
                        color=colour,
                        fontweight="bold" if severe else "normal",
                    )
                )
            )
    return texts


def _row_labels(ranked, out_vendors) -> list[str]:
    return [f"{i + 1}. {v}" for i, v in enumerate(ranked)] + [f"out: {v}" for v in out_vendors]


def draw_ranking(
    bars_ax,
    flags_ax,
    contributions: pd.DataFrame,
    flags: pd.DataFrame | None = None,
    excluded: pd.DataFrame | None = None,
    scale_max: float = 5.0,
    numbered: bool = True,
) -> dict:
    """Draw the ranking onto two existing axes: stacked weighted contributions per vendor,
    best at the top, then knocked-out vendors in grey with the must-have they fail; the open
    red flags beside each vendor in the right-hand axes (high severity bold red).
    ``numbered`` puts the rank before each name. Returns the drawn artists (used by
    ``RankingPicture`` to redraw in place)."""
    flags = flags if flags is not None else pd.DataFrame(columns=["vendor", "flag", "severity"])
    out_vendors = list(pd.unique(excluded["vendor"])) if excluded is not None and len(excluded) else []
    vendors = list(contributions.index) + out_vendors
    y = -np.arange(len(vendors), dtype=float)
    n_ranked = len(contributions)
    scores = contributions.sum(axis=1).to_numpy()
    left = np.zeros(n_ranked)
    segments = []
    # Criteria take the distinct colours of the vendor palette (16): a dozen criteria never repeat one.
    for colour, criterion in zip(VENDOR_PALETTE * 2, contributions.columns):
        values = contributions[criterion].to_numpy(dtype=float)
        segments.append(
            bars_ax.barh(y[:n_ranked], values, left=left, color=colour, label=label(criterion), height=0.62)
        )
        left += values
    score_texts = [
        bars_ax.text(score + 0.04, yi, f"{score:.2f}", va="center", fontsize=9, fontweight="bold")
        for yi, score in zip(y, scores)
    ]
    for yi, vendor in zip(y[n_ranked:], out_vendors):
        needs = excluded.loc[excluded["vendor"] == vendor, "need_id"].astype(str)
        bars_ax.text(
            0.05,
            yi,
            f"OUT: fails must-have {', '.join(needs)}",
            va="center",
            fontsize=9,
            color=BAD,
            fontstyle="italic",
        )
    if out_vendors:
        bars_ax.axhline(y[n_ranked] + 0.5, color=NEUTRAL, linestyle="--", linewidth=1)
    names = (
        _row_labels(contributions.index, out_vendors)
        if numbered
        else [str(v) for v in contributions.index] + [f"out: {v}" for v in out_vendors]
    )
    bars_ax.set_yticks(y, names)
    for tick, vendor in zip(bars_ax.get_yticklabels(), vendors):
        if vendor in out_vendors:
            tick.set_color(NEUTRAL)
    bars_ax.set_xlim(0, scale_max + 0.45)
    bars_ax.set_ylim(y[-1] - 0.6, 0.6)
    bars_ax.set_xlabel("weighted score (points on the 1–5 scale)")
    bars_ax.set_ylabel("vendor (rank)" if numbered else "vendor")
    legend_below(
        bars_ax.figure,
        *bars_ax.get_legend_handles_labels(),
        title="criterion (segment = its weight × the vendor's 1–5 score)",
        title_fontsize=8,
    )

    flags_ax.set_axis_off()
    flags_ax.set_ylim(bars_ax.get_ylim())
    flags_ax.set_xlim(0, 1)
    flags_ax.set_title("open red flags", fontsize=10, loc="left")
    flag_texts = _draw_flags(flags_ax, flags, vendors, y)
    return {"segments": segments, "scores": score_texts, "flags": flag_texts, "y": y, "out": out_vendors}


class RankingPicture:
    """The ranking chart kept alive for fast redraws (the weight sliders' picture).

    ``RankingPicture(contributions, flags, excluded)`` draws once, with the rows in that
    order; ``update(contributions)`` (same vendors and criteria) moves the bars and writes
    each vendor's score and rank beside its bar; ``png()`` renders it. Rows stay in place,
    so the eye can follow a vendor while a slider moves, and only the bars and score labels
    are redrawn over a saved background (text is slow to render): that keeps a slider move
    well under 50 ms.
    """

    def __init__(
        self,
        contributions: pd.DataFrame,
        flags: pd.DataFrame | None = None,
        excluded: pd.DataFrame | None = None,
        dpi: int = 80,
    ):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        flags = flags if flags is not None else pd.DataFrame(columns=["vendor", "flag", "severity"])
        n_rows = len(contributions) + (excluded["vendor"].nunique() if excluded is not None and len(excluded) else 0)
        # A figure outside pyplot, on its own Agg canvas: it lives in a widget, never in the
        # notebook's output, and pyplot's figure manager would only hold on to it.
        use_style()
        self.figure = Chart(figsize=(10, 2.2 + 0.6 * max(n_rows, 1)), dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.bars_ax, flags_ax = self.figure.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
        self.vendors = list(contributions.index)
        self._artists = draw_ranking(self.bars_ax, flags_ax, contributions, flags, excluded, numbered=False)
        self.figure.suptitle(
            "Ranking with the slider weights (score and rank beside each bar)",
            x=0.02,
            ha="left",
            fontweight="bold",
            fontsize=12,
        )
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")  # the first draw fixed the layout
        self._moving = [p for c in self._artists["segments"] for p in c.patches] + self._artists["scores"]
        for artist in self._moving:
            artist.set_animated(True)
        self.figure.canvas.draw()
        self._background = self.figure.canvas.copy_from_bbox(self.figure.bbox)
        self.update(contributions)

    def update(self, contributions: pd.DataFrame) -> None:
        """Show a new ranking: ``contributions`` as from ``helpers.scoring.contributions``."""
        from helpers.scoring import rank_descending

        table = contributions.reindex(self.vendors)
        left = np.zeros(len(table))
        for container, criterion in zip(self._artists["segments"], table.columns):
            values = table[criterion].to_numpy(dtype=float)
            for rectangle, start, width in zip(container.patches, left, values):
                rectangle.set_x(start)
                rectangle.set_width(width)
            left += values
        ranks = rank_descending(left)
        for text, yi, score, rank in zip(self._artists["scores"], self._artists["y"], left, ranks):
            text.set_position((score + 0.04, yi))
            text.set_text(f"{score:.2f}  #{rank}")
            text.set_color(GOOD if rank == 1 else "black")

    def png(self) -> bytes:
        """The figure as PNG bytes (fast compression: it is redrawn on every slider move)."""
        from PIL import Image

        canvas = self.figure.canvas
        canvas.restore_region(self._background)
        for artist in self._moving:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        pixels = np.asarray(canvas.buffer_rgba())[..., :3]  # opaque: no alpha channel needed
        Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def ranking_title(ranking: pd.DataFrame, flags: pd.DataFrame | None = None) -> str:
    """The finding of the ranking in one line (leader, score, gap to the runner-up, warning)."""
    if ranking.empty:
        return "Nobody left to rank: every vendor fails a must-have"
    leader = ranking.index[0]
    text = f"{leader} ranks first with {ranking['score'].iloc[0]:.2f} of 5"
    if len(ranking) > 1:
        gap = ranking["score"].iloc[0] - ranking["score"].iloc[1]
        text += f", {gap:.2f} ahead of {ranking.index[1]}" if gap > 0 else f", tied with {ranking.index[1]}"
    if flags is not None and len(flags):
        severe = flags[(flags["severity"] == "high") & flags["vendor"].isin(ranking.index)]
        if len(severe):
            text += f"\n{WARNING_SIGN} Severe red flags on {', '.join(pd.unique(severe['vendor']))}"
    return text


def ranking_chart(result):
    """The ranking: weighted contributions per vendor (best at the top), knocked-out vendors
    below in grey with the must-have they fail, and every open red flag beside its vendor
    (high severity in bold red). Takes a ``helpers.scoring.PartnerRanking``."""
    n_rows = len(result.contributions) + result.excluded["vendor"].nunique()
    fig, (bars_ax, flags_ax) = new_figure(
        1, 2, figsize=(11, 2.4 + 0.75 * max(n_rows, 1)), gridspec_kw={"width_ratios": [3, 2]}
    )
    draw_ranking(bars_ax, flags_ax, result.contributions, result.red_flags, result.excluded)
    _title(bars_ax, ranking_title(result.ranking, result.red_flags))
    return fig


def red_flag_box(result):
    """An unmissable HTML warning block listing knock-outs and high-severity red flags.

    Takes a ``PartnerRanking``; returns ``IPython.display.HTML`` (vendor names, flags and
    evidence are escaped, so user text never runs as markup). Shows a calm green line when
    there is nothing severe.
    """
    from IPython.display import HTML

    severe = result.red_flags[result.red_flags["severity"] == "high"]
    items = []
    for vendor, group in severe.groupby("vendor", sort=False):
        status = (
            "knocked out"
            if vendor in set(result.excluded["vendor"])
            else f"rank {int(result.ranking.at[vendor, 'rank'])}"
        )
        flags = display.join(
            (
                display.join([display.element("b", f), f" ({n})"]) if n else display.element("b", f)
                for f, n in zip(group["flag"], group["note"])
            ),
            "; ",
        )
        items.append(display.join([display.element("b", vendor), f" ({status}): ", flags]))
    for vendor, group in result.excluded.groupby("vendor", sort=False):
        needs = display.join(
            (
                display.join([f"{n} {need} — ", display.element("i", e)])
                for n, need, e in zip(group["need_id"], group["need"], group["evidence"])
            ),
            "; ",
        )
        items.append(display.join([display.element("b", vendor), " is OUT, fails: ", needs]))
    if not items:
        return HTML(str(display.note(GOOD, "No knock-outs and no open high-severity red flags.")))
    return HTML(str(display.warning_box("Read before deciding", items, BAD)))


# --------------------------------------------------------------------------------------
# Step 6: how sure are we
# --------------------------------------------------------------------------------------
def rank_probability_chart(probabilities: pd.DataFrame):
    """Heat map: the share of plausible weightings (and pilot results, when they were drawn too)
    in which each vendor takes each rank. Takes ``helpers.sensitivity.rank_probabilities`` or
    ``PartnerRanking.rank_probabilities``; vendors ordered by expected rank."""
    if probabilities is None or probabilities.empty:
        return empty_chart("Nothing to rank")
    ranks = np.asarray(probabilities.columns, dtype=float)
    expected = probabilities.to_numpy() @ ranks
    table = probabilities.iloc[np.argsort(expected, kind="stable")]
    fig, ax = new_figure(figsize=(max(7.0, 2.5 + 1.1 * table.shape[1]), 1.8 + 0.55 * len(table)))
    image = ax.imshow(100 * table.to_numpy(), cmap="Blues", vmin=0, vmax=100, aspect="auto")
    ax.grid(False)
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            value = 100 * table.iat[i, j]
            ax.text(
                j,
                i,
                f"{value:.0f} %",
                ha="center",
                va="center",
                fontsize=10,
                color="white" if value >= 55 else "black",
            )
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns])
    ax.set_yticks(range(table.shape[0]), table.index)
    ax.set_xlabel("rank (1 = best)")
    ax.set_ylabel("vendor")
    fig.colorbar(image, ax=ax, shrink=0.9).set_label(f"share of {drawn(probabilities)} (%)")
    first = probabilities[1].idxmax()
    _title(ax, f"{first} is first in {percent(probabilities[1].max())} of {drawn(probabilities)}")
    return fig


def _with_range(name: str, weights: str) -> str:
    """A criterion's tick label with the weight range tried: the name as ``fit_label`` shows it
    (shortened, in two lines when long), the range after its last line, or on a line of its
    own where it would make that line too long. The range is never the part cut off."""
    name = fit_label(name)
    last = name.split("\n")[-1]
    return f"{name} {weights}" if len(last) + 1 + len(weights) <= LINE_CHARACTERS else f"{name}\n{weights}"


def tornado_chart(swing: pd.DataFrame):
    """Tornado chart: the leader's lead over the best other vendor when one weight at a time
    moves down (blue) and up (orange). Left of the red line the leader loses first place.
    Takes ``helpers.sensitivity.weight_swing`` (widest swing first)."""
    if swing is None or swing.empty:
        return empty_chart("No criteria to swing")
    leader = swing["leader"].iloc[0]
    base = float(swing["margin_base"].iloc[0])
    names = [
        _with_range(label(c), f"({100 * r.weight_low:.0f}–{100 * r.weight_high:.0f} %)") for c, r in swing.iterrows()
    ]
    three_lines = any(n.count("\n") >= 2 for n in names)
    fig, ax = new_figure(figsize=(9, 1.6 + (0.62 if three_lines else 0.5) * len(swing)))
    y = -np.arange(len(swing), dtype=float)
    ax.barh(y, swing["margin_low"] - base, left=base, color=PALETTE[0], height=0.6, label="weight lowered")
    ax.barh(y, swing["margin_high"] - base, left=base, color=PALETTE[1], height=0.6, label="weight raised")
    ax.axvline(base, color="black", linewidth=1)
    ax.axvline(0, color=BAD, linewidth=2, linestyle="--", label="leader loses first place")
    ax.set_yticks(y, names)
    ax.set_xlabel(
        wrap_title(
            f"lead of {leader} over the best other vendor (score points)", fig, room=0.6, fontsize=10, weight="normal"
        )
    )
    ax.set_ylabel("criterion (weight range tried)")
    legend_below(fig, *ax.get_legend_handles_labels())
    _title(ax, tornado_title(swing))
    return fig


def swing_tried(swing: pd.DataFrame) -> float:
    """The relative weight change a ``weight_swing`` result tried (0.5 for ±50 %): the median
    of ``weight_high / weight`` less 1 over the weighted criteria (a weight capped at 1 moved
    less), 0.5 when no criterion has weight."""
    ratios = (swing["weight_high"] / swing["weight"]).replace(np.inf, np.nan).dropna()
    return float(ratios.median() - 1) if (swing["weight"] > 0).any() else 0.5


def swing_takes_lead(swing: pd.DataFrame) -> pd.Index:
    """The criteria of a ``weight_swing`` result whose weight, lowered or raised by the swing,
    takes first place from the leader (its margin below zero), widest swing first."""
    return swing.index[(swing["margin_low"] < 0) | (swing["margin_high"] < 0)]


def tornado_title(swing: pd.DataFrame) -> str:
    """The finding of the weight swing in one line: the criteria (up to four) whose weight,
    moved by the swing tried, takes the lead from the leader, or that none does."""
    leader, share, lost = swing["leader"].iloc[0], percent(swing_tried(swing)), swing_takes_lead(swing)
    if len(lost):
        return (
            f"A ±{share} change of one weight can take the lead from {leader}: "
            + ", ".join(label(c) for c in lost[:4])
            + (" …" if len(lost) > 4 else "")
        )
    return f"No single ±{share} weight change takes the lead from {leader}"


def _tipping_notes(tipping: pd.DataFrame, axes_width: float) -> list[list[tuple[float, str, str]]]:
    """Per criterion, the notes beside its tipping points in lines above its bar: each note
    ``(weight in %, text, alignment)``. A note ends at its tipping point below the weight now
    and starts at the one above it; where both are there and, as wide as they are drawn on
    an axes ``axes_width`` inches wide, they would run into each other, each gets a line."""
    rows = []
    for _, row in tipping.iterrows():
        notes = [
            (100 * row[where], f"{percent(row[where])}: {row[who]}", side)
            for where, who, side in (
                ("tipping_below", "new_leader_below", "right"),
                ("tipping_above", "new_leader_above", "left"),
            )
            if not pd.isna(row[where])
        ]
        if len(notes) < 2:
            rows.append([notes] if notes else [])
            continue
        inch = axes_width / 104  # the axis runs from -2 % to 102 %
        (left_at, left_text, _), (right_at, right_text, _) = notes
        left_end = max(left_at * inch, min(text_width(left_text, 8), axes_width))
        right_start = min(right_at * inch, axes_width - min(text_width(right_text, 8), axes_width))
        # 0.3 inch to spare: the axes' width is estimated before the layout measures it
        rows.append([notes] if right_start - left_end > 0.3 else [[notes[0]], [notes[1]]])
    return rows


def tipping_title(tipping: pd.DataFrame) -> str:
    """The finding of ``tipping_chart``: the closest tipping point
    (``helpers.sensitivity.closest_tipping_points``) and how far it is from the weight now."""
    leader = tipping["leader"].iloc[0]
    closest = closest_tipping_points(tipping, limit=1)
    if not closest:
        return f"{leader} keeps the lead whatever weight any single criterion gets"
    return (
        f"{leader} keeps the lead inside the green bands; the closest tipping point is "
        f"{label(closest[0].criterion)}, {100 * closest[0].distance:.0f} percentage points from its weight now"
    )


def tipping_chart(tipping: pd.DataFrame):
    """For each criterion, the band of its weight within which the leader stays first (green),
    the weight now (black dot) and the tipping points (red) with who takes over there, that
    note above the bar and inside the chart (a criterion with two notes that would run into
    each other gets two lines of them). Takes ``helpers.sensitivity.tipping_points``."""
    if tipping is None or tipping.empty:
        return empty_chart("No criteria")
    leader = tipping["leader"].iloc[0]
    names = [label(c) for c in tipping.index]
    # the axes' width: the figure's less the criterion names and the axis label
    axes_width = 9 - max(text_width(fit_label(n)) for n in names) - 0.8
    notes = _tipping_notes(tipping, axes_width)
    line = 0.3  # height of a line of notes, in rows
    extra = np.array([max(len(lines) - 1, 0) * line for lines in notes])
    y = -(np.arange(len(tipping), dtype=float) + np.cumsum(extra))
    fig, ax = new_figure(figsize=(9, 1.6 + 0.5 * (len(tipping) + extra.sum())))
    low = tipping["tipping_below"].fillna(0).to_numpy()
    high = tipping["tipping_above"].fillna(1).to_numpy()
    ax.barh(
        y,
        100 * (high - low),
        left=100 * low,
        color=GOOD,
        alpha=0.35,
        height=0.5,
        label=f"{leader} stays first",
    )
    ax.scatter(100 * tipping["weight"], y, color="black", zorder=3, label="weight now")
    for yi, lines in zip(y, notes):
        for k, line_notes in enumerate(lines):
            for at, text, side in line_notes:
                ax.scatter(at, yi, color=BAD, marker="|", s=300, zorder=3)
                keep_in_axes(ax.text(at, yi + 0.3 + line * k, text, fontsize=8, color=BAD, ha=side, va="bottom"))
    ax.set_yticks(y, names)
    ax.set_xlim(-2, 102)
    ax.set_ylim(y[-1] - 0.7, 0.9)
    ax.set_xlabel("weight of the criterion (%, the other weights keep their proportions)")
    ax.set_ylabel("criterion")
    legend_below(fig, *ax.get_legend_handles_labels())
    _title(ax, tipping_title(tipping))
    return fig


# --------------------------------------------------------------------------------------
# Step 5b: value for money
# --------------------------------------------------------------------------------------
class MoneyTicks(Formatter):
    """Amounts on a money axis as ``helpers.words.money`` writes them for charts (short: 48k,
    1.25m); in full (48,400) when the short forms of two ticks would read the same, as they do
    on an axis spanning a few hundred."""

    def __call__(self, x, pos=None):
        return money(x, short=True)

    def format_ticks(self, values):
        short = [money(v, short=True) for v in values]
        return short if len(set(short)) == len(short) else [money(v) for v in values]


def _some(vendors, most: int = 3) -> str:
    """Up to ``most`` vendor names in a sentence, then how many more."""
    vendors = [str(v) for v in vendors]
    shown = vendors if len(vendors) <= most else vendors[: most - 1] + [f"{len(vendors) - most + 1} more"]
    return names(shown)


def value_title(table: pd.DataFrame) -> str:
    """The finding of ``value_for_money_chart`` in one sentence, from a
    ``helpers.scoring.value_for_money`` table: who offers the best value and who is beaten on
    it, or that nobody is, or why there is nothing to weigh."""
    race = table[table["in_race"]]
    if race.empty:
        return "Nobody is left to weigh value for money: every vendor fails a must-have"
    if race["benefit"].isna().any():
        return "Only the cost criteria carry weight: there is no score besides cost to set against it"
    currency = ", ".join(map(str, pd.unique(race["currency"].dropna())))
    if len(race) == 1:
        vendor, row = race.index[0], race.iloc[0]
        return (
            f"{vendor} is the only vendor left: {row['benefit']:.2f} of 5 without cost, for "
            f"{money(row['yearly_cost'], currency, short=True)} a year, with nothing to compare it to"
        )
    frontier, beaten = race[race["on_frontier"]], race[~race["on_frontier"]]
    if beaten.empty:
        cheapest, best = race["yearly_cost"].idxmin(), race["benefit"].idxmax()
        if race["yearly_cost"].nunique() == 1 and race["benefit"].nunique() == 1:
            return f"{_some(race.index)} cost the same and score the same: value for money does not tell them apart"
        return (
            f"No vendor is beaten on both cost and score: {cheapest} costs least, {best} scores highest, "
            "and a higher score costs more"
        )
    by = race.loc[beaten["dominated_by"].tolist()]
    costs_more = (beaten["yearly_cost"].to_numpy() > by["yearly_cost"].to_numpy()).all()
    scores_less = (beaten["benefit"].to_numpy() < by["benefit"].to_numpy()).all()
    verb = lambda one, many: one if len(beaten) == 1 else many  # noqa: E731
    who = _some(beaten.index)
    if costs_more:
        verdict = f"{who} {verb('costs', 'cost')} more for {'less' if scores_less else 'no higher score'}"
    elif scores_less:
        verdict = f"{who} {verb('scores', 'score')} lower for no less money"
    else:
        verdict = f"for {who}, another vendor scores at least as high for no more money"
    offer = "offers" if len(frontier) == 1 else "offer"
    return f"{_some(frontier.index)} {offer} the best value; {verdict}"


def value_for_money_chart(table: pd.DataFrame):
    """Each vendor's score without cost (up) against its yearly cost (right), one colour per
    vendor: the value frontier as a step line through the vendors no other beats on both, each
    vendor that is beaten hollow, with a dotted line to a vendor that beats it. Knocked-out
    vendors are left out (the legend says how many). Takes ``helpers.scoring.value_for_money``."""
    race = table[table["in_race"]] if table is not None else pd.DataFrame()
    if race.empty or race["benefit"].isna().any():
        return empty_chart(value_title(table))
    currency = ", ".join(map(str, pd.unique(race["currency"].dropna())))
    fig, ax = new_figure(figsize=(9, 5.5))
    colours = vendor_colours(race.index)
    cost, benefit = race["yearly_cost"], race["benefit"]
    frontier = race[race["on_frontier"]].sort_values(["yearly_cost", "benefit"])
    if len(frontier) > 1:
        ax.plot(
            frontier["yearly_cost"],
            frontier["benefit"],
            drawstyle="steps-post",
            color="black",
            linewidth=1.2,
            zorder=1,
            label="value frontier: the best score for the money",
        )
    beaten_key = None
    for _, row in race.iterrows():
        if pd.notna(row["dominated_by"]):
            by = race.loc[row["dominated_by"]]
            (beaten_key,) = ax.plot(
                [row["yearly_cost"], by["yearly_cost"]],
                [row["benefit"], by["benefit"]],
                linestyle=":",
                color=NEUTRAL,
                linewidth=1.2,
                zorder=1,
            )
    # Vendors on the very same point (equal cost and score) are drawn as rings around each other.
    same_point = race.groupby(["yearly_cost", "benefit"], sort=False).cumcount(ascending=False)
    handles, labels = ax.get_legend_handles_labels()  # the frontier's, if drawn
    for vendor, row in race.iterrows():
        look = {
            "marker": "o",
            "markeredgewidth": 2,
            "color": colours[vendor],
            "markerfacecolor": colours[vendor] if row["on_frontier"] else "white",
        }
        size = 10 + 7 * same_point[vendor]
        ax.plot([row["yearly_cost"]], [row["benefit"]], linestyle="none", markersize=size, zorder=3, **look)
        handles.append(Line2D([], [], linestyle="none", markersize=10, **look))  # one size in the legend
        labels.append(str(vendor))
    if beaten_key is not None:
        key = Line2D([], [], linestyle=":", color=NEUTRAL, marker="o", markerfacecolor="white", markeredgecolor=NEUTRAL)
        handles, labels = handles + [key], labels + ["hollow, dotted: beaten by the vendor the line leads to"]
    out = int((~table["in_race"]).sum())
    legend_below(
        fig,
        handles,
        labels,
        title=f"{out} knocked-out vendor{'s' if out > 1 else ''} not shown" if out else None,
        title_fontsize=8,
    )
    span_x = cost.max() - cost.min() or max(abs(cost.max()), 1.0)
    span_y = benefit.max() - benefit.min() or 1.0
    ax.set_xlim(cost.min() - 0.1 * span_x, cost.max() + 0.1 * span_x)
    ax.set_ylim(benefit.min() - max(0.15 * span_y, 0.1), benefit.max() + max(0.15 * span_y, 0.1))
    ax.xaxis.set_major_formatter(MoneyTicks())
    ax.set_xlabel(f"yearly total cost of ownership ({currency} per year; further right costs more)")
    ax.set_ylabel("score without cost (1–5, weighted)")
    _title(ax, value_title(table))
    return fig
