"""What a "Try it" call returns: sentences that print as themselves, never an error.

A learner edits a value and re-runs; a wrong value gets a hint in the same form, so a live
notebook always has something to read, and the static book shows the same text.
"""

from __future__ import annotations


class Readout:
    """A message for the learner, with the numbers behind it in ``values`` when there are any."""

    def __init__(self, message: str, values: dict | None = None):
        self.message, self.values = message, values or {}

    def __repr__(self) -> str:
        return self.message
