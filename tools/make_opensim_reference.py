"""Write tests/data/opensim_psoas_reference.csv with OpenSim 4.6 (a dev-only tool).

The course never imports OpenSim. This script computes, for the psoas of Rajagopal et al.
(2016), the table the course's own numpy model is tested against: muscle-tendon length,
hip-flexion moment arm and the muscle's static state at full activation (equilibrium,
rigid tendon, zero velocity) at 5-degree steps of hip flexion from -30 to 120 degrees.

Run it in a separate virtual environment OUTSIDE the repository, e.g.::

    python3.11 -m venv /tmp/osim && /tmp/osim/bin/pip install opensim numpy
    git -C <opensim-models checkout> show 20a888b:Models/Rajagopal/Rajagopal2016.osim \
        > /tmp/Rajagopal2016.osim
    /tmp/osim/bin/python tools/make_opensim_reference.py /tmp/Rajagopal2016.osim

All other coordinates stay at their defaults (0), so the pelvis-femur angle is the hip
flexion coordinate alone.
"""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path

import opensim as osim

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "opensim_psoas_reference.csv"
ANGLES_DEG = range(-30, 121, 5)
MUSCLE, COORDINATE = "psoas_r", "hip_flexion_r"
COLUMNS = [
    "hip_flexion_deg",
    "mtu_length_m",
    "moment_arm_m",
    "fiber_length_m",
    "normalized_fiber_length",
    "pennation_angle_rad",
    "active_force_length",
    "passive_force_length",
    "passive_force_N",
    "tendon_force_N",
    "max_moment_Nm",
]


def rows(model_file: Path):
    model = osim.Model(str(model_file))
    state = model.initSystem()
    muscle = osim.Millard2012EquilibriumMuscle.safeDownCast(model.getMuscles().get(MUSCLE))
    assert muscle.get_ignore_tendon_compliance(), "the Rajagopal psoas has a rigid tendon"
    coordinate = model.getCoordinateSet().get(COORDINATE)
    for angle in ANGLES_DEG:
        coordinate.setValue(state, math.radians(angle))
        muscle.setActivation(state, 1.0)
        model.equilibrateMuscles(state)
        model.realizeDynamics(state)
        moment_arm = muscle.computeMomentArm(state, coordinate)
        tendon_force = muscle.getTendonForce(state)
        yield {
            "hip_flexion_deg": angle,
            "mtu_length_m": muscle.getLength(state),
            "moment_arm_m": moment_arm,
            "fiber_length_m": muscle.getFiberLength(state),
            "normalized_fiber_length": muscle.getNormalizedFiberLength(state),
            "pennation_angle_rad": muscle.getPennationAngle(state),
            "active_force_length": muscle.getActiveForceLengthMultiplier(state),
            "passive_force_length": muscle.getPassiveForceMultiplier(state),
            "passive_force_N": muscle.getPassiveFiberForceAlongTendon(state),
            "tendon_force_N": tendon_force,
            "max_moment_Nm": tendon_force * moment_arm,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_file", type=Path, help="Rajagopal2016.osim (opensim-models@20a888b)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = list(rows(args.model_file))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as handle:
        handle.write(
            f"# computed with opensim {osim.__version__} (Python) on Models/Rajagopal/"
            "Rajagopal2016.osim, opensim-models@20a888b, muscle psoas_r: activation 1, "
            "equilibrium, rigid tendon, zero velocity, other coordinates 0; "
            "tools/make_opensim_reference.py\n"
        )
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in table:
            writer.writerow({k: (v if isinstance(v, int) else f"{v:.8g}") for k, v in row.items()})
    print(f"wrote {len(table)} rows to {args.out}")


if __name__ == "__main__":
    main()
