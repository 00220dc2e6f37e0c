"""Shared fixtures: paths of the repository, the worked example and the templates."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from helpers.report_pdf import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
TEMPLATES = ROOT / "data" / "templates"


# The longest test modules (``pytest --durations=0``, summed per module), started first: `make
# test` hands out whole modules to its workers in collection order (``--dist loadscope
# --no-loadscope-reorder``), and a long module handed out last would leave the other workers
# idle while it runs. The rest keep pytest's order.
LONGEST_FIRST = (
    "test_cli.py",
    "test_generated_projects.py",
    "test_chart_layout.py",
    "test_data.py",
    "test_exercises.py",
    "test_report.py",
    "test_injection.py",
    "test_outcomes.py",
    "test_lab_widgets.py",
    "test_examples.py",
    "test_true_sentences.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(LONGEST_FIRST)))  # stable: the rest keep their order


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


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory) -> Path:
    """The report of the worked example, built once per test run."""
    from helpers.report import build_report, default_notebooks

    out = tmp_path_factory.mktemp("reports") / "sample"
    lines: list[str] = []
    index = build_report(SAMPLE, out, progress=lines.append)
    assert len(lines) == len(default_notebooks())
    return index.parent


def page_text(report: Path, name: str) -> str:
    """What a reader sees on a page of a report: its text without tags, whitespace folded."""
    raw = (report / name).read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.DOTALL | re.IGNORECASE)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


# Debian's Chromium and the flags that keep it off the network: one place, in the package (the PDF
# report uses them too).
__all__ = ["CHROMIUM_ARGS", "chromium_path"]
