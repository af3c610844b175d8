"""Case code widgets: show a candidate's code + QR (result page), read a code or QR screenshot (help desk)."""
from __future__ import annotations

import streamlit as st

from checks import casecode
from checks.models import Case
from ui.safe import md


def render_case_code(case: Case) -> None:
    """The redacted case as a text code and a QR image, with a PNG download. Built fresh on every run: a
    case is personal data, so nothing here is cached."""
    code = casecode.pretty(casecode.encode(case))
    st.subheader("案例码：发给帮助台")
    st.caption("案例码里没有姓名、身份证号和电话，准考证号只留前4位。把下面的文字复制到微信/QQ发给帮助台老师，"
               "或者发二维码截图，老师就能看到和你一样的自查结果。")
    st.code(code, language=None, wrap_lines=True)
    png = casecode.qr_png(case)
    left, right = st.columns([1, 2], vertical_alignment="center")
    left.image(png, width=200, caption="案例码二维码")
    right.download_button("下载二维码图片", png, file_name=f"案例码_{case.round}.png", mime="image/png",
                          key="casecode.qr_download", icon=":material/qr_code_2:")


def case_code_input(key: str = "casecode.input") -> Case | None:
    """A text area for a pasted code and an uploader for a QR screenshot; the case, or None with a Chinese
    error shown. A screenshot, when given, wins over the text."""
    text = st.text_area("粘贴考生发来的案例码", key=f"{key}.text", height=110,
                        placeholder="YZ1…（以 YZ 开头；空格、换行、大小写都没关系）")
    shot = st.file_uploader("或者上传案例码二维码截图", type=["png", "jpg", "jpeg", "webp", "bmp"],
                            key=f"{key}.image", help="截图文件不超过 15 MB；图片只在内存里读取，不会保存。")
    try:
        if shot is not None:
            return casecode.decode_image(shot.getvalue())
        if text and text.strip():
            return casecode.decode(text)
    except casecode.CaseCodeError as exc:
        where = f"截图“{md(shot.name)}”" if shot is not None else "案例码"
        st.error(f"{where}读不出来：{md(exc)}", icon=":material/error:")  # may quote what was pasted
    return None
