"""Launch links for every lesson, built from ``_config.yml`` as sphinx-book-theme builds them.

A class JupyterHub opens a lesson through nbgitpuller: the link clones (or updates) the
course repository into the student's home folder, then opens the notebook.  The table in
book/instructor-guide.md comes from here::

    python -m psoas_course.launch           # print the table
    python -m psoas_course.launch --write   # refresh it in book/instructor-guide.md

tests/test_config.py checks these links against the ones in the built pages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

import yaml

from .scaffold import default_root, notebook_title

START = "<!-- launch-table:start (python -m psoas_course.launch --write) -->"
END = "<!-- launch-table:end -->"
GUIDE = Path("book") / "instructor-guide.md"
INTERFACES = {"classic": "tree", "jupyterlab": "lab/tree"}


def read_config(root: Path) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def repo_parts(url: str) -> tuple[str, str]:
    """``https://github.com/org/repo`` -> ``("org", "repo")``."""
    org, repo = url.strip("/").split("github.com/", 1)[1].split("/")[:2]
    return org, repo


def lesson_files(root: Path) -> list[str]:
    """``notebooks/NN-slug.ipynb`` for every lesson in _toc.yml, in order."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            file = node.get("file")
            if isinstance(file, str) and file.startswith("notebooks/"):
                found.append(f"{file.removesuffix('.ipynb')}.ipynb")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")))
    return found


def launch_links(config: dict, path: str) -> dict[str, str]:
    """{"Binder": url, "JupyterHub": url, "Colab": url} for the providers that are set."""
    repository = config.get("repository", {})
    buttons = config.get("launch_buttons", {})
    repo_url = repository["url"].strip("/")
    org, repo = repo_parts(repo_url)
    branch = repository.get("branch") or "master"  # the theme's own default
    ui = INTERFACES[buttons.get("notebook_interface", "classic")]
    prefix = (repository.get("path_to_book") or "").strip("/")
    path = f"{prefix}/{path}" if prefix else path
    links = {}
    if binder := (buttons.get("binderhub_url") or "").strip("/"):
        links["Binder"] = f"{binder}/v2/gh/{org}/{repo}/{branch}?urlpath={ui}/{path}"
    if hub := (buttons.get("jupyterhub_url") or "").strip("/"):
        query = urlencode({"repo": repo_url, "urlpath": f"{ui}/{repo}/{path}", "branch": branch},
                          safe="/")
        links["JupyterHub"] = f"{hub}/hub/user-redirect/git-pull?{query}"
    if colab := (buttons.get("colab_url") or "").strip("/"):
        links["Colab"] = f"{colab}/github/{org}/{repo}/blob/{branch}/{path}"
    return links


def hub_table(root: Path) -> str:
    """A Markdown table: one nbgitpuller link per lesson for the configured JupyterHub."""
    config = read_config(root)
    rows = ["| Lesson | Open on the class JupyterHub |", "| --- | --- |"]
    for path in lesson_files(root):
        title = notebook_title(root / path) or path
        link = launch_links(config, path).get("JupyterHub")
        rows.append(f"| {title} | [{path}]({link}) |" if link else
                    f"| {title} | (set launch_buttons.jupyterhub_url in _config.yml) |")
    return "\n".join(rows)


def write_table(guide: Path, table: str) -> bool:
    """Replace the table between the markers in ``guide``; True if the file changed."""
    text = guide.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{guide}: the markers {START!r} and {END!r} are missing")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{table}\n{END}{tail}"
    if new != text:
        guide.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print or refresh the JupyterHub launch table.")
    parser.add_argument("--write", action="store_true", help=f"update the table in {GUIDE}")
    parser.add_argument("--root", type=Path, default=default_root())
    args = parser.parse_args(argv)
    table = hub_table(args.root)
    if args.write:
        changed = write_table(args.root / GUIDE, table)
        print(f"{GUIDE}: {'updated' if changed else 'already up to date'}")
    else:
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
