"""The Psoas course's front door: everything a lesson calls is importable from here.

    from psoas_course import hip_flexion_explorer, show_quiz

Names load lazily (PEP 562), so ``import psoas_course`` stays fast and a lesson pays only for
the diagrams it shows. ``PUBLIC`` maps each name to the module that defines it; the layers
behind it (``core`` → ``topics``/``ui`` → ``site``/``authoring``) are described in
``ARCHITECTURE.md``.
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.2.0"

PUBLIC: dict[str, str] = {
    # diagrams (one per lesson topic)
    "anatomy_explorer": "psoas_course.topics.explorers",
    "hip_flexion_explorer": "psoas_course.topics.explorers",
    "pelvic_tilt_explorer": "psoas_course.topics.explorers",
    "contraction_explorer": "psoas_course.topics.movement",
    "spine_load_explorer": "psoas_course.topics.spine",
    "plexus_explorer": "psoas_course.topics.plexus",
    "plexus_table": "psoas_course.topics.plexus",
    "sitting_day_explorer": "psoas_course.topics.sitting",
    "example_day": "psoas_course.topics.sitting",
    "show_day": "psoas_course.topics.sitting",
    "diaphragm_explorer": "psoas_course.topics.diaphragm",
    "gait_explorer": "psoas_course.topics.gait",
    "cross_section_explorer": "psoas_course.topics.clinical",
    "neighbours_table": "psoas_course.topics.clinical",
    "strength_explorer": "psoas_course.topics.strength",
    "ledger_explorer": "psoas_course.topics.claims",
    "coverage_html": "psoas_course.topics.claims",
    "validation_figure": "psoas_course.ui.figures",
    # the model, for "Try it" cells
    "effective_hip_flexion": "psoas_course.core.model",
    "capacity": "psoas_course.core.force",  # force and moment at a hip angle
    "psoas_state": "psoas_course.topics.movement",  # (length change %, moment arm cm)
    "walk_at": "psoas_course.topics.gait",
    "thomas_reading": "psoas_course.topics.clinical",
    "nerve_for": "psoas_course.topics.tryit",
    "claims_about": "psoas_course.topics.tryit",
    "psoas_at": "psoas_course.topics.tryit",
    # self-checks
    "show_quiz": "psoas_course.ui.quiz",
    "review_quiz": "psoas_course.ui.quiz",
    "check_answer": "psoas_course.ui.quiz",
    "figure_quiz": "psoas_course.topics.figure_questions",  # questions on a lesson's figure
    "figure_review": "psoas_course.topics.figure_questions",
    # the lesson index
    "lessons": "psoas_course.course",
    "lesson": "psoas_course.course",
}

__all__ = sorted(PUBLIC)


def __getattr__(name: str):
    try:
        module = PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'psoas_course' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(PUBLIC))
