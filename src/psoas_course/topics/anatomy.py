"""Drawings computed from the data and the model: each function returns one SVG string.

The same functions feed the live widgets (JupyterLab/Binder) and the pre-rendered
frames of the static book, so both always show the same picture.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from psoas_course.core import bones, model
from psoas_course.core.skeleton import Pose, bone_outlines, label
from psoas_course.core.svg import (
    PALETTE,
    circle,
    document,
    line,
    num,
    polyline,
    rect,
    rounded,
    text,
)

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


VIEW_ANGLES = (0, 30, 60, 90, 120, 150, 180)
VIEW_NAMES = {
    0: "the front",
    30: "the front, turned 30° towards the right side",
    60: "the front right, turned 60°",
    90: "the right side",
    120: "behind the right side, turned 120°",
    150: "behind, turned 150°",
    180: "behind",
}
LABEL_FONT = 17  # px in a 480-px-wide drawing: 11.4 CSS px in a 322-px phone column
TENDON_M = 0.012


def nearest_view(angle) -> int:
    """The stored view angle nearest to ``angle`` (degrees; the live slider moves by 1)."""
    if isinstance(angle, bool) or not isinstance(angle, (int, float)):
        raise ValueError(f"view must be an angle in degrees (0 to 180), got {angle!r}")
    if not 0 <= angle <= 180:
        raise ValueError(f"view must be between 0 and 180 degrees, got {angle!r}")
    return min(VIEW_ANGLES, key=lambda v: abs(v - angle))


def _mirror(xyz, left: bool) -> np.ndarray:
    return np.asarray(xyz) * [1, 1, -1] if left else np.asarray(xyz)


def _path_3d(pose: Pose) -> np.ndarray:
    """The modelled psoas path (right side) as 3-D world points, origin to insertion."""
    geo = model.geometry()
    joint = pose.hip_flexion + pose.tilt
    path_xy = model.path_points(joint, pose.tilt)
    zs = [p[2] for p in geo.pelvis_points]
    zs += [zs[-1]] * (len(path_xy) - len(geo.pelvis_points) - len(geo.femur_points))
    zs += [geo.hip[2] + q[2] for q in geo.femur_points]
    return np.array([[x, y, z] for (x, y), z in zip(path_xy, zs)])


def _tilted(pose: Pose, xyz) -> np.ndarray:
    """A pelvis-frame point (spine, pelvis) in the world for the pose's tilt."""
    return bones.Posture(pose.hip_flexion, pose.tilt).to_world("pelvis", xyz)


def belly_centreline(pose: Pose) -> tuple[np.ndarray, np.ndarray]:
    """Psoas major (right side): centreline points (world, m) and widths (m) from above T12
    to the insertion. Width follows the cross-sectional area by level, measured where a
    study gives one (:func:`bones.belly_csa_cm2`, a round section assumed); the muscle
    lies beside the vertebral bodies, in front of the transverse processes."""
    csa = bones.belly_csa_cm2()
    points, widths = [], []
    for level in bones.SECTION_LEVELS:
        if "/" in level:  # a disc: halfway between the vertebrae above and below
            upper, lower = level.split("/")
            side = 0.5 * (
                bones.vertebra_point(upper, "body_side_r")
                + bones.vertebra_point(lower, "body_side_r")
            )
        else:
            side = bones.vertebra_point(level, "body_side_r")
        width = bones.belly_width_m(csa[level])
        points.append(_tilted(pose, side + [0.006, 0.0, 0.35 * width]))
        widths.append(width)
    top = points[0] + (points[0] - points[1]) * 0.6
    path = _path_3d(pose)
    # the muscle narrows to its tendon over the brim and reaches the femur as tendon
    n_below = len(path)
    taper = np.linspace(0.8, 0.0, n_below) * widths[-1]
    below = [max(t, TENDON_M) for t in taper]
    return (
        np.array([top, *points, *path]),
        np.array([0.35 * widths[0], *widths, *below]),
    )


def _chaikin(points: np.ndarray, values: np.ndarray, rounds: int = 2):
    """Smooth an open polyline (and a value carried along it) by corner cutting."""
    for _ in range(rounds):
        p, v = points, values
        q = 0.75 * p[:-1] + 0.25 * p[1:]
        r = 0.25 * p[:-1] + 0.75 * p[1:]
        qv = 0.75 * v[:-1] + 0.25 * v[1:]
        rv = 0.25 * v[:-1] + 0.75 * v[1:]
        points = np.vstack([p[:1], np.stack([q, r], 1).reshape(-1, p.shape[1]), p[-1:]])
        values = np.concatenate([v[:1], np.stack([qv, rv], 1).ravel(), v[-1:]])
    return points, values


def ribbon(centre_px: np.ndarray, widths_px: np.ndarray) -> np.ndarray:
    """Closed outline (pixels) of a band of varying width along a pixel centreline."""
    d = np.gradient(centre_px, axis=0)
    d /= np.linalg.norm(d, axis=1, keepdims=True) + 1e-9
    normal = np.stack([-d[:, 1], d[:, 0]], 1) * (widths_px / 2)[:, None]
    return np.vstack([centre_px + normal, (centre_px - normal)[::-1]])


def _path_d(points_px) -> str:
    coords = "L".join(f"{num(x)} {num(y)}" for x, y in points_px)
    return f"M{coords}Z"


def psoas_belly(pose: Pose, view: int, to_px, scale: float, left: bool = False) -> list[str]:
    """The fleshy psoas major: belly outline, fascicles from each origin, tendon."""
    centre, widths = belly_centreline(pose)
    centre = np.array([_mirror(c, left) for c in centre])
    px = to_px(bones.project(centre, view))
    smooth, w = _chaikin(px, widths * scale)
    colour = PALETTE["psoas_major"]
    out = [
        f'<path d="{_path_d(ribbon(smooth, w))}" fill="{colour}" fill-opacity="0.78" '
        f'stroke="{PALETTE["vermillion_dark"]}" stroke-width="1" stroke-linejoin="round"/>'
    ]
    # fascicles: from the discs and bodies T12/L1 to L4/L5 and each transverse process,
    # converging on the tendon that leaves the belly at the lumbosacral junction
    tendon_start = px[len(bones.SECTION_LEVELS) + 1]
    fibres = []
    levels = bones.BELLY_LEVELS
    for upper, lower in zip(levels[:-1], levels[1:]):
        a = bones.vertebra_point(upper, "body_side_r")
        b = bones.vertebra_point(lower, "body_side_r")
        fibres.append(0.5 * (a + b))
    fibres += [bones.vertebra_point(lvl, "transverse_tip_r") for lvl in levels[1:]]
    d = []
    for origin in fibres:
        o = to_px(bones.project(_mirror(_tilted(pose, origin), left), view))
        k = min(range(len(px)), key=lambda i: abs(px[i][1] - o[1]))
        bend = 0.5 * (px[min(k + 2, len(px) - 1)] + tendon_start)
        d.append(
            f"M{num(o[0])} {num(o[1])}Q{num(bend[0])} {num(bend[1])} "
            f"{num(tendon_start[0])} {num(tendon_start[1])}"
        )
    out.append(
        f'<path d="{"".join(d)}" fill="none" stroke="{PALETTE["vermillion_dark"]}" '
        'stroke-width="1" stroke-opacity="0.55"/>'
    )
    tendon = px[len(bones.SECTION_LEVELS) + 1 :]
    out.append(rounded([tuple(p) for p in tendon], PALETTE["vermillion_dark"], 3))
    return out


def iliacus_fan(pose: Pose, view: int, to_px, left: bool = False) -> list[str]:
    """Iliacus: a fan from the inner lip of the iliac crest over the brim to the femur."""
    crest = bones.bone_set().bones["r_pelvis"].landmarks.get("iliac_crest")
    if crest is None or crest.ndim != 2:
        return []
    inner = crest[1:-1] - [0.0, 0.006, 0.012]  # the inner lip and the fossa below it
    brim = pose.point("iliacus", "brim")
    insertion = pose.point("iliacus", "insertion")
    pts = [_mirror(_tilted(pose, p), left) for p in inner]
    brim_pts = [_mirror(brim + [0.012, 0, 0], left), _mirror(brim - [0.012, 0, 0], left)]

    def px(p):
        return to_px(bones.project(p, view))

    outline = [px(p) for p in pts] + [px(brim_pts[1]), px(_mirror(insertion, left))]
    outline += [px(brim_pts[0])]
    colour = PALETTE["iliacus"]
    out = [
        f'<path d="{_path_d(outline)}" fill="{colour}" fill-opacity="0.55" stroke="{colour}" '
        'stroke-width="1" stroke-linejoin="round"/>'
    ]
    mid = px(_mirror(brim, left))
    fibres = "".join(
        f"M{num(a[0])} {num(a[1])}L{num(mid[0])} {num(mid[1])}" for a in outline[: len(pts)]
    )
    out.append(f'<path d="{fibres}" stroke="{colour}" stroke-width="1" stroke-opacity="0.7"/>')
    out.append(rounded([tuple(mid), tuple(px(_mirror(insertion, left)))], colour, 4))
    return out


def psoas_minor_line(pose: Pose, view: int, to_px, left: bool = False) -> list[str]:
    """Psoas minor (absent in many people): T12/L1 to the iliopubic eminence, dashed."""
    top = 0.5 * (
        bones.vertebra_point("T12", "body_side_r") + bones.vertebra_point("L1", "body_side_r")
    )
    top = top + [0.012, 0.0, 0.004]
    end = pose.point("psoas_minor", "insertion")
    pts = [to_px(bones.project(_mirror(p, left), view)) for p in (_tilted(pose, top), end)]
    return [
        polyline(
            [tuple(p) for p in pts],
            stroke=PALETTE["purple_dark"],
            stroke_width=3,
            stroke_dasharray="7 4",
        )
    ]


MUSCLES = LAYERS[1:]


def muscle_behind_bones(view: int, left: bool) -> bool:
    """Whether the muscles of one side lie on the far side of the spine and pelvis from
    ``view`` (0 front, 90 right side, 180 behind): all of them from behind (the iliacus
    lines the inside of the hip bone, the psoas lies in front of the transverse
    processes), the left side's from the right side (behind the right hip bone and the
    vertebral bodies)."""
    return view > 90 or (left and view >= 90)


def _ghost(filled: str, colour: str) -> str:
    """The dashed outline of a filled muscle shape drawn behind the bones."""
    d = filled.split('d="', 1)[1].split('"', 1)[0]
    return (
        f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.5" '
        'stroke-dasharray="5 3" stroke-linejoin="round"/>'
    )


def spread_labels(items, top: float, bottom: float, gap: float) -> list[float]:
    """Baselines for labels wanting to sit at ``items`` y values, at least ``gap`` apart,
    kept between ``top`` and ``bottom`` (order kept)."""
    ys = []
    for y in items:
        ys.append(max(y, top if not ys else ys[-1] + gap))
    overflow = ys[-1] - bottom if ys else 0
    if overflow > 0:
        ys[-1] -= overflow
        for i in range(len(ys) - 2, -1, -1):
            ys[i] = min(ys[i], ys[i + 1] - gap)
    return ys


def anatomy_svg(view=90, layers=LAYERS) -> str:
    """Lesson 1's labelled diagram: the model's bones and the muscles, from ``view`` degrees
    (0 = front, 90 = right side, 180 = behind). Each layer is its own ``<g data-layer>``."""
    if view in ("side", "front"):
        view = 90 if view == "side" else 0
    view = nearest_view(view)
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise ValueError(f"layers must be among {', '.join(LAYERS)}; unknown: {sorted(unknown)}")
    pose = Pose()
    layout = _layout()
    width, height, scale = EXPLORER_WIDTH, layout["height"], layout["scale"]
    # labels sit in two columns beside the bones, right-aligned on the left, left-aligned
    # on the right, each joined to its structure by a leader line
    muscles_left = view < 90  # seen from the front, the right psoas is on the viewer's left
    left_w, right_w = (
        (layout["muscle_w"], layout["vertebra_w"])
        if muscles_left
        else (layout["vertebra_w"], layout["muscle_w"])
    )
    columns_x = {
        "left": (MARGIN + left_w, "end"),
        "right": (width - MARGIN - right_w, "start"),
    }
    vertebra_col, muscle_col = ("right", "left") if muscles_left else ("left", "right")
    middle = (MARGIN + left_w + LEADER_ROOM + width - MARGIN - right_w - LEADER_ROOM) / 2
    umin, umax, _, _ = _view_extent(view)
    origin = (middle - scale * (umin + umax) / 2, layout["top"])
    to_px = bones.pixel_mapper(scale, origin)
    right_near = 0 < view < 180
    far, near = True, False  # left side, right side
    groups: dict[str, list[str]] = {name: [] for name in LAYERS}
    # vertebrae, sacrum, hip bone and femur
    groups["skeleton"] += bone_outlines(
        pose, view, scale, origin, (False, True), "thigh", spine="model"
    )
    bone_labels = []
    for level in bones.BELLY_LEVELS:
        target = to_px(bones.project(bones.vertebra_point(level), view))
        bone_labels.append((level, target, PALETTE["ink"]))
    femur_mid = to_px(bones.project(pose.hip + [0.0, -0.28, 0.02], view))
    bone_labels.append(("Femur", femur_mid, PALETTE["ink"]))
    sacrum = to_px(bones.project(np.array([-0.11, 0.0, 0.0]), view))
    bone_labels.append(("Sacrum", sacrum, PALETTE["ink"]))
    crest = bones.bone_set().bones["r_pelvis"].landmarks.get("iliac_crest")
    if crest is not None and crest.ndim == 2:
        ilium = to_px(bones.project(crest[len(crest) // 2] - [0, 0.03, 0], view))
        bone_labels.append(("Hip bone", ilium, PALETTE["ink"]))
    # painter's order by view: a muscle on the far side of the bones is drawn before them,
    # so the bones cover it, and a dashed outline on top shows where it lies
    behind: dict[str, list[str]] = {name: [] for name in LAYERS}
    ghosts: dict[str, list[str]] = {name: [] for name in LAYERS}
    for side_left in (far, near) if right_near else (near, far):
        hidden = muscle_behind_bones(view, side_left)
        target = behind if hidden else groups
        if "iliacus" in layers:
            fan = iliacus_fan(pose, view, to_px, side_left)
            target["iliacus"] += fan
            if hidden and fan:
                ghosts["iliacus"].append(_ghost(fan[0], PALETTE["iliacus"]))
        if "psoas_major" in layers:
            belly = psoas_belly(pose, view, to_px, scale, side_left)
            target["psoas_major"] += belly
            if hidden:
                ghosts["psoas_major"].append(_ghost(belly[0], PALETTE["vermillion_dark"]))
        if "psoas_minor" in layers:
            minor = psoas_minor_line(pose, view, to_px, side_left)
            # already dashed: drawn on top it reads as the hidden outline
            (ghosts if hidden else groups)["psoas_minor"] += minor
    centre, _ = belly_centreline(pose)
    muscle_labels = {
        "psoas_major": (
            "Psoas major",
            to_px(bones.project(centre[4], view)),
            PALETTE["vermillion_dark"],
        ),
        "psoas_minor": (
            "Psoas minor",
            to_px(
                bones.project(
                    0.5
                    * (
                        pose.point("psoas_minor", "insertion")
                        + _tilted(pose, bones.vertebra_point("L2", "body_side_r"))
                    ),
                    view,
                )
            ),
            PALETTE["purple_dark"],
        ),
        "iliacus": (
            "Iliacus",
            to_px(bones.project(pose.point("iliacus", "brim") + [-0.02, 0.04, 0.01], view)),
            PALETTE["iliacus"],
        ),
    }
    top, bottom = 12.0 + LABEL_FONT, height - 10.0
    columns: dict[str, list] = {"left": [], "right": []}
    labels: dict[str, list[str]] = {name: [] for name in LAYERS}
    for entry in bone_labels:
        spinal = entry[0] in bones.BELLY_LEVELS or entry[0] == "Sacrum"
        columns[vertebra_col if spinal else muscle_col].append(("skeleton", entry))
    for name, entry in muscle_labels.items():
        columns[muscle_col].append((name, entry))
    insertion = to_px(bones.project(pose.point("iliacus", "insertion"), view))
    columns[muscle_col].append(("psoas_major", ("Lesser trochanter", insertion, PALETTE["ink"])))
    for side, entries in columns.items():
        x, anchor = columns_x[side]
        entries = sorted(entries, key=lambda e: e[1][1][1])
        wanted = [e[1][1][1] + 5 for e in entries]
        for (layer, (content, target, colour)), y in zip(
            entries, spread_labels(wanted, top, bottom, LABEL_FONT + 3)
        ):
            labels[layer] += label(
                content, (x, y), tuple(target), colour=colour, anchor=anchor, font_size=LABEL_FONT
            )
    # muscles behind the bones, the bones, the hidden muscles' outlines, muscles in front,
    # labels on top; a layer may have several groups, which the page's toggles show and
    # hide together
    slots = [(name, behind[name]) for name in MUSCLES]
    slots += [("skeleton", groups["skeleton"])]
    slots += [(name, ghosts[name]) for name in MUSCLES]
    slots += [(name, groups[name]) for name in MUSCLES]
    slots += [(name, labels[name]) for name in LAYERS]
    body = []
    for name, parts in slots:
        if name not in layers or not parts:
            continue
        if body and body[-1][0] == name:
            body[-1][1].extend(parts)
        else:
            body.append((name, list(parts)))
    body = [f'<g data-layer="{name}">' + "".join(parts) + "</g>" for name, parts in body]
    shown = [LAYER_NAMES[name] for name in LAYERS if name in layers] or ["nothing"]
    title = f"The psoas region seen from {VIEW_NAMES[view]}"
    desc = (
        f"The bones of the Rajagopal 2016 model seen from {VIEW_NAMES[view]}, showing "
        f"{', '.join(shown).lower()}. Psoas major runs from the sides of the T12 to L4/L5 "
        "vertebral bodies and discs and the L1 to L5 transverse processes, thickening as "
        "it descends, over the pelvic brim, to the lesser trochanter of the femur, which it "
        "shares with the iliacus from the iliac fossa. Psoas minor, absent in many people, "
        "ends on the pelvis."
    )
    if any(muscle_behind_bones(view, side) for side in (far, near)):
        desc += (
            " Muscles lying on the far side of the bones are hidden by them; a dashed outline "
            "shows where they lie."
        )
    return document(width, height, body, title, desc)


EXPLORER_WIDTH = 480
MARGIN, LEADER_ROOM = 6.0, 18.0
LABEL_CHAR_PX = 0.62 * LABEL_FONT  # a bold character, generously
EXTENT_BONES = ("sacrum", "r_pelvis", "l_pelvis", "r_femur", "l_femur", "T12", "L3")


@cache
def _view_extent(view: int) -> tuple[float, float, float, float]:
    """Screen extent (m) of the bones seen from ``view``: u from, u to, v from, v to."""
    rings = [r for name in EXTENT_BONES for r in bones.place(name, view).outline]
    us = np.concatenate([r[:, 0] for r in rings])
    vs = np.concatenate([r[:, 1] for r in rings])
    return float(us.min()), float(us.max()), float(vs.min()), float(vs.max())


@cache
def _layout() -> dict[str, float]:
    """One scale and height for every view (the drawing does not jump as it turns), as large
    as the label columns leave room for."""
    vertebra_w = LABEL_CHAR_PX * (len("Sacrum") + 1)
    muscle_w = LABEL_CHAR_PX * len("Lesser trochanter")
    middle = EXPLORER_WIDTH - 2 * MARGIN - vertebra_w - muscle_w - 2 * LEADER_ROOM
    extents = [_view_extent(v) for v in VIEW_ANGLES]
    scale = min(middle / (e[1] - e[0]) for e in extents)
    v_low, v_high = min(e[2] for e in extents), max(e[3] for e in extents)
    top = 12.0 + LABEL_FONT + scale * v_high
    return {
        "scale": scale,
        "top": top,
        "height": round(top - scale * v_low + 12.0),
        "vertebra_w": vertebra_w,
        "muscle_w": muscle_w,
    }


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
                font_size=13,
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
                font_size=13,
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
    out.append(text(x0, y0 - 8, "Modelled path length vs standing", fill=PALETTE["ink"]))
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
            text(x0 + w - 6, y0 + 18 + 16 * row, name, text_anchor="end", fill=colour, font_size=13)
        )
    cx, cy = to_px(state.joint_flexion_deg, state.percent_change)
    out.append(circle(cx, cy, 7, fill=PALETTE["accent"], stroke=PALETTE["ink"], stroke_width=2))
    return out


def describe(state: model.PsoasState) -> str:
    """One sentence for screen readers and captions."""
    change = state.percent_change
    if abs(change) < 0.05:
        how = "at its standing length"
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
        f"Thigh at {state.hip_flexion_deg:.0f}°{tilt}: the modelled psoas path (pelvis to femur) "
        f"is {how}; "
        f"its flexion moment arm is {100 * state.moment_arm_m:.1f} cm."
    )


POSTURE_SCALE = 360.0
# pixel of the pelvis frame's origin before the drawing is cropped to its diagram's postures
POSTURE_ORIGIN = (185.0, 112.0)
FONT = 14  # px in a 340-to-360-px drawing: at least 12.5 CSS px in a 322-px phone column
FRAME_MARGIN = 8.0
SHANK_HALF_WIDTH = 8.0  # the shank is a 16-px round-capped line
# the postures each explorer reaches (thigh, tilt); each diagram is cropped to the union of
# its own frames, so a narrow range (the lunge) is not drawn in a box sized for sitting
HIP_FLEXION_POSTURES = tuple((hip, 0) for hip in range(-30, 121, 5))
PELVIC_TILT_POSTURES = tuple((hip, tilt) for hip in range(-20, 1, 10) for tilt in range(-10, 31, 5))
FIT_BONES = ("r_femur", "r_pelvis", "l_pelvis", "sacrum", "T12", "L1", "L5")


def _posture_marks(hip_flexion_deg: float, pelvic_tilt_deg: float) -> tuple[list[str], np.ndarray]:
    """The bones, muscle and labels of one posture (uncropped pixels), and the corners of
    everything drawn (bones, shank, belly, label boxes) for cropping."""
    pose = Pose(hip_flexion_deg, pelvic_tilt_deg)
    view, scale = bones.SIDE_VIEW, POSTURE_SCALE
    to_px = bones.pixel_mapper(scale, POSTURE_ORIGIN)
    posture = bones.Posture(hip_flexion_deg, pelvic_tilt_deg)
    extent = [
        to_px(ring) for name in FIT_BONES for ring in bones.place(name, view, posture).outline
    ]
    ankle = to_px(bones.project(pose.point("shank", "ankle"), view))
    extent.append(ankle + [[-SHANK_HALF_WIDTH, -SHANK_HALF_WIDTH], [SHANK_HALF_WIDTH] * 2])
    body = bone_outlines(pose, view, scale, POSTURE_ORIGIN, (False,), "leg", spine="model")
    body += psoas_belly(pose, view, to_px, scale)
    centre, widths = belly_centreline(pose)
    extent.append(to_px(bones.project(centre, view)))
    belly = to_px(bones.project(centre[3], view))
    names = [("Psoas major", (100.0, 30.0), belly, "end", PALETTE["vermillion_dark"])]
    # "Femur" sits beside the shaft, behind it (below it when the thigh is raised)
    a = math.radians(hip_flexion_deg)
    shaft = to_px(bones.project(pose.hip + 0.24 * np.array([math.sin(a), -math.cos(a), 0]), view))
    away = np.array([-math.cos(a), -math.sin(a)]) * [1, -1]  # screen y points down
    at = shaft + 34 * away
    anchor = "end" if away[0] < 0 else "start"
    names.append(("Femur", (float(at[0]), float(at[1]) + 5), shaft, anchor, None))
    for content, (x, y), target, anchor, colour in names:
        body += label(content, (x, y), tuple(target), colour=colour, anchor=anchor, font_size=FONT)
        width = 0.62 * FONT * len(content)
        left = x - width if anchor == "end" else x
        extent.append(np.array([[left, y - FONT], [left + width, y + 4]]))
    return body, np.vstack(extent)


@cache
def posture_frame(postures: tuple[tuple[float, float], ...]) -> tuple[float, float, int, int]:
    """The crop of the posture drawing for a diagram's postures: x and y shift and the
    width and height (px), the union of every frame's content with a small margin."""
    every = np.vstack([_posture_marks(hip, tilt)[1] for hip, tilt in postures])
    left, top = every.min(axis=0) - FRAME_MARGIN
    right, bottom = every.max(axis=0) + FRAME_MARGIN
    return float(left), float(top), math.ceil(right - left), math.ceil(bottom - top)


def posture_drawing(
    hip_flexion_deg: float = 0.0,
    pelvic_tilt_deg: float = 0.0,
    postures: tuple[tuple[float, float], ...] = HIP_FLEXION_POSTURES,
) -> str:
    """The model's bones at a thigh angle and pelvic tilt, with the psoas drawn on them,
    cropped to the union of ``postures`` (the postures its diagram reaches)."""
    state = model.evaluate(hip_flexion_deg, pelvic_tilt_deg)
    body, _ = _posture_marks(hip_flexion_deg, pelvic_tilt_deg)
    left, top, width, height = posture_frame(tuple(postures))
    shifted = [f'<g transform="translate({num(-left)} {num(-top)})">', *body, "</g>"]
    return document(
        width,
        height,
        shifted,
        "The psoas on the model's bones, seen from the right side",
        describe(state),
    )


def length_chart(hip_flexion_deg: float = 0.0, pelvic_tilt_deg: float = 0.0) -> str:
    """Psoas length against hip-joint flexion for both models, with the current posture."""
    state = model.evaluate(hip_flexion_deg, pelvic_tilt_deg)
    body = _chart(state, 58, 34, 280, 270)
    return document(
        360,
        360,
        body,
        "Psoas length against hip flexion",
        f"Length change of the psoas in two models from -30 to 120 degrees of hip flexion; "
        f"the dot marks the hip joint at {state.joint_flexion_deg:.0f} degrees, "
        f"{state.percent_change:+.1f}%.",
    )


def hip_flexion_svg(
    hip_flexion_deg: float = 0.0,
    pelvic_tilt_deg: float = 0.0,
    postures: tuple[tuple[float, float], ...] = HIP_FLEXION_POSTURES,
) -> str:
    """The bones and psoas beside the length-vs-angle chart: two SVGs that stack on a phone."""
    return (
        '<div class="psoas-pair">'
        + posture_drawing(hip_flexion_deg, pelvic_tilt_deg, postures)
        + length_chart(hip_flexion_deg, pelvic_tilt_deg)
        + "</div>"
    )
