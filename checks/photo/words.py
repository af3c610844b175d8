"""Words for the photo checks: the round's `photo.messages`, keyed by check code and status, filled in here.

The checker decides the status and the numbers; this module only picks the round's sentence for them, so a
sentence changes in the round file, never in code. A missing key raises: a test then fails on it.
"""
from __future__ import annotations

import numpy as np

from checks.photo.spec import PhotoSpec


def say(spec: PhotoSpec, code: str, key: str, **values) -> str:
    entry = spec.messages[code]
    text = entry if isinstance(entry, str) else entry[key]
    return text.format(**values)


def background_seen(spec: PhotoSpec, bg_lab: np.ndarray) -> str:
    """What the background looks like next to the standard's light blue, in words (no colour values)."""
    w = spec.background_words
    light, a, b = (float(v) for v in bg_lab)
    chroma = (a * a + b * b) ** 0.5
    if light < 45:
        return w["dark"]
    if chroma < 12:
        return w["white"] if light >= 85 else w["grey"]
    return w["other"]
