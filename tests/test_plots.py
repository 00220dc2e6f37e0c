"""The shared chart machinery: titles that fit, and charts that Jupyter shows uncropped."""

from __future__ import annotations

import base64
import io
import re
import warnings

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from helpers.plots import Chart, finding_title, new_figure, wrap_title

LONG = (
    "Weeks 2 to 4: Lisbon CX Partners improved on SLA attainment and faded on CSAT top-2-box "
    "and handle time, while Manila Support Co held steady on every KPI it was measured on"
)


def title_text(fig) -> Text:
    """The drawn title of ``fig`` (the text that ``get_suptitle()`` reads)."""
    [title] = [text for text in fig.texts if text.get_text() == fig.get_suptitle()]
    return title


@pytest.mark.parametrize("width", [4, 8, 12])
def test_a_finding_title_fits_the_figure_width(width):
    fig, ax = new_figure(figsize=(width, 3))
    finding_title(fig, LONG)
    fig.canvas.draw()
    extent = title_text(fig).get_window_extent()
    assert extent.x0 >= 0 and extent.x1 <= fig.bbox.width
    assert fig.get_suptitle().replace("\n", " ") == LONG  # no word lost or cut


def test_wrap_title_keeps_given_line_breaks_and_short_titles():
    fig = Figure(figsize=(8, 3))
    assert wrap_title("Short title", fig) == "Short title"
    assert wrap_title("first line\nsecond line", fig) == "first line\nsecond line"
    full, half = wrap_title(LONG, fig).count("\n"), wrap_title(LONG, fig, room=0.5).count("\n")
    assert 1 <= full < half


def test_a_dollar_in_user_text_is_a_dollar():
    """Vendor and site names are drawn as they are: no '$' pair turns them into mathematics."""
    fig, ax = new_figure()
    finding_title(fig, "Cheap $$ Co costs least")
    ax.barh([0, 1], [3, 4], tick_label=["Price $5$ Ltd", "Plain Co"])
    fig.canvas.draw()
    texts = [t for t in fig.findobj(Text) if "$" in t.get_text()]
    assert len(texts) >= 2  # the title and the tick label
    assert not any(t._preprocess_math(t.get_text())[1] for t in texts)  # (text, is_math)


@pytest.fixture
def shell():
    """An IPython shell showing figures as PNG, as Jupyter's inline backend sets it up."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.pylabtools import select_figure_formats

    shell = InteractiveShell.instance()
    select_figure_formats(shell, {"png"}, bbox_inches="tight")
    yield shell
    InteractiveShell.clear_instance()


def _png_size(shell, fig) -> tuple[int, int]:
    data, _ = shell.display_formatter.format(fig, include=["image/png"])
    return Image.open(io.BytesIO(base64.b64decode(data["image/png"]))).size


def test_jupyter_shows_a_chart_uncropped_and_other_figures_as_usual(shell):
    fig, ax = new_figure(figsize=(6, 3))
    assert isinstance(fig, Chart)
    ax.plot([1, 2, 3])
    assert _png_size(shell, fig) == (600, 300)  # the whole canvas: drawn once, not cropped

    other = Figure(figsize=(6, 3))
    other.add_subplot().plot([1, 2, 3])
    assert _png_size(shell, other) != (600, 300)  # the user's own figures keep the crop


HUGE_NAME = ("Lisbon CX Partners " * 300)[:5000]


@pytest.mark.parametrize("name", [HUGE_NAME, "L" * 5000], ids=["words", "one word"])
def test_a_title_with_a_5000_character_name_stays_inside_the_figure(name):
    from helpers.plots import MAX_TITLE_LINES

    fig, ax = new_figure()
    finding_title(fig, f"{name} ranks first with 4.12 of 5")
    fig.canvas.draw()
    title = title_text(fig)
    extent = title.get_window_extent()
    assert extent.x0 >= 0 and extent.x1 <= fig.bbox.width
    lines = title.get_text().split("\n")
    assert len(lines) == MAX_TITLE_LINES and lines[-1].endswith("…")  # cut, and says so
    assert "".join(title.get_text().split()).startswith("".join(name[:300].split()))  # nothing lost before the cut


def test_a_5000_character_name_is_shortened_in_ticks_and_legends():
    from helpers.plots import LABEL_CHARACTERS

    fig, ax = new_figure()
    ax.barh([0, 1], [3, 4], label=HUGE_NAME)
    ax.set_yticks([0, 1], [HUGE_NAME, "Plain Co"])
    ax.legend()
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1] == "Plain Co"
    assert labels[0].replace("\n", " ") == HUGE_NAME[: LABEL_CHARACTERS - 1].rstrip() + "…"  # in two lines
    assert ax.get_legend().get_texts()[0].get_text() == labels[0]
    assert ax.get_position().width > 0.3  # the bars keep their room; the layout did not collapse


def test_other_texts_with_a_5000_character_name_are_cut_to_the_figure():
    fig, ax = new_figure()
    ax.barh([0, 1], [3, 4])
    title = ax.set_title(f"Share of answers: {HUGE_NAME}")
    note = ax.text(2, 0, f"16 %: {HUGE_NAME}")
    label = ax.set_xlabel("weight of the criterion (%, the other weights keep their proportions)")
    fig.canvas.draw()
    for text in (title, note):
        box = text.get_window_extent()
        assert box.x0 >= 0 and box.x1 <= fig.bbox.width and text.get_text().endswith("…")
    assert label.get_text() == "weight of the criterion (%, the other weights keep their proportions)"


def test_characters_no_installed_font_has_are_reported_once_in_words():
    """A Japanese or Hindi name: the chart draws, in a fallback font when one is installed, else
    with boxes and one warning naming the characters (not one of matplotlib's per character)."""
    import matplotlib
    from matplotlib import font_manager

    from helpers.plots import MissingGlyphs

    fig, ax = new_figure()
    finding_title(fig, "東京サポート ranks first")
    ax.barh([0, 1], [3, 4], tick_label=["東京サポート株式会社", "पुणे सेवा"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    assert not [w for w in caught if "Glyph" in str(w.message)]
    ours = [str(w.message) for w in caught if issubclass(w.category, MissingGlyphs)]
    families = matplotlib.rcParams["font.family"]
    probes = "東京पस"  # two Japanese and two Devanagari letters: a machine may have fonts for either
    drawable = {
        c
        for c in probes
        if any(ord(c) in font_manager.get_font(font_manager.findfont(name)).get_charmap() for name in families)
    }
    if drawable == set(probes):
        assert not ours
    else:  # one warning, naming letters no installed font has, and none that one has
        assert len(ours) == 1
        named = {c for c in probes if c in ours[0]}
        assert named and named <= set(probes) - drawable


# ---------------------------------------------------------------------------------------------
# What the tornado chart's title states, checked by moving each weight by hand
# ---------------------------------------------------------------------------------------------


def _leader_with_one_weight_at(matrix, weights, criterion, new_weight):
    """The leader when ``criterion`` weighs ``new_weight`` and the others keep their proportions."""
    from helpers.scoring import weighted_sum

    others = weights.drop(criterion)
    moved = others * (1 - new_weight) / others.sum()
    moved[criterion] = new_weight
    return weighted_sum(matrix, moved[weights.index])["rank"].idxmin()


@pytest.mark.parametrize("swing", [0.05, 0.3, 0.5])
def test_the_tornado_title_names_the_weights_that_take_the_lead(swing):
    import matplotlib.pyplot as plt
    import pandas as pd

    from helpers.plots.scoring import label, swing_takes_lead, swing_tried, tornado_chart, tornado_title
    from helpers.sensitivity import weight_swing

    matrix = pd.DataFrame(
        {"quality": [5, 1, 2], "price_level": [1, 5, 2], "reach": [3, 3, 1], "tools": [3, 3, 1]},
        index=["Alpha Co", "Beta Co", "Gamma Co"],
    )
    weights = pd.Series({"quality": 0.35, "price_level": 0.30, "reach": 0.20, "tools": 0.15})
    result = weight_swing(matrix, weights, swing=swing)
    # By hand: the criteria whose weight, times 1 - swing or 1 + swing, gives another leader.
    taking = {
        c
        for c in weights.index
        for factor in (1 - swing, 1 + swing)
        if _leader_with_one_weight_at(matrix, weights, c, weights[c] * factor) != "Alpha Co"
    }
    assert set(swing_takes_lead(result)) == taking
    assert swing_tried(result) == pytest.approx(swing)
    fig = tornado_chart(result)
    title = " ".join(fig.get_suptitle().split())
    plt.close(fig)
    assert title == " ".join(tornado_title(result).split()) and "Alpha Co" in title
    # the title names exactly the criteria that take the lead, as a reader sees their names
    named = {c for c in weights.index if re.search(rf"\b{re.escape(label(c))}\b", title)}
    assert named == taking
    assert (swing == 0.05) == (not taking)  # the cases cover both sentences: 0.3 takes it, 0.05 not


def test_the_tornado_title_says_what_it_tried_when_a_weight_is_capped():
    import pandas as pd

    from helpers.plots.scoring import swing_tried, tornado_title
    from helpers.sensitivity import weight_swing

    matrix = pd.DataFrame({"a": [5, 1], "b": [1, 5], "c": [2, 3]}, index=["X", "Y"])
    result = weight_swing(matrix, {"a": 0.8, "b": 0.1, "c": 0.1}, swing=0.5)  # 0.8 * 1.5 caps at 1
    assert result.loc["a", "weight_high"] == 1
    assert swing_tried(result) == pytest.approx(0.5)  # the median: the capped weight does not count
    assert "±50 %" in tornado_title(result)


# ---- the value-for-money chart: its title states the finding, whatever the table's shape --------
def _value_table(rows, out=()):
    """A ``helpers.scoring.value_for_money`` table: rows of (vendor, benefit, yearly cost,
    on_frontier, dominated_by), then knocked-out vendors."""
    import pandas as pd

    from helpers.scoring import VALUE_COLUMNS

    records = [(v, b, c, "EUR", f, d, True) for v, b, c, f, d in rows]
    records += [(v, float("nan"), 1000.0, "EUR", False, None, False) for v in out]
    table = pd.DataFrame(records, columns=["vendor", *VALUE_COLUMNS]).set_index("vendor")
    table["dominated_by"] = table["dominated_by"].astype(object).where(table["dominated_by"].notna(), None)
    return table


@pytest.mark.parametrize(
    "rows, out, title",
    [
        (  # the brief's example: two on the frontier, one beaten on both counts
            [
                ("BudgetDesk Global", 3.2, 250_000, True, None),
                ("Lisbon CX Partners", 4.1, 410_000, True, None),
                ("Northgate Contact Centre", 3.9, 580_000, False, "Lisbon CX Partners"),
            ],
            (),
            "BudgetDesk Global and Lisbon CX Partners offer the best value; "
            "Northgate Contact Centre costs more for less",
        ),
        (  # every higher score costs more
            [("A", 3.0, 100, True, None), ("B", 3.5, 200, True, None), ("C", 4.0, 300, True, None)],
            ("Out Co",),
            "No vendor is beaten on both cost and score: A costs least, C scores highest, "
            "and a higher score costs more",
        ),
        (  # one vendor beats everyone; the others are beaten on one count and matched on the other
            [("A", 4.0, 100, True, None), ("B", 3.0, 100, False, "A"), ("C", 4.0, 150, False, "A")],
            (),
            "A offers the best value; for B and C, another vendor scores at least as high for no more money",
        ),
        (
            [("A", 4.0, 100, True, None), ("B", 4.0, 150, False, "A")],
            (),
            "A offers the best value; B costs more for no higher score",
        ),
        (
            [("A", 4.0, 100, True, None), ("B", 3.0, 100, False, "A")],
            (),
            "A offers the best value; B scores lower for no less money",
        ),
        (
            [("A", 4.0, 100, True, None)] + [(f"B{k}", 3.0, 200, False, "A") for k in range(5)],
            (),
            "A offers the best value; B0, B1 and 3 more cost more for less",
        ),
        ([("A", 4.0, 100, True, None), ("B", 4.0, 100, True, None)], (), "A and B cost the same and score the same"),
        ([("Solo Ltd", 3.456, 48_400, True, None)], ("Out Co",), "Solo Ltd is the only vendor left: 3.46 of 5"),
        ([], ("Out Co", "Gone Inc"), "Nobody is left to weigh value for money: every vendor fails a must-have"),
        ([("A", float("nan"), 100, False, None)], (), "Only the cost criteria carry weight"),
    ],
)
def test_the_value_chart_states_its_finding(rows, out, title):
    from matplotlib.lines import Line2D

    from helpers.plots.scoring import value_for_money_chart
    from helpers.words import money

    table = _value_table(rows, out)
    fig = value_for_money_chart(table)
    shown = fig.get_suptitle().replace("\n", " ")
    assert shown.startswith(title), shown
    if len(rows) == 1 and rows[0][1] == rows[0][1]:
        assert money(48_400, "EUR", short=True) in shown  # "EUR 48k": the amount as words.money writes it
    if not len(rows) or rows[0][1] != rows[0][1]:
        assert not fig.axes[0].axison  # nothing to draw: the title says why
        return
    fig.canvas.draw()
    ax = fig.axes[0]
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    hollow = [line for line in markers if line.get_markerfacecolor() in ("white", "w", (1.0, 1.0, 1.0, 1.0))]
    assert len(markers) == len(rows) and len(hollow) == sum(not r[3] for r in rows)
    dotted = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert len(dotted) == sum(not r[3] for r in rows)  # one line from each beaten vendor to who beats it
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert all(vendor in legend for vendor, *_ in rows)
    assert (fig.legends[0].get_title().get_text() == "") == (not out)
    assert all(isinstance(h, Line2D) for h in fig.legends[0].legend_handles)


def test_money_ticks_are_short_unless_two_would_read_the_same():
    from helpers.plots.scoring import MoneyTicks

    assert MoneyTicks().format_ticks([100_000, 200_000, 1_500_000]) == ["100k", "200k", "1.50m"]
    assert MoneyTicks().format_ticks([100_000, 100_400, 100_800]) == ["100,000", "100,400", "100,800"]
