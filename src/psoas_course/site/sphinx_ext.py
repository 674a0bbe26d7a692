"""Sphinx glue for the book: small fixes applied to every page at build time."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from importlib import resources
from pathlib import Path


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


# Module ids the widget manager defines itself; webpack finds its icon fonts beside them.
WIDGET_MODULES = ("base", "base7", "controls", "controls7", "html-manager")


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def drop_widget_manager(app, context, scripts, names):
    """Leave out the widget manager (3.6 MB of JavaScript) and the saved widget state.

    The book shows the static copy of every course diagram (text/html wins, see
    nb_mime_priority_overrides), so a page without a live widget view has nothing for the
    manager to draw. Pages that do show a widget view keep it.
    """
    nb_config = getattr(app.env, "mystnb_config", None)  # myst-nb's resolved nb_* settings
    configured = [str(path) for path in getattr(nb_config, "ipywidgets_js", None) or {}]
    # Sphinx files relative script paths under _static/: "_static/../vendor/require.js"
    manager_files = set(configured) | {posixpath.normpath(f"_static/{p}") for p in configured}
    context["script_files"] = [
        script
        for script, name in zip(scripts, names, strict=True)
        if posixpath.normpath(name) not in manager_files
        and name not in manager_files
        and getattr(script, "attributes", {}).get("type") != WIDGET_STATE
    ]


def point_widget_fonts_at_vendor(app, pagename, templatename, context, doctree):
    """Map the widget manager's module ids onto the site's vendor/html-manager/ folder.

    require.js resolves an id such as ``@jupyter-widgets/html-manager/dist/libembed-amd``
    against the page's folder, and the manager loads its icon fonts from there
    (``notebooks/@jupyter-widgets/...``: 404). A ``paths`` entry per id, set between
    require.js and the manager, sends those requests to the fonts we ship.
    """
    scripts = context.get("script_files") or []
    names = [str(getattr(script, "filename", script) or "") for script in scripts]
    manager = next((i for i, name in enumerate(names) if name.endswith("embed-amd.js")), None)
    if manager is None:
        return
    if WIDGET_VIEW not in context.get("body", ""):
        drop_widget_manager(app, context, scripts, names)
        return
    folder = context["pathto"]("vendor/html-manager", 1).rstrip("/") + "/"
    paths = {f"@jupyter-widgets/{name}": folder + name for name in WIDGET_MODULES}
    paths["@jupyter-widgets/html-manager/dist"] = folder.rstrip("/")
    body = f"require.config({{paths: {json.dumps(paths, sort_keys=True)}}});"
    inline = type(scripts[manager])  # Sphinx's script entry class, with no file: inline body
    scripts.insert(manager, inline("", body=body))
    context["script_files"] = scripts


def label_citations_as_list_items(app, pagename, templatename, context, doctree):
    """docutils puts ``role="doc-biblioentry"`` (deprecated) inside ``role="list"``.

    Screen readers then see a list with no items (axe: aria-required-children, critical).
    """
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


# an href written from the site root: no scheme, no leading "/", "#" or "../"
SITE_ROOT_LINK = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\.\./)([^"]+)"')


def link_footer_from_every_page(app, pagename, templatename, context, doctree):
    """Make the footer's site links (``extra_footer`` in _config.yml) relative to each page.

    The footer is raw HTML pasted into every page, so ``book/safety.html`` written there
    pointed at ``book/book/safety.html`` from a page inside ``book/``.
    """
    footer = context.get("theme_extra_footer")
    if footer:
        pathto = context["pathto"]
        context["theme_extra_footer"] = SITE_ROOT_LINK.sub(
            lambda m: f'href="{pathto(m.group(1), 1)}"', footer
        )


LEDGER_PAGE = "book/claims-ledger"


def register_claim_anchors(app, doctree):
    """Let lessons link a ledger row, ``[C12](../book/claims-ledger.md#claim-c12)``.

    The rows (and their ids) are HTML output of a code cell, which MyST cannot see, so it
    would report every such link as "local id not found"; this declares them as targets.
    """
    if app.env.docname != LEDGER_PAGE:
        return
    from psoas_course.topics.claims import claim_anchor, load_claims

    slugs = app.env.metadata[LEDGER_PAGE].setdefault("myst_slugs", {})
    for claim_id in load_claims()["id"]:
        anchor = claim_anchor(claim_id)
        slugs.setdefault(anchor, (6, anchor, f"Claim {claim_id}"))


# -- course assets once per page -----------------------------------------------------------
# Every diagram, quiz and ledger output inlines course.css and its script, so it works alone
# in JupyterLab or Colab. In the book those copies are dropped from the page and the files
# are loaded once from _static/psoas/. A script is an IIFE run on
# ``document.currentScript.parentElement``; the shipped copy registers it instead, and each
# output keeps a one-line call that runs it on its own element.
PAGE_ASSETS = (
    "course.css",
    "frames.js",
    "srs.js",
    "quiz.js",
    "ledger.js",
    "figquiz.js",
    "final.js",
)
# The FSRS scheduler srs.js uses (window.FSRS), from the site's vendor/ folder
# (tools/vendor_assets.py), on the pages that save progress; relative to _static/.
SCHEDULER = "../vendor/ts-fsrs/ts-fsrs.js"
STATIC_FOLDER = "psoas"
RUN_ON_PARENT = "(document.currentScript && document.currentScript.parentElement);"
REGISTRY = "window.psoasAssets"


def _asset_text(name: str) -> str:
    return (resources.files("psoas_course.ui") / "assets" / name).read_text(encoding="utf-8")


def inline_copies(name: str) -> list[str]:
    """The ways an output inlines ``name``: marked (ui.diagram.inline_asset) or plain."""
    tag = "style" if name.endswith(".css") else "script"
    text = _asset_text(name)
    return [f'<{tag} data-psoas-asset="{name}">{text}</{tag}>', f"<{tag}>{text}</{tag}>"]


def shared_script(name: str) -> str | None:
    """The script as loaded once per page: it registers its function instead of running it
    (None if the script does not end by running itself on its parent element)."""
    text = _asset_text(name).rstrip()
    if not text.endswith(RUN_ON_PARENT):
        return None
    return (
        f"{REGISTRY} = {REGISTRY} || {{}};\n{REGISTRY}[{name!r}] = {text[: -len(RUN_ON_PARENT)]};\n"
    )


def run_shared(name: str) -> str:
    return f"<script>{REGISTRY}[{name!r}](document.currentScript.parentElement);</script>"


def drop_inline_assets(html: str) -> tuple[str, list[str]]:
    """``html`` without the inlined course assets, and the names that were there."""
    found = []
    for name in PAGE_ASSETS:
        css = name.endswith(".css")
        if not css and shared_script(name) is None:
            continue  # cannot be shared: the page keeps its inline copies
        for copy in inline_copies(name):
            if copy in html:
                html = html.replace(copy, "" if css else run_shared(name))
                if name not in found:
                    found.append(name)
    return html, found


def load_page_assets_once(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body:
        return
    context["body"], found = drop_inline_assets(body)
    if "srs.js" in found:
        app.add_js_file(SCHEDULER)
    for name in found:
        path = f"{STATIC_FOLDER}/{name}"
        if name.endswith(".css"):
            app.add_css_file(path)
        else:
            app.add_js_file(path)


REVIEW_PAGE = "book/review"


def link_review_page(app, pagename, templatename, context, doctree):
    """Every page gets srs.js and the address of the review page, for the "Review: N due"
    link theme_fixes.js puts in the page header (due dates only: no scheduler needed)."""
    if REVIEW_PAGE not in app.env.all_docs or "pathto" not in context:
        return
    app.add_js_file(f"{STATIC_FOLDER}/srs.js")
    href = json.dumps(context["pathto"](REVIEW_PAGE))
    app.add_js_file(None, body=f"window.psoasReviewPage = {href};")


def copy_page_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / STATIC_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name in PAGE_ASSETS:
        text = _asset_text(name) if name.endswith(".css") else shared_script(name)
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")


SITE_CSS = "psoas-site.css"


def copy_site_css(app, exception):
    """Ship assets/site.css (book-wide layout fixes) as _static/psoas-site.css."""
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        with resources.as_file(resources.files("psoas_course.ui") / "assets" / "site.css") as css:
            shutil.copyfile(css, static / SITE_CSS)


def check_final_pool(app):
    """A bad final-check pool (data/final_pool.json) stops the build before any page is read,
    with the file and field named (psoas_course.core.final_pool)."""
    from sphinx.errors import ExtensionError

    from psoas_course.core.data import DataError
    from psoas_course.core.final_pool import FINAL_PAGE, load_pool

    if not (Path(app.srcdir) / f"{FINAL_PAGE}.md").is_file():
        return
    try:
        load_pool()
    except DataError as err:  # the pool, or a bank it reads
        raise ExtensionError(f"the final check cannot be built: {err}") from None


def setup(app):
    from psoas_course.site import tryit_forms  # a form after each Try-it cell

    app.connect("builder-inited", check_final_pool)

    tryit_forms.setup(app)
    app.add_css_file(SITE_CSS)
    app.connect("build-finished", copy_site_css)
    app.connect("build-finished", copy_page_assets)
    # before dedupe_scripts, which replaces the page's script list
    app.connect("html-page-context", load_page_assets_once, priority=400)
    app.connect("html-page-context", link_review_page, priority=400)
    app.connect("doctree-read", register_claim_anchors)
    app.connect("html-page-context", dedupe_scripts)
    app.connect("html-page-context", point_widget_fonts_at_vendor)
    app.connect("html-page-context", label_citations_as_list_items)
    app.connect("html-page-context", link_footer_from_every_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
