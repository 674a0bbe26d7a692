"""The course as PDF (``make pdf``): Debian's chromium prints the built book, no other browser.

    python tools/make_pdf.py [SITE] [OUT]     # defaults: _build/html and _build/pdf

Writes ``OUT/lessons/NN-slug.pdf`` (one per lesson) and ``OUT/psoas-course.pdf`` (the welcome
and safety pages, then every lesson in course order, each printed on its own and joined with
pypdf). The pages print with the book's print stylesheet (``ui/assets/print.css``): no code,
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


def join_pdfs(parts: list[Path], out: Path) -> None:
    """One PDF holding ``parts`` in order, each page as printed on its own."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        writer.write(handle)


def make_pdfs(site: Path, out: Path) -> dict[str, int]:
    """Write one PDF per lesson and the course PDF (front matter and lessons, joined)."""
    pages = course_pages(site)
    if not pages:
        raise RuntimeError(f"{site} has no built pages: run `make book` first")
    counts = {}
    parts = []
    with tempfile.TemporaryDirectory() as scratch:
        for page in pages:
            if page.startswith("notebooks/"):
                printed = out / "lessons" / f"{Path(page).stem}.pdf"
            else:
                printed = Path(scratch) / f"{Path(page).stem}.pdf"
            # each page printed alone, with its own styles and scripts, as a reader prints it
            print_pdf((site / page).resolve().as_uri(), printed)
            parts.append(printed)
            if page.startswith("notebooks/"):
                counts[f"lessons/{printed.name}"] = page_count(printed)
        course = out / "psoas-course.pdf"
        join_pdfs(parts, course)
    return {course.name: page_count(course), **counts}


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
