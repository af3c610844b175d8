"""Test helper: a case dict with answers changed by dotted path (shared by the rule and flow tests)."""
from __future__ import annotations

import copy


def changed(base: dict, **changes) -> dict:
    """`base` with dotted-path changes, e.g. changed(BASE, **{"candidate.level": "bachelor"}); None removes."""
    case = copy.deepcopy(base)
    for path, value in changes.items():
        node = case
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return case
