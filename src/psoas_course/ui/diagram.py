"""One call, two behaviours: a live ipywidgets diagram in a kernel, pre-rendered frames in the book.

``Diagram`` returns a single display bundle holding both representations:

* ``application/vnd.jupyter.widget-view+json`` -- JupyterLab/Binder pick this and the
  callback recomputes the drawing with the model for every control change;
* ``text/html`` -- the static book prefers this (see ``nb_mime_priority_overrides`` in
  ``_config.yml``): every frame drawn by the *same* function at build time, swapped by a
  few lines of JavaScript (``assets/frames.js``) with no kernel and no network.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from importlib import resources

import ipywidgets as widgets

_ASSETS = resources.files("psoas_course.ui") / "assets"
_used_ids: dict[str, int] = {}


def asset(name: str) -> str:
    """Text of a file shipped in ``psoas_course/assets``."""
    return (_ASSETS / name).read_text(encoding="utf-8")


def inline_asset(name: str) -> str:
    """A shipped stylesheet or script inlined in an output, so a live notebook needs nothing
    else; the mark lets the book drop the copy and load the file once per page
    (``psoas_course.site.sphinx_ext``)."""
    tag = "style" if name.endswith(".css") else "script"
    return f'<{tag} data-psoas-asset="{name}">{asset(name)}</{tag}>'


_SHAPE = re.compile(r"<(?:path|polyline|polygon) [^>]*/>")


def share_repeats(svgs: list[str], uid: str) -> tuple[list[str], str]:
    """Store once the long shapes that recur across frames (bones, curves): each becomes a
    ``<use>`` of a shape in one hidden ``<svg>`` of the page. Returns the frames and it."""
    seen: dict[str, int] = {}
    for svg in svgs:
        for shape in set(_SHAPE.findall(svg)):
            if len(shape) > 160:
                seen[shape] = seen.get(shape, 0) + 1
    ids = {shape: f"{uid}-s{i}" for i, shape in enumerate(s for s, n in seen.items() if n > 1)}
    if not ids:
        return svgs, ""

    def use(match: re.Match) -> str:
        shape = match.group(0)
        return f'<use href="#{ids[shape]}"/>' if shape in ids else shape

    defs = "".join(re.sub(r"^<(\w+) ", rf'<\1 id="{i}" ', s) for s, i in ids.items())
    hidden = (
        '<svg class="psoas-shared" aria-hidden="true" focusable="false" width="0" height="0" '
        f'style="position:absolute;overflow:hidden"><defs>{defs}</defs></svg>'
    )
    return [_SHAPE.sub(use, svg) for svg in svgs], hidden


def unique_id(slug: str) -> str:
    """A deterministic element id: ``slug``, then ``slug-2``... within one kernel session."""
    count = _used_ids.get(slug, 0) + 1
    _used_ids[slug] = count
    return slug if count == 1 else f"{slug}-{count}"


@dataclass(frozen=True)
class Slider:
    name: str
    label: str
    low: int
    high: int
    step: int
    value: int
    unit: str = "°"

    def __post_init__(self):
        if self.step <= 0 or self.low >= self.high:
            raise ValueError(
                f"slider {self.name!r}: needs low < high and a positive step, "
                f"got {self.low}..{self.high} step {self.step}"
            )
        if self.value not in self.values():
            raise ValueError(
                f"slider {self.name!r}: start value {self.value} is not one of its steps "
                f"{self.low}, {self.low + self.step}, ... {self.high}"
            )

    def values(self) -> list[int]:
        return list(range(self.low, self.high + 1, self.step))

    def key(self, value) -> str:
        return str(int(value))


@dataclass(frozen=True)
class Toggle:
    name: str
    label: str
    value: bool = True
    # a layer toggle shows or hides the drawing's <g data-layer="name"> group in the
    # static book instead of multiplying the pre-rendered frames
    layer: bool = False

    def __post_init__(self):
        if not isinstance(self.value, bool):
            raise ValueError(
                f"toggle {self.name!r}: value must be True or False, got {self.value!r}"
            )

    def values(self) -> list[bool]:
        return [False, True]

    def key(self, value) -> str:
        return "1" if value else "0"


@dataclass(frozen=True)
class Choice:
    name: str
    label: str
    options: tuple[tuple[str, str], ...]  # (label, value)
    value: str = ""

    def __post_init__(self):
        if self.value not in self.values():
            raise ValueError(
                f"choice {self.name!r}: start value {self.value!r} is not one of its options "
                f"{self.values()}"
            )

    def values(self) -> list[str]:
        return [v for _, v in self.options]

    def key(self, value) -> str:
        return str(value)


@dataclass
class Diagram:
    """A drawing function wired to controls, shown live or as static frames."""

    slug: str
    title: str
    draw: Callable[..., str]
    describe: Callable[..., str]
    controls: list = field(default_factory=list)
    presets: list[tuple[str, dict]] = field(default_factory=list)

    def defaults(self) -> dict:
        return {c.name: c.value for c in self.controls}

    def render(self, **values) -> tuple[str, str]:
        """The SVG and the one-line description for these control values."""
        merged = {**self.defaults(), **values}
        return self.draw(**merged), self.describe(**merged)

    # -- static book ---------------------------------------------------------------
    def static_html(self) -> str:
        uid = unique_id(f"psoas-{self.slug}")
        svgs: list[str] = []
        index: dict[str, int] = {}
        frames = {}
        keyed = [c for c in self.controls if not getattr(c, "layer", False)]
        names = [c.name for c in keyed]
        every_layer = {c.name: True for c in self.controls if getattr(c, "layer", False)}
        for combo in itertools.product(*(c.values() for c in keyed)):
            svg, text = self.render(**every_layer, **dict(zip(names, combo)))
            if svg not in index:
                index[svg] = len(svgs)
                svgs.append(svg)
            key = "|".join(c.key(v) for c, v in zip(keyed, combo))
            frames[key] = [index[svg], text]
        first_svg, first_text = self.render(**every_layer)
        svgs, shared = share_repeats(svgs + [first_svg], uid)
        first_svg = svgs.pop()
        payload = json.dumps(
            {"controls": names, "frames": frames, "svg": svgs}, separators=(",", ":")
        ).replace("</", "<\\/")
        return (
            f'<figure class="psoas-diagram" id="{uid}" data-lm-suppress-shortcuts="true" '
            f'aria-labelledby="{uid}-caption">{inline_asset("course.css")}'
            f'<figcaption id="{uid}-caption"><strong>{escape(self.title)}</strong></figcaption>'
            f'<div class="psoas-controls">{self._static_controls(uid)}</div>'
            # on narrow screens the drawing keeps a legible size and scrolls sideways in
            # its own box (focusable, so keyboard users can scroll it too)
            f'<div class="psoas-drawing" tabindex="0" role="group" '
            f'aria-label="{escape(self.title)}: drawing">{first_svg}</div>'
            f'<p class="psoas-status" aria-live="polite">{escape(first_text)}</p>{shared}'
            f'<script type="application/json" class="psoas-frames">{payload}</script>'
            f"{inline_asset('frames.js')}</figure>"
        )

    def _static_controls(self, uid: str) -> str:
        parts = []
        for c in self.controls:
            cid = f"{uid}-{c.name}"
            if isinstance(c, Slider):
                parts.append(
                    f'<label for="{cid}">{escape(c.label)} '
                    f'<output for="{cid}">{c.value}{escape(c.unit)}</output></label>'
                    f'<input type="range" id="{cid}" data-control="{c.name}" min="{c.low}" '
                    f'max="{c.high}" step="{c.step}" value="{c.value}" '
                    f'data-unit="{escape(c.unit)}" aria-valuetext="{c.value}{escape(c.unit)}">'
                )
            elif isinstance(c, Toggle):
                checked = " checked" if c.value else ""
                parts.append(
                    f'<span><input type="checkbox" id="{cid}" data-control="{c.name}"'
                    f"{' data-layer' if c.layer else ''}{checked}> "
                    f'<label for="{cid}">{escape(c.label)}</label></span>'
                )
            else:
                radios = "".join(
                    f'<span><input type="radio" id="{cid}-{v}" name="{cid}" value="{escape(v)}" '
                    f'data-control="{c.name}"{" checked" if v == c.value else ""}> '
                    f'<label for="{cid}-{v}">{escape(lab)}</label></span>'
                    for lab, v in c.options
                )
                parts.append(f"<fieldset><legend>{escape(c.label)}</legend>{radios}</fieldset>")
        if self.presets:
            buttons = "".join(
                f"<button type=\"button\" data-preset='{escape(json.dumps(v), quote=True)}'>"
                f"{escape(label)}</button>"
                for label, v in self.presets
            )
            parts.append(f"<fieldset><legend>Presets</legend>{buttons}</fieldset>")
        return "".join(parts)

    # -- live kernel ---------------------------------------------------------------
    def widget(self) -> widgets.VBox:
        """ipywidgets controls whose callback redraws with the model at any value."""
        live = {}
        for c in self.controls:
            if isinstance(c, Slider):
                live[c.name] = widgets.IntSlider(
                    value=c.value,
                    min=c.low,
                    max=c.high,
                    step=1,
                    description=c.label,
                    style={"description_width": "initial"},
                    readout_format="d",
                    # in a wrapping row a long label would squeeze the track to nothing
                    layout={"flex": "1 1 24em", "min_width": "16em"},
                )
            elif isinstance(c, Toggle):
                live[c.name] = widgets.Checkbox(value=c.value, description=c.label, indent=False)
            else:
                live[c.name] = widgets.ToggleButtons(
                    options=list(c.options), value=c.value, description=c.label
                )
        svg, text = self.render()
        drawing = widgets.HTML(value=svg)
        status = widgets.HTML(value=f"<p>{escape(text)}</p>")

        def redraw(_change=None):
            svg, text = self.render(**{name: w.value for name, w in live.items()})
            drawing.value = svg
            status.value = f"<p>{escape(text)}</p>"

        for w in live.values():
            w.observe(redraw, names="value")
        buttons = []
        for label, values in self.presets:
            button = widgets.Button(description=label)

            def apply(_button, values=values):
                for name, value in values.items():
                    live[name].value = value

            button.on_click(apply)
            buttons.append(button)
        box = widgets.VBox(
            [
                widgets.HBox(list(live.values()), layout={"flex_flow": "row wrap"}),
                widgets.HBox(buttons, layout={"flex_flow": "row wrap"}),
                drawing,
                status,
            ]
        )
        box.controls, box.drawing, box.status, box.preset_buttons = live, drawing, status, buttons
        box.redraw = redraw
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget()._repr_mimebundle_()
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"{self.title}: interactive diagram"
        return bundle
