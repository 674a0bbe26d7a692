"""How much force and hip-flexion moment the psoas can make at each hip angle.

The psoas of Rajagopal et al. (2016) as OpenSim models it: a Millard (2012) equilibrium
Hill-type muscle with a rigid tendon and constant-thickness pennation, here at full
activation and no velocity (a static, all-out effort held at one angle):

* the tendon is rigid, so the fibres take up the muscle-tendon length (from
  :mod:`psoas_course.core.model`) minus the tendon slack length, along the tendon; the
  fibres lie at a pennation angle whose "height" stays constant;
* fibre force = maximum isometric force x (active force-length multiplier + passive
  multiplier), both OpenSim's smooth curves: quintic Bezier segments built exactly as
  OpenSim's ``SmoothSegmentedFunctionFactory`` builds them (Millard et al. 2013);
* tendon force = fibre force x cos(pennation); moment = tendon force x moment arm.

The parameters are in ``data/opensim_psoas_muscle.csv``. Tested against OpenSim 4.6
(``tests/data/opensim_psoas_reference.csv``). No OpenSim at run time: numpy only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from psoas_course.core import model as path_model
from psoas_course.core.data import DataError, data_dir, load_table

MODELS = ("rajagopal2016",)
PARAMETERS = (
    "max_isometric_force",
    "optimal_fiber_length",
    "tendon_slack_length",
    "pennation_angle_at_optimal",
    "ignore_tendon_compliance",
    "min_norm_active_fiber_length",
    "transition_norm_fiber_length",
    "max_norm_active_fiber_length",
    "shallow_ascending_slope",
    "minimum_value",
    "active_curviness",
    "strain_at_zero_force",
    "strain_at_one_norm_force",
    "stiffness_at_low_force",
    "stiffness_at_one_norm_force",
    "passive_curviness",
)
FILE = "opensim_psoas_muscle.csv"


# -- data --------------------------------------------------------------------------------
def load_muscle_parameters(folder: Path | None = None) -> dict[str, dict[str, float]]:
    """``{model: {parameter: value}}`` from the data folder, every parameter checked."""
    table = load_table(
        FILE,
        {
            "model": "text",
            "parameter": "text",
            "value": "number",
            "unit": "text",
            "provenance": "text",
        },
        folder,
    )
    where = (folder or data_dir()) / FILE
    out: dict[str, dict[str, float]] = {}
    for row in table.itertuples():
        values = out.setdefault(row.model, {})
        if row.parameter in values:
            raise DataError(f"{where}: {row.model} gives '{row.parameter}' twice")
        if not math.isfinite(row.value):
            raise DataError(f"{where}: column 'value' of {row.model} {row.parameter} is empty")
        values[row.parameter] = float(row.value)
    for name, values in out.items():
        missing = [p for p in PARAMETERS if p not in values]
        if missing:
            raise DataError(f"{where}: {name} lacks parameter(s) {', '.join(missing)}")
        positive = ("max_isometric_force", "optimal_fiber_length", "tendon_slack_length")
        for p in positive:
            if values[p] <= 0:
                raise DataError(f"{where}: {name} {p} must be > 0, got {values[p]:g}")
        if not 0 <= values["pennation_angle_at_optimal"] < math.pi / 2:
            raise DataError(f"{where}: {name} pennation_angle_at_optimal must be 0 to pi/2 rad")
        if values["ignore_tendon_compliance"] != 1:
            raise DataError(
                f"{where}: {name} ignore_tendon_compliance must be 1: this model has a "
                "rigid tendon only"
            )
    return out


# -- OpenSim's smooth curves ---------------------------------------------------------------
@dataclass(frozen=True)
class SmoothCurve:
    """Quintic Bezier segments with straight lines beyond both ends (OpenSim's
    ``SmoothSegmentedFunction``)."""

    x_points: np.ndarray  # (segments, 6) control points
    y_points: np.ndarray
    slope_left: float
    slope_right: float

    def __call__(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        x0, x1 = self.x_points[0, 0], self.x_points[-1, -1]
        y0, y1 = self.y_points[0, 0], self.y_points[-1, -1]
        out = np.where(x < x0, y0 + self.slope_left * (x - x0), y1 + self.slope_right * (x - x1))
        for xs, ys in zip(self.x_points, self.y_points):
            inside = (x >= xs[0]) & (x <= xs[-1])
            if inside.any():
                out = np.where(inside, _bezier(ys, _solve_u(xs, x)), out)
        return out


def _bezier(points: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A quintic Bezier coordinate at parameter(s) ``u`` (Bernstein form)."""
    v = 1.0 - u
    coefficients = (1, 5, 10, 10, 5, 1)
    return sum(c * points[k] * u**k * v ** (5 - k) for k, c in enumerate(coefficients))


def _solve_u(xs: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The parameter where the segment's x equals ``x`` (x rises along a corner segment)."""
    low, high = np.zeros_like(x), np.ones_like(x)
    for _ in range(52):  # bisection to double precision
        mid = 0.5 * (low + high)
        below = _bezier(xs, mid) < x
        low, high = np.where(below, mid, low), np.where(below, high, mid)
    return 0.5 * (low + high)


def _corner(x0, y0, slope0, x1, y1, slope1, curviness):
    """Control points of one C-shaped corner (``calcQuinticBezierCornerControlPoints``)."""
    if abs(slope0 - slope1) > math.sqrt(np.finfo(float).eps):
        xc = (y1 - y0 - x1 * slope1 + x0 * slope0) / (slope0 - slope1)
    else:
        xc = 0.5 * (x0 + x1)
    yc = (xc - x1) * slope1 + y1
    x0m, y0m = x0 + curviness * (xc - x0), y0 + curviness * (yc - y0)
    x1m, y1m = x1 + curviness * (xc - x1), y1 + curviness * (yc - y1)
    return (x0, x0m, x0m, x1m, x1m, x1), (y0, y0m, y0m, y1m, y1m, y1)


def _scale_curviness(curviness: float) -> float:
    return 0.1 + 0.8 * curviness


def _curve(corners, slope_left: float, slope_right: float) -> SmoothCurve:
    xs, ys = zip(*corners)
    return SmoothCurve(np.array(xs), np.array(ys), slope_left, slope_right)


def active_force_length_curve(p: dict[str, float]) -> SmoothCurve:
    """``createFiberActiveForceLengthCurve``: five corners, ascending, plateau, descending."""
    x0, x1, x2, x3 = (
        p["min_norm_active_fiber_length"],
        p["transition_norm_fiber_length"],
        1.0,
        p["max_norm_active_fiber_length"],
    )
    ylow, slope = p["minimum_value"], p["shallow_ascending_slope"]
    c = _scale_curviness(p["active_curviness"])
    dx = 0.05 * x2  # half the width of the shoulder
    xs = x2 - dx
    y0, slope0 = 0.0, 0.0
    y1 = 1 - slope * (xs - x1)
    slope01 = 1.25 * (y1 - y0) / (x1 - x0)
    x01, y01 = x0 + 0.5 * (x1 - x0), y0 + 0.5 * (y1 - y0)
    x1s, y1s = x1 + 0.5 * (xs - x1), y1 + 0.5 * (1 - y1)
    y2, slope2 = 1.0, 0.0
    y3, slope3 = 0.0, 0.0
    x23 = (x2 + dx) + 0.5 * (x3 - (x2 + dx))
    y23 = y2 + 0.5 * (y3 - y2)
    slope23 = (y3 - y2) / ((x3 - dx) - (x2 + dx))
    return _curve(
        [
            _corner(x0, ylow, slope0, x01, y01, slope01, c),
            _corner(x01, y01, slope01, x1s, y1s, slope, c),
            _corner(x1s, y1s, slope, x2, y2, slope2, c),
            _corner(x2, y2, slope2, x23, y23, slope23, c),
            _corner(x23, y23, slope23, x3, ylow, slope3, c),
        ],
        0.0,
        0.0,
    )


def passive_force_length_curve(p: dict[str, float]) -> SmoothCurve:
    """``createFiberForceLengthCurve``: a toe region, then stiffening to one at eIso."""
    k_low, k_iso = p["stiffness_at_low_force"], p["stiffness_at_one_norm_force"]
    c = _scale_curviness(p["passive_curviness"])
    x_zero, y_zero = 1 + p["strain_at_zero_force"], 0.0
    x_iso, y_iso = 1 + p["strain_at_one_norm_force"], 1.0
    dx = min(0.1 / k_iso, 0.1 * (x_iso - x_zero))
    x_low = x_zero + dx
    x_foot = x_zero + 0.5 * (x_low - x_zero)
    y_low = k_low * (x_low - x_foot)
    return _curve(
        [
            _corner(x_zero, y_zero, 0.0, x_low, y_low, k_low, c),
            _corner(x_low, y_low, k_low, x_iso, y_iso, k_iso, c),
        ],
        0.0,
        k_iso,
    )


@cache
def muscle(model: str = "rajagopal2016"):
    """(parameters, active curve, passive curve) of one model, read once."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    table = load_muscle_parameters()
    if model not in table:
        raise DataError(f"{data_dir() / FILE}: no rows for model {model!r}")
    p = table[model]
    return p, active_force_length_curve(p), passive_force_length_curve(p)


# -- the muscle at an angle -----------------------------------------------------------------
def capacity_curve(hip_flexion_deg, model: str = "rajagopal2016") -> dict[str, np.ndarray]:
    """:func:`capacity` for an array of hip-joint angles (degrees), as arrays."""
    low, high = path_model.HIP_FLEXION_RANGE
    try:
        angles = np.atleast_1d(np.asarray(hip_flexion_deg, dtype=float))
        ok = angles.ndim == 1 and bool(np.all((angles >= low) & (angles <= high)))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(
            f"hip_flexion_deg must be between {low:g} and {high:g} degrees (the range the "
            f"model is validated over), got {hip_flexion_deg!r}"
        )
    p, active, passive = muscle(model)
    geometry = path_model.curve(angles, model)
    lopt = p["optimal_fiber_length"]
    height = lopt * math.sin(p["pennation_angle_at_optimal"])  # constant thickness
    along_tendon = geometry["length_m"] - p["tendon_slack_length"]  # rigid tendon
    fiber = np.hypot(height, along_tendon)
    cos_pennation = along_tendon / fiber
    normalized = fiber / lopt
    fal, fpe = active(normalized), passive(normalized)
    fmax = p["max_isometric_force"]
    tendon = fmax * (fal + fpe) * cos_pennation  # full activation, no velocity
    return {
        "hip_flexion_deg": angles,
        "mtu_length_m": geometry["length_m"],
        "moment_arm_m": geometry["moment_arm_m"],
        "fiber_length_m": fiber,
        "normalized_fiber_length": normalized,
        "pennation_deg": np.degrees(np.arccos(cos_pennation)),
        "active_force_length": fal,
        "passive_force_length": fpe,
        "active_force_N": fmax * fal * cos_pennation,
        "passive_force_N": fmax * fpe * cos_pennation,
        "tendon_force_N": tendon,
        "max_moment_Nm": tendon * geometry["moment_arm_m"],
    }


class Capacity(dict):
    """The mapping :func:`capacity` returns, shown to a learner as a short readout."""

    def __repr__(self) -> str:
        return (
            f"At {self['hip_flexion_deg']:g}° of hip flexion, in this model, all-out and held "
            f"still:\n"
            f"  fibres at {self['normalized_fiber_length']:.2f} × their optimal length, "
            f"so {100 * self['active_force_length']:.0f}% of their peak active force\n"
            f"  {self['tendon_force_N']:.0f} N along the tendon "
            f"(of which {self['passive_force_N']:.0f} N passive)\n"
            f"  × a moment arm of {100 * self['moment_arm_m']:.1f} cm "
            f"= {self['max_moment_Nm']:.1f} N·m of hip-flexion moment"
        )

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's display of a dict subclass
        printer.text(repr(self))


def capacity(hip_flexion_deg: float, model: str = "rajagopal2016") -> Capacity:
    """What the psoas can do at one hip-joint angle, all-out and held still, in this model.

    ``hip_flexion_deg`` is the hip joint's flexion (thigh against pelvis), -30...120.
    Returns ``normalized_fiber_length`` (fibre length / optimal), ``active_force_length``
    (0-1 multiplier), ``passive_force_N`` and ``active_force_N`` (along the tendon),
    ``tendon_force_N`` (full activation), ``moment_arm_m`` and ``max_moment_Nm`` (hip
    flexion moment), with the lengths and pennation behind them.
    """
    low, high = path_model.HIP_FLEXION_RANGE
    angle = path_model.check_angle("hip_flexion_deg", hip_flexion_deg, low, high)
    return Capacity(
        {name: float(values[0]) for name, values in capacity_curve(angle, model).items()}
    )
