"""“核对你的回答”: the case's answers in the wizard's words and order, one box per step. The result page shows it
with 修改 links; the help desk shows the same view of the redacted case a candidate sent, without them."""
from __future__ import annotations

import streamlit as st

from checks import flow
from checks.catalogue import phrase
from checks.models import Case


def check_your_answers(case: Case, edit: bool = True) -> None:
    """`edit`: the candidate's own answers, with a 修改 link per step. Otherwise (help desk) the redacted case:
    what the case code and the redacted case file carry, and nothing else."""
    rows = flow.answer_rows(case if edit else case.redacted(), redacted=not edit)
    for step in flow.steps_for(case.candidate.level):
        with st.container(border=True):
            if edit:
                head, action = st.columns([3, 1], vertical_alignment="center")
                head.markdown(f"**{step.title}**")
                with action:
                    st.page_link("pages/1_eligibility.py", label=phrase("result.change"), icon=":material/edit:",
                                 query_params={"step": step.id, "from": "check"},
                                 help=phrase("result.change_help", step=step.title))
            else:
                st.markdown(f"**{step.title}**")
            # Answers include what the candidate typed (names, course names): plain text, never Markdown.
            st.text("\n".join(f"{q}：{a}" for sid, q, a in rows if sid == step.id))
