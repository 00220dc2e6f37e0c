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

import io
import warnings
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
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
    found.append((f"{request.param}: the weight sliders' ranking", picture.figure))
    return found


def _texts(fig):
    """Every text a reader sees on ``fig``: titles, axis labels, tick labels, notes, legends."""
    texts = list(fig.texts) + ([fig._suptitle] if fig._suptitle else [])
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
    return [label for tick in ticks for label in (tick.label1, tick.label2)
            if label.get_visible() and label.get_text().strip()]


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
        a.width == 0 and a.height == 0 and b.x0 + TOLERANCE < a.x0 < b.x1 - TOLERANCE
        and b.y0 + TOLERANCE < a.y0 < b.y1 - TOLERANCE
    )


def test_every_text_lies_inside_the_figure(charts):
    problems = []
    for name, fig in charts:
        renderer = fig.canvas.get_renderer()
        for text in _texts(fig):
            box = text.get_window_extent(renderer)
            if (box.x0 < -TOLERANCE or box.y0 < -TOLERANCE or box.x1 > fig.bbox.width + TOLERANCE
                    or box.y1 > fig.bbox.height + TOLERANCE):
                problems.append(f"{name}: {text.get_text()[:40]!r} reaches past the edge")
    assert not problems, "\n".join(problems)


def test_every_chart_keeps_a_blank_frame(charts):
    """As tests/test_report.py checks the report's charts: nothing drawn at the canvas' edge."""
    problems = []
    for name, fig in charts:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        pixels = np.asarray(Image.open(buffer).convert("L"))
        frame = np.concatenate([pixels[:2].ravel(), pixels[-2:].ravel(), pixels[:, :2].ravel(), pixels[:, -2:].ravel()])
        if not (frame >= 250).all():
            problems.append(f"{name} is cut off at its edge")
    assert not problems, "\n".join(problems)


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
                    if any(_labels_overlap(a, b, renderer) for b in labels[i + 1:]):
                        problems.append(f"{name}: tick labels on top of each other ({axis.axis_name} axis)")
                        break
    assert not problems, "\n".join(problems)
