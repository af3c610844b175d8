"""Our few lines of JavaScript, run in the page itself (st.html with scripts allowed).

Not st.components.v1.html: Streamlit 1.67 logs a deprecation warning on every run that uses it (it is to be
removed) and puts each snippet in an iframe. st.html runs a snippet's scripts again only when its HTML changes,
so a snippet that must run once per page change or per click carries something that changes (a title, a nonce).
Only our own code goes in here; any value from a person goes through js_string.
"""
from __future__ import annotations

import json

import streamlit as st


def js_string(value: str) -> str:
    """`value` as a JavaScript string literal that cannot end the <script> element it sits in."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def run_in_page(snippet: str) -> None:
    st.html(snippet, unsafe_allow_javascript=True)
