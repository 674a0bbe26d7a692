"""The lesson linter: what keeps a lesson from following ``notebooks/_template.ipynb``.

    python -m psoas_course.authoring.lint        # or: make lint-lessons

prints the problems of each lesson (and of the template and the question banks), one line
each naming the file and the missing piece, and exits 1 if there is any.

The rules are tables: :data:`STRUCTURE_RULES` for notebooks and :data:`BANK_RULES` for
question banks. A rule is a function that gets one parsed file and returns problem lines;
add one with a :class:`Rule` row. A rule with ``on=False`` is written but not yet enforced
(e.g. until every lesson has caught up with it).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from psoas_course import course
from psoas_course.authoring import bank_rules

LESSON_NAME = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")
# The template's H2 headings that every lesson keeps, in this order; content sections go
# between Prerequisites and the exercise.
REQUIRED = [
    "Overview",
    "Prerequisites",
    "Exercise: predict, then check",
    "Self-check",
    "Summary",
    "What's next",
    "References",
]
EXERCISE = REQUIRED[2]
TRY_IT = re.compile(r"^#{2,3} +Try it\b", re.M)
PLACEHOLDER = re.compile(r"\[TODO:[^\]]*\]?")
MYST_SYNTAX = re.compile(r"^\s*(```|:::)\{[a-z-]+\}|\{(cite|ref|doc|numref|eq)[a-z:]*\}`", re.M)
QUIZ_CALL = re.compile(r"""show_quiz\(\s*["']([^"']*)["']\s*\)""")
PRACTICE_CALL = re.compile(
    r"""show_quiz\(\s*["']([^"']*)["']\s*,\s*section\s*=\s*["']([^"']*)["']\s*\)"""
)
BANK_SUFFIXES = (".json", ".yaml", ".yml")


# -- reading a notebook ---------------------------------------------------------------------
def outside_code_fences(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


def cell_text(cell: dict) -> str:
    return "".join(cell.get("source", []))


def sections(cells: list[dict]) -> list[tuple[str, str, list[dict]]]:
    """(H2 title, markdown under it, code cells under it), in order; '' before the first H2."""
    result: list[tuple[str, str, list[dict]]] = [("", "", [])]
    for cell in cells:
        text = cell_text(cell)
        if cell.get("cell_type") == "code":
            result[-1][2].append(cell)
            continue
        if cell.get("cell_type") != "markdown":
            continue
        chunks = re.split(r"^## +(.+?)\s*$", outside_code_fences(text), flags=re.M)
        title, body, code = result[-1]
        result[-1] = (title, body + "\n" + chunks[0], code)
        for i in range(1, len(chunks), 2):
            result.append((chunks[i].replace("\u2019", "'").strip(), chunks[i + 1], []))
    return result


@dataclass
class Notebook:
    """One parsed notebook, as the structure rules see it."""

    name: str  # as printed: notebooks/NN-name.ipynb
    path: Path
    cells: list[dict]
    lesson: bool  # False for the template: placeholders are its point
    markdown: str = ""
    parts: list[tuple[str, str, list[dict]]] = field(default_factory=list)

    def __post_init__(self):
        self.markdown = "\n\n".join(
            cell_text(c) for c in self.cells if c.get("cell_type") == "markdown"
        )
        self.parts = sections(self.cells)

    @property
    def titles(self) -> list[str]:
        return [title for title, _, _ in self.parts[1:]]

    @property
    def body(self) -> dict[str, str]:
        return {title: text for title, text, _ in self.parts}


def display_name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return f"notebooks/{path.name}"


# -- structure rules ------------------------------------------------------------------------
def one_title(nb: Notebook) -> list[str]:
    text = outside_code_fences(nb.markdown)
    h1 = re.findall(r"^# +(.+)$", text, flags=re.M)
    first_heading = re.search(r"^#{1,6} ", text, flags=re.M)
    if len(h1) != 1:
        return [
            f"{nb.name}: has {len(h1)} '# ' titles; a lesson has exactly one H1, its title, "
            "at the top"
        ]
    if not first_heading or first_heading.group(0) != "# ":
        return [f"{nb.name}: the lesson title ('# ...') must come before any other heading"]
    return []


def template_sections(nb: Notebook) -> list[str]:
    titles = nb.titles
    missing = [h for h in REQUIRED if h not in titles]
    problems = [f"{nb.name}: no '## {h}' section (see notebooks/_template.ipynb)" for h in missing]
    present = [h for h in REQUIRED if h in titles]
    order = [titles.index(h) for h in present]
    if order != sorted(order):
        found = sorted(present, key=titles.index)
        problems.append(
            f"{nb.name}: sections out of order: found {', '.join(found)}; "
            f"the template order is {', '.join(REQUIRED)}"
        )
    elif not missing:
        if titles[:2] != REQUIRED[:2]:
            problems.append(
                f"{nb.name}: '## Overview' and '## Prerequisites' must be the first "
                f"two sections, found {titles[:2]}"
            )
        if titles[-3:] != REQUIRED[-3:]:
            problems.append(
                f"{nb.name}: the lesson must end with '## Summary', '## What's next', "
                f"'## References', found {titles[-3:]}"
            )
        between = titles[titles.index("Prerequisites") + 1 : titles.index(EXERCISE)]
        if not between:
            problems.append(
                f"{nb.name}: no content section between '## Prerequisites' and '## {EXERCISE}'"
            )
    return problems


def objectives(nb: Notebook) -> list[str]:
    overview = nb.body.get("Overview")
    if overview is None:
        return []
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)\.\s+\S", overview, flags=re.M)]
    if not numbers:
        return [
            f"{nb.name}: no learning objectives under '## Overview' "
            "(a numbered list: 1. ..., 2. ...)"
        ]
    if numbers != list(range(1, len(numbers) + 1)):
        return [
            f"{nb.name}: learning objectives under '## Overview' are numbered "
            f"{numbers}; number them 1 to {len(numbers)}"
        ]
    return []


def prerequisites_table(nb: Notebook) -> list[str]:
    text = nb.body.get("Prerequisites")
    if text is None or re.search(
        r"^\|\s*Concept\s*\|\s*Importance\s*\|\s*Time to learn\s*\|", text, flags=re.M
    ):
        return []
    return [
        f"{nb.name}: no '| Concept | Importance | Time to learn |' table under '## Prerequisites'"
    ]


def hidden_solution(nb: Notebook) -> list[str]:
    exercise = nb.body.get(EXERCISE)
    if exercise is None:
        return []
    problems = []
    details = re.search(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", exercise, re.S)
    prompt = exercise.split("<details>", 1)[0].strip()
    if not details or "solution" not in details.group(1).lower():
        problems.append(
            f"{nb.name}: '## {EXERCISE}' has no hidden solution "
            "(<details><summary>Show a solution</summary> ... </details>)"
        )
    elif not details.group(2).strip():
        problems.append(f"{nb.name}: the solution under '## {EXERCISE}' is empty")
    if not prompt:
        problems.append(f"{nb.name}: '## {EXERCISE}' has no question before its solution")
    return problems


def references(nb: Notebook) -> list[str]:
    text = nb.body.get("References")
    if text is None or re.search(r"^\s*([-*]|\d+\.)\s+\S", text, flags=re.M):
        return []
    return [f"{nb.name}: no entries under '## References' (one '- ' line per source)"]


def self_check(nb: Notebook) -> list[str]:
    calls = [(title, QUIZ_CALL.search(cell_text(c))) for title, _, code in nb.parts for c in code]
    calls = [(title, m) for title, m in calls if m]
    if not calls:
        return [f"{nb.name}: no show_quiz(...) call in a code cell after '## Self-check'"]
    problems = []
    if not any(title == "Self-check" for title, _ in calls):
        problems.append(f"{nb.name}: the show_quiz(...) call is not under '## Self-check'")
    wrong = [m.group(1) for _, m in calls if m.group(1) != nb.path.stem]
    if nb.lesson and wrong:  # the template shows lesson 1's self-check
        problems.append(
            f"{nb.name}: show_quiz({wrong[0]!r}) names another lesson; this one "
            f'is show_quiz("{nb.path.stem}")'
        )
    return problems


def practice_boxes(nb: Notebook) -> list[str]:
    """Each practice box names questions of this lesson's bank, and each question given a
    ``section`` in the bank is shown by a box in the lesson."""
    calls = [m.groups() for c in nb.cells for m in PRACTICE_CALL.finditer(cell_text(c))]
    if not nb.lesson:
        return []
    try:
        from psoas_course.core.bank import QuizError, load_bank

        bank = load_bank(nb.path.stem)
    except (QuizError, OSError, ValueError):  # the bank rules report a broken or missing bank
        return []
    used = {q.get("section") for q in bank.questions} - {None}
    problems = []
    for lesson, section in calls:
        if lesson != nb.path.stem:
            problems.append(f"{nb.name}: show_quiz({lesson!r}, section=...) names another lesson")
        elif section not in used:
            problems.append(
                f"{nb.name}: show_quiz(..., section={section!r}): no question in "
                f"{bank.path.name} has that section"
            )
    shown = {section for _, section in calls}
    for section in sorted(used - shown):
        problems.append(
            f"{bank.path.name}: questions with section {section!r} are shown by no "
            f'show_quiz("{nb.path.stem}", section="{section}") cell in {nb.name}'
        )
    return problems


def plain_markdown(nb: Notebook) -> list[str]:
    myst = MYST_SYNTAX.search(nb.markdown)
    if not myst:
        return []
    return [
        f"{nb.name}: MyST syntax {myst.group(0).strip()!r} in a markdown cell; "
        "notebook markdown stays plain (JupyterLab shows directives raw)"
    ]


def no_placeholders(nb: Notebook) -> list[str]:
    left = PLACEHOLDER.findall(nb.markdown + "".join(cell_text(c) for c in nb.cells))
    if not left:
        return []
    more = f" (and {len(left) - 1} more)" if len(left) > 1 else ""
    return [f"{nb.name}: template placeholder left: {left[0]!r}{more}"]


def try_it(nb: Notebook) -> list[str]:
    if TRY_IT.search(outside_code_fences(nb.markdown)):
        return []
    return [f"{nb.name}: no '## Try it' heading over a cell the learner edits and runs"]


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable
    template: bool = True  # also run on notebooks/_template.ipynb
    on: bool = True  # False: written, not yet enforced


STRUCTURE_RULES = [
    Rule("one-title", one_title),
    Rule("template-sections", template_sections),
    Rule("objectives", objectives),
    Rule("prerequisites-table", prerequisites_table),
    Rule("hidden-solution", hidden_solution),
    Rule("references", references),
    Rule("self-check", self_check),
    Rule("practice-boxes", practice_boxes),
    Rule("plain-markdown", plain_markdown),
    Rule("no-placeholders", no_placeholders, template=False),
    Rule("try-it", try_it),
]


def structure_problems(
    path: Path, lesson: bool = True, root: Path | None = None, rules=None
) -> list[str]:
    """Everything that keeps a notebook from following the lesson template.

    ``lesson=False`` is for the template itself: placeholders are its point, and its quiz
    call shows lesson 1's self-check.
    """
    name = display_name(path, root or course.course_root())
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        return [f"{name}: cannot be read as a notebook ({err})"]
    nb = Notebook(name, path, cells, lesson)
    problems = []
    for rule in STRUCTURE_RULES if rules is None else rules:
        if rule.on and (lesson or rule.template):
            problems += rule.check(nb)
    return problems


# -- question banks -------------------------------------------------------------------------
@dataclass
class BankFile:
    """One parsed question bank, as the bank rules see it."""

    name: str  # as printed: data/questions/NN-name.json
    path: Path
    raw: dict


def bank_complete(bank: BankFile) -> list[str]:
    missing = [k for k in ("lesson", "title", "objectives", "questions") if not bank.raw.get(k)]
    if not missing:
        return []
    return [
        f"{bank.name}: still missing: {', '.join(missing)} "
        "(see 'Questions and claims as data' in book/instructor-guide.md)"
    ]


def bank_names_its_lesson(bank: BankFile) -> list[str]:
    lesson = bank.raw.get("lesson")
    if not lesson or lesson == bank.path.stem:
        return []
    return [
        f"{bank.name}: field 'lesson' is {lesson!r}, expected {bank.path.stem!r} (the file name)"
    ]


# Bank rules see a complete bank: lesson, title, objectives and questions are all present
# (bank_complete runs first and stops there otherwise).
BANK_RULES = [
    Rule("bank-names-its-lesson", bank_names_its_lesson),
    Rule("objective-coverage", bank_rules.objective_coverage),
]


def bank_problems(path: Path, rules=None) -> list[str]:
    """Pieces a question bank still lacks, e.g. one written by ``make new-lesson``."""
    name = f"data/questions/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as err:
        return [f"{name}: cannot be parsed ({err})"]
    if not isinstance(raw, dict):
        return [f"{name}: must hold an object with lesson, title, objectives and questions"]
    bank = BankFile(name, path, raw)
    problems = bank_complete(bank)
    if problems:
        return problems
    for rule in BANK_RULES if rules is None else rules:
        if rule.on:
            problems += rule.check(bank)
    return problems


# -- the whole course -----------------------------------------------------------------------
def toc_lessons(root: Path) -> list[Path]:
    """The lesson notebooks named in ``root/_toc.yml``, in order (they may not exist)."""
    return [
        root / f"{f.removesuffix('.ipynb')}.ipynb"
        for f in course.toc_files(root)
        if f.startswith("notebooks/")
    ]


def banks(root: Path) -> dict[str, Path]:
    folder = root / "data" / "questions"
    if not folder.is_dir():
        return {}
    return {
        p.stem: p
        for p in sorted(folder.iterdir())
        if p.suffix in BANK_SUFFIXES and not p.name.startswith("_")
    }


def file_name_problems(root: Path) -> list[str]:
    return [
        f"notebooks/{p.name}: name lessons NN-kebab-case.ipynb, "
        "e.g. 09-hip-flexors-in-running.ipynb"
        for p in sorted((root / "notebooks").glob("*.ipynb"))
        if not p.name.startswith("_") and not LESSON_NAME.match(p.name)
    ]


def toc_problems(root: Path) -> list[str]:
    lessons = toc_lessons(root)
    on_disk = {p.name for p in (root / "notebooks").glob("*.ipynb") if not p.name.startswith("_")}
    in_toc = {p.name for p in lessons}
    problems = [
        f"notebooks/{n} is not in _toc.yml: add '- file: notebooks/{n[:-6]}' under "
        "the 'Lessons' caption"
        for n in sorted(on_disk - in_toc)
    ]
    problems += [
        f"_toc.yml lists notebooks/{n[:-6]} but notebooks/{n} does not exist"
        for n in sorted(in_toc - on_disk)
    ]
    numbers = [p.name[:2] for p in lessons]
    if len(set(numbers)) != len(numbers):
        problems.append(f"_toc.yml: two lessons share a number: {numbers}")
    elif numbers != sorted(numbers):
        problems.append(f"_toc.yml: lessons are not in number order: {numbers}")
    return problems


def bank_set_problems(root: Path) -> list[str]:
    lessons = toc_lessons(root)
    found = banks(root)
    problems = [
        f"notebooks/{p.name}: no question bank data/questions/{p.stem}.json "
        "(make new-lesson writes an empty one)"
        for p in lessons
        if p.stem not in found
    ]
    problems += [
        f"data/questions/{found[s].name}: no lesson notebooks/{s}.ipynb in _toc.yml"
        for s in sorted(set(found) - {p.stem for p in lessons})
    ]
    return problems


def lint(root: Path | None = None) -> dict[str, list[str]]:
    """Problems per file: each lesson with its bank, the template, and the course as a whole."""
    root = root or course.course_root()
    report: dict[str, list[str]] = {
        "course": file_name_problems(root) + toc_problems(root) + bank_set_problems(root)
    }
    found = banks(root)
    for path in toc_lessons(root):
        name = display_name(path, root)
        problems = structure_problems(path, root=root) if path.is_file() else []
        if path.stem in found:
            problems += bank_problems(found[path.stem])
        report[name] = problems
    template = root / "notebooks" / "_template.ipynb"
    report[display_name(template, root)] = structure_problems(template, lesson=False, root=root)
    for stem in sorted(set(found) - {p.stem for p in toc_lessons(root)}):
        report[f"data/questions/{found[stem].name}"] = bank_problems(found[stem])
    return report


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else course.course_root()
    try:
        report = lint(root)
    except course.CourseError as err:
        print(f"lint-lessons: {err}", file=sys.stderr)
        return 1
    count = 0
    for name, problems in report.items():
        if problems:
            count += len(problems)
            print(f"{name}: {len(problems)} problem(s)")
            for problem in problems:
                print(f"  {problem}")
        else:
            print(f"{name}: ok")
    # quiz-quality rules (authoring/bank_rules.py) warn without failing, for now
    for line in bank_rules.warnings(banks(root).values()):
        print(f"warning: {line}")
    print(
        f"{count} problem(s) in {len(report)} entries"
        if count
        else "all lessons follow the template"
    )
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
