"""Copy the pinned front-end files from node_modules/ into book/_vendor/vendor/.

``_config.yml`` serves ``book/_vendor`` with Sphinx's ``html_extra_path``, so the built
site has ``vendor/...`` at its root and pages load nothing from other hosts.  The folder
is rebuilt from package-lock.json at set-up time and never committed.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
DEST = ROOT / "book" / "_vendor" / "vendor"

# (source inside node_modules, destination inside vendor/)
COPIES = [
    ("requirejs/require.js", "require.js"),
    # the widget manager and the icon fonts its CSS points at (relative to the script)
    ("@jupyter-widgets/html-manager/dist/embed-amd.js", "html-manager/embed-amd.js"),
    ("@jupyter-widgets/html-manager/dist/libembed-amd.js", "html-manager/libembed-amd.js"),
    ("@jupyter-widgets/html-manager/dist", "html-manager"),
    # MathJax 3: the TeX-to-CHTML combined file, its fonts and lazily loaded parts
    ("mathjax/es5/tex-chtml.js", "mathjax/tex-chtml.js"),
    ("mathjax/es5/output/chtml/fonts/woff-v2", "mathjax/output/chtml/fonts/woff-v2"),
    ("mathjax/es5/input/tex/extensions", "mathjax/input/tex/extensions"),
    ("mathjax/es5/ui", "mathjax/ui"),
    ("mathjax/es5/a11y", "mathjax/a11y"),
]
# Scripts written with a wrapper instead of copied: (source, destination, what it is).
# ts-fsrs's UMD build calls define() when require.js is on the page (lessons with a live
# widget view load it) and would then be an anonymous AMD module: require.js reports
# "Mismatched anonymous define()" and window.FSRS is never set. Run inside a function whose
# define, exports and module are undefined, it always takes its plain-script branch and sets
# window.FSRS, whatever loads before or after it.
WRAPPED = [
    ("ts-fsrs/dist/index.umd.js", "ts-fsrs/ts-fsrs.js", "ts-fsrs", "ts-fsrs/LICENSE"),
]
WRAP_HEAD = (
    "/* {name} {version} (MIT License, {copyright}), the UMD build from npm, wrapped by\n"
    " * tools/vendor_assets.py so that it sets window.FSRS even where require.js is loaded. */\n"
    "(function (define, exports, module) {{\n"
)
WRAP_TAIL = "\n}).call(typeof window !== 'undefined' ? window : globalThis);\n"
# inside folders, copy fonts and scripts only (no source maps, licences stay in node_modules)
KEEP_SUFFIXES = {".js", ".woff", ".woff2", ".ttf"}


def copy(src: Path, dest: Path) -> int:
    if src.is_file():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        return 1
    count = 0
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if path.is_dir() or path.suffix not in KEEP_SUFFIXES:
            continue
        if src.name == "dist" and path.suffix == ".js":
            continue  # only the two embed scripts listed above
        count += copy(path, dest / rel)
    return count


def wrap(src: Path, dest: Path, package: str, licence: Path) -> None:
    """Write ``src`` inside the no-AMD wrapper (see WRAPPED), without its source-map line."""
    version = json.loads((NODE / package / "package.json").read_text(encoding="utf-8"))["version"]
    copyright_line = next(
        (
            line.strip()
            for line in licence.read_text(encoding="utf-8").splitlines()
            if line.startswith("Copyright")
        ),
        "see its LICENSE",
    )
    body = "\n".join(
        line
        for line in src.read_text(encoding="utf-8").splitlines()
        if not line.startswith("//# sourceMappingURL=")
    )
    head = WRAP_HEAD.format(name=package, version=version, copyright=copyright_line)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(head + body + WRAP_TAIL, encoding="utf-8")


def main() -> int:
    if not NODE.is_dir():
        print(
            "node_modules/ is missing: run `npm ci` first (make does this for you).",
            file=sys.stderr,
        )
        return 1
    if DEST.exists():
        shutil.rmtree(DEST)
    total = 0
    for source, target in COPIES:
        src = NODE / source
        if not src.exists():
            print(
                f"{src} is missing: is package-lock.json in sync with package.json?",
                file=sys.stderr,
            )
            return 1
        total += copy(src, DEST / target)
    for source, target, package, licence in WRAPPED:
        src = NODE / source
        if not src.exists():
            print(f"{src} is missing: run `npm ci` (package-lock.json pins it).", file=sys.stderr)
            return 1
        wrap(src, DEST / target, package, NODE / licence)
        total += 1
    print(f"vendored {total} files into {DEST.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
