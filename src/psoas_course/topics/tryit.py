"""Small look-ups for the "Try it" cells of lessons 4 and 7: the learner edits a word and re-runs.

Each returns a :class:`~psoas_course.ui.readout.Readout`, which prints as plain sentences; a
word the course cannot find gets a hint, never an error.
"""

from __future__ import annotations

import re
from collections import Counter

from psoas_course.topics.claims import load_claims
from psoas_course.topics.plexus import ELSEWHERE, SHORT_WHERE, nerves
from psoas_course.ui.readout import Readout


def _word(value) -> str | None:
    if not isinstance(value, str) or len(value.strip()) < 3:
        return None
    return value.strip().lower()


# words too common to tell nerves apart (only words of three letters or more count)
_COMMON = frozenset({"the", "and", "skin", "muscle", "muscles", "area", "side", "part", "your"})
_GAP = 3  # a word of the request may come up to this many words after the one before it


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text)


def _names(word: str, text: str) -> bool:
    """Does ``text`` (lower case) name what ``word`` asks for? The whole request as typed, or
    its words in order, each close to the one before ("front thigh" in "the front and inner
    thigh"); a word may start a longer one or add an s ("adductors", "adductor")."""
    if word in text:
        return True
    wanted = [w for w in _words(word) if len(w) >= 3 and w not in _COMMON]
    have = _words(text)
    if not wanted:
        return False

    def fits(want: str, got: str) -> bool:
        return got.startswith(want) or want in (got + "s", got + "es")

    starts = [i for i, got in enumerate(have) if fits(wanted[0], got)]
    for start in starts:
        at = start
        for want in wanted[1:]:
            nxt = next(
                (j for j in range(at + 1, min(at + 1 + _GAP, len(have))) if fits(want, have[j])),
                None,
            )
            if nxt is None:
                break
            at = nxt
        else:
            return True
    return False


def _elsewhere(word: str) -> list[str]:
    """Pointers for muscles the lumbar plexus does not supply, named by whole words."""
    spaced = f" {' '.join(_words(word))} "
    return [e.answer for e in ELSEWHERE if any(f" {key} " in spaced for key in e.keys)]


def nerve_for(part) -> Readout:
    """Which branch of the lumbar plexus supplies a muscle or patch of skin, e.g. "quadriceps"."""
    word = _word(part)
    if word is None:
        return Readout(
            f"Type a muscle or a patch of skin of at least three letters, for example "
            f'"quadriceps" or "outer thigh", not {part!r}.'
        )
    pointers = _elsewhere(word)
    # beside a pointer, a branch counts only if its row names the whole request
    match = (lambda text: word in text) if pointers else (lambda text: _names(word, text))
    found = [
        n for n in nerves() if match(n.supplies_muscles.lower()) or match(n.supplies_skin.lower())
    ]
    if not found and not pointers:
        return Readout(
            f"No branch of the lumbar plexus in the course's table supplies {part!r}. Check the "
            "spelling, or try a nearby word. The buttock, the back of the thigh and every "
            "muscle below the knee get their nerves from the sacral plexus (lesson 4). Skin is "
            "different: the inner side of the leg and foot is the femoral nerve's (saphenous "
            'branch); try "leg".'
        )
    lines = [
        f"{n.name} (roots {n.roots}; it {SHORT_WHERE.get(n.leaves_psoas, n.leaves_psoas)} "
        "of the psoas) supplies "
        f"{n.supplies_muscles if match(n.supplies_muscles.lower()) else n.supplies_skin}."
        for n in found
    ]
    return Readout("\n".join(lines + pointers))


def claims_about(word) -> Readout:
    """How the claims ledger grades the source articles' claims that mention ``word``."""
    key = _word(word)
    if key is None:
        return Readout(
            f'Type a word of at least three letters, for example "stress", not {word!r}.'
        )
    table = load_claims()
    hits = table[table["claim"].str.lower().str.contains(key, regex=False)]
    if hits.empty:
        return Readout(
            f"No claim in the ledger mentions {word!r}. Try a shorter word or another "
            'topic, such as "breath", "trauma" or "fear".'
        )
    verdicts = Counter(hits["verdict"])
    summary = ", ".join(f"{count} {verdict}" for verdict, count in verdicts.most_common())
    examples = "; ".join(f"{r.id}: {r.claim}" for r in hits.head(3).itertuples())
    return Readout(
        f"{len(hits)} claim(s) in the ledger mention {word!r}: {summary}. For example, {examples}"
    )


def psoas_at(hip_flexion_deg=0) -> Readout:
    """The modelled psoas at a thigh angle (pelvis level): length change and moment arm."""
    from psoas_course.core import model

    low, high = model.HIP_FLEXION_RANGE
    try:
        state = model.evaluate(hip_flexion_deg)
    except ValueError:
        return Readout(
            f"hip_flexion_deg must be a number of degrees from {low:g} to {high:g} "
            f"(negative = thigh behind the body), not {hip_flexion_deg!r}."
        )
    change = state.percent_change
    if abs(change) < 0.05:
        length = "at its standing length"
    else:
        length = f"{abs(change):.1f}% {'longer' if change > 0 else 'shorter'} than in standing"
    return Readout(
        f"Thigh at {state.hip_flexion_deg:g}°: the modelled psoas path (pelvis to femur) is "
        f"{length}, "
        f"with a flexion moment arm of {100 * state.moment_arm_m:.1f} cm."
    )
