"""The front door: lessons import only ``from psoas_course import ...`` and only PUBLIC names.

``src/psoas_course/__init__.py`` lists in ``PUBLIC`` every name a lesson may call. Each must
resolve, every lesson's code cells must stay inside that list, and ``import psoas_course``
must stay light (heavy modules load only when a lesson asks for a name that needs them).
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

import psoas_course
from psoas_course import course
from psoas_course.authoring import colab_cells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [ROOT / item.notebook for item in course.build_index(ROOT)]
NOTEBOOKS.append(ROOT / "notebooks" / "_template.ipynb")
HEAVY = ("pandas", "matplotlib", "ipywidgets")


def test_public_names_are_listed_and_exported():
    assert "hip_flexion_explorer" in psoas_course.PUBLIC and "show_quiz" in psoas_course.PUBLIC
    assert sorted(psoas_course.PUBLIC) == psoas_course.__all__
    assert set(psoas_course.PUBLIC) <= set(dir(psoas_course))


@pytest.mark.parametrize("name", sorted(psoas_course.PUBLIC))
def test_each_public_name_resolves_to_its_module(name):
    value = getattr(psoas_course, name)
    module = importlib.import_module(psoas_course.PUBLIC[name])
    assert value is getattr(module, name), f"{name} is not {psoas_course.PUBLIC[name]}.{name}"


def test_an_unknown_name_is_a_clear_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'not_a_lesson_call'"):
        psoas_course.not_a_lesson_call  # noqa: B018


def imports(source: str) -> list[tuple[str, list[str], int]]:
    """(module, names, level) of every import in a cell, magics turned into Python first."""
    tree = ast.parse(TransformerManager().transform_cell(source))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", [a.name for a in node.names], node.level))
    return found


def front_door_problems(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    problems = []
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code" or colab_cells.is_install_cell(cell):
            continue
        for module, names, level in imports("".join(cell["source"])):
            where = f"notebooks/{path.name}: cell {number}"
            if module != "psoas_course" or level or not names:
                problems.append(
                    f"{where}: imports {module or '.'!r}; use `from psoas_course import ...`"
                )
                continue
            problems += [
                f"{where}: {name!r} is not in psoas_course.PUBLIC (add it there first)"
                for name in names
                if name not in psoas_course.PUBLIC
            ]
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lessons_import_only_public_names_from_the_front_door(path):
    problems = front_door_problems(path)
    assert not problems, "\n".join(problems)


def test_the_import_check_catches_a_back_door(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "code", "source": ["from psoas_course import show_quiz\n"]},
            {"cell_type": "code", "source": ["from psoas_course.core import model\n"]},
            {"cell_type": "code", "source": ["import numpy as np\n"]},
            {"cell_type": "code", "source": ["from psoas_course import Pose\n"]},
        ]
    }
    path = tmp_path / "99-x.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    problems = front_door_problems(path)
    assert len(problems) == 3, problems
    assert "cell 2: imports 'psoas_course.core'" in problems[0]
    assert "cell 3: imports 'numpy'" in problems[1]
    assert "'Pose' is not in psoas_course.PUBLIC" in problems[2]


def test_import_psoas_course_loads_no_heavy_module():
    code = f"import sys, psoas_course\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "", f"import psoas_course loaded {run.stdout.strip()}"
