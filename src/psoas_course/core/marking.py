"""Marking a learner's typed answer: the rule book shared with the page.

:func:`judge` marks a numeric or word answer in Python ("Try it" cells and
``check_answer``). The page marks with ``assets/quiz.js``, which holds only logic: the tables
here (unit spellings, number patterns, number words, punctuation, messages) reach it as data,
:func:`rules`, written into every quiz and every Try-it answer form. Numbers may be typed with
an en dash or minus sign ("–5", "−5"), a degree sign or the look-alike "º", as "x2.5", "×2.5",
"2.5x" or "2.5-fold" for a ratio, or in words up to a hundred ("five", "twenty-five"). A bare
fraction where a percentage is asked ("0.62") is explained, not marked. Both checkers run
``data/answer_cases.json`` (tests/test_quiz.py; tests/test_answer_cases_node.py under Node).
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
    # the degree sign, the masculine ordinal (º, next to it on many keyboards), the ring (˚)
    ("angle", 1.0): "° \u00ba \u02da deg degs degree degrees",
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
TIGHT_UNITS = ("°", "\u00ba", "\u02da", "%")
# A counted thing ("vertebrae", "nerves") may be typed in the plural or the singular; these
# question units also take other words ("2.5x", "×2.5" and "2.5-fold" for 2.5 times).
COUNT_ALIASES = {"times": ("x", "\u00d7", "fold")}
# a bare number below 1 where this quantity is asked reads as a fraction ("0.62" for 62%):
# the learner is told, not marked
FRACTION_HINT_FOR = "percent"
# hyphens that may join a number to its unit ("2.5-fold", "24-mm")
UNIT_JOINERS = "-\u2010\u2011"
# signs read as a minus in front of a number, besides "-": the hyphen, figure dash, en dash,
# minus sign, and the small and full-width hyphen-minus
MINUS = "\u2010\u2012\u2013\u2212\ufe63\uff0d"
_APPROX = r"(?:about|around|approximately|approx\.?|roughly|~|\u2248)"
# A number as typed: an optional "about", an optional "x" or "×" in front ("x2.5"), the
# number (a decimal comma is read as a point), then the unit, if any.
NUMBER_PATTERN = (
    rf"^\s*{_APPROX}?\s*([x\u00d7]\s*)?"
    r"([-+" + "".join(f"\\u{ord(c):04x}" for c in MINUS) + r"]?"
    r"(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:e[-+]?[0-9]+)?)\s*(.*?)\s*$"
)
NUMBER = re.compile(NUMBER_PATTERN, re.IGNORECASE)
# whole numbers in words, up to a hundred ("five", "twenty-five", "a hundred")
ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = {word: n for n, word in enumerate(ONES)} | {
    word: 20 + 10 * n for n, word in enumerate(TENS)
}


def _longest_first(words) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# groups: 1 "about", 2 "hundred" (after "a" or "one"), 3 tens, 4 ones after tens, 5 ones
WORD_NUMBER_PATTERN = (
    rf"^(\s*(?:{_APPROX}\s*)?)(?:(?:a|one)[\s\-\u2010\u2011]+(hundred)"
    rf"|({_longest_first(TENS)})(?:[\s\-\u2010\u2011]+({_longest_first(ONES[1:10])}))?"
    rf"|({_longest_first(ONES)}))(?![a-z])"
)
WORD_NUMBER = re.compile(WORD_NUMBER_PATTERN, re.IGNORECASE)
# Punctuation that never changes a typed word answer; hyphens and dashes count as spaces.
HARMLESS = ".,!?;:'\"()[]{}\u2018\u2019\u201c\u201d\u00a1\u00bf\u2026"
DASHES = "-_\u2010\u2011\u2012\u2013\u2014"
ARTICLES = ("a ", "an ", "the ")
# What the learner is told. {name} is filled in once, left to right; typed text is quoted.
MESSAGES = {
    "empty": "Type an answer first, then check it.",
    "unreadable": "I could not read a number in \u201c{typed}\u201d. Write it with digits, "
    "for example 45 (units: {units}).",
    "unknown_unit": "I do not know the unit \u201c{unit}\u201d. Give the number in {units}.",
    "other_quantity": "You wrote {wrote}, {quantity}, but this question asks for {wanted} "
    "in {units}.",
    "not_a_count": "You wrote {wrote}, but the answer is a number of {units}.",
    "count_of_quantity": "You wrote {wrote}, {quantity}, but the answer is a number of {units}.",
    "fraction": "{typed} looks like a fraction; as a percentage it is {share}%. Type the "
    "percentage to check it.",
    "choose": "Choose an answer first.",
    "unticked_one": "One correct option is still unticked.",
    "unticked_many": "{count} correct options are still unticked.",
}
_REWRITES = tuple((re.compile(pattern), spelling) for pattern, spelling in UNIT_REWRITES)


def rules() -> dict:
    """The rule book as JSON data: what the page's marking (assets/quiz.js) reads."""
    return {
        "units": {spelling: [kind, factor] for spelling, (kind, factor) in UNITS.items()},
        "unit_rewrites": [list(rule) for rule in UNIT_REWRITES],
        "quantities": dict(QUANTITY_NAMES),
        "tight_units": list(TIGHT_UNITS),
        "count_aliases": {units: list(words) for units, words in COUNT_ALIASES.items()},
        "unit_joiners": UNIT_JOINERS,
        "fraction_hint_for": FRACTION_HINT_FOR,
        "number": NUMBER_PATTERN,
        "minus": MINUS,
        "word_number": WORD_NUMBER_PATTERN,
        "number_words": dict(NUMBER_WORDS),
        "harmless": HARMLESS,
        "dashes": DASHES,
        "articles": list(ARTICLES),
        "messages": dict(MESSAGES),
    }


def say(key: str, **values) -> str:
    """A message of the rule book with its {names} filled in (once: typed text stays as is)."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m[1], m[0])), MESSAGES[key])


def unit_of(text: str) -> tuple[str, float] | None:
    """(quantity, factor to the base unit) for a spelling such as ``"cm"`` or ``"N·m"``."""
    key = " ".join(text.lower().split())
    for pattern, spelling in _REWRITES:
        if pattern.search(key):
            key = spelling
            break
    return UNITS.get(key)


def _typed(answer) -> tuple[float, str, str] | None:
    """(value, unit or '', the number as typed) from ``"about 2,4 cm"``, ``"five"``, ``"x2.5"``."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float)):
        return (float(answer), "", str(answer)) if math.isfinite(answer) else None
    if not isinstance(answer, str):
        return None
    word = WORD_NUMBER.match(answer)
    if word:
        if word[2]:
            value = 100.0
        elif word[3]:
            value = float(NUMBER_WORDS[word[3].lower()] + NUMBER_WORDS[(word[4] or "zero").lower()])
        else:
            value = float(NUMBER_WORDS[word[5].lower()])
        shown, rest, times = word[0][len(word[1]) :], answer[word.end() :], ""
    else:
        match = NUMBER.match(answer)
        if not match:
            return None
        shown, rest, times = match[2], match[3], (match[1] or "").strip().lower()
        number = shown.replace(",", ".")
        value = float("-" + number[1:] if number[0] in MINUS else number)
    unit = rest.strip().rstrip(".!?").strip().lstrip(UNIT_JOINERS).strip() or times
    if re.search("[0-9]", unit):  # "9 0": two numbers, not a number and a unit
        return None
    return (value, unit, shown) if math.isfinite(value) else None


def read_number(answer) -> tuple[float, str] | None:
    """(value, unit as typed or '') from ``45``, ``"45 degrees"``, ``"–5"``, ``"five"``, or None."""
    read = _typed(answer)
    return None if read is None else read[:2]


def parse_number(answer) -> float | None:
    """The number in ``45``, ``"45 degrees"``, ``"-20°"``, ``"3,5 cm"``; None if there is none."""
    read = read_number(answer)
    return None if read is None else read[0]


def _count_forms(units: str) -> set[str]:
    """A counted thing ("vertebrae", "nerves") may be typed in the plural or the singular;
    a ratio in "times" also as "x" or "×"."""
    word = units.lower().strip()
    return {word, word.removesuffix("s"), word.removesuffix("e"), *COUNT_ALIASES.get(word, ())}


def _in_question_units(question: dict, value: float, unit: str, shown: str):
    """The value converted to the question's units, or None with the reason."""
    units = question["units"]
    wanted = unit_of(units)
    if not unit:
        return value, ""
    given = unit_of(unit)
    wrote = _wrote(shown, unit)
    if wanted is None:
        if unit.lower() in _count_forms(units):
            return value, ""
        if given is None:
            return None, say("not_a_count", wrote=wrote, units=units)
        return None, say(
            "count_of_quantity", wrote=wrote, quantity=QUANTITY_NAMES[given[0]], units=units
        )
    if given is None:
        return None, say("unknown_unit", unit=unit, units=units)
    if given[0] != wanted[0]:
        return None, say(
            "other_quantity",
            wrote=wrote,
            quantity=QUANTITY_NAMES[given[0]],
            wanted=QUANTITY_NAMES[wanted[0]],
            units=units,
        )
    return float(f"{value * given[1] / wanted[1]:.12g}"), ""


def _wrote(shown: str, unit: str) -> str:
    """The number and unit as the learner typed them ("1234567 cm", "75º")."""
    return shown + ("" if unit in TIGHT_UNITS else " ") + unit


def _decimal(x: float) -> str:
    """``x`` to at most 6 decimals, without trailing zeros (the same digits in quiz.js)."""
    r = math.floor(abs(x) * 1e6 + 0.5)
    whole, part = divmod(r, 1_000_000)
    return ("-" if x < 0 and r else "") + str(whole) + (f".{part:06d}".rstrip("0") if part else "")


def normalise_words(text: str) -> str:
    """Lower case, no harmless punctuation, dashes as spaces, no leading article."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = text.translate({ord(c): " " for c in DASHES}).translate({ord(c): None for c in HARMLESS})
    text = " ".join(text.split())
    for article in ARTICLES:
        if text.startswith(article):
            return text[len(article) :]
    return text


def _band(question: dict, value: float) -> dict | None:
    """The first answer whose value and tolerance, or range, holds ``value``."""
    for a in question["answers"]:
        if "value" in a and abs(value - a["value"]) <= a["tolerance"] + 1e-9:
            return a
        if "range" in a and a["range"][0] <= value <= a["range"][1]:
            return a
    return None


def judge(question: dict, answer) -> tuple[bool | None, str]:
    """(correct?, feedback) for any learner input to a numeric or string question.

    ``None`` means the input was not an attempt (empty, no number in it, a unit of the
    wrong kind, or a fraction where a percentage is asked): the learner gets an explanation
    and nothing is marked.
    """
    kind = question["type"]
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return None, say("empty")
    if kind == "numeric":
        read = _typed(answer)
        if read is None:
            return None, say("unreadable", typed=str(answer)[:40], units=question["units"])
        number, unit, shown = read
        value, why = _in_question_units(question, number, unit, shown)
        if value is None:
            return None, why
        hit = _band(question, value)
        wanted = unit_of(question["units"])
        fraction = wanted and wanted[0] == FRACTION_HINT_FOR and 0 < abs(value) < 1
        if hit is None and not unit and fraction:
            return None, say("fraction", typed=shown, share=_decimal(value * 100))
        if hit is not None:
            return hit["correct"], hit["feedback"]
        return False, question["fallback_feedback"]
    if kind == "string":
        given = normalise_words(answer)
        for a in question["answers"]:
            forms = [a["answer"], *a.get("accept", [])]
            if given in {normalise_words(form) for form in forms}:
                return a["correct"], a["feedback"]
        return False, question["fallback_feedback"]
    raise ValueError(f"question {question['id']} is {kind}; pick an option in the self-check")
