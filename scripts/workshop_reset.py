"""Reset the workshop's exercise notebooks to their clean state, keeping a backup first.

Run as ``make workshop-reset`` (or ``.venv/bin/python scripts/workshop_reset.py``) from the
repository. It

1. copies every notebook now in ``notebooks/exercises/`` into a new dated folder
   ``notebooks/exercises/backups/<YYYY-MM-DD_HHMMSS>/`` (an existing backup is never
   overwritten: a second reset in the same second gets a ``_2`` folder), so no participant's
   work is lost; a ``.gitignore`` there keeps the backups out of git;
2. restores each exercise notebook committed in git to its committed state
   (``git show HEAD:<path>``), including one that was deleted;
3. prints what it did.

Notebooks a participant added (not committed) are backed up and left where they are.
Close the notebooks in JupyterLab first: an open notebook would save its old content again.
Exit status 0 on success, 1 with a plain message (no traceback) when the folder is not a git
checkout or git is missing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

EXERCISES = Path("notebooks") / "exercises"
BACKUPS = EXERCISES / "backups"
STAMP = "%Y-%m-%d_%H%M%S"


class ResetError(RuntimeError):
    """The reset cannot run; the message says why and what to do."""


@dataclass
class ResetReport:
    """What ``reset`` did: paths relative to the repository root."""

    backup: Path | None = None  # None when there was nothing to back up
    backed_up: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)  # changed or missing, now clean
    unchanged: list[str] = field(default_factory=list)  # already clean
    kept: list[str] = field(default_factory=list)  # not committed: backed up, left in place

    def lines(self) -> list[str]:
        """The report as lines for the terminal."""
        out = []
        if self.backup is None:
            out.append("No exercise notebooks to back up.")
        else:
            out.append(f"Backed up {len(self.backed_up)} notebook(s) to {self.backup.as_posix()}/")
        out += [f"  restored   {name}" for name in self.restored]
        out += [f"  unchanged  {name}" for name in self.unchanged]
        out += [f"  kept       {name} (not part of the kit; its copy is in the backup)" for name in self.kept]
        out.append(f"Done: {len(self.restored)} restored, {len(self.unchanged)} already clean.")
        return out


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise ResetError(
            "git is not installed, and the reset restores the notebooks from git. "
            "Install git, or copy notebooks/exercises/ from a fresh download."
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise ResetError(" ".join(message[-1:]) or f"git {' '.join(args)} failed")
    return done.stdout


def committed_notebooks(root: Path) -> list[str]:
    """Paths (relative to ``root``, POSIX) of the exercise notebooks committed in HEAD, backups
    left out. Raises ResetError outside a git checkout, or when none is committed."""
    root = Path(root)
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    except ResetError:
        raise ResetError(
            f"{root} is not a git checkout with a commit, so there is no clean state "
            "to restore. Copy notebooks/exercises/ from a fresh download instead."
        ) from None
    # Without --full-name, ls-tree names paths relative to the working directory (root), which
    # also holds when the workbook is a folder inside a larger repository.
    listing = _git(root, "ls-tree", "-z", "--name-only", "HEAD", "--", f"{EXERCISES.as_posix()}/")
    paths = sorted(
        line
        for line in listing.decode("utf-8").split("\0")
        if line.endswith(".ipynb") and Path(line).parent == EXERCISES
    )
    if not paths:
        raise ResetError(
            f"no exercise notebooks are committed in {EXERCISES.as_posix()}/ of this "
            "checkout, so there is no clean state to restore; nothing was changed."
        )
    return paths


def _new_backup_folder(root: Path, now: dt.datetime) -> Path:
    """A fresh folder under BACKUPS named after ``now``; never an existing one."""
    base = root / BACKUPS
    base.mkdir(parents=True, exist_ok=True)
    ignore = base / ".gitignore"
    if not ignore.exists():
        # Participants' work stays on this machine: git neither shows nor commits the backups.
        ignore.write_text("# Written by scripts/workshop_reset.py: keep backups out of git.\n*\n", encoding="utf-8")
    stamp = now.strftime(STAMP)
    for n in range(1, 1000):
        folder = base / (stamp if n == 1 else f"{stamp}_{n}")
        try:
            folder.mkdir()  # fails if it exists: an old backup is never written into
        except FileExistsError:
            continue
        return folder
    raise ResetError(f"too many backups named {stamp} in {base}")


def reset(root: Path, now: dt.datetime | None = None) -> ResetReport:
    """Back up the exercise notebooks under ``root`` and restore the committed ones.

    Takes the repository root (or the workbook's folder inside a larger repository) and the
    time that names the backup folder (default: now, local time). Returns a ResetReport.
    Raises ResetError when ``root`` is not a git checkout or git is missing; nothing is
    changed then.
    """
    root = Path(root).resolve()
    committed = committed_notebooks(root)  # fails before anything is touched
    now = now or dt.datetime.now()
    report = ResetReport()

    current = sorted((root / EXERCISES).glob("*.ipynb"))
    if current:
        folder = _new_backup_folder(root, now)
        for path in current:
            shutil.copy2(path, folder / path.name)
        report.backup = folder.relative_to(root)
        report.backed_up = [path.name for path in current]

    for name in committed:
        clean = _git(root, "show", f"HEAD:./{name}")
        target = root / name
        if target.is_file() and target.read_bytes() == clean:
            report.unchanged.append(target.name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(clean)
        report.restored.append(target.name)
    kit = {Path(name).name for name in committed}
    report.kept = [path.name for path in current if path.name not in kit]
    return report


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parent.parent
    try:
        report = reset(root)
    except ResetError as problem:
        print(f"workshop-reset: {problem}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
