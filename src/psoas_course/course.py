"""The lesson index: number, slug, title, notebook and question bank of every lesson.

One home for "which lessons are there". The index is worked out from ``_toc.yml`` and the
notebooks' H1 titles by ``python -m psoas_course.course --write`` and shipped inside the
package as ``lessons.json``, so an installed package (Colab, a class hub) knows its lessons
without a checkout. ``tests/test_course.py`` keeps the shipped file equal to a fresh build.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import yaml

INDEX_FILE = Path(__file__).with_name("lessons.json")
LESSON_FILE = re.compile(r"^notebooks/(\d\d)-([a-z0-9-]+?)(\.ipynb)?$")


class CourseError(ValueError):
    """The lesson index is missing or disagrees with the files; the message says which."""


@dataclass(frozen=True)
class Lesson:
    number: int
    key: str  # "02-how-the-psoas-moves-you": the notebook stem, also the bank's name
    slug: str  # "how-the-psoas-moves-you": the key without its number
    title: str
    notebook: str  # path from the course root
    bank: str  # path from the course root ("" when the lesson has no questions)

    @property
    def label(self) -> str:
        return f"Lesson {self.number}: {self.title}"


def course_root() -> Path:
    """The course checkout: the nearest folder holding ``_toc.yml`` at or above the working
    folder, else the checkout this package was installed from (editable install)."""
    try:
        start = Path.cwd()
    except OSError:
        start = Path(__file__).resolve().parents[2]
    for folder in (start, *start.parents):
        if (folder / "_toc.yml").is_file():
            return folder
    return Path(__file__).resolve().parents[2]


def toc_files(root: Path) -> list[str]:
    """Every ``file:`` entry of _toc.yml, in order."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    path = root / "_toc.yml"
    try:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as err:
        raise CourseError(f"{path}: cannot be read ({err})") from None
    return found


def notebook_title(path: Path) -> str:
    """The H1 of a notebook, or '' if it has none (or cannot be read)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", [])).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def build_index(root: Path) -> list[Lesson]:
    """The lessons named in ``root/_toc.yml``, in its order, with titles from the notebooks."""
    found = []
    for entry in toc_files(root):
        match = LESSON_FILE.match(entry)
        if not match:
            continue
        number, slug = int(match.group(1)), match.group(2)
        key = f"{match.group(1)}-{slug}"
        notebook = root / "notebooks" / f"{key}.ipynb"
        bank = next(
            (
                f"data/questions/{key}{suffix}"
                for suffix in (".json", ".yaml", ".yml")
                if (root / "data" / "questions" / f"{key}{suffix}").is_file()
            ),
            "",
        )
        title = notebook_title(notebook) or slug.replace("-", " ").capitalize()
        found.append(Lesson(number, key, slug, title, f"notebooks/{key}.ipynb", bank))
    return found


@cache
def lessons() -> tuple[Lesson, ...]:
    """Every lesson in course order, from the index shipped with the package."""
    try:
        raw = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
        return tuple(Lesson(**item) for item in raw["lessons"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise CourseError(
            f"{INDEX_FILE}: the lesson index cannot be read ({err}); "
            "regenerate it with `python -m psoas_course.course --write`"
        ) from None


def lesson(key: str | int) -> Lesson:
    """One lesson by key ("02-how-the-psoas-moves-you"), slug or number."""
    for item in lessons():
        if key in (item.key, item.slug, item.number):
            return item
    known = ", ".join(item.key for item in lessons())
    raise CourseError(f"no lesson {key!r} in the course index (known: {known})")


def index_text(items: list[Lesson]) -> str:
    return json.dumps({"lessons": [asdict(item) for item in items]}, indent=1) + "\n"


def main(argv: list[str]) -> int:
    root = course_root()
    if not (root / "_toc.yml").is_file():
        print(
            "no _toc.yml here or above: run this from the course checkout "
            f"(the installed index lists {len(lessons())} lessons)",
            file=sys.stderr,
        )
        return 1
    fresh = index_text(build_index(root))
    if "--write" in argv:
        INDEX_FILE.write_text(fresh, encoding="utf-8")
        print(f"wrote {INDEX_FILE} ({len(build_index(root))} lessons)")
        return 0
    if INDEX_FILE.is_file() and INDEX_FILE.read_text(encoding="utf-8") == fresh:
        print("lesson index is up to date")
        return 0
    print(
        f"{INDEX_FILE}: out of date with _toc.yml and the notebooks; "
        "run `python -m psoas_course.course --write`",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
