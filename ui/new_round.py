"""帮助台: a new notice → a checked draft round file (the page side of `round new --notice`, contract.md v3).
Thin: reading the notice, the draft, the comparison and the check are checks.notice / checks.round_draft."""
from __future__ import annotations

import streamlit as st

from checks.notice import NoticeError, checked, decode
from checks.round_draft import ID_PATTERN, build, check_draft, next_half_id, report_lines
from checks.rounds import RoundError, available_rounds, round_for_date, shipped_rounds
from ui.casefile import uploaded_file
from ui.copyable import copyable
from ui.safe import md


def _notice_text(pasted: str, upload) -> str | None:
    try:
        if upload is not None:
            return decode(upload.getvalue())
        return checked(pasted) if pasted.strip() else None
    except NoticeError as exc:
        st.error(md(exc), icon=":material/error:")
        return None


def new_round_section() -> None:
    import re

    import datetime as dt

    base = shipped_rounds()[-1]
    today = round_for_date(dt.date.today())
    suggested = today.id if today.projected else next_half_id(base)  # the half-year whose notice is missing
    st.caption(f"把新通知的正文粘贴到下面（或上传 .txt 文件），本工具在 {base.title}（{base.id}）的基础上生成新批次的草稿："
               "填好通知里写的日期，并与上一份通知逐条比较，列出改了哪些条款、要重读哪些规则。")
    with st.form("newround.form", border=False):
        new_id = st.text_input("新批次编号", value=suggested, key="newround.id",
                               help="年份-半年，如 2026-H2（下半年）、2027-H1（上半年）")
        pasted = st.text_area("粘贴新通知的正文", key="newround.text", height=160)
        upload = uploaded_file("或上传通知文本（.txt）", "newround.file", (".txt",), "文本文件",
                               "记事本保存的文本文件（.txt），不超过 800 KB")
        submitted = st.form_submit_button("生成草稿并检查", type="primary", width="stretch", icon=":material/note_add:")
    if not submitted:
        return
    new_id = new_id.strip()
    if not re.fullmatch(ID_PATTERN, new_id):
        st.error(f"新批次编号 {md(new_id)} 格式不对：应为“年份-半年”，如 2026-H2。", icon=":material/error:")
        return
    if new_id in available_rounds():
        st.error(f"批次 {new_id} 已经有了：要修改它请直接编辑 assets/rounds/{new_id}.yaml。", icon=":material/error:")
        return
    text = _notice_text(pasted, upload)
    if text is None:
        if not pasted.strip() and upload is None:
            st.error("请先粘贴通知正文或上传通知文本。", icon=":material/error:")
        return
    try:
        draft = build(new_id, base, text, upload.name if upload is not None else "帮助台粘贴的通知文本")
        problems = check_draft(new_id, draft)
    except RoundError as exc:
        st.error(md(exc), icon=":material/error:")
        return
    if problems:
        st.warning(f"草稿还有 {len(problems)} 处要按新通知核对（下载后改好，再用 round check 检查）：\n\n"
                   + "\n".join(f"- {md(p)}" for p in problems), icon=":material/edit_note:")
    else:
        st.success("草稿通过检查（round check）。与官方通知核对后，把它放进 assets/rounds/，通知原文放进 assets/notices/。",
                   icon=":material/task_alt:")
    copyable("\n".join(report_lines(draft, base)), "newround.report", label="复制比较结果")
    st.download_button(f"下载草稿 {new_id}.yaml", draft.text.encode("utf-8"), file_name=f"{new_id}.yaml",
                       mime="text/yaml", key="newround.yaml", icon=":material/download:", width="stretch")
    st.download_button(f"下载通知原文 {new_id}.txt", text.encode("utf-8"), file_name=f"{new_id}.txt",
                       mime="text/plain", key="newround.txt", icon=":material/download:", width="stretch")
