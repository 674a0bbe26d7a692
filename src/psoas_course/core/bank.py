"""Question banks: the schema, loading and validation, and the question helpers.

A bank is one file per lesson in ``data/questions/`` (JSON or YAML).  Its questions use
jupyterquiz's vocabulary (``question``, ``type``, ``answers`` with ``answer``/``correct``/
``feedback``; numeric answers with ``value`` and ``tolerance`` or ``range``) plus our own
fields: ``id``, ``objective`` (a key of the bank's ``objectives``), ``claims`` (ids in
``data/claims.csv``), ``units`` for numbers, ``accept`` (other spellings of a typed answer)
and ``variants`` (the same question reworded, shown in reviews).  Types:
``multiple_choice`` (one correct), ``many_choice`` (one or more correct), ``numeric`` and
``string``.  A bank with ``final_check`` (``size``, ``pass_mark``) is the course's scored
final check; a question with ``again_in_final_check: true`` (e.g. a belief asked in lesson 1)
is always asked there again.  A choice question with ``confidence: true`` also asks "How sure
are you?"; the final check shows the option and confidence given in its lesson beside the new
ones, so learners see a belief move.  Any other field is rejected with the file and field named.

Marking typed answers is :mod:`psoas_course.core.marking`'s; showing the questions is
:mod:`psoas_course.ui.quiz`'s.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from psoas_course.core.data import DataError, data_dir, load_table

TYPES = ("multiple_choice", "many_choice", "numeric", "string")
CHOICE = ("multiple_choice", "many_choice")
BANK_FIELDS = ("lesson", "title", "objectives", "questions", "final_check")
QUESTION_FIELDS = (
    "id",
    "type",
    "objective",
    "claims",
    "question",
    "answers",
    "fallback_feedback",
    "units",
    "variants",
    "again_in_final_check",
    "confidence",
    "section",
)
# a question's "section" places it in a practice box inside the lesson, after the teaching
# section it checks: show_quiz(lesson, section="..."); the end-of-lesson box shows the rest
SECTION = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ANSWER_FIELDS = ("answer", "correct", "feedback", "value", "tolerance", "range", "accept")
VARIANT_FIELDS = ("question", "answers")
VARIANT_ANSWER_FIELDS = ("answer", "feedback", "accept")
FINAL_CHECK_FIELDS = ("size", "pass_mark")

# Options are listed in this fixed shuffle in the static page; quiz.js reshuffles per learner.
SHUFFLE_SEED = "psoas-course"
# a leading "Lesson 3:" label, left out where lessons are mixed
LABEL = re.compile(r"^\s*Lessons?\s+\d+(?:\s*(?:,|and|&|to|-|\u2013)\s*\d+)*\s*:\s*", re.I)


class QuizError(DataError):
    """A question file is malformed; the message names file, question and field."""


@dataclass(frozen=True)
class Bank:
    path: Path
    lesson: str
    title: str
    objectives: dict[str, str]
    questions: list[dict]
    final_check: dict | None = None


def bank_path(lesson: str) -> Path:
    """``data/questions/<lesson>.json`` (or .yaml) for a key like ``01-meet-the-psoas``."""
    for suffix in (".json", ".yaml", ".yml"):
        path = data_dir() / "questions" / f"{lesson}{suffix}"
        if path.is_file():
            return path
    raise QuizError(
        f"{data_dir() / 'questions'}: no question file for lesson '{lesson}' "
        "(expected <lesson>.json or <lesson>.yaml)"
    )


def known_claim_ids() -> set[str] | None:
    """Claim ids in the ledger, or None when the ledger is not there yet."""
    if not (data_dir() / "claims.csv").is_file():
        return None
    return set(load_table("claims.csv", {"id": "text"})["id"])


def _read(path: Path):
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as err:
        raise QuizError(
            f"{path}: invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}"
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise QuizError(f"{path}: invalid YAML{where}: {getattr(err, 'problem', err)}") from None


def _fail(path, number, qid, field_name, message, error: type[DataError] = QuizError):
    who = f"question {number}" + (f" ({qid})" if qid else "")
    raise error(f"{path}: {who}: field '{field_name}': {message}")


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _unknown(given: dict, known: tuple[str, ...]) -> str | None:
    extra = [key for key in given if key not in known]
    return str(extra[0]) if extra else None


def validate(raw, path: Path, claim_ids: set[str] | None = None) -> Bank:
    """Check a parsed bank; raise QuizError at the first problem."""
    if not isinstance(raw, dict):
        raise QuizError(
            f"{path}: the file must hold an object with 'lesson', 'objectives' and 'questions'"
        )
    extra = _unknown(raw, BANK_FIELDS)
    if extra:
        raise QuizError(f"{path}: unknown field '{extra}' (known: {', '.join(BANK_FIELDS)})")
    for key in ("lesson", "title"):
        if not _text(raw.get(key)):
            raise QuizError(f"{path}: field '{key}' is missing or empty")
    objectives = raw.get("objectives")
    if not isinstance(objectives, dict) or not objectives:
        raise QuizError(f"{path}: field 'objectives' must map ids to learning objectives")
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        raise QuizError(f"{path}: field 'questions' must be a non-empty list")
    final_check = _check_final(path, raw.get("final_check"))
    seen: dict[str, int] = {}
    for number, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            raise QuizError(f"{path}: question {number}: must be an object")
        qid = q.get("id")
        if not _text(qid):
            _fail(path, number, None, "id", "missing or empty")
        extra = _unknown(q, QUESTION_FIELDS)
        if extra:
            _fail(path, number, qid, extra, f"unknown field (known: {', '.join(QUESTION_FIELDS)})")
        if qid in seen:
            _fail(path, number, qid, "id", f"duplicate of question {seen[qid]}")
        seen[qid] = number
        if not _text(q.get("question")):
            _fail(path, number, qid, "question", "missing or empty")
        if "section" in q and not (isinstance(q["section"], str) and SECTION.match(q["section"])):
            _fail(
                path, number, qid, "section", "must be a kebab-case name, e.g. 'bending-sideways'"
            )
        kind = q.get("type")
        if kind not in TYPES:
            _fail(path, number, qid, "type", f"must be one of {', '.join(TYPES)}, got {kind!r}")
        if q.get("objective") not in objectives:
            _fail(
                path,
                number,
                qid,
                "objective",
                f"unknown objective {q.get('objective')!r}; known: {', '.join(objectives)}",
            )
        claims = q.get("claims", [])
        if not isinstance(claims, list):
            _fail(path, number, qid, "claims", "must be a list of claim ids")
        if claim_ids is not None:
            unknown = [c for c in claims if c not in claim_ids]
            if unknown:
                _fail(
                    path,
                    number,
                    qid,
                    "claims",
                    f"unknown claim id(s) {', '.join(map(str, unknown))} (not in data/claims.csv)",
                )
        answers = q.get("answers")
        if not isinstance(answers, list) or not answers:
            _fail(path, number, qid, "answers", "must be a non-empty list")
        for i, a in enumerate(answers, start=1):
            _check_answer(path, number, qid, kind, i, a)
        correct = sum(a["correct"] for a in answers)
        if correct == 0:
            _fail(path, number, qid, "answers", "no answer is marked correct")
        if kind == "multiple_choice" and correct > 1:
            _fail(
                path,
                number,
                qid,
                "answers",
                f"single-choice question has {correct} correct answers (use type many_choice)",
            )
        if kind in ("numeric", "string") and not _text(q.get("fallback_feedback")):
            _fail(
                path,
                number,
                qid,
                "fallback_feedback",
                "free answers need feedback for an answer that matches nothing",
            )
        if kind == "numeric" and not _text(q.get("units")):
            _fail(path, number, qid, "units", "state the units of a numeric answer")
        _check_variants(path, number, qid, q)
        for flag in ("again_in_final_check", "confidence"):
            if not isinstance(q.get(flag, False), bool):
                _fail(path, number, qid, flag, "must be true or false")
        if q.get("confidence") and kind not in CHOICE:
            _fail(
                path,
                number,
                qid,
                "confidence",
                "only choice questions ask how sure the learner is (the option is compared later)",
            )
    return Bank(
        path, str(raw["lesson"]), str(raw["title"]), dict(objectives), questions, final_check
    )


def _check_answer(path, number, qid, kind, i, a):
    where = f"answers[{i}]"
    if not isinstance(a, dict):
        _fail(path, number, qid, where, "must be an object")
    extra = _unknown(a, ANSWER_FIELDS)
    if extra:
        _fail(path, number, qid, f"{where}.{extra}", "unknown field")
    if not _text(a.get("feedback")):
        _fail(path, number, qid, f"{where}.feedback", "empty: say why")
    if not isinstance(a.get("correct"), bool):
        _fail(path, number, qid, f"{where}.correct", "must be true or false")
    if kind in ("multiple_choice", "many_choice", "string") and not _text(a.get("answer")):
        _fail(path, number, qid, f"{where}.answer", "missing or empty")
    if kind == "numeric":
        _check_numeric(path, number, qid, i, a)
    if "accept" in a:
        if kind != "string":
            _fail(path, number, qid, f"{where}.accept", "only typed word answers take 'accept'")
        if not (isinstance(a["accept"], list) and all(_text(x) for x in a["accept"])):
            _fail(path, number, qid, f"{where}.accept", "must be a list of accepted spellings")


def _check_numeric(path, number, qid, i, a):
    has_value, has_range = "value" in a, "range" in a
    if has_value == has_range:
        _fail(path, number, qid, f"answers[{i}]", "give either 'value' with 'tolerance' or 'range'")
    if has_value:
        if not _is_number(a["value"]):
            _fail(path, number, qid, f"answers[{i}].value", "must be a number")
        if "tolerance" not in a:
            _fail(
                path,
                number,
                qid,
                f"answers[{i}].tolerance",
                "missing: a numeric value needs a tolerance (0 for exact)",
            )
        if not _is_number(a["tolerance"]) or a["tolerance"] < 0:
            _fail(path, number, qid, f"answers[{i}].tolerance", "must be a number >= 0")
    else:
        r = a["range"]
        if not (
            isinstance(r, list) and len(r) == 2 and all(_is_number(x) for x in r) and r[0] <= r[1]
        ):
            _fail(path, number, qid, f"answers[{i}].range", "must be [low, high] with low <= high")


def _check_variants(path, number, qid, q):
    variants = q.get("variants", [])
    if not isinstance(variants, list):
        _fail(path, number, qid, "variants", "must be a list of reworded versions")
    for v, variant in enumerate(variants, start=1):
        where = f"variants[{v}]"
        if not isinstance(variant, dict):
            _fail(path, number, qid, where, "must be an object with 'question'")
        extra = _unknown(variant, VARIANT_FIELDS)
        if extra:
            _fail(
                path,
                number,
                qid,
                f"{where}.{extra}",
                "unknown field (a variant rewords "
                "'question' and, optionally, the text of its 'answers')",
            )
        if not _text(variant.get("question")):
            _fail(path, number, qid, f"{where}.question", "missing or empty")
        if "answers" not in variant:
            continue
        answers = variant["answers"]
        if not isinstance(answers, list) or len(answers) != len(q["answers"]):
            _fail(
                path,
                number,
                qid,
                f"{where}.answers",
                f"must list the {len(q['answers'])} answers in the question's order",
            )
        for i, a in enumerate(answers, start=1):
            if not isinstance(a, dict):
                _fail(path, number, qid, f"{where}.answers[{i}]", "must be an object")
            extra = _unknown(a, VARIANT_ANSWER_FIELDS)
            if extra:
                _fail(
                    path,
                    number,
                    qid,
                    f"{where}.answers[{i}].{extra}",
                    "unknown field (correctness and values come from the question)",
                )
            for key in ("answer", "feedback"):
                if key in a and not _text(a[key]):
                    _fail(path, number, qid, f"{where}.answers[{i}].{key}", "empty")


def _check_final(path, final):
    if final is None:
        return None
    if not isinstance(final, dict):
        raise QuizError(f"{path}: field 'final_check' must be an object with 'size', 'pass_mark'")
    extra = _unknown(final, FINAL_CHECK_FIELDS)
    if extra:
        raise QuizError(f"{path}: field 'final_check.{extra}': unknown field")
    size, mark = final.get("size"), final.get("pass_mark")
    if not (isinstance(size, int) and not isinstance(size, bool) and 5 <= size <= 60):
        raise QuizError(f"{path}: field 'final_check.size': a whole number from 5 to 60")
    if not (_is_number(mark) and 0 < mark <= 1):
        raise QuizError(f"{path}: field 'final_check.pass_mark': a share above 0 and up to 1")
    return dict(final)


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def load_bank(lesson: str, claim_ids: set[str] | None = None) -> Bank:
    """Read and validate the question bank of one lesson."""
    path = bank_path(lesson)
    return validate(_read(path), path, claim_ids if claim_ids is not None else known_claim_ids())


def all_banks() -> list[Bank]:
    """Every bank in ``data/questions``, in file-name order (raises at the first bad one)."""
    folder = data_dir() / "questions"
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    claims = known_claim_ids()
    return [validate(_read(p), p, claims) for p in paths]


def find_question(question_id: str) -> dict | None:
    """A question by id from any lesson's bank, in course order (broken banks are skipped)."""
    from psoas_course.course import lessons

    for item in lessons():
        try:
            bank = load_bank(item.key)
        except QuizError:
            continue
        for q in bank.questions:
            if q["id"] == question_id:
                return q
    return None


# -- which questions, in which order and words ----------------------------------------------
def option_order(question: dict, seed: str = SHUFFLE_SEED) -> list[int]:
    """Indices of the options in display order: a fixed shuffle per question and seed."""
    order = list(range(len(question["answers"])))
    if question["type"] in CHOICE:
        random.Random(f"{seed}:{question['id']}").shuffle(order)
    return order


def _pick(salt: str, count: int) -> int:
    return int(hashlib.sha256(salt.encode()).hexdigest()[:8], 16) % count


def reworded(question: dict, salt: str) -> dict:
    """The question in one of its ``variants`` (chosen by ``salt``), or unchanged if it has none."""
    variants = question.get("variants") or []
    if not variants:
        return question
    variant = variants[_pick(f"{salt}:{question['id']}", len(variants))]
    merged = dict(question, question=variant["question"])
    if "answers" in variant:
        merged["answers"] = [dict(a, **b) for a, b in zip(question["answers"], variant["answers"])]
    return merged


def unlabelled(question: dict) -> dict:
    """The question without a leading "Lesson 3:" label (the final check mixes lessons)."""
    text = LABEL.sub("", question["question"])
    return dict(question, question=text[:1].upper() + text[1:])
