"""Trust round 3, content reading A (lessons 1 to 5 and the book pages): each check finds its
text, question or ledger row by words or id, fails on the old wording and passes on the
corrected one."""

import csv
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def markdown(stem: str) -> str:
    (path,) = (ROOT / "notebooks").glob(f"{stem}-*.ipynb")
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def question(qid: str) -> dict:
    stem = qid.split("-", 1)[0]
    (path,) = (ROOT / "data" / "questions").glob(f"{stem}-*.json")
    bank = json.loads(path.read_text(encoding="utf-8"))
    return next(q for q in bank["questions"] if q["id"] == qid)


def words(q: dict) -> str:
    parts = [q["question"], *(v["question"] for v in q.get("variants") or [])]
    for a in q["answers"]:
        parts += [str(a.get("answer", "")), a.get("feedback", "")]
    return " ".join(parts)


def ledger(cid: str) -> dict:
    with open(ROOT / "data" / "claims.csv", encoding="utf-8", newline="") as f:
        return next(r for r in csv.DictReader(f) if r["id"] == cid)


# -- safety: the cauda equina signs are on the emergency list --------------------------------


def test_safety_page_lists_the_cauda_equina_signs_as_straight_away():
    text = (ROOT / "book" / "safety.md").read_text(encoding="utf-8")
    now = text.split("## Get help now", 1)[1].split("See a doctor **promptly**", 1)[0]
    assert "**straight away**" in now
    assert re.search(r'"saddle" area: between the legs', now)
    assert re.search(r"trouble passing urine or stool, or holding it in", now)
    assert re.search(r"sciatica .* in \*\*both\*\* legs", now)
    assert "weakness in both legs that is severe or getting worse" in now
    assert "sexual function" in now
    assert "cauda equina" in now and "Gardner et al. 2011" in now


# -- S2: nerve_for answers from the plexus table, and points elsewhere for other muscles -----

NERVE_WORDS = {
    "front thigh": (["Femoral nerve", "Genitofemoral nerve"], []),
    "front of the thigh": (["Femoral nerve"], []),
    "groin": (["Ilioinguinal nerve", "Genitofemoral nerve"], ["Femoral nerve"]),
    "inner thigh": (["Femoral nerve", "Obturator nerve", "Ilioinguinal nerve"], []),
    "rectus femoris": (["Femoral nerve"], ["sacral plexus"]),
    "vastus medialis": (["Femoral nerve"], ["sacral plexus"]),
    "quadratus lumborum": (["T12 and the upper lumbar nerves", "Gray 1918"], ["sacral plexus"]),
    "erector spinae": (["dorsal rami"], ["sacral plexus"]),
    "multifidus": (["dorsal rami"], ["sacral plexus"]),
    "back muscles": (["dorsal rami"], ["Lumbosacral trunk", "sacral plexus"]),
    "rectus abdominis": (["lower intercostal nerves", "subcostal nerve (T12)"], ["sacral plexus"]),
    "internal oblique": (["Iliohypogastric nerve", "lower intercostal nerves"], []),
    "calf": (["sacral plexus"], []),
}


def test_nerve_for_answers_the_reviewed_words_from_data():
    from psoas_course.topics.tryit import nerve_for

    for part, (present, absent) in NERVE_WORDS.items():
        text = repr(nerve_for(part))
        for phrase in present:
            assert phrase in text, f"{part!r}: {phrase!r} missing from {text!r}"
        for phrase in absent:
            assert phrase not in text, f"{part!r}: {phrase!r} should not be in {text!r}"
    femoral = repr(nerve_for("front thigh")).split("Femoral nerve", 1)[1]
    assert "skin of the front and inner thigh" in femoral


def test_the_static_form_prints_the_same_nerve_readouts():
    import test_tryit_static as static

    if static.NODE is None:
        pytest.skip("node is not installed")
    (call,) = static.calls_of("nerve_for")
    cases = [(call, {"part": part}) for part in [*NERVE_WORDS, "abdominis", "adductors", "it's"]]
    expected = [static.python_readout(c, i) for c, i in cases]
    assert static.js_readouts(cases) == expected
