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
