"""Reading time and Flesch-Kincaid grade of each lesson's prose.

The second line of every lesson states them, e.g.
``*Lesson 2 of 8 · about 18 minutes · reading level: grade 10.2 (Flesch-Kincaid)*``;
``python -m psoas_course.authoring.readability --write`` refreshes those lines, and a test checks
that they match the prose.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from psoas_course.course import course_root, lessons

WORDS_PER_MINUTE = 200
# Minutes for what is not prose: studying one diagram or displayed table, doing one exercise,
# answering one self-check question (reading it, choosing, reading the feedback).
MINUTES_PER_DIAGRAM = 1.5
MINUTES_PER_EXERCISE = 3
MINUTES_PER_QUESTION = 0.75
EXERCISE_HEADING = re.compile(r"^#{2,3} .*\b(Exercise|Try it)\b", re.MULTILINE | re.IGNORECASE)
QUIZ_CALL = re.compile(r"""show_quiz\(\s*["']([^"']+)["']""")
HEADER = re.compile(
    r"^\*Lesson (\d+) of (\d+) · about (\d+) minutes · reading level: "
    r"grade ([\d.]+) \(Flesch-Kincaid\)\*$",
    re.MULTILINE,
)


CLAIMS_BOX = "<summary>Claims checked here</summary>"


def prose(path: Path) -> str:
    """The lesson's running text: markdown cells without tables, code, links or HTML.

    "Claims checked here" boxes and the References list are left out: they are looked up,
    not read through.
    """
    notebook = nbformat.read(path, as_version=4)
    chunks = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown" or CLAIMS_BOX in cell.source:
            continue
        source = re.split(r"^## References\s*$", cell.source, flags=re.MULTILINE)[0]
        for line in source.splitlines():
            line = line.strip()
            if not line or line.startswith(("|", "#", "<", "*Lesson", "```")):
                continue
            line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # keep link text only
            line = re.sub(r"[*_`]", "", line).lstrip("-0123456789. ")
            if not line.endswith((".", "?", "!")):
                line += "."
            chunks.append(line)
    return "\n".join(chunks)


def syllables(word: str) -> int:
    """Vowel-group estimate of a word's syllables (no dictionary download needed)."""
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


ABBREVIATION = re.compile(r"\b(et al|e\.g|i\.e|vs|approx|cf|pp?|vol|no)\.", re.IGNORECASE)


def flesch_kincaid_grade(text: str) -> float:
    """0.39 words/sentence + 11.8 syllables/word - 15.59 (Kincaid et al. 1975).

    Sentences end at . ! or ?; the full stops of "et al.", "e.g." and decimals do not
    end one.
    """
    text = ABBREVIATION.sub(lambda m: m.group(1).replace(".", ""), text)
    text = re.sub(r"(\d)\.(\d)", r"\1\2", text)
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text)))
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    if not words:
        return 0.0
    per_word = sum(syllables(w) for w in words) / len(words)
    return 0.39 * len(words) / sentences + 11.8 * per_word - 15.59


def activities(path: Path) -> tuple[int, int, int]:
    """(diagrams, exercises, self-check questions) of one lesson.

    A diagram is a code cell whose last line displays something other than a quiz; an
    exercise is a section headed "Exercise" or "Try it"; questions are those of the banks the
    lesson shows with ``show_quiz`` (the opening review varies per learner and is not counted).
    """
    from psoas_course.ui.quiz import load_bank

    notebook = nbformat.read(path, as_version=4)
    diagrams = exercises = questions = 0
    counted: set[str] = set()
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            exercises += len(EXERCISE_HEADING.findall(cell.source))
            continue
        lines = [x.strip() for x in cell.source.splitlines() if x.strip()]
        code = [x for x in lines if not x.startswith(("#", "from ", "import "))]
        for slug in QUIZ_CALL.findall(cell.source):
            if slug not in counted:  # a practice box and the end box share one bank
                counted.add(slug)
                questions += len(load_bank(slug).questions)
        last = code[-1] if code else ""
        if last and "quiz(" not in last and re.match(r"^[\w.]+\(", last):
            diagrams += 1
    return diagrams, exercises, questions


def measure(path: Path) -> tuple[int, float]:
    """(reading minutes, Flesch-Kincaid grade) of one lesson.

    Minutes: words / 200, plus 1.5 per diagram, 3 per exercise and 0.75 per self-check
    question, rounded.
    """
    text = prose(path)
    words = len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'-]*", text))
    diagrams, exercises, questions = activities(path)
    minutes = (
        words / WORDS_PER_MINUTE
        + MINUTES_PER_DIAGRAM * diagrams
        + MINUTES_PER_EXERCISE * exercises
        + MINUTES_PER_QUESTION * questions
    )
    return max(1, round(minutes)), round(flesch_kincaid_grade(text), 1)


def write_header(path: Path, total: int) -> str:
    """Refresh the header line of one lesson; returns the new line."""
    notebook = nbformat.read(path, as_version=4)
    number = int(path.name[:2])
    minutes, grade = measure(path)
    line = (
        f"*Lesson {number} of {total} · about {minutes} minutes · reading level: "
        f"grade {grade} (Flesch-Kincaid)*"
    )
    first = notebook.cells[0]
    title, _, rest = first.source.partition("\n")
    rest = "\n".join(x for x in rest.splitlines() if not x.startswith("*Lesson ")).strip()
    first.source = f"{title}\n\n{line}" + (f"\n\n{rest}" if rest else "")
    nbformat.write(notebook, path)
    return line


def main(argv: list[str]) -> int:
    root = course_root()
    paths = [root / item.notebook for item in lessons()]
    for path in paths:
        if "--write" in argv:
            print(f"{path.name}: {write_header(path, len(lessons()))}")
        else:
            minutes, grade = measure(path)
            print(f"{path.name}: about {minutes} minutes, Flesch-Kincaid grade {grade}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
