"""Course CSS and page scripts: inline in each output for live notebooks, once per page in the
book (``psoas_course.site.sphinx_ext``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from psoas_course.site import sphinx_ext
from psoas_course.topics.explorers import hip_flexion_explorer
from psoas_course.ui.diagram import asset, inline_asset

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("PSOAS_SITE", ROOT / "_build" / "html"))
CSS = asset("course.css")


def test_a_live_output_carries_its_css_and_script():
    html = hip_flexion_explorer().static_html()
    assert html.count(CSS) == 1 and html.count(asset("frames.js")) == 1
    assert inline_asset("course.css") in html


@pytest.mark.parametrize("name", sphinx_ext.PAGE_ASSETS)
def test_every_page_script_can_be_shared(name):
    if name.endswith(".js"):
        shared = sphinx_ext.shared_script(name)
        assert shared is not None, f"{name} must end by running itself on its parent element"
        assert f"window.psoasAssets[{name!r}] = " in shared


def test_the_book_drops_inline_copies_and_keeps_a_call_per_output():
    quiz_like = f"<section><style>{CSS}</style><script>{asset('quiz.js')}</script></section>"
    diagram = hip_flexion_explorer().static_html()
    page = f"<main>{diagram}{diagram}{quiz_like}</main>"
    html, found = sphinx_ext.drop_inline_assets(page)
    assert found == ["course.css", "frames.js", "quiz.js"]
    assert CSS not in html and asset("frames.js") not in html and asset("quiz.js") not in html
    assert html.count(sphinx_ext.run_shared("frames.js")) == 2
    assert html.count(sphinx_ext.run_shared("quiz.js")) == 1
    assert "psoas-frames" in html  # the frames themselves stay


@pytest.mark.slow
def test_no_built_page_carries_more_than_one_copy_of_the_course_css():
    pages = sorted(SITE.rglob("*.html"))
    if not pages:
        pytest.fail(f"no built book in {SITE}: run `make book` (or set PSOAS_SITE)")
    first_rule = CSS.strip().splitlines()[0]
    problems, with_course_css = [], 0
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        inline = html.count(first_rule)
        links = len(re.findall(r"<link[^>]+_static/psoas/course\.css", html))
        with_course_css += bool(links)
        if inline + links > 1 or inline:
            problems.append(f"{page.relative_to(SITE)}: {inline} inline copies, {links} links")
        for script in ("frames.js", "quiz.js", "ledger.js"):
            if html.count(asset(script).strip()[:200]) or html.count(f"psoas/{script}") > 1:
                problems.append(f"{page.relative_to(SITE)}: {script} more than once")
    assert not problems, "\n".join(problems)
    assert with_course_css, "no page loads _static/psoas/course.css"
    shipped = (SITE / "_static" / "psoas" / "course.css").read_text(encoding="utf-8")
    assert shipped.startswith(first_rule), "_static/psoas/course.css is not the course CSS"
