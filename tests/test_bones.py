"""The model's bone outlines: data checks, placement by the joint angles, fit to the muscle path."""

import json
import shutil

import numpy as np
import pytest

from psoas_course.core import bones, model
from psoas_course.core.data import DataError, data_dir


def inside(point, rings) -> bool:
    """Even-odd point-in-polygon over all rings (holes count as outside)."""
    x, y = point
    crossings = 0
    for ring in rings:
        xs, ys = ring[:, 0], ring[:, 1]
        xn, yn = np.roll(xs, -1), np.roll(ys, -1)
        straddle = (ys > y) != (yn > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_cross = xs + (y - ys) * (xn - xs) / (yn - ys)
        crossings += int(np.sum(straddle & (x > x_cross)))
    return crossings % 2 == 1


def distance_to(point, rings) -> float:
    """Distance from a point to the nearest outline vertex (metres)."""
    return float(min(np.min(np.hypot(*(r - point).T)) for r in rings))


def side(name, hip=0.0, tilt=0.0):
    return bones.place(name, bones.SIDE_VIEW, bones.Posture(hip, tilt))


@pytest.mark.parametrize("hip", [-30, 0, 45, 90, 120])
def test_femur_head_sits_on_the_hip_centre(hip):
    hip_xy = model.geometry().hip[:2]
    femur = side("r_femur", hip)
    assert inside(hip_xy, femur.outline)
    # the head is a ball of ~2 cm radius round the joint centre: no outline point closer
    assert distance_to(hip_xy, femur.outline) > 0.015


@pytest.mark.parametrize("hip", [-20, 0, 60, 100])
@pytest.mark.parametrize("tilt", [-10, 0, 20])
def test_psoas_insertion_lies_on_the_femur_at_every_posture(hip, tilt):
    path = model.path_points(hip + tilt, tilt)
    femur = side("r_femur", hip, tilt)
    for point in path[-2:]:  # the two femur points of the Rajagopal path
        assert inside(point, femur.outline) or distance_to(point, femur.outline) < 0.01


@pytest.mark.parametrize("tilt", [-15, 0, 25])
def test_psoas_origin_and_brim_lie_on_the_pelvis(tilt):
    path = model.path_points(tilt, tilt)
    pelvis = side("r_pelvis", 0.0, tilt)
    origin, brim = path[0], path[1]
    assert inside(origin, pelvis.outline)
    assert inside(brim, pelvis.outline) or distance_to(brim, pelvis.outline) < 0.01


def test_femur_outline_follows_hip_flexion():
    standing, flexed = side("r_femur", 0.0), side("r_femur", 60.0)
    low = min(standing.outline, key=len)
    assert not np.allclose(standing.outline[0], flexed.outline[0])
    # the knee end (lowest point standing) swings forward by about length * sin(60)
    knee_standing = standing.outline[0][np.argmin(standing.outline[0][:, 1])]
    length = model.geometry().hip[1] - knee_standing[1]
    swung = flexed.outline[0][:, 0].max() - model.geometry().hip[0]
    assert swung == pytest.approx(length * np.sin(np.radians(60)), abs=0.03)
    assert len(low) >= 3


def test_pelvic_tilt_moves_the_spine_with_the_pelvis():
    neutral, tilted = side("L1"), side("L1", 0.0, 20.0)
    shift = tilted.outline[0].mean(0)[0] - neutral.outline[0].mean(0)[0]
    assert shift > 0.03  # anterior tilt tips the lumbar spine forward


def test_vertebrae_are_stacked_in_order_and_l5_sits_on_the_sacrum():
    heights = [bones.vertebra_point(level)[1] for level in bones.VERTEBRAE]
    assert heights == sorted(heights, reverse=True)
    sacrum_top = max(r[:, 1].max() for r in side("sacrum").outline)
    l5_bottom = min(r[:, 1].min() for r in side("L5").outline)
    assert 0.0 < l5_bottom - sacrum_top < 0.03
    # the Rajagopal path starts at the lumbosacral junction, just below L5's body
    origin_y = model.geometry().pelvis_points[0][1]
    assert l5_bottom - 0.02 < origin_y < l5_bottom + 0.005


def test_lumbar_transverse_processes_are_wider_than_t12():
    width = {lvl: bones.vertebra_point(lvl, "transverse_tip_r")[2] for lvl in bones.LUMBAR_LEVELS}
    assert min(width[lvl] for lvl in ("L1", "L2", "L3", "L4", "L5")) > width["T12"]


def test_front_and_side_views_differ_and_mirror_left_right():
    front_r, front_l = bones.place("r_pelvis", 0), bones.place("l_pelvis", 0)
    # seen from the front, the right half is on the viewer's left
    assert front_r.outline[0][:, 0].mean() < 0 < front_l.outline[0][:, 0].mean()
    assert front_r.outline[0][:, 0].min() == pytest.approx(
        -front_l.outline[0][:, 0].max(), abs=0.003
    )


def test_turning_a_bone_outside_the_side_view_is_refused():
    with pytest.raises(ValueError, match="side view"):
        bones.place("r_femur", 0, bones.Posture(45.0, 0.0))
    with pytest.raises(ValueError, match="view must be one of"):
        bones.place("r_femur", 45)


def test_skeleton_is_in_painters_order():
    placed = bones.skeleton(bones.SIDE_VIEW)
    depths = [b.depth_m for b in placed]
    assert depths == sorted(depths)
    names = [b.name for b in placed]
    assert names.index("l_femur") < names.index("r_femur")  # left is farther from the right side


def test_svg_path_is_compact_and_closed():
    to_px = bones.pixel_mapper(500.0, (200.0, 200.0))
    d = bones.svg_path(side("L3").outline, to_px)
    assert d.startswith("M") and d.endswith("Z")
    assert "e" not in d and ".00" not in d


def test_at_least_seven_views_from_front_to_back():
    views = bones.bone_set().views
    assert len(views) >= 7 and views[0] == 0 and views[-1] == 180


def test_outline_data_is_small():
    assert (data_dir() / bones.FILE).stat().st_size < 400_000


def copy_data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(data_dir() / bones.FILE, folder / bones.FILE)
    return folder


def test_missing_file_is_named(tmp_path):
    with pytest.raises(DataError, match="bone_outlines.json: file not found"):
        bones.load_bones(tmp_path)


@pytest.mark.parametrize(
    ("breaker", "field"),
    [
        (lambda d: d.pop("unit_m"), "unit_m"),
        (lambda d: d["bones"].pop("L3"), "bones.L3"),
        (lambda d: d["bones"]["L3"]["views"]["90"].update(outline=[[1, 2, 3]]), "outline"),
        (lambda d: d["bones"]["sacrum"].update(frame="head"), "bones.sacrum.frame"),
        (lambda d: d["frames"]["torso"].update(origin_in_pelvis_m=[0, 1]), "frames.torso"),
        (lambda d: d["bones"]["L1"]["landmarks_m"].pop("body_centre"), "landmarks_m.body_centre"),
    ],
)
def test_bad_fields_are_named(tmp_path, breaker, field):
    folder = copy_data(tmp_path)
    raw = json.loads((folder / bones.FILE).read_text())
    breaker(raw)
    (folder / bones.FILE).write_text(json.dumps(raw))
    with pytest.raises(DataError, match=field.replace(".", r"\.")) as err:
        bones.load_bones(folder)
    assert "bone_outlines.json" in str(err.value)


def test_broken_json_is_named(tmp_path):
    folder = copy_data(tmp_path)
    (folder / bones.FILE).write_text("{not json")
    with pytest.raises(DataError, match="bone_outlines.json: cannot be read as JSON"):
        bones.load_bones(folder)


def test_belly_grows_to_the_l4_l5_disc_with_the_cross_sections_areas():
    csa = bones.belly_csa_cm2()
    assert list(csa) == list(bones.SECTION_LEVELS)
    rising = [csa[lvl] for lvl in bones.SECTION_LEVELS[:-1]]  # T12 to the L4/L5 disc
    assert rising == sorted(rising)
    table = bones.load_psoas_csa()
    measured = table[table["kind"] == "measured_mean"]
    assert max(csa.values()) == pytest.approx(measured["csa_cm2"].max()) == csa["L4/L5"]
    # the side views and the cross-sections draw one muscle, not two area profiles
    assert csa == bones.section_areas_cm2()
    assert 0.03 < bones.belly_width_m(max(csa.values())) < 0.06  # a 4-5 cm thick muscle


def test_csa_table_problems_are_named(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    text = (data_dir() / bones.CSA_FILE).read_text()
    (folder / bones.CSA_FILE).write_text(text.replace(",model_pcsa_cumulative,", ",other,", 1))
    with pytest.raises(DataError, match="psoas_csa_by_level.csv: column 'level' needs .*T12"):
        bones.load_psoas_csa(folder)
