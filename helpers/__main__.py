"""Command line: ``python -m helpers validate|template|report``.

Exit codes: 0 success, 1 bad input, a file that cannot be read or written, or a failed report,
2 a usage error (including an output folder the report may not replace), 130 stopped by Ctrl-C,
143 stopped by SIGTERM. Always a plain message, never a traceback.

``HELPERS_REPORT_NOTEBOOKS`` (paths separated by ``os.pathsep``), when set, replaces the
workbook's notebooks in ``report``: the tests use it to build with small or slow notebooks.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
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


def _skip_iri_grammar() -> None:
    """Spare the report 0.8 s of start-up. nbformat, under nbconvert, papermill and nbclient,
    imports jsonschema, which imports rfc3987-syntax when it is installed (jupyter-events
    asks for it) to check strings of the formats "iri" and "iri-reference"; importing it
    builds a grammar for 0.8 s of CPU. Notebook schemas use no string format, so marked
    absent in this process (the command owns it), it is never needed, and jsonschema skips
    those two checks as it does where the package is not installed."""
    sys.modules.setdefault("rfc3987_syntax", None)  # ``import`` then raises ImportError


def _report(args) -> int:
    _skip_iri_grammar()
    from helpers.data import InputError
    from helpers.report import build_report, check_out_dir
    from helpers.settings import parse_options

    try:
        settings = parse_options(args.set)
    except InputError as err:  # a usage error: the files are fine, the option is not
        print(f"report --set: the option needs fixing.\n{err}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path("reports") / Path(args.path).stem
    check_out_dir(out, args.path)  # refuse a folder it may not replace before saying anything
    listed = os.environ.get("HELPERS_REPORT_NOTEBOOKS")
    notebooks = listed.split(os.pathsep) if listed else None
    if args.pdf:
        from helpers.report_pdf import require_chromium

        require_chromium()  # before saying anything: the build would stop there
    print(f"Building the report for {args.path} into {out} …", flush=True)
    index = build_report(
        args.path,
        out,
        notebooks=notebooks,
        progress=lambda line: print(line, flush=True),
        settings=settings,
        pdf=args.pdf,
    )
    print(f"Report ready: {index}")
    from helpers.report_file import SINGLE_FILE
    from helpers.report_pdf import PDF_FILE

    print(f"The whole report in one file, to send: {index.parent / SINGLE_FILE}")
    if args.pdf:
        print(f"PDF ({args.pdf}): {index.parent / PDF_FILE}")
    return 0


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: what runs is stopped and cleaned up, then one line."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


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
    report.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change one judgement setting for this report (repeatable; see docs/data.md)",
    )
    report.add_argument(
        "--pdf",
        choices=["a4", "letter"],
        type=str.lower,
        help="also print the report to report.pdf on this paper (needs Chromium)",
    )
    report.set_defaults(run=_report)
    args = parser.parse_args(argv)

    def stop_on_sigterm(signum, frame):
        raise Terminated(signum)

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    if saved[signal.SIGTERM] is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, stop_on_sigterm)  # stopped like Ctrl-C: kernels stopped, files cleaned
    try:
        return _run(args)  # its imports too: a signal while pandas loads is a stop like any other
    except KeyboardInterrupt as err:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)  # one message, even if the signal comes again
        signum = getattr(err, "signum", signal.SIGINT)
        how = "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name
        kept = "; the previous report (if any) was left as it was" if args.command == "report" else ""
        print(f"Stopped by {how}{kept}.", file=sys.stderr)
        return 128 + signum
    finally:
        for sig, handler in saved.items():
            if handler is not None:
                signal.signal(sig, handler)


def _run(args) -> int:
    from helpers.data import InputError
    from helpers.report import OutputFolderError, ReportError
    from helpers.report_pdf import ChromiumMissing

    try:
        return args.run(args)
    except InputError as err:
        print(f"{args.path}: the input needs fixing.\n{err}", file=sys.stderr)
    except OutputFolderError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 2
    except ReportError as err:
        print(f"Error: {err}", file=sys.stderr)
    except ChromiumMissing as err:
        print(f"Error: {err}", file=sys.stderr)
    except OSError as err:
        print(f"Error: {describe_os_error(err)}", file=sys.stderr)
    return 1


def describe_os_error(err: OSError) -> str:
    """One sentence for a file or folder that cannot be read or written, naming it."""
    if err.errno is None or err.strerror is None:
        return str(err)  # already a sentence (e.g. the template's "never overwrites a file")
    paths = " and ".join(str(p) for p in (err.filename, err.filename2) if p is not None) or "a file"
    advice = {
        errno.ENOENT: "does not exist; check the path (a folder on it may be missing)",
        errno.ENOTDIR: "cannot be reached because part of the path is a file, not a folder; check the path",
        errno.EISDIR: "is a folder where a file was expected; check the path, or rename the folder",
        errno.EACCES: "may not be read or written here (permission denied); choose another place or change "
        "its permissions",
        errno.EPERM: "may not be written here (operation not permitted); choose another place",
        errno.EROFS: "is on a read-only drive; choose another place",
        errno.ENOSPC: "cannot be written: the drive is full",
    }.get(err.errno, f"cannot be read or written ({err.strerror.lower()})")
    return f"{paths} {advice}."


if __name__ == "__main__":
    sys.exit(main())
