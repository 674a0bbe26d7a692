"""Theme fixes shipped as static assets: phone navigation, print stylesheet, printed answers.

Listed in ``_config.yml`` (``sphinx.extra_extensions``). Each file in SCRIPTS and STYLES is
copied from ``psoas_course/ui/assets/`` into ``_static/`` and linked from every page:

* ``theme_fixes.js``: the visible menu buttons open their sidebars on phones
  (pydata-sphinx-theme issue #2451) and every ``<details>`` opens for printing;
* ``print.css`` (``media="print"``): no code, controls or buttons, figures kept whole,
  solutions open, and the self-check answers printed at the end of the lesson.

The answers come from the quiz's own data (``<script class="psoas-answers">``): each lesson
page gets a section, hidden on screen, listing the correct answers of its self-check.
"""

from __future__ import annotations

import json
import re
import shutil
from html import escape, unescape
from importlib import resources
from pathlib import Path

from psoas_course.authoring.answer_key import option_label

# asset file -> name in _static/ (and, for styles, the <link> attributes)
SCRIPTS = {"theme_fixes.js": "psoas-theme-fixes.js"}
STYLES = {"print.css": ("psoas-print.css", {"media": "print"})}

QUIZ = re.compile(
    r'<section class="psoas-quiz[^"]*"[^>]*data-kind="lesson"[^>]*>.*?</section>', re.S
)
ANSWERS = re.compile(r'<script type="application/json" class="psoas-answers">(.*?)</script>', re.S)
LEGEND = re.compile(r'data-qid="([^"]+)"><legend[^>]*>(.*?)</legend>', re.S)
TAG = re.compile(r"<[^>]+>")


def printed_answers(body: str) -> str:
    """A section listing the correct answers of the page's lesson self-check ('' if none)."""
    items = []
    for quiz in QUIZ.finditer(body):
        found = ANSWERS.search(quiz.group(0))
        if not found:
            continue
        try:
            questions = json.loads(found.group(1))
        except ValueError:
            continue
        legends = {qid: TAG.sub("", text).strip() for qid, text in LEGEND.findall(quiz.group(0))}
        for question in questions:
            if not isinstance(question, dict):
                continue
            correct = [a for a in question.get("answers", []) if a.get("correct")]
            if not correct:
                continue
            asked = legends.get(question.get("id"), question.get("id", ""))
            given = "; ".join(escape(option_label(question, a)) for a in correct)
            why = escape(str(correct[0].get("feedback", "")))
            items.append(
                f"<li><p>{escape(unescape(asked))}</p><p><strong>{given}</strong>. {why}</p></li>"
            )
    if not items:
        return ""
    return (
        '<section class="psoas-print-answers" hidden aria-hidden="true">'
        "<h2>Self-check answers</h2><ol>" + "".join(items) + "</ol></section>"
    )


def add_printed_answers(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and "psoas-answers" in body:
        section = printed_answers(body)
        if section:
            context["body"] = body + section


def copy_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    folder = resources.files("psoas_course.ui") / "assets"
    names = {**SCRIPTS, **{source: target for source, (target, _) in STYLES.items()}}
    for source, target in names.items():
        with resources.as_file(folder / source) as path:
            shutil.copyfile(path, static / target)


def setup(app):
    for target in SCRIPTS.values():
        app.add_js_file(target)
    for target, attributes in STYLES.values():
        app.add_css_file(target, **attributes)
    app.connect("html-page-context", add_printed_answers)
    app.connect("build-finished", copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
