"""Every built page in a real chromium: no errors, nothing fetched from elsewhere, accessible.

Each page is loaded once (at 1280 px, then resized to 375 px) and the findings are shared by
the tests below, so a failure names the page and the one thing that is wrong with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}
PHONE_WIDTH = 375

# axe's optional CSSOM preload re-fetches stylesheets and resolves their @import rules
# against the page instead of the stylesheet (a false 404 for /basic.css); the one rule
# that needs it (css-orientation-lock) is then reported as incomplete, not as a violation.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}

UNNAMED_IMAGES = """() => {
  const nameOf = (el) => {
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const labelled = ids.map((id) => (document.getElementById(id) || {}).textContent || '');
    const title = el.querySelector(':scope > title');
    return [el.getAttribute('aria-label') || '', labelled.join(' '),
            title ? title.textContent : ''].join(' ').trim();
  };
  const describe = (el) => el.outerHTML.slice(0, 160);
  const images = Array.from(document.querySelectorAll('img'))
    .filter((img) => !(img.getAttribute('alt') || '').trim())
    .map(describe);
  // icons marked aria-hidden are decoration, skipped by screen readers
  const svgs = Array.from(document.querySelectorAll('svg[role="img"]'))
    .filter((svg) => !svg.closest('[aria-hidden="true"]') && !nameOf(svg)).map(describe);
  return images.concat(svgs);
}"""

# At phone width: how far the page scrolls sideways, and the elements sticking out of it.
SIDEWAYS = """() => {
  const width = window.innerWidth;
  const scroller = document.scrollingElement;
  const article = document.querySelector('article') || document.querySelector('main');
  const wide = [];
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  if (scroller.scrollWidth > width + 1) {
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0 && !clipped(el)) {
        const classes = typeof el.className === 'string' ? el.className.trim() : '';
        wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                  (classes ? '.' + classes.split(/\\s+/).join('.') : '') +
                  ' right=' + Math.round(box.right));
      }
      if (wide.length >= 8) break;
    }
  }
  return {width, page: scroller.scrollWidth,
          article: article ? article.scrollWidth : 0,
          articleClient: article ? article.clientWidth : 0, wide};
}"""

LINKS = """() => Array.from(document.querySelectorAll('a[href]')).map((a) => a.href)"""


@dataclass
class PageReport:
    console_errors: list[str]
    failed_requests: list[str]
    foreign_requests: list[str]
    axe_violations: list[dict]
    unnamed_images: list[str]
    sideways: dict
    links: list[str]
    base_url: str


REPORTS: dict[str, PageReport] = {}


@pytest.fixture
def report(page, context, base_url, watch) -> PageReport:
    """Load ``page`` once per session and collect everything the tests below assert."""
    if page not in REPORTS:
        from axe_playwright_python.sync_playwright import Axe

        tab = context.new_page()
        seen = watch(tab)
        try:
            tab.goto(base_url + page, wait_until="load")
            seen.settle(tab)
            axe = Axe().run(tab, options=AXE_OPTIONS).response["violations"]
            unnamed = tab.evaluate(UNNAMED_IMAGES)
            links = tab.evaluate(LINKS)
            tab.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
            tab.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            sideways = tab.evaluate(SIDEWAYS)
        finally:
            tab.close()
        REPORTS[page] = PageReport(
            seen.console_errors,
            seen.failed_requests,
            seen.foreign_requests,
            axe,
            unnamed,
            sideways,
            links,
            base_url,
        )
    return REPORTS[page]


def bullet(items) -> str:
    return "\n  " + "\n  ".join(items)


def test_no_console_errors(page, site, report):
    assert not report.console_errors, f"{page}:{bullet(report.console_errors)}"


def test_no_failed_requests(page, site, report):
    assert not report.failed_requests, f"{page}:{bullet(report.failed_requests)}"


def test_nothing_fetched_from_other_hosts(page, site, report):
    assert not report.foreign_requests, f"{page}:{bullet(report.foreign_requests)}"


def test_no_serious_accessibility_violations(page, site, report):
    found = [
        f"{v['id']} ({v['impact']}) at {', '.join(map(str, node['target']))}: {v['help']}"
        for v in report.axe_violations
        if v["impact"] in SERIOUS
        for node in v["nodes"]
    ]
    assert not found, f"{page}:{bullet(found)}"


def test_images_and_svg_figures_have_text_alternatives(page, site, report):
    assert not report.unnamed_images, f"{page}: no alt text / accessible name:" + bullet(
        report.unnamed_images
    )


def test_text_does_not_scroll_sideways_on_a_phone(page, site, report):
    s = report.sideways
    assert s["page"] <= s["width"] + 1, (
        f"{page} at {PHONE_WIDTH} px: page is {s['page']} px wide; sticking out:"
        + bullet(s["wide"])
    )
    assert s["article"] <= s["articleClient"] + 1, (
        f"{page} at {PHONE_WIDTH} px: the article scrolls ({s['article']} px in "
        f"{s['articleClient']} px)"
    )


def test_links_within_the_site_lead_somewhere(page, site, report):
    """Every same-site link names a built file, and its #fragment an id in that file."""
    broken = []
    for href in sorted(set(report.links)):
        if not href.startswith(report.base_url):
            continue
        parts = urlsplit(href)
        rel = unquote(parts.path).lstrip("/") or "index.html"
        target = site / rel
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{href}: no file {target.relative_to(site)}")
        elif parts.fragment and target.suffix == ".html" and not has_anchor(target, parts.fragment):
            broken.append(f"{href}: no id '{parts.fragment}' in {target.relative_to(site)}")
    assert not broken, f"{page}:{bullet(broken)}"


_ANCHOR_CACHE: dict[Path, set[str]] = {}


def has_anchor(path: Path, fragment: str) -> bool:
    if path not in _ANCHOR_CACHE:
        text = path.read_text(encoding="utf-8", errors="replace")
        _ANCHOR_CACHE[path] = set(re.findall(r'\s(?:id|name)="([^"]+)"', text))
    return unquote(fragment) in _ANCHOR_CACHE[path]


def test_inline_scripts_are_declared_once(page, site):
    """The double ``THEBE_JS_URL`` declaration (a SyntaxError in the console) stays fixed."""
    html = (site / page).read_text(encoding="utf-8")
    assert html.count("const THEBE_JS_URL") <= 1, f"{page}: THEBE_JS_URL declared twice"
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    repeated = {
        body[:60]
        for body in inline
        if body.strip() and inline.count(body) > 1 and "psoas" not in body
    }
    assert not repeated, f"{page}: inline scripts repeated: {sorted(repeated)}"


def test_theme_mode_default_is_valid(page, site):
    """pydata-sphinx-theme logs 'Got invalid theme mode' unless html_context sets default_mode."""
    html = (site / page).read_text(encoding="utf-8")
    mode = re.search(r'dataset\.mode = localStorage\.getItem\("mode"\) \|\| "([^"]*)"', html)
    assert mode and mode.group(1) in {"light", "dark", "auto"}, (
        f"{page}: the theme's default mode is {mode.group(1) if mode else 'not set'!r}"
    )


def test_widget_manager_loads_only_with_a_live_widget_view(page, site):
    """The 3.6 MB widget manager is for live widget views; static diagrams need none of it."""
    html = (site / page).read_text(encoding="utf-8")
    shows_view = "application/vnd.jupyter.widget-view+json" in html
    loads_manager = "embed-amd.js" in html
    assert shows_view == loads_manager, (
        f"{page}: widget view shown: {shows_view}, widget manager loaded: {loads_manager}"
    )
