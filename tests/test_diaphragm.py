"""The diaphragm landmarks against the anatomy they claim, breathing, drawings and bad data."""

import pandas as pd
import pytest

from psoas_course.core import skeleton as diagrams
from psoas_course.core.data import DataError
from psoas_course.topics import diaphragm


@pytest.mark.parametrize("side", ["right", "left"])
def test_medial_arcuate_ligament_arches_over_the_psoas(side):
    spans = diaphragm.psoas_under_arch(side)
    inner, outer = spans["arch_z"]
    low, high = spans["psoas_z"]
    assert inner < low and high < outer, f"{side}: the ligament must span the psoas, got {spans}"
    assert spans["in_front_m"] > 0, f"{side}: the arch must lie in front of the psoas"


def test_ligament_ends_sit_on_l1_body_and_transverse_process():
    body = diagrams.landmarks()[("vertebral_body", "L1")][1]
    process = diagrams.landmarks()[("transverse_process", "L1")][1]
    medial = diaphragm.point("medial_arcuate", "medial", "right")
    lateral = diaphragm.point("medial_arcuate", "lateral", "right")
    assert abs(medial[1] - body[1]) < 0.01 and abs(medial[2]) < 0.025
    assert abs(lateral[1] - process[1]) < 0.01 and abs(lateral[2] - process[2]) < 0.01


def test_right_crus_reaches_l3_and_left_crus_only_l2():
    heights = {n: diagrams.landmarks()[("vertebral_body", n)][1][1] for n in ("L2", "L3")}
    right = diaphragm.points("crus", "right")[:, 1].min()
    left = diaphragm.points("crus", "left")[:, 1].min()
    assert right == pytest.approx(heights["L3"], abs=0.01)
    assert left == pytest.approx(heights["L2"], abs=0.01)


def test_right_dome_is_higher_than_the_left():
    right = diaphragm.point("dome_coronal", "right_dome")[1]
    left = diaphragm.point("dome_coronal", "left_dome")[1]
    assert right > left > diagrams.landmarks()[("vertebral_body", "T12")][1][1]


@pytest.mark.parametrize(
    "structure", ["medial_arcuate", "lateral_arcuate", "median_arcuate", "rib12"]
)
def test_breathing_leaves_the_anchored_attachments_in_place(structure):
    rest = diaphragm.points(structure)
    for breath in ("quiet", "deep"):
        assert (diaphragm.points(structure, breath=breath) == rest).all()


def test_breathing_in_lowers_the_dome_more_on_a_deep_breath():
    out, quiet, deep = (diaphragm.dome_top(b) for b in ("out", "quiet", "deep"))
    assert out > quiet > deep
    assert 0.01 < out - quiet < out - deep < 0.08  # centimetres, not millimetres or metres
    crus_rest = diaphragm.points("crus", "right")
    crus_deep = diaphragm.points("crus", "right", "deep")
    assert (crus_deep[:-1] == crus_rest[:-1]).all()  # bony origins stay
    assert crus_deep[-1, 1] < crus_rest[-1, 1]  # the end on the central tendon follows the dome


def test_drawings_are_deterministic_accessible_and_follow_the_toggles():
    first = diaphragm.diaphragm_svg("front", "deep")
    assert first == diaphragm.diaphragm_svg("front", "deep")
    assert "<title>" in first and "<desc>" in first
    assert first != diaphragm.diaphragm_svg("side", "deep")
    psoas_colour = "#D55E00"
    assert psoas_colour in diaphragm.diaphragm_svg(psoas=True)
    assert psoas_colour not in diaphragm.diaphragm_svg(psoas=False)
    assert diaphragm.DIAPHRAGM not in diaphragm.diaphragm_svg(diaphragm=False)


def test_descriptions_say_what_moves():
    resting = diaphragm.describe_diaphragm("front", "out")
    deep = diaphragm.describe_diaphragm("side", "deep")
    assert "medial arcuate ligament" in resting and "cm" not in resting
    assert "from the side" in deep and "cm down" in deep and "stay" in deep
    assert "Switch the diaphragm on" in diaphragm.describe_diaphragm(diaphragm=False)


@pytest.mark.parametrize(
    "call, word",
    [
        (lambda: diaphragm.diaphragm_svg(view="top"), "view"),
        (lambda: diaphragm.diaphragm_svg(breath="hold"), "breath"),
        (lambda: diaphragm.points("spleen"), "spleen"),
        (lambda: diaphragm.psoas_under_arch("middle"), "side"),
    ],
)
def test_bad_arguments_name_the_problem(call, word):
    with pytest.raises(ValueError, match=word):
        call()


def good_rows():
    return diaphragm.landmarks().copy()


@pytest.mark.parametrize(
    "field, value, word",
    [
        ("breath_weight", 1.5, "breath_weight"),
        ("side", "middle", "side"),
        ("structure", "spleen", "structure"),
        ("provenance", " ", "provenance"),
    ],
)
def test_bad_rows_raise_a_message_naming_file_row_and_field(field, value, word):
    rows = good_rows()
    rows.loc[3, field] = value
    with pytest.raises(DataError, match=rf"landmarks\.csv: row 5 .*'{word}'"):
        diaphragm.check(rows, "data/diaphragm_landmarks.csv")


def test_a_missing_structure_is_reported():
    rows = good_rows()
    rows = rows[rows["structure"] != "medial_arcuate"].reset_index(drop=True)
    with pytest.raises(DataError, match="no rows for medial_arcuate"):
        diaphragm.check(rows, "data/diaphragm_landmarks.csv")


def test_the_loader_names_a_missing_column(tmp_path, monkeypatch):
    rows = good_rows().drop(columns=["breath_weight"])
    pd.DataFrame(rows).to_csv(tmp_path / diaphragm.FILE, index=False)
    monkeypatch.setenv("PSOAS_DATA_DIR", str(tmp_path))
    diaphragm.landmarks.cache_clear()
    try:
        with pytest.raises(DataError, match="breath_weight"):
            diaphragm.landmarks()
    finally:
        monkeypatch.delenv("PSOAS_DATA_DIR")
        diaphragm.landmarks.cache_clear()
