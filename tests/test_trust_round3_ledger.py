"""Issue 18, "Source claims never graded": the source sentences the ledger had skipped now have
rows of their own (C94 onward). Each check finds its row by id and its anchor by the source's
own words, so it fails if a row, an anchor, a verdict, a reference or a lesson box goes missing.
"""

import re
from pathlib import Path

import nbformat
import pytest

from psoas_course.topics import claims

ROOT = Path(__file__).resolve().parents[1]

# claim id -> (source article, words its anchor quote must contain, lesson that weighs it)
NEW_ROWS = {
    "C94": ("000", "said to strengthen it", "06"),
    "C95": ("001", "related to some degree to the nerves", "06"),
    "C96": ("001", "balance out all the flexion", "08"),
    "C97": ("001", "relieves your back tension", "06"),
    "C98": ("002", "diverting blood to your muscles", "07"),
    "C99": ("004", "contribute to the shortening of the psoas", "06"),
    "C100": ("002", "re-train movement patterns because the body", "05"),
    "C101": ("002", "a strong link between these issues and joints", "05"),
    "C102": ("002", "abdominals working together", "03"),
    "C103": ("002", "restore those pre pregnancy movement patterns", "05"),
    "C104": ("004", "the culprits of our aches and pains", "01"),
    "C105": ("004", "it will become more natural", "05"),
}


@pytest.fixture(scope="module")
def ledger():
    return claims.load_claims().set_index("id")


@pytest.fixture(scope="module")
def anchors():
    return claims.load_source_claims()


@pytest.fixture(scope="module")
def texts():
    found = claims.source_texts()
    if not found:
        pytest.skip(f"source articles not found in {claims.sources_dir()}")
    return found


def lesson_cells(number: str) -> list[str]:
    (path,) = (ROOT / "notebooks").glob(f"{number}-*.ipynb")
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("claim_id", sorted(NEW_ROWS))
def test_each_claim_has_a_graded_row_in_its_lesson(ledger, claim_id):
    source, _, lesson = NEW_ROWS[claim_id]
    row = ledger.loc[claim_id]
    assert row.verdict in claims.VERDICTS
    assert row.sources == source and row.lesson == lesson
    keys = [k for k in row.bib_keys.split(";") if k]
    assert keys and set(keys) <= claims.bib_keys()
    # a real reference, not only the source article itself
    assert any(not k.startswith("src") for k in keys), claim_id
    if row.verdict == "partly true":  # "partly" must say which part fails
        assert re.search(r"\b(but|not|untested|no study|no trial|too far)\b", row.evidence, re.I)


@pytest.mark.parametrize("claim_id", sorted(NEW_ROWS))
def test_each_claim_is_anchored_by_an_exact_quote_from_its_source(anchors, texts, claim_id):
    source, words, _ = NEW_ROWS[claim_id]
    mine = anchors[anchors["claim_id"] == claim_id]
    assert set(mine["source"]) == {source}
    article = claims.normalise_quote(texts[source])
    assert all(claims.normalise_quote(q) in article for q in mine["quote"])
    sentence = claims.normalise_quote(words)
    assert any(sentence in claims.normalise_quote(q) for q in mine["quote"]), claim_id


@pytest.mark.parametrize("claim_id", sorted(NEW_ROWS))
def test_each_claim_sits_in_its_lessons_claims_box_with_the_ledgers_verdict(ledger, claim_id):
    lesson = NEW_ROWS[claim_id][2]
    entry = f"[{claim_id}](../book/claims-ledger.md#claim-{claim_id.lower()}), "
    entry += f"*{ledger.loc[claim_id, 'verdict']}*"
    boxes = [c for c in lesson_cells(lesson) if "<summary>Claims checked here</summary>" in c]
    assert any(entry in box for box in boxes), f"lesson {lesson}: no box entry {entry!r}"


def test_the_nerve_row_sends_worsening_weakness_or_numbness_to_a_clinician(ledger):
    row = ledger.loc["C95"]
    text = f"{row.claim} {row.evidence}"
    assert re.search(r"weakness or numbness that is getting worse", text)
    assert "clinician straight away" in text
    assert "bladder or bowels" in text
    # and the lesson says it in its prose, not only in the ledger
    prose = "\n".join(lesson_cells("06"))
    assert "**Weakness or numbness in a leg that is getting worse" in prose
    assert "needs a doctor straight away.**" in prose


def test_new_references_carry_a_doi_or_say_it_was_not_checked(ledger):
    """The bibliography block added with these rows: each entry is cited by one of them and
    gives its DOI, or says plainly that the DOI was not checked."""
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    block = bib.split("% Added when twelve more source claims were graded", 1)[1]
    block = re.split(r"\n% -+\n% Added", block, maxsplit=1)[0]
    entries = dict(re.findall(r"@\w+\{(\w+),(.*?)\n\}", block, re.S))
    cited = {k for cid in NEW_ROWS for k in ledger.loc[cid, "bib_keys"].split(";") if k}
    assert len(entries) >= 12
    for key, body in entries.items():
        assert key in cited, f"{key}: added for these rows but cited by none of them"
        assert "doi" in body or "DOI not checked" in body, key
