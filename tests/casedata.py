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


# Issue 19 (rules.md v3): the answers of a candidate for whom none of the causes of refusal the notice takes for
# granted holds. Tests about other rules start from these; a case without them gets the "未回答" to-dos.
NO_V3_CAUSES = {"candidate": {"platform_identity": "match"},
                "grades": {"admission_numbers": "one", "transfer_in": False, "sanction": "no", "plan_substitution": "no"}}
MAINLAND_IN_CHSI = {"issued_in": "mainland", "in_chsi": "found"}


def without_v3_causes(data: dict) -> dict:
    """`data` with the v3 questions it leaves out answered as NO_V3_CAUSES (and a held prior diploma as a
    mainland one found in the 学信档案); answers it gives are kept."""
    out = copy.deepcopy(data)
    for section, answers in NO_V3_CAUSES.items():
        out[section] = {**answers, **(out.get(section) or {})}
    if out.get("exemptions"):
        out["grades"].setdefault("exemptions_confirmed", "yes")
    prior = out.get("prior_education")
    if isinstance(prior, dict) and prior.get("has_diploma"):
        out["prior_education"] = {**MAINLAND_IN_CHSI, **prior}
    return out
