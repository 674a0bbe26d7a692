"""Print and PDF: paper shows text, whole figures, open solutions and the quiz answers; no
code, controls or buttons. ``make pdf`` prints the course with Debian's chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LESSON = "notebooks/02-how-the-psoas-moves-you.html"

SHOWN = """(selector) => Array.from(document.querySelectorAll(selector)).filter((el) => {
  const box = el.getBoundingClientRect();
  return getComputedStyle(el).display !== 'none' && box.width > 0 && box.height > 0;
}).map((el) => el.outerHTML.slice(0, 120))"""


@pytest.fixture
def printed(context, base_url):
    page = context.new_page()
    page.goto(base_url + LESSON)
    page.emulate_media(media="print")
    yield page
    page.close()


def test_print_hides_code_controls_and_buttons(printed):
    for selector in (".cell_input", "button", "input", "select", ".psoas-controls"):
        shown = printed.evaluate(SHOWN, selector)
        assert not shown, f"{LESSON} prints {selector}: {shown[:2]}"


def test_print_keeps_figures_whole_and_opens_solutions(printed):
    drawings = printed.evaluate(
        """() => Array.from(document.querySelectorAll('.psoas-drawing, figure, table'))
             .map((el) => getComputedStyle(el).breakInside)"""
    )
    assert drawings and set(drawings) == {"avoid"}, drawings
    hidden_solutions = printed.evaluate(
        """() => Array.from(document.querySelectorAll('details')).filter((d) => {
             const body = d.querySelector(':scope > :not(summary)');
             return body && body.getBoundingClientRect().height === 0;
           }).length"""
    )
    assert hidden_solutions == 0, f"{hidden_solutions} <details> print closed"


def test_print_lists_the_self_check_answers_at_the_end(printed):
    # every self-check of the lesson, its practice boxes and its end-of-lesson box
    quizzes = printed.locator('.psoas-quiz[data-kind="lesson"] script.psoas-answers')
    questions = [q for quiz in quizzes.all() for q in json.loads(quiz.text_content())]
    answers = printed.locator(".psoas-print-answers")
    assert answers.count() == 1 and answers.is_visible(), "no printed answers section"
    assert answers.locator("li").count() == len(questions)
    last = printed.evaluate(
        """() => { const a = document.querySelector('.psoas-print-answers');
                   return a.parentElement.lastElementChild === a; }"""
    )
    assert last, "the answers come last in the lesson"
    printed.emulate_media(media="screen")
    assert not answers.is_visible(), "the answers show on screen"


@pytest.mark.slow
def test_make_pdf_prints_the_course_and_each_lesson(site, tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_pdf.py"), str(site), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    course = tmp_path / "psoas-course.pdf"
    lessons = sorted((tmp_path / "lessons").glob("*.pdf"))
    assert course.read_bytes().startswith(b"%PDF")
    assert len(lessons) == len(list((site / "notebooks").glob("[0-9][0-9]-*.html"))) - len(
        [p for p in (site / "notebooks").glob("*.html") if "Refresh" in p.read_text()[:1000]]
    )

    def count(pdf):
        return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))

    pages = count(course)
    # every lesson whole in the course PDF, as it prints alone (a one-document print of all
    # pages once lost the theme's layout: text ran off the page and figures went missing)
    assert pages > sum(count(lesson) for lesson in lessons), f"course PDF has only {pages} pages"
    assert f"{course}: {pages} pages" in done.stdout


@pytest.mark.parametrize(
    "path, shown",
    [
        ("notebooks/07-breathing-stress-and-big-claims.html", False),
        ("book/claims-ledger.html", True),
    ],
)
def test_the_full_ledger_prints_once_on_its_own_page(context, base_url, path, shown):
    """A lesson's ledger explorer lists every claim (11 A4 pages in lesson 7): paper shows it
    on the ledger page only."""
    tab = context.new_page()
    tab.goto(base_url + path)
    tab.emulate_media(media="print")
    tables = tab.evaluate(SHOWN, ".psoas-ledger-explorer .psoas-ledger")
    tab.close()
    assert bool(tables) == shown, f"{path}: ledger table printed: {bool(tables)}"
