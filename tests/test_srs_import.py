"""Export and import of progress (assets/srs.js under Node): a round trip restores every
answer and due date; a merge keeps the newer answer per question and says what it did; a
wrong-shape, huge or hostile file is refused with a message and changes nothing."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from srs_node import run

KEY = "psoas-course-progress"
NOON = datetime(2026, 12, 8, 12).timestamp() * 1000


def card(correct=True, at=1_000, due="2026-12-10", **extra) -> dict:
    return {
        "correct": correct,
        "at": at,
        "lesson": "01-meet-the-psoas",
        "due": due,
        "log": [],
    } | extra


HERE = {
    "version": 2,
    "opened": {"01-meet-the-psoas": "2026-12-01"},
    "cards": {
        "01-origins": card(at=5_000, due="2026-12-20"),
        "01-insertion": card(correct=False, at=9_000, due="2026-12-09"),
        "01-hip-flexor-myth": card(at=2_000, belief={"picked": [1], "sure": "certain"}),
    },
}


def file_of(cards: dict, opened=None, **top) -> str:
    data = {"format": "psoas-course-progress", "version": 2, "exported": "2026-12-07T10:00:00Z"}
    data |= {"cards": cards, "opened": opened or {}} | top
    return json.dumps(data)


def test_export_then_import_in_an_empty_browser_restores_every_answer_and_due_date():
    answers = (
        "S.answer('01-origins', {correct: true, lesson: '01-meet-the-psoas', page: "
        "'01-meet-the-psoas'});"
        "S.answer('01-insertion', {correct: false, lesson: '01-meet-the-psoas'});"
        "S.answer('01-hip-flexor-myth', {correct: true, sure: 'certain', lesson: "
        "'01-meet-the-psoas', belief: {picked: [2], sure: 'certain'}});"
        "S.answer('10-x', {correct: true, final: true});"
        "return S.exportText();"
    )
    text, _ = run(answers, storage={}, now=NOON)
    exported = json.loads(text)
    assert exported["format"] == "psoas-course-progress" and exported["version"] == 2
    result, storage = run("return S.importText(args.text);", {"text": text}, storage={}, now=NOON)
    assert result["ok"], result
    assert "Imported 4 answers" in result["message"] and "4 added" in result["message"]
    restored = json.loads(storage[KEY])
    assert restored["cards"] == exported["cards"], "an answer or due date was lost"
    assert restored["opened"] == exported["opened"]


def test_import_merges_by_keeping_the_newer_answer_for_each_question():
    theirs = {
        "01-origins": card(correct=False, at=9_999, due="2026-12-09"),  # newer: replaces
        "01-insertion": card(correct=True, at=1_000, due="2027-01-01"),  # older: ours kept
        "01-hip-flexor-myth": card(at=3_000),  # newer, without the belief: ours kept
        "02-hip-flexor": card(at=4_000, lesson="02-how-the-psoas-moves-you"),  # new here
    }
    result, storage = run(
        "return S.importText(args.text);",
        {"text": file_of(theirs, {"02-how-the-psoas-moves-you": "2026-12-05"})},
        storage={KEY: json.dumps(HERE)},
        now=NOON,
    )
    assert result["ok"], result
    assert result["counts"] == {"added": 1, "newer": 2, "kept": 1}
    message = result["message"]
    assert "1 added" in message and "2 replaced by the newer answer" in message
    assert "1 kept from this browser" in message
    merged = json.loads(storage[KEY])["cards"]
    assert merged["01-origins"]["correct"] is False and merged["01-origins"]["at"] == 9_999
    assert merged["01-insertion"] == HERE["cards"]["01-insertion"]
    assert merged["01-hip-flexor-myth"]["at"] == 3_000
    assert merged["01-hip-flexor-myth"]["belief"] == {"picked": [1], "sure": "certain"}
    assert "02-hip-flexor" in merged
    opened = json.loads(storage[KEY])["opened"]
    assert opened == {"01-meet-the-psoas": "2026-12-01", "02-how-the-psoas-moves-you": "2026-12-05"}


GOOD_CARD = card()
HOSTILE = {
    "larger than 1 MB": file_of({"01-origins": GOOD_CARD}, padding="x" * (1024 * 1024 + 10)),
    "not JSON": '{"format": "psoas-course-progress", ',
    "a progress file of another kind": json.dumps({"answers": {}, "review": [], "final": {}}),
    "prototype pollution through a card id": file_of({"__proto__": {"polluted": True}}),
    "prototype pollution inside a card": (
        '{"format": "psoas-course-progress", "version": 2, "cards": {"01-origins": '
        '{"correct": true, "at": 1, "__proto__": {"polluted": true}}}, "opened": {}}'
    ),
    "constructor.prototype": file_of(
        {"01-origins": GOOD_CARD}, opened={"constructor": {"prototype": {"polluted": True}}}
    ),
    "a newer format": file_of({"01-origins": GOOD_CARD}).replace('"version": 2', '"version": 3'),
    "cards as a list": file_of([GOOD_CARD]),  # type: ignore[arg-type]
    "a right-or-wrong answer that is a string": file_of({"01-origins": card(correct="yes")}),
    "a due date that is not a date": file_of({"01-origins": card(due="tomorrow")}),
    "a scheduler state that is not numbers": file_of(
        {"01-origins": card(s="1e999", d=5, state=2, reps=1, lapses=0, last="2026-12-01")}
    ),
    "markup as a question id": file_of({"<img src=x onerror=alert(1)>": GOOD_CARD}),
    "too many answers": file_of({f"q-{i}": GOOD_CARD for i in range(2001)}),
    "an unknown field": file_of({"01-origins": GOOD_CARD}, script="alert(1)"),
    "a history that is not answers": file_of({"01-origins": card(log=[{"at": 1, "rating": 9}])}),
    "a number": "42",
}
EXPECTED_WORDS = {
    "larger than 1 MB": "larger than 1 MB",
    "not JSON": "not JSON",
    "a progress file of another kind": "not a progress file",
    "prototype pollution through a card id": "__proto__",
    "prototype pollution inside a card": "__proto__",
    "constructor.prototype": "prototype",
    "a newer format": "newer version of the course",
    "cards as a list": "no list of answers",
    "a right-or-wrong answer that is a string": "right-or-wrong",
    "a due date that is not a date": "due date",
    "a scheduler state that is not numbers": "scheduler state",
    "markup as a question id": "not one of the course's",
    "too many answers": "more than the course has questions",
    "an unknown field": "unknown field 'script'",
    "a history that is not answers": "history",
    "a number": "not a progress file",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_wrong_huge_or_hostile_file_is_refused_and_changes_nothing(name):
    before = json.dumps(HERE)
    script = (
        "var r = S.importText(args.text);"
        "r.polluted = ({}).polluted === true || Object.prototype.hasOwnProperty('polluted');"
        "return r;"
    )
    result, storage = run(script, {"text": HOSTILE[name]}, storage={KEY: before}, now=NOON)
    assert result["ok"] is False, f"{name}: imported"
    assert result["message"].startswith("Nothing was imported"), result["message"]
    assert "Your progress here is unchanged" in result["message"]
    assert EXPECTED_WORDS[name] in result["message"], f"{name}: {result['message']}"
    assert storage[KEY] == before, f"{name}: storage changed"
    assert result["polluted"] is False


def test_the_validator_alone_refuses_what_import_refuses():
    refused = run(
        "return args.files.map(function (t) { return S.readImport(t).ok; });",
        {"files": list(HOSTILE.values())},
    )
    assert refused == [False] * len(HOSTILE)
    assert run("return S.readImport(args.t).ok;", {"t": file_of({"01-origins": GOOD_CARD})})
