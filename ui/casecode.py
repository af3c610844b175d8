"""Case code widgets: show a candidate's code + QR (result page), read a code or QR screenshot (help desk, and a
candidate restoring answers after a reload)."""
from __future__ import annotations

import base64

import streamlit as st

from checks import casecode
from checks.models import Case
from checks.rounds import load_round
from ui.casefile import uploaded_file
from ui.copyable import copyable
from ui.safe import md


def render_case_code(case: Case) -> None:
    """The redacted case as a text code and a QR image, with a PNG download. Built fresh on every run: a
    case is personal data, so nothing here is cached."""
    code = casecode.pretty(casecode.encode(case))
    st.subheader("案例码：发给帮助台")
    st.caption("案例码里没有姓名、身份证号和电话，准考证号只留前4位。把下面的文字复制到微信/QQ发给帮助台老师，"
               "或者发二维码截图，老师就能看到和你一样的自查结果。")
    copyable(code, "casecode", label="复制案例码")
    st.caption(f"案例码记录的批次：{load_round(case.round).title}（{case.round}）")  # a projection says 预估
    png = casecode.qr_png(case)
    # Inline (a data: address), not a /media file: the browser would fetch that after the page is drawn, and
    # that fetch was the last quarter of a second of opening this page (benchmarks/bench_ui.py).
    st.image("data:image/png;base64," + base64.b64encode(png).decode("ascii"), width=200, caption="案例码二维码")
    st.download_button("下载二维码图片", png, file_name=f"案例码_{case.round}.png", mime="image/png",
                       key="casecode.qr_download", icon=":material/qr_code_2:", width="stretch")


def case_code_input(key: str = "casecode.input", label: str = "粘贴考生发来的案例码",
                    submit: str = "查看结果") -> Case | None:
    """A text area for a pasted code (in a form with a Chinese submit button: no "Press Ctrl+Enter to apply")
    and an uploader for a QR screenshot; the case, or None with a Chinese error shown. A screenshot, when
    given, wins over the text."""
    with st.form(f"{key}.form", border=False):
        text = st.text_area(label, key=f"{key}.text", height=110,
                            placeholder="YZ2…（以 YZ 开头；空格、换行、大小写都没关系）")
        st.form_submit_button(submit, type="primary", width="stretch", icon=":material/search:")
    shot = uploaded_file("或者上传案例码二维码截图", f"{key}.image", (".png", ".jpg", ".jpeg", ".webp", ".bmp"),
                         "二维码截图（图片）",
                         help_with_limit="PNG、JPG 或 WebP 截图，不超过 15 MB；图片只在内存里读取，不会保存。")
    try:
        if shot is not None:
            return casecode.decode_image(shot.getvalue())
        if text and text.strip():
            return casecode.decode(text)
    except casecode.CaseCodeError as exc:
        where = f"截图“{md(shot.name)}”" if shot is not None else "案例码"
        st.error(f"{where}读不出来：{md(exc)}", icon=":material/error:")  # may quote what was pasted
    return None


def restore_answers(key: str) -> bool:
    """After a reload, a new session or a server failover the answers are gone (they live in this session's
    memory only, by design). Say so plainly and offer the two ways back. True once answers were restored."""
    from ui import state
    from ui.casefile import upload
    from ui.layout import nav_link

    st.warning("**之前填写的回答已经清空。** 本工具不在服务器上保存你的回答，这个浏览器标签页里也没有保存的回答"
               "（例如换了标签页或设备，或浏览器不允许保存）。要接着填，请上传以前下载的案例文件，"
               "或者粘贴你的案例码（在“自查结果”页复制的那段 YZ 开头的文字）；"
               "也可以从第1步重新开始。", icon=":material/history:")
    nav_link("pages/1_eligibility.py", label="从第1步重新开始", icon=":material/restart_alt:")
    case = upload("上传案例文件（.json）恢复回答", key=f"{key}.file")
    if case is None:
        with st.expander("粘贴案例码恢复回答"):
            case = case_code_input(key=f"{key}.code", label="粘贴你的案例码", submit="恢复回答")
        if case is not None and "*" in (case.candidate.admission_number or ""):
            # A case code carries only the first digits of the admission number: ask again rather than keep a mask.
            case = case.model_copy(update={"candidate": case.candidate.model_copy(update={"admission_number": None})})
    if case is None:
        return False
    state.load_case(case)
    return True
