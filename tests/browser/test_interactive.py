"""Diagrams and self-checks driven with the keyboard in chromium, as a reader would.

Diagrams: every ``figure.psoas-diagram`` on every page answers a key press by redrawing
its SVG and its one-line description. Quizzes: every lesson has a self-check whose
questions work from the keyboard, remember wrong answers (due for review the next day) across a
reload and forget everything on "Reset all lessons".
"""

from __future__ import annotations

import json
import statistics

import pytest

pytestmark = pytest.mark.browser

PROGRESS_KEY = "psoas-course-progress"  # assets/srs.js, format 2
PRESSES_PER_DIAGRAM = 8

DIAGRAM_STATE = """(figure) => ({
  svg: figure.querySelector('.psoas-drawing').innerHTML,
  status: figure.querySelector('.psoas-status').textContent.trim(),
})"""

# The drawing as painted in the next frame.
NEXT_FRAME_SVG = """(figure) => new Promise((resolve) => requestAnimationFrame(
  () => resolve(figure.querySelector('.psoas-drawing').innerHTML)))"""

# The first control of a diagram, and the key that changes it from its current value.
FIRST_CONTROL = """(figure) => {
  const range = figure.querySelector('input[type=range][data-control]');
  const el = range || figure.querySelector('[data-control]');
  let key = 'Space';
  if (el.type === 'range') key = Number(el.value) < Number(el.max) ? 'End' : 'Home';
  else if (el.type === 'radio') key = 'ArrowRight';
  return {id: el.id, type: el.type, key: key};
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  return el ? {tag: el.tagName.toLowerCase(), type: el.type || '', id: el.id,
               cls: el.className || '', name: el.name || '', value: el.value || '',
               checked: !!el.checked} : null;
}"""


def progress(page) -> dict | None:
    raw = page.evaluate(f"() => window.localStorage.getItem({json.dumps(PROGRESS_KEY)})")
    return json.loads(raw) if raw else None


def reader_errors(watch) -> list[str]:
    return watch.console_errors + watch.failed_requests + watch.foreign_requests


# -- diagrams ---------------------------------------------------------------------------
def test_every_diagram_answers_the_keyboard(
    diagram_page, site, open_page, repaint_probe, record_timing
):
    """Each diagram: a key on its first control redraws it; each preset button works by Enter."""
    page, watch = open_page(diagram_page)
    page.evaluate(repaint_probe)
    figures = page.locator("figure.psoas-diagram")
    assert figures.count() > 0, f"{diagram_page}: no figure.psoas-diagram"
    for i in range(figures.count()):
        figure = figures.nth(i)
        name = f"{diagram_page}#{figure.get_attribute('id')}"
        record_timing(name, drive_first_control(page, figure, name))
        press_presets(page, figure, name)
    assert not reader_errors(watch), reader_errors(watch)


def drive_first_control(page, figure, name) -> list[float]:
    """Focus the first control, change it by key; returns key-to-frame times (ms)."""
    control = figure.evaluate(FIRST_CONTROL)
    page.locator(f"[id='{control['id']}']").focus()
    assert page.evaluate(FOCUSED)["id"] == control["id"], f"{name}: control not focusable"

    before = figure.evaluate(DIAGRAM_STATE)
    page.keyboard.press(control["key"])
    after = figure.evaluate(DIAGRAM_STATE)
    assert after["svg"] != before["svg"], f"{name}: {control['key']} did not redraw"
    assert after["status"] != before["status"], (
        f"{name}: {control['key']} left the description at {before['status']!r}"
    )
    assert after["status"], f"{name}: empty description"

    # back and forth: every press is a new frame, timed from the event to the next frame
    page.evaluate("() => { window.__repaint.length = 0; }")
    keys = {"range": ["ArrowLeft", "ArrowRight"], "radio": ["ArrowLeft", "ArrowRight"]}
    cycle = keys.get(control["type"], ["Space", "Space"])
    svg = figure.evaluate(DIAGRAM_STATE)["svg"]
    for press in range(PRESSES_PER_DIAGRAM):
        page.keyboard.press(cycle[press % 2])
        new_svg = figure.evaluate(NEXT_FRAME_SVG)
        assert new_svg != svg, f"{name}: press {press + 1} ({cycle[press % 2]}) did not redraw"
        svg = new_svg
    times = page.evaluate("() => window.__repaint.slice()")
    assert len(times) >= PRESSES_PER_DIAGRAM, f"{name}: {len(times)} input events timed"
    assert statistics.median(times) < 100, f"{name}: slow redraws {times}"
    return times


def press_presets(page, figure, name) -> None:
    """Every preset button, focused and pressed with Enter, sets its controls and redraws."""
    buttons = figure.locator("button[data-preset]")
    drawings = {figure.evaluate(DIAGRAM_STATE)["svg"]}
    for button in buttons.all():
        label = button.inner_text()
        preset = json.loads(button.get_attribute("data-preset"))
        button.focus()
        page.keyboard.press("Enter")
        for control, value in preset.items():
            current = figure.locator(f"[data-control='{control}']").first.input_value()
            assert float(current) == float(value), (
                f"{name} preset {label!r}: {control} is {current}, expected {value}"
            )
        state = figure.evaluate(DIAGRAM_STATE)
        assert state["status"], f"{name} preset {label!r}: empty description"
        drawings.add(state["svg"])
    if buttons.count() > 1:
        assert len(drawings) > 2, f"{name}: presets do not change the drawing"


# -- quizzes ----------------------------------------------------------------------------
ANSWER_KEY = """(section) =>
  JSON.parse(section.querySelector('script.psoas-answers').textContent)"""


# the lesson's own end-of-lesson self-check, not a review box or a practice box inside it
LESSON_QUIZ = "section.psoas-quiz[data-review='0']:not([data-practice])"


def first_choice_question(page):
    """The first one-answer question of the lesson's own quiz and its answer key."""
    quiz = page.locator(LESSON_QUIZ).first
    key = {q["id"]: q for q in quiz.evaluate(ANSWER_KEY)}
    for box in quiz.locator(".psoas-question").all():
        qid = box.get_attribute("data-qid")
        if key[qid]["type"] == "multiple_choice":
            return quiz, box, key[qid]
    pytest.fail("the lesson's self-check has no multiple-choice question")


def tab_into(page, box):
    """Focus whatever comes just before ``box`` in tab order, then press Tab."""
    page.evaluate(
        """(box) => {
      const all = Array.from(document.querySelectorAll(
        'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'));
      const first = box.querySelector('input');
      const before = all.filter((el) =>
        el.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING &&
        !el.closest('[hidden]') && el.offsetParent !== null);
      const last = before[before.length - 1];
      last.focus();
    }""",
        box.element_handle(),
    )
    page.keyboard.press("Tab")


@pytest.fixture
def lesson_page(lesson, site, open_page):
    """A lesson page with empty progress storage (the lesson's own quiz reads it on answers)."""
    page, watch = open_page(lesson)
    page.evaluate("() => window.localStorage.clear()")
    assert page.locator("section.psoas-quiz").count() > 0, f"{lesson}: no self-check quiz"
    yield page, watch
    page.evaluate("() => window.localStorage.clear()")


def test_quiz_by_keyboard_remembers_wrong_answers_and_resets(lesson, lesson_page):
    """Keyboard only: Tab to an option, arrows and Space, Tab to "Check answer", Enter.

    A typed answer with no number in it ("lots") gets a friendly message; a wrong choice is
    saved, due for review the next day, and stays so after a reload; "Reset all lessons"
    empties storage.
    """
    page, watch = lesson_page
    answer_a_word(page, lesson)
    quiz, box, question = first_choice_question(page)
    qid = question["id"]
    wrong = next(i for i, a in enumerate(question["answers"]) if not a["correct"])
    right = next(i for i, a in enumerate(question["answers"]) if a["correct"])

    # Tab to the radio group, move to a wrong option with the arrows, Space to select it
    tab_into(page, box)
    for _ in range(len(question["answers"])):
        focused = page.evaluate(FOCUSED)
        assert focused["type"] == "radio", f"{lesson}: Tab reached {focused}, not an option"
        if int(focused["value"]) == wrong:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.evaluate(FOCUSED)["checked"], f"{lesson}: Space did not select the option"

    # Tab to "Check answer", Enter
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert "psoas-check" in focused["cls"], f"{lesson}: Tab after the options reached {focused}"
    page.keyboard.press("Enter")
    feedback = box.locator(".psoas-feedback")
    assert feedback.is_visible(), f"{lesson} {qid}: no feedback shown"
    text = feedback.inner_text().strip()
    assert text and "undefined" not in text, f"{lesson} {qid}: feedback {text!r}"
    assert "is-wrong" in feedback.get_attribute("class"), f"{lesson} {qid}: wrong answer not marked"

    # the miss survives a reload, due for review the next day
    page.reload()
    watch.settle(page)
    stored = progress(page)
    card = (stored or {}).get("cards", {}).get(qid)
    assert card and card["correct"] is False, f"{lesson}: {qid} not saved as missed: {stored}"
    today = page.evaluate("() => window.PsoasSRS.today()")
    assert card["due"] == page.evaluate(f"() => window.PsoasSRS.addDays({today!r}, 1)")

    # the right answer takes it off the queue again
    box = page.locator(f"section.psoas-quiz[data-review='0'] .psoas-question[data-qid='{qid}']")
    assert box.count() == 1, f"{lesson}: after reload {page.url} shows {box.count()} {qid}"
    box.locator(f"input[value='{right}']").check()
    box.locator(".psoas-check").click()
    assert "is-correct" in box.locator(".psoas-feedback").get_attribute("class")
    assert progress(page)["cards"][qid]["correct"] is True

    # "Reset all lessons" clears storage and the feedback on the page
    quiz = page.locator(LESSON_QUIZ).first
    quiz.locator(".psoas-reset[data-scope='all']").click()
    assert progress(page) is None, f"{lesson}: storage after reset: {progress(page)}"
    assert box.locator(".psoas-feedback").is_hidden()
    assert not reader_errors(watch), reader_errors(watch)


def answer_a_word(page, lesson) -> None:
    """Type "lots" (no number, no number word) into a typed-answer question and check it.

    Every answer rule for typed input is in data/answer_cases.json (test_quiz_browser.py).
    """
    quiz = page.locator(LESSON_QUIZ).first
    boxes = quiz.locator(".psoas-question:has(input[type=text])")
    if boxes.count() == 0:  # a lesson may ask only choice questions
        return
    numeric = quiz.locator(".psoas-question:has(input[inputmode=decimal])")
    box = numeric.first if numeric.count() else boxes.first
    box.locator("input[type=text]").focus()
    page.keyboard.type("lots")
    page.keyboard.press("Tab")
    assert "psoas-check" in page.evaluate(FOCUSED)["cls"], f"{lesson}: Tab missed 'Check answer'"
    page.keyboard.press("Enter")
    feedback = box.locator(".psoas-feedback")
    assert feedback.is_visible(), f"{lesson}: no feedback for 'lots'"
    text = feedback.inner_text().strip()
    assert len(text) > 10, f"{lesson}: feedback {text!r}"
    for junk in ("undefined", "null", "NaN", "Error", "[object"):
        assert junk not in text, f"{lesson}: feedback shows {junk!r}: {text!r}"
    assert "is-correct" not in feedback.get_attribute("class")
    if numeric.count():
        # no number in it: explained, but not counted as a wrong attempt
        qid = box.get_attribute("data-qid")
        stored = page.evaluate(f"() => localStorage.getItem({json.dumps(PROGRESS_KEY)})")
        assert stored is None or qid not in stored, f"{lesson}: 'lots' was queued for review"
