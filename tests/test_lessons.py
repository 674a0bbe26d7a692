"""Each lesson against its data: claims discussed, objectives shared with its question bank,
thin code cells, a safety link wherever it suggests moving."""

import re
from html import escape
from pathlib import Path

import nbformat
import pytest

from psoas_course.topics.claims import SOURCES, load_claims
from psoas_course.ui import quiz

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
MOVEMENT = re.compile(r"\b(stretch|lunge|bridge|roll-up|knee folds?|side-bend)", re.I)


def text_of(path, kind=None):
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if kind is None or c.cell_type == kind)


@pytest.fixture(scope="module")
def claims():
    return load_claims()


def test_ledger_is_valid_and_covers_every_source(claims):
    minimum = {"000": 10, "001": 20, "002": 8, "003": 8, "004": 6}
    for source, needed in minimum.items():
        count = sum(source in row.split(";") for row in claims["sources"])
        assert count >= needed, (
            f"data/claims.csv: source {source} has {count} claims, needs {needed}"
        )
    assert set(minimum) == set(SOURCES)


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_discusses_every_claim_it_owns(path, claims):
    own = claims[claims["lesson"] == path.name[:2]]["id"]
    text = text_of(path, "markdown")
    missing = [c for c in own if not re.search(rf"\b{c}\b", text)]
    assert not missing, f"{path.name}: claims assigned to this lesson but not discussed: {missing}"


CLAIMS_BOX = "<summary>Claims checked here</summary>"


TAUGHT = [p for p in LESSONS if not p.stem.endswith("review")]  # the review's answer key cites ids


@pytest.mark.parametrize("path", TAUGHT, ids=[p.stem for p in TAUGHT])
def test_ledger_numbers_live_in_claims_boxes_that_link_real_rows(path, claims):
    from psoas_course.topics.claims import claim_anchor

    nb = nbformat.read(path, as_version=4)
    prose = [c.source for c in nb.cells if c.cell_type == "markdown" and CLAIMS_BOX not in c.source]
    in_prose = sorted({m for text in prose for m in re.findall(r"\bledger C\d+", text)})
    assert not in_prose, f"{path.name}: move {in_prose} out of the prose into a claims box"
    anchors = {claim_anchor(c) for c in claims["id"]}
    linked = re.findall(r"claims-ledger\.md#([\w-]+)", text_of(path, "markdown"))
    unknown = sorted(set(linked) - anchors)
    assert not unknown, f"{path.name}: links to ledger rows that do not exist: {unknown}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_objectives_match_its_question_bank(path):
    bank = quiz.load_bank(path.stem)
    overview = text_of(path, "markdown").split("## Overview", 1)[-1].split("\n## ", 1)[0]
    for key, objective in bank.objectives.items():
        assert objective in overview, (
            f"{path.name}: objective {key} of data/questions/{path.stem}.json is not listed "
            f"word for word under '## Overview': {objective!r}"
        )


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_code_cells_are_thin_calls_into_the_package(path):
    nb = nbformat.read(path, as_version=4)
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        lines = [x for x in cell.source.splitlines() if x.strip() and not x.strip().startswith("#")]
        where = f"{path.name}, cell {number}"
        assert len(lines) <= 3, f"{where}: {len(lines)} lines; move helper code into the package"
        assert "import *" not in cell.source, f"{where}: no 'import *'"
        assert "../" not in cell.source, f"{where}: load data through the package, not paths"
        assert not re.search(r"^\s*(def|class) ", cell.source, re.M), f"{where}: no definitions"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lessons_that_suggest_moving_link_the_safety_page(path):
    text = text_of(path, "markdown")
    if MOVEMENT.search(text):
        assert "safety.md" in text, f"{path.name}: mentions movement but has no safety note link"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lessons_are_committed_without_outputs(path):
    """Untrusted JupyterLab shows committed HTML sanitised; the book and nbval execute lessons.

    Only cells tagged ``nbval-check-output`` keep their output, and only as plain text: nbval
    compares it with a fresh run, so a "Try it" readout that changes is caught."""
    from psoas_course.authoring.clean_notebooks import is_checked, plain_text_outputs

    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            assert cell.outputs, (
                f"{path.name}: cell {i} is tagged nbval-check-output but has no output to "
                "compare; run `make run-notebooks`"
            )
            assert plain_text_outputs(cell) == cell.outputs, (
                f"{path.name}: cell {i} keeps an output that is not plain text"
            )
        else:
            assert not cell.outputs, (
                f"{path.name}: cell {i} carries outputs; clear them with "
                "`python -m psoas_course.authoring.clean_notebooks notebooks/*.ipynb`"
            )


def test_try_it_readouts_are_checked_against_a_fresh_run():
    checked = [
        path.name
        for path in LESSONS
        if any(
            c.cell_type == "code" and "nbval-check-output" in c.metadata.get("tags", [])
            for c in nbformat.read(path, as_version=4).cells
        )
    ]
    assert len(checked) >= len(LESSONS) - 1, f"only {checked} check a readout's text"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_header_states_the_measured_reading_time_and_level(path):
    from psoas_course.authoring.readability import HEADER, measure

    found = HEADER.search(text_of(path, "markdown"))
    assert found, f"{path.name}: no '*Lesson N of M · about X minutes · reading level ...*' line"
    minutes, grade = measure(path)
    stated = (int(found.group(3)), float(found.group(4)))
    assert stated == (minutes, grade), (
        f"{path.name}: header says {stated}, prose measures {(minutes, grade)}; "
        "run `python -m psoas_course.authoring.readability --write`"
    )


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_links_its_terms_to_the_glossary(path):
    links = re.findall(r"\]\(\.\./book/glossary\.md\)", text_of(path, "markdown"))
    assert links, f"{path.name}: link the first use of a glossary term to ../book/glossary.md"


def test_coverage_table_counts_every_source_and_verdict(claims):
    from psoas_course.topics.claims import coverage_html

    html = coverage_html()
    for source in SOURCES:
        name = escape(SOURCES[source])  # rows name the source, never its code
        row = re.search(rf'<th scope="row">{re.escape(name)}</th>.*?</tr>', html).group(0)
        cells = [int(x) for x in re.findall(r"<td>(?:<strong>)?(\d+)", row)]
        assert sum(cells[:-1]) == cells[-1]
        assert cells[-1] == sum(source in s.split(";") for s in claims["sources"])
