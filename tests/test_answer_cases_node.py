"""The page's marking (assets/quiz.js) under Node, with no browser, on data/answer_cases.json.

quiz.js holds only the logic: the rule book (units, number patterns, word forms) is the data
Python writes into every quiz, ``psoas_course.core.marking.rules()``, and the harness hands
quiz.js exactly that. The same table runs through ``marking.judge`` in tests/test_quiz.py, so
the two checkers agree case by case.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from srs_node import node_json

from psoas_course.core import marking
from psoas_course.core.data import data_dir

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "tests" / "js" / "quiz_node.js"
QUIZ_JS = ROOT / "src" / "psoas_course" / "ui" / "assets" / "quiz.js"
CASES = json.loads((data_dir() / "answer_cases.json").read_text(encoding="utf-8"))


def node_judge(questions: dict, cases: list[dict], rules: dict | None = None) -> list:
    if shutil.which("node") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run quiz.js's marking, but node is not installed")
        pytest.skip("node is not installed (Debian: apt-get install nodejs)")
    request = {"rules": rules or marking.rules(), "questions": questions, "cases": cases}
    return node_json(HARNESS, request)["results"]


def test_every_answer_case_is_marked_by_quiz_js_as_the_table_says():
    results = node_judge(CASES["questions"], CASES["cases"])
    wrong = [
        f"{c['question']} {c['input']!r}: expected {c['verdict']} ({c.get('says', '')!r}), "
        f"got {verdict} ({text!r})"
        for c, (verdict, text) in zip(CASES["cases"], results, strict=True)
        if verdict is not c["verdict"] or c.get("says", "").lower() not in text.lower()
    ]
    assert not wrong, "\n".join(wrong)
    assert len(results) == len(CASES["cases"]) >= 100


def test_quiz_js_and_python_give_the_same_feedback_word_for_word():
    results = node_judge(CASES["questions"], CASES["cases"])
    python = [
        list(marking.judge(CASES["questions"][c["question"]], c["input"])) for c in CASES["cases"]
    ]
    differ = [
        f"{c['question']} {c['input']!r}:\n  python: {want}\n  quiz.js: {got}"
        for c, want, got in zip(CASES["cases"], python, results, strict=True)
        if want != got
    ]
    assert not differ, "\n".join(differ)


def test_quiz_js_marks_with_the_rules_it_is_given():
    """The rule book is data: a unit spelling added to it is read by quiz.js without a change."""
    rules = marking.rules()
    rules["units"]["furlongs"] = ["length", 201.168]
    question = {"length-cm": CASES["questions"]["length-cm"]}
    cases = [{"question": "length-cm", "input": "2.4 furlongs"}]
    assert node_judge(question, cases)[0][0] is None  # the shipped book does not know it
    verdict, text = node_judge(question, cases, rules)[0]
    assert verdict is False and "moment-arm curve" in text  # 48280 cm: read, then wrong


def test_quiz_js_keeps_no_rule_tables():
    """Unit spellings, quantity names and number patterns live in core.marking only."""
    script = QUIZ_JS.read_text(encoding="utf-8")
    for spelling in ("millimetre", "newton", "kilogram", "degrees", "percent", "a percentage",
                     "twenty", "fold", "I do not know the unit", "looks like a fraction",
                     "still unticked", "Type an answer first"):  # fmt: skip
        assert spelling not in script, f"quiz.js still spells {spelling!r}"
    assert not re.search(r"approx|roughly|\\u2212|\\u00b7|\\u00ba|\\u2013", script)


def test_quiz_js_declares_each_function_once():
    """One engine scope: a second ``function say`` silently replaces the first (hoisting), as
    a marking helper once replaced the one that shows the reset notice."""
    names = re.findall(r"\bfunction\s+([A-Za-z_$][\w$]*)\s*\(", QUIZ_JS.read_text(encoding="utf-8"))
    twice = sorted({n for n in names if names.count(n) > 1})
    assert not twice, f"quiz.js declares {twice} more than once"
