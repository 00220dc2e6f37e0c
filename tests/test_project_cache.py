"""One validation per report build: the notebooks share the validated project through a cache
that any change to an input invalidates, and that a notebook run by hand never uses."""

from __future__ import annotations

import os
import shutil

import pytest

from helpers import data
from helpers.project_cache import CACHE_ENV, cache_folder, shared_during_build
from tests.conftest import SAMPLE


@pytest.fixture
def validations(monkeypatch):
    """Count the real validations (the loader itself runs unchanged)."""
    calls = []
    real = data._load_and_validate

    def counting(path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(data, "_load_and_validate", counting)
    return calls


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def test_a_build_validates_the_project_once(sample_copy, cache, validations):
    first = data.load_project(sample_copy)
    again = data.load_project(sample_copy)
    assert len(validations) == 1
    assert again.summary() == first.summary()
    for name, frame in first.tables.items():
        assert again.tables[name].equals(frame), name
    assert [p.suffix for p in cache.iterdir()] == [".pickle"]
    assert not any(p.suffix == ".pickle" for p in sample_copy.iterdir())  # never in the data folder


@pytest.mark.parametrize("table", sorted(p.stem for p in SAMPLE.glob("*.csv")))
def test_changing_any_input_file_invalidates_it(sample_copy, cache, validations, table):
    data.load_project(sample_copy)
    path = sample_copy / f"{table}.csv"
    path.write_bytes(path.read_bytes() + b"\n")  # a blank line: same project, other bytes
    data.load_project(sample_copy)
    assert len(validations) == 2


def test_adding_or_removing_a_table_invalidates_it(sample_copy, cache, validations):
    data.load_project(sample_copy)
    (sample_copy / "red_flags.csv").unlink()
    assert len(data.load_project(sample_copy).red_flags) == 0
    shutil.copy(SAMPLE / "red_flags.csv", sample_copy / "red_flags.csv")
    assert len(data.load_project(sample_copy).red_flags) > 0
    assert len(validations) == 2  # restored: the same bytes as the first load, whose entry is right again


def test_a_corrupted_entry_is_ignored_and_rewritten(sample_copy, cache, validations):
    data.load_project(sample_copy)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    project = data.load_project(sample_copy)
    assert len(validations) == 2 and len(project.vendors) == 4
    data.load_project(sample_copy)
    assert len(validations) == 2  # rewritten: the next notebook hits it again


def test_bad_input_is_never_cached(sample_copy, cache, validations):
    (sample_copy / "vendors.csv").write_text("vendor\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(data.InputError):
            data.load_project(sample_copy)
    assert len(validations) == 2 and not list(cache.iterdir())


def test_a_notebook_run_by_hand_uses_no_cache(sample_copy, validations, monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    data.load_project(sample_copy)
    data.load_project(sample_copy)
    assert len(validations) == 2


def test_the_build_makes_a_private_cache_and_deletes_it(monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    seen = {}

    @shared_during_build
    def build():
        seen["folder"] = cache_folder()
        seen["mode"] = seen["folder"].stat().st_mode & 0o777
        raise KeyboardInterrupt  # a build stopped half-way still cleans up

    with pytest.raises(KeyboardInterrupt):
        build()
    assert seen["folder"] is not None and seen["mode"] == 0o700
    assert not seen["folder"].exists()
    assert CACHE_ENV not in os.environ
