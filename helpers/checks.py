"""Set-up checks for the start notebook: is the environment complete, are the inputs valid?"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd

from helpers.data import InputError, load_project
from helpers.schema import TABLES

# Distribution name -> what the workbook uses it for (kept in step with pyproject by a test).
PACKAGES = {
    "jupyterlab": "the notebook interface",
    "pandas": "tables",
    "ipywidgets": "interactive explorers",
    "matplotlib": "charts",
    "nbval": "running the notebooks as tests",
    "ipykernel": "the Python kernel behind every notebook",
    "papermill": "running the notebooks with parameters for the report",
    "nbconvert": "exporting the report to HTML",
    "beautifulsoup4": "joining the report into one file",
    "tinycss2": "joining the report's style sheets",
    "pypdfium2": "checking the PDF report's pages",
    "scipy": "statistics for the pilot comparison",
    "openpyxl": "reading Excel workbooks",
    "tzdata": "time-zone rules",
    "holidays": "public holidays per country",
    "pytest": "the test suite",
    "pytest-timeout": "a time limit on each test",
    "hypothesis": "property tests",
    "playwright": "browser tests of the report and of JupyterLab",
    "pytest-xdist": "running the tests on every core",
    "ruff": "checking the code's style",
}
MIN_PYTHON = (3, 10)


def environment_report() -> pd.DataFrame:
    """One row per package the workbook needs: installed version and a plain status."""
    rows = [
        {
            "package": "python",
            "purpose": "runs everything",
            "installed": sys.version.split()[0],
            "status": "ok"
            if sys.version_info >= MIN_PYTHON
            else f"needs Python {'.'.join(map(str, MIN_PYTHON))} or newer",
        }
    ]
    for name, purpose in PACKAGES.items():
        try:
            version = metadata.version(name)
            status = "ok"
        except metadata.PackageNotFoundError:
            version, status = "", "missing: run `make lab` or `make test` once to install it"
        rows.append({"package": name, "purpose": purpose, "installed": version, "status": status})
    return pd.DataFrame(rows)


@dataclass
class DataCheck:
    ok: bool
    message: str
    tables: pd.DataFrame  # table, required, rows


def data_report(data_dir: str | Path) -> DataCheck:
    """Validate the project at ``data_dir``; never raises for bad input, says what is wrong."""
    try:
        project = load_project(data_dir)
    except InputError as err:
        return DataCheck(False, f"The inputs in {data_dir} need fixing before you go on.\n{err}", pd.DataFrame())
    tables = pd.DataFrame(
        [
            {
                "table": name,
                "required": "yes" if spec.required else "no",
                "rows": len(project.tables[name]),
                "holds": spec.purpose,
            }
            for name, spec in TABLES.items()
        ]
    )
    return DataCheck(True, f"All inputs are valid — {project.summary()}.", tables)


def data_source(data_dir: str | Path) -> str:
    """One sentence: what ``data_dir`` points at, the worked example or a project of the
    user's own (a folder of CSV files or one Excel workbook)."""
    from helpers.report import is_worked_example

    path = Path(data_dir)
    if is_worked_example(path):
        return (
            "Loaded for you: the worked example in data/sample (Brightwater Home Goods, a fictional UK "
            "online retailer choosing a partner for its customer support)."
        )
    kind = "an Excel workbook" if path.suffix.lower() == ".xlsx" else "a folder of CSV files"
    return (
        f"Loaded for you: your own project, {path.name} ({kind})."  # the name: a report may travel, its folder need not
    )


def skipped(table: str) -> str:
    """One sentence where a step needs an optional table the project leaves out."""
    return f"This project has no {table} table ({TABLES[table].purpose}), so this step is skipped."


def describe_inputs(project, uses) -> str:
    """The project's one-line summary, then one line per optional table among ``uses`` that
    the project leaves out (missing or empty), naming what it would hold: the steps that need
    it say so where they come and move on."""
    lines = [project.summary()]
    for name in uses:
        if len(project.tables[name]) == 0:
            lines.append(f"Not in this project: {name} ({TABLES[name].purpose}); the steps that use it are skipped.")
    return "\n".join(lines)
