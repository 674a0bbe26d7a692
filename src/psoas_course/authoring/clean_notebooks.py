"""Remove editor noise from notebooks: ``python -m psoas_course.authoring.clean_notebooks FILES``.

A pre-commit hook (.pre-commit-config.yaml).  Lessons are committed without outputs: the book
executes them at build and CI runs each with nbval, so a drawing or bank edit never rewrites
megabytes of notebooks, and a learner opening a lesson in an untrusted JupyterLab sees no
sanitised HTML.  What goes:

* every output and execution count, except the plain-text outputs of cells tagged
  ``nbval-check-output`` (or marked ``# NBVAL_CHECK_OUTPUT``): nbval compares those with a
  fresh run, so a change to what a "Try it" readout says is caught (HTML is never kept).
  ``--execute`` runs each notebook first, to refresh those outputs (``make run-notebooks``);
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
CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
CHECK_TAG = "nbval-check-output"


def is_checked(cell: dict) -> bool:
    """nbval compares this cell's output with a fresh run (tag, or comment in the source)."""
    tags = cell.get("metadata", {}).get("tags", [])
    return CHECK_TAG in tags or CHECK_MARK in "".join(cell.get("source", []))


def plain_text_outputs(cell: dict) -> list[dict]:
    """A checked cell's outputs if every one is plain text (stream or text/plain only)."""
    kept = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            kept.append(output)
        elif kind in ("execute_result", "display_data") and set(output.get("data", {})) == {
            "text/plain"
        }:
            kept.append(
                {**output, "metadata": {}}
                if kind == "execute_result"
                else {**output, "metadata": {}}
            )
        else:
            return []  # an HTML or error output: keep nothing, nbval then only runs the cell
    return kept


def clean(notebook: dict) -> dict:
    """The notebook without outputs or metadata noise (a new dict)."""
    notebook = json.loads(json.dumps(notebook))
    metadata = notebook.get("metadata", {})
    kept = {k: metadata[k] for k in KEEP_NOTEBOOK_METADATA if k in metadata}
    language = metadata.get("language_info", {})
    if isinstance(language, dict) and "name" in language:
        kept["language_info"] = {"name": language["name"]}
    notebook["metadata"] = kept
    code_cells = 0
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {})
        cell["metadata"] = {k: meta[k] for k in KEEP_CELL_METADATA if k in meta}
        if cell.get("cell_type") == "code":
            code_cells += 1
            cell["outputs"] = plain_text_outputs(cell) if is_checked(cell) else []
            # nbval skips a cell with outputs but no count as "unrun"; the count is the cell's
            # place among the code cells, so it does not change from run to run
            cell["execution_count"] = code_cells if cell["outputs"] else None
            for output in cell["outputs"]:
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = cell["execution_count"]
    return notebook


def dumps(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def execute(path: Path) -> None:
    """Run a notebook top to bottom in a fresh kernel, in its own folder, and save it."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=120, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    nbformat.write(notebook, path)


def main(argv: list[str]) -> int:
    run_first = "--execute" in argv
    paths = [a for a in argv if a != "--execute"]
    status = 0
    for name in paths:
        path = Path(name)
        if run_first:
            try:
                execute(path)
            except Exception as err:  # a failing cell: say which notebook, keep going
                print(
                    f"{path}: does not run top to bottom ({type(err).__name__}: {err})"[:500],
                    file=sys.stderr,
                )
                status = 2
                continue
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
            print(f"{path}: removed outputs and metadata noise (checked plain-text outputs kept)")
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
