"""requirements.txt is what a lesson needs at run time (Binder, a class hub); building the book
and testing it need requirements-build.txt and requirements-dev.txt, installed by make."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "psoas_course"
RUN_TIME = ["numpy", "pandas", "ipywidgets", "matplotlib", "pyyaml", "jupyterlab", "ipykernel"]
NOT_AT_RUN_TIME = [
    "jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "pytest", "nbval", "coverage",
    "jupyterquiz", "anywidget", "psygnal", "cloudpickle", "playwright",
]  # fmt: skip


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            package, version = line.split("==", 1)
            found[norm(package)] = version.strip()
    return found


def includes(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return re.findall(r"^-r\s+(\S+)", text, re.M)


def test_run_time_file_has_what_a_lesson_needs_and_nothing_to_build_or_test():
    runtime = pins("requirements.txt")
    assert not [p for p in RUN_TIME if p not in runtime]
    extra = [p for p in NOT_AT_RUN_TIME if p in runtime]
    assert not extra, f"requirements.txt: build/test-only packages {extra}: move them"
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^-e \.$", text, re.M), "requirements.txt must install the course package"


def test_build_and_dev_files_stack_on_the_run_time_file():
    assert includes("requirements-build.txt") == ["requirements.txt"]
    assert includes("requirements-dev.txt") == ["requirements-build.txt"]
    build, dev = pins("requirements-build.txt"), pins("requirements-dev.txt")
    assert {"jupyter-book", "sphinx", "myst-nb"} <= set(build)
    assert {"pytest", "nbval", "coverage", "playwright"} <= set(dev)
    files = {"requirements.txt": pins("requirements.txt"), "build": build, "dev": dev}
    seen: dict[str, str] = {}
    for name, found in files.items():
        for package in found:
            assert package not in seen, f"{package} pinned in both {seen[package]} and {name}"
            seen[package] = name


def test_every_run_time_import_is_pinned_in_requirements_txt():
    """The code a lesson runs (not site/ or authoring/) imports only run-time packages."""
    runtime = set(pins("requirements.txt"))
    by_module = packages_distributions()
    files = [PACKAGE / "__init__.py", PACKAGE / "course.py"]
    files += [p for layer in ("core", "topics", "ui") for p in (PACKAGE / layer).glob("*.py")]
    missing = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "psoas_course":
                    continue
                dists = {norm(d) for d in by_module.get(top, [top])}
                if not dists & runtime:
                    missing.add(f"{path.relative_to(ROOT)}: {top}")
    assert not missing, f"imported at run time but not in requirements.txt: {sorted(missing)}"


def test_make_installs_build_tools_for_the_book_and_dev_tools_for_the_tests():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")

    def recipe_of(target: str) -> tuple[str, str]:
        match = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", makefile, re.M)
        assert match, f"Makefile: no {target} rule"
        return match.group(1), match.group(2)

    assert "setup-build" in recipe_of("book")[0]
    assert "$(VENV)/.stamp-build" in recipe_of("setup-build")[0]
    deps, commands = recipe_of("$(VENV)/.stamp-build")
    assert "requirements-build.txt" in deps and "-r requirements-build.txt" in commands
    assert "setup-dev" in recipe_of("test")[0]
    deps, commands = recipe_of("$(VENV)/.stamp-dev")
    assert "requirements-dev.txt" in deps and "-r requirements-dev.txt" in commands
