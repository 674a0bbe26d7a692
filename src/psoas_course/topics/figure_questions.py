"""Questions on the figures: the course's own drawings with numbered markers instead of names.

    figure_quiz("01-meet-the-psoas")   # in a lesson
    figure_review()                    # the review page: every figure question due today

Each figure here is drawn by the same topic code as the lesson's diagram, then the names of
the structures it asks about are taken off and a numbered marker, joined to the structure by
a thin line, takes their place (:data:`FIGURES`). Its title and description say what kind of
drawing it is and how many markers it has, never what they mark.

The questions are data, one file per lesson in ``data/questions/figures/`` (JSON)::

    {"lesson": "01-meet-the-psoas", "figure": "anatomy-front", "title": "...", "intro": "...",
     "structures": {"psoas-major": {"name": "Psoas major", "called": "the psoas major"}, ...},
     "questions": [{"id": "fig-01-psoas-major", "ask": "which", "structure": "psoas-major",
                    "feedback": "..."}, ...]}

``structures`` names every structure the figure marks (its keys are the figure's own);
``ask`` is ``which`` ("Which number marks the psoas major?", answered with a number) or
``what`` ("What does number 4 mark?", answered with a name); ``question`` may reword either
(a ``what`` question keeps ``{n}`` where its number goes). :func:`load_figure_set` checks a
file and names the file, question and field of the first problem.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache, partial
from pathlib import Path

import numpy as np

from psoas_course.core import bank
from psoas_course.core.data import DataError, data_dir
from psoas_course.core.svg import PALETTE, circle, document, line, num, path, polyline, text
from psoas_course.ui.figquiz import (
    ASKS,
    NUMBER_SLOT,
    FigureQuiz,
    FigureQuizProblem,
    FigureReview,
    Mark,
    MarkedFigure,
    where_words,
)

FOLDER = "figures"  # under data/questions/
SET_FIELDS = ("lesson", "figure", "title", "intro", "structures", "questions")
STRUCTURE_FIELDS = ("name", "called")
QUESTION_FIELDS = ("id", "ask", "structure", "question", "feedback")
QUESTION_ID = re.compile(r"^fig-(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*$")
PHONE_PX = 312.0  # the CSS width a figure gets in a phone's column
MARKER_PX = 28.0  # a marker button's spacing in CSS pixels (24-px targets, a little room)
HIGHLIGHT = PALETTE["accent"]


class FigureQuestionError(DataError):
    """A figure question file is malformed; the message names file, question and field."""


# -- drawing helpers ------------------------------------------------------------------------
def marker_gap(width: float, display: float = 0.0) -> float:
    """SVG pixels between marker centres so that buttons stay apart on a phone (a drawing
    ``width`` SVG pixels wide, shown at most ``display`` CSS pixels wide)."""
    shown = min(display or width, PHONE_PX)
    return MARKER_PX * width / shown


def spread(points: list[list[float]], gap: float, box: tuple[float, float, float, float]):
    """Push marker centres apart (pairwise, a few rounds) until none is closer than ``gap``,
    keeping each inside ``box`` (x0, y0, x1, y1). Deterministic for the same input."""
    x0, y0, x1, y1 = box
    for _ in range(200):
        moved = False
        for i, a in enumerate(points):
            for b in points[i + 1 :]:
                dx, dy = b[0] - a[0], b[1] - a[1]
                dist = math.hypot(dx, dy)
                if dist >= gap:
                    continue
                if dist < 1e-6:
                    dx, dy, dist = 1.0, 0.0, 1.0
                push = (gap - dist) / 2 + 0.1
                ux, uy = dx / dist, dy / dist
                a[0], a[1] = a[0] - push * ux, a[1] - push * uy
                b[0], b[1] = b[0] + push * ux, b[1] + push * uy
                moved = True
        for p in points:
            p[0] = min(max(p[0], x0), x1)
            p[1] = min(max(p[1], y0), y1)
        if not moved:
            break
    return points


def _leader(at, target) -> list[str]:
    return [
        line(*at, *target, stroke=PALETTE["muted"], stroke_width=1.2),
        circle(*target, 2.5, fill=PALETTE["ink"]),
    ]


def _ring(target, r: float = 12.0) -> list[str]:
    return [
        circle(*target, r, fill="none", stroke=PALETTE["paper"], stroke_width=6),
        circle(*target, r, fill="none", stroke=PALETTE["ink"], stroke_width=3),
    ]


def _highlight(i: int, parts: list[str]) -> str:
    """A structure's highlight, hidden until figquiz.js shows it in the feedback."""
    return (
        f'<g class="psoas-fq-hl" data-s="{i}" visibility="hidden" aria-hidden="true">'
        + "".join(parts)
        + "</g>"
    )


def _halo(points, width: float = 11.0) -> str:
    return polyline(
        [tuple(p) for p in points],
        stroke=HIGHLIGHT,
        stroke_width=width,
        stroke_opacity=0.55,
        stroke_linecap="round",
        stroke_linejoin="round",
    )


def _finish(
    name: str,
    width: float,
    height: float,
    body: list[str],
    under: dict[str, list[str]],
    targets: dict[str, tuple[float, float]],
    markers: dict[str, tuple[float, float]],
    keys: tuple[str, ...],
    title: str,
    desc: str,
    rings: dict[str, float] | None = None,
    left: float = 0.0,
    extra_targets: dict[str, list[tuple[float, float]]] | None = None,
    top: float = 0.0,
    display: float = 0.0,
) -> MarkedFigure:
    """Assemble the SVG: highlights under (halos) and over (rings) the drawing, leaders, and
    the markers' places for the HTML buttons."""
    rings = rings or {}
    extra_targets = extra_targets or {}
    halos = [_highlight(keys.index(k), parts) for k, parts in under.items() if parts]
    leaders = [p for k in keys for p in _leader(markers[k], targets[k])]
    over = []
    for k in keys:
        parts = []
        for t in [targets[k], *extra_targets.get(k, [])]:
            parts += _ring(t, rings.get(k, 12.0))
        over.append(_highlight(keys.index(k), parts))
    svg = document(round(width), round(height), [*halos, *body, *leaders, *over], title, desc)
    if left or top or display:
        size = f"{round(width)} {round(height)}"
        svg = svg.replace(f'viewBox="0 0 {size}"', f'viewBox="{num(left)} {num(top)} {size}"', 1)
        shown = round(display or width)
        svg = svg.replace(f'style="max-width:{round(width)}px"', f'style="max-width:{shown}px"', 1)
    marks = tuple(
        Mark(
            k,
            (float(markers[k][0]), float(markers[k][1])),
            (float(targets[k][0]), float(targets[k][1])),
            where_words(markers[k][0] - left, markers[k][1] - top, width, height),
        )
        for k in keys
    )
    return MarkedFigure(
        name, svg, float(width), float(height), marks, keys, left, top, float(display)
    )


# -- lesson 1: the psoas region from the front ------------------------------------------------
ANATOMY_LABELS = {
    "Psoas major": "psoas-major",
    "Psoas minor": "psoas-minor",
    "Iliacus": "iliacus",
    "Hip bone": "hip-bone",
    "Lesser trochanter": "lesser-trochanter",
    "Femur": "femur",
}
# where the leader of a bone or fan points, when the label's own target is ambiguous in the
# front view: the hip bone's wing outside the iliacus, the middle of the iliacus fan
ANATOMY_TARGETS = {"hip-bone": (216.0, 172.0), "iliacus": (240.0, 182.0)}
ANATOMY_LEFT = 150.0  # the front view's labels are gone: crop the empty left column
ANATOMY_DISPLAY = 420.0  # shown a little larger than drawn: the muscles are slim
_LABEL_PAIR = re.compile(
    r'<line x1="[^"]*" y1="[^"]*" x2="([^"]*)" y2="([^"]*)" [^>]*/>'
    r'<text x="([^"]*)" y="([^"]*)" [^>]*>([^<]*)</text>'
)


@cache
def anatomy_front() -> MarkedFigure:
    """Lesson 1's diagram seen from the front, the muscles' and bones' names replaced by
    markers in a column on the left (the vertebrae keep their names)."""
    from psoas_course.topics import anatomy

    svg = anatomy.anatomy_svg(0)
    targets: dict[str, tuple[float, float]] = {}

    def take(match: re.Match) -> str:
        key = ANATOMY_LABELS.get(match.group(5))
        if key is None:
            return match.group(0)
        targets[key] = (float(match.group(1)), float(match.group(2)))
        return ""

    svg = _LABEL_PAIR.sub(take, svg)
    missing = set(ANATOMY_LABELS.values()) - set(targets)
    if missing:
        raise RuntimeError(f"the anatomy drawing no longer labels {sorted(missing)}")
    targets.update(ANATOMY_TARGETS)
    # the drawing's own parts, without its title, description and layer names
    inner = re.sub(r"^<svg[^>]*>(?:<title>.*?</title>)(?:<desc>.*?</desc>)", "", svg, flags=re.S)
    inner = re.sub(r"</svg>$", "", inner)
    inner = re.sub(r' data-layer="[^"]*"', "", inner)
    width_full = anatomy.EXPLORER_WIDTH
    height = float(anatomy._layout()["height"])
    width = width_full - ANATOMY_LEFT
    keys = tuple(sorted(targets, key=lambda k: targets[k][1]))
    column_x = ANATOMY_LEFT + 24.0
    ys = anatomy.spread_labels(
        [targets[k][1] for k in keys], 24.0, height - 24.0, marker_gap(width, ANATOMY_DISPLAY)
    )
    markers = {k: (column_x, y) for k, y in zip(keys, ys)}
    under = {
        "psoas-major": _outlines(inner, PALETTE["psoas_major"]),
        "iliacus": _outlines(inner, PALETTE["iliacus"]),
        "psoas-minor": [
            polyline(pts, stroke=HIGHLIGHT, stroke_width=9, stroke_opacity=0.7)
            for pts in _polylines(inner, PALETTE["purple_dark"])
        ],
    }
    fixed = ("psoas-minor", "femur", "iliacus", "lesser-trochanter", "psoas-major", "hip-bone")
    return _finish(
        "anatomy-front",
        width,
        height,
        [inner],
        under,
        targets,
        markers,
        fixed,
        "Muscles and bones of the lower back, pelvis and thighs, seen from the front",
        "Drawn from the bones of a published leg model (Rajagopal 2016), seen from the front: "
        "the lumbar vertebrae, named T12 to L5, the sacrum, the pelvis and both thigh bones, "
        "with the muscles drawn on them. Six numbered markers, in a column on the left, are "
        "each joined by a thin line to one muscle or bone of the body's right side.",
        left=ANATOMY_LEFT,
        display=ANATOMY_DISPLAY,
    )


def _outlines(svg: str, fill: str) -> list[str]:
    """Thick outlines of every filled shape of one colour (a muscle's belly or fan)."""
    found = re.findall(rf'<path d="([^"]*)" fill="{re.escape(fill)}" fill-opacity', svg)
    return [
        path(d, fill="none", stroke=HIGHLIGHT, stroke_width=7, stroke_opacity=0.8) for d in found
    ]


def _polylines(svg: str, stroke: str) -> list[list[tuple[float, float]]]:
    found = re.findall(rf'<polyline points="([^"]*)" fill="none" stroke="{re.escape(stroke)}"', svg)
    return [[tuple(float(v) for v in p.split(",")) for p in pts.split()] for pts in found]


# -- lesson 3: one fascicle's pull split in two -----------------------------------------------
SPINE_LABELS = {"compression", "shear", "pull", "line of the spine"}
SPINE_BOX = (70.0, 10.0, 170.0, 250.0)  # the part of the 280-px inset its arrows fill
SPINE_DISPLAY = 300.0  # shown larger than drawn: the arrows are short


@cache
def spine_split() -> MarkedFigure:
    """The inset of lesson 3's side view (the L3 fascicle of the right psoas, 100 N) with its
    arrows and the line of the spine numbered instead of named."""
    from psoas_course.topics import spine

    level = "L3"
    split = spine.pull(level, 100.0, "right")
    parts = [
        p
        for p in spine._inset_side(level, split)
        if not any(p.endswith(f">{name}</text>") for name in SPINE_LABELS)
    ]
    sx, sy = spine.INSET
    up, forward = spine.spine_axis(level), spine.forward_axis(level)
    direction = spine.meeting_point() - spine.attachment(level)
    direction = direction / np.linalg.norm(direction)
    k = spine.INSET_PX_PER_N
    ends = {
        "pull": (sx + k * split.tension_n * direction[0], sy - k * split.tension_n * direction[1]),
        "compression": (
            sx - k * split.compression_n * up[0],
            sy + k * split.compression_n * up[1],
        ),
        "shear": (sx + k * split.shear_n * forward[0], sy - k * split.shear_n * forward[1]),
    }
    top = (sx + 40 * up[0], sy - 40 * up[1])

    def along(end, share):
        return (sx + share * (end[0] - sx), sy + share * (end[1] - sy))

    # the tips of the long arrows sit apart by the (small) shear: mark the tips
    targets = {
        "pull": along(ends["pull"], 0.95),
        "compression": along(ends["compression"], 0.95),
        "shear": along(ends["shear"], 0.75),
        "spine-line": along(top, 0.6),
    }
    markers = {
        "pull": (targets["pull"][0] + 34, targets["pull"][1] + 6),
        "compression": (targets["compression"][0] - 34, targets["compression"][1] + 6),
        "shear": (ends["shear"][0] + 30, ends["shear"][1] - 4),
        "spine-line": (targets["spine-line"][0] - 34, targets["spine-line"][1]),
    }
    under = {key: [_halo([(sx, sy), ends[key]])] for key in ends}
    under["spine-line"] = [_halo([top, (sx - 185 * up[0], sy + 185 * up[1])], 8)]
    left, top_edge, width, height = SPINE_BOX
    return _finish(
        "spine-split",
        width,
        height,
        parts,
        under,
        targets,
        {key: markers[key] for key in markers},
        ("shear", "pull", "spine-line", "compression"),
        "One fascicle's pull on its vertebra, split in two",
        "A black dot where the L3 fascicle of the right psoas leaves its vertebra, seen from "
        "the right side with the front of the body to the right. Three arrows start at the "
        "dot and a dashed line runs through it; four numbered markers are each joined by a "
        "thin line to one of them.",
        left=left,
        top=top_edge,
        display=SPINE_DISPLAY,
    )


# -- lesson 4: the lumbar plexus ------------------------------------------------------------------
PLEXUS_KEYS = {
    "Iliohypogastric nerve": "iliohypogastric",
    "Ilioinguinal nerve": "ilioinguinal",
    "Genitofemoral nerve": "genitofemoral",
    "Lateral femoral cutaneous nerve": "lateral-femoral-cutaneous",
    "Femoral nerve": "femoral",
    "Obturator nerve": "obturator",
    "Lumbosacral trunk": "lumbosacral-trunk",
}


@cache
def plexus_front() -> MarkedFigure:
    """Lesson 4's plexus drawing with every branch, numbered at its end, with no key."""
    from psoas_course.topics import plexus

    body = plexus._skeleton() + plexus._psoas() + plexus._vertebra_labels()
    targets, markers, under = {}, {}, {}
    for nerve in plexus.nerves():
        colour = (
            plexus.TOGGLES[nerve.toggle][1]
            if nerve.toggle
            else (plexus.ALWAYS_COLOUR if nerve.end else plexus.TWIG_COLOUR)
        )
        body.append(plexus._nerve(nerve, colour))
        if nerve.end is None:
            continue
        key = PLEXUS_KEYS[nerve.name]
        end = plexus._front_px(*nerve.end)
        targets[key] = end
        markers[key] = [end[0], end[1] + 20]
        course = [plexus.exit_point(nerve)] + ([nerve.via] if nerve.via else []) + [nerve.end]
        under[key] = [_halo([plexus._front_px(y, z) for y, z in course])]
    width, height = plexus.WIDTH, plexus.HEIGHT + 14
    keys = tuple(targets)
    spread(
        [markers[k] for k in keys],
        marker_gap(width),
        (16.0, 16.0, width - 16.0, height - 16.0),
    )
    fixed = (
        "femoral",
        "iliohypogastric",
        "obturator",
        "lumbosacral-trunk",
        "genitofemoral",
        "ilioinguinal",
        "lateral-femoral-cutaneous",
    )
    return _finish(
        "plexus-front",
        width,
        height,
        body,
        under,
        targets,
        {k: tuple(v) for k, v in markers.items()},
        fixed,
        "Nerves of the lumbar plexus, seen from the front",
        "The right side of the lumbar spine, named T12 to L5, and the pelvis, seen from the "
        "front, with the muscle the nerves form in shaded. Seven nerves run out of it and "
        "down; a numbered marker sits at the end of each.",
        display=320.0,
    )


# -- lesson 7: the diaphragm over the psoas -------------------------------------------------------
@cache
def diaphragm_front() -> MarkedFigure:
    """Lesson 7's front view (breathing out) with the diaphragm's parts numbered."""
    from psoas_course.core.skeleton import Pose, Projection, label
    from psoas_course.topics import diaphragm as dia

    proj = Projection(dia.SCALE, dia.ORIGIN["front"], "front")
    body = dia._skeleton(proj, "front")
    for mirror in (False, True):
        for fascicle in dia.psoas_fascicles():
            body.append(
                polyline(
                    [proj(p, mirror) for p in fascicle],
                    stroke=PALETTE["psoas_major"],
                    stroke_width=4,
                    opacity=0.9,
                    stroke_linecap="round",
                    stroke_linejoin="round",
                )
            )
    body += dia._diaphragm(proj, "front", "out")
    for name in ("T8", "T12", "L3"):
        xyz = (
            dia.point("vertebral_body", name)
            if name == "T8"
            else Pose().point("vertebral_body", name)
        )
        x, y = proj(xyz)
        body += label(
            name,
            (dia.LABEL_X, y + 5),
            (x - 0.022 * proj.scale, y),
            anchor="end",
            leader_colour=PALETTE["rule"],
            font_size=14,
        )
    for x, anchor, side_name in ((6, "start", "Right side"), (dia.WIDTH - 6, "end", "Left side")):
        body.append(
            text(
                x,
                dia.HEIGHT - 8,
                side_name,
                fill=PALETTE["muted"],
                text_anchor=anchor,
                font_size=14,
            )
        )

    def mid(a, b):
        return tuple(0.5 * (np.asarray(a) + np.asarray(b)))

    dome = dia.points("dome_coronal")
    crus = dia.points("crus", "right")
    psoas = dia.psoas_fascicles()[3]  # from the L3 body
    targets = {
        "medial-arcuate": proj(dia.point("medial_arcuate", "apex", "left")),
        "lateral-arcuate": proj(dia.point("lateral_arcuate", "apex", "left")),
        "crus": proj(mid(crus[1], crus[2])),
        "dome": proj(dome[3]),
        "psoas-major": proj(mid(psoas[0], psoas[-1])),
        "rib-12": proj(mid(*dia.points("rib12", "left"))),
    }
    offsets = {
        "medial-arcuate": (26, -58),
        "lateral-arcuate": (40, -44),
        "crus": (-40, 4),
        "dome": (-30, -26),
        "psoas-major": (-52, 24),
        "rib-12": (46, 24),
    }
    markers = {k: [targets[k][0] + dx, targets[k][1] + dy] for k, (dx, dy) in offsets.items()}
    keys = tuple(targets)
    spread(
        [markers[k] for k in keys], marker_gap(dia.WIDTH), (16, 16, dia.WIDTH - 16, dia.HEIGHT - 30)
    )
    under = {
        "medial-arcuate": [_halo([proj(p) for p in dia.points("medial_arcuate", "left")], 12)],
        "lateral-arcuate": [_halo([proj(p) for p in dia.points("lateral_arcuate", "left")], 10)],
        "crus": [_halo([proj(p) for p in crus], 12)],
        "dome": [_halo(dia._smooth([proj(p) for p in dome]), 12)],
        "psoas-major": [_halo([proj(p) for p in psoas], 10)],
        "rib-12": [_halo([proj(p) for p in dia.points("rib12", "left")], 12)],
    }
    fixed = ("crus", "rib-12", "dome", "medial-arcuate", "psoas-major", "lateral-arcuate")
    return _finish(
        "diaphragm-front",
        dia.WIDTH,
        dia.HEIGHT,
        body,
        under,
        targets,
        {k: tuple(v) for k, v in markers.items()},
        fixed,
        "Where the diaphragm meets the lumbar spine, seen from the front",
        "The lower thoracic and lumbar spine, named T8, T12 and L3, the twelfth ribs and the "
        "top of the pelvis, seen from the front while breathing out, with two muscles and the "
        "bands between them drawn on. Six numbered markers are each joined by a thin line to "
        "one structure.",
        display=440.0,
    )


# -- lesson 9: the psoas among its neighbours ---------------------------------------------------
SECTION_LEVEL = "L3"
SECTION_KEYS = {
    "Abdominal aorta": "aorta",
    "Inferior vena cava": "vena-cava",
    "Kidney": "kidney",
    "Ureter": "ureter",
    "Sympathetic trunk": "sympathetic-trunk",
    "Lumbar plexus": "lumbar-plexus",
}
# which side a structure found on both sides is numbered on (1: the body's right, drawn on
# the viewer's left), so the markers share the drawing's two halves; the other side is
# ringed in the feedback too
SECTION_MARKED_SIDE = {"kidney": -1, "ureter": 1, "sympathetic-trunk": 1, "lumbar-plexus": -1}
SECTION_OFFSETS = {
    "aorta": (14, -44),
    "vena-cava": (-14, -44),
    "kidney": (4, -44),
    "ureter": (-30, -44),
    "sympathetic-trunk": (-4, 62),
    "lumbar-plexus": (10, 52),
}


@cache
def cross_section() -> MarkedFigure:
    """Lesson 9's cross-section at L3 with the neighbours numbered and no key."""
    from psoas_course.topics import clinical as cs

    level = SECTION_LEVEL
    height = cs.HEIGHT + 36.0
    body = [
        text(cs.CENTRE[0], 16, "front of the body", fill=PALETTE["muted"], text_anchor="middle")
    ]
    x0, y0 = cs._px(0, 0)
    body.append(
        circle(
            x0,
            y0,
            cs.SCALE * cs.BODY_RADIUS_MM,
            fill=PALETTE["bone_fill"],
            stroke=PALETTE["bone"],
            stroke_width=2,
        )
    )
    body.append(text(x0, y0 + 4, "vertebra", fill=PALETTE["ink"], text_anchor="middle"))
    across, back = cs.psoas_half_axes_mm(level)
    for sign in (1, -1):
        cx, cy = cs._px(*cs._psoas_centre_mm(level, sign))
        body.append(
            f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{cs.SCALE * across:.1f}" '
            f'ry="{cs.SCALE * back:.1f}" fill="{PALETTE["highlight_fill"]}" '
            f'stroke="{PALETTE["psoas_major"]}" stroke-width="2.5"/>'
        )
    targets, extra, rings = {}, {}, {}
    for row in cs.at_level(level).itertuples():
        key = SECTION_KEYS[row.structure]
        r = max(cs.SCALE * row.size_mm / 2, 4.0)
        rings[key] = r + 5
        for sign in cs._sides(row.side):
            x, y = cs._px(*cs._place(row, sign, level))
            body.append(
                circle(x, y, r, fill=PALETTE["paper"], stroke=cs.KINDS[row.kind], stroke_width=2.5)
            )
            if row.side != "both" or sign == SECTION_MARKED_SIDE[key]:
                targets[key] = (x, y)
            else:
                extra.setdefault(key, []).append((x, y))
    label_x, label_y = cs._px(*cs._psoas_centre_mm(level, -1))
    body.append(
        text(
            label_x + 40,
            label_y + cs.SCALE * back + 22,
            "psoas",
            fill=PALETTE["vermillion_dark"],
            text_anchor="middle",
        )
    )
    body.append(
        line(
            label_x + 30,
            label_y + cs.SCALE * back + 10,
            label_x + 12,
            label_y + cs.SCALE * back - 4,
            stroke=PALETTE["vermillion_dark"],
            stroke_width=1,
        )
    )
    body.append(text(8, height - 8, "body's right", fill=PALETTE["muted"]))
    body.append(
        text(cs.WIDTH - 8, height - 8, "body's left", fill=PALETTE["muted"], text_anchor="end")
    )
    markers = {
        k: [targets[k][0] + dx, targets[k][1] + dy] for k, (dx, dy) in SECTION_OFFSETS.items()
    }
    keys = tuple(SECTION_KEYS.values())
    spread([markers[k] for k in keys], marker_gap(cs.WIDTH), (16, 30, cs.WIDTH - 16, height - 30))
    fixed = ("kidney", "lumbar-plexus", "aorta", "sympathetic-trunk", "vena-cava", "ureter")
    return _finish(
        "cross-section-l3",
        cs.WIDTH,
        height,
        body,
        {},
        targets,
        {k: tuple(v) for k, v in markers.items()},
        fixed,
        "A cross-section of the body at the third lumbar vertebra, seen from below",
        "A schematic slice through the body at L3, seen from below as on a CT scan: the front "
        "of the body at the top, the body's right on the left. A vertebral body in the middle "
        "has a psoas on each side; circles around them mark neighbouring structures, six of "
        "them numbered, each marker joined by a thin line to its circle.",
        rings=rings,
        extra_targets=extra,
        display=440.0,
    )


FIGURES = {
    "anatomy-front": anatomy_front,
    "spine-split": spine_split,
    "plexus-front": plexus_front,
    "diaphragm-front": diaphragm_front,
    "cross-section-l3": cross_section,
}


# -- the question files -------------------------------------------------------------------------
def figures_folder() -> Path:
    return data_dir() / "questions" / FOLDER


def set_path(lesson: str) -> Path:
    path = figures_folder() / f"{lesson}.json"
    if not path.is_file():
        raise FigureQuestionError(
            f"{figures_folder()}: no figure questions for lesson '{lesson}' "
            f"(expected {lesson}.json)"
        )
    return path


# the question banks' message format: "<file>: question N (id): field 'x': ..."
_fail = partial(bank._fail, error=FigureQuestionError)
_text = bank._text


def validate_set(raw, path: Path, lesson_keys: set[str] | None = None) -> dict:
    """Check a parsed figure question file; raise FigureQuestionError at the first problem."""
    if not isinstance(raw, dict):
        raise FigureQuestionError(
            f"{path}: the file must hold an object with {', '.join(SET_FIELDS)}"
        )
    extra = [k for k in raw if k not in SET_FIELDS]
    if extra:
        raise FigureQuestionError(
            f"{path}: unknown field '{extra[0]}' (known: {', '.join(SET_FIELDS)})"
        )
    for key in ("lesson", "figure", "title", "intro"):
        if not _text(raw.get(key)):
            raise FigureQuestionError(f"{path}: field '{key}' is missing or empty")
    lesson = raw["lesson"]
    if lesson != path.stem:
        raise FigureQuestionError(
            f"{path}: field 'lesson' is {lesson!r}, expected {path.stem!r} (the file name)"
        )
    if lesson_keys is not None and lesson not in lesson_keys:
        raise FigureQuestionError(f"{path}: field 'lesson': no lesson {lesson!r} in the course")
    if raw["figure"] not in FIGURES:
        raise FigureQuestionError(
            f"{path}: field 'figure': {raw['figure']!r} is not one of {', '.join(FIGURES)}"
        )
    drawn = FIGURES[raw["figure"]]().keys
    structures = raw.get("structures")
    if not isinstance(structures, dict):
        raise FigureQuestionError(
            f"{path}: field 'structures' must map each structure the figure marks to its name"
        )
    for key in structures:
        if key not in drawn:
            raise FigureQuestionError(
                f"{path}: field 'structures': {key!r} is not marked on figure "
                f"{raw['figure']!r} (it marks: {', '.join(drawn)})"
            )
    missing = [k for k in drawn if k not in structures]
    if missing:
        raise FigureQuestionError(
            f"{path}: field 'structures': no name for {', '.join(missing)}, which figure "
            f"{raw['figure']!r} marks"
        )
    names: dict[str, str] = {}
    clean: dict[str, dict] = {}
    for key, entry in structures.items():
        where = f"{path}: field 'structures.{key}"
        if not isinstance(entry, dict):
            raise FigureQuestionError(f"{where}': must be an object with 'name' (and 'called')")
        unknown = [k for k in entry if k not in STRUCTURE_FIELDS]
        if unknown:
            raise FigureQuestionError(
                f"{where}.{unknown[0]}': unknown field (known: {', '.join(STRUCTURE_FIELDS)})"
            )
        if not _text(entry.get("name")):
            raise FigureQuestionError(f"{where}.name': missing or empty")
        if "called" in entry and not _text(entry["called"]):
            raise FigureQuestionError(f"{where}.called': empty")
        low = entry["name"].strip().lower()
        if low in names:
            raise FigureQuestionError(
                f"{where}.name': {entry['name']!r} is also the name of {names[low]!r}"
            )
        names[low] = key
        clean[key] = {
            "name": entry["name"].strip(),
            "called": (entry.get("called") or f"the {entry['name'].strip().lower()}").strip(),
        }
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        raise FigureQuestionError(f"{path}: field 'questions' must be a non-empty list")
    seen: dict[str, int] = {}
    out = []
    for number, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            raise FigureQuestionError(f"{path}: question {number}: must be an object")
        qid = q.get("id")
        if not _text(qid):
            _fail(path, number, None, "id", "missing or empty")
        unknown = [k for k in q if k not in QUESTION_FIELDS]
        if unknown:
            _fail(
                path,
                number,
                qid,
                unknown[0],
                f"unknown field (known: {', '.join(QUESTION_FIELDS)})",
            )
        match = QUESTION_ID.match(qid)
        if not match:
            _fail(
                path,
                number,
                qid,
                "id",
                "must look like fig-01-psoas-major (fig-, the lesson's number, hyphenated words)",
            )
        if match.group(1) != lesson[:2]:
            _fail(
                path, number, qid, "id", f"must start with fig-{lesson[:2]}- (the lesson's number)"
            )
        if qid in seen:
            _fail(path, number, qid, "id", f"duplicate of question {seen[qid]}")
        seen[qid] = number
        if q.get("ask") not in ASKS:
            _fail(
                path, number, qid, "ask", f"must be one of {', '.join(ASKS)}, got {q.get('ask')!r}"
            )
        if q.get("structure") not in clean:
            _fail(
                path,
                number,
                qid,
                "structure",
                f"{q.get('structure')!r} is not one of {', '.join(clean)}",
            )
        if not _text(q.get("feedback")):
            _fail(path, number, qid, "feedback", "missing or empty (say why the answer is right)")
        if "question" in q:
            if not _text(q["question"]):
                _fail(path, number, qid, "question", "empty (leave it out for the usual wording)")
            has_slot = NUMBER_SLOT in q["question"]
            if q["ask"] == "what" and not has_slot:
                _fail(
                    path,
                    number,
                    qid,
                    "question",
                    f"a 'what' question needs {NUMBER_SLOT} where the learner's number goes",
                )
            if q["ask"] == "which" and has_slot:
                _fail(
                    path,
                    number,
                    qid,
                    "question",
                    f"a 'which' question names the structure, not a number ({NUMBER_SLOT})",
                )
        out.append({k: q[k] for k in QUESTION_FIELDS if k in q})
    return {**raw, "structures": clean, "questions": out}


def _lesson_keys() -> set[str] | None:
    try:
        from psoas_course.course import lessons

        return {item.key for item in lessons()}
    except Exception:  # noqa: BLE001 - no index: the lesson is not checked against it
        return None


def load_figure_set(lesson: str) -> dict:
    """Read and check ``data/questions/figures/<lesson>.json``."""
    path = set_path(lesson)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise FigureQuestionError(
            f"{path}: invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}"
        ) from None
    return validate_set(raw, path, _lesson_keys())


def figure_lessons() -> list[str]:
    """Lessons with a figure question file, in file-name order."""
    folder = figures_folder()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if not p.name.startswith("_"))


def _quiz(data: dict, kind: str = "lesson") -> FigureQuiz:
    return FigureQuiz(
        FIGURES[data["figure"]](),
        data["lesson"],
        data["title"],
        data["intro"],
        data["structures"],
        data["questions"],
        kind=kind,
    )


def figure_quiz(lesson: str) -> FigureQuiz | FigureQuizProblem:
    """Questions on a figure of a lesson, e.g. ``figure_quiz("01-meet-the-psoas")``.

    A broken file gives a message naming the file and field, not a traceback.
    """
    try:
        return _quiz(load_figure_set(lesson))
    except FigureQuestionError as err:
        return FigureQuizProblem(str(err))


def figure_review() -> FigureReview:
    """Every figure question due today, from the lessons the learner has opened (the page
    shows only the due ones; a broken file is named and left out)."""
    sets, problems = [], []
    for lesson in figure_lessons():
        try:
            sets.append(_quiz(load_figure_set(lesson), "review"))
        except FigureQuestionError as err:
            problems.append(f"The figure questions of {lesson} are left out: {err}")
    return FigureReview(sets, problems)
