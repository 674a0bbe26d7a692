"""The final check's pool: the questions the closed-book final check may draw, per lesson.

``data/final_pool.json`` is data an instructor edits::

    {"pass_mark": 0.7,
     "lessons": {"01-meet-the-psoas": ["01-insertion", ...], ...},
     "beliefs": {"01-hip-flexor-myth": "02-how-the-psoas-moves-you", ...}}

``lessons`` maps every teaching lesson of the lesson index (a lesson with a question bank
and no ``final_check`` of its own) to at least MIN_PER_LESSON ids from that lesson's bank in
``data/questions/``. Each attempt draws PER_ATTEMPT of them per lesson (the page,
``ui/assets/final.js``, seeds the draw by learner and attempt). ``beliefs`` maps each belief
question (``confidence`` or ``again_in_final_check`` in its bank) to the lesson that answers
it: the check asks it in every attempt, scores it apart, and marks it only once that lesson
has been opened. The book checks the file before it builds (``site/sphinx_ext.py``), and
every problem names the file and the field.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from psoas_course.core.bank import LABEL, Bank, load_bank, unlabelled
from psoas_course.core.data import DataError, data_dir

POOL_FILE = "final_pool.json"
FIELDS = ("about", "pass_mark", "lessons", "beliefs")
PER_ATTEMPT = 2  # questions drawn from each lesson in one attempt
# At least 4 per lesson: two attempts in a row then share no question of a lesson, and any
# two of the first six attempts (every pair of a 4-question pool once) share at most one of
# its two, so at most half of the check.
MIN_PER_LESSON = 4
FINAL_PAGE = "book/final-check"  # where the check is shown; lesson links are relative to it
CLIENT_FIELDS = ("type", "answers", "fallback_feedback", "units", "confidence")


class PoolError(DataError):
    """The final check's pool is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Pool:
    path: Path
    pass_mark: float
    lessons: dict[str, list[str]]  # lesson key -> question ids, in course order
    beliefs: dict[str, str]  # belief question id -> key of the lesson that answers it
    questions: dict[str, dict]  # every listed question, by id
    home: dict[str, str]  # question id -> the lesson whose bank holds it


def pool_path() -> Path:
    return data_dir() / POOL_FILE


def teaching_lessons() -> list[tuple]:
    """(lesson, bank) for each lesson of the index the check draws from, in course order:
    a lesson with a question bank and no final check of its own."""
    from psoas_course.course import lessons

    found = []
    for item in lessons():
        if item.bank:
            bank = load_bank(item.key)
            if not bank.final_check:
                found.append((item, bank))
    return found


def _is_belief(q: dict) -> bool:
    return bool(q.get("confidence") or q.get("again_in_final_check"))


def load_pool(path: Path | None = None) -> Pool:
    """Read and check ``data/final_pool.json`` against the lesson index and the banks."""
    path = path or pool_path()
    if not path.is_file():
        raise PoolError(
            f"{path}: missing: the final check needs its pool "
            "(field 'lessons': lesson key -> question ids)"
        )
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise PoolError(
            f"{path}: invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}"
        ) from None
    found = teaching_lessons()
    banks = {item.key: bank for item, bank in found}
    return validate_pool(raw, path, [item.key for item, _ in found], banks)


def validate_pool(raw, path: Path, keys: list[str], banks: dict[str, Bank]) -> Pool:
    """Check a parsed pool; raise PoolError at the first problem.

    ``keys``: the teaching lessons in course order; ``banks``: their banks by key.
    """
    if not isinstance(raw, dict):
        raise PoolError(f"{path}: the file must hold an object with 'lessons' and 'beliefs'")
    extra = [k for k in raw if k not in FIELDS]
    if extra:
        raise PoolError(f"{path}: unknown field '{extra[0]}' (known: {', '.join(FIELDS)})")
    mark = raw.get("pass_mark")
    if not (isinstance(mark, (int, float)) and not isinstance(mark, bool) and 0 < mark <= 1):
        raise PoolError(f"{path}: field 'pass_mark': a share above 0 and up to 1, e.g. 0.7")
    home = {q["id"]: key for key, bank in banks.items() for q in bank.questions}
    by_id = {q["id"]: q for bank in banks.values() for q in bank.questions}
    given = raw.get("lessons")
    if not isinstance(given, dict) or not given:
        raise PoolError(f"{path}: field 'lessons' must map lesson keys to lists of question ids")
    for key in given:
        if key not in keys:
            raise PoolError(
                f"{path}: field 'lessons.{key}': unknown lesson '{key}' "
                f"(the lessons the check draws from: {', '.join(keys)})"
            )
    lessons: dict[str, list[str]] = {}
    for key in keys:
        where = f"{path}: field 'lessons.{key}'"
        if key not in given:
            raise PoolError(
                f"{path}: field 'lessons': lesson '{key}' is missing: every lesson in the "
                f"index gives the check at least {MIN_PER_LESSON} questions"
            )
        ids = given[key]
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise PoolError(f"{where}: must be a list of question ids")
        if len(ids) < MIN_PER_LESSON:
            raise PoolError(
                f"{where}: {len(ids)} question(s); at least {MIN_PER_LESSON} are needed so "
                "that a retake draws different ones"
            )
        for i, qid in enumerate(ids):
            spot = f"{path}: field 'lessons.{key}[{i}]'"
            if qid in ids[:i]:
                raise PoolError(f"{spot}: question '{qid}' is listed twice")
            if home.get(qid) != key:
                elsewhere = f" (it is in {home[qid]}'s bank)" if qid in home else ""
                raise PoolError(
                    f"{spot}: unknown question id '{qid}': not in "
                    f"{banks[key].path.parent.name}/{banks[key].path.name}{elsewhere}"
                )
            if _is_belief(by_id[qid]):
                raise PoolError(
                    f"{spot}: '{qid}' is a belief question (confidence or "
                    "again_in_final_check): list it under 'beliefs', scored apart"
                )
        lessons[key] = list(ids)
    beliefs = _check_beliefs(raw.get("beliefs", {}), path, keys, home, by_id)
    listed = [q for ids in lessons.values() for q in ids] + list(beliefs)
    return Pool(
        path,
        float(mark),
        lessons,
        beliefs,
        {qid: by_id[qid] for qid in listed},
        {qid: home[qid] for qid in listed},
    )


def _check_beliefs(given, path, keys, home, by_id) -> dict[str, str]:
    if not isinstance(given, dict):
        raise PoolError(
            f"{path}: field 'beliefs' must map belief question ids to the lesson that answers each"
        )
    for qid, key in given.items():
        where = f"{path}: field 'beliefs.{qid}'"
        if qid not in by_id:
            raise PoolError(f"{where}: unknown question id '{qid}' (not in any lesson's bank)")
        if not _is_belief(by_id[qid]):
            raise PoolError(
                f"{where}: '{qid}' is not a belief question (its bank gives it neither "
                "confidence nor again_in_final_check): list it under 'lessons'"
            )
        if key not in keys:
            raise PoolError(
                f"{where}: unknown lesson '{key}' (the lesson that answers the belief, one "
                f"of: {', '.join(keys)})"
            )
    for qid, q in by_id.items():
        if q.get("again_in_final_check") and qid not in given:
            raise PoolError(
                f"{path}: field 'beliefs': '{qid}' ({home[qid]}) is to be asked again in the "
                "final check: name the lesson that answers it"
            )
    return dict(given)


# -- what the page needs -----------------------------------------------------------------
THIS_LESSON = re.compile(r"\b(in|of|from) this lesson\b")


def _client_question(q: dict, lesson: str, number: int) -> dict:
    """A question as final.js needs it: no "Lesson 3:" label, "this lesson" named (the page
    is not the lesson), variants kept for retakes."""

    def shown_text(text: str) -> str:
        text = THIS_LESSON.sub(lambda m: f"{m.group(1)} lesson {number}", LABEL.sub("", text))
        return text[:1].upper() + text[1:]

    out = {"id": q["id"], "lesson": lesson, "question": shown_text(unlabelled(q)["question"])}
    out.update({k: q[k] for k in CLIENT_FIELDS if k in q})
    variants = []
    for variant in q.get("variants") or []:
        shown = {"question": shown_text(variant["question"])}
        if "answers" in variant:
            shown["answers"] = variant["answers"]
        variants.append(shown)
    if variants:
        out["variants"] = variants
    return out


def lesson_href(notebook: str, page: str = FINAL_PAGE) -> str:
    """The lesson's page, relative to the final-check page (``.html``; final.js switches to
    ``.ipynb`` when the page is not served as HTML)."""
    target = posixpath.splitext(notebook)[0] + ".html"
    return posixpath.relpath(target, posixpath.dirname(page))


def page_data(pool: Pool | None = None) -> dict:
    """Everything final.js draws from, written into the page at build time."""
    from psoas_course.course import lessons

    pool = pool or load_pool()
    index = {item.key: item for item in lessons()}
    return {
        "pass_mark": pool.pass_mark,
        "per_lesson": PER_ATTEMPT,
        "lessons": [
            {
                "key": key,
                "number": index[key].number,
                "title": index[key].label,
                "href": lesson_href(index[key].notebook),
                "ids": ids,
            }
            for key, ids in pool.lessons.items()
        ],
        "beliefs": [{"id": qid, "answered_in": key} for qid, key in pool.beliefs.items()],
        "questions": {
            qid: _client_question(q, pool.home[qid], index[pool.home[qid]].number)
            for qid, q in pool.questions.items()
        },
    }
