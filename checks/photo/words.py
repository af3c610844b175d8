"""Words for the photo checks: the round's `photo.messages`, keyed by check code and status, filled in here.

The checker decides the status and the numbers; this module only picks the round's sentence for them, so a
sentence changes in the round file, never in code. A missing key raises KeyError: a test then fails on it.
"""
from __future__ import annotations

import numpy as np

from checks.photo.spec import PhotoSpec


def say(spec: PhotoSpec, code: str, key: str, **values) -> str:
    """The sentence for `code` in case `key` (usually the status), with `values` filled in."""
    entry = spec.messages[code]
    text = entry if isinstance(entry, str) else entry[key]
    return text.format(**values)


def term(spec: PhotoSpec, code: str, key: str, name: str | None = None) -> str:
    """A word used inside a sentence (a side, a direction, a colour mode); `name` picks from a table."""
    entry = spec.messages[code][key]
    return entry if name is None else entry.get(name, name)


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def num(v: float, digits: int = 0) -> str:
    """A number as a candidate reads it: no trailing zeros, no sign (the words say which way)."""
    return f"{abs(v):.{digits}f}" if digits else f"{abs(v):.0f}"


def background_seen(spec: PhotoSpec, bg_lab: np.ndarray) -> str:
    """What the background looks like next to the standard's colour, in words (no colour values)."""
    w = spec.background_words
    light, a, b = (float(v) for v in bg_lab)
    chroma = (a * a + b * b) ** 0.5
    if chroma >= 12:
        return w["other"]  # a colour of its own (red, green, dark blue …): not light blue
    return w["white"] if light >= 85 else w["dark"] if light < 45 else w["grey"]
