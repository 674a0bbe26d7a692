"""Moving a diagram's slider must not move the lesson: the status readout under each drawing
keeps one height however its text wraps (measured at phone and desktop widths)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CASES = [
    ("notebooks/02-how-the-psoas-moves-you.html", "psoas-hip-flexion"),
    ("notebooks/02-how-the-psoas-moves-you.html", "psoas-strength"),
    ("notebooks/08-the-psoas-when-you-walk.html", "psoas-gait"),
    ("notebooks/01-meet-the-psoas.html", "psoas-anatomy"),
]

HEIGHTS = """(prefix) => {
  const root = document.querySelector(`figure[id^="${prefix}"]`);
  const slider = root.querySelector('input[type=range]');
  const status = root.querySelector('.psoas-status');
  const heights = new Set();
  for (let v = Number(slider.min); v <= Number(slider.max); v += Number(slider.step || 1)) {
    slider.value = v;
    slider.dispatchEvent(new Event('input'));
    heights.add(Math.round(status.getBoundingClientRect().height));
  }
  return [...heights];
}"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path, prefix", CASES, ids=[c[1] for c in CASES])
def test_status_readout_keeps_one_height_while_the_slider_moves(
    context, base_url, path, prefix, width
):
    tab = context.new_page()
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto(base_url + path)
    heights = tab.evaluate(HEIGHTS, prefix)
    tab.close()
    assert len(heights) == 1, f"{path} {prefix} at {width} px: status heights {heights}"
