"""A sitting day: how many hours the psoas spends shortened, neutral or lengthened.

A day is a table with columns ``activity``, ``hours`` and ``hip_flexion_deg`` (the last
may be left empty to use the typical angle from ``data/activities.csv``).  The model turns
each angle into a length change; the bands below sort the hours.

Walking is not one angle: the hip swings from flexion into extension with every step.
Walking at its typical angle is therefore spread over the bands in the shares of one
recorded gait cycle (``topics/gait.py``), so part of every walking hour is lengthened.
"""

from __future__ import annotations

import math
from functools import lru_cache
from html import escape

import pandas as pd

from psoas_course.core import model
from psoas_course.core.data import load_table
from psoas_course.core.svg import PALETTE, document, rect, text
from psoas_course.topics import gait
from psoas_course.ui.diagram import Diagram, Slider

SHORTENED_BELOW_PCT = -5.0  # about 25° of hip flexion or more
LENGTHENED_ABOVE_PCT = 2.0  # about 10° of hip extension or more
BANDS = ("shortened", "neutral", "lengthened")
BAND_COLOURS = {
    "shortened": PALETTE["psoas_major"],
    "neutral": PALETTE["axis"],
    "lengthened": PALETTE["iliacus"],
}


class DayError(ValueError):
    """The learner's day has bad rows; the message lists every one of them."""


def activities() -> pd.DataFrame:
    """Typical hip angle of each known activity."""
    return load_table(
        "activities.csv",
        {"activity": "text", "hip_flexion_deg": "number", "note": "text", "provenance": "text"},
    )


def example_day() -> pd.DataFrame:
    """An office worker's day, ready to edit."""
    rows = [
        ("sleeping on the back", 7.5),
        ("sitting at a desk", 8.0),
        ("driving", 1.0),
        ("sofa slouching", 3.0),
        ("walking", 1.5),
        ("standing", 3.0),
    ]
    typical = activities().set_index("activity")["hip_flexion_deg"]
    return pd.DataFrame(
        {
            "activity": [a for a, _ in rows],
            "hours": [h for _, h in rows],
            "hip_flexion_deg": [float(typical[a]) for a, _ in rows],
        }
    )


def _number(value):
    if isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def check_day(day) -> pd.DataFrame:
    """Validated copy of ``day``; raises DayError listing every bad row in one message."""
    if not isinstance(day, pd.DataFrame):
        raise DayError(
            "A day must be a table (a pandas DataFrame) with columns "
            "activity, hours and hip_flexion_deg; start from example_day()."
        )
    missing = [c for c in ("activity", "hours") if c not in day.columns]
    if missing:
        raise DayError(
            f"The table needs the column(s) {', '.join(missing)}; start from example_day()."
        )
    typical = activities().set_index("activity")["hip_flexion_deg"]
    low, high = model.HIP_FLEXION_RANGE
    problems, rows = [], []
    for label, row in day.iterrows():
        name = str(row["activity"]).strip().lower()
        hours = _number(row["hours"])
        angle_raw = row.get("hip_flexion_deg", None)
        angle = (
            None
            if angle_raw is None
            or (isinstance(angle_raw, float) and math.isnan(angle_raw))
            or str(angle_raw).strip() == ""
            else _number(angle_raw)
        )
        where = f"row {label} ({row['activity']!r})"  # the label pandas shows for the row
        if name not in typical.index:
            problems.append(f"{where}: unknown activity; known ones are {', '.join(typical.index)}")
        if hours is None:
            problems.append(f"{where}: hours must be a number, got {row['hours']!r}")
        elif hours < 0:
            problems.append(f"{where}: hours cannot be negative ({hours:g})")
        if angle is None and angle_raw is not None and str(angle_raw).strip() not in ("", "nan"):
            problems.append(f"{where}: hip_flexion_deg must be a number, got {angle_raw!r}")
        elif angle is not None and not low <= angle <= high:
            problems.append(
                f"{where}: hip_flexion_deg must be between {low:g} and {high:g}, got {angle:g}"
            )
        if angle is None and name in typical.index:
            angle = float(typical[name])
        rows.append((name, hours, angle))
    total = sum(h for _, h, _ in rows if h is not None and h >= 0)
    if total > 24 + 1e-9:
        problems.append(f"the hours add up to {total:g}, more than the 24 in a day")
    if problems:
        raise DayError("Please fix these rows:\n- " + "\n- ".join(problems))
    return pd.DataFrame(rows, columns=["activity", "hours", "hip_flexion_deg"])


def band(percent_change: float) -> str:
    """Which band a length change falls in."""
    if percent_change <= SHORTENED_BELOW_PCT:
        return "shortened"
    if percent_change >= LENGTHENED_ABOVE_PCT:
        return "lengthened"
    return "neutral"


def summarise_day(day) -> pd.DataFrame:
    """Per-activity length change and band, after validation."""
    clean = check_day(day)
    clean["length_change_pct"] = [
        model.evaluate(a).percent_change for a in clean["hip_flexion_deg"]
    ]
    clean["band"] = [band(p) for p in clean["length_change_pct"]]
    return clean


WALKING = "walking"


@lru_cache(maxsize=1)
def walking_shares() -> dict[str, float]:
    """Share of a walking hour in each band, from one recorded gait cycle.

    The thigh swings as recorded, with the pelvis held at the walker's standing tilt: the
    recorded pelvis sits 7-12 degrees behind its standing tilt throughout, which would add
    that much extension to every walking hour (see :func:`gait.band_fractions`).
    """
    shares = gait.band_fractions(band, pelvis="standing")
    return {b: shares.get(b, 0.0) for b in BANDS}


def _walks_a_cycle(activity: str, angle: float) -> bool:
    """Walking at its typical angle stands for the whole step cycle; another angle is kept."""
    return activity == WALKING and angle == float(
        activities().set_index("activity")["hip_flexion_deg"][WALKING]
    )


def hours_by_band(day) -> dict[str, float]:
    """Hours in each band; walking hours are shared out as in a recorded gait cycle."""
    summary = summarise_day(day)
    hours = dict.fromkeys(BANDS, 0.0)
    for row in summary.itertuples():
        if _walks_a_cycle(row.activity, row.hip_flexion_deg):
            for name, share in walking_shares().items():
                hours[name] += row.hours * share
        else:
            hours[row.band] += row.hours
    return hours


def _h(hours: float) -> str:
    """Hours for a label: one decimal, no trailing zero (0.5, 12)."""
    return f"{hours:.1f}".rstrip("0").rstrip(".")


def day_svg(hours: dict[str, float]) -> str:
    """One horizontal bar of 24 hours split into the three bands (320 px: legible on a phone)."""
    body, x, width = [], 10.0, 300.0
    for name in BANDS:
        w = width * hours[name] / 24.0
        if w > 0:
            body.append(rect(x, 34, w, 40, fill=BAND_COLOURS[name], stroke=PALETTE["paper"]))
        x += w
    body.append(rect(10, 34, width, 40, fill="none", stroke=PALETTE["muted"]))
    for i, name in enumerate(BANDS):
        body.append(rect(10, 90 + 24 * i, 14, 14, fill=BAND_COLOURS[name]))
        body.append(text(32, 102 + 24 * i, f"{name}: {_h(hours[name])} h", fill=PALETTE["ink"]))
    body.append(
        text(10, 22, "A day of 24 hours, by psoas length", fill=PALETTE["ink"], font_weight="600")
    )
    rest = 24 - sum(hours.values())
    if rest > 1e-9:
        body.append(text(10, 176, f"{_h(rest)} h not listed", fill=PALETTE["muted"]))
    return document(320, 186, body, "Hours in a day by psoas length", describe_hours(hours))


def describe_hours(hours: dict[str, float]) -> str:
    return (
        f"The psoas spends {_h(hours['shortened'])} hours shortened, {_h(hours['neutral'])} "
        f"hours near its standing length and {_h(hours['lengthened'])} hours lengthened."
    )


def show_day(day):
    """Chart for a learner-edited day; a friendly message instead of a traceback."""
    from IPython.display import HTML

    try:
        hours = hours_by_band(day)
    except DayError as err:
        return HTML(f"<pre role='alert' style='white-space:pre-wrap'>{escape(str(err))}</pre>")
    return HTML(day_svg(hours))


@lru_cache(maxsize=256)
def _slider_hours(sitting, upright, sleep_curled) -> dict[str, float] | None:
    """Hours per band for the sliders' day (None past 24 h); draw and describe share it."""
    day = _sliders_day(sitting, upright, sleep_curled)
    return None if day is None else hours_by_band(day)


def _sliders_day(sitting, upright, sleep_curled):
    rows = [
        ("sitting at a desk", sitting),
        ("walking", upright / 2),
        ("standing", upright / 2),
        ("sleeping curled on the side", sleep_curled),
    ]
    rest = 24 - sitting - upright - sleep_curled
    if rest < 0:
        return None
    rows.append(("sleeping on the back", rest))
    return pd.DataFrame(rows, columns=["activity", "hours"])


def sitting_day_explorer() -> Diagram:
    """Static and live: move the hours and see where the psoas spends the day."""

    def draw(sitting, upright, sleep_curled):
        hours = _slider_hours(sitting, upright, sleep_curled)
        if hours is None:
            return document(
                320,
                186,
                [
                    text(10, 60, "That is more than 24 hours:", fill=PALETTE["ink"]),
                    text(10, 80, "lower one of the sliders.", fill=PALETTE["ink"]),
                ],
                "Too many hours",
                "The hours chosen add up to more than a day.",
            )
        return day_svg(hours)

    def describe(sitting, upright, sleep_curled):
        hours = _slider_hours(sitting, upright, sleep_curled)
        if hours is None:
            return "The hours add up to more than 24: lower one of the sliders."
        return describe_hours(hours)

    return Diagram(
        slug="sitting-day",
        title="A sitting day: hours with the psoas shortened, neutral or lengthened",
        draw=draw,
        describe=describe,
        controls=[
            Slider("sitting", "Hours sitting", 0, 16, 2, 10, " h"),
            Slider("upright", "Hours standing or walking", 0, 12, 2, 4, " h"),
            Slider("sleep_curled", "Hours asleep curled up", 0, 10, 2, 0, " h"),
        ],
    )
