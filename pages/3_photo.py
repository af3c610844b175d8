"""Photo check page: upload → annotated picture + pass/fail list → safe fix with before/after and download.

Thin on purpose: all logic is in checks.photo. Images live only in st.session_state (`photo.*`), never on disk
and never in st.cache_*; the raw upload is dropped as soon as it has been checked and fixed.
"""
import io

import streamlit as st

from checks.photo import PASS_NOTE, analyze, annotate, fix_photo
from ui import setup
from ui.layout import nav_link
from ui.state import app_round, set_material

setup("照片检查")
st.title("照片检查")
SPEC = app_round().photo  # the standard of the round of the candidate's date (today's until they pick one)
st.write(f"上传你准备在管理平台上传的电子照片。我们按规定检查：宽{SPEC.width}×高{SPEC.height}像素、"
         f"分辨率 {SPEC.dpi} dpi（每英寸像素数）、彩色 JPG、{SPEC.bytes_text}；浅蓝色背景；头顶、眼睛的位置和脸的大小；"
         "正对镜头、露出耳朵、清晰、没有加边框、衣服和背景分得开、光线均匀。能安全修正的（只裁剪和缩放）会给出修正后的照片。")

ICON = {"pass": ":material/check_circle:", "fail": ":material/cancel:", "warn": ":material/warning:",
        "skip": ":material/remove_circle:"}
LABEL = {"pass": "通过", "fail": "不合格", "warn": "请留意", "skip": "未检查"}


def _preview(img) -> bytes:
    """A preview to look at, not the file to hand in: JPEG, ~10× smaller and faster to encode than PNG (the
    phone downloads it and the session holds it until the tab closes)."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _process(upload) -> None:
    data = upload.getvalue()
    with st.spinner("正在检查照片……"):
        before = analyze(data, upload.name, SPEC)
        result = {"name": upload.name, "report": before.report, "before_preview": None, "fix": None}
        pic = annotate(before)
        result["before_preview"] = _preview(pic) if pic is not None else None
    fix = None
    if not before.passed and before.decoded is not None:
        with st.spinner("正在尝试安全修正（只裁剪和缩放）……"):
            fix = fix_photo(data, upload.name, before)  # re-checks with the same round standard
            fixed = {"ok": fix.ok, "reason": fix.reason, "data": fix.data if fix.ok else None,
                     "report": fix.after.report if fix.after else None, "after_preview": None}
            if fix.after is not None:
                fixed["after_preview"] = _preview(annotate(fix.after))
            result["fix"] = fixed
    result["headline"] = before.report.headline(fix)  # the one wording shared with the terminal and the batch
    del data, before  # drop the raw upload and the decoded picture early
    st.session_state["photo.result"] = result
    st.session_state["photo.upload_id"] = upload.file_id


def _checklist(report, fold: bool = True) -> None:
    """Problems first, then what to look at, then (folded unless already inside a fold) what passed."""
    for status in ("fail", "warn", "skip"):
        for c in report.checks:
            if c.status == status:
                st.markdown(f"{ICON[c.status]} **{c.title}**（{LABEL[c.status]}）：{c.message}")
    _measured(report)
    passed = [c for c in report.checks if c.status == "pass"]
    if passed and fold:
        with st.expander(f"通过的 {len(passed)} 项"):
            for c in passed:
                st.markdown(f"{ICON[c.status]} **{c.title}**：{c.message}")
    else:
        for c in passed:
            st.markdown(f"{ICON[c.status]} **{c.title}**：{c.message}")


def _measured(report) -> None:
    """The measured values of the items to act on, folded: the main text names what to do, not numbers."""
    items = [c for c in report.checks if c.status in ("fail", "warn") and c.measured is not None]
    if items:
        with st.expander("测量到的数值（核对用）"):
            for c in items:
                st.markdown(f"- **{c.title}**：测到 `{c.measured}`，要求 `{c.expected}`")


def _self_confirm(report) -> None:
    if report.self_confirm:
        st.markdown("**请自己确认**（照片本身看不出来，本工具无法检查）：\n" +
                    "\n".join(f"- {item}" for item in report.self_confirm))


def _passed_notice() -> None:
    set_material("photo_passed", True)
    st.success(f"照片{PASS_NOTE}，已在你的申请材料里把“照片”记为已完成。", icon=":material/task_alt:")
    nav_link("pages/2_result.py", label="去看自查结果")


@st.fragment
def photo_section() -> None:
    limit_mb = SPEC.max_upload_bytes // 2**20  # one limit: stated here, refused by the uploader (in Chinese, ui/a11y)
    upload = st.file_uploader(f"选择照片（jpg、jpeg、png、webp、heic，不超过 {limit_mb} MB）",
                              type=["jpg", "jpeg", "png", "webp", "heic"], key="photo.uploader", max_upload_size=limit_mb,
                              help=f"手机原图即可，文件不超过 {limit_mb} MB。照片只在本次打开的页面里处理，不会保存。")
    if upload is None:
        st.session_state.pop("photo.result", None)
        st.caption("照片只在本次打开的页面里处理，不会保存。")
        return
    if st.session_state.get("photo.upload_id") != upload.file_id:
        _process(upload)
    res = st.session_state["photo.result"]
    report = res["report"]
    unreadable = report.get("file.readable")
    if unreadable.status == "fail":  # nothing else can be measured: say only what to do
        st.error(unreadable.message, icon=":material/error:")
        return
    # The answer first: 可以直接用 / 可以一键修正 / 需要重拍：<reason>, then the details.
    headline = res["headline"]
    n = len(report.failures())
    if report.passed:
        note = f"{PASS_NOTE}。" + ("有几项请留意，见下面。" if report.warnings() else "")
        st.success(f"**{headline}**　{note}", icon=":material/verified:")
    elif res["fix"] and res["fix"]["ok"]:
        st.info(f"**{headline}**　这张照片有 {n} 项不符合要求，只需裁剪、缩放后重新保存就能改好：下载下面修正后的照片。",
                icon=":material/auto_fix_high:")
    else:
        st.error(f"**{headline}**　这张照片有 {n} 项不符合要求，其中有的不能靠裁剪改好。", icon=":material/photo_camera:")
        st.write("重拍建议：站在纯色浅蓝背景前，正对镜头、头摆正，不戴帽子、头发不遮眉毛眼睛、露出耳朵；"
                 "光线均匀，穿和背景颜色不同的深色衣服；对好焦，请别人在约1米外用后置摄像头拍。")
    left, right = st.columns([1, 1])
    with left:
        if res["before_preview"]:
            st.image(res["before_preview"], caption="你的照片：色带是规定的范围，实线是测到的位置", width="stretch")
    with right:
        _checklist(report)
    _self_confirm(report)
    if report.passed:
        _passed_notice()
        return
    fix = res["fix"]
    if fix is None:
        return
    st.subheader("一键修正" if fix["ok"] else "为什么不能自动修正")
    if fix["ok"]:
        st.write(f"只做了裁剪、缩放和重新保存（{SPEC.size_text}、{SPEC.dpi} dpi、彩色 JPG、{SPEC.bytes_text}），"
                 "没有美颜或换背景；手机“横着存、靠标记显示正”的照片会把像素真正摆正保存。")
        stem = res["name"].rsplit(".", 1)[0] or "照片"
        # The download first: on a phone the two previews below are several screens long.
        st.download_button("下载修正后的照片（.jpg）", data=fix["data"], file_name=f"{stem}_{SPEC.width}x{SPEC.height}.jpg",
                           mime="image/jpeg", icon=":material/download:", type="primary", width="stretch")
        b, a = st.columns(2)
        with b:
            st.image(res["before_preview"], caption="修正前", width="stretch")
        with a:
            st.image(fix["after_preview"], caption="修正后", width="stretch")
        with st.expander("修正后的检查结果"):
            _checklist(fix["report"], fold=False)
        _passed_notice()
    else:
        st.warning(fix["reason"], icon=":material/photo_camera:")
        if fix.get("after_preview"):
            st.image(fix["after_preview"], caption="尝试修正的结果（仍不合格）", width="stretch")


photo_section()
