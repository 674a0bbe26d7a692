"""Sphinx glue for the book: small fixes applied to every page at build time."""

from __future__ import annotations


def dedupe_scripts(app, pagename, templatename, context, doctree):
    """Drop repeated identical <script> entries.

    sphinx-thebe registers its inline ``const THEBE_JS_URL = ...`` once per read phase,
    so Jupyter Book pages carried it twice and the browser logged a redeclaration error.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # the same inline script is registered once with filename None and once with ""
        filename = getattr(script, "filename", script) or ""
        key = (str(filename), tuple(sorted(getattr(script, "attributes", {}).items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", dedupe_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
