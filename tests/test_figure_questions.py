"""Questions on the figures (data/questions/figures/, topics/figure_questions.py): the files load,
a bad file is refused with a message naming file and field, and no figure gives its answers
away in its title, description, caption or marker names."""

from __future__ import annotations

import copy
import json
import re
from html import unescape
from pathlib import Path

import pytest

import psoas_course
from psoas_course.core.bank import all_banks
from psoas_course.topics import figure_questions as fq
from psoas_course.ui.figquiz import FigureQuizProblem

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "data" / "questions" / "figures"
LESSONS = fq.figure_lessons()
SETS = {lesson: fq.load_figure_set(lesson) for lesson in LESSONS}


def test_at_least_twelve_questions_across_lessons_1_3_4_7_and_9():
    counts = {lesson[:2]: len(data["questions"]) for lesson, data in SETS.items()}
    assert {"01", "03", "04", "07", "09"} <= set(counts), counts
    assert sum(counts[n] for n in ("01", "03", "04", "07", "09")) >= 12, counts
    # both kinds of question on every figure
    for lesson, data in SETS.items():
        assert {q["ask"] for q in data["questions"]} == {"which", "what"}, lesson


def test_question_ids_are_stable_unique_and_apart_from_the_banks():
    ids = [q["id"] for data in SETS.values() for q in data["questions"]]
    assert len(ids) == len(set(ids))
    assert "fig-01-psoas-major" in ids
    bank_ids = {q["id"] for bank in all_banks() for q in bank.questions}
    assert not set(ids) & bank_ids
    # the ids the page stores progress under (srs.js accepts only these)
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}", i) for i in ids)


def test_the_front_door_gives_a_figure_quiz_and_a_review():
    quiz = psoas_course.figure_quiz("01-meet-the-psoas")
    html = quiz._repr_html_()
    assert 'class="psoas-figquiz' in html and "figquiz.js" in html and "srs.js" in html
    assert "4 questions" in repr(quiz)
    review = psoas_course.figure_review()
    assert len(review.sets) == len(LESSONS)
    assert 'data-kind="review"' in review._repr_html_()


def test_a_lesson_without_figure_questions_gets_a_message_not_a_traceback():
    shown = psoas_course.figure_quiz("02-how-the-psoas-moves-you")
    assert isinstance(shown, FigureQuizProblem)
    assert "02-how-the-psoas-moves-you.json" in repr(shown)


# -- bad files ------------------------------------------------------------------------------------
GOOD = json.loads((FOLDER / "01-meet-the-psoas.json").read_text(encoding="utf-8"))


def broken(change):
    raw = copy.deepcopy(GOOD)
    change(raw)
    return raw


def _set(key, value):
    return lambda raw: raw.__setitem__(key, value)


def _q(key, value, index=0):
    return lambda raw: raw["questions"][index].__setitem__(key, value)


def _drop_structure(raw):
    del raw["structures"]["femur"]


BAD = [
    (lambda raw: raw.__setitem__("colour", "red"), "unknown field 'colour'"),
    (_set("lesson", "02-how-the-psoas-moves-you"), "field 'lesson' is '02-how-the-psoas"),
    (_set("figure", "no-such-figure"), "field 'figure': 'no-such-figure' is not one of"),
    (_set("intro", " "), "field 'intro' is missing or empty"),
    (_drop_structure, "field 'structures': no name for femur"),
    (
        lambda raw: raw["structures"].__setitem__("kidney", {"name": "Kidney"}),
        "field 'structures': 'kidney' is not marked on figure 'anatomy-front'",
    ),
    (
        lambda raw: raw["structures"]["femur"].__setitem__("name", "Iliacus"),
        "field 'structures.femur.name': 'Iliacus' is also the name of 'iliacus'",
    ),
    (
        lambda raw: raw["structures"]["femur"].__setitem__("colour", "grey"),
        "field 'structures.femur.colour': unknown field",
    ),
    (_set("questions", []), "field 'questions' must be a non-empty list"),
    (_q("id", "psoas-major"), "question 1 (psoas-major): field 'id': must look like"),
    (_q("id", "fig-03-psoas-major"), "field 'id': must start with fig-01-"),
    (_q("id", "fig-01-iliacus"), "question 2 (fig-01-iliacus): field 'id': duplicate of"),
    (_q("ask", "where"), "field 'ask': must be one of which, what, got 'where'"),
    (_q("structure", "kidney"), "field 'structure': 'kidney' is not one of"),
    (_q("feedback", ""), "field 'feedback': missing or empty"),
    (_q("question", "What does this mark?", 3), "a 'what' question needs {n}"),
    (_q("question", "Which is number {n}?"), "a 'which' question names the structure"),
    (_q("hint", "look left"), "question 1 (fig-01-psoas-major): field 'hint': unknown field"),
]


@pytest.mark.parametrize(("change", "message"), BAD, ids=[m for _, m in BAD])
def test_a_bad_file_names_the_file_and_the_field(tmp_path, change, message):
    path = tmp_path / "01-meet-the-psoas.json"
    with pytest.raises(fq.FigureQuestionError) as err:
        fq.validate_set(broken(change), path, {"01-meet-the-psoas"})
    assert str(err.value).startswith(f"{path}: "), err.value
    assert message in str(err.value), err.value


def test_a_file_that_is_not_json_says_where(tmp_path, monkeypatch):
    folder = tmp_path / "questions" / "figures"
    folder.mkdir(parents=True)
    (folder / "01-meet-the-psoas.json").write_text('{"lesson": }', encoding="utf-8")
    monkeypatch.setattr(fq, "data_dir", lambda: tmp_path)
    with pytest.raises(
        fq.FigureQuestionError, match=r"01-meet-the-psoas.json: invalid JSON at line 1"
    ):
        fq.load_figure_set("01-meet-the-psoas")
    shown = fq.figure_quiz("01-meet-the-psoas")
    assert isinstance(shown, FigureQuizProblem) and "invalid JSON" in repr(shown)


def test_a_lesson_not_in_the_course_is_refused(tmp_path):
    path = tmp_path / "01-meet-the-psoas.json"
    with pytest.raises(fq.FigureQuestionError, match="no lesson '01-meet-the-psoas'"):
        fq.validate_set(copy.deepcopy(GOOD), path, {"02-other"})


# -- nothing gives the answer away ----------------------------------------------------------------
def asked_names(data) -> set[str]:
    """The words that would name an asked structure: its name and its name in a sentence."""
    names = set()
    for q in data["questions"]:
        s = data["structures"][q["structure"]]
        names.add(s["name"].lower())
        names.add(re.sub(r"^(the|a|an) ", "", s["called"].lower()))
    return names


def visible_names(lesson: str) -> dict[str, str]:
    """Everything a reader or a screen reader gets before answering, by where it is."""
    data = SETS[lesson]
    quiz = fq.figure_quiz(lesson)
    html = quiz._repr_html_()
    svg = quiz.figure.svg
    return {
        "title": unescape(re.search(r"<title>(.*?)</title>", svg, re.S).group(1)),
        "description": unescape(re.search(r"<desc>(.*?)</desc>", svg, re.S).group(1)),
        "texts in the drawing": " | ".join(
            unescape(t) for t in re.findall(r"<text [^>]*>([^<]*)</text>", svg)
        ),
        "marker names": " | ".join(unescape(a) for a in re.findall(r'aria-label="([^"]*)"', html)),
        "intro": data["intro"],
        "heading": data["title"],
    }


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_description_or_marker_names_an_asked_structure(lesson):
    names = asked_names(SETS[lesson])
    for where, content in visible_names(lesson).items():
        low = content.lower()
        for name in names:
            assert name not in low, f"{lesson}: the {where} names {name!r}: {content}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_markers_are_buttons_named_by_number_and_place(lesson):
    quiz = fq.figure_quiz(lesson)
    html = quiz._repr_html_()
    buttons = re.findall(r'<button type="button" class="psoas-fq-marker"[^>]*>(\d+)</button>', html)
    labels = re.findall(r'class="psoas-fq-marker"[^>]*aria-label="([^"]*)"', html)
    count = len(quiz.figure.keys)
    assert sorted(map(int, buttons)) == list(range(1, count + 1))
    assert all(
        re.fullmatch(r"marker \d+(, (top|middle|bottom)? ?(left|centre|right)?)?", a)
        for a in labels
    ), labels
    # the figure itself has a title and a description for screen readers
    assert 'role="img"' in quiz.figure.svg
    # every marker sits inside the drawing
    fig = quiz.figure
    for mark in fig.marks:
        assert fig.left <= mark.at[0] <= fig.left + fig.width, mark
        assert fig.top <= mark.at[1] <= fig.top + fig.height, mark


@pytest.mark.parametrize("lesson", LESSONS)
def test_markers_stay_apart_for_fingers_on_a_phone(lesson):
    fig = fq.figure_quiz(lesson).figure
    gap = fq.marker_gap(fig.width, fig.display) * 0.85  # 24-px targets at least
    points = [m.at for m in fig.marks]
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            assert ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 >= gap, (lesson, a, b)


@pytest.mark.parametrize("lesson", LESSONS)
def test_without_scripts_each_question_can_still_be_answered(lesson):
    html = fq.figure_quiz(lesson)._repr_html_()
    data = SETS[lesson]
    assert html.count("<summary>Show the answer</summary>") == len(data["questions"])
    # the controls that need the script stay hidden until it runs
    assert re.search(r'class="psoas-fq-choices psoas-fq-js" hidden', html)
    assert 'class="psoas-fq-marker"' in html and " disabled>" in html
