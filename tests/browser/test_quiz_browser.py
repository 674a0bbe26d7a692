"""The self-check engine in chromium: the shared answer cases, saved progress that cannot
break (and today's saved progress migrated), JavaScript off, per-learner option order,
reviews due by date (a fake clock: Playwright's page.clock) across lesson pages and a reload,
resets that say what they reset, and the scored final check."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime

import pytest
from quiz_steps import answer

from psoas_course.core.data import data_dir
from psoas_course.course import lessons

pytestmark = pytest.mark.browser

KEY = "psoas-course-progress"  # assets/srs.js, format 2
OLD_KEY = "psoas-course-progress-v1"  # what quiz.js saved before: migrated on first read
START = datetime(2026, 12, 8, 9, 0)  # the fake clock's first morning (local time)
DAY = 86_400_000  # ms: Playwright's clock.fast_forward
CASES = json.loads((data_dir() / "answer_cases.json").read_text(encoding="utf-8"))
LESSONS = [asdict(item) for item in lessons()]
FIRST, SECOND, LESSON_THREE, LAST = (f"notebooks/{LESSONS[i]['key']}.html" for i in (0, 1, 2, -1))
ANSWER_KEY = "(s) => JSON.parse(s.querySelector('script.psoas-answers').textContent)"


def stored(page):
    raw = page.evaluate(f"() => localStorage.getItem('{KEY}')")
    return json.loads(raw) if raw else None


def cards(page):
    return (stored(page) or {}).get("cards", {})


def today(page, plus=0):
    return page.evaluate(f"() => window.PsoasSRS.addDays(window.PsoasSRS.today(), {plus})")


def errors(watch):
    return watch.console_errors + watch.failed_requests


@pytest.fixture
def fresh_context(browser, base_url):
    """A context of its own (its own storage), closed afterwards."""
    made = []

    def make(**options):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def open_in(ctx, base_url, rel):
    page = ctx.new_page()
    seen = []
    page.on("pageerror", lambda e: seen.append(f"pageerror: {e} {e.stack}"))
    page.on("console", lambda m: m.type == "error" and seen.append(m.text))
    page.goto(base_url + rel, wait_until="load")
    return page, seen


def section(page, kind):
    return page.locator(f"section.psoas-quiz[data-kind='{kind}']:not([data-practice])").first


def questions_of(sec):
    return {q["id"]: q for q in sec.evaluate(ANSWER_KEY)}


# -- one table of answer cases, marked by the page's own checker -----------------------------
def test_page_checker_agrees_with_the_shared_answer_cases(site, open_page):
    page, watch = open_page(FIRST)
    results = page.evaluate(
        """(table) => table.cases.map((c) => window.PsoasQuiz.judgeFree(
             table.questions[c.question], c.input))""",
        CASES,
    )
    wrong = [
        f"{c['question']} {c['input']!r}: expected {c['verdict']}, got {verdict} ({text})"
        for c, (verdict, text) in zip(CASES["cases"], results, strict=True)
        if verdict != c["verdict"] or c.get("says", "").lower() not in text.lower()
    ]
    assert not wrong, "\n".join(wrong)
    assert not errors(watch), errors(watch)


# -- saved progress that cannot break ------------------------------------------------------
BAD = ['{"answers": null}', "5", '{"answers": {}, "review": "08-verdicts-sort"}', "{not json"]


@pytest.mark.parametrize("bad", BAD)
def test_bad_saved_progress_is_reset_with_a_notice(site, base_url, fresh_context, bad):
    ctx = fresh_context()
    ctx.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1'); "
        f"localStorage.setItem('{KEY}', {json.dumps(bad)}); }}"
    )
    page, seen = open_in(ctx, base_url, SECOND)
    notice = page.locator(".psoas-notice:visible")
    assert notice.count() == 1, f"{bad}: {notice.count()} notices"
    assert "could not be read" in notice.inner_text() and "reset" in notice.inner_text()
    assert stored(page)["version"] == 2 and stored(page)["cards"] == {}
    review = section(page, "review")
    assert review.locator(".psoas-question:visible").count() == 0  # not every question
    # answers are saved again
    lesson = section(page, "lesson")
    box = lesson.locator(".psoas-question").first
    q = questions_of(lesson)[box.get_attribute("data-qid")]
    answer(box, q, right=False)
    assert list(cards(page)) == [q["id"]] and cards(page)[q["id"]]["due"] == today(page, 1)
    page.reload()
    assert page.locator(".psoas-notice:visible").count() == 0
    assert not seen, seen


def test_blocked_storage_is_said_and_answers_still_checked(site, base_url, fresh_context):
    ctx = fresh_context()
    ctx.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new Error('storage blocked by the test'); }});"
    )
    page, seen = open_in(ctx, base_url, SECOND)
    # the theme's own head script stumbles on blocked storage; the quiz starts in full
    assert section(page, "review").locator(".psoas-empty").is_visible()
    seen.clear()
    note = section(page, "lesson").locator(".psoas-storage").inner_text()
    assert "does not let the page save" in note and "forgotten" in note
    lesson = section(page, "lesson")
    box = lesson.locator(".psoas-question").first
    text = answer(box, questions_of(lesson)[box.get_attribute("data-qid")], right=True)
    assert text.startswith("Correct.")
    assert not seen, seen


def test_without_javascript_a_note_shows_and_the_review_box_hides(site, base_url, fresh_context):
    page, _ = open_in(fresh_context(java_script_enabled=False), base_url, SECOND)
    notes = page.locator(".psoas-noscript")
    assert notes.count() >= 1 and notes.first.is_visible()
    assert "needs JavaScript" in notes.first.inner_text()
    assert section(page, "review").is_hidden()
    assert section(page, "lesson").is_visible()


# -- options in a per-learner order -----------------------------------------------------------
ORDER = """(s) => Array.from(s.querySelectorAll('.psoas-question')).map((b) =>
  Array.from(b.querySelectorAll('.psoas-options input')).map((i) => i.value).join(''))"""


def test_option_order_is_per_learner_and_stable_across_reloads(site, base_url, fresh_context):
    orders = []
    for _ in range(2):
        page, seen = open_in(fresh_context(), base_url, FIRST)
        first = section(page, "lesson").evaluate(ORDER)
        page.reload()
        assert section(page, "lesson").evaluate(ORDER) == first, "order changed on reload"
        orders.append(first)
        assert not seen, seen
    assert orders[0] != orders[1], "two learners got the same order of every option"


# -- today's saved progress is migrated, not reset -----------------------------------------------
def test_progress_saved_before_is_migrated_without_a_notice(site, base_url, fresh_context):
    old = {
        "answers": {
            "01-origins": {"correct": True, "level": 2, "due": 3},
            "01-insertion": {"correct": False, "level": 0, "due": 0},
            "01-hip-flexor-myth": {"correct": True, "belief": {"picked": [0], "sure": "certain"}},
        },
        "review": ["01-insertion"],
        "final": {"01-hip-flexor-myth": True},
    }
    ctx = fresh_context()
    ctx.add_init_script(f"localStorage.setItem('{OLD_KEY}', {json.dumps(json.dumps(old))});")
    page, seen = open_in(ctx, base_url, SECOND)
    assert page.locator(".psoas-notice:visible").count() == 0
    saved = cards(page)
    assert set(old["answers"]) <= set(saved)
    assert saved["01-insertion"]["correct"] is False and saved["01-origins"]["correct"] is True
    assert saved["01-hip-flexor-myth"]["belief"] == {"picked": [0], "sure": "certain"}
    assert saved["01-hip-flexor-myth"]["final"] is True
    # the miss on the old review list is due at once, in lesson 2's opening review
    shown = section(page, "review").locator(".psoas-question:visible")
    assert [b.get_attribute("data-qid") for b in shown.all()] == ["01-insertion"]
    assert not seen, seen


# -- reviews due by date, across two lesson pages and a reload -------------------------------------
def test_review_queue_by_days_across_lesson_pages_and_a_reload(site, base_url, fresh_context):
    ctx = fresh_context()
    ctx.clock.install(time=START)
    page, seen = open_in(ctx, base_url, FIRST)
    lesson = section(page, "lesson")
    key = questions_of(lesson)
    boxes = lesson.locator(".psoas-question")
    missed, kept, later = (boxes.nth(i).get_attribute("data-qid") for i in range(3))
    box = lesson.locator(f".psoas-question[data-qid='{missed}']")

    # a miss is due the next day; an instant retry does not undo it
    assert "come back in your review tomorrow" in answer(box, key[missed], right=False)
    assert cards(page)[missed]["due"] == today(page, 1)
    box.locator("input[type=text], input:checked").evaluate_all(
        "(els) => els.forEach((el) => { el.value = el.type === 'text' ? '' : el.value;"
        " el.checked = false; })"
    )
    assert "still comes back in your review tomorrow" in answer(box, key[missed], right=True)
    assert cards(page)[missed]["due"] == today(page, 1)
    # a first right answer is due in days, not minutes
    answer(lesson.locator(f".psoas-question[data-qid='{kept}']"), key[kept], right=True)
    assert cards(page)[kept]["due"] == today(page, 2)
    answer(lesson.locator(f".psoas-question[data-qid='{later}']"), key[later], right=False)

    # a reload is a later visit: a right answer now is scheduled (the same day: due tomorrow)
    page.reload()
    lesson = section(page, "lesson")
    answer(lesson.locator(f".psoas-question[data-qid='{later}']"), key[later], right=True)
    assert len(cards(page)[later]["log"]) == 2 and cards(page)[later]["correct"] is True

    # the next lesson the same day: nothing is due yet
    page.goto(base_url + SECOND, wait_until="load")
    assert section(page, "review").locator(".psoas-question:visible").count() == 0
    assert section(page, "review").locator(".psoas-empty").is_visible()

    # the next day: the miss and the question right only after a miss come back
    ctx.clock.fast_forward(DAY)
    page.reload()
    review = section(page, "review")
    due = {
        b.get_attribute("data-qid"): b.get_attribute("data-due")
        for b in review.locator(".psoas-question:visible").all()
    }
    assert due == {missed: "missed", later: "spaced"}, due
    why = review.locator(f".psoas-question[data-qid='{missed}'] .psoas-why").inner_text()
    assert "missed" in why
    review_key = questions_of(review)
    answer(review.locator(f".psoas-question[data-qid='{missed}']"), review_key[missed], right=True)
    assert cards(page)[missed]["due"] > today(page, 1)
    page.reload()
    assert section(page, "review").locator(f".psoas-question[data-qid='{missed}']").is_hidden()

    # two days after the first answer: the question answered right is due; its next gap is longer
    ctx.clock.fast_forward(DAY)
    page.reload()
    review = section(page, "review")
    box = review.locator(f".psoas-question[data-qid='{kept}']")
    assert box.is_visible() and box.get_attribute("data-due") == "spaced"
    answer(box, questions_of(review)[kept], right=True)
    days = page.evaluate(
        f"() => window.PsoasSRS.daysBetween(window.PsoasSRS.today(), {cards(page)[kept]['due']!r})"
    )
    assert days > 2, f"the second gap ({days} days) is not longer than the first (2 days)"
    assert not seen, seen


def test_reset_one_lesson_or_all_says_what_it_reset(site, base_url, fresh_context):
    ctx = fresh_context()
    ctx.clock.install(time=START)
    page, seen = open_in(ctx, base_url, FIRST)
    first = section(page, "lesson")
    box = first.locator(".psoas-question").first
    one = box.get_attribute("data-qid")
    answer(box, questions_of(first)[one], right=False)
    page.goto(base_url + SECOND, wait_until="load")
    lesson = section(page, "lesson")
    box = lesson.locator(".psoas-question").first
    two = box.get_attribute("data-qid")
    answer(box, questions_of(lesson)[two], right=False)
    assert set(cards(page)) == {one, two}

    lesson.locator(".psoas-reset[data-scope='lesson']").click()
    notice = lesson.locator(".psoas-notice").inner_text()
    assert "forgotten" in notice and "your other answers are kept" in notice
    assert set(cards(page)) == {one}
    assert box.locator(".psoas-feedback").is_hidden()

    # the next day, the review box resets only the questions it shows
    ctx.clock.fast_forward(DAY)
    page.goto(base_url + LESSON_THREE, wait_until="load")
    review = section(page, "review")
    shown = [b.get_attribute("data-qid") for b in review.locator(".psoas-question:visible").all()]
    assert shown == [one]
    answer(
        section(page, "lesson").locator(".psoas-question").first,
        questions_of(section(page, "lesson"))[
            section(page, "lesson").locator(".psoas-question").first.get_attribute("data-qid")
        ],
        right=True,
    )
    before = set(cards(page))
    review.locator(".psoas-reset[data-scope='review']").click()
    assert (
        "your answer to the question above is forgotten"
        in review.locator(".psoas-notice").inner_text()
    )
    assert set(cards(page)) == before - {one}

    lesson = section(page, "lesson")
    lesson.locator(".psoas-reset[data-scope='all']").click()
    assert "every answer in the course" in lesson.locator(".psoas-notice").inner_text()
    assert stored(page) is None
    assert section(page, "review").locator(".psoas-question:visible").count() == 0
    assert not seen, seen


# -- the scored final check ------------------------------------------------------------------------
def test_final_check_scores_and_links_back_to_each_lesson(site, base_url, fresh_context):
    page, seen = open_in(fresh_context(), base_url, LAST)
    final = section(page, "final")
    key = questions_of(final)
    boxes = final.locator(".psoas-question").all()
    assert 18 <= len(boxes) <= 24
    legends = [b.locator("legend").inner_text() for b in boxes]
    assert not [t for t in legends if t.startswith(("Lesson ", "Lessons "))], legends
    for n, box in enumerate(boxes):
        answer(box, key[box.get_attribute("data-qid")], right=n % 4 != 0)  # 3 in 4 right
        if n == 0:
            assert "Answered 1 of" in final.locator(".psoas-score").inner_text()
    score = final.locator(".psoas-score").inner_text()
    right = sum(1 for n in range(len(boxes)) if n % 4 != 0)
    assert f"Your score: {right} of {len(boxes)}" in score, score
    assert "pass mark is 70%" in score
    assert ("you passed" in score) == (right / len(boxes) >= 0.7)
    links = final.locator(".psoas-score table a")
    hrefs = {a.get_attribute("href") for a in links.all()}
    lessons = {f"{item['key']}.html" for item in LESSONS[:-1] if item["bank"]}
    assert hrefs == lessons, hrefs ^ lessons
    for href in hrefs:
        assert (site / "notebooks" / href).is_file(), href
    # the score survives a reload: it counts first answers
    page.reload()
    assert f"Your score: {right} of {len(boxes)}" in section(page, "final").inner_text()
    assert not seen, seen


# -- beliefs rated for confidence in lesson 1, asked again in the final check ----------------
def myth_box(page, kind, qid):
    return section(page, kind).locator(f".psoas-question[data-qid='{qid}']")


def test_a_belief_and_its_confidence_come_back_beside_the_new_answer(site, base_url, fresh_context):
    ctx = fresh_context()
    page, seen = open_in(ctx, base_url, FIRST)
    lesson = section(page, "lesson")
    key = questions_of(lesson)
    myths = [qid for qid, q in key.items() if qid.endswith("-myth")]
    assert len(myths) >= 2 and all(key[qid].get("confidence") for qid in myths)
    qid, skipped = myths[0], myths[1]
    wrong = next(i for i, a in enumerate(key[qid]["answers"]) if not a["correct"])
    right = next(i for i, a in enumerate(key[qid]["answers"]) if a["correct"])

    # lesson 1: a wrong belief, held with certainty
    box = myth_box(page, "lesson", qid)
    assert "How sure are you?" in box.locator(".psoas-confidence").inner_text()
    box.locator(f".psoas-options input[value='{wrong}']").check()
    box.locator(".psoas-confidence input[value='certain']").check()
    box.locator(".psoas-check").click()
    assert "is-wrong" in box.locator(".psoas-feedback").get_attribute("class")
    assert box.locator(".psoas-belief").is_hidden()  # nothing to compare with yet
    assert cards(page)[qid]["belief"] == {"picked": [wrong], "sure": "certain"}
    # a retry in the lesson does not overwrite the belief first given
    box.locator(f".psoas-options input[value='{right}']").check()
    box.locator(".psoas-confidence input[value='fairly-sure']").check()
    box.locator(".psoas-check").click()
    assert cards(page)[qid]["belief"] == {"picked": [wrong], "sure": "certain"}

    # the final check asks it again and shows then and now side by side
    page.goto(base_url + LAST, wait_until="load")
    final_key = questions_of(section(page, "final"))
    box = myth_box(page, "final", qid)
    assert box.count() == 1, f"{qid} is not in the final check"
    box.locator(f".psoas-options input[value='{right}']").check()
    box.locator(".psoas-confidence input[value='guessing']").check()
    box.locator(".psoas-check").click()
    belief = box.locator(".psoas-belief")
    assert belief.is_visible()
    rows = belief.locator("tbody tr").all_inner_texts()
    assert len(rows) == 2, rows
    then_text, now_text = final_key[qid]["answers"][wrong], final_key[qid]["answers"][right]
    assert "Lesson 1" in rows[0] and then_text["answer"] in rows[0] and "certain" in rows[0]
    assert rows[1].startswith("Now") and now_text["answer"] in rows[1] and "guessing" in rows[1]
    assert "Your answer has changed, and you are less sure." in belief.inner_text()
    assert cards(page)[qid]["recheck"] == {"picked": [right], "sure": "guessing"}
    assert cards(page)[qid]["belief"]["picked"] == [wrong]

    # a belief not given in lesson 1 says so; the comparison survives a reload
    other = myth_box(page, "final", skipped)
    other.locator(".psoas-options input").first.check()
    other.locator(".psoas-check").click()
    assert "did not answer this in Lesson 1" in other.locator(".psoas-belief").inner_text()
    page.reload()
    belief = myth_box(page, "final", qid).locator(".psoas-belief")
    assert belief.is_visible() and "certain" in belief.inner_text()

    # resetting the check forgets today's answer, not the belief from the lesson
    section(page, "final").locator(".psoas-reset[data-scope='final']").click()
    assert "answers in the lessons are kept" in section(page, "final").inner_text()
    assert myth_box(page, "final", qid).locator(".psoas-belief").is_hidden()
    kept = cards(page)[qid]
    assert "recheck" not in kept and kept["belief"] == {"picked": [wrong], "sure": "certain"}
    assert not seen, seen


def test_a_broken_saved_belief_is_dropped_with_a_notice(site, base_url, fresh_context):
    ctx = fresh_context()
    bad = {
        "version": 2,
        "cards": {"01-hip-flexor-myth": {"correct": True, "at": 1, "belief": {"picked": "x"}}},
        "opened": {},
    }
    ctx.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1'); "
        f"localStorage.setItem('{KEY}', {json.dumps(json.dumps(bad))}); }}"
    )
    page, seen = open_in(ctx, base_url, FIRST)
    assert "could not be read" in page.locator(".psoas-notice:visible").first.inner_text()
    kept = cards(page)["01-hip-flexor-myth"]
    assert kept["correct"] is True and "belief" not in kept
    assert not seen, seen
