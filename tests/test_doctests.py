"""The examples in the docstrings run as written (doctest)."""

from __future__ import annotations

import doctest
import importlib

import pytest

# The stable entry points of the design notes (api.md) and the small rule modules.
MODULES = [
    "helpers.words",
    "helpers.display",
    "helpers.data",
    "helpers.needs.table",
    "helpers.needs.editing",
    "helpers.plots",
    "helpers.report",
    "helpers.scoring",
    "helpers.sensitivity",
    "helpers.timezones.calendar",
    "helpers.timezones.engine",
    "helpers.measured",
    "helpers.pilots.distributions",
    "helpers.pilots.intervals",
    "helpers.pilots.significance",
    "helpers.pilots.sample_size",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no docstring example"
    assert result.failed == 0
