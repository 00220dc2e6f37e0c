"""Helpers for the Outsourcing Partner Selection Workbook.

Computation modules (needs, scoring, sensitivity, pilots, timezones) take and return pandas
objects and never read files, draw or print. I/O and validation live in ``helpers.data``,
charts in ``helpers.plots``, widgets in ``helpers.widgets``, report building in
``helpers.report``.
"""

__version__ = "0.1.0"
