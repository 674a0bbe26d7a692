"""Every lesson's first code cell installs the course on Colab, from _config.yml's repository."""

from __future__ import annotations

import json
import shutil
import sys
import types
from pathlib import Path

import pytest
import yaml
from IPython.core.inputtransformer2 import TransformerManager

from psoas_course.authoring import colab_cells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = colab_cells.lesson_notebooks(ROOT)


def run_cell(source: str, colab: bool) -> list[tuple[str, str]]:
    """Run the cell as IPython would; the magics it calls, as (name, line)."""
    calls = []
    shell = types.SimpleNamespace(run_line_magic=lambda name, line: calls.append((name, line)))
    code = TransformerManager().transform_cell(source)
    saved = sys.modules.get("google.colab")
    if colab:
        sys.modules["google.colab"] = types.ModuleType("google.colab")
    try:
        exec(code, {"get_ipython": lambda: shell})
    finally:
        if colab and saved is None:
            del sys.modules["google.colab"]
    return calls


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_first_code_cell_is_the_configured_install_cell(path):
    first = colab_cells.first_code_cell(json.loads(path.read_text(encoding="utf-8")))
    assert first is not None, f"{path.name}: no code cell"
    assert "".join(first["source"]) == colab_cells.configured_source(ROOT), (
        f"{path.name}: the first code cell is not the Colab install cell for _config.yml's "
        "repository; run `python -m psoas_course.authoring.colab_cells --write`"
    )
    assert "remove-cell" in first["metadata"].get("tags", [])


def test_install_cell_installs_from_the_repository_on_colab_only():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    source = colab_cells.configured_source(ROOT)
    assert run_cell(source, colab=False) == []
    [(magic, line)] = run_cell(source, colab=True)
    assert magic == "pip"
    repo = config["repository"]
    assert f"git+{repo['url']}@{repo['branch']}" in line and line.startswith("install")


def test_write_follows_a_new_repository_url(tmp_path):
    (tmp_path / "notebooks").mkdir()
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    url = yaml.safe_load(config)["repository"]["url"]
    (tmp_path / "_config.yml").write_text(
        config.replace(url, "https://github.com/a-fork/psoas"), encoding="utf-8"
    )
    lesson = tmp_path / "notebooks" / "01-a.ipynb"
    shutil.copy(NOTEBOOKS[0], lesson)
    assert colab_cells.main(["--root", str(tmp_path)]) == 1
    assert colab_cells.main(["--root", str(tmp_path), "--write"]) == 0
    assert colab_cells.main(["--root", str(tmp_path)]) == 0
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in notebook["cells"]]
    assert sum(colab_cells.MARKER in s for s in sources) == 1  # replaced, not added twice
    assert "git+https://github.com/a-fork/psoas@" in "".join(sources)
    assert len(notebook["cells"]) == len(json.loads(NOTEBOOKS[0].read_text())["cells"])
