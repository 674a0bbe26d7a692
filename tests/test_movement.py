"""Lesson 2's contraction explorer: same hip angle from either end, three kinds of work."""

import pytest

from psoas_course.core import model
from psoas_course.topics import movement
from psoas_course.ui import quiz


def test_the_direction_of_movement_names_the_contraction():
    assert movement.contraction("lift") == "concentric"
    assert movement.contraction("hold") == "isometric"
    assert movement.contraction("lower") == "eccentric"


@pytest.mark.parametrize("angle", [0, 15, 45, 72, 90])
def test_knee_fold_and_roll_up_bend_the_hip_joint_equally(angle):
    fold, roll = movement.pose("knee_fold", angle), movement.pose("roll_up", angle)
    assert fold.hip_flexion + fold.tilt == pytest.approx(angle)
    assert roll.hip_flexion + roll.tilt == pytest.approx(angle)
    assert fold.hip_flexion == angle and roll.tilt == angle  # but different parts move


def test_the_muscle_shortens_as_the_hip_bends():
    changes = [movement.psoas_state(a)[0] for a in range(0, 91, 15)]
    assert changes[0] == pytest.approx(0.0, abs=1e-9)
    assert all(b < a for a, b in zip(changes, changes[1:], strict=False))


def test_the_words_of_the_description_follow_the_phase():
    assert "shortens" in movement.describe("knee_fold", "lift", 30)
    assert "lengthens" in movement.describe("roll_up", "lower", 30)
    same = [movement.describe(m, "hold", 60).split(":", 1)[1] for m in movement.MOVEMENTS]
    assert same[0].replace("thigh", "X") == same[1].replace("trunk", "X")


@pytest.mark.parametrize("bad", [-5, 91, float("nan"), "45"])
def test_angles_outside_the_lying_range_are_refused(bad):
    with pytest.raises(ValueError, match="hip_deg"):
        movement.pose("knee_fold", bad)


def test_unknown_movement_or_phase_is_refused():
    with pytest.raises(ValueError, match="movement"):
        movement.pose("plank", 30)
    with pytest.raises(ValueError, match="phase"):
        movement.contraction("jump")


def test_lesson_2_moment_arm_answers_agree_with_the_model():
    bank = {q["id"]: q for q in quiz.load_bank("02-how-the-psoas-moves-you").questions}
    gain = next(a for a in bank["02-moment-arm-standing"]["answers"] if a["correct"])
    ratio = model.evaluate(60).moment_arm_m / model.evaluate(0).moment_arm_m
    assert gain["range"][0] <= ratio <= gain["range"][1]
    assert quiz.judge(bank["02-moment-arm-standing"], f"{ratio:.2f} times")[0] is True
    peak = next(a for a in bank["02-moment-arm-peak"]["answers"] if a["correct"])
    angles = range(0, 121)
    best = max(angles, key=lambda a: model.evaluate(a).moment_arm_m)
    assert peak["range"][0] <= best <= peak["range"][1]
