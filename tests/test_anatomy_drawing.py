"""Lesson 1's explorer and the posture drawing: labels that point, never over each other or
the muscle, every lumbar vertebra named, one SVG group per layer."""

import re

import numpy as np
import pytest

from psoas_course.core.svg import PALETTE
from psoas_course.topics import anatomy

TEXT = re.compile(r'<text x="([-\d.]+)" y="([-\d.]+)" ([^>]*)>([^<]*)</text>')


def text_boxes(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(content, (left, top, right, bottom)) of every text, widths estimated from the font."""
    boxes = []
    for x, y, attrs, content in TEXT.findall(svg):
        size = (
            float(re.search(r'font-size="([\d.]+)"', attrs).group(1))
            if "font-size" in attrs
            else 13
        )
        width = 0.6 * size * len(content)
        left = float(x) - (width if 'text-anchor="end"' in attrs else 0)
        boxes.append((content, (left, float(y) - 0.8 * size, left + width, float(y))))
    return boxes


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def belly_outlines(svg: str) -> list[np.ndarray]:
    """The filled psoas major belly outlines (pixels)."""
    outlines = []
    colour = PALETTE["psoas_major"]
    for d in re.findall(rf'<path d="(M[^"]+Z)" fill="{colour}"', svg):
        nums = [float(v) for v in re.findall(r"-?[\d.]+", d)]
        outlines.append(np.array(nums).reshape(-1, 2))
    return outlines


def inside(point, ring) -> bool:
    x, y = point
    xs, ys = ring[:, 0], ring[:, 1]
    xn, yn = np.roll(xs, -1), np.roll(ys, -1)
    straddle = (ys > y) != (yn > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = xs + (y - ys) * (xn - xs) / (yn - ys)
    return bool(np.sum(straddle & (x < cross)) % 2)


@pytest.mark.parametrize("view", anatomy.VIEW_ANGLES)
def test_every_lumbar_vertebra_is_labelled_in_every_view(view):
    names = [content for content, _ in text_boxes(anatomy.anatomy_svg(view))]
    for level in ("T12", "L1", "L2", "L3", "L4", "L5"):
        assert names.count(level) == 1, f"{level} labelled {names.count(level)} times at {view}°"


@pytest.mark.parametrize("view", anatomy.VIEW_ANGLES)
def test_labels_never_overlap_each_other_or_the_psoas(view):
    svg = anatomy.anatomy_svg(view)
    boxes = text_boxes(svg)
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not overlaps(box_a, box_b), f"{a!r} overlaps {b!r} at {view}°"
    bellies = belly_outlines(svg)
    assert bellies, "the psoas belly is drawn"
    for content, (left, top, right, bottom) in boxes:
        assert 0 <= left and right <= anatomy.EXPLORER_WIDTH and top >= 0, content
        corners = [(left, top), (right, top), (left, bottom), (right, bottom)]
        centre = ((left + right) / 2, (top + bottom) / 2)
        for ring in bellies:
            assert not any(inside(p, ring) for p in [*corners, centre]), (
                f"label {content!r} lies on the psoas at {view}°"
            )


def test_each_label_has_a_leader_line():
    svg = anatomy.anatomy_svg(90)
    labels = len(text_boxes(svg))
    assert svg.count("<line ") >= labels  # the kit's label() draws one leader per label


@pytest.mark.parametrize("layer", anatomy.LAYERS)
@pytest.mark.parametrize("view", [0, 180])
def test_each_layer_is_its_own_groups_that_can_be_left_out(layer, view):
    # a layer may be split (muscle behind the bones, its labels on top); the page's toggle
    # shows and hides every group with its name
    everything = anatomy.anatomy_svg(view)
    groups = re.findall(r'<g data-layer="([a-z_]+)"', everything)
    assert layer in groups
    without = anatomy.anatomy_svg(view, [n for n in anatomy.LAYERS if n != layer])
    assert f'<g data-layer="{layer}"' not in without


def _layer_order(svg: str) -> list[str]:
    return re.findall(r'<g data-layer="([a-z_]+)"', svg)


def test_bones_cover_the_muscles_from_behind_and_not_from_the_front():
    for view in (0, 30, 60):
        order = _layer_order(anatomy.anatomy_svg(view))
        assert order[0] == "skeleton", f"{view}°: {order}"
        assert "opacity" not in anatomy.anatomy_svg(view).split("data-layer")[1][:40]
    for view in (120, 150, 180):
        svg = anatomy.anatomy_svg(view)
        order = _layer_order(svg)
        bones_at = order.index("skeleton")
        # the filled belly and fan come before the bones; their dashed outlines after
        head = svg.split('<g data-layer="skeleton"')[0]
        assert belly_outlines(head), f"{view}°: the psoas belly is not drawn behind the bones"
        assert order[:bones_at] and set(order[:bones_at]) <= {"psoas_major", "iliacus"}
        assert 'stroke-dasharray="5 3"' in svg.split('<g data-layer="skeleton"')[1]
        assert "hidden by them" in svg
    # from the right side only the left side's muscles lie beyond the bones
    side = anatomy.anatomy_svg(90)
    assert belly_outlines(side.split('<g data-layer="skeleton"')[0])
    assert belly_outlines(side.split('<g data-layer="skeleton"')[1])


def test_the_belly_is_widest_low_in_the_lumbar_spine():
    _, widths = anatomy.belly_centreline(anatomy.Pose())
    lumbar = widths[1:7]  # T12 to the L4/L5 disc
    # a round section: area grows with the square of the width, many times from T12 down
    assert list(lumbar) == sorted(lumbar) and (lumbar[-1] / lumbar[0]) ** 2 > 5


def test_views_outside_the_range_are_refused():
    with pytest.raises(ValueError, match="between 0 and 180"):
        anatomy.anatomy_svg(270)


def _crop(svg: str) -> tuple[float, float, float, float]:
    """(shift x, shift y, width, height) of a cropped posture drawing."""
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    dx, dy = (float(v) for v in re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", svg).groups())
    return dx, dy, width, height


@pytest.mark.parametrize("hip", [-30, 0, 60, 120])
def test_posture_labels_stay_inside_and_off_the_muscle(hip):
    svg = anatomy.posture_drawing(hip)
    dx, dy, width, height = _crop(svg)
    bellies = belly_outlines(svg)
    for content, (left, top, right, bottom) in text_boxes(svg):
        left, right, top, bottom = left + dx, right + dx, top + dy, bottom + dy
        assert left >= 0 and right <= width and top >= 0 and bottom <= height, content
        centre = ((left + right) / 2 - dx, (top + bottom) / 2 - dy)
        assert not any(inside(centre, ring) for ring in bellies), content


EXPLORER_RANGES = {
    # the live sliders move by 1 degree: every integer posture must fit the crop
    "hip flexion": (anatomy.HIP_FLEXION_POSTURES, [(h, 0) for h in range(-30, 121)]),
    "pelvic tilt": (
        anatomy.PELVIC_TILT_POSTURES,
        [(h, t) for h in range(-20, 1, 2) for t in range(-10, 31, 2)],
    ),
}


@pytest.mark.parametrize("explorer", EXPLORER_RANGES)
def test_every_posture_of_the_explorers_fits_the_drawing(explorer):
    # the issue this answers: the foot was drawn off-canvas at -30 degrees, the knee fold
    # cut the pelvis; now each diagram is cropped to the union of its own frames
    from psoas_course.core import bones

    frames, reached = EXPLORER_RANGES[explorer]
    left, top, width, height = anatomy.posture_frame(frames)
    to_px = bones.pixel_mapper(anatomy.POSTURE_SCALE, anatomy.POSTURE_ORIGIN)
    for hip, tilt in reached:
        posture = bones.Posture(hip, tilt)
        points = [
            to_px(ring)
            for name in ("r_femur", "r_pelvis", "l_pelvis", "sacrum", "T12", "L5")
            for ring in bones.place(name, bones.SIDE_VIEW, posture).outline
        ]
        ankle = anatomy.Pose(hip, tilt).point("shank", "ankle")
        points.append(to_px(bones.project(ankle, bones.SIDE_VIEW))[None, :])
        every = np.vstack(points) - [left, top]
        assert every[:, 0].min() >= 0 and every[:, 0].max() <= width, (hip, tilt)
        assert every[:, 1].min() >= 0 and every[:, 1].max() <= height, (hip, tilt)


def test_each_posture_diagram_is_cropped_to_its_own_frames():
    # a big empty area under the lunge's figure came from a box sized for every posture
    _, _, wide, tall = anatomy.posture_frame(anatomy.HIP_FLEXION_POSTURES)
    _, _, narrow, _ = anatomy.posture_frame(anatomy.PELVIC_TILT_POSTURES)
    assert narrow < 0.75 * wide
    svg = anatomy.hip_flexion_svg(-20, 10, anatomy.PELVIC_TILT_POSTURES)
    assert f'viewBox="0 0 {narrow} ' in svg
