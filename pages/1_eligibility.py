"""资格自查: the guided check, one step per part of the notice, in the notice's order.

The step is in the address (`?step=grades`): Back and Forward move between steps and a reload lands on the same
step. Answers are never in the address (they live in this session's memory only)."""
import datetime as dt
import time

import streamlit as st

from checks import flow, identity
from checks.catalogue import phrase
from checks.models import LABELS
from checks.questions import step_of
from checks.rules import evaluate
from ui import form, keep, layout, setup, state
from ui.casecode import restore_answers
from ui.render import finding_card
from ui.safe import md

setup("资格自查", keep_answers=False)  # the tab keeps this run's answers: keep.sync() at the end
form.begin()
answers = state.answers()
params = st.query_params
from_check = params.get("from") == "check"  # came from 核对你的回答: offer 保存并返回核对页


def current_steps() -> list[flow.Step]:
    return flow.steps_for(form.get("candidate.level"))


steps = current_steps()
ids = [s.id for s in steps]
index = ids.index(params["step"]) if params.get("step") in ids else 0
step = steps[index]

st.title("毕业申请资格自查")
# Filled after the questions, so the count follows a level chosen in this very run (专科 has one step less).
progress_box = st.container()
errors_box = st.container()

if index > 0 and state.is_blank():
    keep.sync(ask=True)  # a reload: the tab sends back the answers it kept, if any
    if not keep.heard():  # not "your answers are gone" before the tab has said whether it kept them
        st.caption("正在读取这个浏览器标签页保存的回答……")
        st.stop()
    if restore_answers("elig.restore"):
        st.switch_page("pages/2_result.py")
    st.stop()


def field_error(validate, value, path: str) -> None:
    """Validate one typed field right under it, in the question's words (unless a failed 下一步 already shows
    the same message above the field)."""
    if value and path not in st.session_state.get(form.ERRORS, {}):
        try:
            validate(value)
        except ValueError as exc:
            st.error(str(exc), icon=":material/error:")


def step_basic() -> None:
    form.choice(form.ask("candidate.candidate_type"), "candidate.candidate_type", LABELS["candidate_type"],
                horizontal=False)  # each choice has its one-line explanation under it (question table)
    form.choice(form.ask("candidate.level"), "candidate.level", LABELS["level"])
    form.field("candidate.id_valid_until")
    permanent = st.checkbox("身份证有效期为“长期”", value=form.get("candidate.id_valid_until") == "长期",
                            key="elig.id_permanent")
    if permanent:
        form.put("candidate.id_valid_until", "长期")
    else:
        if form.get("candidate.id_valid_until") == "长期":
            form.put("candidate.id_valid_until", None)
        form.date(form.ask("candidate.id_valid_until"), "candidate.id_valid_until",
                  min_value=dt.date(1990, 1, 1), own_field=False)

    # The date just typed (state.application_date reads the box first), not the one of the previous run.
    # A key: the label follows the typed date, and without one the section would fold up again as it changes.
    with st.expander(f"申请日期：{md(state.application_date().isoformat())} 提交（点这里修改）", key="eligibility.date_section"):
        form.date(form.ask("application_date"), "application_date",
                  help="申请日期决定按哪一批通知检查，也用来判断身份证和前置学历。不确定就填今天。")
        # The date picks the round (checks.rounds.round_for_date): say which, instead of offering a choice.
        st.caption(f"按这个日期检查时用的是：{state.app_round().title}的规则。")

    personal = ("name", "id_number", "admission_number", "phone", "major_code", "major_name", "chief_school")
    # Open when a link ("填写联系电话") points at one of these fields. Never from the answers: a changing
    # `expanded` folds the section while the candidate is typing in it.
    with st.expander("个人信息（生成承诺书用，可以稍后再填）",
                     expanded=params.get("q") in {f"candidate.{k}" for k in personal}):
        st.caption("这些信息只保存在本次打开的页面里，不会上传或保存到服务器。")
        form.text(form.ask("candidate.name"), "candidate.name")
        field_error(identity.normalize_id_number,
                    form.text(form.ask("candidate.id_number"), "candidate.id_number", placeholder="18位，最后一位可以是X"),
                    "candidate.id_number")
        field_error(lambda v: identity.normalize_admission_number(v, allow_masked=False),
                    form.text(form.ask("candidate.admission_number"), "candidate.admission_number", placeholder="12位数字"),
                    "candidate.admission_number")
        form.text(form.ask("candidate.phone"), "candidate.phone")
        form.text(form.ask("candidate.major_code"), "candidate.major_code", placeholder="如 B050101")
        form.text(form.ask("candidate.major_name"), "candidate.major_name", placeholder="如 汉语言文学")
        form.text(form.ask("candidate.chief_school"), "candidate.chief_school", placeholder="如 云南大学")

    with st.expander("已有案例文件？上传后恢复全部回答"):
        from ui.casefile import upload
        case = upload("上传案例文件（.json）", key="elig.restore_file")
        if case is not None:
            state.load_case(case)
            st.switch_page("pages/2_result.py")


def list_question(label: str, path: str, options: dict[bool, str], help: str | None = None) -> bool | None:
    """"Is there anything to list?": unanswered until chosen (None in the answers), [] for no, a list for yes.
    A yes with nothing added yet is remembered in the session so the add form stays open."""
    form.field(path)
    stored = form.get(path)
    said_yes = st.session_state.get(f"elig.{path}.yes")
    current = None if stored is None and not said_yes else bool(stored) or bool(said_yes)
    values = list(options)
    picked = st.radio(label, values, index=values.index(current) if current is not None else None,
                      format_func=options.get, horizontal=True, key=f"elig.{path}.any", help=help)
    if picked is False:
        st.session_state[f"elig.{path}.yes"] = False
        form.put(path, [])
    elif picked is True:
        st.session_state[f"elig.{path}.yes"] = True
        if stored is None:
            form.put(path, [])
    return picked


def add_missing_grade() -> dict | None:
    labels = LABELS["source"]
    source = st.radio("成绩凭证", list(labels), index=None, format_func=labels.get)
    year = st.number_input("取得年份（课程合格证书、转入证明信要填）", min_value=1950, max_value=2100, value=None,
                           step=1, placeholder="如 1993")
    name = st.text_input("课程名称（可以不填）", placeholder="如 高等数学（一）")
    if not st.form_submit_button("添加这一门", width="stretch", icon=":material/add:"):
        return None
    if source is None:
        st.error("请选择这门成绩的凭证。", icon=":material/error:")
        return None
    if source in ("certificate", "transfer_letter") and year is None:
        st.error(f"“{labels[source]}”要填写取得的年份。", icon=":material/error:")
        return None
    item = {"source": source}
    if year is not None:
        item["year"] = int(year)
    if name.strip():
        item["course_name"] = name.strip()
    return item


def describe_missing_grade(m: dict) -> str:
    return (LABELS["source"].get(m.get("source"), "") + (f"（{m['year']}年）" if m.get("year") else "")
            + (f" {m['course_name']}" if m.get("course_name") else ""))


def step_record() -> None:
    st.caption("这几个问题找的是通知里没写、但常让申请被退回的原因。拿不准就选“不确定”，结果里会告诉你去哪里查。")
    form.asked("candidate.platform_identity")
    form.asked("grades.admission_numbers")
    form.asked("grades.transfer_in")
    form.asked("grades.sanction")


def step_grades() -> None:
    form.yes_no(form.ask("grades.all_courses_passed"), "grades.all_courses_passed",
                help="包括实践课程、毕业论文（本科）和免考的课程。")
    form.asked("grades.plan_substitution")
    if list_question(form.ask("grades.missing_on_platform"), "grades.missing_on_platform",
                     {False: "都能查到", True: "有查不到的"},
                     help="管理平台查不到的成绩不能用于申请毕业，要先补录。"):
        st.markdown("把查不到的成绩一门一门加进来：")
        form.item_list("grades.missing_on_platform", "门查不到的成绩", describe_missing_grade, add_missing_grade)
        st.caption("13位准考证：以前用13位（含字母）准考证考的课程。课程合格证书、转入考籍档案证明信请填证书上的年份。")


def step_prior() -> None:
    has = form.yes_no(form.ask("prior_education.has_diploma"), "prior_education.has_diploma",
                      help="须由具备学历教育资格的高等学校或自学考试机构颁发；本科结业证也可以。")
    if has:
        form.date(form.ask("prior_education.graduation_date"), "prior_education.graduation_date")
        mainland = form.asked("prior_education.issued_in") == "mainland"
        if mainland:
            form.asked("prior_education.in_chsi")
        form.yes_no(form.ask("prior_education.identity_changed"), "prior_education.identity_changed")
        if mainland:
            form.choice(form.ask("prior_education.chsi_authorization"), "prior_education.chsi_authorization",
                        LABELS["chsi_authorization"], horizontal=False)
    elif has is False:  # the follow-up questions do not apply: absent, never answered for the candidate
        for path in ("graduation_date", "issued_in", "in_chsi", "chsi_authorization", "identity_changed"):
            form.put(f"prior_education.{path}", None)


def add_exemption() -> dict | None:
    code = st.text_input("课程代码", placeholder="如 00015")
    name = st.text_input("课程名称", placeholder="如 英语（二）")
    method = st.radio("办理方式", list(LABELS["method"]), index=None, format_func=LABELS["method"].get,
                      horizontal=True)
    year = st.number_input("办理年份", min_value=1980, max_value=2100, value=None, step=1, placeholder="如 2019")
    has_form = st.radio("有《免考课程登记表》吗？", [True, False], index=None, format_func={True: "有", False: "没有"}.get,
                        horizontal=True)
    if not st.form_submit_button("添加这一门", width="stretch", icon=":material/add:"):
        return None
    problems = [m for m, bad in (("填写课程代码或课程名称", not (code.strip() or name.strip())),
                                 ("选择办理方式", method is None), ("选择有没有登记表", has_form is None)) if bad]
    if problems:
        st.error("请" + "、".join(problems) + "。", icon=":material/error:")
        return None
    item = {"method": method, "has_form": has_form}
    for k, v in (("course_code", code.strip()), ("course_name", name.strip())):
        if v:
            item[k] = v
    if year is not None:
        item["year"] = int(year)
    return item


def describe_exemption(e: dict) -> str:
    label = " ".join(v for v in (e.get("course_code"), e.get("course_name")) if v) or "未填写课程名"
    year = f"，{e['year']}年" if e.get("year") else ""
    return f"{label}（{LABELS['method'].get(e.get('method'), '')}{year}，{'有' if e.get('has_form') else '无'}登记表）"


def step_exemptions() -> None:
    if list_question(form.ask("exemptions"), "exemptions", {False: "没有", True: "有"}):
        st.markdown("把每门免考课程加进来：")
        form.item_list("exemptions", "门免考课程", describe_exemption, add_exemption)
        st.caption(phrase("eligibility.exemption_online_note", since=state.app_round().param("online_exemption_since")))
        if form.get("exemptions"):
            form.asked("grades.exemptions_confirmed")


def step_practice() -> None:
    required = form.yes_no(form.ask("practice.required"), "practice.required")
    if required:
        form.choice(form.ask("practice.notice"), "practice.notice", {
            "none": "还没有", "college_seal": "有，盖的是主考学校有关学院的公章",
            "other_seal": "有，但盖的是别的章（如教务处、继续教育学院以外的章）"}, horizontal=False)


def step_materials() -> None:
    form.yes_no(form.ask("materials.pledge_signed"), "materials.pledge_signed")
    layout.nav_link("pages/4_materials.py", label="生成承诺书（可打印）")
    form.yes_no(form.ask("materials.photo_passed"), "materials.photo_passed",
                help="不确定就选“否”，然后到“照片检查”上传照片。")
    layout.nav_link("pages/3_photo.py", label="去检查照片（可以自动修正尺寸和大小）")


RENDER = {"basic": step_basic, "record": step_record, "grades": step_grades, "prior": step_prior,
          "exemptions": step_exemptions,
          "practice": step_practice, "materials": step_materials}

st.subheader(step.title, anchor="step-title")  # focused after 下一步 / 上一步
RENDER[step.id]()

# The level may have been chosen just now: count the steps again.
steps = current_steps()
ids = [s.id for s in steps]
index = ids.index(step.id)
with progress_box:
    st.progress((index + 1) / len(steps), text=f"第 {index + 1} 步，共 {len(steps)} 步：{step.title}")

# Tell the candidate as early as possible, but only about what they have answered: a blocker from a rule
# settled by this step, once every question up to here has an answer.
answered_so_far = not any(flow.unanswered(s.id, answers) for s in steps[:index + 1])
draft = state.case_for_step(step.id) if answered_so_far else None
if draft is not None:
    early = [f for f in evaluate(draft).by_status("blocker") if flow.settled_by(step.id, f.rule, draft.candidate.level)]
    if early:
        st.subheader("发现会导致申请被退回的问题")
        for f in early:
            finding_card(f)
        st.caption("你可以继续回答后面的问题，看看还有什么要办。")


def problems_of_this_step() -> dict[str, str]:
    """answer path → message, for every question of this step that is unanswered or invalid."""
    found = {path: f"请回答：{name}" for path, name in flow.unanswered_fields(step.id, answers).items()}
    if step.id == "basic":
        for path, check in (("candidate.id_number", identity.normalize_id_number),
                            ("candidate.admission_number",
                             lambda v: identity.normalize_admission_number(v, allow_masked=False))):
            if form.get(path):
                try:
                    check(form.get(path))
                except ValueError as exc:
                    found[path] = str(exc)
    for path in ("grades.missing_on_platform", "exemptions"):
        if step_of(path) == step.id and st.session_state.get(f"elig.{path}.yes") and not form.get(path):
            found[path] = "你选了“有”，请至少添加一门；没有的话请改选另一项。"
    # Answers this step asks that the case model refuses (a birth date after the application date …), by path;
    # a list item's message names the item and is shown at its list.
    for error in state.case_errors():
        if step_of(error.path) == step.id:
            head = error.path[:next((i for i, p in enumerate(error.path) if isinstance(p, int)), len(error.path))]
            found.setdefault(".".join(map(str, head)), state.for_people(error) if len(head) < len(error.path)
                             else error.message)
    return found


def go(to: int) -> None:
    st.session_state.pop(form.ERRORS, None)
    st.session_state["elig.focus_step"] = True  # a screen reader announces the new step; Tab goes on from there
    st.query_params.from_dict({"step": ids[to]})  # one change of address = one entry in the browser's history


st.divider()
errors = problems_of_this_step()
last = index == len(steps) - 1
if from_check:
    if st.button("保存并返回核对页", type="primary", key="elig.save_return", width="stretch"):
        if not errors:
            st.session_state.pop(form.ERRORS, None)
            st.switch_page("pages/2_result.py")
        st.session_state[form.ERRORS] = errors
        st.session_state["elig.scroll"] = True
        st.rerun()
forward = st.button("查看结果" if last else "下一步", type="secondary" if from_check else "primary", key="elig.next",
                    width="stretch")
if index > 0:
    st.button("上一步", key="elig.back", width="stretch", on_click=go, args=(index - 1,))
if forward:
    if errors:
        st.session_state[form.ERRORS] = errors
        st.session_state["elig.scroll"] = True
        st.rerun()
    elif last:
        st.session_state.pop(form.ERRORS, None)
        st.switch_page("pages/2_result.py")
    else:
        go(index + 1)
        st.rerun()

# After a failed 下一步: the summary on top and each message at its field, for what is still wrong (an answer
# given since then takes its message away). The page scrolls to the summary once, right after the click.
shown = {path: message for path, message in st.session_state.get(form.ERRORS, {}).items() if path in errors}
st.session_state[form.ERRORS] = shown
if shown:
    form.show_errors(shown)
    with errors_box:
        layout.error_summary({form.anchor(p): m for p, m in shown.items()},
                             scroll=st.session_state.pop("elig.scroll", False))
elif params.get("q"):
    layout.scroll_to(form.anchor(params["q"]))
elif st.session_state.pop("elig.focus_step", False):
    layout.scroll_to("step-title", nonce=time.monotonic())
keep.sync()
