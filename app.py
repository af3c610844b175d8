"""我的申请: the home page. Readiness at a glance, the stage in the six-stage process, the next three things
to do; a welcoming start when nothing is answered yet. All logic lives in checks.progress."""
import streamlit as st

from checks.progress import progress
from checks.rounds import load_round
from checks.rules import evaluate
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
    st.info("你的资格自查还没有做完。回答完所有问题后，这里会显示能不能申请、办到哪一步、接下来做什么。",
            icon=":material/edit_note:")
    unfinished(problems)
    st.stop()

if case is None:
    # The way in first, as a large button: on a phone the description below fills the first screen.
    with st.container(key="home-start"):
        nav_link("pages/1_eligibility.py", label="开始资格自查（大约5分钟）", icon=":material/play_circle:")
    spec = state.app_round().photo  # the standard's numbers come from the round's data, never from code
    st.markdown(
        "申请云南省自学考试毕业证书之前，用这个工具先自查一遍：\n"
        "1. **资格自查**：按通知逐条核对成绩补录、前置学历和申请材料，告诉你哪些会被退回、还要办什么。\n"
        f"2. **照片检查**：检查毕业证照片是否符合要求（{spec.width}×{spec.height}、浅蓝底、"
        f"{spec.min_bytes // 1024}–{spec.max_bytes // 1024}KB），能自动修正。\n"
        "3. **承诺书与材料清单**：生成填好信息的承诺书和按顺序排好的材料清单，打印就能用。"
    )
    st.caption("隐私：你填写的信息只在本次打开的页面里使用，不保存到服务器、不写入任何文件，关闭或刷新页面就清空。"
               "需要时可以自己下载案例文件保存。结果仅供参考，以云南省招生考试院和管理平台为准。")
    st.stop()

rnd = load_round(case.round)
verdict = evaluate(case, rnd)
prog = progress(case, verdict, rnd)

if prog.ready:
    st.success(f"### {prog.headline}", icon=":material/celebration:")
elif prog.blockers:
    st.error(f"### {prog.headline}", icon=":material/block:")
else:
    st.warning(f"### {prog.headline}", icon=":material/push_pin:")

cols = st.columns(3)
cols[0].metric("会被退回的问题", prog.blockers)
cols[1].metric("待办事项", prog.todos)
cols[2].metric("当前阶段", f"{[s.id for s in prog.stages].index(prog.current) + 1}/{len(prog.stages)}")

st.subheader("办理进度")
render.timeline(rnd, case.candidate.level, current=prog.current)
cur = prog.current_stage
st.caption(f"你现在在“{cur.name}”这一步。"
           + ("后面的初审、复审、终审由确认点、州市招生考试机构或主考学校、省招生考试院在网上完成，不需要你办理。"
              if cur.id == "apply" else "这一步办完才能往下走。"))

if prog.next_steps:
    st.subheader("接下来要做的事")
    for i, f in enumerate(prog.next_steps, 1):
        with st.container(border=True):
            mark = ":red-badge[会被退回]" if f.status == "blocker" else ":orange-badge[待办]"
            st.markdown(f"**{i}. {md(f.title)}** {mark}")  # may name a restored course
            todo_action(f)
    if prog.blockers + prog.todos > len(prog.next_steps):
        st.caption(f"共 {prog.blockers + prog.todos} 项，完整列表见“自查结果”。")

st.subheader("继续")
nav_link("pages/2_result.py", label="查看完整自查结果")
nav_link("pages/1_eligibility.py", label="修改资格自查的回答")
nav_link("pages/3_photo.py", label="照片检查")
nav_link("pages/4_materials.py", label="承诺书与材料清单")
