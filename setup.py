"""Ship the course data inside the wheel (pyproject.toml holds everything else).

``data/`` and ``references.bib`` sit at the top of the repository, outside the package, so
``pip install`` of a plain wheel would leave the lessons without their tables. The build
copies them to ``psoas_course/course_data/``; ``psoas_course.core.data.data_dir`` finds them
there when no ``data/`` is found beside the notebook. An editable install reads the checkout.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "psoas_course" / "course_data"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(ROOT / "data", target / "data")
        shutil.copy2(ROOT / "references.bib", target / "references.bib")


setup(cmdclass={"build_py": BuildPyWithData})
