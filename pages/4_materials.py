"""承诺书与材料清单: the checklist (grouped, in order), the pledge form preview and the downloads."""
import streamlit as st

from checks.checklist import build_checklist, checklist_pdf, checklist_text, places_line, summary_line
from checks.pdf import preview_png
from checks.pledge import PledgeError, build_pledge
from checks.rules import evaluate
from ui import setup, state
from ui.layout import nav_link
from ui.safe import md

STATUS = {"needed": ("需要准备", "orange"), "ready": ("已备好", "green"), "not_needed": ("不需要", "gray")}
CHANNEL = {"online": "网上办理", "in_person": "现场办理", "both": "网上上传＋现场提交"}

setup("承诺书与材料清单")
st.title("承诺书与材料清单")

case, _ = state.current_case()
if case is None:
    st.warning("材料清单要根据你的情况生成，资格自查还缺少下面的回答：\n"
               + "\n".join(f"- {m}" for m in state.missing_answers()), icon=":material/edit_note:")
    nav_link("pages/1_eligibility.py", label="去资格自查补全回答")
    st.stop()

verdict = evaluate(case)
checklist = build_checklist(case, verdict)
list_tab, pledge_tab = st.tabs(["材料清单", "承诺书"])

with list_tab:
    st.markdown(f"**{summary_line(checklist)}** {places_line(checklist)}。按下面的顺序准备。")
    number = 0
    for stage_name, items in checklist.stages():
        active = [i for i in items if i.status != "not_needed"]
        if not active:
            continue
        st.subheader(stage_name)
        for item in active:
            number += 1
            label, color = STATUS[item.status]
            with st.container(border=True):
                st.markdown(f"**{number}. {md(item.title)}** :{color}-badge[{label}]")
                if item.blocked:
                    st.error("照现在的情况会被退回：先解决这一项。", icon=":material/block:")
                lines = []
                if item.channel in CHANNEL:
                    lines += [f"**{CHANNEL[item.channel]}：** {md(item.where)}", f"**材料：** {md(item.form)}"]
                if item.note:
                    lines.append(md(item.note))
                lines.append(f":gray[依据：通知{item.clause}]")
                st.markdown("  \n".join(lines))
    skipped = checklist.by_status("not_needed")
    if skipped:
        with st.expander(f"不需要准备的材料（{len(skipped)}项）"):
            st.markdown("\n".join(f"- **{md(i.title)}**：{md(i.note)}（通知{i.clause}）" for i in skipped))
    st.divider()
    text = checklist_text(checklist)
    left, right = st.columns(2)
    left.download_button("下载材料清单PDF（可打印）", checklist_pdf(checklist), file_name=f"材料清单_{case.round}.pdf",
                         mime="application/pdf", key="materials.checklist_pdf", icon=":material/download:")
    right.download_button("下载材料清单文字版", text.encode("utf-8"), file_name=f"材料清单_{case.round}.txt",
                          mime="text/plain", key="materials.checklist_txt", icon=":material/download:")
    st.caption("复制下面的文字，可以直接发到微信/QQ：")
    st.code(text, language=None, wrap_lines=True)

with pledge_tab:
    st.markdown("《云南省高等教育自学考试毕业办证申请暨思想品德合格承诺书》（通知附件2）：下载打印后**本人用黑色签字笔签名、"
                "写日期**，扫描或拍照后上传到管理平台。")
    try:
        pledge = build_pledge(case)
    except PledgeError as exc:
        st.warning("生成承诺书还缺少：\n" + "\n".join(f"- {md(m)}" for m in exc.messages), icon=":material/edit_note:")
        nav_link("pages/1_eligibility.py", label="去资格自查填写")
    else:
        for warning in pledge.warnings:
            st.error(md(warning), icon=":material/draw:")  # quotes characters of the name
        if not pledge.official:
            st.info("官方附件2原文暂时没有拿到，承诺书文字是本工具根据通知要求拟写的，PDF上已注明。"
                    "如果确认点或主考学校给了官方模板，请用官方模板。", icon=":material/info:")
        if verdict.by_status("blocker"):
            st.warning("自查发现会被退回的问题：可以先打印，但建议先解决问题再签字提交。", icon=":material/block:")
        st.download_button("下载承诺书PDF", pledge.pdf, file_name=f"承诺书_{case.round}.pdf", mime="application/pdf",
                           key="materials.pledge_pdf", type="primary", icon=":material/download:")
        st.image(preview_png(pledge.pdf), caption="承诺书预览（第1页）：请核对信息后再下载打印", width="stretch")
        st.caption("左下角二维码只含轮次、准考证号和一个核对码，不含身份证号。")
