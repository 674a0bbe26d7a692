"""Lesson 9's cross-section and Thomas-test reader: areas to scale, neighbours by level from the
data file, and friendly readings for every input."""

import math

import pandas as pd
import pytest

from psoas_course.core.data import DataError
from psoas_course.topics import clinical


def test_each_psoas_is_drawn_with_the_area_of_its_level():
    areas = clinical.section_areas_cm2()
    assert list(areas) == list(clinical.SECTION_LEVELS)
    for level, area in areas.items():
        across, back = clinical.psoas_half_axes_mm(level)
        assert math.pi * across * back / 100 == pytest.approx(area)
    # measured means where they exist: L1 and L5 (seated women), the maximum at L4/L5 (Reid)
    assert (areas["L1"], areas["L4/L5"], areas["L5"]) == (1.9, 16.3, 12.1)
    assert max(areas, key=areas.get) == "L4/L5"
    rising = [areas[lvl] for lvl in ("T12", "L1", "L2", "L3", "L4", "L4/L5")]
    assert rising == sorted(rising)  # it grows down the spine to the L4/L5 disc
    assert "model" in clinical.area_basis("L3") and "Reid" in clinical.area_basis("L4/L5")


def test_neighbours_follow_their_levels_in_the_table():
    names = lambda level: set(clinical.at_level(level)["structure"])  # noqa: E731
    assert {"Kidney", "Abdominal aorta"} <= names("L1")
    assert "Kidney" not in names("L5") and "Abdominal aorta" not in names("L5")
    assert "Ureter" in names("L5") and "Ureter" not in names("L1")
    with pytest.raises(ValueError, match="level must be one of"):
        clinical.at_level("S1")


def test_the_drawing_and_its_text_change_with_both_controls():
    diagram = clinical.cross_section_explorer()
    l1, l5 = diagram.render(level="L1"), diagram.render(level="L5")
    assert l1[0] != l5[0] and "kidney" in l1[1] and "kidney" not in l5[1]
    hidden = diagram.render(neighbours_on=False)
    assert hidden[0] != diagram.render()[0] and "hidden" in hidden[1]


def test_a_bad_neighbours_row_names_the_file_column_and_row(tmp_path, monkeypatch):
    table = pd.read_csv(clinical.data_dir() / clinical.NEIGHBOURS_FILE)
    table.loc[2, "to_level"] = "L9"
    table.to_csv(tmp_path / clinical.NEIGHBOURS_FILE, index=False)
    monkeypatch.setenv("PSOAS_DATA_DIR", str(tmp_path))
    clinical.neighbours.cache_clear()
    try:
        with pytest.raises(DataError, match=r"psoas_neighbours\.csv: column 'to_level'.*row 4"):
            clinical.neighbours()
    finally:
        clinical.neighbours.cache_clear()


@pytest.mark.parametrize(
    "angle, flat, start",
    [
        (10, True, "Reading: the hip extends about 10° past the test's straight line"),
        (0, True, "Reading: the hip reaches the test's straight line"),
        (-8, False, "Reading: the hip stays about 8° flexed"),
        ("ten", True, "thigh_below_horizontal_deg must be a number"),
        (90, True, "thigh_below_horizontal_deg must be a number"),
        (5, "yes", "pelvis_held_flat must be True or False"),
    ],
)
def test_thomas_reading_answers_every_input_with_a_sentence(angle, flat, start):
    reading = repr(clinical.thomas_reading(angle, flat))
    assert reading.startswith(start)
    if reading.startswith("Reading"):
        assert "not which tissue limits it" in reading  # never a diagnosis
    if flat is False:
        assert "poor measure" in reading


@pytest.mark.parametrize("level", clinical.SECTION_LEVELS)
def test_numbered_callouts_never_cover_each_other_and_stay_inside(level):
    import re

    svg = clinical.cross_section_svg(level)
    discs = [
        (float(x), float(y))
        for x, y in re.findall(rf'<circle cx="([-\d.]+)" cy="([-\d.]+)" r="{clinical.DISC_R}"', svg)
    ]
    assert discs
    for i, (ax, ay) in enumerate(discs):
        assert clinical.DISC_R <= ax <= clinical.WIDTH - clinical.DISC_R
        for bx, by in discs[i + 1 :]:
            assert math.hypot(ax - bx, ay - by) >= 2 * clinical.DISC_R, (level, ax, bx)
    ys = [float(y) for y in re.findall(r'<text x="[-\d.]+" y="([-\d.]+)"', svg)]
    assert max(ys) <= clinical.HEIGHT


@pytest.mark.parametrize("level", clinical.SECTION_LEVELS)
def test_drawn_neighbours_sit_beside_the_psoas_not_inside_it(level):
    # organs and vessels lie around the muscle; only nerves run inside it
    across, back = clinical.psoas_half_axes_mm(level)
    for row in clinical.at_level(level).itertuples():
        if row.kind == "nerve" or row.structure == "Ureter":
            continue
        for sign in clinical._sides(row.side):
            x, y = clinical._place(row, sign, level)
            cx, cy = clinical._psoas_centre_mm(level, sign)
            r = row.size_mm / 2
            # outside the ellipse grown by the neighbour's radius
            assert ((x - cx) / (across + r)) ** 2 + ((y - cy) / (back + r)) ** 2 >= 0.95, (
                row.structure
            )


def test_below_the_aortas_division_the_common_iliac_arteries_are_drawn():
    for level in ("L4/L5", "L5"):
        names = set(clinical.at_level(level)["structure"])
        assert "Common iliac artery" in names and "Abdominal aorta" not in names


@pytest.mark.parametrize("level", clinical.SECTION_LEVELS)
def test_drawn_vessels_and_organs_do_not_overlap_each_other(level):
    placed = []
    for row in clinical.at_level(level).itertuples():
        if row.kind == "nerve":
            continue
        for sign in clinical._sides(row.side):
            placed.append((row.structure, *clinical._place(row, sign, level), row.size_mm / 2))
    for i, (a, ax, ay, ar) in enumerate(placed):
        for b, bx, by, br in placed[i + 1 :]:
            assert math.hypot(ax - bx, ay - by) >= ar + br - 0.5, (a, b)
