"""Lesson 2: knee folds and roll-ups, concentric and eccentric work, from one hip model.

Lying on your back, the hip can bend in two ways:

* **knee fold**: the trunk stays on the floor and the thigh comes up;
* **roll-up**: the legs stay on the floor and the trunk comes up.

Either way the psoas only feels the angle between pelvis and thigh, so at the same hip
angle it has the same length and moment arm (``model.curve``). Whether it is working
concentrically, isometrically or eccentrically depends on the direction of the movement:
shortening while it pulls (lifting), holding still, or lengthening while it pulls to brake
the fall (lowering). At 0° the moving part lies on the floor, which carries its weight:
holding there, or having lowered it there, asks nothing of the psoas (:func:`resting`).
"""

from __future__ import annotations

import math

import numpy as np

from psoas_course.core import model
from psoas_course.core.skeleton import Pose, Projection, arrow, draw_skeleton
from psoas_course.core.svg import PALETTE, circle, document, line, polyline, rounded, text
from psoas_course.ui.diagram import Choice, Diagram, Slider

MOVEMENTS = {"knee_fold": "knee fold", "roll_up": "roll-up"}
PHASES = {"lift": "lifting", "hold": "holding", "lower": "lowering"}
CONTRACTIONS = {"lift": "concentric", "hold": "isometric", "lower": "eccentric"}
ANGLE_RANGE = (0.0, 90.0)
# Schematic shoulder and head in the pelvis frame, for drawing only (metres).
SHOULDER = np.array([-0.085, 0.56, 0.0])
HEAD = np.array([-0.06, 0.67, 0.0])
HEAD_RADIUS = 0.1


def check_choice(name: str, value, allowed: dict) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def contraction(phase: str) -> str:
    """``concentric`` when lifting, ``isometric`` when holding, ``eccentric`` when lowering."""
    return CONTRACTIONS[check_choice("phase", phase, PHASES)]


def resting(phase: str, hip_deg: float) -> bool:
    """True at 0° when holding or lowering: the leg (or trunk) lies on the floor, which
    carries its weight, so the psoas need not pull. Lifting from 0° starts a concentric pull."""
    check_choice("phase", phase, PHASES)
    angle = model.check_angle("hip_deg", hip_deg, *ANGLE_RANGE)
    return angle == 0 and phase != "lift"


def pose(movement: str, hip_deg: float) -> Pose:
    """Knee fold: the thigh turns forward. Roll-up: the pelvis and trunk turn forward."""
    check_choice("movement", movement, MOVEMENTS)
    angle = model.check_angle("hip_deg", hip_deg, *ANGLE_RANGE)
    return Pose(angle, 0.0) if movement == "knee_fold" else Pose(0.0, angle)


def psoas_state(hip_deg: float) -> tuple[float, float]:
    """(percent length change from standing, moment arm in cm) at this hip angle."""
    angle = model.check_angle("hip_deg", hip_deg, *ANGLE_RANGE)
    values = model.curve(angle)
    length = float(values["length_m"][0])
    return 100.0 * (length / model.neutral_length() - 1.0), 100.0 * float(values["moment_arm_m"][0])


# -- drawing -----------------------------------------------------------------------------
SCALE = 300.0  # pixels per metre
ORIGIN = (275.0, 320.0)  # where the pelvis frame's origin is drawn
WIDTH, HEIGHT = 560, 376  # the 22-px label stays above 12 CSS px in a 322-px phone column
LYING = Projection(SCALE, ORIGIN, "lying")  # head to the left, front facing up


def _motion_arrow(tip: tuple[float, float], centre: tuple[float, float], phase: str) -> list[str]:
    """A short arc beside the moving end: up for lifting, down for lowering, bars for holding."""
    radius = math.hypot(tip[0] - centre[0], tip[1] - centre[1]) + 22
    start = math.atan2(tip[1] - centre[1], tip[0] - centre[0])
    if phase == "hold":  # a pause sign just beyond the moving end
        x = centre[0] + (radius + 20) * math.cos(start) - 6
        y = centre[1] + (radius + 20) * math.sin(start) - 9
        return [
            line(x, y, x, y + 18, stroke=PALETTE["ink"], stroke_width=4),
            line(x + 10, y, x + 10, y + 18, stroke=PALETTE["ink"], stroke_width=4),
        ]
    turn = -0.28 if phase == "lift" else 0.28  # screen angles: negative turns upwards
    side = 1.0 if tip[0] >= centre[0] else -1.0
    a0, a1 = start - side * turn * 0.2, start + side * turn
    points = [
        (centre[0] + radius * math.cos(a), centre[1] + radius * math.sin(a))
        for a in np.linspace(a0, a1, 8)
    ]
    return [
        polyline(points[:-1], stroke=PALETTE["ink"], stroke_width=3),
        *arrow(points[-2], points[-1], PALETTE["ink"], 3, head=11, barb=6, fit=False),
    ]


def _figure(p: Pose, movement: str) -> tuple[list[str], tuple[float, float]]:
    """Stick figure with the psoas; returns the drawing and the tip of the moving part."""
    bone = PALETTE["bone"]
    spine = [p.place("pelvis", SHOULDER)] + [
        p.point("vertebral_body", n) for n in ("T12", "L1", "L3", "L5")
    ]
    out = [
        rounded([LYING(q) for q in spine], bone, 7),
        circle(
            *LYING(p.place("pelvis", HEAD)),
            SCALE * HEAD_RADIUS * 0.8,
            fill=PALETTE["bone_fill"],
            stroke=bone,
            stroke_width=2,
        ),
        *draw_skeleton(p, LYING),
    ]
    knee = p.point("femur", "knee")
    joint = p.hip_flexion + p.tilt
    path = model.path_points(joint, p.tilt)
    origin = np.array([*path[0], 0.0])
    for name in ("L1", "L2", "L3", "L4"):
        start = p.point("vertebral_body", name) + np.array([0.012, 0.0, 0.0])
        out.append(
            line(
                *LYING(start),
                *LYING(origin),
                stroke=PALETTE["psoas_major"],
                stroke_width=3,
                stroke_linecap="round",
            )
        )
    out.append(rounded([LYING(np.array([x, y, 0.0])) for x, y in path], PALETTE["psoas_major"], 6))
    moving = knee if movement == "knee_fold" else p.place("pelvis", HEAD)
    return out, LYING(moving)


def contraction_svg(movement: str = "knee_fold", phase: str = "lift", hip_deg: float = 45.0) -> str:
    """A knee fold or roll-up at one hip angle, with the kind of contraction it asks for."""
    p = pose(movement, hip_deg)
    check_choice("phase", phase, PHASES)
    change, arm = psoas_state(hip_deg)
    floor = ORIGIN[1] + 0.16 * SCALE  # under the back of the sacrum
    body = [line(10, floor, WIDTH - 10, floor, stroke=PALETTE["rule"], stroke_width=2)]
    figure, tip = _figure(p, movement)
    body += figure
    if resting(phase, hip_deg):
        kind = "resting"
        what = f"the floor carries the {'leg' if movement == 'knee_fold' else 'trunk'}"
    else:
        body += _motion_arrow(tip, LYING(p.hip), phase)
        kind = contraction(phase)
        what = {
            "concentric": "shortens while it pulls",
            "isometric": "pulls without changing length",
            "eccentric": "lengthens while it pulls, braking the fall",
        }[kind]
    # the full readout is the status line under the drawing (HTML, so it wraps)
    body.append(
        text(
            12,
            32,
            f"Psoas: {kind}",
            fill=PALETTE["vermillion_dark"],
            font_weight="700",
            font_size=22,
        )
    )
    body.append(text(12, 58, what, fill=PALETTE["ink"], font_size=20))
    return document(
        WIDTH,
        HEIGHT,
        body,
        f"Psoas during a {MOVEMENTS[movement]}",
        describe(movement, phase, hip_deg),
    )


def describe(movement: str = "knee_fold", phase: str = "lift", hip_deg: float = 45.0) -> str:
    """One sentence for screen readers and the status line."""
    check_choice("movement", movement, MOVEMENTS)
    kind = contraction(phase)
    change, arm = psoas_state(hip_deg)
    moving = "thigh" if movement == "knee_fold" else "trunk"
    if resting(phase, hip_deg):
        done = "the lowering is over: " if phase == "lower" else ""
        return (
            f"{MOVEMENTS[movement].capitalize()}, hip at 0°: {done}the {moving} lies on the "
            f"floor, which carries its weight, so the psoas need not pull to hold it. Lifting "
            f"from here starts with a concentric pull. Its length is as in standing, with a "
            f"{arm:.1f} cm flexion moment arm."
        )
    doing = {
        "lift": f"the {moving} rises, so the psoas shortens while it pulls",
        "hold": f"the {moving} is held still, so the psoas pulls without changing length",
        "lower": f"the {moving} sinks slowly, so the psoas lengthens while it pulls",
    }[phase]
    if phase == "lift" and hip_deg == 0:
        doing = f"the {moving} starts to leave the floor, so the psoas shortens while it pulls"
    length = (
        "The modelled path (pelvis to femur) is at its standing length"
        if abs(change) < 0.05
        else f"The modelled path (pelvis to femur) is {abs(change):.1f}% "
        f"{'shorter' if change < 0 else 'longer'} than in standing"
    )
    return (
        f"{MOVEMENTS[movement].capitalize()}, hip at {hip_deg:.0f}°: {doing} "
        f"({kind}). {length}, with a {arm:.1f} cm flexion moment arm."
    )


def contraction_explorer() -> Diagram:
    """Lesson 2: the same hip angle from either end, and the three kinds of contraction."""
    return Diagram(
        slug="contraction",
        title="Knee fold or roll-up: which way is the psoas working?",
        draw=contraction_svg,
        describe=describe,
        controls=[
            Choice(
                "movement",
                "Movement",
                (("Knee fold (thigh moves)", "knee_fold"), ("Roll-up (trunk moves)", "roll_up")),
                "knee_fold",
            ),
            Choice(
                "phase",
                "Phase",
                (("Lifting", "lift"), ("Holding", "hold"), ("Lowering", "lower")),
                "lift",
            ),
            Slider("hip_deg", "Hip angle", 0, 90, 15, 45),
        ],
    )
