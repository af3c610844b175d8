"""Words of the data files and dates in words: one home for how template text becomes a sentence.

YAML folds long Chinese lines with spaces; Chinese text has none, so template whitespace is dropped (`fill`).
The short one-line labels of the views keep theirs ("有 2 个会被退回的问题": `keep_spaces=True`). A placeholder
the code did not supply stays visible as `{name}` (a test fails on it) instead of crashing a page.

Dates: `cn_date` is the one way a date is written for people ("2024年6月20日"); `parse_date` the one way a
typed date is read (wizard, batch page, roster cells, command line).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

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


def fill(text, facts: dict | None = None, keep_spaces: bool = False) -> str:
    """Template text with its placeholders filled from `facts`; '' for an empty template."""
    if not text:
        return ""
    template = str(text).strip() if keep_spaces else squash(text)
    return template.format_map(Facts(facts or {}))


# --- dates ----------------------------------------------------------------------------------------------------
def cn_date(d: dt.date) -> str:
    """A date as people write it: 2024年6月20日."""
    return f"{d.year}年{d.month}月{d.day}日"


_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def parse_date(value: Any) -> dt.date:
    """A date as typed ("2024-06-05", "2024/6/5", "2024年6月5日", "20240605") or a spreadsheet cell's date;
    ValueError with the Chinese reason otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    # "2024-06-05 00:00:00" is what a date cell becomes when a sheet is saved as CSV by some tools
    text = re.sub(r"\s+0{1,2}:00(:00)?$", "", text)
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            try:
                return dt.date(*(int(g) for g in m.groups()))
            except ValueError:
                raise ValueError(f"{text} 不是存在的日期") from None
    raise ValueError("应为日期，如 2024-06-05、2024/6/5 或 2024年6月5日")
