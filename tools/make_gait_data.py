"""Write data/gait_cycle.csv: one right-leg gait cycle from OpenSim's example walk.

Input: the three tables in ``../shared/reference/opensim-gait/`` (or the folder given as the
first argument), extracted unchanged from opensim-models@20a888b
``Pipelines/Gait10dof18musc/OutputReference/`` (subject01 walking; CC BY 3.0, see that
folder's README).

What this script decides, so the course does not have to:

* **The cycle.** A right-foot strike is the moment the right vertical ground reaction force
  first rises through 50 N (linear interpolation between the force-plate samples, which are
  every 10th of the 600 Hz samples). Two strikes, near 0.63 s and 1.86 s, bound the one
  full right-leg cycle in the data; toe-off is where the force falls back through 50 N.
* **Angles in the course's conventions.** The walk's ``hip_flexion_r`` is the femur's
  rotation about the pelvis's z axis, flexion positive: the same coordinate the course
  model calls the joint angle (``effective_hip_flexion``), so it feeds the psoas model
  unchanged. ``pelvis_tilt`` is the pelvis's rotation about the ground's z axis in the
  same right-handed sense, so positive tips the top of the pelvis BACK (posterior); the
  course counts anterior tilt as positive, hence ``pelvic_tilt_deg = -pelvis_tilt``. The
  thigh's angle from the vertical is the sum of the two rotations,
  ``thigh = pelvis_tilt + hip_flexion_r``, which makes ``joint = thigh + course tilt``
  hold exactly, as in the course model. The pelvis angle is measured from the model's own
  neutral pelvis, not from landmarks. The knee's ``knee_angle_r`` is negative in flexion,
  so ``knee_flexion_deg = -knee_angle_r``. These are the model's zeros; the walker's own
  standing posture (``data/gait_standing.csv``, tools/make_standing_reference.py) is the
  reference the course measures walking from.
* **Force.** The walk's ``iliopsoas`` is iliacus and psoas lumped into one actuator, as
  computed muscle control (CMC) found it: one simulation of one walk, not a norm. The
  first 0.05 s of CMC is a start-up transient; the cycle starts well after it.

Run: ``.venv/bin/python tools/make_gait_data.py [reference-folder]``
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "opensim-gait"
OUT = ROOT / "data" / "gait_cycle.csv"
STRIKE_THRESHOLD_N = 50.0
PROVENANCE = (
    "OpenSim example walk, subject01, opensim-models@20a888b "
    "Pipelines/Gait10dof18musc/OutputReference (IK and CMC results; CC BY 3.0; "
    "Delp et al. 2007, Seth et al. 2018); cycle and sign conventions: tools/make_gait_data.py"
)


def crossings(time: np.ndarray, force: np.ndarray, rising: bool) -> list[float]:
    """Interpolated times where ``force`` crosses the threshold upwards (or downwards)."""
    above = force >= STRIKE_THRESHOLD_N
    found = []
    for i in range(1, len(force)):
        if above[i] != above[i - 1] and above[i] == rising:
            t0, t1, f0, f1 = time[i - 1], time[i], force[i - 1], force[i]
            found.append(float(t0 + (STRIKE_THRESHOLD_N - f0) * (t1 - t0) / (f1 - f0)))
    return found


def build(source: Path) -> tuple[pd.DataFrame, dict[str, float]]:
    grf = pd.read_csv(source / "walk_grf_vertical.csv")
    kin = pd.read_csv(source / "walk_kinematics.csv")
    cmc = pd.read_csv(source / "walk_iliopsoas_cmc.csv")
    t, right = grf["time_s"].to_numpy(), grf["right_vertical_N"].to_numpy()
    strikes = crossings(t, right, rising=True)
    if len(strikes) < 2:
        raise SystemExit(f"{source}: fewer than two right-foot strikes found")
    start, end = strikes[0], strikes[1]
    toe_off = next(x for x in crossings(t, right, rising=False) if start < x < end)

    # every kinematic sample inside the cycle, plus the two strike instants themselves
    times = np.concatenate(
        [[start], kin["time_s"][(kin["time_s"] > start) & (kin["time_s"] < end)], [end]]
    )

    def at(table, column):
        return np.interp(times, table["time_s"], table[column])

    hip = at(kin, "hip_flexion_r_deg")
    pelvis_tilt_opensim = at(kin, "pelvis_tilt_deg")
    out = pd.DataFrame(
        {
            "cycle_pct": 100.0 * (times - start) / (end - start),
            "time_s": times,
            "phase": np.where(times < toe_off, "stance", "swing"),
            "hip_flexion_deg": hip,
            "pelvic_tilt_deg": -pelvis_tilt_opensim,
            "thigh_from_vertical_deg": hip + pelvis_tilt_opensim,
            "knee_flexion_deg": -at(kin, "knee_angle_r_deg"),
            "iliopsoas_force_N": at(cmc, "iliopsoas_r_force_N"),
            "iliopsoas_excitation": at(cmc, "iliopsoas_r_excitation"),
        }
    )
    out["provenance"] = PROVENANCE
    events = {"right_strike_s": start, "right_toe_off_s": toe_off, "next_right_strike_s": end}
    return out, events


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    table, events = build(source)
    table.round(
        {
            "cycle_pct": 2,
            "time_s": 4,
            "hip_flexion_deg": 3,
            "pelvic_tilt_deg": 3,
            "thigh_from_vertical_deg": 3,
            "knee_flexion_deg": 3,
            "iliopsoas_force_N": 1,
            "iliopsoas_excitation": 4,
        }
    ).to_csv(OUT, index=False)
    stance = (
        100
        * (events["right_toe_off_s"] - events["right_strike_s"])
        / (events["next_right_strike_s"] - events["right_strike_s"])
    )
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(table)} rows; "
        + ", ".join(f"{k} {v:.3f}" for k, v in events.items())
        + f"; stance {stance:.1f}% of the cycle"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
