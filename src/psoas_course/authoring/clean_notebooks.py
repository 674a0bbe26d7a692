"""Remove editor noise from notebooks: ``python -m psoas_course.authoring.clean_notebooks FILES``.

A pre-commit hook (.pre-commit-config.yaml).  Lessons are committed without outputs: the book
executes them at build and CI runs each with nbval, so a drawing or bank edit never rewrites
megabytes of notebooks, and a learner opening a lesson in an untrusted JupyterLab sees no
sanitised HTML.  What goes:

* every output and execution count;

* cell metadata other than ``tags`` and ``mystnb`` (execution timing, collapsed/scrolled
  state, hidden-source flags);
* notebook metadata other than ``kernelspec``, ``language_info.name``, ``mystnb`` and
  ``jupytext`` (saved widget state, Python version, editor settings).

Files are written in nbformat's layout (sorted keys, one-space indent).  Exit code 1 when a
file was changed, 2 when one could not be read, 0 otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KEEP_CELL_METADATA = ("tags", "mystnb")
KEEP_NOTEBOOK_METADATA = ("kernelspec", "mystnb", "jupytext")


def clean(notebook: dict) -> dict:
    """The notebook without outputs or metadata noise (a new dict)."""
    notebook = json.loads(json.dumps(notebook))
    metadata = notebook.get("metadata", {})
    kept = {k: metadata[k] for k in KEEP_NOTEBOOK_METADATA if k in metadata}
    language = metadata.get("language_info", {})
    if isinstance(language, dict) and "name" in language:
        kept["language_info"] = {"name": language["name"]}
    notebook["metadata"] = kept
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {})
        cell["metadata"] = {k: meta[k] for k in KEEP_CELL_METADATA if k in meta}
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return notebook


def dumps(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(paths: list[str]) -> int:
    status = 0
    for name in paths:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
            notebook = json.loads(text)
        except (OSError, ValueError) as err:
            print(f"{path}: cannot be read as a notebook ({err})", file=sys.stderr)
            status = 2
            continue
        new = dumps(clean(notebook))
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"{path}: removed outputs and metadata noise")
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
