"""Marking a learner's typed answer: the rule book shared with the page.

:func:`judge` marks a numeric or word answer in Python ("Try it" cells and
``check_answer``); ``assets/quiz.js`` marks the same answers in the page with the same rules.
Both are tested against ``data/answer_cases.json``.
"""

from __future__ import annotations

import math
import re
import unicodedata

# -- the rule book: plain data, written into every page that marks answers ----------------
# (``rules()``; assets/quiz.js reads it from the page and keeps only the logic)

# units: every spelling a learner may type, as (quantity, factor to the base unit)
_UNIT_SPELLINGS = {
    ("length", 0.001): "mm millimetre millimetres millimeter millimeters",
    ("length", 0.01): "cm centimetre centimetres centimeter centimeters",
    ("length", 1.0): "m metre metres meter meters",
    ("force", 1.0): "n newton newtons",
    ("force", 1000.0): "kn kilonewton kilonewtons",
    ("moment", 1.0): "n·m nm newton-metre newton-metres newton-meter newton-meters",
    ("angle", 1.0): "° deg degs degree degrees",
    ("percent", 1.0): "% percent per-cent pct",
    ("mass", 1.0): "kg kilogram kilograms kilo kilos",
    ("mass", 0.001): "g gram grams",
    ("time", 1.0): "h hr hrs hour hours",
    ("time", 1 / 60): "min mins minute minutes",
}
UNITS: dict[str, tuple[str, float]] = {
    spelling: unit for unit, text in _UNIT_SPELLINGS.items() for spelling in text.split()
}
# other ways to write a spelling, tried in turn on the lower-cased unit with single spaces:
# (pattern of the whole unit, the spelling it stands for)
UNIT_REWRITES = (
    (r"^n\s*[\u00b7\u22c5*.\- ]\s*m$", "n\u00b7m"),  # N m, N*m, N-m, N.m
    (r"^newtons?[ -]?met(?:re|er)s?$", "newton-metre"),
    (r"^per cent$", "per-cent"),
)
QUANTITY_NAMES = {
    "length": "a length",
    "force": "a force",
    "moment": "a moment (force times lever arm)",
    "angle": "an angle",
    "percent": "a percentage",
    "mass": "a mass",
    "time": "a time",
}
# units written without a space after the number ("75°", "21%")
TIGHT_UNITS = ("°", "%")
# A counted thing ("vertebrae", "nerves") may be typed in the plural or the singular; these
# question units also take other words ("2.5x" for 2.5 times).
COUNT_ALIASES = {"times": ("x", "\u00d7")}
# A number as typed: an optional "about", the number (a decimal comma is read as a point),
# then the unit, if any.
NUMBER_PATTERN = (
    r"^\s*(?:about|around|approximately|approx\.?|roughly|~|\u2248)?\s*"
    r"([-+\u2212]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[-+]?\d+)?)\s*(.*?)\s*$"
)
NUMBER = re.compile(NUMBER_PATTERN, re.IGNORECASE)
MINUS = "\u2212"  # signs read as a minus in front of a number, besides "-"
# Punctuation that never changes a typed word answer; hyphens and dashes count as spaces.
HARMLESS = ".,!?;:'\"()[]{}\u2018\u2019\u201c\u201d\u00a1\u00bf\u2026"
DASHES = "-_\u2010\u2011\u2012\u2013\u2014"
ARTICLES = ("a ", "an ", "the ")
_REWRITES = tuple((re.compile(pattern), spelling) for pattern, spelling in UNIT_REWRITES)


def rules() -> dict:
    """The rule book as JSON data: what the page's marking (assets/quiz.js) reads."""
    return {
        "units": {spelling: [kind, factor] for spelling, (kind, factor) in UNITS.items()},
        "unit_rewrites": [list(rule) for rule in UNIT_REWRITES],
        "quantities": dict(QUANTITY_NAMES),
        "tight_units": list(TIGHT_UNITS),
        "count_aliases": {units: list(words) for units, words in COUNT_ALIASES.items()},
        "number": NUMBER_PATTERN,
        "minus": MINUS,
        "harmless": HARMLESS,
        "dashes": DASHES,
        "articles": list(ARTICLES),
    }


def unit_of(text: str) -> tuple[str, float] | None:
    """(quantity, factor to the base unit) for a spelling such as ``"cm"`` or ``"N·m"``."""
    key = " ".join(text.lower().split())
    for pattern, spelling in _REWRITES:
        if pattern.search(key):
            key = spelling
            break
    return UNITS.get(key)


def read_number(answer) -> tuple[float, str] | None:
    """(value, unit as typed or '') from ``45``, ``"45 degrees"``, ``"24 mm"``; else None."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float)):
        return (float(answer), "") if math.isfinite(answer) else None
    if not isinstance(answer, str):
        return None
    match = NUMBER.match(answer)
    if not match:
        return None
    number = match.group(1).replace(",", ".")
    value = float("-" + number[1:] if number[0] in MINUS else number)
    unit = match.group(2).strip().rstrip(".!?").strip()
    if any(ch.isdigit() for ch in unit):  # "9 0": two numbers, not a number and a unit
        return None
    return (value, unit) if math.isfinite(value) else None


def parse_number(answer) -> float | None:
    """The number in ``45``, ``"45 degrees"``, ``"-20°"``, ``"3,5 cm"``; None if there is none."""
    read = read_number(answer)
    return None if read is None else read[0]


def _count_forms(units: str) -> set[str]:
    """A counted thing ("vertebrae", "nerves") may be typed in the plural or the singular;
    a ratio in "times" also as "x" or "×"."""
    word = units.lower().strip()
    return {word, word.removesuffix("s"), word.removesuffix("e"), *COUNT_ALIASES.get(word, ())}


def _in_question_units(question: dict, value: float, unit: str) -> tuple[float | None, str]:
    """The value converted to the question's units, or None with the reason."""
    units = question["units"]
    wanted = unit_of(units)
    if not unit:
        return value, ""
    given = unit_of(unit)
    if wanted is None:
        if unit.lower() in _count_forms(units):
            return value, ""
        what = f", {QUANTITY_NAMES[given[0]]}" if given else ""
        return None, f"You wrote {_fmt(value, unit)}{what}, but the answer is a number of {units}."
    if given is None:
        return None, f"I do not know the unit {unit!r}. Give the number in {units}."
    if given[0] != wanted[0]:
        return None, (
            f"You wrote {_fmt(value, unit)}, {QUANTITY_NAMES[given[0]]}, but this question "
            f"asks for {QUANTITY_NAMES[wanted[0]]} in {units}."
        )
    return float(f"{value * given[1] / wanted[1]:.12g}"), ""


def _fmt(value: float, unit: str = "") -> str:
    gap = "" if unit in (*TIGHT_UNITS, "") else " "
    return f"{value:g}{gap}{unit}"


def normalise_words(text: str) -> str:
    """Lower case, no harmless punctuation, dashes as spaces, no leading article."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = text.translate({ord(c): " " for c in DASHES}).translate({ord(c): None for c in HARMLESS})
    text = " ".join(text.split())
    for article in ARTICLES:
        if text.startswith(article):
            return text[len(article) :]
    return text


def judge(question: dict, answer) -> tuple[bool | None, str]:
    """(correct?, feedback) for any learner input to a numeric or string question.

    ``None`` means the input was not an attempt (empty, no number in it, or a unit of the
    wrong kind): the learner gets an explanation and nothing is marked wrong.
    """
    kind = question["type"]
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return None, "Type an answer first, then check it."
    if kind == "numeric":
        read = read_number(answer)
        if read is None:
            return None, (
                f"I could not read a number in {str(answer)[:40]!r}. Write it with "
                f"digits, for example 45 (units: {question['units']})."
            )
        value, why = _in_question_units(question, *read)
        if value is None:
            return None, why
        for a in question["answers"]:
            if "value" in a and abs(value - a["value"]) <= a["tolerance"] + 1e-9:
                return a["correct"], a["feedback"]
            if "range" in a and a["range"][0] <= value <= a["range"][1]:
                return a["correct"], a["feedback"]
        return False, question["fallback_feedback"]
    if kind == "string":
        given = normalise_words(answer)
        for a in question["answers"]:
            forms = [a["answer"], *a.get("accept", [])]
            if given in {normalise_words(form) for form in forms}:
                return a["correct"], a["feedback"]
        return False, question["fallback_feedback"]
    raise ValueError(f"question {question['id']} is {kind}; pick an option in the self-check")
