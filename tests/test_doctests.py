"""The examples in the docstrings run as written (doctest)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["helpers.words"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no docstring example"
    assert result.failed == 0
