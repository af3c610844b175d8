"""Case-file download (full or redacted) and upload, shared by the result and help-desk pages."""
from __future__ import annotations

import streamlit as st

from checks.models import Case, CaseFileError, parse_case
from checks.rounds import RoundError, load_round
from ui.render import error_list
from ui.safe import md


def stamped(case: Case) -> Case:
    """The case as saved or sent: with the rule-data version it was judged under, for the help desk."""
    return case.model_copy(update={"data_version": load_round(case.round).data_version})


def download_buttons(case: Case) -> None:
    stem = f"自查案例_{case.round}_{case.application_date}"
    st.download_button("下载完整案例文件", case.to_json().encode("utf-8"), file_name=f"{stem}.json",
                       mime="application/json", width="stretch", icon=":material/download:")
    st.caption("完整案例文件含姓名、身份证号和电话：只自己保存，下次上传可恢复全部回答。")
    st.download_button("下载脱敏案例文件（给帮助台）", case.to_json(redact=True).encode("utf-8"),
                       file_name=f"{stem}_脱敏.json", mime="application/json", width="stretch",
                       icon=":material/download:")
    st.caption("脱敏案例文件不含姓名、身份证号和电话，准考证号只留前4位：可以发给帮助台或老师，对方能看到和你一样的结果。")


def uploaded_file(label: str, key: str, suffixes: tuple[str, ...], kind: str, help_with_limit: str):
    """A file uploader that checks the file type itself: Streamlit's own check refuses a wrong type with an
    English tooltip a phone never shows. Returns the file, or None with a Chinese message."""
    uploaded = st.file_uploader(label, key=key, help=help_with_limit)
    if uploaded is None:
        return None
    if not uploaded.name.lower().endswith(suffixes):
        st.error(f"“{md(uploaded.name)}”不是{kind}，这里读不了。请选择{kind}（文件名以 {'、'.join(suffixes)} 结尾）。",
                 icon=":material/error:")
        return None
    return uploaded


def upload(label: str, key: str) -> Case | None:
    """A case-file uploader; returns the case once per uploaded file, shows Chinese errors otherwise."""
    uploaded = uploaded_file(label, key, (".json",), "本工具下载的案例文件",
                             help_with_limit="本工具下载的 .json 案例文件，最大256KB。文件只在本次会话的内存里读取，不会保存。")
    if uploaded is None:
        return None
    try:
        case = parse_case(uploaded.getvalue())
        load_round(case.round)
    except CaseFileError as exc:
        error_list(exc.messages, f"案例文件“{md(uploaded.name)}”不能使用，请检查下面的字段：")
        return None
    except RoundError as exc:
        error_list([str(exc)], f"案例文件“{md(uploaded.name)}”不能使用：")
        return None
    return case
