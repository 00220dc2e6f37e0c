"""Explorer for notebook 03: pick a KPI, the vendors and whether to leave out the ramp-up
week; see each vendor's estimate with its interval and the verdict in words.

Thin: every redraw calls ``helpers.pilots.kpi_report`` and two chart functions. Widgets are
blank in an exported HTML report, so the notebook shows the same results statically too.
"""

from __future__ import annotations

import pandas as pd

from helpers import pilots
from helpers.data import InputError
from helpers.display import element, join
from helpers.plots import pilots as charts


def pilot_explorer(tickets: pd.DataFrame, min_important=None, ramp_up_weeks=(1,), seed: int = 0):
    """A widget box: KPI drop-down, vendor multi-select, "leave out the ramp-up week" tick
    box, and below them the verdict sentences, the estimate chart and the weekly trend for
    that KPI. Returns the ``ipywidgets.VBox`` (display it, or let the cell show it).
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    vendors = sorted(pd.unique(tickets["vendor"].dropna()), key=str)
    kpi_choice = widgets.Dropdown(
        options=[(k.label, k.name) for k in pilots.KPIS.values() if k.column in tickets.columns],
        value="fcr",
        description="KPI",
    )
    vendor_choice = widgets.SelectMultiple(
        options=vendors, value=tuple(vendors), description="Vendors", rows=min(len(vendors), 6)
    )
    weeks_text = ", ".join(str(w) for w in ramp_up_weeks) or "none"
    drop_ramp_up = widgets.Checkbox(
        value=bool(ramp_up_weeks),
        description=f"Leave out ramp-up week ({weeks_text})",
        disabled=not ramp_up_weeks,
        indent=False,
    )
    verdicts = widgets.HTML()
    output = widgets.Output()

    def redraw(*_):
        exclude = tuple(ramp_up_weeks) if drop_ramp_up.value else ()
        chosen = list(vendor_choice.value)
        output.clear_output(wait=True)
        kpi = kpi_choice.value
        try:
            report = pilots.kpi_report(
                tickets, kpi, vendors=chosen, exclude_weeks=exclude, min_important=min_important, seed=seed
            )
            weekly = pilots.weekly_summary(tickets, kpis=[kpi])
            trends = pilots.describe_trends(tickets, kpis=[kpi], exclude_weeks=exclude, min_important=min_important)
        except InputError as problem:
            verdicts.value = str(element("p", element("b", "Cannot compare:"), f" {problem}"))
            return
        # Vendor names are user text: display.element escapes them.
        verdicts.value = str(join(element("p", s) for s in report.sentences))
        weekly = weekly[weekly["vendor"].isin(chosen)]
        trends = trends[trends["vendor"].isin(chosen)]
        with output:
            display(charts.kpi_estimates(report.summary, kpis=[kpi], title=report.title))
            display(charts.weekly_trend(weekly, kpis=[kpi], ramp_up_weeks=ramp_up_weeks, trends=trends))
            plt.close("all")

    for control in (kpi_choice, vendor_choice, drop_ramp_up):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([kpi_choice, vendor_choice, drop_ramp_up]), verdicts, output])
