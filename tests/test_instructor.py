"""What an instructor broke: lesson template rules, file names, TOC, question banks, and the
instructor tools (``make new-lesson``, ``make answer-key``, ``make student-book``).

Every failure names the file and the missing piece, e.g.
``notebooks/09-x.ipynb: no learning objectives under '## Overview'``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from psoas_course.authoring import answer_key, colab_cells, lint, scaffold
from psoas_course.authoring.lint import (
    PLACEHOLDER,
    QUIZ_CALL,
    REQUIRED,
    bank_problems,
    structure_problems,
)
from psoas_course.course import toc_files
from psoas_course.site.redirects import redirect_pages
from psoas_course.ui import quiz

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "notebooks" / "_template.ipynb"


def toc_lessons(root: Path = ROOT) -> list[Path]:
    return lint.toc_lessons(root)


def rel(path: Path) -> str:
    return lint.display_name(path, ROOT)


LESSONS = toc_lessons()


# -- every lesson in the book -------------------------------------------------------------
@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_follows_the_template(path):
    if not path.is_file():
        pytest.skip("missing file: reported by test_toc_and_notebooks_agree")
    problems = structure_problems(path)
    assert not problems, "\n".join(problems)


def test_lesson_file_names_are_numbered_kebab_case():
    problems = lint.file_name_problems(ROOT)
    assert not problems, "\n".join(problems)


def test_toc_and_notebooks_agree_and_lessons_are_numbered_in_order():
    problems = lint.toc_problems(ROOT)
    assert not problems, "\n".join(problems)


def test_every_lesson_has_a_complete_question_bank():
    problems = lint.bank_set_problems(ROOT)
    for path in lint.banks(ROOT).values():
        problems += bank_problems(path)
    assert not problems, "\n".join(problems)


def test_course_checks_catch_a_stray_notebook_and_a_lost_bank(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data" / "questions").mkdir(parents=True)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nparts:\n- caption: Lessons\n  chapters:\n"
        "  - file: notebooks/01-one\n  - file: notebooks/03-three\n  - file: notebooks/02-two\n",
        encoding="utf-8",
    )
    for name in ("01-one", "02-two", "03-three", "Bad Name"):
        (tmp_path / "notebooks" / f"{name}.ipynb").write_text('{"cells": []}', encoding="utf-8")
    (tmp_path / "data" / "questions" / "01-one.json").write_text("{}", encoding="utf-8")
    (tmp_path / "data" / "questions" / "04-gone.json").write_text("{}", encoding="utf-8")
    problems = "\n".join(
        lint.file_name_problems(tmp_path)
        + lint.toc_problems(tmp_path)
        + lint.bank_set_problems(tmp_path)
    )
    assert "notebooks/Bad Name.ipynb: name lessons NN-kebab-case" in problems
    assert "notebooks/Bad Name.ipynb is not in _toc.yml" in problems
    assert "lessons are not in number order" in problems
    assert "notebooks/02-two.ipynb: no question bank" in problems
    assert "data/questions/04-gone.json: no lesson notebooks/04-gone.ipynb" in problems


def test_lint_command_reports_per_lesson_and_fails_on_a_problem(tmp_path):
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copytree(ROOT / "data" / "questions", root / "data" / "questions")
    shutil.copy(ROOT / "_toc.yml", root / "_toc.yml")
    for path in [*LESSONS, TEMPLATE]:
        shutil.copy(path, root / "notebooks" / path.name)
    first = root / "notebooks" / LESSONS[0].name
    first.write_text(first.read_text(encoding="utf-8").replace("## Summary", "## Wrap-up"))
    run = subprocess.run(
        [sys.executable, "-m", "psoas_course.authoring.lint", str(root)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"notebooks/{first.name}: no '## Summary' section" in run.stdout
    assert "notebooks/_template.ipynb: ok" in run.stdout
    assert "Traceback" not in run.stderr


def test_rules_are_a_table_and_an_off_rule_is_not_enforced(tmp_path):
    source = LESSONS[0]
    broken = edited(tmp_path, source, lambda s: re.sub(r"^#{2,3} +Try it.*$", "", s, flags=re.M))
    try_it = next(rule for rule in lint.STRUCTURE_RULES if rule.name == "try-it")
    message = (
        f"notebooks/{source.name}: no '## Try it' heading over a cell the learner edits and runs"
    )
    assert message in structure_problems(broken)  # every lesson has one, so the rule is on
    assert not structure_problems(source)
    off = [lint.Rule(try_it.name, try_it.check, on=False)]
    assert structure_problems(broken, rules=off) == []
    on = [lint.Rule(try_it.name, try_it.check)]
    assert structure_problems(broken, rules=on) == [message]


# -- the checker above catches what it should ------------------------------------------
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def edited(tmp_path: Path, source: Path, change) -> Path:
    notebook = load(source)
    for cell in notebook["cells"]:
        cell["source"] = change("".join(cell["source"]))
    out = tmp_path / source.name
    out.write_text(json.dumps(notebook), encoding="utf-8")
    return out


BREAKAGES = [
    (
        "objectives removed",
        lambda s: re.sub(r"^\d+\. .*$", "", s, flags=re.M),
        "no learning objectives under '## Overview'",
    ),
    ("objectives misnumbered", lambda s: s.replace("\n2. ", "\n3. "), "are numbered [1, 3"),
    (
        "solution not hidden",
        lambda s: s.replace("<details>", "").replace("</details>", ""),
        "has no hidden solution",
    ),
    (
        "no references",
        lambda s: (
            s.split("## References")[0] + "## References\n\nNone yet.\n"
            if "## References" in s
            else s
        ),
        "no entries under '## References'",
    ),
    ("summary renamed", lambda s: s.replace("## Summary", "## Wrap-up"), "no '## Summary' section"),
    (
        "sections swapped",
        lambda s: (
            s.replace("## Summary", "## TMP")
            .replace("## What's next", "## Summary")
            .replace("## TMP", "## What's next")
        ),
        "out of order",
    ),
    ("quiz call removed", lambda s: s.replace("show_quiz(", "print("), "no show_quiz(...) call"),
    ("second title", lambda s: s.replace("## Summary", "# Summary"), "'# ' titles"),
    (
        "MyST directive",
        lambda s: s.replace("## Summary\n", "## Summary\n\n```{note}\nx\n```\n"),
        "MyST syntax",
    ),
]


@pytest.mark.parametrize("label, change, message", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_checker_names_the_notebook_and_the_missing_piece(tmp_path, label, change, message):
    source = LESSONS[0] if LESSONS else TEMPLATE
    assert not [p for p in structure_problems(source, lesson=source != TEMPLATE) if message in p], (
        "the unbroken notebook must not show the problem"
    )
    broken = edited(tmp_path, source, change)
    problems = structure_problems(broken, lesson=source != TEMPLATE)
    assert any(message in p and f"notebooks/{source.name}" in p for p in problems), problems


def test_checker_flags_a_quiz_call_for_another_lesson(tmp_path):
    source = LESSONS[0]
    broken = edited(tmp_path, source, lambda s: s)
    notebook = load(broken)
    for cell in notebook["cells"]:
        cell["source"] = QUIZ_CALL.sub('show_quiz("99-other")', "".join(cell["source"]))
    broken.write_text(json.dumps(notebook), encoding="utf-8")
    assert any("names another lesson" in p for p in structure_problems(broken))


# -- the template ---------------------------------------------------------------------------
def test_template_follows_its_own_rules():
    problems = structure_problems(TEMPLATE, lesson=False)
    assert not problems, "\n".join(problems)


def test_template_has_a_diagram_a_quiz_and_placeholders_to_fill():
    cells = load(TEMPLATE)["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert any(re.search(r"^\w+_explorer\(\)$", c, flags=re.M) for c in code), (
        "notebooks/_template.ipynb: no diagram call (an explorer from the psoas_course front door)"
    )
    assert any(QUIZ_CALL.search(c) for c in code), "notebooks/_template.ipynb: no show_quiz call"
    text = "".join("".join(c["source"]) for c in cells)
    assert text.startswith("# [TODO: Lesson title]"), "the scaffold fills in this exact title"
    assert len(PLACEHOLDER.findall(text)) >= 10, "the template tells the author what to write"
    assert all(c.get("outputs") == [] for c in cells if c["cell_type"] == "code"), (
        "notebooks/_template.ipynb: keep the template without outputs"
    )


# -- make new-lesson --------------------------------------------------------------------
@pytest.fixture
def repo(tmp_path):
    """A scratch copy of what the scaffold reads and writes: every lesson up to the Review
    lesson's number is taken, so a new lesson moves the Review up."""
    (tmp_path / "notebooks").mkdir()
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(path, tmp_path / "notebooks" / path.name)
    shutil.copy(ROOT / "_toc.yml", tmp_path / "_toc.yml")
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    shutil.copytree(ROOT / "data" / "questions", tmp_path / "data" / "questions")
    (tmp_path / "src" / "psoas_course").mkdir(parents=True)
    shutil.copy(ROOT / "src" / "psoas_course" / "lessons.json", tmp_path / "src" / "psoas_course")
    return tmp_path


def review_of(root: Path) -> Path:
    (review,) = (root / "notebooks").glob("[0-9][0-9]-review.ipynb")
    return review


def redirects_in(root: Path) -> dict:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config["sphinx"]["config"]["redirects"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Hip flexors in running", "hip-flexors-in-running"),
        ("  Psoas & the diaphragm: breathing!  ", "psoas-the-diaphragm-breathing"),
        ("Äpfel, Öl und Übung", "apfel-ol-und-ubung"),
        ("L4/L5 -- the lumbar plexus", "l4-l5-the-lumbar-plexus"),
    ],
)
def test_slugify(name, slug):
    assert scaffold.slugify(name) == slug


def test_new_lesson_goes_before_the_review_which_moves_up(repo, capsys):
    old_review = review_of(repo).stem
    review_number = int(old_review[:2])
    lessons_before = toc_lessons(repo)
    assert lessons_before[-1].stem == old_review
    assert [int(p.name[:2]) for p in lessons_before] == list(range(1, review_number + 1)), (
        "the course fills every number below the Review lesson, so the new lesson needs its number"
    )
    lesson = f"{review_number:02d}-hip-flexors-in-running"
    new_review = f"{review_number + 1:02d}-review"
    toc_before = (repo / "_toc.yml").read_text(encoding="utf-8")

    assert scaffold.main(["Hip flexors in running", "--root", str(repo)]) == 0
    out = capsys.readouterr().out
    assert lesson in out and f"{old_review}.ipynb -> {new_review}.ipynb" in out

    notebook = load(repo / "notebooks" / f"{lesson}.ipynb")
    text = "".join("".join(c["source"]) for c in notebook["cells"])
    assert text.startswith("# Hip flexors in running\n")
    assert f"*Lesson {review_number} of {len(lessons_before) + 1} ·" in text
    calls = [
        m.group(1)
        for c in notebook["cells"]
        if c["cell_type"] == "code"
        for m in [QUIZ_CALL.search("".join(c["source"]))]
        if m
    ]
    assert calls == [lesson]
    assert all(
        c["outputs"] == [] and c["execution_count"] is None
        for c in notebook["cells"]
        if c["cell_type"] == "code"
    )
    first_code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    assert colab_cells.is_install_cell(first_code)
    assert "".join(first_code["source"]) == colab_cells.configured_source(repo)

    bank = load(repo / "data" / "questions" / f"{lesson}.json")
    assert bank == {
        "lesson": lesson,
        "title": "Hip flexors in running",
        "objectives": {},
        "questions": [],
    }

    toc_after = (repo / "_toc.yml").read_text(encoding="utf-8")
    assert toc_after == toc_before.replace(
        f"      - file: notebooks/{old_review}\n",
        f"      - file: notebooks/{lesson}\n      - file: notebooks/{new_review}\n",
    )
    parts = yaml.safe_load(toc_after)["parts"]
    lessons_part = next(p for p in parts if p["caption"] == "Lessons")
    assert lessons_part["chapters"][-2:] == [
        {"file": f"notebooks/{lesson}"},
        {"file": f"notebooks/{new_review}"},
    ], "a new lesson goes last in 'Lessons' but before the Review lesson"
    index = json.loads((repo / "src" / "psoas_course" / "lessons.json").read_text())
    assert [(item["key"], item["number"]) for item in index["lessons"]][-2:] == [
        (lesson, review_number),
        (new_review, review_number + 1),
    ]


def test_renumbered_review_keeps_question_ids_and_names_its_new_number(repo):
    old = review_of(repo)
    old_notebook = load(old)
    old_bank = load(repo / "data" / "questions" / f"{old.stem}.json")
    number = int(old.stem[:2])
    new = f"{number + 1:02d}-review"

    assert scaffold.main(["Hip flexors in running", "--root", str(repo)]) == 0

    assert not old.exists() and not (repo / "data" / "questions" / f"{old.stem}.json").exists()
    bank = load(repo / "data" / "questions" / f"{new}.json")
    assert bank == {**old_bank, "lesson": new}, "only the lesson field changes"
    assert [q["id"] for q in bank["questions"]] == [q["id"] for q in old_bank["questions"]], (
        "saved progress is keyed by question id"
    )
    path = repo / "data" / "questions" / f"{new}.json"
    assert quiz.validate(load(path), path, quiz.known_claim_ids()).lesson == new
    notebook = load(repo / "notebooks" / f"{new}.ipynb")
    assert len(notebook["cells"]) == len(old_notebook["cells"])
    code = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert f'show_quiz("{new}")' in code and f'review_quiz(before="{new}")' in code
    assert old.stem not in code
    header = "".join(notebook["cells"][0]["source"])
    assert f"*Lesson {number + 1} of {number + 1} ·" in header
    mentions = "".join(
        "".join(c["source"])
        for path in (repo / "notebooks").glob("0[0-9]-*.ipynb")
        for c in load(path)["cells"]
    )
    assert f"Lesson {number}, *Review*" not in mentions
    assert f"Lesson {number + 1}, *Review*" in mentions


def test_renumbered_review_leaves_a_chained_redirect_at_every_old_address(repo):
    old = review_of(repo).stem
    before = redirects_in(repo)
    assert before, "the course already redirects an older Review address"
    config_before = (repo / "_config.yml").read_text(encoding="utf-8")

    assert scaffold.main(["Hip flexors in running", "--root", str(repo)]) == 0
    assert scaffold.main(["Hip flexors in sprinting", "--root", str(repo)]) == 0

    final = review_of(repo).stem
    assert int(final[:2]) == int(old[:2]) + 2
    redirects = redirects_in(repo)
    middle = f"notebooks/{int(old[:2]) + 1:02d}-review"
    assert redirects == {
        **{source: f"notebooks/{final}" for source in before},
        f"notebooks/{old}": f"notebooks/{final}",
        middle: f"notebooks/{final}",
    }, "every old address leads straight to the page that exists now"
    docs = set(toc_files(repo)) | {"book/welcome"}
    assert redirect_pages(redirects, docs).keys() == {f"{s}.html" for s in redirects}
    config_after = (repo / "_config.yml").read_text(encoding="utf-8")
    untouched = [line for line in config_before.splitlines() if "-review" not in line]
    assert [line for line in config_after.splitlines() if "-review" not in line] == untouched


def test_course_lint_after_a_new_lesson_asks_only_for_its_placeholders(repo):
    assert scaffold.main(["Hip flexors in running", "--root", str(repo)]) == 0
    lesson = next((repo / "notebooks").glob("*-hip-flexors-in-running.ipynb"))
    report = {name: problems for name, problems in lint.lint(repo).items() if problems}
    assert list(report) == [f"notebooks/{lesson.name}"], report
    problems = report[f"notebooks/{lesson.name}"]
    assert len(problems) == 2 and "template placeholder left: '[TODO:" in problems[0], problems
    assert problems[1] == (
        f"data/questions/{lesson.stem}.json: still missing: objectives, questions "
        "(see 'Questions and claims as data' in book/instructor-guide.md)"
    )
    assert structure_problems(lesson, root=repo) == problems[:1]
    assert bank_problems(repo / "data" / "questions" / f"{lesson.stem}.json") == problems[1:]


def test_new_lesson_stops_when_numbers_run_out(repo, capsys):
    review = review_of(repo)
    review.rename(review.with_name("99-review.ipynb"))
    last = next((repo / "notebooks").glob("09-*.ipynb"))
    last.rename(last.with_name(f"98-{last.name[3:]}"))
    toc = repo / "_toc.yml"
    text = toc.read_text(encoding="utf-8")
    toc.write_text(
        text.replace(f"notebooks/{review.stem}", "notebooks/99-review").replace(
            f"notebooks/{last.stem}", f"notebooks/98-{last.stem[3:]}"
        ),
        encoding="utf-8",
    )
    before = snapshot(repo)
    assert scaffold.main(["One too many", "--root", str(repo)]) == 2
    assert "lesson numbers run out at 99" in capsys.readouterr().err
    assert snapshot(repo) == before


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda root: (root / "_config.yml").unlink(), "_config.yml not found"),
        (
            lambda root: (root / "_config.yml").write_text("sphinx: [unclosed\n"),
            "_config.yml: not valid YAML",
        ),
        (
            lambda root: (root / "_config.yml").write_text(
                (root / "_config.yml")
                .read_text(encoding="utf-8")
                .replace("notebooks/08-review:", "notebooks/10-hip-flexors-in-running:")
            ),
            "redirects the old page notebooks/10-hip-flexors-in-running elsewhere",
        ),
        (
            lambda root: (root / "data" / "questions" / "10-review.json").write_text(
                '{"lesson": "09-review", "title": "Review"}'
            ),
            "data/questions/10-review.json: field 'lesson' is not '10-review'",
        ),
    ],
)
def test_new_lesson_refuses_a_course_it_cannot_renumber_and_writes_nothing(
    repo, capsys, change, message
):
    change(repo)
    before = snapshot(repo)
    assert scaffold.main(["Hip flexors in running", "--root", str(repo)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("new-lesson: ") and message in err and err.count("\n") == 1, err
    assert snapshot(repo) == before


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "needs a title"),
        ("   ", "needs a title"),
        ("?!… --", "no letters or digits"),
        ("x" * 61, "61 characters long"),
        ("Meet the psoas", "exists already"),
        ("MEET THE PSOAS!", "exists already"),
    ],
)
def test_new_lesson_refuses_bad_names_with_one_line_and_exit_2(repo, capsys, name, message):
    before = snapshot(repo)
    assert scaffold.main([name, "--root", str(repo)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("new-lesson: ") and err.count("\n") == 1, err
    assert snapshot(repo) == before, "nothing may be written when the name is refused"


def test_new_lesson_refuses_a_title_already_used_by_another_slug(repo, capsys):
    first = next((repo / "notebooks").glob("01-*.ipynb"))
    title = scaffold.notebook_title(first)
    notebook = load(first)
    first.rename(first.with_name("01-renamed-file.ipynb"))
    (repo / "notebooks" / "01-renamed-file.ipynb").write_text(json.dumps(notebook))
    assert scaffold.main([title.upper(), "--root", str(repo)]) == 2
    assert "already has the title" in capsys.readouterr().err


def test_new_lesson_from_the_command_line_gives_no_traceback(repo):
    command = [sys.executable, "-m", "psoas_course.authoring.scaffold", "!!!", "--root", str(repo)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("new-lesson: ")


def test_toc_edit_keeps_comments_nesting_and_later_parts():
    toc = (
        "# comment that must survive\nformat: jb-book\nroot: intro\nparts:\n"
        "  - caption: Lessons  # the course\n    chapters:\n"
        "      - file: notebooks/01-a\n      - file: notebooks/02-b\n"
        "        sections:\n          - file: notebooks/02-b-extra\n\n"
        "  - caption: Reference\n    chapters:\n      - file: book/refs\n"
    )
    new = scaffold.add_to_toc(toc, "notebooks/03-c")
    assert new.startswith("# comment that must survive\n")
    assert "  - caption: Lessons  # the course\n" in new
    data = yaml.safe_load(new)
    assert [c["file"] for c in data["parts"][0]["chapters"]] == [
        "notebooks/01-a",
        "notebooks/02-b",
        "notebooks/03-c",
    ]
    assert data["parts"][1]["chapters"] == [{"file": "book/refs"}]


def test_toc_without_a_lessons_part_is_a_clear_error():
    with pytest.raises(scaffold.ScaffoldError, match="caption: Lessons"):
        scaffold.add_to_toc("format: jb-book\nroot: intro\n", "notebooks/01-a")


# -- make answer-key ----------------------------------------------------------------------
def test_answer_key_lists_every_question_under_its_lesson_and_objective():
    banks = [b for b in quiz.all_banks() if not b.path.name.startswith("_")]
    key = answer_key.answer_key(banks)
    lesson_at = [key.index(f"## {b.lesson}: {b.title}") for b in banks]
    assert lesson_at == sorted(lesson_at)
    for bank, start in zip(banks, lesson_at, strict=True):
        end = next((i for i in lesson_at if i > start), len(key))
        part = key[start:end]
        for oid, objective in bank.objectives.items():
            assert f"### {oid}. {answer_key.cell(objective)}" in part
        for q in bank.questions:
            block = part.split(f"#### {q['id']}\n", 1)[1].split("\n####", 1)[0]
            heading = part.rfind("\n### ", 0, part.index(f"#### {q['id']}\n"))
            assert part[heading:].startswith(f"\n### {q['objective']}. "), (
                f"{q['id']} is not under its objective {q['objective']}"
            )
            correct_line = next(x for x in block.splitlines() if x.startswith("**Correct:**"))
            for a in q["answers"]:
                label = answer_key.cell(answer_key.option_label(q, a))
                verdict = "yes" if a["correct"] else "no"
                row = f"| {label} | {verdict} | {answer_key.cell(a['feedback'])} |"
                assert row in block.splitlines(), (q["id"], row)
                if a["correct"]:
                    assert label in correct_line, (q["id"], label)
            for claim in q.get("claims", []):
                assert claim in block.split("**Claims:**", 1)[1].splitlines()[0]


TINY_BANK = {
    "lesson": "01-tiny",
    "title": "Tiny",
    "objectives": {"O1": "Count | pipes & <tags>"},
    "questions": [
        {
            "id": "t-1",
            "type": "numeric",
            "objective": "O1",
            "units": "degrees",
            "question": "How many?",
            "answers": [
                {"value": 90, "tolerance": 5, "correct": True, "feedback": "Yes | right"},
                {"range": [-1000, 0], "correct": False, "feedback": "Too low"},
            ],
            "fallback_feedback": "Try again",
        }
    ],
}


def write_banks(folder: Path, banks: dict[str, object]) -> None:
    (folder / "questions").mkdir(parents=True)
    for name, bank in banks.items():
        text = bank if isinstance(bank, str) else json.dumps(bank)
        (folder / "questions" / name).write_text(text, encoding="utf-8")


def test_answer_key_cli_skips_templates_and_keeps_tables_intact(tmp_path, monkeypatch):
    template = dict(TINY_BANK, lesson="_template", title="Template bank")
    write_banks(tmp_path / "data", {"01-tiny.json": TINY_BANK, "_template.json": template})
    monkeypatch.setenv("PSOAS_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "out" / "key.md"
    assert answer_key.main([str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 01-tiny: Tiny" in text and "Template bank" not in text
    assert "### O1. Count \\| pipes &amp; &lt;tags>" in text
    rows = [x for x in text.splitlines() if x.startswith("| ") and "---" not in x]
    assert len(rows) == 4  # header, two answers, the fallback
    assert all(len(re.split(r"(?<!\\)\|", row)) == 5 for row in rows), rows
    assert "**Correct:** 90 ± 5 degrees" in text
    assert "| from -1000 to 0 degrees | no | Too low |" in text
    assert "| (anything else) | no | Try again |" in text


def test_answer_key_reports_a_broken_bank_in_one_line(tmp_path, monkeypatch, capsys):
    write_banks(tmp_path / "data", {"01-tiny.json": '{"lesson": "01-tiny",'})
    monkeypatch.setenv("PSOAS_DATA_DIR", str(tmp_path / "data"))
    assert answer_key.main([str(tmp_path / "key.md")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("answer-key: ") and "01-tiny.json" in err and "invalid JSON" in err
    assert not (tmp_path / "key.md").exists()


# -- make student-book ------------------------------------------------------------------
def student_book():
    from psoas_course.authoring import student_book as module

    return module


def test_strip_solutions_removes_only_solutions():
    sb = student_book()
    text = (
        "Predict the angle.\n\n<details>\n<summary>Show a solution</summary>\n\n"
        "It angles <details><summary>why</summary>nested</details> outwards.\n\n</details>\n\n"
        "<details><summary>Show the data</summary>kept</details>\n\nAfter.\n"
    )
    out, count = sb.strip_solutions(text)
    assert count == 1
    assert "Predict the angle." in out and "After." in out and sb.NOTE in out
    assert "angles" not in out and "nested" not in out and "Show a solution" not in out
    assert "<details><summary>Show the data</summary>kept</details>" in out


def test_strip_solutions_removes_myst_solution_blocks():
    sb = student_book()
    text = (
        "Before.\n\n```{solution} ex-1\n:label: sol-1\nHidden answer.\n```\n\nMiddle.\n\n"
        "```{solution-start} ex-2\n```\nAlso hidden.\n```{solution-end}\n```\n\nAfter.\n"
    )
    out, count = sb.strip_solutions(text)
    assert count == 2 and "Hidden" not in out and "Also hidden" not in out
    assert all(word in out for word in ("Before.", "Middle.", "After."))


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_student_edition_of_each_lesson_keeps_the_question_not_the_answer(path):
    if not path.is_file():
        pytest.skip("missing file: reported by test_toc_and_notebooks_agree")
    sb = student_book()
    notebook = load(path)
    assert sb.strip_notebook(notebook) >= 1, f"{rel(path)}: no solution found to strip"
    text = "".join("".join(c["source"]) for c in notebook["cells"])
    assert "<summary>Show a solution" not in text
    exercise = text.split(f"## {REQUIRED[2]}", 1)[1]
    assert exercise.split(sb.NOTE, 1)[0].strip(), "the exercise prompt must stay"


def test_student_copy_leaves_the_repository_alone(tmp_path):
    sb = student_book()
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "book").mkdir()
    (root / ".git").mkdir()
    lesson = LESSONS[0] if LESSONS else TEMPLATE
    shutil.copy(lesson, root / "notebooks" / lesson.name)
    (root / "book" / "page.md").write_text("```{solution} e\nsecret\n```\n", encoding="utf-8")
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    before = snapshot(root)
    copy = tmp_path / "copy"
    assert sb.make_student_copy(root, copy) >= 2
    assert snapshot(root) == before
    assert not (copy / ".git").exists()
    assert "secret" not in (copy / "book" / "page.md").read_text(encoding="utf-8")
    config = yaml.safe_load((copy / "_config.yml").read_text(encoding="utf-8"))
    assert config["html"]["announcement"] == sb.BANNER
    assert config["title"] == yaml.safe_load((ROOT / "_config.yml").read_text())["title"]


# -- the notebook cleaner (pre-commit) --------------------------------------------------
def cleaner():
    from psoas_course.authoring import clean_notebooks as module

    return module


def test_cleaner_drops_outputs_and_noise_and_keeps_tags():
    output = {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"text/plain": ["42"]},
    }
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": 1,
                "id": "a",
                "source": ["6 * 7"],
                "outputs": [output],
                "metadata": {
                    "tags": ["hide-input"],
                    "collapsed": False,
                    "execution": {"iopub.status.busy": "2026-01-01T00:00:00Z"},
                },
            }
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python", "version": "3.11.7"},
            "widgets": {"application/vnd.jupyter.widget-state+json": {}},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    clean = cleaner().clean(notebook)
    cell = clean["cells"][0]
    assert cell["outputs"] == [] and cell["execution_count"] is None
    assert cell["source"] == ["6 * 7"]
    assert cell["metadata"] == {"tags": ["hide-input"]}
    assert clean["metadata"] == {
        "kernelspec": notebook["metadata"]["kernelspec"],
        "language_info": {"name": "python"},
    }
    assert cleaner().clean(clean) == clean


def test_cleaner_rewrites_only_noisy_files(tmp_path, capsys):
    module = cleaner()
    template = tmp_path / "template.ipynb"
    shutil.copy(TEMPLATE, template)
    assert module.main([str(template)]) == 0, "the template must already be clean"
    assert template.read_bytes() == TEMPLATE.read_bytes()
    noisy = load(TEMPLATE)
    noisy["cells"][0]["metadata"]["scrolled"] = True
    path = tmp_path / "noisy.ipynb"
    path.write_text(json.dumps(noisy), encoding="utf-8")
    assert module.main([str(path)]) == 1
    assert load(path) == load(TEMPLATE)
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{", encoding="utf-8")
    assert module.main([str(broken)]) == 2
    assert "broken.ipynb: cannot be read as a notebook" in capsys.readouterr().err


def test_cleaner_keeps_only_the_plain_text_output_of_a_checked_cell():
    text_result = {
        "output_type": "execute_result",
        "execution_count": 3,
        "metadata": {},
        "data": {"text/plain": ["-5.0"]},
    }
    html_result = {
        "output_type": "display_data",
        "metadata": {},
        "data": {"text/plain": ["x"], "text/html": ["<svg/>"]},
    }
    printed = {"output_type": "stream", "name": "stdout", "text": ["Thigh at 60°\n"]}

    def code(tags, outputs):
        return {
            "cell_type": "code",
            "execution_count": 3,
            "id": "c",
            "source": ["f()"],
            "outputs": outputs,
            "metadata": {"tags": tags},
        }

    notebook = {
        "cells": [
            code(["nbval-check-output"], [printed, text_result]),
            code(["nbval-check-output"], [html_result]),
            code([], [text_result]),
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    kept, html, untagged = cleaner().clean(notebook)["cells"]
    assert kept["outputs"] == [printed, {**text_result, "execution_count": 1}]
    assert kept["execution_count"] == 1 and untagged["execution_count"] is None
    assert html["outputs"] == [] and untagged["outputs"] == []
