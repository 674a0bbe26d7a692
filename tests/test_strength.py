"""The strength diagram: two factors, their product, and the positions the lesson discusses."""

import re
import xml.etree.ElementTree as ET

import pytest

from psoas_course import strength_explorer
from psoas_course.core import force
from psoas_course.topics import strength


def test_the_four_positions_are_presets_at_their_angles():
    presets = dict(strength_explorer().presets)
    assert presets == {
        "Lunge, back leg": {"hip_flexion": -20},
        "Standing": {"hip_flexion": 0},
        "Sitting in a chair": {"hip_flexion": 70},  # hip joint in a chair (Keegan 1953)
        "Knee to chest": {"hip_flexion": 120},
    }


def test_every_frame_is_a_different_accessible_drawing():
    diagram = strength_explorer()
    (slider,) = diagram.controls
    svgs = [diagram.render(hip_flexion=a)[0] for a in slider.values()]
    assert len(set(svgs)) == len(svgs)
    root = ET.fromstring(svgs[0])
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("class") == "psoas-pair"  # curve beside charts; they stack on a phone
    drawings = root.findall(f"{ns}svg")
    assert len(drawings) == 2
    for drawing in drawings:
        assert drawing.get("role") == "img" and drawing.find(f"{ns}title").text
        assert len(drawing.find(f"{ns}desc").text) > 40
    assert "nan" not in "".join(svgs).lower()


def test_text_stays_legible_when_a_phone_scales_the_drawings_down():
    # each drawing is at most 380 units wide and its text at least 13 units, so on a
    # 375 px screen (about 340 px for the drawing) no text falls below 11 px
    root = ET.fromstring(strength.strength_svg(-30))
    ns = "{http://www.w3.org/2000/svg}"
    for drawing in root.findall(f"{ns}svg"):
        width = float(drawing.get("viewBox").split()[2])
        assert width <= 380
        sizes = [float(t.get("font-size", 13)) for t in drawing.iter(f"{ns}text")]
        assert min(sizes) * 340 / width >= 11


def test_the_drawing_shows_both_factors_and_their_product_at_the_angle():
    svg = strength.strength_svg(90)
    now = force.capacity(90)
    assert f"{now['tendon_force_N']:.0f} N" in svg
    assert f"{100 * now['moment_arm_m']:.1f} cm" in svg
    assert f"{now['max_moment_Nm']:.1f} N·m" in svg
    for label in ("Lunge", "Standing", "Sitting", "Knee to chest"):
        assert label in svg


def test_description_says_in_this_model_and_multiplies_out():
    text = strength.describe(70)
    assert "in this model" in text and "(sitting in a chair)" in text
    force_n, arm_cm, moment = (
        float(v) for v in re.search(r"(\d+) N along.*?(\d\.\d) cm.*?(\d+\.\d) N·m", text).groups()
    )
    assert force_n * arm_cm / 100 == pytest.approx(moment, rel=0.02)
    assert "extension" in strength.describe(-20)


def test_sitting_is_not_the_weak_angle_in_this_model():
    # the lesson's point: in a chair (hip joint at 70 degrees) and even at 90 degrees the
    # psoas keeps most of its moment; it is weakest curled up at 120 degrees, where short
    # fibres and a small moment arm combine
    best_angle, best = strength.peak()
    assert 30 <= best_angle <= 90
    assert strength.POSITIONS["sitting"][1] == 70
    assert force.capacity(70)["max_moment_Nm"] > 0.95 * best
    assert force.capacity(90)["max_moment_Nm"] > 0.8 * best
    assert force.capacity(120)["max_moment_Nm"] < 0.25 * best


@pytest.mark.parametrize("bad", [-31, 121, "90", None])
def test_bad_angle_is_refused_by_name(bad):
    with pytest.raises(ValueError, match="hip_flexion_deg"):
        strength.strength_svg(bad)


def test_every_text_line_sits_inside_its_drawing():
    ns = "{http://www.w3.org/2000/svg}"
    for angle in (-30, 0, 90, 120):
        root = ET.fromstring(strength.strength_svg(angle))
        for drawing in root.findall(f"{ns}svg"):
            _, _, width, height = (float(v) for v in drawing.get("viewBox").split())
            for t in drawing.iter(f"{ns}text"):
                assert 0 < float(t.get("y")) <= height - 4, (angle, t.text)
                assert 0 <= float(t.get("x")) <= width, (angle, t.text)
