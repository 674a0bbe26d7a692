"""Drawings computed from the data and the model: each function returns one SVG string.

The same functions feed the live widgets (JupyterLab/Binder) and the pre-rendered
frames of the static book, so both always show the same picture.
"""

from __future__ import annotations

import numpy as np

from psoas_course.core import model
from psoas_course.core.skeleton import Pose, Projection, draw_skeleton, label
from psoas_course.core.svg import PALETTE, circle, document, line, polyline, rect, rounded, text

LAYERS = ("skeleton", "psoas_major", "psoas_minor", "iliacus")
LAYER_NAMES = {
    "skeleton": "Skeleton",
    "psoas_major": "Psoas major",
    "psoas_minor": "Psoas minor",
    "iliacus": "Iliacus",
}


def psoas_major_fascicles(pose: Pose) -> list[list[np.ndarray]]:
    """Fascicles from T12-L4 bodies and L1-L5 transverse processes to the modelled path."""
    geo = model.geometry()
    origin = pose.place("pelvis", geo.pelvis_points[0])
    fascicles = []
    for name in ("T12", "L1", "L2", "L3", "L4"):
        body = pose.point("vertebral_body", name) + np.array([0.012, 0, 0.02])
        fascicles.append([body, origin])
    for name in ("L1", "L2", "L3", "L4", "L5"):
        fascicles.append([pose.point("transverse_process", name), origin])
    joint = pose.hip_flexion + pose.tilt
    path_xy = model.path_points(joint, pose.tilt)
    # z of the modelled path: pelvis points keep theirs, femur points follow the femur
    zs = [p[2] for p in geo.pelvis_points]
    zs += [zs[-1]] * (len(path_xy) - len(geo.pelvis_points) - len(geo.femur_points))
    zs += [geo.hip[2] + q[2] for q in geo.femur_points]
    fascicles.append([np.array([x, y, z]) for (x, y), z in zip(path_xy, zs)])
    return fascicles


def anatomy_svg(view: str = "side", layers=LAYERS) -> str:
    """Lesson 1's labelled diagram: skeleton and muscle layers, from the side or the front."""
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise ValueError(f"layers must be among {', '.join(LAYERS)}; unknown: {sorted(unknown)}")
    pose = Pose()
    proj = Projection(700.0, (250.0, 225.0) if view == "side" else (210.0, 225.0), view)
    sides = (False,) if view == "side" else (False, True)
    body: list[str] = []
    labels: list[tuple[float, float, str, str]] = []
    if "skeleton" in layers:
        body += draw_skeleton(pose, proj, sides)
        for name in ("T12", "L3", "L5"):
            x, y = proj(pose.point("vertebral_body", name))
            labels.append((x - 70 if view == "side" else x + 24, y + 4, name, PALETTE["ink"]))
        knee_x, knee_y = proj(pose.point("femur", "knee"))
        labels.append((knee_x - 60, knee_y, "Femur", PALETTE["ink"]))
    for mirror in sides:
        if "iliacus" in layers:
            pts = [proj(pose.point("iliacus", n), mirror) for n in ("origin", "brim", "insertion")]
            body.append(rounded(pts, PALETTE["iliacus"], 9, opacity=0.85))
        if "psoas_major" in layers:
            for fascicle in psoas_major_fascicles(pose):
                pts = [proj(p, mirror) for p in fascicle]
                body.append(rounded(pts, PALETTE["psoas_major"], 5, opacity=0.9))
        if "psoas_minor" in layers:
            pts = [proj(pose.point("psoas_minor", n), mirror) for n in ("origin", "insertion")]
            body.append(
                polyline(pts, stroke=PALETTE["psoas_minor"], stroke_width=3, stroke_dasharray="6 3")
            )
    right = 330
    if "psoas_major" in layers:
        labels.append((right, 150, "Psoas major", PALETTE["psoas_major"]))
    if "psoas_minor" in layers:
        labels.append((right, 110, "Psoas minor (absent in many)", PALETTE["psoas_minor"]))
    if "iliacus" in layers:
        labels.append((right, 250, "Iliacus", PALETTE["iliacus"]))
    if "psoas_major" in layers or "iliacus" in layers:
        x, y = proj(pose.point("femur", "lesser_trochanter"))
        body += label("Lesser trochanter", (right, 345), (x, y))
    for x, y, content, colour in labels:
        body += label(content, (x, y), colour=colour)
    shown = [LAYER_NAMES[name] for name in LAYERS if name in layers] or ["nothing"]
    title = f"The psoas region seen from the {view}"
    desc = (
        f"Diagram seen from the {view}, showing {', '.join(shown).lower()}. "
        "Psoas major runs from the sides of the T12 to L4 vertebral bodies and the L1 to L5 "
        "transverse processes, over the pelvic brim, to the lesser trochanter of the femur, "
        "which it shares with the iliacus. Psoas minor ends on the pelvis."
    )
    return document(600, 600, body, title, desc)


def _chart(state: model.PsoasState, x0: float, y0: float, w: float, h: float) -> list[str]:
    """Length change against joint flexion for both models, with the current point."""
    angles = np.arange(-30.0, 121.0, 5.0)
    lo, hi = -35.0, 15.0

    def to_px(angle, pct):
        return (x0 + (angle + 50.0) / 200.0 * w, y0 + (hi - pct) / (hi - lo) * h)

    out = [rect(x0, y0, w, h, fill=PALETTE["panel"], stroke=PALETTE["rule"])]
    for pct in (-30, -20, -10, 0, 10):
        _, y = to_px(0, pct)
        out.append(line(x0, y, x0 + w, y, stroke=PALETTE["grid"] if pct else PALETTE["axis"]))
        out.append(
            text(
                x0 - 6,
                y + 4,
                f"{pct:+d}%" if pct else "0%",
                text_anchor="end",
                fill=PALETTE["muted"],
                font_size=11,
            )
        )
    for angle in (-30, 0, 30, 60, 90, 120):
        x, _ = to_px(angle, lo)
        out.append(
            text(
                x,
                y0 + h + 15,
                f"{angle}°",
                text_anchor="middle",
                fill=PALETTE["muted"],
                font_size=11,
            )
        )
    out.append(
        text(
            x0 + w / 2,
            y0 + h + 32,
            "Hip joint flexion (degrees)",
            text_anchor="middle",
            fill=PALETTE["ink"],
        )
    )
    out.append(text(x0, y0 - 8, "Psoas length vs standing", fill=PALETTE["ink"]))
    for name, colour, dash in (
        ("rajagopal2016", PALETTE["psoas_major"], None),
        ("gait2392", PALETTE["model_b"], "5 4"),
    ):
        lengths = model.curve(angles, name)["length_m"]
        pct = 100.0 * (lengths / model.neutral_length(name) - 1.0)
        out.append(
            polyline(
                [to_px(a, p) for a, p in zip(angles, pct)],
                stroke=colour,
                stroke_width=2.5,
                stroke_dasharray=dash,
            )
        )
    for row, (name, colour) in enumerate(
        (
            ("Rajagopal 2016 model", PALETTE["psoas_major"]),
            ("gait2392 model (dashed)", PALETTE["model_b_text"]),
        )
    ):
        out.append(
            text(x0 + w - 6, y0 + 16 + 14 * row, name, text_anchor="end", fill=colour, font_size=11)
        )
    cx, cy = to_px(state.joint_flexion_deg, state.percent_change)
    out.append(circle(cx, cy, 7, fill=PALETTE["accent"], stroke=PALETTE["ink"], stroke_width=2))
    return out


def describe(state: model.PsoasState) -> str:
    """One sentence for screen readers and captions."""
    change = state.percent_change
    if abs(change) < 1.0:
        how = "about its standing length"
    elif change < 0:
        how = f"{-change:.1f}% shorter than in standing"
    else:
        how = f"{change:.1f}% longer than in standing"
    tilt = ""
    if state.pelvic_tilt_deg:
        kind = "anterior" if state.pelvic_tilt_deg > 0 else "posterior"
        tilt = (
            f" with {abs(state.pelvic_tilt_deg):.0f}° of {kind} pelvic tilt "
            f"(hip joint at {state.joint_flexion_deg:.0f}°)"
        )
    return (
        f"Thigh at {state.hip_flexion_deg:.0f}°{tilt}: the psoas is {how}; "
        f"its flexion moment arm is {100 * state.moment_arm_m:.1f} cm."
    )


def hip_flexion_svg(hip_flexion_deg: float = 0.0, pelvic_tilt_deg: float = 0.0) -> str:
    """Stick figure with the psoas path beside the length-vs-angle curve."""
    state = model.evaluate(hip_flexion_deg, pelvic_tilt_deg)
    pose = Pose(hip_flexion_deg, pelvic_tilt_deg)
    proj = Projection(500.0, (190.0, 175.0), "side")
    body = draw_skeleton(pose, proj)
    for fascicle in psoas_major_fascicles(pose):
        body.append(rounded([proj(p) for p in fascicle], PALETTE["psoas_major"], 4))
    body.append(
        text(
            400,
            410,
            f"Thigh {hip_flexion_deg:+.0f}°, pelvic tilt {pelvic_tilt_deg:+.0f}°",
            fill=PALETTE["ink"],
            font_weight="600",
        )
    )
    body.append(
        text(
            400,
            432,
            f"Hip joint {state.joint_flexion_deg:+.0f}° · length "
            f"{state.percent_change:+.1f}% · moment arm "
            f"{100 * state.moment_arm_m:.1f} cm",
            fill=PALETTE["ink"],
        )
    )
    body += _chart(state, 420, 40, 300, 300)
    return document(740, 560, body, "Hip flexion and the length of the psoas", describe(state))
