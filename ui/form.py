"""Widgets bound to a path in the answers dict.

Each widget starts from the stored answer and writes its value back on every run, so answers survive page
changes (Streamlit drops widget state when the page changes) and a restored case file fills the widgets.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from ui import state


def get(path: str, default: Any = None) -> Any:
    node: Any = state.answers()
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def put(path: str, value: Any) -> None:
    node = state.answers()
    *parents, leaf = path.split(".")
    for part in parents:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[leaf] = value


def _key(path: str) -> str:
    return f"elig.{path}"


def choice(label: str, path: str, options: dict, help: str | None = None, horizontal: bool = True) -> Any:
    """A radio over {stored value: Chinese label}; nothing pre-selected until answered."""
    values = list(options)
    current = get(path)
    picked = st.radio(label, values, index=values.index(current) if current in values else None,
                      format_func=options.get, key=_key(path), horizontal=horizontal, help=help)
    put(path, picked)
    return picked


YES_NO = {True: "是", False: "否"}


def yes_no(label: str, path: str, help: str | None = None) -> bool | None:
    return choice(label, path, YES_NO, help=help)


def text(label: str, path: str, help: str | None = None, placeholder: str = "") -> str | None:
    value = st.text_input(label, value=get(path) or "", key=_key(path), help=help, placeholder=placeholder)
    value = value.strip()
    put(path, value or None)
    return value or None


def date(label: str, path: str, min_value: dt.date = dt.date(1950, 1, 1),
         max_value: dt.date = dt.date(2100, 12, 31), help: str | None = None) -> dt.date | None:
    raw = get(path)
    try:
        current = dt.date.fromisoformat(raw) if isinstance(raw, str) else raw
    except ValueError:
        current = None
    picked = st.date_input(label, value=current, min_value=min_value, max_value=max_value, key=_key(path),
                           help=help, format="YYYY-MM-DD")
    put(path, picked.isoformat() if isinstance(picked, dt.date) else None)
    return picked


def table(path: str, columns: dict[str, Any], codes: dict[str, dict] | None = None,
          ints: tuple[str, ...] = ()) -> list[dict]:
    """A dynamic-row table editor for a list of objects.

    `codes` maps a column's stored values to the Chinese labels shown in its select box; `ints` are integer
    columns (pandas hands them back as floats). st.data_editor applies its edits to the data passed in, so it
    must get the same base every run: we keep the base in state and refresh it only when the widget is new
    (first render, or back on this page).
    """
    codes = codes or {}
    key, base_key = _key(path), _key(path) + ".base"
    if key not in st.session_state or base_key not in st.session_state:
        rows = [{c: codes.get(c, {}).get(r.get(c), r.get(c)) for c in columns} for r in (get(path, []) or [])]
        st.session_state[base_key] = pd.DataFrame(rows, columns=list(columns))
    edited = st.data_editor(st.session_state[base_key], key=key, num_rows="dynamic", column_config=columns,
                            width="stretch", hide_index=True)
    records = []
    for row in edited.to_dict("records"):
        clean = {}
        for col, value in row.items():
            if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
                continue
            if col in codes:
                value = {label: code for code, label in codes[col].items()}.get(value, value)
            if col in ints:
                value = int(value)
            clean[col] = value
        if any(v is not False for v in clean.values()):
            records.append(clean)
    put(path, records)
    return records
