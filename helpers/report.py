"""Build the read-only HTML report: execute the notebooks on a project and export them.

``build_report(data_path, out_dir)`` validates the inputs, runs every notebook with
``data_dir`` injected by papermill's parameterizer and executed by nbclient, exports each to HTML without code cells through an offline template
(no CDN scripts: the pages open without a network), and writes an ``index.html`` that links
them. Cells tagged ``interactive`` (a widget and the text that introduces it) are left out:
a widget needs a live kernel and would be blank on the page. Everything is written into a
temporary folder first and moved into place at the end, so a failed run leaves the previous
report as it was.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from helpers.data import load_project
from helpers.project_cache import shared_during_build

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
SUMMARY_TAG = "summary"  # a notebook's cell whose output is its one-line headline
INTERACTIVE_TAG = "interactive"  # cells that only work in a live notebook: not run for the report
CELL_TIMEOUT = 600  # seconds; the workbook's cells take seconds, so a stuck cell fails the build


class ReportError(RuntimeError):
    """A notebook failed while the report was built; the message says which and why."""


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
    )


def without_interactive(nb):
    """The notebook as the report runs it: without the cells tagged ``interactive``."""
    nb.cells = [c for c in nb.cells if INTERACTIVE_TAG not in c.get("metadata", {}).get("tags", [])]
    return nb


_KEPT = "the previous report (if any) was left as it was"


async def _run_one(notebook: Path, data_path: Path, cell_timeout: int):
    """Execute one notebook, without its interactive cells, with ``data_dir`` injected after
    its ``parameters`` cell."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from helpers.kernel import SteadyKernelManager

    nb = parameterize_notebook(load_notebook_node(str(notebook)), {"data_dir": str(data_path)},
                               kernel_name="python3", language="python")
    client = NotebookClient(
        without_interactive(nb),
        kernel_name="python3",
        kernel_manager_class=SteadyKernelManager,
        timeout=cell_timeout,
        resources={"metadata": {"path": str(notebook.parent)}},
        # The kernel's start-up notice ("running over TCP without encryption") is harmless on
        # a local run; keep it out of the progress lines a user reads.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    try:
        await client.async_execute()
    except CellExecutionError as err:
        failed = next((c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        where = f" in cell {failed.execution_count}" if failed is not None else ""
        raise ReportError(f"notebook {notebook.name} failed{where}: {err.ename}: {err.evalue}; {_KEPT}") from None
    except CellTimeoutError:
        raise ReportError(f"notebook {notebook.name}: a cell ran longer than {cell_timeout} s and was "
                          f"stopped; {_KEPT}") from None
    except DeadKernelError:
        raise ReportError(f"notebook {notebook.name}: its Python kernel died (out of memory?); {_KEPT}") from None
    return nb


@shared_during_build  # the notebooks load and validate the inputs once, not once each
def build_report(
    data_path: str | Path,
    out_dir: str | Path,
    notebooks: Iterable[str | Path] | None = None,
    progress: Callable[[str], None] | None = None,
    cell_timeout: int = CELL_TIMEOUT,
) -> Path:
    """Execute the notebooks on ``data_path`` and write the HTML report into ``out_dir``.

    ``notebooks`` defaults to every numbered notebook in ``notebooks/``; they run two at a
    time, each in its own kernel. ``progress`` receives one line per notebook as it finishes.
    A cell running longer than ``cell_timeout`` seconds is stopped. Returns the path of
    ``index.html``. Raises ``InputError`` when the data does not validate (before anything
    runs) and ``ReportError`` when a notebook fails or a cell is stopped; in both cases
    ``out_dir`` is left untouched.
    """
    data_path = Path(data_path).resolve()
    out_dir = Path(out_dir).resolve()
    project = load_project(data_path)  # fail early, with the plain message, on bad input
    paths = [Path(n).resolve() for n in (notebooks if notebooks is not None else default_notebooks())]
    say = progress or (lambda line: None)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a report is meant to be shared
    try:
        pages = _run_all(paths, data_path, staging, say, cell_timeout)
        (staging / "index.html").write_text(render_index(pages, project.summary()), encoding="utf-8")
        _replace_dir(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir / "index.html"


def _run_all(paths: list[Path], data_path: Path, staging: Path, say: Callable[[str], None],
             cell_timeout: int) -> list[Page]:
    """Execute and export every notebook, two kernels at a time (each kernel is its own
    process, and most machines have two cores or more). Pages come back in the order of
    ``paths``; the first failure cancels the rest."""
    limit = asyncio.Semaphore(max(1, min(2, os.cpu_count() or 1)))
    exporter = _exporter()  # one for all pages: its templates are compiled once
    done = 0

    async def run(notebook: Path) -> Page:
        nonlocal done
        async with limit:
            started = time.perf_counter()
            nb = await _run_one(notebook, data_path, cell_timeout)
        html_name = notebook.with_suffix(".html").name
        (staging / html_name).write_text(exporter.from_notebook_node(nb)[0], encoding="utf-8")
        title, summary = page_title_and_summary(nb)
        page = Page(notebook.name, title, summary, html_name, time.perf_counter() - started)
        done += 1
        say(f"[{done}/{len(paths)}] {page.notebook}: {page.seconds:.1f} s")
        return page

    async def run_all() -> list[Page]:
        tasks = [asyncio.ensure_future(run(notebook)) for notebook in paths]
        try:
            return list(await asyncio.gather(*tasks))
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)  # let cancelled kernels shut down

    return asyncio.run(run_all())


def _replace_dir(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``, replacing an older report only once the new one is complete."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{time.time_ns()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.5; }
h1 { margin-bottom: 0.2rem; } .meta { color: #666; margin-top: 0; }
.headline { background: #eef6fb; border-left: 6px solid #0072B2; padding: 0.8rem 1rem; font-size: 1.1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 1rem; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 0.8rem 1rem; }
.card h2 { font-size: 1.05rem; margin: 0 0 0.4rem; } .card p { margin: 0; color: #333; }
a { color: #0072B2; }
"""


def render_index(pages: list[Page], data_summary: str) -> str:
    """The report's front page: the decision report's headline, then one card per notebook."""
    esc = html.escape
    decision = next((p for p in pages if "decision" in p.notebook), None)
    headline = f'<p class="headline">{esc(decision.summary)}</p>' if decision and decision.summary else ""
    cards = "\n".join(
        f'<div class="card"><h2><a href="{esc(p.html_name)}">{esc(p.title)}</a></h2><p>{esc(p.summary)}</p></div>'
        for p in pages
    )
    generated = time.strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outsourcing partner selection: report</title>
<style>{INDEX_CSS}</style></head>
<body>
<h1>Outsourcing partner selection</h1>
<p class="meta">Data: {esc(data_summary)} · generated {esc(generated)}</p>
{headline}
<div class="cards">
{cards}
</div>
</body></html>
"""
