"""`make bench`: every benchmark of the workbook in one table.

Each ``benchmarks/bench_*.py`` exposes ``run() -> list[dict]`` with rows
``benchmark, median_s, reference_median_s, target, met``; this script adds the
whole-workbook measurements (import time, report end to end and per notebook, the test suite)
and prints one table. Timings are medians of several runs; ratios compare against a reference
measured in the same run, because the machines are shared and noisy.

    python benchmarks/run.py [--quick]     # --quick skips the report and test-suite rows
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/timing.py for the bench_*.py files

from timing import format_table  # noqa: E402


def median_time(command: list[str], repeat: int, env: dict | None = None) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def import_rows(repeat: int = 5) -> list[dict]:
    bare = median_time([sys.executable, "-c", "pass"], repeat)
    full = median_time([sys.executable, "-c", "import helpers.data, helpers.scoring, helpers.sensitivity, helpers.pilots, helpers.timezones, helpers.needs"], repeat)
    return [{"benchmark": "import the helpers computation modules", "median_s": full - bare,
             "reference_median_s": None, "target": "(measured, no target)", "met": True}]


def import_statements(cell_source: str) -> str:
    """The top-level import statements of a code cell (multi-line ones whole), as source."""
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(cell_source)  # magics become plain Python
    tree = ast.parse(code)
    return "\n".join(ast.get_source_segment(code, node) for node in tree.body
                     if isinstance(node, (ast.Import, ast.ImportFrom)))


def _kernel_floor(notebooks: list[Path], repeat: int) -> float:
    """Bare cost of the notebooks: start one kernel each and import what they import."""
    import nbformat
    from nbclient import NotebookClient

    from helpers.kernel import SteadyKernelManager

    imports = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        lines = [s for c in nb.cells if c.cell_type == "code" and (s := import_statements(c.source))]
        imports.append(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("\n".join(lines))],
                                                metadata=nb.metadata))
    def start_and_import(nb):
        NotebookClient(nb, kernel_name="python3", kernel_manager_class=SteadyKernelManager,
                       resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:  # as build_report runs them: two at a time
            list(pool.map(start_and_import, imports))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


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
    floor = _kernel_floor(notebooks, repeat)
    total = statistics.median(totals)
    rows = [{"benchmark": "report end to end (all notebooks, sample)", "median_s": total,
             "reference_median_s": floor,
             "target": "< 30 s and within 1.5x of kernel start + imports", "met": total < 30 and total / floor <= 1.5}]
    for name, times in per_notebook.items():
        rows.append({"benchmark": f"  report: {name}", "median_s": statistics.median(times),
                     "reference_median_s": None, "target": "(part of the above)", "met": True})
    return rows


def test_suite_rows(repeat: int = 1) -> list[dict]:
    env = dict(os.environ)
    seconds = median_time([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], repeat, env=env)
    return [{"benchmark": "make test (whole suite)", "median_s": seconds, "reference_median_s": None,
             "target": "(measured, no target)", "met": True}]


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
    args = parser.parse_args()
    rows = module_rows() + import_rows()
    if not args.quick:
        rows += report_rows() + test_suite_rows()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print(format_table(rows))


if __name__ == "__main__":
    main()
