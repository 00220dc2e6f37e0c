"""The needs editor for notebook 01: change priorities and weights, see the knock-outs and
weights update at once, and save the result as a NEW needs file.

Thin by design: every number shown comes from ``helpers.needs`` (``edit_needs``,
``needs_overview``, ``save_needs``); this module only lays out widgets and redraws.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from helpers.display import element, join
from helpers.needs import (
    PRIORITIES,
    edit_needs,
    must_haves_for_non_musts,
    needs_overview,
    save_needs,
)


def _weight_text(value) -> str:
    return "" if pd.isna(value) else f"{float(value):g}"


class NeedsEditor(widgets.VBox):
    """An editor for the needs table.

    One row per need: its id and text, a priority drop-down and a weight box (percent of the
    should/could needs; leave it blank for the suggested weight). Below: the knock-out tests,
    the vendors they would knock out, the need and criteria weights, and the checklist
    findings, recomputed on every change. "Save as new file" writes the edited table with
    ``helpers.needs.save_needs`` to the path typed beside it and never overwrites a file.

    ``editor.edited_needs()`` returns the edited table (the input is never changed);
    ``editor.overview`` holds the last computed ``needs_overview`` (None after an error).
    """

    def __init__(
        self,
        needs: pd.DataFrame,
        criteria: pd.DataFrame,
        must_haves: pd.DataFrame | None = None,
        vendors: Iterable[str] | None = None,
    ):
        self._needs = needs.reset_index(drop=True)
        self._criteria = criteria
        self._must_haves = must_haves
        self._vendors = None if vendors is None else [str(v) for v in vendors]
        self.overview: dict[str, pd.DataFrame] | None = None

        self.priority: dict[str, widgets.Dropdown] = {}
        self.weight: dict[str, widgets.Text] = {}
        heading = join([element("b", "need"), "\u00a0 (priority, and weight in % for should/could; blank = suggested)"])
        rows = [widgets.HTML(str(heading))]
        for need_id, need, priority, weight in zip(
            self._needs["need_id"].astype(str),
            self._needs["need"].astype(str),
            self._needs["priority"].astype(str).str.lower(),
            self._needs["weight"] if "weight" in self._needs else [None] * len(self._needs),
        ):
            dropdown = widgets.Dropdown(
                options=list(PRIORITIES),
                value=priority if priority in PRIORITIES else None,
                layout=widgets.Layout(width="95px"),
            )
            box = widgets.Text(value=_weight_text(weight), placeholder="suggested", layout=widgets.Layout(width="90px"))
            dropdown.observe(self.refresh, names="value")
            box.observe(self.refresh, names="value")
            self.priority[need_id] = dropdown
            self.weight[need_id] = box
            # Label renders plain text: a need written as HTML is shown, never run.
            label = widgets.Label(f"{need_id}  {need}", layout=widgets.Layout(width="560px"))
            rows.append(widgets.HBox([label, dropdown, box]))

        self.path = widgets.Text(
            placeholder="new file, e.g. ../my_project/needs_v2.csv",
            description="Save to",
            layout=widgets.Layout(width="480px"),
        )
        self.save_button = widgets.Button(description="Save as new file", icon="save")
        self.save_button.on_click(self._on_save)
        self.status = widgets.HTML()
        self.results = widgets.Output()
        super().__init__(
            [
                widgets.VBox(rows),
                widgets.HBox([self.path, self.save_button]),
                self.status,
                self.results,
            ]
        )
        self.refresh()

    def edited_needs(self) -> pd.DataFrame:
        """The needs table with the priorities and weights currently set in the editor.
        Raises InputError for a weight that is not a number >= 0."""
        return edit_needs(
            self._needs,
            priorities={k: w.value for k, w in self.priority.items() if w.value is not None},
            weights={k: w.value for k, w in self.weight.items()},
        )

    def refresh(self, *_) -> None:
        """Recompute everything from the current settings and redraw the results."""
        self.results.clear_output(wait=True)
        with self.results:
            try:
                self.overview = needs_overview(self.edited_needs(), self._criteria, self._must_haves, self._vendors)
            except ValueError as problem:
                self.overview = None
                print(f"Cannot compute the weights yet: {problem}")
                return
            view = self.overview
            print(f"Knock-out tests (must-haves): {len(view['knock_out_tests'])}")
            display(view["knock_out_tests"])
            if self._must_haves is not None:
                failed = view["knockouts"]
                names = list(pd.unique(failed["vendor"]))
                print("Vendors these would knock out: " + (", ".join(names) or "none"))
                if len(failed):
                    display(failed)
            print("Weighted needs (should/could), weight in % of all weighted needs:")
            display(view["need_weights"].round({"weight_pct": 1}))
            print("Criteria weights for the partner score (0-1):")
            display(view["criteria_weights"][["source", "from_needs", "typed", "suggested"]].round(3))
            findings = view["findings"]
            problems = findings[findings["severity"] != "info"]
            print(f"Checklist findings: {len(problems)} to look at")
            if len(problems):
                display(problems)

    def save(self, path: str | Path) -> Path:
        """Write the edited needs to a NEW file at ``path`` (see ``save_needs``)."""
        return save_needs(self.edited_needs(), path)

    def _on_save(self, _button) -> None:
        target = self.path.value.strip()
        if not target:
            self._say("Type the path of a new file first (ending in .csv).", ok=False)
            return
        try:
            written = self.save(target)
        except (ValueError, OSError) as problem:
            self._say(f"Not saved: {problem}", ok=False)
            return
        message = f"Saved {len(self._needs)} needs to {written}."
        if self._must_haves is not None:
            stale = must_haves_for_non_musts(self.edited_needs(), self._must_haves)
            if stale:
                message += (
                    f" Note: must_haves lists {', '.join(stale)}, which are no longer "
                    "musts; remove those rows when you use this file in a project."
                )
        self._say(message, ok=True)

    def _say(self, text: str, ok: bool) -> None:
        colour = "#009E73" if ok else "#D55E00"
        self.status.value = str(element("span", text, style=f"color:{colour}"))
