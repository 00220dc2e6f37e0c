"""Weight sliders for notebook 02: move a criterion's weight, see the ranking re-computed and
redrawn at once.

Thin by design: the ranking comes from ``helpers.scoring.contributions`` (the weighted sum on
the 1-5 scores) and the picture from ``helpers.plots.scoring.draw_ranking``; this module only
lays out widgets and redraws. Widgets are blank in an exported HTML report, so the notebook
always shows the static ranking beside them.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from helpers import words
from helpers.data import InputError
from helpers.display import element, join
from helpers.plots.scoring import RankingPicture, label, ranking_title
from helpers.scoring import contributions

# The picture is rendered at a modest resolution: a slider move must redraw in well under
# 50 ms, and the static chart beside it is the one meant for reading closely.
_DPI = 80


class WeightExplorer(widgets.VBox):
    """Sliders for the criteria weights beside a live ranking chart.

    Takes the 1-5 decision matrix and weights of a ``PartnerRanking`` (``result.matrix``,
    ``result.weights``) and optionally its red flags and knock-outs, drawn as in the static
    chart. Slider values are relative points (they need not add up to 100); the effective
    percentages are shown under the sliders. ``explorer.set_weights(mapping)`` moves the
    sliders from code; ``explorer.ranking`` holds the current contributions (None while every
    weight is 0).
    """

    def __init__(
        self,
        matrix: pd.DataFrame,
        weights,
        red_flags: pd.DataFrame | None = None,
        excluded: pd.DataFrame | None = None,
    ):
        self.matrix = matrix
        self.red_flags = red_flags
        self.excluded = excluded
        start = pd.Series(weights, dtype=float).reindex(matrix.columns)
        self.sliders = {
            criterion: widgets.FloatSlider(
                value=round(100 * float(start[criterion]), 1),
                min=0,
                max=100,
                step=0.5,
                description=label(criterion),
                readout_format=".1f",
                style={"description_width": "190px"},
                layout=widgets.Layout(width="480px"),
                continuous_update=False,
            )
            for criterion in matrix.columns
        }
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.ranking: pd.DataFrame | None = None
        self.picture: RankingPicture | None = None
        self._quiet = False
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        super().__init__([widgets.VBox(list(self.sliders.values())), self.summary, self.image])
        self.update()

    def weights(self) -> dict:
        """The slider values, criterion -> relative weight."""
        return {criterion: slider.value for criterion, slider in self.sliders.items()}

    def set_weights(self, weights) -> None:
        """Move the sliders to ``weights`` (criterion -> relative weight; others unchanged),
        then re-rank and redraw once."""
        self._quiet = True
        try:
            for criterion, value in dict(weights).items():
                self.sliders[criterion].value = float(value)
        finally:
            self._quiet = False
        self.update()

    def _on_change(self, _change) -> None:
        if not self._quiet:
            self.update()

    def update(self) -> None:
        """Re-rank with the slider weights and redraw the chart."""
        try:
            self.ranking = contributions(self.matrix, self.weights())
        except InputError as error:
            self.ranking = None
            self.summary.value = str(join([element("b", "Cannot rank:"), f" {error}"]))
            return
        total = sum(self.weights().values())
        shares = ", ".join(f"{label(c)} {words.percent(v / total)}" for c, v in self.weights().items() if v > 0)
        finding = ranking_title(pd.DataFrame({"score": self.ranking.sum(axis=1)}), self.red_flags)
        lines = join(finding.split("\n"), separator=element("br"))
        self.summary.value = str(
            join(
                [
                    element("b", lines),
                    element("br"),
                    element("small", f"Effective weights: {shares}"),
                ]
            )
        )
        if self.picture is None:
            self.picture = RankingPicture(self.ranking, self.red_flags, self.excluded, dpi=_DPI)
        else:
            self.picture.update(self.ranking)
        self.image.value = self.picture.png()


def weight_explorer(result) -> WeightExplorer:
    """Weight sliders for a ``helpers.scoring.PartnerRanking`` (its matrix, weights, red
    flags and knock-outs). Returns the widget; display it as the last line of a cell."""
    return WeightExplorer(result.matrix, result.weights, result.red_flags, result.excluded)
