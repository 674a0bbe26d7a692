"""Reading level: the Flesch-Kincaid formula on hand-counted text."""

import pytest

from psoas_course.authoring.readability import flesch_kincaid_grade, syllables


@pytest.mark.parametrize(
    "word, count",
    [("cat", 1), ("muscle", 2), ("flexion", 2), ("pelvis", 2), ("stretch", 1), ("tendon", 2)],
)
def test_syllable_estimate(word, count):
    assert syllables(word) == count


def test_grade_by_hand():
    # 9 words, 2 sentences, 9 syllables: 0.39 * 4.5 + 11.8 * 1 - 15.59
    assert flesch_kincaid_grade("The cat sat on the mat. The dog ran.") == pytest.approx(-2.035)


def test_citations_and_decimals_do_not_end_sentences():
    # 8 words (numbers are not words), 2 sentences, 9 syllables
    text = "Bogduk et al. 1992 said 2.5 cm. That is all."
    assert flesch_kincaid_grade(text) == pytest.approx(0.39 * 4 + 11.8 * 9 / 8 - 15.59)


def test_reading_time_counts_diagrams_exercises_and_questions(tmp_path):
    import nbformat

    from psoas_course.authoring.readability import activities, measure
    from psoas_course.ui.quiz import load_bank

    words = " ".join(["word"] * 400) + "."  # 2 minutes of prose
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# Title\n\n{words}"),
        nbformat.v4.new_code_cell(
            "from psoas_course import anatomy_explorer\n\nanatomy_explorer()"
        ),
        nbformat.v4.new_markdown_cell("## Exercise: predict, then check\n\nGuess first."),
        nbformat.v4.new_code_cell('show_quiz("01-meet-the-psoas")'),
    ]
    path = tmp_path / "01-test.ipynb"
    nbformat.write(nb, path)
    questions = len(load_bank("01-meet-the-psoas").questions)
    assert activities(path) == (1, 1, questions)
    expected = round(400 / 200 + 1.5 + 3 + 0.75 * questions)
    assert measure(path)[0] == expected
