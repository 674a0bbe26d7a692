"""Write data/gait_standing.csv: the walker's own standing posture, by inverse kinematics.

The walk in lesson 8 (subject01 of OpenSim's example pipeline) has its joint angles measured
from the model's zero: the pelvis's zero is the model's neutral, not this person's stance,
so in the walk the pelvis sits 6-10 degrees from it throughout. The same subject was also
recorded standing still (the "static" trial, used to scale the model). This dev-only tool
runs OpenSim 4.6's inverse kinematics on that trial with the scaled model and the walk's own
marker weights, and writes the mean of each coordinate over the trial: the posture the
course then calls "standing" for this walker. The course never imports OpenSim.

Inputs, unchanged from opensim-models@20a888b ``Pipelines/Gait10dof18musc/`` (CC BY 3.0),
copied in ``../shared/reference/opensim-gait/``:

* ``subject01_static.trc`` (``ExperimentalData/``): 300 frames of markers, standing;
* ``subject01.osim`` (``OutputReference/``): gait10dof18musc scaled to subject01;
* ``walk_Setup_IK.xml`` (``OutputReference/IK/``): the marker weights of the walk's IK.

Run it in a separate virtual environment OUTSIDE the repository::

    python3.11 -m venv /tmp/osim && /tmp/osim/bin/pip install opensim==4.6
    /tmp/osim/bin/python tools/make_standing_reference.py [reference-folder]

Output columns: coordinate, mean_deg, sd_deg, min_deg, max_deg over the frames, the IK's
largest marker error in the sagittal plane, and a provenance string. Sign conventions are
OpenSim's, as in the walk's IK (tools/make_gait_data.py turns them into the course's).
"""

from __future__ import annotations

import csv
import math
import statistics
import sys
import tempfile
from pathlib import Path

import opensim as osim

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "opensim-gait"
OUT = ROOT / "data" / "gait_standing.csv"
COORDINATES = (
    "pelvis_tilt",
    "hip_flexion_r",
    "hip_flexion_l",
    "knee_angle_r",
    "knee_angle_l",
    "ankle_angle_r",
    "ankle_angle_l",
    "lumbar_extension",
)
PROVENANCE = (
    "Inverse kinematics (OpenSim {version}) of subject01_static.trc with subject01.osim and the "
    "marker weights of walk_Setup_IK.xml, opensim-models@20a888b "
    "Pipelines/Gait10dof18musc (CC BY 3.0); mean of {frames} frames, "
    "{start:.3f}-{end:.3f} s; tools/make_standing_reference.py"
)


def solve(source: Path) -> tuple[dict[str, list[float]], float, tuple[float, float]]:
    model = osim.Model(str(source / "subject01.osim"))
    state = model.initSystem()
    markers = osim.TimeSeriesTableVec3(str(source / "subject01_static.trc"))
    times = markers.getIndependentColumn()
    setup = osim.InverseKinematicsTool(str(source / "walk_Setup_IK.xml"))
    tasks = setup.getIKTaskSet()
    weights = osim.SetMarkerWeights()
    for i in range(tasks.getSize()):
        task = tasks.get(i)
        if task.getApply() and markers.hasColumn(task.getName()):
            weights.cloneAndAppend(osim.MarkerWeight(task.getName(), task.getWeight()))
    # read from the file, so OpenSim converts the trial's millimetres to the model's metres
    reference = osim.MarkersReference(str(source / "subject01_static.trc"), weights)
    solver = osim.InverseKinematicsSolver(
        model, reference, osim.SimTKArrayCoordinateReference(), math.inf
    )
    solver.setAccuracy(1e-5)
    state.setTime(times[0])
    solver.assemble(state)
    angles: dict[str, list[float]] = {name: [] for name in COORDINATES}
    worst = 0.0
    coordinate_set, model_markers = model.getCoordinateSet(), model.getMarkerSet()
    labels = list(markers.getColumnLabels())
    used = [weights.get(i).getName() for i in range(weights.getSize())]
    for row, t in enumerate(times):
        state.setTime(t)
        solver.track(state)
        for name in COORDINATES:
            angles[name].append(math.degrees(coordinate_set.get(name).getValue(state)))
        # the model is planar: it cannot follow how far apart the feet stand (up to 10 cm
        # sideways), so the error that matters for sagittal angles is the in-plane one
        model.realizePosition(state)
        measured = markers.getRowAtIndex(row)
        for name in used:
            placed = model_markers.get(name).getLocationInGround(state)
            seen = measured[labels.index(name)]
            dx, dy = placed.get(0) - seen[0] / 1000.0, placed.get(1) - seen[1] / 1000.0
            worst = max(worst, math.hypot(dx, dy))
    return angles, worst, (times[0], times[-1])


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    with tempfile.TemporaryDirectory():
        angles, worst, (start, end) = solve(source)
    frames = len(angles[COORDINATES[0]])
    provenance = PROVENANCE.format(
        version=osim.GetVersion().split("-")[0], frames=frames, start=start, end=end
    )
    with OUT.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            [
                "coordinate",
                "mean_deg",
                "sd_deg",
                "min_deg",
                "max_deg",
                "max_sagittal_marker_error_m",
                "provenance",
            ]
        )
        for name in COORDINATES:
            values = angles[name]
            writer.writerow(
                [
                    name,
                    f"{statistics.fmean(values):.3f}",
                    f"{statistics.pstdev(values):.3f}",
                    f"{min(values):.3f}",
                    f"{max(values):.3f}",
                    f"{worst:.4f}",
                    provenance,
                ]
            )
    print(
        f"wrote {OUT.relative_to(ROOT)}: {frames} frames, "
        f"largest in-plane marker error {worst:.4f} m"
    )
    for name in COORDINATES:
        print(f"  {name:18s} {statistics.fmean(angles[name]):8.3f} deg")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
