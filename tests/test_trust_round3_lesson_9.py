"""Trust round 3 (issue 18), lesson 9: each fix found by its text or its question id, so the
old wording fails and the new one passes."""

import re
from pathlib import Path

import nbformat

from psoas_course.core.bones import load_psoas_csa
from psoas_course.topics import clinical
from psoas_course.ui import quiz

ROOT = Path(__file__).resolve().parents[1]
STEM = "09-when-the-psoas-is-a-clinical-problem"
LEVELS = re.compile(r"\b(T12|L[1-5](?:[-/]L?[1-5]|-S1)?|S1)\b")


def cells() -> list[str]:
    nb = nbformat.read(ROOT / "notebooks" / f"{STEM}.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def markdown() -> str:
    return "\n".join(cells())


def cell(heading: str) -> str:
    (found,) = [c for c in cells() if heading in c]
    return found


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def bank():
    return quiz.load_bank(STEM)


def question(qid: str) -> dict:
    return next(q for q in bank().questions if q["id"] == qid)


def words(q: dict) -> str:
    parts = [q["question"], *(v["question"] for v in q.get("variants") or [])]
    for a in q["answers"]:
        parts += [str(a.get("answer", "")), a.get("feedback", "")]
    return " ".join(parts)


def solution(text: str) -> str:
    return text.split("</summary>", 1)[1]


# -- M7: the largest mean area is at the L4/L5 disc (Reid et al. 1994), never at L5 ----------


def test_lesson_9_puts_the_largest_area_at_the_l4_l5_disc_never_at_l5():
    text = markdown()
    assert "at its largest here" not in text  # the old L5 solution
    largest_at = re.compile(
        r"\b(?:largest|biggest)\b[^.,;?]*?\bat (?:the )?(T12|L[1-5](?:[-/]L[1-5])?)"
    )
    for sentence in sentences(text):
        for level in largest_at.findall(sentence):
            assert level in ("L4-L5", "L4/L5"), sentence
    answer = solution(cell("## Exercise: predict, then check"))
    largest = sentences(answer)[0]  # the solution opens with where the area peaks
    assert "largest" in largest and "L4-L5 disc" in largest
    areas = clinical.section_areas_cm2()
    assert max(areas, key=areas.get) == "L4/L5"
    assert f"{areas['L4/L5']:.1f} cm²" in largest and f"{areas['L5']:.1f} cm²" in answer
    assert "Reid et al. 1994" in answer and "smaller at L5" in answer


def test_the_prediction_is_not_answered_before_it_is_asked():
    text = markdown()
    before = text.split("## Exercise: predict, then check", 1)[0]
    assert "16.3" not in before
    for sentence in sentences(before):
        if "largest" in sentence:
            assert not LEVELS.search(sentence), sentence
    prompt = cell("## Exercise: predict, then check").split("<details>", 1)[0]
    assert "largest" in prompt and "L4-L5 disc" in prompt and "L5" in prompt
    assert "Leave the sizes of the psoas for now" in cell("## Neighbours")


# -- M8: the seated study does not say per side; 09-growth replaced ---------------------------


def test_no_text_gives_the_seated_12_1_as_each_psoas():
    texts = sentences(markdown()) + [
        s for q in bank().questions for s in sentences(words(q)) if "12.1" in s
    ]
    for sentence in texts:
        if "12.1" in sentence:
            assert not re.search(r"each psoas|per side|for one psoas", sentence, re.I), sentence
    sizes = cell("### How big is the psoas at each level?")
    seated = next(s for s in sizes.split("\n- ") if "sitting" in s and "L1" in s)
    assert "does not say whether each figure is for one psoas or for both" in seated
    row = load_psoas_csa().query("level == 'L5' and kind == 'measured_mean'")
    assert "NOT stated" in row["method"].iloc[0]  # the data say the same


def test_09_growth_is_replaced_by_a_reasoning_question():
    ids = {q["id"] for q in bank().questions}
    assert "09-growth" not in ids and "09-neighbours-sort" not in ids
    q = question("09-growth-why")
    assert q["type"] == "multiple_choice" and q["objective"] == "O2" and q.get("variants")
    (key,) = [a for a in q["answers"] if a["correct"]]
    assert "Fascicles" in key["answer"] and "12.1" not in words(q)
    assert all(a["feedback"] for a in q["answers"])


def test_the_area_question_names_posture_and_the_missing_side():
    key = next(a for a in question("09-area-differ")["answers"] if a["correct"])
    assert "does not say whether its figure is one side or both" in key["feedback"]
    assert "Posture" in key["feedback"]
    assert "Shaikh et al. 2020" in cell("### How big is the psoas at each level?")


# -- red flags: long-term corticosteroids, and a child's limp ---------------------------------


def test_red_flags_include_steroids_and_a_childs_limp_and_link_the_safety_page():
    flags = cell("### Red flags")
    assert "corticosteroids" in flags and "spinal fracture (Downie et al. 2013)" in flags
    assert re.search(r"infection", flags) and "with a fever, go straight away" in flags
    assert re.search(r"child or teenager\*\* who limps", flags)
    assert "slipped capital femoral epiphysis" in flags and "knee pain" in flags
    assert "apophyseal avulsion" in flags and "Eberbach et al. 2017" in flags
    assert "straight away** if they cannot put weight on the leg" in flags
    assert "(../book/safety.md)" in flags
    safety = (ROOT / "book" / "safety.md").read_text(encoding="utf-8")
    assert "corticosteroids" in safety and "Children and teenagers" in safety
    keyed = [a["answer"] for a in question("09-red-flags")["answers"] if a["correct"]]
    assert any("cannot put weight on the leg" in a for a in keyed)
    assert any("steroid" in a for a in keyed)


# -- what a lecturer adds: the abscess's route, and psoas area on CT --------------------------


def test_the_abscess_tracks_down_the_psoas_sheath_to_the_groin():
    conditions = cell("## Conditions a clinician thinks of")
    route = next(s for s in conditions.split("\n- ") if "reaches the groin" in s)
    for needed in ("sheath", "inguinal ligament", "femoral triangle", "groin", "Ellis 2006"):
        assert needed in route, needed
    assert "hip bent" in route and "psoas sign" in route
    abscess = next(s for s in conditions.split("\n- ") if s.startswith("**Psoas abscess."))
    assert "*secondary*" in abscess and "*primary*" in abscess
    assert "tuberculosis of the spine (Mallick et al. 2004)" in abscess
    assert "Mallick IH, Thoufeeq MH, Rajendran TP (2004). Iliopsoas abscesses." in markdown()
    q = question("09-abscess-groin")
    (key,) = [a for a in q["answers"] if a["correct"]]
    assert q["objective"] == "O3" and "sheath" in key["answer"] and q.get("variants")


def test_psoas_area_on_ct_is_a_frailty_marker_with_its_limits():
    ct = cell("### A psoas area on a CT scan")
    assert "**sarcopenia**" in ct and "frailty" in ct
    assert "De Marco et al. 2022" in ct and "van Mourik et al. 2019" in ct
    limits = load_psoas_csa().query("kind == 'lower_reference_limit'")["csa_cm2"]
    for value in limits:
        assert f"{value:.1f} cm²" in ct  # 22.0 men, 11.1 women, as in the data
    assert "not a diagnosis" in ct and "mainly in women" in ct
    assert "tight" in ct  # says what it cannot show
    for qid in ("09-ct-marker", "09-ct-compare"):
        q = question(qid)
        assert q["objective"] == "O2" and q.get("variants")
        assert all(a["feedback"] for a in q["answers"])
    assert "psoas area on a CT scan" in bank().objectives["O2"]


# -- the cross-section's data: plexus and neighbour levels -------------------------------------


def test_plexus_text_follows_the_levels_not_one_position():
    text = markdown()
    assert "back third of the muscle" not in text and "at every level" not in text
    assert "Moro et al. 2003" in cell("## Neighbours") and "Davis et al. 2011" in text
    plexus = clinical.neighbours().query("structure == 'Lumbar plexus'").set_index("to_level")
    assert plexus.loc["L4/L5", "y"] < plexus.loc["L3", "y"]  # further forward lower down
    key = next(a for a in question("09-lateral-approach")["answers"] if a["correct"])
    assert "comes forward" in key["answer"] and "L4-L5" in key["answer"]


def test_09_levels_key_follows_the_diagram():
    at = {lvl: set(clinical.at_level(lvl)["structure"]) for lvl in ("L1", "L5")}
    names = {"The kidney": "Kidney", "The ureter": "Ureter", "The sympathetic": "Sympathetic trunk"}
    for a in question("09-levels")["answers"]:
        found = [s for start, s in names.items() if a["answer"].startswith(start)]
        if not found:
            continue
        leaves = found[0] in at["L1"] and found[0] not in at["L5"]
        assert leaves == a["correct"], a["answer"]


def test_lesson_9_carries_the_new_review_date():
    assert "*Last reviewed: 8 December 2026 (trust round 3" in markdown()
