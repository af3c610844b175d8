"""帮助台: reproduce exactly what a candidate saw from their case file (or case code)."""
import streamlit as st

from checks.rounds import load_round
from checks.rules import evaluate
from ui import casefile, render, setup

setup("帮助台：查看考生结果")
st.title("帮助台：查看考生的自查结果")
st.caption("请考生发来脱敏案例文件：不需要对方的身份证号。结果按案例里记录的批次、申请日期和规则重新计算，与考生看到的一致。")

case = casefile.upload("上传考生的案例文件（.json）", key="helpdesk.file")
if case is not None:
    rnd = load_round(case.round)
    if case.data_version and case.data_version != rnd.data_version:
        st.warning(f"考生保存案例时用的规则数据版本是 {case.data_version}，现在是 {rnd.data_version}："
                   "规则数据更新过，结果可能与考生当时看到的略有不同。", icon=":material/error:")
    else:
        st.info(f"批次 {rnd.title}（{rnd.id}），规则数据版本 {rnd.data_version}。", icon=":material/info:")
    render.verdict(evaluate(case))
