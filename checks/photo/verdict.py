"""Small shared pieces of the decisions: a PhotoCheck from plain values, and (pass, fail) limit grading."""
from __future__ import annotations

import numpy as np

from checks.photo.models import PhotoCheck


def plain(v):
    """Plain Python values for the JSON contract (numpy scalars would leak into `measured`)."""
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    return v


def check(code: str, status: str, message: str, measured=None, expected=None) -> PhotoCheck:
    return PhotoCheck(code=code, status=status, measured=plain(measured), expected=plain(expected), message=message)


def rng(r) -> str:
    return f"{r[0]}–{r[1]}"


def grade(value: float, limits: tuple[float, float]) -> str:
    """pass / warn / fail for a (pass limit, fail limit) pair; the order of the pair says which way is better."""
    ok, bad = limits
    if ok >= bad:  # higher is better
        return "pass" if value >= ok else ("fail" if value < bad else "warn")
    return "pass" if value <= ok else ("fail" if value > bad else "warn")


WORST = {"pass": 0, "warn": 1, "fail": 2}


def worst(*statuses: str) -> str:
    return max(statuses, key=WORST.get)
