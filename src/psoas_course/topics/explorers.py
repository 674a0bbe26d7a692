"""The course's interactive diagrams, each one line in a lesson: ``hip_flexion_explorer()``."""

from __future__ import annotations

from psoas_course.core import model
from psoas_course.topics import anatomy as diagrams
from psoas_course.ui.diagram import Diagram, Slider, Toggle

# Postures for the presets: thigh angle from vertical and pelvic tilt, in degrees. In a
# chair the thigh is about level (90° from vertical) but the pelvis rolls back about 20°,
# so the hip joint is flexed only about 70° (60-75°; Keegan 1953, J Bone Joint Surg Am
# 35-A:589-603).
POSTURES = {
    "Standing": {"hip_flexion": 0, "pelvic_tilt": 0},
    "Sitting in a chair (hip 70°)": {"hip_flexion": 90, "pelvic_tilt": -20},
    "Lunge, back leg": {"hip_flexion": -20, "pelvic_tilt": 0},
    "Knee to chest": {"hip_flexion": 120, "pelvic_tilt": 0},
    "Lying, pillow under knees": {"hip_flexion": 20, "pelvic_tilt": 0},
}


def anatomy_explorer() -> Diagram:
    """Lesson 1: turn the model's bones from the front to the back and toggle the layers."""
    layer_toggles = [
        Toggle(name, diagrams.LAYER_NAMES[name], layer=True) for name in diagrams.LAYERS
    ]

    def draw(view, **shown):
        return diagrams.anatomy_svg(view, [name for name, on in shown.items() if on])

    def describe(view, **shown):
        angle = diagrams.nearest_view(view)
        hidden = (
            " The bones hide the muscles in front of them: dashed outlines show where they lie."
            if angle > 90
            else ""
        )
        return (
            f"Seen from {diagrams.VIEW_NAMES[angle]}.{hidden} Arrow keys on the drawing turn "
            "it; the boxes show or hide each layer."
        )

    return Diagram(
        slug="anatomy",
        title="Where the psoas lies: turn the model round, toggle the layers",
        draw=draw,
        describe=describe,
        controls=[
            Slider("view", "View from front (0°) to back (180°)", 0, 180, 30, 90),
            *layer_toggles,
        ],
    )


def _posture(hip_flexion, pelvic_tilt):
    return diagrams.hip_flexion_svg(hip_flexion, pelvic_tilt, diagrams.PELVIC_TILT_POSTURES)


def _posture_text(hip_flexion, pelvic_tilt):
    return diagrams.describe(model.evaluate(hip_flexion, pelvic_tilt))


def joint_angle(posture: dict) -> float:
    """The hip joint's flexion in a posture: the thigh's angle plus the pelvic tilt."""
    return model.effective_hip_flexion(posture["hip_flexion"], posture["pelvic_tilt"])


CHAIR_NOTE = (
    " That is the hip joint's angle in a chair: the thigh is about level, 90° from the line "
    "of the trunk, but the pelvis rolls back about 20°."
)


def _hip_flexion_text(hip_flexion):
    chair = joint_angle(POSTURES["Sitting in a chair (hip 70°)"])
    return _posture_text(hip_flexion, 0) + (CHAIR_NOTE if hip_flexion == chair else "")


def hip_flexion_explorer() -> Diagram:
    """Lessons 2, 5, 6: move the thigh and watch the psoas length and moment arm.

    The pelvis stays upright here, so the thigh angle is the hip joint's angle and each
    preset sets the joint angle of its posture (thigh angle plus pelvic tilt)."""
    return Diagram(
        slug="hip-flexion",
        title="Hip-flexion explorer: the psoas shortens as the thigh comes forward",
        draw=lambda hip_flexion: diagrams.hip_flexion_svg(hip_flexion, 0),
        describe=_hip_flexion_text,
        controls=[Slider("hip_flexion", "Thigh angle", -30, 120, 5, 0)],
        presets=[(label, {"hip_flexion": round(joint_angle(p))}) for label, p in POSTURES.items()],
    )


def pelvic_tilt_explorer() -> Diagram:
    """Lesson 6: in a lunge, an anteriorly tilted pelvis cancels the stretch."""
    return Diagram(
        slug="pelvic-tilt",
        title="Pelvic tilt and the lunge: where does the stretch go?",
        draw=_posture,
        describe=_posture_text,
        controls=[
            # thigh + tilt is the hip joint's angle: keep every pair inside -30...120
            Slider("hip_flexion", "Back thigh angle", -20, 0, 10, -20),
            Slider("pelvic_tilt", "Pelvic tilt (+ = anterior)", -10, 30, 5, 0),
        ],
        presets=[
            ("Tucked pelvis", {"hip_flexion": -20, "pelvic_tilt": -10}),
            ("Neutral", {"hip_flexion": -20, "pelvic_tilt": 0}),
            ("Arched back", {"hip_flexion": -20, "pelvic_tilt": 20}),
        ],
    )
