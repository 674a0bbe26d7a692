"""A two-model psoas path: muscle-tendon length and hip-flexion moment arm.

The path points come from two published OpenSim models (``data/opensim_psoas_path.csv``):

* ``rajagopal2016`` (Rajagopal et al. 2016): two points on the pelvis, a wrap cylinder at
  the pelvic brim, two points on the femur.
* ``gait2392`` (after Delp et al. 1990): three pelvis points (the third only active
  between -90 and 45 degrees of flexion), two femur points, no wrap.

Hip flexion turns the femur about the flexion axis (z) through the hip-joint centre.
The brim wrap is solved in 3-D, in the frame of OpenSim's cylinder (turned by its
``xyz_body_rotation``, wrapping only on its ``-y`` side): the path is the cylinder's
geodesic, a straight line on the unrolled surface. Lengths and moment arms agree with
OpenSim 4.6 to within 0.01 mm and 0.1 mm over -30...120 degrees
(``tests/data/opensim_psoas_reference.csv``). The moment arm is ``-dL/dθ``
(positive = flexor), computed analytically.

Angles: ``hip_flexion_deg`` is the thigh's angle from the vertical as seen from the side
(forward positive); ``pelvic_tilt_deg`` is the pelvis's rotation from neutral standing
(positive = anterior, the top of the pelvis tipping forward). The hip joint itself is
flexed by their sum (:func:`effective_hip_flexion`), which is what the muscle feels.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from psoas_course.core.data import DataError, data_dir, load_path_points

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
    # the cylinder's frame in the pelvis frame: origin, axes as columns (axis = third)
    wrap_origin: np.ndarray | None = None
    wrap_rotation: np.ndarray | None = None
    wrap_side: float = 0.0  # -1: wraps only on the cylinder's -y side (OpenSim quadrant)


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
    15 degrees forward the hip joint is only 5 degrees extended. The sum must stay inside
    the range the model is validated over (:data:`HIP_FLEXION_RANGE`).
    """
    hip = check_angle("hip_flexion_deg", hip_flexion_deg, *HIP_FLEXION_RANGE)
    tilt = check_angle("pelvic_tilt_deg", pelvic_tilt_deg, *PELVIC_TILT_RANGE)
    joint = hip + tilt
    low, high = HIP_FLEXION_RANGE
    if not low <= joint <= high:
        raise ValueError(
            f"hip_flexion_deg + pelvic_tilt_deg (the hip joint's flexion) must be between "
            f"{low:g} and {high:g} degrees, the range the model is validated over; "
            f"got {hip:g} + {tilt:g} = {joint:g}"
        )
    return joint


def check_joint_angles(joint_flexion_deg) -> np.ndarray:
    """Joint angles (degrees) as a 1-D float array, or ValueError outside the model's range."""
    try:
        angles = np.atleast_1d(np.asarray(joint_flexion_deg, dtype=float))
    except (TypeError, ValueError):
        angles = np.array([np.nan])
    low, high = HIP_FLEXION_RANGE
    # a hair of tolerance for sums such as -20.0 + -10.000000001
    if angles.ndim != 1 or not np.all((angles >= low - 1e-9) & (angles <= high + 1e-9)):
        bad = angles[~((angles >= low - 1e-9) & (angles <= high + 1e-9))].ravel()
        shown = f"{bad[0]!r}" if bad.size else repr(joint_flexion_deg)
        raise ValueError(
            f"joint_flexion_deg must be between {low:g} and {high:g} degrees, the range "
            f"the model is validated over; got {shown}"
        )
    return angles


_ROTATION = re.compile(r"xyz_body_rotation\s+([^\s;]+)\s+([^\s;]+)\s+([^\s;]+)")
_QUADRANT = re.compile(r"quadrant\s+([+-])([xyz])")


def _body_fixed_xyz(angles) -> np.ndarray:
    """OpenSim's ``xyz_body_rotation``: turn about x, then the new y, then the new z."""
    (ca, cb, cc), (sa, sb, sc) = np.cos(angles), np.sin(angles)
    rx = np.array([[1, 0, 0], [0, ca, -sa], [0, sa, ca]])
    ry = np.array([[cb, 0, sb], [0, 1, 0], [-sb, 0, cb]])
    rz = np.array([[cc, -sc, 0], [sc, cc, 0], [0, 0, 1]])
    return rx @ ry @ rz


def _wrap_frame(model: str, detail: str) -> tuple[np.ndarray, float]:
    """Rotation and wrap side of the brim cylinder, read from its ``detail`` field."""
    rotation, quadrant = _ROTATION.search(detail), _QUADRANT.search(detail)
    if rotation is None or quadrant is None or quadrant.group(2) != "y":
        raise DataError(
            f"{data_dir() / 'opensim_psoas_path.csv'}: column 'detail' of {model} brim_wrap "
            f"must give 'xyz_body_rotation a b c' (radians) and 'quadrant -y' or '+y', "
            f"got {detail!r}"
        )
    try:
        angles = np.array([float(v) for v in rotation.groups()])
    except ValueError:
        angles = np.array([np.nan])
    if angles.shape != (3,) or not np.all(np.isfinite(angles)):
        raise DataError(
            f"{data_dir() / 'opensim_psoas_path.csv'}: column 'detail' of {model} brim_wrap "
            f"has an xyz_body_rotation that is not three numbers: {detail!r}"
        )
    return _body_fixed_xyz(angles), (-1.0 if quadrant.group(1) == "-" else 1.0)


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
    rotation, side = (None, 0.0)
    if len(wrap):
        rotation, side = _wrap_frame(model, str(wrap["detail"].iloc[0]))
    return Geometry(
        name=model,
        hip=hip,
        pelvis_points=pelvis,
        femur_points=femur,
        wrap_centre=xyz["brim_wrap"][:2] if len(wrap) else None,
        wrap_radius=float(wrap["radius_m"].iloc[0]) if len(wrap) else 0.0,
        conditional_point=conditional[0] if conditional else None,
        wrap_origin=xyz["brim_wrap"] if len(wrap) else None,
        wrap_rotation=rotation,
        wrap_side=side,
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


def _wrap(a: np.ndarray, b: np.ndarray, radius: float, side: float):
    """Shortest x-y path from ``a`` (fixed, 2) to points ``b`` (n, 2) around a circle at 0.

    ``side`` -1 (or +1) lets the path wrap only where the straight line would cross the
    circle's -y (or +y) half, as OpenSim's quadrant does. Returns the x-y length, the unit
    direction of the last straight piece (for the derivative), whether it wraps, the
    tangent angles and the x-y distance from ``a`` to the first tangent point.
    """
    d = b - a
    t = np.clip((-a * d).sum(-1) / (d * d).sum(-1), 0.0, 1.0)
    closest = a + t[:, None] * d
    la = math.hypot(a[0], a[1])
    lb = np.hypot(b[:, 0], b[:, 1])
    # an end point inside the cylinder (far outside the model's range) cannot wrap
    wraps = (np.hypot(closest[:, 0], closest[:, 1]) < radius) & (lb > radius) & (la > radius)
    if side:
        wraps &= closest[:, 1] * side > 0
    lb = np.where(wraps, lb, 2.0 * radius)
    la = la if la > radius else 2.0 * radius
    straight = np.hypot(d[:, 0], d[:, 1])
    alpha_a, alpha_b = math.acos(radius / la), np.arccos(radius / lb)
    phi_a, phi_b = math.atan2(a[1], a[0]), np.arctan2(b[:, 1], b[:, 0])
    # wrap on the side where the straight line cuts the circle
    turn = np.sign(a[0] * b[:, 1] - a[1] * b[:, 0])
    ta_ang = phi_a + turn * alpha_a
    tb_ang = phi_b - turn * alpha_b
    arc = np.abs(np.angle(np.exp(1j * (tb_ang - ta_ang))))
    to_first = math.sqrt(la**2 - radius**2)
    wrapped = to_first + np.sqrt(lb**2 - radius**2) + radius * arc
    tb = radius * np.stack([np.cos(tb_ang), np.sin(tb_ang)], -1)
    last = np.where(wraps[:, None], b - tb, d)
    last /= np.hypot(last[:, 0], last[:, 1])[:, None]
    length = np.where(wraps, wrapped, straight)
    return length, last, wraps, ta_ang, tb_ang, to_first


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
    """Length, moment arm and the wrap (None without one) at each joint angle."""
    geo = geometry(model)
    theta = np.radians(check_joint_angles(joint_flexion_deg))
    first = _femur_point(geo, 0, theta)
    dfirst = np.stack(
        [-(first[:, 1] - geo.hip[1]), first[:, 0] - geo.hip[0], np.zeros_like(theta)], -1
    )
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
    wrap = None
    if geo.wrap_rotation is not None:
        # work in the cylinder's frame: its axis is z there
        to_cyl = geo.wrap_rotation.T
        a = to_cyl @ (start[0] - geo.wrap_origin)
        b = (first - geo.wrap_origin) @ to_cyl.T
        db = dfirst @ to_cyl.T
        lxy, direction, wraps, a0, a1, to_first = _wrap(
            a[:2], b[:, :2], geo.wrap_radius, geo.wrap_side
        )
        dz = b[:, 2] - a[2]
        crossing = np.sqrt(lxy**2 + dz**2)
        dcrossing = (lxy * (direction * db[:, :2]).sum(-1) + dz * db[:, 2]) / crossing
        wrap = (wraps, a0, a1, a, b, lxy, to_first)
    else:
        seg = first - start
        crossing = np.linalg.norm(seg, axis=-1)
        dcrossing = (seg / crossing[:, None] * dfirst).sum(-1)
    return fixed + crossing + femur_part, -dcrossing, wrap


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
    wrap = _solve(joint_flexion_deg, model)[2]
    return _path_points(joint_flexion_deg, pelvic_tilt_deg, model, wrap, arc_steps)


def _arc_points(geo: Geometry, wrap, steps: int) -> np.ndarray:
    """Points along the wrapped stretch (a helix on the cylinder), pelvis frame, (steps, 3)."""
    _, a0, a1, a, b, lxy, to_first = wrap
    start_angle = float(a0[0])
    turn = float(np.angle(np.exp(1j * (a1[0] - start_angle))))
    angles = start_angle + np.linspace(0.0, turn, steps)
    # on the unrolled cylinder the path is straight: height grows with x-y distance
    travelled = to_first + geo.wrap_radius * np.abs(angles - start_angle)
    z = a[2] + (b[0, 2] - a[2]) * travelled / lxy[0]
    local = np.stack([geo.wrap_radius * np.cos(angles), geo.wrap_radius * np.sin(angles), z], -1)
    return geo.wrap_origin + local @ geo.wrap_rotation.T


def _path_points(joint_flexion_deg, pelvic_tilt_deg, model, wrap, arc_steps=6) -> np.ndarray:
    """path_points() given the wrap from _solve (so evaluate solves once)."""
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
    if wrap is not None and wrap[0][0]:
        pts += list(_arc_points(geo, wrap, arc_steps)[:, :2])
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
    lengths, moment_arms, wrap = _solve(joint, model)
    length = float(lengths[0])
    geo = geometry(model)
    return PsoasState(
        hip_flexion_deg=float(hip_flexion_deg),
        pelvic_tilt_deg=float(pelvic_tilt_deg),
        joint_flexion_deg=joint,
        length_m=length,
        percent_change=100.0 * (length / neutral_length(model) - 1.0),
        moment_arm_m=float(moment_arms[0]),
        path_xy=_path_points(joint, pelvic_tilt_deg, model, wrap),
        hip_xy=geo.hip[:2].copy(),
    )
