"""Compare pilot trials of outsourcing vendors honestly (methods: docs pilots.md).

A one-month pilot of about 1,000 tickets per vendor can only detect rate differences of
roughly five percentage points. This package estimates each KPI per vendor with a 95 %
interval, compares two vendors KPI by KPI (difference, interval, p-value, verdict in words,
and how many tickets would be needed to tell), and compares three or more vendors with an
omnibus test followed by Holm-corrected pairs.

KPIs (the ``kpi`` names used everywhere), their estimate and the unit of ``min_important``:

- ``fcr`` first-contact resolution, ``sla`` first response within the SLA, ``escalation``
  and ``reopen`` (lower is better), ``csat_top2`` CSAT answers of 4 or 5: shares (0..1);
  minimum important difference in percentage points;
- ``handle_time`` (seconds) and ``first_response`` (minutes), lower is better: medians;
  minimum important difference in seconds and minutes;
- ``csat`` (1..5) and ``qa`` (0..100): means; minimum important difference in points.

Rates are returned as shares between 0 and 1 (``estimate``, ``diff`` and intervals alike);
minimum important differences for rates are given in percentage points (3 means 0.03), the
way the needs table states them.

Layout (each name below is importable from ``helpers.pilots`` itself):

- ``registry``: one entry per KPI (column, kind, direction, units, digits, default minimum
  important difference, phrase, typical level...). Adding a KPI touches this entry only.
- ``checks``: the input checks (the tickets table, one small rule each; KPI names, options).
- ``intervals``, ``significance``, ``sample_size``: the statistics, tested against scipy.
- ``distributions``: the t, chi-square, F, normal and binomial functions and average ranks
  they need, on ``scipy.special`` (``scipy.stats`` costs a kernel 0.6 s to import).
- ``summary``: each KPI per vendor and week, and the tables describing a pilot.
- ``comparison``: two vendors, three or more, one KPI across chosen vendors.
- ``plan``: the agreed KPIs, the tickets a pilot needs, the targets of the needs.
- ``shape``: who was piloted, and the pair compared head to head.
- ``describe``: every sentence and readable table, made from the structured results.
- ``simulate``: simulated tickets (tests, benchmarks, the notebook's illustration).

Computation only: functions take and return pandas objects and never read files, draw or
print. Importing this package loads only the registry (``helpers.schema`` reads it); every
other module is imported on first use of one of its names, and ``scipy.special`` inside the
functions that need it.
"""

from __future__ import annotations

from importlib import import_module

from helpers.pilots.registry import DEFAULT_MIN_IMPORTANT, KPI, KPIS, MIN_SAMPLE, VERDICTS

# Where each public name lives (its module is imported when the name is first used): the one
# list of the package's public names; the modules do not repeat it in an ``__all__``.
_HOME = {
    **dict.fromkeys(("wilson_interval", "newcombe_interval"), "intervals"),
    **dict.fromkeys(("pooled_z_test", "holm", "welch_anova"), "significance"),
    **dict.fromkeys(("tickets_needed_for_rate", "tickets_needed_for_mean"), "sample_size"),
    **dict.fromkeys(
        (
            "summarize",
            "weekly_summary",
            "kpi_values",
            "pilot_overview",
            "routing_balance",
            "sla_by_priority",
            "csat_distribution",
            "describe_trends",
        ),
        "summary",
    ),
    **dict.fromkeys(
        ("judge", "compare", "compare_all", "ManyVendorComparison", "KpiReport", "kpi_report"), "comparison"
    ),
    **dict.fromkeys(("kpi_table", "plan_pilot", "kpi_target", "check_targets"), "plan"),
    **dict.fromkeys(("choose_pair", "compared_vendors", "PilotShape", "pilot_shape"), "shape"),
    **dict.fromkeys(
        (
            "headline",
            "key_points",
            "format_summary",
            "format_comparison",
            "format_pairs",
            "format_details",
            "format_targets",
            "trend_headline",
            "describe_pilot",
            "describe_pairs",
            "plan_caption",
        ),
        "describe",
    ),
    "simulate_tickets": "simulate",
}

__all__ = ["KPI", "KPIS", "DEFAULT_MIN_IMPORTANT", "MIN_SAMPLE", "VERDICTS", *_HOME]


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'helpers.pilots' has no attribute {name!r}")
    value = getattr(import_module(f"helpers.pilots.{_HOME[name]}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
