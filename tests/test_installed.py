"""The course as a student gets it: a wheel in a fresh environment, no checkout.

Builds the wheel from the working tree, installs it (with its dependencies from pip's cache
or PyPI) in a new virtual environment that does not see this one, copies only the lesson
notebooks into an empty folder and runs every one there, ledger diagrams included. This is
what Colab and a class hub do, so data, question banks and the lesson index must come from
the installed package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
# what setup.py needs to build the wheel (a copy, so the build leaves no build/ here)
BUILD_INPUTS = [
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
    "LICENSE",
    "LICENSE-CONTENT.md",
    "references.bib",
    "src",
    "data",
]
RUN_LESSONS = r"""
import sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient

for path in sorted(Path(".").glob("*.ipynb")):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": "."}}).execute()
    print("ran", path.name, flush=True)
import psoas_course
from psoas_course.topics.claims import ledger_explorer
ledger_explorer()
print("package at", Path(psoas_course.__file__).parent)
"""


def run(command, cwd, timeout=1800):
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (
        f"{' '.join(map(str, command))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    return done.stdout


def test_every_lesson_runs_from_the_installed_wheel_alone(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(
                item, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy2(item, source / name)
    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source], tmp_path)
    [wheel] = wheels.glob("psoas_course-*.whl")

    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    python = env_dir / "bin" / "python"
    run(
        [python, "-m", "pip", "install", "-q", wheel, "ipykernel", "nbclient", "nbformat"], tmp_path
    )

    lessons = tmp_path / "student"  # an empty folder: no data/, no _toc.yml above it
    lessons.mkdir()
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        shutil.copy2(notebook, lessons / notebook.name)
    out = run([python, "-c", RUN_LESSONS], lessons)
    ran = [line for line in out.splitlines() if line.startswith("ran ")]
    assert len(ran) == len(list(lessons.glob("*.ipynb"))), out
    assert str(env_dir) in out.splitlines()[-1], "the lessons did not use the installed package"
