"""Benchmark: validating big and adversarial inputs (issue 13, family 6).

Run: .venv/bin/python benchmarks/bench_loader.py
Targets:
- A project whose pilot file holds 1,000,000 tickets (about 90 MB, simulated with
  ``helpers.pilots.simulate_tickets`` for the worked example's vendors): ``load_project`` (what
  ``python -m helpers validate`` runs) within 3x the time of pandas' own ``read_csv`` of the
  same file, measured in the same run, and a peak memory under 3x the table pandas loads.
- 20,000 tickets sharing one ``ticket_id`` (each repeat is a problem naming the first row): the
  duplicate check is linear, so validating them costs about what reading them costs.
Peak memory is the growth of the peak resident set (``VmHWM``) of a fresh Python process after
its imports, one process per measurement; the size of a table is pandas' ``memory_usage(deep=True)``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
from timing import format_table, median_seconds  # benchmarks/timing.py

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
TICKETS = 1_000_000
DUPLICATES = 20_000


def make_project(folder: Path, tickets: int = TICKETS, same_id: bool = False) -> Path:
    """The worked example with a pilot file of ``tickets`` simulated tickets."""
    from helpers.pilots import simulate_tickets

    shutil.copytree(SAMPLE, folder)
    vendors = pd.read_csv(SAMPLE / "vendors.csv")["vendor"].tolist()
    frame = simulate_tickets({v: {} for v in vendors}, tickets // len(vendors), weeks=8, seed=1)
    if same_id:
        frame["ticket_id"] = "T00001"
    frame.to_csv(folder / "pilot_tickets.csv", index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
    return folder


PEAK = """
import json, resource, sys
sys.path.insert(0, {root!r})
import pandas as pd
import helpers.data
def peak_mb():
    # VmHWM, the peak resident set of this process image. ru_maxrss would do elsewhere, but on
    # Linux it carries over the parent's peak across fork and exec.
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
before = peak_mb()
if {what!r} == "pandas":
    table = pd.read_csv({path!r} + "/pilot_tickets.csv")
else:
    table = helpers.data.load_project({path!r}).pilot_tickets
print(json.dumps({{"peak_mb": peak_mb() - before, "table_mb": table.memory_usage(deep=True).sum() / 2**20}}))
"""


def peak_memory(what: str, project: Path) -> dict:
    """Peak memory growth of loading ``project`` in a fresh process: pandas or ours."""
    script = PEAK.format(root=str(ROOT), what=what, path=str(project))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _megabytes_row(name: str, ours: float, reference: float, target: str, met: bool) -> dict:
    return {
        "benchmark": name,
        "median_s": ours,
        "reference_median_s": reference,
        "target": target,
        "met": met,
        "unit": "MB",
    }


def run(repeats: int = 3) -> list[dict]:
    from helpers.data import InputError, load_project

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        big = make_project(Path(tmp) / "big")
        size_mb = (big / "pilot_tickets.csv").stat().st_size / 2**20
        floor_s = median_seconds(lambda: pd.read_csv(big / "pilot_tickets.csv"), repeats, warm_up=True)
        ours_s = median_seconds(lambda: load_project(big), repeats, warm_up=True)
        rows.append(
            {
                "benchmark": f"validate a project with {TICKETS:,} pilot tickets ({size_mb:.0f} MB) "
                "vs pandas read_csv of the file",
                "median_s": ours_s,
                "reference_median_s": floor_s,
                "target": "within 3x of read_csv",
                "met": ours_s <= 3 * floor_s,
            }
        )
        pandas_memory = peak_memory("pandas", big)
        ours_memory = peak_memory("ours", big)
        rows.append(
            _megabytes_row(
                f"  peak memory of that validate vs the table read_csv loads ({pandas_memory['table_mb']:.0f} MB)",
                ours_memory["peak_mb"],
                pandas_memory["table_mb"],
                "under 3x the loaded table",
                ours_memory["peak_mb"] < 3 * pandas_memory["table_mb"],
            )
        )

        same = make_project(Path(tmp) / "same", tickets=DUPLICATES, same_id=True)

        def validate_duplicates() -> None:
            try:
                load_project(same)
            except InputError as err:  # 1,000 listed one by one, the rest counted in one line
                assert str(err).startswith(f"{DUPLICATES - 1:,} problems"), str(err)[:80]
            else:
                raise AssertionError("20,000 repeated ticket ids were not reported")

        floor_s = median_seconds(lambda: pd.read_csv(same / "pilot_tickets.csv"), repeats * 3, warm_up=True)
        ours_s = median_seconds(validate_duplicates, repeats * 3, warm_up=True)
        rows.append(
            {
                "benchmark": f"validate {DUPLICATES:,} tickets sharing one ticket_id (19,999 problems) "
                "vs pandas read_csv of the file",
                "median_s": ours_s,
                "reference_median_s": floor_s,
                "target": "< 2 s (was 112 s: quadratic)",
                "met": ours_s < 2.0,
            }
        )
    return rows


def main() -> None:
    print(format_table(run()))


if __name__ == "__main__":
    main()
