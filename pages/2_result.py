"""自查结果: check your answers, the verdict grouped by status, and saving the case. Only from finished answers."""
import streamlit as st

from checks.catalogue import phrase
from checks.rules import evaluate
from ui import casefile, layout, render, setup, state
from ui.answers import check_your_answers
from ui.casecode import render_case_code, restore_answers
from ui.layout import nav_link
from ui.safe import md

setup("自查结果")
st.title("自查结果")

case, problems = state.current_case()
if case is None:
    if state.is_blank():
        if restore_answers("result.restore"):
            st.rerun()
        st.stop()
    st.warning(phrase("result.unfinished"), icon=":material/edit_note:")
    layout.unfinished(problems)
    st.stop()

render.verdict(evaluate(case), action=layout.todo_action)

st.divider()
st.subheader(phrase("result.check_heading"))
check_your_answers(case)

st.divider()
st.subheader(phrase("result.save_heading"))
st.caption(phrase("result.save_note"))
saved = casefile.stamped(case)
casefile.download_buttons(saved)
render_case_code(saved)
st.divider()
nav_link("pages/3_photo.py", label=phrase("result.to_photo"))
nav_link("pages/4_materials.py", label=phrase("result.to_materials"))
