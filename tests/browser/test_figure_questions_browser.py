"""Questions on the figures in the built book (lessons 7 and 9, chromium): a tapped marker or a
keyboard answer is marked, the feedback rings the right structure, the answer is a card in
window.PsoasSRS with an FSRS due date, and two learners get different numbers (each keeps
its own across a reload). The markers are buttons named by number and place, never by the
structure."""

from __future__ import annotations

import json
import re

import pytest

from psoas_course.topics.figure_questions import load_figure_set

pytestmark = pytest.mark.browser

LEARNER_KEY = "psoas-course-learner-v1"  # quiz.js's learner id, which figquiz.js seeds with
PAGES = {
    "07-breathing-stress-and-big-claims": "notebooks/07-breathing-stress-and-big-claims.html",
    "09-when-the-psoas-is-a-clinical-problem": (
        "notebooks/09-when-the-psoas-is-a-clinical-problem.html"
    ),
}


@pytest.fixture
def fresh_context(browser):
    made = []

    def make(learner: str | None = None, **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        ctx = browser.new_context(**options)
        if learner:
            ctx.add_init_script(f"localStorage.setItem({LEARNER_KEY!r}, {learner!r})")
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def open_lesson(ctx, base_url, lesson):
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(base_url + PAGES[lesson], wait_until="load")
    section = page.locator("section.psoas-figquiz").first
    section.locator(".psoas-fq-marker:not([disabled])").first.wait_for(timeout=10_000)
    return page, section, errors


def numbers(section) -> dict[int, str]:
    """Structure index -> the number its marker shows to this learner."""
    return {
        int(b.get_attribute("data-s")): b.inner_text().strip()
        for b in section.locator(".psoas-fq-marker").all()
    }


def card(page, qid):
    return page.evaluate(f"() => window.PsoasSRS.load().cards[{qid!r}] || null")


def current(section):
    return section.locator(".psoas-fq-question:visible")


@pytest.mark.parametrize("figure_lesson", sorted(PAGES))
def test_tapping_the_right_marker_is_marked_ringed_and_scheduled(
    site, base_url, fresh_context, figure_lesson
):
    lesson = figure_lesson
    ctx = fresh_context(has_touch=True)
    page, section, errors = open_lesson(ctx, base_url, lesson)
    data = load_figure_set(lesson)
    first = data["questions"][0]
    assert first["ask"] == "which"
    info = json.loads(section.locator("script.psoas-fq-data").text_content())
    s = next(q["s"] for q in info["questions"] if q["id"] == first["id"])
    assert current(section).get_attribute("data-qid") == first["id"]
    ring = section.locator(f".psoas-fq-hl[data-s='{s}']").first
    assert ring.evaluate("g => getComputedStyle(g).visibility") == "hidden"

    section.locator(f".psoas-fq-marker[data-s='{s}']").first.tap()
    feedback = current(section).locator(".psoas-feedback")
    assert feedback.inner_text().startswith(f"Correct. Number {numbers(section)[s]} marks ")
    assert feedback.get_attribute("role") == "status"
    # the feedback rings the structure on the figure and fills its marker
    assert ring.evaluate("g => getComputedStyle(g).visibility") == "visible"
    assert "is-answer" in section.locator(f".psoas-fq-marker[data-s='{s}']").first.get_attribute(
        "class"
    )
    others = section.locator(".psoas-fq-hl.is-on").all()
    assert {g.get_attribute("data-s") for g in others} == {str(s)}
    saved = card(page, first["id"])
    assert saved["correct"] is True and saved["lesson"] == lesson
    today = page.evaluate("() => window.PsoasSRS.today()")
    in_two = page.evaluate("() => window.PsoasSRS.addDays(window.PsoasSRS.today(), 2)")
    assert saved["log"][-1]["day"] == today and saved["due"] == in_two  # FSRS: Good, 2 days
    assert not errors, errors


def test_keyboard_alone_answers_both_kinds_of_question(site, base_url, fresh_context):
    lesson = "09-when-the-psoas-is-a-clinical-problem"
    ctx = fresh_context(learner="keyboardlearner1")
    page, section, errors = open_lesson(ctx, base_url, lesson)
    info = json.loads(section.locator("script.psoas-fq-data").text_content())
    first = info["questions"][0]
    shown = numbers(section)
    # a wrong marker, reached with Tab and pressed with Enter
    wrong = next(i for i in shown if i != first["s"])
    section.locator(".psoas-fq-marker").first.focus()
    for _ in range(len(shown) + 1):
        focused = page.evaluate("() => document.activeElement.dataset.s")
        if focused == str(wrong):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.s") == str(wrong)
    page.keyboard.press("Enter")
    feedback = current(section).locator(".psoas-feedback").inner_text()
    assert feedback.startswith(f"Not quite: number {shown[wrong]} marks "), feedback
    assert f"is number {shown[first['s']]}, ringed on the figure" in feedback
    marker = section.locator(f".psoas-fq-marker[data-s='{wrong}']").first
    assert "is-wrong" in marker.get_attribute("class")
    saved = card(page, first["id"])
    assert saved["correct"] is False
    tomorrow = page.evaluate("() => window.PsoasSRS.addDays(window.PsoasSRS.today(), 1)")
    assert saved["due"] == tomorrow  # a miss comes back the next day

    # on to the next question with the keyboard: focus lands on its text
    current(section).locator(".psoas-fq-next").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "LEGEND"
    progress = section.locator(".psoas-fq-progress").inner_text()
    assert progress == f"Question 2 of {len(info['questions'])}"

    # a "what does number N mark?" question, answered from the list by keyboard
    what = next(q for q in info["questions"] if q["ask"] == "what")
    while current(section).get_attribute("data-qid") != what["id"]:
        box = current(section)
        box.locator(".psoas-fq-choices input").first.check()
        box.locator(".psoas-fq-check").click()
        box.locator(".psoas-fq-next").click()
    box = current(section)
    legend = box.locator("legend").inner_text()
    assert legend == f"What does number {shown[what['s']]} mark?", legend
    asked = section.locator(f".psoas-fq-marker[data-s='{what['s']}']").first
    assert "is-asked" in asked.get_attribute("class")
    box.locator("legend").focus()
    page.keyboard.press("Tab")  # into the list of names
    for _ in range(len(shown) + 1):
        value = page.evaluate("() => document.activeElement.value")
        if value == str(what["s"]) and page.evaluate("() => document.activeElement.checked"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # to "Check answer"
    assert page.evaluate("() => document.activeElement.className") == "psoas-fq-check"
    page.keyboard.press("Enter")
    assert box.locator(".psoas-feedback").inner_text().startswith("Correct. Number ")
    assert card(page, what["id"])["correct"] is True
    assert not errors, errors


def test_two_learners_get_different_numbers_and_each_keeps_theirs(site, base_url, fresh_context):
    lesson = "07-breathing-stress-and-big-claims"
    seen = []
    for learner in ("learnerone0001", "learnertwo0002"):
        ctx = fresh_context(learner=learner)
        page, section, errors = open_lesson(ctx, base_url, lesson)
        first = numbers(section)
        # the numbers are 1..n, each marker's accessible name says its number and place only
        assert sorted(int(n) for n in first.values()) == list(range(1, len(first) + 1))
        for button in section.locator(".psoas-fq-marker").all():
            label = button.get_attribute("aria-label")
            assert re.fullmatch(rf"marker {button.inner_text().strip()}(, [a-z ]+)?", label)
        page.reload(wait_until="load")
        section = page.locator("section.psoas-figquiz").first
        section.locator(".psoas-fq-marker:not([disabled])").first.wait_for()
        assert numbers(section) == first, "a learner's numbers changed on reload"
        seen.append(first)
        assert not errors, errors
    assert seen[0] != seen[1], "two learners got the same numbers"


def test_markers_are_big_enough_to_tap_and_apart_on_a_phone(site, base_url, fresh_context):
    ctx = fresh_context(viewport={"width": 375, "height": 800}, has_touch=True)
    for lesson in sorted(PAGES):
        page, section, errors = open_lesson(ctx, base_url, lesson)
        boxes = [b.bounding_box() for b in section.locator(".psoas-fq-marker").all()]
        figure = section.locator(".psoas-fq-stage").bounding_box()
        for box in boxes:
            assert box["width"] >= 24 and box["height"] >= 24, box
            # a marker may stand out of the drawing by half its width, no more
            assert figure["x"] - 13 <= box["x"], box
            assert box["x"] + box["width"] <= figure["x"] + figure["width"] + 13, box
        centres = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2) for b in boxes]
        for i, a in enumerate(centres):
            for b in centres[i + 1 :]:
                assert ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 >= 24, (lesson, a, b)
        assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 376
        assert not errors, errors
