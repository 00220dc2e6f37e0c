"""Every chart the notebooks draw holds any project: nothing cut off, no legend over the data,
no tick labels on top of each other.

The code cells of notebooks 01-05 run here in one process, as they are written (the
interactive cells left out), on the worked example and on the crowded project of
``tests/stress.py`` (12 vendors, 60-character and non-Latin names, two-line criterion names);
each ``plt.show()`` hands over the charts drawn. Each chart is then drawn and measured the way a
reader sees it: the extent of every text on the canvas, of every legend, of the bars, lines and
points of every axes.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from PIL import Image

from helpers.data import load_project
from helpers.plots.scoring import RankingPicture
from helpers.scoring import rank_partners
from tests.conftest import ROOT, SAMPLE
from tests.stress import stress_project

matplotlib.use("Agg")

NOTEBOOKS = sorted((ROOT / "notebooks").glob("0[1-5]_*.ipynb"))
TOLERANCE = 1.0  # pixels: rounding of extents


def notebook_charts(notebook: Path, data_dir: Path) -> list[tuple[str, object]]:
    """Run ``notebook``'s code cells on ``data_dir``; the charts each ``plt.show()`` shows,
    named by notebook and cell."""
    import matplotlib.pyplot as plt

    charts: list[tuple[str, object]] = []
    where = {"cell": 0}

    def show(*args, **kwargs):
        for number in plt.get_fignums():
            charts.append((f"{notebook.stem} cell {where['cell']}", plt.figure(number)))
        plt.close("all")

    namespace: dict = {}
    plt.close("all")  # only the notebook's own charts
    original = plt.show
    plt.show = show
    try:
        cells = nbformat.read(notebook, as_version=4).cells
        for where["cell"], cell in enumerate(cells):
            tags = cell.metadata.get("tags", [])
            if cell.cell_type != "code" or "interactive" in tags:
                continue
            if "parameters" in tags:
                exec(cell.source, namespace)
                namespace["data_dir"] = str(data_dir)
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(cell.source, f"{notebook.name} cell {where['cell']}", "exec"), namespace)
    finally:
        plt.show = original
        plt.close("all")
    return charts


@pytest.fixture(scope="module", params=["sample", "stress"])
def charts(request, tmp_path_factory):
    data_dir = SAMPLE if request.param == "sample" else stress_project(tmp_path_factory.mktemp("stress") / "p")
    found = []
    for notebook in NOTEBOOKS:
        for name, fig in notebook_charts(notebook, data_dir):
            FigureCanvasAgg(fig)  # pyplot let go of it: draw it on a canvas of its own
            fig.canvas.draw()
            found.append((f"{request.param}: {name}", fig))
    assert len(found) >= 15
    # the weight sliders' picture (an interactive cell of notebook 02), as the widget draws it
    result = rank_partners(load_project(data_dir))
    picture = RankingPicture(result.contributions, result.red_flags, result.excluded, dpi=80)
    picture.figure.canvas.draw()
    found.append((f"{request.param}: the weight sliders' ranking", picture.figure))
    return found  # each drawn once: the tests measure and look at that drawing


def _texts(fig):
    """Every text a reader sees on ``fig``: titles, axis labels, tick labels, notes, legends."""
    texts = list(fig.texts)  # the figure's title (suptitle) is one of them
    legends = list(fig.legends)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        texts += [ax.title, ax._left_title, ax._right_title] + list(ax.texts)
        if ax.axison:  # an axes drawn without its axes (a panel of notes) has no ticks to show
            texts += [ax.xaxis.label, ax.yaxis.label] + _drawn_tick_labels(ax.xaxis) + _drawn_tick_labels(ax.yaxis)
        if ax.get_legend():
            legends.append(ax.get_legend())
    for legend in legends:
        texts += list(legend.get_texts()) + [legend.get_title()]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def _drawn_tick_labels(axis):
    """The tick labels ``axis`` draws (its ticks inside the view)."""
    ticks = axis._update_ticks()
    return [
        label
        for tick in ticks
        for label in (tick.label1, tick.label2)
        if label.get_visible() and label.get_text().strip()
    ]


def _labels_overlap(a, b, renderer) -> bool:
    """Whether tick labels ``a`` and ``b`` of one axis cover each other. Labels turned by the
    same angle are parallel strips: they overlap when their anchors are closer, across the
    text, than the taller text is high."""
    angle = np.radians(a.get_rotation())
    if abs(np.sin(angle)) < 1e-6:
        return _overlap(a.get_window_extent(renderer), b.get_window_extent(renderer))
    across = np.array([-np.sin(angle), np.cos(angle)])
    ax_, ay = a.get_transform().transform(a.get_position())
    bx, by = b.get_transform().transform(b.get_position())
    height = max(t.get_fontsize() * (t.get_text().count("\n") + 1) * t.figure.dpi / 72 for t in (a, b))
    return abs(np.dot(across, [bx - ax_, by - ay])) + TOLERANCE < height


def _data_boxes(ax, renderer):
    """Extents of what ``ax`` shows as data: bars and patches, points, images; lines as
    points along them."""
    from matplotlib.transforms import Bbox

    boxes = [p.get_window_extent(renderer) for p in ax.patches if p.get_visible()]
    boxes += [c.get_window_extent(renderer) for c in ax.collections if c.get_visible()]
    boxes += [i.get_window_extent(renderer) for i in ax.images if i.get_visible()]
    for line in ax.lines:
        if not line.get_visible():
            continue
        points = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        points = points[np.isfinite(points).all(axis=1)]
        for start, end in zip(points[:-1], points[1:]):
            for share in np.linspace(0, 1, 12):
                x, y = start + share * (end - start)
                boxes.append(Bbox([[x, y], [x, y]]))
        boxes += [Bbox([p, p]) for p in points[-1:]]
    return [b for b in boxes if np.isfinite(b.get_points()).all()]


def _overlap(a, b) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > TOLERANCE and min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE) or (
        a.width == 0
        and a.height == 0
        and b.x0 + TOLERANCE < a.x0 < b.x1 - TOLERANCE
        and b.y0 + TOLERANCE < a.y0 < b.y1 - TOLERANCE
    )


def test_every_text_lies_inside_the_figure(charts):
    problems = []
    for name, fig in charts:
        renderer = fig.canvas.get_renderer()
        for text in _texts(fig):
            box = text.get_window_extent(renderer)
            if (
                box.x0 < -TOLERANCE
                or box.y0 < -TOLERANCE
                or box.x1 > fig.bbox.width + TOLERANCE
                or box.y1 > fig.bbox.height + TOLERANCE
            ):
                problems.append(f"{name}: {text.get_text()[:40]!r} reaches past the edge")
    assert not problems, "\n".join(problems)


def test_every_chart_keeps_a_blank_frame(charts):
    """As tests/test_report.py checks the report's charts: nothing drawn at the canvas' edge."""
    problems = []
    for name, fig in charts:
        pixels = np.asarray(Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("L"))
        frame = np.concatenate([pixels[:2].ravel(), pixels[-2:].ravel(), pixels[:, :2].ravel(), pixels[:, -2:].ravel()])
        if not (frame >= 250).all():
            problems.append(f"{name} is cut off at its edge")
    assert not problems, "\n".join(problems)


def test_log_axes_show_numbers(charts):
    """Log and symlog ticks read as numbers, never as mathtext the style does not draw
    (tests/test_machine_independence.py checks the formatter on its own)."""
    logs = [
        (name, [t.get_text() for t in _drawn_tick_labels(axis)])
        for name, fig in charts
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        if axis.get_scale() in ("log", "symlog")
    ]
    assert logs, "the notebooks draw log axes (notebook 03's durations, the reply times)"
    for name, labels in logs:
        assert any(label.strip() for label in labels), f"{name}: a log axis without tick labels"
        assert not [label for label in labels if "$" in label or "mathdefault" in label], (name, labels)


def test_no_legend_lies_over_the_data(charts):
    problems = []
    for name, fig in charts:
        renderer = fig.canvas.get_renderer()
        legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
        for legend in legends:
            box = legend.get_window_extent(renderer)
            for ax in fig.axes:
                if any(_overlap(data, box) or _overlap(box, data) for data in _data_boxes(ax, renderer)):
                    problems.append(f"{name}: the legend lies over the data of {ax.get_title()[:30]!r}")
                    break
    assert not problems, "\n".join(problems)


def test_tick_labels_do_not_overlap(charts):
    problems = []
    for name, fig in charts:
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            if not ax.axison:
                continue
            for axis in (ax.xaxis, ax.yaxis):
                labels = _drawn_tick_labels(axis)
                for i, a in enumerate(labels):
                    if any(_labels_overlap(a, b, renderer) for b in labels[i + 1 :]):
                        problems.append(f"{name}: tick labels on top of each other ({axis.axis_name} axis)")
                        break
    assert not problems, "\n".join(problems)


def test_no_two_texts_cover_each_other(charts):
    """Notes, titles and labels of one chart never lie on top of each other: a tipping point's
    note over a criterion's name, a panel's title over its neighbour's, the two sides of the
    head-to-head over each other. (Tick labels of one axis: the test above.)"""
    problems = []
    for name, fig in charts:
        renderer = fig.canvas.get_renderer()
        texts = [t for t in _texts(fig) if t.get_rotation() == 0]
        # the letters only: an annotation's extent also has its arrow, which may pass by a label
        boxes = [Text.get_window_extent(t, renderer) for t in texts]
        axis_of = _tick_label_axes(fig)
        for i, (a, box_a) in enumerate(zip(texts, boxes)):
            for b, box_b in zip(texts[i + 1 :], boxes[i + 1 :]):
                if id(a) in axis_of and axis_of[id(a)] == axis_of.get(id(b)):
                    continue  # tick labels of one axis: test_tick_labels_do_not_overlap checks those
                if _texts_overlap(box_a, box_b):
                    problems.append(f"{name}: {a.get_text()[:30]!r} and {b.get_text()[:30]!r} cover each other")
    assert not problems, "\n".join(problems)


def _texts_overlap(a, b) -> bool:
    """Whether text extents ``a`` and ``b`` overlap more than the blank line spacing above and
    below the letters (a fifth of the lower text's height): closely stacked labels touch there
    without covering a letter."""
    across = min(a.x1, b.x1) - max(a.x0, b.x0)
    up = min(a.y1, b.y1) - max(a.y0, b.y0)
    return across > TOLERANCE and up > max(TOLERANCE, 0.2 * min(a.height, b.height))


def _tick_label_axes(fig) -> dict[int, int]:
    """id of every tick label of ``fig`` -> id of its axis (worked out once per figure: asking
    each pair of texts walked every tick of every axis, and took most of this test's time)."""
    return {
        id(label): id(axis)
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        for tick in axis.get_major_ticks() + axis.get_minor_ticks()
        for label in (tick.label1, tick.label2)
    }


def test_tipping_point_notes_stay_inside_the_chart(charts):
    """Each tipping point's note (who takes the lead there) lies inside the axes, clear of the
    criterion names left of it, shortened (ending in "…") only if wider than the axes."""
    problems = []
    found = 0
    for name, fig in charts:
        if "tipping point" not in fig.get_suptitle():
            continue
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        room = ax.get_window_extent(renderer)
        for text in ax.texts:
            found += 1
            box = text.get_window_extent(renderer)
            if box.x0 < room.x0 - TOLERANCE or box.x1 > room.x1 + TOLERANCE:
                problems.append(f"{name}: {text.get_text()[:40]!r} reaches out of the axes")
            if text.get_text().endswith("…"):
                problems.append(f"{name}: {text.get_text()[:40]!r} is shortened")
    assert found, "no tipping-point chart with notes"
    assert not problems, "\n".join(problems)


def _vendor_legend_colours(fig, vendors) -> dict:
    """Colour of each legend entry of ``fig`` that names one of ``vendors``."""
    from matplotlib.colors import to_hex

    from helpers.plots import fit_label

    shown = {fit_label(str(v)): v for v in vendors}
    colours = {}
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    for legend in legends:
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            if text.get_text() in shown:
                if hasattr(handle, "get_color") and not hasattr(handle, "get_facecolor"):
                    colour = handle.get_color()  # a line
                else:
                    colour = handle.get_facecolor()  # a patch or a collection: its first
                    colour = colour[0] if np.ndim(colour) == 2 and len(colour) else colour
                    if not len(colour):
                        continue
                colours[shown[text.get_text()]] = to_hex(colour)
    return colours


def test_vendors_of_one_chart_never_share_a_colour(charts):
    """12 vendors in one chart: 12 colours (the palette once repeated past 8 vendors)."""
    from tests.stress import ADDED, RENAMED

    vendors = list(RENAMED.values()) + [name for name, *_ in ADDED] + list(RENAMED)
    problems = []
    for name, fig in charts:
        colours = _vendor_legend_colours(fig, vendors)
        if len(set(colours.values())) < len(colours):
            problems.append(f"{name}: {len(colours)} vendors in {len(set(colours.values()))} colours")
    assert not problems, "\n".join(problems)
    if any(name.startswith("stress: 04") for name, _ in charts):
        assert any(len(_vendor_legend_colours(fig, vendors)) == 12 for _, fig in charts)


def test_a_vendor_keeps_its_colour_from_chart_to_chart(charts):
    """Within one project's charts a vendor has one colour, whichever chart it is in."""
    from tests.stress import ADDED, RENAMED

    vendors = list(RENAMED.values()) + [name for name, *_ in ADDED] + list(RENAMED)
    seen: dict = {}
    problems = []
    for name, fig in charts:
        for vendor, colour in _vendor_legend_colours(fig, vendors).items():
            first = seen.setdefault(vendor, (colour, name))
            if first[0] != colour:
                problems.append(f"{vendor[:30]!r}: {first[0]} in {first[1]}, {colour} in {name}")
    assert not problems, "\n".join(problems)


def test_the_vendor_palette_tells_twelve_vendors_apart():
    """The first 12 vendor colours differ by at least 13 (CIELAB delta E 1976) seen with normal
    vision and with simulated deuteranopia and protanopia (Machado et al. 2009, severity 1),
    and each stands out against white (contrast 2:1 or more); all 16 are different."""
    from itertools import combinations

    from matplotlib.colors import to_rgb

    from helpers.plots import VENDOR_PALETTE

    def linear(c):
        c = np.asarray(c, dtype=float)
        return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)

    def lab(lin):
        lin = np.clip(lin, 0, 1)
        xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
        f = np.cbrt(np.maximum(xyz / [0.95047, 1.0, 1.08883], 0.008856))
        return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])

    seen_as = {
        "normal": np.eye(3),
        "deuteranopia": np.array(
            [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
        ),
        "protanopia": np.array(
            [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
        ),
    }
    assert len(set(VENDOR_PALETTE)) == len(VENDOR_PALETTE) >= 16
    first = [linear(to_rgb(c)) for c in VENDOR_PALETTE[:12]]
    for vision, matrix in seen_as.items():
        closest = min(np.linalg.norm(lab(matrix @ a) - lab(matrix @ b)) for a, b in combinations(first, 2))
        assert closest >= 13, f"{vision}: two of the first 12 vendor colours are only {closest:.1f} apart"
    for colour, lin in zip(VENDOR_PALETTE[:12], first):
        assert 1.05 / (0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] + 0.05) >= 2, colour


def test_vendor_colours_follow_the_project_order_when_given():
    """Sorted by name without an order; with the project's order (``use_vendor_order``) a
    vendor keeps its colour in a chart of only some vendors (the pilot's)."""
    from helpers.plots import VENDOR_PALETTE, use_vendor_order, vendor_colours

    try:
        use_vendor_order([])
        assert vendor_colours(["b", "a"]) == {"a": VENDOR_PALETTE[0], "b": VENDOR_PALETTE[1]}
        everyone = [f"vendor {k}" for k in range(14)]
        use_vendor_order(everyone)
        whole = vendor_colours(everyone)
        assert len(set(whole.values())) == 14
        some = vendor_colours(["vendor 9", "vendor 3"])
        assert some == {"vendor 9": whole["vendor 9"], "vendor 3": whole["vendor 3"]}
        # a vendor the order does not know: the chart's own names, sorted
        assert vendor_colours(["vendor 3", "someone else"]) == {
            "someone else": VENDOR_PALETTE[0],
            "vendor 3": VENDOR_PALETTE[1],
        }
    finally:
        use_vendor_order([])


def test_text_on_a_coloured_bar_is_legible():
    """Hours written on the day chart's bars contrast with the bar (WCAG 4.5:1), whichever of
    the 16 vendor colours it has (white on yellow or sky blue was all but invisible)."""
    from matplotlib.colors import to_rgb

    from helpers.plots import VENDOR_PALETTE, ink_on
    from helpers.plots.timezones import ANCHOR_COLOUR

    def luminance(rgb):
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for colour in VENDOR_PALETTE + [ANCHOR_COLOUR]:
        bar = luminance([0.85 * c + 0.15 for c in to_rgb(colour)])
        ink = luminance(to_rgb(ink_on(colour, 0.85)))
        ratio = (max(bar, ink) + 0.05) / (min(bar, ink) + 0.05)
        assert ratio >= 4.5, f"{ink_on(colour, 0.85)} on {colour}: contrast {ratio:.1f}"


def test_the_tornado_keeps_every_weight_range(tmp_path):
    """A long criterion name is shortened, never the weight range tried after it."""
    from helpers.plots.scoring import tornado_chart
    from helpers.sensitivity import weight_swing

    result = rank_partners(load_project(stress_project(tmp_path / "p")))
    fig = tornado_chart(weight_swing(result.matrix, result.weights, normalize=result.normalize))
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    labels = [label.get_text() for label in fig.axes[0].get_yticklabels()]
    assert labels and all(text.endswith(" %)") for text in labels), labels
