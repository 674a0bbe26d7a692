"""Lesson 1 opened straight from disk (file://): diagrams and self-checks still work offline."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LESSON = "notebooks/01-meet-the-psoas.html"


def test_lesson_works_from_a_file_url(site, context, watch):
    path = site / LESSON
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make book` first")
    page = context.new_page()
    seen = watch(page, allowed="file://")
    try:
        page.goto(path.as_uri(), wait_until="load")

        figure = page.locator("figure.psoas-diagram").first
        drawing = figure.locator(".psoas-drawing")
        before = drawing.inner_html()
        control = figure.locator("[data-control]").first
        control.focus()
        key = {"range": "End", "radio": "ArrowRight"}.get(control.get_attribute("type"), "Space")
        page.keyboard.press(key)
        assert drawing.inner_html() != before, f"file:// {LESSON}: {key} did not redraw"

        quiz = page.locator("section.psoas-quiz").first
        box = quiz.locator(".psoas-question:has(input[type=radio])").first
        box.locator("input[type=radio]").first.focus()
        page.keyboard.press("Space")
        box.locator(".psoas-check").focus()
        page.keyboard.press("Enter")
        feedback = box.locator(".psoas-feedback")
        assert feedback.is_visible() and feedback.inner_text().strip(), (
            f"file:// {LESSON}: no quiz feedback"
        )
        page.evaluate("() => window.localStorage.clear()")
    finally:
        page.close()
    assert not seen.foreign_requests, f"file:// {LESSON} asked other hosts: {seen.foreign_requests}"
    assert not seen.console_errors, f"file:// {LESSON}: {seen.console_errors}"
    assert not seen.failed_requests, f"file:// {LESSON}: {seen.failed_requests}"
