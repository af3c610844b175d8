"""Case code widgets: show a candidate's code + QR (result page), read a code or QR screenshot (help desk, and a
candidate restoring answers after a reload)."""
from __future__ import annotations

import base64

import streamlit as st

from checks import casecode
from checks.catalogue import phrase
from checks.models import Case
from checks.rounds import load_round
from ui.casefile import uploaded_file
from ui.copyable import copyable
from ui.safe import md


def render_case_code(case: Case) -> None:
    """The redacted case as a text code and a QR image, with a PNG download. Built fresh on every run: a
    case is personal data, so nothing here is cached."""
    code = casecode.pretty(casecode.encode(case))
    st.subheader(phrase("casecode.heading"))
    st.caption(phrase("casecode.note"))
    copyable(code, "casecode", label=phrase("casecode.copy"))
    st.caption(phrase("casecode.round", round_title=load_round(case.round).title, round=case.round))  # a projection says 预估
    png = casecode.qr_png(case)
    # Inline (a data: address), not a /media file: the browser would fetch that after the page is drawn, and
    # that fetch was the last quarter of a second of opening this page (benchmarks/bench_ui.py).
    st.image("data:image/png;base64," + base64.b64encode(png).decode("ascii"), width=200, caption=phrase("casecode.qr_caption"))
    st.download_button(phrase("casecode.qr_download"), png, file_name=phrase("casecode.qr_file_name", round=case.round) + ".png", mime="image/png",
                       key="casecode.qr_download", icon=":material/qr_code_2:", width="stretch")


def case_code_input(key: str = "casecode.input", label: str | None = None, submit: str | None = None) -> Case | None:
    """A text area for a pasted code (in a form with a Chinese submit button: no "Press Ctrl+Enter to apply")
    and an uploader for a QR screenshot; the case, or None with a Chinese error shown. A screenshot, when
    given, wins over the text."""
    with st.form(f"{key}.form", border=False):
        text = st.text_area(label or phrase("casecode.paste"), key=f"{key}.text", height=110,
                            placeholder=phrase("casecode.placeholder"))
        st.form_submit_button(submit or phrase("casecode.submit"), type="primary", width="stretch", icon=":material/search:")
    shot = uploaded_file(phrase("casecode.screenshot"), f"{key}.image", (".png", ".jpg", ".jpeg", ".webp", ".bmp"),
                         phrase("casecode.screenshot_kind"), help_with_limit=phrase("casecode.screenshot_help"))
    try:
        if shot is not None:
            return casecode.decode_image(shot.getvalue())
        if text and text.strip():
            return casecode.decode(text)
    except casecode.CaseCodeError as exc:
        said = (phrase("casecode.unreadable_screenshot", name=md(shot.name), error=md(exc)) if shot is not None
                else phrase("casecode.unreadable_code", error=md(exc)))
        st.error(said, icon=":material/error:")  # may quote what was pasted
    return None


def restore_answers(key: str) -> bool:
    """After a reload, a new session or a server failover the answers are gone (they live in this session's
    memory only, by design). Say so plainly and offer the two ways back. True once answers were restored."""
    from ui import state
    from ui.casefile import upload
    from ui.layout import nav_link

    st.warning(phrase("casecode.cleared"), icon=":material/history:")
    nav_link("pages/1_eligibility.py", label=phrase("casecode.restart"), icon=":material/restart_alt:")
    case = upload(phrase("casecode.restore_file"), key=f"{key}.file")
    if case is None:
        with st.expander(phrase("casecode.restore_code")):
            case = case_code_input(key=f"{key}.code", label=phrase("casecode.restore_paste"),
                                   submit=phrase("casecode.restore_submit"))
        if case is not None and "*" in (case.candidate.admission_number or ""):
            # A case code carries only the first digits of the admission number: ask again rather than keep a mask.
            case = case.model_copy(update={"candidate": case.candidate.model_copy(update={"admission_number": None})})
    if case is None:
        return False
    state.load_case(case)
    return True
