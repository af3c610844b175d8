"""承诺书与材料清单: the checklist (grouped, in order), the pledge form preview and the downloads.

PDFs are built only when asked for (a button), then offered for download: building them on every visit made
the page take seconds to open."""
import hashlib

import streamlit as st

from checks.checklist import build_checklist, checklist_pdf, checklist_text, places_line, summary_line
from checks.pdf import preview_png
from checks.pledge import FIELD_LABELS, build_pledge, field_values, required_missing
from checks.rules import evaluate
from checks.wording import cite
from ui import layout, setup, state
from ui.layout import nav_link
from ui.copyable import copyable
from ui.safe import md

STATUS = {"needed": ("需要准备", "orange"), "ready": ("已备好", "green"), "not_needed": ("不需要", "gray")}
CHANNEL = {"online": "网上办理", "in_person": "现场办理", "both": "网上上传＋现场提交"}
# Pledge fields the candidate may leave for later, and the question that fills each.
OPTIONAL_ON_PLEDGE = {"admission_number": "candidate.admission_number", "phone": "candidate.phone",
                      "major": "candidate.major_name", "chief_school": "candidate.chief_school"}

setup("承诺书与材料清单")
st.title("承诺书与材料清单")

case, problems = state.current_case()
if case is None:
    st.warning("材料清单和承诺书要根据你的回答生成，资格自查还没有做完。", icon=":material/edit_note:")
    layout.unfinished(problems)
    st.stop()

# Built PDFs are kept for this session only, keyed by the answers they were built from (a changed answer
# means a new PDF). Personal data: session state, never st.cache_*.
fingerprint = hashlib.sha256(case.to_json().encode("utf-8")).hexdigest()[:16]


def built(name: str):
    """The PDF built from these answers, or None until its button was pressed."""
    key = f"materials.built.{name}"
    hit = st.session_state.get(key)
    if hit and hit[0] == fingerprint:
        return hit[1]
    return None


def build(name: str, make) -> None:
    st.session_state[f"materials.built.{name}"] = (fingerprint, make())


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
                lines.append(f":gray[{cite(item.clause)}]")
                st.markdown("  \n".join(lines))
    skipped = checklist.by_status("not_needed")
    if skipped:
        with st.expander(f"不需要准备的材料（{len(skipped)}项）"):
            st.markdown("\n".join(f"- **{md(i.title)}**：{md(i.note)}（通知{i.clause}）" for i in skipped))
    st.divider()
    text = checklist_text(checklist)
    pdf = built("checklist")
    if pdf is None:
        st.button("生成材料清单PDF（可打印）", key="materials.build_checklist", width="stretch",
                  icon=":material/picture_as_pdf:", on_click=build, args=("checklist", lambda: checklist_pdf(checklist)))
    else:
        st.download_button("下载材料清单PDF（可打印）", pdf, file_name=f"材料清单_{case.round}.pdf",
                           mime="application/pdf", key="materials.checklist_pdf", icon=":material/download:",
                           type="primary", width="stretch")
    st.download_button("下载材料清单文字版", text.encode("utf-8"), file_name=f"材料清单_{case.round}.txt",
                       mime="text/plain", key="materials.checklist_txt", icon=":material/download:", width="stretch")
    st.caption("复制下面的文字，可以直接发到微信/QQ：")
    copyable(text, "checklist", label="复制清单文字")

with pledge_tab:
    st.markdown("《云南省高等教育自学考试毕业办证申请暨思想品德合格承诺书》（通知附件2）：下载打印后**本人用黑色签字笔签名、"
                "写日期**，扫描或拍照后上传到管理平台。")
    missing = required_missing(case)
    if missing:
        st.warning("生成承诺书还缺少：\n" + "\n".join(f"- {m}" for m in missing), icon=":material/edit_note:")
        nav_link("pages/1_eligibility.py", label="去资格自查填写")
    else:
        values = field_values(case)
        empty = [key for key in OPTIONAL_ON_PLEDGE if not values[key]]
        if empty:
            st.warning("承诺书上这几栏会空着：" + "、".join(FIELD_LABELS[k] for k in empty)
                       + "。可以先填好再生成，也可以打印后手写。", icon=":material/edit_note:")
            for key in empty:
                st.page_link("pages/1_eligibility.py", label=f"填写{FIELD_LABELS[key]}", icon=":material/edit:",
                             query_params={"step": "basic", "q": OPTIONAL_ON_PLEDGE[key]})
        if verdict.by_status("blocker"):
            st.warning("自查发现会被退回的问题：可以先打印，但建议先解决问题再签字提交。", icon=":material/block:")
        pledge = built("pledge")
        if pledge is None:
            st.button("生成承诺书（先预览，再下载）", key="materials.build_pledge", type="primary", width="stretch",
                      icon=":material/draw:", on_click=build, args=("pledge", lambda: build_pledge(case)))
        else:
            for warning in pledge.warnings:
                st.error(md(warning), icon=":material/draw:")  # quotes characters of the name
            if not pledge.official:
                st.info("官方附件2原文暂时没有拿到，承诺书文字是本工具根据通知要求拟写的，PDF上已注明。"
                        "如果确认点或主考学校给了官方模板，请用官方模板。", icon=":material/info:")
            preview = built("pledge_preview")
            if preview is None:
                build("pledge_preview", lambda: preview_png(pledge.pdf, width_px=1100))
                preview = built("pledge_preview")
            # Preview first, full width (on a phone the page can be zoomed): check it, then download.
            st.image(preview, caption="承诺书预览（第1页）：请核对信息后再下载打印", width="stretch")
            st.download_button("下载承诺书PDF", pledge.pdf, file_name=f"承诺书_{case.round}.pdf", mime="application/pdf",
                               key="materials.pledge_pdf", type="primary", icon=":material/download:", width="stretch")
            st.caption("左下角二维码只含批次、准考证号和一个核对码，不含身份证号。")
