"""Self-check questions kept as data, validated with exact messages, rendered for any reader.

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

Learners are marked in the page by ``assets/quiz.js``; :func:`judge` is the same checker in
Python (for "Try it" cells).  Both are tested against ``data/answer_cases.json``.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import yaml

from psoas_course.core.data import DataError, data_dir, load_table
from psoas_course.ui.diagram import inline_asset, unique_id

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
)
ANSWER_FIELDS = ("answer", "correct", "feedback", "value", "tolerance", "range", "accept")
VARIANT_FIELDS = ("question", "answers")
VARIANT_ANSWER_FIELDS = ("answer", "feedback", "accept")
FINAL_CHECK_FIELDS = ("size", "pass_mark")

# "How sure are you?" for questions with ``confidence: true``: (value kept, label shown).
CONFIDENCE = (("guessing", "guessing"), ("fairly-sure", "fairly sure"), ("certain", "certain"))

# Options are listed in this fixed shuffle in the static page; quiz.js reshuffles per learner.
SHUFFLE_SEED = "psoas-course"

# -- units: every spelling a learner may type, as (quantity, factor to the base unit) ----
_UNIT_SPELLINGS = {
    ("length", 0.001): "mm millimetre millimetres millimeter millimeters",
    ("length", 0.01): "cm centimetre centimetres centimeter centimeters",
    ("length", 1.0): "m metre metres meter meters",
    ("force", 1.0): "n newton newtons",
    ("force", 1000.0): "kn kilonewton kilonewtons",
    ("moment", 1.0): "n·m nm newton-metre newton-metres newton-meter newton-meters",
    ("angle", 1.0): "° deg degs degree degrees",
    ("percent", 1.0): "% percent per-cent pct",
    ("mass", 1.0): "kg kilogram kilograms kilo kilos",
    ("mass", 0.001): "g gram grams",
    ("time", 1.0): "h hr hrs hour hours",
    ("time", 1 / 60): "min mins minute minutes",
}
UNITS: dict[str, tuple[str, float]] = {
    spelling: unit for unit, text in _UNIT_SPELLINGS.items() for spelling in text.split()
}
QUANTITY_NAMES = {
    "length": "a length",
    "force": "a force",
    "moment": "a moment (force times lever arm)",
    "angle": "an angle",
    "percent": "a percentage",
    "mass": "a mass",
    "time": "a time",
}
NUMBER = re.compile(
    r"^\s*(?:about|around|approximately|approx\.?|roughly|~|\u2248)?\s*"
    r"([-+\u2212]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[-+]?\d+)?)\s*(.*?)\s*$",
    re.IGNORECASE,
)
# Punctuation that never changes a typed word answer; hyphens and dashes count as spaces.
HARMLESS = ".,!?;:'\"()[]{}\u2018\u2019\u201c\u201d\u00a1\u00bf\u2026"
DASHES = "-_\u2010\u2011\u2012\u2013\u2014"
ARTICLES = ("a ", "an ", "the ")
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


def _fail(path, number, qid, field_name, message):
    who = f"question {number}" + (f" ({qid})" if qid else "")
    raise QuizError(f"{path}: {who}: field '{field_name}': {message}")


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


# -- checking a learner's typed answer (the same rules as assets/quiz.js) -------------------
def unit_of(text: str) -> tuple[str, float] | None:
    """(quantity, factor to the base unit) for a spelling such as ``"cm"`` or ``"N·m"``."""
    key = " ".join(text.lower().split())
    key = re.sub(r"^n\s*[·⋅*.\- ]\s*m$", "n·m", key)
    key = re.sub(r"^(newtons?)[ -]?(met(?:re|er)s?)$", r"newton-\2", key)
    key = key.replace("per cent", "per-cent")
    return UNITS.get(key)


def read_number(answer) -> tuple[float, str] | None:
    """(value, unit as typed or '') from ``45``, ``"45 degrees"``, ``"24 mm"``; else None."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float)):
        return (float(answer), "") if math.isfinite(answer) else None
    if not isinstance(answer, str):
        return None
    match = NUMBER.match(answer)
    if not match:
        return None
    value = float(match.group(1).replace(",", ".").replace("\u2212", "-"))
    unit = match.group(2).strip().rstrip(".!?").strip()
    if any(ch.isdigit() for ch in unit):  # "9 0": two numbers, not a number and a unit
        return None
    return (value, unit) if math.isfinite(value) else None


def parse_number(answer) -> float | None:
    """The number in ``45``, ``"45 degrees"``, ``"-20°"``, ``"3,5 cm"``; None if there is none."""
    read = read_number(answer)
    return None if read is None else read[0]


def _count_forms(units: str) -> set[str]:
    """A counted thing ("vertebrae", "nerves") may be typed in the plural or the singular;
    a ratio in "times" also as "x" or "×"."""
    word = units.lower().strip()
    forms = {word, word.removesuffix("s"), word.removesuffix("e")}
    return forms | {"x", "\u00d7"} if word == "times" else forms  # "2.5x" for 2.5 times


def _in_question_units(question: dict, value: float, unit: str) -> tuple[float | None, str]:
    """The value converted to the question's units, or None with the reason."""
    units = question["units"]
    wanted = unit_of(units)
    if not unit:
        return value, ""
    given = unit_of(unit)
    if wanted is None:
        if unit.lower() in _count_forms(units):
            return value, ""
        what = f", {QUANTITY_NAMES[given[0]]}" if given else ""
        return None, f"You wrote {_fmt(value, unit)}{what}, but the answer is a number of {units}."
    if given is None:
        return None, f"I do not know the unit {unit!r}. Give the number in {units}."
    if given[0] != wanted[0]:
        return None, (
            f"You wrote {_fmt(value, unit)}, {QUANTITY_NAMES[given[0]]}, but this question "
            f"asks for {QUANTITY_NAMES[wanted[0]]} in {units}."
        )
    return float(f"{value * given[1] / wanted[1]:.12g}"), ""


def _fmt(value: float, unit: str = "") -> str:
    gap = "" if unit in ("°", "%", "") else " "
    return f"{value:g}{gap}{unit}"


def normalise_words(text: str) -> str:
    """Lower case, no harmless punctuation, dashes as spaces, no leading article."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = text.translate({ord(c): " " for c in DASHES}).translate({ord(c): None for c in HARMLESS})
    text = " ".join(text.split())
    for article in ARTICLES:
        if text.startswith(article):
            return text[len(article) :]
    return text


def judge(question: dict, answer) -> tuple[bool | None, str]:
    """(correct?, feedback) for any learner input to a numeric or string question.

    ``None`` means the input was not an attempt (empty, no number in it, or a unit of the
    wrong kind): the learner gets an explanation and nothing is marked wrong.
    """
    kind = question["type"]
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return None, "Type an answer first, then check it."
    if kind == "numeric":
        read = read_number(answer)
        if read is None:
            return None, (
                f"I could not read a number in {str(answer)[:40]!r}. Write it with "
                f"digits, for example 45 (units: {question['units']})."
            )
        value, why = _in_question_units(question, *read)
        if value is None:
            return None, why
        for a in question["answers"]:
            if "value" in a and abs(value - a["value"]) <= a["tolerance"] + 1e-9:
                return a["correct"], a["feedback"]
            if "range" in a and a["range"][0] <= value <= a["range"][1]:
                return a["correct"], a["feedback"]
        return False, question["fallback_feedback"]
    if kind == "string":
        given = normalise_words(answer)
        for a in question["answers"]:
            forms = [a["answer"], *a.get("accept", [])]
            if given in {normalise_words(form) for form in forms}:
                return a["correct"], a["feedback"]
        return False, question["fallback_feedback"]
    raise ValueError(f"question {question['id']} is {kind}; pick an option in the self-check")


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


def check_answer(question_id: str, answer) -> None:
    """Print friendly feedback on a typed answer to any course question.

    ``check_answer("02-moment-arm-peak", "75 deg")``: units are converted, and a number in
    the wrong kind of unit is explained, not marked.
    """
    question = find_question(question_id)
    if question is None:
        print(f"There is no question {question_id!r} in this course.")
        return
    _print_verdict(question, answer)


def check(lesson: str, question_id: str, answer) -> None:
    """Print friendly feedback on a free answer to a question of ``lesson``; never raises."""
    bank = load_bank(lesson)
    question = next((q for q in bank.questions if q["id"] == question_id), None)
    if question is None:
        print(f"There is no question {question_id!r} in lesson {lesson}.")
        return
    _print_verdict(question, answer)


def _print_verdict(question: dict, answer) -> None:
    try:
        correct, feedback = judge(question, answer)
    except ValueError as err:
        print(err)
        return
    print({True: "Correct. ", False: "Not yet. ", None: ""}[correct] + feedback)


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


# -- rendering ----------------------------------------------------------------------------
def _question_html(q: dict, uid: str, lesson_key: str = "") -> str:
    qid = f"{uid}-{q['id']}"
    legend = f'<legend id="{qid}-q">{escape(q["question"])}</legend>'
    if q["type"] in CHOICE:
        kind = "radio" if q["type"] == "multiple_choice" else "checkbox"
        hint = "" if kind == "radio" else '<p class="psoas-meta">Choose all that apply.</p>'
        options = "".join(
            f'<label class="psoas-option"><input type="{kind}" name="{qid}" value="{i}"> '
            f"{escape(q['answers'][i]['answer'])}</label>"
            for i in option_order(q)
        )
        body = f'{hint}<div class="psoas-options">{options}</div>{_confidence_html(q, qid)}'
    else:
        units = f" ({escape(q['units'])})" if q.get("units") else ""
        mode = ' inputmode="decimal"' if q["type"] == "numeric" else ""
        body = (
            f'<label for="{qid}-in">Your answer{units}:</label> '
            f'<input type="text" id="{qid}-in"{mode} autocomplete="off">'
        )
    lesson = f' data-lesson="{escape(lesson_key)}"' if lesson_key else ""
    # where the final check shows the answer given in the lesson beside today's
    belief = '<div class="psoas-belief" aria-live="polite" hidden></div>'
    belief = belief if q.get("confidence") else ""
    return (
        f'<fieldset class="psoas-question"{lesson} data-qid="{escape(q["id"])}">{legend}{body}'
        f'<div><button type="button" class="psoas-check">Check answer</button></div>'
        f'<p class="psoas-feedback" role="status" aria-live="polite" hidden></p>{belief}</fieldset>'
    )


def _confidence_html(q: dict, qid: str) -> str:
    """The "How sure are you?" choice (the lesson's answer is shown beside today's below)."""
    if not q.get("confidence"):
        return ""
    choices = "".join(
        f'<label class="psoas-sure"><input type="radio" name="{qid}-sure" value="{value}"> '
        f"{label}</label>"
        for value, label in CONFIDENCE
    )
    return (
        f'<div class="psoas-confidence" role="radiogroup" aria-labelledby="{qid}-sure-q">'
        f'<span id="{qid}-sure-q">How sure are you?</span> {choices}</div>'
    )


def _json_for_script(data) -> str:
    """JSON safe inside a <script> element: no markup can close or open a tag."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _client_data(questions: list[dict]) -> str:
    """The answer data the page script needs."""
    keep = ("id", "type", "answers", "fallback_feedback", "units", "confidence")
    return _json_for_script([{k: q[k] for k in keep if k in q} for q in questions])


NOSCRIPT = {
    "lesson": "This self-check needs JavaScript, which is off in this browser: you can read "
    "the questions, but the answers, the diagrams and your saved progress need it turned on.",
    "review": "The review of earlier questions needs JavaScript, which is off in this "
    "browser, so it is hidden. The diagrams and self-checks on this page need it too.",
    "final": "The final check needs JavaScript to mark your answers and give your score; it "
    "is off in this browser. The diagrams on this page need it too.",
}
RESET_HELP = {
    "lesson": "“Reset this lesson” forgets your answers to the questions above and takes them "
    "off your review list; “Reset all lessons” forgets every answer in the course.",
    "review": "“Reset these questions” forgets your answers to the review questions above; "
    "“Reset all lessons” forgets every answer in the course.",
    "final": "“Reset this check” forgets your answers and score here, so you can start the "
    "check again; “Reset all lessons” forgets every answer in the course.",
}
RESET_LABEL = {
    "lesson": "Reset this lesson",
    "review": "Reset these questions",
    "final": "Reset this check",
}


REVIEW_PAGE_SIZE = 20  # due questions the review page shows at once, most overdue first


def _transfer_html(uid: str) -> str:
    """Save progress to a file and load it in another browser (assets/srs.js checks the file)."""
    return (
        f'<div class="psoas-transfer" role="group" aria-labelledby="{uid}-transfer">'
        f'<h4 id="{uid}-transfer">Take your progress to another browser</h4>'
        "<p>Your answers and their due dates are kept in this browser only. Save them to a "
        "file, then load the file here in another browser: for each question the newer "
        "answer is kept, and nothing else changes. A file that is not a progress file from "
        "this course is refused.</p>"
        '<p><button type="button" class="psoas-export">Save progress to a file</button> '
        f'<label for="{uid}-import">Load progress from a file:</label> '
        f'<input type="file" id="{uid}-import" class="psoas-import" '
        'accept=".json,application/json"></p>'
        '<p class="psoas-transfer-result" role="status" aria-live="polite"></p></div>'
    )


@dataclass
class Quiz:
    """A lesson's self-check, answered in the browser (static book and JupyterLab alike).

    ``kind`` is ``"lesson"``, ``"review"`` (earlier questions due again, chosen in the
    page from the learner's progress by ``assets/srs.js``: FSRS due dates in days) or
    ``"final"`` (the scored final check). ``position`` is the lesson's place in the course;
    ``page`` the key of the lesson the quiz is shown in (the learner has opened it: reviews
    draw only from opened lessons); ``lesson_of`` each question's own lesson.
    ``show_all`` makes it the review page: up to REVIEW_PAGE_SIZE due questions instead of a
    lesson's first few, the number due, and saving progress to a file and loading it.
    """

    questions: list[dict]
    title: str
    slug: str
    review: bool = False
    kind: str = ""
    position: int = 0
    problems: list[str] = field(default_factory=list)
    lesson_of: dict[str, str] = field(default_factory=dict)  # question id -> lesson key
    final: dict | None = None  # pass mark and the lessons of the breakdown
    page: str = ""
    show_all: bool = False

    def __post_init__(self):
        self.kind = self.kind or ("review" if self.review else "lesson")
        self.review = self.kind == "review"

    def __repr__(self) -> str:
        lines = [f"{self.title}: {len(self.questions)} questions (answer them in the page)"]
        return "\n".join(lines + self.problems)

    def _repr_html_(self) -> str:
        uid = unique_id(f"quiz-{self.slug}")
        items = "".join(
            _question_html(q, uid, self.lesson_of.get(q["id"], "")) for q in self.questions
        )
        problems = "".join(f'<p class="psoas-problem">{escape(p)}</p>' for p in self.problems)
        empty = (
            '<p class="psoas-empty" hidden>Nothing is due for review today. A question you '
            "answer comes back here on the day it is due: a miss the next day, a right answer "
            "after a few days, then at longer and longer gaps.</p>"
            if self.review
            else ""
        )
        limit = f' data-limit="{REVIEW_PAGE_SIZE}"' if self.show_all else ""
        transfer = _transfer_html(uid) if self.show_all else ""
        due_count = '<p class="psoas-due-count" role="status" hidden></p>' if self.show_all else ""
        score = ""
        if self.final:
            score = (
                f'<div class="psoas-score" role="status" aria-live="polite">'
                f"<p>Answer every question; your score and a breakdown by lesson appear here. "
                f"The pass mark is {round(self.final['pass_mark'] * 100)}%.</p></div>"
                f'<script type="application/json" class="psoas-final">'
                f"{_json_for_script(self.final)}</script>"
            )
        return (
            f'<noscript><p class="psoas-noscript">{NOSCRIPT[self.kind]}</p></noscript>'
            f'<section class="psoas-quiz psoas-needs-js" id="{uid}" aria-labelledby="{uid}-title" '
            f'data-review="{"1" if self.review else "0"}" data-kind="{self.kind}" '
            f'data-position="{self.position}" data-lesson="{escape(self.page)}"'
            f'{limit} data-lm-suppress-shortcuts="true">'
            f"{inline_asset('course.css')}"
            f'<h3 id="{uid}-title">{escape(self.title)}</h3>{problems}'
            f'<p class="psoas-notice" role="status" hidden></p>{empty}{due_count}{items}{score}'
            f"{transfer}"
            f'<p class="psoas-meta"><span class="psoas-storage">Your answers stay in this '
            f"browser only.</span> "
            f'<button type="button" class="psoas-reset" data-scope="{self.kind}" '
            f'aria-describedby="{uid}-reset-help">{RESET_LABEL[self.kind]}</button> '
            f'<button type="button" class="psoas-reset" data-scope="all" '
            f'aria-describedby="{uid}-reset-help">Reset all lessons</button><br>'
            f'<span id="{uid}-reset-help">{RESET_HELP[self.kind]}</span></p>'
            f'<script type="application/json" class="psoas-answers">'
            f"{_client_data(self.questions)}</script>"
            f"{inline_asset('srs.js')}{inline_asset('quiz.js')}</section>"
        )


@dataclass
class QuizProblem:
    """What a lesson shows instead of a quiz whose bank cannot be read: the message only."""

    message: str

    def __repr__(self) -> str:
        return f"The self-check cannot be shown: {self.message}"

    def _repr_html_(self) -> str:
        return f'<p class="psoas-problem">{escape(repr(self))}</p>'


def _position(key: str) -> int:
    from psoas_course.course import lessons

    keys = [item.key for item in lessons()]
    return keys.index(key) + 1 if key in keys else 0


def show_quiz(lesson: str) -> Quiz | QuizProblem:
    """The self-check for a lesson, e.g. ``show_quiz("01-meet-the-psoas")``.

    A broken bank gives a message naming the file and field, not a traceback.
    """
    try:
        bank = load_bank(lesson)
    except QuizError as err:
        return QuizProblem(str(err))
    if bank.final_check:
        return final_check(bank)
    return Quiz(
        bank.questions,
        f"Self-check: {bank.title}",
        bank.lesson,
        position=_position(lesson),
        lesson_of={q["id"]: bank.lesson for q in bank.questions},
        page=bank.lesson,
    )


def _earlier_banks(before: str | None) -> tuple[list, list[Bank], list[str]]:
    """Lessons before ``before`` in course order, their readable banks, and the problems."""
    from psoas_course.course import lessons

    items = list(lessons())
    keys = [item.key for item in items]
    if before is not None:
        if before not in keys:
            return [], [], [f"There is no lesson {before!r} in the course index."]
        items = items[: keys.index(before)]
    claims = known_claim_ids()
    found, banks, problems = [], [], []
    for item in items:
        if not item.bank:
            continue
        try:
            banks.append(load_bank(item.key, claims))
            found.append(item)
        except QuizError as err:
            problems.append(f"The questions of {item.label} are left out: {err}")
    return found, banks, problems


def review_quiz(before: str | None = None) -> Quiz:
    """Earlier lessons' questions that are due again: the ones you missed and a few you got right.

    Only the lessons before ``before`` in course order are read; a broken bank is named in a
    message and left out, so it cannot break this lesson.
    """
    _, banks, problems = _earlier_banks(before)
    salt = before or "all"
    questions = [reworded(q, salt) for bank in banks for q in bank.questions]
    return Quiz(
        questions,
        "Review: questions due again",
        f"review-{before or 'all'}",
        kind="review",
        position=_position(before) if before else 0,
        problems=problems,
        lesson_of={q["id"]: bank.lesson for bank in banks for q in bank.questions},
        page=before or "",
        show_all=before is None,
    )


def _claim_lessons() -> dict[str, int]:
    try:
        table = load_table("claims.csv", {"id": "text", "lesson": "text"})
    except DataError:
        return {}
    return {c: int(n) for c, n in zip(table["id"], table["lesson"]) if str(n).isdigit()}


def final_check(bank: Bank) -> Quiz:
    """The scored final check: the bank's own questions plus questions drawn from every
    earlier lesson (at least one each), mixed, without "Lesson N:" labels."""
    items, banks, problems = _earlier_banks(bank.lesson)
    by_number = {item.number: item for item in items}
    claim_lesson = _claim_lessons()
    lesson_of: dict[str, str] = {}
    for q in bank.questions:
        numbers = [claim_lesson.get(c) for c in q.get("claims", [])]
        home = next((by_number[n] for n in numbers if n in by_number), None)
        lesson_of[q["id"]] = home.key if home else bank.lesson
    chosen = [unlabelled(q) for q in bank.questions]
    taken = {q["id"] for q in chosen}
    counts = {item.key: 0 for item in items}
    for key in lesson_of.values():
        if key in counts:
            counts[key] += 1
    pools = {
        item.key: sorted(b.questions, key=lambda q: _pick(f"final:{q['id']}", 1 << 30))
        for item, b in zip(items, banks)
    }
    # questions marked to be asked again (beliefs from lesson 1), then the least-covered
    # lesson until the check is full and every lesson is in it
    for item, b in zip(items, banks):
        for q in b.questions:
            if q.get("again_in_final_check") and q["id"] not in taken:
                chosen.append(unlabelled(reworded(q, "final")))
                taken.add(q["id"])
                lesson_of[q["id"]] = item.key
                counts[item.key] += 1
    while True:
        open_lessons = [k for k in counts if any(q["id"] not in taken for q in pools[k])]
        if not open_lessons:
            break
        key = min(open_lessons, key=lambda k: counts[k])
        if len(chosen) >= bank.final_check["size"] and counts[key] > 0:
            break
        q = reworded(next(q for q in pools[key] if q["id"] not in taken), "final")
        chosen.append(unlabelled(q))
        taken.add(q["id"])
        lesson_of[q["id"]] = key
        counts[key] += 1
    random.Random(f"{SHUFFLE_SEED}:final").shuffle(chosen)
    breakdown = [
        {"key": item.key, "title": item.label, "href": f"{item.key}.html"} for item in items
    ]
    if any(key == bank.lesson for key in lesson_of.values()):
        breakdown.append({"key": bank.lesson, "title": "Across the course", "href": ""})
    return Quiz(
        chosen,
        f"Final check: {len(chosen)} questions from the whole course",
        bank.lesson,
        kind="final",
        position=_position(bank.lesson),
        problems=problems,
        lesson_of=lesson_of,
        final={"pass_mark": bank.final_check["pass_mark"], "lessons": breakdown},
        page=bank.lesson,
    )
