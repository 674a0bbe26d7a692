"""The page's scheduler (ts-fsrs inside assets/srs.js, run under Node) and the Python ``fsrs``
package give the same due dates for the same answers.

Both run with the settings srs.js documents: FSRS-6 default weights, retention 0.9, no fuzz,
no learning or relearning steps, Hard/Good/Easy each scheduled from its own stability.
Answers are dated by calendar day (srs.js hands the scheduler each day's UTC midnight), so
the dates are compared to the day, and stability and difficulty to a relative 1e-6 (ts-fsrs
rounds its steps to 8 decimals). A history step is a day offset from the start, or "due"
(the day the card falls due, as each side computes it, so a difference would also move every
later answer), or "due+N" (N days late).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import pytest
from srs_node import run

START = date(2026, 3, 2)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4

HISTORIES = {
    "right at every due date": [(0, GOOD), ("due", GOOD), ("due", GOOD), ("due", GOOD)],
    "again after good": [(0, GOOD), ("due", GOOD), ("due", AGAIN), ("due", GOOD), ("due", GOOD)],
    "hard (guessed right)": [(0, HARD), ("due", HARD), ("due", GOOD), ("due", HARD), ("due", EASY)],
    "easy (sure and right)": [(0, EASY), ("due", EASY), ("due+3", GOOD), ("due", HARD)],
    "long gaps": [(0, GOOD), (30, GOOD), (400, AGAIN), (401, GOOD), (1500, EASY), ("due+90", GOOD)],
    "a miss first, then right the same day": [(0, AGAIN), (0, GOOD), ("due", GOOD), ("due", GOOD)],
    "reviewed early": [(0, GOOD), (1, GOOD), (1, EASY), ("due", HARD)],
    "many misses": [(0, AGAIN), (1, AGAIN), (2, AGAIN), (3, GOOD), ("due", GOOD), ("due", AGAIN)],
    "hard then easy on one day": [(0, GOOD), ("due", HARD), ("due", EASY), ("due", EASY)],
}


def python_fsrs():
    try:
        import fsrs
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the parity test: fsrs (requirements-dev.txt) is missing")
        pytest.skip(
            "the Python fsrs package is not installed (pip install -r requirements-dev.txt)"
        )
    return fsrs


def next_day(step, previous_due: date | None) -> date:
    when, _ = step
    if isinstance(when, int):
        return START + timedelta(days=when)
    late = int(when.split("+")[1]) if "+" in when else 0
    assert previous_due is not None, "a history cannot start with 'due'"
    return previous_due + timedelta(days=late)


def python_schedule(history):
    fsrs = python_fsrs()
    scheduler = fsrs.Scheduler(
        desired_retention=0.9,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=36500,
        enable_fuzzing=False,
    )
    card, due, out = fsrs.Card(card_id=1), None, []
    for step in history:
        day = next_day(step, due)
        when = datetime(day.year, day.month, day.day, tzinfo=UTC)
        card, _ = scheduler.review_card(card, fsrs.Rating(step[1]), when)
        due = card.due.date()
        out.append(
            {
                "day": day.isoformat(),
                "due": due.isoformat(),
                "s": card.stability,
                "d": card.difficulty,
            }
        )
    return out


JS_REPLAY = """
var out = [], card = null, due = null;
args.history.forEach(function (step) {
  var when = step[0], day;
  if (typeof when === "number") day = S.addDays(args.start, when);
  else day = S.addDays(due, when.indexOf("+") > 0 ? Number(when.split("+")[1]) : 0);
  card = S.review(card, step[1], day);
  due = card.due;
  out.push({day: day, due: card.due, s: card.s, d: card.d});
});
return out;
"""


def js_schedule(history):
    return run(JS_REPLAY, {"history": history, "start": START.isoformat()})


@pytest.mark.parametrize("name", HISTORIES)
def test_page_and_python_schedulers_give_the_same_due_dates(name):
    history = HISTORIES[name]
    python, js = python_schedule(history), js_schedule(history)
    assert [s["day"] for s in js] == [s["day"] for s in python], name
    assert [s["due"] for s in js] == [s["due"] for s in python], f"{name}: due dates differ"
    for p, j in zip(python, js, strict=True):
        assert j["s"] == pytest.approx(p["s"], rel=1e-6), f"{name} on {p['day']}: stability"
        assert j["d"] == pytest.approx(p["d"], rel=1e-6), f"{name} on {p['day']}: difficulty"


def test_the_settings_keep_a_first_right_answer_for_days_and_a_miss_for_one():
    first = {r: js_schedule([(0, r)])[0]["due"] for r in (AGAIN, HARD, GOOD, EASY)}
    days = {r: (date.fromisoformat(d) - START).days for r, d in first.items()}
    assert days == {AGAIN: 1, HARD: 1, GOOD: 2, EASY: 8}, days
    settings = run("return S.SETTINGS;")
    assert settings["enable_fuzz"] is False
    assert settings["learning_steps"] == [] and settings["relearning_steps"] == []


def test_a_second_interval_is_longer_than_the_first():
    steps = js_schedule([(0, GOOD), ("due", GOOD)])
    gaps = [(date.fromisoformat(s["due"]) - date.fromisoformat(s["day"])).days for s in steps]
    assert gaps[1] > gaps[0], gaps


# -- the same answers through the page's own recording path, one page visit per answer ----------
def test_answers_recorded_by_the_page_schedule_as_python_does():
    history = [(0, GOOD), ("due", AGAIN), ("due", GOOD), ("due+4", EASY)]
    python = python_schedule(history)
    storage: dict = {}
    sure = {AGAIN: "", HARD: "guessing", GOOD: "fairly-sure", EASY: "certain"}
    for step, expected in zip(history, python, strict=True):
        day = date.fromisoformat(expected["day"])
        noon = datetime(day.year, day.month, day.day, 12).timestamp() * 1000  # local noon
        info = {"correct": step[1] != AGAIN, "sure": sure[step[1]], "lesson": "01-meet-the-psoas"}
        card, storage = run(
            "return S.answer('01-origins', args.info).card;",
            {"info": info},
            storage=storage,
            now=noon,
        )
        assert card["due"] == expected["due"], (step, card)
    assert card["reps"] == len(history) and card["lapses"] == 1
    assert [e["rating"] for e in card["log"]] == [s[1] for s in history]
