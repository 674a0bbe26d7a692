"""Bank rules that make quizzes measure: each flags a bank that breaks it and passes one that
keeps it; the linter runs them (coverage fails it, the others warn)."""

from __future__ import annotations

import copy
import json
from types import SimpleNamespace

from psoas_course.authoring import bank_rules, lint


def option(text, correct=False):
    return {"answer": text, "correct": correct, "feedback": "Because."}


def choice(qid, objective, question, options):
    return {
        "id": qid,
        "type": "multiple_choice",
        "objective": objective,
        "claims": [],
        "question": question,
        "answers": options,
    }


GOOD = {
    "lesson": "99-test",
    "title": "Test",
    "objectives": {
        "O1": "Name the parts of the hip.",
        "O2": "Explain why the psoas flexes the hip.",
    },
    "questions": [
        choice(
            "q1",
            "O1",
            "Which bone holds the socket?",
            [option("Pelvis", True), option("Sacrum"), option("Tibia")],
        ),
        {
            **choice(
                "q2",
                "O2",
                "Why does the psoas bend the hip?",
                [
                    option("It runs in front of the joint", True),
                    option("It runs right behind the joint"),
                    option("It wraps the knee"),
                ],
            ),
            "variants": [{"question": "What makes the psoas a hip flexor?"}],
        },
        {
            **choice(
                "q3",
                "O1",
                "Which muscle shares the tendon?",
                [option("Iliacus", True), option("Sartorius"), option("Gracilis")],
            ),
            "variants": [{"question": "Name the tendon partner of psoas major."}],
        },
    ],
}


def bank(raw):
    return SimpleNamespace(name="data/questions/99-test.json", raw=raw)


def changed(change):
    raw = copy.deepcopy(GOOD)
    change(raw)
    return bank(raw)


def test_a_bank_that_keeps_every_rule_passes():
    for rule in bank_rules.ERRORS + bank_rules.WARNINGS:
        assert rule(bank(GOOD)) == [], rule.__name__


def test_objective_without_a_question_is_an_error_the_linter_reports(tmp_path):
    broken = changed(lambda b: b["objectives"].update(O3="Rank evidence."))
    assert bank_rules.objective_coverage(broken) == [
        "data/questions/99-test.json: objective O3 has no question (Rank evidence....)"
    ]
    path = tmp_path / "99-test.json"
    path.write_text(json.dumps(broken.raw))
    assert any("objective O3 has no question" in p for p in lint.bank_problems(path))


def test_judgement_objective_needs_a_question_asking_for_a_reason():
    recall = changed(
        lambda b: b["questions"][1].update(question="Where does the psoas end?", variants=[])
    )
    assert "objective O2 asks to explain or judge" in bank_rules.reasons_for_judgement(recall)[0]
    # options that give reasons count as asking for one
    reasons = changed(
        lambda b: b["questions"][1].update(
            question="The psoas flexes the hip.",
            variants=[],
            answers=[
                option("True, because it runs in front of the joint", True),
                option("False, because it only moves the spine"),
                option("Only when lying"),
            ],
        )
    )
    assert bank_rules.reasons_for_judgement(reasons) == []


def test_each_objective_needs_a_reworded_variant():
    plain = changed(lambda b: b["questions"][2].pop("variants"))
    assert bank_rules.variants_per_objective(plain) == [
        "data/questions/99-test.json: no reworded variant for objective(s) O1 "
        "(add 'variants': [{\"question\": ...}] to one question of each)"
    ]


def test_correct_option_longest_in_most_questions_warns():
    def lengthen(b):
        for q in b["questions"]:
            q["answers"][0]["answer"] += " and a long explanation that gives it away"

    warned = bank_rules.correct_not_longest(changed(lengthen))
    assert warned and "longest in 3 of 3 choice questions (q1, q2, q3)" in warned[0]


def test_answer_position_is_checked_in_the_rendered_order(monkeypatch):
    from psoas_course.ui import quiz

    monkeypatch.setattr(quiz, "option_order", lambda q, seed=None: list(range(len(q["answers"]))))
    assert "position 1" in bank_rules.answer_position(bank(GOOD))[0]


def test_linter_prints_warnings_without_failing_on_them(tmp_path, capsys, monkeypatch):
    assert bank_rules.warnings([tmp_path / "missing.json"]) == []  # the linter reports those
    path = tmp_path / "99-test.json"
    plain = copy.deepcopy(GOOD)
    plain["questions"][2].pop("variants")
    path.write_text(json.dumps(plain))
    assert lint.bank_problems(path) == []
    monkeypatch.setattr(lint, "lint", lambda root: {"notebooks/99-test.ipynb": []})
    monkeypatch.setattr(lint, "banks", lambda root: {"99-test": path})
    assert lint.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "warning: data/questions/99-test.json: no reworded variant for objective(s) O1" in out


def test_course_banks_keep_every_bank_rule():
    """The course's own banks keep every rule, the warnings included."""
    enforced = [
        bank_rules.objective_coverage,
        bank_rules.reasons_for_judgement,
        bank_rules.variants_per_objective,
        bank_rules.correct_not_longest,
        bank_rules.answer_position,
    ]
    root = lint.course.course_root()
    problems = []
    for path in lint.banks(root).values():
        found = bank_rules.read(path)
        assert found is not None, f"{path}: cannot be read"
        for rule in enforced:
            problems += rule(found)
    assert not problems, "\n".join(problems)
