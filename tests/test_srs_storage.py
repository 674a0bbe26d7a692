"""The one stored format of assets/srs.js (under Node): today's saved progress (format 1, the
key quiz.js wrote before) is migrated without losing an answer; damaged records are read
leniently; the review queue takes due cards of opened lessons, most overdue first,
interleaved."""

from __future__ import annotations

import json
from datetime import datetime

from srs_node import run

KEY, OLD_KEY = "psoas-course-progress", "psoas-course-progress-v1"
NOON = datetime(2026, 12, 8, 12).timestamp() * 1000  # local noon, 8 December 2026

V1 = {
    "answers": {
        "01-origins": {"correct": True, "level": 3, "due": 5, "visit": "abc"},
        "01-insertion": {"correct": False, "level": 0, "due": 0, "missed": "abc"},
        "02-hip-flexor": {"correct": True, "level": 1, "due": 3},
        "01-hip-flexor-myth": {
            "correct": True,
            "level": 1,
            "due": 2,
            "belief": {"picked": [1], "sure": "certain"},
            "recheck": {"picked": [0], "sure": "guessing"},
        },
    },
    "review": ["01-insertion", "02-hip-flexor"],
    "final": {"01-hip-flexor-myth": True, "03-disc-advice": False},
}


def test_format_1_progress_is_migrated_without_losing_an_answer():
    progress, storage = run("return S.load();", storage={OLD_KEY: json.dumps(V1)}, now=NOON)
    cards = progress["cards"]
    assert set(cards) == set(V1["answers"]) | set(V1["final"])
    for qid, old in V1["answers"].items():
        assert cards[qid]["correct"] is old["correct"], qid
    # a miss, and a right answer still on the review list, are due at once; the rest later
    assert cards["01-insertion"]["due"] == "2026-12-08"
    assert cards["02-hip-flexor"]["due"] == "2026-12-08"
    assert cards["01-origins"]["due"] == "2026-12-10"  # Good on the day of migration
    myth = cards["01-hip-flexor-myth"]
    assert myth["belief"] == {"picked": [1], "sure": "certain"}
    assert myth["recheck"] == {"picked": [0], "sure": "guessing"}
    assert myth["final"] is True and cards["03-disc-advice"]["final"] is False
    assert progress["version"] == 2
    saved = json.loads(storage[KEY])
    assert saved == progress
    assert storage[OLD_KEY] == json.dumps(V1), "the old record is left as it was"
    # read again: the format-2 record is used, nothing migrated twice
    again, _ = run("return S.load();", storage=storage, now=NOON + 864e5)
    assert again == progress


def test_migration_without_a_scheduler_schedules_on_the_next_page_with_one():
    progress, storage = run(
        "return S.load();", storage={OLD_KEY: json.dumps(V1)}, now=NOON, scheduler=False
    )
    assert progress["cards"]["01-origins"]["log"][0].get("p") == 1
    later, _ = run("return S.load();", storage=storage, now=NOON)
    card = later["cards"]["01-origins"]
    assert "p" not in card["log"][0] and card["due"] == "2026-12-10" and card["reps"] == 1


BROKEN = {
    "not json": "{not json",
    "a number": "5",
    "no cards": json.dumps({"version": 2}),
    "cards not a record": json.dumps({"version": 2, "cards": [], "opened": {}}),
}


def test_unreadable_records_are_replaced_with_empty_progress_and_a_notice():
    for name, raw in BROKEN.items():
        (progress, status), storage = run(
            "return [S.load(), S.status];", storage={KEY: raw}, now=NOON
        )
        assert progress["cards"] == {}, name
        assert status["reset"] is True, name
        assert json.loads(storage[KEY])["cards"] == {}, name


def test_a_damaged_part_of_a_card_is_dropped_and_the_rest_kept():
    raw = {
        "version": 2,
        "opened": {"01-meet-the-psoas": "2026-12-01"},
        "cards": {
            "01-origins": {"correct": True, "at": 1, "belief": {"picked": "x"}},
            "01-minor": {"correct": "yes", "at": 1},
            "01-insertion": {"correct": False, "at": 2, "due": "2026-13-40"},
        },
    }
    (progress, status), _ = run(
        "return [S.load(), S.status];", storage={KEY: json.dumps(raw)}, now=NOON
    )
    assert status["reset"] is True
    assert set(progress["cards"]) == {"01-origins", "01-insertion"}
    assert "belief" not in progress["cards"]["01-origins"]
    assert progress["cards"]["01-insertion"]["due"] == ""
    assert progress["opened"] == {"01-meet-the-psoas": "2026-12-01"}


def test_a_record_from_a_newer_course_is_not_overwritten():
    raw = json.dumps({"version": 3, "cards": {}})
    (progress, status), storage = run(
        "S.load(); S.answer('01-origins', {correct: true}); return [S.load(), S.status];",
        storage={KEY: raw},
        now=NOON,
    )
    assert status["future"] is True and storage[KEY] == raw
    assert "01-origins" in progress["cards"]  # kept in memory for this visit


def test_blocked_storage_keeps_answers_for_the_visit():
    result = run(
        "S.answer('01-origins', {correct: false}); return [S.status.blocked, S.load().cards];",
        now=NOON,
    )
    blocked, cards = result
    assert blocked is True and cards["01-origins"]["due"] == "2026-12-09"


# -- the queue ----------------------------------------------------------------------------------
def card(lesson: str, due: str, correct: bool = True) -> dict:
    return {"correct": correct, "at": 1, "lesson": lesson, "due": due, "log": []}


QUEUE = {
    "version": 2,
    "opened": {"01-a": "2026-11-01", "02-b": "2026-11-02", "03-c": "2026-11-03"},
    "cards": {
        "01-a-1": card("01-a", "2026-11-05"),
        "01-a-2": card("01-a", "2026-11-06"),
        "01-a-3": card("01-a", "2026-11-07"),
        "02-b-1": card("02-b", "2026-11-20", correct=False),
        "02-b-2": card("02-b", "2026-12-08"),
        "03-c-1": card("03-c", "2026-12-01"),
        "03-c-2": card("03-c", "2026-12-09"),  # tomorrow: not due
        "04-d-1": card("04-d", "2026-11-01"),  # a lesson never opened
        "old-1": card("", "2026-11-30"),  # migrated, lesson not known yet: kept
    },
}


def test_queue_is_most_overdue_first_interleaved_and_only_opened_lessons():
    order = run(
        "return S.queue(args.p, {today: '2026-12-08'}).map(function (q) { return q.id; });",
        {"p": QUEUE},
    )
    assert "03-c-2" not in order and "04-d-1" not in order
    assert order[0] == "01-a-1", order  # the most overdue
    lessons = [i.split("-")[0] for i in order]
    assert all(a != b for a, b in zip(lessons, lessons[1:]) if a in ("01", "02", "03")), order
    assert set(order) == {"01-a-1", "01-a-2", "01-a-3", "02-b-1", "02-b-2", "03-c-1", "old-1"}
    limited = run("return S.queue(args.p, {today: '2026-12-08', limit: 3}).length;", {"p": QUEUE})
    assert limited == 3
    only = run(
        "return S.queue(args.p, {today: '2026-12-08', ids: ['02-b-2', '04-d-1']})"
        ".map(function (q) { return q.id; });",
        {"p": QUEUE},
    )
    assert only == ["02-b-2"]
