"""Trust round 3, content reading B (lessons 6 to 10): each check finds its text, question or
ledger row by words or id, fails on the old wording and passes on the corrected one."""

import csv
import json
import re
from pathlib import Path

import nbformat
import pytest

from psoas_course.core import force

ROOT = Path(__file__).resolve().parents[1]
BOX = "<summary>Claims checked here</summary>"


def cells(stem: str) -> list[str]:
    (path,) = (ROOT / "notebooks").glob(f"{stem}-*.ipynb")
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


def markdown(stem: str) -> str:
    return "\n".join(cells(stem))


def section(stem: str, heading: str) -> str:
    """The markdown from ``heading`` to the next heading of the same or a higher level."""
    text = markdown(stem)
    level = heading.split(" ", 1)[0]
    body = text.split(heading + "\n", 1)[1]
    return re.split(rf"\n#{{1,{len(level)}}} ", body, maxsplit=1)[0]


def bank(stem: str) -> dict:
    (path,) = (ROOT / "data" / "questions").glob(f"{stem}-*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def question(stem: str, qid: str) -> dict:
    return next(q for q in bank(stem)["questions"] if q["id"] == qid)


def key(q: dict) -> list[dict]:
    return [a for a in q["answers"] if a["correct"]]


def stems(q: dict) -> list[str]:
    return [q["question"], *(v["question"] for v in q.get("variants") or [])]


def ledger() -> dict[str, dict]:
    with open(ROOT / "data" / "claims.csv", encoding="utf-8", newline="") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def anchor(quote_start: str) -> dict:
    with open(ROOT / "data" / "source_claims.csv", encoding="utf-8", newline="") as f:
        (row,) = [r for r in csv.DictReader(f) if r["quote"].startswith(quote_start)]
    return row


def box_entry(cid: str, verdict: str) -> str:
    return f"[{cid}](../book/claims-ledger.md#claim-{cid.lower()}), *{verdict}*"


def in_a_box(stem: str, entry: str) -> bool:
    return any(entry in c for c in cells(stem) if BOX in c)


# S1: Carter 2005 reports calf vascular resistance unchanged, not calf blood flow.
def test_stress_and_blood_flow_say_what_was_measured_in_the_calf_and_the_leg():
    text = markdown("07")
    assert "calf's blood flow did not change" not in text
    assert "resistance of the calf's did not change (Carter et al. 2005)" in text
    assert "Kuipers et al. 2008" in text and "Kuipers NT, et al. (2008)" in text
    row = ledger()["C98"]
    assert "blood flow did not change" not in row["evidence"]
    assert "calf vascular resistance did not change" in row["evidence"]
    assert "Kuipers et al. 2008" in row["evidence"] and "kuipers2008" in row["bib_keys"]
    assert row["verdict"] == "partly true"


# S2: a pillow shortens the psoas; in the course's own force model it is not slack.
def test_the_pillow_shortens_the_psoas_without_making_it_slack_in_the_model():
    standing, pillow = force.capacity(0), force.capacity(20)
    assert round(standing["normalized_fiber_length"], 2) == 1.13
    assert round(pillow["normalized_fiber_length"], 2) == 1.05
    assert round(standing["passive_force_N"]) == 33 and round(pillow["passive_force_N"]) == 10
    assert pillow["passive_force_N"] > 0 and force.capacity(30)["passive_force_N"] < 1
    text = section("06", "## Sitting on the sit bones, and a pillow under the knees")
    assert "The first half is geometry, as for sitting (consensus)" not in text
    assert "same kind of slack" not in text
    assert "**Shorter is not the same as slack.**" in text
    for number in ("1.13", "1.05", "33 newtons", "10 newtons", "30 degrees"):
        assert number in text, number
    row = ledger()["C12"]
    assert row["verdict"] == "partly true" and "shorter is not slack" in row["evidence"]
    assert in_a_box("06", box_entry("C12", "partly true"))
    (table_row,) = [
        line
        for line in markdown("06").splitlines()
        if line.startswith("| A pillow under the knees")
    ]
    assert table_row.split("|")[2].strip().startswith("Partly true") and "not slack" in table_row
    assert "The slack is geometry (consensus)" not in table_row


def test_the_review_quiz_grades_the_pillow_partly_true_and_says_why_both_opinion_is_half_right():
    q = question("10", "08-verdict-pillow")
    (right,) = key(q)
    assert right["answer"].startswith("Partly true") and "not to slack" in right["answer"]
    assert "needs no trial" not in right["feedback"]
    opinion = next(a for a in q["answers"] if a["answer"].startswith("Both halves are opinion"))
    assert not opinion["correct"] and opinion["feedback"].startswith("Half right")
    assert (
        "partly true" in opinion["feedback"]
        and "settled by anatomy and geometry" not in (opinion["feedback"])
    )
    slack = question("06", "06-pillow-slack")
    assert slack["claims"] == ["C12"] and len(key(slack)) == 1
    assert "'slack' says too much" in key(slack)[0]["answer"]


# S3: the Thomas test reads the hip only with the pelvis held flat, in lesson 6 as in lesson 9.
def test_lesson_6_reads_the_thomas_test_only_with_the_pelvis_held_flat():
    text = section("06", "## The Thomas test and its limits")
    assert "with the pelvis held flat" in text and "Vigotsky et al. 2016" in text
    assert "about a third" in text and "over 40%" in text  # sensitivity 32%, specificity 57%
    assert "Vigotsky AD, Lehman GJ" in markdown("06")


@pytest.mark.parametrize("qid", ["06-thomas-limits", "06-screen-and-case-report"])
def test_thomas_test_stems_hold_the_pelvis_flat(qid):
    q = question("06", qid)
    assert all(re.search(r"pelvis (is )?held flat", s) for s in stems(q)), qid
    (right,) = key(q)
    assert "does not extend" in right["answer"]


def test_thomas_keys_agree_with_lesson_9s_reading():
    measured = key(question("06", "06-tight-measured"))[0]
    assert "with the pelvis held flat" in measured["answer"]
    assert "pelvic tilt" in measured["feedback"]
    # lesson 9: with the pelvis free to tip, little can be concluded
    (right,) = key(question("09", "09-thomas-reading"))
    assert right["answer"].startswith("Little yet")
    assert "Vigotsky et al. 2016" in ledger()["C87"]["evidence"]


# m1: only hip extension lengthens the psoas in the hip model; side-bending adds a little.
@pytest.mark.parametrize("stem", ["06", "10"])
def test_only_hip_extension_is_said_of_the_hip_model(stem):
    text = markdown(stem)
    assert "- Only hip extension lengthens" not in text
    assert "In the hip model only hip extension lengthens" in text
    assert "bending the trunk to the other side adds a little" in text
    assert "; only **hip extension**" not in markdown("06")
    assert "bending the trunk away, to the other side, must lengthen it" in markdown("06")


# m2: a force cannot be measured directly in a deep muscle like the psoas.
def test_lesson_8_says_why_the_psoas_force_cannot_be_measured():
    text = markdown("08")
    assert "a force inside a living muscle cannot be measured directly" not in text
    assert "in a deep muscle like the psoas, force cannot be measured directly" in text
    assert "Martin et al. 2018" in text


# m3: the limited hip extension figure is for older women.
def test_limited_hip_extension_names_the_group_measured():
    text = markdown("06")
    assert "Most of us cannot extend the hip very far" not in text
    assert "at least in older adults" in text and "Jung & Yamasaki 2016" in text


# m4: Espeland 2019 always scanned flexed first; lumbar angles changed little.
def test_the_pillow_comfort_study_has_its_order_caveat():
    text = markdown("06")
    assert "bent first and straight second" in text and "3.8 degrees" in text
    row = ledger()["C97"]["evidence"]
    assert "bent first and straight second" in row and "3.8°" in row


# m5: controlled studies of psoas release exist but show nothing replicated.
def test_psoas_release_has_no_published_replicated_controlled_evidence():
    text = markdown("06")
    assert "no controlled studies of psoas-specific release" not in text
    assert "no published, replicated controlled evidence" in text and "Gabin 2009" in text
    row = ledger()["C59"]
    assert "No controlled studies of psoas-specific release were found" not in row["evidence"]
    assert "replicated controlled evidence" in row["evidence"] and "gabin2009" in row["bib_keys"]
    advice = " ".join(a["feedback"] for a in question("06", "06-supported-advice")["answers"])
    assert "no controlled study of psoas-specific release was found" not in advice


# m6: Kerrigan 2003 reports a change within each group.
def test_kerrigan_2003_is_described_as_within_group_changes():
    (ladder,) = [
        line for line in markdown("07").splitlines() if line.startswith("| Randomised controlled")
    ]
    assert "compares each group with itself" in ladder
    assert "Its summary reports each group's change" in markdown("06")


# m7: a cross-sectional study does not test strengthening.
def test_the_strengthening_row_does_not_claim_the_study_points_the_other_way():
    text = markdown("06")
    assert "the same study points the other way" not in text
    (row,) = [line for line in text.splitlines() if line.startswith('| "Strengthening an already')]
    assert "does not support it" in row and "measured people once" in row
    assert "does not support it" in ledger()["C78"]["evidence"]


# Ungraded source claims: palpation, 'more lengthening', and the misplaced anchor.
@pytest.mark.parametrize(
    "quote, stem",
    [
        ("I\u2019ve literally felt this muscle in hundreds", "07"),
        ("more lengthening of the psoas, rather than shortening", "08"),
    ],
)
def test_source_claims_once_ungraded_have_rows_anchored_and_boxed(quote, stem):
    row = anchor(quote)
    assert re.fullmatch(r"C\d+", row["claim_id"]) and row["source"] == "001"
    claim = ledger()[row["claim_id"]]
    assert claim["verdict"] == "opinion" and claim["lesson"] == stem
    assert any(not k.startswith("src") for k in claim["bib_keys"].split(";"))
    assert in_a_box(stem, box_entry(row["claim_id"], "opinion"))


def test_the_palpation_row_says_no_reliability_study_exists():
    claim = ledger()[anchor("I\u2019ve literally felt this muscle")["claim_id"]]
    assert "Brookbush 2023" in claim["evidence"] and "reliability" in claim["evidence"]


def test_the_natural_alignment_quote_is_anchored_to_pliability_not_nerves():
    assert anchor("the bones and joints can naturally align")["claim_id"] == "C62"


# Quiz keys: the case report's rung, and the thigh-plus-tilt sums.
def test_a_case_report_sits_above_opinion_on_the_lessons_ladder():
    (right,) = key(question("07", "07-case-report"))
    assert "lowest rung" not in right["feedback"]
    assert "one rung above opinion" in right["feedback"]
    assert "| Opinion, experience, metaphor |" in markdown("07")


def test_thigh_plus_tilt_sums_are_not_drilled_four_times():
    ids = {q["id"] for stem in ("06", "10") for q in bank(stem)["questions"]}
    assert "06-best-lunge" not in ids and "08-tilted-lunge" not in ids
    sums = [
        q["id"]
        for stem in ("06", "10")
        for q in bank(stem)["questions"]
        if q["type"] == "numeric" and "tilt" in q["question"]
    ]
    assert sums == ["06-joint-angle"]  # the one the Try-it cell checks
    q = question("10", "08-lunge-further")
    assert q["type"] == "multiple_choice" and q["objective"] == "O2" and len(key(q)) == 1
    assert "away from the back leg" in key(q)[0]["answer"]
    assert all(len(a["feedback"]) > 40 for a in q["answers"])


def test_walking_lengthened_key_is_the_share_times_the_hours():
    q = question("08", "08-walking-lengthened")
    assert "standing tilt" in q["question"] and "0.155" in q["question"]
    (right,) = key(q)
    assert abs(right["value"] - 3 * 0.155) <= right["tolerance"]


# Safety: lesson 9 mirrors the safety page's red flags; lesson 6 names hernia.
SAFETY = (ROOT / "book" / "safety.md").read_text(encoding="utf-8")
RED_FLAGS = [
    ('"saddle" area', '"saddle" area'),
    ("passing urine or stool", "passing urine or stool"),
    ("in **both** legs", "in **both** legs"),
    ("weakness in both legs that is severe or getting worse", "weakness in both legs"),
    ("sexual function", "sexual function"),
    ("emergency department", "emergency department"),
    ("a foot that drags", "a foot that drags"),
    ("unexplained weight loss", "unexplained weight loss"),
    ("worse at night", "worse at night"),
    ("after the age of 50", "after the age of 50"),
    ("inject drugs", "inject drugs"),
    ("beating like a pulse", "beats like a pulse"),
]


@pytest.mark.parametrize("on_safety_page, in_lesson_9", RED_FLAGS)
def test_lesson_9_red_flags_carry_every_flag_of_the_safety_page(on_safety_page, in_lesson_9):
    flags = section("09", "### Red flags")
    assert on_safety_page in " ".join(SAFETY.split())
    assert in_lesson_9 in flags
    assert "in the same words" not in flags and "(../book/safety.md)" in flags
    assert "Long et al. 2020" in flags


def test_lesson_9_quiz_keys_the_cauda_equina_signs():
    answers = question("09", "09-red-flags")["answers"]
    cauda = next(a for a in answers if "numbness between the legs" in a["answer"])
    assert cauda["correct"] and "emergency department straight away" in cauda["feedback"]


def test_lesson_6_safety_box_names_hernia_as_the_safety_page_does():
    assert "a hernia" in SAFETY
    box = next(c for c in cells("06") if "**Safety first.**" in c)
    assert "hernia" in box
