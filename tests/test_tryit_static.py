""" "Try it" in the static book: the form after each Try-it cell prints what the Python call prints.

tryit.js's pure functions run under Node with the data the build writes into each form
(``psoas_course.site.tryit_forms``), and their readouts are compared with the Python calls'
printed text, good and bad inputs alike.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from psoas_course import check_answer, effective_hip_flexion, example_day, show_day
from psoas_course.site import tryit_forms
from psoas_course.site.tryit_forms import find_calls, py_value, with_data
from psoas_course.topics.tryit import claims_about, nerve_for, psoas_at

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "src" / "psoas_course" / "ui" / "assets"
SITE = Path(os.environ.get("PSOAS_SITE", ROOT / "_build" / "html"))
NODE = shutil.which("node")

needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")

# lesson → the calls its Try-it cell gets a form for
EXPECTED = {
    "01-meet-the-psoas": ["check_answer"],
    "02-how-the-psoas-moves-you": ["psoas_at", "check_answer"],
    "03-spine-stability-and-side-bending": ["check_answer"],
    "04-nerves-and-the-lumbar-plexus": ["nerve_for"],
    "05-sitting-posture-and-pelvic-tilt": ["show_day"],
    "06-stretching-and-caring-for-the-psoas": ["effective_hip_flexion", "check_answer"],
    "07-breathing-stress-and-big-claims": ["claims_about"],
    "10-review": ["psoas_at", "check_answer"],
}


def tryit_sources(lesson: str) -> list[str]:
    notebook = json.loads((ROOT / "notebooks" / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    return [
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and "change me" in "".join(cell["source"]).lower()
    ]


@cache
def shipped() -> dict[str, list]:
    """Each lesson's calls with the data its page ships (built as the book builds them)."""
    return {
        lesson: [with_data(call) for source in tryit_sources(lesson) for call in find_calls(source)]
        for lesson in EXPECTED
    }


def calls_of(kind: str) -> list:
    return [call for calls in shipped().values() for call in calls if call.kind == kind]


def test_every_try_it_cell_gets_its_forms():
    assert {lesson: [c.kind for c in calls] for lesson, calls in shipped().items()} == EXPECTED
    lesson2 = shipped()["02-how-the-psoas-moves-you"]
    assert lesson2[0].args[0].default == "60" and lesson2[0].hint == "-30 to 120 degrees"
    day = calls_of("show_day")[0]
    assert [(a.label, a.default) for a in day.args] == [
        ("Hours sitting at a desk (row 1)", "6"),
        ("Hours walking (row 4)", "3.5"),
    ]


def test_the_form_is_hidden_until_its_script_runs_and_loads_nothing_from_elsewhere():
    call = calls_of("psoas_at")[0]
    page = tryit_forms.form_html([call], "t")
    assert page.startswith('<div class="psoas-tryit" hidden>')
    assert '<label for="t-0-0">' in page and 'id="t-0-0"' in page
    assert 'role="status" aria-live="polite"' in page
    script = (ASSETS / "tryit.js").read_text(encoding="utf-8")
    assert not re.search(r"https?:|//[a-z]|fetch\(|XMLHttpRequest|import\(", script)


# -- Python's readouts ---------------------------------------------------------------------------
def printed(function, *args) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        function(*args)
    return out.getvalue().rstrip("\n")


def day_readout(rows: list[int], values: list[str]) -> str:
    day = example_day()
    try:
        day.loc[rows, "hours"] = [py_value(v) for v in values]
    except TypeError as err:  # what the cell shows: its traceback's last line
        return f"TypeError: {err}"
    page = show_day(day).data
    if page.startswith("<pre"):
        return html.unescape(re.search(r">(.*)</pre>", page, re.S).group(1))
    text = html.unescape(re.search(r"<desc>(.*?)</desc>", page).group(1))
    rest = re.search(r">([^<]* h not listed)<", page)
    return text + (f"\n{rest.group(1)}" if rest else "")


def python_readout(call, inputs: dict[str, str]) -> str:
    if call.kind == "psoas_at":
        return repr(psoas_at(py_value(inputs["hip_flexion_deg"])))
    if call.kind == "effective_hip_flexion":
        try:
            hip, tilt = py_value(inputs["hip_flexion_deg"]), py_value(inputs["pelvic_tilt_deg"])
            return printed(print, effective_hip_flexion(hip, tilt))
        except ValueError as err:
            return f"ValueError: {err}"
    if call.kind == "nerve_for":
        return repr(nerve_for(inputs["part"]))
    if call.kind == "claims_about":
        return repr(claims_about(inputs["word"]))
    if call.kind == "check_answer":
        question_id = call.data.get("question", {}).get("id")
        return printed(check_answer, question_id, inputs["answer"])
    if call.kind == "show_day":
        rows = call.data["edit"]
        return day_readout(rows, [inputs[f"row{r}"] for r in rows])
    raise AssertionError(call.kind)


def js_readouts(cases: list[tuple]) -> list[str]:
    """tryit.readout for each (call, inputs), under Node, marking with quiz.js's engine."""
    driver = (
        "const fs = require('fs');\n"
        "global.window = {}; global.document = {};\n"  # quiz.js keeps its engine on window
        # srs.js (saved progress) comes before quiz.js on every page
        + "".join(
            f"require({json.dumps(str(ASSETS / name))});\n"
            for name in ("srs.js", "quiz.js")
            if (ASSETS / name).exists()
        )
        + f"const tryit = require({json.dumps(str(ASSETS / 'tryit.js'))});\n"
        "const cases = JSON.parse(fs.readFileSync(0, 'utf8'));\n"
        "const judge = window.PsoasQuiz.judgeFree;\n"
        "const out = cases.map(c => tryit.readout(c.data, c.inputs, judge).text);\n"
        "process.stdout.write(JSON.stringify(out));\n"
    )
    payload = json.dumps([{"data": call.data, "inputs": inputs} for call, inputs in cases])
    run = subprocess.run(
        [NODE, "-e", driver], input=payload, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


# inputs per call: the cell's own value, good values, edges, and bad ones (out of range,
# empty, a word where a number goes, an unknown word)
ANGLES = ["60", "-30", "120", "0", "37.3", "89.96", "-0.0", "\u221245", "150", "-31", "", "abc",
          "1e400", "12,5", "1e1", " 45 "]  # fmt: skip
INPUTS = {
    "psoas_at": [{"hip_flexion_deg": a} for a in ANGLES],
    "effective_hip_flexion": [
        {"hip_flexion_deg": hip, "pelvic_tilt_deg": tilt}
        for hip, tilt in [
            ("-25", "5"),
            ("-20", "15"),
            ("0", "0"),
            ("100.5", "19.5"),
            ("110", "15"),
            ("-25", "-10"),
            ("150", "0"),
            ("10", "31"),
            ("", "5"),
            ("abc", "5"),
            ("10", ""),
            ("0.1", "0.2"),
            ("1e400", "0"),
        ]
    ],  # fmt: skip
    "nerve_for": [
        {"part": w}
        for w in [
            "quadriceps",
            "outer thigh",
            "leg",
            "thigh",
            "Adductor ",
            "ab",
            "",
            "  x ",
            "knitting",
            "it's",
            "calf",
        ]
    ],  # fmt: skip
    "claims_about": [
        {"word": w}
        for w in [
            "emotion",
            "stress",
            "fear",
            "breath",
            "PSOAS",
            "xy",
            "",
            "zzzzq",
            'say "no"',
            "trauma",
        ]
    ],  # fmt: skip
    "check_answer": [
        {"answer": a}
        for a in [
            "",
            "5",
            "4",
            "75",
            "75 deg",
            "1.2 rad",
            "3 cm",
            "2.5",
            "2.5x",
            "-5",
            "5",
            "26",
            "26%",
            "0.26",
            "five",
            "about 80",
            "   ",
            "\u20135",
            "75\u00ba",
            "\u00d72.5",
            "2.5-fold",
            "0.62",
        ]
    ],  # fmt: skip
    "show_day": [
        {"row1": desk, "row4": walk}
        for desk, walk in [
            ("6", "3.5"),
            ("8", "1.5"),
            ("0", "0"),
            ("30", "-1"),
            ("-2", "1"),
            ("", "3.5"),
            ("abc", "x"),
            ("1e400", "1"),
            ("8.25", "2.05"),
            ("9.5", "0"),
        ]
    ],  # fmt: skip
}


@needs_node
@pytest.mark.parametrize("kind", sorted(INPUTS))
def test_the_page_prints_what_python_prints(kind):
    calls = calls_of(kind)
    assert calls, f"no lesson ships a {kind} form"
    cases = [(call, inputs) for call in calls for inputs in INPUTS[kind]]
    assert len(INPUTS[kind]) >= 5
    expected = [python_readout(call, inputs) for call, inputs in cases]
    got = js_readouts(cases)
    wrong = [
        f"{call.signature} {inputs}:\n  python: {want!r}\n  page:   {have!r}"
        for (call, inputs), want, have in zip(cases, expected, got)
        if want != have
    ]
    assert not wrong, "\n".join(wrong)


@needs_node
def test_python_number_formats():
    """tryit.js writes numbers as Python's repr, :g and :.1f do (round half to even)."""
    numbers = [0.0, -0.0, 0.25, 0.35, 2.5, -2.5, 0.05, 1e16, 1.5e16, 1e-5, 0.0001, 123456.5,
               999999.5, 1234567.0, -30.0, 120.0, 0.1 + 0.2, 1 / 3, 5e-324, 1.7976931348623157e308,
               12.85, 3.25, 99.95]  # fmt: skip
    driver = (
        f"const t = require({json.dumps(str(ASSETS / 'tryit.js'))});\n"
        "const xs = JSON.parse(require('fs').readFileSync(0, 'utf8')).map(Number);\n"
        "xs.push(-0);\n"
        "process.stdout.write(JSON.stringify(xs.map(x => [t.pyFloatRepr(x), t.pyG(x),"
        " t.pyFixed(x, 1)])));\n"
    )
    run = subprocess.run(
        [NODE, "-e", driver],
        input=json.dumps([repr(x) for x in numbers]),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    want = [[repr(x), f"{x:g}", f"{x:.1f}"] for x in [*numbers, -0.0]]
    assert json.loads(run.stdout) == want


def test_a_built_lesson_page_carries_its_forms():
    page = SITE / "notebooks" / "02-how-the-psoas-moves-you.html"
    if not page.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{page} is missing: the book is built before the tests in CI")
        pytest.skip(f"no built book at {SITE}: run `make book` to check the built pages")
    text = page.read_text(encoding="utf-8")
    assert text.count('class="psoas-tryit-form"') == 2
    assert 'data-kind="psoas_at"' in text and 'data-kind="check_answer"' in text
    assert re.search(r'<script[^>]+src="[^"]*_static/psoas/tryit\.js', text)
    assert (SITE / "_static" / "psoas" / "tryit.js").exists()
    # the form comes right after the Try-it cell
    cell = text.index('psoas_at</span><span class="p">(')
    assert text.index('class="psoas-tryit"', cell) - cell < 3000


@needs_node
def test_quiz_js_and_python_agree_on_awkward_answers():
    """Typed text is quoted the same way (an apostrophe, a backslash) and a number is echoed as
    typed (1234567, not 1.23457e+06); the new answer forms read alike on both sides."""
    call = next(
        c for c in calls_of("check_answer") if c.data["question"]["id"] == "02-moment-arm-peak"
    )
    answers = ["it's 75", "1234567 cm", "75 cm\\", 'say "75"', "75\u00ba", "\u201375",
               "\u221275", "seventy-five", "x2.5", "2.5-fold", "75 \u00ba.", "{units} 75",
               "\U0001f600" * 50]  # fmt: skip
    cases = [(call, {"answer": a}) for a in answers]
    expected = [python_readout(c, i) for c, i in cases]
    assert js_readouts(cases) == expected
    assert expected[0] == (
        "I could not read a number in \u201cit's 75\u201d. Write it with digits, for example "
        "45 (units: degrees)."
    )
    assert expected[1].startswith("You wrote 1234567 cm, a length,")
