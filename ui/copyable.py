"""Text a person copies into a chat (case code, checklist, help-desk trace): plain text in a framed box, with a
copy button that works on touch screens.

Not st.code: its front end is a 1.5 MB syntax highlighter that a phone downloads and compiles the first time a
code block appears (measured: the last ~250 ms of opening the result page, benchmarks/bench_ui.py), and its own
copy icon appears only on mouse hover. The text goes through st.text, so nothing in it is read as Markdown.
"""
from __future__ import annotations

import json

import streamlit as st
from streamlit.components.v1 import html as run_in_browser

# The iframe calls the page's clipboard (same origin) and falls back to a hidden textarea + execCommand.
_COPY = """<style>body{margin:0;padding:2px 1px}</style><button id="copy" style="width:100%;min-height:44px;font-size:16px;border-radius:.5rem;border:1px solid #1565C0;
background:#fff;color:#1565C0;cursor:pointer">LABEL</button>
<script>
const text = TEXT;
const btn = document.getElementById('copy');
btn.addEventListener('click', async () => {
  const p = window.parent;
  try { await p.navigator.clipboard.writeText(text); }
  catch (e) {
    const t = p.document.createElement('textarea'); t.value = text; p.document.body.appendChild(t);
    t.select(); p.document.execCommand('copy'); t.remove();
  }
  btn.textContent = DONE;
});
</script>"""

# Monospace and a light background, like a code block; long codes break anywhere instead of widening the page.
CSS = """
[class*="st-key-copyable-"] [data-testid="stText"] {background: #F5F7FA; padding: .6rem .75rem; border-radius: .5rem;
  overflow-wrap: anywhere;}
[class*="st-key-copyable-"] [data-testid="stText"], [class*="st-key-copyable-"] [data-testid="stText"] * {
  font-family: "Source Code Pro", ui-monospace, monospace; font-size: .9rem;}
"""


def copyable(text: str, key: str, label: str = "复制", done: str = "已复制，可以粘贴到微信/QQ") -> None:
    """`text` in a framed box (class st-key-copyable-<key>) and a full-width button that copies it."""
    with st.container(key=f"copyable-{key}"):
        st.text(text)
        run_in_browser(_COPY.replace("LABEL", label).replace("DONE", json.dumps(done))
                       .replace("TEXT", json.dumps(text)), height=52)
