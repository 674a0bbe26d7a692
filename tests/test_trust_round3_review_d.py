"""Trust round 3, second content reading of lessons 6 to 10 and the third biomechanics
reading: each check finds its text or question by words or id, never by cell number."""

import json
from pathlib import Path

import nbformat

from psoas_course import nerve_for, psoas_at
from psoas_course.topics import clinical

ROOT = Path(__file__).resolve().parents[1]


def markdown(stem: str) -> str:
    (path,) = (ROOT / "notebooks").glob(f"{stem}-*.ipynb")
    cells = nbformat.read(path, as_version=4).cells
    return "\n".join(c.source for c in cells if c.cell_type == "markdown")


def question(bank: str, qid: str) -> str:
    (path,) = (ROOT / "data" / "questions").glob(f"{bank}*.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps(next(q for q in raw["questions"] if q["id"] == qid), ensure_ascii=False)


def test_a_bent_knee_stretches_rectus_femoris_it_does_not_slacken_it():
    text = question("10-review", "08-iliopsoas-isolate")
    assert "slackens rectus femoris" not in text and "a bent knee stretches it" in text


def test_the_walking_quizzes_use_the_chair_hip_angle_and_kerrigans_range():
    assert "about 70 degrees" in question("08-", "08-sitting-vs-walking")
    assert "near 90 degrees" not in question("08-", "08-sitting-vs-walking")
    text = question("08-", "08-extension-from-pelvis")
    assert "14 to 20 degrees" in text and "10 to 20 degrees most gait studies" not in text


def test_lesson_6_reports_heino_as_a_correlation_and_names_the_thomas_tests_straight_line():
    text = markdown("06")
    assert "was not correlated with pelvic tilt (Heino et al. 1990)" in text
    assert "does not shape pelvic tilt" not in text
    assert '"straight" means the thigh level with the table' in text
    assert "the test's straight line" in repr(clinical.thomas_reading(0, True))


def test_lesson_9_bleeds_include_bleeding_disorders_and_abscess_without_fever():
    text = markdown("09")
    assert text.count("bleeding disorder") >= 2  # the condition and the red flag
    assert "only 8 of 11 patients had it" in text


def test_lesson_7_gives_the_medial_arcuate_ligaments_l1_or_l2_origin():
    text = markdown("07")
    assert "the side of the body of L1 (in some people L2)" in text
    assert "fixed to L1 and its transverse process" not in text


def test_lesson_8_calls_the_fitted_pelvis_an_upper_value_and_readouts_name_the_path():
    assert "upper value" in markdown("08")
    assert "modelled psoas path (pelvis to femur)" in repr(psoas_at(60))
    # the knee's skin and its straightening muscle belong to the femoral nerve (Gray 1918)
    assert "Femoral nerve" in repr(nerve_for("knee"))
