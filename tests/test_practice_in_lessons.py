"""Practice inside the lesson (issue 19, item 4): each listed lesson asks questions after at
least three of its teaching sections, and its end-of-lesson self-check keeps at least four.

Cells are found by their text (headings, show_quiz calls), never by their number."""

import json
import re
from pathlib import Path

import pytest

from psoas_course.core.bank import load_bank
from psoas_course.course import course_root

LESSONS = [
    "01-meet-the-psoas",
    "02-how-the-psoas-moves-you",
    "03-spine-stability-and-side-bending",
    "04-nerves-and-the-lumbar-plexus",
    "05-sitting-posture-and-pelvic-tilt",
    "06-stretching-and-caring-for-the-psoas",
    "07-breathing-stress-and-big-claims",
    "08-the-psoas-when-you-walk",
    "09-when-the-psoas-is-a-clinical-problem",
]

NOT_TEACHING = {
    "overview",
    "prerequisites",
    "review",
    "try it",
    "exercise: predict, then check",
    "self-check",
    "summary",
    "what's next",
    "references",
}
PRACTICE = re.compile(r'show_quiz\(\s*"([^"]+)"\s*,\s*section\s*=\s*"([^"]+)"\s*\)')
HEADING = re.compile(r"^## +(.+?)\s*$", re.M)


def _cells(lesson):
    path = Path(course_root()) / "notebooks" / f"{lesson}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = cell["source"]
        yield cell["cell_type"], "".join(source) if isinstance(source, list) else source


def practice_boxes(cells):
    """(heading above the cell, section) for every practice cell, in lesson order."""
    heading, found = None, []
    for kind, text in cells:
        if kind == "markdown":
            headings = HEADING.findall(text)
            if headings:
                heading = headings[-1]
        elif kind == "code":
            found += [(heading, m.group(2)) for m in PRACTICE.finditer(text) if m.group(1)]
    return found


def placement_problems(cells):
    """What is wrong with where a lesson's practice boxes sit."""
    boxes = practice_boxes(cells)
    problems = []
    if len({s for _, s in boxes}) < 3 or len({h for h, _ in boxes}) < 3:
        problems.append(f"practice in fewer than 3 teaching sections: {boxes}")
    for heading, section in boxes:
        if heading is None or heading.strip().lower() in NOT_TEACHING:
            problems.append(
                f"practice box {section!r} sits under {heading!r}, not a teaching section"
            )
    return problems


@pytest.mark.parametrize("lesson", LESSONS)
def test_practice_follows_at_least_three_teaching_sections(lesson):
    assert placement_problems(list(_cells(lesson))) == []


@pytest.mark.parametrize("lesson", LESSONS)
def test_practice_cells_name_their_own_lesson(lesson):
    for _, text in _cells(lesson):
        for m in PRACTICE.finditer(text):
            assert m.group(1) == lesson


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_end_of_lesson_box_keeps_at_least_four_questions(lesson):
    calls = [t for k, t in _cells(lesson) if k == "code" and f'show_quiz("{lesson}")' in t]
    assert calls, f"{lesson}: no end-of-lesson show_quiz cell"
    bank = load_bank(lesson)
    left = [q["id"] for q in bank.questions if not q.get("section")]
    assert len(left) >= 4, left
    assert len(left) < len(bank.questions), "no question moved into the lesson"


def test_the_checks_can_fail():
    """Boxes under '## Try it' or before any heading, or in only two sections, are caught."""
    box = 'show_quiz("x", section="{}")'.format
    good = [
        ("markdown", "## One"),
        ("code", box("one")),
        ("markdown", "## Two"),
        ("code", box("two")),
        ("markdown", "## Three"),
        ("code", box("three")),
    ]
    assert placement_problems(good) == []
    assert placement_problems(good[:4])
    assert placement_problems([("code", box("early"))] + good)
    assert placement_problems(good + [("markdown", "## Try it"), ("code", box("late"))])
    assert not practice_boxes([("code", 'show_quiz("x")')])
