"""Launch links for every lesson, built from the configuration as sphinx-book-theme builds them.

A class JupyterHub opens a lesson through nbgitpuller: the link clones (or updates) the
course repository into the student's home folder, then opens the notebook.  As a Sphinx
extension (listed in ``_config.yml``) this module fills the table between the markers in
book/instructor-guide.md at build time, so it always matches ``_config.yml`` and
``_toc.yml``.  ``python -m psoas_course.site.launch`` prints the same links, e.g. for an email.
It also fills ``{{ repository_url }}``, ``{{ repository_name }}`` and ``{{ repository_branch }}``
in every page (code blocks included) from ``_config.yml``, so a fork's pages name the fork,
and shows no JupyterHub button for an unset or example-only hub address.

tests/test_config.py checks these links against the buttons in the built pages.
"""

from __future__ import annotations

import argparse
import re
import sys
from html import escape
from pathlib import Path
from urllib.parse import urlencode, urlparse

import yaml

from psoas_course.course import build_index, course_root

START = "<!-- launch-table:start -->"
END = "<!-- launch-table:end -->"
GUIDE_DOCNAME = "book/instructor-guide"
INTERFACES = {"classic": "tree", "jupyterlab": "lab/tree"}


def read_config(root: Path) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def repo_parts(url: str) -> tuple[str, str]:
    """``https://github.com/org/repo`` -> ``("org", "repo")``."""
    org, repo = url.strip("/").split("github.com/", 1)[1].split("/")[:2]
    return org, repo


def lesson_files(root: Path) -> list[str]:
    """``notebooks/NN-slug.ipynb`` for every lesson in _toc.yml, in order."""
    return [item.notebook for item in build_index(root)]


# hosts reserved for examples (RFC 2606/6761): never a real hub
PLACEHOLDER_HOST = re.compile(r"(^|\.)(example(\.(com|net|org))?|invalid|test|localhost)$")


def is_placeholder(url: str) -> bool:
    """True for an unset URL or one on a documentation-only host (``hub.example.org``)."""
    host = (urlparse((url or "").strip()).hostname or "").lower()
    return not host or bool(PLACEHOLDER_HOST.search(host))


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
    hub = (buttons.get("jupyterhub_url") or "").strip("/")
    if hub and not is_placeholder(hub):
        query = urlencode(
            {"repo": repo_url, "urlpath": f"{ui}/{repo}/{path}", "branch": branch}, safe="/"
        )
        links["JupyterHub"] = f"{hub}/hub/user-redirect/git-pull?{query}"
    if colab := (buttons.get("colab_url") or "").strip("/"):
        links["Colab"] = f"{colab}/github/{org}/{repo}/blob/{branch}/{path}"
    return links


def hub_links(root: Path, config: dict | None = None) -> list[tuple[str, str, str | None]]:
    """(title, notebook path, JupyterHub link or None) for every lesson."""
    config = read_config(root) if config is None else config
    return [
        (item.title, item.notebook, launch_links(config, item.notebook).get("JupyterHub"))
        for item in build_index(root)
    ]


def hub_table(root: Path, config: dict | None = None) -> str:
    """A Markdown table: one nbgitpuller link per lesson for the configured JupyterHub.

    The links are inline HTML: MyST 3 escapes ``&`` in Markdown link targets twice.
    """
    rows = ["| Lesson | Open on the class JupyterHub |", "| --- | --- |"]
    for title, path, link in hub_links(root, config):
        target = (
            f'<a href="{escape(link)}">{escape(path)}</a>'
            if link
            else "(no class hub yet: set launch_buttons.jupyterhub_url in _config.yml)"
        )
        rows.append(f"| {title} | {target} |")
    return "\n".join(rows)


def fill_table(text: str, table: str) -> str:
    """``text`` with ``table`` between the START and END markers (unchanged without them)."""
    if START not in text or END not in text:
        return text
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n\n{table}\n\n{END}{tail}"


def theme_config(app) -> dict:
    """The repository and launch settings the theme uses, in _config.yml's shape."""
    options = app.config.html_theme_options
    return {
        "repository": {
            "url": options.get("repository_url", ""),
            "branch": options.get("repository_branch", ""),
            "path_to_book": options.get("path_to_docs", ""),
        },
        "launch_buttons": options.get("launch_buttons", {}),
    }


def substitutions(config: dict) -> dict[str, str]:
    """Repository facts pages may use as ``{{ repository_url }}`` (also inside code blocks)."""
    url = (config.get("repository", {}).get("url") or "").strip("/")
    return {
        "repository_url": url,
        "repository_name": repo_parts(url)[1] if "github.com/" in url else url.rsplit("/")[-1],
        "repository_branch": config.get("repository", {}).get("branch") or "main",
    }


def fill_substitutions(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = re.sub(r"\{\{\s*" + name + r"\s*\}\}", value, text)
    return text


def _drop_placeholder_hub(app, config):
    """No JupyterHub button for an unset or example-only hub address."""
    buttons = (config.html_theme_options or {}).get("launch_buttons") or {}
    if buttons.get("jupyterhub_url") and is_placeholder(buttons["jupyterhub_url"]):
        buttons["jupyterhub_url"] = ""


def _on_source_read(app, docname, source):
    config = theme_config(app)
    source[0] = fill_substitutions(source[0], substitutions(config))
    if docname == GUIDE_DOCNAME:
        source[0] = fill_table(source[0], hub_table(Path(app.srcdir), config))


def setup(app):
    app.connect("config-inited", _drop_placeholder_hub)
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the JupyterHub launch table.")
    parser.add_argument("--root", type=Path, default=course_root())
    for title, _, link in hub_links(parser.parse_args(argv).root):
        print(f"{title}: {link or 'set launch_buttons.jupyterhub_url in _config.yml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
