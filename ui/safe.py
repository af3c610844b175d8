"""Untrusted text (case files, case codes, rosters, ZIP member names, what a candidate typed) shown as text.

Streamlit renders Markdown in st.markdown, captions, alerts (st.error/warning/info/success), expander and tab
labels and widget labels: `![i](http://x/x.png)` would make the viewer's browser fetch an image, `[L](http://x)`
a live link, `$x$` LaTeX and `:red[x]` colour. `md()` makes such text literal inside our own Markdown. Where no
Markdown is needed at all, show the value with st.text / st.code / st.dataframe instead (never escaped there:
those show backslashes).
"""
from __future__ import annotations

import re

# Characters that start Markdown, GFM or Streamlit constructs anywhere in a line: links and images ([ ] ! <),
# emphasis and code (* _ ~ `), LaTeX ($), Streamlit directives and emoji/icon shortcodes (:), HTML entities (&),
# tables (|), and the backslash itself.
# Hyphens, dots and brackets () stay as they are, so dates, course names and numbers read the same in the source.
_INLINE = re.compile(r"([\\`*_\[\]<>$:@~&!|{}])")
# Streamlit's front end links bare URLs and e-mail addresses (remark-gfm) in the text *after* Markdown escapes are
# undone, so a backslash cannot stop it: "http\://x.com" still became a link (issue 22). The characters that make
# a URL one are shown as their full-width forms instead, which read the same to a person: "http：//x．com",
# "www．x．com", "a＠b．com". No zero-width characters (they would survive a copy and paste).
_AUTOLINK = [
    (re.compile(r"(?i)(?<![\w])((?:https?|ftp|mailto|xmpp))(:)"), "\\1："),  # scheme:
    (re.compile(r"(?i)\b(www)(\.)"), "\\1．"),
    (re.compile(r"@"), "＠"),
]
# At the start of the text (which may start a line or a list item): headings, quotes, lists, thematic breaks.
_BLOCK_START = re.compile(r"^([#>+=-]|\d+[.)])")


def _escape_block_start(m: re.Match) -> str:
    mark = m.group(1)
    return mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark


def md(value) -> str:
    """`value` as literal text inside Markdown. Line breaks become spaces and the ends are trimmed, so only the
    start of the text can begin a block (a heading, quote, list or indented code), and that is escaped too."""
    text = "" if value is None else str(value)
    text = re.sub(r"\s*[\r\n]+\s*", " ", text).strip()
    for pattern, replacement in _AUTOLINK:
        text = pattern.sub(replacement, text)
    text = _INLINE.sub(r"\\\1", text)
    return _BLOCK_START.sub(_escape_block_start, text)
