"""The diaphragm's lumbar attachments and the psoas: the one real link behind the big claims.

Part of the diaphragm springs from the **medial arcuate ligament**, a thickened band of the
fascia that covers the top of the psoas, running from the side of L1 to the front of the L1
transverse process (Gray 1918, diaphragm section from p. 404; Stedman's). The link is
fascial: the two muscles do not merge.

The landmarks are schematic, placed by the course authors in the same pelvis frame as
``data/skeleton_landmarks.csv`` (``data/diaphragm_landmarks.csv``, one provenance per row).
Breathing in lowers each point by ``breath_weight`` times the dome's excursion; points
anchored to bone (the crura's roots on the vertebrae, the arcuate ligaments, the rib and
xiphoid attachments) have weight 0. Each crus ends on the central tendon with weight 0.9:
above its tendinous roots the crus is muscle and moves with the dome (Gray 1918, p. 404).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

import numpy as np
import pandas as pd

from psoas_course.core.data import DataError, data_dir, load_table
from psoas_course.core.skeleton import Pose, Projection, draw_skeleton, label, leader
from psoas_course.core.svg import PALETTE, circle, document, polyline, rounded, text
from psoas_course.topics.anatomy import psoas_major_fascicles
from psoas_course.ui.diagram import Choice, Diagram, Toggle

FILE = "diaphragm_landmarks.csv"
SIDES = ("right", "left", "midline")
STRUCTURES = (
    "vertebral_body",
    "rib12",
    "crus",
    "median_arcuate",
    "medial_arcuate",
    "lateral_arcuate",
    "dome_coronal",
    "dome_sagittal",
)
# How far the top of the dome moves down on a breath in (metres). Quiet breathing: about
# 1.8 cm; deep breathing: several centimetres, with lower limits of normal of 3.7 cm
# (women) and 4.7 cm (men) (Boussuges, Gole & Blanc 2009, Chest 135:391-400, abstract).
EXCURSION_M = {"out": 0.0, "quiet": 0.018, "deep": 0.05}
BREATH_LABELS = {"out": "breathing out", "quiet": "a quiet breath in", "deep": "a deep breath in"}
DIAPHRAGM = PALETTE["sky"]
LIGAMENT = PALETTE["model_b"]
ARCUATE_STYLES = {  # drawn in this order, the medial arch on top
    "lateral_arcuate": {"stroke_width": 2.5, "stroke_dasharray": "6 3"},
    "medial_arcuate": {"stroke_width": 4.5, "stroke_linecap": "round"},
}
# Drawing layout: pixels per metre, where the frame's origin lands, legend and labels.
WIDTH, HEIGHT = 370, 470  # labels at 14 px stay above 12 CSS px in a 322-px phone column
SCALE = 900.0
ORIGIN = {"front": (210.0, 440.0), "side": (250.0, 440.0)}
LEGEND_X, LEGEND_Y = 420, 96
LABEL_X = 48


@lru_cache(maxsize=1)
def landmarks() -> pd.DataFrame:
    """The diaphragm landmarks, checked: known structures and sides, weights from 0 to 1."""
    table = load_table(
        FILE,
        {
            "structure": "text",
            "point": "text",
            "side": "text",
            "x_m": "number",
            "y_m": "number",
            "z_m": "number",
            "breath_weight": "number",
            "provenance": "text",
        },
    )
    return check(table, data_dir() / FILE)


def check(table: pd.DataFrame, path) -> pd.DataFrame:
    """Raise DataError naming the file, row and field of the first bad value."""
    for number, row in enumerate(table.itertuples(), start=2):
        where = f"{path}: row {number} ({row.structure} {row.point})"
        if row.structure not in STRUCTURES:
            raise DataError(
                f"{where}: field 'structure': {row.structure!r} is not one of "
                f"{', '.join(STRUCTURES)}"
            )
        if row.side not in SIDES:
            raise DataError(f"{where}: field 'side': {row.side!r} is not one of {', '.join(SIDES)}")
        if any(pd.isna(v) for v in (row.x_m, row.y_m, row.z_m, row.breath_weight)):
            raise DataError(f"{where}: fields x_m, y_m, z_m and breath_weight need a number")
        if not 0.0 <= row.breath_weight <= 1.0:
            raise DataError(
                f"{where}: field 'breath_weight': must be between 0 and 1, "
                f"got {row.breath_weight:g}"
            )
        if not str(row.provenance).strip():
            raise DataError(f"{where}: field 'provenance': say where the point comes from")
    missing = [s for s in STRUCTURES if s not in set(table["structure"])]
    if missing:
        raise DataError(f"{path}: field 'structure': no rows for {', '.join(missing)}")
    return table


def _check_breath(breath: str) -> float:
    if breath not in EXCURSION_M:
        raise ValueError(f"breath must be one of {', '.join(EXCURSION_M)}, got {breath!r}")
    return EXCURSION_M[breath]


def points(structure: str, side: str | None = None, breath: str = "out") -> np.ndarray:
    """(n, 3) points of one structure in file order, lowered for the chosen breath."""
    drop = _check_breath(breath)
    table = landmarks()
    rows = table[table["structure"] == structure]
    if side is not None:
        rows = rows[rows["side"] == side]
    if rows.empty:
        raise ValueError(
            f"no landmarks for structure {structure!r}" + (f" on side {side!r}" if side else "")
        )
    xyz = rows[["x_m", "y_m", "z_m"]].to_numpy(dtype=float)
    xyz[:, 1] -= rows["breath_weight"].to_numpy(dtype=float) * drop
    return xyz


def point(structure: str, name: str, side: str | None = None) -> np.ndarray:
    """One named landmark (x, y, z) as breathing out, e.g. ``point("vertebral_body", "T8")``."""
    table = landmarks()
    rows = table[(table["structure"] == structure) & (table["point"] == name)]
    if side is not None:
        rows = rows[rows["side"] == side]
    if len(rows) != 1:
        raise ValueError(
            f"expected one landmark {structure} {name}"
            + (f" ({side})" if side else "")
            + f", found {len(rows)}"
        )
    return rows[["x_m", "y_m", "z_m"]].to_numpy(dtype=float)[0]


def dome_top(breath: str = "out") -> float:
    """Height (m, pelvis frame) of the highest point of the diaphragm."""
    return float(points("dome_coronal", breath=breath)[:, 1].max())


def psoas_fascicles() -> list[list[np.ndarray]]:
    """The right psoas major, as drawn in lesson 1 (standing posture)."""
    return psoas_major_fascicles(Pose())


def psoas_under_arch(side: str = "right", below_m: float = 0.01) -> dict[str, tuple | float]:
    """Where the psoas comes out from under the medial arcuate ligament.

    At ``below_m`` under the lower end of the ligament, returns the sideways span of the
    psoas fascicles (``psoas_z``, measured outwards from the midline), the ligament's span
    (``arch_z``) and how far the top of the arch lies in front of the psoas at that height
    (``in_front_m``): the numbers behind "the ligament arches over the psoas".
    """
    if side not in ("right", "left"):
        raise ValueError(f"side must be 'right' or 'left', got {side!r}")
    sign = 1.0 if side == "right" else -1.0
    arch = points("medial_arcuate", side)
    apex = arch[np.argmax(arch[:, 1])]
    height = arch[:, 1].min() - below_m
    crossings = []
    mirror = np.array([1.0, 1.0, sign])  # the course draws the left psoas as a mirror image
    for fascicle in psoas_fascicles():
        fascicle = [p * mirror for p in fascicle]
        for a, b in zip(fascicle[:-1], fascicle[1:], strict=True):
            if min(a[1], b[1]) <= height <= max(a[1], b[1]) and a[1] != b[1]:
                crossings.append(a + (height - a[1]) / (b[1] - a[1]) * (b - a))
    if not crossings:
        raise ValueError("no psoas fascicle reaches the height of the medial arcuate ligament")
    cross = np.array(crossings)
    psoas_z, arch_z = sign * cross[:, 2], sign * arch[:, 2]
    return {
        "psoas_z": (float(psoas_z.min()), float(psoas_z.max())),
        "arch_z": (float(arch_z.min()), float(arch_z.max())),
        "in_front_m": float(apex[0] - cross[:, 0].max()),
    }


# -- drawing ------------------------------------------------------------------------
def _smooth(pts: list[tuple[float, float]], steps: int = 8) -> list[tuple[float, float]]:
    """Catmull-Rom curve through 2-D points (same input, same output)."""
    if len(pts) < 3:
        return pts
    p = [pts[0], *pts, pts[-1]]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = (np.array(q) for q in p[i - 1 : i + 3])
        for t in np.linspace(0.0, 1.0, steps, endpoint=False):
            out.append(
                tuple(
                    0.5
                    * (
                        (2 * p1)
                        + (-p0 + p2) * t
                        + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t
                        + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
                    )
                )
            )
    out.append(pts[-1])
    return out


def _sides(view: str) -> tuple[str, ...]:
    return ("right",) if view == "side" else ("right", "left")


def _skeleton(proj, view: str) -> list[str]:
    """The course skeleton with the thoracic bodies of this drawing, a femur stub and rib 12."""
    sides = (False,) if view == "side" else (False, True)
    out = draw_skeleton(
        Pose(), proj, sides, femur="stub", extra_bodies=list(points("vertebral_body"))
    )
    for side in _sides(view):
        out.append(
            polyline(
                [proj(p) for p in points("rib12", side)],
                stroke=PALETTE["bone"],
                stroke_width=5,
                stroke_linecap="round",
            )
        )
    return out


def _diaphragm(proj, view: str, breath: str) -> list[str]:
    out = []
    dome = "dome_sagittal" if view == "side" else "dome_coronal"
    if breath != "out":  # the resting outline, for comparison
        rest = _smooth([proj(p) for p in points(dome)])
        out.append(
            polyline(rest, stroke=PALETTE["muted"], stroke_width=1.5, stroke_dasharray="5 4")
        )
    curve = _smooth([proj(p) for p in points(dome, breath=breath)])
    out.append(rounded(curve, DIAPHRAGM, 6))
    for side in _sides(view):
        crus = [proj(p) for p in points("crus", side, breath)]
        out.append(rounded(_smooth(crus), DIAPHRAGM, 5))
    out.append(
        polyline(
            _smooth([proj(p) for p in points("median_arcuate")]), stroke=LIGAMENT, stroke_width=2
        )
    )
    for side in _sides(view):
        for structure, style in ARCUATE_STYLES.items():
            curve = _smooth([proj(p) for p in points(structure, side)])
            out.append(polyline(curve, stroke=LIGAMENT, **style))
    return out


def key_html(diaphragm: bool, psoas: bool, breath: str) -> str:
    """What the lines mean, in HTML beside the drawing so it wraps on a phone."""
    entries = []
    if psoas:
        entries.append((PALETTE["psoas_major"], "solid", 5, "Psoas major"))
    if diaphragm:
        entries += [
            (DIAPHRAGM, "solid", 6, "Diaphragm and its crura"),
            (LIGAMENT, "solid", 4, "Medial arcuate ligament (1): arches over the psoas"),
            (LIGAMENT, "dashed", 2, "Lateral arcuate ligament"),
        ]
    items = "".join(
        f'<li><span class="psoas-swatch" style="border-top:{width}px {style} {colour}">'
        f"</span>{escape(name)}</li>"
        for colour, style, width, name in entries
    )
    drop = _check_breath(breath)
    note = (
        f"<p>Dome {100 * drop:.1f} cm lower than breathing out (dashed grey); the tops of the "
        "crura move with it, while their roots on the spine and the ligaments stay put.</p>"
        if drop and diaphragm
        else ""
    )
    return (
        f'<div class="psoas-key"><ul style="list-style:none;padding-left:0">{items}</ul>'
        f"{note}</div>"
    )


def diaphragm_svg(
    view: str = "front", breath: str = "out", diaphragm: bool = True, psoas: bool = True
) -> str:
    """The diaphragm's lumbar attachments over the psoas, from the front or the side."""
    _check_breath(breath)
    proj = Projection(SCALE, ORIGIN[view], view) if view in ORIGIN else None
    if proj is None:
        raise ValueError(f"view must be 'front' or 'side', got {view!r}")
    body = _skeleton(proj, view)
    if psoas:
        for mirror in (False,) if view == "side" else (False, True):
            for fascicle in psoas_fascicles():
                body.append(
                    rounded(
                        [proj(p, mirror) for p in fascicle], PALETTE["psoas_major"], 4, opacity=0.9
                    )
                )
    if diaphragm:
        body += _diaphragm(proj, view, breath)
        # callout 1 on the arch over the psoas, named in the key beside the drawing
        ax, ay = proj(point("medial_arcuate", "apex", "right" if view == "side" else "left"))
        body.append(leader((ax + 2, ay - 2), (ax + 20, ay - 22)))
        body.append(
            circle(ax + 28, ay - 30, 10, fill=PALETTE["paper"], stroke=LIGAMENT, stroke_width=2.5)
        )
        body.append(
            text(
                ax + 28,
                ay - 25.5,
                "1",
                text_anchor="middle",
                fill=PALETTE["ink"],
                font_weight="700",
            )
        )
    for name in ("T8", "T12", "L3"):
        xyz = (
            point("vertebral_body", name) if name == "T8" else Pose().point("vertebral_body", name)
        )
        x, y = proj(xyz)
        edge = x - (0.016 if view == "side" else 0.022) * proj.scale
        body += label(
            name,
            (LABEL_X, y + 5),
            (edge, y),
            anchor="end",
            leader_colour=PALETTE["rule"],
            font_size=14,
        )
    if view == "front":  # a front view shows the person's right on the viewer's left
        # in the bottom corners, beside the hip bones rather than on them
        for x, anchor, side_name in ((6, "start", "Right side"), (WIDTH - 6, "end", "Left side")):
            body.append(
                text(
                    x,
                    HEIGHT - 8,
                    side_name,
                    fill=PALETTE["muted"],
                    text_anchor=anchor,
                    font_size=14,
                    stroke=PALETTE["paper"],
                    stroke_width=4,
                    paint_order="stroke",
                )
            )
    svg = document(
        WIDTH,
        HEIGHT,
        body,
        "The diaphragm and the psoas",
        describe_diaphragm(view, breath, diaphragm, psoas),
    )
    return f'<div class="psoas-pair">{svg}{key_html(diaphragm, psoas, breath)}</div>'


def describe_diaphragm(
    view: str = "front", breath: str = "out", diaphragm: bool = True, psoas: bool = True
) -> str:
    """One or two sentences for screen readers and the caption line."""
    drop = _check_breath(breath)
    shown = [name for name, on in (("the diaphragm", diaphragm), ("psoas major", psoas)) if on]
    first = (
        f"Seen from the {view}, {BREATH_LABELS[breath]}, showing "
        f"{' and '.join(shown) or 'only the skeleton'}."
    )
    if not diaphragm:
        return first + " Switch the diaphragm on to see where it meets the psoas."
    facts = (
        " The crura rise from the fronts of L1 to L3 on the right and L1 to L2 on the "
        "left; the medial arcuate ligament arches over the top of each psoas from the "
        "side of L1 to its transverse process, and diaphragm fibres spring from it."
    )
    if drop:
        facts += (
            f" On {BREATH_LABELS[breath]} the dome moves about {100 * drop:.1f} cm "
            "down and the tops of the crura follow it; only their bony origins stay put."
        )
    return first + facts


def diaphragm_explorer() -> Diagram:
    """Lesson 7: the diaphragm meets the psoas at the medial arcuate ligament."""
    return Diagram(
        slug="diaphragm",
        title="Where the diaphragm meets the psoas: turn the view, take a breath",
        draw=diaphragm_svg,
        describe=describe_diaphragm,
        controls=[
            Choice("view", "View", (("Front", "front"), ("Side", "side")), "front"),
            Choice(
                "breath",
                "Breath",
                (("Out", "out"), ("Quiet in", "quiet"), ("Deep in", "deep")),
                "out",
            ),
            Toggle("diaphragm", "Diaphragm"),
            Toggle("psoas", "Psoas major"),
        ],
    )
