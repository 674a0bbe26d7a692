"""Learners meet the source articles by short names ("Ogle", "the physical therapist"), never
by the ledger's internal codes 000-004 (issue 19)."""

import csv
import re
from pathlib import Path

import nbformat
import pytest

from psoas_course.topics.claims import source_coverage_html

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"(?<![\w.\-])00[0-4](?![\w.])")
# pages for instructors and the log of past wording may name the codes
NOT_LEARNER_PAGES = {"instructor-guide.md", "corrections.md"}


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")), ids=str)
def test_lessons_name_sources_not_codes(path):
    cells = nbformat.read(path, as_version=4).cells
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert not CODE.findall(text)


def test_book_pages_and_the_ledger_name_sources_not_codes():
    for page in sorted((ROOT / "book").glob("*.md")):
        if page.name not in NOT_LEARNER_PAGES:
            assert not CODE.findall(page.read_text(encoding="utf-8")), page.name
    with open(ROOT / "data" / "claims.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert not CODE.findall(row["claim"] + " " + row["evidence"]), row["id"]
    assert not CODE.findall(re.sub(r"<[^>]+>", " ", source_coverage_html()))
