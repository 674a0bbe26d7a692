"""Benchmark the course book and print one table (``make bench``). A measurement, not a test.

In one run, inside a temporary folder (the repository's own ``_build/`` is never touched):

* clean build of a copy of the book, then the rebuild after touching one ``book/*.md`` page;
* ``pytest --nbval`` time for every notebook;
* page weight: each page's HTML plus the files only it uses (shared ``vendor/`` and the
  theme's ``_static`` JS/CSS left out), median and max;
* static diagrams in chromium: key press to next animation frame, ~30 presses;
* the live ipywidgets view: slider change to redrawn SVG, against a naive callback that
  re-plots a matplotlib figure and renders a PNG every time;
* ``model.evaluate``: mean time of one call;
* a reference book (``jupyter-book create`` template plus a copy of lesson 1) built the same
  way, for ratios;
* Lighthouse accessibility and performance scores, when Lighthouse can be installed from npm;
* spaced repetition: the gzip weight of the scheduler and review code (ts-fsrs as vendored,
  srs.js, quiz.js) and the review page's time to its first due question in chromium;
* the Binder environment: ``pip install -r requirements.txt`` into a fresh virtual
  environment, counted in packages and MB on disk.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE_HOME = Path.home() / ".cache" / "psoas-course" / f"lighthouse-{LIGHTHOUSE_VERSION}"
NOT_COPIED = {
    ".git",
    ".venv",
    "node_modules",
    "_build",
    ".jupyter_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".bench",
    "__pycache__",
    ".ipynb_checkpoints",
}
PRESSES = 30
MB = 1024 * 1024

rows: list[tuple[str, str, str, str]] = []  # measure, value, goal, verdict
notes: list[str] = []


def row(measure: str, value: str, goal: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    rows.append((measure, value, goal, verdict))
    print(f"  .. {measure}: {value}", file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, done


def build(book: Path, strict: bool = True) -> float:
    """Seconds for one ``jupyter-book build`` of ``book``; raises with the log tail on failure."""
    cmd = [str(BIN / "jupyter-book"), "build", ".", "--builder", "html", "--keep-going"]
    if strict:
        cmd[5:5] = ["-W", "-n"]
    seconds, done = run(cmd, book)
    if done.returncode != 0:
        lines = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr).splitlines()
        warned = [line for line in lines if "WARNING:" in line or "ERROR:" in line][:3]
        raise RuntimeError(f"build of {book} failed:\n" + "\n".join(warned + lines[-15:]))
    return seconds


# -- page weight --------------------------------------------------------------------------
class AssetLinks(HTMLParser):
    """src/href of everything a page loads (not the pages it links to)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"img", "script", "source", "video", "audio", "iframe", "embed"}:
            self.urls.append(attrs.get("src") or "")
        elif tag == "link" and attrs.get("rel") in {"stylesheet", "icon", "preload"}:
            self.urls.append(attrs.get("href") or "")
        elif tag == "object":
            self.urls.append(attrs.get("data") or "")


def is_shared(rel: str) -> bool:
    return rel.startswith("vendor/") or (
        rel.startswith("_static/") and rel.endswith((".js", ".css"))
    )


def content_pages(site: Path) -> list[Path]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("_static/", "_sources/", "vendor/", ".")) or rel in {
            "genindex.html",
            "search.html",
        }:
            continue
        if rel == "index.html" and path.stat().st_size < 500:
            continue  # the redirect Jupyter Book writes
        pages.append(path)
    return pages


def page_weight(site: Path, page: Path) -> int:
    """Bytes of the page's HTML plus the files it loads that are not shared by every page."""
    parser = AssetLinks()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    total, seen = page.stat().st_size, set()
    for url in parser.urls:
        parts = urlsplit(url)
        if not url or parts.scheme or url.startswith("//"):
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        try:
            rel = target.relative_to(site.resolve()).as_posix()
        except ValueError:
            continue
        if target.is_file() and not is_shared(rel) and target not in seen:
            seen.add(target)
            total += target.stat().st_size
    return total


def weights(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): page_weight(site, p) for p in content_pages(site)}


# -- browser --------------------------------------------------------------------------------
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


class Gzipped(Quiet):
    """Text files gzip-compressed, as GitHub Pages and most static hosts serve them."""

    TEXT = {".html", ".js", ".css", ".svg", ".json", ".txt", ".ttf"}

    def do_GET(self):  # noqa: N802 (name from the base class)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not (
            path.is_file() and path.suffix in self.TEXT
        ):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path, handler=Quiet):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


REPAINT_PROBE = """() => {
  window.__repaint = [];
  document.addEventListener('input', (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => window.__repaint.push(performance.now() - start));
  }, true);
}"""


def diagram_timings(site: Path) -> tuple[list[float], dict]:
    """Key press to next frame (ms) on every diagram; bytes a lesson's first visit loads."""
    from playwright.sync_api import sync_playwright

    counts = {p: p.read_text().count('class="psoas-diagram"') for p in content_pages(site)}
    pages = [p for p, n in counts.items() if n]
    presses = max(10, PRESSES // max(1, sum(counts.values())))
    server, base = serve(site)
    times: list[float] = []
    first_visit = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for path in pages:
                rel = path.relative_to(site).as_posix()
                tab = browser.new_page()
                tab.goto(base + rel, wait_until="load")
                tab.wait_for_load_state("networkidle")
                first_visit[rel] = tab.evaluate("""() => performance.getEntriesByType('resource')
                  .concat(performance.getEntriesByType('navigation'))
                  .reduce((sum, e) => sum + (e.encodedBodySize || 0), 0)""")
                tab.evaluate(REPAINT_PROBE)
                for figure in tab.locator("figure.psoas-diagram").all():
                    control = figure.locator("[data-control]").first
                    kind = control.get_attribute("type")
                    keys = {
                        "range": ("ArrowRight", "ArrowLeft"),
                        "radio": ("ArrowRight", "ArrowLeft"),
                    }.get(kind, ("Space", "Space"))
                    control.focus()
                    for press in range(presses):
                        tab.keyboard.press(keys[press % 2])
                        tab.evaluate("() => new Promise(r => requestAnimationFrame(r))")
                times += tab.evaluate("() => window.__repaint")
                tab.close()
            browser.close()
    finally:
        server.shutdown()
    return times, first_visit


def lighthouse(site: Path, page: str) -> str:
    """Lighthouse scores for one page, or why there are none."""
    binary = LIGHTHOUSE_HOME / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            return "not run: npm is not installed"
        LIGHTHOUSE_HOME.mkdir(parents=True, exist_ok=True)
        print(
            f"  .. installing lighthouse {LIGHTHOUSE_VERSION} into {LIGHTHOUSE_HOME} (npm)",
            file=sys.stderr,
            flush=True,
        )
        _, done = run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
                str(LIGHTHOUSE_HOME),
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            LIGHTHOUSE_HOME,
        )
        if done.returncode != 0 or not binary.exists():
            return f"not run: npm install lighthouse failed ({done.stderr.strip()[-200:]})"
    server, base = serve(site, Gzipped)
    scores = {}
    try:
        for preset in ("mobile", "desktop"):
            out = site.parent / f"lighthouse-{preset}.json"
            cmd = [
                str(binary),
                base + page,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                "--only-categories=performance,accessibility",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ]
            if preset == "desktop":
                cmd.append("--preset=desktop")
            _, done = run(cmd, site.parent)
            if done.returncode != 0 or not out.exists():
                return f"not run: lighthouse failed ({done.stderr.strip()[-200:]})"
            report = json.loads(out.read_text())
            scores[preset] = {
                k: round(100 * (v["score"] or 0)) for k, v in report["categories"].items()
            }
            scores[preset]["weight"] = report["audits"]["total-byte-weight"]["numericValue"]
    finally:
        server.shutdown()
    m, d = scores["mobile"], scores["desktop"]
    return (
        f"accessibility {m['accessibility']}, performance {m['performance']} (mobile, "
        f"simulated slow 4G) / {d['performance']} (desktop); "
        f"{d['weight'] / MB:.1f} MB transferred (served gzip-compressed, as static hosts do)"
    )


# -- live widget and model -------------------------------------------------------------------
def live_callback_times() -> tuple[list[float], list[float]]:
    """ms per slider change: our Diagram.widget() redraw vs a naive matplotlib PNG redraw."""
    import ipywidgets as widgets
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from psoas_course.core import model
    from psoas_course.topics.explorers import hip_flexion_explorer

    def sweep(slider) -> list[float]:
        values = list(range(slider.min, slider.max + 1))
        values = values[1:] + values[::-1][1:]  # up then down, every set is a change
        times = []
        for value in values:
            start = time.perf_counter()
            slider.value = value
            times.append((time.perf_counter() - start) * 1000)
        return times

    box = hip_flexion_explorer().widget()
    ours = sweep(box.controls["hip_flexion"])

    picture = widgets.Image(format="png")
    naive_slider = widgets.IntSlider(value=0, min=-30, max=120)

    def naive_redraw(change):
        state = model.evaluate(change["new"])
        fig, ax = plt.subplots(figsize=(6, 6), dpi=100)
        ax.plot(state.path_xy[:, 0], state.path_xy[:, 1], color="#D55E00", linewidth=4)
        ax.set_aspect("equal")
        ax.set_title(f"Thigh at {change['new']}°: {state.percent_change:+.1f}% length")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
        picture.value = buffer.getvalue()

    naive_slider.observe(naive_redraw, names="value")
    naive = sweep(naive_slider)
    return ours, naive


def anatomy_callback_times() -> list[float]:
    """ms per view change of lesson 1's anatomy explorer (the real bones), swept twice."""
    from psoas_course.topics.explorers import anatomy_explorer

    box = anatomy_explorer().widget()
    slider = box.controls["view"]
    times = []
    for value in [*range(0, 181, 5), *range(180, -1, -5)] * 2:
        start = time.perf_counter()
        slider.value = value
        times.append((time.perf_counter() - start) * 1000)
    return times[1:]


def model_eval_ms(calls: int = 2000) -> float:
    from psoas_course.core import model

    angles = [-30 + (150 * i / calls) for i in range(calls)]
    for angle in angles[:50]:
        model.evaluate(angle)
    start = time.perf_counter()
    for angle in angles:
        model.evaluate(angle)
    return (time.perf_counter() - start) * 1000 / calls


# -- reference book ---------------------------------------------------------------------------
def make_reference(where: Path) -> Path:
    """The ``jupyter-book create`` template plus a copy of our lesson 1."""
    book = where / "reference"
    _, done = run([str(BIN / "jupyter-book"), "create", str(book)], where)
    if done.returncode != 0:
        raise RuntimeError(f"jupyter-book create failed: {done.stderr.strip()[-300:]}")
    lesson = sorted((ROOT / "notebooks").glob("01-*.ipynb"))[0]
    shutil.copy2(lesson, book / lesson.name)
    toc = (book / "_toc.yml").read_text()
    (book / "_toc.yml").write_text(toc.rstrip() + f"\n- file: {lesson.stem}\n")
    return book


def copy_ours(where: Path) -> Path:
    book = where / "ours"
    shutil.copytree(
        ROOT,
        book,
        symlinks=True,
        ignore=lambda folder, names: [n for n in names if n in NOT_COPIED],
    )
    return book


# the scheduler and review code a quiz page loads (the budget: 40 KB gzip together)
SRS_FILES = {
    "ts-fsrs": ROOT / "book" / "_vendor" / "vendor" / "ts-fsrs" / "ts-fsrs.js",
    "srs.js": ROOT / "src" / "psoas_course" / "ui" / "assets" / "srs.js",
    "quiz.js": ROOT / "src" / "psoas_course" / "ui" / "assets" / "quiz.js",
}
REVIEW_PAGE = "book/review.html"


def srs_weights() -> dict[str, int]:
    """Bytes of each file gzip-compressed as the local server sends it (level 6)."""
    return {
        name: len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
        for name, path in SRS_FILES.items()
    }


def review_first_question_ms(site: Path, runs: int = 5) -> list[float]:
    """Navigation start to the first due question shown on the review page, with one due
    question saved for each lesson (performance.now() when it is visible)."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "src"))
    from psoas_course.ui.quiz import all_banks

    cards, opened = {}, {}
    for bank in all_banks():
        first = bank.questions[0]["id"]
        cards[first] = {"correct": True, "at": 1, "lesson": bank.lesson, "due": "2000-01-01"}
        opened[bank.lesson] = "2000-01-01"
    saved = json.dumps({"version": 2, "cards": cards, "opened": opened})
    seed = f"localStorage.setItem('psoas-course-progress', {json.dumps(saved)});"
    server, base = serve(site)
    times = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(runs):
                context = browser.new_context()
                context.add_init_script(seed)
                tab = context.new_page()
                tab.goto(base + REVIEW_PAGE, wait_until="commit")
                shown = tab.wait_for_function(
                    """() => { const box = document.querySelector(
                         'section.psoas-quiz .psoas-question[data-due]:not([hidden])');
                       return box && performance.now(); }""",
                    polling="raf",
                )
                times.append(shown.json_value())
                tab.wait_for_load_state("load")  # let the rest arrive before closing
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return times


def environment_size(prefix: Path) -> tuple[int, float]:
    """(installed packages, MB on disk) of a virtual environment."""
    [site] = prefix.glob("lib/python*/site-packages")
    packages = len(list(site.glob("*.dist-info")))
    size = sum(f.stat().st_size for f in prefix.rglob("*") if f.is_file() and not f.is_symlink())
    return packages, size / MB


def binder_environment(book: Path, prefix: Path) -> tuple[int, float]:
    """What Binder installs: ``requirements.txt`` (run from ``book``) in a new environment."""
    subprocess.run([sys.executable, "-m", "venv", str(prefix)], check=True)
    done = subprocess.run(
        [str(prefix / "bin" / "python"), "-m", "pip", "install", "-q", "-r", "requirements.txt"],
        cwd=book,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"pip install -r requirements.txt failed: {done.stderr[-300:]}")
    return environment_size(prefix)


def mb(size: float) -> str:
    return f"{size / MB:.2f} MB"


def main() -> int:
    if not (ROOT / "book" / "_vendor" / "vendor").is_dir():
        print("book/_vendor is missing: run `make setup` (or `make bench`) first.", file=sys.stderr)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="psoas-bench-"))
    print(f"benchmark scratch folder: {scratch}", file=sys.stderr)
    try:
        measure(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print_table()
    return 0


def attempt(label: str, step) -> None:
    try:
        step()
    except Exception as error:  # a benchmark reports what it could not measure and goes on
        row(label, f"error: {str(error).splitlines()[0][:120]}")
        notes.append(f"{label}: {error}")


def measure(scratch: Path) -> None:
    ours = copy_ours(scratch)
    results: dict = {}

    def clean_build():
        results["build"] = build(ours)
        row("clean build (ours)", f"{results['build']:.1f} s", "<= 60 s", results["build"] <= 60)

    def one_page():
        page = sorted((ours / "book").glob("*.md"))[0]
        page.touch()
        seconds = build(ours)
        row(
            f"rebuild after touching book/{page.name}", f"{seconds:.1f} s", "<= 10 s", seconds <= 10
        )

    def nbval():
        total = 0.0
        for notebook in sorted((ours / "notebooks").glob("*.ipynb")):
            seconds, done = run(
                [
                    str(BIN / "python"),
                    "-m",
                    "pytest",
                    "-q",
                    "-o",
                    "addopts=",
                    "-p",
                    "no:cacheprovider",
                    "--nbval",
                    "--nbval-current-env",
                    f"notebooks/{notebook.name}",
                ],
                ours,
            )
            total += seconds
            outcome = "passed" if done.returncode == 0 else f"FAILED (exit {done.returncode})"
            row(f"nbval {notebook.name}", f"{seconds:.1f} s, {outcome}")
        row("nbval, all notebooks", f"{total:.1f} s")

    def weight():
        site = ours / "_build" / "html"
        found = weights(site)
        results["weights"] = found
        lessons = [w for page, w in found.items() if page.startswith("notebooks/")]
        heaviest = max(found, key=found.get)
        row("page weight, median of all pages", mb(statistics.median(found.values())))
        row("page weight, max", f"{mb(found[heaviest])} ({heaviest})")
        if lessons:
            median = statistics.median(lessons)
            row("page weight, median lesson page", mb(median), "<= 1 MB", median <= MB)
            heaviest_lesson = max(lessons)
            row(
                "page weight, max lesson page",
                mb(heaviest_lesson),
                "<= 1.5 MB",
                heaviest_lesson <= 1.5 * MB,
            )

    def diagrams():
        times, first_visit = diagram_timings(ours / "_build" / "html")
        if not times:
            row("diagram key press to next frame", "no diagrams found")
            return
        p95 = percentile(times, 0.95)
        row(
            "diagram key press to next frame",
            f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms (n={len(times)})",
            "<= 16 ms",
            p95 <= 16,
        )
        if first_visit:
            page, size = max(first_visit.items(), key=lambda item: item[1])
            row("first visit, every file loaded (incl. shared)", f"{mb(size)} ({page})")

    def live():
        ours_ms, naive_ms = live_callback_times()
        p95, naive95 = percentile(ours_ms, 0.95), percentile(naive_ms, 0.95)
        row(
            "live slider callback p95 (ours)",
            f"{p95:.1f} ms (median {statistics.median(ours_ms):.1f}, n={len(ours_ms)})",
            "<= 16 ms",
            p95 <= 16,
        )
        anatomy_ms = anatomy_callback_times()
        anatomy95 = percentile(anatomy_ms, 0.95)
        row(
            "live view change p95, lesson 1 anatomy (real bones)",
            f"{anatomy95:.1f} ms (median {statistics.median(anatomy_ms):.1f})",
            "<= 16 ms",
            anatomy95 <= 16,
        )
        row("live slider callback p95 (naive matplotlib PNG)", f"{naive95:.1f} ms")
        row(
            "live speed-up, naive p95 / ours p95",
            f"{naive95 / p95:.1f}x",
            ">= 3x",
            naive95 / p95 >= 3,
        )

    def srs_weight():
        sizes = srs_weights()
        total = sum(sizes.values()) / 1024
        parts = ", ".join(f"{name} {size / 1024:.1f}" for name, size in sizes.items())
        row(
            "spaced repetition JS, gzip (scheduler + review)",
            f"{total:.1f} KB ({parts})",
            "<= 40 KB",
            total <= 40,
        )

    def review_page():
        times = review_first_question_ms(ours / "_build" / "html")
        row(
            "review page: first due question shown",
            f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms (n={len(times)})",
        )

    def evaluate():
        per_call = model_eval_ms()
        row(
            "model.evaluate, mean of 2000 calls", f"{per_call:.3f} ms", "<= 0.2 ms", per_call <= 0.2
        )

    def reference():
        book = make_reference(scratch)
        try:
            seconds = build(book)
            strict = ""
        except RuntimeError as error:
            warned = [line for line in str(error).splitlines() if "WARNING:" in line]
            notes.append(
                "reference book built without -W: "
                + (warned[0].split(": ", 1)[-1] if warned else str(error)[-200:])
            )
            shutil.rmtree(book / "_build", ignore_errors=True)
            seconds, strict = build(book, strict=False), " (without -W, see note)"
        row("clean build (reference book)", f"{seconds:.1f} s{strict}")
        if "build" in results:
            row("clean build ratio, ours / reference", f"{results['build'] / seconds:.2f}")
        found = weights(book / "_build" / "html")
        row("page weight, median (reference book)", mb(statistics.median(found.values())))
        if "weights" in results:
            ratio = statistics.median(results["weights"].values()) / statistics.median(
                found.values()
            )
            row("page weight ratio (median), ours / reference", f"{ratio:.2f}")
            lesson = [p for p in found if p.startswith("01-")]
            ours_lesson = [p for p in results["weights"] if p.startswith("notebooks/01-")]
            if lesson and ours_lesson:
                row(
                    "lesson 1 page weight ratio, ours / reference",
                    f"{results['weights'][ours_lesson[0]] / found[lesson[0]]:.2f}",
                )

    def scores():
        lessons = [
            p for p in content_pages(ours / "_build" / "html") if p.parent.name == "notebooks"
        ]
        if not lessons:
            row("Lighthouse", "not run: no lesson page built")
            return
        rel = lessons[0].relative_to(ours / "_build" / "html").as_posix()
        row(f"Lighthouse {rel}", lighthouse(ours / "_build" / "html", rel))

    attempt("spaced repetition JS weight", srs_weight)
    attempt("clean build (ours)", clean_build)
    if "build" in results:
        attempt("review page time to first question", review_page)
        attempt("one-page rebuild", one_page)
        attempt("page weight", weight)
        attempt("diagram key press to next frame", diagrams)

    def binder():
        packages, size = binder_environment(ours, scratch / "binder-env")
        row("Binder environment (requirements.txt)", f"{packages} packages, {size:.0f} MB")

    attempt("nbval", nbval)
    attempt("Binder environment", binder)
    attempt("live slider callback", live)
    attempt("model.evaluate", evaluate)
    attempt("reference book", reference)
    if "build" in results:
        attempt("Lighthouse", scores)


def print_table() -> None:
    width = [max(len(r[i]) for r in rows + [("measure", "value", "goal", "")]) for i in range(4)]
    width[1] = min(width[1], 90)
    line = "  ".join("-" * w for w in width)
    print("\nPsoas course benchmark (2-core machine; one run)")
    print(line)
    for cells in [("measure", "value", "goal", ""), None, *rows]:
        if cells is None:
            print(line)
            continue
        print("  ".join(c.ljust(w) for c, w in zip(cells, width, strict=True)).rstrip())
    print(line)
    missed = sum(1 for r in rows if r[3] == "MISSED")
    print(f"{missed} goal(s) missed" if missed else "all goals met")
    print(
        "key press to next frame: from the key's input event to the next "
        "requestAnimationFrame, i.e. the frame that paints the new drawing."
    )
    for note in notes:
        print("note: " + re.sub(r"\s+", " ", note)[:400])


if __name__ == "__main__":
    sys.exit(main())
