"""Answers that survive a reload, kept in the visitor's own browser tab, never on the server.

The server keeps answers only in this session's memory (privacy by design), so a reload, a reconnect after a
long pause or a failover to another server used to empty them. Now every page hands the browser a copy of the
answers WITHOUT name, ID number, phone and admission number (the same fields the case code leaves out), and the
tab keeps it in its sessionStorage: that lives only in this tab and is gone when the tab is closed. When a page
opens with empty answers, the tab sends its copy back once and the questionnaire continues where it was; the
left-out fields are asked again.

The channel is a custom component (st.components.v2, inline JavaScript, nothing fetched from anywhere).
"""
from __future__ import annotations

import json
import secrets

import streamlit as st

from ui import state

# What the case code leaves out (checks.models.Case.redacted): never kept, even in the visitor's own tab. The
# admission number is left out whole, as a code's masked "0101********" cannot be answered back.
LEFT_OUT = ("name", "id_number", "phone", "admission_number")
_KEY = "keep.session"  # a token per server session: the tab sends its copy back once per session
MAX_CHARS = 64 * 1024

_JS = """
export default function (component) {
  const {data, setTriggerValue} = component;
  const KEY = 'yzzk.answers', NOTHING = 'none';
  if (!data) return;
  try {
    if (data.save) sessionStorage.setItem(KEY, data.save);
    if (data.blank && window.__yzzkAsked !== data.session) {
      const kept = sessionStorage.getItem(KEY);
      // Asked (a page waiting to know): answer even with nothing. Otherwise only a kept copy costs a run.
      if (kept || data.ask) { window.__yzzkAsked = data.session; setTriggerValue('restore', kept || NOTHING); }
    }
  } catch (e) {  // storage blocked (private mode): answers live in this page only, as before
    if (data.ask && window.__yzzkAsked !== data.session) { window.__yzzkAsked = data.session; setTriggerValue('restore', NOTHING); }
  }
}
"""
_component = st.components.v2.component("yzzk_keep", js=_JS, html="<span hidden></span>")


def _without_personal(answers: dict) -> dict:
    out = json.loads(json.dumps(answers, ensure_ascii=False, default=str))
    cand = out.get("candidate") or {}
    for k in LEFT_OUT:
        cand.pop(k, None)
    return out


def _flags() -> dict:
    """The wizard's "有" answers to list questions with nothing added yet (kept outside the answers)."""
    return {k: v for k, v in st.session_state.items() if str(k).startswith("elig.") and str(k).endswith(".yes")}


def snapshot() -> str | None:
    """What the tab keeps: None while nothing is answered (a fresh page must not overwrite a kept copy)."""
    if state.is_blank():
        return None
    return json.dumps({"answers": _without_personal(state.answers()), "flags": _flags()}, ensure_ascii=False)


def _clean(value, depth: int = 0):
    """A kept copy comes from the browser: keep only JSON scalars, flat objects and lists of them."""
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    if depth < 3 and isinstance(value, dict):
        return {str(k): _clean(v, depth + 1) for k, v in value.items() if not isinstance(v, (dict, list)) or depth < 2}
    if depth < 3 and isinstance(value, list):
        return [_clean(v, depth + 1) for v in value[:50] if isinstance(v, dict)]
    return None


def restore(kept: str) -> bool:
    """Load a kept copy into empty answers; False (nothing changed) when it is not one of ours."""
    if not isinstance(kept, str) or len(kept) > MAX_CHARS:
        return False
    try:
        data = json.loads(kept)
    except ValueError:
        return False
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return False
    blank = state.blank_answers()
    answers = {k: _clean(v) for k, v in data["answers"].items() if k in blank}
    # Free text must stay text, choices what the wizard stores: a tampered copy is ignored field by field.
    cand = answers.get("candidate") if isinstance(answers.get("candidate"), dict) else {}
    answers["candidate"] = {k: v for k, v in cand.items() if isinstance(v, str) and k not in LEFT_OUT}
    for k in ("application_date", "round"):
        if not isinstance(answers.get(k), str):
            answers.pop(k, None)
    for k in ("grades", "prior_education", "practice", "materials"):
        if not isinstance(answers.get(k), dict):
            answers.pop(k, None)
    restored = {**blank, **answers}
    state.replace_answers(restored)
    if state.is_blank():
        state.replace_answers(blank)
        return False
    for key in [k for k in st.session_state if str(k).startswith("elig.")]:
        del st.session_state[key]  # the wizard's widgets refill from the answers
    flags = data.get("flags") if isinstance(data.get("flags"), dict) else {}
    for k, v in flags.items():
        if str(k).startswith("elig.") and str(k).endswith(".yes") and isinstance(v, bool):
            st.session_state[k] = v
    st.session_state["keep.restored"] = True
    return True


def sync(ask: bool = False) -> None:
    """Every page: hand the tab its copy, or take the tab's copy back into empty answers (then run again).
    `ask`: the page waits to know whether the tab kept anything (heard() is False until the tab answered)."""
    session = st.session_state.setdefault(_KEY, secrets.token_hex(8))
    blank = state.is_blank()
    result = _component(key="keep", data={"save": snapshot(), "blank": blank, "session": session, "ask": ask},
                        height=0, on_restore_change=lambda: None)
    kept = getattr(result, "restore", None)
    if isinstance(kept, str):
        st.session_state["keep.heard"] = True
    if blank and kept and restore(kept):
        st.rerun()


def heard() -> bool:
    """The tab has said what it kept (or that it kept nothing) in this session."""
    return bool(st.session_state.get("keep.heard"))
