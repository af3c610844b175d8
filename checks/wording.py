"""Filling the wording kept in data files (round files, templates): one home for how template text becomes a sentence.

YAML folds long Chinese lines with spaces; Chinese text has none, so template whitespace is dropped. A placeholder
the code did not supply stays visible as `{name}` (a test fails on it) instead of crashing a page.
"""
from __future__ import annotations


NOWHERE = "—"  # the round file's "no place to go / nothing to bring": renderers leave such a line out


class Facts(dict):
    """Placeholder values; a missing one is left visible rather than raising KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def cite(source: str) -> str:
    """Where a finding comes from, as people read it: a clause of the notice ("(一)1") is "依据通知(一)1"; any
    other source (a national regulation, other provinces' notices, a topic) is named as it is, after "来源："."""
    return f"依据通知{source}" if source.startswith("(") else f"来源：{source}"


def squash(text) -> str:
    return "".join(str(text or "").split())


def fill(text, facts: dict | None = None) -> str:
    """Template text with its placeholders filled from `facts`; '' for an empty template."""
    return squash(text).format_map(Facts(facts or {})) if text else ""
