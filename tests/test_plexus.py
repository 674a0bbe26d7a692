"""Lesson 4's lumbar plexus table and diagram."""

import shutil

import pytest

from psoas_course.core import skeleton
from psoas_course.core.data import DataError, data_dir
from psoas_course.topics import plexus


@pytest.fixture
def folder(tmp_path):
    shutil.copy(data_dir() / "lumbar_plexus.csv", tmp_path)
    return tmp_path


def edit(folder, nerve, column, value):
    import csv

    path = folder / "lumbar_plexus.csv"
    rows = list(csv.DictReader(path.open()))
    for row in rows:
        if row["nerve"] == nerve:
            row[column] = value
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def by_name():
    return {n.name: n for n in plexus.nerves()}


def test_every_row_has_a_source_and_known_roots():
    for nerve in plexus.nerves():
        assert len(nerve.provenance) > 20
        assert set(nerve.root_levels) <= set(skeleton.VERTEBRAE)


def test_the_plexus_is_built_from_l1_to_l4_and_hands_l4_l5_to_the_sacral_plexus():
    lumbar = {r for n in plexus.nerves() if n.plexus == "lumbar" for r in n.root_levels}
    assert lumbar == {"L1", "L2", "L3", "L4"}
    trunk = by_name()["Lumbosacral trunk"]
    assert trunk.root_levels == ("L4", "L5") and "sacral" in trunk.plexus


def test_femoral_leaves_laterally_obturator_medially_genitofemoral_through_the_front():
    nerves = by_name()
    assert nerves["Femoral nerve"].leaves_psoas == "lateral border"
    assert nerves["Obturator nerve"].leaves_psoas == "medial border"
    assert nerves["Genitofemoral nerve"].leaves_psoas == "front surface"


def test_exit_points_lie_on_the_border_they_name():
    for nerve in plexus.nerves():
        point = plexus.exit_point(nerve)
        if point is None:
            assert nerve.leaves_psoas == "stays inside"
            continue
        y, z = point
        inner, outer = plexus.border_z(y, "medial"), plexus.border_z(y, "lateral")
        assert inner < outer
        expected = {"lateral border": outer, "medial border": inner}.get(nerve.leaves_psoas)
        if expected is None:
            assert inner < z < outer  # pierces the front, between the borders
        else:
            assert z == pytest.approx(expected)


def test_roots_enter_the_muscle_between_its_borders():
    for level in ("L1", "L2", "L3", "L4"):
        y, z = plexus.root_point(level)
        assert plexus.border_z(y, "medial") <= z <= plexus.border_z(y, "lateral")


def test_unknown_exit_names_file_row_and_field(folder):
    edit(folder, "Femoral nerve", "leaves_psoas", "back door")
    with pytest.raises(DataError) as err:
        plexus.load_nerves(folder)
    message = str(err.value)
    assert "lumbar_plexus.csv" in message and "Femoral nerve" in message
    assert "'leaves_psoas'" in message and "back door" in message


def test_bad_roots_are_refused(folder):
    edit(folder, "Obturator nerve", "root_levels", "L2;L9")
    with pytest.raises(DataError, match="root_levels"):
        plexus.load_nerves(folder)


def test_exit_outside_the_muscle_is_refused(folder):
    edit(folder, "Femoral nerve", "exit_y_m", "0.9")
    with pytest.raises(DataError, match="exit_y_m"):
        plexus.load_nerves(folder)


def test_missing_column_names_the_file(folder):
    path = folder / "lumbar_plexus.csv"
    path.write_text(path.read_text().replace("provenance", "source", 1))
    with pytest.raises(DataError, match=r"lumbar_plexus\.csv.*'provenance'"):
        plexus.load_nerves(folder)


def test_toggles_switch_nerves_in_the_drawing_and_the_description():
    everything = plexus.plexus_svg()
    femoral_only = plexus.plexus_svg(**{name: name == "femoral" for name in plexus.TOGGLES})
    assert "Obturator" in everything and "Obturator" not in femoral_only
    assert "Femoral" in femoral_only
    text = plexus.describe(**{name: name == "femoral" for name in plexus.TOGGLES})
    assert "femoral nerve" in text and "obturator" not in text
    with pytest.raises(ValueError, match="unknown nerve toggle"):
        plexus.plexus_svg(sciatic=True)


def test_the_table_lists_every_nerve_escaped():
    html = plexus.plexus_table()._repr_html_()
    assert html.count('<tr><th scope="row">') == len(plexus.nerves())
    assert "0x" not in repr(plexus.plexus_table())
