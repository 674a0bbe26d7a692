"""Every interactive diagram, driven over its whole range in a kernel-less Python session.

Factories are discovered by name (``*_explorer`` in any psoas_course module), so a new
diagram is covered as soon as it exists.
"""

import importlib
import inspect
import itertools
import json
import pkgutil
import re
import xml.etree.ElementTree as ET

import pytest

import psoas_course
from psoas_course.topics.claims import LedgerExplorer
from psoas_course.ui.diagram import Choice, Diagram, Slider, Toggle


def explorer_factories():
    found = {}
    for info in pkgutil.walk_packages(psoas_course.__path__, "psoas_course."):
        if info.ispkg or ".site." in info.name or ".authoring." in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.endswith("_explorer") and func.__module__ == module.__name__:
                found[name] = func
    return found


FACTORIES = explorer_factories()


def test_the_course_diagrams_are_discovered():
    for name in (
        "anatomy_explorer",
        "hip_flexion_explorer",
        "pelvic_tilt_explorer",
        "sitting_day_explorer",
        "ledger_explorer",
    ):
        assert name in FACTORIES


def check_svg(svg):
    """One accessible SVG, or a <div class="psoas-pair"> of them (drawing and chart)."""
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    drawings = [root] if root.tag == f"{ns}svg" else root.findall(f"{ns}svg")
    assert drawings and (root.tag == f"{ns}svg" or root.get("class") == "psoas-pair")
    for drawing in drawings:
        assert drawing.get("role") == "img"
        assert drawing.find(f"{ns}title").text.strip()
        assert len(drawing.find(f"{ns}desc").text.strip()) > 20
    assert "nan" not in svg.lower().replace("nano", "")


def frames_of(html):
    payload = re.search(
        r'<script type="application/json" class="psoas-frames">(.*?)</script>', html, re.S
    ).group(1)
    return json.loads(payload.replace("<\\/", "</"))


def every_value(control):
    if isinstance(control, Slider):
        return list(range(control.low, control.high + 1))  # every degree, not only frames
    if isinstance(control, Toggle):
        return [True, False, True]
    return [v for _, v in control.options] + [control.value]


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_live_callbacks_run_over_the_whole_range(name):
    diagram = FACTORIES[name]()
    if isinstance(diagram, LedgerExplorer):
        box = diagram.widget()
        for picker in box.pickers.values():
            for _, value in picker.options:
                picker.value = value
                count = int(re.search(r"(\d+) of", box.count.value).group(1))
                assert count == len(re.findall(r"<tr [^>]*data-lesson", box.view.value))
            picker.value = "all"
        return
    assert isinstance(diagram, Diagram)
    box = diagram.widget()
    before = box.drawing.value
    changed = False
    for control in diagram.controls:
        live = box.controls[control.name]
        for value in every_value(control):
            live.value = value  # fires the observe callback, which redraws
            check_svg(box.drawing.value)
            assert box.status.value.strip()
            changed |= box.drawing.value != before
        live.value = control.value
    assert changed, f"{name}: no control changed the drawing"
    for button in box.preset_buttons:
        button.click()
        check_svg(box.drawing.value)


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_every_control_changes_what_is_drawn(name):
    diagram = FACTORIES[name]()
    if isinstance(diagram, LedgerExplorer):
        return  # a table filter, covered above
    start = diagram.render()
    for control in diagram.controls:
        others = [v for v in control.values() if v != control.value]
        drawn = {diagram.render(**{control.name: v})[0] for v in others}
        assert drawn - {start[0]}, f"{name}: control {control.name!r} never changes the drawing"


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_static_copy_has_a_frame_for_every_control_combination(name):
    diagram = FACTORIES[name]()
    html = diagram.static_html()
    if isinstance(diagram, LedgerExplorer):
        assert len(re.findall(r"<tr [^>]*data-lesson", html)) == len(diagram.table)
        return
    data = frames_of(html)
    # a layer toggle hides a group of each frame instead of multiplying the frames
    keyed = [c for c in diagram.controls if not getattr(c, "layer", False)]
    combos = list(itertools.product(*(c.values() for c in keyed)))
    assert len(data["frames"]) == len(combos)
    for combo in combos:
        key = "|".join(c.key(v) for c, v in zip(keyed, combo))
        svg_index, text = data["frames"][key]
        check_svg(data["svg"][svg_index])
        assert text.strip()
        for layer in (c for c in diagram.controls if getattr(c, "layer", False)):
            assert f'<g data-layer="{layer.name}"' in data["svg"][svg_index]
    assert 'data-lm-suppress-shortcuts="true"' in html
    assert len(html) < 400_000, f"{name}: static copy is {len(html)} bytes"


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_one_call_gives_both_the_live_view_and_the_static_copy(name):
    bundle = FACTORIES[name]()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].lstrip().startswith("<")
    assert "0x" not in bundle["text/plain"]  # no memory addresses: nbval compares it


def test_the_same_drawing_function_feeds_both_paths():
    from psoas_course.topics.explorers import hip_flexion_explorer

    diagram = hip_flexion_explorer()
    box = diagram.widget()
    box.controls["hip_flexion"].value = 90
    assert box.drawing.value == diagram.render(hip_flexion=90)[0]
    html = diagram.static_html()
    data = frames_of(html)
    # shapes repeated across frames are stored once in the page and drawn with <use>
    shared = {
        m.group(2): f"<{m.group(1)} {m.group(3)}"
        for m in re.finditer(r'<(\w+) id="([^"]+)" ([^>]*/>)', html)
    }
    frame = data["svg"][data["frames"]["90"][0]]
    expanded = re.sub(r'<use href="#([^"]+)"/>', lambda m: shared[m.group(1)], frame)
    assert "<use" in frame and expanded == box.drawing.value


def test_live_sliders_keep_a_usable_track_beside_a_long_label():
    """In a wrapping row of controls a slider with a long label shrank to its handle alone
    (lesson 1 in JupyterLab); each live slider now asks for room."""
    diagram = FACTORIES["anatomy_explorer"]()
    box = diagram.widget()
    sliders = [c for c in diagram.controls if isinstance(c, Slider)]
    assert sliders, "lesson 1's explorer has a view-angle slider"
    for control in sliders:
        layout = box.controls[control.name].layout
        assert layout.min_width and layout.flex, f"{control.name}: slider may shrink to nothing"


def test_controls_reject_nothing_silently():
    # a well-formed control offers its start value among the values it draws frames for
    for control in (
        Slider("a", "A", 0, 10, 5, 0),
        Toggle("b", "B"),
        Choice("c", "C", (("x", "x"), ("y", "y")), "y"),
    ):
        assert control.value in control.values()
    # a control whose start value has no frame, or that has no values, is refused by name
    for make, message in (
        (lambda: Slider("a", "A", 0, 10, 5, 3), "slider 'a': start value 3"),
        (lambda: Slider("a", "A", 0, 10, 0, 0), "slider 'a': needs low < high"),
        (lambda: Slider("a", "A", 10, 0, 5, 0), "slider 'a': needs low < high"),
        (lambda: Toggle("b", "B", "yes"), "toggle 'b': value must be True or False"),
        (lambda: Choice("c", "C", (("x", "x"),), "z"), "choice 'c': start value 'z'"),
        (lambda: Choice("c", "C", (), ""), "choice 'c': start value ''"),
    ):
        with pytest.raises(ValueError, match=re.escape(message)):
            make()
