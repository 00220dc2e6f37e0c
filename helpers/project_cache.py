"""Load and validate a project once per report build, however many notebooks read it.

The report runs six notebooks, in two kernels, and each calls ``load_project``: on a
big project (a pilot file of a million tickets) reading and validating the same files six
times took most of the build. ``build_report`` therefore runs inside ``shared_during_build``:
it creates a private temporary folder (never in the user's data folder), names it in the
environment variable ``CACHE_ENV`` that the notebooks' kernels inherit, and deletes it when
the build ends. While that variable is set, ``cached_load`` keeps the validated project as a
pickle keyed by the content of every input file and the code of ``helpers``: any change to an
input (or to the workbook) is a different key, so a stale project is never used. A notebook
run by hand has no such variable and loads its inputs itself, as before. An entry that cannot
be read (a corrupted or truncated file) is ignored and written again.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable

CACHE_ENV = "OUTSOURCING_WORKBOOK_PROJECT_CACHE"
HELPERS_DIR = Path(__file__).resolve().parent
_CHUNK = 1 << 20


def _hash_file(digest, path: Path) -> None:
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """The workbook's own code (every module of ``helpers``) and the libraries a pickle
    depends on: a new version of either makes every cached project stale."""
    import pandas

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version}|pandas {pandas.__version__}".encode())
    for module in sorted(HELPERS_DIR.rglob("*.py")):
        digest.update(str(module.relative_to(HELPERS_DIR)).encode())
        _hash_file(digest, module)
    return digest.hexdigest()


def cache_key(path: str | Path) -> str | None:
    """A key for the inputs at ``path``: the path, the names in the folder and the bytes of
    every CSV or Excel file there (or of the one workbook), and the code version. ``None``
    when ``path`` cannot be read as a whole (then nothing is cached: the loader reports it)."""
    path = Path(path)
    digest = hashlib.blake2b(digest_size=32)
    digest.update(_code_version().encode())
    digest.update(str(path).encode() + b"\0" + str(path.resolve()).encode() + b"\0")
    try:
        if path.is_dir():
            entries = sorted(path.iterdir(), key=lambda p: p.name)
            for entry in entries:
                digest.update(b"\0name\0" + entry.name.encode("utf-8", "surrogateescape"))
                if entry.suffix.lower() in {".csv", ".xlsx", ".xlsm"} and entry.is_file():
                    digest.update(b"\0bytes\0")
                    _hash_file(digest, entry)
        elif path.is_file():
            _hash_file(digest, path)
        else:
            return None
    except OSError:
        return None
    return digest.hexdigest()


def cache_folder() -> Path | None:
    """The folder named by ``CACHE_ENV`` when it exists (set by ``build_report``), else None."""
    folder = os.environ.get(CACHE_ENV)
    if not folder or not Path(folder).is_dir():
        return None
    return Path(folder)


def cached_load(path: str | Path, load: Callable[[str | Path], object]):
    """``load(path)``, or the project a previous call of this build stored for the same inputs.

    Without a cache folder (a notebook run by hand, the CLI's ``validate``) it simply calls
    ``load``. Errors of ``load`` (bad input) are never cached: they are raised each time.
    """
    folder = cache_folder()
    key = cache_key(path) if folder is not None else None
    if key is None:
        return load(path)
    entry = folder / f"{key}.pickle"
    try:
        with entry.open("rb") as handle:
            project = pickle.load(handle)
        from helpers.data import Project

        if isinstance(project, Project):
            return project
    except Exception:  # missing, truncated or corrupted: validate again and rewrite it
        pass
    project = load(path)
    _write(entry, project)
    return project


def store(path: str | Path, project) -> None:
    """Make ``project`` what this build's notebooks load for ``path`` (the report's
    ``--set`` options change the settings of the validated project once, for every notebook).
    Does nothing outside a build."""
    folder = cache_folder()
    key = cache_key(path) if folder is not None else None
    if key is not None:
        _write(folder / f"{key}.pickle", project)


def _write(entry: Path, project) -> None:
    partial = entry.with_name(f".{entry.stem}-{os.getpid()}.partial")
    try:
        with partial.open("wb") as handle:
            pickle.dump(project, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, entry)  # atomic: two kernels may store the same entry at once
    except Exception:  # a full disk or a removed folder only costs the next notebook a reload
        partial.unlink(missing_ok=True)


def shared_during_build(function):
    """Decorator for ``build_report``: while it runs, the notebooks it starts share one
    validated project through a private temporary cache folder, deleted afterwards."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if cache_folder() is not None:  # already inside a build
            return function(*args, **kwargs)
        folder = tempfile.mkdtemp(prefix="workbook-project-cache-")
        before = os.environ.get(CACHE_ENV)
        os.environ[CACHE_ENV] = folder
        try:
            return function(*args, **kwargs)
        finally:
            if before is None:
                os.environ.pop(CACHE_ENV, None)
            else:
                os.environ[CACHE_ENV] = before
            shutil.rmtree(folder, ignore_errors=True)

    return wrapper
