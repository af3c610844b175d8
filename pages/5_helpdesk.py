"""帮助台: reproduce exactly what a candidate saw from their case code, QR screenshot or case file."""
import streamlit as st

from checks.checklist import build_checklist, checklist_text
from checks.rounds import load_round
from checks.rules import evaluate
from ui import casefile, render, setup
from ui.casecode import case_code_input

setup("帮助台：查看考生结果")
st.title("帮助台：查看考生的自查结果")
st.caption("请考生发来案例码（文字或二维码截图）或脱敏案例文件：不需要对方的身份证号。"
           "结果按案例里记录的批次、申请日期和规则重新计算，与考生看到的一致。")

code_tab, file_tab = st.tabs(["案例码 / 二维码截图", "案例文件（.json）"])
with code_tab:
    from_code = case_code_input(key="helpdesk.code")
with file_tab:
    from_file = casefile.upload("上传考生的案例文件（.json）", key="helpdesk.file")
case = from_code or from_file

if case is not None:
    rnd = load_round(case.round)
    if case.data_version and case.data_version != rnd.data_version:
        st.warning(f"考生保存案例时用的规则数据版本是 {case.data_version}，现在是 {rnd.data_version}："
                   "规则数据更新过，结果可能与考生当时看到的略有不同。", icon=":material/error:")
    else:
        st.info(f"批次 {rnd.title}（{rnd.id}），规则数据版本 {rnd.data_version}。", icon=":material/info:")
    verdict = evaluate(case, rnd)
    render.verdict(verdict, show_rule=True)  # rule ids are for the help desk, not for candidates
    with st.expander("考生的材料清单（可复制发给考生）"):
        st.code(checklist_text(build_checklist(case, verdict)), language=None, wrap_lines=True)
