"""自查结果: check your answers, the verdict grouped by status, and saving the case. Only from finished answers."""
import streamlit as st

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
    st.warning("资格自查还没有做完，所以还不能给出结果。", icon=":material/edit_note:")
    layout.unfinished(problems)
    st.stop()

render.verdict(evaluate(case), action=layout.todo_action)

st.divider()
st.subheader("核对你的回答")
check_your_answers(case)

st.divider()
st.subheader("保存结果")
st.caption("本工具不保存任何信息。想下次接着用，或让帮助台看到同样的结果，请下载案例文件。")
saved = casefile.stamped(case)
casefile.download_buttons(saved)
render_case_code(saved)
st.divider()
nav_link("pages/3_photo.py", label="下一步：检查电子照片")
nav_link("pages/4_materials.py", label="下一步：生成承诺书和材料清单")
