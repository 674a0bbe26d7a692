"""Data loaders: every problem is reported with the file and the field."""

import shutil

import pytest

from psoas_course.core import data
from psoas_course.core.data import DataError


@pytest.fixture
def folder(tmp_path):
    shutil.copy(data.data_dir() / "opensim_psoas_path.csv", tmp_path)
    return tmp_path


def test_real_tables_load_with_provenance():
    for loader in (
        data.load_path_points,
        data.load_model_curves,
        data.load_literature_moment_arms,
        data.load_landmarks,
    ):
        table = loader()
        assert len(table) > 0
        assert (table["provenance"].str.len() > 10).all()


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(DataError, match=r"opensim_psoas_path\.csv: file not found"):
        data.load_path_points(tmp_path)


def test_missing_column_names_file_and_column(folder):
    path = folder / "opensim_psoas_path.csv"
    text = path.read_text().replace("x_m,", "", 1)
    path.write_text(text)
    with pytest.raises(DataError) as err:
        data.load_path_points(folder)
    assert "opensim_psoas_path.csv" in str(err.value) and "'x_m'" in str(err.value)


def test_wrong_type_names_file_column_and_row(folder):
    path = folder / "opensim_psoas_path.csv"
    lines = path.read_text().splitlines()
    cells = lines[3].split(",")
    cells[5] = "up"  # y_m of the third data row
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as err:
        data.load_path_points(folder)
    message = str(err.value)
    assert "opensim_psoas_path.csv" in message and "'y_m'" in message and "row 4" in message
    assert "'up'" in message


def test_unreadable_csv_is_a_data_error(tmp_path):
    (tmp_path / "opensim_psoas_path.csv").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(DataError, match="opensim_psoas_path.csv"):
        data.load_path_points(tmp_path)


def test_environment_variable_moves_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("PSOAS_DATA_DIR", str(tmp_path))
    assert data.data_dir() == tmp_path
