"""JSON from strangers (case files, decoded case codes) with limits checked before Python's parser runs.

`json.loads` itself has none that hold: deep nesting ends in RecursionError, and a 5000-digit number in
ValueError ("Exceeds the limit (4300 digits)") or a slow int conversion. A case file nests four levels and its
longest number is a year, so anything far beyond that is refused up front, with a Chinese reason.
"""
from __future__ import annotations

import json
import re

MAX_DEPTH = 16  # a case file needs 3 ({} → "exemptions" [] → {}); generous for future fields
MAX_NUMBER_CHARS = 40  # a year is 4; any float repr fits in 24; 12-digit admission numbers are strings

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET_OR_LONG_NUMBER = re.compile(r"[\[\]{}]|[-+0-9.eE]{%d,}" % (MAX_NUMBER_CHARS + 1))


class SafeJSONError(json.JSONDecodeError):
    """Input refused before parsing. A JSONDecodeError, so callers that already catch those catch this too;
    `msg` is Chinese and says what is wrong, `lineno` where."""


def loads(text: str):
    """`json.loads`, after checking nesting depth and number length outside strings."""
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8-sig")
    # Blank out string literals (same length, so positions stay right) and look at what is left.
    skeleton = _STRING.sub(lambda m: '""'.ljust(len(m.group()), " "), text)
    depth = 0
    for m in _BRACKET_OR_LONG_NUMBER.finditer(skeleton):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise SafeJSONError(f"括号嵌套超过 {MAX_DEPTH} 层，不是本工具生成的内容", text, m.start())
        elif token in "]}":
            depth -= 1
        elif any(c.isdigit() for c in token):
            raise SafeJSONError(f"有一个超过 {MAX_NUMBER_CHARS} 位的数字，不是本工具生成的内容", text, m.start())
    return json.loads(text)
