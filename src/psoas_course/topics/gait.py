"""The psoas in one gait cycle: hip angle, modelled psoas length and simulated force.

``data/gait_cycle.csv`` (made by ``tools/make_gait_data.py`` from OpenSim's example walk)
holds one right-leg cycle from foot strike to the next foot strike. Its ``hip_flexion_deg``
is the joint angle between thigh and pelvis, the angle the course model calls the joint
flexion, so the psoas length comes straight from the model path. The force is the walk's
iliopsoas (iliacus and psoas lumped) from computed muscle control: one simulation of one
person.

Angles in the walk are measured from the model's zero. The course refers them to this
walker's own standing posture, ``data/gait_standing.csv`` (inverse kinematics of the same
subject's standing trial, ``tools/make_standing_reference.py``): "vs standing" means
against that posture, for angles and for the psoas's length alike.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd

from psoas_course.core import bones, model
from psoas_course.core.data import DataError, data_dir, load_table
from psoas_course.core.skeleton import Pose, Projection, draw_skeleton
from psoas_course.core.svg import PALETTE, circle, document, line, num, polyline, rect, text
from psoas_course.ui.diagram import Diagram, Slider
from psoas_course.ui.readout import Readout

# the model drawn and measured: the bones drawn are Rajagopal et al. (2016)'s, so its psoas
# path lies on them (the walk's gait2392-lineage path inserts 1 cm off this femur)
GAIT_MODEL = "rajagopal2016"
FILE = "gait_cycle.csv"
STANDING_FILE = "gait_standing.csv"
COLUMNS = {
    "cycle_pct": "number",
    "time_s": "number",
    "phase": "text",
    "hip_flexion_deg": "number",
    "pelvic_tilt_deg": "number",
    "thigh_from_vertical_deg": "number",
    "knee_flexion_deg": "number",
    "iliopsoas_force_N": "number",
    "iliopsoas_excitation": "number",
    "provenance": "text",
}


STANDING_COLUMNS = {
    "coordinate": "text",
    "mean_deg": "number",
    "sd_deg": "number",
    "min_deg": "number",
    "max_deg": "number",
    "max_sagittal_marker_error_m": "number",
    "provenance": "text",
}
STANDING_COORDINATES = ("pelvis_tilt", "hip_flexion_r", "knee_angle_r")


def _bad(field: str, message: str, file: str = FILE) -> DataError:
    return DataError(f"{data_dir() / file}: column '{field}' {message}")


@cache
def standing() -> dict[str, float]:
    """The walker's standing posture in the course's conventions (degrees): hip-joint
    flexion, pelvic tilt (anterior positive), thigh from vertical and knee flexion."""
    table = load_table(STANDING_FILE, STANDING_COLUMNS)
    means = dict(zip(table["coordinate"], table["mean_deg"]))
    missing = [name for name in STANDING_COORDINATES if name not in means]
    if missing:
        raise _bad("coordinate", f"needs rows for {', '.join(missing)}", STANDING_FILE)
    for name in STANDING_COORDINATES:
        if not -45.0 <= means[name] <= 45.0:
            raise _bad(
                "mean_deg",
                f"of {name} must be a standing angle within ±45 degrees, got {means[name]:g}",
                STANDING_FILE,
            )
    hip, opensim_tilt = means["hip_flexion_r"], means["pelvis_tilt"]
    return {
        "hip_flexion_deg": hip,
        "pelvic_tilt_deg": -opensim_tilt,
        "thigh_from_vertical_deg": hip + opensim_tilt,
        "knee_flexion_deg": -means["knee_angle_r"],
    }


def _length_change_pct(hip_flexion_deg, model_name: str = GAIT_MODEL) -> np.ndarray:
    """Modelled psoas length at these hip angles, % longer than at the walker's standing."""
    lengths = model.curve(np.asarray(hip_flexion_deg, dtype=float), model_name)["length_m"]
    still = model.curve(np.array([standing()["hip_flexion_deg"]]), model_name)["length_m"][0]
    return 100.0 * (lengths / still - 1.0)


@cache
def gait_cycle() -> pd.DataFrame:
    """One gait cycle, checked: the cycle runs 0 to 100 %, stance then swing, angles in range."""
    table = load_table(FILE, COLUMNS)
    pct = table["cycle_pct"].to_numpy()
    if len(pct) < 10 or pct[0] != 0 or pct[-1] != 100 or np.any(np.diff(pct) <= 0):
        raise _bad("cycle_pct", "must rise from 0 to 100 (one whole cycle, foot strike to strike)")
    phases = table["phase"].tolist()
    if set(phases) != {"stance", "swing"} or phases != sorted(phases):
        raise _bad("phase", "must be 'stance' and then 'swing'")
    low, high = model.HIP_FLEXION_RANGE
    hip = table["hip_flexion_deg"]
    if hip.isna().any() or hip.min() < low or hip.max() > high:
        raise _bad("hip_flexion_deg", f"must hold angles between {low:g} and {high:g} degrees")
    joint = table["thigh_from_vertical_deg"] + table["pelvic_tilt_deg"]
    if np.abs(joint - hip).max() > 0.01:
        raise _bad("thigh_from_vertical_deg", "plus pelvic_tilt_deg must equal hip_flexion_deg")
    if (table["iliopsoas_force_N"] < 0).any() or not table["iliopsoas_excitation"].between(
        0, 1
    ).all():
        raise _bad("iliopsoas_force_N", "and iliopsoas_excitation must be >= 0 (excitation <= 1)")
    return table


@cache
def gait_curves() -> pd.DataFrame:
    """The cycle with angles from the walker's standing posture, the modelled psoas length
    (% vs standing) and moment arm (cm) added."""
    table = gait_cycle().copy()
    still = standing()
    for name in ("hip_flexion_deg", "pelvic_tilt_deg", "thigh_from_vertical_deg"):
        table[name.replace("_deg", "_from_standing_deg")] = table[name] - still[name]
    result = model.curve(table["hip_flexion_deg"].to_numpy(), GAIT_MODEL)
    table["length_change_pct"] = _length_change_pct(table["hip_flexion_deg"])
    table["moment_arm_cm"] = 100.0 * result["moment_arm_m"]
    return table


def toe_off_pct() -> float:
    """Where in the cycle the foot leaves the ground (%)."""
    table = gait_cycle()
    return float(table.loc[table["phase"] == "swing", "cycle_pct"].iloc[0])


def at_cycle(cycle_pct: float) -> dict[str, float | str]:
    """Every curve at one point of the cycle (linear interpolation between samples)."""
    if (
        isinstance(cycle_pct, bool)
        or not isinstance(cycle_pct, (int, float, np.integer, np.floating))
        or not 0.0 <= float(cycle_pct) <= 100.0
    ):
        raise ValueError(
            f"cycle_pct must be a number from 0 to 100 (% of the cycle), not {cycle_pct!r}"
        )
    cycle_pct = float(cycle_pct)
    table = gait_curves()
    pct = table["cycle_pct"].to_numpy()
    out: dict[str, float | str] = {
        name: float(np.interp(cycle_pct, pct, table[name]))
        for name in (
            "hip_flexion_deg",
            "pelvic_tilt_deg",
            "thigh_from_vertical_deg",
            "knee_flexion_deg",
            "hip_flexion_from_standing_deg",
            "pelvic_tilt_from_standing_deg",
            "thigh_from_vertical_from_standing_deg",
            "length_change_pct",
            "moment_arm_cm",
            "iliopsoas_force_N",
            "iliopsoas_excitation",
        )
    }
    out["cycle_pct"] = cycle_pct
    out["phase"] = "stance" if cycle_pct < toe_off_pct() else "swing"
    return out


PELVIS_CHOICES = ("recorded", "standing")


def band_fractions(
    classify, model_name: str = GAIT_MODEL, pelvis: str = "recorded"
) -> dict[str, float]:
    """Share of the cycle's time in each band ``classify(percent_change)`` names, the length
    measured against the walker's own standing.

    ``pelvis="recorded"`` uses the hip angle as walked. ``pelvis="standing"`` keeps the thigh's
    recorded swing but holds the pelvis at the walker's standing tilt: this walker's pelvis
    stays 7-12 degrees behind its standing tilt for the whole step, which adds that much hip
    extension, so the held pelvis is the closer guide to walking in general (peak extension
    beyond standing then matches the 14-20 degrees Kerrigan et al. 2001 measured).

    The samples are evenly spaced in time, so the cycle is resampled on 1000 even steps
    and each step counted once.
    """
    if pelvis not in PELVIS_CHOICES:
        raise ValueError(f"pelvis must be one of {', '.join(PELVIS_CHOICES)}, not {pelvis!r}")
    table = gait_cycle()
    pct = np.linspace(0.0, 100.0, 1000, endpoint=False)
    if pelvis == "recorded":
        hip = np.interp(pct, table["cycle_pct"], table["hip_flexion_deg"])
    else:
        thigh = np.interp(pct, table["cycle_pct"], table["thigh_from_vertical_deg"])
        hip = thigh + standing()["pelvic_tilt_deg"]
    change = _length_change_pct(hip, model_name)
    names = [classify(float(c)) for c in change]
    return {name: names.count(name) / len(names) for name in dict.fromkeys(names)}


def peak_extension_from_standing_deg(pelvis: str = "recorded") -> float:
    """Largest hip extension beyond the walker's standing angle, as walked or with the pelvis
    held at its standing tilt (see :func:`band_fractions`)."""
    if pelvis not in PELVIS_CHOICES:
        raise ValueError(f"pelvis must be one of {', '.join(PELVIS_CHOICES)}, not {pelvis!r}")
    curves = gait_curves()
    column = (
        "hip_flexion_from_standing_deg"
        if pelvis == "recorded"
        else "thigh_from_vertical_from_standing_deg"
    )
    return float(-curves[column].min())


# -- drawing -----------------------------------------------------------------------------
# the figure and the charts are two SVGs side by side that stack on a phone (text >= 13 px
# in SVGs at most 360 px wide stays above 11 CSS px in a 322-px column)
CHART_X, CHART_W, CHART_H = 58.0, 280.0, 150.0
LENGTH_TOP, FORCE_TOP = 30.0, 250.0
CHARTS_SIZE = (360, 446)


def _chart(column: str, top: float, lo: float, hi: float, ticks, unit: str, now: float):
    """One curve over the cycle with stance shaded and a cursor at ``now`` (%)."""
    table = gait_curves()

    def to_px(pct, value):
        return (CHART_X + pct / 100 * CHART_W, top + (hi - value) / (hi - lo) * CHART_H)

    toe = toe_off_pct()
    out = [
        rect(CHART_X, top, CHART_W, CHART_H, fill=PALETTE["panel"], stroke=PALETTE["rule"]),
        rect(CHART_X, top, CHART_W * toe / 100, CHART_H, fill=PALETTE["band_fill"]),
    ]
    for value in ticks:
        _, y = to_px(0, value)
        out.append(
            line(
                CHART_X,
                y,
                CHART_X + CHART_W,
                y,
                stroke=PALETTE["axis"] if value == 0 else PALETTE["grid"],
            )
        )
        out.append(
            text(
                CHART_X - 9,
                y + 4,
                f"{value:g}{unit}",
                text_anchor="end",
                fill=PALETTE["muted"],
            )
        )
    points = [to_px(p, v) for p, v in zip(table["cycle_pct"], table[column])]
    out.append(polyline(points, stroke=PALETTE["psoas_major"], stroke_width=2.5))
    x = CHART_X + now / 100 * CHART_W
    out.append(line(x, top, x, top + CHART_H, stroke=PALETTE["ink"], stroke_width=1.5))
    value = float(np.interp(now, table["cycle_pct"], table[column]))
    out.append(
        circle(*to_px(now, value), 6, fill=PALETTE["accent"], stroke=PALETTE["ink"], stroke_width=2)
    )
    out += [
        # at the top of the panel, where neither curve runs at the cycle's ends, with a halo
        # of the panel's colour so the cursor line passes behind the word
        text(
            CHART_X + 10,
            top + 16,
            "stance",
            fill=PALETTE["muted"],
            stroke=PALETTE["band_fill"],
            stroke_width=4,
            paint_order="stroke",
        ),
        text(
            CHART_X + CHART_W - 6,
            top + 16,
            "swing",
            fill=PALETTE["muted"],
            text_anchor="end",
            stroke=PALETTE["panel"],
            stroke_width=4,
            paint_order="stroke",
        ),
    ]
    return out


def _axis_labels(top: float) -> list[str]:
    return [
        text(
            CHART_X + x / 100 * CHART_W,
            top + CHART_H + 15,
            f"{x}%",
            text_anchor="middle",
            fill=PALETTE["muted"],
        )
        for x in (0, 25, 50, 75, 100)
    ]


FIGURE_SCALE, FIGURE_ORIGIN = 340.0, (180.0, 175.0)
HEADER_BOX = ((4.0, 8.0), (222.0, 52.0))  # the two header lines, with room for "100%"
FIT_BONES = ("r_femur", "r_pelvis", "l_pelvis", "sacrum", "T12", "L1", "L5")


def _figure_points(thigh: float, tilt: float, knee: float) -> np.ndarray:
    """Pixels that bound the bones, shank and psoas of one moment (uncropped)."""
    pose = Pose(thigh, tilt, knee)
    posture = bones.Posture(thigh, tilt)
    to_px = bones.pixel_mapper(FIGURE_SCALE, FIGURE_ORIGIN)
    rings = [
        to_px(ring)
        for name in FIT_BONES
        for ring in bones.place(name, bones.SIDE_VIEW, posture).outline
    ]
    # the vertebrae sit on the schematic landmarks; the shank is a 16-px line
    spine = [pose.point("vertebral_body", lvl) for lvl in ("T12", "L5")]
    rings.append(to_px(bones.project(np.array(spine), bones.SIDE_VIEW)))
    ankle = to_px(bones.project(pose.point("shank", "ankle"), bones.SIDE_VIEW))
    rings.append(ankle + np.array([[-8.0, -8.0], [8.0, 8.0]]))
    return np.vstack(rings)


@cache
def figure_frame() -> tuple[float, float, int, int]:
    """Crop of the walking figure: the union of every moment of the cycle, header included,
    with a small margin (x and y shift, width, height in px)."""
    table = gait_cycle()
    every = [
        _figure_points(thigh, tilt, knee)
        for thigh, tilt, knee in zip(
            table["thigh_from_vertical_deg"], table["pelvic_tilt_deg"], table["knee_flexion_deg"]
        )
    ]
    every = np.vstack([*every, np.array(HEADER_BOX)])
    left, top = every.min(axis=0) - 12.0
    right, bottom = every.max(axis=0) + 12.0
    left, top = min(left, 0.0), min(top, 0.0)
    return float(left), float(top), math.ceil(right - left), math.ceil(bottom - top)


def gait_svg(cycle_pct: float = 0.0) -> str:
    """Bones and psoas path at one point of the cycle, beside the length and force curves."""
    now = at_cycle(cycle_pct)
    thigh, tilt = now["thigh_from_vertical_deg"], now["pelvic_tilt_deg"]
    pose = Pose(thigh, tilt, now["knee_flexion_deg"])
    proj = Projection(FIGURE_SCALE, FIGURE_ORIGIN, "side")
    left, top, width, height = figure_frame()
    body = [f'<g transform="translate({num(-left)} {num(-top)})">']
    body += draw_skeleton(pose, proj, (False,))
    path = model.path_points(now["hip_flexion_deg"], tilt, GAIT_MODEL)
    body.append(
        polyline(
            [proj(p) for p in path],
            stroke=PALETTE["psoas_major"],
            stroke_width=6,
            stroke_linecap="round",
            stroke_linejoin="round",
        )
    )
    # the numbers are in the status line under the drawing (HTML, so it wraps)
    body.append(
        text(
            12,
            26,
            f"{now['cycle_pct']:.0f}% of the cycle: {now['phase']}",
            fill=PALETTE["ink"],
            font_weight="600",
            font_size=15,
        )
    )
    body.append(text(12, 46, "walking to the right →", fill=PALETTE["muted"], font_size=14))
    body.append("</g>")
    figure = document(
        width, height, body, "The psoas during one step of walking", describe(cycle_pct)
    )
    charts = [
        text(
            CHART_X,
            LENGTH_TOP - 10,
            "Modelled path length vs this walker standing",
            fill=PALETTE["ink"],
        )
    ]
    charts += _chart("length_change_pct", LENGTH_TOP, -8.0, 8.0, (-5, 0, 5), "%", now["cycle_pct"])
    charts += _axis_labels(LENGTH_TOP)
    charts.append(
        text(CHART_X, FORCE_TOP - 10, "Iliopsoas force, simulated (N)", fill=PALETTE["ink"])
    )
    charts += _chart(
        "iliopsoas_force_N", FORCE_TOP, 0.0, 1800.0, (0, 500, 1000, 1500), "", now["cycle_pct"]
    )
    charts += _axis_labels(FORCE_TOP)
    charts.append(
        text(
            CHART_X + CHART_W / 2,
            FORCE_TOP + CHART_H + 34,
            "Gait cycle (% from right foot strike)",
            text_anchor="middle",
            fill=PALETTE["ink"],
        )
    )
    chart = document(
        *CHARTS_SIZE,
        charts,
        "Psoas length and iliopsoas force over one gait cycle",
        f"Two curves over the gait cycle with a cursor at {now['cycle_pct']:.0f}%.",
    )
    return f'<div class="psoas-pair">{figure}{chart}</div>'


def _hip_words(hip: float) -> str:
    if abs(hip) < 0.5:
        return "as in standing"
    return f"{abs(hip):.0f}° more {'flexed' if hip > 0 else 'extended'} than in standing"


def _knee_words(knee: float) -> str:
    if knee < -0.5:
        return f"knee straight ({-knee:.0f}° past straight)"
    return f"knee bent {max(knee, 0.0):.0f}°"


def describe(cycle_pct: float = 0.0) -> str:
    """One sentence for screen readers and the status line."""
    now = at_cycle(cycle_pct)
    change = now["length_change_pct"]
    how = "longer" if change > 0 else "shorter"
    return (
        f"{now['cycle_pct']:.0f}% of the gait cycle ({now['phase']}): hip "
        f"{_hip_words(now['hip_flexion_from_standing_deg'])}, "
        f"{_knee_words(now['knee_flexion_deg'])}"
        "; the modelled psoas path (pelvis to femur) is "
        f"{abs(change):.1f}% {how} than when this walker stands; the simulated iliopsoas "
        f"pulls with {now['iliopsoas_force_N']:.0f} N (its excitation, the simulation's "
        f"command to the muscle, is {now['iliopsoas_excitation']:.2f} of full)."
    )


def _preset_pct(pct: float, step: int) -> int:
    return int(step * round(pct / step))


def gait_explorer() -> Diagram:
    """Scrub through one step: bones, psoas length and simulated force (works without a kernel)."""
    step = 4  # 26 frames keep the static copy light; the live slider moves by 1 %
    table = gait_curves()
    most_extended = float(table.loc[table["hip_flexion_deg"].idxmin(), "cycle_pct"])
    strongest = float(table.loc[table["iliopsoas_force_N"].idxmax(), "cycle_pct"])
    presets: dict[str, dict] = {"Foot strike": {"cycle": 0}}
    extended, peak = _preset_pct(most_extended, step), _preset_pct(strongest, step)
    if abs(most_extended - strongest) < step:
        presets["Hip most extended, force largest"] = {"cycle": extended}
    else:
        presets["Hip most extended"] = {"cycle": extended}
        presets["Largest force"] = {"cycle": peak}
    presets["Toe-off"] = {"cycle": step * math.ceil(toe_off_pct() / step)}  # first swing frame
    return Diagram(
        slug="gait",
        title="One step of walking: the psoas's length and the simulated iliopsoas force",
        draw=lambda cycle: gait_svg(cycle),
        describe=lambda cycle: describe(cycle),
        controls=[Slider("cycle", "Point in the gait cycle", 0, 100, step, 0, "%")],
        presets=list(presets.items()),
    )


# -- "Try it" -------------------------------------------------------------------------------
def walk_at(cycle_pct=50, predict: str | None = None) -> Readout:
    """The psoas at one moment of the step; ``predict`` is "longer" or "shorter" than standing.

    Mistakes give a friendly message instead of an error, so a learner can fix and re-run.
    """
    try:
        now = at_cycle(cycle_pct)
    except ValueError:
        return Readout(
            f"The moment must be a number from 0 to 100 (% of the step), not {cycle_pct!r}. "
            "0 is the right foot striking the ground, about 62 is toe-off, 100 the next strike."
        )
    text = describe(now["cycle_pct"])
    if predict is None:
        return Readout(text, now)
    guess = str(predict).strip().lower()
    if guess not in ("longer", "shorter"):
        return Readout(
            f'predict must be "longer" or "shorter" (than in standing), not {predict!r}. '
            f"Meanwhile: {text}",
            now,
        )
    actual = "longer" if now["length_change_pct"] > 0 else "shorter"
    if guess == actual:
        verdict = f"Your prediction '{guess}' is right."
    else:
        why = (
            "the hip is extended, so the thigh is behind the pelvis and the psoas is stretched"
            if actual == "longer"
            else "the hip is flexed, so the two ends of the psoas are closer together"
        )
        verdict = f"Not this time: the psoas is {actual}, because {why}."
    return Readout(f"{verdict} {text}", now)
