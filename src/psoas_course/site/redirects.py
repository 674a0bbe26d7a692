"""Old lesson addresses keep working: one small page per moved page, sending the reader on.

``_config.yml`` lists moves under ``sphinx: config: redirects:`` as ``old page: new page``
(paths from the book root, with or without ``.html``/``.ipynb``/``.md``), e.g.
``notebooks/08-review: notebooks/10-review``. After an HTML build each old address gets a
page with a meta refresh, a script that keeps the ``#section`` part, and a plain link.
A move whose target is not a page of the book, or whose old page still exists, stops the
build with a message naming the entry.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path

from sphinx.errors import ConfigError

SUFFIXES = (".html", ".ipynb", ".md")

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved: {title}</title>
<meta http-equiv="Refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
<script>location.replace({target_js} + location.search + location.hash);</script>
</head>
<body><p>This page has moved to <a href="{target}">{title}</a>.</p></body>
</html>
"""


def page_name(path: str) -> str:
    """``"/notebooks/08-review.ipynb"`` -> ``"notebooks/08-review"``."""
    path = str(path).strip().strip("/")
    for suffix in SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def redirect_pages(redirects: dict, docnames: set[str]) -> dict[str, str]:
    """{old page file: HTML} for every move; ConfigError for an entry that cannot work."""
    if not isinstance(redirects, dict):
        raise ConfigError("_config.yml: sphinx.config.redirects must map old page -> new page")
    pages = {}
    for old, new in redirects.items():
        old_name, new_name = page_name(old), page_name(new)
        where = f"_config.yml: sphinx.config.redirects: {old!r}"
        if new_name not in docnames:
            raise ConfigError(f"{where}: the new page {new!r} is not a page of the book")
        if old_name in docnames:
            raise ConfigError(f"{where}: that page still exists, so it cannot redirect")
        target = posixpath.relpath(f"{new_name}.html", posixpath.dirname(old_name) or ".")
        pages[f"{old_name}.html"] = PAGE.format(
            title=escape(new_name.rsplit("/", 1)[-1]),
            target=escape(target),
            target_js=repr(target).replace("<", "\\x3c"),
        )
    return pages


def check_redirects(app, env):
    redirect_pages(app.config.redirects or {}, set(env.found_docs))


def write_redirects(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for name, html in redirect_pages(app.config.redirects or {}, set(app.env.found_docs)).items():
        path = Path(app.outdir) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")


def setup(app):
    app.add_config_value("redirects", {}, "html", types=[dict])
    app.connect("env-updated", check_redirects)
    app.connect("build-finished", write_redirects)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
