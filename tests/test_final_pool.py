"""The closed-book final check's pool (data/final_pool.json, psoas_course.core.final_pool):
at least 4 questions from every teaching lesson of the index, every id in its lesson's bank,
beliefs scored apart with the lesson that answers them, and a clear message for a bad file.
The draw and the page are tested in chromium (tests/browser/test_final_check.py); the saved
attempts in srs.js under Node here."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from psoas_course.core import final_pool
from psoas_course.core.bank import load_bank
from psoas_course.core.final_pool import (
    MIN_PER_LESSON,
    PoolError,
    load_pool,
    page_data,
    teaching_lessons,
)
from psoas_course.course import lessons
from tests.srs_node import run

ROOT = Path(__file__).resolve().parents[1]
POOL = json.loads((ROOT / "data" / "final_pool.json").read_text(encoding="utf-8"))


def test_the_pool_draws_at_least_four_questions_from_every_teaching_lesson_of_the_index():
    pool = load_pool()
    keys = [item.key for item, _ in teaching_lessons()]
    assert keys == [item.key for item in lessons() if item.number <= 9]  # lessons 1-9
    assert list(pool.lessons) == keys
    for key, ids in pool.lessons.items():
        assert len(ids) >= MIN_PER_LESSON, (key, ids)
        bank_ids = {q["id"] for q in load_bank(key).questions}
        assert set(ids) <= bank_ids, (key, set(ids) - bank_ids)
    assert sum(len(ids) for ids in pool.lessons.values()) >= 40


def test_beliefs_are_apart_and_each_names_the_lesson_that_answers_it():
    pool = load_pool()
    asked_again = {
        q["id"]
        for _, bank in teaching_lessons()
        for q in bank.questions
        if q.get("again_in_final_check")
    }
    assert asked_again and set(pool.beliefs) == asked_again
    assert pool.beliefs["01-stretch-myth"] == "06-stretching-and-caring-for-the-psoas"
    scored = {qid for ids in pool.lessons.values() for qid in ids}
    assert not scored & set(pool.beliefs)


def test_the_pool_leaves_out_figure_readings_and_ledger_lookups():
    """Closed book, on a page with no diagram or ledger: no question that reads a figure."""
    for qid, q in load_pool().questions.items():
        text = " ".join([q["question"]] + [v["question"] for v in q.get("variants", [])]).lower()
        for word in ("diagram", "explorer", "slide the", "the ledger", "side view", "front view"):
            assert word not in text, (qid, word)


def test_the_page_data_carries_every_question_and_links_each_lesson():
    data = page_data()
    assert data["per_lesson"] == 2 and data["pass_mark"] == POOL["pass_mark"]
    assert [lesson["key"] for lesson in data["lessons"]] == list(POOL["lessons"])
    first = data["lessons"][0]
    assert first["href"] == "../notebooks/01-meet-the-psoas.html"
    assert first["title"].startswith("Lesson 1: ")
    listed = [qid for ids in POOL["lessons"].values() for qid in ids] + list(POOL["beliefs"])
    assert sorted(data["questions"]) == sorted(listed)
    assert "in lesson 5 say?" in data["questions"]["05-herrington-percent"]["question"]
    for q in data["questions"].values():
        assert not q["question"].lower().startswith("lesson"), q["id"]
        assert "this lesson" not in q["question"], q["id"]  # the page is not the lesson
        assert q["answers"] and all("correct" in a for a in q["answers"])


# -- a bad pool file: the message names the file and the field ----------------------------------
def write(tmp_path, change) -> Path:
    data = json.loads(json.dumps(POOL))
    change(data)
    path = tmp_path / "final_pool.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


L3 = "03-spine-stability-and-side-bending"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["lessons"][L3].append("03-no-such"), f"'lessons.{L3}[5]': unknown question"),
        (lambda d: d["lessons"][L3].append("01-minor"), "it is in 01-meet-the-psoas's bank"),
        (lambda d: d["lessons"].update({"11-new": ["x"] * 4}), "'lessons.11-new': unknown lesson"),
        (lambda d: d["lessons"].update({"10-review": ["x"] * 4}), "unknown lesson '10-review'"),
        (lambda d: d["lessons"].pop(L3), f"lesson '{L3}' is missing"),
        (lambda d: d["lessons"].update({L3: d["lessons"][L3][:3]}), "at least 4 are needed"),
        (lambda d: d["lessons"][L3].append("03-one-side"), "listed twice"),
        (lambda d: d["lessons"][L3].append(3), f"'lessons.{L3}': must be a list of question ids"),
        (lambda d: d["lessons"]["01-meet-the-psoas"].append("01-stretch-myth"), "list it under"),
        (lambda d: d["beliefs"].update({"01-minor": L3}), "'beliefs.01-minor': '01-minor' is not"),
        (lambda d: d["beliefs"].update({"01-stretch-myth": "6"}), "'beliefs.01-stretch-myth'"),
        (lambda d: d["beliefs"].pop("01-stretch-myth"), "'beliefs': '01-stretch-myth'"),
        (lambda d: d.update(pass_mark=70), "field 'pass_mark'"),
        (lambda d: d.update(size=20), "unknown field 'size'"),
    ],
)
def test_a_bad_pool_is_refused_with_the_file_and_field_named(tmp_path, change, message):
    path = write(tmp_path, change)
    with pytest.raises(PoolError) as err:
        load_pool(path)
    assert str(path) in str(err.value) and message in str(err.value), str(err.value)


def test_a_pool_that_is_not_json_or_missing_says_so(tmp_path):
    path = tmp_path / "final_pool.json"
    with pytest.raises(PoolError, match="missing: the final check needs its pool"):
        load_pool(path)
    path.write_text('{"lessons": [}', encoding="utf-8")
    with pytest.raises(PoolError, match=r"invalid JSON at line 1, column 14"):
        load_pool(path)


def test_the_book_build_stops_on_a_bad_pool(tmp_path, monkeypatch):
    from sphinx.errors import ExtensionError

    from psoas_course.site import sphinx_ext

    bad = write(tmp_path, lambda d: d["lessons"][L3].append("03-no-such"))
    monkeypatch.setattr(final_pool, "pool_path", lambda: bad)
    book = tmp_path / "book"
    app = types.SimpleNamespace(srcdir=str(tmp_path))
    sphinx_ext.check_final_pool(app)  # a book without the final-check page does not read it
    book.mkdir()
    (book / "final-check.md").write_text("# Final check\n", encoding="utf-8")
    with pytest.raises(ExtensionError, match=r"final_pool.json: field 'lessons\.03-"):
        sphinx_ext.check_final_pool(app)
    monkeypatch.undo()
    sphinx_ext.check_final_pool(app)  # the shipped pool is fine


# -- the attempts, kept by srs.js (window.PsoasSRS) ----------------------------------------------
def test_attempts_are_kept_with_progress_exported_and_checked_on_import():
    result, storage = run(
        """
        var first = S.finalState();
        S.finalAnswer('01-insertion', true);
        S.finalAnswer('01-insertion', false);           // a second answer does not count
        S.finalAnswer('01-hip-flexor-myth', 'noted');   // a belief before its lesson
        S.finalAnswer('01-hip-flexor-myth', true);      // marked once the lesson is open
        var answered = S.finalState().answers;
        var next = S.finalRetake(1, 18);
        var text = S.exportText();
        var back = S.readImport(text);
        var bad = S.readImport(text.replace('"attempt": 2', '"attempt": -1'));
        return {first: first, answered: answered, next: next, back: back.ok && back.progress.finals,
                bad: bad.ok, message: bad.message};
        """,
        storage={"psoas-course-learner-v1": "abcdefgh12"},
        now=1_796_000_000_000,
    )
    assert result["first"] == {"learner": "abcdefgh12", "attempt": 1, "answers": {}, "past": []}
    assert result["answered"] == {"01-insertion": True, "01-hip-flexor-myth": True}
    assert result["next"]["attempt"] == 2 and result["next"]["answers"] == {}
    assert result["next"]["past"] == [{"attempt": 1, "day": "2026-11-30", "right": 1, "asked": 18}]
    assert result["back"] == result["next"]
    assert result["bad"] is False and "final-check record" in result["message"]
    saved = json.loads(storage["psoas-course-progress"])
    assert saved["finals"]["attempt"] == 2 and saved["version"] == 2


def test_an_import_keeps_the_further_attempt():
    result = run(
        """
        var mine = S.fresh(), theirs = S.fresh();
        mine.finals = {learner: 'aaaaaaaa1', attempt: 2, answers: {}, past: []};
        theirs.finals = {learner: 'bbbbbbbb2', attempt: 5, answers: {}, past: []};
        return [S.merge(mine, theirs).progress.finals.attempt,
                S.merge(theirs, mine).progress.finals.attempt,
                S.merge(mine, S.fresh()).progress.finals.learner];
        """
    )
    assert result == [5, 5, "aaaaaaaa1"]


# -- the page's frame (psoas_course.ui.final_page) ------------------------------------------------
def test_the_page_counts_its_lessons_from_the_index_and_shows_no_answers():
    from psoas_course.ui.final_page import final_check_page

    page = final_check_page()
    taught = len(teaching_lessons())
    assert f"drawn from {taught} lessons" in repr(page)
    html = page._repr_html_()
    assert f"{2 * taught} questions, 2 from each of the {taught} lessons" in html
    # no answer boxes, nothing for the print stylesheet to list
    assert 'class="psoas-answers"' not in html and "<details" not in html
    # quiz.js only lends its marking here: it must not start a quiz on the page
    wrapper = html.split('<div hidden data-ready="1">', 1)[1].split("</div>", 1)[0]
    assert "window.PsoasQuiz" in wrapper and "window.PsoasSRS" in wrapper
    assert html.rstrip().endswith("</script></section>") and "window.PsoasFinal" in html
