"""The pilot's findings in words: every sentence, headline and readable table of
``helpers.pilots`` is written here, from the structured results (numbers, verdicts, KPI
entries) and never by reading another sentence back.

Figures go through each KPI's registry entry (its unit and digits) and ``helpers.words``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from helpers import words
from helpers.pilots.registry import ALPHA, KPI, KPIS, MIN_SAMPLE, POWER, VERDICTS

DASH = "–"  # a figure a table cannot give


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------


def amount(kpi: KPI, value: float, signed: bool = False) -> str:
    """A KPI value or difference as a bare number in the reader's unit (rates in percent),
    with a true minus sign: "5.3", "+5.3", "−12"."""
    text = f"{value * kpi.scale:+.{kpi.digits}f}" if signed else (f"{value * kpi.scale:.{kpi.digits}f}")
    return text.replace("-", "−")


def estimate(kpi: KPI, value: float) -> str:
    """An estimate with its unit: "71.9 %", "412 s", "4.21 points"; a dash when missing."""
    if _missing(value):
        return DASH
    if kpi.kind == "rate":
        return words.percent(value, kpi.digits)
    return f"{value:.{kpi.digits}f} {kpi.unit}"


def bound(kpi: KPI, value: float) -> str:
    """An interval bound in a table: the estimate's number without its unit."""
    return DASH if _missing(value) else f"{value * kpi.scale:.{kpi.digits}f}"


def target_text(kpi: KPI, value: float, target: float, target_type: str) -> str:
    """A vendor's figure against the target the needs set: "85.1 %, target >= 90 %"."""
    unit = " %" if kpi.kind == "rate" else f" {kpi.unit}"
    sign = ">=" if target_type == "min" else "<="
    return f"{value:.{kpi.digits}f}{unit}, target {sign} {target:g}{unit}"


def round_up(n: float) -> str:
    """Tickets needed, rounded up to two significant figures ("about 4,100")."""
    if math.isinf(n):
        return "an unlimited number of"
    n = int(n)
    if n >= 100:
        step = 10 ** (len(str(n)) - 2)
        n = -(-n // step) * step
    return f"{n:,}"


def _needed(n: float) -> str:
    """Tickets needed in a table cell: "about 3,500" as ``round_up`` gives it, "unlimited"."""
    if _missing(n):
        return DASH
    return "unlimited" if math.isinf(n) else round_up(n)


def mid_in_its_unit(kpi: KPI, min_important: float) -> float:
    """A ``compare`` result's ``min_important`` (the unit of ``diff``) in the KPI's
    mid_unit (percentage points for rates)."""
    return round(min_important / kpi.mid_scale, 9)


# ---------------------------------------------------------------------------------------
# A two-vendor comparison
# ---------------------------------------------------------------------------------------


def advantage(kpi: KPI, a, b, row) -> str:
    """ "A resolves 5.3 points more tickets at first contact (1.6 to 8.9)"."""
    sign = 1.0 if kpi.higher_is_better else -1.0
    adv = sign * row["diff"]
    low, high = sorted((sign * row["ci_low"], sign * row["ci_high"]))
    if adv == 0:
        return f"{a} and {b} are level (difference {amount(kpi, 0.0)}, {amount(kpi, low)} to {amount(kpi, high)})"
    winner = a if adv > 0 else b
    if adv < 0:
        adv, low, high = -adv, -high, -low
    # "Partners' median", not "Partners's median".
    possessive = f"{winner}'" if str(winner).endswith("s") else f"{winner}'s"
    text = kpi.phrase.format(w=winner, wp=possessive, x=amount(kpi, adv))
    return f"{text} ({amount(kpi, low)} to {amount(kpi, high)})"


def decided(kpi: KPI, row) -> str:
    """What a decided verdict ("a better", "b better", "equivalent") means, from the row's
    numbers (``verdict, diff, ci_low, ci_high, min_important``, the last in the unit of
    ``diff``):

    - better, the estimate reaching the minimum important difference: "a real and important
      difference";
    - better, the estimate below it: "a real difference, but possibly smaller than the 3
      points that matter" (the rule asks for a real difference whose interval reaches the
      minimum, not for an estimate that does: docs/pilot-verdicts.md);
    - equivalent: "equivalent: the whole interval lies within the ±3 points that matter",
      adding "a real difference, but too small to matter" when the interval excludes zero.
    """
    sign = 1.0 if kpi.higher_is_better else -1.0
    low, high = sorted((sign * row["ci_low"], sign * row["ci_high"]))
    mid = mid_in_its_unit(kpi, row["min_important"])
    if row["verdict"] == "equivalent":
        real = " (a real difference, but too small to matter)" if low > 0 or high < 0 else ""
        return f"equivalent: the whole interval lies within the ±{mid:g} {kpi.mid_unit} that matter{real}"
    # A tiny tolerance so that a difference printed as exactly the minimum counts as reaching it.
    eps = 1e-9 * max(1.0, abs(row["min_important"]))
    if abs(row["diff"]) >= row["min_important"] - eps:
        return "a real and important difference"
    return f"a real difference, but possibly smaller than the {mid:g} {kpi.mid_unit} that matter"


def tickets_line(kpi: KPI, tickets_needed: float, mid: float) -> str:
    """The sample-size line of a "not enough evidence" verdict, saying the rule it sizes for:
    "; about 4,300 tickets per vendor would find a true 2-point difference 80 % of the time"
    (found: the verdict names the better vendor). Empty when the number is unknown."""
    if math.isnan(tickets_needed):
        return ""
    return (
        f"; about {round_up(tickets_needed)} tickets per vendor would find a true "
        f"{mid:g}-{kpi.mid_adjective} difference {words.percent(POWER)} of the time"
    )


def plan_caption() -> str:
    """What the tickets of ``plan_pilot`` (and every sample-size line) are sized for."""
    return (
        f"Tickets per vendor for the verdict to name the better vendor {words.percent(POWER)} of "
        f"the time when the true difference equals the minimum important difference "
        f"({words.percent(1 - ALPHA)} intervals; docs/pilot-verdicts.md)."
    )


def verdict_sentence(kpi: KPI, a, b, row, mid: float, holm_note: str = "") -> str:
    """The verdict of one KPI in words, from one row of a comparison (``n_a, n_b, diff,
    ci_low, ci_high, verdict, min_important, tickets_needed``); ``mid`` in the KPI's mid_unit."""
    label, base = kpi.label, kpi.base
    if row["n_a"] == 0 and row["n_b"] == 0:
        return f"{label}: cannot be compared — neither {a} nor {b} has {kpi.observations}."
    for vendor, n in ((a, row["n_a"]), (b, row["n_b"])):
        if n == 0:
            return f"{label}: cannot be compared — {vendor} has no {kpi.observations}."
    small = [(v, n) for v, n in ((a, row["n_a"]), (b, row["n_b"])) if n < MIN_SAMPLE]
    if small:
        # "1 ticket", "12 tickets"
        who = " and ".join(f"{v} has only {n} {base[:-1] if n == 1 else base}" for v, n in small)
        return (
            f"{label}: the sample is too small to judge — {who} "
            f"(at least {MIN_SAMPLE} each are needed); not enough evidence."
        )
    body = advantage(kpi, a, b, row)
    if row["verdict"] != "not enough evidence":
        return f"{label}: {body} — {decided(kpi, row)}."
    tail = tickets_line(kpi, row["tickets_needed"], mid)
    if holm_note:
        return f"{label}: not enough evidence — {body}{holm_note}{tail}."
    return f"{label}: not enough evidence{tail}. Observed: {body}."


def holm_note(pairs: int, p_holm: float) -> str:
    """Why a pair's verdict was withdrawn in a comparison of many vendors."""
    return f", but not after correcting for {pairs} pairwise comparisons (Holm {words.p_value(p_holm, True)})"


def fcr_context(a, b, fcr) -> str:
    """What the handle-time sentence adds: the first-contact-resolution result (``fcr``, its
    comparison row). A shorter call that leaves the problem unsolved is no gain."""
    if min(fcr["n_a"], fcr["n_b"]) < MIN_SAMPLE or math.isnan(fcr["diff"]):
        context = "first-contact resolution cannot be judged on this sample either"
    else:
        body = advantage(KPIS["fcr"], a, b, fcr)
        verdict = fcr["verdict"]
        context = f"{body} — " + (
            verdict if verdict in ("equivalent", "not enough evidence") else decided(KPIS["fcr"], fcr)
        )
    return (
        f" Read it with first-contact resolution: {context}; a shorter handle time is only "
        f"a gain if problems are still solved first time."
    )


def headline(comparison: pd.DataFrame) -> str:
    """One line that states the finding of a ``compare`` result, for a chart title or a
    summary: which vendor is better on which KPIs, where they are equivalent, and how many
    KPIs remain open."""
    a, b = comparison.attrs.get("a", "A"), comparison.attrs.get("b", "B")
    short = {k.name: k.short for k in KPIS.values()}
    parts = []
    for verdict, who in (("a better", a), ("b better", b)):
        names = [short.get(k, k) for k in comparison.index[comparison["verdict"] == verdict]]
        if names:
            parts.append(f"{who} better on {words.names(names)}")
    same = [short.get(k, k) for k in comparison.index[comparison["verdict"] == "equivalent"]]
    if same:
        parts.append(f"equivalent on {words.names(same)}")
    open_ = int((comparison["verdict"] == "not enough evidence").sum())
    if open_:
        parts.append(f"not enough evidence on {open_} of {len(comparison)} KPIs")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] if text else "No KPIs compared"


def key_points(comparison: pd.DataFrame, targets: pd.DataFrame | None = None) -> list[str]:
    """The findings of a ``compare`` result as short lines for the notebook's key points:
    what the pilot shows (the verdicts that are decided), what it cannot show yet (and how
    many tickets per vendor would be needed), and, given ``check_targets``, which agreed
    targets a vendor missed. Built from the result's numbers and verdicts."""
    a, b = comparison.attrs.get("a", "a"), comparison.attrs.get("b", "b")
    lines = [f"In short: {headline(comparison)}."]
    decided = comparison[comparison["verdict"] != "not enough evidence"]
    for name, row in decided.iterrows():
        kpi = KPIS[name]
        mid = mid_in_its_unit(kpi, row["min_important"])
        lines.append(f"Shows: {verdict_sentence(kpi, a, b, row, mid)}")
    open_ = comparison[comparison["verdict"] == "not enough evidence"]
    if len(open_):
        names = [KPIS[k].short for k in open_.index]
        needed = open_["tickets_needed"].replace(math.inf, np.nan).dropna()
        tail = (
            f"; telling them apart would take up to about {round_up(needed.max())} tickets per vendor"
            if len(needed)
            else ""
        )
        lines.append(f"Cannot show: whether {a} or {b} is better on {words.names(names)}{tail}.")
    if targets is not None and len(targets):
        missed = targets[targets["meets"] == "no"]
        for _, row in missed.iterrows():
            kpi = KPIS[row["kpi"]]
            lines.append(
                f"Target missed: {row['vendor']} on {kpi.short} ("
                f"{target_text(kpi, row['estimate'], row['target'], row['target_type'])})."
            )
        close = targets[targets["meets"] == "too close to call"]
        if len(close):
            pairs = [f"{row['vendor']} on {KPIS[row['kpi']].short}" for _, row in close.iterrows()]
            lines.append(f"Too close to call against the target: {words.names(pairs)}.")
    return lines


def format_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """A readable table of a ``summarize`` result: one row per KPI, one column per vendor,
    cells like "71.9 % (69.1 to 74.6), n = 1,010". Returns strings."""
    cells = {}
    for _, row in summary.iterrows():
        kpi = KPIS[row["kpi"]]
        if row["n"] == 0:
            text = "no data"
        else:
            text = (
                f"{estimate(kpi, row['estimate'])} ({bound(kpi, row['ci_low'])} to "
                f"{bound(kpi, row['ci_high'])}), n = {row['n']:,}"
            )
        cells.setdefault(kpi.label, {})[row["vendor"]] = text
    table = pd.DataFrame.from_dict(cells, orient="index")
    table.index.name = "KPI"
    table.columns.name = None
    return table


def verdict_words(verdict: str, a, b) -> str:
    """A verdict in a table or a title: the better vendor named ("Lisbon better"),
    "no important difference" or "not enough evidence".

    >>> verdict_words("b better", "Lisbon", "Manila"), verdict_words("equivalent", "Lisbon", "Manila")
    ('Manila better', 'no important difference')
    """
    return {"a better": f"{a} better", "b better": f"{b} better", "equivalent": "no important difference"}.get(
        verdict, verdict
    )


def format_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """A readable table of ``compare_all``'s pairs: the two vendors, the KPI's name, the
    p-value before and after Holm's correction and the verdict naming the better vendor."""
    return pd.DataFrame(
        {
            "vendor_a": pairs["a"],
            "vendor_b": pairs["b"],
            "kpi": [KPIS[k].label for k in pairs["kpi"]],
            "p_value": pairs["p_value"],
            "p_holm": pairs["p_holm"],
            "verdict": [verdict_words(v, a, b) for v, a, b in zip(pairs["verdict"], pairs["a"], pairs["b"])],
        }
    )


def format_details(comparison: pd.DataFrame) -> pd.DataFrame:
    """How much evidence each KPI of a ``compare`` result rests on, for a reader: tickets per
    vendor, the minimum important difference in the KPI's unit, the tickets per vendor that
    difference needs, and the interval's method. Returns strings, indexed by the KPI's name."""
    a, b = comparison.attrs.get("a", "a"), comparison.attrs.get("b", "b")
    rows = {}
    for name, row in comparison.iterrows():
        kpi = KPIS[name]
        rows[kpi.label] = {
            f"Tickets, {a}": f"{int(row['n_a']):,}",
            f"Tickets, {b}": f"{int(row['n_b']):,}",
            "min_important_difference": f"{amount(kpi, row['min_important'])} {kpi.diff_unit}",
            "tickets_needed": _needed(row["tickets_needed"]),
            "interval": row["interval"],
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "KPI"
    return table


def format_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """A readable table of ``check_targets``: each need's pilot KPI by name, the vendor, the
    target and the estimate with its 95 % interval in the KPI's unit, and whether it is met."""
    rows = []
    for _, row in targets.iterrows():
        kpi = KPIS[row["kpi"]]
        unit = " %" if kpi.kind == "rate" else f" {kpi.unit}"
        sign = "at least" if row["target_type"] == "min" else "at most"
        low, high = (f"{row[c]:.{kpi.digits}f}" for c in ("ci_low", "ci_high"))
        found = DASH if _missing(row["estimate"]) else f"{row['estimate']:.{kpi.digits}f}{unit} ({low} to {high})"
        rows.append(
            {
                "need_id": row["need_id"],
                "kpi": kpi.label,
                "vendor": row["vendor"],
                "target": f"{sign} {row['target']:g}{unit}",
                "Pilot result (95 % interval)": found,
                "meets": row["meets"],
            }
        )
    return pd.DataFrame(rows, columns=["need_id", "kpi", "vendor", "target", "Pilot result (95 % interval)", "meets"])


def format_comparison(comparison: pd.DataFrame) -> pd.DataFrame:
    """A readable table of a ``compare`` result: KPI, both estimates, the difference with its
    interval (percentage points for rates), p-value, test and verdict (vendor names instead
    of "a"/"b"). Returns strings."""
    a, b = comparison.attrs.get("a", "a"), comparison.attrs.get("b", "b")
    rows = []
    for name, row in comparison.iterrows():
        kpi = KPIS[name]
        if math.isnan(row["diff"]):
            diff = DASH
        else:
            diff = (
                f"{amount(kpi, row['diff'], signed=True)} {kpi.diff_unit} "
                f"({amount(kpi, row['ci_low'], signed=True)} to "
                f"{amount(kpi, row['ci_high'], signed=True)})"
            )
        verdict = verdict_words(row["verdict"], a, b)
        rows.append(
            {
                "KPI": kpi.label,
                str(a): estimate(kpi, row["estimate_a"]),
                str(b): estimate(kpi, row["estimate_b"]),
                f"Difference {a} − {b} (95 % interval)": diff,
                "p-value": DASH if math.isnan(row["p_value"]) else words.p_value(row["p_value"]),
                "test": row["test"],
                "verdict": verdict,
            }
        )
    return pd.DataFrame(rows).set_index("KPI")


# ---------------------------------------------------------------------------------------
# One KPI across vendors (the explorer), trends, routing, the pilot's shape
# ---------------------------------------------------------------------------------------


def pick_two(kpi: KPI) -> str:
    return f"Pick at least two vendors to compare {kpi.short}."


def pair_title(kpi: KPI, verdict: str, a, b) -> str:
    """The finding of one KPI for two vendors in a few words."""
    found = verdict_words(verdict, a, b) if verdict in VERDICTS else "not enough evidence"
    return f"{kpi.label}: {found}"


def one_vendor_title(kpi: KPI) -> str:
    return f"{kpi.label}: one vendor shown"


def omnibus_sentence(kpi: KPI, test: str, vendors: int, p_value: float) -> str:
    """The omnibus test of one KPI across three or more vendors."""
    return f"{kpi.label}: {test} across {vendors} vendors, {words.p_value(p_value, True)} — " + (
        "the vendors differ somewhere; see the pairs below."
        if p_value < ALPHA
        else "no evidence that the vendors differ at all."
    )


def omnibus_title(kpi: KPI, p_value: float) -> str:
    return f"{kpi.label}: " + ("the vendors differ" if p_value < ALPHA else "no evidence that the vendors differ")


def trend_sentence(
    vendor, kpi: KPI, trend: str, first_week: int, first: float, last_week: int, last: float, p_value: float
) -> str:
    """ "Beta, first-contact resolution: improved (week 1 65.0 %, week 4 74.2 %; ...)"."""
    return (
        f"{vendor}, {kpi.short}: {trend} "
        f"(week {first_week} {estimate(kpi, first)}, "
        f"week {last_week} {estimate(kpi, last)}; "
        f"trend test {words.p_value(p_value, True)})"
    )


def trend_headline(trends: pd.DataFrame) -> str:
    """One line for a chart title from ``describe_trends``: who improved, who faded."""
    if trends.empty:
        return "Too few weeks to see a trend"
    first, last = int(trends["first_week"].min()), int(trends["last_week"].max())
    span = f"Weeks {first} to {last}: "
    moved = trends[trends["trend"] != "steady"]
    if moved.empty:
        return span + "no vendor clearly improved or faded"
    parts = []
    for vendor, rows in moved.groupby("vendor", sort=False):
        moves = []
        for trend in ("improved", "faded"):
            names = [KPIS[k].short for k in rows.loc[rows["trend"] == trend, "kpi"]]
            if names:
                moves.append(f"{trend} on {words.names(names)}")
        parts.append(f"{vendor} {' and '.join(moves)}")
    return span + "; ".join(parts)


def balance_sentence(factor: str, balanced: bool | None, p_value: float) -> str:
    """Did the vendors get the same mix of tickets (``balanced`` None: nothing to check)?"""
    if balanced is None:
        return f"{factor.capitalize()}: only one vendor or one {factor}; nothing to check."
    if balanced:
        return (
            f"{factor.capitalize()} mix: the vendors got similar tickets "
            f"(chi-square {words.p_value(p_value, True)}) — consistent with random routing."
        )
    return (
        f"{factor.capitalize()} mix: the vendors got different tickets "
        f"(chi-square {words.p_value(p_value, True)}) — part of any KPI difference may come from "
        f"the ticket mix; compare within each {factor} before deciding."
    )


def describe_pilot(shape, pair: tuple | None = None) -> str:
    """The pilot in words: who was piloted, over how many weeks, with how many tickets, and
    which pair is compared head to head (``shape`` from ``pilot_shape``, ``pair`` from
    ``choose_pair``)."""
    n = len(shape.vendors)
    if n == 0:
        return (
            "No pilot tickets in the data yet: section 1 still plans a pilot; the later "
            "sections say so instead of showing results."
        )
    each = (
        f"{shape.tickets[0]:,} tickets"
        if n == 1
        else f"{min(shape.tickets):,} to {max(shape.tickets):,} tickets each"
        if min(shape.tickets) != max(shape.tickets)
        else f"{shape.tickets[0]:,} tickets each"
    )
    vendors, weeks = words.count(n, "vendor"), words.count(shape.weeks, "week")
    text = f"Piloted: {vendors} ({words.names(shape.vendors)}) over {weeks}, {each}."
    if n == 1:
        return text + (
            " With a single vendor there is nothing to compare: section 2 shows its "
            "KPIs against the targets, and the comparisons are skipped."
        )
    text += " " + words.sentence(f"Head to head: {pair[0]} vs {pair[1]}") if pair else ""
    if n > 2:
        text += f" Section 4 compares all {n} of them ({shape.pairs} pairs)."
    return text


def describe_pairs(shape) -> str:
    """What section 4's tables are for this pilot: a real comparison of three or more vendors,
    the one pair of two, or nothing with fewer."""
    n = len(shape.vendors)
    if n < 2:
        return "With fewer than two piloted vendors there is nothing to compare here."
    if n == 2:
        return (
            "With two piloted vendors there is one pair: the omnibus test is the pair's own "
            "test and Holm's correction changes nothing."
        )
    return (
        f"With {n} piloted vendors there are {shape.pairs} pairs: the tables above are this "
        f"pilot's omnibus tests and its pairs with Holm's correction."
    )
