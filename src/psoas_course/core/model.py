"""A two-model psoas path: muscle-tendon length and hip-flexion moment arm.

The path points come from two published OpenSim models (``data/opensim_psoas_path.csv``):

* ``rajagopal2016`` (Rajagopal et al. 2016): two points on the pelvis, a wrap cylinder at
  the pelvic brim, two points on the femur.
* ``gait2392`` (after Delp et al. 1990): three pelvis points (the third only active
  between -90 and 45 degrees of flexion), two femur points, no wrap.

Hip flexion turns the femur about the flexion axis (z) through the hip-joint centre.
The brim wrap is solved in the sagittal (x-y) plane and the lateral (z) offset added along
the unrolled cylinder, so lengths stay within a few tenths of a millimetre of OpenSim's.
The moment arm is ``-dL/dθ`` (positive = flexor), computed analytically.

Angles: ``hip_flexion_deg`` is the thigh's angle from the vertical as seen from the side
(forward positive); ``pelvic_tilt_deg`` is the pelvis's rotation from neutral standing
(positive = anterior, the top of the pelvis tipping forward). The hip joint itself is
flexed by their sum (:func:`effective_hip_flexion`), which is what the muscle feels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from psoas_course.core.data import load_path_points

MODELS = ("rajagopal2016", "gait2392")
HIP_FLEXION_RANGE = (-30.0, 120.0)
PELVIC_TILT_RANGE = (-20.0, 30.0)
# gait2392's third pelvis point is a ConditionalPathPoint active in this joint range.
GAIT2392_P3_RANGE_DEG = (-90.0, 45.0)


@dataclass(frozen=True)
class Geometry:
    """Path points of one model in its pelvis and femur frames (metres)."""

    name: str
    hip: np.ndarray  # hip-joint centre in the pelvis frame
    pelvis_points: tuple[np.ndarray, ...]
    femur_points: tuple[np.ndarray, ...]  # relative to the hip centre
    wrap_centre: np.ndarray | None  # x, y of the brim cylinder in the pelvis frame
    wrap_radius: float
    conditional_point: int | None  # index into pelvis_points active only in a range


@dataclass(frozen=True)
class PsoasState:
    """The psoas at one posture."""

    hip_flexion_deg: float
    pelvic_tilt_deg: float
    joint_flexion_deg: float
    length_m: float
    percent_change: float  # vs neutral standing (joint at 0 degrees)
    moment_arm_m: float
    path_xy: np.ndarray  # (n, 2) world sagittal points from lumbar origin to insertion
    hip_xy: np.ndarray


def check_angle(name: str, value, low: float, high: float) -> float:
    """Return ``value`` as a float or raise ValueError naming the parameter and its range."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(
            f"{name} must be a number of degrees between {low:g} and {high:g}, "
            f"not {type(value).__name__} {value!r}"
        )
    value = float(value)
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g} degrees, got {value!r}")
    return value


def effective_hip_flexion(hip_flexion_deg: float, pelvic_tilt_deg: float = 0.0) -> float:
    """Joint flexion the psoas feels: thigh angle corrected by pelvic tilt.

    In a lunge the back thigh may sit 20 degrees behind vertical, but if the pelvis tips
    15 degrees forward the hip joint is only 5 degrees extended.
    """
    hip = check_angle("hip_flexion_deg", hip_flexion_deg, *HIP_FLEXION_RANGE)
    tilt = check_angle("pelvic_tilt_deg", pelvic_tilt_deg, *PELVIC_TILT_RANGE)
    return hip + tilt


@cache
def geometry(model: str = "rajagopal2016") -> Geometry:
    """Read one model's path from the data folder (cached)."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    table = load_path_points()
    rows = table[table["model"] == model]
    xyz = {r.point: np.array([r.x_m, r.y_m, r.z_m]) for r in rows.itertuples()}
    hip = xyz["hip_centre"]
    path = rows[rows["element"].isin(["PathPoint", "ConditionalPathPoint"])]
    pelvis = tuple(xyz[p] for p in path[path["body"] == "pelvis"]["point"])
    femur = tuple(xyz[p] for p in path[path["body"] == "femur_r"]["point"])
    wrap = rows[rows["element"] == "PathWrap"]
    conditional = [
        i
        for i, e in enumerate(path[path["body"] == "pelvis"]["element"])
        if e == "ConditionalPathPoint"
    ]
    return Geometry(
        name=model,
        hip=hip,
        pelvis_points=pelvis,
        femur_points=femur,
        wrap_centre=xyz["brim_wrap"][:2] if len(wrap) else None,
        wrap_radius=float(wrap["radius_m"].iloc[0]) if len(wrap) else 0.0,
        conditional_point=conditional[0] if conditional else None,
    )


def _femur_point(geo: Geometry, index: int, theta: np.ndarray) -> np.ndarray:
    """Femur point ``index`` in the pelvis frame for joint angles ``theta`` (rad), shape (n, 3)."""
    q = geo.femur_points[index]
    c, s = np.cos(theta), np.sin(theta)
    return np.stack(
        [
            geo.hip[0] + c * q[0] - s * q[1],
            geo.hip[1] + s * q[0] + c * q[1],
            np.full_like(theta, geo.hip[2] + q[2]),
        ],
        axis=-1,
    )


def _wrap(a: np.ndarray, b: np.ndarray, centre: np.ndarray, radius: float):
    """Shortest x-y path from ``a`` (fixed) to points ``b`` (n, 2) around a circle.

    Returns the x-y length, the unit direction of the last straight piece (for the
    derivative) and the two tangent points (nan where the line misses the circle).
    """
    d = b - a
    t = np.clip(((centre - a) * d).sum(-1) / (d * d).sum(-1), 0.0, 1.0)
    closest = a + t[:, None] * d
    gap = closest - centre
    ra, rb = a - centre, b - centre
    la, lb = np.hypot(*ra), np.hypot(rb[:, 0], rb[:, 1])
    # an end point inside the cylinder (far outside the model's range) cannot wrap
    wraps = (np.hypot(gap[:, 0], gap[:, 1]) < radius) & (lb > radius) & (la > radius)
    lb = np.where(wraps, lb, 2.0 * radius)
    la = la if la > radius else 2.0 * radius
    straight = np.hypot(d[:, 0], d[:, 1])
    alpha_a, alpha_b = np.arccos(radius / la), np.arccos(radius / lb)
    phi_a, phi_b = math.atan2(ra[1], ra[0]), np.arctan2(rb[:, 1], rb[:, 0])
    # wrap on the side where the straight line cuts the circle
    side = np.sign(ra[0] * rb[:, 1] - ra[1] * rb[:, 0])
    ta_ang = phi_a + side * alpha_a
    tb_ang = phi_b - side * alpha_b
    arc = np.abs(np.angle(np.exp(1j * (tb_ang - ta_ang))))
    wrapped = np.sqrt(la**2 - radius**2) + np.sqrt(lb**2 - radius**2) + radius * arc
    tb = centre + radius * np.stack([np.cos(tb_ang), np.sin(tb_ang)], -1)
    ta = centre + radius * np.stack([np.cos(ta_ang), np.sin(ta_ang)], -1)
    last = np.where(wraps[:, None], b - tb, d)
    last /= np.hypot(last[:, 0], last[:, 1])[:, None]
    length = np.where(wraps, wrapped, straight)
    nan = np.full_like(ta, np.nan)
    return (
        length,
        last,
        np.where(wraps[:, None], ta, nan),
        np.where(wraps[:, None], tb, nan),
        ta_ang,
        tb_ang,
    )


@cache
def _fixed_lengths(model: str) -> tuple[float, float, float]:
    """Lengths that do not change with flexion: pelvis part (with and without the
    conditional point) and femur part."""
    geo = geometry(model)
    pelvis = list(geo.pelvis_points)

    def chain(points):
        return float(sum(np.linalg.norm(q - p) for p, q in zip(points[:-1], points[1:])))

    without = pelvis
    if geo.conditional_point is not None:
        i = geo.conditional_point
        without = pelvis[:i] + pelvis[i + 1 :]
    return chain(pelvis), chain(without), chain(list(geo.femur_points))


def curve(joint_flexion_deg, model: str = "rajagopal2016") -> dict[str, np.ndarray]:
    """Length (m) and moment arm (m) at each joint flexion angle (degrees, array-like)."""
    length, moment_arm, _ = _solve(joint_flexion_deg, model)
    return {"length_m": length, "moment_arm_m": moment_arm}


def _solve(joint_flexion_deg, model: str):
    """Length, moment arm and the wrap's tangent angles (None without a wrap)."""
    geo = geometry(model)
    theta = np.radians(np.atleast_1d(np.asarray(joint_flexion_deg, dtype=float)))
    first = _femur_point(geo, 0, theta)
    dfirst = np.stack([-(first[:, 1] - geo.hip[1]), first[:, 0] - geo.hip[0]], -1)
    pelvis_part, pelvis_without, femur_part = _fixed_lengths(model)
    fixed = np.full_like(theta, pelvis_part)
    start = np.broadcast_to(geo.pelvis_points[-1], first.shape)
    if geo.conditional_point is not None:
        # gait2392: the conditional point drops out of the path outside its range
        i = geo.conditional_point
        active = (theta >= math.radians(GAIT2392_P3_RANGE_DEG[0])) & (
            theta <= math.radians(GAIT2392_P3_RANGE_DEG[1])
        )
        without = [p for j, p in enumerate(geo.pelvis_points) if j != i]
        fixed = np.where(active, pelvis_part, pelvis_without)
        start = np.where(active[:, None], geo.pelvis_points[-1], without[-1])
    arc = None
    if geo.wrap_centre is not None:
        lxy, direction, ta, _, a0, a1 = _wrap(
            start[0, :2], first[:, :2], geo.wrap_centre, geo.wrap_radius
        )
        arc = (~np.isnan(ta[:, 0]), a0, a1)
        dz = first[:, 2] - start[:, 2]
        crossing = np.sqrt(lxy**2 + dz**2)
        dcrossing = lxy / crossing * (direction * dfirst).sum(-1)
    else:
        seg = first - start
        crossing = np.linalg.norm(seg, axis=-1)
        dcrossing = (seg[:, :2] / crossing[:, None] * dfirst).sum(-1)
    return fixed + crossing + femur_part, -dcrossing, arc


@cache
def neutral_length(model: str = "rajagopal2016") -> float:
    """Muscle-tendon length in neutral standing (joint at 0 degrees)."""
    return float(curve(0.0, model)["length_m"][0])


def _rotate(points: np.ndarray, pivot: np.ndarray, angle: float) -> np.ndarray:
    c, s = math.cos(angle), math.sin(angle)
    rel = points - pivot
    return pivot + np.stack(
        [c * rel[..., 0] - s * rel[..., 1], s * rel[..., 0] + c * rel[..., 1]], -1
    )


def path_points(
    joint_flexion_deg: float,
    pelvic_tilt_deg: float = 0.0,
    model: str = "rajagopal2016",
    arc_steps: int = 6,
) -> np.ndarray:
    """Sagittal (x, y) points of the modelled path in the world frame, origin to insertion."""
    arc = _solve(joint_flexion_deg, model)[2]
    return _path_points(joint_flexion_deg, pelvic_tilt_deg, model, arc, arc_steps)


def _path_points(joint_flexion_deg, pelvic_tilt_deg, model, arc, arc_steps=6) -> np.ndarray:
    """path_points() given the wrap's tangent angles from _solve (so evaluate solves once)."""
    geo = geometry(model)
    theta = math.radians(joint_flexion_deg)
    c, si = math.cos(theta), math.sin(theta)
    local = np.array(geo.femur_points)[:, :2]
    femur = geo.hip[:2] + local @ np.array([[c, si], [-si, c]])
    pelvis = [p[:2] for p in geo.pelvis_points]
    if geo.conditional_point is not None and not (
        GAIT2392_P3_RANGE_DEG[0] <= joint_flexion_deg <= GAIT2392_P3_RANGE_DEG[1]
    ):
        pelvis.pop(geo.conditional_point)
    pts = list(pelvis)
    if geo.wrap_centre is not None:
        wraps, a0, a1 = arc
        if wraps[0]:
            start_angle = float(a0[0])
            step = float(np.angle(np.exp(1j * (a1[0] - start_angle))))
            angles = start_angle + np.linspace(0.0, step, arc_steps)
            pts += list(
                geo.wrap_centre + geo.wrap_radius * np.stack([np.cos(angles), np.sin(angles)], -1)
            )
    pts += list(femur)
    # the pelvis and everything on it tip about the hip centre; anterior tilt = clockwise
    return _rotate(np.array(pts), geo.hip[:2], -math.radians(pelvic_tilt_deg))


def evaluate(
    hip_flexion_deg: float, pelvic_tilt_deg: float = 0.0, model: str = "rajagopal2016"
) -> PsoasState:
    """The psoas at a posture: length, change from standing, moment arm, points to draw."""
    joint = effective_hip_flexion(hip_flexion_deg, pelvic_tilt_deg)
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    lengths, moment_arms, arc = _solve(joint, model)
    length = float(lengths[0])
    geo = geometry(model)
    return PsoasState(
        hip_flexion_deg=float(hip_flexion_deg),
        pelvic_tilt_deg=float(pelvic_tilt_deg),
        joint_flexion_deg=joint,
        length_m=length,
        percent_change=100.0 * (length / neutral_length(model) - 1.0),
        moment_arm_m=float(moment_arms[0]),
        path_xy=_path_points(joint, pelvic_tilt_deg, model, arc),
        hip_xy=geo.hip[:2].copy(),
    )
