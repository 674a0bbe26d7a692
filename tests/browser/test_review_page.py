"""The review page (book/review.md) and the "Review: N due" link in chromium, with a fake
clock (Playwright's page.clock): a learner who does one lesson a day and comes back weeks
later gets questions from most lessons, at longer gaps; the page works by keyboard, says when
progress cannot be kept, and moves progress to another browser through a file."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime

import pytest
from quiz_steps import answer

from psoas_course.course import lessons
from psoas_course.ui.quiz import all_banks

pytestmark = pytest.mark.browser

KEY = "psoas-course-progress"
REVIEW = "book/review.html"
DAY = 86_400_000  # ms
START = datetime(2026, 12, 8, 9, 0)
LESSONS = [asdict(item) for item in lessons()]
TAUGHT = [item["key"] for item in LESSONS if item["bank"]][:9]  # lessons 1-9
ANSWER_KEY = "(s) => JSON.parse(s.querySelector('script.psoas-answers').textContent)"


def stored(page):
    raw = page.evaluate(f"() => localStorage.getItem('{KEY}')")
    return json.loads(raw) if raw else None


def today(page, plus=0):
    return page.evaluate(f"() => window.PsoasSRS.addDays(window.PsoasSRS.today(), {plus})")


def days_between(page, a, b):
    return page.evaluate(f"() => window.PsoasSRS.daysBetween({a!r}, {b!r})")


def open_in(ctx, base_url, rel):
    page = ctx.new_page()
    seen = []
    page.on("pageerror", lambda e: seen.append(f"pageerror: {e}"))
    page.on("console", lambda m: m.type == "error" and seen.append(m.text))
    page.goto(base_url + rel, wait_until="load")
    return page, seen


@pytest.fixture
def fresh_context(browser):
    made = []

    def make(**options):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def review_section(page):
    return page.locator("section.psoas-quiz[data-kind='review']").first


def shown(page):
    return review_section(page).locator(".psoas-question:visible").all()


# -- the course over weeks ------------------------------------------------------------------------
def test_one_lesson_a_day_then_reviews_weeks_later_reach_most_lessons(
    site, base_url, fresh_context
):
    ctx = fresh_context()
    ctx.clock.install(time=START)
    page, seen = open_in(ctx, base_url, f"notebooks/{TAUGHT[0]}.html")
    for n, lesson in enumerate(TAUGHT):
        if n:
            ctx.clock.fast_forward(DAY)
            page.goto(base_url + f"notebooks/{lesson}.html", wait_until="load")
        for quiz in page.locator("section.psoas-quiz[data-kind='lesson']").all():
            key = {q["id"]: q for q in quiz.evaluate(ANSWER_KEY)}
            for box in quiz.locator(".psoas-question").all():
                text = answer(box, key[box.get_attribute("data-qid")], right=True)
                assert text.startswith("Correct."), (lesson, text)
    first_due = {qid: card["due"] for qid, card in stored(page)["cards"].items()}
    first_gap = {
        qid: days_between(page, card["log"][0]["day"], card["due"])
        for qid, card in stored(page)["cards"].items()
    }
    assert set(first_gap.values()) <= {2}, "a first right answer is due in 2 days"

    back = 0
    for weeks in (2, 3, 5, 8):
        ctx.clock.fast_forward((weeks * 7 - back) * DAY)
        back = weeks * 7
        page.goto(base_url + REVIEW, wait_until="load")
        boxes = shown(page)
        reached = {box.get_attribute("data-lesson") for box in boxes}
        assert len(reached & set(TAUGHT)) >= 7, f"week {weeks}: review reaches only {reached}"
        assert "due today" in review_section(page).locator(".psoas-due-count").inner_text()
        key = {q["id"]: q for q in review_section(page).evaluate(ANSWER_KEY)}
        for i, box in enumerate(boxes):
            qid = box.get_attribute("data-qid")
            miss = weeks == 2 and i == 0
            answer(box, key[qid], right=not miss)
            card = stored(page)["cards"][qid]
            if miss:
                assert card["due"] == today(page, 1), "a missed question is due the next day"
            elif len(card["log"]) == 2:
                second = days_between(page, today(page), card["due"])
                assert second > first_gap[qid], (qid, first_due[qid], second)
    assert not seen, seen


# -- by keyboard, and when storage is blocked ------------------------------------------------------
def seeded_progress() -> str:
    cards, opened = {}, {}
    for bank in all_banks():
        if bank.lesson not in TAUGHT:
            continue
        choice = next(q for q in bank.questions if q["type"] == "multiple_choice")
        cards[choice["id"]] = {"correct": True, "at": 1, "lesson": bank.lesson, "due": "2026-12-01"}
        opened[bank.lesson] = "2026-11-20"
    return json.dumps({"version": 2, "cards": cards, "opened": opened})


def seed(ctx, saved: str) -> None:
    ctx.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1'); "
        f"localStorage.setItem('{KEY}', {json.dumps(saved)}); }}"
    )


FOCUSED = """() => { const el = document.activeElement;
  return {type: el.type || '', cls: el.className || '', value: el.value || ''}; }"""


def test_the_review_page_works_by_keyboard(site, base_url, fresh_context):
    ctx = fresh_context()
    ctx.clock.install(time=START)
    seed(ctx, seeded_progress())
    page, seen = open_in(ctx, base_url, REVIEW)
    boxes = shown(page)
    assert len(boxes) == len(TAUGHT), [b.get_attribute("data-qid") for b in boxes]
    lessons_in_order = [b.get_attribute("data-lesson") for b in boxes]
    assert len(set(lessons_in_order)) == len(TAUGHT), "one question from each lesson"
    first = boxes[0]
    first.locator(".psoas-options input").first.focus()
    assert page.evaluate(FOCUSED)["type"] == "radio"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    for _ in range(5):  # past the "How sure are you?" choices, if the question has them
        page.keyboard.press("Tab")
        if "psoas-check" in page.evaluate(FOCUSED)["cls"]:
            break
    assert "psoas-check" in page.evaluate(FOCUSED)["cls"]
    page.keyboard.press("Enter")
    feedback = first.locator(".psoas-feedback")
    assert feedback.is_visible() and feedback.inner_text().startswith(("Correct.", "Not quite."))
    assert not seen, seen


def test_the_review_page_says_when_progress_cannot_be_kept(site, base_url, fresh_context):
    ctx = fresh_context()
    ctx.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new Error('storage blocked by the test'); }});"
    )
    page, seen = open_in(ctx, base_url, REVIEW)
    note = review_section(page).locator(".psoas-storage").inner_text()
    assert "does not let the page save" in note and "forgotten" in note
    assert review_section(page).locator(".psoas-empty").is_visible()
    header = page.locator(".article-header-buttons a.psoas-review-link")
    assert header.inner_text() == "Review: 0 due"  # this visit's answers: none yet


# -- the link in every page's header ---------------------------------------------------------------
@pytest.mark.parametrize(
    "rel", ["book/welcome.html", f"notebooks/{TAUGHT[0]}.html", "book/claims-ledger.html"]
)
def test_every_page_links_the_review_with_the_number_due(site, base_url, fresh_context, rel):
    ctx = fresh_context()
    ctx.clock.install(time=START)
    page, seen = open_in(ctx, base_url, rel)
    link = page.locator(".article-header-buttons a.psoas-review-link")
    assert link.count() == 1 and link.inner_text() == "Review: 0 due"
    seed(ctx, seeded_progress())
    page.evaluate("() => sessionStorage.clear()")
    page.reload()
    assert link.inner_text() == f"Review: {len(TAUGHT)} due"
    link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(REVIEW), page.url
    assert not seen, seen


def test_on_a_phone_the_review_link_is_at_the_top_of_the_menu(site, base_url, browser):
    ctx = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        page = ctx.new_page()
        page.goto(base_url + "book/welcome.html", wait_until="load")
        assert page.locator(".article-header-buttons a.psoas-review-link").is_hidden()
        menu = page.locator(".bd-sidebar-primary a.psoas-review-link")
        assert menu.count() == 1 and menu.text_content() == "Review: 0 due"  # menu closed
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, f"the page scrolls sideways ({width} px)"
    finally:
        ctx.close()


# -- progress to a file and back -------------------------------------------------------------------
HOSTILE = {
    "huge.json": '{"format": "psoas-course-progress", "padding": "' + "x" * (1024 * 1024) + '"}',
    "proto.json": '{"format": "psoas-course-progress", "version": 2, "cards": {"__proto__": {}}}',
    "future.json": json.dumps({"format": "psoas-course-progress", "version": 9, "cards": {}}),
    "types.json": json.dumps(
        {"format": "psoas-course-progress", "version": 2, "cards": {"01-origins": {"correct": 1}}}
    ),
    "other.json": json.dumps({"answers": {}, "review": []}),
}


def test_export_clear_import_restores_every_answer_and_refuses_hostile_files(
    site, base_url, fresh_context, tmp_path
):
    ctx = fresh_context(accept_downloads=True)
    ctx.clock.install(time=START)
    page, seen = open_in(ctx, base_url, f"notebooks/{TAUGHT[0]}.html")
    quiz = page.locator("section.psoas-quiz[data-kind='lesson']:not([data-practice])").first
    key = {q["id"]: q for q in quiz.evaluate(ANSWER_KEY)}
    for i, box in enumerate(quiz.locator(".psoas-question").all()[:6]):
        answer(box, key[box.get_attribute("data-qid")], right=i % 2 == 0)
    before = stored(page)
    page.goto(base_url + REVIEW, wait_until="load")
    panel = review_section(page).locator(".psoas-transfer")
    with page.expect_download() as download:
        panel.locator(".psoas-export").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    assert "Saved 6 answers" in panel.locator(".psoas-transfer-result").inner_text()

    page.evaluate("() => localStorage.clear()")
    page.reload()
    panel = review_section(page).locator(".psoas-transfer")
    panel.locator("input.psoas-import").set_input_files(saved)
    result = panel.locator(".psoas-transfer-result")
    result.filter(has_text="Imported").wait_for()
    assert "Imported 6 answers" in result.inner_text() and "6 added" in result.inner_text()
    after = stored(page)
    assert after["cards"] == before["cards"], "an answer or due date was not restored"
    assert after["opened"] == before["opened"]

    for name, text in HOSTILE.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        kept = page.evaluate(f"() => localStorage.getItem('{KEY}')")
        panel.locator("input.psoas-import").set_input_files(path)
        result.filter(has_text="Nothing was imported").wait_for()
        assert "unchanged" in result.inner_text(), name
        assert page.evaluate(f"() => localStorage.getItem('{KEY}')") == kept, name
        page.evaluate("(el) => { el.textContent = ''; }", result.element_handle())
    assert not seen, seen
