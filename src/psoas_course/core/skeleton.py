"""The drawing kit: landmarks in a pose, one projection to pixels, the skeleton, arrows, labels.

Every diagram of the course draws through these pieces, so a change of style or of the bone
geometry happens in one place:

* :data:`VERTEBRAE`, the levels the course draws (T12 to L5);
* :class:`Pose`, world positions (metres, pelvis frame) of the landmarks for a thigh angle
  and a pelvic tilt;
* :class:`Projection`, from model coordinates to SVG pixels;
* :func:`draw_skeleton`, the bones for a pose and a projection (the one function to swap
  for real bone outlines);
* :func:`arrow`, :func:`leader` and :func:`label`, the annotation marks.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from psoas_course.core import model
from psoas_course.core.data import load_landmarks
from psoas_course.core.svg import PALETTE, circle, line, polygon, rect, rounded, text

VERTEBRAE = ("T12", "L1", "L2", "L3", "L4", "L5")
LUMBAR = VERTEBRAE[1:]  # the levels with a transverse process in the landmarks
PELVIS_OUTLINE = (
    "iliac_crest",
    "ASIS",
    "AIIS",
    "iliopubic_eminence",
    "pubic_symphysis",
    "ischial_tuberosity",
    "coccyx",
    "PSIS",
)
FRONT_PELVIS_OUTLINE = ("iliac_crest", "ASIS", "AIIS", "iliopubic_eminence", "pubic_symphysis")
VIEWS = ("side", "front", "lying")


@lru_cache(maxsize=1)
def landmarks() -> dict[tuple[str, str], tuple[str, np.ndarray]]:
    """(structure, point) -> (body, xyz) from ``data/skeleton_landmarks.csv``."""
    table = load_landmarks()
    return {
        (r.structure, r.point): (r.body, np.array([r.x_m, r.y_m, r.z_m]))
        for r in table.itertuples()
    }


def _rot_xy(p: np.ndarray, pivot: np.ndarray, degrees: float) -> np.ndarray:
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    rel = p[..., :2] - pivot[:2]
    out = np.array(p, dtype=float)
    out[..., 0] = pivot[0] + c * rel[..., 0] - s * rel[..., 1]
    out[..., 1] = pivot[1] + s * rel[..., 0] + c * rel[..., 1]
    return out


class Pose:
    """World positions of the drawing's landmarks for a thigh angle and a pelvic tilt."""

    def __init__(self, hip_flexion_deg: float = 0.0, pelvic_tilt_deg: float = 0.0):
        self.hip_flexion = hip_flexion_deg
        self.tilt = pelvic_tilt_deg
        self.hip = model.geometry().hip
        knee_bend = min(max(hip_flexion_deg, 0.0), 90.0) + 0.5 * max(hip_flexion_deg - 90.0, 0.0)
        self.shank_angle = hip_flexion_deg - knee_bend

    def point(self, structure: str, name: str) -> np.ndarray:
        body, xyz = landmarks()[(structure, name)]
        return self.place(body, xyz)

    def place(self, body: str, xyz: np.ndarray) -> np.ndarray:
        if body == "pelvis":
            return _rot_xy(xyz, self.hip, -self.tilt)
        if body == "femur":
            return _rot_xy(xyz + self.hip * [1, 1, 1], self.hip, self.hip_flexion)
        if body == "shank":
            knee = self.point("femur", "knee")
            return _rot_xy(xyz + knee * [1, 1, 0], knee, self.shank_angle)
        raise ValueError(f"unknown body {body!r} in skeleton_landmarks.csv")


class Projection:
    """Map model metres (pelvis frame: x forward, y up, z to the body's right) to SVG pixels.

    ``view`` is ``side`` (x to the right), ``front`` (the body's right on the viewer's left;
    ``mirror=True`` draws the other side), or ``lying`` (on the back, head to the left, front
    facing up). ``origin_px`` is where the frame's origin lands; ``scale`` is pixels per metre.
    """

    def __init__(self, scale: float, origin_px: tuple[float, float], view: str = "side"):
        if view not in VIEWS:
            raise ValueError(f"view must be one of {', '.join(VIEWS)}, got {view!r}")
        self.scale, self.origin, self.view = scale, origin_px, view

    def __call__(self, xyz, mirror: bool = False) -> tuple[float, float]:
        if self.view == "side":
            across, up = xyz[0], xyz[1]
        elif self.view == "front":
            across, up = (xyz[2] if mirror else -xyz[2]), xyz[1]
        else:
            across, up = -xyz[1], xyz[0]
        return (self.origin[0] + self.scale * across, self.origin[1] - self.scale * up)


def draw_skeleton(
    pose: Pose,
    proj: Projection,
    sides=(False,),
    *,
    femur: str = "leg",
    extra_bodies=(),
) -> list[str]:
    """The bones for a pose, as SVG elements: the one place that decides how bones look.

    ``sides`` lists the mirror flags to draw the pelvis and femur for (front views draw
    ``(False, True)``). ``femur`` is ``leg`` (thigh and shank), ``stub`` (the top of the
    femur only) or ``none``. ``extra_bodies`` are more vertebral bodies (xyz, metres) drawn
    before T12 to L5. In the ``lying`` view the figure is drawn small: pelvis, leg and a dot
    at the hip joint.
    """
    bone = PALETTE["bone"]
    if proj.view == "lying":
        hip, knee = pose.hip, pose.point("femur", "knee")
        return [
            polygon(
                [proj(pose.point("pelvis", n)) for n in PELVIS_OUTLINE],
                fill=PALETTE["pelvis_fill"],
                stroke=bone,
                stroke_width=2,
                stroke_linejoin="round",
            ),
            rounded([proj(hip), proj(knee), proj(pose.point("shank", "ankle"))], bone, 7),
            circle(*proj(hip), 7, fill=PALETTE["bone_fill"], stroke=bone, stroke_width=2),
        ]
    out = []
    half_w, half_h = (0.016, 0.012) if proj.view == "side" else (0.022, 0.012)
    bodies = [*extra_bodies, *(pose.point("vertebral_body", n) for n in VERTEBRAE)]
    for xyz in bodies:
        x, y = proj(xyz)
        w, h = half_w * proj.scale, half_h * proj.scale
        out.append(rect(x - w, y - h, 2 * w, 2 * h, rx=3, fill=PALETTE["bone_fill"], stroke=bone))
    # transverse processes on both sides in a front view, even where one pelvis is drawn
    for mirror in (False,) if proj.view == "side" else (False, True):
        for name in LUMBAR:
            body = proj(pose.point("vertebral_body", name), mirror)
            tip = proj(pose.point("transverse_process", name), mirror)
            out.append(line(*body, *tip, stroke=bone, stroke_width=3))
        if mirror in sides:
            out += _pelvis_and_femur(pose, proj, mirror, femur)
    return out


def _pelvis_and_femur(pose: Pose, proj: Projection, mirror: bool, femur: str) -> list[str]:
    bone = PALETTE["bone"]
    out = []
    outline = PELVIS_OUTLINE if proj.view == "side" else FRONT_PELVIS_OUTLINE
    pts = [proj(pose.point("pelvis", n), mirror) for n in outline]
    if proj.view == "front":
        pts.append(proj(pose.point("pelvis", "sacral_promontory"), mirror))
    out.append(
        polygon(
            pts,
            fill=PALETTE["pelvis_fill"],
            stroke=bone,
            stroke_width=2,
            stroke_linejoin="round",
        )
    )
    head = proj(pose.hip, mirror)
    out.append(circle(*head, 0.024 * proj.scale, fill=PALETTE["bone_fill"], stroke=bone))
    if femur == "none":
        return out
    top, trochanter, knee = (pose.point("femur", n) for n in ("head", "greater_trochanter", "knee"))
    end = knee if femur == "leg" else trochanter + 0.3 * (knee - trochanter)
    out.append(rounded([proj(top, mirror), proj(trochanter, mirror), proj(end, mirror)], bone, 7))
    if femur == "leg":
        ankle = pose.point("shank", "ankle")
        out.append(
            line(
                *proj(knee, mirror),
                *proj(ankle, mirror),
                stroke=bone,
                stroke_width=6,
                stroke_linecap="round",
            )
        )
    return out


def arrow(
    start,
    end,
    colour: str,
    width: float = 4.0,
    *,
    head: float = 12.0,
    barb: float | None = None,
    fit: bool = True,
) -> list[str]:
    """A straight arrow between pixel points: a shaft and a triangular head at ``end``.

    ``head`` is the head's length and ``barb`` its half-width (half the length unless
    given); with ``fit`` the head is at most half the arrow, so short arrows stay arrows.
    """
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 1e-6:
        return []
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    if fit:
        head = min(head, 0.5 * length)
    half = 0.5 * head if barb is None else barb
    base = (x2 - head * ux, y2 - head * uy)
    left = (base[0] - half * uy, base[1] + half * ux)
    right = (base[0] + half * uy, base[1] - half * ux)
    return [
        line(x1, y1, *base, stroke=colour, stroke_width=width),
        polygon([(x2, y2), left, right], fill=colour),
    ]


def leader(start, target, colour: str | None = None, width: float = 1) -> str:
    """A thin line from a label to the structure it names (pixel points)."""
    return line(*start, *target, stroke=colour or PALETTE["muted"], stroke_width=width)


def label(
    content: str,
    at,
    target=None,
    *,
    colour: str | None = None,
    anchor: str = "start",
    leader_colour: str | None = None,
    **style,
) -> list[str]:
    """Text with its baseline starting (or ending, ``anchor="end"``) at ``at``, and, given a
    ``target``, a leader line from beside the text to that pixel point.

    ``content`` may be a number for a numbered callout; extra ``style`` goes to the text.
    """
    x, y = at
    out = []
    if target is not None:
        start = (x - 4, y - 4) if anchor == "start" else (x + 6, y - 4)
        out.append(leader(start, target, leader_colour))
    style.setdefault("font_weight", "600")
    out.append(
        text(
            x,
            y,
            str(content),
            fill=colour or PALETTE["ink"],
            text_anchor=None if anchor == "start" else anchor,
            **style,
        )
    )
    return out
