"""Build the student edition of the book: the same site with exercise solutions left out.

``make student-book`` (``python -m psoas_course.authoring.student_book``) copies the course to a
temporary
folder, removes every ``<details>`` block whose summary mentions a solution from the lesson
notebooks and book pages (MyST ``{solution}`` blocks too), adds a banner saying so, builds
the copy with the usual ``-W -n`` checks and puts the site in ``_build/student/html``.
The repository itself is never changed.  Self-check answers stay in the pages: the quizzes
check answers in the reader's browser, so they are practice, not exams.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
SKIP = {
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "_build",
    ".jupyter_cache",
    "jupyter_execute",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
}
NOTE = "*The solution is left out of the student edition: ask your teacher.*"
BANNER = "Student edition: exercise solutions are left out."
DETAILS_TAG = re.compile(r"<details\b[^>]*>|</details\s*>", re.IGNORECASE)
SUMMARY = re.compile(r"\s*<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution(?:-start)?\}", re.MULTILINE)


def is_solution(block: str) -> bool:
    """Whether a ``<details>`` block is a solution (its summary says so)."""
    opening = DETAILS_TAG.match(block)
    summary = SUMMARY.match(block, opening.end()) if opening else None
    return bool(summary and "solution" in summary.group(1).lower())


def solution_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every top-level ``<details>`` solution block in ``text``."""
    spans, depth, start = [], 0, 0
    for tag in DETAILS_TAG.finditer(text):
        if not tag.group(0).startswith("</"):
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0 and is_solution(text[start : tag.end()]):
                spans.append((start, tag.end()))
    return spans


def strip_details_solutions(text: str) -> tuple[str, int]:
    """Replace top-level ``<details>`` solution blocks with a short note; count them."""
    spans = solution_spans(text)
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], NOTE]
        last = end
    pieces.append(text[last:])
    return "".join(pieces), len(spans)


def strip_fenced_solutions(text: str) -> tuple[str, int]:
    """Remove MyST ``{solution}`` fences (and ``{solution-start}`` ... ``{solution-end}``)."""
    removed = 0
    while match := FENCE_OPEN.search(text):
        fence = match.group("fence")
        if "solution-start" in match.group(0):
            close = re.compile(
                rf"^{re.escape(fence)}\{{solution-end\}}[^\n]*\n{re.escape(fence)}[ \t]*$",
                re.MULTILINE,
            )
        else:
            close = re.compile(rf"^{re.escape(fence)}[ \t]*$", re.MULTILINE)
        end = close.search(text, match.end())
        if end is None:  # an unclosed fence: leave the rest alone
            break
        text = text[: match.start()] + NOTE + text[end.end() :]
        removed += 1
    return text, removed


def strip_solutions(text: str) -> tuple[str, int]:
    """Markdown without its solutions, and how many were removed."""
    text, from_details = strip_details_solutions(text)
    text, from_fences = strip_fenced_solutions(text)
    return text, from_details + from_fences


def strip_notebook(notebook: dict) -> int:
    """Strip solutions from every markdown cell of a notebook (in place); return the count."""
    removed = 0
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text, count = strip_solutions("".join(cell.get("source", [])))
            if count:
                cell["source"] = text.splitlines(keepends=True)
                removed += count
    return removed


def make_student_copy(root: Path, dest: Path) -> int:
    """Copy the course to ``dest`` with solutions stripped; return how many were removed."""
    shutil.copytree(
        root, dest, ignore=lambda folder, names: [n for n in names if n in SKIP], dirs_exist_ok=True
    )
    removed = 0
    for path in sorted((dest / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        count = strip_notebook(notebook)
        if count:
            path.write_text(
                json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            removed += count
    for path in sorted((dest / "book").rglob("*.md")):
        if "_vendor" in path.parts:
            continue
        text, count = strip_solutions(path.read_text(encoding="utf-8"))
        if count:
            path.write_text(text, encoding="utf-8")
            removed += count
    config_path = dest / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config.setdefault("html", {})["announcement"] = BANNER
    config_path.write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return removed


def build(root: Path, out: Path) -> int:
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    with tempfile.TemporaryDirectory(prefix="psoas-student-") as tmp:
        copy = Path(tmp) / "course"
        removed = make_student_copy(root, copy)
        print(f"Student copy in {copy}: {removed} solution(s) left out.")
        command = [
            str(jupyter_book),
            "build",
            str(copy),
            "--builder",
            "html",
            "-W",
            "-n",
            "--keep-going",
        ]
        result = subprocess.run(command, check=False)
        if result.returncode != 0:
            print("student-book: the build failed (see the messages above)", file=sys.stderr)
            return result.returncode
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(copy / "_build" / "html", out)
    print(f"Student edition in {out}: open {out / 'index.html'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "_build" / "student" / "html",
        help="where the site goes (default: _build/student/html)",
    )
    args = parser.parse_args(argv)
    return build(ROOT, args.out)


if __name__ == "__main__":
    sys.exit(main())
