"""Lesson 4: the lumbar plexus inside the psoas, drawn from ``data/lumbar_plexus.csv``.

Each row of the table is a nerve: its roots, where it leaves the psoas (lateral border,
medial border, front surface, or not at all), what it supplies and where the facts come
from. The drawing puts the nerves in the same front view as the course's psoas: the
muscle's outline follows the vertebral landmarks and the modelled psoas path, and each
nerve leaves the outline at the border its row names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape

import numpy as np

from psoas_course.core import model
from psoas_course.core.data import DataError, data_dir, load_table
from psoas_course.core.skeleton import VERTEBRAE, Pose, Projection, draw_skeleton, landmarks
from psoas_course.core.svg import PALETTE, circle, document, num, path, path_data, polygon, text
from psoas_course.ui.diagram import Diagram, Toggle

WHERE = {
    "lateral border": "its outer (lateral) border",
    "medial border": "its inner (medial) border",
    "front surface": "its front surface",
    "stays inside": "nowhere: it stays in the muscle",
}
COLUMNS = {
    "nerve": "text",
    "toggle": "text",
    "roots": "text",
    "root_levels": "text",
    "leaves_psoas": "text",
    "exit_y_m": "number",
    "via_y_m": "number",
    "via_z_m": "number",
    "end_y_m": "number",
    "end_z_m": "number",
    "supplies_muscles": "text",
    "supplies_skin": "text",
    "plexus": "text",
    "provenance": "text",
}
# One toggle per nerve (the two L1 nerves share one); Okabe-Ito colours, darkened where
# needed so lines stay visible on white.
TOGGLES = {
    "iliohypogastric": ("Iliohypogastric and ilioinguinal (L1)", PALETTE["iliacus"]),
    "genitofemoral": ("Genitofemoral (L1–L2)", PALETTE["green_dark"]),
    "lateral_femoral_cutaneous": ("Lateral femoral cutaneous (L2–L3)", PALETTE["orange_dark"]),
    "femoral": ("Femoral (L2–L4)", PALETTE["ink"]),
    "obturator": ("Obturator (L2–L4)", PALETTE["sky_dark"]),
}
# the lumbosacral trunk, always drawn: the link to the sacral plexus
ALWAYS_COLOUR = PALETTE["purple_dark"]
TWIG_COLOUR = PALETTE["vermillion_dark"]  # the muscular branches to psoas
SHORT_WHERE = {
    "lateral border": "leaves the outer border",
    "medial border": "leaves the inner border",
    "front surface": "pierces the front",
    "stays inside": "stays inside",
}
ROOT_Z = 0.028  # where a ventral ramus enters the back of the muscle, beside the body


@dataclass(frozen=True)
class Elsewhere:
    """Pointers for ``nerve_for`` where one row of the table cannot answer alone: muscles
    near the psoas that the lumbar plexus does not supply, and the knee, whose front is the
    femoral nerve's and whose back belongs to the sacral plexus. ``keys`` are the words that
    name them (whole words of the learner's text, in order)."""

    keys: tuple[str, ...]
    answer: str
    source: str


ELSEWHERE = (
    Elsewhere(
        ("knee", "knees", "kneecap", "patella"),
        "The knee: the skin over its front is the femoral nerve's (its anterior cutaneous "
        "branches and the infrapatellar branch of the saphenous nerve), and so is quadriceps "
        "femoris, which straightens the knee. The hamstrings, which bend it, and every muscle "
        "below it get their nerves from the sacral plexus (lesson 4).",
        "Gray's Anatomy, 20th ed. (1918), p. 956: the saphenous nerve and its infrapatellar "
        "branch to the skin in front of the patella, joined above the knee by the anterior "
        "cutaneous branches of the femoral nerve; the femoral nerve's muscular branches to "
        "quadriceps; data/lumbar_plexus.csv",
    ),
    Elsewhere(
        ("quadratus", "lumborum"),
        "Quadratus lumborum is not supplied by a named branch of the lumbar plexus: short "
        "direct branches from the ventral rami of T12 and the upper lumbar nerves reach it, "
        "as they reach the psoas (T12 to L2 in Gray 1918; other texts go down to L3 or L4).",
        "Gray's Anatomy, 20th ed. (1918), Quadratus lumborum, nerve supply: the twelfth "
        "thoracic and first and second lumbar nerves; Bassett Collection (Stanford) image "
        "221-2: branches of the subcostal, first, second and fourth lumbar nerves to it",
    ),
    Elsewhere(
        (
            "erector",
            "spinae",
            "multifidus",
            "longissimus",
            "iliocostalis",
            "paraspinal",
            "paraspinals",
            "back muscle",
            "back muscles",
            "muscles of the back",
            "spinal muscles",
        ),
        "The long muscles of the back beside the spine (erector spinae, multifidus) are not "
        "supplied by the lumbar plexus: their nerves are the dorsal rami, the branches of each "
        "spinal nerve that turn backward before the plexus forms.",
        "VH Dissector (Touch of Life Technologies), back muscles: true back muscles, "
        "erector spinae and the transversospinalis group (multifidus), receive their motor "
        "supply from the dorsal rami of the spinal nerves; lesson 4",
    ),
    Elsewhere(
        (
            "rectus abdominis",
            "abdominis",
            "abs",
            "abdominals",
            "six pack",
            "sixpack",
            "oblique",
            "obliques",
            "external oblique",
            "transversus",
            "transverse abdominis",
            "belly wall",
            "abdominal wall",
            "abdominal muscles",
            "belly muscles",
        ),
        "Most of the belly wall (rectus abdominis, the obliques and transversus abdominis) is "
        "supplied by the lower thoracic nerves: the lower intercostal nerves and the subcostal "
        "nerve (T12). The lumbar plexus adds only the iliohypogastric and ilioinguinal nerves, "
        "to the lowest fibres of internal oblique and transversus.",
        "Gray's Anatomy, 20th ed. (1918), Nerves of the abdominal muscles: the lower intercostal "
        "nerves, with filaments of the iliohypogastric and sometimes the ilioinguinal to the "
        "Obliquus internus and Transversus",
    ),
)


@dataclass(frozen=True)
class Nerve:
    name: str
    toggle: str
    roots: str
    root_levels: tuple[str, ...]
    leaves_psoas: str
    exit_y: float | None
    via: tuple[float, float] | None  # (y, z) in metres
    end: tuple[float, float] | None
    supplies_muscles: str
    supplies_skin: str
    plexus: str
    provenance: str


def _optional(value) -> float | None:
    return None if value != value else float(value)  # NaN (empty cell) -> None


def load_nerves(folder=None) -> list[Nerve]:
    """Rows of ``lumbar_plexus.csv``, checked; a bad value names the file, row and field."""
    table = load_table("lumbar_plexus.csv", COLUMNS, folder)
    path = (folder or data_dir()) / "lumbar_plexus.csv"
    nerves = []
    for number, row in enumerate(table.itertuples(), start=2):
        where = f"{path}: row {number} ({row.nerve})"
        if row.leaves_psoas not in WHERE:
            raise DataError(
                f"{where}: field 'leaves_psoas': {row.leaves_psoas!r} is not one "
                f"of {', '.join(WHERE)}"
            )
        if row.toggle and row.toggle not in TOGGLES:
            raise DataError(
                f"{where}: field 'toggle': {row.toggle!r} is not one of "
                f"{', '.join(TOGGLES)} (or empty for always shown)"
            )
        levels = tuple(x.strip() for x in row.root_levels.split(";") if x.strip())
        unknown = [x for x in levels if x not in VERTEBRAE]
        if not levels or unknown:
            raise DataError(
                f"{where}: field 'root_levels': give roots such as L2;L3;L4, "
                f"got {row.root_levels!r}"
            )
        if not row.provenance.strip():
            raise DataError(f"{where}: field 'provenance': say where the facts come from")
        exit_y, end_y, end_z = (
            _optional(row.exit_y_m),
            _optional(row.end_y_m),
            _optional(row.end_z_m),
        )
        via_y, via_z = _optional(row.via_y_m), _optional(row.via_z_m)
        leaves = row.leaves_psoas != "stays inside"
        if leaves and None in (exit_y, end_y, end_z):
            raise DataError(
                f"{where}: fields 'exit_y_m', 'end_y_m', 'end_z_m': a nerve that "
                "leaves the psoas needs an exit height and an end point"
            )
        if exit_y is not None and not psoas_bottom() <= exit_y <= psoas_top():
            raise DataError(
                f"{where}: field 'exit_y_m': {exit_y} m is outside the drawn "
                f"psoas ({psoas_bottom():.3f} to {psoas_top():.3f} m)"
            )
        nerves.append(
            Nerve(
                name=row.nerve,
                toggle=row.toggle,
                roots=row.roots,
                root_levels=levels,
                leaves_psoas=row.leaves_psoas,
                exit_y=exit_y,
                via=None if via_y is None or via_z is None else (via_y, via_z),
                end=None if end_y is None else (end_y, end_z),
                supplies_muscles=row.supplies_muscles,
                supplies_skin=row.supplies_skin,
                plexus=row.plexus,
                provenance=row.provenance,
            )
        )
    return nerves


@lru_cache(maxsize=1)
def nerves() -> tuple[Nerve, ...]:
    return tuple(load_nerves())


# -- the psoas outline in the front view (body's right side, z > 0) -----------------------
def _body(name: str) -> np.ndarray:
    return landmarks()[("vertebral_body", name)][1]


@lru_cache(maxsize=1)
def psoas_borders() -> tuple[np.ndarray, np.ndarray]:
    """(medial, lateral) borders as arrays of (y, z), top to bottom.

    Above the pelvis the medial border runs along the sides of the vertebral bodies and
    the lateral border along the tips of the transverse processes; below, both follow the
    modelled path (first pelvis point, brim point, insertion) at a schematic half-width.
    """
    geo = model.geometry("rajagopal2016")
    top = _body("T12")
    medial = [(top[1], 0.02)] + [(_body(n)[1], 0.02) for n in ("L1", "L2", "L3", "L4")]
    lateral = [(top[1], 0.03)]
    for name in ("L1", "L2", "L3", "L4", "L5"):
        tip = landmarks()[("transverse_process", name)][1]
        lateral.append((tip[1], tip[2]))
    medial.append((_body("L5")[1], 0.022))
    insertion = geo.hip + geo.femur_points[0]
    for point, half in (
        (geo.pelvis_points[0], 0.015),
        (geo.pelvis_points[1], 0.011),
        (insertion, 0.004),
    ):
        medial.append((point[1], point[2] - half))
        lateral.append((point[1], point[2] + half))
    return np.array(medial), np.array(lateral)


def psoas_top() -> float:
    return float(psoas_borders()[0][0, 0])


def psoas_bottom() -> float:
    return float(psoas_borders()[0][-1, 0])


def border_z(y: float, which: str) -> float:
    """z of the medial or lateral border of the right psoas at height ``y`` (metres)."""
    medial, lateral = psoas_borders()
    border = {"medial": medial, "lateral": lateral}[which]
    return float(np.interp(-y, -border[:, 0], border[:, 1]))


def exit_point(nerve: Nerve) -> tuple[float, float] | None:
    """(y, z) where the nerve leaves the muscle, on the border its row names."""
    if nerve.exit_y is None:
        return None
    y = nerve.exit_y
    inner, outer = border_z(y, "medial"), border_z(y, "lateral")
    z = {
        "lateral border": outer,
        "medial border": inner,
        "front surface": inner + 0.3 * (outer - inner),
    }[nerve.leaves_psoas]
    return y, z


def root_point(level: str) -> tuple[float, float]:
    """(y, z) where the ventral ramus below vertebra ``level`` enters the muscle."""
    i = VERTEBRAE.index(level)
    here = _body(level)[1]
    below = _body(VERTEBRAE[i + 1])[1] if i + 1 < len(VERTEBRAE) else here - 0.038
    return 0.5 * (here + below), ROOT_Z


# -- drawing ------------------------------------------------------------------------------
SCALE = 1300.0  # pixels per metre
# The midline at the height of the pelvis frame's origin; the body's right (z > 0) is drawn
# on the viewer's left. The drawing holds the right half only: 280 px wide, so its 13-px
# numbers and labels stay above 11 CSS px in a phone's 322-px column.
WIDTH, HEIGHT = 280, 630
FRONT = Projection(SCALE, (185.0, 400.0), "front")


def _front_px(y: float, z: float) -> tuple[float, float]:
    """Pixels of a (y, z) point of the front view (the plexus lies in one frontal plane)."""
    return FRONT((0.0, y, z))


def _d(points) -> str:
    """SVG path data for a polyline given as (y, z) points."""
    return path_data(_front_px(y, z) for y, z in points)


def _skeleton() -> list[str]:
    """The course skeleton, with the right pelvis only (the legend sits where the left would
    be), and the inguinal ligament."""
    lm = landmarks()
    asis, pubis = lm[("pelvis", "ASIS")][1], lm[("pelvis", "pubic_symphysis")][1]
    ligament = _d([(asis[1], asis[2]), (pubis[1] + 0.012, 0.02)])
    return [
        *draw_skeleton(Pose(), FRONT, femur="stub"),
        path(ligament, stroke=PALETTE["muted"], stroke_width=1.5, stroke_dasharray="5 4"),
    ]


def _psoas() -> list[str]:
    medial, lateral = psoas_borders()
    out = []
    for sign, opacity in ((1.0, 0.22),):  # the right psoas: the plexus drawn is the right one
        outline = [_front_px(y, sign * z) for y, z in medial] + [
            _front_px(y, sign * z) for y, z in lateral[::-1]
        ]
        out.append(
            polygon(
                outline,
                fill=PALETTE["psoas_major"],
                fill_opacity=opacity,
                stroke=PALETTE["psoas_major"],
                stroke_width=2,
                stroke_opacity=opacity * 4,
                stroke_linejoin="round",
            )
        )
    return out


def _nerve(nerve: Nerve, colour: str) -> str:
    """Roots and course inside the muscle dashed, the course outside solid, a ring between."""
    roots = [root_point(level) for level in nerve.root_levels]
    exit_at = exit_point(nerve)
    if exit_at is None:  # short twigs into the muscle itself
        twigs = "".join(_d([(y, z), (y - 0.012, z + 0.01)]) for y, z in roots)
        return f'<path d="{twigs}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
    joint = (min(min(y for y, _ in roots) - 0.012, exit_at[0] + 0.015), 0.034)
    inside = "".join(_d([r, joint]) for r in roots) + _d([joint, exit_at])
    course = [exit_at] + ([nerve.via] if nerve.via else []) + [nerve.end]
    ring = _front_px(*exit_at)
    return (
        f'<g fill="none" stroke="{colour}" stroke-width="3" stroke-linejoin="round">'
        f'<path d="{inside}" stroke-dasharray="5 3"/><path d="{_d(course)}" '
        f'stroke-width="3.5"/><circle cx="{num(ring[0])}" cy="{num(ring[1])}" r="5" '
        f'fill="{PALETTE["paper"]}"/></g>'
    )


def _callout(number: int, at, colour: str) -> list[str]:
    """A numbered ring at a nerve's end, matching the numbered key beside the drawing."""
    x, y = at
    return [
        circle(x, y, 10, fill=PALETTE["paper"], stroke=colour, stroke_width=2.5),
        text(
            x,
            y + 4.5,
            str(number),
            text_anchor="middle",
            fill=PALETTE["ink"],
            font_weight="700",
            font_size=13,
        ),
    ]


def _vertebra_labels() -> list[str]:
    out = []
    for name in VERTEBRAE:
        x, y = _front_px(_body(name)[1], -0.0)
        out.append(
            text(
                WIDTH - 8,
                y + 4.5,
                name,
                text_anchor="end",
                fill=PALETTE["ink"],
                font_weight="600",
                font_size=13,
            )
        )
    return out


KEY_NOTE = (
    "Dashed: the nerve's course inside the psoas; solid: outside it; ring: where it leaves "
    "the muscle; grey dashes: the inguinal ligament. Short brown twigs from L1 to L3 supply "
    "the psoas itself."
)


def key_html(entries: list[tuple[Nerve, str]]) -> str:
    """The numbered key beside the drawing, in HTML so it wraps on a phone."""
    items = "".join(
        f'<li><span class="psoas-swatch" style="border-color:{colour}"></span>'
        f"<strong>{escape(nerve.name.replace(' nerve', ''))}</strong> "
        f"({escape(_levels(nerve))}): {escape(SHORT_WHERE[nerve.leaves_psoas])}</li>"
        for nerve, colour in entries
    )
    return f'<div class="psoas-key"><ol>{items}</ol><p>{escape(KEY_NOTE)}</p></div>'


def _levels(nerve: Nerve) -> str:
    levels = nerve.root_levels
    return f"{levels[0]}–{levels[-1]}" if len(levels) > 1 else levels[0]


def plexus_svg(**shown) -> str:
    """The right lumbar plexus seen from the front, with its numbered key (HTML) beside it;
    ``shown`` maps toggle names to on/off."""
    unknown = set(shown) - set(TOGGLES)
    if unknown:
        raise ValueError(f"unknown nerve toggle(s) {sorted(unknown)}; known: {', '.join(TOGGLES)}")
    body = _skeleton() + _psoas() + _vertebra_labels()
    entries = []
    callouts = []
    for nerve in nerves():
        if nerve.toggle and not shown.get(nerve.toggle, True):
            continue
        colour = (
            TOGGLES[nerve.toggle][1]
            if nerve.toggle
            else (ALWAYS_COLOUR if nerve.end else TWIG_COLOUR)
        )
        body.append(_nerve(nerve, colour))
        if nerve.end is not None:
            entries.append((nerve, colour))
            end = _front_px(*nerve.end)
            callouts += _callout(len(entries), (end[0], end[1] + 13), colour)
    body += callouts
    names = ", ".join(n.name.lower() for n, _ in entries) or "none of the branches"
    svg = document(
        WIDTH,
        HEIGHT,
        body,
        "The lumbar plexus inside the psoas",
        f"Front view of the right psoas and lumbar plexus; drawn: {names}. "
        "Numbered rings mark each nerve's end; the key beside the drawing names them.",
    )
    return f'<div class="psoas-pair">{svg}{key_html(entries)}</div>'


def describe(**shown) -> str:
    """Which nerves are drawn and where each leaves the psoas."""
    parts = []
    for nerve in nerves():
        if not nerve.toggle or not shown.get(nerve.toggle, True):
            continue
        parts.append(f"{nerve.name.lower()} ({nerve.roots}) leaves {WHERE[nerve.leaves_psoas]}")
    if not parts:
        return (
            "No branches chosen: the right psoas seen from the front, with the short "
            "twigs from L1 to L3 that supply the muscle itself, and the lumbosacral trunk."
        )
    return (
        "Right lumbar plexus seen from the front, forming inside the back of the psoas: "
        + "; ".join(parts)
        + ". The lumbosacral trunk (part of L4 with L5), always drawn, leaves the medial "
        "border to join the sacral plexus."
    )


def plexus_explorer() -> Diagram:
    """Lesson 4: switch each branch of the lumbar plexus on and off."""
    return Diagram(
        slug="plexus",
        title="The lumbar plexus: where each nerve leaves the psoas",
        draw=plexus_svg,
        describe=describe,
        controls=[Toggle(name, label) for name, (label, _) in TOGGLES.items()],
    )


class PlexusTable:
    """The nerve table as an accessible HTML table, with its sources."""

    def __repr__(self) -> str:
        return f"Lumbar plexus table: {len(nerves())} rows (see the page for the table)"

    def _repr_html_(self) -> str:
        head = "".join(
            f'<th scope="col">{h}</th>'
            for h in ("Nerve", "Roots", "Leaves the psoas at", "Muscles", "Skin", "Source")
        )
        rows = "".join(
            f'<tr><th scope="row">{escape(n.name)}</th>'
            f'<td data-label="Roots">{escape(n.roots)}</td>'
            f'<td data-label="Leaves the psoas at">{escape(WHERE[n.leaves_psoas])}</td>'
            f'<td data-label="Muscles">{escape(n.supplies_muscles)}</td>'
            f'<td data-label="Skin">{escape(n.supplies_skin)}</td>'
            f'<td data-label="Source">{escape(n.provenance)}</td></tr>'
            for n in nerves()
        )
        return (
            '<div style="overflow-x:auto" tabindex="0" role="region" '
            'aria-label="Lumbar plexus table">'
            '<table class="psoas-ledger psoas-cards"><caption>The lumbar plexus: roots, exits, '
            "supply (data/lumbar_plexus.csv)</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
        )


def plexus_table() -> PlexusTable:
    """One line in a lesson: ``plexus_table()``."""
    return PlexusTable()
