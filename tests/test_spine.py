"""Lesson 3's spine model: a fascicle pull split into compression, shear and side-bending."""

import math

import numpy as np
import pytest

from psoas_course.topics import spine
from psoas_course.ui import quiz


@pytest.mark.parametrize("level", spine.LEVELS)
def test_the_parts_add_back_up_to_the_pull(level):
    split = spine.pull(level, 250.0)
    total = math.sqrt(split.compression_n**2 + split.shear_n**2 + split.sideways_n**2)
    assert total == pytest.approx(250.0, rel=1e-9)


@pytest.mark.parametrize("level", spine.LEVELS)
def test_each_fascicle_mainly_compresses_the_disc_below(level):
    split = spine.pull(level)
    assert split.compression_n > 85.0
    assert abs(split.shear_n) < split.compression_n


def test_forward_shear_grows_down_the_lordotic_curve():
    shears = [spine.pull(level).shear_n for level in spine.LEVELS]
    assert shears == sorted(shears)
    assert shears[0] < 0 < shears[-1]  # backward at T12, forward at L4


def test_axes_are_unit_and_perpendicular():
    for level in spine.LEVELS:
        up, forward = spine.spine_axis(level), spine.forward_axis(level)
        assert np.linalg.norm(up) == pytest.approx(1.0)
        assert up @ forward == pytest.approx(0.0, abs=1e-12)
        assert forward[0] > 0  # points to the front of the body


@pytest.mark.parametrize("level", spine.LEVELS)
def test_one_side_bends_towards_itself_and_two_sides_cancel(level):
    right, left = spine.pull(level, 100, "right"), spine.pull(level, 100, "left")
    both = spine.pull(level, 100, "both")
    assert right.side_bend_nm > 1.0 and left.side_bend_nm == pytest.approx(right.side_bend_nm)
    assert both.side_bend_nm == pytest.approx(0.0, abs=1e-9)
    assert both.sideways_n == pytest.approx(0.0, abs=1e-9)
    assert both.compression_n == pytest.approx(2 * right.compression_n)
    assert both.shear_n == pytest.approx(2 * right.shear_n)


def test_the_effects_scale_with_the_pull():
    small, large = spine.pull("L2", 50.0), spine.pull("L2", 150.0)
    assert large.compression_n == pytest.approx(3 * small.compression_n)
    assert large.side_bend_nm == pytest.approx(3 * small.side_bend_nm)
    assert spine.pull("L2", 0).compression_n == 0


@pytest.mark.parametrize("bad", ["L5", "S1", "l3", 3, None])
def test_unknown_level_names_the_choices(bad):
    with pytest.raises(ValueError, match="T12, L1, L2, L3, L4"):
        spine.pull(bad)


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "100", True])
def test_bad_tension_is_refused_with_its_name(bad):
    with pytest.raises(ValueError, match="tension_n"):
        spine.pull("L3", bad)


def test_bad_side_and_view_are_refused():
    with pytest.raises(ValueError, match="side"):
        spine.pull("L3", 100, "middle")
    with pytest.raises(ValueError, match="view"):
        spine.spine_svg("top")


def test_descriptions_report_the_numbers_the_drawing_shows():
    svg = spine.spine_svg("side", "L4", "right")
    split = spine.pull("L4")
    assert f"Compression {split.compression_n:.0f} N" in svg
    assert f"{split.compression_n:.0f} N of compression" in spine.describe("side", "L4", "right")
    assert "cancel" in spine.describe("front", "L4", "both")


def test_lesson_3_compression_to_shear_ratio_agrees_with_the_model():
    bank = quiz.load_bank("03-spine-stability-and-side-bending")
    question = next(q for q in bank.questions if q["id"] == "03-compression-l4")
    correct = next(a for a in question["answers"] if a["correct"])
    split = spine.pull("L4")
    ratio = split.compression_n / split.shear_n
    assert abs(ratio - correct["value"]) <= correct["tolerance"]
    assert quiz.judge(question, f"{ratio:.1f} times")[0] is True
    # the shear is largest at L4, as the feedback says
    assert max(spine.LEVELS, key=lambda level: spine.pull(level).shear_n) == "L4"


def test_lesson_3_unequal_pulls_leave_the_difference_of_the_side_bends():
    bank = quiz.load_bank("03-spine-stability-and-side-bending")
    question = next(q for q in bank.questions if q["id"] == "03-lever")
    left_over = (
        spine.pull("L4", 100, "right").side_bend_nm - spine.pull("L4", 60, "left").side_bend_nm
    )
    assert quiz.judge(question, f"{left_over:.2f} N·m")[0] is True
    # the lever behind it: about 2 cm off the disc's centre at every level
    for level in spine.LEVELS:
        lever_cm = 100 * abs((spine.attachment(level) - spine.disc_centre(level))[2])
        assert 1.5 <= lever_cm <= 2.5
    # equal pulls cancel, the premise of the question
    assert spine.pull("L4", side="both").side_bend_nm == pytest.approx(0, abs=1e-9)
