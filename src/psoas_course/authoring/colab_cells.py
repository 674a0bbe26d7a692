"""Every lesson's first code cell installs the course on Colab and does nothing elsewhere.

Colab opens a single notebook with no checkout and no ``_config.yml``, so the repository URL
must be written into the notebooks: ``python -m psoas_course.authoring.colab_cells --write``
puts ``repository.url``/``branch`` from ``_config.yml`` into the install cell of every lesson
(and the template), adding the cell first if it is missing. Without ``--write`` it only
checks (exit code 1 and the files named when a cell differs). tests/test_colab_cells.py runs
the check. The cell is tagged ``remove-cell``: the book runs it but does not show it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from psoas_course.course import course_root

TAG = "colab-install"
TAGS = [TAG, "remove-cell"]
MARKER = '"google.colab" in sys.modules'


def install_source(repo_url: str, branch: str) -> str:
    """The cell's code: pip-install the package from the repository, on Colab only."""
    spec = f"psoas-course @ git+{repo_url.rstrip('/')}@{branch}"
    return (
        "# On Colab, install the course package first (elsewhere this cell does nothing).\n"
        "import sys\n"
        "\n"  # the blank line ruff's import sorting wants, so lint and this cell agree
        f"if {MARKER}:\n"
        f'    %pip install --quiet "{spec}"'
    )


def source_for(config: object, where: Path) -> str:
    """The install cell for a parsed _config.yml; ValueError naming the field if it has none."""
    repository = config.get("repository") if isinstance(config, dict) else None
    if not isinstance(repository, dict) or not repository.get("url"):
        raise ValueError(
            f"{where}: field 'repository.url' is not set (the Colab install cell needs it)"
        )
    return install_source(str(repository["url"]), str(repository.get("branch") or "main"))


def configured_source(root: Path) -> str:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    try:
        return source_for(config, root / "_config.yml")
    except ValueError as err:
        raise SystemExit(str(err)) from None


def is_install_cell(cell: dict) -> bool:
    tags = (cell.get("metadata") or {}).get("tags") or []
    return cell.get("cell_type") == "code" and (TAG in tags or MARKER in "".join(cell["source"]))


def first_code_cell(notebook: dict) -> dict | None:
    return next((c for c in notebook.get("cells", []) if c.get("cell_type") == "code"), None)


def with_install_cell(notebook: dict, source: str) -> dict:
    """The notebook with ``source`` as its first code cell (replaced or inserted)."""
    notebook = json.loads(json.dumps(notebook))
    cells = notebook.setdefault("cells", [])
    cells[:] = [cell for cell in cells if not is_install_cell(cell)]
    first_code = next((i for i, c in enumerate(cells) if c.get("cell_type") == "code"), len(cells))
    cells.insert(
        first_code,
        {
            "cell_type": "code",
            "execution_count": None,
            "id": TAG,
            "metadata": {"tags": list(TAGS)},
            "outputs": [],
            "source": source.splitlines(keepends=True),
        },
    )
    return notebook


def lesson_notebooks(root: Path) -> list[Path]:
    return sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")) + [
        root / "notebooks" / "_template.ipynb"
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the cells")
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    root = args.root or course_root()
    source = configured_source(root)
    stale = []
    for path in lesson_notebooks(root):
        if not path.is_file():
            continue
        notebook = json.loads(path.read_text(encoding="utf-8"))
        first = first_code_cell(notebook)
        if first is not None and "".join(first["source"]) == source and is_install_cell(first):
            continue
        stale.append(path)
        if args.write:
            from psoas_course.authoring.clean_notebooks import dumps

            path.write_text(dumps(with_install_cell(notebook, source)), encoding="utf-8")
            print(f"{path}: install cell written")
    if stale and not args.write:
        names = ", ".join(p.name for p in stale)
        print(
            f"install cell missing or out of date in: {names}; run "
            "`python -m psoas_course.authoring.colab_cells --write`",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
