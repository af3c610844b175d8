"""资格自查: the guided check, one step per part of the notice, in the notice's order."""
import datetime as dt

import streamlit as st

from checks import flow, identity
from checks.models import LABELS
from checks.questions import practice_requirement
from checks.rounds import available_rounds, load_round
from checks.rules import evaluate
from ui import form, setup, state
from ui.casefile import upload
from ui.layout import nav_link
from ui.render import finding_card, timeline

setup("资格自查")
answers = state.answers()
level = form.get("candidate.level")
steps = flow.steps_for(level)
index = min(st.session_state.get("elig.step", 0), len(steps) - 1)
step = steps[index]

st.title("毕业申请资格自查")
timeline(load_round(answers["round"]), level)
st.progress((index + 1) / len(steps), text=f"第 {index + 1} 步，共 {len(steps)} 步：{step.title}")
errors_box = st.container()


def field_error(validate, value) -> None:
    """Validate one typed field right under it, in the question's words."""
    if value:
        try:
            validate(value)
        except ValueError as exc:
            st.error(str(exc), icon=":material/error:")


def step_basic() -> None:
    with st.expander("已有案例文件？上传后恢复全部回答"):
        case = upload("上传案例文件（.json）", key="elig.restore")
        if case is not None:
            state.load_case(case)
            st.switch_page("pages/2_result.py")
    rounds = available_rounds()
    current_round = answers.get("round") if answers.get("round") in rounds else rounds[-1]
    answers["round"] = st.selectbox("毕业办证批次", rounds, index=rounds.index(current_round), key="elig.round",
                                    format_func=lambda r: load_round(r).title)
    form.date("打算在哪天提交毕业申请？", "application_date", min_value=dt.date(2000, 1, 1),
              help="用来判断前置学历毕业时间是否早于申请时间。不确定就填今天。")
    form.choice("你是哪类考生？", "candidate.candidate_type", LABELS["candidate_type"],
                help="社会考生到确认点办理现场事项；学分互认在校生到主考学校办理。")
    form.choice("申请哪个层次的毕业证书？", "candidate.level", LABELS["level"])
    permanent = st.checkbox("身份证有效期为“长期”", value=form.get("candidate.id_valid_until") == "长期",
                            key="elig.id_permanent")
    if permanent:
        form.put("candidate.id_valid_until", "长期")
    else:
        if form.get("candidate.id_valid_until") == "长期":
            form.put("candidate.id_valid_until", None)
        form.date("身份证有效期至（身份证背面“有效期限”的后一个日期）", "candidate.id_valid_until",
                  min_value=dt.date(1990, 1, 1))

    st.subheader("个人信息（生成承诺书用，可以稍后再填）")
    st.caption("这些信息只保存在本次打开的页面里，不会上传或保存到服务器。")
    form.text("姓名（与身份证一致）", "candidate.name")
    field_error(identity.normalize_id_number, form.text("身份证号", "candidate.id_number", placeholder="18位，最后一位可以是X"))
    field_error(lambda v: identity.normalize_admission_number(v, allow_masked=False),
                form.text("准考证号", "candidate.admission_number", placeholder="12位数字"))
    form.text("联系电话", "candidate.phone")
    left, right = st.columns(2)
    with left:
        form.text("专业代码", "candidate.major_code", placeholder="如 B050101")
    with right:
        form.text("专业名称", "candidate.major_name", placeholder="如 汉语言文学")
    form.text("主考学校", "candidate.chief_school", placeholder="如 云南大学")


def step_grades() -> None:
    form.yes_no("专业考试计划规定的全部课程都已经合格了吗？", "grades.all_courses_passed",
                help="包括实践课程、毕业论文（本科）和免考的课程。")
    has_missing = st.radio(
        "已经合格的成绩，在管理平台“我的成绩”里都能查到吗？", [False, True],
        index=1 if form.get("grades.missing_on_platform") else 0, horizontal=True, key="elig.has_missing",
        format_func={False: "都能查到", True: "有查不到的"}.get,
        help="管理平台查不到的成绩不能用于申请毕业，要先补录。")
    if has_missing:
        st.markdown("把查不到的成绩逐门填在下表（点表格下方的 **+** 添加一行）：")
        form.table("grades.missing_on_platform", {
            "source": st.column_config.SelectboxColumn("成绩凭证", options=list(LABELS["source"].values()),
                                                       required=True, width="large"),
            "year": st.column_config.NumberColumn("取得年份", min_value=1950, max_value=2100, step=1, format="%d",
                                                  help="课程合格证书、转入证明信要填"),
            "course_name": st.column_config.TextColumn("课程名称（可选）"),
        }, codes={"source": LABELS["source"]}, ints=("year",))
        st.caption("13位准考证：以前用13位（含字母）准考证考的课程。课程合格证书、转入考籍档案证明信请填证书上的年份。")
    else:
        form.put("grades.missing_on_platform", [])


def step_prior() -> None:
    has = form.yes_no("你有专科（或以上）学历证书吗？", "prior_education.has_diploma",
                      help="须由具备学历教育资格的高等学校或自学考试机构颁发；本科结业证也可以。")
    if has:
        form.date("前置学历毕业时间（毕业证书上的日期）", "prior_education.graduation_date")
        form.yes_no("拿到这个学历以后，你改过姓名、变更过身份证号，或身份证由15位升为18位吗？",
                    "prior_education.identity_changed")
        form.choice("用学信网APP扫码授权前置学历了吗？", "prior_education.chsi_authorization",
                    LABELS["chsi_authorization"], horizontal=False)
    elif has is False:
        for key in ("graduation_date", "identity_changed", "chsi_authorization"):
            form.put(f"prior_education.{key}", None if key != "chsi_authorization" else "not_done")
        form.put("prior_education.identity_changed", False)


def step_exemptions() -> None:
    used = st.radio("这次申请毕业，有没有用到免考课程？", [False, True], index=1 if form.get("exemptions") else 0,
                    format_func={False: "没有", True: "有"}.get, horizontal=True, key="elig.has_exemptions")
    if used:
        st.markdown("每门免考课程填一行（点表格下方的 **+** 添加）：")
        form.table("exemptions", {
            "course_code": st.column_config.TextColumn("课程代码", help="如 00015"),
            "course_name": st.column_config.TextColumn("课程名称"),
            "method": st.column_config.SelectboxColumn("办理方式", options=list(LABELS["method"].values()),
                                                       required=True),
            "year": st.column_config.NumberColumn("办理年份", min_value=1980, max_value=2100, step=1, format="%d"),
            "has_form": st.column_config.CheckboxColumn("有免考课程登记表", default=False),
        }, codes={"method": LABELS["method"]}, ints=("year",))
        st.caption("2021年以后在线上办理的免考，系统会自动生成《免考课程审核单》，不用登记表。")
    else:
        form.put("exemptions", [])


def step_practice() -> None:
    what = practice_requirement(level)
    required = form.yes_no(f"你的专业考试计划有{what}要求吗？", "practice.required")
    if required:
        form.choice("你的《实习（实验）考核合格成绩通知单》：", "practice.notice", {
            "none": "还没有", "college_seal": "有，盖的是主考学校有关学院的公章",
            "other_seal": "有，但盖的是别的章（如教务处、继续教育学院以外的章）"}, horizontal=False)


def step_materials() -> None:
    form.yes_no("《毕业办证申请暨思想品德合格承诺书》已经亲笔签字并扫描了吗？", "materials.pledge_signed")
    nav_link("pages/4_materials.py", label="生成承诺书（可打印）")
    if form.get("materials.photo_passed"):
        st.success("照片已通过本工具的检查。", icon=":material/check_circle:")
    else:
        form.yes_no("电子照片已经检查合格了吗？", "materials.photo_passed",
                    help="不确定就选“否”，然后到“照片检查”上传照片。")
        nav_link("pages/3_photo.py", label="去检查照片（可以自动修正尺寸和大小）")


RENDER = {"basic": step_basic, "grades": step_grades, "prior": step_prior, "exemptions": step_exemptions,
          "practice": step_practice, "materials": step_materials}

st.subheader(step.title)
RENDER[step.id]()

# Tell the candidate as early as possible: blockers this step already settles.
case = state.case_for_step(step.id)
if case is not None:
    early = [f for f in evaluate(case).by_status("blocker") if flow.settled_by(step.id, f.rule, level)]
    if early:
        st.subheader("发现会导致申请被退回的问题")
        for f in early:
            finding_card(f)
        st.caption("你可以继续回答后面的问题，看看还有什么要办。")

st.divider()
back, forward = st.columns(2)
if index > 0 and back.button("上一步", key="elig.back", width="stretch"):
    st.session_state["elig.step"] = index - 1
    st.rerun()
last = index == len(steps) - 1
if forward.button("查看结果" if last else "下一步", type="primary", key="elig.next", width="stretch"):
    problems = state.step_problems(step.id)
    if problems:
        with errors_box:
            st.error("请先回答或改正：\n" + "\n".join(f"- {m}" for m in problems), icon=":material/error:")
    elif last:
        st.switch_page("pages/2_result.py")
    else:
        st.session_state["elig.step"] = index + 1
        st.rerun()
