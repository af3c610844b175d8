"""我的申请: the home page. Readiness at a glance, the stage in the six-stage process, the next three things
to do; a welcoming start when nothing is answered yet. All logic lives in checks.progress, all words in the
round file (the verdict's headline) and assets/text/pages.yaml."""
import streamlit as st

from checks.catalogue import phrase
from checks.progress import progress
from checks.rounds import load_round
from checks.rules import evaluate
from checks.views import finding_view, verdict_view
from ui import render, setup, state
from ui.banner import notice_line
from ui.layout import nav_link, todo_action, unfinished
from ui.safe import md

setup("我的申请")
st.title("云南自考毕业申请自查")
st.caption(notice_line())

case, problems = state.current_case()

if case is None and not state.is_blank():
    # Started but not finished: no verdict, no stage, no count from half the answers.
    st.info(phrase("home.unfinished"), icon=":material/edit_note:")
    unfinished(problems)
    st.stop()

if case is None:
    # The way in first, as a large button: on a phone the description below fills the first screen.
    with st.container(key="home-start"):
        nav_link("pages/1_eligibility.py", label=phrase("home.start"), icon=":material/play_circle:")
    spec = state.app_round().photo  # the standard's numbers come from the round's data, never from code
    st.markdown(phrase("home.welcome", width=spec.width, height=spec.height, min_kb=spec.min_bytes // 1024,
                       max_kb=spec.max_bytes // 1024))
    st.caption(phrase("home.privacy"))
    st.stop()

rnd = load_round(case.round)
verdict = evaluate(case, rnd)
prog = progress(case, verdict, rnd)

render.headline(prog.said)  # the result page's own headline, word for word

cols = st.columns(3)
cols[0].metric(phrase("home.metric_blockers"), prog.blockers)
cols[1].metric(phrase("home.metric_todos"), prog.todos)
cols[2].metric(phrase("home.metric_stage"), f"{[s.id for s in prog.stages].index(prog.current) + 1}/{len(prog.stages)}")

st.subheader(phrase("home.progress_heading"))
render.timeline(rnd, case.candidate.level, current=prog.current)
cur = prog.current_stage
st.caption(phrase("home.stage_apply" if cur.id == "apply" else "home.stage_other", stage=cur.name))

if prog.next_steps:
    st.subheader(phrase("home.next_heading"))
    for i, f in enumerate(prog.next_steps, 1):
        item = finding_view(f, rnd.verdict, number=i)
        with st.container(border=True):
            st.markdown(f"**{i}. {md(item.title)}**" + (render.mark_badge(item) or f" :orange-badge[{rnd.verdict['todo_mark']}]"))
            todo_action(f)
    if prog.blockers + prog.todos > len(prog.next_steps):
        st.caption(verdict_view(verdict, rnd).more_steps)

st.subheader(phrase("home.continue_heading"))
nav_link("pages/2_result.py", label=phrase("home.to_result"))
nav_link("pages/1_eligibility.py", label=phrase("home.to_eligibility"))
nav_link("pages/3_photo.py", label=phrase("home.to_photo"))
nav_link("pages/4_materials.py", label=phrase("home.to_materials"))
