"""自查结果: check your answers, the verdict grouped by status, and saving the case."""
import streamlit as st

from checks import flow
from checks.rules import evaluate
from ui import casefile, render, setup, state
from ui.casecode import render_case_code
from ui.layout import nav_link
from ui.safe import md

setup("自查结果")
st.title("自查结果")

case, _ = state.current_case()
if case is None:
    st.warning("还没有完成资格自查，还差这些回答：\n" + "\n".join(f"- {m}" for m in state.missing_answers()),
               icon=":material/edit_note:")
    nav_link("pages/1_eligibility.py", label="去资格自查")
    restored = casefile.upload("或者上传以前下载的案例文件（.json）恢复回答", key="result.restore")
    if restored is not None:
        state.load_case(restored)
        st.rerun()
    st.stop()

render.verdict(evaluate(case))

st.divider()
st.subheader("核对你的回答")
steps = flow.steps_for(case.candidate.level)
titles = {s.id: s.title for s in steps}
rows = flow.answer_rows(case)
for step_index, step in enumerate(steps):
    with st.container(border=True):
        head, action = st.columns([4, 1], vertical_alignment="center")
        head.markdown(f"**{titles[step.id]}**")
        if action.button("修改", key=f"result.change.{step.id}", help=f"回到“{titles[step.id]}”修改"):
            st.session_state["elig.step"] = step_index
            st.switch_page("pages/1_eligibility.py")
        st.markdown("\n".join(f"- {q}：**{md(a)}**" for sid, q, a in rows if sid == step.id))  # a: typed by the candidate

st.divider()
st.subheader("保存结果")
st.caption("本工具不保存任何信息。想下次接着用，或让帮助台看到同样的结果，请下载案例文件。")
saved = casefile.stamped(case)
casefile.download_buttons(saved)
render_case_code(saved)
nav_link("pages/4_materials.py", label="下一步：生成承诺书和材料清单")
