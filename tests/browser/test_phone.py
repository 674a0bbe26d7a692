"""Every diagram whole on a phone: at 375 px nothing scrolls sideways, text stays legible.

For each built page with a diagram, in a 375 x 800 viewport: every drawing box fits its
width (``scrollWidth <= clientWidth``, and every SVG inside it ends inside it), the
smallest SVG text renders at 11 CSS px or more (font size times the SVG's scale), and
the controls are at least 24 x 24 px to tap. Each slider is also moved to both ends, so
frames with long readouts are measured too. Screenshots go to ``_build/phone-shots/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
MIN_TEXT_PX = 11.0
MIN_TAP_PX = 24.0
SHOTS = Path(__file__).resolve().parents[2] / "_build" / "phone-shots"

MEASURE = """
(fig) => {
  const box = fig.querySelector('.psoas-drawing');
  const boxRect = box.getBoundingClientRect();
  let smallest = Infinity, smallestText = '', overflow = [];
  for (const svg of box.querySelectorAll('svg')) {
    const rect = svg.getBoundingClientRect();
    if (rect.right > boxRect.right + 0.5 || rect.left < boxRect.left - 0.5) {
      overflow.push(Math.round(rect.right - boxRect.right));
    }
    const vb = svg.viewBox && svg.viewBox.baseVal;
    const scale = vb && vb.width ? rect.width / vb.width : 1;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim() || t.getClientRects().length === 0) continue;
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (size < smallest) { smallest = size; smallestText = t.textContent.trim(); }
    }
  }
  const small = [];
  for (const el of fig.querySelectorAll('input, button, select')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.width < 24 || r.height < 24) {
      small.push(`${el.type || el.tagName} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return {
    scroll: box.scrollWidth, client: box.clientWidth, overflow,
    smallest, smallestText, small,
    page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
  };
}
"""


def _slug(page: str) -> str:
    return page.replace("/", "_").removesuffix(".html")


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    yield context
    context.close()


def test_every_diagram_is_whole_and_legible_on_a_phone(phone, base_url, diagram_page):
    page = phone.new_page()
    try:
        page.goto(base_url + diagram_page, wait_until="load")
        figures = page.query_selector_all("figure.psoas-diagram")
        assert figures, f"{diagram_page}: no diagram found"
        SHOTS.mkdir(parents=True, exist_ok=True)
        problems = []
        for i, fig in enumerate(figures, 1):
            fig.scroll_into_view_if_needed()
            sliders = fig.query_selector_all('input[type="range"]')
            states = [("start", None)]
            for slider in sliders:
                states += [("min", slider), ("max", slider)]
            for state, slider in states:
                if slider is not None:
                    end = slider.get_attribute(state)
                    slider.evaluate(
                        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", end
                    )
                m = fig.evaluate(MEASURE)
                where = f"{diagram_page} diagram {i} ({state})"
                if m["scroll"] > m["client"] or m["overflow"]:
                    problems.append(
                        f"{where}: drawing {m['scroll']} px wide in a {m['client']} px box "
                        f"(SVG past the edge by {m['overflow']})"
                    )
                if m["smallest"] < MIN_TEXT_PX:
                    problems.append(
                        f"{where}: text {m['smallestText']!r} renders at {m['smallest']:.1f} px"
                    )
                if m["small"]:
                    problems.append(f"{where}: tap targets under 24 px: {m['small'][:4]}")
                if m["page"] > m["viewport"]:
                    problems.append(f"{where}: the page scrolls sideways ({m['page']} px)")
            fig.screenshot(path=str(SHOTS / f"{_slug(diagram_page)}-{i}.png"))
        assert not problems, "\n".join(problems)
    finally:
        page.close()


def test_wide_tables_become_cards_on_a_phone(phone, base_url, site):
    pages = [
        p.relative_to(site).as_posix()
        for p in sorted(site.rglob("*.html"))
        if "psoas-cards" in p.read_text(encoding="utf-8", errors="replace")
        and not p.relative_to(site).as_posix().startswith(("_", "."))
    ]
    assert pages, "no page with a card table (the ledger, the plexus table) was built"
    problems = []
    page = phone.new_page()
    try:
        for rel in pages:
            page.goto(base_url + rel, wait_until="load")
            for i, table in enumerate(page.query_selector_all("table.psoas-cards"), 1):
                m = table.evaluate(
                    """t => { const box = t.parentElement;
                      return {scroll: box.scrollWidth, client: box.clientWidth,
                              display: getComputedStyle(t.querySelector('tbody tr')).display}; }"""
                )
                if m["scroll"] > m["client"] + 1 or m["display"] != "block":
                    problems.append(f"{rel} table {i}: {m}")
    finally:
        page.close()
    assert not problems, "\n".join(problems)
