"""Interactive explorers (ipywidgets only). Each widget is thin: it calls a pure function from
the computation modules and redraws; notebooks always show a static result beside it, because
widgets are blank in an exported HTML report.
Topic modules: ``helpers.widgets.needs``, ``.scoring``, ``.pilots``, ``.timezones``.
"""
