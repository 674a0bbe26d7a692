"""Start a new lesson: ``make new-lesson NAME="Hip flexors in running"``.

Copies ``notebooks/_template.ipynb`` to ``notebooks/NN-slug.ipynb`` with the title, the lesson
number and the Colab install cell (from ``_config.yml``) filled in, writes an empty question
bank ``data/questions/NN-slug.json``, adds the lesson to the "Lessons" part of ``_toc.yml``
(as text, so comments survive) before the Review lesson, which stays last, and regenerates
``src/psoas_course/lessons.json``.

When the new lesson needs the Review lesson's number, the Review moves up by one: its
notebook and bank are renamed (plain file renames in the working tree, for the author to
commit), its bank's ``lesson`` field, quiz calls, header line and figure numbers follow, and
so do "Lesson N, *Review*" mentions in other lessons. Question ids stay as they are, since
learners' saved progress is keyed by id. ``_toc.yml`` gets the new file name, and the
``redirects`` mapping in ``_config.yml`` sends the old page to the new one (entries that
pointed at the old page are moved on too, so no old address leads to a page that is gone).
``make test`` then lists what the new lesson still needs (see book/instructor-guide.md).

Run it as ``make new-lesson NAME="Title"`` (``python -m psoas_course.authoring.scaffold``).
Bad input ends with a one-line message and exit code 2; nothing is written unless every
check passes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from psoas_course.authoring.clean_notebooks import dumps
from psoas_course.authoring.colab_cells import source_for, with_install_cell
from psoas_course.course import INDEX_FILE, build_index, course_root, index_text, notebook_title

MAX_NAME = 60
LESSON_FILE = re.compile(r"^(\d\d)-([a-z0-9-]+)\.ipynb$")
TEMPLATE = Path("notebooks") / "_template.ipynb"
QUIZ_CALL = re.compile(r'show_quiz\("[^"]*"\)')
REVIEW_SLUG = "review"  # the Review lesson stays last: new lessons go before it
PAGE_SUFFIXES = (".html", ".ipynb", ".md")  # as psoas_course.site.redirects reads them


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


def lesson_keys(root: Path) -> set[str]:
    """Every lesson key (``"02-how-the-psoas-moves-you"``) in notebooks/ or _toc.yml."""
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    found = {p.name[:-6] for p in existing_lessons(root).values()}
    return found | set(re.findall(r"notebooks/(\d\d-[a-z0-9-]+)", toc))


def review_key(root: Path) -> str | None:
    """The Review lesson's key (``"10-review"``), or None when the course has none."""
    reviews = sorted(key for key in lesson_keys(root) if key[3:] == REVIEW_SLUG)
    if len(reviews) > 1:
        raise ScaffoldError(
            f"more than one Review lesson ({', '.join(reviews)} in notebooks/ or _toc.yml); "
            "keep one"
        )
    return reviews[0] if reviews else None


def next_number(root: Path) -> int:
    """One more than the highest lesson number in notebooks/ or _toc.yml, the Review lesson
    aside: new lessons go before it (it moves up when the new lesson needs its number)."""
    numbers = [int(key[:2]) for key in lesson_keys(root) if key[3:] != REVIEW_SLUG]
    number = max(numbers, default=0) + 1
    review = review_key(root)
    if review and int(review[:2]) < number:
        raise ScaffoldError(
            f"notebooks/{review}.ipynb is not the last lesson (lesson {number - 1:02d} comes "
            "after it); renumber it so the Review lesson stays last"
        )
    last = number + 1 if review and int(review[:2]) == number else number
    if last > 99:
        raise ScaffoldError("lesson numbers run out at 99")
    return number


@dataclass(frozen=True)
class Move:
    """One file renamed with new content: written to ``new``, then ``old`` removed."""

    old: Path
    new: Path
    text: str


def page_name(path: str) -> str:
    """``"notebooks/08-review.ipynb"`` -> ``"notebooks/08-review"`` (a book page)."""
    path = str(path).strip().strip("/")
    for suffix in PAGE_SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def renumber_review_notebook(notebook: dict, old: str, new: str, total: int) -> dict:
    """The Review notebook under its new key: quiz calls, header line and figure numbers."""
    notebook = json.loads(json.dumps(notebook))
    old_number, new_number = int(old[:2]), int(new[:2])
    for cell in notebook.get("cells", []):
        text = "".join(cell.get("source", []))
        if cell.get("cell_type") == "code":
            text = re.sub(rf"([\"']){re.escape(old)}\1", rf"\g<1>{new}\g<1>", text)
        elif cell.get("cell_type") == "markdown":
            text = re.sub(
                rf"^\*Lesson {old_number} of \d+",
                f"*Lesson {new_number} of {total}",
                text,
                flags=re.M,
            )
            text = re.sub(rf"\bFigure {old_number}\.(\d)", rf"Figure {new_number}.\g<1>", text)
        cell["source"] = text.splitlines(keepends=True)
    return notebook


def renumber_mentions(notebook: dict, old_number: int, new_number: int) -> dict:
    """Another lesson's "Lesson 10, *Review*" becomes "Lesson 11, *Review*"."""
    notebook = json.loads(json.dumps(notebook))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text = "".join(cell.get("source", []))
            text = re.sub(
                rf"\b([Ll]esson) {old_number}\b(?=,?\s+\*?Review\b)", rf"\g<1> {new_number}", text
            )
            cell["source"] = text.splitlines(keepends=True)
    return notebook


def renumber_bank(text: str, old: str, new: str, name: str) -> str:
    """The bank's text with its ``lesson`` field set to ``new``; nothing else changes."""
    fresh, count = re.subn(
        rf"""^(\s*["']?lesson["']?\s*:\s*["']?){re.escape(old)}(["']?)""",
        rf"\g<1>{new}\g<2>",
        text,
        count=1,
        flags=re.M,
    )
    try:
        data = json.loads(fresh) if name.endswith(".json") else yaml.safe_load(fresh)
    except (ValueError, yaml.YAMLError) as err:
        raise ScaffoldError(f"{name}: cannot be parsed ({str(err).splitlines()[0]})") from None
    if not count or not isinstance(data, dict) or data.get("lesson") != new:
        raise ScaffoldError(
            f"{name}: field 'lesson' is not {old!r}; set it to {old!r} and run again"
        )
    return fresh


def rename_in_toc(toc_text: str, old: str, new: str) -> str:
    """``- file: notebooks/<old>`` becomes ``notebooks/<new>``, as text."""
    fresh, count = re.subn(
        rf"^(\s*-\s*file:\s*notebooks/){re.escape(old)}(\.ipynb)?(?=\s*(#.*)?$)",
        rf"\g<1>{new}",
        toc_text,
        flags=re.M,
    )
    if count != 1:
        raise ScaffoldError(f"_toc.yml: expected one '- file: notebooks/{old}' line, found {count}")
    return fresh


def redirects_of(config: object) -> dict:
    """The ``sphinx: config: redirects:`` mapping of a parsed _config.yml ({} when absent)."""
    sphinx = config.get("sphinx") if isinstance(config, dict) else None
    settings = sphinx.get("config") if isinstance(sphinx, dict) else None
    found = settings.get("redirects") if isinstance(settings, dict) else None
    if found is None:
        return {}
    if not isinstance(found, dict):
        raise ScaffoldError(
            "_config.yml: field 'sphinx.config.redirects' must map old page -> new page"
        )
    return found


def moved_redirects(redirects: dict, old: str, new: str) -> dict[str, str]:
    """The redirects after page ``old`` moves to ``new``, as page names: ``old`` goes to ``new``,
    entries that led to ``old`` lead to ``new``, and none starts at ``new`` (a page again)."""
    moved = {}
    for source, target in redirects.items():
        source, target = page_name(source), page_name(target)
        if source != new:
            moved[source] = new if target == old else target
    moved[old] = new
    return moved


def add_redirect(config_text: str, old: str, new: str) -> str:
    """_config.yml's text with page ``old`` redirected to ``new`` (see moved_redirects); edited
    as text, so comments and the rest of the file stay as they are."""
    try:
        config = yaml.safe_load(config_text)
    except yaml.YAMLError as err:
        raise ScaffoldError(f"_config.yml: not valid YAML ({str(err).splitlines()[0]})") from None
    wanted = moved_redirects(redirects_of(config), old, new)
    lines = config_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"

    def indent(line: str) -> int:
        return len(line) - len(line.lstrip())

    head = next(
        (
            i
            for i, line in enumerate(lines)
            if re.match(r"^\s+redirects:\s*(\{\s*\})?\s*(#.*)?$", line)
        ),
        None,
    )
    if head is None:  # no mapping yet: start one right under "sphinx: config:"
        sphinx = next(
            (i for i, line in enumerate(lines) if re.match(r"^sphinx:\s*(#.*)?$", line)), None
        )
        config_at = next(
            (
                i
                for i in range(sphinx + 1 if sphinx is not None else len(lines), len(lines))
                if re.match(r"^\s+config:\s*(#.*)?$", lines[i])
            ),
            None,
        )
        if config_at is None:
            raise ScaffoldError("_config.yml has no 'sphinx: config:' section for the redirects")
        lines.insert(config_at + 1, " " * (indent(lines[config_at]) + 2) + "redirects:\n")
        head = config_at + 1
    else:
        lines[head] = re.sub(r":\s*\{\s*\}", ":", lines[head])
    entries = []
    i = head + 1
    while i < len(lines) and (
        not lines[i].strip()
        or lines[i].lstrip().startswith("#")
        or indent(lines[i]) > indent(lines[head])
    ):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            entries.append(i)
        i += 1
    entry_indent = indent(lines[entries[0]]) if entries else indent(lines[head]) + 2
    kept = []
    for at in entries:
        match = re.match(r"^\s*([^:#\s][^:#]*?)\s*:\s*([^#\s]+)\s*(#.*)?$", lines[at])
        if not match:
            raise ScaffoldError(
                f"_config.yml line {at + 1}: redirects are written 'old page: new page'; "
                "edit that line and run again"
            )
        source = page_name(match.group(1))
        if source not in wanted:
            lines[at] = ""
            continue
        if page_name(match.group(2)) != wanted[source]:
            lines[at] = lines[at][: match.start(2)] + wanted[source] + lines[at][match.end(2) :]
        kept.append(source)
    if old not in kept:
        last = max(entries, default=head)
        lines.insert(last + 1, " " * entry_indent + f"{old}: {new}\n")
    fresh = "".join(lines)
    try:
        check = {page_name(k): page_name(v) for k, v in redirects_of(yaml.safe_load(fresh)).items()}
    except yaml.YAMLError:
        check = None
    if check != wanted:
        raise ScaffoldError(
            f"_config.yml: could not add the redirect {old}: {new} under 'sphinx: config: "
            "redirects:'; add it by hand (book/instructor-guide.md)"
        )
    return fresh


def read_config(root: Path) -> tuple[str, dict]:
    """The text and parsed content of ``root/_config.yml``."""
    path = root / "_config.yml"
    text = path.read_text(encoding="utf-8")
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ScaffoldError(f"{path}: not valid YAML ({str(err).splitlines()[0]})") from None
    if not isinstance(config, dict):
        raise ScaffoldError(f"{path}: must hold a mapping of settings")
    return text, config


def colab_install_source(root: Path, config: dict) -> str:
    """The Colab install cell's code, from ``repository.url``/``branch`` in _config.yml."""
    try:
        return source_for(config, root / "_config.yml")
    except ValueError as err:
        raise ScaffoldError(str(err)) from None


def plan_review_move(
    root: Path, review: str, total: int, config_text: str
) -> tuple[list[Move], dict[Path, str]]:
    """Everything that moving the Review lesson from ``review`` up by one changes: file
    renames, and new text for _config.yml and other lessons (the toc is done by the caller)."""
    old_number = int(review[:2])
    new = f"{old_number + 1:02d}-{REVIEW_SLUG}"
    notebook_path = root / "notebooks" / f"{review}.ipynb"
    moves, writes = [], {}
    if notebook_path.is_file():
        new_path = notebook_path.with_name(f"{new}.ipynb")
        if new_path.exists():
            raise ScaffoldError(f"{new_path.relative_to(root)} exists already; move it away first")
        try:
            notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
        except ValueError as err:
            raise ScaffoldError(f"notebooks/{review}.ipynb: not a valid notebook ({err})") from None
        moves.append(
            Move(
                notebook_path,
                new_path,
                dumps(renumber_review_notebook(notebook, review, new, total)),
            )
        )
    for suffix in (".json", ".yaml", ".yml"):
        bank_path = root / "data" / "questions" / f"{review}{suffix}"
        if bank_path.is_file():
            new_bank = bank_path.with_name(f"{new}{suffix}")
            if new_bank.exists():
                raise ScaffoldError(
                    f"{new_bank.relative_to(root)} exists already; move it away first"
                )
            name = f"data/questions/{bank_path.name}"
            moves.append(
                Move(
                    bank_path,
                    new_bank,
                    renumber_bank(bank_path.read_text(encoding="utf-8"), review, new, name),
                )
            )
    for path in existing_lessons(root).values():
        if path == notebook_path:
            continue
        text = path.read_text(encoding="utf-8")
        try:
            fresh = dumps(renumber_mentions(json.loads(text), old_number, old_number + 1))
        except ValueError:
            continue  # not this tool's business: the lesson checks name a broken notebook
        if fresh != dumps(json.loads(text)):
            writes[path] = fresh
    writes[root / "_config.yml"] = add_redirect(
        config_text, f"notebooks/{review}", f"notebooks/{new}"
    )
    return moves, writes


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


@dataclass(frozen=True)
class Created:
    """What ``create_lesson`` wrote: the new lesson, and the Review's old and new key when it
    moved up to make room."""

    notebook: Path
    review_moved: tuple[str, str] | None = None


def create_lesson(name: str, root: Path) -> Created:
    """Write the notebook, the question bank and the TOC entry, moving the Review lesson up
    when the new lesson needs its number. Every check runs before the first write."""
    title = check_name(name)
    slug = slugify(title)
    template_path = root / TEMPLATE
    toc_path = root / "_toc.yml"
    for needed in (template_path, toc_path, root / "_config.yml"):
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
    config_text, config = read_config(root)
    old_pages = {page_name(old) for old in redirects_of(config)}
    if f"notebooks/{lesson}" in old_pages:
        raise ScaffoldError(
            f"_config.yml redirects the old page notebooks/{lesson} elsewhere; "
            "choose another title or remove that redirect first"
        )
    try:
        template = json.loads(template_path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise ScaffoldError(f"{template_path}: not a valid notebook ({err})") from None
    total = len(lessons) + 1
    toc_text = toc_path.read_text(encoding="utf-8")
    moves: list[Move] = []
    writes: dict[Path, str] = {}
    review = review_key(root)
    moved = None
    if review and int(review[:2]) == number:
        moved = (review, f"{number + 1:02d}-{REVIEW_SLUG}")
        moves, writes = plan_review_move(root, review, total, config_text)
        toc_text = rename_in_toc(toc_text, *moved)
    writes[toc_path] = add_to_toc(toc_text, f"notebooks/{lesson}")
    notebook = fill_template(template, title, number, total, lesson)
    notebook = with_install_cell(notebook, colab_install_source(root, config))
    bank = {"lesson": lesson, "title": title, "objectives": {}, "questions": []}
    writes[notebook_path] = dumps(notebook)
    writes[bank_path] = json.dumps(bank, indent=2, ensure_ascii=False) + "\n"

    for move in moves:  # a plain rename with the new text; the author commits it
        move.new.write_text(move.text, encoding="utf-8")
        move.old.unlink()
    for path, text in writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    index = root / "src" / "psoas_course" / INDEX_FILE.name
    if index.is_file():  # the checkout's shipped lesson index follows _toc.yml
        index.write_text(index_text(build_index(root)), encoding="utf-8")
    return Created(notebook_path, moved)


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
        created = create_lesson(args.name, args.root)
    except (ScaffoldError, OSError) as err:
        print(f"new-lesson: {err}", file=sys.stderr)
        return 2
    lesson = created.notebook.stem
    print(f"Created notebooks/{lesson}.ipynb, data/questions/{lesson}.json and its _toc.yml entry.")
    if created.review_moved:
        old, new = created.review_moved
        print(
            f"Moved the Review lesson up to make room: notebooks/{old}.ipynb -> {new}.ipynb and "
            f"its bank (question ids kept), _toc.yml, and a redirect {old} -> {new} in "
            "_config.yml.\nCommit the renames with the new lesson."
        )
    print(
        "Next: replace every [TODO: ...] in the notebook, write the objectives and questions,\n"
        "refresh the header lines (`python -m psoas_course.authoring.readability --write`),\n"
        "then run `make test`: it lists what is still missing (book/instructor-guide.md)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
