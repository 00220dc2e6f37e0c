"""Build the read-only HTML report: execute the notebooks on a project and export them.

``build_report(data_path, out_dir)`` validates the inputs, runs every notebook with
``data_dir`` injected by papermill's parameterizer and executed by nbclient, exports each to HTML
without code cells through an offline template
(no CDN scripts: the pages open without a network), and writes an ``index.html`` that links
them. Cells tagged ``interactive`` (a widget and the text that introduces it, or a what-if on a
draft that is not the project's data) are left out: a widget needs a live kernel and would be
blank on the page, and a draft's findings would read as the project's. Everything is written into a
temporary folder first and moved into place at the end, so a failed or stopped run leaves the
previous report as it was.

The output folder is replaced whole, so the builder replaces only a folder it wrote itself
(recognised by the manifest ``MANIFEST`` it writes into every report, listing its files) or
an empty or new one; any other folder is refused before anything runs (``OutputFolderError``,
see ``check_out_dir``). Ctrl-C or SIGTERM during a build stops every kernel, removes the
unfinished report and then takes its usual course (``KeyboardInterrupt``, or the process ends).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from helpers import display, project_cache
from helpers.data import load_project
from helpers.project_cache import shared_during_build
from helpers.report_file import write_single_file
from helpers.report_pdf import PDF_FILE, paper_format, print_pdf, require_chromium
from helpers.settings import with_options

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
TEMPLATE_DIR = display.TEMPLATES  # nbconvert's offline template and the front page
SUMMARY_TAG = "summary"  # a notebook's cell whose output is its one-line headline
INTERACTIVE_TAG = "interactive"  # cells for a live notebook (widgets, what-if drafts): not run for the report
NEEDS_TAG = "needs-"  # needs-functions: text the report keeps only when the table has rows
WORKED_EXAMPLE_TAG = "worked-example"  # text about the sample's vendors: in its report only
WORKED_EXAMPLE = NOTEBOOK_DIR.parent / "data" / "sample"
CELL_TIMEOUT = 600  # seconds; the workbook's cells take seconds, so a stuck cell fails the build


class ReportError(RuntimeError):
    """A notebook failed while the report was built; the message says which and why."""


class OutputFolderError(ReportError):
    """The output folder given is not one the report may replace; nothing was run or changed."""


class BuildStopped(KeyboardInterrupt):
    """A build stopped by a signal (Ctrl-C is SIGINT); ``signum`` says which. Every kernel was
    stopped and the previous report left as it was."""

    def __init__(self, signum: int):
        super().__init__(f"the build was stopped by {signal.Signals(signum).name}")
        self.signum = signum


@dataclass
class Page:
    notebook: str
    title: str
    summary: str
    html_name: str
    seconds: float


def default_notebooks() -> list[Path]:
    """The numbered notebooks of the workbook, in order (00_start_here … 05_decision_report)."""
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def _text_of(output: dict) -> str:
    """An output as plain text: its plain text as it is (sentences carrying user text,
    ``helpers.display``), or an author's Markdown without its marks."""
    data = output.get("data", {})
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if data.get("text/markdown"):
        return _plain(data["text/markdown"])
    return data.get("text/plain") or ""


def _plain(markdown: str) -> str:
    text = re.sub(r"[*`#>]+", "", markdown)  # underscores stay: they are in column names
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(text.split())


def page_title_and_summary(nb) -> tuple[str, str]:
    """Title (first heading) and one-line summary of an executed notebook.

    The summary is the output of the cell tagged ``summary`` when there is one, otherwise the
    first paragraph after the title.
    """
    title, summary = "", ""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not title:
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    title = _plain(line)
                    break
            paragraphs = [p for p in cell.source.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
            if paragraphs and not summary:
                summary = _plain(paragraphs[0])
        if SUMMARY_TAG in cell.get("metadata", {}).get("tags", []):
            texts = [_text_of(o) for o in cell.get("outputs", [])]
            if any(t.strip() for t in texts):
                summary = " ".join(" ".join(texts).split())
                break
    return title or "Untitled notebook", summary


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        optimistic_validation=True,  # check the notebook once, not after each of its 12 preprocessors
    )


def is_worked_example(data_path: str | Path) -> bool:
    """Whether ``data_path`` (relative to the current folder, or absolute) is the worked
    example ``data/sample`` itself."""
    return Path(data_path).resolve() == WORKED_EXAMPLE.resolve()


def cells_for_report(nb, data_path: Path | None = None):
    """The notebook as the report runs it: without the cells tagged ``interactive``; unless
    ``data_path`` is the worked example itself, without the cells tagged ``worked-example``
    (stories about its vendors, untrue for any other project); and without the cells tagged
    ``needs-<table>`` when the project leaves that table empty (text about a chart or table
    that the step, lacking the table, does not show)."""
    drop = {INTERACTIVE_TAG}
    if data_path is None or not is_worked_example(data_path):
        drop.add(WORKED_EXAMPLE_TAG)
    tags = {tag for c in nb.cells for tag in c.get("metadata", {}).get("tags", [])}
    needing = {tag for tag in tags if tag.startswith(NEEDS_TAG)}
    if needing and data_path is not None:
        project = load_project(data_path)  # validated once per build (helpers.project_cache)
        drop |= {tag for tag in needing if project.tables[tag[len(NEEDS_TAG) :]].empty}
    nb.cells = [c for c in nb.cells if not drop & set(c.get("metadata", {}).get("tags", []))]
    return nb


_KEPT = "the previous report (if any) was left as it was"


async def _run_one(kernel, notebook: Path, data_path: Path, cell_timeout: int):
    """Execute one notebook in ``kernel`` (a ``helpers.kernel.ReportKernel``), without its
    interactive cells, with ``data_dir`` injected after its ``parameters`` cell."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from helpers.kernel import KernelStartError

    nb = parameterize_notebook(
        load_notebook_node(str(notebook)), {"data_dir": str(data_path)}, kernel_name="python3", language="python"
    )
    try:
        await kernel.execute(cells_for_report(nb, data_path), notebook.parent, timeout=cell_timeout)
    except CellExecutionError as err:
        failed = next((c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        where = f" in cell {failed.execution_count}" if failed is not None else ""
        raise ReportError(f"notebook {notebook.name} failed{where}: {err.ename}: {err.evalue}; {_KEPT}") from None
    except CellTimeoutError:
        raise ReportError(
            f"notebook {notebook.name}: a cell ran longer than {cell_timeout} s and was stopped; {_KEPT}"
        ) from None
    except DeadKernelError:
        raise ReportError(f"notebook {notebook.name}: its Python kernel died (out of memory?); {_KEPT}") from None
    except KernelStartError as err:
        raise _not_started(notebook, err) from None
    return nb


def _not_started(notebook: Path, err: Exception) -> ReportError:
    return ReportError(f"notebook {notebook.name}: its Python kernel did not start ({err}); {_KEPT}")


@shared_during_build  # the notebooks load and validate the inputs once, not once each
def build_report(
    data_path: str | Path,
    out_dir: str | Path,
    notebooks: Iterable[str | Path] | None = None,
    progress: Callable[[str], None] | None = None,
    cell_timeout: int = CELL_TIMEOUT,
    settings: dict[str, str] | None = None,
    pdf: str | None = None,
) -> Path:
    """Execute the notebooks on ``data_path`` and write the HTML report into ``out_dir``.

    ``settings`` (setting -> value as typed, the CLI's ``--set``) overrides the project's
    settings table for this report only; the user's files are not touched, and the report's
    settings table says which values came from here.

    ``notebooks`` defaults to every numbered notebook in ``notebooks/``; they run in two
    kernels, one notebook after another in each (``helpers.kernel``). ``progress`` receives
    one line per notebook as it finishes. A cell running longer than ``cell_timeout`` seconds
    is stopped. Returns the path of ``index.html``.

    Every report also holds the whole report as one file to send (``report.html``,
    ``helpers.report_file``); with ``pdf`` (``"a4"`` or ``"letter"``) also as ``report.pdf``,
    printed by Chromium (``helpers.report_pdf``; without Chromium ``ChromiumMissing`` is raised
    before anything runs).

    ``out_dir`` must be new, empty, or a report this function wrote (see ``check_out_dir``);
    otherwise ``OutputFolderError`` is raised before anything runs. Raises ``InputError`` when
    the data does not validate (before anything runs) and ``ReportError`` when a notebook fails
    or a cell is stopped. On SIGINT (Ctrl-C) or SIGTERM every kernel is stopped and the signal
    then takes its usual course. In every one of these cases ``out_dir`` is left untouched.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "report"
    >>> index = build_report(WORKED_EXAMPLE, out, notebooks=[NOTEBOOK_DIR / "00_start_here.ipynb"])
    >>> index == out / "index.html", sorted(page.name for page in out.glob("*.html"))
    (True, ['00_start_here.html', 'index.html', 'report.html'])
    """
    data_path = Path(data_path).resolve()
    out_dir = Path(out_dir).resolve()
    check_out_dir(out_dir, data_path)
    if pdf is not None:
        paper_format(pdf), require_chromium()  # a wrong paper or a missing browser: said before anything runs
    project = load_project(data_path)  # fail early, with the plain message, on bad input
    if settings:
        project = with_options(project, settings)
        project_cache.store(data_path, project)  # what every notebook of this build loads
    paths = [Path(n).resolve() for n in (notebooks if notebooks is not None else default_notebooks())]
    say = progress or (lambda line: None)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    staging = _new_staging(out_dir)
    try:
        pages = _run_all(paths, data_path, staging, say, cell_timeout)
        front = _front_page(project) if any("decision" in page.notebook for page in pages) else None
        about = f"{project.source.name}, {len(project.vendors):,} vendors"  # the decision page lists every input
        (staging / "index.html").write_text(render_index(pages, about, front), encoding="utf-8")
        single = write_single_file(staging, [page.html_name for page in pages])
        if pdf is not None:
            print_pdf(single, staging / PDF_FILE, pdf)
        written = sorted(p.name for p in staging.iterdir() if p.name != MANIFEST)
        _write_manifest(staging, state="complete", files=written)
        kept = _replace_dir(staging, out_dir, data_path)
    except _Stopped as stop:
        shutil.rmtree(staging, ignore_errors=True)
        stopped = stop.signum
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    else:
        stopped = None
    if stopped is not None:
        _pass_on(stopped)
        raise BuildStopped(stopped)  # reached only when the caller's handler neither raised nor exited
    if kept is not None:
        say(f"Note: the previous report was kept in {kept}: files appeared in it during the build")
    return out_dir / "index.html"


# --------------------------------------------------------------------------------------------
# The output folder: replaced only when the workbook wrote it
# --------------------------------------------------------------------------------------------

MANIFEST = ".workbook-report.json"  # written into every report and every staging folder
WRITTEN_BY = "Outsourcing Partner Selection Workbook: python -m helpers report"
# Files an operating system drops into any folder it shows (macOS Finder, Windows Explorer);
# they hold nothing of the user's and are removed with the report.
OS_CLUTTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_CHOOSE = "choose a new or empty folder, or the folder of a previous report"


def _names(entries: list[str], most: int = 3) -> str:
    shown = ", ".join(sorted(entries)[:most])
    return shown + (f" and {len(entries) - most} more" if len(entries) > most else "")


def _manifest(folder: Path) -> dict | None:
    """The manifest the workbook wrote into ``folder``, or None when there is none."""
    path = folder / MANIFEST
    try:
        if path.is_symlink() or not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("written_by") == WRITTEN_BY else None


INDEX_PAGE_TITLE = "Outsourcing partner selection: report"
# How a report built before reports carried a manifest is recognised (its front page has it).
INDEX_TITLE = f"<title>{INDEX_PAGE_TITLE}</title>"


def _report_manifest(folder: Path) -> dict | None:
    """The manifest of a report in ``folder``: the one written into it, or for a report built
    before reports carried one (recognised by its ``index.html`` with the report's title), a
    manifest listing its pages: ``index.html`` and a page per workbook notebook."""
    manifest = _manifest(folder)
    if manifest is not None:
        return manifest
    index = folder / "index.html"
    try:
        if index.is_symlink() or not index.is_file():
            return None
        with open(index, encoding="utf-8", errors="replace") as text:
            if INDEX_TITLE not in text.read(4096):
                return None
    except OSError:
        return None
    pages = {"index.html", *(nb.with_suffix(".html").name for nb in default_notebooks())}
    return {"written_by": WRITTEN_BY, "state": "complete", "files": sorted(pages)}


def _write_manifest(folder: Path, **fields) -> None:
    fields = {"written_by": WRITTEN_BY, **fields}
    (folder / MANIFEST).write_text(json.dumps(fields, indent=1) + "\n", encoding="utf-8")


def _not_ours(folder: Path, manifest: dict | None) -> list[str]:
    """Names in ``folder`` that a report did not write (its manifest does not list them)."""
    listed = set(manifest.get("files", [])) if manifest else set()
    foreign = []
    for entry in folder.iterdir():
        if entry.name in OS_CLUTTER or (entry.name == MANIFEST and manifest is not None):
            continue
        if entry.name in listed and entry.is_file() and not entry.is_symlink():
            continue
        foreign.append(entry.name)
    return foreign


def check_out_dir(out_dir: str | Path, data_path: str | Path) -> None:
    """Raise ``OutputFolderError`` unless ``out_dir`` may be replaced by a report on ``data_path``.

    Allowed: a folder that does not exist yet (its parents are made), an empty one, or a
    report written earlier by ``build_report`` holding only the files its manifest lists
    (and the operating system's ``OS_CLUTTER``). Refused: the data itself, a folder holding
    the data or the current folder, a file, and any folder holding something else, including
    a report folder to which files were added (they would be lost with it). A new report
    folder inside the project folder is fine.
    """
    out, data = Path(out_dir).resolve(), Path(data_path).resolve()
    if out == data or out in data.parents:
        what = "is the project's data itself" if out == data else f"holds the project's data ({data})"
        raise OutputFolderError(
            f"{out} {what}, and the report replaces its output folder whole; "
            f"choose a new or empty folder (a new folder inside the project folder is fine)."
        )
    cwd = Path.cwd().resolve()
    if out == cwd or out in cwd.parents:
        raise OutputFolderError(
            f"{out} is the current folder or holds it, and the report replaces its output folder whole; {_CHOOSE}."
        )
    for folder in (out, *out.parents):
        if folder.exists() or folder.is_symlink():
            break
    if folder != out and not folder.is_dir():
        raise OutputFolderError(
            f"{out} cannot be made because {folder} is a file, not a folder; choose a folder for the report."
        )
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir():
        raise OutputFolderError(f"{out} is a file, not a folder, and the report would replace it; {_CHOOSE}.")
    manifest = _report_manifest(out)
    foreign = _not_ours(out, manifest)
    if not foreign:
        return
    if manifest is not None and manifest.get("state") == "complete":
        raise OutputFolderError(
            f"{out} is a previous report, but it also holds {_names(foreign)}, which the report "
            f"did not write and would delete with it; move them out of the folder, "
            f"or choose a new or empty folder."
        )
    raise OutputFolderError(
        f"{out} already holds files the report did not write ({_names(foreign)}), and the "
        f"report replaces its output folder whole; {_CHOOSE}."
    )


def _new_staging(out_dir: Path) -> Path:
    """A hidden folder beside ``out_dir`` to write the report into, marked as the workbook's."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-building-", dir=out_dir.parent))
    except OSError as err:  # name the folder the user chose, not the hidden one
        raise OSError(err.errno, err.strerror, str(out_dir.parent)) from None
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a report is meant to be shared
        _write_manifest(staging, state="building", pid=os.getpid(), host=socket.gethostname())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _running(manifest: dict) -> bool:
    """Whether the build that wrote this staging manifest may still be running."""
    if manifest.get("host") != socket.gethostname() or not isinstance(manifest.get("pid"), int):
        return True  # another machine's build (a shared drive): cannot tell, so leave it
    if os.name != "posix":
        return True  # os.kill(pid, 0) would end the process on Windows: cannot tell, so leave it
    try:
        os.kill(manifest["pid"], 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_leftovers(out_dir: Path) -> None:
    """Remove what a killed build left beside ``out_dir``: its staging folder (``.NAME-building-…``,
    whose builder is gone) or the previous report it was replacing (``.NAME-old-…``). Only
    folders carrying the workbook's manifest are touched."""
    building, old = f".{out_dir.name}-building-", f".{out_dir.name}-old-"
    for entry in out_dir.parent.iterdir():
        if not entry.name.startswith((building, old)) or entry.is_symlink() or not entry.is_dir():
            continue
        manifest = _manifest(entry)
        if manifest is None:
            continue
        if manifest.get("state") == "building" and entry.name.startswith(building) and not _running(manifest):
            shutil.rmtree(entry, ignore_errors=True)
        elif manifest.get("state") == "complete" and entry.name.startswith(old):
            _delete_report(entry)


def _delete_report(folder: Path) -> Path | None:
    """Delete a report folder file by file, only the files its manifest lists; returns the
    folder if something else was found in it (it is then kept)."""
    manifest = _report_manifest(folder) or {}
    for name in [*manifest.get("files", []), *OS_CLUTTER, MANIFEST]:
        path = folder / name
        if path.is_file() or path.is_symlink():
            path.unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        return folder
    return None


def _replace_dir(new: Path, target: Path, data_path: Path) -> Path | None:
    """Move ``new`` to ``target``, replacing an older report only once the new one is complete.

    ``target`` is checked again first (a file may have been added during the build), and
    SIGINT and SIGTERM wait until both renames are done. Returns the old report's folder if
    it had to be kept (something appeared in it between the check and the deletion)."""
    with _signals_held():
        check_out_dir(target, data_path)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}-old-{time.time_ns()}")
            target.rename(old)
        new.rename(target)
        return _delete_report(old) if old is not None else None


class _signals_held:
    """Hold SIGINT and SIGTERM back (POSIX) while the block runs; they arrive after it."""

    SIGNALS = {signal.SIGINT, signal.SIGTERM}

    def __enter__(self):
        self.blocked = hasattr(signal, "pthread_sigmask")
        if self.blocked:
            signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)

    def __exit__(self, *exc):
        if self.blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, self.SIGNALS)


# --------------------------------------------------------------------------------------------
# Running the notebooks, and stopping them on Ctrl-C or SIGTERM
# --------------------------------------------------------------------------------------------


class _Stopped(Exception):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class _StopOnSignal:
    """While active (main thread only), SIGINT and SIGTERM cancel the build's main task instead
    of interrupting whatever Python line runs, so every kernel is stopped on the way out. A
    signal the caller ignores stays ignored."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self):
        self.signum: int | None = None
        self.task: asyncio.Task | None = None
        self.saved: dict[int, object] = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for sig in self.SIGNALS:
                if signal.getsignal(sig) is not signal.SIG_IGN:
                    self.saved[sig] = signal.signal(sig, self._on_signal)
        return self

    def __exit__(self, *exc):
        for sig, handler in self.saved.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)

    def _on_signal(self, signum, frame) -> None:
        if self.signum is not None:
            return  # already stopping
        self.signum = signum
        if self.task is not None:
            self.task.get_loop().call_soon_threadsafe(self.task.cancel)

    def attach(self) -> None:
        """Called first thing in the main task: from now on a signal cancels it."""
        self.task = asyncio.current_task()
        if self.signum is not None:
            raise asyncio.CancelledError


def _pass_on(signum: int) -> None:
    """Deliver ``signum`` again now that the build is cleaned up, so the caller's own handler
    (``KeyboardInterrupt`` for Ctrl-C; ending the process for SIGTERM) takes its course."""
    if threading.current_thread() is threading.main_thread():
        signal.raise_signal(signum)


def _run_all(
    paths: list[Path], data_path: Path, staging: Path, say: Callable[[str], None], cell_timeout: int
) -> list[Page]:
    """Execute and export every notebook in two kernels (``helpers.kernel.run_in_kernels``).
    Pages come back in the order of ``paths``; the first failure cancels the rest, and every
    kernel is stopped before this returns or raises. Raises ``_Stopped`` after SIGINT or
    SIGTERM."""
    from helpers.kernel import run_in_kernels

    exporter = _exporter()  # one for all pages: its templates are compiled once
    pages: dict[Path, Page] = {}
    stop = _StopOnSignal()

    async def run(kernel, notebook: Path) -> None:
        started = time.perf_counter()
        nb = await _run_one(kernel, notebook, data_path, cell_timeout)
        html_name = notebook.with_suffix(".html").name
        (staging / html_name).write_text(exporter.from_notebook_node(nb)[0], encoding="utf-8")
        title, summary = page_title_and_summary(nb)
        pages[notebook] = Page(notebook.name, title, summary, html_name, time.perf_counter() - started)
        say(f"[{len(pages)}/{len(paths)}] {notebook.name}: {pages[notebook].seconds:.1f} s")

    async def run_all() -> None:
        stop.attach()
        await run_in_kernels(paths, run, _not_started)

    with stop:
        try:
            asyncio.run(run_all())
        except asyncio.CancelledError:
            if stop.signum is None:
                raise
    if stop.signum is not None:
        raise _Stopped(stop.signum)
    return [pages[path] for path in paths]


def _front_page(project):
    """The front page's values: the same decision the decision page shows (``decide`` on
    the same project, with the same settings and seed)."""
    from helpers.decision import decide
    from helpers.front_page import front_page

    return front_page(decide(project))


def render_index(pages: list[Page], data_summary: str, front=None) -> str:
    """The report's front page (``helpers/templates/front_page.html.j2``, every value escaped
    by ``helpers.display``): the decision as ``front`` (a ``helpers.front_page.FrontPage``)
    gives it, or without one the decision page's headline, then a link to every page."""
    from helpers.tables import reader_table

    decision = next((p for p in pages if "decision" in p.notebook), None)
    return str(
        display.page(
            "front_page.html.j2",
            title=INDEX_PAGE_TITLE,
            data_summary=data_summary,
            generated=time.strftime("%Y-%m-%d %H:%M"),
            headline=decision.summary if decision else "",
            front=front,
            ranking=reader_table(front.ranking) if front is not None and len(front.ranking) else "",
            pages=pages,
        )
    )
