"""Start a new lesson: ``make new-lesson NAME="Hip flexors in running"``.

Copies ``notebooks/_template.ipynb`` to ``notebooks/NN-slug.ipynb`` with the title and the
lesson number filled in, writes an empty question bank ``data/questions/NN-slug.json``, adds
the lesson to the "Lessons" part of ``_toc.yml`` (as text, so comments survive) before the
Review lesson, which stays last, and regenerates ``src/psoas_course/lessons.json``.
``make test`` then lists what the new lesson still needs (see book/instructor-guide.md).

Run it as ``make new-lesson NAME="Title"`` (``python -m psoas_course.authoring.scaffold``).
Bad input ends with a
one-line message and exit code 2; nothing is written unless every check passes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

from psoas_course.course import INDEX_FILE, build_index, course_root, index_text, notebook_title

MAX_NAME = 60
LESSON_FILE = re.compile(r"^(\d\d)-([a-z0-9-]+)\.ipynb$")
TEMPLATE = Path("notebooks") / "_template.ipynb"
QUIZ_CALL = re.compile(r'show_quiz\("[^"]*"\)')
REVIEW_SLUG = "review"  # the Review lesson stays last: new lessons go before it


class ScaffoldError(Exception):
    """The lesson cannot be created; the message says why in one line."""


def slugify(name: str) -> str:
    """``"Hip flexors in running"`` -> ``"hip-flexors-in-running"`` (ASCII, kebab-case)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def check_name(name: str) -> str:
    """The cleaned-up title, or ScaffoldError if it cannot name a lesson."""
    title = " ".join(name.split())
    if not title:
        raise ScaffoldError(
            'the lesson needs a title: make new-lesson NAME="Hip flexors in running"'
        )
    if len(title) > MAX_NAME:
        raise ScaffoldError(
            f"the title is {len(title)} characters long; keep it to {MAX_NAME} "
            "or fewer (it becomes the file name and the sidebar entry)"
        )
    if not slugify(title):
        raise ScaffoldError(
            f"the title {title!r} has no letters or digits to make a file name from"
        )
    return title


def existing_lessons(root: Path) -> dict[str, Path]:
    """Lesson notebooks by slug (the part after ``NN-``)."""
    folder = root / "notebooks"
    lessons = {}
    for path in sorted(folder.glob("*.ipynb")):
        match = LESSON_FILE.match(path.name)
        if match:
            lessons[match.group(2)] = path
    return lessons


def next_number(root: Path) -> int:
    """One more than the highest lesson number in notebooks/ or _toc.yml, the Review lesson
    aside: new lessons go before it, and it keeps its number."""
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    found = {p.name[:-6] for p in existing_lessons(root).values()}
    found |= set(re.findall(r"notebooks/(\d\d-[a-z0-9-]+)", toc))
    numbers = [int(key[:2]) for key in found if key[3:] != REVIEW_SLUG]
    reviews = [int(key[:2]) for key in found if key[3:] == REVIEW_SLUG]
    number = max(numbers, default=0) + 1
    if reviews and number >= min(reviews):
        raise ScaffoldError(
            f"lesson {number:02d} would take the Review lesson's number: renumber "
            f"notebooks/{min(reviews):02d}-{REVIEW_SLUG}.ipynb first and add a redirect for its "
            "old page (book/instructor-guide.md)"
        )
    if number > 99:
        raise ScaffoldError("lesson numbers run out at 99")
    return number


def add_to_toc(toc_text: str, entry: str) -> str:
    """Insert ``- file: <entry>`` at the end of the "Lessons" part, before the Review lesson
    when that comes last, as text (comments survive)."""
    lines = toc_text.splitlines(keepends=True)
    caption = next(
        (
            i
            for i, line in enumerate(lines)
            if re.match(r"^\s*-\s*caption:\s*['\"]?Lessons['\"]?\s*(#.*)?$", line)
        ),
        None,
    )
    if caption is None:
        raise ScaffoldError('_toc.yml has no part with "caption: Lessons" to add the lesson to')
    part_indent = len(lines[caption]) - len(lines[caption].lstrip())
    end = len(lines)
    for i in range(caption + 1, len(lines)):
        stripped = lines[i].strip()
        indent = len(lines[i]) - len(lines[i].lstrip())
        if stripped and not stripped.startswith("#") and indent <= part_indent:
            end = i
            break
    files = [i for i in range(caption + 1, end) if re.match(r"^\s*-\s*file:\s*\S", lines[i])]
    if not files:
        raise ScaffoldError('the "Lessons" part of _toc.yml has no "- file:" entry to follow')
    indent = min(len(lines[i]) - len(lines[i].lstrip()) for i in files)  # chapters, not sections
    chapters = [i for i in files if len(lines[i]) - len(lines[i].lstrip()) == indent]
    if len(chapters) > 1 and re.search(
        rf"notebooks/\d\d-{REVIEW_SLUG}\s*(#.*)?$", lines[chapters[-1]]
    ):
        # before the Review lesson (and any comment lines right above it)
        insert_at = chapters[-1]
        while lines[insert_at - 1].strip().startswith("#"):
            insert_at -= 1
        lines.insert(insert_at, " " * indent + f"- file: {entry}\n")
        return "".join(lines)
    last = chapters[-1]
    insert_at = last + 1
    # step over anything nested under the last entry (title:, sections:, ...)
    while insert_at < end and (
        not lines[insert_at].strip()
        or len(lines[insert_at]) - len(lines[insert_at].lstrip()) > indent
    ):
        insert_at += 1
    while insert_at > last + 1 and not lines[insert_at - 1].strip():
        insert_at -= 1  # keep blank lines after the new entry, not before it
    if not lines[insert_at - 1].endswith("\n"):
        lines[insert_at - 1] += "\n"
    lines.insert(insert_at, " " * indent + f"- file: {entry}\n")
    return "".join(lines)


def fill_template(template: dict, title: str, number: int, total: int, lesson: str) -> dict:
    """A copy of the template notebook for one lesson, outputs cleared."""
    notebook = json.loads(json.dumps(template))
    for cell in notebook["cells"]:
        text = "".join(cell.get("source", []))
        if cell["cell_type"] == "markdown":
            text = (
                text.replace("# [TODO: Lesson title]", f"# {title}", 1)
                .replace("[TODO: N]", str(number))
                .replace("[TODO: M]", str(total))
            )
        elif QUIZ_CALL.search(text):
            text = f'show_quiz("{lesson}")'
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cell["source"] = text.splitlines(keepends=True)
    return notebook


def create_lesson(name: str, root: Path) -> Path:
    """Write the notebook, the question bank and the TOC entry; return the notebook path."""
    title = check_name(name)
    slug = slugify(title)
    template_path = root / TEMPLATE
    toc_path = root / "_toc.yml"
    for needed in (template_path, toc_path):
        if not needed.is_file():
            raise ScaffoldError(
                f"{needed} not found (run from the course repository or pass --root)"
            )
    lessons = existing_lessons(root)
    if slug in lessons:
        raise ScaffoldError(
            f"a lesson named {slug!r} exists already: {lessons[slug].relative_to(root)}"
        )
    for path in lessons.values():
        if notebook_title(path).casefold() == title.casefold():
            raise ScaffoldError(f"{path.relative_to(root)} already has the title {title!r}")
    number = next_number(root)
    lesson = f"{number:02d}-{slug}"
    notebook_path = root / "notebooks" / f"{lesson}.ipynb"
    bank_path = root / "data" / "questions" / f"{lesson}.json"
    if bank_path.exists():
        raise ScaffoldError(f"{bank_path.relative_to(root)} exists already; move it away first")
    try:
        template = json.loads(template_path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise ScaffoldError(f"{template_path}: not a valid notebook ({err})") from None
    new_toc = add_to_toc(toc_path.read_text(encoding="utf-8"), f"notebooks/{lesson}")

    notebook = fill_template(template, title, number, len(lessons) + 1, lesson)
    bank = {"lesson": lesson, "title": title, "objectives": {}, "questions": []}
    notebook_path.write_text(
        json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    bank_path.parent.mkdir(parents=True, exist_ok=True)
    bank_path.write_text(json.dumps(bank, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    toc_path.write_text(new_toc, encoding="utf-8")
    index = root / "src" / "psoas_course" / INDEX_FILE.name
    if index.is_file():  # the checkout's shipped lesson index follows _toc.yml
        index.write_text(index_text(build_index(root)), encoding="utf-8")
    return notebook_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m psoas_course.authoring.scaffold",
        description="Start a new lesson from notebooks/_template.ipynb.",
    )
    parser.add_argument("name", help='the lesson title, e.g. "Hip flexors in running"')
    parser.add_argument(
        "--root",
        type=Path,
        default=course_root(),
        help="the course repository (default: the one this package lives in)",
    )
    args = parser.parse_args(argv)
    try:
        path = create_lesson(args.name, args.root)
    except ScaffoldError as err:
        print(f"new-lesson: {err}", file=sys.stderr)
        return 2
    lesson = path.stem
    print(
        f"Created notebooks/{lesson}.ipynb, data/questions/{lesson}.json and its _toc.yml entry.\n"
        f"Next: replace every [TODO: ...] in the notebook, write the objectives and questions,\n"
        f"then run `make test`: it lists what is still missing (book/instructor-guide.md)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
