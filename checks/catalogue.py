"""The words of the pages that are not the rules' or the round's: titles, buttons, short notes.

One YAML file, `assets/text/pages.yaml`, one section per page or feature; `phrase("result.title")` reads one
entry and fills its `{placeholders}` (a missing one stays visible, as everywhere: checks.wording). What a
finding, a verdict or a checklist says lives in the round file instead (checks/views.py), and what a question
asks in the question table (checks/questions.py). Static data: cached for every session.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from checks.wording import fill

CATALOGUE = Path(__file__).resolve().parent.parent / "assets" / "text" / "pages.yaml"


@lru_cache(maxsize=1)
def _entries() -> dict:
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))


def phrase(key: str, **facts) -> str:
    """The catalogue entry at a dotted key ("materials.intro"), filled; KeyError names a missing key."""
    node = _entries()
    for part in key.split("."):
        node = node[part]
    return fill(node, facts, keep_spaces=True)
