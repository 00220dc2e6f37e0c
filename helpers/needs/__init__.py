"""Define the needs: should a function be outsourced, which model fits, and the needs checklist.

The rules here are the single source for the whole workbook: notebook 01 explains them,
notebook 02 takes its knock-outs and criteria weights from here, notebook 03 its minimum
important differences and notebook 04 its minimum daily overlap. No other module repeats them.

Everything takes and returns pandas objects (tables with the columns of docs/data.md) and never
reads files, draws or prints; the one exception is :func:`save_needs`, the editor's writer,
which writes a NEW file and refuses to overwrite anything.

The package, one job per module (every public name below imports from ``helpers.needs``):

- ``outsourcing``: should a function be outsourced (:func:`outsourcing_recommendation`), the
  location models' trade-offs and the suggested type and location (:func:`suggest_model`).
- ``table``: the needs and criteria tables as every rule reads them (vocabulary, cleaning) and
  each need's target in words (:func:`target_text`).
- ``weights``: the weights rule (:func:`need_weights`, :func:`criteria_weight_table`,
  :func:`criteria_weights`, :class:`WeightChoice`, :func:`weights_sentence`).
- ``musts``: the knock-outs (:func:`knockouts`, :func:`must_haves_for_non_musts`).
- ``overlap``: the minimum daily overlap (:func:`overlap_minimum`, :func:`min_overlap_minutes`).
- ``handover``: the checklist and what later notebooks take from it (:func:`checklist`,
  :func:`min_important_differences`, :func:`handover_table`).
- ``lint``: the checklist's problems in plain words (:class:`Finding`, :func:`lint_needs`).
- ``editing``: editing and saving (:func:`edit_needs`, :func:`needs_overview`,
  :func:`needs_headline`, :func:`needs_for_saving`, :func:`save_needs`).
- ``_cells``: reading text, number and yes/no cells with plain messages (shared).
"""

from helpers.needs.editing import edit_needs, needs_for_saving, needs_headline, needs_overview, save_needs
from helpers.needs.handover import (
    PILOT_KPI_UNITS,
    RATE_KPIS,
    MinImportantConflict,
    checklist,
    handover_table,
    min_important_differences,
)
from helpers.needs.lint import LINT_LEVELS, Finding, lint_needs
from helpers.needs.musts import knockouts, must_haves_for_non_musts
from helpers.needs.outsourcing import (
    FUNCTION_COLUMNS,
    FUNCTION_TYPES,
    LOCATION_MODELS,
    RECOMMENDATIONS,
    location_tradeoffs,
    outsourcing_recommendation,
    suggest_model,
)
from helpers.needs.overlap import (
    NO_OVERLAP_MINIMUM,
    OVERLAP_CHECK,
    OverlapMinimum,
    describe_overlap_minimum,
    min_overlap_minutes,
    overlap_minimum,
)
from helpers.needs.table import NEEDS_COLUMNS, PRIORITIES, target_text
from helpers.needs.weights import (
    SAME_WEIGHT,
    SUGGESTED_POINTS,
    WeightChoice,
    criteria_weight_table,
    criteria_weights,
    need_weights,
    weight_choice,
    weights_sentence,
)

__all__ = [
    "FUNCTION_COLUMNS",
    "FUNCTION_TYPES",
    "LINT_LEVELS",
    "LOCATION_MODELS",
    "NEEDS_COLUMNS",
    "NO_OVERLAP_MINIMUM",
    "OVERLAP_CHECK",
    "PILOT_KPI_UNITS",
    "PRIORITIES",
    "RATE_KPIS",
    "RECOMMENDATIONS",
    "SAME_WEIGHT",
    "SUGGESTED_POINTS",
    "Finding",
    "MinImportantConflict",
    "OverlapMinimum",
    "WeightChoice",
    "checklist",
    "criteria_weight_table",
    "criteria_weights",
    "describe_overlap_minimum",
    "edit_needs",
    "handover_table",
    "knockouts",
    "lint_needs",
    "location_tradeoffs",
    "min_important_differences",
    "min_overlap_minutes",
    "must_haves_for_non_musts",
    "need_weights",
    "needs_for_saving",
    "needs_headline",
    "needs_overview",
    "outsourcing_recommendation",
    "overlap_minimum",
    "save_needs",
    "suggest_model",
    "target_text",
    "weight_choice",
    "weights_sentence",
]
