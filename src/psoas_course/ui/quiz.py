"""Self-check questions kept as data, validated with exact messages, rendered for any reader.

A bank is one file per lesson in ``data/questions/`` (JSON or YAML).  Its questions use
jupyterquiz's vocabulary (``question``, ``type``, ``answers`` with ``answer``/``correct``/
``feedback``; numeric answers with ``value`` and ``tolerance`` or ``range``) plus our own
fields: ``id``, ``objective`` (a key of the bank's ``objectives``), ``claims`` (ids in
``data/claims.csv``) and ``units`` for numbers.  Types: ``multiple_choice`` (one correct),
``many_choice`` (one or more correct), ``numeric`` and ``string``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

from psoas_course.core.data import DataError, data_dir, load_table
from psoas_course.ui.diagram import asset, unique_id

TYPES = ("multiple_choice", "many_choice", "numeric", "string")
NUMBER = re.compile(
    r"^\s*([-+\u2212]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[-+]?\d+)?)\s*"
    r"(°|deg|degrees?|%|percent|cm|mm|m|metres?|meters?|h|hrs?|hours?|kg|n)?\.?\s*$",
    re.IGNORECASE,
)


class QuizError(DataError):
    """A question file is malformed; the message names file, question and field."""


@dataclass(frozen=True)
class Bank:
    path: Path
    lesson: str
    title: str
    objectives: dict[str, str]
    questions: list[dict]


def bank_path(lesson: str) -> Path:
    """``data/questions/<lesson>.json`` (or .yaml) for a slug like ``01-meet-the-psoas``."""
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


def _fail(path, number, qid, field, message):
    who = f"question {number}" + (f" ({qid})" if qid else "")
    raise QuizError(f"{path}: {who}: field '{field}': {message}")


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def validate(raw, path: Path, claim_ids: set[str] | None = None) -> Bank:
    """Check a parsed bank; raise QuizError at the first problem."""
    if not isinstance(raw, dict):
        raise QuizError(
            f"{path}: the file must hold an object with 'lesson', 'objectives' and 'questions'"
        )
    for key in ("lesson", "title"):
        if not _text(raw.get(key)):
            raise QuizError(f"{path}: field '{key}' is missing or empty")
    objectives = raw.get("objectives")
    if not isinstance(objectives, dict) or not objectives:
        raise QuizError(f"{path}: field 'objectives' must map ids to learning objectives")
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        raise QuizError(f"{path}: field 'questions' must be a non-empty list")
    seen: dict[str, int] = {}
    for number, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            raise QuizError(f"{path}: question {number}: must be an object")
        qid = q.get("id")
        if not _text(qid):
            _fail(path, number, None, "id", "missing or empty")
        if qid in seen:
            _fail(path, number, qid, "id", f"duplicate of question {seen[qid]}")
        seen[qid] = number
        if not _text(q.get("question")):
            _fail(path, number, qid, "question", "missing or empty")
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
            if not isinstance(a, dict):
                _fail(path, number, qid, f"answers[{i}]", "must be an object")
            if not _text(a.get("feedback")):
                _fail(path, number, qid, f"answers[{i}].feedback", "empty: say why")
            if not isinstance(a.get("correct"), bool):
                _fail(path, number, qid, f"answers[{i}].correct", "must be true or false")
            if kind in ("multiple_choice", "many_choice", "string") and not _text(a.get("answer")):
                _fail(path, number, qid, f"answers[{i}].answer", "missing or empty")
            if kind == "numeric":
                _check_numeric(path, number, qid, i, a)
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
    return Bank(path, str(raw["lesson"]), str(raw["title"]), dict(objectives), questions)


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


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def load_bank(lesson: str) -> Bank:
    """Read and validate the question bank of one lesson."""
    path = bank_path(lesson)
    return validate(_read(path), path, known_claim_ids())


def all_banks() -> list[Bank]:
    """Every bank in ``data/questions``, in lesson order."""
    folder = data_dir() / "questions"
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    claims = known_claim_ids()
    return [validate(_read(p), p, claims) for p in paths]


# -- checking a learner's free answer (live kernel) -----------------------------------
def parse_number(answer) -> float | None:
    """A number from ``45``, ``"45 degrees"``, ``"-20°"``, ``"3,5 cm"``; None if there is none."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float)):
        return float(answer) if math.isfinite(answer) else None
    if not isinstance(answer, str):
        return None
    match = NUMBER.match(answer)
    if not match:
        return None
    value = float(match.group(1).replace(",", ".").replace("\u2212", "-"))
    return value if math.isfinite(value) else None


def judge(question: dict, answer) -> tuple[bool | None, str]:
    """(correct?, feedback) for any learner input to a numeric or string question.

    ``None`` means the input was not an attempt (empty, or no number in it): the learner
    gets an explanation and nothing is marked wrong.
    """
    kind = question["type"]
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return None, "Type an answer first, then check it."
    if kind == "numeric":
        value = parse_number(answer)
        if value is None:
            return None, (
                f"I could not read a number in {str(answer)[:40]!r}. Write it with "
                f"digits, for example 45 (units: {question['units']})."
            )
        for a in question["answers"]:
            if "value" in a and abs(value - a["value"]) <= a["tolerance"]:
                return a["correct"], a["feedback"]
            if "range" in a and a["range"][0] <= value <= a["range"][1]:
                return a["correct"], a["feedback"]
        return False, question["fallback_feedback"]
    if kind == "string":
        given = " ".join(str(answer).lower().split())
        for a in question["answers"]:
            if given == " ".join(a["answer"].lower().split()):
                return a["correct"], a["feedback"]
        return False, question["fallback_feedback"]
    raise ValueError(f"question {question['id']} is {kind}; pick an option instead")


def check(lesson: str, question_id: str, answer) -> None:
    """Print friendly feedback on a free answer; never raises on the learner's input."""
    bank = load_bank(lesson)
    question = next((q for q in bank.questions if q["id"] == question_id), None)
    if question is None:
        print(f"There is no question {question_id!r} in lesson {lesson}.")
        return
    try:
        correct, feedback = judge(question, answer)
    except ValueError as err:
        print(err)
        return
    print({True: "Correct. ", False: "Not yet. ", None: ""}[correct] + feedback)


# -- rendering -------------------------------------------------------------------------
def _question_html(q: dict, uid: str) -> str:
    qid = f"{uid}-{q['id']}"
    legend = f'<legend id="{qid}-q">{escape(q["question"])}</legend>'
    if q["type"] in ("multiple_choice", "many_choice"):
        kind = "radio" if q["type"] == "multiple_choice" else "checkbox"
        hint = "" if kind == "radio" else '<p class="psoas-meta">Choose all that apply.</p>'
        options = "".join(
            f'<label class="psoas-option"><input type="{kind}" name="{qid}" value="{i}"> '
            f"{escape(a['answer'])}</label>"
            for i, a in enumerate(q["answers"])
        )
        body = hint + options
    else:
        units = f" ({escape(q['units'])})" if q.get("units") else ""
        mode = ' inputmode="decimal"' if q["type"] == "numeric" else ""
        body = (
            f'<label for="{qid}-in">Your answer{units}:</label> '
            f'<input type="text" id="{qid}-in"{mode} autocomplete="off">'
        )
    return (
        f'<fieldset class="psoas-question" data-qid="{escape(q["id"])}">{legend}{body}'
        f'<div><button type="button" class="psoas-check">Check answer</button></div>'
        f'<p class="psoas-feedback" role="status" aria-live="polite" hidden></p></fieldset>'
    )


def _client_data(questions: list[dict]) -> str:
    """The answer data the page script needs, as JSON safe inside a <script> element."""
    keep = ("id", "type", "answers", "fallback_feedback", "units")
    data = [{k: q[k] for k in keep if k in q} for q in questions]
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    # inert inside <script type="application/json">: no markup can close or open a tag
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Quiz:
    """A lesson's self-check, answered in the browser (static book and JupyterLab alike)."""

    def __init__(self, questions: list[dict], title: str, slug: str, review: bool = False):
        self.questions, self.title, self.slug, self.review = questions, title, slug, review

    def __repr__(self) -> str:
        return f"{self.title}: {len(self.questions)} questions (answer them in the page)"

    def _repr_html_(self) -> str:
        uid = unique_id(f"quiz-{self.slug}")
        items = "".join(_question_html(q, uid) for q in self.questions)
        empty = (
            (
                '<p class="psoas-empty" hidden>Nothing to review yet: questions you miss '
                "come back here.</p>"
            )
            if self.review
            else ""
        )
        return (
            f'<section class="psoas-quiz" id="{uid}" aria-labelledby="{uid}-title" '
            f'data-review="{"1" if self.review else "0"}" data-lm-suppress-shortcuts="true">'
            f"<style>{asset('course.css')}</style>"
            f'<h3 id="{uid}-title">{escape(self.title)}</h3>{empty}{items}'
            f'<p class="psoas-meta">Your answers stay in this browser only. '
            f'<button type="button" class="psoas-reset">Reset my progress</button></p>'
            f'<script type="application/json" class="psoas-answers">'
            f"{_client_data(self.questions)}</script>"
            f"<script>{asset('quiz.js')}</script></section>"
        )


def show_quiz(lesson: str) -> Quiz:
    """The self-check for a lesson, e.g. ``show_quiz("01-meet-the-psoas")``."""
    bank = load_bank(lesson)
    return Quiz(bank.questions, f"Self-check: {bank.title}", bank.lesson)


def review_quiz(before: str | None = None) -> Quiz:
    """Questions you missed in earlier lessons (all lessons if ``before`` is None)."""
    questions = [q for b in all_banks() if before is None or b.lesson < before for q in b.questions]
    return Quiz(
        questions, "Review: questions you missed earlier", f"review-{before or 'all'}", review=True
    )
