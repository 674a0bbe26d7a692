"""How strong is the psoas at each hip angle? Force from fibre length times leverage.

The largest hip-flexion moment the psoas can make (full effort, held still) is the force
its fibres can make at their length times its moment arm (:mod:`psoas_course.core.force`).
The diagram shows both factors and their product across the hip's range, with everyday
positions marked, beside the force-length curve the fibres sit on.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from psoas_course.core import force
from psoas_course.core.model import HIP_FLEXION_RANGE, check_angle
from psoas_course.core.svg import (
    PALETTE,
    circle,
    document,
    line,
    num,
    path,
    polyline,
    rect,
    text,
)
from psoas_course.ui.diagram import Diagram, Slider

# hip-joint flexion (degrees) of the positions the sources talk about. In a chair the thigh
# is about level but the pelvis rolls back about 20°, so the hip joint is flexed about 70°
# (60-75°; Keegan 1953, J Bone Joint Surg Am 35-A:589-603).
POSITIONS = {
    "lunge": ("Lunge, back leg", -20),
    "standing": ("Standing", 0),
    "sitting": ("Sitting in a chair", 70),
    "knee_to_chest": ("Knee to chest", 120),
}
STEP = 10  # static frames; the live slider moves by 1 degree

# -- numbers ---------------------------------------------------------------------------------


@cache
def strength_curve() -> dict[str, np.ndarray]:
    """The force model over the whole validated range at 2-degree steps."""
    return force.capacity_curve(np.arange(HIP_FLEXION_RANGE[0], HIP_FLEXION_RANGE[1] + 1, 2.0))


@cache
def peak() -> tuple[float, float]:
    """(angle, moment in N·m) where the model's psoas can make its largest moment (1° grid)."""
    curve = force.capacity_curve(np.arange(HIP_FLEXION_RANGE[0], HIP_FLEXION_RANGE[1] + 1, 1.0))
    i = int(np.argmax(curve["max_moment_Nm"]))
    return float(curve["hip_flexion_deg"][i]), float(curve["max_moment_Nm"][i])


def position_name(hip_flexion_deg: float) -> str | None:
    for label, angle in POSITIONS.values():
        if angle == hip_flexion_deg:
            return label
    return None


def describe(hip_flexion_deg: float = 0) -> str:
    """One sentence for screen readers and the status line."""
    angle = check_angle("hip_flexion_deg", hip_flexion_deg, *HIP_FLEXION_RANGE)
    now = force.capacity(angle)
    best_angle, best = peak()
    where = position_name(angle)
    hip = (f"{angle:.0f}° of hip flexion" if angle >= 0 else f"{-angle:.0f}° of hip extension") + (
        f" ({where.lower()})" if where else ""
    )
    passive = (
        f", plus {now['passive_force_N']:.0f} N of passive pull from stretched fibres"
        if now["passive_force_N"] >= 1
        else ""
    )
    return (
        f"At {hip}, in this model the psoas fibres are at {now['normalized_fiber_length']:.2f} "
        f"of their optimal length, so they can make {100 * now['active_force_length']:.0f}% "
        f"of their peak active force{passive}: {now['tendon_force_N']:.0f} N along the tendon. "
        f"With a moment arm of {100 * now['moment_arm_m']:.1f} cm that gives at most "
        f"{now['max_moment_Nm']:.1f} N·m of hip-flexion moment, "
        f"{100 * now['max_moment_Nm'] / best:.0f}% of the model's peak of {best:.1f} N·m "
        f"at {best_angle:.0f}° (the model treats the tendon as rigid, as its file does)."
    )


# -- drawing ---------------------------------------------------------------------------------
# Two SVGs side by side that stack on a phone, each narrow enough that 13-unit text stays
# 11 px or more when scaled to a 375 px screen.
SMALL = {"fill": PALETTE["muted"], "font_size": 13}
FL_W, FL_H = 360, 342  # force-length drawing
FL = (44.0, 112.0, 296.0, 150.0)  # its panel: x, y, width, height
CH_W, CH_H = 380, 590  # the factor charts
CHART_X, CHART_W, CHART_H = 52.0, 308.0, 110.0
CHART_TOPS = (46.0, 214.0, 382.0)
# where each position's name sits against its line (anchor, row), so neighbours do not collide
LABEL_PLACES = {
    "lunge": ("end", 0),
    "standing": ("start", 1),
    "sitting": ("end", 0),
    "knee_to_chest": ("end", 1),
}


def _hip_words(angle: float) -> str:
    if angle == 0:
        return "Hip straight (0°)"
    return f"Hip {'flexed' if angle > 0 else 'extended'} {abs(angle):.0f}°"


def _hip_px(angle: float) -> float:
    low, high = HIP_FLEXION_RANGE
    return CHART_X + (angle - low) / (high - low) * CHART_W


def _format(key: str, value: float) -> str:
    if key == "tendon_force_N":
        return f"{value:.0f} N"
    if key == "moment_arm_m":
        return f"{value:.1f} cm"
    return f"{value:.1f} N·m"


def _hip_chart(key: str, top: float, scale: float, hi: float, ticks, title: str, colour: str, now):
    """One factor (or the product) against hip angle, positions marked, cursor at ``now``."""
    curve = strength_curve()

    def y(value):
        return top + (hi - value) / hi * CHART_H

    out = [
        text(CHART_X - 40, top - 10, title, fill=PALETTE["ink"], font_weight="600"),
        rect(CHART_X, top, CHART_W, CHART_H, fill=PALETTE["panel"], stroke=PALETTE["rule"]),
    ]
    # grid and position lines as one path each: fewer elements to lay out per frame
    grid = "".join(f"M{num(CHART_X)} {num(y(t))}H{num(CHART_X + CHART_W)}" for t in ticks)
    out.append(path(grid, stroke=PALETTE["grid"], fill="none"))
    for tick in ticks:
        out.append(text(CHART_X - 6, y(tick) + 4, f"{tick:g}", text_anchor="end", **SMALL))
    marks = "".join(
        f"M{num(_hip_px(angle))} {num(top)}V{num(top + CHART_H)}" for _, angle in POSITIONS.values()
    )
    out.append(path(marks, stroke=PALETTE["axis"], stroke_dasharray="3 3", fill="none"))
    values = curve[key] * scale
    points = [(_hip_px(a), y(v)) for a, v in zip(curve["hip_flexion_deg"], values)]
    out.append(polyline(points, stroke=colour, stroke_width=2.5))
    if key == "tendon_force_N":  # the passive share, below the total
        passive = curve["passive_force_N"]
        shown = passive > 0.5
        angles = curve["hip_flexion_deg"][shown]
        out.append(
            polyline(
                [(_hip_px(a), y(v)) for a, v in zip(angles, passive[shown])],
                stroke=PALETTE["iliacus"],
                stroke_width=2,
                stroke_dasharray="5 3",
            )
        )
        out.append(
            text(
                _hip_px(angles[-1]) + 6,
                y(0) - 6,
                "passive part",
                fill=PALETTE["iliacus"],
                font_size=13,
            )
        )
    x = _hip_px(now["hip_flexion_deg"])
    out.append(line(x, top, x, top + CHART_H, stroke=PALETTE["ink"], stroke_width=1.5))
    value = now[key] * scale
    out.append(
        circle(x, y(value), 6, fill=PALETTE["accent"], stroke=PALETTE["ink"], stroke_width=2)
    )
    out.append(
        text(
            CHART_X + CHART_W,
            top - 10,
            _format(key, value),
            text_anchor="end",
            fill=PALETTE["ink"],
            font_weight="600",
        )
    )
    return out


def _position_labels() -> list[str]:
    out = []
    top = CHART_TOPS[-1] + CHART_H
    for tick in (-30, 0, 30, 60, 90, 120):
        out.append(text(_hip_px(tick), top + 17, f"{tick}°", text_anchor="middle", **SMALL))
    for key, (label, angle) in POSITIONS.items():
        anchor, row = LABEL_PLACES[key]
        shift = {"end": 3, "start": -3}[anchor]
        out.append(
            text(
                _hip_px(angle) + shift,
                top + 35 + 16 * row,
                label.split(",")[0],
                text_anchor=anchor,
                fill=PALETTE["ink"],
                font_size=13,
            )
        )
    out.append(
        text(
            CHART_X + CHART_W / 2,
            top + 76,
            "Hip flexion (thigh against pelvis)",
            text_anchor="middle",
            fill=PALETTE["ink"],
        )
    )
    return out


# The three stacked charts: quantity, scale to the unit shown, top of the axis, ticks, title,
# palette colour. The third is the product of the first two.
FACTOR_CHARTS = (
    (
        "tendon_force_N",
        1.0,
        1600.0,
        (0, 500, 1000, 1500),
        "1. Force along the tendon (N)",
        "psoas_major",
    ),
    ("moment_arm_m", 100.0, 4.0, (0, 2, 4), "2. Leverage: moment arm (cm)", "model_b_text"),
    ("max_moment_Nm", 1.0, 50.0, (0, 20, 40), "1 × 2 = moment (N·m)", "ink"),
)


def factors_svg(hip_flexion_deg: float = 0) -> str:
    """Force, leverage and the moment they make, against hip angle, at one angle."""
    angle = check_angle("hip_flexion_deg", hip_flexion_deg, *HIP_FLEXION_RANGE)
    now = force.capacity(angle)
    body = []
    for (key, scale, top_value, ticks, title, colour), top in zip(FACTOR_CHARTS, CHART_TOPS):
        body += _hip_chart(key, top, scale, top_value, ticks, title, PALETTE[colour], now)
    body += _position_labels()
    return document(
        CH_W,
        CH_H,
        body,
        "Force, leverage and hip-flexion moment of the psoas against hip angle",
        "Three charts against hip flexion from -30 to 120 degrees: the force along the tendon "
        "(active and passive), the moment arm and their product, with a lunge's back leg, "
        "standing, sitting in a chair (hip joint at 70 degrees) and knee to chest marked. "
        + describe(angle),
    )


def force_length_svg(hip_flexion_deg: float = 0) -> str:
    """The force-length curve, the stretch of it the psoas uses, and where it is now."""
    angle = check_angle("hip_flexion_deg", hip_flexion_deg, *HIP_FLEXION_RANGE)
    now = force.capacity(angle)
    x0, y0, w, h = FL
    lo, hi, top_value = 0.4, 1.6, 1.2
    _, active, passive = force.muscle()

    def px(length, value):
        return x0 + (length - lo) / (hi - lo) * w, y0 + (top_value - value) / top_value * h

    used = strength_curve()["normalized_fiber_length"]
    left, right = px(used.min(), 0)[0], px(used.max(), 0)[0]
    lengths = np.linspace(lo, hi, 61)
    where = position_name(angle)
    out = [
        text(
            4,
            22,
            _hip_words(angle) + (f": {where.lower()}" if where else ""),
            fill=PALETTE["ink"],
            font_weight="600",
            font_size=16,
        ),
        text(4, 42, "Full effort, held still (Rajagopal 2016 model)", **SMALL),
        text(4, 78, "Force from fibre length", fill=PALETTE["ink"], font_weight="600"),
        text(4, 96, "share of the fibres' peak force", **SMALL),
        rect(x0, y0, w, h, fill=PALETTE["panel"], stroke=PALETTE["rule"]),
        rect(left, y0, right - left, h, fill=PALETTE["band_fill"]),
        text((left + right) / 2, y0 + 16, "psoas, -30° to 120°", text_anchor="middle", **SMALL),
    ]
    grid = "".join(f"M{num(x0)} {num(px(lo, t)[1])}H{num(x0 + w)}" for t in (0, 0.5, 1.0))
    out.append(path(grid, stroke=PALETTE["grid"], fill="none"))
    for tick in (0, 0.5, 1.0):
        _, y = px(lo, tick)
        out.append(text(x0 - 6, y + 4, f"{tick:g}", text_anchor="end", **SMALL))
    for tick in (0.5, 1.0, 1.5):
        x, _ = px(tick, 0)
        out.append(text(x, y0 + h + 17, f"{tick:g}", text_anchor="middle", **SMALL))
    out.append(
        text(
            x0 + w / 2,
            y0 + h + 36,
            "fibre length / optimal length",
            text_anchor="middle",
            fill=PALETTE["ink"],
        )
    )
    out.append(
        polyline(
            [px(x, v) for x, v in zip(lengths, active(lengths))],
            stroke=PALETTE["psoas_major"],
            stroke_width=2.5,
        )
    )
    stretched = lengths[lengths >= 1.0]
    out.append(
        polyline(
            [px(x, v) for x, v in zip(stretched, np.minimum(passive(stretched), top_value))],
            stroke=PALETTE["iliacus"],
            stroke_width=2,
            stroke_dasharray="5 3",
        )
    )
    out.append(
        text(
            x0 + w - 4,
            px(hi, 0.2)[1],
            "passive",
            text_anchor="end",
            fill=PALETTE["iliacus"],
            font_size=13,
        )
    )
    out.append(
        text(x0 + 4, px(lo, 1.08)[1], "active", fill=PALETTE["vermillion_dark"], font_size=13)
    )
    cx, cy = px(now["normalized_fiber_length"], now["active_force_length"])
    out.append(circle(cx, cy, 7, fill=PALETTE["accent"], stroke=PALETTE["ink"], stroke_width=2))
    # the fibre length and force share are in the status line under the drawing (HTML,
    # it wraps); the drawing keeps the product, the point of the diagram
    out.append(
        text(
            4,
            y0 + h + 70,
            f"{now['tendon_force_N']:.0f} N × {100 * now['moment_arm_m']:.1f} cm "
            f"= {now['max_moment_Nm']:.1f} N·m at most",
            fill=PALETTE["ink"],
            font_weight="600",
        )
    )
    return document(
        FL_W,
        FL_H,
        out,
        "Force from fibre length: the psoas on its force-length curve",
        f"The force-length curve of the psoas fibres, with the stretch used between -30 and "
        f"120 degrees shaded; the dot marks fibres at {now['normalized_fiber_length']:.2f} of "
        f"their optimal length, {100 * now['active_force_length']:.0f}% of peak force.",
    )


def strength_svg(hip_flexion_deg: float = 0) -> str:
    """The force-length curve beside the two factors and their product: two SVGs that stack."""
    return (
        '<div class="psoas-pair">'
        + force_length_svg(hip_flexion_deg)
        + factors_svg(hip_flexion_deg)
        + "</div>"
    )


def strength_explorer() -> Diagram:
    """Move the hip: the force the fibres can make, the leverage, and the moment they give."""
    return Diagram(
        slug="strength",
        title="How strong is the psoas at each angle? Force from fibre length × leverage",
        draw=lambda hip_flexion: strength_svg(hip_flexion),
        describe=lambda hip_flexion: describe(hip_flexion),
        controls=[Slider("hip_flexion", "Hip flexion", -30, 120, STEP, 0)],
        presets=[(label, {"hip_flexion": angle}) for label, angle in POSITIONS.values()],
    )
