"""The lesson index: the shipped ``lessons.json`` is what ``_toc.yml`` and the notebooks say,
and an installed package (no checkout) knows its lessons from it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from psoas_course import course

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_index_equals_a_fresh_build():
    fresh = course.index_text(course.build_index(ROOT))
    assert course.INDEX_FILE.read_text(encoding="utf-8") == fresh, (
        "src/psoas_course/lessons.json is out of date: "
        "run `.venv/bin/python -m psoas_course.course --write`"
    )


def test_index_lists_the_toc_lessons_in_order():
    toc = [f.removesuffix(".ipynb") + ".ipynb" for f in course.toc_files(ROOT)]
    toc = [f for f in toc if f.startswith("notebooks/")]
    assert [item.notebook for item in course.lessons()] == toc
    for item in course.lessons():
        assert (ROOT / item.notebook).is_file(), item.notebook
        assert item.bank == "" or (ROOT / item.bank).is_file(), item.bank
        assert item.key == Path(item.notebook).stem and item.number == int(item.key[:2])


def test_lesson_looks_up_by_key_slug_or_number():
    first = course.lessons()[0]
    assert course.lesson(first.key) == course.lesson(first.slug) == course.lesson(first.number)


def test_an_installed_package_knows_its_lessons_without_a_checkout(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "src" / "psoas_course", site / "psoas_course")
    code = (
        "import json, psoas_course\n"
        "from psoas_course import lessons\n"
        "print(json.dumps([psoas_course.__file__, [x.key for x in lessons()]]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    where, keys = json.loads(run.stdout)
    assert Path(where).is_relative_to(site), f"imported {where}, not the copy"
    assert keys == [item.key for item in course.lessons()]


def test_a_missing_index_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(course, "INDEX_FILE", tmp_path / "lessons.json")
    course.lessons.cache_clear()
    try:
        message = ""
        try:
            course.lessons()
        except course.CourseError as err:
            message = str(err)
        assert "lessons.json" in message and "python -m psoas_course.course --write" in message
    finally:
        course.lessons.cache_clear()
