"""整班检查 for tutors: roster + photo ZIP in, a table and ready-to-hand-out files out. All in session state."""
import datetime as dt

import streamlit as st

from checks import batch_export, roster
from checks.batch import PhotoArchive, PhotoArchiveError, run_batch
from checks.rounds import load_round, available_rounds, default_round_id
from ui import setup

setup("培训机构：整班检查", layout="wide")
st.title("培训机构：整班检查")
st.write("一次检查一个班：每位考生的毕业申请资格和照片，合格照片、承诺书和材料清单打包下载。"
         "名单和照片只在本次页面里处理，不保存；刷新或关闭页面即清空。")

st.subheader("1. 下载名单模板，按模板填写")
c1, c2 = st.columns(2)
c1.download_button("下载名单模板（Excel）", roster.template_xlsx(), "整班检查名单模板.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:")
c2.download_button("下载名单模板（CSV）", roster.template_csv(), "整班检查名单模板.csv", "text/csv",
                   icon=":material/download:")
st.caption("每行一位考生，列名不要改；“说明”表里写了每一列怎么填。照片放进一个 .zip 压缩包，"
           "每张照片用准考证号或身份证号命名（如 010120100001.jpg），名字不同时在“照片文件名”列写上。")

st.subheader("2. 上传名单和照片")
roster_limit_mb = roster.MAX_ROSTER_BYTES // 1024 // 1024
roster_file = st.file_uploader("名单（.xlsx 或 .csv）", type=["xlsx", "csv"], key="batch.roster_upload",
                               max_upload_size=roster_limit_mb,
                               help=f"名单文件不超过 {roster_limit_mb} MB；只在本次页面的内存里读取，不会保存。")
photos_file = st.file_uploader("照片压缩包（.zip，可不传）", type=["zip"], key="batch.photos_upload",
                               max_upload_size=500,
                               help="压缩包不超过 500 MB；照片逐张在内存里检查，不会解压到磁盘，也不会保存。")
rounds = available_rounds()
c1, c2 = st.columns(2)
round_id = c1.selectbox("毕业办证批次", rounds, index=rounds.index(default_round_id()), key="batch.round_choice",
                        format_func=lambda r: load_round(r).title)
application_date = c2.date_input("申请日期", value=dt.date.today(), key="batch.date_choice")

if st.button("开始检查", type="primary", disabled=roster_file is None, icon=":material/play_arrow:"):
    for key in ("batch.result", "batch.row_errors", "batch.counts", "batch.files", "batch.input_error"):
        st.session_state.pop(key, None)  # a new run replaces the previous class entirely
    try:
        class_roster = roster.read_roster(roster_file.getvalue(), round_id, application_date)
        photos = PhotoArchive(photos_file) if photos_file is not None else None
    except (roster.RosterError, PhotoArchiveError) as exc:
        st.session_state["batch.input_error"] = str(exc)
    else:
        bar = st.progress(0.0, text="正在检查……")
        outputs = batch_export.Outputs.in_memory()
        try:
            result = run_batch(class_roster, photos, outputs,
                               lambda done, total: bar.progress(done / total, text=f"已检查 {done}/{total} 人"))
        finally:
            outputs.close()
            if photos is not None:
                photos.close()
        bar.empty()
        photos_zip, pledges_zip, checklists_zip = outputs.getvalues()
        st.session_state["batch.result"] = result
        st.session_state["batch.row_errors"] = class_roster.errors
        st.session_state["batch.counts"] = outputs.counts
        st.session_state["batch.files"] = {
            "summary.xlsx": batch_export.summary_xlsx(result),
            "summary.csv": batch_export.summary_csv(result),
            "photos.zip": photos_zip, "pledges.zip": pledges_zip, "checklists.zip": checklists_zip,
            "errors.txt": batch_export.errors_text(result).encode("utf-8-sig"),
        }

if "batch.input_error" in st.session_state:
    st.error(st.session_state["batch.input_error"], icon=":material/error:")

result = st.session_state.get("batch.result")
if result is not None:
    students = result.students
    st.subheader("3. 检查结果")
    ready = sum(1 for s in students if s.ready)
    invalid = sum(1 for s in students if s.ready is None)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("考生", len(students))
    m2.metric("可以申请", ready)
    m3.metric("还不能申请", len(students) - ready - invalid)
    m4.metric("名单有误", invalid)

    row_errors = st.session_state["batch.row_errors"]
    if row_errors:
        st.warning(f"名单里有 {len(row_errors)} 处要改正（这些考生没有检查资格，改正后重新上传即可）：", icon=":material/edit_note:")
        st.dataframe([{"行号": e.row, "列": e.column, "问题": e.message} for e in row_errors], hide_index=True)
    for note in result.notes:
        st.info(note, icon=":material/folder_zip:")

    only_attention = st.toggle("只看需要处理的考生", value=True, key="batch.only_attention")
    shown = [(s, r) for s, r in zip(students, batch_export.summary_rows(result)) if s.needs_attention or not only_attention]
    st.dataframe([dict(zip(batch_export.SUMMARY_HEADERS, r)) for _, r in shown], hide_index=True)

    labels = {f"第{s.row}行 {s.name} {s.admission_number}": s for s, _ in shown}
    if labels:
        picked = st.selectbox("查看某位考生的详细结果", list(labels), key="batch.detail_choice")
        student = labels[picked]
        with st.expander(f"{picked} 的详细结果", expanded=True):
            for error in student.errors:
                st.error(error)
            st.markdown(f"**照片**：{student.photo}")
            for problem in student.photo_problems:
                st.markdown(f"- {problem}")
            for note in student.pledge_notes:
                st.warning(f"承诺书：{note}")
            if student.report:
                st.text(student.report)

    st.subheader("4. 下载")
    files = st.session_state["batch.files"]
    counts = st.session_state["batch.counts"]
    downloads = [
        ("汇总表（Excel）", "summary.xlsx", "整班检查结果.xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("汇总表（CSV）", "summary.csv", "整班检查结果.csv", "text/csv"),
        (f"合格照片（{counts['photos']} 张）", "photos.zip", "合格照片.zip", "application/zip"),
        (f"承诺书（{counts['pledges']} 份，打印后本人签字）", "pledges.zip", "承诺书.zip", "application/zip"),
        (f"材料清单（{counts['checklists']} 份）", "checklists.zip", "材料清单.zip", "application/zip"),
        ("问题清单（文本）", "errors.txt", "问题清单.txt", "text/plain"),
    ]
    cols = st.columns(3)
    for i, (label, key, file_name, mime) in enumerate(downloads):
        cols[i % 3].download_button(label, files[key], file_name, mime, key=f"batch.download.{key}",
                                    icon=":material/download:")
