"""Static matplotlib figures, delivered as HTML with real alt text.

myst-nb keeps only width and height from an image output's metadata, so an ``alt`` there
never reaches the page (jupyter-book issue #436).  Instead every figure is rendered to a
deterministic SVG and wrapped in ``<figure><img alt=...><figcaption>``, which reads the
same in JupyterLab and in the book.
"""

from __future__ import annotations

import base64
import io
from html import escape

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from psoas_course.core import model  # noqa: E402
from psoas_course.core.data import load_literature_moment_arms, load_model_curves  # noqa: E402
from psoas_course.core.svg import PALETTE  # noqa: E402


class Figure:
    """An accessible static figure (alt text + caption) for notebooks and the book."""

    def __init__(self, svg: bytes, alt: str, caption: str):
        self.svg, self.alt, self.caption = svg, alt, caption

    def __repr__(self) -> str:
        return f"Figure: {self.caption}"

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.svg).decode("ascii")
        return (
            f'<figure class="psoas-figure" style="margin:1rem 0;max-width:760px">'
            f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(self.alt)}" '
            f'style="width:100%;height:auto">'
            f"<figcaption>{escape(self.caption)}</figcaption></figure>"
        )


def to_figure(fig, alt: str, caption: str) -> Figure:
    """Render a matplotlib figure to byte-for-byte reproducible SVG."""
    buffer = io.BytesIO()
    with plt.rc_context({"svg.hashsalt": "psoas-course", "svg.fonttype": "none"}):
        fig.savefig(
            buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight"
        )
    plt.close(fig)
    return Figure(buffer.getvalue(), alt, caption)


def validation_figure() -> Figure:
    """Our model beside OpenSim 4.6 and the cadaver / fibre-band literature."""
    curves = load_model_curves()
    literature = load_literature_moment_arms()
    angles = np.arange(-30, 121, 1.0)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for name, colour, label in (
        ("rajagopal2016", PALETTE["psoas_major"], "Rajagopal 2016"),
        ("gait2392", PALETTE["model_b"], "gait2392"),
    ):
        ours = model.curve(angles, name)
        pct = 100 * (ours["length_m"] / model.neutral_length(name) - 1)
        left.plot(angles, pct, color=colour, label=f"course model ({label})")
        right.plot(
            angles, 100 * ours["moment_arm_m"], color=colour, label=f"course model ({label})"
        )
        rows = curves[curves["model"] == name]
        left.plot(
            rows["hip_flexion_deg"],
            rows["pct_change_vs_neutral"],
            "o",
            color=colour,
            mfc="white",
            label=f"OpenSim 4.6 ({label})",
        )
        right.plot(
            rows["hip_flexion_deg"],
            100 * rows["moment_arm_m"],
            "o",
            color=colour,
            mfc="white",
            label=f"OpenSim 4.6 ({label})",
        )
    arnold = literature[
        literature["source"].str.startswith("Arnold") & (literature["muscle"] == "psoas")
    ]
    span = arnold.groupby("hip_flexion_deg")["moment_arm_cm"].agg(["min", "max"])
    right.fill_between(
        span.index,
        span["min"],
        span["max"],
        color=PALETTE["sky"],
        alpha=0.35,
        label="Arnold et al. 2000, 3 specimens",
    )
    blemker = literature[
        literature["source"].str.startswith("Blemker") & (literature["muscle"] == "psoas")
    ]
    for series, style in (("lower", "--"), ("upper", ":")):
        part = blemker[blemker["series"].str.startswith(series)]
        right.plot(
            part["hip_flexion_deg"],
            part["moment_arm_cm"],
            style,
            color=PALETTE["ink"],
            label=f"Blemker & Delp 2005, {series} fibre bound",
        )
    right.axhline(0, color=PALETTE["axis"], lw=0.8)
    left.axhline(0, color=PALETTE["axis"], lw=0.8)
    left.set(
        xlabel="Hip flexion (degrees)",
        ylabel="Length change from standing (%)",
        title="Muscle-tendon length",
    )
    right.set(
        xlabel="Hip flexion (degrees)", ylabel="Hip-flexion moment arm (cm)", title="Moment arm"
    )
    left.legend(fontsize=7, frameon=False)
    right.legend(fontsize=7, frameon=False, loc="lower left")
    alt = (
        "Two line charts against hip flexion from -30 to 120 degrees. Left: the course "
        "model's length change lies on top of OpenSim's points for both models, falling to "
        "about 21 percent shorter at 90 degrees for Rajagopal and 25 percent for gait2392. "
        "Right: the course model's moment arms also match OpenSim; Rajagopal stays between "
        "1 and 3.5 cm and inside or near the shaded Arnold 2000 specimen band, and the "
        "Blemker and Delp fibre bounds run from about 1.7 to 3.1 cm; gait2392 peaks near "
        "4.4 cm, then its moment arm crosses zero at about 99 degrees, where its length "
        "curve turns back up."
    )
    caption = (
        "The course's model (lines) against OpenSim 4.6 (circles) and the literature: "
        "Arnold et al. 2000 cadaver-based models (shaded) and Blemker & Delp 2005 fibre "
        "bounds (black). Past about 99° the gait2392 moment arm turns negative and its "
        "length turns back up: a property of that model's straight, unwrapped path, not of "
        "the muscle. The small notch in its moment arm near 45° is where one of its path "
        "points switches on, as in OpenSim."
    )
    return to_figure(fig, alt, caption)
