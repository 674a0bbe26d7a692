"""The course as PDF (``make pdf``): Debian's chromium prints the built book, no other browser.

    python tools/make_pdf.py [SITE] [OUT]     # defaults: _build/html and _build/pdf

Writes ``OUT/psoas-course.pdf`` (the welcome and safety pages, then every lesson in course
order, each from a new page) and ``OUT/lessons/NN-slug.pdf`` (one per lesson). The pages
print with the book's print stylesheet (``psoas_course/ui/assets/print.css``): no code,
controls or buttons, figures whole, solutions open and the self-check answers at the end of
each lesson. Exit code 1 with a one-line message when the book is not built or chromium is
missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from psoas_course.course import toc_files  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-pdf-header-footer",
    "--virtual-time-budget=5000",
]
ARTICLE = re.compile(r'<article class="bd-article"[^>]*>(.*?)</article>', re.S)
STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>')
FRONT_MATTER = ["book/welcome", "book/safety"]


def page_count(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def print_pdf(url: str, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--print-to-pdf={out}", url],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode or not out.is_file():
        raise RuntimeError(f"chromium could not print {url}: {done.stderr.strip()[-300:]}")


def course_pages(site: Path) -> list[str]:
    """Front matter, then the lessons in _toc.yml order, as built page paths."""
    lessons = [f for f in toc_files(ROOT) if f.startswith("notebooks/")]
    pages = [f"{name}.html" for name in FRONT_MATTER + lessons]
    return [page for page in pages if (site / page).is_file()]


def combined_html(site: Path, pages: list[str]) -> str:
    """One document holding every page's article, styled like the book, from ``notebooks/``."""
    first = (site / pages[0]).read_text(encoding="utf-8")
    styles = "\n".join(STYLESHEET.findall(first))
    parts = []
    for page in pages:
        match = ARTICLE.search((site / page).read_text(encoding="utf-8"))
        if match:
            parts.append(f'<section class="psoas-print-page">{match.group(1)}</section>')
    base = (site / "notebooks").resolve().as_uri() + "/"
    return (
        '<!DOCTYPE html>\n<html lang="en" data-theme="light"><head><meta charset="utf-8">'
        f'<base href="{base}"><title>Psoas: an interactive course</title>{styles}'
        "<style>.psoas-print-page + .psoas-print-page { break-before: page; }</style>"
        '</head><body><main class="bd-main"><div class="bd-content"><article class="bd-article">'
        + "\n".join(parts)
        + "</article></div></main></body></html>\n"
    )


def make_pdfs(site: Path, out: Path) -> dict[str, int]:
    """Write the course PDF and one PDF per lesson; {file name: page count}."""
    pages = course_pages(site)
    if not pages:
        raise RuntimeError(f"{site} has no built pages: run `make book` first")
    counts = {}
    with tempfile.TemporaryDirectory() as scratch:
        combined = Path(scratch) / "course.html"
        combined.write_text(combined_html(site, pages), encoding="utf-8")
        course = out / "psoas-course.pdf"
        print_pdf(combined.as_uri(), course)
        counts[course.name] = page_count(course)
    for page in pages:
        if page.startswith("notebooks/"):
            lesson = out / "lessons" / f"{Path(page).stem}.pdf"
            print_pdf((site / page).resolve().as_uri(), lesson)
            counts[f"lessons/{lesson.name}"] = page_count(lesson)
    return counts


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "_build" / "html"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "_build" / "pdf"
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        print(f"pdf: {CHROMIUM} is missing: install Debian's chromium (`make browser`)")
        return 1
    try:
        counts = make_pdfs(site, out)
    except (RuntimeError, subprocess.TimeoutExpired) as err:
        print(f"pdf: {err}", file=sys.stderr)
        return 1
    for name, pages in counts.items():
        print(f"{out / name}: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
