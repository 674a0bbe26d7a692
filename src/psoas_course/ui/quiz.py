"""Self-checks rendered for any reader: a lesson's questions, the reviews and the final check.

The banks (``data/questions/``, their schema and loading) are :mod:`psoas_course.core.bank`'s;
the marking rules for typed answers are :mod:`psoas_course.core.marking`'s. Learners are marked
in the page by ``assets/quiz.js``; :func:`check_answer` prints the same verdict in Python (for
"Try it" cells). The names of both modules stay importable from here.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from html import escape
from pathlib import Path  # noqa: F401  (kept importable from here)

from psoas_course.core.bank import (  # noqa: F401  (re-exported: lessons and tools import them)
    ANSWER_FIELDS,
    BANK_FIELDS,
    CHOICE,
    FINAL_CHECK_FIELDS,
    LABEL,
    QUESTION_FIELDS,
    SHUFFLE_SEED,
    TYPES,
    VARIANT_ANSWER_FIELDS,
    VARIANT_FIELDS,
    Bank,
    QuizError,
    _pick,
    _read,
    all_banks,
    bank_path,
    find_question,
    known_claim_ids,
    load_bank,
    option_order,
    reworded,
    unlabelled,
    validate,
)
from psoas_course.core.data import DataError, data_dir, load_table  # noqa: F401
from psoas_course.core.marking import (  # noqa: F401  (re-exported)
    ARTICLES,
    DASHES,
    HARMLESS,
    NUMBER,
    QUANTITY_NAMES,
    UNITS,
    judge,
    normalise_words,
    parse_number,
    read_number,
    rules,
    unit_of,
)
from psoas_course.ui.diagram import inline_asset, unique_id

# "How sure are you?" for questions with ``confidence: true``: (value kept, label shown).
CONFIDENCE = (("guessing", "guessing"), ("fairly-sure", "fairly sure"), ("certain", "certain"))


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
    "lesson": "“Reset this lesson” forgets your answers to this lesson's questions, here and in "
    "its “Check yourself” boxes, and takes them off your review list; “Reset all lessons” "
    "forgets every answer in the course.",
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


PRACTICE_ATTR = ' data-practice="1"'


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
    practice: bool = False  # a "Check yourself" box inside the lesson, not its end

    def __post_init__(self):
        self.kind = self.kind or ("review" if self.review else "lesson")
        self.review = self.kind == "review"

    def _reset_buttons(self, uid: str) -> str:
        """The lesson's reset controls: at its end-of-lesson box only, not in each practice box."""
        return (
            f' <button type="button" class="psoas-reset" data-scope="{self.kind}" '
            f'aria-describedby="{uid}-reset-help">{RESET_LABEL[self.kind]}</button> '
            f'<button type="button" class="psoas-reset" data-scope="all" '
            f'aria-describedby="{uid}-reset-help">Reset all lessons</button><br>'
            f'<span id="{uid}-reset-help">{RESET_HELP[self.kind]}</span>'
        )

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
            f"{PRACTICE_ATTR if self.practice else ''}"
            f'{limit} data-lm-suppress-shortcuts="true">'
            f"{inline_asset('course.css')}"
            f'<h3 id="{uid}-title">{escape(self.title)}</h3>{problems}'
            f'<p class="psoas-notice" role="status" hidden></p>{empty}{due_count}{items}{score}'
            f"{transfer}"
            f'<p class="psoas-meta"><span class="psoas-storage">Your answers stay in this '
            f"browser only.</span>{'' if self.practice else self._reset_buttons(uid)}</p>"
            f'<script type="application/json" class="psoas-answers">'
            f"{_client_data(self.questions)}</script>"
            f'<script type="application/json" class="psoas-rules">'
            f"{_json_for_script(rules())}</script>"
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


def show_quiz(lesson: str, section: str | None = None) -> Quiz | QuizProblem:
    """The self-check for a lesson, e.g. ``show_quiz("01-meet-the-psoas")``.

    ``section="bending-sideways"`` shows only the questions whose ``section`` field names it:
    a practice box inside the lesson, right after the part it checks. Without it, the
    end-of-lesson box shows the questions that have no section.
    A broken bank gives a message naming the file and field, not a traceback.
    """
    try:
        bank = load_bank(lesson)
    except QuizError as err:
        return QuizProblem(str(err))
    if bank.final_check and section is None:
        return final_check(bank)
    if section is not None:
        questions = [q for q in bank.questions if q.get("section") == section]
        if not questions:
            return QuizProblem(f"{bank.path}: no question has field 'section' set to {section!r}")
        title, slug = f"Check yourself: {bank.title}", f"{bank.lesson}--{section}"
    else:
        questions = [q for q in bank.questions if not q.get("section")]
        title, slug = f"Self-check: {bank.title}", bank.lesson
        if not questions:
            return QuizProblem(
                f"{bank.path}: every question has a 'section'; none is left "
                "for the end-of-lesson self-check"
            )
    return Quiz(
        questions,
        title,
        slug,
        position=_position(lesson),
        lesson_of={q["id"]: bank.lesson for q in bank.questions},
        page=bank.lesson,
        practice=section is not None,
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
