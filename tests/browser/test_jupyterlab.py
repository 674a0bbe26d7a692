"""A lesson run live in JupyterLab: the same one-line call gives a widget that redraws.

JupyterLab is started on a copy of one lesson (nothing in notebooks/ is touched), the
notebook is run with Run > Run All Cells, and the thigh slider is moved with the keyboard.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# starts JupyterLab and chromium: never in `make test-fast`
pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
LESSON = "02-how-the-psoas-moves-you.ipynb"
TOKEN = "psoas-test"
# two copies: one retry on a fresh copy absorbs a lost Run All; a real fault fails both
COPIES = (LESSON, f"again-{LESSON}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    # a fresh copy without outputs, as a learner gets after "Clear All Outputs"
    notebook = json.loads((ROOT / "notebooks" / LESSON).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    notebook["metadata"].pop("widgets", None)
    for name in COPIES:
        (work / name).write_text(json.dumps(notebook), encoding="utf-8")
    port = free_port()
    env_dirs = {
        name: str(work / f".{name.lower()}")
        for name in (
            "JUPYTER_CONFIG_DIR",
            "JUPYTER_RUNTIME_DIR",
            "JUPYTERLAB_SETTINGS_DIR",
            "JUPYTERLAB_WORKSPACES_DIR",
        )
    }
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={work}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
        "--allow-root",
    ]
    # JupyterLab 4 renders only the cells in view by default; render them all
    settings = Path(env_dirs["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    # JupyterLab logs every request: to a file, since an unread pipe fills up and stalls it
    log = (work / "lab.log").open("w")
    server = subprocess.Popen(
        command, env={**os.environ, **env_dirs}, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=1)
            break
        except OSError:
            if server.poll() is not None:
                log.flush()
                tail = (work / "lab.log").read_text()[-800:]
                pytest.fail(f"JupyterLab did not start: {tail}")
            time.sleep(0.25)
    else:
        server.kill()
        pytest.fail("JupyterLab did not answer within 30 s")
    yield url
    server.terminate()
    server.wait(timeout=20)
    log.close()


def test_live_widget_redraws_from_the_keyboard_in_jupyterlab(lab, browser):
    try:
        run_lesson_and_drive_it(lab, browser, COPIES[0])
    except Exception as first:  # noqa: BLE001 - retried once on a fresh copy
        try:
            run_lesson_and_drive_it(lab, browser, COPIES[1])
        except Exception:
            raise first from None


def run_lesson_and_drive_it(lab, browser, name):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{lab}/lab/tree/{name}?token={TOKEN}")
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    # the kernel must be up before Run All, or the request is lost
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=60_000)
    started = (
        "() => [...document.querySelectorAll('.jp-InputArea-prompt')]"
        ".some(p => /\\d|\\*/.test(p.textContent))"
    )
    page.wait_for_timeout(1_000)
    for _attempt in range(3):  # a Run All sent while the kernel is still connecting is lost
        page.keyboard.press("Escape")  # close a menu left open by a lost attempt
        page.get_by_role("menuitem", name="Run", exact=True).first.click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(started, timeout=10_000)
            break
        except Exception:  # noqa: BLE001 - retried below, then the waits fail with context
            continue

    # wait for the whole run: the self-check (last output) is there and no cell shows [*]
    page.locator("section.psoas-quiz[data-review='0']").first.wait_for(timeout=90_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-InputArea-prompt')]
                   .every(p => !p.textContent.includes('*'))""",
        timeout=60_000,
    )
    slider = page.locator(".widget-slider", has_text="Thigh angle").first
    slider.wait_for(timeout=30_000)
    box = slider.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
    drawing = box.locator(".widget-html-content svg desc").first
    before = drawing.text_content()
    assert "Thigh at 0°" in before, before

    handle, readout = slider.locator(".noUi-handle"), slider.locator(".widget-readout")
    for _attempt in range(3):  # the notebook may take focus back as the run finishes
        handle.focus()
        page.wait_for_timeout(200)
        for _ in range(30):
            page.keyboard.press("ArrowRight")
        if readout.inner_text().strip() not in ("0", ""):
            break
    assert readout.inner_text().strip() == "30", "arrow keys did not move the slider"
    page.wait_for_function(
        "el => !el.textContent.includes('Thigh at 0°')",
        arg=drawing.element_handle(),
        timeout=30_000,
    )
    after = drawing.text_content()
    assert "Thigh at" in after and after != before
    # the kernel recomputed the model: a flexed thigh shortens the psoas
    assert "shorter than in standing" in after, after

    # the self-check answers back in JupyterLab too (trusted output of the run)
    quiz = page.locator(
        "section.psoas-quiz[data-review='0']:not([data-practice]) .psoas-question"
    ).first
    quiz.scroll_into_view_if_needed()
    quiz.locator("input").first.check()
    quiz.locator(".psoas-check").click()
    feedback = quiz.locator(".psoas-feedback")
    feedback.wait_for(state="visible", timeout=10_000)
    assert len(feedback.inner_text().strip()) > 10
    assert not errors, errors
    page.close()
