"""The "Try it" look-ups: real answers from the data and the model, and a hint (never an
error) for anything a learner might type."""

import pytest

from psoas_course.core import model
from psoas_course.topics.tryit import claims_about, nerve_for, psoas_at


def test_nerve_for_finds_the_branch_from_the_plexus_table():
    assert repr(nerve_for("quadriceps")).startswith("Femoral nerve (roots L2, L3, L4;")
    assert "Obturator nerve" in repr(nerve_for("inner thigh"))
    assert "sacral plexus" in repr(nerve_for("calf muscles"))  # not in the lumbar table


def test_claims_about_counts_the_ledger_verdicts():
    text = repr(claims_about("EMOTION"))
    assert text.startswith("1 claim(s) in the ledger mention 'EMOTION': 1 opinion.")
    assert "C67" in text
    assert repr(claims_about("qwxyz")).startswith("No claim in the ledger mentions")


@pytest.mark.parametrize("angle, word", [(90, "shorter"), (-20, "longer"), (0, "standing length")])
def test_psoas_at_reports_the_model_in_words(angle, word):
    state = model.evaluate(angle)
    text = repr(psoas_at(angle))
    after = text.split("(pelvis to femur) is")[1]
    assert word in text and "%-" not in text and "-" not in after[:3]
    assert f"{100 * state.moment_arm_m:.1f} cm" in text
    if angle:
        assert f"{abs(state.percent_change):.1f}% {word}" in text


@pytest.mark.parametrize(
    "call, start",
    [
        (lambda: nerve_for(""), "Type a muscle or a patch of skin"),
        (lambda: nerve_for(None), "Type a muscle or a patch of skin"),
        (lambda: claims_about(42), "Type a word of at least three letters"),
        (lambda: psoas_at(150), "hip_flexion_deg must be a number of degrees from -30 to 120"),
        (lambda: psoas_at("ninety"), "hip_flexion_deg must be a number of degrees"),
        (lambda: psoas_at(True), "hip_flexion_deg must be a number of degrees"),
    ],
)
def test_anything_a_learner_types_gets_a_hint_not_an_error(call, start):
    assert repr(call()).startswith(start)
