"""Command line: ``python -m helpers validate|template|report``.

Exit codes: 0 success, 1 bad input or a failed report (a plain message, no traceback),
2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _validate(args) -> int:
    from helpers.data import InputError, load_project

    try:
        project = load_project(args.path)
    except InputError as err:
        if args.all:
            raise err.unabridged() from None
        raise
    print(f"OK — {project.summary()}")
    return 0


def _template(args) -> int:
    from helpers.data import write_template

    written = write_template(args.path)
    kind = "workbook" if written.suffix == ".xlsx" else "folder of CSV files"
    print(f"Wrote a blank {kind}: {written}")
    print(f"Fill it in, then check it with: python -m helpers validate {written}")
    return 0


def _report(args) -> int:
    from helpers.report import build_report

    out = Path(args.out) if args.out else Path("reports") / Path(args.path).stem
    print(f"Building the report for {args.path} into {out} …", flush=True)
    index = build_report(args.path, out, progress=lambda line: print(line, flush=True))
    print(f"Report ready: {index}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description="Outsourcing Partner Selection Workbook: check inputs, write templates, build the report.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check a project folder or .xlsx workbook")
    validate.add_argument("path")
    validate.add_argument("--all", action="store_true", help="list every problem (by default the first 40)")
    validate.set_defaults(run=_validate)
    template = commands.add_parser("template", help="write blank inputs: a folder of CSVs, or a .xlsx file")
    template.add_argument("path")
    template.set_defaults(run=_template)
    report = commands.add_parser("report", help="run the notebooks on a project and write the HTML report")
    report.add_argument("path")
    report.add_argument("--out", help="output folder (default: reports/<name of the data>)")
    report.set_defaults(run=_report)
    args = parser.parse_args(argv)

    from helpers.data import InputError
    from helpers.report import ReportError

    try:
        return args.run(args)
    except InputError as err:
        print(f"{args.path}: the input needs fixing.\n{err}", file=sys.stderr)
    except (ReportError, FileExistsError) as err:
        print(f"Error: {err}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
