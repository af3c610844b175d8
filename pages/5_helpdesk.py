"""帮助台: reproduce exactly what a candidate saw from their case code, QR screenshot or case file."""
import streamlit as st

from checks.catalogue import phrase
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
st.caption(phrase("helpdesk.intro"))

code_tab, file_tab = st.tabs([phrase("helpdesk.tab_code"), phrase("helpdesk.tab_file")])
with code_tab:
    from_code = case_code_input(key="helpdesk.code")
with file_tab:
    from_file = casefile.upload(phrase("helpdesk.upload"), key="helpdesk.file")
case = from_code or from_file

rnd = None
if case is not None:
    try:
        rnd = load_round(case.round)
    except RoundError as exc:  # a code names its round as text: it may name one this app does not have
        st.error(phrase("helpdesk.bad_round", error=md(exc)), icon=":material/error:")

with banner_slot:  # once a case is open: the candidate's date and round, the banner the candidate saw
    if rnd is not None:
        round_banner(case.application_date, rnd)
    else:
        round_banner()

if rnd is not None:
    if case.data_version and case.data_version != rnd.data_version:  # data_version is the sender's text
        st.warning(phrase("helpdesk.data_changed", theirs=md(case.data_version), ours=rnd.data_version), icon=":material/error:")
    else:
        st.info(phrase("helpdesk.data_same", round_title=rnd.title, round=rnd.id, data_version=rnd.data_version), icon=":material/info:")
    from checks.flow import predates

    missing = predates(case)
    if missing:  # rules.md v3: an old case file or code leaves the newer questions unanswered, never "no"
        st.warning(phrase("helpdesk.predates", version=case.schema_version,
                          questions="\n".join(f"- {name}" for name in missing)), icon=":material/history:")
    # Issue 11: the data behind the verdict — round, period, data version, each parameter read with its source.
    from checks.trace import trace

    data_trace = trace(case, rnd)
    verdict = data_trace.verdict
    # Issue 23: the candidate's answers beside the verdict (stacked on a phone), in the wizard's words and order.
    verdict_col, answers_col = st.columns([3, 2], gap="large")
    with verdict_col:
        render.verdict(verdict)
    with answers_col:
        st.subheader(phrase("helpdesk.answers_heading"))
        st.caption(phrase("helpdesk.answers_note"))
        check_your_answers(case, edit=False)
    with st.expander(phrase("helpdesk.trace"), expanded=data_trace.projected or not data_trace.date_in_round):
        # Plain text, one fact a line, ready to copy into a chat (and nothing in it can turn into a link).
        copyable("\n".join(data_trace.lines()), "trace", label=phrase("helpdesk.copy_trace"))
    with st.expander(phrase("helpdesk.checklist")):
        copyable(checklist_text(build_checklist(case, verdict)), "checklist", label=phrase("helpdesk.copy_checklist"))
    with st.expander(phrase("helpdesk.technical")):
        # Identifiers, not words: shown as a code block, like the case code.
        copyable("\n".join(data_trace.technical_lines()), "technical", label=phrase("helpdesk.copy_technical"))

st.divider()
st.subheader(phrase("helpdesk.new_round"))
new_round_section()
