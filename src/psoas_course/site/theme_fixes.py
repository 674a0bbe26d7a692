"""Theme fixes shipped as static assets: phone navigation and the print stylesheet.

Listed in ``_config.yml`` (``sphinx.extra_extensions``). Each file in ASSETS is copied from
``psoas_course/ui/assets/`` into ``_static/`` and linked from every page.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

# asset file -> name in _static/
SCRIPTS = {"theme_fixes.js": "psoas-theme-fixes.js"}
STYLES: dict[str, tuple[str, dict]] = {}


def copy_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    folder = resources.files("psoas_course.ui") / "assets"
    names = {**SCRIPTS, **{source: target for source, (target, _) in STYLES.items()}}
    for source, target in names.items():
        with resources.as_file(folder / source) as path:
            shutil.copyfile(path, static / target)


def setup(app):
    for target in SCRIPTS.values():
        app.add_js_file(target)
    for target, attributes in STYLES.values():
        app.add_css_file(target, **attributes)
    app.connect("build-finished", copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
