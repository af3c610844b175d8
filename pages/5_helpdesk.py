"""帮助台: reproduce exactly what a candidate saw from their case code, QR screenshot or case file."""
import streamlit as st

from checks.checklist import build_checklist, checklist_text
from checks.rounds import RoundError, load_round
from ui import casefile, render, setup
from ui.answers import check_your_answers
from ui.banner import round_banner
from ui.casecode import case_code_input
from ui.copyable import copyable
from ui.new_round import new_round_section
from ui.safe import md

banner_slot = setup("帮助台：查看考生结果", banner=False)
st.title("帮助台：查看考生的自查结果")
st.caption("请考生发来案例码（文字或二维码截图）或脱敏案例文件：不需要对方的身份证号。"
           "结果按案例里记录的批次、申请日期和规则重新计算，与考生看到的一致。")

code_tab, file_tab = st.tabs(["案例码 / 二维码截图", "案例文件（.json）"])
with code_tab:
    from_code = case_code_input(key="helpdesk.code")
with file_tab:
    from_file = casefile.upload("上传考生的案例文件（.json）", key="helpdesk.file")
case = from_code or from_file

rnd = None
if case is not None:
    try:
        rnd = load_round(case.round)
    except RoundError as exc:  # a code names its round as text: it may name one this app does not have
        st.error(f"案例里的批次读不出来：{md(exc)}。请让考生用最新版本的工具重新生成案例码或案例文件。", icon=":material/error:")

with banner_slot:  # once a case is open: the candidate's date and round, the banner the candidate saw
    if rnd is not None:
        round_banner(case.application_date, rnd)
    else:
        round_banner()

if rnd is not None:
    if case.data_version and case.data_version != rnd.data_version:  # data_version is the sender's text
        st.warning(f"考生保存案例时用的规则数据版本是 {md(case.data_version)}，现在是 {rnd.data_version}："
                   "规则数据更新过，结果可能与考生当时看到的略有不同。", icon=":material/error:")
    else:
        st.info(f"批次 {rnd.title}（{rnd.id}），规则数据版本 {rnd.data_version}。", icon=":material/info:")
    # Issue 11: the data behind the verdict — round, period, data version, each parameter read with its source.
    from checks.trace import trace

    data_trace = trace(case, rnd)
    verdict = data_trace.verdict
    # Issue 23: the candidate's answers beside the verdict (stacked on a phone), in the wizard's words and order.
    verdict_col, answers_col = st.columns([3, 2], gap="large")
    with verdict_col:
        render.verdict(verdict)
    with answers_col:
        st.subheader("考生的回答")
        st.caption("和考生在“核对你的回答”里看到的一样（案例码里没有姓名、身份证号和电话）。")
        check_your_answers(case, edit=False)
    with st.expander("这个结论依据的数据：批次、适用期间、数据版本、用到的参数和出处",
                     expanded=data_trace.projected or not data_trace.date_in_round):
        # Plain text, one fact a line, ready to copy into a chat (and nothing in it can turn into a link).
        copyable("\n".join(data_trace.lines()), "trace", label="复制这些依据")
    with st.expander("考生的材料清单（可复制发给考生）"):
        copyable(checklist_text(build_checklist(case, verdict)), "checklist", label="复制材料清单")
    with st.expander("技术信息：规则编号和参数名（给维护本工具的人）"):
        # Identifiers, not words: shown as a code block, like the case code.
        copyable("\n".join(data_trace.technical_lines()), "technical", label="复制技术信息")

st.divider()
st.subheader("新通知发布了：生成新批次的草稿")
new_round_section()
