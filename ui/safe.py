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
# emphasis and code (* _ ~ `), LaTeX ($), Streamlit directives and emoji/icon shortcodes (:), bare-URL and
# e-mail autolinks (the ":" of "http:" and the "@"), HTML entities (&), tables (|), and the backslash itself.
# Hyphens, dots and brackets () stay as they are, so dates, course names and numbers read the same in the source.
_INLINE = re.compile(r"([\\`*_\[\]<>$:@~&!|{}])")
_WWW = re.compile(r"(?i)\b(www)\.")  # GFM links "www.x.com" without a scheme
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
    text = _INLINE.sub(r"\\\1", text)
    text = _WWW.sub(r"\1\\.", text)
    return _BLOCK_START.sub(_escape_block_start, text)
