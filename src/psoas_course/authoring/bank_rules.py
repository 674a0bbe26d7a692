"""Question-bank rules that make quizzes measure (called by the lesson linter, ``lint.py``).

Each rule gets one parsed bank (anything with ``.name`` and ``.raw``, e.g. ``lint.BankFile``)
and returns lines naming the file and what to change. :data:`ERRORS` fail
``make lint-lessons``; :data:`WARNINGS` are printed but do not fail it (yet).

- objective coverage: every objective has a question;
- reasons: every objective that asks to explain, weigh or judge has a question asking for
  a reason (its text asks why, or what follows, or its options give reasons);
- variants: every objective has a question with a reworded ``variants`` entry, so reviews
  do not repeat the same words;
- length balance: the correct option is not the longest in most choice questions;
- answer position: in the page's fixed shuffle the correct options do not all sit at the
  same place.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import yaml

CHOICE = ("multiple_choice", "many_choice")
JUDGEMENT = re.compile(
    r"\b(explain|judge|weigh|evaluate|justify|argue|decide|distinguish|tell apart|why)", re.I
)
ASKS_REASON = re.compile(
    r"\b(why|reasons?|because|explains?|conclude|what (?:can|does|would) (?:this|that|it|they)"
    r"\b[^?]*\b(?:show|tell|mean)|rests? on|best (?:explains?|shows?|supports?|tests?)|"
    r"contradicts?|supports?|evidence|follows?)\b",
    re.I,
)
GIVES_REASON = re.compile(r"\b(because|since|so that|as it|which means)\b", re.I)


def _questions(bank) -> list[dict]:
    return [q for q in bank.raw.get("questions") or [] if isinstance(q, dict)]


def _objectives(bank) -> dict:
    objectives = bank.raw.get("objectives")
    return objectives if isinstance(objectives, dict) else {}


def objective_coverage(bank) -> list[str]:
    """Every objective is tested by at least one question."""
    covered = {q.get("objective") for q in _questions(bank)}
    return [
        f"{bank.name}: objective {key} has no question ({str(text)[:60]}...)"
        for key, text in _objectives(bank).items()
        if key not in covered
    ]


def asks_for_a_reason(question: dict) -> bool:
    """The question asks the learner to choose or give a reason, not only to recall."""
    texts = [question.get("question", "")]
    texts += [v.get("question", "") for v in question.get("variants") or [] if isinstance(v, dict)]
    if any(ASKS_REASON.search(str(text)) for text in texts):
        return True
    options = [str(a.get("answer", "")) for a in question.get("answers") or []]
    return sum(bool(GIVES_REASON.search(o)) for o in options) * 2 >= max(len(options), 1)


def reasons_for_judgement(bank) -> list[str]:
    """Each explain/weigh/judge objective has a question that asks for a reason."""
    problems = []
    for key, text in _objectives(bank).items():
        if not JUDGEMENT.search(str(text)):
            continue
        tagged = [q for q in _questions(bank) if q.get("objective") == key]
        if tagged and not any(asks_for_a_reason(q) for q in tagged):
            problems.append(
                f"{bank.name}: objective {key} asks to explain or judge, but none of its "
                f"questions ({', '.join(str(q.get('id')) for q in tagged)}) asks for a reason"
            )
    return problems


def variants_per_objective(bank) -> list[str]:
    """Each objective has at least one question reworded in ``variants``."""
    with_variant = {q.get("objective") for q in _questions(bank) if q.get("variants")}
    missing = [key for key in _objectives(bank) if key not in with_variant]
    if not missing:
        return []
    return [
        f"{bank.name}: no reworded variant for objective(s) {', '.join(missing)} "
        "(add 'variants': [{\"question\": ...}] to one question of each)"
    ]


def _longest_is_correct(question: dict) -> bool:
    answers = [a for a in question.get("answers") or [] if isinstance(a, dict)]
    lengths = [len(str(a.get("answer", ""))) for a in answers]
    if len(lengths) < 2:
        return False
    longest = max(lengths)
    if lengths.count(longest) > 1:
        return False
    return bool(answers[lengths.index(longest)].get("correct"))


def correct_not_longest(bank) -> list[str]:
    """The correct option is the longest in at most half of the choice questions."""
    choice = [q for q in _questions(bank) if q.get("type") in CHOICE]
    longest = [str(q.get("id")) for q in choice if _longest_is_correct(q)]
    if len(choice) < 2 or len(longest) * 2 <= len(choice):
        return []
    return [
        f"{bank.name}: the correct option is the longest in {len(longest)} of {len(choice)} "
        f"choice questions ({', '.join(longest)}); make right and wrong options alike in length"
    ]


def answer_position(bank) -> list[str]:
    """In the page's fixed shuffle, the correct options do not all sit in one place."""
    from psoas_course.ui.quiz import option_order

    choice = [q for q in _questions(bank) if q.get("type") in CHOICE and q.get("answers")]
    places = set()
    for q in choice:
        order = option_order(q)
        places.add(next(p for p, i in enumerate(order) if q["answers"][i].get("correct")))
    if len(choice) < 3 or len(places) > 1:
        return []
    return [
        f"{bank.name}: in all {len(choice)} choice questions the first correct option is "
        f"shown at position {places.pop() + 1}"
    ]


ERRORS = [objective_coverage]
WARNINGS = [reasons_for_judgement, variants_per_objective, correct_not_longest, answer_position]


def read(path: Path):
    """A bank file as the rules see it (``.name``, ``.path``, ``.raw``); None if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    if not isinstance(raw, dict):
        return None
    return SimpleNamespace(name=f"data/questions/{path.name}", path=path, raw=raw)


def warnings(paths) -> list[str]:
    """Warning lines for the bank files in ``paths`` (unreadable ones are the linter's)."""
    lines = []
    for path in paths:
        bank = read(Path(path))
        if bank is not None:
            for rule in WARNINGS:
                lines += rule(bank)
    return lines
