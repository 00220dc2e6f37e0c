"""Build the report of many random valid projects and check each states what is true for it.

Run as ``make sweep N=50 SEED=0`` (or ``.venv/bin/python scripts/sweep.py --n 50 --seed 0``):
projects of seeds SEED .. SEED+N-1 from tests/projects.py, one line per project, then a
summary of the cases covered. A failing project is kept in ``--keep`` (default
reports/sweep/seed-<seed>/: its data, its report when one was built, and problems.txt with
the command that reproduces it); passing ones are deleted. Exit status 1 when any failed.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.projects import check_project, generate  # noqa: E402


def _cases(generated) -> list[str]:
    c, f = generated.choices, generated.facts
    piloted = len(f.piloted)
    return [
        f"form {c.form}",
        f"pilot of {piloted if piloted < 3 else '3+'}",
        "every vendor out"
        if not f.in_race
        else "one vendor left"
        if len(f.in_race) == 1
        else "some vendors out"
        if f.knocked_out
        else "nobody out",
        "no sites" if "sites" not in c.tables else "sites",
        f"overlap {c.overlap}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="how many projects (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="the first seed (default 0)")
    parser.add_argument(
        "--keep",
        type=Path,
        default=ROOT / "reports" / "sweep",
        help="where failing projects are kept (default reports/sweep)",
    )
    args = parser.parse_args(argv)

    failed: list[int] = []
    cases: collections.Counter[str] = collections.Counter()
    seconds = 0.0
    for seed in range(args.seed, args.seed + args.n):
        generated = generate(seed)
        cases.update(_cases(generated))
        with tempfile.TemporaryDirectory(prefix=f"sweep-{seed}-") as work:
            outcome = check_project(generated, Path(work))
            seconds += outcome.seconds
            if outcome.problems:
                failed.append(seed)
                kept = args.keep / f"seed-{seed}"
                if kept.exists():
                    shutil.rmtree(kept)
                shutil.copytree(work, kept)
                (kept / "problems.txt").write_text(
                    f"{generated.describe()}\nReproduce: .venv/bin/python scripts/sweep.py --n 1 --seed {seed}\n\n"
                    + "\n".join(outcome.problems)
                    + "\n",
                    encoding="utf-8",
                )
                print(
                    f"FAIL {generated.describe()} ({outcome.seconds:.0f} s): {len(outcome.problems)} problem(s), "
                    f"first: {outcome.problems[0][:300]}; kept in {kept}",
                    flush=True,
                )
            else:
                print(f"ok   {generated.describe()} ({outcome.seconds:.0f} s)", flush=True)
    print(
        f"\n{args.n - len(failed)} of {args.n} projects passed in {seconds:.0f} s"
        + (f"; failed seeds: {', '.join(map(str, failed))} (kept in {args.keep})" if failed else "")
        + "."
    )
    print("Cases covered: " + "; ".join(f"{case} x{n}" for case, n in sorted(cases.items())))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
