"""Shared set-up for the real-browser tests: the built book served locally, one chromium.

Every page of ``_build/html`` is found by globbing, so a new lesson is tested without
editing this file. The tests fail (never skip) when the book has not been built.
"""

from __future__ import annotations

import functools
import http.server
import os
import statistics
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# PSOAS_SITE points the tests at another built copy (the benchmark's, or a test's mutant)
SITE = Path(os.environ.get("PSOAS_SITE") or ROOT / "_build" / "html").resolve()
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOT_BUILT = f"{SITE} has no pages: run `make book` first"
SKIPPED_PAGES = {"genindex.html", "search.html"}


def is_redirect(path: Path) -> bool:
    """A meta-refresh page: the root index.html Jupyter Book writes, or an old address
    (``redirects`` in _config.yml, psoas_course.site.redirects)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return len(text) < 1000 and 'http-equiv="Refresh"' in text


def site_pages() -> list[str]:
    """Every content page of the built book, as paths relative to the site root."""
    if not SITE.is_dir():
        return []
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE).as_posix()
        if rel.startswith(("_static/", "_sources/", "vendor/", ".")) or rel in SKIPPED_PAGES:
            continue
        if is_redirect(path):
            continue
        pages.append(rel)
    return pages


def lesson_pages() -> list[str]:
    return [page for page in site_pages() if page.startswith("notebooks/")]


def pages_with(marker: str) -> list[str]:
    """Pages whose HTML contains ``marker`` (e.g. a diagram's class)."""
    return [
        page
        for page in site_pages()
        if marker in (SITE / page).read_text(encoding="utf-8", errors="replace")
    ]


def pytest_generate_tests(metafunc):
    """``page``/``lesson``/``diagram_page`` parameters: one test per built page.

    An empty site yields one "missing" case that fails with NOT_BUILT, never a skip.
    """
    choices = {
        "page": site_pages,
        "lesson": lesson_pages,
        "diagram_page": lambda: pages_with('class="psoas-diagram"'),
    }
    for name, finder in choices.items():
        if name in metafunc.fixturenames:
            found = finder()
            if not found and not site_pages():
                found = ["<book not built>"]
            metafunc.parametrize(name, found)


@pytest.fixture(scope="session")
def site() -> Path:
    if not site_pages():
        pytest.fail(NOT_BUILT)
    return SITE


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (signature from the base class)
        pass


@pytest.fixture(scope="session")
def base_url(site) -> str:
    """The site served by http.server on 127.0.0.1, on a free port, from a thread."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def context(browser):
    """One browser context for the session: pages share the cache, tests clear storage."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@dataclass
class Watch:
    """Console errors, page errors and network trouble seen by one page."""

    allowed_prefix: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    in_flight: int = 0

    def attach(self, page) -> Watch:
        page.on("requestfinished", self._done)
        page.on("requestfailed", self._done)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        page.on(
            "requestfailed",
            lambda request: self.failed_requests.append(f"{request.url} ({request.failure})"),
        )
        page.on("response", self._response)
        page.on("request", self._request)
        return self

    def _console(self, message):
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"console.error: {message.text} [{where}]")

    def _response(self, response):
        if response.status >= 400:
            self.failed_requests.append(f"{response.url} (HTTP {response.status})")

    def _done(self, request):
        self.in_flight -= 1

    def settle(self, page, quiet_ms: int = 150, limit_ms: int = 5000) -> None:
        """Wait until no request has been open for ``quiet_ms`` (late ones: the favicon)."""
        quiet = waited = 0
        while quiet < quiet_ms and waited < limit_ms:
            page.wait_for_timeout(50)
            waited += 50
            quiet = quiet + 50 if self.in_flight <= 0 else 0

    def _request(self, request):
        self.in_flight += 1
        url = request.url
        if not url.startswith((self.allowed_prefix, "data:", "blob:", "about:")):
            self.foreign_requests.append(url)


@pytest.fixture
def watch(base_url):
    """Attach a Watch to a page: ``seen = watch(page)``; only the local server is allowed."""
    return lambda page, allowed=base_url: Watch(allowed).attach(page)


@pytest.fixture
def open_page(context, base_url):
    """Open a site page with a Watch attached; returns (page, watch). Closed afterwards."""
    opened = []

    def _open(rel: str, wait_until: str = "load"):
        page = context.new_page()
        watch = Watch(base_url).attach(page)
        page.goto(base_url + rel, wait_until=wait_until)
        # let late requests (the favicon) finish: a reload would abort and report them
        watch.settle(page)
        opened.append(page)
        return page, watch

    yield _open
    for page in opened:
        page.close()


# -- input-to-repaint timings, printed at the end of the run --------------------------
TIMINGS: dict[str, list[float]] = {}

# Installed in a page: for every input event, the time from the event to the start of the
# next animation frame (the frame that paints the change), in ms, kept in window.__repaint.
REPAINT_PROBE = """() => {
  window.__repaint = [];
  document.addEventListener('input', (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => window.__repaint.push(performance.now() - start));
  }, true);
}"""


@pytest.fixture
def repaint_probe():
    """JavaScript to evaluate in a page before pressing keys (see REPAINT_PROBE)."""
    return REPAINT_PROBE


@pytest.fixture
def record_timing():
    """Keep timings (ms) under a name; the run prints median and p95 at the end."""

    def record(name: str, values: list[float]) -> None:
        TIMINGS.setdefault(name, []).extend(values)

    return record


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    terminalreporter.section("diagram input-to-repaint (key press to next frame)")
    for name, values in sorted(TIMINGS.items()):
        terminalreporter.write_line(
            f"{name}: n={len(values)} median={statistics.median(values):.1f} ms "
            f"p95={percentile(values, 0.95):.1f} ms max={max(values):.1f} ms"
        )
