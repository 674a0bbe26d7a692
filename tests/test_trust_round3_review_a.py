"""Trust round 3, content reading A (lessons 1 to 5 and the book pages): each check finds its
text, question or ledger row by words or id, fails on the old wording and passes on the
corrected one."""

import csv
import json
import re
from pathlib import Path

import nbformat

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
