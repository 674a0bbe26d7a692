"""Trust round 3 (issue 18), lesson 4: each check finds its text or question by words or id,
fails on the old wording and passes on the corrected one."""

import csv
import re
from pathlib import Path

import nbformat

from psoas_course.ui import quiz

ROOT = Path(__file__).resolve().parents[1]
LEVEL = r"L4[–-]L5"


def lesson() -> nbformat.NotebookNode:
    (path,) = (ROOT / "notebooks").glob("04-*.ipynb")
    return nbformat.read(path, as_version=4)


def markdown() -> str:
    return "\n".join(c.source for c in lesson().cells if c.cell_type == "markdown")


def bank():
    (path,) = (ROOT / "data" / "questions").glob("04-*.json")
    return quiz.load_bank(path.stem)


def question(qid: str) -> dict:
    return next(q for q in bank().questions if q["id"] == qid)


def words(q: dict) -> str:
    parts = [q["question"], *(v["question"] for v in q.get("variants") or [])]
    for a in q["answers"]:
        parts += [str(a.get("answer", "")), a.get("feedback", "")]
    return " ".join(parts)


def section(title: str) -> str:
    text = markdown()
    assert title in text, title
    return text.split(title, 1)[1].split("\n#", 1)[0]


def claims_box(claim: str) -> str:
    summary = "<summary>Claims checked here</summary>"
    boxes = [c.source for c in lesson().cells if summary in c.source]
    (box,) = [b for b in boxes if f"[{claim}]" in b]
    return box


# -- substantive 1: the plexus moves forward towards L4-L5 ---------------------------------


def test_no_back_third_at_every_level_in_lesson_or_bank():
    texts = [markdown()] + [words(q) for q in bank().questions]
    for text in texts:
        assert not re.search(r"back third[^.]*every (lumbar )?level", text, re.I), text[:200]


def test_lesson_gives_the_plexus_position_level_by_level():
    text = markdown()
    assert "Moro et al. 2003" in text and "Davis et al. 2011" in text and "He et al. 2016" in text
    assert re.search(rf"femoral nerve ran at or just behind the middle of the {LEVEL} disc", text)
    surgeons = section("### Why surgeons take care at L4–L5")
    assert "Cahill et al. 2012" in surgeons and "4.8%" in surgeons


def test_where_plexus_is_a_reasoning_question_whose_feedback_names_l4_l5():
    q = question("04-where-plexus")
    assert q["question"].startswith("A spine surgeon") and "Why" in q["question"]
    (right,) = [a for a in q["answers"] if a["correct"]]
    assert re.search(LEVEL, right["feedback"]) and "Davis et al. 2011" in right["feedback"]
    assert all(len(a["feedback"]) > 40 for a in q["answers"]), "feedback says why, every option"


# -- M5: Gray's genitofemoral exit agrees between lesson and data ---------------------------


def test_genitofemoral_exit_agrees_with_gray_in_lesson_and_data():
    with open(ROOT / "data" / "lumbar_plexus.csv", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["nerve"] == "Genitofemoral nerve")
    gray = row["provenance"].split("Moro", 1)[0]
    assert "medial border" in gray and "L3-L4" in gray and "Gray" in gray
    bullet = next(
        line for line in markdown().splitlines() if line.startswith("- **Genitofemoral nerve**")
    )
    assert re.search(r"Gray says it comes out at the inner \(medial\) border", bullet)
    assert "L3 and L4" in bullet and "Moro et al. 2003" in bullet and "front surface" in bullet
    assert "comes out on its front close to the spine" not in bullet


def test_exits_quiz_keys_only_what_the_texts_agree_on():
    option = next(a for a in question("04-exits")["answers"] if "Genitofemoral" in a["answer"])
    assert option["correct"] and "coming out on its front" not in option["answer"]
    assert "Gray 1918" in option["feedback"] and "Moro et al. 2003" in option["feedback"]


# -- M6: knee flexion is not only the hamstrings --------------------------------------------


def test_knee_flexion_names_the_helpers():
    text = markdown()
    assert "Bending the knee, by contrast, is done by the hamstrings" not in text
    sentence = text.split("Bending the knee is mostly the hamstrings' work", 1)[1][:400]
    for muscle in ("gastrocnemius", "popliteus", "sartorius", "gracilis"):
        assert muscle in sentence


# -- answer key: worsening weakness means straight away ------------------------------------


def test_symptoms_key_says_straight_away_like_the_safety_page():
    safety = (ROOT / "book" / "safety.md").read_text(encoding="utf-8")
    assert "**straight away**" in safety and "weakness in a leg that is getting worse" in safety
    q = question("04-symptoms")
    (right,) = [a for a in q["answers"] if a["correct"]]
    assert "straight away" in right["answer"] and "promptly" not in right["answer"]
    assert "promptly" not in words(q)


# -- safety: the needling caution on C49 ---------------------------------------------------


def test_c49_box_carries_the_needling_caution():
    box = claims_box("C49")
    assert "not a self-care technique" in box and "trained clinician" in box
    for neighbour in ("lumbar plexus", "kidney", "ureter", "bowel", "vena cava"):
        assert neighbour in box
    assert "evidence that it helps is weak" in box and "safety.md" in box


# -- what a lecturer adds: nerve entrapments near the psoas ---------------------------------


def test_entrapment_section_exists_and_sends_the_reader_to_a_clinician():
    text = section("### For the curious: where nerves near the psoas get squeezed")
    for topic in ("Meralgia paraesthetica", "Genitofemoral neuralgia", "psoas compartment block"):
        assert topic in text
    assert "outer thigh" in text and "inguinal ligament" in text
    assert "straight away" in text and "safety.md" in text


def test_entrapment_has_reasoning_questions_in_the_bank():
    for qid in ("04-outer-thigh-burning", "04-one-injection"):
        q = question(qid)
        assert sum(a["correct"] for a in q["answers"]) == 1
        assert all(len(a["feedback"]) > 40 for a in q["answers"])
    assert "meralgia paraesthetica" in words(question("04-outer-thigh-burning"))


def test_recall_item_on_the_psoas_supply_is_a_reasoning_question():
    ids = [q["id"] for q in bank().questions]
    assert "04-psoas-supply" not in ids
    q = question("04-supply-not-passing")
    assert q["objective"] == "O1" and "reasoning" in q["question"]


def test_lesson_4_carries_the_new_review_date():
    assert "*Last reviewed: 8 December 2026 (trust round 3" in markdown()
