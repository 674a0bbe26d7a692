"""Lesson 3: what the pull of one psoas fascicle does to the lumbar spine.

Each superficial fascicle of psoas major runs from the side of a vertebral body (T12 to
L4, ``data/skeleton_landmarks.csv``) down to the first point of the modelled psoas path
(Rajagopal et al. 2016, ``data/opensim_psoas_path.csv``), where the fascicles meet. A pull
along the fascicle is split, at the disc just below its vertebra, into

* **compression**: along the spine, pressing the vertebra onto the disc below;
* **shear**: across the spine, seen from the side (positive = the vertebra pushed forward);
* a **sideways** pull and a **side-bending moment** about the centre of that disc
  (positive = bending towards the side that pulls).

The landmarks are schematic, so the numbers show proportions, not measurements.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

import numpy as np

from psoas_course.core import bones, model
from psoas_course.core.skeleton import VERTEBRAE, Projection, arrow, label, landmarks
from psoas_course.core.svg import PALETTE, circle, document, line, polygon, polyline, text
from psoas_course.ui.diagram import Choice, Diagram

LEVELS = VERTEBRAE[:-1]  # the levels with a superficial fascicle: T12 to L4
SIDES = ("right", "left", "both")
# Where a superficial fascicle leaves its vertebral body: a little forward of the body's
# centre and out to its side (the same offset the anatomy diagrams draw).
BODY_OFFSET = np.array([0.012, 0.0, 0.02])
COMPRESSION_COLOUR = PALETTE["iliacus"]  # blue
SHEAR_COLOUR = PALETTE["green_dark"]  # bluish green, darkened for contrast on white


@dataclass(frozen=True)
class LoadSplit:
    """A fascicle pull at one level split into its effects on the disc below (N, N·m)."""

    level: str
    side: str
    tension_n: float
    compression_n: float
    shear_n: float
    sideways_n: float
    side_bend_nm: float


def check_level(level) -> str:
    """``level`` if it is one of T12, L1 ... L4, else ValueError naming the choices."""
    if level not in LEVELS:
        raise ValueError(
            f"level must be one of {', '.join(LEVELS)} (a vertebra with a "
            f"superficial psoas fascicle), got {level!r}"
        )
    return level


def check_side(side) -> str:
    if side not in SIDES:
        raise ValueError(f"side must be one of {', '.join(SIDES)}, got {side!r}")
    return side


def check_tension(tension_n) -> float:
    if isinstance(tension_n, bool) or not isinstance(tension_n, (int, float, np.number)):
        raise ValueError(f"tension_n must be a number of newtons, got {tension_n!r}")
    value = float(tension_n)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"tension_n must be zero or more newtons, got {tension_n!r}")
    return value


def _mirror(xyz: np.ndarray, side: str) -> np.ndarray:
    return xyz * np.array([1.0, 1.0, -1.0]) if side == "left" else xyz


def body_centre(name: str) -> np.ndarray:
    return landmarks()[("vertebral_body", name)][1]


def below(level: str) -> str:
    return VERTEBRAE[VERTEBRAE.index(check_level(level)) + 1]


def attachment(level: str, side: str = "right") -> np.ndarray:
    """Where the superficial fascicle of ``level`` leaves the vertebral body (metres)."""
    return _mirror(body_centre(check_level(level)) + BODY_OFFSET, side)


def meeting_point(side: str = "right") -> np.ndarray:
    """First point of the modelled psoas path, where the lumbar fascicles converge."""
    return _mirror(model.geometry("rajagopal2016").pelvis_points[0], side)


def disc_centre(level: str) -> np.ndarray:
    """Centre of the disc just below ``level``."""
    return 0.5 * (body_centre(check_level(level)) + body_centre(below(level)))


def spine_axis(level: str) -> np.ndarray:
    """Unit vector along the spine at the disc below ``level``, pointing up."""
    axis = body_centre(check_level(level)) - body_centre(below(level))
    return axis / np.linalg.norm(axis)


def forward_axis(level: str) -> np.ndarray:
    """Unit vector across the spine in the side view, pointing forward."""
    up = spine_axis(level)
    return np.array([up[1], -up[0], 0.0])


def pull(level: str, tension_n: float = 100.0, side: str = "right") -> LoadSplit:
    """Split the pull of one fascicle (``side`` right or left) or of both (``both``).

    For ``both``, the sideways pull and the side-bend are the net values towards the right.
    """
    check_level(level)
    tension = check_tension(tension_n)
    if check_side(side) == "both":
        right, left = pull(level, tension, "right"), pull(level, tension, "left")
        # each side's sideways pull and bend count towards its own side: net = difference
        return LoadSplit(
            level,
            "both",
            tension,
            right.compression_n + left.compression_n,
            right.shear_n + left.shear_n,
            right.sideways_n - left.sideways_n,
            right.side_bend_nm - left.side_bend_nm,
        )
    start = attachment(level, side)
    direction = meeting_point(side) - start
    force = tension * direction / np.linalg.norm(direction)
    arm = start - disc_centre(level)
    moment = np.cross(arm, force)  # about the disc centre; x component = side-bending
    towards = 1.0 if side == "right" else -1.0  # positive: bends towards the pulling side
    return LoadSplit(
        level=level,
        side=side,
        tension_n=tension,
        compression_n=float(-force @ spine_axis(level)),
        shear_n=float(force @ forward_axis(level)),
        sideways_n=float(towards * force[2]),
        side_bend_nm=float(towards * moment[0]),
    )


# -- drawing -----------------------------------------------------------------------------
SCALE = 1300.0  # pixels per metre in the spine drawing
# the spine drawing and the inset are two 280-px SVGs side by side that stack on a phone
WIDTH, HEIGHT = 280, 470
INSET_SIZE = (280, 280)
ORIGIN = {"side": (250.0, 445.0), "front": (155.0, 445.0)}
PROJECTIONS = {view: Projection(SCALE, origin, view) for view, origin in ORIGIN.items()}
BONE_VIEW = {"side": bones.SIDE_VIEW, "front": 0}
INSET = (150.0, 62.0)  # pixel position of the attachment point in the inset
INSET_PX_PER_N = 1.5  # inset arrows: 100 N is drawn 150 pixels long
INSET_PX_PER_M = 2500.0  # inset lever drawing, front view


def _to_px(view: str, xyz: np.ndarray) -> tuple[float, float]:
    return PROJECTIONS[view](xyz)


def _box(view: str, centre: np.ndarray, up: np.ndarray, half_h: float, **style) -> str:
    """A rectangle centred on ``centre`` with its long side across the spine."""
    across = np.array([up[1], -up[0], 0.0]) if view == "side" else np.array([0.0, 0.0, 1.0])
    half_w = 0.017 if view == "side" else 0.022
    corners = [
        centre + sa * half_w * across + sb * half_h * up
        for sa, sb in ((-1, -1), (1, -1), (1, 1), (-1, 1))
    ]
    return polygon([_to_px(view, c) for c in corners], **style)


def _vertebra(view: str, name: str, highlight: bool) -> str:
    """The model's own vertebra (Rajagopal 2016 mesh outline), moved onto the schematic
    landmark this diagram's loads are computed from."""
    bone_view = BONE_VIEW[view]
    placed = bones.place(name, bone_view)
    own = bones.project(bones.vertebra_point(name), bone_view)
    target = bones.project(body_centre(name), bone_view)
    to_px = bones.pixel_mapper(SCALE, ORIGIN[view])
    d = bones.svg_path([ring + (target - own) for ring in placed.outline], to_px)
    fill = PALETTE["highlight_fill"] if highlight else PALETTE["bone_fill"]
    return (
        f'<path d="{d}" fill="{fill}" stroke="{PALETTE["bone"]}" stroke-width="1" '
        'stroke-linejoin="round" fill-rule="evenodd"/>'
    )


def _disc(view: str, level: str) -> str:
    return _box(
        view,
        disc_centre(level),
        spine_axis(level),
        0.006,
        fill=PALETTE["accent"],
        stroke=PALETTE["ink"],
        stroke_width=1,
    )


def _fascicles(view: str, level: str, sides: tuple[str, ...]) -> list[str]:
    out = []
    drawn_sides = ("right",) if view == "side" else ("right", "left")
    for side in drawn_sides:
        active = side in sides
        end = _to_px(view, meeting_point(side))
        if view == "front":  # the deep part, from the transverse processes, faint
            for name in ("L1", "L2", "L3", "L4", "L5"):
                tip = _mirror(landmarks()[("transverse_process", name)][1], side)
                out.append(
                    line(
                        *_to_px(view, tip),
                        *end,
                        stroke=PALETTE["psoas_major"],
                        stroke_width=2,
                        opacity=0.25,
                    )
                )
        for name in LEVELS:
            chosen = active and name == level
            out.append(
                line(
                    *_to_px(view, attachment(name, side)),
                    *end,
                    stroke=PALETTE["psoas_major"],
                    stroke_width=6 if chosen else 3,
                    opacity=1.0 if chosen else (0.55 if active else 0.25),
                    stroke_linecap="round",
                )
            )
        brim = _mirror(model.geometry("rajagopal2016").pelvis_points[1], side)
        out.append(
            polyline(
                [end, _to_px(view, brim)],
                stroke=PALETTE["psoas_major"],
                stroke_width=6,
                opacity=0.55 if active else 0.25,
                stroke_linecap="round",
            )
        )
    return out


def _inset_side(level: str, split: LoadSplit) -> list[str]:
    """The pull of one fascicle and its compression and shear parts, drawn large."""
    sx, sy = INSET
    up, forward = spine_axis(level), forward_axis(level)
    direction = meeting_point() - attachment(level)
    direction = direction / np.linalg.norm(direction)
    k = INSET_PX_PER_N
    pull_end = (sx + k * split.tension_n * direction[0], sy - k * split.tension_n * direction[1])
    comp_end = (sx - k * split.compression_n * up[0], sy + k * split.compression_n * up[1])
    shear_end = (sx + k * split.shear_n * forward[0], sy - k * split.shear_n * forward[1])
    top, bottom = (sx + 40 * up[0], sy - 40 * up[1]), (sx - 185 * up[0], sy + 185 * up[1])
    out = [
        line(*top, *bottom, stroke=PALETTE["muted"], stroke_width=1, stroke_dasharray="6 4"),
        text(top[0] + 6, top[1] + 4, "line of the spine", fill=PALETTE["muted"]),
        line(*comp_end, *pull_end, stroke=PALETTE["muted"], stroke_width=1, stroke_dasharray="3 3"),
        line(
            *shear_end, *pull_end, stroke=PALETTE["muted"], stroke_width=1, stroke_dasharray="3 3"
        ),
    ]
    out += arrow((sx, sy), comp_end, COMPRESSION_COLOUR)
    out += arrow((sx, sy), shear_end, SHEAR_COLOUR)
    out += arrow((sx, sy), pull_end, PALETTE["psoas_major"], width=3)
    out.append(circle(sx, sy, 4, fill=PALETTE["ink"]))
    out.append(
        text(
            comp_end[0] - 10,
            comp_end[1] - 4,
            "compression",
            fill=COMPRESSION_COLOUR,
            font_weight="600",
            text_anchor="end",
        )
    )
    out.append(
        text(max(shear_end[0], sx) + 10, sy - 8, "shear", fill=SHEAR_COLOUR, font_weight="600")
    )
    out.append(
        text(
            pull_end[0] + 10,
            pull_end[1] + 4,
            "pull",
            fill=PALETTE["psoas_major"],
            font_weight="600",
        )
    )
    return out


def _inset_front(level: str, side: str) -> list[str]:
    """The lever of a sideways bend: each pull acts off the centre of the disc."""
    cx, cy = INSET[0], INSET[1] + 80
    out = [
        polygon(
            [(cx - 60, cy - 8), (cx + 60, cy - 8), (cx + 60, cy + 8), (cx - 60, cy + 8)],
            fill=PALETTE["accent"],
            stroke=PALETTE["ink"],
            stroke_width=1,
        ),
        line(cx, cy - 120, cx, cy + 50, stroke=PALETTE["muted"], stroke_dasharray="6 4"),
        circle(cx, cy, 4, fill=PALETTE["ink"]),
        text(cx + 6, cy + 26, "centre of the disc", fill=PALETTE["muted"]),
    ]
    for s in ("right", "left") if side == "both" else (side,):
        start = attachment(level, s)
        lever = start - disc_centre(level)
        direction = meeting_point(s) - start
        direction = direction / np.linalg.norm(direction)
        ax, ay = cx - INSET_PX_PER_M * lever[2], cy - INSET_PX_PER_M * lever[1]
        out.append(line(cx, ay, ax, ay, stroke=PALETTE["ink"], stroke_width=1.5))
        out += arrow(
            (ax, ay),
            (ax - 100 * direction[2], ay - 100 * direction[1]),
            PALETTE["psoas_major"],
            width=3,
        )
        out.append(circle(ax, ay, 4, fill=PALETTE["ink"]))
        out.append(
            text(
                (ax + cx) / 2,
                ay - 8,
                f"{100 * abs(lever[2]):.0f} cm",
                fill=PALETTE["ink"],
                text_anchor="middle",
            )
        )
    return out


def _bend_arrow(side: str) -> list[str]:
    """A curved arrow over T12 showing which way the spine is pulled to bend."""
    cx, cy = _to_px("front", body_centre("T12") + np.array([0.0, 0.025, 0.0]))
    sign = -1.0 if side == "right" else 1.0  # the body's right is drawn on the viewer's left
    end = (cx + sign * 55, cy + 22)
    path = (
        f'<path d="M {cx - sign * 10:.1f} {cy - 4:.1f} Q {cx + sign * 30:.1f} '
        f'{cy - 22:.1f} {end[0] - sign * 6:.1f} {end[1] - 8:.1f}" fill="none" '
        f'stroke="{PALETTE["ink"]}" stroke-width="3"/>'
    )
    return [path, *arrow((end[0] - sign * 8, end[1] - 11), end, PALETTE["ink"], width=3)]


def _panel(view: str, level: str, side: str) -> list[str]:
    split = pull(level, 100.0, side)
    one = pull(level, 100.0, "right")
    who = "Right psoas" if side == "right" else "Both psoas muscles"
    lines = [
        (f"{who}, {level} fascicle", PALETTE["ink"], "600"),
        ("pulling with 100 N" + (" each" if side == "both" else ""), PALETTE["ink"], None),
    ]
    if view == "side":
        lines += [
            (f"Compression {split.compression_n:.0f} N", COMPRESSION_COLOUR, "600"),
            (
                f"Shear {abs(split.shear_n):.0f} N "
                f"{'forward' if split.shear_n >= 0 else 'backward'}",
                SHEAR_COLOUR,
                "600",
            ),
        ]
        note = f"Orange: the {level}–{below(level)} disc. Inset: one muscle."
    elif side == "both":
        lines += [
            ("Side-bending pulls cancel", PALETTE["ink"], "600"),
            (f"Compression {split.compression_n:.0f} N", COMPRESSION_COLOUR, "600"),
        ]
        note = f"Each side bends {one.side_bend_nm:.1f} N·m, in opposite ways."
    else:
        lines += [
            (f"Side-bending {split.side_bend_nm:.1f} N·m", PALETTE["ink"], "600"),
            ("towards the right", PALETTE["ink"], None),
        ]
        note = "The pull acts off the centre of the disc."
    rows = "".join(
        f'<p style="margin:.15rem 0;color:{colour}">'
        + (f"<strong>{escape(content)}</strong>" if weight else escape(content))
        + "</p>"
        for content, colour, weight in lines
    )
    return (
        f'<div class="psoas-key">{rows}<p style="margin:.4rem 0 0">{escape(note)}</p>'
        f'<p style="margin:.15rem 0;color:{PALETTE["muted"]}">Schematic landmarks: '
        "proportions only; the vertebrae are the model's, moved onto them.</p></div>"
    )


def spine_svg(view: str = "side", level: str = "L3", side: str = "right") -> str:
    """Side view (compression and shear) or front view (side-bending) of one fascicle's pull."""
    if view not in ORIGIN:
        raise ValueError(f"view must be 'side' or 'front', got {view!r}")
    check_level(level)
    if check_side(side) == "left":
        raise ValueError("the diagram draws the right psoas or both; use side='right' or 'both'")
    sides = ("right", "left") if side == "both" else ("right",)
    body = [_vertebra(view, name, name == level) for name in VERTEBRAE]
    body.append(_disc(view, level))
    body += _fascicles(view, level, sides)
    for s in sides if view == "front" else ("right",):
        body.append(circle(*_to_px(view, attachment(level, s)), 4, fill=PALETTE["ink"]))
    for name in VERTEBRAE:
        x, y = _to_px(view, body_centre(name))
        # right-aligned names in a column left of the spine, each with a leader to its body
        body += label(
            name, (36 if view == "side" else x - 90, y + 5), (x, y), anchor="end", font_size=14
        )
    inset: list[str] = []
    if view == "side":
        body.append(text(8, HEIGHT - 8, "back", fill=PALETTE["muted"]))
        body.append(text(WIDTH - 8, HEIGHT - 8, "front", fill=PALETTE["muted"], text_anchor="end"))
        inset = _inset_side(level, pull(level, 100.0, "right"))
    else:
        if side != "both":
            body += _bend_arrow(side)
        body.append(text(8, HEIGHT - 8, "body's right", fill=PALETTE["muted"]))
        body.append(
            text(WIDTH - 8, HEIGHT - 8, "body's left", fill=PALETTE["muted"], text_anchor="end")
        )
        inset = _inset_front(level, side)
    title = (
        "Psoas pull on the lumbar spine seen from the side"
        if view == "side"
        else "Psoas pull on the lumbar spine seen from the front"
    )
    drawing = document(WIDTH, HEIGHT, body, title, describe(view, level, side))
    inset_title = (
        "One fascicle's pull split into compression and shear"
        if view == "side"
        else "The lever of the pull about the centre of the disc"
    )
    inset_svg = document(*INSET_SIZE, inset, inset_title, describe(view, level, side))
    return f'<div class="psoas-pair">{drawing}{inset_svg}{_panel(view, level, side)}</div>'


def describe(view: str = "side", level: str = "L3", side: str = "right") -> str:
    """One or two sentences for screen readers and the status line."""
    split = pull(level, 100.0, side)
    who = (
        "the right psoas alone"
        if side == "right"
        else ("the left psoas alone" if side == "left" else "both psoas muscles")
    )
    if view == "side":
        shear = (
            f"{abs(split.shear_n):.0f} N of shear "
            f"{'pushing it forward' if split.shear_n >= 0 else 'pushing it backward'}"
        )
        each = " each" if side == "both" else ""
        return (
            f"Seen from the side, {who} pulling with 100 N{each} on the {level} fascicle: "
            f"{split.compression_n:.0f} N of compression presses {level} onto the "
            f"{level}–{below(level)} disc, and {shear}."
        )
    if side == "both":
        return (
            f"Seen from the front, both psoas muscles pulling with 100 N each on the "
            f"{level} fascicles: their side-bending effects cancel, while "
            f"{split.compression_n:.0f} N of compression still loads the "
            f"{level}–{below(level)} disc."
        )
    return (
        f"Seen from the front, {who} pulling with 100 N on the {level} fascicle bends "
        f"the spine towards the {side} with a moment of {split.side_bend_nm:.1f} N·m "
        f"about the {level}–{below(level)} disc, and adds {split.compression_n:.0f} N of "
        "compression."
    )


def spine_load_explorer() -> Diagram:
    """Lesson 3: compression, shear and side-bending from one psoas fascicle."""
    return Diagram(
        slug="spine-load",
        title="What a psoas pull does to the lumbar spine",
        draw=spine_svg,
        describe=describe,
        controls=[
            Choice(
                "view",
                "View",
                (("Side: compression and shear", "side"), ("Front: side-bending", "front")),
                "side",
            ),
            Choice("level", "Fascicle from", tuple((n, n) for n in LEVELS), "L3"),
            Choice(
                "side", "Pulling", (("Right psoas only", "right"), ("Both sides", "both")), "right"
            ),
        ],
    )
