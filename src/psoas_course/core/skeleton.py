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

from psoas_course.core import bones, model
from psoas_course.core.data import load_landmarks
from psoas_course.core.svg import PALETTE, line, num, polygon, rounded, text

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

    def __init__(
        self,
        hip_flexion_deg: float = 0.0,
        pelvic_tilt_deg: float = 0.0,
        knee_flexion_deg: float | None = None,
    ):
        """``knee_flexion_deg`` places the shank at a measured knee angle; without it the
        shank hangs as in the course's postures (knee bent as far as the thigh is forward)."""
        self.hip_flexion = hip_flexion_deg
        self.tilt = pelvic_tilt_deg
        self.hip = model.geometry().hip
        if knee_flexion_deg is None:
            knee_flexion_deg = min(max(hip_flexion_deg, 0.0), 90.0) + 0.5 * max(
                hip_flexion_deg - 90.0, 0.0
            )
        self.shank_angle = hip_flexion_deg - knee_flexion_deg

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
    spine: str = "landmarks",
) -> list[str]:
    """The bones for a pose, as SVG elements: the one place that decides how bones look.

    Side and front views draw the Rajagopal et al. (2016) model's own bone outlines
    (:mod:`psoas_course.core.bones`), turned by the pose's hip flexion and pelvic tilt.
    ``sides`` lists the mirror flags to draw the pelvis and femur for (front views draw
    ``(False, True)``). ``femur`` is ``leg`` (thigh and shank), ``stub`` (the top of the
    femur only) or ``none``. ``extra_bodies`` are more vertebral bodies (xyz, metres) drawn
    as T10/T11 above T12. ``spine="model"`` keeps the model's own vertebra spacing (lesson 1
    and the movement diagrams, whose muscle starts on the model's vertebrae);
    ``spine="landmarks"`` moves each vertebra onto the schematic landmark that the
    diagram's nerves, crura or load arrows hang from. The ``lying`` view is the side view
    turned a quarter turn (on the back, head to the left).
    """
    if proj.view == "lying":
        # lying on the back, head to the left: the side view turned a quarter turn
        # (side pixels (X, Y) about (0, 0) land at (origin_x + Y, origin_y - X))
        ox, oy = proj.origin
        side = bone_outlines(
            pose, bones.SIDE_VIEW, proj.scale, (0.0, 0.0), (False,), femur, extra_bodies, spine
        )
        return [f'<g transform="matrix(0 -1 1 0 {num(ox)} {num(oy)})">', *side, "</g>"]
    if spine not in ("model", "landmarks"):
        raise ValueError(f"spine must be 'model' or 'landmarks', got {spine!r}")
    if femur not in ("leg", "stub", "none"):
        raise ValueError(f"femur must be 'leg', 'stub' or 'none', got {femur!r}")
    view = bones.SIDE_VIEW if proj.view == "side" else 0
    return bone_outlines(pose, view, proj.scale, proj.origin, sides, femur, extra_bodies, spine)


def bone_outlines(
    pose: Pose,
    view: int,
    scale: float,
    origin_px,
    sides=(False, True),
    femur: str = "leg",
    extra_bodies=(),
    spine: str = "model",
    vertebrae=VERTEBRAE,
) -> list[str]:
    """Real bone outlines for any stored view angle (0 front ... 90 side ... 180 back).

    ``femur`` may also be ``thigh``: the whole femur without the schematic shank."""
    posture = bones.Posture(pose.hip_flexion, pose.tilt)
    to_px = bones.pixel_mapper(scale, origin_px)
    levels = list(vertebrae)
    # extra bodies are the thoracic vertebrae above T12, lowest first (T11, T10, ...)
    above = [lvl for lvl in ("T11", "T10", "T9", "T8") if lvl in bones.bone_set().bones]
    extra = dict(zip(above, sorted(extra_bodies, key=lambda xyz: xyz[1])))
    levels = [*reversed(list(extra)), *levels]
    names = list(levels)
    discs = (f"disc_{upper}_{lower}" for upper, lower in zip(levels, [*levels[1:], "S1"]))
    names += [disc for disc in discs if disc in bones.bone_set().bones]
    names.append("sacrum")
    names += ["r_pelvis" if not m else "l_pelvis" for m in sides]
    if view == bones.SIDE_VIEW and "l_pelvis" not in names:
        names.append("l_pelvis")  # the far half shows through the sciatic notch
    if femur != "none":
        names += ["r_femur" if not m else "l_femur" for m in sides]
    # each bone is drawn as it lies in neutral standing and turned by an SVG rotation about
    # the hip centre: the path text is then the same in every frame of a diagram, so the
    # static book stores it once (ui.diagram shares repeated paths)
    neutral = bones.Posture()
    shift = _landmark_shifts(Pose(), neutral, view, levels, extra) if spine == "landmarks" else {}
    out = [
        f'<g class="psoas-bones" fill="{PALETTE["bone_fill"]}" stroke="{PALETTE["bone"]}" '
        'stroke-width="1" stroke-linejoin="round" fill-rule="evenodd">'
    ]
    hip_px = to_px(bones.project(posture.to_world("femur_r", np.zeros(3)), view))
    hip_y = float(bones.project(neutral.to_world("femur_r", np.zeros(3)), view)[1])
    frames = {name: bone.frame for name, bone in bones.bone_set().bones.items()}
    for placed in bones.skeleton(view, posture, names):
        move = tuple(np.round(shift.get(placed.name, np.zeros(2)), 6))
        clip = round(hip_y - 0.13, 6) if femur == "stub" and placed.name.endswith("femur") else None
        parts = list(_still_bone(placed.name, view, scale, tuple(origin_px), move, clip))
        turn = posture.frame_turn(frames[placed.name])
        if turn and parts:
            rotate = f"rotate({num(-turn)} {num(hip_px[0])} {num(hip_px[1])})"
            parts = [f'<g transform="{rotate}">', *parts, "</g>"]
        out += parts
    out.append("</g>")
    if femur == "leg" and view == bones.SIDE_VIEW:
        knee, ankle = pose.point("femur", "knee"), pose.point("shank", "ankle")
        knee_px = tuple(to_px(bones.project(knee, view)))
        out.insert(
            0, rounded([knee_px, tuple(to_px(bones.project(ankle, view)))], PALETTE["rule"], 16)
        )
    return out


@lru_cache(maxsize=512)
def _still_bone(name: str, view: int, scale: float, origin_px, move, clip) -> tuple[str, ...]:
    """SVG paths of one bone in neutral standing (cached: the same in every frame)."""
    to_px = bones.pixel_mapper(scale, origin_px)
    still = bones.place(name, view, bones.Posture())
    outline = [r + move for r in still.outline]
    shade = [r + move for r in still.shade]
    if clip is not None:
        outline = [r for r in (_clip_above(r, clip) for r in outline) if len(r) > 2]
        shade = [r for r in (_clip_above(r, clip) for r in shade) if len(r) > 2]
    parts = []
    if outline:
        parts.append(f'<path d="{bones.svg_path(outline, to_px)}"/>')
    if shade:
        parts.append(
            f'<path d="{bones.svg_path(shade, to_px)}" fill="{PALETTE["ink"]}" '
            'fill-opacity="0.13" stroke="none"/>'
        )
    return tuple(parts)


def _landmark_shifts(pose: Pose, posture, view: int, levels, extra=None) -> dict:
    """Screen shift (metres) putting each vertebra on its schematic landmark (or the body
    position given for it in ``extra``); discs between."""
    shifts = {}
    for lvl in levels:
        if extra and lvl in extra:
            target = np.asarray(extra[lvl], dtype=float)
        else:
            try:
                target = pose.point("vertebral_body", lvl)
            except KeyError:
                continue
        own = posture.to_world("pelvis", bones.vertebra_point(lvl))
        shifts[lvl] = bones.project(target, view) - bones.project(own, view)
    order = [lvl for lvl in levels if lvl in shifts]
    for upper, lower in zip(order, order[1:]):
        shifts[f"disc_{upper}_{lower}"] = 0.5 * (shifts[upper] + shifts[lower])
    if order:
        shifts[f"disc_{order[-1]}_S1"] = 0.5 * shifts[order[-1]]
    return shifts


def _clip_above(ring: np.ndarray, y_min: float) -> np.ndarray:
    """The part of a polygon ring above a horizontal line (Sutherland-Hodgman, one edge)."""
    out = []
    for a, b in zip(ring, np.roll(ring, -1, axis=0)):
        a_in, b_in = a[1] >= y_min, b[1] >= y_min
        if a_in:
            out.append(a)
        if a_in != b_in:
            t = (y_min - a[1]) / (b[1] - a[1])
            out.append(a + t * (b - a))
    return np.array(out) if out else np.zeros((0, 2))


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
