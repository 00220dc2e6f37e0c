"""`make bench`: every benchmark of the workbook in one table.

Each ``benchmarks/bench_*.py`` exposes ``run() -> list[dict]`` with rows
``benchmark, median_s, reference_median_s, target, met``; this script adds the
whole-workbook measurements (import time, report end to end and per notebook, the test suite)
and prints one table. Timings are medians of several runs; ratios compare against a reference
measured in the same run, because the machines are shared and noisy.

    python benchmarks/run.py [--quick]     # --quick skips the report and test-suite rows
    python benchmarks/run.py --report-file # only the single file's and the PDF's rows
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import copy
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/timing.py for the bench_*.py files

from timing import format_table, median_seconds  # noqa: E402


def median_time(command: list[str], repeat: int, env: dict | None = None) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
        if done.returncode:  # say why, not only that it failed
            said = done.stdout[-3000:] + done.stderr[-3000:]
            sys.exit(f"{' '.join(command)} failed (exit {done.returncode}):\n{said}")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def import_rows(repeat: int = 5) -> list[dict]:
    bare = median_time([sys.executable, "-c", "pass"], repeat)
    full = median_time(
        [
            sys.executable,
            "-c",
            "import helpers.data, helpers.scoring, helpers.sensitivity, helpers.pilots, helpers.timezones, "
            "helpers.needs",
        ],
        repeat,
    )
    return [
        {
            "benchmark": "import the helpers computation modules",
            "median_s": full - bare,
            "reference_median_s": None,
            "target": "(measured, no target)",
            "met": True,
        }
    ]


def import_statements(cell_source: str) -> str:
    """The top-level import statements of a code cell (multi-line ones whole), as source."""
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(cell_source)  # magics become plain Python
    tree = ast.parse(code)
    return "\n".join(
        ast.get_source_segment(code, node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
    )


LOADED_MODULES = "import sys; print(' '.join(sys.modules))"
IMPORT_ALL = """import importlib, sys
for name in {names!r}:
    if name not in sys.modules:
        try:
            importlib.import_module(name)
        except Exception:  # an alias entry of sys.modules, not an importable name
            pass
"""


NO_CHARTS = "get_ipython().display_formatter.formatters['image/png'].enabled = False"


def _as_the_report_runs(notebooks: dict[Path, object], repeat: int) -> float:
    """Median wall time of executing ``notebooks`` (path -> notebook) as build_report does:
    in two kernels, each taking the next notebook when it is free."""
    from helpers.kernel import run_in_kernels

    async def run(kernel, path: Path) -> None:
        await kernel.execute(copy.deepcopy(notebooks[path]), path.parent)

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        asyncio.run(run_in_kernels(list(notebooks), run, lambda path, err: RuntimeError(f"{path.name}: {err}")))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def floor_and_no_charts(paths: list[Path], repeat: int) -> tuple[float, float]:
    """Two runs of the report's notebooks to read the report's time against.

    The floor: start the report's two kernels and import in each the libraries of every
    notebook, that is every module a notebook has loaded by its end, found by running it once
    (its own imports, what the helpers import lazily such as scipy.stats and holidays, and what
    showing the first chart loads). No charts: the notebooks run whole, as the report runs
    them, charts built but not drawn into images; the gap to the report is what drawing the
    charts (and exporting the pages) costs.
    """
    import nbformat

    from helpers.kernel import execute_notebook
    from helpers.report import cells_for_report

    statements, loaded, no_charts = [], set(), {}
    for path in paths:
        nb = cells_for_report(nbformat.read(path, as_version=4))
        nb.cells.append(nbformat.v4.new_code_cell(LOADED_MODULES))
        execute_notebook(nb, path.parent)
        loaded |= set(nb.cells[-1].outputs[0]["text"].split())
        statements += [s for c in nb.cells if c.cell_type == "code" and (s := import_statements(c.source))]
        nb.cells.pop()  # the module list: not part of the run
        nb.cells.insert(0, nbformat.v4.new_code_cell(NO_CHARTS))
        no_charts[path] = nb
    imports = nbformat.v4.new_notebook(
        metadata=nb.metadata,
        cells=[
            nbformat.v4.new_code_cell("\n".join(dict.fromkeys(statements))),
            nbformat.v4.new_code_cell(IMPORT_ALL.format(names=sorted(loaded))),
        ],
    )
    floor = {path: imports for path in paths[:2]}  # one per kernel
    return _as_the_report_runs(floor, repeat), _as_the_report_runs(no_charts, repeat)


def report_rows(repeat: int = 3) -> list[dict]:
    from helpers.report import build_report, default_notebooks

    notebooks = default_notebooks()
    per_notebook: dict[str, list[float]] = {nb.name: [] for nb in notebooks}
    totals = []
    for _ in range(repeat):
        lines: list[str] = []
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            build_report(ROOT / "data" / "sample", Path(tmp) / "sample", progress=lines.append)
            totals.append(time.perf_counter() - started)
        for line in lines:  # "[i/n] name.ipynb: 1.2 s"
            name, seconds = line.split("] ", 1)[1].rsplit(": ", 1)
            per_notebook[name].append(float(seconds.split()[0]))
    floor, no_charts = floor_and_no_charts(notebooks, repeat)
    total = statistics.median(totals)
    rows = [
        {
            "benchmark": "report end to end (all notebooks, sample)",
            "median_s": total,
            "reference_median_s": floor,
            "target": "< 20 s (issue 17); reference: the two kernels' start and imports",
            "met": total < 20,
        },
        {
            "benchmark": "  diagnostic: the same notebooks, charts not drawn, no export",
            "median_s": no_charts,
            "reference_median_s": floor,
            "target": "(what is left without the charts)",
            "met": True,
        },
    ]
    for name, times in per_notebook.items():
        rows.append(
            {
                "benchmark": f"  report: {name}",
                "median_s": statistics.median(times),
                "reference_median_s": None,
                "target": "(part of the above)",
                "met": True,
            }
        )
    return rows


def report_file_rows(repeat: int = 3) -> list[dict]:
    """What the single file and the PDF add to a report build (issue 17: at most 5 s): each
    timed on the worked example's report, beside the build itself (without them: the build's
    time minus the single file's)."""
    from helpers.report import build_report
    from helpers.report_file import write_single_file
    from helpers.report_pdf import chromium_path, print_pdf

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sample"
        builds = []
        for _ in range(repeat):
            started = time.perf_counter()
            build_report(ROOT / "data" / "sample", out)
            builds.append(time.perf_counter() - started)
        names = sorted(p.name for p in out.glob("0*.html"))
        single = median_seconds(lambda: write_single_file(out, names), repeat)
        pdf = (
            median_seconds(lambda: print_pdf(out / "report.html", out / "report.pdf", "a4"), repeat)
            if chromium_path()
            else None
        )
    build = statistics.median(builds)
    rows = [
        {
            "benchmark": "report: the single file (report.html), from the built pages",
            "median_s": single,
            "reference_median_s": build,
            "target": "single file + PDF < 5 s (issue 17); reference: the report build",
            "met": single + (pdf or 0) < 5,
        }
    ]
    if pdf is not None:
        rows.append(
            {
                "benchmark": "report: the PDF (A4) printed by Chromium from the single file",
                "median_s": pdf,
                "reference_median_s": build,
                "target": "single file + PDF < 5 s (issue 17); reference: the report build",
                "met": single + pdf < 5,
            }
        )
    return rows


def big_report_rows(repeat: int = 3) -> list[dict]:
    """The report on the worked example with a 200,000-ticket pilot file (a 1,000,000-ticket
    file works too, but the pilot statistics of notebooks 03 and 05 on it take minutes per
    run), against the pandas read_csv of that file measured here."""
    import pandas as pd
    from bench_big_inputs import TICKETS, big_project

    from helpers.report import build_report

    per_notebook: dict[str, list[float]] = {}
    totals = []
    with tempfile.TemporaryDirectory() as tmp:
        project = big_project(Path(tmp) / "big")
        floor = median_seconds(lambda: pd.read_csv(project / "pilot_tickets.csv"), repeat, warm_up=True)
        for run in range(repeat):
            lines: list[str] = []
            started = time.perf_counter()
            build_report(project, Path(tmp) / f"report{run}", progress=lines.append)
            totals.append(time.perf_counter() - started)
            for line in lines:  # "[i/n] name.ipynb: 1.2 s"
                name, seconds = line.split("] ", 1)[1].rsplit(": ", 1)
                per_notebook.setdefault(name, []).append(float(seconds.split()[0]))
    rows = [
        {
            "benchmark": f"report end to end, sample with {TICKETS:,} pilot tickets",
            "median_s": statistics.median(totals),
            "reference_median_s": floor,
            "target": "(measured; reference: pandas read_csv of the pilot file; validated once per build)",
            "met": True,
        }
    ]
    for name in sorted(per_notebook):
        rows.append(
            {
                "benchmark": f"  big report: {name}",
                "median_s": statistics.median(per_notebook[name]),
                "reference_median_s": None,
                "target": "(part of the above)",
                "met": True,
            }
        )
    return rows


def test_suite_rows(repeat: int = 1) -> list[dict]:
    """``make test`` itself (lint, then the whole suite as the Makefile runs it)."""
    env = dict(os.environ)
    seconds = median_time(["make", "-s", "-C", str(ROOT), "test"], repeat, env=env)
    return [
        {
            "benchmark": "make test (lint and the whole suite)",
            "median_s": seconds,
            "reference_median_s": None,
            "target": "< 3 minutes on two cores",
            "met": seconds < 180,
        }
    ]


def module_rows() -> list[dict]:
    rows = []
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rows.extend(module.run())
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the report and test-suite rows")
    parser.add_argument("--report-file", action="store_true", help="only the single file's and the PDF's rows")
    args = parser.parse_args()
    if args.report_file:
        rows = report_file_rows()
    else:
        rows = module_rows() + import_rows()
    if not args.quick and not args.report_file:
        rows += report_rows() + report_file_rows() + big_report_rows() + test_suite_rows()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )
    print(format_table(rows))


if __name__ == "__main__":
    main()
