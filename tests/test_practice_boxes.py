"""Practice inside a lesson: a bank question's "section" puts it in a box after the part it
checks (show_quiz(lesson, section=...)); the end-of-lesson box shows the rest."""

import json
import shutil
from pathlib import Path

import pytest

from psoas_course.authoring import lint
from psoas_course.core.bank import QuizError, load_bank
from psoas_course.core.data import data_dir
from psoas_course.ui import quiz

LESSON = "03-spine-stability-and-side-bending"
PART = "a-part-no-cell-shows"  # a section name no practice cell of the lesson uses


@pytest.fixture
def sectioned(tmp_path, monkeypatch):
    """A copy of the course data with two more of lesson 3's questions given a section; returns
    the ids of the questions that had none, in bank order."""
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    path = folder / "questions" / f"{LESSON}.json"
    bank = json.loads(path.read_text(encoding="utf-8"))
    free = [q for q in bank["questions"] if not q.get("section")]
    for q in free[:2]:
        q["section"] = PART
    path.write_text(json.dumps(bank), encoding="utf-8")
    monkeypatch.setenv("PSOAS_DATA_DIR", str(folder))
    return path, [q["id"] for q in free]


def test_a_practice_box_shows_its_sections_questions_and_the_end_box_the_rest(sectioned):
    _, ids = sectioned
    box = quiz.show_quiz(LESSON, section=PART)
    assert [q["id"] for q in box.questions] == ids[:2]
    assert box.slug != LESSON and box.title.startswith("Check yourself")
    end = quiz.show_quiz(LESSON)
    assert [q["id"] for q in end.questions] == ids[2:]


def test_an_unknown_section_names_the_bank_and_field(sectioned):
    problem = quiz.show_quiz(LESSON, section="no-such-part")
    assert isinstance(problem, quiz.QuizProblem)
    assert f"{LESSON}.json" in str(problem) and "'section'" in str(problem)


def test_a_badly_written_section_is_refused_with_its_field(sectioned):
    path, _ = sectioned
    bank = json.loads(path.read_text(encoding="utf-8"))
    bank["questions"][0]["section"] = "Bending Sideways"
    path.write_text(json.dumps(bank), encoding="utf-8")
    with pytest.raises(QuizError, match="'section'.*kebab-case"):
        load_bank(LESSON)


def test_the_lint_pairs_practice_cells_with_sectioned_questions(sectioned, tmp_path):
    notebook = Path(lint.course.course_root()) / "notebooks" / f"{LESSON}.ipynb"
    copy = tmp_path / f"{LESSON}.ipynb"
    shutil.copy(notebook, copy)
    problems = lint.structure_problems(
        copy, root=tmp_path, rules=[lint.Rule("p", lint.practice_boxes)]
    )
    assert any("shown by no" in p and PART in p for p in problems)
    nb = json.loads(copy.read_text(encoding="utf-8"))
    nb["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "source": f'show_quiz("{LESSON}", section="{PART}")\n'
            f'show_quiz("{LESSON}", section="typo")',
            "outputs": [],
            "execution_count": None,
        }
    )
    copy.write_text(json.dumps(nb), encoding="utf-8")
    problems = lint.structure_problems(
        copy, root=tmp_path, rules=[lint.Rule("p", lint.practice_boxes)]
    )
    assert problems == [
        f"{LESSON}.ipynb: show_quiz(..., section='typo'): no question in {LESSON}.json has "
        "that section"
    ]


def test_reset_controls_sit_only_in_the_end_of_lesson_box(sectioned):
    practice = quiz.show_quiz(LESSON, section=PART)._repr_html_()
    assert 'class="psoas-reset"' not in practice and 'class="psoas-storage"' in practice
    assert 'class="psoas-reset"' in quiz.show_quiz(LESSON)._repr_html_()


def test_a_practice_box_is_marked_so_pages_and_tests_can_tell_it_from_the_end_box(sectioned):
    assert 'data-practice="1"' in quiz.show_quiz(LESSON, section=PART)._repr_html_()
    assert "data-practice" not in quiz.show_quiz(LESSON)._repr_html_()
