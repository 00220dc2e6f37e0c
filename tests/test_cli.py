"""`python -m helpers` as a user runs it: what `report --out` may replace, and stopping, failing
notebooks and unusable paths without a traceback.

Builds here use small notebooks (through ``HELPERS_REPORT_NOTEBOOKS``) so that each takes a
kernel start, not the whole workbook; the output-folder rules do not depend on the notebooks.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from helpers.__main__ import main
from tests.conftest import ROOT, SAMPLE, TEMPLATES
from tests.test_report import write_notebook

psutil = pytest.importorskip("psutil")

NOTEBOOKS_VAR = "HELPERS_REPORT_NOTEBOOKS"
MARK_VAR = "WORKBOOK_TEST_MARK"  # inherited by the build's kernels: finds any left running


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) under ``folder``, hidden ones included."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


def quick_notebook(folder: Path) -> Path:
    return write_notebook(folder / "01_quick.ipynb", "answer = 42")


def slow_notebook(folder: Path, started: Path) -> Path:
    """A notebook whose cell says it runs (by creating ``started``), then runs for minutes."""
    code = f"open({str(started)!r}, 'w').close()\nimport time\ntime.sleep(600)"
    return write_notebook(folder / "02_slow.ipynb", code)


def cli_env(notebooks: list[Path], mark: str = "") -> dict[str, str]:
    return {**os.environ, NOTEBOOKS_VAR: os.pathsep.join(map(str, notebooks)), MARK_VAR: mark or uuid.uuid4().hex}


def run_cli(*args, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def marked_processes(mark: str) -> list:
    """Running processes (kernels) started by a build whose environment carried ``mark``."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get(MARK_VAR) == mark and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except psutil.Error:
            pass
    return found


def kernels_of(proc) -> list:
    found = []
    for child in psutil.Process(proc.pid).children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            pass
    return found


def wait_for(condition, proc, what: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the build ended (exit {proc.returncode}) before {what}: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"no {what} within {timeout} s")
        time.sleep(0.02)


def no_traceback(stderr: str) -> None:
    for sign in ("Traceback", "Task exception", "never retrieved", "Exception ignored"):
        assert sign not in stderr, stderr


# ---------------------------------------------------------------------------------------------
# 1. --out replaces only a folder the workbook wrote, or an empty or new one
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A user's folder: a project, a Documents folder, a workbook and a loose file."""
    shutil.copytree(SAMPLE, tmp_path / "project")
    documents = tmp_path / "Documents"
    (documents / "photos").mkdir(parents=True)
    (documents / "notes.txt").write_text("my notes", encoding="utf-8")
    (documents / "photos" / "team.jpg").write_bytes(b"\xff\xd8 not really a photo")
    shutil.copy(TEMPLATES / "project_template.xlsx", tmp_path / "x.xlsx")
    (tmp_path / "budget.xlsx").write_bytes(b"a workbook")
    return tmp_path


REFUSED = {
    # case: (data, --out, current folder, what the message says)
    "the data folder itself": ("project", "project", ".", "is the project's data itself"),
    "the data folder's parent": ("project", "..", "project", "holds the project's data"),
    "'.' holding the data": ("project", ".", ".", "holds the project's data"),
    "'.' in a Documents folder": ("project", ".", "Documents", "is the current folder"),
    "a folder of other files": (
        "project",
        "Documents",
        ".",
        "already holds files the report did not write (notes.txt, photos)",
    ),
    "the workbook given as its own output": ("x.xlsx", "x.xlsx", ".", "is the project's data itself"),
    "an existing file": ("project", "budget.xlsx", ".", "is a file, not a folder"),
    "a folder below a file": ("project", "budget.xlsx/report", ".", "budget.xlsx is a file, not a folder"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_report_refuses_an_output_folder_it_did_not_write(world, case, monkeypatch, capsys):
    data, out, cwd, says = REFUSED[case]
    monkeypatch.chdir(world / cwd)
    before = snapshot(world)
    code = main(["report", str(world / data), "--out", out])
    printed = capsys.readouterr()
    assert code == 2
    assert printed.out == ""  # refused before anything ran
    lines = printed.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {(world / cwd / out).resolve()} ")
    assert says in lines[0] and ("choose" in lines[0] or "move them out" in lines[0])
    assert snapshot(world) == before


def test_report_replaces_its_own_report_but_not_files_added_to_it(world, monkeypatch, capsys):
    monkeypatch.setenv(NOTEBOOKS_VAR, str(quick_notebook(world)))
    out = world / "project" / "report"  # a report folder inside the project folder is fine
    out.mkdir()  # and so is an empty folder
    project_files = snapshot(world / "project")
    assert main(["report", str(world / "project"), "--out", str(out)]) == 0
    assert snapshot(world / "project") == {
        **project_files,
        **{f"report/{k}": v for k, v in snapshot(out).items()},
        "report": None,
    }
    assert sorted(p.name for p in out.glob("*.html")) == ["01_quick.html", "index.html", "report.html"]
    capsys.readouterr()

    (out / "my comments.txt").write_text("keep me", encoding="utf-8")
    before = snapshot(world)
    assert main(["report", str(world / "project"), "--out", str(out)]) == 2
    message = capsys.readouterr().err
    # the error names the folder, the file that is not the report's, and what to do
    assert str(out) in message and "my comments.txt" in message and "move them out" in message
    assert snapshot(world) == before

    (out / "my comments.txt").unlink()
    (out / ".DS_Store").write_bytes(b"Finder was here")  # what a file browser drops: not the user's
    (out / "index.html").write_text("an old report", encoding="utf-8")  # the report's own file: replaced
    assert main(["report", str(world / "project"), "--out", str(out)]) == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "an old report" not in index and 'href="01_quick.html"' in index  # the new front page
    assert not (out / ".DS_Store").exists()
    assert snapshot(world / "project") == {
        **project_files,
        **{f"report/{k}": v for k, v in snapshot(out).items()},
        "report": None,
    }
    assert sorted(p.name for p in world.iterdir()) == [
        "01_quick.ipynb",
        "Documents",
        "budget.xlsx",
        "project",
        "x.xlsx",
    ]


def test_a_report_built_before_manifests_is_recognised(world, monkeypatch, capsys):
    from helpers.report import render_index

    monkeypatch.setenv(NOTEBOOKS_VAR, str(quick_notebook(world)))
    old = world / "reports" / "sample"
    old.mkdir(parents=True)
    (old / "index.html").write_text(render_index([], "an older build"), encoding="utf-8")
    (old / "02_score_partners.html").write_text("<p>an older page</p>", encoding="utf-8")
    (old / "budget notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(world)
    assert main(["report", str(world / "project"), "--out", str(old)]) == 2
    message = capsys.readouterr().err
    assert str(old) in message and "budget notes.txt" in message  # names the folder and the user's file
    assert snapshot(world) == before

    (old / "budget notes.txt").unlink()
    assert main(["report", str(world / "project"), "--out", str(old)]) == 0
    assert sorted(p.name for p in old.iterdir()) == [
        ".workbook-report.json",
        "01_quick.html",
        "index.html",
        "report.html",
    ]


def test_a_killed_builds_leftovers_are_removed_by_the_next_build(world):
    out = world / "report"
    mine = world / ".report-building-mine"  # named like a staging folder, but the user's own
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    started = world / "started"
    mark = uuid.uuid4().hex
    env = cli_env([quick_notebook(world), slow_notebook(world, started)], mark)
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpers", "report", str(world / "project"), "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(started.exists, proc, "slow cell running")
        proc.kill()  # SIGKILL: no clean-up can run
        proc.wait()
    finally:
        for orphan in marked_processes(mark):  # the killed build's kernels: not this test's subject
            orphan.kill()
    left = [p for p in world.iterdir() if p.name.startswith(".report-") and p != mine]
    assert left, "the killed build should have left its unfinished report behind"

    second = run_cli("report", world / "project", "--out", out, env=cli_env([quick_notebook(world)]))
    assert second.returncode == 0, second.stderr
    assert not any(p.exists() for p in left)
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "index.html").exists()


# ---------------------------------------------------------------------------------------------
# 5. No traceback, ever: Ctrl-C and SIGTERM, a failing notebook, paths that cannot be used
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def previous_report(tmp_path_factory) -> Path:
    """A report of one quick notebook, built by the CLI once for the tests that copy it."""
    folder = tmp_path_factory.mktemp("previous")
    out = folder / "report"
    assert run_cli("report", SAMPLE, "--out", out, env=cli_env([quick_notebook(folder)])).returncode == 0
    return out


@pytest.mark.parametrize("moment", ["kernel starting", "cell running"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stopped_build_says_one_line_and_keeps_the_previous_report(tmp_path, signum, moment, previous_report):
    out = tmp_path / "report"
    shutil.copytree(previous_report, out)
    quick = quick_notebook(tmp_path)
    before = snapshot(out)

    started = tmp_path / "started"
    mark = uuid.uuid4().hex
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpers", "report", str(SAMPLE), "--out", str(out)],
        cwd=ROOT,
        env=cli_env([quick, slow_notebook(tmp_path, started)], mark),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as in a terminal, also when the tests run in a background job (a shell starts
        # those with SIGINT ignored, and the report keeps an ignored signal ignored).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        if moment == "kernel starting":
            wait_for(lambda: kernels_of(proc), proc, "kernel process")
        else:
            wait_for(started.exists, proc, "slow cell running")
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=120)
    finally:
        proc.kill()
    how = "Ctrl-C" if signum == signal.SIGINT else "SIGTERM"
    assert proc.returncode == 128 + signum, stderr
    no_traceback(stderr)
    assert stderr.strip().splitlines() == [f"Stopped by {how}; the previous report (if any) was left as it was."]
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert marked_processes(mark) == [], "a kernel of the stopped build is still running"


def test_a_failing_notebook_gives_only_its_message(tmp_path):
    """While one notebook fails, the other kernel is starting or running; cancelling it must
    print nothing (it used to print a KeyboardInterrupt traceback from a kernel still starting
    in most failed builds)."""
    broken = write_notebook(tmp_path / "01_broken.ipynb", "raise RuntimeError('the scores sheet is empty')")
    others = [write_notebook(tmp_path / "02_fine.ipynb", "import time\ntime.sleep(2)")]
    for attempt in range(3):  # the traceback came in most failed builds: three tries catch it
        mark = uuid.uuid4().hex
        result = run_cli("report", SAMPLE, "--out", tmp_path / "report", env=cli_env([broken, *others], mark))
        assert result.returncode == 1
        no_traceback(result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, f"attempt {attempt + 1}: {result.stderr}"
        assert re.fullmatch(
            r"Error: notebook 01_broken.ipynb failed in cell \d+: RuntimeError: the scores sheet "
            r"is empty; the previous report \(if any\) was left as it was",
            lines[0],
        )
        assert marked_processes(mark) == [], "a kernel of the failed build is still running"
        assert not (tmp_path / "report").exists()


def refuses_writes(folder: Path) -> bool:
    probe = folder / f".probe-{uuid.uuid4().hex}"
    try:
        probe.mkdir()
    except OSError:
        return True
    probe.rmdir()
    return False


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A folder nobody may write into: a chmod-ed one, or where that does not stop this user
    (root), /sys, which refuses new entries to root as well."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if refuses_writes(folder):
            yield folder
        elif refuses_writes(Path("/sys")):
            yield Path("/sys")
        else:
            pytest.skip("no folder here refuses writes by this user")
    finally:
        folder.chmod(0o755)


def test_report_into_a_read_only_folder_says_so(read_only_folder, capsys):
    out = read_only_folder / "report"
    assert main(["report", str(SAMPLE), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"Error: {read_only_folder} ") and "choose another place" in err, err
    assert len(err.splitlines()) == 1 and not out.exists()


def test_unreadable_input_file_says_so(sample_copy, tmp_path, capsys):
    vendors = sample_copy / "vendors.csv"
    vendors.chmod(0)
    try:
        try:
            vendors.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip(
                "this user (root) reads files whatever their permissions; "
                "test_a_folder_where_a_table_file_belongs covers the same path"
            )
        for command in (["validate", str(sample_copy)], ["report", str(sample_copy), "--out", str(tmp_path / "r")]):
            assert main(command) == 1
            err = capsys.readouterr().err.strip()
            assert err.startswith(f"Error: {vendors} may not be read") and len(err.splitlines()) == 1, err
    finally:
        vendors.chmod(0o644)
    assert not (tmp_path / "r").exists()


def test_a_folder_where_a_table_file_belongs(sample_copy, tmp_path, capsys):
    (sample_copy / "vendors.csv").unlink()
    (sample_copy / "vendors.csv").mkdir()
    for command in (["validate", str(sample_copy)], ["report", str(sample_copy), "--out", str(tmp_path / "r")]):
        assert main(command) == 1
        err = capsys.readouterr().err.strip()
        # The loader reports it with the other problems of the project, by file.
        assert (
            err == f"{sample_copy}: the input needs fixing.\n1 problem in the input:\n"
            "- vendors.csv: cannot be read (it is a folder, not a file); expected a readable CSV file"
        ), err
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    "target, says",
    [
        ("missing/deeper/blank.xlsx", "does not exist; check the path (a folder on it may be missing)"),
        ("notes.txt/blank", "part of the path is a file, not a folder"),
        ("notes.txt/blank.xlsx", "part of the path is a file, not a folder"),
    ],
)
def test_template_where_it_cannot_be_written(tmp_path, target, says, monkeypatch, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["template", target]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"Error: {target} ") and says in err and len(err.splitlines()) == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
