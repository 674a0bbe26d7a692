"""Tiny, deterministic SVG writer: the same input always gives the same bytes."""

from __future__ import annotations

from html import escape

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "bone": "#5f5f5f",
    "psoas_major": "#D55E00",  # vermillion
    "psoas_minor": "#CC79A7",  # reddish purple
    "iliacus": "#0072B2",  # blue
    "model_b": "#009E73",  # bluish green
    "accent": "#E69F00",  # orange
    "sky": "#56B4E9",
    "ink": "#1a1a1a",
    "muted": "#595959",
    # darker Okabe-Ito shades, for thin lines and small text on white
    "model_b_text": "#00704f",
    "green_dark": "#007a5a",
    "orange_dark": "#b07800",
    "sky_dark": "#2a8fc7",
    "purple_dark": "#a8518a",
    "vermillion_dark": "#8a3c00",
    # greys and fills
    "bone_fill": "#e8e8e8",
    "pelvis_fill": "#f2f2f2",
    "highlight_fill": "#fbe3d3",  # a pale vermillion, for the chosen vertebra
    "band_fill": "#eef3f8",  # a pale sky blue, for a shaded range or phase of a chart
    "panel": "#fafafa",
    "rule": "#bdbdbd",
    "grid": "#d9d9d9",
    "axis": "#8c8c8c",
    "paper": "#ffffff",
}


def num(value: float) -> str:
    """Format a coordinate compactly (one decimal place)."""
    text = f"{value:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.rstrip("0").rstrip(".")


def attrs(**kwargs) -> str:
    """Render keyword arguments as SVG attributes (``stroke_width`` -> ``stroke-width``)."""
    parts = []
    for key, value in kwargs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f'{name}="{escape(str(value), quote=True)}"')
    return " ".join(parts)


def polyline(points, **kwargs) -> str:
    coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return f'<polyline points="{coords}" fill="none" {attrs(**kwargs)}/>'


def rounded(points, colour: str, width: float, **kwargs) -> str:
    """A polyline with round caps and joins: how the course draws muscles and bone shafts."""
    return polyline(
        points,
        stroke=colour,
        stroke_width=width,
        **kwargs,
        stroke_linecap="round",
        stroke_linejoin="round",
    )


def polygon(points, **kwargs) -> str:
    coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return f'<polygon points="{coords}" {attrs(**kwargs)}/>'


def line(x1, y1, x2, y2, **kwargs) -> str:
    return f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" {attrs(**kwargs)}/>'


def circle(x, y, r, **kwargs) -> str:
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" {attrs(**kwargs)}/>'


def rect(x, y, w, h, **kwargs) -> str:
    return f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" {attrs(**kwargs)}/>'


def path(d: str, **kwargs) -> str:
    """A ``<path>`` with path data ``d`` (see :func:`path_data`)."""
    return f'<path d="{d}" {attrs(**kwargs)}/>'


def path_data(points) -> str:
    """SVG path data for a polyline through pixel points: ``M x y L x y ...``."""
    return "M" + "L".join(f"{num(x)} {num(y)}" for x, y in points)


def text(x, y, content: str, **kwargs) -> str:
    return f'<text x="{num(x)}" y="{num(y)}" {attrs(**kwargs)}>{escape(content)}</text>'


def document(width: int, height: int, body: list[str], title: str, description: str) -> str:
    """A complete accessible SVG: role img, a title and a description."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" role="img" '
        f'font-family="system-ui, sans-serif" font-size="13">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        + "".join(body)
        + "</svg>"
    )
