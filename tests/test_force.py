"""The psoas force model against OpenSim 4.6 (tests/data/opensim_psoas_reference.csv)."""

import math

import numpy as np
import pandas as pd
import pytest

from psoas_course import capacity
from psoas_course.core import force
from psoas_course.core.data import DataError, data_dir

DATA = "tests/data"


@pytest.fixture(scope="module")
def reference():
    return pd.read_csv(f"{DATA}/opensim_psoas_reference.csv", comment="#")


@pytest.fixture(scope="module")
def ours(reference):
    return pd.DataFrame([capacity(float(a)) for a in reference["hip_flexion_deg"]])


def test_capacity_gives_the_promised_figures():
    result = capacity(45)
    for name in (
        "normalized_fiber_length",
        "active_force_length",
        "passive_force_N",
        "tendon_force_N",
        "max_moment_Nm",
    ):
        assert isinstance(result[name], float) and math.isfinite(result[name])


def test_normalized_fibre_length_within_a_hundredth_of_opensim(reference, ours):
    error = np.abs(ours["normalized_fiber_length"] - reference["normalized_fiber_length"])
    assert error.max() < 0.01


def test_force_length_multiplier_within_three_hundredths_of_opensim(reference, ours):
    error = np.abs(ours["active_force_length"] - reference["active_force_length"])
    assert error.max() < 0.03


def test_max_moment_within_five_percent_or_one_newton_metre(reference, ours):
    expected = reference["max_moment_Nm"]
    allowed = np.maximum(0.05 * expected.abs(), 1.0)
    assert (np.abs(ours["max_moment_Nm"] - expected) <= allowed).all()


def test_tendon_and_passive_force_follow_opensim(reference, ours):
    assert np.allclose(ours["tendon_force_N"], reference["tendon_force_N"], rtol=0.01)
    assert np.allclose(ours["passive_force_N"], reference["passive_force_N"], atol=1.0)


def test_the_curves_are_opensims_beziers_not_a_stand_in():
    _, active, passive = force.muscle()
    # points of Millard's curves that a Gaussian or a cubic would miss
    assert active(1.0) == pytest.approx(1.0)
    assert active(0.25) == pytest.approx(0.0, abs=1e-12)  # min_norm_active_fiber_length
    assert active(1.9) == pytest.approx(0.0, abs=1e-12)  # max_norm_active_fiber_length
    assert active(0.1) == 0.0 and active(2.5) == 0.0  # flat beyond both ends
    assert passive(1.0) == pytest.approx(0.0, abs=1e-12)
    assert passive(1.7) == pytest.approx(1.0)  # strain_at_one_norm_force 0.7
    assert passive(1.8) == pytest.approx(1.0 + 0.1 * 2 / 0.7)  # straight beyond, slope kIso
    x = np.linspace(0.3, 1.85, 400)
    assert np.all(np.diff(active(x[x < 0.95])) > 0)  # ascending limb rises
    assert np.all(np.diff(active(x[x > 1.05])) < 0)  # descending limb falls


def test_the_muscle_is_strongest_in_mid_range_and_weakest_near_full_flexion():
    curve = force.capacity_curve(np.arange(-30, 121, 5.0))
    peak = curve["hip_flexion_deg"][np.argmax(curve["max_moment_Nm"])]
    assert 45 <= peak <= 75
    assert curve["max_moment_Nm"][-1] < 0.3 * curve["max_moment_Nm"].max()
    # passive tension appears only when the fibres are stretched past optimal
    assert curve["passive_force_N"][0] > 50 and curve["passive_force_N"][-1] == 0


@pytest.mark.parametrize("bad", [-31, 121, math.nan, math.inf, "45", None, True, [0, 1]])
def test_bad_angle_names_the_parameter_and_its_range(bad):
    with pytest.raises(ValueError) as err:
        capacity(bad)
    assert "hip_flexion_deg" in str(err.value)
    assert "-30" in str(err.value) and "120" in str(err.value)


@pytest.mark.parametrize("bad", [[-40.0, 0.0], [math.nan], ["x"]])
def test_curve_refuses_angles_outside_the_range(bad):
    with pytest.raises(ValueError, match="hip_flexion_deg must be between -30 and 120"):
        force.capacity_curve(bad)


def test_unknown_model_is_refused():
    with pytest.raises(ValueError, match="model must be one of"):
        capacity(0, model="gait2392")


def write_parameters(tmp_path, change):
    table = pd.read_csv(data_dir() / force.FILE, dtype=str, keep_default_na=False)
    table = change(table)
    table.to_csv(tmp_path / force.FILE, index=False)
    return tmp_path


def test_a_missing_parameter_names_the_file_and_parameter(tmp_path):
    folder = write_parameters(tmp_path, lambda t: t[t["parameter"] != "optimal_fiber_length"])
    with pytest.raises(DataError, match=r"opensim_psoas_muscle.csv.*optimal_fiber_length"):
        force.load_muscle_parameters(folder)


def test_a_non_number_names_file_column_and_row(tmp_path):
    def spoil(t):
        t.loc[t["parameter"] == "max_isometric_force", "value"] = "lots"
        return t

    folder = write_parameters(tmp_path, spoil)
    with pytest.raises(DataError, match=r"opensim_psoas_muscle.csv: column 'value'.*row 2"):
        force.load_muscle_parameters(folder)


def test_a_compliant_tendon_is_refused(tmp_path):
    def compliant(t):
        t.loc[t["parameter"] == "ignore_tendon_compliance", "value"] = "0"
        return t

    with pytest.raises(DataError, match="ignore_tendon_compliance"):
        force.load_muscle_parameters(write_parameters(tmp_path, compliant))


def test_parameters_carry_provenance():
    table = pd.read_csv(data_dir() / force.FILE)
    assert (table["provenance"].str.len() > 20).all()
    assert set(force.PARAMETERS) <= set(table["parameter"])


def test_a_learner_sees_a_readout_not_a_raw_mapping():
    """The lesson 2 "Try it" cell shows capacity(...) as it is: a readout with the factors."""
    from IPython.lib.pretty import pretty

    result = force.capacity(90)
    shown = pretty(result)
    assert shown == repr(result)
    assert f"{result['tendon_force_N']:.0f} N" in shown
    assert f"{100 * result['moment_arm_m']:.1f} cm" in shown
    assert f"{result['max_moment_Nm']:.1f} N·m" in shown
    assert "{" not in shown and "in this model" in shown
