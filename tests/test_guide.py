"""The instructor guide and answer key tell teachers what the tests and the student edition
assume: every bank rule, the memory a class needs, the exercise solutions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from psoas_course.authoring import answer_key, bank_rules, lint, student_book
from psoas_course.ui.quiz import all_banks

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "book" / "instructor-guide.md").read_text(encoding="utf-8")
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize(
    "rule",
    [
        "at least 5 questions",  # tests/test_quiz.py
        "at least 2 question types",  # tests/test_quiz.py
        "every objective has at least one question",  # tests/test_quiz.py, lint
        "word for word under `## Overview`",  # tests/test_lessons.py
    ],
)
def test_guide_states_the_bank_rules_the_tests_enforce(rule):
    assert rule in GUIDE, f"book/instructor-guide.md: say the bank rule {rule!r}"


def test_guide_names_every_linter_bank_rule():
    names = [rule.name for rule in lint.BANK_RULES if rule.on]
    names += [rule.__name__.replace("_", "-") for rule in bank_rules.WARNINGS]
    missing = [name for name in names if f"`{name}`" not in GUIDE]
    assert not missing, f"book/instructor-guide.md: describe the linter rule(s) {missing}"


def test_guide_gives_the_memory_a_class_needs():
    section = GUIDE.split("## Teach a class on a JupyterHub", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"\b1\d\d MiB\b.*kernel", section, re.S), "no measured kernel memory"
    assert "JupyterLab" in section and "per student" in section


def test_answer_key_includes_every_exercise_solution():
    key = answer_key.answer_key(all_banks(), ROOT)
    solutions = 0
    for path in LESSONS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            text = "".join(cell["source"])
            if cell["cell_type"] != "markdown":
                continue
            stripped, count = student_book.strip_details_solutions(text)
            if not count:
                continue
            solutions += count
            for body in answer_key.solution_blocks(text):
                first_line = body[1].strip().splitlines()[0]
                assert first_line in key, f"{path.name}: solution missing from the key"
    assert solutions >= len(LESSONS) - 1, "lessons lost their exercise solutions?"
    assert key.count("**Solution ") == solutions


def test_guide_offers_the_course_pdf_and_make_builds_it():
    section = GUIDE.split("## Printing and PDF", 1)[1]
    assert "make pdf" in section and "_build/pdf/psoas-course.pdf" in section
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^pdf:[^\n]*\n((?:\t[^\n]*\n)*)", makefile, re.M)
    assert rule and "tools/make_pdf.py $(SITE) _build/pdf" in rule.group(1)
