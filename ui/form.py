"""Widgets bound to a path in the answers dict.

Each widget starts from the stored answer and writes its value back on every run, so answers survive page
changes (Streamlit drops widget state when the page changes) and a restored case file fills the widgets.
Every question gets an anchor (`#q-<path>`) that the error summary and the "还没回答" lists link to, and shows
its own error message, in the question's words, right above the field after a failed 下一步.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import streamlit as st

from checks.questions import question
from checks.wording import parse_date
from ui import state
from ui.safe import md

get = state.value

ERRORS = "elig.errors"  # answer path → message, set by a failed 下一步, shown at the field


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


def anchor(path: str) -> str:
    return "q-" + path.replace(".", "-").replace("_", "-")


_SLOTS = "elig.error_slots"  # answer path → the empty slot above its field, for this run only


def ask(path: str) -> str:
    """The question as the wizard asks it, from the one question table (checks.questions), in the words of the
    level chosen so far (毕业论文 for 本科, 实践性环节 for 专科)."""
    return question(path).ask_for(get("candidate.level"))


def field(path: str) -> None:
    """The anchor of a question and a slot for its error message, filled by show_errors at the end of the run
    (when the answers of this run are known)."""
    st.markdown(f'<div id="{anchor(path)}" class="q-anchor"></div>', unsafe_allow_html=True)
    st.session_state.setdefault(_SLOTS, {})[path] = st.empty()


def begin() -> None:
    st.session_state[_SLOTS] = {}


def show_errors(errors: dict[str, str]) -> None:
    slots = st.session_state.get(_SLOTS, {})
    for path, message in errors.items():
        if path in slots:
            slots[path].error(md(message), icon=":material/error:")  # may quote what was typed


def choice(label: str, path: str, options: dict, help: str | None = None, horizontal: bool = True) -> Any:
    """A radio over {stored value: Chinese label}; nothing pre-selected until answered."""
    field(path)
    values = list(options)
    current = get(path)
    q = question(path)
    captions = [q.explain.get(v, "") for v in values] if q is not None and q.explain else None
    picked = st.radio(label, values, index=values.index(current) if current in values else None,
                      format_func=options.get, key=_key(path), horizontal=horizontal, help=help, captions=captions)
    put(path, picked)
    return picked


YES_NO = {True: "是", False: "否"}


def asked(path: str, horizontal: bool = False) -> Any:
    """A closed question entirely from the question table: its sentence, options (是/否 when it has none) and,
    under it, why it is asked."""
    q = question(path)
    picked = choice(ask(path), path, q.options or YES_NO, horizontal=horizontal or not q.options)
    if q.help:
        st.caption(md(q.help))  # literal text: the 学信网 address must not swallow the words after it
    return picked


def yes_no(label: str, path: str, help: str | None = None) -> bool | None:
    return choice(label, path, YES_NO, help=help)


def text(label: str, path: str, help: str | None = None, placeholder: str = "") -> str | None:
    field(path)
    value = st.text_input(label, value=get(path) or "", key=_key(path), help=help, placeholder=placeholder)
    value = value.strip()
    put(path, value or None)
    return value or None


def date(label: str, path: str, min_value: dt.date = dt.date(1950, 1, 1),
         max_value: dt.date = dt.date(2100, 12, 31), help: str | None = None, own_field: bool = True) -> dt.date | None:
    """A date typed as text ("2015-07-01", "2015/7/1", "2015年7月1日"). Streamlit's date picker shows English
    ("yyyy-mm-dd", month and weekday names) that no setting translates; a text box reads as plain Chinese."""
    if own_field:
        field(path)
    raw = get(path)
    typed = st.text_input(label, value=raw or "", key=_key(path), help=help, placeholder="如 2015-07-01 或 2015年7月1日")
    typed = typed.strip()
    if not typed:
        put(path, None)
        return None
    try:
        picked = parse_date(typed)
        if not min_value <= picked <= max_value:
            raise ValueError(f"日期应在 {min_value.year} 年到 {max_value.year} 年之间")
    except ValueError as exc:
        put(path, None)
        st.error(f"“{md(typed)}”{exc}。请按 2015-07-01 这样的格式填写。", icon=":material/error:")
        return None
    put(path, picked.isoformat())
    return picked


def item_list(path: str, noun: str, describe: Callable[[dict], str],
              add_form: Callable[[], dict | None]) -> list[dict]:
    """A list of small objects edited one at a time ("添加一门"), instead of a grid that does not fit a phone.

    `add_form` draws the fields inside an st.form and returns the new item on submit (None otherwise, after
    showing its own Chinese message); `describe` gives the one-line summary shown for each item (candidate-typed
    text, so it is drawn with st.text, never as Markdown)."""
    field(path)
    items = list(get(path) or [])
    for i, item in enumerate(items):
        with st.container(border=True):
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.text(f"{i + 1}. {describe(item)}")
            if right.button("删除", key=f"{_key(path)}.remove.{i}", width="stretch"):
                items.pop(i)
                put(path, items)
                st.rerun()
    # A new form key after each added item empties the fields; a refused item keeps what was typed.
    counter = f"{_key(path)}.added"
    with st.form(f"{_key(path)}.add.{st.session_state.get(counter, 0)}", border=True):
        st.markdown(f"**添加{'一' if not items else '下一'}{noun}**")
        new = add_form()
    if new is not None:
        items.append(new)
        put(path, items)
        st.session_state[counter] = st.session_state.get(counter, 0) + 1
        st.rerun()
    return items
