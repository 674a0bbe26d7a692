"""The model's own bones: outlines from ``data/bone_outlines.json``, placed by the joint angles.

The outlines were projected from the Rajagopal et al. (2016) meshes by
``tools/make_bone_outlines.py`` for a few view angles about the vertical axis
(``VIEWS``: 0 = from the front, 90 = from the right side, 180 = from behind). Each bone
stays in its own body frame, so it moves with the same angles as the muscle path in
:mod:`psoas_course.core.model`:

* pelvis, sacrum and spine tip with ``pelvic_tilt_deg`` about the hip centre (positive =
  anterior, clockwise seen from the right side);
* the femur turns with ``hip_flexion_deg``, the thigh's angle from the vertical
  (the joint itself is at hip + tilt, as in ``model.effective_hip_flexion``);
* the spine (torso frame) is held at the model's neutral lumbar angle: the psoas path
  lives in the pelvis frame, so moving the torso without moving its origins would
  pull the vertebrae off the muscle.

Turning a bone about the flexion axis is an in-plane rotation only in the side view, so
non-zero angles are accepted only there. Pure numpy; the JSON needs no geometry library.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from psoas_course.core.data import DataError, data_dir
from psoas_course.core.svg import num

FILE = "bone_outlines.json"
SIDE_VIEW = 90
VERTEBRAE = ("T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5")
LUMBAR_LEVELS = ("T12", "L1", "L2", "L3", "L4", "L5")
FRAME_NAMES = ("pelvis", "femur_r", "femur_l", "torso")


@dataclass(frozen=True)
class BoneView:
    outline: tuple[np.ndarray, ...]  # rings (n, 2) in metres, frame-relative screen coords
    shade: tuple[np.ndarray, ...]
    depth_m: float  # mean distance towards the camera, frame-relative


@dataclass(frozen=True)
class Bone:
    name: str
    frame: str
    source: str
    views: dict[int, BoneView]
    landmarks: dict[str, np.ndarray]  # vertebrae only, in the torso frame (m)


@dataclass(frozen=True)
class BoneSet:
    views: tuple[int, ...]
    view_names: dict[int, str]
    frames: dict[str, np.ndarray]  # origin of each body frame in the pelvis frame
    bones: dict[str, Bone]
    provenance: dict[str, str]


def _need(mapping, key, where: str, path: Path, kind=None):
    if not isinstance(mapping, dict) or key not in mapping:
        raise DataError(f"{path}: missing field '{where}{key}'")
    value = mapping[key]
    if kind is not None and not isinstance(value, kind):
        raise DataError(f"{path}: field '{where}{key}' must be {kind.__name__}")
    return value


def _rings(value, where: str, path: Path, unit: float) -> tuple[np.ndarray, ...]:
    if not isinstance(value, list):
        raise DataError(f"{path}: field '{where}' must be a list of rings")
    out = []
    for i, ring in enumerate(value):
        ok = isinstance(ring, list) and len(ring) >= 6 and len(ring) % 2 == 0
        if not ok or not all(isinstance(v, int) and not isinstance(v, bool) for v in ring):
            raise DataError(
                f"{path}: field '{where}[{i}]' must be an even-length list of at least "
                "6 integers (x0, y0, x1, y1, ...)"
            )
        out.append(np.array(ring, dtype=float).reshape(-1, 2) * unit)
    return tuple(out)


def load_bones(folder: Path | None = None) -> BoneSet:
    """Read and check ``data/bone_outlines.json``; DataError names the file and field."""
    path = (folder or data_dir()) / FILE
    if not path.is_file():
        raise DataError(f"{path}: file not found (make it with tools/make_bone_outlines.py)")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: cannot be read as JSON ({err})") from None
    unit = _need(raw, "unit_m", "", path, (int, float))
    if not 0 < unit < 0.01:
        raise DataError(f"{path}: field 'unit_m' must be a small positive number of metres")
    views = _need(raw, "views_deg", "", path, list)
    if not views or not all(isinstance(v, int) for v in views):
        raise DataError(f"{path}: field 'views_deg' must be a list of whole degrees")
    names = _need(raw, "view_names", "", path, dict)
    provenance = _need(raw, "provenance", "", path, dict)
    for key in ("source", "licence", "frames"):
        _need(provenance, key, "provenance.", path, str)
    frames = {}
    for frame in FRAME_NAMES:
        entry = _need(_need(raw, "frames", "", path, dict), frame, "frames.", path, dict)
        origin = _need(entry, "origin_in_pelvis_m", f"frames.{frame}.", path, list)
        if len(origin) != 3 or not all(isinstance(v, (int, float)) for v in origin):
            raise DataError(f"{path}: field 'frames.{frame}.origin_in_pelvis_m' needs 3 numbers")
        frames[frame] = np.array(origin, dtype=float)
    bones = {}
    for name, entry in _need(raw, "bones", "", path, dict).items():
        where = f"bones.{name}."
        frame = _need(entry, "frame", where, path, str)
        if frame not in frames:
            raise DataError(f"{path}: field '{where}frame' must be one of {', '.join(frames)}")
        per_view = {}
        for view in views:
            v = _need(_need(entry, "views", where, path, dict), str(view), f"{where}views.", path)
            vw = f"{where}views.{view}."
            per_view[view] = BoneView(
                outline=_rings(_need(v, "outline", vw, path), vw + "outline", path, unit),
                shade=_rings(v.get("shade", []), vw + "shade", path, unit),
                depth_m=float(_need(v, "depth_m", vw, path, (int, float))),
            )
            if not per_view[view].outline:
                raise DataError(f"{path}: field '{vw}outline' is empty")
        marks = {}
        for key, value in entry.get("landmarks_m", {}).items():
            if isinstance(value, list):
                marks[key] = np.array(value, dtype=float)
            elif isinstance(value, (int, float)):
                marks[key] = np.array(float(value))
        bones[name] = Bone(name, frame, str(entry.get("source", "")), per_view, marks)
    for name in (*VERTEBRAE, "r_pelvis", "l_pelvis", "sacrum", "r_femur", "l_femur"):
        if name not in bones:
            raise DataError(f"{path}: missing field 'bones.{name}'")
    for name in VERTEBRAE:
        for key in ("body_centre", "body_side_r", "transverse_tip_r"):
            if bones[name].landmarks.get(key, np.zeros(0)).shape != (3,):
                raise DataError(f"{path}: field 'bones.{name}.landmarks_m.{key}' needs 3 numbers")
    return BoneSet(
        views=tuple(views),
        view_names={int(k): str(v) for k, v in names.items()},
        frames=frames,
        bones=bones,
        provenance={k: str(v) for k, v in provenance.items()},
    )


@cache
def bone_set() -> BoneSet:
    """The course's bones (read once)."""
    return load_bones()


def check_view(view) -> int:
    """A stored view angle, or ValueError listing them."""
    views = bone_set().views
    if isinstance(view, bool) or view not in views:
        raise ValueError(f"view must be one of {', '.join(map(str, views))} degrees, got {view!r}")
    return int(view)


def screen_axes(view: int) -> tuple[np.ndarray, np.ndarray]:
    """Screen-right and towards-camera unit vectors for a view angle (pelvis frame)."""
    a = math.radians(view)
    return np.array([math.sin(a), 0.0, -math.cos(a)]), np.array([math.cos(a), 0.0, math.sin(a)])


def _rotation_z(degrees: float) -> np.ndarray:
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


@dataclass(frozen=True)
class Posture:
    """Thigh angle from the vertical and pelvic tilt, as in ``core.model`` (degrees)."""

    hip_flexion_deg: float = 0.0
    pelvic_tilt_deg: float = 0.0

    def frame_turn(self, frame: str) -> float:
        """World rotation of a body frame about z (degrees, counter-clockwise from the right)."""
        if frame in ("femur_r", "femur_l"):
            return self.hip_flexion_deg
        return -self.pelvic_tilt_deg

    def to_world(self, frame: str, xyz) -> np.ndarray:
        """Points (..., 3) in a body frame -> world frame (pelvis frame before tilt)."""
        frames = bone_set().frames
        hip = frames["femur_r"] * [1, 1, 0]
        xyz = np.asarray(xyz, dtype=float)
        if frame in ("femur_r", "femur_l"):
            joint = self.hip_flexion_deg + self.pelvic_tilt_deg
            in_pelvis = xyz @ _rotation_z(joint).T + frames[frame]
        elif frame in ("pelvis", "torso"):
            in_pelvis = xyz + frames[frame]
        else:
            raise ValueError(f"frame must be one of {', '.join(FRAME_NAMES)}, got {frame!r}")
        # the pelvis (and all on it) tips about the hip centre; anterior tilt = clockwise
        return (in_pelvis - hip) @ _rotation_z(-self.pelvic_tilt_deg).T + hip


def project(xyz, view: int) -> np.ndarray:
    """World points (..., 3) -> (..., 2) screen metres (right, up) for a view angle."""
    right, _ = screen_axes(check_view(view))
    xyz = np.asarray(xyz, dtype=float)
    return np.stack([xyz @ right, xyz[..., 1]], -1)


@dataclass(frozen=True)
class PlacedBone:
    name: str
    outline: tuple[np.ndarray, ...]  # rings (n, 2), screen metres
    shade: tuple[np.ndarray, ...]
    depth_m: float  # larger = nearer the viewer


def place(name: str, view: int, posture: Posture = Posture()) -> PlacedBone:
    """One bone's outline on screen (metres) for a view and posture."""
    bones = bone_set()
    view = check_view(view)
    if name not in bones.bones:
        raise ValueError(f"unknown bone {name!r}; known: {', '.join(bones.bones)}")
    bone = bones.bones[name]
    turn = posture.frame_turn(bone.frame)
    if turn and view != SIDE_VIEW:
        raise ValueError(
            f"bones turn with hip flexion or pelvic tilt only in the side view ({SIDE_VIEW}°); "
            f"got view {view}° with a turn of {turn:g}°"
        )
    stored = bone.views[view]
    origin2 = project(posture.to_world(bone.frame, np.zeros(3)), view)
    a = math.radians(turn)
    rot = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])  # row vectors

    def move(rings):
        return tuple(r @ rot + origin2 for r in rings)

    _, towards = screen_axes(view)
    origin_depth = float(posture.to_world(bone.frame, np.zeros(3)) @ towards)
    return PlacedBone(name, move(stored.outline), move(stored.shade), origin_depth + stored.depth_m)


def skeleton(view: int, posture: Posture = Posture(), names=None) -> list[PlacedBone]:
    """Placed bones, farthest first (painter's order). ``names`` defaults to all but ribs."""
    bones = bone_set().bones
    chosen = [n for n in bones if n != "ribs"] if names is None else list(names)
    placed = [place(n, view, posture) for n in chosen]
    return sorted(placed, key=lambda b: b.depth_m)


def vertebra_point(level: str, key: str = "body_centre", side: str = "right") -> np.ndarray:
    """A vertebra landmark in the pelvis frame (spine at neutral), mirrored for the left."""
    bones = bone_set().bones
    if level not in VERTEBRAE and not (level in bones and "body_centre" in bones[level].landmarks):
        raise ValueError(f"level must be one of {', '.join(VERTEBRAE)}, got {level!r}")
    marks = bones[level].landmarks
    if key not in marks:
        raise ValueError(f"landmark must be one of {', '.join(marks)}, got {key!r}")
    if side not in ("right", "left"):
        raise ValueError(f"side must be 'right' or 'left', got {side!r}")
    point = marks[key] + bone_set().frames["torso"]
    return point * [1, 1, -1] if side == "left" else point


def svg_path(rings, to_px) -> str:
    """SVG path data for rings of screen metres; ``to_px`` maps (n, 2) metres to pixels."""
    parts = []
    for ring in rings:
        px = to_px(np.asarray(ring))
        head = f"M{num(px[0, 0])} {num(px[0, 1])}"
        rest = "".join(f"L{num(x)} {num(y)}" for x, y in px[1:])
        parts.append(head + rest + "Z")
    return "".join(parts)


def pixel_mapper(scale: float, origin: tuple[float, float]):
    """Screen metres -> SVG pixels: ``scale`` px per metre, ``origin`` = pixel of (0, 0)."""

    def to_px(points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=float)
        return np.stack(
            [origin[0] + scale * points[..., 0], origin[1] - scale * points[..., 1]], -1
        )

    return to_px


CSA_FILE = "psoas_csa_by_level.csv"
BELLY_LEVELS = ("T12", "L1", "L2", "L3", "L4", "L5")


def load_psoas_csa(folder: Path | None = None):
    """Per-level psoas cross-sectional areas with provenance (``data/psoas_csa_by_level.csv``)."""
    from psoas_course.core.data import load_table

    table = load_table(
        CSA_FILE,
        {
            "level": "text",
            "csa_cm2": "number",
            "sd_cm2": "number",
            "kind": "text",
            "source": "text",
            "status": "text",
        },
        folder,
    )
    path = (folder or data_dir()) / CSA_FILE
    if table["csa_cm2"].isna().any() or (table["csa_cm2"] <= 0).any():
        row = int((table["csa_cm2"].isna() | (table["csa_cm2"] <= 0)).idxmax())
        raise DataError(f"{path}: column 'csa_cm2' must be a positive area, row {row + 2} is not")
    cumulative = table[table["kind"] == "model_pcsa_cumulative"]
    missing = [lvl for lvl in BELLY_LEVELS if lvl not in set(cumulative["level"])]
    if missing:
        raise DataError(
            f"{path}: column 'level' needs model_pcsa_cumulative rows for {', '.join(missing)}"
        )
    if not (table["kind"] == "measured_mean").any():
        raise DataError(f"{path}: column 'kind' has no measured_mean row to scale the drawing")
    return table


# The levels the belly and the cross-sections are drawn at: each vertebra from T12 to L5, and
# the L4/L5 disc, where the largest mean area was measured (Reid et al. 1994) and where
# lateral spinal surgery meets the femoral nerve.
SECTION_LEVELS = ("T12", "L1", "L2", "L3", "L4", "L4/L5", "L5")
# Which measured row of data/psoas_csa_by_level.csv draws each measured level: (level, source
# starts with). L1 and L5: young women scanned sitting; L4/L5: young men lying down.
MEASURED = {
    "L1": ("L1", "'Morphometry"),
    "L4/L5": ("L4/L5", "Reid"),
    "L5": ("L5", "'Morphometry"),
}


def _measured(level: str):
    """The row of the area table that draws a measured level."""
    row_level, source = MEASURED[level]
    table = load_psoas_csa()
    rows = table[
        (table["level"] == row_level)
        & (table["kind"] == "measured_mean")
        & table["source"].str.startswith(source)
    ]
    if len(rows) != 1:
        raise DataError(
            f"{data_dir() / 'psoas_csa_by_level.csv'}: column 'level' needs one measured_mean "
            f"row for {row_level} from {source!r}, found {len(rows)}"
        )
    return rows.iloc[0]


@cache
def section_areas_cm2() -> dict[str, float]:
    """Area (cm²) drawn for one psoas at each level of :data:`SECTION_LEVELS`.

    Measured means where the table has one (:data:`MEASURED`); the other levels follow the
    model's summed fascicle PCSA (the fascicles that have joined the muscle by that level),
    mapped linearly between the measured levels around them (T12 scaled from L1). Between
    L4 and L5 the fascicle sum at the L4/L5 disc is taken halfway between the two vertebrae.
    """
    table = load_psoas_csa()
    model = table[table["kind"] == "model_pcsa_cumulative"].set_index("level")["csa_cm2"]
    shape = {lvl: float(model[lvl]) for lvl in BELLY_LEVELS}
    shape["L4/L5"] = 0.5 * (shape["L4"] + shape["L5"])
    measured = {lvl: float(_measured(lvl)["csa_cm2"]) for lvl in MEASURED}
    anchors = [lvl for lvl in SECTION_LEVELS if lvl in measured]
    areas = {}
    for lvl in SECTION_LEVELS:
        if lvl in measured:
            areas[lvl] = measured[lvl]
            continue
        i = SECTION_LEVELS.index(lvl)
        above = [a for a in anchors if SECTION_LEVELS.index(a) < i]
        below = [a for a in anchors if SECTION_LEVELS.index(a) > i]
        if not above:  # above the first measured level: in proportion to the model
            first = below[0]
            areas[lvl] = measured[first] * shape[lvl] / shape[first]
            continue
        low, high = above[-1], below[0]
        t = (shape[lvl] - shape[low]) / (shape[high] - shape[low])
        areas[lvl] = measured[low] + t * (measured[high] - measured[low])
    return {lvl: round(area, 2) for lvl, area in areas.items()}


def belly_csa_cm2() -> dict[str, float]:
    """Psoas major area (cm², one side) at each level the belly is drawn through, T12 to L5
    with the L4/L5 disc: the same areas as the cross-sections (:func:`section_areas_cm2`)."""
    return section_areas_cm2()


def belly_width_m(csa_cm2: float) -> float:
    """Diameter (m) of a round section with this area: the drawn width of the belly."""
    return 2.0 * math.sqrt(csa_cm2 * 1e-4 / math.pi)
