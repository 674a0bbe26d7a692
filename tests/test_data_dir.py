"""Lessons find their data wherever they run: env override, a data/ near the notebook, the
copy shipped in the package, the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from psoas_course import course
from psoas_course.core import data

ROOT = Path(__file__).resolve().parents[1]


def course_data(folder: Path) -> Path:
    """A minimal course data folder (the marker table only)."""
    folder.mkdir(parents=True)
    (folder / data.MARKER).write_text("model\n", encoding="utf-8")
    return folder


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """Run from a folder with no data/ above it, and no override."""
    monkeypatch.delenv("PSOAS_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_data_folder_above_the_notebook_wins_over_the_packaged_copy(elsewhere, monkeypatch):
    packaged = course_data(elsewhere / "site-packages" / "course_data" / "data")
    monkeypatch.setattr(data, "PACKAGED", packaged)
    pulled = course_data(elsewhere / "psoas-course" / "data")
    notebooks = elsewhere / "psoas-course" / "notebooks"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks)
    assert data.data_dir() == pulled
    monkeypatch.chdir(pulled.parent)  # beside the working folder too
    assert data.data_dir() == pulled


def test_an_unrelated_data_folder_is_not_taken_for_the_course(elsewhere, monkeypatch):
    (elsewhere / "data").mkdir()
    packaged = course_data(elsewhere / "pkg" / "data")
    monkeypatch.setattr(data, "PACKAGED", packaged)
    assert data.data_dir() == packaged


def test_the_packaged_copy_serves_a_notebook_with_no_data_nearby(elsewhere, monkeypatch):
    packaged = course_data(elsewhere / "pkg" / "data")
    monkeypatch.setattr(data, "PACKAGED", packaged)
    monkeypatch.setattr(data, "CHECKOUT", course_data(elsewhere / "checkout" / "data"))
    assert data.data_dir() == packaged


def test_the_checkout_serves_an_editable_install(elsewhere, monkeypatch):
    monkeypatch.setattr(data, "PACKAGED", elsewhere / "missing")
    assert data.data_dir() == ROOT / "data"


def test_the_environment_variable_overrides_everything(elsewhere, monkeypatch):
    course_data(elsewhere / "data")
    monkeypatch.setenv("PSOAS_DATA_DIR", str(elsewhere / "mine"))
    assert data.data_dir() == elsewhere / "mine"


def test_the_course_root_is_found_from_a_notebook_folder(elsewhere, monkeypatch):
    (elsewhere / "fork" / "notebooks").mkdir(parents=True)
    (elsewhere / "fork" / "_toc.yml").write_text("root: x\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere / "fork" / "notebooks")
    assert course.course_root() == elsewhere / "fork"
