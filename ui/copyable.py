"""Text a person copies into a chat (case code, checklist, help-desk trace): plain text in a framed box, with a
copy button that works on touch screens.

Not st.code: its front end is a 1.5 MB syntax highlighter that a phone downloads and compiles the first time a
code block appears (measured: the last ~250 ms of opening the result page, benchmarks/bench_ui.py), and its own
copy icon appears only on mouse hover. The text goes through st.text, so nothing in it is read as Markdown.
"""
from __future__ import annotations

import html

import streamlit as st

from checks.catalogue import phrase

from ui.browser import js_string, run_in_page

# The page's clipboard; older browsers (and http:// pages, where navigator.clipboard is missing) get a hidden
# textarea + execCommand. The button is ours (not st.button): copying must not cost a server round trip.
_COPY = """<button type="button" style="width:100%;min-height:44px;font-size:16px;border-radius:.5rem;
border:1px solid #1565C0;background:#fff;color:#1565C0;cursor:pointer">LABEL</button>
<script>
(() => {
  // Its own button, found from the script itself: an id could match a stale copy left from the previous page.
  const text = TEXT, btn = document.currentScript.parentElement.querySelector('button');
  btn.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(text); }
    catch (e) {
      const t = document.createElement('textarea'); t.value = text; document.body.appendChild(t);
      t.select(); document.execCommand('copy'); t.remove();
    }
    btn.textContent = DONE;
  });
})();
</script>"""

# Monospace and a light background, like a code block; long codes break anywhere instead of widening the page.
CSS = """
[class*="st-key-copyable-"] [data-testid="stText"] {background: #F5F7FA; padding: .6rem .75rem; border-radius: .5rem;
  overflow-wrap: anywhere;}
[class*="st-key-copyable-"] [data-testid="stText"], [class*="st-key-copyable-"] [data-testid="stText"] * {
  font-family: "Source Code Pro", ui-monospace, monospace; font-size: .9rem;}
"""


def copyable(text: str, key: str, label: str | None = None, done: str | None = None) -> None:
    """`text` in a framed box (class st-key-copyable-<key>) and a full-width button that copies it. `text` may
    hold what a stranger typed (course names in a case file): it reaches the script only as a JS string."""
    label, done = label or phrase("copyable.copy"), done or phrase("copyable.done")
    with st.container(key=f"copyable-{key}"):
        st.text(text)
        run_in_page(_COPY.replace("LABEL", html.escape(label)).replace("DONE", js_string(done)).replace("TEXT", js_string(text)))
