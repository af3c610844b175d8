"""整班检查 for tutors: roster + photo ZIP in, a table and ready-to-hand-out files out. All in session state."""
import datetime as dt

import streamlit as st

from checks import batch_export, roster
from checks.batch import check_class
from checks.photo_archive import PhotoArchiveError
from checks.wording import parse_date
from checks.rounds import default_round_id, load_round, round_for_date
from ui import setup
from ui.banner import round_banner
from ui.safe import md

# One upload limit: the server's own (server.maxUploadSize), so that what the page promises for the photo ZIP
# is what the server accepts. A bigger file is refused by the browser before it is sent.
UPLOAD_LIMIT_MB = int(st.get_option("server.maxUploadSize"))
# In the address bar while a run is going: survives a lost session (server restart, failover), so the new
# session can tell the tutor that the run was lost instead of showing an empty page.
RUNNING_PARAM = "batch_run"

banner_slot = setup("培训机构：整班检查", layout="wide", banner=False)
st.title("培训机构：整班检查")
st.write("一次检查一个班：每位考生的毕业申请资格和照片，合格照片、承诺书和材料清单打包下载。"
         "名单和照片只在本次页面里处理，不保存；刷新或关闭页面即清空。")


def _run(roster_file, photos_file, round_id, application_date) -> None:
    """Read the roster, check the class, keep the results in this session; errors in Chinese."""
    try:
        class_roster = roster.read_roster(roster_file.getvalue(), round_id, application_date)
    except roster.RosterError as exc:
        st.session_state["batch.input_error"] = str(exc)
        return
    except Exception:  # a file no reader foresaw: still a Chinese message, and the page goes on (issue 22)
        st.session_state["batch.input_error"] = ("名单文件读不出来。请用Excel打开后“另存为 .xlsx”或 CSV，"
                                                 "按模板的列填写后再上传。")
        return
    # The first results take a moment (the checking processes start): the bar says so, and moves at once.
    bar = st.progress(0.02, text="正在启动检查……")
    outputs = batch_export.Outputs.in_memory()
    st.session_state["batch.running"] = True
    st.query_params[RUNNING_PARAM] = "1"
    try:
        result = check_class(class_roster, photos_file, outputs,
                             lambda done, total: bar.progress(0.02 + 0.98 * done / total, text=f"已检查 {done}/{total} 人"))
    except PhotoArchiveError as exc:
        st.session_state["batch.input_error"] = str(exc)
        return
    finally:
        bar.empty()
    st.session_state.pop("batch.running", None)
    st.query_params.pop(RUNNING_PARAM, None)
    photos_zip, pledges_zip, checklists_zip = outputs.getvalues()
    st.session_state["batch.result"] = result
    st.session_state["batch.row_errors"] = class_roster.errors
    st.session_state["batch.counts"] = outputs.counts
    st.session_state["batch.files"] = {**batch_export.summary_files(result), "photos.zip": photos_zip,
                                       "pledges.zip": pledges_zip, "checklists.zip": checklists_zip}


st.subheader("1. 下载名单模板，按模板填写")
c1, c2 = st.columns(2)
c1.download_button("下载名单模板（Excel）", roster.template_xlsx(), "整班检查名单模板.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
                   width="stretch")
c2.download_button("下载名单模板（CSV）", roster.template_csv(), "整班检查名单模板.csv", "text/csv",
                   icon=":material/download:", width="stretch")
st.caption("每行一位考生，列名不要改；“说明”表里写了每一列怎么填。照片放进一个 .zip 压缩包，"
           "每张照片用准考证号或身份证号命名（如 010120100001.jpg），名字不同时在“照片文件名”列写上。")

st.subheader("2. 上传名单和照片")
roster_limit_mb = roster.MAX_ROSTER_BYTES // 1024 // 1024
# The browser's own refusal of a too-big file is English; up to the server limit the file reaches read_roster,
# which refuses anything over the roster limit in Chinese.
roster_file = st.file_uploader("名单（.xlsx 或 .csv）", type=["xlsx", "csv"], key="batch.roster_upload",
                               max_upload_size=UPLOAD_LIMIT_MB,
                               help=f"名单文件不超过 {roster_limit_mb} MB；只在本次页面的内存里读取，不会保存。")
photos_file = st.file_uploader("照片压缩包（.zip）", type=["zip"], key="batch.photos_upload",
                               max_upload_size=UPLOAD_LIMIT_MB,
                               help=f"压缩包不超过 {UPLOAD_LIMIT_MB} MB；照片逐张在内存里检查，不会解压到磁盘，也不会保存。")
st.caption(f"照片压缩包不能超过 {UPLOAD_LIMIT_MB} MB。放不下时：先把照片缩小（证件照用不到手机原图的大小），"
           "或把全班分成几个名单和压缩包，分批检查。上传框里出现红色错误时，说明文件没有传上来。")
no_photos = st.checkbox("这次只检查名单，不检查照片（没有照片压缩包）", key="batch.no_photos")
# As in the guided check: the date is typed (Streamlit's date picker speaks English) and picks the round.
date_text = st.text_input("全班打算提交申请的日期", value=dt.date.today().isoformat(), key="batch.date_text",
                          placeholder="如 2024-06-05 或 2024年6月5日",
                          help="申请日期决定按哪一批通知检查，也用来判断身份证和前置学历。")
try:
    application_date = parse_date(date_text.strip())
except ValueError as exc:
    application_date = None
    st.error(f"申请日期“{md(date_text.strip())}”{exc}。请按 2024-06-05 这样的格式填写。", icon=":material/error:")
round_id = round_for_date(application_date).id if application_date else default_round_id()
if application_date:  # the banner speaks of the class's date, not of a date typed in the guided check
    with banner_slot:
        round_banner(application_date, load_round(round_id))
st.caption(f"按这个日期检查时用的是：{load_round(round_id).title}的规则。")

if st.query_params.get(RUNNING_PARAM) and "batch.running" not in st.session_state:
    # The address still says a run was going, but this session knows nothing of it: the connection or the
    # server was lost mid-run, and with it everything uploaded and checked.
    st.session_state["batch.input_error"] = ("上一次整班检查在完成前中断了（连接断开或服务器重启），已检查的结果没有保存。"
                                             "请重新上传名单和照片压缩包，再点“开始检查”。")
    del st.query_params[RUNNING_PARAM]
elif st.session_state.pop("batch.running", False):
    # This session started a run that never reached its end (the page was left or rerun mid-run).
    st.session_state["batch.input_error"] = ("上一次整班检查被打断了（检查时离开了页面或点了别的按钮），结果没有保存。"
                                             "名单和照片还在上传框里时，直接再点“开始检查”；否则请重新上传。")
    st.query_params.pop(RUNNING_PARAM, None)

missing_photos = photos_file is None and not no_photos
if st.button("开始检查", type="primary", disabled=roster_file is None or application_date is None,
             icon=":material/play_arrow:"):
    for key in ("batch.result", "batch.row_errors", "batch.counts", "batch.files", "batch.input_error"):
        st.session_state.pop(key, None)  # a new run replaces the previous class entirely
    if missing_photos:
        # Never run without the photos the tutor meant to send (e.g. the upload was refused as too big).
        st.session_state["batch.input_error"] = (
            "还没有收到照片压缩包，没有开始检查。请在“照片压缩包”里选择 .zip 文件"
            f"（不超过 {UPLOAD_LIMIT_MB} MB），等它显示在上传框里后再点“开始检查”；"
            "只检查名单时，请勾选“这次只检查名单，不检查照片”。")
    elif photos_file is not None and photos_file.size > UPLOAD_LIMIT_MB * 1024 * 1024:
        st.session_state["batch.input_error"] = (f"照片压缩包超过 {UPLOAD_LIMIT_MB} MB，没有开始检查。"
                                                 "请先把照片缩小，或分成几个压缩包分批检查。")
    else:
        _run(roster_file, None if no_photos else photos_file, round_id, application_date)

if "batch.input_error" in st.session_state:  # may quote a file's content or a member name
    st.error(md(st.session_state["batch.input_error"]), icon=":material/error:")

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
        st.table([{"行号": e.row, "列": e.column, "问题": e.message} for e in row_errors])
    for note in result.notes:  # ZIP member names: the tutor's (or anyone's) text
        st.info(md(note), icon=":material/folder_zip:")

    only_attention = st.toggle("只看需要处理的考生", value=True, key="batch.only_attention")
    shown = [(s, r) for s, r in zip(students, batch_export.summary_rows(result)) if s.needs_attention or not only_attention]
    # A plain table wraps long cells (photo verdicts, row errors) within the page, where the scrolling grid of
    # st.dataframe cut them off at 1366 px; a screen reader reads it as a table too.
    st.table([dict(zip(batch_export.SUMMARY_HEADERS, r)) for _, r in shown])

    labels = {f"第{s.row}行 {s.name} {s.admission_number}": s for s, _ in shown}
    if labels:
        picked = st.selectbox("查看某位考生的详细结果", list(labels), key="batch.detail_choice", filter_mode="contains",
                              placeholder="输入姓名、准考证号或行号查找")
        student = labels[picked]
        with st.expander(f"{md(picked)} 的详细结果", expanded=True):
            for error in student.errors:
                st.error(md(error))
            st.markdown(f"**照片**：{md(student.photo)}")
            for problem in student.photo_problems:
                st.markdown(f"- {md(problem)}")
            for note in student.pledge_notes:
                st.warning(f"承诺书：{md(note)}")
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
                                    icon=":material/download:", width="stretch")
