"""The instructor's answer key: every self-check question with its answers and feedback.

``make answer-key`` (``python -m psoas_course.authoring.answer_key OUT.md``) writes one
Markdown page from ``data/questions/*.json``, grouped by lesson, then by learning objective,
with the other word forms accepted for typed answers (``accept``), each question's reworded
``variants`` (what reviews and the final check show) and each lesson's exercise solutions
(the ``<details>`` "Show a solution" blocks of its notebook, which the student edition
replaces by "ask your teacher").
Banks whose file name starts with ``_`` (templates) are left out.  The banks are read and
validated by :func:`psoas_course.ui.quiz.all_banks`, so a broken bank stops the key with the
same message the tests give.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from psoas_course.authoring.student_book import DETAILS_TAG, SUMMARY, solution_spans
from psoas_course.course import course_root
from psoas_course.ui.quiz import Bank, QuizError, all_banks

KINDS = {
    "multiple_choice": "one correct answer",
    "many_choice": "one or more correct answers",
    "numeric": "a number",
    "string": "a word or phrase",
}


def cell(text) -> str:
    """Text that is safe inside a Markdown table cell."""
    return (
        " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|")
    )


def number(x) -> str:
    """``5``, ``-1000000000``, ``2.5``: whole numbers without a decimal point or exponent."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def option_label(question: dict, answer: dict) -> str:
    """What the learner gives: the option text, a value with its tolerance, or a range."""
    units = f" {question['units']}" if question.get("units") else ""
    if "value" in answer:
        spread = f" ± {number(answer['tolerance'])}" if answer.get("tolerance") else ""
        return f"{number(answer['value'])}{spread}{units}"
    if "range" in answer:
        low, high = answer["range"]
        return f"from {number(low)} to {number(high)}{units}"
    return str(answer.get("answer", ""))


def question_section(question: dict) -> list[str]:
    answers = question["answers"]
    correct = [option_label(question, a) for a in answers if a["correct"]]
    claims = ", ".join(question.get("claims", [])) or "none"
    lines = [
        f"#### {question['id']}",
        "",
        f"**Question** ({KINDS[question['type']]}): {cell(question['question'])}",
        "",
        f"**Correct:** {'; '.join(cell(c) for c in correct)}",
        "",
        f"**Claims:** {claims}",
        "",
        *accepted_lines(question["answers"], question),
        *flag_lines(question),
        "| Answer | Correct? | Feedback |",
        "| --- | --- | --- |",
    ]
    for a in answers:
        lines.append(
            f"| {cell(option_label(question, a))} | {'yes' if a['correct'] else 'no'} "
            f"| {cell(a['feedback'])} |"
        )
    if question.get("fallback_feedback"):
        lines.append(f"| (anything else) | no | {cell(question['fallback_feedback'])} |")
    return lines + [""] + variant_lines(question)


def accepted_lines(answers: list[dict], question: dict) -> list[str]:
    """'**Also accepted** for "iliopsoas": ...' for every typed answer with other word forms."""
    lines = []
    for original, a in zip(question["answers"], answers, strict=True):
        forms = a.get("accept") or []
        if forms:
            name = a.get("answer", original.get("answer", ""))
            marked = "correct" if original["correct"] else "marked wrong"
            lines += [
                f"**Also accepted** for “{cell(name)}” ({marked}): "
                + "; ".join(f"“{cell(form)}”" for form in forms),
                "",
            ]
    return lines


def flag_lines(question: dict) -> list[str]:
    flags = []
    if question.get("again_in_final_check"):
        flags.append("asked again in the final check")
    if question.get("confidence"):
        flags.append(
            "asks “How sure are you?” (guessing, fairly sure, certain); the final check "
            "shows the lesson's answer and confidence beside the new ones"
        )
    return [f"**Also:** {'; '.join(flags)}.", ""] if flags else []


def variant_lines(question: dict) -> list[str]:
    """Each reworded version, with its options' new wording and accepted forms if any."""
    variants = question.get("variants") or []
    if not variants:
        return []
    lines = [f"**Reworded variants** ({len(variants)}, shown in reviews and the final check):", ""]
    for number, variant in enumerate(variants, start=1):
        lines.append(f"{number}. {cell(variant['question'])}")
        answers = variant.get("answers")
        if answers:
            options = [
                f"“{cell(b.get('answer', option_label(question, a)))}”"
                + (" (correct)" if a["correct"] else "")
                for a, b in zip(question["answers"], answers, strict=True)
            ]
            lines.append(f"   Options: {'; '.join(options)}")
            merged = [dict(a, **b) for a, b in zip(question["answers"], answers, strict=True)]
            extra = [line for line in accepted_lines(merged, question) if line]
            lines += [f"   {line}" for line in extra]
    return lines + [""]


def solution_blocks(text: str) -> list[tuple[str, str]]:
    """(text before, solution body) for every top-level ``<details>`` solution in ``text``."""
    found, last = [], 0
    for start, end in solution_spans(text):
        block = text[start:end]
        summary = SUMMARY.match(block, DETAILS_TAG.match(block).end())
        closing = list(DETAILS_TAG.finditer(block))[-1]  # the block's own </details>
        found.append((text[last:start], block[summary.end() : closing.start()].strip()))
        last = end
    return found


def exercise_solutions(notebook: Path) -> list[tuple[str, str]]:
    """(exercise, solution) for each solution block of a lesson notebook ([] if unreadable)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    pairs = []
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        for before, body in solution_blocks("".join(cell.get("source", []))):
            prompt = re.sub(r"^#+ .*$", "", before, flags=re.M).strip()
            pairs.append((prompt, body))
    return pairs


def solutions_section(bank: Bank, root: Path) -> list[str]:
    pairs = exercise_solutions(root / "notebooks" / f"{bank.lesson}.ipynb")
    if not pairs:
        return []
    lines = ["### Exercise solutions", ""]
    for number, (prompt, body) in enumerate(pairs, start=1):
        if prompt:
            lines += [f"**Exercise {number}.** {prompt}", ""]
        lines += [f"**Solution {number}.**", "", body, ""]
    return lines


def lesson_section(bank: Bank, root: Path | None = None) -> list[str]:
    lines = [
        f"## {bank.lesson}: {bank.title}",
        "",
        f"Source: `data/questions/{bank.path.name}`",
        "",
    ]
    for key, objective in bank.objectives.items():
        questions = [q for q in bank.questions if q["objective"] == key]
        lines += [f"### {key}. {cell(objective)}", ""]
        if not questions:
            lines += ["*No question tests this objective yet.*", ""]
        for question in questions:
            lines += question_section(question)
    return lines + solutions_section(bank, root or course_root())


def answer_key(banks: list[Bank], root: Path | None = None) -> str:
    """The whole key as Markdown (exercise solutions from ``root``'s notebooks)."""
    banks = [b for b in banks if not b.path.name.startswith("_")]
    count = sum(len(b.questions) for b in banks)
    lessons = f"{len(banks)} lesson" + ("" if len(banks) == 1 else "s")
    lines = [
        "# Answer key: the self-check questions",
        "",
        f"{count} questions in {lessons}, generated from `data/questions/` by "
        "`make answer-key`, and each lesson's exercise solutions from its notebook. "
        "Edit the question files and notebooks, not this page.",
        "",
    ]
    for bank in banks:
        lines += lesson_section(bank, root)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m psoas_course.authoring.answer_key OUT.md", file=sys.stderr)
        return 2
    out = Path(args[0])
    try:
        text = answer_key(all_banks())
    except QuizError as err:
        print(f"answer-key: {err}", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"Wrote {out} ({text.count(chr(10) + '#### ')} questions).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
