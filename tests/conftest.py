"""Shared fixtures: paths of the repository, the worked example and the templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
TEMPLATES = ROOT / "data" / "templates"


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the worked example, free to edit."""
    target = tmp_path / "project"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture(scope="session")
def sample_project():
    from helpers.data import load_project

    return load_project(SAMPLE)
