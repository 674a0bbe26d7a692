"""The psoas among its neighbours: a cross-section by vertebral level, and a Thomas-test reader.

The section is schematic except for two things. The area of each psoas is drawn to scale
(:func:`section_areas_cm2`): a measured mean area from ``data/psoas_csa_by_level.csv`` where
one exists for the level (L1 and L5 from one study, the 16.3 cm² maximum at the L4/L5 disc
from another), and between measured levels the shape of the model's fascicle sums. The aorta
is drawn at a typical adult size (``size_mm`` in ``data/psoas_neighbours.csv``). The
neighbours come from that table, each with the levels where it lies beside the muscle and the
source that says so; positions, and the other sizes, are schematic.
"""

from __future__ import annotations

import math
from functools import cache
from html import escape

import pandas as pd

from psoas_course.core.bones import MEASURED, SECTION_LEVELS, load_psoas_csa, section_areas_cm2
from psoas_course.core.data import DataError, data_dir, load_table
from psoas_course.core.svg import PALETTE, circle, document, line, text
from psoas_course.ui.diagram import Choice, Diagram, Toggle
from psoas_course.ui.readout import Readout

NEIGHBOURS_FILE = "psoas_neighbours.csv"
KINDS = {
    "vessel": PALETTE["vermillion_dark"],
    "organ": PALETTE["purple_dark"],
    "nerve": PALETTE["orange_dark"],
}
SIDES = ("left", "right", "both")
ANCHORS = ("body", "psoas")
ASPECT = 0.8  # front-to-back over side-to-side half-axis of the drawn psoas (schematic)
BODY_RADIUS_MM = 22.0  # schematic lumbar vertebral body
SCALE = 1.75  # px per mm: a 360-px drawing whose 13-px text stays legible on a phone
CENTRE = (180.0, 118.0)
WIDTH, HEIGHT = 360, 212


@cache
def neighbours() -> pd.DataFrame:
    """The neighbours table, checked: known kinds, sides, anchors and levels."""
    table = load_table(
        NEIGHBOURS_FILE,
        {
            "structure": "text",
            "kind": "text",
            "side": "text",
            "from_level": "text",
            "to_level": "text",
            "anchor": "text",
            "x": "number",
            "y": "number",
            "size_mm": "number",
            "relation": "text",
            "source": "text",
        },
    )
    path = data_dir() / NEIGHBOURS_FILE
    for column, allowed in (
        ("kind", tuple(KINDS)),
        ("side", SIDES),
        ("anchor", ANCHORS),
        ("from_level", SECTION_LEVELS),
        ("to_level", SECTION_LEVELS),
    ):
        bad = ~table[column].isin(allowed)
        if bad.any():
            row = int(bad.idxmax())
            raise DataError(
                f"{path}: column '{column}' must be one of {', '.join(allowed)}, "
                f"row {row + 2} has {table[column][row]!r}"
            )
    order = table["from_level"].map(SECTION_LEVELS.index) > table["to_level"].map(
        SECTION_LEVELS.index
    )
    if order.any():
        row = int(order.idxmax())
        raise DataError(f"{path}: column 'from_level' comes after 'to_level' in row {row + 2}")
    if table[["x", "y", "size_mm"]].isna().any().any() or (table["size_mm"] <= 0).any():
        raise DataError(f"{path}: columns 'x', 'y' and 'size_mm' need numbers (size above 0)")
    return table


def at_level(level: str) -> pd.DataFrame:
    """The neighbours that lie beside the psoas at ``level`` (T12 to L5, or the L4/L5 disc)."""
    if level not in SECTION_LEVELS:
        raise ValueError(f"level must be one of {', '.join(SECTION_LEVELS)}, not {level!r}")
    table = neighbours()
    index = SECTION_LEVELS.index(level)
    inside = (table["from_level"].map(SECTION_LEVELS.index) <= index) & (
        table["to_level"].map(SECTION_LEVELS.index) >= index
    )
    return table[inside]


def area_basis(level: str) -> str:
    """Where the drawn area at ``level`` comes from, in a sentence part for the learner."""
    if level not in SECTION_LEVELS:
        raise ValueError(f"level must be one of {', '.join(SECTION_LEVELS)}, not {level!r}")
    if level == "L4/L5":
        return "the largest mean area measured, in 15 young men lying down (Reid et al. 1994)"
    if level in MEASURED:
        basis = (
            "a mean measured in 10 young women scanned sitting; the study does not say "
            "whether it is one side or both, and the drawing takes it as one side"
        )
        if level == "L5":
            basis += (
                ". These are other people than the men measured at L4/L5, so the drop "
                "below the disc is partly a difference between the two groups"
            )
        return basis
    if level == "T12":
        return (
            "scaled down from the L1 measurement in proportion to a computer model's fascicles, "
            "since no study here measured T12"
        )
    return (
        "filled in between the measured levels from the shape of a computer model; those "
        "levels come from two studies of different people (young women sitting at L1, young "
        "men lying down at the L4/L5 disc)"
    )


def psoas_half_axes_mm(level: str) -> tuple[float, float]:
    """Side-to-side and front-to-back half-axes (mm) of an ellipse with the level's area."""
    area_mm2 = 100.0 * section_areas_cm2()[level]
    across = math.sqrt(area_mm2 / (math.pi * ASPECT))
    return across, ASPECT * across


def measured_areas() -> pd.DataFrame:
    """Rows of the area table that are measurements in people (not model parameters)."""
    table = load_psoas_csa()
    return table[table["kind"].str.startswith("measured")][["level", "csa_cm2", "kind", "source"]]


# -- drawing ------------------------------------------------------------------------------
def _px(x_mm: float, y_mm: float) -> tuple[float, float]:
    """Body frame (x to the body's right, y forward) to SVG: viewed from the feet, as in CT.

    The body's right is on the viewer's left and the front is at the top.
    """
    return CENTRE[0] - SCALE * x_mm, CENTRE[1] - SCALE * y_mm


def _psoas_centre_mm(level: str, sign: int) -> tuple[float, float]:
    across, _ = psoas_half_axes_mm(level)
    return sign * (BODY_RADIUS_MM + across - 2.0), -2.0


def _place(row, sign: int, level: str) -> tuple[float, float]:
    if row.anchor == "body":
        return (sign * abs(row.x) if row.side == "both" else row.x), row.y
    cx, cy = _psoas_centre_mm(level, sign)
    across, back = psoas_half_axes_mm(level)
    # x in psoas half-widths, positive = away from the midline
    return cx + sign * row.x * across, cy - row.y * back


def _sides(side: str) -> list[int]:
    return {"right": [1], "left": [-1], "both": [1, -1]}[side]


DISC_R = 8.5  # the numbered callouts' discs
DISC_GAP = 2 * DISC_R + 2.0


def _spread_discs(discs: list[list[float]]) -> None:
    """Push numbered discs (``[x, y, ...]``, pixels) sideways until none overlaps another,
    keeping them inside the drawing (a few rounds of pairwise relaxation)."""
    for _ in range(60):
        moved = False
        for i, a in enumerate(discs):
            for b in discs[i + 1 :]:
                dx, dy = b[0] - a[0], b[1] - a[1]
                if abs(dy) >= DISC_GAP or math.hypot(dx, dy) >= DISC_GAP:
                    continue
                need = math.sqrt(max(DISC_GAP**2 - dy**2, 0.0)) - abs(dx)
                way = 1.0 if dx > 0 or (dx == 0 and b[0] >= CENTRE[0]) else -1.0
                a[0] -= way * (need / 2 + 0.1)
                b[0] += way * (need / 2 + 0.1)
                moved = True
        for d in discs:
            d[0] = min(max(d[0], DISC_R + 2), WIDTH - DISC_R - 2)
        if not moved:
            return


def cross_section_svg(level: str = "L3", show_neighbours: bool = True) -> str:
    """One axial slice at ``level``: vertebral body, both psoas muscles to scale, neighbours
    numbered in the drawing and named in an HTML key beside it."""
    body = [
        text(CENTRE[0], 16, "front of the body", fill=PALETTE["muted"], text_anchor="middle"),
    ]
    x0, y0 = _px(0, 0)
    body.append(
        circle(
            x0,
            y0,
            SCALE * BODY_RADIUS_MM,
            fill=PALETTE["bone_fill"],
            stroke=PALETTE["bone"],
            stroke_width=2,
        )
    )
    body.append(text(x0, y0 + 4, "vertebra", fill=PALETTE["ink"], text_anchor="middle"))
    across, back = psoas_half_axes_mm(level)
    lowest = y0 + SCALE * BODY_RADIUS_MM
    for sign in (1, -1):
        cx, cy = _px(*_psoas_centre_mm(level, sign))
        lowest = max(lowest, cy + SCALE * back)
        body.append(
            f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{SCALE * across:.1f}" '
            f'ry="{SCALE * back:.1f}" fill="{PALETTE["highlight_fill"]}" '
            f'stroke="{PALETTE["psoas_major"]}" '
            'stroke-width="2.5"/>'
        )
    shown = at_level(level) if show_neighbours else neighbours().iloc[0:0]
    key = []
    discs = []
    for row in shown.itertuples():
        colour = KINDS[row.kind]
        if row.structure not in [name for name, _ in key]:
            key.append((row.structure, colour))
        number = [name for name, _ in key].index(row.structure) + 1
        for sign in _sides(row.side):
            x, y = _px(*_place(row, sign, level))
            r = max(SCALE * row.size_mm / 2, 4.0)
            lowest = max(lowest, y + r)
            body.append(circle(x, y, r, fill=PALETTE["paper"], stroke=colour, stroke_width=2.5))
            discs.append([x, y - r - 10, x, y - r, number, colour])
    # the numbers sit above their structures, in white discs, spread so none covers another;
    # a disc pushed aside keeps a short leader to its structure
    _spread_discs(discs)
    for nx, ny, x, top, _, colour in discs:
        if abs(nx - x) > 3:
            body.append(line(nx, ny + DISC_R, x, top, stroke=colour, stroke_width=1.5))
    for nx, ny, _, _, number, colour in discs:
        body.append(circle(nx, ny, DISC_R, fill=PALETTE["paper"], stroke=colour, stroke_width=1.5))
        body.append(
            text(
                nx,
                ny + 4.5,
                str(number),
                fill=PALETTE["ink"],
                font_weight="700",
                text_anchor="middle",
            )
        )
    # "psoas" under everything drawn, joined to the body's left muscle by a leader
    label_x, label_y = _px(*_psoas_centre_mm(level, -1))
    name_y = lowest + 20
    body.append(
        line(
            label_x,
            label_y + SCALE * back,
            label_x,
            name_y - 12,
            stroke=PALETTE["vermillion_dark"],
            stroke_width=1,
        )
    )
    body.append(
        text(label_x, name_y, "psoas", fill=PALETTE["vermillion_dark"], text_anchor="middle")
    )
    body.append(text(8, HEIGHT - 8, "body's right", fill=PALETTE["muted"]))
    body.append(
        text(WIDTH - 8, HEIGHT - 8, "body's left", fill=PALETTE["muted"], text_anchor="end")
    )
    area = section_areas_cm2()[level]
    items = "".join(
        f'<li><span class="psoas-swatch" style="border-color:{colour}"></span>{escape(name)}</li>'
        for name, colour in key
    )
    listing = f"<ol>{items}</ol>" if items else "<p>Neighbours hidden.</p>"
    aorta = shown[shown["structure"] == "Abdominal aorta"]["size_mm"]
    note = (
        f"Each psoas is drawn to scale with an area of {area:.1f} cm²: {area_basis(level)}. "
        + (
            f"The aorta is drawn {aorta.iloc[0]:g} mm across, a typical adult size. "
            if len(aorta)
            else ""
        )
        + "The other sizes and every position are schematic."
    )
    svg = document(
        WIDTH,
        HEIGHT,
        body,
        f"The psoas and its neighbours at {level}",
        describe(level, show_neighbours),
    )
    return (
        f'<div class="psoas-pair">{svg}<div class="psoas-key"><p><strong>Cross-section at '
        f"{escape(_level_name(level))}, seen from below</strong></p>{listing}"
        f"<p>{escape(note)}</p></div></div>"
    )


def _level_name(level: str) -> str:
    return "the L4/L5 disc" if level == "L4/L5" else level


def describe(level: str = "L3", show_neighbours: bool = True) -> str:
    area = section_areas_cm2()[level]
    names = list(dict.fromkeys(s.lower() for s in at_level(level)["structure"]))
    near = ", ".join(names) if names else "none of the listed structures"
    start = (
        f"At {_level_name(level)} each psoas is drawn with a cross-sectional area of about "
        f"{area:.1f} cm²: {area_basis(level)}"
    )
    if not show_neighbours:
        return f"{start}. Neighbours hidden."
    return f"{start}. Beside it lie: {near}."


def cross_section_explorer() -> Diagram:
    """Step down the lumbar spine and see the psoas grow and its neighbours change."""
    return Diagram(
        slug="cross-section",
        title="The psoas in cross-section, level by level",
        draw=lambda level, neighbours_on: cross_section_svg(level, neighbours_on),
        describe=lambda level, neighbours_on: describe(level, neighbours_on),
        controls=[
            Choice(
                "level",
                "Vertebral level",
                tuple((lvl + " disc" if "/" in lvl else lvl, lvl) for lvl in SECTION_LEVELS),
                "L3",
            ),
            Toggle("neighbours_on", "Show the neighbours", True),
        ],
    )


def neighbours_table():
    """The neighbours with their levels, relation and source, as an HTML table."""
    from IPython.display import HTML

    rows = "".join(
        f"<tr><td>{escape(r.structure)}</td><td>{escape(r.from_level)} to {escape(r.to_level)}</td>"
        f"<td>{escape(r.relation)}</td><td>{escape(r.source)}</td></tr>"
        for r in neighbours().itertuples()
    )
    return HTML(
        '<table class="psoas-table"><caption>Neighbours of the psoas in the lumbar region</caption>'
        "<thead><tr><th>Structure</th><th>Levels</th><th>Relation to the psoas</th><th>Source</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


# -- "Try it": how a clinician reads a modified Thomas test --------------------------------
def thomas_reading(thigh_below_horizontal_deg=10, pelvis_held_flat: bool = True) -> Readout:
    """What a clinician can read from the hanging thigh in a modified Thomas test.

    The thigh hangs off the end of the couch; degrees below the horizontal are hip extension
    (a thigh above the horizontal means the hip stays flexed). The reading is about range of
    movement, and it depends on the pelvis being held still.
    """
    value = thigh_below_horizontal_deg
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not -45 <= value <= 45:
        return Readout(
            "thigh_below_horizontal_deg must be a number of degrees from -45 to 45 "
            f"(negative = the thigh stays above the couch), not {value!r}."
        )
    if not isinstance(pelvis_held_flat, bool):
        return Readout(f"pelvis_held_flat must be True or False, not {pelvis_held_flat!r}.")
    # the test's "straight" is the thigh level with the couch while the lower back is held
    # flat; that flattening tips the pelvis back, so from standing it is already extension
    if value > 0:
        range_text = (
            f"the hip extends about {value:g}° past the test's straight line (the thigh level "
            "with the couch)"
        )
    elif value == 0:
        range_text = "the hip reaches the test's straight line (the thigh level with the couch)"
    else:
        range_text = (
            f"the hip stays about {-value:g}° flexed: the thigh does not come down to the "
            "test's straight line, level with the couch"
        )
    if pelvis_held_flat:
        trust = (
            "With the pelvis held flat the angle is a fair measure of hip extension, but two "
            "readings by different examiners can still differ by several degrees."
        )
    else:
        trust = (
            "With the pelvis free to tip, the angle mixes hip extension with pelvic tilt, "
            "so it is a poor measure of either."
        )
    return Readout(
        f"Reading: {range_text}. {trust} It says how far the hip moves, not which tissue "
        "limits it or why anything hurts; that takes a clinician's whole examination."
    )
