"""One recorded gait cycle: events, sign conventions, the psoas's length over the step, and the
'Try it' helper's feedback."""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from psoas_course.core import model
from psoas_course.core.data import DataError
from psoas_course.topics import gait, sitting

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "opensim-gait"


def load_tool():
    spec = importlib.util.spec_from_file_location(
        "make_gait_data", ROOT / "tools" / "make_gait_data.py"
    )
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the shared OpenSim walk is not on this machine")
def test_the_committed_cycle_is_what_the_script_makes_from_the_walk():
    table, events = load_tool().build(REFERENCE)
    assert events["right_strike_s"] == pytest.approx(0.63, abs=0.01)
    assert events["next_right_strike_s"] == pytest.approx(1.86, abs=0.01)
    committed = gait.gait_cycle()
    assert len(committed) == len(table)
    for column in ("hip_flexion_deg", "iliopsoas_force_N", "cycle_pct"):
        assert np.allclose(committed[column], table[column], atol=0.06)  # rounded on writing


def test_the_hip_angle_is_the_joint_angle_the_model_uses():
    table = gait.gait_cycle()
    # the course's effective_hip_flexion: joint = thigh from vertical + anterior tilt
    joint = [
        model.effective_hip_flexion(th, tilt)
        for th, tilt in zip(table["thigh_from_vertical_deg"], table["pelvic_tilt_deg"])
    ]
    assert np.allclose(joint, table["hip_flexion_deg"], atol=0.01)
    assert table["hip_flexion_deg"].min() == pytest.approx(-29.9, abs=0.05)  # the model's edge
    # at foot strike the thigh reaches forward of the vertical; near toe-off it trails behind
    assert table["thigh_from_vertical_deg"].iloc[0] > 15
    assert table["thigh_from_vertical_deg"].min() < -15


def test_the_psoas_is_longest_late_in_stance_and_shortest_in_swing():
    curves = gait.gait_curves()
    longest = curves.loc[curves["length_change_pct"].idxmax()]
    shortest = curves.loc[curves["length_change_pct"].idxmin()]
    assert longest["phase"] == "stance" and 40 < longest["cycle_pct"] < gait.toe_off_pct()
    assert shortest["phase"] == "swing"
    # Rajagopal path at -29.9° of joint angle, against the walker's standing (-2.3°)
    assert longest["length_change_pct"] == pytest.approx(5.1, abs=0.1)
    assert 60 < gait.toe_off_pct() < 65
    strongest = curves.loc[curves["iliopsoas_force_N"].idxmax()]
    assert abs(strongest["cycle_pct"] - longest["cycle_pct"]) < 5


def test_walking_shares_put_part_of_every_step_in_the_lengthened_band():
    shares = sitting.walking_shares()
    assert sum(shares.values()) == pytest.approx(1.0)
    # the day model holds the pelvis at the walker's standing tilt: 15.5% lengthened, and the
    # swing's flexion reaches the shortened band
    assert shares["lengthened"] == pytest.approx(0.155, abs=0.005)
    assert shares["shortened"] == pytest.approx(0.263, abs=0.01)
    # as walked, the pelvis tipped 7-12 degrees back adds extension: 28% (a third from the
    # model's zero), and the hip never flexes far enough to shorten it
    walked = gait.band_fractions(sitting.band, pelvis="recorded")
    assert walked["lengthened"] == pytest.approx(0.279, abs=0.005)
    assert walked.get("shortened", 0) == 0


def test_holding_the_pelvis_at_standing_brings_peak_extension_into_the_typical_range():
    # Kerrigan et al. 2001: 20.4 degrees (young) and 14.3 (older adults) of peak extension
    assert gait.peak_extension_from_standing_deg("recorded") == pytest.approx(27.7, abs=0.1)
    assert 14 <= gait.peak_extension_from_standing_deg("standing") <= 20.5
    with pytest.raises(ValueError, match="pelvis must be one of"):
        gait.band_fractions(sitting.band, pelvis="level")


def test_a_broken_cycle_file_names_the_file_and_the_field(tmp_path, monkeypatch):
    table = pd.read_csv(ROOT / "data" / "gait_cycle.csv")
    table.loc[5, "cycle_pct"] = 0.5  # no longer rising
    table.to_csv(tmp_path / "gait_cycle.csv", index=False)
    monkeypatch.setenv("PSOAS_DATA_DIR", str(tmp_path))
    gait.gait_cycle.cache_clear()
    try:
        with pytest.raises(DataError, match=r"gait_cycle\.csv: column 'cycle_pct'"):
            gait.gait_cycle()
    finally:
        gait.gait_cycle.cache_clear()


@pytest.mark.parametrize(
    "moment, guess, start",
    [
        (52, "longer", "Your prediction 'longer' is right."),
        (85, "longer", "Not this time: the psoas is shorter"),
        (52, "LONGER ", "Your prediction 'longer' is right."),
        (85, None, "85% of the gait cycle (swing)"),
        (120, "longer", "The moment must be a number from 0 to 100"),
        ("half", None, "The moment must be a number from 0 to 100"),
        (40, "long", 'predict must be "longer" or "shorter"'),
    ],
)
def test_walk_at_answers_every_try_with_a_sentence(moment, guess, start):
    assert repr(gait.walk_at(moment, predict=guess)).startswith(start)


def test_the_explorer_presets_land_on_frames():
    diagram = gait.gait_explorer()
    values = diagram.controls[0].values()
    for _, preset in diagram.presets:
        assert preset["cycle"] in values
    assert gait.at_cycle(dict(diagram.presets)["Toe-off"]["cycle"])["phase"] == "swing"


def test_the_walking_figure_holds_every_moment_of_the_cycle():
    # the drawing is cropped to the union of all frames: nothing drawn falls outside it
    left, top, width, height = gait.figure_frame()
    table = gait.gait_cycle()
    for thigh, tilt, knee in zip(
        table["thigh_from_vertical_deg"], table["pelvic_tilt_deg"], table["knee_flexion_deg"]
    ):
        points = gait._figure_points(thigh, tilt, knee) - [left, top]
        assert points.min() >= 0, (thigh, tilt)
        assert points[:, 0].max() <= width and points[:, 1].max() <= height, (thigh, tilt)
    assert width < 340  # the shank swings behind at the walk's own knee angle
    assert f'viewBox="0 0 {width} {height}"' in gait.gait_svg(40)


# -- the walker's own standing posture (tools/make_standing_reference.py) -------------------


def test_walking_is_measured_from_this_walkers_standing_posture():
    still = gait.standing()
    # inverse kinematics of subject01's static trial: near the model's zero, but not at it
    assert still["hip_flexion_deg"] == pytest.approx(-2.26, abs=0.01)
    assert still["pelvic_tilt_deg"] == pytest.approx(1.57, abs=0.01)
    curves = gait.gait_curves()
    # the most extended moment: 29.9° from the model's zero is 27.7° beyond standing
    extended = curves.loc[curves["hip_flexion_deg"].idxmin()]
    assert extended["hip_flexion_from_standing_deg"] == pytest.approx(-27.66, abs=0.05)
    # most of the excess over typical gait is the pelvis: tilted back 7-12° from standing
    # all cycle, so the thigh itself trails only about 16° behind its standing line
    assert curves["pelvic_tilt_from_standing_deg"].between(-12.0, -7.3).all()
    assert curves["thigh_from_vertical_from_standing_deg"].min() == pytest.approx(-16.5, abs=0.1)
    # at the standing hip angle the psoas is at its standing length
    assert gait._length_change_pct([still["hip_flexion_deg"]])[0] == pytest.approx(0.0)


def test_the_drawn_knee_is_the_walks_own_knee_angle():
    # knee_angle_r of the same IK: straight at strike, bent 40-odd° at toe-off, 69° in swing
    assert gait.at_cycle(0)["knee_flexion_deg"] == pytest.approx(0, abs=1)
    assert gait.at_cycle(62.2)["knee_flexion_deg"] == pytest.approx(40, abs=2.5)
    assert gait.at_cycle(72)["knee_flexion_deg"] == pytest.approx(69, abs=1)
    assert "knee bent 69°" in gait.describe(73)


def test_the_readout_calls_the_control_signal_excitation_not_activation():
    words = gait.describe(53)
    assert "excitation" in words and "activation" not in words


def test_a_broken_standing_file_names_the_file_and_the_field(tmp_path, monkeypatch):
    for name in ("gait_cycle.csv", "gait_standing.csv"):
        (tmp_path / name).write_text((ROOT / "data" / name).read_text())
    table = pd.read_csv(tmp_path / "gait_standing.csv")
    table.loc[table["coordinate"] == "hip_flexion_r", "mean_deg"] = 80.0
    table.to_csv(tmp_path / "gait_standing.csv", index=False)
    monkeypatch.setenv("PSOAS_DATA_DIR", str(tmp_path))
    gait.standing.cache_clear()
    try:
        with pytest.raises(
            DataError, match=r"gait_standing\.csv: column 'mean_deg'.*hip_flexion_r"
        ):
            gait.standing()
    finally:
        gait.standing.cache_clear()


def test_the_status_line_says_whose_length_it_is_and_a_straightened_knee_is_not_bent():
    # the percentages are of the model's path from the pelvis (S1), not the whole muscle
    assert "modelled psoas path (pelvis to femur)" in gait.describe(50)
    late_swing = gait.at_cycle(96)["knee_flexion_deg"]
    assert late_swing < -0.5
    assert "past straight" in gait.describe(96) and "knee bent 0°" not in gait.describe(96)
