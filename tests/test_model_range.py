"""No diagram outside its model: every reachable control setting keeps the hip joint in range.

The live widgets move one degree at a time (``IntSlider(step=1)``), so a control reaches
every integer of its slider, both toggle states or every choice. Each control is first
swept over all of them from the defaults; one that never takes the model to an angle it is
not asked for at the defaults (a view, a layer, hours in a day) is held at its default,
and every combination of the others, the controls that move a joint, is rendered. The model refuses
a joint angle outside -30...120 degrees, so a setting outside it raises; the recorder
also checks every joint angle the model was asked for.
"""

import dataclasses
import itertools

import numpy as np
import pytest
from test_widgets import FACTORIES

from psoas_course.core import model
from psoas_course.ui.diagram import Diagram, Slider

LOW, HIGH = model.HIP_FLEXION_RANGE


def reachable(control):
    if isinstance(control, Slider):
        return list(range(control.low, control.high + 1))
    return control.values()


def diagram_names():
    return sorted(name for name, make in FACTORIES.items() if isinstance(make(), Diagram))


def joint_angles_reached(diagram, monkeypatch) -> list[float]:
    """Render every reachable setting that can matter, and the presets; return the joint
    angles the model saw."""
    asked: list[float] = []
    solve = model._solve

    def recording_solve(joint_flexion_deg, which):
        asked.extend(np.atleast_1d(np.asarray(joint_flexion_deg, dtype=float)).tolist())
        return solve(joint_flexion_deg, which)

    monkeypatch.setattr(model, "_solve", recording_solve)

    def angles_at(**values) -> frozenset:
        start = len(asked)
        diagram.render(**values)  # the model raises ValueError outside its range
        return frozenset(asked[start:])

    at_defaults = angles_at()
    moving = []
    for control in diagram.controls:
        swept = frozenset().union(*(angles_at(**{control.name: v}) for v in reachable(control)))
        if swept - at_defaults:  # this control takes the model to angles of its own
            moving.append(control)
    names = [c.name for c in moving]
    if len(moving) > 1:  # one alone was covered by its sweep
        for combo in itertools.product(*(reachable(c) for c in moving)):
            angles_at(**dict(zip(names, combo)))
    for _, preset in diagram.presets:
        angles_at(**preset)
    return asked


@pytest.mark.parametrize("name", diagram_names())
def test_every_reachable_setting_keeps_the_hip_joint_inside_the_model(name, monkeypatch):
    asked = joint_angles_reached(FACTORIES[name](), monkeypatch)
    outside = [a for a in asked if not LOW <= a <= HIGH]
    assert not outside, f"{name} asks the model for hip joint angles {sorted(set(outside))}"


def test_the_pelvic_tilt_explorer_reaches_the_edge_it_teaches(monkeypatch):
    diagram = FACTORIES["pelvic_tilt_explorer"]()
    assert min(joint_angles_reached(diagram, monkeypatch)) == LOW  # the tucked lunge
    assert dict(diagram.presets)["Tucked pelvis"] == {"hip_flexion": -20, "pelvic_tilt": -10}


def test_a_diagram_whose_controls_leave_the_range_is_caught(monkeypatch):
    old = FACTORIES["pelvic_tilt_explorer"]()
    widened = dataclasses.replace(
        old,
        controls=[
            Slider("hip_flexion", "Back thigh angle", -30, 0, 10, -20),
            Slider("pelvic_tilt", "Pelvic tilt (+ = anterior)", -20, 30, 5, 0),
        ],
    )
    with pytest.raises(ValueError, match="hip_flexion_deg \\+ pelvic_tilt_deg"):
        joint_angles_reached(widened, monkeypatch)
